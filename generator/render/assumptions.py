"""待确认的补充假设 (``overview/assumptions.md``): every ``assumption:`` in ``data/`` on one page,
with its file and line, grouped by system — what HQ still has to confirm or replace. Pure.

Found by walking the whole model (every dataclass field, every list), so nothing written in the
data is missed, whatever kind or nesting it has: a step of a workflow, an agenda item, a KPI, a
rollout phase. Each is listed under the system of the nearest thing that has one (a step under
its workflow's system), else under its kind (角色、预警…) or its file.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .. import model as m
from ..model.kinds import REGISTRY, title_of
from .links import Linker, has_page, target_of
from .templating import md_escape, render

PAGE = "overview/assumptions.md"
"""Source path of the page."""

FILE_SECTIONS = {
    "playbook.yaml": "体系总览",
    "rollout.yaml": "推广实施",
    "culture.yaml": "职场文化",
    "onboarding": "入门路径",
    "calendars": "支公司与行事历",
    "branches": "支公司与行事历",
}
"""Section of an assumption outside any system, by the first part of its file's path under data/."""


KIND_SECTIONS = {"warning-category": "预警"}
"""Kinds listed under another kind's heading."""


@dataclass(frozen=True)
class Assumption:
    text: str
    file: str
    line: int
    section: str
    entity: Any | None
    """The nearest ancestor with a page or an anchor of its own (None: none)."""
    part: str
    """What inside that entity it is about (“第2步 制定职场阶段计划”), or ""."""


def _label(obj: Any, index: int | None) -> str:
    if isinstance(obj, m.Step) and index is not None:
        return f"第{index}步“{obj.title}”"
    for attr in ("title", "activity", "name", "term", "topic"):
        value = getattr(obj, attr, None)
        if isinstance(value, str):
            return value
    return ""


def find_assumptions(p: m.Playbook) -> list[Assumption]:
    """Every ``assumption`` of the playbook, in the order of the data files and within them."""
    found: list[Assumption] = []
    seen: set[int] = set()
    systems = {s.id: s.title for s in p.systems}

    def walk(obj: Any, entity: Any | None, system: str | None, part: str) -> None:
        if not dataclasses.is_dataclass(obj) or isinstance(obj, type) or id(obj) in seen:
            return
        seen.add(id(obj))
        if has_page(obj):
            entity, part = obj, ""
        sys_id = obj.id if isinstance(obj, m.System) else getattr(obj, "system", None)
        if isinstance(sys_id, str) and sys_id in systems:
            system = sys_id
        text = getattr(obj, "assumption", None)
        src = getattr(obj, "src", None)
        if isinstance(text, str) and text and src is not None:
            top = src.file.removeprefix("data/").split("/", 1)[0]
            kind = REGISTRY.kind_of(type(entity)) if entity is not None else None
            section = (
                systems[system]
                if system
                else FILE_SECTIONS.get(top)
                or KIND_SECTIONS.get(kind.name if kind else "")
                or (kind.title if kind else top.removesuffix(".yaml"))
            )
            found.append(Assumption(text, src.file, src.at("assumption")[0], section, entity, part))
        for f in dataclasses.fields(obj):
            if f.metadata.get("internal"):
                continue
            value = getattr(obj, f.name)
            items = value if isinstance(value, tuple) else (value,)
            for i, item in enumerate(items, start=1):
                if dataclasses.is_dataclass(item):
                    label = _label(item, i if isinstance(value, tuple) else None)
                    walk(item, entity, system, label if not has_page(item) else "")

    roots: list[Any] = [p.meta]
    for kind in REGISTRY.kinds:
        roots += p.of(kind.cls)
    roots += [p.culture, p.rollout]
    roots += [p.onboarding[k] for k in sorted(p.onboarding)]
    roots += [p.months[k] for k in sorted(p.months)]
    roots += [p.holidays[k] for k in sorted(p.holidays)]
    for root in roots:
        walk(root, None, None, "")
    return sorted(found, key=lambda a: (a.file, a.line))


def render_assumptions_page(playbook: m.Playbook, *, directory_urls: bool = True) -> dict[str, str]:
    link = Linker(playbook, PAGE, directory_urls)
    found = find_assumptions(playbook)
    order = [s.title for s in playbook.systems]
    sections: dict[str, list[Assumption]] = {}
    for a in found:
        sections.setdefault(a.section, []).append(a)
    ordered = sorted(
        sections.items(), key=lambda kv: (kv[0] not in order, order.index(kv[0]) if kv[0] in order else 0)
    )

    def item(a: Assumption) -> Markup:
        if a.entity is not None:
            what = link.page_link(target_of(a.entity), title_of(a.entity))
        else:
            what = Markup(md_escape(a.file.removeprefix("data/")))
        part = f" · {md_escape(a.part)}" if a.part else ""
        return Markup(f"{what}{part}：{md_escape(a.text)}（`{a.file}:{a.line}`）")

    return {PAGE: render("assumptions.md", sections=ordered, item=item, total=len(found))}
