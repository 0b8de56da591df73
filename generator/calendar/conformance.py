"""Do the branches do what the standard says? Every branch's schedules, events and morning
topics compared with the meeting standards and the rollout plan (追踪督导：严格考核工作落实情况).

Six kinds of deviation (:data:`generator.model.entities.CONFORMANCE_CHECKS`):

* **frequency** — a meeting with a ``standard`` held more or less often than it says: a schedule
  whose pattern cannot keep to it (weekly where the standard says 每月一至两次) is reported once,
  at the schedule; otherwise every full week, month or quarter (every working day for a daily
  meeting) is counted, schedules and one-off events together, a moved occurrence in its original
  period, a cancelled one as accounted for. Periods with a holiday are not held against a
  meeting that falls short in them; a meeting a branch never schedules is reported as 没有安排;
* **days** — held on a day the standard does not allow (``days_of_month``, ``weekdays``);
* **duration** — a schedule, a time change, a move or an event whose length is not the
  meeting's ``duration_minutes``;
* **attendees** — explicit attendees (a schedule's or an event's) leaving out someone the
  meeting's ``attendees`` require; a functional group is only required once it is formed;
* **group** — a functional group attending (or, named as host, hosting a morning topic) before
  it is formed at the branch: from the start of the rollout phase that forms it (``groups``), or
  from the date the branch reported that phase in progress or done, if earlier;
* **phase** — a meeting or workflow a rollout phase ``introduces`` scheduled before that phase
  has started at the branch (same dates as above).

A branch's ``exceptions`` (approved by HQ) mark the deviations they cover as approved: those are
listed, not reported. An exception that covers nothing is reported, so none lingers.

Pure: the model and the branches' worked-out calendars in, :class:`Conformance` out. The CLI and
the plugin print :attr:`Conformance.warnings`; the 执行对照 page renders the whole of it.
"""

from __future__ import annotations

import calendar as _calendar
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .. import model as m
from ..model import words
from ..model.errors import Problem, problem_at
from ..model.kinds import title_of
from .occurrences import BranchCalendar, Occurrence, pattern_text

SHOWN_PER_MESSAGE = 5
"""At most this many periods or dates are named in one message (then 等N个)."""


@dataclass(frozen=True)
class Deviation:
    """One way a branch departs from the standard."""

    branch: str
    """Branch id."""
    subject: str
    """What an exception names to cover it: the meeting, group or introduced meeting/workflow id."""
    check: str
    """The kind (:data:`generator.model.entities.CONFORMANCE_CHECKS`)."""
    problem: Problem
    """Where in the branch's files, and what (with where the standard is written)."""
    first_day: date
    """The first day it concerns (the month page to look at)."""
    exception: m.ApprovedException | None = None
    """The approved exception covering it, if any."""


@dataclass(frozen=True)
class Conformance:
    deviations: tuple[Deviation, ...]
    """Every deviation, approved ones included, by branch and place."""
    unused: tuple[Problem, ...] = ()
    """Exceptions that cover no deviation."""
    standards: tuple[str, ...] = ()
    """Ids of the meetings that have a standard, in the meetings' order."""

    @property
    def open(self) -> tuple[Deviation, ...]:
        """The deviations no exception covers: what ``validate`` reports."""
        return tuple(d for d in self.deviations if d.exception is None)

    @property
    def approved(self) -> tuple[Deviation, ...]:
        return tuple(d for d in self.deviations if d.exception is not None)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """What the editor is told: open deviations and unused exceptions, by place."""
        return tuple(sorted({*(d.problem for d in self.open), *self.unused}))

    def summary(self) -> str:
        approved = f"（另有 {len(self.approved)} 处已获总部批准的例外）" if self.approved else ""
        if not self.warnings:
            return f"各支公司的安排都符合标准{approved}。"
        return f"共 {len(self.warnings)} 处偏离标准{approved}；明细见手册的执行对照页。"


# ------------------------------------------------------------------ words


