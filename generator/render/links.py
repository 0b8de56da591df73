"""Where every entity lives in the site, and links between pages.

Markdown links point at ``.md`` sources (MkDocs checks them and ``--strict``
fails on a broken one); raw-HTML links (swimlanes, the home picture) point at
the built URL, computed here with the same ``use_directory_urls`` rule MkDocs
uses.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from .. import model as m
from ..model.kinds import REGISTRY, target_of, title_of
from .templating import md_escape
from .xref import StepRef

__all__ = ["Linker", "has_page", "rel_md", "relative_path", "target_of", "title_of", "url_of"]


def has_page(entity: Any) -> bool:
    """Whether ``entity`` is of a kind with a page or an anchor of its own."""
    kind = REGISTRY.kind_of(type(entity))
    return kind is not None and kind.page is not None


def url_of(page: str, *, directory_urls: bool) -> str:
    """The URL MkDocs gives the page with source ``page`` (``roles/agent.md`` → ``roles/agent/``)."""
    path, _, anchor = page.partition("#")
    stem = path.removesuffix(".md")
    if not directory_urls:
        url = f"{stem}.html"
    elif stem == "index" or stem.endswith("/index"):
        url = stem.removesuffix("index")
    else:
        url = f"{stem}/"
    return f"{url}#{anchor}" if anchor else url


@lru_cache(maxsize=65536)
def relative_path(target: str, start: str) -> str:
    """``target`` relative to folder ``start``; both are site paths (``a/b``, ``""`` for the root).

    Pure string work: unlike :func:`posixpath.relpath` it never looks at the current directory.
    """
    t = [p for p in target.split("/") if p]
    s = [p for p in start.split("/") if p]
    common = 0
    while common < min(len(t), len(s)) and t[common] == s[common]:
        common += 1
    parts = [".."] * (len(s) - common) + t[common:]
    return "/".join(parts) or "."


def rel_md(page: str, target: str) -> str:
    """Relative Markdown link target from source page ``page`` to ``target`` (``path.md#anchor``)."""
    path, _, anchor = target.partition("#")
    if path == page:
        return f"#{anchor}" if anchor else posixpath.basename(path)
    rel = relative_path(path, posixpath.dirname(page))
    return f"{rel}#{anchor}" if anchor else rel


@dataclass(frozen=True)
class Linker:
    """Builds links *from* one page (``page`` is its source path, e.g. ``workflows/x.md``)."""

    playbook: m.Playbook
    page: str
    directory_urls: bool = True

    def rel_md(self, target: str) -> str:
        """Relative Markdown link target from this page to ``target`` (``path.md#anchor``)."""
        return rel_md(self.page, target)

    def href(self, target: str) -> str:
        """Relative URL from this page's built URL to ``target``'s (for raw HTML)."""
        path, _, anchor = target.partition("#")
        if path == self.page:
            return f"#{anchor}" if anchor else "./"
        here = url_of(self.page, directory_urls=self.directory_urls)
        there = url_of(path, directory_urls=self.directory_urls)
        base = here if here.endswith("/") or here == "" else posixpath.dirname(here) + "/"
        rel = (
            relative_path(there.rstrip("/"), base.rstrip("/"))
            if there
            else relative_path("", base.rstrip("/"))
        )
        if there.endswith("/") and not rel.endswith("/"):
            rel = "./" if rel == "." else rel + "/"
        return f"{rel}#{anchor}" if anchor else rel

    def to(self, entity_id: str, text: str | None = None) -> Markup:
        """A Markdown link to the entity with ``entity_id``, showing its title (or ``text``)."""
        entity = self.playbook.entity(entity_id)
        label = md_escape(text if text is not None else title_of(entity))
        return Markup(f"[{label}]({self.rel_md(target_of(entity))})")

    def page_link(self, target: str, text: str) -> Markup:
        return Markup(f"[{md_escape(text)}]({self.rel_md(target)})")

    def step(self, ref: StepRef) -> Markup:
        """A link to one step of a workflow: "3. 分析现状"."""
        target = f"{target_of(ref.workflow)}#{ref.anchor}"
        return self.page_link(target, f"{ref.number}. {ref.step.title}")

    def many(self, ids: tuple[str, ...] | list[str], sep: str = "、") -> Markup:
        return Markup(sep.join(self.to(i) for i in ids))

    def entity_href(self, entity_id: str) -> str:
        return self.href(target_of(self.playbook.entity(entity_id)))
