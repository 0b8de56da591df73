"""A hostile copy of a playbook: a payload in every text field of every kind, found from the model.

:func:`poison` walks each data file's YAML nodes together with the model class the loader reads
it as (``generator.load``'s tables) and the class's type hints, so a text field added to the
model later is poisoned too, without touching this file. Every text value ``v`` becomes
``hostile(v)``: the same function everywhere, so texts that must match each other (a workflow's
``module`` and its system's module ``title``, a step's ``phase``) still match. Optional text fields
the data leaves out are filled in with the payload too, except the few whose value must match
another one (:data:`NOT_ADDED`).

Not poisoned, because the loader accepts only a fixed form for them (an identifier, not text):
ids and references (``ref=``), choices (``Literal``), :data:`FORMATTED` fields.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.load.convert import _shape
from generator.model.fields import public_fields
from generator.model.kinds import REGISTRY

PAYLOAD = "\"'></title><script>alert(1)</script><img src=x onerror=alert(2)>[链接](https://evil.invalid) **粗** {: .x}&;,\\"
"""Breaks out of an attribute and of ``<title>``, opens a script and an image that runs script,
writes a Markdown link, emphasis and an attribute list, and carries the characters HTML
(``& < > " '``), iCalendar (``; , \\``) and CSV (``"`` ``,``) escape."""

FORMULA = "=HYPERLINK(1)"
"""Put first: a spreadsheet would run a cell starting with it as a formula."""

FORMATTED = {
    ("Branch", "timezone"),
    ("Meta", "version"),
    ("Meta", "uid_domain"),
    ("PastRelease", "version"),
    ("PastRelease", "git"),
}
"""Text fields the loader checks against a fixed form (time zone names, version numbers, a domain, git revisions)."""

NOT_ADDED = {"phase", "module", "id"}
"""Optional fields not filled in where the data leaves them out: their values must match others."""


def hostile(text: str) -> str:
    return f"{FORMULA}{text}{PAYLOAD}"


@dataclass
class Poisoned:
    """What :func:`poison` changed."""

    fields: set[tuple[str, str]] = field(default_factory=set)
    """(class name, field name) of every text field given a payload."""


def text_fields(cls: type, seen: set[type] | None = None) -> set[tuple[str, str]]:
    """Every (class name, field) holding free text, in ``cls`` and the classes nested in it."""
    seen = set() if seen is None else seen
    if cls in seen:
        return set()
    seen.add(cls)
    found: set[tuple[str, str]] = set()
    hints = typing.get_type_hints(cls)
    for f in public_fields(cls):
        tp = _inner(hints[f.name])
        if dataclasses.is_dataclass(tp):
            found |= text_fields(tp, seen)  # type: ignore[arg-type]
        elif _is_text(cls, f, tp):
            found.add((cls.__name__, f.name))
    return found


def all_text_fields() -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for source in REGISTRY.sources:
        out |= text_fields(source.cls)
    return out


def _inner(tp: Any) -> Any:
    """The type inside ``X | None`` and ``tuple[X, ...]``."""
    kind, detail = _shape(tp)
    if kind == "optional":
        return _inner(detail)
    if kind == "tuple":
        return _inner(detail)
    return tp


def _is_text(cls: type, f: dataclasses.Field[Any], tp: Any) -> bool:
    return (
        tp is str and not f.metadata.get("ref") and f.name != "id" and (cls.__name__, f.name) not in FORMATTED
    )


def _is_tuple(tp: Any) -> bool:
    kind, detail = _shape(tp)
    return _shape(detail)[0] == "tuple" if kind == "optional" else kind == "tuple"


def _scalar(text: str) -> yaml.ScalarNode:
    return yaml.ScalarNode("tag:yaml.org,2002:str", text, style='"')


def _walk(node: yaml.Node, cls: type, out: Poisoned) -> None:
    if not isinstance(node, yaml.MappingNode):
        return
    hints = typing.get_type_hints(cls)
    present = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    fields = {f.name: f for f in public_fields(cls)}
    for key, value in node.value:
        f = fields.get(key.value)
        if f is None:
            continue
        tp = _inner(hints[f.name])
        if dataclasses.is_dataclass(tp):
            for child in value.value if isinstance(value, yaml.SequenceNode) else [value]:
                _walk(child, tp, out)  # type: ignore[arg-type]
        elif _is_text(cls, f, tp):
            for child in value.value if isinstance(value, yaml.SequenceNode) else [value]:
                if isinstance(child, yaml.ScalarNode):
                    child.value, child.style, child.tag = hostile(child.value), '"', "tag:yaml.org,2002:str"
                    out.fields.add((cls.__name__, f.name))
    for name, f in fields.items():
        tp = _inner(hints[name])
        if name in present or name in NOT_ADDED or not _is_text(cls, f, tp):
            continue
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            continue
        added: yaml.Node = _scalar(hostile("补"))
        if _is_tuple(hints[name]):
            added = yaml.SequenceNode("tag:yaml.org,2002:seq", [added])
        node.value.append((_scalar(name), added))
        out.fields.add((cls.__name__, name))


def _class_of(data: Path, file: Path) -> type | None:
    top = file.relative_to(data).parts[0]
    return next((s.cls for s in REGISTRY.sources if s.top == top), None)


def poison(data: Path) -> Poisoned:
    """Rewrite every YAML file under ``data`` in place with payloads; return what was changed."""
    out = Poisoned()
    for file in sorted(data.rglob("*.yaml")):
        cls = _class_of(data, file)
        if cls is None:
            continue
        root = yaml.compose(file.read_text(encoding="utf-8"))
        _walk(root, cls, out)
        file.write_text(yaml.serialize(root, allow_unicode=True, width=10_000), encoding="utf-8")
    return out


def hostile_post(title: str = "总部公告") -> str:
    """An announcement whose front-matter title carries the payload."""
    return (
        "---\n"
        "date: 2027-04-01\n"
        "slug: hostile-title\n"
        "categories: [通知]\n"
        f"title: '{hostile(title).replace(chr(39), chr(39) * 2)}'\n"
        "---\n\n"
        "正文第一段。\n"
    )
