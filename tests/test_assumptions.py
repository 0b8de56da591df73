"""待确认的补充假设: one page listing every ``assumption:`` written in ``data/``, with its file
and line, grouped by system (generator/render/assumptions.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from conftest import MINI, REPO

from generator.render.assumptions import PAGE, find_assumptions, render_assumptions_page
from generator.site import load_playbook


def _in_yaml(value: Any) -> list[str]:
    """Every non-empty ``assumption`` value in a parsed YAML document, at any depth."""
    if isinstance(value, dict):
        own = [v for k, v in value.items() if k == "assumption" and v]
        return own + [a for v in value.values() for a in _in_yaml(v)]
    if isinstance(value, list):
        return [a for v in value for a in _in_yaml(v)]
    return []


def _written(data: Path) -> list[str]:
    return [a for f in sorted(data.rglob("*.yaml")) for a in _in_yaml(yaml.safe_load(f.read_text("utf-8")))]


def test_the_page_lists_every_assumption_in_the_default_data() -> None:
    written = _written(REPO / "data")
    assert len(written) > 150
    page = render_assumptions_page(load_playbook(REPO / "data"))[PAGE]
    items = [line for line in page.splitlines() if line.startswith("- ")]
    assert len(items) == len(written)
    assert f"共 **{len(written)}** 条" in page
    # each with its file and the line of its assumption
    for a in find_assumptions(load_playbook(REPO / "data")):
        line = (REPO / a.file).read_text("utf-8").splitlines()[a.line - 1]
        assert "assumption:" in line, (a.file, a.line)


def test_grouped_by_system_steps_under_their_workflows_system() -> None:
    page = render_assumptions_page(load_playbook(REPO / "data"))[PAGE]
    headings = re.findall(r"^## (.+)$", page, flags=re.M)
    systems = [s.title for s in load_playbook(REPO / "data").systems]
    assert headings[: len(systems)] == [h for h in headings if h in systems]  # systems come first
    daily = page.split("## 日常管理系统", 1)[1].split("\n## ", 1)[0]
    assert "[活动量管理流程](../workflows/activity-management.md) · 第5步“检查批阅”：" in daily
    assert "（`data/workflows/activity-management.yaml:" in daily


def test_the_mini_playbook_and_its_count() -> None:
    p = load_playbook(MINI / "data")
    assert len(find_assumptions(p)) == len(_written(MINI / "data"))
