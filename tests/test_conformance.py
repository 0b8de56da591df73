"""执行对照: every branch's schedules and events against the meeting standards and the rollout
(generator/calendar/conformance.py) — one test per kind of deviation with its exact text, the
approved exceptions, ``--strict``, the page, and the default playbook's one deliberate deviation.

Each test starts from the mini playbook (which conforms) and changes one thing.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BUILD_ENV, MINI, REPO, MiniPlaybook, copy_sources

from generator import model as m
from generator.calendar.calendars import build_calendars
from generator.calendar.conformance import Conformance, conformance, standard_text
from generator.render.calendar_pages import render_calendar_pages
from generator.render.conformance import PAGE, branch_lines, render_conformance_page
from generator.site import check_conformance, load_playbook


def _standard(mini: MiniPlaybook, meeting: str, standard: str) -> None:
    """Give ``meeting`` (a mini meeting file) the ``standard`` block (YAML lines, indented)."""
    text = mini.read(f"meetings/{meeting}.yaml")
    mini.write(f"meetings/{meeting}.yaml", text + "standard:\n" + standard)


def _check(mini: MiniPlaybook) -> Conformance:
    return check_conformance(mini.load())


def _messages(conf: Conformance) -> list[str]:
    return [p.format() for p in conf.warnings]


def test_the_mini_playbook_conforms() -> None:
    conf = check_conformance(load_playbook(MINI / "data"))
    assert conf.deviations == () and conf.unused == ()
    assert conf.summary() == "各支公司的安排都符合标准。"


def test_a_schedule_whose_pattern_cannot_keep_to_the_frequency(mini: MiniPlaybook) -> None:
    _standard(mini, "weekly-review", "  per: month\n  at_most: 2\n")
    assert _messages(_check(mini)) == [
        "data/branches/sample-branch.yaml:30:13  schedules[2].repeat  "
        "周经营分析会每周一举行；标准为每月一至两次（data/meetings/weekly-review.yaml:17）"
    ]


def test_periods_with_too_many_or_too_few_are_counted(mini: MiniPlaybook) -> None:
    # 大早会 once per working day: a second one on 12 January is one too many
    _standard(mini, "morning-meeting", "  per: workday\n  at_most: 1\n")
    mini.replace(
        "calendars/sample-branch/2027-01.yaml",
        "morning:\n",
        "  - id: extra-morning-2027-01-12\n"
        "    title: 大早会（加开）\n"
        "    category: meeting\n"
        "    date: 2027-01-12\n"
        '    start: "13:30"\n'
        '    end: "14:15"\n'
        "    link: morning-meeting\n"
        "morning:\n",
    )
    # 周经营分析会 at least twice a week: only by its weekly schedule — a pattern message
    assert _messages(_check(mini)) == [
        "data/calendars/sample-branch/2027-01.yaml:3:3  events  "
        "大早会次数过多：2027年1月12日两次；标准为每个工作日一次（data/meetings/morning-meeting.yaml:47）"
    ]


def test_a_meeting_held_only_by_events_falls_short_in_a_month_without_one(mini: MiniPlaybook) -> None:
    _standard(mini, "weekly-review", "  per: month\n")
    mini.replace(
        "branches/sample-branch.yaml",
        "  - id: weekly-review\n    meeting: weekly-review\n",
        "  - id: weekly-review\n    meeting: weekly-review\n    until: 2027-01-31\n",
    )
    # January has it (its schedule), February has the Spring Festival (not held against it),
    # March has none
    assert _messages(_check(mini)) == [
        "data/branches/sample-branch.yaml:8:3  schedules  "
        "周经营分析会次数不足：2027年3月零次；标准为每月至少一次（data/meetings/weekly-review.yaml:17）"
    ]


def test_a_standard_meeting_a_branch_never_holds(mini: MiniPlaybook) -> None:
    _standard(mini, "weekly-review", "  per: week\n  at_most: 1\n")
    text = mini.read("branches/sample-branch.yaml")
    start = text.index("  - id: weekly-review")
    end = text.index("morning_pattern:")
    mini.write("branches/sample-branch.yaml", text[:start] + text[end:])
    assert _messages(_check(mini)) == [
        "data/branches/sample-branch.yaml:8:3  schedules  "
        "没有安排周经营分析会；标准为每周一次（data/meetings/weekly-review.yaml:17）"
    ]


def test_days_of_the_month_and_weekdays(mini: MiniPlaybook) -> None:
    _standard(mini, "weekly-review", "  per: week\n  at_most: 1\n  weekdays: [周五]\n")
    assert _messages(_check(mini)) == [
        "data/branches/sample-branch.yaml:31:11  schedules[2].days  "
        "周经营分析会每周一举行；标准为每周一次（周五）（data/meetings/weekly-review.yaml:17）"
    ]
    monthly = m.MeetingStandard(
        per="month",
        at_most=1,
        days_of_month=(m.DayRange(first=-7, last=-1), m.DayRange(first=1, last=7)),
    )
    assert standard_text(monthly) == "每月一次（每月最后7天或1日–7日）"


def test_duration_of_a_schedule_a_change_and_a_move(mini: MiniPlaybook) -> None:
    _standard(mini, "morning-meeting", "  per: workday\n  at_most: 1\n")
    mini.replace("branches/sample-branch.yaml", 'end: "09:15"', 'end: "09:00"')
    mini.replace("branches/sample-branch.yaml", 'end: "10:45"', 'end: "11:00"')
    assert _messages(_check(mini)) == [
        "data/branches/sample-branch.yaml:12:10  schedules[1].end  "
        "大早会开30分钟（08:30–09:00）；标准为45分钟（data/meetings/morning-meeting.yaml:8）",
        "data/branches/sample-branch.yaml:21:14  schedules[1].moved[1].end  "
        "大早会（改期到1月21日）开60分钟（10:00–11:00）；标准为45分钟（data/meetings/morning-meeting.yaml:8）",
    ]


def test_attendees_left_out(mini: MiniPlaybook) -> None:
    _standard(mini, "weekly-review", "  per: week\n  at_most: 1\n")
    mini.replace(
        "branches/sample-branch.yaml",
        "attendees: [branch-manager, supervisor]",
        "attendees: [branch-manager]",
    )
    assert _messages(_check(mini)) == [
        "data/branches/sample-branch.yaml:35:16  schedules[2].attendees  "
        "周经营分析会的参会人员缺少主管；标准为支公司经理、主管（data/meetings/weekly-review.yaml:13）"
    ]


def test_a_group_before_it_is_formed(mini: MiniPlaybook) -> None:
    # the 早会功能组 is formed by phase 1, from 1 February
    mini.replace(
        "calendars/sample-branch/2027-01.yaml",
        "    attendees: [branch-manager, supervisor]\n    link: morning-meeting-group\n",
        "    attendees: [branch-manager, supervisor, morning-meeting-group]\n    link: morning-meeting-group\n",
    )
    mini.replace("branches/sample-branch.yaml", "since: 2027-02-17", "since: 2027-01-19")
    assert _messages(_check(mini)) == [
        "data/branches/sample-branch.yaml:46:11  morning_pattern[3].host  "
        "早会模板（周二）“产品知识”由早会功能组主持，1月19日–26日共2天；"
        "本支公司的早会功能组2027年2月1日起才组建（第一阶段：追踪督导与日常管理先行，data/rollout.yaml:22）",
        "data/calendars/sample-branch/2027-01.yaml:10:16  events[1].attendees  "
        "创说会（2027年1月23日）有早会功能组参加；"
        "本支公司的早会功能组2027年2月1日起才组建（第一阶段：追踪督导与日常管理先行，data/rollout.yaml:22）",
    ]


def test_a_branch_that_reports_a_phase_early_has_its_groups_early(mini: MiniPlaybook) -> None:
    mini.replace("branches/sample-branch.yaml", "since: 2027-02-17", "since: 2027-01-19")
    mini.replace("rollout.yaml", "    date: 2027-02-20\n", "    date: 2027-01-18\n")
    assert _messages(_check(mini)) == []


def test_something_a_phase_introduces_before_the_phase(mini: MiniPlaybook) -> None:
    mini.replace(
        "rollout.yaml",
        "    groups:\n      - morning-meeting-group\n",
        "    groups:\n      - morning-meeting-group\n    introduces: [plan-setting]\n",
    )
    mini.replace("calendars/sample-branch/2027-01.yaml", "    cancelled: true\n", "")
    assert _messages(_check(mini)) == [
        "data/calendars/sample-branch/2027-01.yaml:21:11  events[2].link  "
        "产品通关训练（2027年1月27日）：计划目标制定由第一阶段：追踪督导与日常管理先行推行，"
        "本支公司2027年2月1日起才开始（data/rollout.yaml:23）"
    ]


def test_an_approved_exception_silences_its_deviation_and_is_listed(mini: MiniPlaybook) -> None:
    _standard(mini, "weekly-review", "  per: month\n  at_most: 2\n")
    mini.write(
        "branches/sample-branch.yaml",
        mini.read("branches/sample-branch.yaml") + "exceptions:\n"
        "  - standard: weekly-review\n"
        "    check: frequency\n"
        "    reason: 试点每周开\n"
        "    approved: 2027-01-10\n"
        "    approved_by: 中支营销部\n"
        "  - standard: morning-meeting\n"
        "    reason: 多写的一条\n"
        "    approved: 2027-01-10\n"
        "    approved_by: 中支营销部\n",
    )
    conf = _check(mini)
    assert [d.problem.message for d in conf.approved] == [
        "周经营分析会每周一举行；标准为每月一至两次（data/meetings/weekly-review.yaml:17）"
    ]
    assert conf.approved[0].exception is not None and conf.approved[0].exception.reason == "试点每周开"
    assert _messages(conf) == [
        "data/branches/sample-branch.yaml:59:15  exceptions[2].standard  "
        "这条例外没有对应的偏离（“大早会”的任何偏离）：本支公司已经符合标准时请删除它"
    ]
    assert conf.summary() == "共 1 处偏离标准（另有 1 处已获总部批准的例外）；明细见手册的执行对照页。"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=BUILD_ENV,
        timeout=300,
    )


def test_validate_reports_deviations_and_strict_makes_them_errors(mini: MiniPlaybook) -> None:
    _standard(mini, "weekly-review", "  per: month\n  at_most: 2\n")
    normal = _cli("validate", cwd=mini.root)
    assert normal.returncode == 0
    assert normal.stderr.splitlines()[-2:] == [
        "偏离标准：data/branches/sample-branch.yaml:30:13  schedules[2].repeat  "
        "周经营分析会每周一举行；标准为每月一至两次（data/meetings/weekly-review.yaml:17）",
        "共 1 处偏离标准；明细见手册的执行对照页。",
    ]
    strict = _cli("validate", "--strict", cwd=mini.root)
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[-1] == "严格模式（--strict）：偏离标准视为错误，未生成任何输出。"
    assert "Traceback" not in strict.stderr


@pytest.mark.slow
def test_build_strict_refuses_deviations_and_writes_nothing(mini: MiniPlaybook, tmp_path: Path) -> None:
    _standard(mini, "weekly-review", "  per: month\n  at_most: 2\n")
    src = copy_sources(tmp_path / "src", mini.data)
    out = tmp_path / "site"
    result = _cli("build", "--strict", "-d", str(out), cwd=src)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[-1] == "严格模式（--strict）：偏离标准视为错误，未生成任何输出。"
    assert not out.exists() and not list(tmp_path.glob(".site*"))  # nothing half-written
    # without --strict the same data builds, the deviation told as a notice
    result = _cli("build", "-d", str(out), cwd=src)
    assert result.returncode == 0, result.stderr
    assert "偏离标准：data/branches/sample-branch.yaml:30:13" in result.stderr
    assert (out / "overview/conformance/index.html").is_file()


# ------------------------------------------------------------------ the page


def _page(data: Path) -> str:
    p = load_playbook(data)
    cals = build_calendars(p, "https://handbook.example.invalid/").branches
    return render_conformance_page(p, conformance(p, cals), cals)[PAGE]


def _branch_section(data: Path, branch: str) -> str:
    """The 与标准的对照 section of a branch's page."""
    p = load_playbook(data)
    calendars = build_calendars(p, "https://handbook.example.invalid/")
    lines = branch_lines(p, conformance(p, calendars.branches), calendars.branches)
    page = render_calendar_pages(
        p, calendars, site_url="https://handbook.example.invalid/", conformance=lines
    )[f"calendars/{branch}/index.md"]
    return "## 与标准的对照" + page.split("## 与标准的对照", 1)[1].split("\n## ", 1)[0]


