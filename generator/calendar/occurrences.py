"""A branch's calendar, worked out once: recurring series, make-up days, one-off events, topics.

Both outputs are built from what this module computes, so they cannot disagree:

* the month pages use :func:`BranchCalendar.occurrences` (every dated item, cancelled ones kept);
* the iCalendar feeds use the series (one ``RRULE`` each, with ``EXDATE`` for holidays and
  cancellations and ``RECURRENCE-ID`` overrides for moved occurrences), the make-up-day
  events and the one-off events.

A schedule's ``changes`` (“from this date on, at 08:45”) split it into *segments*, each its own
series with its own UID. UIDs are derived from ids only (``<branch>.<schedule>@<domain>``), so
the same meeting has the same UID in every feed and every build:

* a recurring series: ``<branch>.<schedule>@<domain>``; after a change, ``<branch>.<schedule>.<YYYYMMDD>@…``;
* a workday meeting on a make-up weekend day: ``<branch>.<schedule>.makeup-<YYYYMMDD>@…``;
* a one-off event: ``<branch>.<event>.event@…``.

Ids hold no dots, so these never collide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from itertools import pairwise
from typing import Literal

from .. import model as m
from ..model import words
from .workdays import WorkCalendar

ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def cancelled_note(reason: str | None) -> str:
    """What a cancelled occurrence says, on the month pages and in the feeds."""
    return f"已取消：{reason}" if reason else "已取消"


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _weekdays(schedule: m.Schedule) -> list[int]:
    if schedule.repeat == "workdays":
        return [0, 1, 2, 3, 4]
    return sorted(m.WEEKDAYS.index(d) for d in schedule.days)


def _nth_weekday_in_month(day: date, week: int) -> bool:
    """Whether ``day`` is the ``week``-th (1..4, or -1 = last) of its weekday in its month."""
    if week > 0:
        return (day.day - 1) // 7 + 1 == week
    return (day + timedelta(days=7)).month != day.month


def pattern_text(schedule: m.Schedule) -> str:
    """How the schedule repeats, in words: 工作日 · 每周一、三 · 每月最后一个周五 · 每月第2个周二"""
    days = "、".join(d.removeprefix("周") for d in schedule.days)
    if schedule.repeat == "workdays":
        return "工作日"
    if schedule.repeat == "weekly":
        return f"每周{days}"
    nth = "最后一个" if schedule.week == -1 else f"第{schedule.week}个"
    return f"每月{nth}周{days}"


def rule_text(schedule: m.Schedule) -> str:
    """The RRULE (without UNTIL) that generates the schedule's nominal dates."""
    days = ",".join(ICAL_DAYS[d] for d in _weekdays(schedule))
    if schedule.repeat == "monthly":
        return f"FREQ=MONTHLY;BYDAY={schedule.week}{days}"
    return f"FREQ=WEEKLY;BYDAY={days}"


def rule_dates(schedule: m.Schedule, first: date, last: date) -> list[date]:
    """Every date in ``[first, last]`` the schedule's RRULE generates, holidays included."""
    weekdays = set(_weekdays(schedule))
    dates = [d for d in _days(first, last) if d.weekday() in weekdays]
    if schedule.repeat == "monthly":
        dates = [d for d in dates if _nth_weekday_in_month(d, schedule.week or 1)]
    return dates


@dataclass(frozen=True)
class Override:
    """A moved occurrence: ``original`` is its RECURRENCE-ID."""

    original: date
    day: date
    start: time
    end: time
    place: str
    reason: str | None


@dataclass(frozen=True)
class Segment:
    """One recurring series (a schedule, or the part of it after a change)."""

    uid: str
    branch: m.Branch
    schedule: m.Schedule
    meeting: m.Meeting
    first: date
    last: date
    start: time
    end: time
    place: str
    rule: str
    dates: tuple[date, ...]
    """Nominal dates the rule generates in ``[first, last]`` (holidays included)."""
    holidays: tuple[tuple[date, str], ...]
    """Nominal dates that are days off (EXDATE), with the holiday's name."""
    cancelled: tuple[m.Cancellation, ...]
    """Nominal dates cancelled (EXDATE)."""
    overrides: tuple[Override, ...]
    change: m.Change | None
    """The change this segment starts with (None for the first segment)."""

    cut_short: bool = False
    """A later change ends this series before the schedule's end."""

    @property
    def dtstart(self) -> date:
        """The series' first real occurrence (DTSTART): its first date that is not excluded."""
        excluded = set(self.exdates)
        return next((d for d in self.dates if d not in excluded), self.dates[0])

    @property
    def exdates(self) -> tuple[date, ...]:
        return tuple(sorted({d for d, _ in self.holidays} | {c.date for c in self.cancelled}))


