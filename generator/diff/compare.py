"""``playbook diff OLD NEW``: what changed between two versions of ``data/``, in Chinese.

The comparison is made on the loaded model (:class:`generator.model.Playbook`), never on the
YAML text, so formatting, comments, key order and quoting cannot show up as changes.

How the two versions are matched:

* entities by id, across all kinds; an entity removed under one id and added under another of the
  same kind is a *rename* (“id 由 a 改为 b”) when the title is the same or at least
  :data:`RENAME_SIMILARITY` of its other fields are equal. References to a renamed id are
  translated before comparing, so the entities that merely follow the rename are not reported;
* items of a list (workflow steps, agenda items, schedules…) by their title or id, never by
  position: a step that moved reads “第 1 步“研究公司计划”移到第 3 步”; only the items outside
  the longest common order count as moved;
* everything else field by field, labelled in Chinese and showing titles, not ids.

The result (:class:`Diff`) is grouped by system (workflows, meetings, KPIs, groups and forms under
their system) and by the other headings the kinds declare (:func:`sections`).
:func:`generator.diff.text.render_diff_text` writes it for the terminal,
:func:`generator.render.releases.render_release_notes` as a Markdown page. Reading the two
versions (a folder or a git revision) is :mod:`generator.load.versions`'s job.
"""

from __future__ import annotations

import dataclasses
import difflib
import typing
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, time
from typing import Any, Literal

from .. import model as m
from ..model.kinds import REGISTRY, SYSTEM_SECTION, Kind, title_of

RENAME_SIMILARITY = 0.9
"""Share of equal fields (id aside) from which a removed and an added entity are one, renamed."""

META_SECTION = "手册"
ROLLOUT_SECTION = "推广实施"
CALENDAR_SECTION = "支公司与行事历"
ROLE_SECTION = "角色"


def _system_optional(kind: Kind) -> bool:
    """Whether an entity of ``kind`` may have no system (a form): it then goes under the kind's title."""
    return type(None) in typing.get_args(typing.get_type_hints(kind.cls).get("system"))


def section_of(kind: Kind, entity: Any) -> str:
    """The heading an entity's changes go under: ``system:<id>`` or a fixed heading."""
    if kind.diff_section != SYSTEM_SECTION:
        return kind.diff_section
    system = getattr(entity, "system", None)
    return f"system:{system}" if system else kind.title


def sections() -> tuple[str, ...]:
    """Headings after the systems' own, in the order of the kinds they hold (the playbook's own
    meta comes first, as 手册): 角色, 表单, 预警, 术语, 职场文化, 推广实施, 支公司与行事历 …"""
    headings: dict[str, None] = {}
    for kind in REGISTRY.kinds:
        if kind.diff_section != SYSTEM_SECTION:
            headings[kind.diff_section] = None
        elif _system_optional(kind):
            headings[kind.title] = None
    for part in (ROLE_SECTION, ROLLOUT_SECTION, CALENDAR_SECTION):
        headings.setdefault(part, None)
    return tuple(headings)


Status = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class EntityChange:
    """One entity (or one part of the playbook without an id) that differs between the versions."""

    status: Status
    label: str
    """How the entity is named in a sentence: ``流程“计划目标制定”`` (empty for 手册 itself)."""
    id: str | None
    """Its id in NEW (in OLD if removed); None for parts without an id (a month's 行事历…)."""
    details: tuple[str, ...] = ()
    """What changed, one sentence each (only for ``changed``)."""


@dataclass(frozen=True)
class Section:
    """The changes under one heading: a system's title, or one of :func:`sections`."""

    title: str
    changes: tuple[EntityChange, ...]


@dataclass(frozen=True)
class Diff:
    """Everything that differs between two versions of a playbook, grouped under headings."""

    old_version: str
    new_version: str
    old_released: date
    new_released: date
    sections: tuple[Section, ...]

    @property
    def empty(self) -> bool:
        return not self.sections


# ----------------------------------------------------------------- the items compared


