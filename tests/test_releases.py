"""Release notes from the data: versions in playbook.yaml, old data read from git, 本版更新 marks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

from generator.load.versions import load_history
from generator.render.releases import INDEX, mark_changed, render_releases
from generator.site import load_playbook

DIFF = REPO / "tests" / "fixtures" / "diff"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose data/ was v1 (tagged v1.0) and is now v2 with a history entry."""
    repo = tmp_path / "repo"
    shutil.copytree(DIFF / "v1" / "data", repo / "data")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "v1")
    _git(repo, "tag", "v1.0")
    shutil.rmtree(repo / "data")
    shutil.copytree(DIFF / "v2" / "data", repo / "data")
    meta = repo / "data" / "playbook.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8")
        + 'history:\n  - version: "1.0"\n    released: 2027-01-15\n    git: v1.0\n',
        encoding="utf-8",
    )
    return repo


def test_release_notes_from_the_previous_tag(repo: Path) -> None:
    playbook = load_playbook(repo / "data")
    versions, warnings = load_history(playbook, repo / "data")
    assert warnings == []
    assert [(v.version, v.playbook is not None) for v in versions] == [("1.0", True), ("1.1", True)]
    notes = render_releases(playbook, versions)
    assert sorted(notes.pages) == ["releases/1.1.md", INDEX]
    page = notes.pages["releases/1.1.md"]
    assert page.startswith("# 1\\.1 版更新说明") or page.startswith("# 1.1 版更新说明")
    assert "负责人由 支公司经理 改为 主管" in page
    assert "releases/1.1.md" in notes.changed_pages.values()
    assert "workflows/plan-setting.md" in notes.changed_pages
    assert notes.pages[INDEX].endswith(
        "- [1\\.1 版（2027-03-01）](1.1.md)\n- 1\\.0 版（2027-01-15）：首个版本\n"
    )


def test_changed_pages_get_a_mark_under_their_title(repo: Path) -> None:
    playbook = load_playbook(repo / "data")
    notes = render_releases(playbook, load_history(playbook, repo / "data")[0])
    pages = mark_changed(
        {"workflows/plan-setting.md": "# 计划目标制定\n\n正文\n", "roles/agent.md": "# 营销员\n"},
        notes,
        "1.1",
    )
    assert pages["workflows/plan-setting.md"] == (
        '# 计划目标制定\n\n!!! tip "本版更新"\n    本页内容在 1\\.1 版中有更新：[查看版本说明](../releases/1.1.md)\n\n正文\n'
    )
    assert pages["roles/agent.md"] == "# 营销员\n"


def test_unreadable_revision_is_a_warning_and_the_notes_say_so(repo: Path) -> None:
    meta = repo / "data" / "playbook.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("git: v1.0", "git: v0.9"), encoding="utf-8")
    playbook = load_playbook(repo / "data")
    versions, warnings = load_history(playbook, repo / "data")
    assert len(warnings) == 1 and warnings[0].startswith("警告：版本 1.0（v0.9:data）")
    notes = render_releases(playbook, versions)
    assert "读不到上一版的数据" in notes.pages["releases/1.1.md"]
    assert notes.changed_pages == {}


def test_a_version_that_does_not_increase(mini):
    mini.replace(
        "playbook.yaml",
        'version: "1.0"',
        'version: "1.0"\nhistory:\n  - version: "1.2"\n    released: 2026-12-01\n    git: v1.2',
    )
    assert mini.problems() == [
        "data/playbook.yaml:5:10  version  版本号 1.0 没有大于上一版 1.2；每次发布版本号都要增加",
    ]