def standard_text(s: m.MeetingStandard) -> str:
    """每月一至两次 · 每个工作日一次 · 每月一次，月末或月初（每月最后7天或1日–7日）"""
    text = f"{m.STANDARD_PERIODS[s.per]}{words.times_range(s.at_least, s.at_most)}"
    where = []
    if s.days_of_month:
        where.append("每月" + "或".join(_day_range_text(r) for r in s.days_of_month))
    if s.weekdays:
        where.append("、".join(s.weekdays))
    return f"{text}（{'，'.join(where)}）" if where else text


def _day_range_text(r: m.DayRange) -> str:
    if r.first > 0:
        return f"{r.first}日" if r.first == r.last else f"{r.first}日–{r.last}日"
    if r.last == -1:
        return "最后一天" if r.first == -1 else f"最后{-r.first}天"
    return f"倒数第{-r.first}天至倒数第{-r.last}天"


def _where(entity: m.Located, key: str = "") -> str:
    """``data/meetings/x.yaml:8`` — where the standard a message cites is written."""
    src = entity.src
    if src is None:
        return ""
    line = src.at(key)[0] if key else src.line
    return f"{src.file}:{line}"


def _list(items: list[str]) -> str:
    shown = "、".join(items[:SHOWN_PER_MESSAGE])
    return shown + (f"等{len(items)}处" if len(items) > SHOWN_PER_MESSAGE else "")


def _title(p: m.Playbook, entity_id: str) -> str:
    return title_of(p.entity(entity_id))


def _minutes(start: time, end: time) -> int:
    return (datetime.combine(date.min, end) - datetime.combine(date.min, start)).seconds // 60


# ------------------------------------------------------------------ when groups and phases begin


def _status(p: m.Playbook, branch_id: str, phase_id: str) -> m.AdoptionStatus | None:
    return next((s for s in p.rollout.status if s.branch == branch_id and s.phase == phase_id), None)


def phase_start(p: m.Playbook, branch_id: str, phase: m.Phase) -> date:
    """When ``phase`` starts at the branch: the phase's start, or the date the branch reported
    it in progress or done, if earlier."""
    st = _status(p, branch_id, phase.id)
    if st is not None and st.state in ("in_progress", "done"):
        return min(phase.start, st.date)
    return phase.start


def group_formed(p: m.Playbook, branch_id: str) -> dict[str, tuple[date, m.Phase]]:
    """Each group some phase forms: from when it exists at the branch, and that phase."""
    out: dict[str, tuple[date, m.Phase]] = {}
    for phase in p.rollout.phases:
        for g in phase.groups:
            out.setdefault(g, (phase_start(p, branch_id, phase), phase))
    return out


# ------------------------------------------------------------------ the check


@dataclass
class _Branch:
    """What the checks of one branch share."""

    p: m.Playbook
    cal: BranchCalendar
    formed: dict[str, tuple[date, m.Phase]]
    out: list[Deviation]
    months: list[m.MonthCalendar]
    """The branch's month files, in month order."""

    @property
    def b(self) -> m.Branch:
        return self.cal.branch

    def add(self, subject: str, check: str, src: m.Src | None, key: str, message: str, day: date) -> None:
        self.out.append(Deviation(self.b.id, subject, check, problem_at(src, key, message), day))

    def group_note(self, group_id: str) -> str:
        day, phase = self.formed[group_id]
        title = self.p.get(group_id, m.Group).title
        return f"本支公司的{title}{words.full_date(day)}起才组建（{phase.title}，{_where(phase, 'groups')}）"

    def unformed(self, attendees: Iterable[str], day: date) -> list[str]:
        """The groups among ``attendees`` not yet formed on ``day``."""
        return [a for a in attendees if a in self.formed and day < self.formed[a][0]]