@dataclass(frozen=True)
class MakeUp:
    """A workday meeting on a 调休 make-up weekend day: its own event (not an RDATE)."""

    uid: str
    branch: m.Branch
    schedule: m.Schedule
    meeting: m.Meeting
    day: date
    start: time
    end: time
    place: str
    name: str
    cancelled: m.Cancellation | None = None


@dataclass(frozen=True)
class Occurrence:
    """One dated item on a branch's calendar (what a month page shows)."""

    uid: str
    kind: Literal["series", "override", "makeup", "event"]
    day: date
    start: time | None
    end: time | None
    title: str
    category: str
    place: str | None
    attendees: tuple[str, ...]
    link: str | None
    cancelled: bool = False
    note: str | None = None
    recurrence_id: date | None = None
    description: str | None = None
    anchor: str = ""
    schedule: str | None = None
    """The schedule id of a recurring meeting's occurrence (None for a one-off event)."""

    @property
    def sort_key(self) -> tuple[date, time, str]:
        return (self.day, self.start or time(0), self.uid)


@dataclass(frozen=True)
class MorningTopic:
    day: date
    topic: str
    host: str | None
    content: str | None
    from_pattern: bool


@dataclass(frozen=True)
class BranchCalendar:
    branch: m.Branch
    work: WorkCalendar
    segments: tuple[Segment, ...]
    makeups: tuple[MakeUp, ...]
    events: tuple[tuple[m.CalendarEvent, str], ...]
    """One-off events with their UIDs."""
    morning: dict[date, MorningTopic] = field(default_factory=dict)
    months: tuple[str, ...] = ()
    """``YYYY-MM`` of every month in the branch's calendar period."""

    def occurrences(self, playbook: m.Playbook) -> list[Occurrence]:
        """Every dated item, sorted by day, time and UID; cancelled items included."""
        out: list[Occurrence] = []
        for seg in self.segments:
            attendees = seg.schedule.attendees or seg.meeting.attendees
            moved = {o.original for o in seg.overrides}
            cancelled = {c.date: c for c in seg.cancelled}
            off = {d for d, _ in seg.holidays}
            for day in seg.dates:
                if day in off or day in moved:
                    continue
                c = cancelled.get(day)
                out.append(
                    Occurrence(
                        seg.uid,
                        "series",
                        day,
                        seg.start,
                        seg.end,
                        seg.meeting.title,
                        seg.meeting.category,
                        seg.place,
                        attendees,
                        seg.meeting.id,
                        cancelled=c is not None,
                        note=cancelled_note(c.reason) if c else None,
                        recurrence_id=day,
                        anchor=f"{seg.schedule.id}-{day:%Y%m%d}",
                        schedule=seg.schedule.id,
                    )
                )
            for o in seg.overrides:
                out.append(
                    Occurrence(
                        seg.uid,
                        "override",
                        o.day,
                        o.start,
                        o.end,
                        seg.meeting.title,
                        seg.meeting.category,
                        o.place,
                        attendees,
                        seg.meeting.id,
                        note=f"由{words.month_day(o.original)}改期至此"
                        + (f"：{o.reason}" if o.reason else ""),
                        recurrence_id=o.original,
                        anchor=f"{seg.schedule.id}-{o.original:%Y%m%d}",
                        schedule=seg.schedule.id,
                    )
                )
        for mk in self.makeups:
            out.append(
                Occurrence(
                    mk.uid,
                    "makeup",
                    mk.day,
                    mk.start,
                    mk.end,
                    mk.meeting.title,
                    mk.meeting.category,
                    mk.place,
                    mk.schedule.attendees or mk.meeting.attendees,
                    mk.meeting.id,
                    cancelled=mk.cancelled is not None,
                    note=(
                        cancelled_note(mk.cancelled.reason)
                        if mk.cancelled
                        else f"{mk.name}：调休上班日照常举行"
                    ),
                    anchor=f"{mk.schedule.id}-{mk.day:%Y%m%d}",
                    schedule=mk.schedule.id,
                )
            )
        for ev, uid in self.events:
            out.append(
                Occurrence(
                    uid,
                    "event",
                    ev.date,
                    ev.start,
                    ev.end,
                    ev.title,
                    ev.category,
                    ev.place,
                    ev.attendees,
                    ev.link,
                    cancelled=ev.cancelled,
                    note=cancelled_note(ev.reason) if ev.cancelled else ev.reason,
                    description=ev.description,
                    anchor=ev.id,
                )
            )
        return sorted(out, key=lambda o: o.sort_key)


def _months(first: date, last: date) -> tuple[str, ...]:
    months = []
    y, mo = first.year, first.month
    while (y, mo) <= (last.year, last.month):
        months.append(f"{y:04d}-{mo:02d}")
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return tuple(months)


def schedule_bounds(branch: m.Branch, schedule: m.Schedule) -> tuple[date, date]:
    return (schedule.starts or branch.calendar_start, schedule.until or branch.calendar_end)


