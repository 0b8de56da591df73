"""Cross-checks that need the whole playbook (ids and references already resolved).

Each check returns problems pointing at the exact key of the exact file; none
stops the others.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import model as m
from .errors import Problem


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
