"""Checks of the branches' calendars that need their dates worked out: schedules against the
working days, limits on periods and occurrences, clock changes, months and holiday arrangements.

Run by :func:`generator.site.load_playbook` after the checks of :mod:`generator.load`, which
know nothing of calendars.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .. import model as m
from ..load.convert import id_problem
from ..model.errors import Problem, quoted
from ..model.errors import problem_at as _at
from .occurrences import schedule_bounds, scheduled_dates
from .workdays import WorkCalendar, work_calendar

# ----------------------------------------------------------------- calendars


@cache
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def known_timezone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone this machine knows (``America`` alone is a folder)."""
    if name not in _timezones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


MAX_CALENDAR_MONTHS = 36
"""Longest calendar period of a branch (3 years; the sample branches have 7 months)."""

MAX_OCCURRENCES = 1000
"""Most dates one recurring schedule may have in its period (every workday for 3 years is ~750)."""


def calendar_months(b: m.Branch) -> int:
    """How many months the branch's calendar period touches."""
    start, end = b.calendar_start, b.calendar_end
    return (end.year - start.year) * 12 + end.month - start.month + 1


def calendar_years(p: m.Playbook) -> list[int]:
    """Every year some branch's calendar period touches (periods that are refused left out)."""
    years: set[int] = set()
    for b in p.branches:
        if b.calendar_start <= b.calendar_end and calendar_months(b) <= MAX_CALENDAR_MONTHS:
            years.update(range(b.calendar_start.year, b.calendar_end.year + 1))
    return sorted(years)


# ------------------------------------------------------------ daylight saving time


@cache
def _transition_days(zone: str, year: int) -> frozenset[date]:
    """Days of ``year`` around which ``zone``'s UTC offset changes (empty for Asia/Shanghai)."""
    tz = ZoneInfo(zone)
    days: set[date] = set()
    day = date(year, 1, 1)
    offset = datetime.combine(day, time(), tzinfo=tz).utcoffset()
    while day.year == year:
        following = day + timedelta(days=1)
        next_offset = datetime.combine(following, time(), tzinfo=tz).utcoffset()
        if next_offset != offset:
            days.update((day, following))
        day, offset = following, next_offset
    return frozenset(days)


def local_time_problem(day: date, at: time, zone: str) -> str | None:
    """Why ``at`` on ``day`` is not one clear moment in ``zone`` (a clock change), or None."""
    if day not in _transition_days(zone, day.year):
        return None
    tz = ZoneInfo(zone)
    naive = datetime.combine(day, at)
    early, late = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    if early.utcoffset() == late.utcoffset():
        return None
    if early.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        return (
            f"{day}（{m.WEEKDAYS[day.weekday()]}）{at:%H:%M} 在时区 {zone} 不存在："
            "那天调整夏令时，时钟跳过了这段时间；请换一个时间，或取消、改期那一次"
        )
    return (
        f"{day}（{m.WEEKDAYS[day.weekday()]}）{at:%H:%M} 在时区 {zone} 出现两次："
        "那天夏令时结束，时钟回拨，这个时间有两个；请换一个时间，或取消、改期那一次"
    )


def _clock_problems(
    src: m.Src | None, days: list[date], times: tuple[tuple[str, time | None], ...], zone: str
) -> Iterator[Problem]:
    """One problem per time in ``times`` (key, time) that is not one clear moment on one of ``days``."""
    for key, at in times:
        if at is None:
            continue
        for day in days:
            problem = local_time_problem(day, at, zone)
            if problem:
                yield _at(src, key, problem)
                break


def _check_time_range(
    src: m.Src | None, start: time | None, end: time | None, *, start_key: str = "start"
) -> Iterator[Problem]:
    if start is None and end is not None:
        yield _at(src, "end", "只有结束时间，没有开始时间；请补上 start，或删除 end（全天活动两者都不写）")
    elif start is not None and end is None:
        yield _at(src, start_key, "有开始时间，没有结束时间；请补上 end")
    elif start is not None and end is not None and end <= start:
        yield _at(src, "end", f"结束时间 {end:%H:%M} 不晚于开始时间 {start:%H:%M}；请检查")