def conformance(p: m.Playbook, calendars: Iterable[BranchCalendar]) -> Conformance:
    """Compare every branch's calendar with the standard and the rollout."""
    out: list[Deviation] = []
    months: dict[str, list[m.MonthCalendar]] = defaultdict(list)
    for (branch_id, _month), month in sorted(p.months.items()):
        months[branch_id].append(month)
    for cal in calendars:
        ctx = _Branch(p, cal, group_formed(p, cal.branch.id), [], months[cal.branch.id])
        occurrences = cal.occurrences(p)
        _check_meetings(ctx, occurrences)
        _check_groups(ctx, occurrences)
        _check_phases(ctx, occurrences)
        out.extend(ctx.out)
    deviations, unused = _apply_exceptions(p, out)
    standards = tuple(mt.id for mt in sorted(p.meetings, key=lambda x: (x.order, x.id)) if mt.standard)
    return Conformance(deviations, unused, standards)


def _apply_exceptions(
    p: m.Playbook, found: list[Deviation]
) -> tuple[tuple[Deviation, ...], tuple[Problem, ...]]:
    by_branch = {b.id: b for b in p.branches}
    used: set[int] = set()
    out = []
    for d in sorted(found, key=lambda d: (d.branch, d.problem)):
        exc = next(
            (
                e
                for e in by_branch[d.branch].exceptions
                if e.standard == d.subject and (e.check is None or e.check == d.check)
            ),
            None,
        )
        if exc is not None:
            used.add(id(exc))
            d = Deviation(d.branch, d.subject, d.check, d.problem, d.first_day, exc)
        out.append(d)
    unused = []
    for b in p.branches:
        for e in b.exceptions:
            if id(e) not in used:
                what = m.CONFORMANCE_CHECKS[e.check] if e.check else "任何偏离"
                unused.append(
                    problem_at(
                        e.src,
                        "standard",
                        f"这条例外没有对应的偏离（“{_title(p, e.standard)}”的{what}）："
                        "本支公司已经符合标准时请删除它",
                    )
                )
    return tuple(out), tuple(sorted(unused))


# ------------------------------------------------------------------ meetings with a standard


def _check_meetings(ctx: _Branch, occurrences: list[Occurrence]) -> None:
    p, b = ctx.p, ctx.b
    by_meeting: dict[str, list[Occurrence]] = defaultdict(list)
    for o in occurrences:
        if o.link:
            by_meeting[o.link].append(o)
    events = {e.id: e for month in ctx.months for e in month.events}
    for mt in p.meetings:
        std = mt.standard
        if std is None:
            continue
        mine = by_meeting.get(mt.id, [])
        schedules = [s for s in b.schedules if s.meeting == mt.id]
        mismatched = False
        for s in schedules:
            if not _pattern_fits(s, std):
                mismatched = True
                ctx.add(
                    mt.id,
                    "frequency",
                    s.src,
                    "repeat",
                    f"{mt.title}{pattern_text(s)}举行；标准为{standard_text(std)}（{_where(mt, 'standard')}）",
                    s.starts or b.calendar_start,
                )
        if not mismatched:
            _count(ctx, mt, std, mine)
        _days(ctx, mt, std, schedules, mine, events)
        _duration(ctx, mt, schedules, mine, events)
        _attendees(ctx, mt, schedules, mine, events)


def _pattern_fits(s: m.Schedule, std: m.MeetingStandard) -> bool:
    """Whether the schedule's pattern can keep to the standard's count (holidays aside)."""
    k = 5 if s.repeat == "workdays" else len(s.days)
    every_workday = s.repeat == "workdays" or set(s.days) >= {"周一", "周二", "周三", "周四", "周五"}
    low, high = {
        ("workdays", "workday"): (1, 1),
        ("weekly", "workday"): (1, 1) if every_workday else (0, 1),
        ("monthly", "workday"): (0, 1),
        ("workdays", "week"): (5, 5),
        ("weekly", "week"): (k, k),
        ("monthly", "week"): (0, 1),
        ("workdays", "month"): (19, 23),
        ("weekly", "month"): (4 * k, 5 * k),
        ("monthly", "month"): (k, k),
        ("workdays", "quarter"): (58, 66),
        ("weekly", "quarter"): (12 * k, 14 * k),
        ("monthly", "quarter"): (3 * k, 3 * k),
    }[(s.repeat, std.per)]
    return low >= std.at_least and (std.at_most is None or high <= std.at_most)