@dataclass(frozen=True)
class _Item:
    key: str
    """Identity across versions: the id, or ``meta``, ``month:<branch>/<YYYY-MM>``…"""
    kind: str
    id: str | None
    label: str
    section: str
    """A system id (``system:<id>``) or one of :func:`sections` / :data:`META_SECTION`."""
    value: Any
    skip: frozenset[str] = frozenset()
    """Fields compared elsewhere (a warning category's warnings are items of their own)."""


def _entity(kind: Kind, entity: Any) -> _Item:
    label = f"{kind.title}“{title_of(entity)}”"
    nested = frozenset(f for f in _entity_fields(kind.cls))  # compared as items of their own
    return _Item(entity.id, kind.name, entity.id, label, section_of(kind, entity), entity, nested)


def _entity_fields(cls: type) -> list[str]:
    """Fields of ``cls`` holding entities of a registered kind (a category's warnings)."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        args = typing.get_args(hints[f.name]) or (hints[f.name],)
        if any(REGISTRY.kind_of(a) is not None for a in args if isinstance(a, type)):
            out.append(f.name)
    return out


def _items(p: m.Playbook) -> Iterator[_Item]:
    yield _Item("meta", "meta", None, "", META_SECTION, p.meta)
    for kind in REGISTRY.kinds:
        entity: Any
        for entity in p.of(kind.cls):
            yield _entity(kind, entity)
    yield _Item(
        "rollout",
        "rollout",
        None,
        "推广实施要求与结语",
        ROLLOUT_SECTION,
        p.rollout,
        frozenset(_entity_fields(m.Rollout)),
    )
    for r_id, path in sorted(p.onboarding.items()):
        title = title_of(p.by_id[r_id]) if r_id in p.by_id else r_id
        yield _Item(f"onboarding:{r_id}", "onboarding", None, f"“{title}”入门路径", ROLE_SECTION, path)
    for (b_id, month), cal in sorted(p.months.items()):
        title = title_of(p.by_id[b_id]) if b_id in p.by_id else b_id
        yield _Item(f"month:{b_id}/{month}", "month", None, f"{title} {month} 行事历", CALENDAR_SECTION, cal)
    for year, arrangement in sorted(p.holidays.items()):
        yield _Item(
            f"holidays:{year}", "holidays", None, f"{year} 年节假日安排", CALENDAR_SECTION, arrangement
        )


# ------------------------------------------------------------------------- renames


def _translate(value: Any, renames: dict[str, str], refs: bool = False) -> Any:
    """``value`` with every reference to a renamed id replaced by the new id."""
    if not renames:
        return value
    if isinstance(value, str):
        return renames.get(value, value) if refs else value
    if isinstance(value, tuple):
        return tuple(_translate(v, renames, refs) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if f.name == "src" or not f.init:
                continue
            old = getattr(value, f.name)
            new = _translate(old, renames, bool(f.metadata.get("ref")))
            if new is not old and new != old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def _compared_fields(item: _Item) -> list[dataclasses.Field[Any]]:
    return [
        f
        for f in dataclasses.fields(item.value)
        if f.name not in ("src", "id") and f.name not in item.skip and f.init
    ]


def _similarity(old: _Item, new: _Item, renames: dict[str, str]) -> float:
    fields = _compared_fields(new)
    if not fields:
        return 0.0
    translated = _translate(old.value, renames)
    equal = sum(bool(getattr(translated, f.name) == getattr(new.value, f.name)) for f in fields)
    return equal / len(fields)


def _find_renames(removed: list[_Item], added: list[_Item]) -> dict[str, str]:
    """Old id → new id for removed/added entities that are one renamed entity."""
    renames: dict[str, str] = {}
    taken: set[str] = set()
    for old in removed:  # same kind and title: surely the same entity
        for new in added:
            if new.key not in taken and new.kind == old.kind and title_of(new.value) == title_of(old.value):
                renames[old.key] = new.key
                taken.add(new.key)
                break
    for old in removed:  # then by content, with the renames found so far applied
        if old.key in renames:
            continue
        best = max(
            (n for n in added if n.key not in taken and n.kind == old.kind),
            key=lambda n: (_similarity(old, n, renames), n.key),
            default=None,
        )
        if best is not None and _similarity(old, best, renames) >= RENAME_SIMILARITY:
            renames[old.key] = best.key
            taken.add(best.key)
    return renames


# ------------------------------------------------------------------ field-level diff

FIELD_LABELS: dict[str, str] = {
    "title": "名称",
    "owner": "负责人",
    "phase": "阶段",
    "detail": "执行内容",
    "substeps": "细分事项",
    "outputs": "表单",
    "parallel": "与上一步同时进行",
    "note": "说明",
    "assumption": "补充假设",
    "purpose": "目的",
    "system": "所属系统",
    "module": "所属模块",
    "lanes": "泳道",
    "steps": "步骤",
    "continuous": "贯穿全程的工作",
    "order": "排序",
    "aliases": "别称",
    "positioning": "角色定位",
    "duties": "职责",
    "reports_to": "直接上级",
    "daily_model": "日工作模式",
    "name": "名称",
    "count": "数量",
    "activity": "活动",
    "modules": "模块",
    "main_work": "主要工作",
    "content": "内容",
    "outcome": "结果",
    "description": "说明",
    "leaders": "组长",
    "formed_by": "组建人",
    "selection": "成员产生方式",
    "member_criteria": "成员标准",
    "member_roles": "成员来源",
    "size": "人数",
    "seats": "岗位",
    "workflow": "运作流程",
    "category": "类别",
    "frequency": "频率",
    "duration_minutes": "时长",
    "minutes": "时长",
    "attendees": "参会人",
    "requirements": "总体要求",
    "preparation": "会前准备",
    "agenda": "议程",
    "feedback": "反馈和改进措施",
    "forms": "表单",
    "definition": "定义",
    "formula": "计算公式",
    "unit": "单位",
    "period": "统计周期",
    "measured_roles": "考核角色",
    "trigger": "触发条件",
    "acted_by": "跟进角色",
    "concerns": "针对角色",
    "action": "措施",
    "filled_by": "填写人",
    "when": "填写时间",
    "columns": "栏目",
    "term": "术语",
    "pinyin": "拼音",
    "see": "相关条目",
    "rules": "规范",
    "items": "条款",
    "principles": "推广实施要求",
    "starts": "开始",
    "systems": "推行的系统",
    "groups": "组建的功能组",
    "closing": "结语",
    "version": "版本",
    "released": "发布日期",
    "sample": "示例数据",
    "address": "地址",
    "timezone": "时区",
    "calendar_start": "行事历开始日期",
    "calendar_end": "行事历结束日期",
    "schedules": "例会安排",
    "morning_pattern": "早会每周模板",
    "exceptions": "批准的例外",
    "standard": "会议标准",
    "per": "计次周期",
    "at_least": "至少次数",
    "at_most": "最多次数",
    "days_of_month": "每月举行的日子",
    "first": "从",
    "last": "到",
    "weekdays": "举行的星期",
    "introduces": "新推行的会议和流程",
    "check": "偏离类别",
    "approved": "批准日期",
    "approved_by": "批准人",
    "meeting": "会议",
    "repeat": "重复方式",
    "days": "星期",
    "week": "每月第几个",
    "start": "开始时间",
    "end": "结束时间",
    "place": "地点",
    "until": "结束日期",
    "cancelled": "取消场次",
    "moved": "改期场次",
    "changes": "时间地点调整",
    "since": "生效日期",
    "to": "改到",
    "reason": "原因",
    "day": "星期",
    "topic": "主题",
    "host": "主持人",
    "events": "活动",
    "morning": "早会主题",
    "date": "日期",
    "link": "对应页面",
    "sequence": "修订次数",
    "source": "出处",
    "published": "发布日期",
    "days_off": "放假安排",
    "workdays": "调休上班",
    "target": "条目",
    **m.ONBOARDING_STAGES,
    "first_day": "第一天",  # 入职 only for the new agent; other roles are promoted or appointed into
}
"""Chinese names of the fields, as they appear in a change (fields not listed use their doc)."""

CLASS_FIELD_LABELS: dict[tuple[type, str], str] = {
    (m.DailyModel, "items"): "活动",
    (m.Schedule, "starts"): "开始日期",
    (m.Schedule, "attendees"): "参加人",
    (m.CalendarEvent, "attendees"): "参加人",
    (m.Phase, "starts"): "开始时间",
    (m.Form, "purpose"): "用途",
    (m.Group, "duties"): "工作内容",
}


UNITS: dict[str, str] = {"duration_minutes": " 分钟", "minutes": " 分钟", "count": " 个"}
"""Units written after a field's numbers (时长由 45 分钟改为 50 分钟)."""

