"""Turn composed YAML nodes into typed model objects, collecting every problem.

The model's dataclasses (with their type hints and :func:`generator.model.doc`
metadata) are the only description of the data: this module checks unknown
keys, missing and mistyped fields and ids against them (YAML tags and aliases
are refused earlier, by :mod:`generator.yamlsource`);
:mod:`generator.schema` derives the JSON Schema from the same classes.

References to other entities cannot be checked while a single file is read,
so each one is recorded as a :class:`PendingRef` and checked by the loader
once every file is in.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
import typing
from dataclasses import dataclass
from datetime import date, time
from functools import cache
from typing import Any, Literal, Union

import yaml

from ..model.entities import Located, Src
from ..model.errors import Problem, quoted
from ..model.fields import ID_PATTERN, MAX_ID, public_fields
from ..model.words import join_cjk

_STD = "tag:yaml.org,2002:"

MAX_TEXT = 2000
"""Longest text value, in characters (the longest in the default playbook has about 120)."""

MIN_INT, MAX_INT = -1_000_000, 1_000_000
"""Range of whole numbers (counts, minutes, order) — far beyond any real value."""

FIRST_DATE, LAST_DATE = date(2000, 1, 1), date(2099, 12, 31)
"""Range of dates: a playbook, its calendars and releases all fall in this century."""

RETIRED: dict[tuple[str, str], str] = {
    ("CalendarEvent", "sequence"): (
        "不再需要 sequence：日历的修订号和修改时间由生成器根据 git 历史自动计算，改了时间、地点或取消时订阅者都会收到；"
        "请删除这一行"
    ),
}
"""Keys the model had once, by (class name, key), with what to do instead (older data is read with
``lenient`` and simply skips them)."""

TYPE_NAMES = {str: "文本", int: "整数", bool: "true 或 false", date: "日期（YYYY-MM-DD）"}


def id_problem(value: str) -> str | None:
    """Why ``value`` is not a valid id (Chinese), or ``None`` if it is valid."""
    if ID_PATTERN.match(value) and len(value) <= MAX_ID:
        return None
    if len(value) > MAX_ID:
        return f"id {quoted(value)} 太长：最多 {MAX_ID} 个字符"
    return (
        f"无效的 id {quoted(value)}：id 只能由小写英文字母、数字和单个连字符组成"
        f"（如 {quoted(suggest_id(value))}），不能有空格、大写、“/”或“..”"
    )


def suggest_id(value: str) -> str:
    words = re.findall(r"[a-z0-9]+", value.lower())
    return "-".join(words)[:MAX_ID].strip("-") or "my-id"


@dataclass(frozen=True)
class PendingRef:
    """A reference to be checked once all ids are known."""

    kinds: tuple[str, ...]
    value: str
    file: str
    line: int
    column: int
    path: str


@dataclass(frozen=True)
class IdDecl:
    """An id declared somewhere, with the kind of entity it names."""

    kind: str
    value: str
    file: str
    line: int
    column: int
    path: str


class _Invalid:
    """Marker for a value that could not be converted (a problem was recorded)."""


INVALID: Any = _Invalid()


def _kind_name(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "键值对（映射）"
    if isinstance(node, yaml.SequenceNode):
        return "列表"
    return quoted(node.value)


def _path(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def _shape(tp: Any) -> tuple[str, Any]:
    """What kind of model type ``tp`` is, computed once per type: (kind, detail)."""
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return ("optional", inner)
    if dataclasses.is_dataclass(tp):
        return ("dataclass", tp)
    if origin is tuple:
        return ("tuple", typing.get_args(tp)[0])
    if origin is Literal:
        return ("literal", typing.get_args(tp))
    if tp in (str, bool, int, date, time):
        return (tp.__name__, None)
    raise TypeError(f"unsupported model type {tp!r}")  # a bug in the model, not in data


@dataclass(frozen=True)
class _Plan:
    """How to read one dataclass, computed once per class."""

    fields: dict[str, dataclasses.Field[Any]]
    hints: dict[str, Any]
    refs: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    located: bool


@cache
def _plan(cls: type) -> _Plan:
    fields = {f.name: f for f in public_fields(cls)}
    return _Plan(
        fields=fields,
        hints={name: _hints(cls)[name] for name in fields},
        refs={name: f.metadata.get("ref", ()) for name, f in fields.items()},
        required=tuple(
            name
            for name, f in fields.items()
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        ),
        located=issubclass(cls, Located),
    )


class Converter:
    """Converts the nodes of one file; problems, ids and references accumulate."""

    def __init__(self, file: str, kind_of: dict[type, str], *, lenient: bool = False) -> None:
        self.file = file
        self.kind_of = kind_of
        self.lenient = lenient
        """Ignore keys the model does not know (reading an older version of the data)."""
        self.problems: list[Problem] = []
        self.refs: list[PendingRef] = []
        self.ids: list[IdDecl] = []

    # -------------------------------------------------------------- helpers
    def problem(self, node: yaml.Node | None, path: str, message: str) -> Any:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (0, 0)
        self.problems.append(Problem(self.file, line, column, path, message))
        return INVALID

    def convert_root(self, node: yaml.Node, cls: type, *, given_id: str | None = None) -> Any:
        """Convert a whole file's root node into ``cls`` (tags and aliases were refused on reading)."""
        return self.convert_dataclass(node, cls, "", given_id=given_id)

    # ----------------------------------------------------------- conversion
    def convert(self, node: yaml.Node, tp: Any, path: str, *, refs: tuple[str, ...] = ()) -> Any:
        kind, detail = _shape(tp)
        if kind == "optional":
            if self._is_null(node):
                return None
            return self.convert_value(node, detail, path, refs)
        if self._is_null(node):
            return self.problem(node, path, "不能为空；请填写内容")
        return self.convert_value(node, tp, path, refs)

    def convert_value(self, node: yaml.Node, tp: Any, path: str, refs: tuple[str, ...]) -> Any:
        kind, detail = _shape(tp)
        if kind == "dataclass":
            return self.convert_dataclass(node, tp, path)
        if kind == "tuple":
            if not isinstance(node, yaml.SequenceNode):
                return self.problem(node, path, f"应为列表（每项以“- ”开头），实际是 {_kind_name(node)}")
            items = [
                self.problem(child, f"{path}[{i}]", "列表项不能为空；请填写内容，或删除这一项")
                if self._is_null(child)
                else self.convert(child, detail, f"{path}[{i}]", refs=refs)
                for i, child in enumerate(node.value, start=1)
            ]
            return INVALID if any(x is INVALID for x in items) else tuple(items)
        if kind == "literal":
            value = self._scalar_text(node, path)
            if value is INVALID:
                return INVALID
            if value not in detail:
                choices = "、".join(detail)
                return self.problem(node, path, f"无效的取值 {quoted(value)}（可选：{choices}）")
            return value
        if tp is str:
            value = self._scalar_text(node, path)
            if value is INVALID:
                return INVALID
            if refs:
                line, column = node.start_mark.line + 1, node.start_mark.column + 1
                self.refs.append(PendingRef(refs, value, self.file, line, column, path))
            return value
        if tp is bool:
            if isinstance(node, yaml.ScalarNode) and node.tag == f"{_STD}bool":
                return node.value.lower() in ("true", "yes", "on")
            return self.problem(node, path, f"应为 true 或 false，实际是 {_kind_name(node)}")
        if tp is int:
            if isinstance(node, yaml.ScalarNode) and node.tag == f"{_STD}int":
                try:
                    number = int(node.value.replace("_", ""), 0)
                except ValueError:
                    pass
                else:
                    if MIN_INT <= number <= MAX_INT:
                        return number
                    return self.problem(node, path, f"数字太大或太小：应在 {MIN_INT} 至 {MAX_INT} 之间")
            in_quotes = isinstance(node, yaml.ScalarNode) and node.style in ('"', "'")
            if in_quotes and re.fullmatch(r"[-+]?\d+", node.value):
                return self.problem(
                    node, path, f"应为整数，实际是加了引号的文本 {quoted(node.value)}；请去掉引号"
                )
            return self.problem(node, path, f"应为整数，实际是 {_kind_name(node)}")
        if kind == "time":
            return self._time(node, path)
        return self._date(node, path)

    def _is_null(self, node: yaml.Node) -> bool:
        return isinstance(node, yaml.ScalarNode) and node.tag == f"{_STD}null"

    def _scalar_text(self, node: yaml.Node, path: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return self.problem(node, path, f"应为文本，实际是 {_kind_name(node)}")
        text = join_cjk(node.value.strip())  # YAML folds a line break into a space: not in Chinese
        if not text:
            return self.problem(node, path, "不能为空；请填写内容")
        if len(text) > MAX_TEXT:
            return self.problem(
                node, path, f"文字太长（{len(text)} 个字符）；每项最多 {MAX_TEXT} 个字符，请精简或分成几条"
            )
        return text

    def _date(self, node: yaml.Node, path: str) -> Any:
        if isinstance(node, yaml.ScalarNode) and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", node.value.strip()):
            y, m, d = (int(x) for x in node.value.strip().split("-"))
            try:
                value = date(y, m, d)
            except ValueError:
                return self.problem(
                    node, path, f"日期不存在：{quoted(node.value)}；请检查月份和日期（格式 YYYY-MM-DD）"
                )
            if not FIRST_DATE <= value <= LAST_DATE:
                return self.problem(
                    node, path, f"日期 {value} 超出范围：应在 {FIRST_DATE} 至 {LAST_DATE} 之间"
                )
            return value
        return self.problem(
            node, path, f"应为日期（格式 YYYY-MM-DD，如 2027-02-01），实际是 {_kind_name(node)}"
        )

    def _time(self, node: yaml.Node, path: str) -> Any:
        text = node.value.strip() if isinstance(node, yaml.ScalarNode) else ""
        match = re.fullmatch(r"(\d{1,2})[:：](\d{2})", text)
        if match:
            hour, minute = int(match.group(1)), int(match.group(2))
            if hour < 24 and minute < 60:
                return time(hour, minute)
            return self.problem(node, path, f"时间不存在：{quoted(text)}；小时为 0–23，分钟为 0–59")
        return self.problem(node, path, f"应为时间（格式 HH:MM，如 08:30），实际是 {_kind_name(node)}")

    def convert_dataclass(self, node: yaml.Node, cls: type, path: str, *, given_id: str | None = None) -> Any:
        plan = _plan(cls)
        fields = plan.fields
        if not isinstance(node, yaml.MappingNode):
            first = next(name for name in fields if not (given_id is not None and name == "id"))
            return self.problem(node, path, f"应为键值对（如“{first}: ……”），实际是 {_kind_name(node)}")
        values: dict[str, Any] = {}
        keys: dict[str, tuple[int, int]] = {}
        ok = True
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != f"{_STD}str":
                self.problem(key_node, path, f"键应为文本，实际是 {_kind_name(key_node)}")
                ok = False
                continue
            key = key_node.value
            if len(key) > MAX_ID:
                self.problem(key_node, path, f"键太长：{quoted(key)}")
                ok = False
                continue
            key_path = _path(path, key)
            if key in values or key in keys:
                self.problem(key_node, key_path, f'重复的键 "{key}"；同一层级每个键只能出现一次')
                ok = False
                continue
            if given_id is not None and key == "id":
                self.problem(
                    key_node, key_path, f"不需要写 id：id 就是文件名（{quoted(given_id)}）；请删除这一行"
                )
                ok = False
                continue
            if key not in fields:
                if self.lenient:
                    continue
                retired = RETIRED.get((cls.__name__, key))
                writable = [name for name in fields if not (given_id is not None and name == "id")]
                self.problem(key_node, key_path, retired or self._unknown_key_message(key, writable))
                ok = False
                continue
            keys[key] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
            if isinstance(value_node, yaml.SequenceNode):
                for i, item in enumerate(value_node.value, start=1):
                    keys[f"{key}[{i}]"] = (item.start_mark.line + 1, item.start_mark.column + 1)
            value = self.convert(value_node, plan.hints[key], key_path, refs=plan.refs[key])
            if value is INVALID:
                ok = False
            values[key] = value
        if given_id is not None and "id" in fields:
            values["id"] = given_id
        for name in plan.required:
            if name not in values:
                f = fields[name]
                example = f.metadata.get("example")
                hint = f"（{f.metadata['doc'].rstrip('。')}）" if f.metadata.get("doc") else ""
                tail = f"；请补上，如 {name}: {example}" if example is not None else "；请补上"
                self.problem(node, _path(path, name), f"缺少必填字段 {name}{hint}{tail}")
                ok = False
        if "id" in values and isinstance(values["id"], str) and given_id is None:
            id_node = next(v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "id")
            message = id_problem(values["id"])
            if message:
                self.problem(id_node, _path(path, "id"), message)
                ok = False
        kind = self.kind_of.get(cls)
        entity_id = values.get("id")
        if kind is not None and given_id is None and isinstance(entity_id, str) and not id_problem(entity_id):
            # Declared even when other fields are wrong, so references to it are not reported too.
            # File-name ids (``given_id``) are declared by the loader, readable file or not.
            line, column = keys["id"]
            self.ids.append(IdDecl(kind, entity_id, self.file, line, column, _path(path, "id")))
        if not ok:
            return INVALID
        src = Src(self.file, node.start_mark.line + 1, node.start_mark.column + 1, path, keys)
        if plan.located:
            values["src"] = src
        return cls(**values)

    @staticmethod
    def _unknown_key_message(key: str, allowed: list[str]) -> str:
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        guess = f'，是不是 "{close[0]}"？' if close else ""
        return f"未知的键 {quoted(key)}{guess}（可用的键：{'、'.join(allowed)}）"