def _periods(per: str, first: date, last: date, cal: BranchCalendar) -> Iterator[tuple[date, date, str]]:
    """Every whole period of kind ``per`` in ``[first, last]``: (its first day, last day, name)."""
    if per == "workday":
        day = first
        while day <= last:
            if cal.work.is_workday(day):
                yield day, day, words.full_date(day)
            day += timedelta(days=1)
        return
    if per == "week":
        start = first + timedelta(days=(7 - first.weekday()) % 7)
        while start + timedelta(days=6) <= last:
            yield start, start + timedelta(days=6), f"{words.full_date(start)}起的一周"
            start += timedelta(days=7)
        return
    months = 1 if per == "month" else 3
    y, mo = first.year, first.month
    while True:
        if per == "quarter" and (mo - 1) % 3:
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
            continue
        start = date(y, mo, 1)
        end_y, end_mo = (y, mo + months - 1) if mo + months - 1 <= 12 else (y + 1, mo + months - 13)
        end = date(end_y, end_mo, _calendar.monthrange(end_y, end_mo)[1])
        if end > last:
            return
        if start >= first:
            name = words.month_title(start) if per == "month" else f"{y}年第{(mo - 1) // 3 + 1}季度"
            yield start, end, name
        y, mo = (end_y + 1, 1) if end_mo == 12 else (end_y, end_mo + 1)


def _count(ctx: _Branch, mt: m.Meeting, std: m.MeetingStandard, mine: list[Occurrence]) -> None:
    b, cal = ctx.b, ctx.cal
    held: dict[date, int] = defaultdict(int)
    accounted: dict[date, int] = defaultdict(int)
    for o in mine:
        day = o.recurrence_id if o.kind == "override" and o.recurrence_id else o.day
        accounted[day] += 1
        if not o.cancelled:
            held[day] += 1
    if not held and not accounted:
        ctx.add(
            mt.id,
            "frequency",
            b.src,
            "schedules",
            f"没有安排{mt.title}；标准为{standard_text(std)}（{_where(mt, 'standard')}）",
            b.calendar_start,
        )
        return
    few: list[tuple[date, str]] = []
    many: list[tuple[date, str]] = []
    for first, last, name in _periods(std.per, b.calendar_start, b.calendar_end, cal):
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        n_held = sum(held[d] for d in days)
        n_accounted = sum(accounted[d] for d in days)
        holiday = any(d in cal.work.days_off for d in days)
        if n_accounted < std.at_least and not holiday:
            few.append((first, f"{name}{words.times(n_accounted)}"))
        if std.at_most is not None and n_held > std.at_most:
            many.append((first, f"{name}{words.times(n_held)}"))
    for found, what in ((few, "次数不足"), (many, "次数过多")):
        if found:
            ctx.add(
                mt.id,
                "frequency",
                _month_src(ctx, found[0][0]) or b.src,
                "events" if _month_src(ctx, found[0][0]) else "schedules",
                f"{mt.title}{what}：{_list([t for _, t in found])}；标准为{standard_text(std)}"
                f"（{_where(mt, 'standard')}）",
                found[0][0],
            )


def _month_src(ctx: _Branch, day: date) -> m.Src | None:
    """The month file of ``day``, if that month has events (else None)."""
    month = ctx.p.months.get((ctx.b.id, f"{day:%Y-%m}"))
    return month.src if month is not None and month.events else None


def _allowed(std: m.MeetingStandard, day: date) -> bool:
    if std.weekdays and words.weekday_name(day) not in std.weekdays:
        return False
    if std.days_of_month:
        length = _calendar.monthrange(day.year, day.month)[1]
        in_range = False
        for r in std.days_of_month:
            first = r.first if r.first > 0 else length + 1 + r.first
            last = r.last if r.last > 0 else length + 1 + r.last
            in_range = in_range or first <= day.day <= last
        return in_range
    return True


