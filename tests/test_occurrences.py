"""Working days and a branch's calendar as the model computes it (what pages and feeds are built from)."""

from __future__ import annotations

from datetime import date, time

from conftest import MINI

from generator.calendar.calendars import build_calendars, uid_domain
from generator.calendar.workdays import provisional_warnings, work_calendar
from generator.site import load_playbook

PLAYBOOK = load_playbook(MINI / "data")


def test_official_year_from_the_holidays_package() -> None:
    work = work_calendar([2026], {})
    assert work.provisional == frozenset()
    assert not work.is_workday(date(2026, 2, 16))  # 春节
    assert work.holiday(date(2026, 2, 17)) == "春节"
    assert work.is_workday(date(2026, 2, 14))  # 调休上班 (Saturday)
    assert work.is_workday(date(2026, 2, 13))  # an ordinary Friday
    assert not work.is_workday(date(2026, 2, 21))  # an ordinary Saturday


def test_year_without_official_arrangement_is_provisional_and_invents_nothing() -> None:
    """2098: no release of the holidays package will carry its official arrangement for decades,
    so this test does not depend on what the package's next release contains."""
    work = work_calendar([2098], {})
    assert work.provisional == frozenset({2098})
    assert work.makeup == {}
    assert work.holiday(date(2098, 10, 1)) == "国庆节"  # statutory
    assert work.holiday(date(2098, 10, 6)) is None  # no estimated day off (a Monday) …
    assert work.is_workday(date(2098, 10, 6))
    assert not work.is_workday(date(2098, 10, 4))  # … and no make-up Saturday
    (warning,) = provisional_warnings(work)
    assert warning.startswith("警告：2098年的节假日安排尚未收录")


def test_data_arrangement_replaces_the_package_for_its_year() -> None:
    work = work_calendar([2027], PLAYBOOK.holidays)
    assert work.provisional == frozenset()
    assert work.holiday(date(2027, 2, 12)) == "春节"
    assert work.makeup == {date(2027, 2, 20): "春节"}
    assert "data/holidays/2027.yaml" in work.sources[2027]


def test_branch_calendar_series_exceptions_and_make_up_days() -> None:
    cals = build_calendars(PLAYBOOK, "https://handbook.example.invalid/")
    (cal,) = cals.branches
    assert cals.domain == "handbook.example.invalid"
    morning, morning_march, weekly = cal.segments
    assert morning.uid == "sample-branch.morning-meeting@handbook.example.invalid"
    assert morning_march.uid == "sample-branch.morning-meeting.20270301@handbook.example.invalid"
    assert (morning.start, morning_march.start) == (time(8, 30), time(8, 45))
    assert morning.rule == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    assert weekly.rule == "FREQ=WEEKLY;BYDAY=MO"
    assert date(2027, 1, 15) in morning.exdates and date(2027, 2, 8) in morning.exdates
    assert date(2027, 1, 20) not in morning.exdates  # moved, not excluded: a RECURRENCE-ID override
    assert [(o.original, o.day, o.start) for o in morning.overrides] == [
        (date(2027, 1, 20), date(2027, 1, 21), time(10, 0))
    ]
    assert [(mk.uid, mk.day) for mk in cal.makeups] == [
        ("sample-branch.morning-meeting.makeup-20270220@handbook.example.invalid", date(2027, 2, 20))
    ]
    assert weekly.exdates == (date(2027, 2, 8),)  # 春节 Monday


def test_occurrences_are_what_a_reader_sees_each_day() -> None:
    (cal,) = build_calendars(PLAYBOOK, None).branches

    def on(day: date) -> list[tuple[str, time | None, bool]]:
        return [(o.title, o.start, o.cancelled) for o in cal.occurrences(PLAYBOOK) if o.day == day]

    assert on(date(2027, 1, 15)) == [("大早会", time(8, 30), True)]
    assert on(date(2027, 1, 20)) == []
    assert on(date(2027, 1, 21)) == [("大早会", time(8, 30), False), ("大早会", time(10, 0), False)]
    assert on(date(2027, 2, 8)) == []
    assert on(date(2027, 2, 20)) == [("大早会", time(8, 30), False)]
    assert on(date(2027, 3, 1)) == [("大早会", time(8, 45), False), ("周经营分析会", time(16, 0), False)]
    assert on(date(2027, 1, 27)) == [("大早会", time(8, 30), False), ("产品通关训练", time(14, 0), True)]
    assert on(date(2027, 2, 15)) == [  # all-day first
        ("节后开工全员大会", None, False),
        ("大早会", time(8, 30), False),
        ("周经营分析会", time(16, 0), False),
    ]


def test_morning_topics_follow_the_weekly_pattern_unless_the_month_says_otherwise() -> None:
    (cal,) = build_calendars(PLAYBOOK, None).branches
    assert cal.morning[date(2027, 1, 4)].topic == "新年开门红启动"  # month override
    assert cal.morning[date(2027, 1, 5)].topic == "产品知识"  # Tuesday pattern
    assert date(2027, 2, 8) not in cal.morning  # holiday: no morning meeting
    assert cal.morning[date(2027, 2, 20)].topic == "周目标宣导"  # make-up Saturday follows Monday


def test_uids_come_from_the_data_not_from_where_the_site_is() -> None:
    assert uid_domain(PLAYBOOK) == "handbook.example.invalid"  # uid_domain in playbook.yaml
    uids = [
        {seg.uid for cal in build_calendars(PLAYBOOK, url).branches for seg in cal.segments}
        for url in ("https://handbook.example.com/", "http://127.0.0.1:8000/", None)
    ]
    assert uids[0] == uids[1] == uids[2]
    assert all(uid.endswith("@handbook.example.invalid") for uid in uids[0])
