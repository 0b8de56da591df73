"""Reading *all* of ``data/`` into one checked :class:`Playbook` (phase one, with the calendar checks).

Nothing is rendered until this has succeeded. Every problem in every file is collected and raised
together as one :class:`DataError`.

Where things live is declared once, in :data:`generator.model.kinds.REGISTRY`: its sources are
patterns such as ``playbook.yaml``, ``roles/{id}.yaml`` (one entity per file, the id is the file
name) or ``calendars/{branch}/{month}.yaml``, and this module walks ``data/`` against them. Every
entity of a registered kind found anywhere (a role file, a KPI in ``kpis.yaml``, a warning inside
a category) is collected into :attr:`Playbook.entities`.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import model as m
from ..model.errors import DataError, Problem, quoted
from ..model.fields import public_fields
from ..model.kinds import REGISTRY, Source
from .checks import check_playbook
from .convert import INVALID, Converter, IdDecl, PendingRef, id_problem
from .files import EntryKind, entry_kind
from .yamlsource import read_yaml


def kind_title(name: str) -> str:
    """The Chinese name of the kind called ``name`` (``role`` → 角色), for messages."""
    return REGISTRY.kind(name).title


_KEYED: dict[type, str] = {
    m.MonthCalendar: "months",
    m.HolidayArrangement: "holidays",
    m.OnboardingPath: "onboarding",
}
"""Files kept by key (not entities): the :class:`Playbook` field each source fills."""

_SINGLE: dict[type, str] = {m.Meta: "meta", m.Culture: "culture", m.Rollout: "rollout"}
"""Single files the :class:`Playbook` keeps as they are (the catalogs give only their entities)."""


def read_playbook(data_dir: Path, *, shown_root: Path | None = None, lenient: bool = False) -> m.Playbook:
    """Read and check every file under ``data_dir``; raise :class:`DataError` on any problem.

    Checks everything the data says on its own; the checks that need calendars worked out are
    :func:`generator.calendar.checks.check_calendars` (both run in :func:`generator.site.load_playbook`)."""
    playbook, problems = read_and_check(data_dir, shown_root=shown_root, lenient=lenient)
    if problems and not lenient:
        raise DataError(problems)
    return playbook


def read_and_check(
    data_dir: Path, *, shown_root: Path | None = None, lenient: bool = False
) -> tuple[m.Playbook, list[Problem]]:
    """The playbook and the problems its cross-checks found; :class:`DataError` only when a file
    cannot be read or converted, or a reference is unknown (there is then no playbook to check).

    ``lenient`` reads an older version of the data (a git revision for ``playbook diff``, the release
    notes or the feeds' change history): keys the model no longer knows are skipped."""
    root = shown_root if shown_root is not None else data_dir.parent
    problems: list[Problem] = []
    ids: list[IdDecl] = []
    refs: list[PendingRef] = []
    sources = REGISTRY.sources
    kinds_by_class = REGISTRY.names()
    found: dict[Source, list[tuple[tuple[str, ...], Any]]] = {source: [] for source in sources}
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

    def convert(path: Path, source: Source, keys: tuple[str, ...], given_id: str | None) -> None:
        name = shown(path)
        node, read_problems = read_yaml(path, name)
        problems.extend(read_problems)
        conv = Converter(name, kinds_by_class, lenient=lenient)
        value = INVALID if node is None else conv.convert_root(node, source.cls, given_id=given_id)
        if node is None and given_id is None:
            unread.update(_declared_kinds(source.cls, kinds_by_class))
        problems.extend(conv.problems)
        ids.extend(conv.ids)
        refs.extend(conv.refs)
        if value is not INVALID:
            found[source].append((keys, value))
        elif not source.path.count("/"):
            found[source].append((keys, INVALID))  # a single file that is there, but wrong

    if entry_kind(data_dir, shown(data_dir), [root]) != "dir":
        raise DataError([Problem(shown(data_dir), 0, 0, "", "找不到数据文件夹")])
    roots = [root, data_dir]
    by_top = {source.top: source for source in sources}

    def refused(path: Path, problem: Problem) -> None:
        """A file that cannot be read: declare what it would have, so references to it are not
        reported as unknown too."""
        problems.append(problem)
        source = by_top.get(path.name) if path.parent == data_dir else by_top.get(path.parent.name)
        if source is None:
            return
        if source.one_per_file and path.parent.parent == data_dir and not id_problem(path.stem):
            ids.append(IdDecl(kinds_by_class[source.cls], path.stem, shown(path), 0, 0, ""))
        elif "/" not in source.path:
            unread.update(_declared_kinds(source.cls, kinds_by_class))
            found[source].append(((), INVALID))

    def entries(folder: Path) -> list[tuple[Path, EntryKind]]:
        """The entries of ``folder`` that are to be read, sorted; refused ones become problems."""
        out: list[tuple[Path, EntryKind]] = []
        for path in sorted(folder.iterdir()):
            if _ignored(path):
                continue
            kind = entry_kind(path, shown(path), roots)
            if isinstance(kind, Problem):
                refused(path, kind)
            else:
                out.append((path, kind))
        return out

    def walk(folder: Path, source: Source, segments: list[str], keys: tuple[str, ...]) -> None:
        """Read ``folder`` against the rest of ``source``'s path pattern."""
        hints = source.hints
        hint = hints[len(keys)] if len(keys) < len(hints) else ""
        segment, last = segments[0], len(segments) == 1
        name = segment.removesuffix(".yaml").strip("{}")
        for path, kind in entries(folder):
            if last != (kind == "file") or (last and path.suffix != ".yaml"):
                problems.append(_stray(shown(path), hint))
                continue
            key = path.stem if last else path.name
            rule = _KEY_RULES.get(name)
            if rule is not None and not rule(key):
                problems.append(_stray(shown(path), hint))
                continue
            if name == "id":
                message = id_problem(key)
                if message:
                    problems.append(Problem(shown(path), 0, 0, "", f"文件名即 id；{message}"))
                    continue
                ids.append(IdDecl(kinds_by_class[source.cls], key, shown(path), 0, 0, ""))
            elif name in {kind.name for kind in REGISTRY.kinds}:  # named after an entity: a reference
                refs.append(PendingRef((name,), key, shown(path), 0, 0, ""))
            if last:
                convert(path, source, (*keys, key), key if name == "id" else None)
            else:
                walk(path, source, segments[1:], (*keys, key))

    for path, kind in entries(data_dir):
        source = by_top.get(path.name)
        if source is None or (kind == "dir") != ("/" in source.path):
            problems.append(_stray(shown(path), _where_things_go(path.name, sources)))
        elif kind == "file":
            convert(path, source, (), None)
        else:
            walk(path, source, source.path.split("/")[1:], ())

    for source in sources:
        if found[source] or not source.required:
            continue
        where = data_dir / source.top
        if "/" not in source.path:
            unread.update(_declared_kinds(source.cls, kinds_by_class))
            problems.append(Problem(shown(where), 0, 0, "", "缺少这个文件"))
        elif not where.is_dir():
            problems.append(Problem(shown(where), 0, 0, "", f"缺少文件夹 data/{source.top}/"))
            unread.add(kinds_by_class[source.cls])

    _check_duplicate_ids(ids, problems)
    _check_refs(refs, ids, unread, problems)
    if problems or any(value is INVALID for items in found.values() for _, value in items):
        raise DataError(problems)

    playbook = _playbook(found)
    return playbook, check_playbook(playbook)


_KEY_RULES: dict[str, Callable[[str], bool]] = {
    "month": lambda key: bool(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", key)),
    "year": lambda key: bool(re.fullmatch(r"\d{4}", key)),
}
"""What a ``{month}`` or ``{year}`` in a source's path must look like."""


def _collect(value: Any, into: dict[type, list[Any]]) -> None:
    """Every entity of a registered kind in ``value`` (itself included), in reading order."""
    if type(value) in into:
        into[type(value)].append(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.metadata.get("internal"):
                continue
            item = getattr(value, f.name)
            for child in item if isinstance(item, tuple) else (item,):
                if dataclasses.is_dataclass(child):
                    _collect(child, into)


def _playbook(found: dict[Source, list[tuple[tuple[str, ...], Any]]]) -> m.Playbook:
    """The playbook from every converted file: entities collected by kind and put in order."""
    collected: dict[type, list[Any]] = {kind.cls: [] for kind in REGISTRY.kinds}
    single: dict[str, Any] = {}
    keyed: dict[str, dict[Any, Any]] = {field: {} for field in _KEYED.values()}
    for source, items in found.items():
        for keys, value in sorted(items, key=lambda item: item[0]):
            _collect(value, collected)
            if source.cls in _SINGLE:
                single[_SINGLE[source.cls]] = value
            elif source.cls in _KEYED:
                key: Any = keys[0] if len(keys) == 1 else keys
                keyed[_KEYED[source.cls]][int(key) if source.cls is m.HolidayArrangement else key] = value
    entities = {cls: _in_order(cls, items, collected) for cls, items in collected.items()}
    by_id = {e.id: e for items in entities.values() for e in items}
    return m.Playbook(
        meta=single["meta"],
        culture=single["culture"],
        rollout=single["rollout"],
        entities=entities,
        months=dict(sorted(keyed["months"].items())),
        holidays=dict(sorted(keyed["holidays"].items())),
        onboarding=dict(sorted(keyed["onboarding"].items())),
        by_id=by_id,
    )


def _in_order(cls: type, items: list[Any], collected: dict[type, list[Any]]) -> tuple[Any, ...]:
    """A kind's entities in the order pages list them: one-per-file kinds by ``order`` then id
    (workflows under their system and module, branches by id), KPIs by system, terms by pinyin;
    the rest as written."""
    systems = sorted(collected.get(m.System, []), key=lambda s: (s.order, s.id))
    rank = {s.id: i for i, s in enumerate(systems)}
    if cls is m.Workflow:
        modules = {s.id: [mod.title for mod in s.modules] for s in systems}

        def workflow_key(w: Any) -> tuple[int, int, str]:
            titles = modules.get(w.system, [])
            return (
                rank.get(w.system, 0),
                titles.index(w.module) if w.module in titles else len(titles),
                w.id,
            )

        return tuple(sorted(items, key=workflow_key))
    if cls is m.Kpi:
        return tuple(sorted(items, key=lambda k: (rank.get(k.system, 0), k.id)))
    if cls is m.Term:
        return tuple(sorted(items, key=lambda t: (t.pinyin, t.id)))
    kind = REGISTRY.kind_of(cls)
    if kind is not None and kind.folder:
        return tuple(sorted(items, key=lambda e: (getattr(e, "order", 0), e.id)))
    return tuple(items)


def _ignored(path: Path) -> bool:
    return path.name.startswith(".") or path.name.endswith("~") or path.suffix == ".md"


def _stray(file: str, message: str) -> Problem:
    return Problem(file, 0, 0, "", f"不认识的文件或文件夹：{message}")


def _where_things_go(name: str, sources: list[Source]) -> str:
    folders = [s.top for s in sources if "/" in s.path]
    files = [s.top for s in sources if "/" not in s.path]
    close = difflib.get_close_matches(name, [*folders, *files], n=1, cutoff=0.6)
    guess = f"是不是 data/{close[0]}{'/' if close[0] in folders else ''}？" if close else ""
    return (
        f"{guess}data/ 中只能有这些文件夹：{'、'.join(f'data/{f}/' for f in folders)}，"
        f"和这些文件：{'、'.join(f'data/{f}' for f in files)}"
    )


def _declared_kinds(cls: type, kinds_by_class: dict[type, str]) -> set[str]:
    """Kinds of entity whose ids a file holding ``cls`` declares (its own and nested ones)."""
    kinds = {kinds_by_class[cls]} if cls in kinds_by_class else set()
    hints = typing.get_type_hints(cls)
    for f in public_fields(cls):
        for tp in (hints[f.name], *typing.get_args(hints[f.name])):
            if isinstance(tp, type) and dataclasses.is_dataclass(tp):
                kinds |= _declared_kinds(tp, kinds_by_class)
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
                f'重复的 id "{decl.value}"：已在 {where} 定义为{kind_title(first.kind)}；'
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
        what = "或".join(kind_title(k) for k in ref.kinds)
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
        actually = f"（它是{'、'.join(kind_title(k) for k in sorted(kinds))}）" if kinds else ""
        if ref.line == 0 and not ref.path:  # named by its file or folder name (onboarding/<role>.yaml)
            named = "文件名" if ref.file.endswith(".yaml") else "文件夹名"
            message = (
                f"{named}应为{what} id：没有 id 为 {quoted(ref.value)} 的{what}{actually}{guess}（{listed}）"
            )
        else:
            message = f"未知{what} {quoted(ref.value)}{actually}{guess}（{listed}）"
        problems.append(Problem(ref.file, ref.line, ref.column, ref.path, message))