def scheduled_dates(schedule: m.Schedule, first: date, last: date, work: WorkCalendar) -> list[date]:
    """The dates the schedule really has a meeting, before cancellations and moves: its nominal
    dates except holidays (a schedule that asks for Saturdays keeps ordinary Saturdays), plus the
    make-up working weekend days for ``workdays`` meetings."""
    dates = [d for d in rule_dates(schedule, first, last) if d not in work.days_off]
    if schedule.repeat == "workdays":
        dates += [d for d in work.makeup if first <= d <= last and d.weekday() >= 5]
    return sorted(dates)


def pattern_slot(branch: m.Branch, weekday: int, day: date) -> m.MorningSlot | None:
    """The morning-pattern slot for ``weekday`` in force on ``day``: of the slots for that
    weekday, the one with the latest ``since`` on or before ``day`` (a slot without ``since``
    holds from the start)."""
    found: m.MorningSlot | None = None
    for slot in branch.morning_pattern:
        if m.WEEKDAYS.index(slot.day) != weekday or (slot.since is not None and slot.since > day):
            continue
        if found is None or (slot.since or date.min) >= (found.since or date.min):
            found = slot
    return found


def branch_calendar(
    playbook: m.Playbook, branch: m.Branch, work: WorkCalendar, domain: str
) -> BranchCalendar:
    """Work out everything on ``branch``'s calendar. The data must already be valid."""
    segments: list[Segment] = []
    makeups: list[MakeUp] = []
    for schedule in branch.schedules:
        meeting = playbook.get(schedule.meeting, m.Meeting)
        first, last = schedule_bounds(branch, schedule)
        changes = sorted(schedule.changes, key=lambda c: c.since)
        bounds = [first, *(c.since for c in changes), last + timedelta(days=1)]
        start, end, place = schedule.start, schedule.end, schedule.place
        for i, (seg_first, seg_next) in enumerate(pairwise(bounds)):
            change = changes[i - 1] if i > 0 else None
            if change is not None:
                start, end, place = change.start or start, change.end or end, change.place or place
            seg_last = seg_next - timedelta(days=1)
            dates = rule_dates(schedule, seg_first, seg_last)
            if not dates:
                continue
            uid_tail = f".{change.since:%Y%m%d}" if change else ""
            in_seg = set(dates)
            segments.append(
                Segment(
                    uid=f"{branch.id}.{schedule.id}{uid_tail}@{domain}",
                    branch=branch,
                    schedule=schedule,
                    meeting=meeting,
                    first=dates[0],
                    last=seg_last,
                    start=start,
                    end=end,
                    place=place,
                    rule=rule_text(schedule),
                    dates=tuple(dates),
                    holidays=tuple((d, work.days_off[d]) for d in dates if d in work.days_off),
                    cancelled=tuple(
                        sorted((c for c in schedule.cancelled if c.date in in_seg), key=lambda c: c.date)
                    ),
                    overrides=tuple(
                        Override(
                            mv.date, mv.to, mv.start or start, mv.end or end, mv.place or place, mv.reason
                        )
                        for mv in sorted(schedule.moved, key=lambda mv: mv.date)
                        if mv.date in in_seg
                    ),
                    change=change,
                    cut_short=seg_next <= last,
                )
            )
            if schedule.repeat == "workdays":
                for day, name in sorted(work.makeup.items()):
                    if seg_first <= day <= seg_last and day.weekday() >= 5:
                        makeups.append(
                            MakeUp(
                                f"{branch.id}.{schedule.id}.makeup-{day:%Y%m%d}@{domain}",
                                branch,
                                schedule,
                                meeting,
                                day,
                                start,
                                end,
                                place,
                                name,
                                next((c for c in schedule.cancelled if c.date == day), None),
                            )
                        )
    events: list[tuple[m.CalendarEvent, str]] = []
    morning: dict[date, MorningTopic] = {}
    if branch.morning_pattern:
        for day in _days(branch.calendar_start, branch.calendar_end):
            slot = pattern_slot(branch, day.weekday(), day)
            if slot is None and day in work.makeup:
                slot = pattern_slot(branch, 0, day)  # a make-up weekend day follows Monday's pattern
            if slot is not None and work.is_workday(day):
                morning[day] = MorningTopic(day, slot.topic, slot.host, slot.content, True)
    months = _months(branch.calendar_start, branch.calendar_end)
    for month in (playbook.months.get((branch.id, ym)) for ym in months):
        if month is None:
            continue
        for ev in month.events:
            events.append((ev, f"{branch.id}.{ev.id}.event@{domain}"))
        for md in month.morning:
            morning[md.date] = MorningTopic(md.date, md.topic, md.host, md.content, False)
    return BranchCalendar(
        branch=branch,
        work=work,
        segments=tuple(segments),
        makeups=tuple(makeups),
        events=tuple(sorted(events, key=lambda e: (e[0].date, e[0].start or time(0), e[1]))),
        morning=dict(sorted(morning.items())),
        months=months,
    )
