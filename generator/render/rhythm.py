"""A role's rhythm (我的岗位): what it does every day, week and month, assembled from the model.

Nothing here is written by hand: the daily work model comes from the role, the meetings and
their times from each branch's schedules (whoever attends: the schedule's attendees, else the
meeting's), the monthly stages from workflows with phases in which the role owns a step.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as m

CADENCE_ORDER = ("每天", "每周", "每月")


@dataclass(frozen=True)
class Slot:
    """One recurring meeting of the role at a branch."""

    cadence: str  # 每天 / 每周 / 每月
    when: str  # 工作日 08:30–09:30, 每周一 16:00–17:30, 每月最后一个周五 15:00–17:00
    meeting: m.Meeting
    place: str
    schedule: m.Schedule


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


def _when(schedule: m.Schedule) -> tuple[str, str]:
    span = f"{schedule.start:%H:%M}–{schedule.end:%H:%M}"
    days = "、".join(d.removeprefix("周") for d in schedule.days)
    if schedule.repeat == "workdays":
        return "每天", f"工作日 {span}"
    if schedule.repeat == "weekly":
        return "每周", f"每周{days} {span}"
    nth = "最后一个" if schedule.week == -1 else f"第{schedule.week}个"
    return "每月", f"每月{nth}周{days} {span}"


def branch_rhythms(playbook: m.Playbook, role_id: str) -> list[BranchRhythm]:
    """The role's recurring meetings at every branch, daily first, each cadence by start time."""
    out = []
    for b in playbook.branches:
        slots = []
        for s in b.schedules:
            if not _attends(playbook, s, role_id):
                continue
            cadence, when = _when(s)
            slots.append(Slot(cadence, when, playbook.get(s.meeting, m.Meeting), s.place, s))
        slots.sort(key=lambda x: (CADENCE_ORDER.index(x.cadence), x.schedule.start, x.schedule.id))
        events = any(
            role_id in ev.attendees
            for (branch_id, _month), cal in playbook.months.items()
            if branch_id == b.id
            for ev in cal.events
        )
        feed = f"feeds/{b.id}/role-{role_id}.ics" if slots or events else None
        out.append(BranchRhythm(b, tuple(slots), feed))
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