PLAIN_FIELDS = frozenset({"version", "unit", "pinyin", "timezone", "category", "repeat", "count"})
"""String fields shown as they are, not quoted as text: codes and short values."""


def _field_label(cls: type, f: dataclasses.Field[Any]) -> str:
    if (cls, f.name) in CLASS_FIELD_LABELS:
        return CLASS_FIELD_LABELS[(cls, f.name)]
    if f.name in FIELD_LABELS:
        return FIELD_LABELS[f.name]
    text = f.metadata.get("doc") or f.name
    for stop in "，。（：(":
        text = text.split(stop, 1)[0]
    return text.removesuffix(" id").removesuffix("id").strip() or f.name


@dataclass(frozen=True)
class _Context:
    old: m.Playbook
    new: m.Playbook

    def ref_title(self, entity_id: str) -> str:
        for p in (self.new, self.old):
            if entity_id in p.by_id:
                return title_of(p.by_id[entity_id])
        return entity_id

    def scalar(self, value: Any, ref: bool) -> str:
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, time):
            return value.strftime("%H:%M")
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, str):
            return self.ref_title(value) if ref else value
        return str(value)


def _quote(text: str) -> str:
    return f"“{text}”"


def _diff_fields(old: Any, new: Any, skip: frozenset[str], ctx: _Context) -> list[str]:
    lines: list[str] = []
    for f in dataclasses.fields(new):
        if f.name in ("src", "id") or f.name in skip or not f.init:
            continue
        a, b = getattr(old, f.name), getattr(new, f.name)
        if a != b:
            lines.extend(_diff_value(_field_label(type(new), f), a, b, f, ctx))
    return lines


