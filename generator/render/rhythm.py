"""When and where meetings are held at each branch: a role's rhythm (我的节奏) and a meeting's
branches, assembled from the model.

Nothing here is written by hand: the daily work model comes from the role, the meetings and
their times from each branch's schedules (whoever attends: the schedule's attendees, else the
meeting's), the monthly stages from workflows with phases in which the role owns a step.

A schedule's ``changes`` (“from 1 March on, 08:45”) and its ``starts``/``until`` cut it into
*periods*; each is shown with its dates (“工作日 08:30–09:30（至2月28日）”, “3月1日起
08:45–09:45”), and the page's script hides the periods that are over. Two schedules of the same
meeting at a branch (a course held in March and again in June) are one row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from itertools import pairwise

from .. import model as m
from ..calendar.occurrences import pattern_text
from ..model import words

CADENCE_ORDER = ("每天", "每周", "每月")

INLINE_BRANCHES = 20
"""Up to this many branches, role and meeting pages list every branch's times and places (the
reader's own first, by the page's script); with more, they link to the reader's branch page
instead, so that a page does not grow with the number of branches (a province has hundreds)."""


@dataclass(frozen=True)
class Period:
    """A stretch of a schedule at one time and place, ``first`` to ``last`` inclusive."""

    first: date
    last: date
    start: time
    end: time
    place: str
    text: str
    """工作日 08:30–09:30（至2月28日） · 3月1日起 08:45–09:45 · 3月1日–30日 工作日 10:10–11:40"""


@dataclass(frozen=True)
class Slot:
    """One meeting of the role (or of the page) at a branch: all its periods, in date order."""

    cadence: str  # 每天 / 每周 / 每月
    meeting: m.Meeting
    periods: tuple[Period, ...]

    @property
    def when(self) -> str:
        return "；".join(p.text for p in self.periods)

    @property
    def places(self) -> tuple[str, ...]:
        """The places, each once, in date order."""
        return tuple(dict.fromkeys(p.place for p in self.periods))


@dataclass(frozen=True)
class BranchRhythm:
    branch: m.Branch
    slots: tuple[Slot, ...]
    feed: str | None
    """Site path of the role's feed at this branch (None if the role attends nothing there)."""


@dataclass(frozen=True)
class MonthlyStage:
    """A phase of a phased workflow (月度主管收入分析: 月初分析会 …) with the role's steps in it."""

    workflow: m.Workflow
    phase: str
    steps: tuple[tuple[int, m.Step], ...]


def _attends(playbook: m.Playbook, schedule: m.Schedule, role_id: str) -> bool:
    meeting = playbook.get(schedule.meeting, m.Meeting)
    return role_id in (schedule.attendees or meeting.attendees)


def cadence_of(schedule: m.Schedule) -> str:
    return {"workdays": "每天", "weekly": "每周"}.get(schedule.repeat, "每月")


def periods(branch: m.Branch, schedule: m.Schedule) -> tuple[Period, ...]:
    """The schedule's periods at ``branch``, each with the text that shows it."""
    first = schedule.starts or branch.calendar_start
    last = schedule.until or branch.calendar_end
    changes = sorted((c for c in schedule.changes if first < c.since <= last), key=lambda c: c.since)
    bounds = [first, *(c.since for c in changes), last + timedelta(days=1)]
    start, end, place = schedule.start, schedule.end, schedule.place
    pattern = pattern_text(schedule)
    out = []
    for i, (p_first, p_next) in enumerate(pairwise(bounds)):
        if i > 0:
            c = changes[i - 1]
            start, end, place = c.start or start, c.end or end, c.place or place
        p_last = p_next - timedelta(days=1)
        span = f"{words.clock(start)}–{words.clock(end)}"
        from_start, to_end = p_first == branch.calendar_start, p_last == branch.calendar_end
        if from_start and to_end:
            text = f"{pattern} {span}"
        elif from_start:
            text = f"{pattern} {span}（至{words.month_day(p_last)}）"
        elif to_end:
            text = (
                f"{words.month_day(p_first)}起 {span}"
                if i > 0
                else f"{words.month_day(p_first)}起{pattern} {span}"
            )
        else:
            text = f"{words.day_span(p_first, p_last)}{'' if i > 0 else pattern} {span}"
        out.append(Period(p_first, p_last, start, end, place, text))
    return tuple(out)


def slots(playbook: m.Playbook, branch: m.Branch, schedules: Iterable[m.Schedule]) -> tuple[Slot, ...]:
    """One slot per meeting (its schedules' periods together), daily first, each cadence by the
    start time of its first period."""
    by_meeting: dict[str, list[m.Schedule]] = {}
    for s in schedules:
        by_meeting.setdefault(s.meeting, []).append(s)
    out = []
    for meeting_id, group in by_meeting.items():
        group.sort(key=lambda s: (s.starts or branch.calendar_start, s.id))
        out.append(
            Slot(
                cadence_of(group[0]),
                playbook.get(meeting_id, m.Meeting),
                tuple(p for s in group for p in periods(branch, s)),
            )
        )
    out.sort(key=lambda x: (CADENCE_ORDER.index(x.cadence), x.periods[0].start, x.meeting.id))
    return tuple(out)


def many_branches(playbook: m.Playbook) -> int:
    """The number of branches when there are too many for role and meeting pages to list them
    (:data:`INLINE_BRANCHES`); 0 when they list every branch."""
    return len(playbook.branches) if len(playbook.branches) > INLINE_BRANCHES else 0


def branch_rhythms(playbook: m.Playbook, role_id: str) -> list[BranchRhythm]:
    """The role's recurring meetings at every branch."""
    out = []
    with_events = {
        branch_id
        for (branch_id, _month), cal in playbook.months.items()
        if any(role_id in ev.attendees for ev in cal.events)
    }
    for b in playbook.branches:
        mine = slots(playbook, b, (s for s in b.schedules if _attends(playbook, s, role_id)))
        events = b.id in with_events
        feed = f"feeds/{b.id}/role-{role_id}.ics" if mine or events else None
        out.append(BranchRhythm(b, mine, feed))
    return out


def meeting_branches(playbook: m.Playbook, meeting_id: str) -> list[tuple[m.Branch, Slot | None]]:
    """Every branch with when and where it holds the meeting (None: no regular schedule)."""
    out: list[tuple[m.Branch, Slot | None]] = []
    for b in playbook.branches:
        found = slots(playbook, b, (s for s in b.schedules if s.meeting == meeting_id))
        out.append((b, found[0] if found else None))
    return out


def monthly_stages(playbook: m.Playbook, role_id: str) -> list[MonthlyStage]:
    """Phases of phased workflows in which the role owns a step, in workflow order."""
    out: list[MonthlyStage] = []
    for w in playbook.workflows:
        phases: dict[str, list[tuple[int, m.Step]]] = {}
        for number, step in enumerate(w.steps, start=1):
            if step.phase and step.owner == role_id:
                phases.setdefault(step.phase, []).append((number, step))
        out.extend(MonthlyStage(w, phase, tuple(steps)) for phase, steps in phases.items())
    return out
