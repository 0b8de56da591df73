"""Reading *all* of ``data/`` into one checked :class:`Playbook` (phase one, with the calendar checks).

Nothing is rendered until this has succeeded. Every problem in every file is
collected and raised together as one :class:`DataError`.

Where things live (one explicit place per fact, so an editor finds it in one try):

=========================  ==========================================
``data/playbook.yaml``     title, version, why and what (:class:`Meta`)
``data/roles/<id>.yaml``   one role per file (:class:`Role`)
``data/systems/<id>.yaml`` one system per file
``data/workflows/<id>.yaml`` one workflow per file
``data/groups/<id>.yaml``  one functional group per file
``data/meetings/<id>.yaml`` one meeting per file
``data/kpis.yaml``         key indicators
``data/warnings.yaml``     warnings by category
``data/forms.yaml``        forms and records
``data/glossary.yaml``     glossary
``data/culture.yaml``      boards, etiquette, office rules, corporate culture
``data/rollout.yaml``      the rollout plan
``data/onboarding/<role>.yaml`` a role's onboarding path (optional)
=========================  ==========================================
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import typing
from pathlib import Path
from typing import Any

from .. import model as m
from ..model.errors import DataError, Problem, quoted
from ..model.fields import public_fields
from .checks import check_playbook
from .convert import INVALID, Converter, IdDecl, PendingRef, id_problem
from .files import EntryKind, entry_kind
from .yamlsource import read_yaml

PER_FILE: dict[str, type] = {
    "roles": m.Role,
    "systems": m.System,
    "workflows": m.Workflow,
    "groups": m.Group,
    "meetings": m.Meeting,
    "branches": m.Branch,
}
"""Folders of ``data/`` holding one entity per file (the id is the file name)."""

OPTIONAL_FOLDERS = {"branches"}
"""Folders a playbook may leave out (a handbook without calendars)."""

NESTED: dict[str, type] = {
    "calendars": m.MonthCalendar,
    "holidays": m.HolidayArrangement,
    "onboarding": m.OnboardingPath,
}
"""``data/calendars/<branch>/<YYYY-MM>.yaml`` (a branch's month), ``data/holidays/<YYYY>.yaml``
(a year's official holiday arrangement) and ``data/onboarding/<role>.yaml`` (a role's onboarding
path; the file name must be a role id, checked by :mod:`generator.validate`); all optional."""

SINGLE: dict[str, type] = {
    "playbook.yaml": m.Meta,
    "kpis.yaml": m.KpiCatalog,
    "warnings.yaml": m.WarningCatalog,
    "forms.yaml": m.FormCatalog,
    "glossary.yaml": m.Glossary,
    "culture.yaml": m.Culture,
    "rollout.yaml": m.Rollout,
}
"""Files of ``data/`` holding one kind each."""

KIND_OF: dict[type, str] = {
    m.Role: "role",
    m.System: "system",
    m.Workflow: "workflow",
    m.Group: "group",
    m.Meeting: "meeting",
    m.Kpi: "kpi",
    m.WarningCategory: "warning-category",
    m.TrackingWarning: "warning",
    m.Form: "form",
    m.Term: "term",
    m.EtiquetteArea: "etiquette",
    m.OfficeRule: "office-rule",
    m.CultureItem: "culture",
    m.Phase: "phase",
    m.Branch: "branch",
}
"""The kind of entity each id-carrying class declares."""

KIND_NAMES: dict[str, str] = {
    "role": "角色",
    "system": "系统",
    "workflow": "流程",
    "group": "功能组",
    "meeting": "会议",
    "kpi": "指标",
    "warning-category": "预警类别",
    "warning": "预警",
    "form": "表单",
    "term": "术语",
    "etiquette": "礼仪类别",
    "office-rule": "职场制度",
    "culture": "文化条目",
    "phase": "实施阶段",
    "branch": "支公司",
}
"""Chinese names of the kinds, for messages."""


def _singular(folder: str) -> str:
    return folder.removesuffix("es") if folder.endswith("ches") else folder.removesuffix("s")


def schema_name(cls: type) -> str:
    """File name stem of the JSON Schema for a top-level class (``role``, ``branch``, ``kpis``...)."""
    for folder, c in PER_FILE.items():
        if c is cls:
            return _singular(folder)
    for name, c in SINGLE.items():
        if c is cls:
            return name.removesuffix(".yaml")
    for folder, c in NESTED.items():
        if c is cls:
            return _singular(folder)
    raise KeyError(cls)


def read_playbook(data_dir: Path, *, shown_root: Path | None = None) -> m.Playbook:
    """Read and check every file under ``data_dir``; raise :class:`DataError` on any problem.

    Checks everything the data says on its own; the checks that need calendars worked out are
    :func:`generator.calendar.checks.check_calendars` (both run in :func:`generator.site.load_playbook`)."""
    playbook, problems = read_and_check(data_dir, shown_root=shown_root)
    if problems:
        raise DataError(problems)
    return playbook


def read_and_check(data_dir: Path, *, shown_root: Path | None = None) -> tuple[m.Playbook, list[Problem]]:
    """The playbook and the problems its cross-checks found; :class:`DataError` only when a file
    cannot be read or converted, or a reference is unknown (there is then no playbook to check)."""
    root = shown_root if shown_root is not None else data_dir.parent
    problems: list[Problem] = []
    ids: list[IdDecl] = []
    refs: list[PendingRef] = []
    per_file: dict[str, list[Any]] = {folder: [] for folder in PER_FILE}
    single: dict[str, Any] = {}
    months: dict[tuple[str, str], m.MonthCalendar] = {}
    arrangements: dict[int, m.HolidayArrangement] = {}
    onboarding: dict[str, m.OnboardingPath] = {}
    # Kinds declared in a file that is missing or could not be read: unknown ids of these kinds are
    # not reported, as they may well be in that file.
    unread: set[str] = set()

    absolute_root = Path(os.path.abspath(root))

    def shown(path: Path) -> str:
        """The file's name in messages: relative to the project, links not followed."""
        try:
            return Path(os.path.abspath(path)).relative_to(absolute_root).as_posix()
        except ValueError:
            return path.as_posix()

    def convert(path: Path, cls: type, given_id: str | None) -> Any:
        name = shown(path)
        node, found = read_yaml(path, name)
        problems.extend(found)
        conv = Converter(name, KIND_OF)
        value = INVALID if node is None else conv.convert_root(node, cls, given_id=given_id)
        if node is None and given_id is None:
            unread.update(_declared_kinds(cls))
        problems.extend(conv.problems)
        ids.extend(conv.ids)
        refs.extend(conv.refs)
        return value

    if entry_kind(data_dir, shown(data_dir), [root]) != "dir":
        raise DataError([Problem(shown(data_dir), 0, 0, "", "找不到数据文件夹")])
    roots = [root, data_dir]

    def entries(folder: Path) -> list[tuple[Path, EntryKind]]:
        """The entries of ``folder`` that are to be read, sorted; refused ones become problems.

        The id a refused one-entity file would declare (its name) is declared anyway, and the
        kinds a refused catalog would declare are marked unread: references to them are then
        not reported as unknown too."""
        out: list[tuple[Path, EntryKind]] = []
        for path in sorted(folder.iterdir()):
            if _ignored(path):
                continue
            kind = entry_kind(path, shown(path), roots)
            if not isinstance(kind, Problem):
                out.append((path, kind))
                continue
            problems.append(kind)
            if folder.name in PER_FILE and folder.parent == data_dir and not id_problem(path.stem):
                ids.append(IdDecl(KIND_OF[PER_FILE[folder.name]], path.stem, shown(path), 0, 0, ""))
            elif folder == data_dir and path.name in SINGLE:
                unread.update(_declared_kinds(SINGLE[path.name]))
        return out

    for path, kind in entries(data_dir):
        name = path.name
        if kind == "dir" and name in PER_FILE:
            for file, file_kind in entries(path):
                if file_kind == "dir" or file.suffix != ".yaml":
                    problems.append(_stray(shown(file), f"data/{name}/ 中只能放 .yaml 文件（每个文件一项）"))
                    continue
                message = id_problem(file.stem)
                if message:
                    problems.append(Problem(shown(file), 0, 0, "", f"文件名即 id；{message}"))
                    continue
                ids.append(IdDecl(KIND_OF[PER_FILE[name]], file.stem, shown(file), 0, 0, ""))
                value = convert(file, PER_FILE[name], file.stem)
                if value is not INVALID:
                    per_file[name].append(value)
        elif kind == "file" and name in SINGLE:
            single[name] = convert(path, SINGLE[name], None)
        elif kind == "dir" and name == "calendars":
            for branch_dir, branch_kind in entries(path):
                if branch_kind != "dir":
                    problems.append(
                        _stray(
                            shown(branch_dir), "data/calendars/ 中每个支公司一个文件夹（以支公司 id 命名）"
                        )
                    )
                    continue
                refs.append(PendingRef(("branch",), branch_dir.name, shown(branch_dir), 0, 0, ""))
                for file, file_kind in entries(branch_dir):
                    month = _month_of(file) if file_kind == "file" else None
                    if month is None:
                        problems.append(
                            _stray(shown(file), "文件名应为月份，如 2027-02.yaml（每月一个文件）")
                        )
                        continue
                    value = convert(file, m.MonthCalendar, None)
                    if value is not INVALID:
                        months[(branch_dir.name, month)] = value
        elif kind == "dir" and name == "holidays":
            for file, file_kind in entries(path):
                if not (file_kind == "file" and file.suffix == ".yaml" and re.fullmatch(r"\d{4}", file.stem)):
                    problems.append(_stray(shown(file), "文件名应为年份，如 2027.yaml（每年一个文件）"))
                    continue
                value = convert(file, m.HolidayArrangement, None)
                if value is not INVALID:
                    arrangements[int(file.stem)] = value
        elif kind == "dir" and name == "onboarding":
            for file, file_kind in entries(path):
                if file_kind == "dir" or file.suffix != ".yaml":
                    problems.append(
                        _stray(
                            shown(file),
                            "data/onboarding/ 中每个角色一个 .yaml 文件，以角色 id 命名，如 agent.yaml",
                        )
                    )
                    continue
                value = convert(file, m.OnboardingPath, None)
                if value is not INVALID:
                    onboarding[file.stem] = value
        else:
            problems.append(_stray(shown(path), _where_things_go(name)))

    for name, cls in SINGLE.items():
        if name not in single:
            unread.update(_declared_kinds(cls))
            if not any(p.file == shown(data_dir / name) for p in problems):  # not refused: missing
                problems.append(Problem(shown(data_dir / name), 0, 0, "", "缺少这个文件"))
    for folder, items in per_file.items():
        if not items and not (data_dir / folder).is_dir() and folder not in OPTIONAL_FOLDERS:
            problems.append(Problem(shown(data_dir / folder), 0, 0, "", f"缺少文件夹 data/{folder}/"))
            unread.add(KIND_OF[PER_FILE[folder]])

    _check_duplicate_ids(ids, problems)
    _check_refs(refs, ids, unread, problems)
    if problems or any(v is INVALID for v in single.values()):
        raise DataError(problems)

    def by_order(items: list[Any]) -> tuple[Any, ...]:
        return tuple(sorted(items, key=lambda x: (getattr(x, "order", 0), x.id)))

    systems = by_order(per_file["systems"])
    system_rank = {s.id: i for i, s in enumerate(systems)}

    def workflow_key(w: m.Workflow) -> tuple[int, int, str]:
        modules = [mod.title for mod in next(s for s in systems if s.id == w.system).modules]
        return (system_rank[w.system], modules.index(w.module) if w.module in modules else len(modules), w.id)

    playbook = m.Playbook(
        meta=single["playbook.yaml"],
        roles=by_order(per_file["roles"]),
        systems=systems,
        workflows=tuple(sorted(per_file["workflows"], key=workflow_key)),
        groups=by_order(per_file["groups"]),
        meetings=by_order(per_file["meetings"]),
        kpis=tuple(sorted(single["kpis.yaml"].kpis, key=lambda k: (system_rank[k.system], k.id))),
        warning_categories=single["warnings.yaml"].categories,
        forms=single["forms.yaml"].forms,
        terms=tuple(sorted(single["glossary.yaml"].terms, key=lambda t: (t.pinyin, t.id))),
        culture=single["culture.yaml"],
        rollout=single["rollout.yaml"],
        branches=tuple(sorted(per_file["branches"], key=lambda b: b.id)),
        months=dict(sorted(months.items())),
        holidays=dict(sorted(arrangements.items())),
        onboarding=dict(sorted(onboarding.items())),
    )
    _index(playbook)
    return playbook, check_playbook(playbook)


def _month_of(file: Path) -> str | None:
    """``2027-02`` for ``2027-02.yaml``; None if the name is not a real month."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", file.stem)
    if file.suffix != ".yaml" or not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return file.stem


def _ignored(path: Path) -> bool:
    return path.name.startswith(".") or path.name.endswith("~") or path.suffix == ".md"


def _stray(file: str, message: str) -> Problem:
    return Problem(file, 0, 0, "", f"不认识的文件或文件夹：{message}")


def _where_things_go(name: str) -> str:
    folders = [f"data/{f}/" for f in (*PER_FILE, *NESTED)]
    files = [f"data/{f}" for f in SINGLE]
    close = difflib.get_close_matches(name, [*PER_FILE, *NESTED, *SINGLE], n=1, cutoff=0.6)
    guess = f"是不是 data/{close[0]}{'' if close[0] in SINGLE else '/'}？" if close else ""
    return f"{guess}data/ 中只能有这些文件夹：{'、'.join(folders)}，和这些文件：{'、'.join(files)}"


def _declared_kinds(cls: type) -> set[str]:
    """Kinds of entity whose ids a file holding ``cls`` declares (its own and nested ones)."""
    kinds = {KIND_OF[cls]} if cls in KIND_OF else set()
    hints = typing.get_type_hints(cls)
    for f in public_fields(cls):
        for tp in (hints[f.name], *typing.get_args(hints[f.name])):
            if dataclasses.is_dataclass(tp):
                kinds |= _declared_kinds(tp)
    return kinds


def _check_duplicate_ids(ids: list[IdDecl], problems: list[Problem]) -> None:
    """Report every id declared more than once. File names come first: of two entities sharing an id,
    the one whose id is written as ``id:`` in a catalog is reported, a file name being harder to change."""
    registry: dict[str, IdDecl] = {}
    for decl in sorted(ids, key=lambda d: (d.line != 0, d.file, d.line, d.column)):
        first = registry.get(decl.value)
        if first is None:
            registry[decl.value] = decl
            continue
        where = first.file if first.line == 0 else f"{first.file}:{first.line}:{first.column}"
        what = "请换一个文件名" if decl.line == 0 else "请换一个"
        problems.append(
            Problem(
                decl.file,
                decl.line,
                decl.column,
                decl.path,
                f'重复的 id "{decl.value}"：已在 {where} 定义为{KIND_NAMES[first.kind]}；'
                f"整个手册中 id 必须唯一，{what}",
            )
        )


def _check_refs(refs: list[PendingRef], ids: list[IdDecl], unread: set[str], problems: list[Problem]) -> None:
    # An id declared twice is reported once, by _check_duplicate_ids; references to it are fine.
    kinds_of: dict[str, set[str]] = {}
    for d in ids:
        kinds_of.setdefault(d.value, set()).add(d.kind)
    for ref in refs:
        kinds = kinds_of.get(ref.value, set())
        if kinds & set(ref.kinds) or ("*" in ref.kinds and kinds):
            continue
        if not kinds and (unread & set(ref.kinds) or ("*" in ref.kinds and unread)):
            continue  # it may be in the file that could not be read
        if "*" in ref.kinds:
            close = difflib.get_close_matches(ref.value, sorted(kinds_of), n=1, cutoff=0.6)
            guess = f'，是不是 "{close[0]}"？' if close else ""
            message = f"未知的 id {quoted(ref.value)}{guess}（这里可以写手册中任何一项的 id）"
            problems.append(Problem(ref.file, ref.line, ref.column, ref.path, message))
            continue
        what = "或".join(KIND_NAMES[k] for k in ref.kinds)
        choices = sorted(value for value, k in kinds_of.items() if k & set(ref.kinds))
        close = difflib.get_close_matches(ref.value, choices, n=1, cutoff=0.6)
        guess = f'，是不是 "{close[0]}"？' if close else ""
        if not choices:
            listed = f"目前还没有任何{what}"
        elif len(choices) > 20:
            nearest = difflib.get_close_matches(ref.value, choices, n=5, cutoff=0.0)
            listed = f"可选：{'、'.join(nearest)} 等"
        else:
            listed = "可选：" + "、".join(choices)
        actually = f"（它是{'、'.join(KIND_NAMES[k] for k in sorted(kinds))}）" if kinds else ""
        problems.append(
            Problem(
                ref.file,
                ref.line,
                ref.column,
                ref.path,
                f"未知{what} {quoted(ref.value)}{actually}{guess}（{listed}）",
            )
        )


def _index(playbook: m.Playbook) -> None:
    p = playbook
    entities: list[Any] = [
        *p.roles,
        *p.systems,
        *p.workflows,
        *p.groups,
        *p.meetings,
        *p.kpis,
        *p.warning_categories,
        *p.warnings,
        *p.forms,
        *p.terms,
        *p.culture.boards,
        *p.culture.etiquette,
        *p.culture.rules,
        *p.culture.corporate,
        *p.rollout.phases,
        *p.branches,
    ]
    p.by_id.update({e.id: e for e in entities})