def test_the_page_matches_its_golden(mini: MiniPlaybook, golden: Callable[[str, str], None]) -> None:
    """The mini playbook with one deviation and one approved exception."""
    _standard(mini, "weekly-review", "  per: month\n  at_most: 2\n")
    _standard(mini, "morning-meeting", "  per: workday\n  at_most: 1\n")
    mini.replace("branches/sample-branch.yaml", 'end: "09:15"', 'end: "09:00"')
    mini.write(
        "branches/sample-branch.yaml",
        mini.read("branches/sample-branch.yaml")
        + "exceptions:\n  - standard: weekly-review\n    reason: 试点每周开。\n"
        "    approved: 2027-01-10\n    approved_by: 中支营销部\n",
    )
    golden("conformance/conformance.md", _page(mini.data))
    golden("conformance/branch-section.md", _branch_section(mini.data, "sample-branch"))


def test_the_default_playbook_has_exactly_its_one_deliberate_deviation() -> None:
    conf = check_conformance(load_playbook(REPO / "data"))
    assert _messages(conf) == [
        "data/branches/sample-north.yaml:59:11  schedules[6].week  "
        "绩效会议每月第2个周二举行；标准为每月一次（每月最后7天或1日–7日）（data/meetings/performance-meeting.yaml:10）"
    ]
    (approved,) = conf.approved
    assert (approved.branch, approved.subject, approved.check) == (
        "sample-west",
        "cadre-morning-meeting",
        "frequency",
    )
    # the deliberate one is documented where it is
    north = (REPO / "data/branches/sample-north.yaml").read_text(encoding="utf-8")
    assert "用来演示检查数据和执行对照页怎样报告偏离" in north
    page = _page(REPO / "data")
    assert "**[偏离1处](../calendars/sample-north/index.md#conformance)**" in page
    assert "[例外](../calendars/sample-west/index.md#conformance)" in page
    assert page.count("| 符合 ") > 0 and "绩效会议每月第2个周二" not in page  # details: on the branch pages
    north = _branch_section(REPO / "data", "sample-north")
    assert "本支公司有 **1** 处安排与总部标准不符" in north and "绩效会议每月第2个周二举行" in north
    west = _branch_section(REPO / "data", "sample-west")
    assert "总部批准的例外" in west and "中支营销部2027年1月20日批准" in west
