"""Pages for kinds of entity that have no renderer of their own: every field, labelled in Chinese.

The handbook's own kinds (roles, workflows, meetings …) have pages assembled from
cross-references by :mod:`generator.render.pages`. A kind added to the registry
(:data:`generator.model.kinds.REGISTRY`) gets a page here as soon as it declares where its page
is: ``products/{id}.md`` gives each entity a page, ``catalog/products.md#{id}`` one shared page
with an anchor per entity. Fields are shown in model order with the first clause of their
description as label; references become links; text is escaped like everywhere else.
"""

from __future__ import annotations

import dataclasses
from datetime import date, time
from typing import Any

from markupsafe import Markup

from .. import model as m
from ..model.fields import public_fields
from ..model.kinds import REGISTRY, Kind, title_of
from .links import Linker
from .templating import md_escape, render


def field_label(f: dataclasses.Field[Any]) -> str:
    """A field's name for readers: the first clause of its description (``产品名称。`` → 产品名称)."""
    text = f.metadata.get("doc") or f.name
    for stop in "，。（：(":
        text = text.split(stop, 1)[0]
    return text.strip() or f.name


def _value(value: Any, refs: tuple[str, ...], link: Linker) -> Markup | list[Markup] | None:
    if value is None or value == ():
        return None
    if isinstance(value, tuple):
        items = [_value(v, refs, link) for v in value]
        return [i for i in items if isinstance(i, Markup)]
    if isinstance(value, str):
        return link.to(value) if refs else Markup(md_escape(value))
    if isinstance(value, bool):
        return Markup("是" if value else "否")
    if isinstance(value, date | time):
        return Markup(value.isoformat(timespec="minutes") if isinstance(value, time) else value.isoformat())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = [
            f"{field_label(f)}：{v}"
            for f in public_fields(value.__class__)
            if isinstance(v := _value(getattr(value, f.name), f.metadata.get("ref", ()), link), Markup)
        ]
        return Markup("；".join(parts))
    return Markup(md_escape(str(value)))


def entity_fields(entity: Any, link: Linker, kind: Kind) -> list[tuple[str, Markup | list[Markup]]]:
    """``(label, value)`` of every field that has a value, except the id, the name and the notes."""
    rows: list[tuple[str, Markup | list[Markup]]] = []
    cls: type = type(entity)
    for f in public_fields(cls):
        if f.name in ("id", kind.label, "note", "assumption"):
            continue
        shown = _value(getattr(entity, f.name), f.metadata.get("ref", ()), link)
        if shown:
            rows.append((field_label(f), shown))
    return rows


def render_kind_pages(playbook: m.Playbook, kind: Kind, *, directory_urls: bool) -> dict[str, str]:
    """The page (or shared page) of every entity of ``kind``."""
    entities: tuple[Any, ...] = playbook.of(kind.cls)
    if not kind.page or not entities:
        return {}
    path, _, anchor = kind.page.partition("#")
    if anchor:
        page = path
        link = Linker(playbook, page, directory_urls)
        items = [(e, title_of(e), entity_fields(e, link, kind)) for e in entities]
        return {page: render("entity_list.md", kind=kind, items=items)}
    out = {}
    for e in entities:
        page = path.format(id=e.id)
        link = Linker(playbook, page, directory_urls)
        out[page] = render("entity.md", kind=kind, e=e, title=title_of(e), rows=entity_fields(e, link, kind))
    return out


def generic_pages(playbook: m.Playbook, written: set[str], *, directory_urls: bool) -> dict[str, str]:
    """Pages of every registered kind whose pages no other renderer wrote."""
    out: dict[str, str] = {}
    for kind in REGISTRY.kinds:
        pages = render_kind_pages(playbook, kind, directory_urls=directory_urls)
        if pages and not set(pages) & written:
            out.update(pages)
    return out