PAGE_ANCHORS = frozenset({"events", "series", "days"})
"""Anchors of a month page's own sections (本月活动, 逐日安排); an event's anchor is its id."""

RESERVED_BRANCH_IDS = frozenset({"today", "subscribe"})
"""Names of pages in ``calendars/`` (今天和本周, the subscribe index): a branch's folder there
would take the same address."""


def _check_branch(p: m.Playbook, b: m.Branch, work: WorkCalendar) -> Iterator[Problem]:
    if b.id in RESERVED_BRANCH_IDS:
        yield Problem(
            b.src.file if b.src else "",
            0,
            0,
            "",
            f"支公司 id “{b.id}”与行事历中的页面同名（calendars/{b.id}/）；请给文件换个名字，"
            f"不要用 {'、'.join(sorted(RESERVED_BRANCH_IDS))}",
        )
    if not known_timezone(b.timezone):
        close = difflib.get_close_matches(b.timezone, sorted(_timezones()), n=1, cutoff=0.8)
        guess = f'，是不是 "{close[0]}"？' if close else ""
        yield _at(
            b.src, "timezone", f"未知时区 {quoted(b.timezone)}{guess}（请写 IANA 时区名，如 Asia/Shanghai）"
        )
    if b.calendar_end < b.calendar_start:
        yield _at(b.src, "calendar_end", f"行事历结束日期 {b.calendar_end} 早于开始日期 {b.calendar_start}")
        return
    if calendar_months(b) > MAX_CALENDAR_MONTHS:
        yield _at(
            b.src,
            "calendar_end",
            f"行事历期间太长（{b.calendar_start} 至 {b.calendar_end}，{calendar_months(b)} 个月）；"
            f"最长 {MAX_CALENDAR_MONTHS} 个月，请把 calendar_start 或 calendar_end 改近一些",
        )
        return
    zone = b.timezone if known_timezone(b.timezone) else None
    seen: dict[str, m.Schedule] = {}
    for s in b.schedules:
        if s.id in seen:
            yield _at(s.src, "id", f'例会安排 id "{s.id}" 在本支公司重复；请换一个')
        seen[s.id] = s
        problem = id_problem(s.id)
        if problem:
            yield _at(s.src, "id", problem)
        yield from _check_time_range(s.src, s.start, s.end)
        if s.repeat == "workdays" and s.days:
            yield _at(
                s.src,
                "days",
                "repeat: workdays 表示每个工作日，不需要写 days；请删除 days，或改为 repeat: weekly",
            )
        if s.repeat in ("weekly", "monthly") and not s.days:
            yield _at(s.src, "repeat", f"repeat: {s.repeat} 需要写 days（星期几），如 days: [周一]")
        if s.repeat == "monthly" and (s.week is None or s.week not in (1, 2, 3, 4, -1)):
            yield _at(
                s.src,
                "week" if s.week is not None else "repeat",
                "repeat: monthly 需要写 week：每月第几个（1–4，或 -1 表示最后一个）",
            )
        if s.repeat == "monthly" and len(s.days) > 1:
            yield _at(s.src, "days", "repeat: monthly 只能写一个星期几，如 days: [周五]")
        if s.repeat != "monthly" and s.week is not None:
            yield _at(s.src, "week", "只有 repeat: monthly 才需要 week；请删除")
        first, last = schedule_bounds(b, s)
        if not (b.calendar_start <= first <= b.calendar_end):
            yield _at(
                s.src,
                "starts",
                f"开始日期 {first} 不在本支公司行事历期间（{b.calendar_start} 至 {b.calendar_end}）内",
            )
            continue
        if not (b.calendar_start <= last <= b.calendar_end) or last < first:
            yield _at(s.src, "until", f"结束日期 {last} 应在 {first} 与 {b.calendar_end} 之间")
            continue
        if s.repeat == "monthly" and (s.week is None or len(s.days) != 1):
            continue
        dates = scheduled_dates(s, first, last, work)
        if len(dates) > MAX_OCCURRENCES:
            yield _at(
                s.src,
                "repeat",
                f"这个安排在 {first} 至 {last} 之间有 {len(dates)} 次；每个安排最多 {MAX_OCCURRENCES} 次，"
                "请用 starts 和 until 缩短期间，或拆成几个安排",
            )
            continue
        if not dates:
            yield _at(
                s.src,
                "repeat",
                f"这个安排在 {first} 至 {last} 之间一次也不会举行（节假日或日期范围不对）；请检查 repeat、days 和日期",
            )
            continue
        have = set(dates)
        moved_from: set[date] = set()
        for c in s.cancelled:
            if c.date not in have:
                yield _at(
                    c.src,
                    "date",
                    f"{c.date}（{m.WEEKDAYS[c.date.weekday()]}）这个安排本来就不举行，无需取消；请检查日期",
                )
        for mv in s.moved:
            if mv.date not in have:
                yield _at(
                    mv.src,
                    "date",
                    f"{mv.date}（{m.WEEKDAYS[mv.date.weekday()]}）这个安排本来就不举行，无法改期；请检查日期",
                )
            elif mv.date in work.makeup:
                yield _at(mv.src, "date", "调休上班日的会议不能改期；请取消它，再在当月行事历中另建活动")
            if mv.date in moved_from:
                yield _at(mv.src, "date", f"{mv.date} 的场次改期了两次；请只保留一条")
            moved_from.add(mv.date)
            if not (b.calendar_start <= mv.to <= b.calendar_end):
                yield _at(
                    mv.src,
                    "to",
                    f"改到的日期 {mv.to} 不在本支公司行事历期间（{b.calendar_start} 至 {b.calendar_end}）内",
                )
            yield from _check_time_range(mv.src, mv.start or s.start, mv.end or s.end)
        cancelled = {c.date for c in s.cancelled}
        for mv in s.moved:
            if mv.date in cancelled:
                yield _at(mv.src, "date", f"{mv.date} 的场次已取消，不能同时改期")
        for ch in s.changes:
            if not (first < ch.since <= last):
                yield _at(ch.src, "since", f"生效日期 {ch.since} 应在 {first} 之后、{last} 之前（含）")
            if ch.start is None and ch.end is None and ch.place is None:
                yield _at(ch.src, "since", "没有写要改什么；请写 start、end 或 place")
            yield from _check_time_range(ch.src, ch.start or s.start, ch.end or s.end)
        if zone is not None:
            yield from _schedule_clock_problems(s, dates, zone)
    keys = [(slot.day, slot.since) for slot in b.morning_pattern]
    for i, slot in enumerate(b.morning_pattern):
        if keys.index((slot.day, slot.since)) != i:
            since = f"从 {slot.since} 起" if slot.since else "（不写 since）"
            yield _at(
                slot.src,
                "day",
                f"{slot.day}{since}在早会模板中重复；同一个星期几的几条模板要用不同的 since 区分",
            )
        elif slot.since is not None and not (b.calendar_start < slot.since <= b.calendar_end):
            yield _at(
                slot.src,
                "since",
                f"生效日期 {slot.since} 应在本支公司行事历期间（{b.calendar_start} 之后、{b.calendar_end} 之前）内",
            )


