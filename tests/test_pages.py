"""Golden tests of the rendered pages: the mini fixture playbook, every generated page.

The goldens in ``tests/goldens/mini/`` are the Markdown the generator hands MkDocs. After an
intended change, ``make goldens`` rewrites them; review the diff like any other change.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import GOLDENS, MINI

from generator.render.pages import render_pages
from generator.site import load_playbook

PAGES = render_pages(load_playbook(MINI / "data"))


def test_the_mini_playbook_renders_exactly_these_pages() -> None:
    expected = sorted(p.relative_to(GOLDENS / "mini").as_posix() for p in (GOLDENS / "mini").rglob("*.md"))
    assert sorted(PAGES) == expected


@pytest.mark.parametrize("path", sorted(PAGES))
def test_page_matches_its_golden(path: str, golden: Callable[[str, str], None]) -> None:
    golden(f"mini/{path}", PAGES[path])


def test_workflow_page_has_swimlane_and_step_table() -> None:
    page = PAGES["workflows/plan-setting.md"]
    assert page.count('class="pb-step ') == page.count('<span id="step-')
    assert '<a class="pb-lane ' in page
    assert "## 步骤 {#steps}" in page


def test_rendering_is_deterministic() -> None:
    assert render_pages(load_playbook(MINI / "data")) == PAGES