def _days(
    ctx: _Branch,
    mt: m.Meeting,
    std: m.MeetingStandard,
    schedules: list[m.Schedule],
    mine: list[Occurrence],
    events: dict[str, m.CalendarEvent],
) -> None:
    if not (std.weekdays or std.days_of_month):
        return
    cite = f"标准为{standard_text(std)}（{_where(mt, 'standard')}）"
    for s in schedules:
        series = [
            o for o in mine if o.schedule == s.id and o.kind in ("series", "makeup") and not o.cancelled
        ]
        wrong = [o.day for o in series if not _allowed(std, o.day)]
        if wrong and len(wrong) == len(series):
            key = "week" if s.repeat == "monthly" else ("days" if s.days else "repeat")
            ctx.add(mt.id, "days", s.src, key, f"{mt.title}{pattern_text(s)}举行；{cite}", wrong[0])
        elif wrong:
            ctx.add(
                mt.id,
                "days",
                s.src,
                "repeat",
                f"{mt.title}在{_list([words.full_date(d) for d in wrong])}举行；{cite}",
                wrong[0],
            )
        for mv in s.moved:
            if not _allowed(std, mv.to):
                ctx.add(
                    mt.id, "days", mv.src, "to", f"{mt.title}改期到{words.full_date(mv.to)}；{cite}", mv.to
                )
    for o in mine:
        ev = events.get(o.anchor) if o.kind == "event" else None
        if ev is not None and not ev.cancelled and not _allowed(std, ev.date):
            ctx.add(
                mt.id, "days", ev.src, "date", f"{ev.title}在{words.full_date(ev.date)}举行；{cite}", ev.date
            )


def _duration(
    ctx: _Branch,
    mt: m.Meeting,
    schedules: list[m.Schedule],
    mine: list[Occurrence],
    events: dict[str, m.CalendarEvent],
) -> None:
    want = mt.duration_minutes
    if want is None:
        return
    cite = f"标准为{want}分钟（{_where(mt, 'duration_minutes')}）"

    def check(src: m.Src | None, start: time, end: time, what: str, day: date) -> None:
        got = _minutes(start, end)
        if got != want:
            span = f"{words.clock(start)}–{words.clock(end)}"
            ctx.add(mt.id, "duration", src, "end", f"{what}开{got}分钟（{span}）；{cite}", day)

    for s in schedules:
        first = s.starts or ctx.b.calendar_start
        check(s.src, s.start, s.end, mt.title, first)
        start, end = s.start, s.end
        for ch in sorted(s.changes, key=lambda c: c.since):
            start, end = ch.start or start, ch.end or end
            if ch.start or ch.end:
                check(ch.src, start, end, f"{mt.title}（{words.month_day(ch.since)}起）", ch.since)
        for mv in s.moved:
            if mv.start or mv.end:
                check(
                    mv.src,
                    mv.start or s.start,
                    mv.end or s.end,
                    f"{mt.title}（改期到{words.month_day(mv.to)}）",
                    mv.to,
                )
    for o in mine:
        ev = events.get(o.anchor) if o.kind == "event" else None
        if ev is not None and ev.start and ev.end:
            check(ev.src, ev.start, ev.end, f"{ev.title}（{words.full_date(ev.date)}）", ev.date)


def _attendees(
    ctx: _Branch,
    mt: m.Meeting,
    schedules: list[m.Schedule],
    mine: list[Occurrence],
    events: dict[str, m.CalendarEvent],
) -> None:
    p = ctx.p
    cite = f"标准为{'、'.join(_title(p, a) for a in mt.attendees)}（{_where(mt, 'attendees')}）"

    def check(src: m.Src | None, given: tuple[str, ...], last: date, what: str, day: date) -> None:
        # a group is required only once it exists (by the last day this applies to)
        missing = [a for a in mt.attendees if a not in given and not ctx.unformed([a], last)]
        if missing:
            names = "、".join(_title(p, a) for a in missing)
            ctx.add(mt.id, "attendees", src, "attendees", f"{what}的参会人员缺少{names}；{cite}", day)

    for s in schedules:
        if s.attendees:
            first = s.starts or ctx.b.calendar_start
            check(s.src, s.attendees, s.until or ctx.b.calendar_end, mt.title, first)
    for o in mine:
        ev = events.get(o.anchor) if o.kind == "event" else None
        if ev is not None and ev.attendees:
            check(ev.src, ev.attendees, ev.date, f"{ev.title}（{words.full_date(ev.date)}）", ev.date)


