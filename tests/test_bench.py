"""The site benchmark's synthetic playbook (``bench/branches.py``): valid data, a full year per branch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import branches  # noqa: E402  # bench/ is not a package

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("bench") / "data"
    branches.write_playbook(REPO / "data", data, 2)
    return data


def test_it_passes_playbook_validate(synthetic: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--data", str(synthetic)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "2 个支公司" in done.stdout


def test_each_branch_has_twelve_months_of_its_own(synthetic: Path) -> None:
    ids = sorted(p.stem for p in (synthetic / "branches").glob("*.yaml"))
    assert ids == ["branch-000", "branch-001"]  # the samples replaced
    raw = [yaml.safe_load((synthetic / "branches" / f"{i}.yaml").read_text(encoding="utf-8")) for i in ids]
    assert len({b["title"] for b in raw}) == len({b["address"] for b in raw}) == 2
    for branch_id, b in zip(ids, raw, strict=True):
        months = sorted(p.stem for p in (synthetic / "calendars" / branch_id).glob("*.yaml"))
        assert months == [f"{branches.YEAR}-{m:02d}" for m in range(1, 13)]
        assert b["timezone"] == "Asia/Shanghai"
        assert "sample" not in b
        assert (str(b["calendar_start"]), str(b["calendar_end"])) == (
            f"{branches.YEAR}-01-01",
            f"{branches.YEAR}-12-31",
        )
        for month in months:
            text = (synthetic / "calendars" / branch_id / f"{month}.yaml").read_text(encoding="utf-8")
            assert yaml.safe_load(text)["events"], f"{branch_id} {month} has no events"
    rollout = yaml.safe_load((synthetic / "rollout.yaml").read_text(encoding="utf-8"))
    assert {s["branch"] for s in rollout["status"]} == set(ids)


def test_the_feeds_benchmark_runs_on_its_synthetic_playbook() -> None:
    """``bench/feeds.py`` (no ``--write``): its synthetic data validates and it times every size."""
    done = subprocess.run(
        [sys.executable, str(REPO / "bench/feeds.py"), "--sizes", "1,2", "--runs", "1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith(("| 1 |", "| 2 |"))]
    assert len(rows) == 2, done.stdout
