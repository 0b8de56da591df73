"""The JSON Schemas in ``schema/`` are current, and every data file points its editor at one."""

from __future__ import annotations

import json
import re

from conftest import REPO

from generator.model.kinds import REGISTRY
from generator.model.schema import render_schemas


def test_committed_schemas_are_up_to_date() -> None:
    expected = render_schemas()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "schema").glob("*.json")}
    assert on_disk == expected, "run `make schema` and commit schema/"


def test_every_data_file_references_the_schema_of_its_kind() -> None:
    wrong = []
    for data in (REPO / "data",):
        for path in sorted(data.rglob("*.yaml")):
            rel = path.relative_to(data)
            [source] = [s for s in REGISTRY.sources if s.top == rel.parts[0]]
            kind = source.schema
            prefix = "../" * len(rel.parts)
            first = path.read_text(encoding="utf-8").splitlines()[0]
            if first != f"# yaml-language-server: $schema={prefix}schema/{kind}.schema.json":
                wrong.append(f"{path.relative_to(REPO)}: {first}")
    assert wrong == []


def test_schema_describes_fields_in_chinese_and_forbids_unknown_keys() -> None:
    schemas = {name: json.loads(text) for name, text in render_schemas().items()}
    assert sorted(schemas) == sorted(f"{s.schema}.schema.json" for s in REGISTRY.sources)
    assert len(schemas) == 16
    workflow = schemas["workflow.schema.json"]
    assert workflow["additionalProperties"] is False
    assert "id" not in workflow["properties"]  # the file name is the id
    owner = workflow["properties"]["steps"]["items"]["properties"]["owner"]
    assert re.search(r"[\u4e00-\u9fff]", owner["description"])
    assert "title" in workflow["required"]
