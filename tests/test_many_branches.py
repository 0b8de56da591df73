"""Pages that stay small as branches grow: with more branches than ``INLINE_BRANCHES``, role and
meeting pages link to the reader's branch page instead of listing every branch (a province has
hundreds; at 300 branches a role page had grown to 0.9 MB).

The playbooks are the benchmark's synthetic ones (``bench/branches.py``): the repository's data
with N branches of a year each."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from conftest import REPO

from generator.calendar.calendars import build_calendars
from generator.feeds.agenda import render_agenda
from generator.render.pages import render_pages
from generator.render.rhythm import INLINE_BRANCHES
from generator.site import load_playbook

sys.path.insert(0, str(REPO / "bench"))

import branches  # bench/ is not a package (on sys.path above)

pytestmark = pytest.mark.slow

PAGES = (
    "roles/agent.md",
    "roles/supervisor.md",
    "meetings/morning-meeting.md",
    "meetings/performance-meeting.md",
)


def _pages(tmp_path: Path, n: int) -> dict[str, str]:
    data = tmp_path / f"n{n}" / "data"
    branches.write_playbook(REPO / "data", data, n)
    return render_pages(load_playbook(data))


def test_role_and_meeting_pages_do_not_grow_with_the_branches(tmp_path: Path) -> None:
    few, many, more = (
        _pages(tmp_path, n) for n in (INLINE_BRANCHES, INLINE_BRANCHES + 1, 2 * INLINE_BRANCHES)
    )
    for page in PAGES:
        # up to the limit: every branch, each in its own block (the reader's own first, by script)
        assert few[page].count("data-pb-branch=") == INLINE_BRANCHES, page
        # beyond it: no branch listed, one line the script fills with the reader's branch
        for text, n in ((many[page], INLINE_BRANCHES + 1), (more[page], 2 * INLINE_BRANCHES)):
            assert "data-pb-branch=" not in text and "branch-0" not in text, page
            assert text.count("data-pb-branch-links") == 1, page
            assert f"本手册有 {n} 个支公司" in text, page
        count = re.compile(r"本手册有 \d+ 个支公司")
        assert count.sub("", many[page]) == count.sub("", more[page]), page
    assert 'data-pb-role="agent"' in many["roles/agent.md"]
    assert "calendars/index.md" in many["roles/agent.md"]  # the way to the branch without a script


def test_the_branch_list_tells_the_script_each_branch_s_role_feeds(tmp_path: Path) -> None:
    data = tmp_path / "data"
    branches.write_playbook(REPO / "data", data, 2)
    playbook = load_playbook(data)
    calendars = build_calendars(playbook, "https://handbook.example.invalid/")
    files = render_agenda(playbook, calendars)
    listed = json.loads(files["calendars/branches.json"])["branches"]
    for b in listed:
        feeds = {f.key: f.path for f in calendars.feeds_of(b["id"]) if f.kind == "role"}
        assert b["role_feeds"] == feeds and feeds, b["id"]
        assert all(re.fullmatch(rf"feeds/{b['id']}/role-[a-z-]+\.ics", p) for p in feeds.values())