def _schedule_clock_problems(s: m.Schedule, dates: list[date], zone: str) -> Iterator[Problem]:
    """Every time of the schedule, on the days it applies, must be one clear moment in ``zone``."""
    changes = sorted(s.changes, key=lambda c: c.since)
    cancelled = {c.date for c in s.cancelled}
    moved = {mv.date for mv in s.moved}
    held = [d for d in dates if d not in cancelled and d not in moved]
    before = [d for d in held if not changes or d < changes[0].since]
    yield from _clock_problems(s.src, before, (("start", s.start), ("end", s.end)), zone)
    for i, ch in enumerate(changes):
        until = changes[i + 1].since if i + 1 < len(changes) else None
        days = [d for d in held if ch.since <= d and (until is None or d < until)]
        yield from _clock_problems(
            ch.src, days, (("start", ch.start or s.start), ("end", ch.end or s.end)), zone
        )
    for mv in s.moved:
        yield from _clock_problems(
            mv.src, [mv.to], (("start", mv.start or s.start), ("end", mv.end or s.end)), zone
        )


def _check_months(p: m.Playbook) -> Iterator[Problem]:
    branches = {b.id: b for b in p.branches}
    event_ids: dict[tuple[str, str], m.CalendarEvent] = {}
    for (branch_id, month), cal in p.months.items():
        b = branches.get(branch_id)
        if b is None:
            continue  # reported as an unknown branch by the loader
        year, mon = (int(x) for x in month.split("-"))
        first = date(year, mon, 1)
        if not (b.calendar_start.replace(day=1) <= first <= b.calendar_end):
            yield Problem(
                cal.src.file if cal.src else "",
                0,
                0,
                "",
                f"{month} 不在“{b.title}”行事历期间（{b.calendar_start} 至 {b.calendar_end}）内；"
                "请删除该文件，或调整 data/branches/ 中的 calendar_start / calendar_end",
            )
        for ev in cal.events:
            if ev.id in PAGE_ANCHORS or ev.id.startswith("day-"):
                yield _at(ev.src, "id", f'活动 id "{ev.id}" 与月份页面上的标题位置同名；请换一个')
            key = (branch_id, ev.id)
            if key in event_ids:
                other = event_ids[key]
                where = f"{other.src.file}:{other.src.line}" if other.src else ""
                yield _at(ev.src, "id", f'活动 id "{ev.id}" 在本支公司已用过（{where}）；请换一个')
            event_ids[key] = ev
            if (ev.date.year, ev.date.month) != (year, mon):
                yield _at(ev.src, "date", f"日期 {ev.date} 不在 {month} 月；请放到对应月份的文件中")
            yield from _check_time_range(ev.src, ev.start, ev.end)
            if known_timezone(b.timezone) and not ev.cancelled:
                yield from _clock_problems(
                    ev.src, [ev.date], (("start", ev.start), ("end", ev.end)), b.timezone
                )
        seen: set[date] = set()
        for md in cal.morning:
            if (md.date.year, md.date.month) != (year, mon):
                yield _at(md.src, "date", f"日期 {md.date} 不在 {month} 月")
            if md.date in seen:
                yield _at(md.src, "date", f"{md.date} 的早会主题写了两次；请只保留一条")
            seen.add(md.date)


def _check_holidays(p: m.Playbook) -> Iterator[Problem]:
    for year, arr in p.holidays.items():
        for d in arr.days_off:
            if d.end < d.start:
                yield _at(d.src, "end", f"放假最后一天 {d.end} 早于第一天 {d.start}")
            if d.start.year != year and d.end.year != year:
                yield _at(d.src, "start", f"放假日期不在 {year} 年；请检查（文件名是年份）")
        for w in arr.workdays:
            if w.date.weekday() < 5:
                yield _at(
                    w.src,
                    "date",
                    f"{w.date} 是{m.WEEKDAYS[w.date.weekday()]}，本来就上班；调休上班日应是周六或周日",
                )


def check_calendars(p: m.Playbook) -> list[Problem]:
    work = work_calendar(calendar_years(p), p.holidays)
    problems = [*_check_holidays(p), *_check_months(p)]
    for b in p.branches:
        problems.extend(_check_branch(p, b, work))
    return problems
