"""The one Jinja2 environment, and escaping of YAML text for Markdown and HTML.

Text from YAML is data. In Markdown templates (``*.md``) every ``{{ value }}``
is escaped for Markdown by :func:`md_escape` unless it is :class:`Markup`
(already-rendered Markdown or HTML, e.g. a link we built). In HTML/SVG
templates (``*.html``, ``*.svg``) Jinja's HTML autoescape applies. Avoid ``~``
on YAML text in Markdown templates: it HTML-escapes but does not Markdown-escape.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined, pass_context
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


def md_paragraphs(text: str) -> Markup:
    """Escape multi-line text, keeping blank-line-separated paragraphs."""
    parts = [md_escape(p) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return Markup("\n\n".join(parts))


def _markdown_template(ctx: Context) -> bool:
    return (ctx.name or "").endswith(".md")


def _md_safe(value: Any) -> Markup:
    return value if isinstance(value, Markup) else Markup(md_escape(str(value)))


@pass_context
def _finalize(ctx: Context, value: Any) -> Any:
    """Every ``{{ value }}``: Markdown-escaped in ``.md`` templates, HTML-escaped elsewhere.

    Autoescape is on for all templates (so macros and ``Markup`` compose); in
    Markdown templates we hand Jinja an already Markdown-escaped ``Markup``.
    """
    if value is None:
        return ""
    if _markdown_template(ctx):
        return _md_safe(value)
    return value


@pass_context
def _join(ctx: Context, items: Iterable[Any], separator: str = "") -> Markup:
    """``join`` that escapes each item for the template's format."""
    escape_item = _md_safe if _markdown_template(ctx) else escape
    return Markup(escape(separator)).join(escape_item(i) for i in items)


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept in the user's cache folder (compiling them is most of a small
    build's generator time); none if that folder cannot be written."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "playbook-handbook" / f"jinja-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        bytecode_cache=_bytecode_cache(),
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
    return env


def render(template: str, **context: Any) -> str:
    """Render ``template``; Markdown output is tidied to one blank line between blocks at most."""
    text = environment().get_template(template).render(**context)
    if template.endswith(".md"):
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
    return text
