"""JSON Schema for every data file, derived from the model's dataclasses.

Each file in ``data/`` starts with ``# yaml-language-server: $schema=…`` pointing
at one of these, so an editor (VS Code with the YAML extension, for example)
completes keys, shows the Chinese descriptions and flags typos as you type.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, time
from typing import Any, Literal, Union

from .fields import ID_PATTERN, public_fields
from .kinds import REGISTRY

DRAFT = "http://json-schema.org/draft-07/schema#"


def _type_schema(tp: Any, *, skip_id: bool = False) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return {"anyOf": [_type_schema(inner), {"type": "null"}]}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _object_schema(tp, skip_id=skip_id)
    if origin is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(tp)[0])}
    if origin is Literal:
        return {"enum": list(typing.get_args(tp))}
    if tp is str:
        return {"type": "string", "minLength": 1}
    if tp is int:
        return {"type": "integer"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is date:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if tp is time:
        return {"type": ["string", "integer"], "pattern": r"^\d{1,2}[:：]\d{2}$", "description": "HH:MM"}
    raise TypeError(f"unsupported model type {tp!r}")


def _object_schema(cls: type, *, skip_id: bool = False) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in public_fields(cls):
        if skip_id and f.name == "id":
            continue
        prop = _type_schema(hints[f.name])
        description = f.metadata.get("doc", "")
        refs = [r for r in f.metadata.get("ref", ()) if r]
        if refs:
            description += f"（填写 id，引用：{'、'.join(refs)}）"
        if f.name == "id":
            prop["pattern"] = ID_PATTERN.pattern
        if description:
            prop["description"] = description
        properties[f.name] = prop
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
    if cls.__doc__:
        schema["description"] = cls.__doc__.strip().splitlines()[0]
    if required:
        schema["required"] = required
    return schema


def schemas() -> dict[str, dict[str, Any]]:
    """``{file name: schema}`` for every kind of data file."""
    out: dict[str, dict[str, Any]] = {}
    for source in REGISTRY.sources:
        schema = {"$schema": DRAFT, "title": source.schema}
        schema.update(_object_schema(source.cls, skip_id=source.one_per_file))
        out[f"{source.schema}.schema.json"] = schema
    return out


def render_schemas() -> dict[str, str]:
    return {name: json.dumps(s, ensure_ascii=False, indent=2) + "\n" for name, s in sorted(schemas().items())}