def _diff_value(label: str, a: Any, b: Any, f: dataclasses.Field[Any], ctx: _Context) -> list[str]:
    ref = bool(f.metadata.get("ref"))
    quoted = not ref and f.name not in PLAIN_FIELDS
    if isinstance(a, tuple) and isinstance(b, tuple):
        if any(dataclasses.is_dataclass(x) for x in (*a, *b)):
            return _diff_list(label, f.name, a, b, ctx)
        return [_diff_strings(label, a, b, ref, ctx)]
    if a is None or b is None:
        shown = b if a is None else a
        quoted_shown = quoted and isinstance(shown, str)
        text = "" if dataclasses.is_dataclass(shown) else _shown(ctx.scalar(shown, ref), quoted_shown)
        return [f"新增{label}{text}"] if a is None else [f"删除{label}{text}"]
    if dataclasses.is_dataclass(b):
        return [f"{label}：{line}" for line in _diff_fields(a, b, frozenset(), ctx)]
    old_text, new_text = ctx.scalar(a, ref), ctx.scalar(b, ref)
    if not (quoted and isinstance(b, str)):
        unit = UNITS.get(f.name, "")
        return [f"{label}由 {old_text}{unit} 改为 {new_text}{unit}"]
    if len(old_text) + len(new_text) > 60:
        return [f"{label}改为{_quote(new_text)}"]
    return [f"{label}由{_quote(old_text)}改为{_quote(new_text)}"]


def _shown(text: str, quoted: bool) -> str:
    return _quote(text) if quoted else f" {text}"


