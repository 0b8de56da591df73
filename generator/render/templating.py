"""The one Jinja2 environment, and escaping of YAML text for Markdown and HTML.

Text from YAML is data. In Markdown templates (``*.md``) every ``{{ value }}``
is escaped for Markdown by :func:`md_escape` unless it is :class:`Markup`
(already-rendered Markdown or HTML, e.g. a link we built). In HTML/SVG
templates (``*.html``, ``*.svg``), and with ``|e`` for HTML written in a Markdown
template, text goes through :func:`html_text`: escaped for HTML *and* for the
Markdown page the HTML ends up in. Avoid ``~`` on YAML text in Markdown
templates: it HTML-escapes but does not Markdown-escape.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

_MD_INLINE = re.compile(r"([\\`*_{}\[\]()!|#])")
_MD_BLOCK_START = re.compile(r"^([#>+\-]|\d+(?=[.)]))")


@lru_cache(maxsize=65536)
def md_escape(text: str) -> str:
    """Escape ``text`` so Markdown shows it literally, on one line.

    Whitespace (newlines included) collapses to single spaces, ``&`` and ``<``
    become entities (no raw HTML gets through), every character that starts
    inline syntax (emphasis, code, links, attribute lists ``{}``, table ``|``)
    is backslash-escaped, and so is a leading character that would start a
    block (``#`` heading, ``-``/``+`` list, ``>`` quote, ``1.`` numbered list).
    """
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    match = _MD_BLOCK_START.match(text)
    if match and match.group(1).isdigit():
        end = match.end()
        return f"{text[:end]}\\{text[end:]}"
    return _MD_BLOCK_START.sub(r"\\\1", text, count=1)


_REFERENCES = {c: f"&#{ord(c)};" for c in "&<>\"'\\`*{}[]()!"}
"""Characters HTML or inline Markdown read as syntax, as numeric character references: links and
images (``[ ] ( ) !``), code, emphasis with ``*``, attribute lists (``{: onclick=…}``). Not ``_``
(ids and URLs hold it; ``_x_`` could only make emphasis) nor ``|`` (tables are whole lines)."""


def html_text(text: str) -> Markup:
    """Text from the data as HTML that Markdown leaves alone too, on one line.

    HTML's characters (``& < > " '``) and those that start inline Markdown (links, emphasis,
    code, attribute lists) are written as numeric character references, which HTML reads as the
    characters themselves and Markdown passes through. That matters because HTML built here often
    sits inside a Markdown page, where the text of an inline element (``<a>…</a>`` in a paragraph)
    is read as Markdown: plain HTML escaping would let ``[链接](https://…)`` become a link."""
    return _html_text(str(text))


_REFERENCE_TABLE = str.maketrans(_REFERENCES)


@lru_cache(maxsize=65536)
def _html_text(text: str) -> Markup:
    return Markup(" ".join(text.split()).translate(_REFERENCE_TABLE))


def title_html(text: str) -> str:
    """A title from the data as MkDocs wants page and navigation titles: :func:`html_text` (MkDocs
    and Material treat titles as HTML, and Material's blog writes them into Markdown excerpts)."""
    return str(html_text(text))


def md_paragraphs(text: str) -> Markup:
    """Escape multi-line text, keeping blank-line-separated paragraphs."""
    parts = [md_escape(p) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return Markup("\n\n".join(parts))


def _markdown_template(ctx: Context) -> bool:
    return (ctx.name or "").endswith(".md")


def _md_safe(value: Any) -> Markup:
    return value if isinstance(value, Markup) else Markup(md_escape(str(value)))


def _html_safe(value: Any) -> Markup:
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return html_text(value)
    return escape(value)


@pass_context
def _finalize(ctx: Context, value: Any) -> Any:
    """Every ``{{ value }}``: Markdown-escaped in ``.md`` templates, :func:`html_text` elsewhere.

    Autoescape is on for all templates (so macros and ``Markup`` compose); we hand Jinja an
    already escaped ``Markup``.
    """
    if value is None:
        return ""
    if _markdown_template(ctx):
        return _md_safe(value)
    return _html_safe(value)


@pass_context
def _join(ctx: Context, items: Iterable[Any], separator: str = "") -> Markup:
    """``join`` that escapes each item for the template's format."""
    escape_item = _md_safe if _markdown_template(ctx) else _html_safe
    return Markup(escape(separator)).join(escape_item(i) for i in items)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.render", "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=True,
        finalize=_finalize,
        # Markdown uses "{#id}" for heading anchors; Jinja comments are "{## … ##}" here.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["paragraphs"] = md_paragraphs
    env.filters["join"] = _join
    # ``|e`` in a template (HTML inside a Markdown page): safe in both, see html_text
    env.filters["e"] = env.filters["escape"] = _html_safe
    return env


def render(template: str, **context: Any) -> str:
    """Render ``template``; Markdown output is tidied to one blank line between blocks at most."""
    text = environment().get_template(template).render(**context)
    if template.endswith(".md"):
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
    return text
