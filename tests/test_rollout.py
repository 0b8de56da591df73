"""The rollout plan: adoption statuses (late computed from ``status_date``), the rollout page,
the milestones feed, and the exact text of every rollout validation error."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import icalendar
import recurring_ical_events

from generator.feeds.milestones import render_milestones_feed
from generator.model.entities import Playbook
from generator.render.rollout import MILESTONES_FEED, adoption_table, render_rollout_page
from generator.site import load_playbook

MINI = Path(__file__).parent / "fixtures" / "mini" / "data"
REPO_DATA = Path(__file__).parent.parent / "data"
SITE_URL = "https://handbook.example.com/playbook/"


def mini_playbook() -> Playbook:
    return load_playbook(MINI, shown_root=MINI.parent)


def as_of(p: Playbook, day: date) -> Playbook:
    """The same playbook with its statuses judged on ``day``."""
    return dataclasses.replace(p, rollout=dataclasses.replace(p.rollout, status_date=day))


def states(p: Playbook) -> dict[tuple[str, str], str]:
    return {(c.branch.id, c.phase.id): c.label for row in adoption_table(p) for c in row.cells}


# ------------------------------------------------------------------ statuses


def test_mini_table_is_branches_by_phases_with_unreported_as_planned():
    rows = adoption_table(mini_playbook())
    assert [r.branch.id for r in rows] == ["sample-branch"]
    assert [(c.phase.id, c.state, c.date, c.note, c.late) for c in rows[0].cells] == [
        ("phase-1", "in_progress", date(2027, 2, 20), "工作日志尚未每天填写", True),
        ("phase-2", "planned", None, None, False),
    ]
    assert [c.label for c in rows[0].cells] == ["逾期·进行中", "计划中"]


def test_a_status_turns_late_the_day_after_the_due_date():
    p = mini_playbook()  # phase-1 is due 2027-02-26
    assert states(as_of(p, date(2027, 2, 26)))[("sample-branch", "phase-1")] == "进行中"
    assert states(as_of(p, date(2027, 2, 27)))[("sample-branch", "phase-1")] == "逾期·进行中"
    assert states(as_of(p, date(2027, 7, 1))) == {
        ("sample-branch", "phase-1"): "逾期·进行中",
        ("sample-branch", "phase-2"): "逾期·计划中",
    }


def test_a_done_phase_is_never_late():
    p = mini_playbook()
    done = dataclasses.replace(p.rollout.status[0], state="done")
    p = dataclasses.replace(p, rollout=dataclasses.replace(p.rollout, status=(done,)))
    assert states(as_of(p, date(2028, 1, 1)))[("sample-branch", "phase-1")] == "已完成"


def test_default_data_shows_every_state_and_one_late_branch():
    labels = states(load_playbook(REPO_DATA))
    assert labels[("sample-east", "phase-1")] == "已完成"
    assert labels[("sample-east", "phase-2")] == "进行中"
    assert labels[("sample-west", "phase-3")] == "计划中"
    assert [k for k, v in labels.items() if v.startswith("逾期")] == [("sample-north", "phase-1")]


# ---------------------------------------------------------------------- page


def test_rollout_page_matches_its_golden(golden):
    golden("rollout/rollout.md", render_rollout_page(mini_playbook()))


def test_rollout_page_shows_dates_checks_status_and_timeline():
    page = render_rollout_page(mini_playbook(), directory_urls=False)
    assert "**时间**：2027年2月1日开始，2027年2月26日前完成" in page
    assert "- [日常管理系统](../systems/daily-management.md)：会议经营" in page
    assert "- [追踪督导系统](../systems/tracking-supervision.md)：全部模块" in page
    assert "- 营销员每天填写工作日志" in page
    assert "状态截至2027年3月1日。" in page
    assert "| [示例支公司](../calendars/sample-branch/index.md) | **⚠ 逾期·进行中**（2月20日）" in page
    assert page.index("## 推进情况") < page.index("## 实施阶段")  # the status first
    timeline = page[page.index('<figure class="pb-timeline">') : page.index("</figure>")]
    assert "\n\n" not in timeline  # one raw HTML block
    assert '<a href="#phase-1">' in timeline  # the phase's title links to its section…
    assert "<svg" not in timeline and "role=" not in timeline  # …and sits in no picture role
    assert "状态截至3月1日" in timeline
    assert "1个支公司逾期" in timeline
    assert re.search(r'style="--pb-now:\d+(\.\d+)?%"', timeline)  # positions in % of the width


def test_yaml_text_in_the_status_table_is_escaped(mini):
    mini.replace("rollout.yaml", "note: 工作日志尚未每天填写", "note: '<b>|*x*'")
    page = render_rollout_page(mini.load())
    assert "<br>&lt;b>\\|\\*x\\*" in page


def test_rollout_page_is_deterministic():
    assert render_rollout_page(mini_playbook()) == render_rollout_page(mini_playbook())


# ---------------------------------------------------------------------- feed


def test_milestones_feed_matches_its_golden(golden):
    golden(
        "rollout/rollout-milestones.ics",
        render_milestones_feed(mini_playbook(), site_url=SITE_URL)[MILESTONES_FEED],
    )


def test_milestones_feed_has_a_start_and_a_due_event_per_phase():
    p = load_playbook(REPO_DATA)
    files = render_milestones_feed(p, site_url=SITE_URL)
    assert list(files) == ["feeds/rollout-milestones.ics"]
    text = files[MILESTONES_FEED]
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cal = icalendar.Calendar.from_ical(text)
    assert str(cal["X-WR-CALNAME"]) == "营销职场运作体系·推广实施里程碑"
    events = recurring_ical_events.of(cal).between(date(2000, 1, 1), date(2100, 1, 1))
    assert len(events) == 2 * len(p.rollout.phases)
    got = {str(e["UID"]): (e.start, e.end, str(e["URL"])) for e in events}
    assert got["rollout.phase-1.start@handbook.example.invalid"] == (
        date(2027, 2, 1),
        date(2027, 2, 2),
        "https://handbook.example.com/playbook/overview/rollout/#phase-1",
    )
    assert got["rollout.phase-1.due@handbook.example.invalid"][:2] == (date(2027, 3, 15), date(2027, 3, 16))
    assert {e["DTSTAMP"].dt.isoformat() for e in events} == {"2027-01-14T16:00:00+00:00"}


def test_milestones_feed_escapes_the_calendar_name_and_works_without_site_url():
    p = mini_playbook()
    p = dataclasses.replace(p, meta=dataclasses.replace(p.meta, title="手册,第二版;试行"))
    text = render_milestones_feed(p, site_url=None)[MILESTONES_FEED]
    assert "NAME:手册\\,第二版\\;试行·推广实施里程碑\r\n" in text
    assert "UID:rollout.phase-2.due@handbook.example.invalid\r\n" in text  # uid_domain, not site_url
    assert "URL:" not in text


def test_milestones_feed_is_deterministic():
    p = load_playbook(REPO_DATA)
    assert render_milestones_feed(p, site_url=SITE_URL) == render_milestones_feed(p, site_url=SITE_URL)


# ---------------------------------------------------------------- validation

F = "data/rollout.yaml"


def test_due_before_start(mini):
    mini.replace("rollout.yaml", "due: 2027-06-30", "due: 2027-03-31")
    assert mini.problems() == [
        f"{F}:30:10  phases[2].due  完成期限 2027-03-31 早于开始日期 2027-04-01；请检查日期"
    ]


def test_module_not_in_the_system(mini):
    mini.replace("rollout.yaml", "module: 会议经营", "module: 档案管理")
    assert mini.problems() == [
        f'{F}:20:17  phases[1].modules[1].module  “日常管理系统”没有名为 "档案管理" 的模块'
        "（可选：功能小组建立、会议经营、活动管理）"
    ]


def test_module_of_a_system_the_phase_does_not_roll_out(mini):
    mini.replace(
        "rollout.yaml",
        "      - tracking-supervision\n      - daily-management",
        "      - tracking-supervision",
    )
    assert mini.problems() == [
        f'{F}:18:17  phases[1].modules[1].system  系统 "daily-management" 不在本阶段的 systems 中；'
        "请把它加入 systems，或改为其中之一"
    ]


def test_two_statuses_for_one_branch_and_phase(mini):
    mini.replace(
        "rollout.yaml",
        "closing:",
        "  - branch: sample-branch\n    phase: phase-1\n    state: done\n    date: 2027-02-27\nclosing:",
    )
    assert mini.problems() == [
        f'{F}:40:12  status[2].phase  支公司 "sample-branch" 的阶段 "phase-1" 已在 status 第 1 项写过；'
        "每个支公司每个阶段只写一条（写最新的状态）"
    ]


def test_done_before_the_phase_starts(mini):
    mini.replace(
        "rollout.yaml", "state: in_progress\n    date: 2027-02-20", "state: done\n    date: 2027-01-20"
    )
    assert mini.problems() == [
        f"{F}:37:11  status[1].date  完成日期 2027-01-20 早于阶段“第一阶段：追踪督导与日常管理先行”的开始日期 2027-02-01；"
        "请检查日期"
    ]


def test_status_after_the_status_date(mini):
    mini.replace("rollout.yaml", "date: 2027-02-20", "date: 2027-03-02")
    assert mini.problems() == [
        f"{F}:37:11  status[1].date  日期 2027-03-02 晚于状态截至日期 status_date 2027-03-01；"
        "请检查日期，或把 status_date 改晚"
    ]


def test_status_for_an_unknown_branch_or_phase(mini):
    mini.replace("rollout.yaml", "branch: sample-branch", "branch: sample-east")
    mini.replace("rollout.yaml", "phase: phase-1\n    state", "phase: phase-9\n    state")
    problems = mini.problems()
    assert [p.split("  ")[:2] for p in problems] == [
        [f"{F}:34:13", "status[1].branch"],
        [f"{F}:35:12", "status[1].phase"],
    ]
    assert '"sample-east"' in problems[0] and '"phase-9"' in problems[1]


def test_invalid_state(mini):
    mini.replace("rollout.yaml", "state: in_progress", "state: 已完成")
    assert mini.problems() == [
        f'{F}:36:12  status[1].state  无效的取值 "已完成"（可选：planned、in_progress、done）'
    ]