def _diff_strings(label: str, a: tuple[Any, ...], b: tuple[Any, ...], ref: bool, ctx: _Context) -> str:
    def show(values: list[Any]) -> str:
        return "、".join(_quote(ctx.scalar(v, ref)) for v in values)

    added = [v for v in b if v not in a]
    removed = [v for v in a if v not in b]
    parts = []
    if added:
        parts.append(f"新增{show(added)}")
    if removed:
        parts.append(f"删除{show(removed)}")
    if not parts:
        parts.append("顺序调整" if Counter(a) == Counter(b) else "条目重复次数改变")
    return f"{label}：{'；'.join(parts)}"


def _item_name(item: Any, ctx: _Context) -> str:
    """How an element of a list is called: its title, or what identifies it."""
    if isinstance(item, m.Schedule):
        return ctx.ref_title(item.meeting) if item.id == item.meeting else item.id
    if isinstance(item, m.OnboardingItem):
        return item.title or ctx.ref_title(item.target)
    if isinstance(item, m.MorningSlot) and item.since is not None:
        return f"{item.day}（{ctx.scalar(item.since, False)}起）"
    if isinstance(item, m.ApprovedException):
        return ctx.ref_title(item.standard)
    for attr in ("title", "activity", "name", "day", "since", "date"):
        if hasattr(item, attr):
            return ctx.scalar(getattr(item, attr), False)
    return ""


def _item_key(item: Any) -> Any:
    if isinstance(item, m.MorningSlot):
        return (item.day, item.since)
    if isinstance(item, m.ApprovedException):
        return (item.standard, item.check)
    for attr in ("id", "title", "target", "activity", "name", "day", "since", "date"):
        if hasattr(item, attr):
            return getattr(item, attr)
    return None


def _keyed(items: tuple[Any, ...], key: Callable[[Any], Any]) -> list[tuple[Any, int]]:
    """(key, n-th occurrence of that key) for each item, so repeated keys still pair up in order."""
    seen: Counter[Any] = Counter()
    out = []
    for item in items:
        k = key(item)
        out.append((k, seen[k]))
        seen[k] += 1
    return out


def _diff_list(
    label: str, field_name: str, a: tuple[Any, ...], b: tuple[Any, ...], ctx: _Context
) -> list[str]:
    sample = (a or b)[0]
    if _item_key(sample) is None:  # nothing identifies the elements: compare position by position
        keys_a, keys_b = list(enumerate(a)), list(enumerate(b))
        old_keys = [(i, 0) for i, _ in keys_a]
        new_keys = [(i, 0) for i, _ in keys_b]
    else:
        old_keys, new_keys = _keyed(a, _item_key), _keyed(b, _item_key)
    old_at = {k: i for i, k in enumerate(old_keys)}
    new_at = {k: i for i, k in enumerate(new_keys)}
    steps = field_name == "steps"

    def name(item: Any, position: int) -> str:
        if steps:
            return f"第 {position + 1} 步{_quote(_item_name(item, ctx))}"
        return f"{label}{_quote(_item_name(item, ctx))}"

    common_old = [k for k in old_keys if k in new_at]
    common_new = [k for k in new_keys if k in old_at]
    matcher = difflib.SequenceMatcher(None, common_old, common_new, autojunk=False)
    stable = {common_old[blk.a + i] for blk in matcher.get_matching_blocks() for i in range(blk.size)}

    lines: list[str] = []
    for k in old_keys:
        if k not in new_at:
            lines.append(f"删除{name(a[old_at[k]], old_at[k])}")
    for k in new_keys:
        i, j = old_at.get(k), new_at[k]
        if i is None:
            lines.append(f"新增{name(b[j], j)}")
            continue
        if k not in stable:
            where = f"移到第 {j + 1} 步" if steps else f"由第 {i + 1} 项移到第 {j + 1} 项"
            lines.append(f"{name(a[i], i)}{where}")
        if a[i] != b[j]:
            lines.extend(f"{name(b[j], j)}{line}" for line in _diff_fields(a[i], b[j], frozenset(), ctx))
    return lines


# ------------------------------------------------------------------------ the diff


