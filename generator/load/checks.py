"""Cross-checks that need the whole playbook (ids and references already resolved).

Each check returns problems pointing at the exact key of the exact file; none stops the others.
Checks that need dates worked out (a branch's schedules, clock changes) are in
:mod:`generator.calendar.checks`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from .. import model as m
from ..model.errors import Problem, quoted
from ..model.errors import problem_at as _at


def check_playbook(p: m.Playbook) -> list[Problem]:
    return [
        *_check_workflows(p),
        *_check_meetings(p),
        *_check_groups(p),
        *_check_meta(p),
        *_check_onboarding(p),
        *check_forms(p),
        *_check_glossary(p),
        *_check_versions(p),
        *check_rollout(p),
    ]


def _module_problem(p: m.Playbook, entity: m.Workflow | m.Meeting) -> Iterator[Problem]:
    if entity.module is None:
        return
    system = p.get(entity.system, m.System)
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


UID_DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+")
"""A host name in lowercase ASCII with at least one dot (``handbook.example.com``)."""


def _check_meta(p: m.Playbook) -> Iterator[Problem]:
    domain = p.meta.uid_domain
    if domain is None:
        yield _at(
            p.meta.src,
            "uid_domain",
            "缺少 uid_domain：日历（行事历订阅、推广实施里程碑）中每个事件的 UID 都以它结尾，必须写一次、以后不改；"
            "请补上，如 uid_domain: handbook.example.com（已经发布过日历的，写当时网站地址的主机名）",
        )
    elif not UID_DOMAIN.fullmatch(domain):
        yield _at(
            p.meta.src,
            "uid_domain",
            f"uid_domain {quoted(domain)} 应是一个域名：小写英文字母、数字、连字符和点，如 handbook.example.com",
        )
    seen: set[str] = set()
    for i, role in enumerate(p.meta.entry_roles, start=1):
        if role in seen:
            yield _at(p.meta.src, f"entry_roles[{i}]", f'角色 "{role}" 重复出现')
        seen.add(role)


def _check_onboarding(p: m.Playbook) -> Iterator[Problem]:
    roles = [r.id for r in p.roles]
    for role_id, path in p.onboarding.items():  # the file name is a role id (checked on loading)
        file = path.src.file if path.src else ""
        if f"{role_id}-onboarding" in roles:
            yield Problem(
                file,
                0,
                0,
                "",
                f'角色 "{role_id}-onboarding" 的页面与这条入门路径的页面 roles/{role_id}-onboarding.md 同名；'
                "请给该角色换一个 id",
            )
        if not any(getattr(path, stage) for stage in m.ONBOARDING_STAGES):
            yield Problem(
                file,
                0,
                0,
                "",
                f"入门路径中一项也没有；请在 {'、'.join(m.ONBOARDING_STAGES)} 中至少写一项，或删除这个文件",
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
            system = p.get(mod.system, m.System)
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
        phase = p.get(st.phase, m.Phase)
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


def check_forms(playbook: m.Playbook) -> list[Problem]:
    """Every form needs columns: they are the header of its printed sheet and its CSV template."""
    problems = []
    for form in playbook.forms:
        if not form.columns:
            assert form.src is not None, "every converted object has its source"
            line, column = form.src.at("columns")
            problems.append(
                Problem(
                    form.src.file,
                    line,
                    column,
                    form.src.sub("columns"),
                    f"表单没有栏目：“{form.title}”的打印表格和 CSV 模板需要表头；"
                    "请在 columns 下逐条列出表格的各栏，如“日期”“事项”“负责人”",
                )
            )
    return problems
