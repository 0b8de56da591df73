"""Cross-checks that need the whole playbook (ids and references already resolved).

Each check returns problems pointing at the exact key of the exact file; none
stops the others.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from . import model as m
from .convert import id_problem
from .errors import Problem, quoted
from .occurrences import schedule_bounds, scheduled_dates
from .printables import check_forms
from .workdays import WorkCalendar, work_calendar


def _at(src: m.Src | None, key: str, message: str) -> Problem:
    """A problem at ``key`` (which may be an item, ``lanes[2]``) of the mapping read from ``src``."""
    assert src is not None, "every converted object has its source"
    line, column = src.at(key)
    return Problem(src.file, line, column, src.sub(key), message)


def check_playbook(p: m.Playbook) -> list[Problem]:
    return [
        *_check_workflows(p),
        *_check_meetings(p),
        *_check_groups(p),
        *_check_meta(p),
        *_check_onboarding(p),
        *check_calendars(p),
        *check_forms(p),
        *_check_glossary(p),
        *_check_versions(p),
        *check_rollout(p),
    ]


def _module_problem(p: m.Playbook, entity: m.Workflow | m.Meeting) -> Iterator[Problem]:
    if entity.module is None:
        return
    system = p.get(entity.system)
    titles = [mod.title for mod in system.modules]
    if entity.module not in titles:
        yield _at(
            entity.src,
            "module",
            f'“{system.title}”没有名为 "{entity.module}" 的模块（可选：{"、".join(titles)}）',
        )


def _check_workflows(p: m.Playbook) -> Iterator[Problem]:
    for w in p.workflows:
        yield from _module_problem(p, w)
        lanes = list(w.lanes)
        seen: set[str] = set()
        for i, lane in enumerate(lanes, start=1):
            if lane in seen:
                yield _at(w.src, f"lanes[{i}]", f'泳道 "{lane}" 重复出现；每个泳道只写一次')
            seen.add(lane)
        if not w.steps:
            yield _at(w.src, "steps", "流程至少要有一个步骤")
        used: set[str] = set()
        phases_closed: set[str] = set()
        current_phase: str | None = None
        for i, step in enumerate(w.steps, start=1):
            if step.owner not in lanes:
                yield _at(
                    step.src,
                    "owner",
                    f'步骤负责人 "{step.owner}" 不在本流程的泳道中（lanes：{"、".join(lanes)}）；'
                    "请改为其中之一，或把它加入 lanes",
                )
            used.add(step.owner)
            if i == 1 and step.parallel:
                yield _at(
                    step.src,
                    "parallel",
                    "第一个步骤不能与“上一步”同时进行；请删除 parallel",
                )
            if step.phase != current_phase:
                if step.phase is not None and step.phase in phases_closed:
                    yield _at(
                        step.src,
                        "phase",
                        f'阶段 "{step.phase}" 的步骤不相邻；同一阶段的步骤请写在一起',
                    )
                if current_phase is not None:
                    phases_closed.add(current_phase)
                current_phase = step.phase
        for item in w.continuous:
            if item.owner is not None:
                used.add(item.owner)
                if item.owner not in lanes:
                    yield _at(
                        item.src,
                        "owner",
                        f'负责人 "{item.owner}" 不在本流程的泳道中（lanes：{"、".join(lanes)}）',
                    )
        for i, lane in enumerate(lanes, start=1):
            if lane not in used:
                yield _at(w.src, f"lanes[{i}]", f'泳道 "{lane}" 没有任何步骤；请删除该泳道，或给它分配步骤')


def _check_meetings(p: m.Playbook) -> Iterator[Problem]:
    for meeting in p.meetings:
        yield from _module_problem(p, meeting)
        if meeting.duration_minutes is not None and meeting.agenda:
            total = sum(item.minutes for item in meeting.agenda)
            if total != meeting.duration_minutes:
                yield _at(
                    meeting.src,
                    "duration_minutes",
                    f"议程合计 {total} 分钟，与会议时长 {meeting.duration_minutes} 分钟不符；"
                    "请调整议程时长或会议时长",
                )


def _check_groups(p: m.Playbook) -> Iterator[Problem]:
    for group in p.groups:
        if group.size is not None and group.size.min > group.size.max:
            yield _at(
                group.src,
                "size",
                f"人数范围不对：最少 {group.size.min} 人多于最多 {group.size.max} 人",
            )


def _check_meta(p: m.Playbook) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, role in enumerate(p.meta.entry_roles, start=1):
        if role in seen:
            yield _at(p.meta.src, f"entry_roles[{i}]", f'角色 "{role}" 重复出现')
        seen.add(role)


def _check_onboarding(p: m.Playbook) -> Iterator[Problem]:
    roles = [r.id for r in p.roles]
    for role_id, path in p.onboarding.items():
        file = path.src.file if path.src else ""
        if role_id not in roles:
            close = difflib.get_close_matches(role_id, roles, n=1, cutoff=0.6)
            guess = f'，是不是 "{close[0]}"？' if close else ""
            yield Problem(
                file,
                0,
                0,
                "",
                f'文件名应为角色 id：没有 id 为 "{role_id}" 的角色{guess}（可选：{"、".join(roles)}）',
            )
        elif f"{role_id}-onboarding" in roles:
            yield Problem(
                file,
                0,
                0,
                "",
                f'角色 "{role_id}-onboarding" 的页面与这条入职路径的页面 roles/{role_id}-onboarding.md 同名；'
                "请给该角色换一个 id",
            )
        if not any(getattr(path, stage) for stage in m.ONBOARDING_STAGES):
            yield Problem(
                file,
                0,
                0,
                "",
                f"入职路径中一项也没有；请在 {'、'.join(m.ONBOARDING_STAGES)} 中至少写一项，或删除这个文件",
            )
        for stage in m.ONBOARDING_STAGES:
            first: dict[str, int] = {}
            for i, item in enumerate(getattr(path, stage), start=1):
                if item.target in first:
                    yield _at(
                        item.src,
                        "target",
                        f'"{item.target}" 已是本阶段第 {first[item.target]} 项；同一阶段每项只写一次'
                        "（不同阶段可以再列）",
                    )
                first.setdefault(item.target, i)


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


def _check_branch(p: m.Playbook, b: m.Branch, work: WorkCalendar) -> Iterator[Problem]:
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
    days = [slot.day for slot in b.morning_pattern]
    for i, slot in enumerate(b.morning_pattern, start=1):
        if days.index(slot.day) != i - 1:
            yield _at(slot.src, "day", f"{slot.day} 在早会模板中重复；每个星期几只写一次")


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


def _check_glossary(p: m.Playbook) -> Iterator[Problem]:
    """Each term once: a page explains a term by its text, so two entries for one word clash."""
    first: dict[str, m.Term] = {}
    for t in sorted(p.terms, key=lambda t: t.src.line if t.src else 0):
        other = first.get(t.term)
        if other is not None:
            where = f"第 {other.src.line} 行" if other.src else ""
            yield _at(
                t.src,
                "term",
                f'术语 "{t.term}" 已在{where}（id "{other.id}"）写过；每个术语只写一次，请合并两条解释',
            )
        else:
            first[t.term] = t


# ------------------------------------------------------------------- rollout


def check_rollout(p: m.Playbook) -> Iterator[Problem]:
    """Phase dates and modules, and at most one plausible status per branch and phase."""
    r = p.rollout
    for ph in r.phases:
        if ph.due < ph.start:
            yield _at(ph.src, "due", f"完成期限 {ph.due} 早于开始日期 {ph.start}；请检查日期")
        for mod in ph.modules:
            system = p.get(mod.system)
            if mod.system not in ph.systems:
                yield _at(
                    mod.src,
                    "system",
                    f'系统 "{mod.system}" 不在本阶段的 systems 中；请把它加入 systems，或改为其中之一',
                )
            titles = [x.title for x in system.modules]
            if mod.module not in titles:
                yield _at(
                    mod.src,
                    "module",
                    f'“{system.title}”没有名为 "{mod.module}" 的模块（可选：{"、".join(titles)}）',
                )
    first: dict[tuple[str, str], int] = {}
    for i, st in enumerate(r.status, start=1):
        key = (st.branch, st.phase)
        if key in first:
            yield _at(
                st.src,
                "phase",
                f'支公司 "{st.branch}" 的阶段 "{st.phase}" 已在 status 第 {first[key]} 项写过；'
                "每个支公司每个阶段只写一条（写最新的状态）",
            )
        first.setdefault(key, i)
        if st.date > r.status_date:
            yield _at(
                st.src,
                "date",
                f"日期 {st.date} 晚于状态截至日期 status_date {r.status_date}；请检查日期，或把 status_date 改晚",
            )
        phase = p.get(st.phase)
        if st.state == "done" and st.date < phase.start:
            yield _at(
                st.src,
                "date",
                f"完成日期 {st.date} 早于阶段“{phase.title}”的开始日期 {phase.start}；请检查日期",
            )


def version_key(version: str) -> tuple[int, ...] | None:
    """``1.10`` → (1, 10); None if the version is not dot-separated numbers."""
    if not re.fullmatch(r"[0-9]{1,6}(?:\.[0-9]{1,6}){0,3}", version):
        return None  # also refuses digits that are not 0-9 (“²”, full-width “１”)
    return tuple(int(x) for x in version.split("."))


def _check_versions(p: m.Playbook) -> Iterator[Problem]:
    """Versions are numbers that increase, release dates too: the newest is ``version``."""
    releases = [(r.version, r.released, r.src, "version") for r in p.meta.history]
    releases.append((p.meta.version, p.meta.released, p.meta.src, "version"))
    previous: tuple[str, date] | None = None
    for version, released, src, key in releases:
        if version_key(version) is None:
            yield _at(src, key, f"版本号 {quoted(version)} 应由数字和点组成，如 1.0、1.1、2.0")
        elif previous is not None:
            before, when = previous
            if (version_key(before) or ()) >= (version_key(version) or ()):
                yield _at(src, key, f"版本号 {version} 没有大于上一版 {before}；每次发布版本号都要增加")
            if released <= when:
                yield _at(src, "released", f"发布日期 {released} 不晚于上一版（{before}，{when}）")
        previous = (version, released)