def diff_playbooks(old: m.Playbook, new: m.Playbook) -> Diff:
    """Every difference in content between ``old`` and ``new``, grouped by system and heading."""
    ctx = _Context(old, new)
    old_items = {i.key: i for i in _items(old)}
    new_items = {i.key: i for i in _items(new)}
    removed = [i for k, i in old_items.items() if k not in new_items and i.id]
    added = [i for k, i in new_items.items() if k not in old_items and i.id]
    renames = _find_renames(removed, added)
    for prefix in ("onboarding:", "month:"):  # parts keyed by a (renamed) entity's id
        for key in [k for k in old_items if k.startswith(prefix)]:
            owner, _, rest = key.removeprefix(prefix).partition("/")
            if owner in renames:
                moved_key = f"{prefix}{renames[owner]}" + (f"/{rest}" if rest else "")
                old_items[moved_key] = old_items.pop(key)
    old_key_of_new = {new_key: old_key for old_key, new_key in renames.items()}

    changes: list[tuple[str, _Item, EntityChange]] = []
    for key, item in new_items.items():
        old_key = old_key_of_new.get(key, key)
        before = old_items.get(old_key)
        if before is None:
            changes.append((item.section, item, EntityChange("added", item.label, item.id)))
            continue
        details = [f"id 由 {old_key} 改为 {key}"] if old_key != key else []
        details += _diff_fields(_translate(before.value, renames), item.value, item.skip, ctx)
        if details:
            changes.append((item.section, item, EntityChange("changed", item.label, item.id, tuple(details))))
    renamed_old = set(renames)
    for key, item in old_items.items():
        if key in new_items or key in renamed_old:
            continue
        section = item.section
        if section.startswith("system:"):
            section = "system:" + renames.get(
                section.removeprefix("system:"), section.removeprefix("system:")
            )
        changes.append((section, item, EntityChange("removed", item.label, item.id)))
    return Diff(
        old_version=old.meta.version,
        new_version=new.meta.version,
        old_released=old.meta.released,
        new_released=new.meta.released,
        sections=_grouped(changes, old, new, renames),
    )


_PARTS_AFTER: dict[str, str] = {"onboarding": "role", "month": "branch", "holidays": "branch"}
"""Parts of the playbook that are no entities, listed after the kind they belong with."""


def kind_order() -> list[str]:
    """The order of kinds (and other parts) within a heading: the registry's, parts inserted."""
    order = ["meta"]
    for kind in REGISTRY.kinds:
        if kind.name == "phase":
            order.append("rollout")
        order.append(kind.name)
        order += [part for part, after in _PARTS_AFTER.items() if after == kind.name]
    order += [part for part in ("rollout", *_PARTS_AFTER) if part not in order]
    return order


STATUS_ORDER = ("changed", "added", "removed")


def _grouped(
    changes: list[tuple[str, _Item, EntityChange]], old: m.Playbook, new: m.Playbook, renames: dict[str, str]
) -> tuple[Section, ...]:
    systems: dict[str, tuple[int, str]] = {}
    for s in old.systems:
        systems[f"system:{renames.get(s.id, s.id)}"] = (1000 + s.order, s.title)
    for s in new.systems:
        systems[f"system:{s.id}"] = (s.order, s.title)
    order = {META_SECTION: (-1, META_SECTION)} | systems
    order |= {title: (10_000 + i, title) for i, title in enumerate(sections())}
    kinds = kind_order()

    by_section: dict[str, list[tuple[_Item, EntityChange]]] = {}
    for section, item, change in changes:
        by_section.setdefault(section, []).append((item, change))

    def change_key(pair: tuple[_Item, EntityChange]) -> tuple[int, int, str, str]:
        item, change = pair
        return (kinds.index(item.kind), STATUS_ORDER.index(change.status), change.label, item.key)

    return tuple(
        Section(order[s][1], tuple(c for _, c in sorted(by_section[s], key=change_key)))
        for s in sorted(by_section, key=lambda s: (order[s][0], s))
    )


def changed_ids(diff: Diff) -> set[str]:
    """Ids (in NEW) of the entities added or changed: the pages to mark “本版更新”."""
    return {c.id for s in diff.sections for c in s.changes if c.id is not None and c.status != "removed"}