# ------------------------------------------------------------------ groups and phases


def _check_groups(ctx: _Branch, occurrences: list[Occurrence]) -> None:
    p, b = ctx.p, ctx.b
    if not ctx.formed:
        return
    for s in b.schedules:
        if not s.attendees:
            continue  # the meeting's own attendees: a group counts from when it is formed
        held = [o.day for o in occurrences if o.schedule == s.id and not o.cancelled]
        for g in s.attendees:
            early = [d for d in held if ctx.unformed([g], d)]
            if early:
                title = p.get(s.meeting, m.Meeting).title
                ctx.add(
                    g,
                    "group",
                    s.src,
                    "attendees",
                    f"{title}有{p.get(g, m.Group).title}参加（{words.day_span(early[0], early[-1])}）；"
                    + ctx.group_note(g),
                    early[0],
                )
    for month in ctx.months:
        for ev in month.events:
            for g in ctx.unformed(ev.attendees, ev.date) if not ev.cancelled else []:
                ctx.add(
                    g,
                    "group",
                    ev.src,
                    "attendees",
                    f"{ev.title}（{words.full_date(ev.date)}）有{p.get(g, m.Group).title}参加；"
                    + ctx.group_note(g),
                    ev.date,
                )
        for md in month.morning:
            g = _group_named(p, md.host)
            if g and ctx.unformed([g], md.date):
                ctx.add(
                    g,
                    "group",
                    md.src,
                    "host",
                    f"{words.full_date(md.date)}的早会“{md.topic}”由{md.host}主持；" + ctx.group_note(g),
                    md.date,
                )
    for slot in b.morning_pattern:
        g = _group_named(p, slot.host)
        if not g:
            continue
        days = [
            d
            for d, topic in ctx.cal.morning.items()
            if topic.from_pattern
            and topic.host == slot.host
            and topic.topic == slot.topic
            and ctx.unformed([g], d)
            and words.weekday_name(d) == slot.day
        ]
        if days:
            ctx.add(
                g,
                "group",
                slot.src,
                "host",
                f"早会模板（{slot.day}）“{slot.topic}”由{slot.host}主持，"
                f"{words.day_span(days[0], days[-1])}共{len(days)}天；" + ctx.group_note(g),
                days[0],
            )


def _group_named(p: m.Playbook, host: str | None) -> str:
    """The id of the group a morning topic's host names (its title, such as 早会功能组), or ""."""
    if not host:
        return ""
    return next((g.id for g in p.groups if g.title == host.strip()), "")


def _check_phases(ctx: _Branch, occurrences: list[Occurrence]) -> None:
    p, b = ctx.p, ctx.b
    for phase in p.rollout.phases:
        if not phase.introduces:
            continue
        start = phase_start(p, b.id, phase)
        for intro in phase.introduces:
            title = _title(p, intro)
            note = (
                f"{title}由{phase.title}推行，本支公司{words.full_date(start)}起才开始"
                f"（{_where(phase, 'introduces')}）"
            )
            for s in b.schedules:
                if s.meeting != intro:
                    continue
                early = [
                    o.day for o in occurrences if o.schedule == s.id and not o.cancelled and o.day < start
                ]
                if early:
                    ctx.add(
                        intro,
                        "phase",
                        s.src,
                        "meeting",
                        f"{title}{pattern_text(s)}举行（{words.day_span(early[0], early[-1])}）；{note}",
                        early[0],
                    )
            for month in ctx.months:
                for ev in month.events:
                    if ev.link == intro and not ev.cancelled and ev.date < start:
                        ctx.add(
                            intro,
                            "phase",
                            ev.src,
                            "link",
                            f"{ev.title}（{words.full_date(ev.date)}）：{note}",
                            ev.date,
                        )
