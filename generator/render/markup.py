"""A small HTML tokenizer shared by the passes that rewrite a rendered page body in place
(:mod:`.terms`, :mod:`.tables`): tags, comments and raw-text elements by regex. The passes
record offsets into the input and splice it; nothing is re-serialised, so every byte they do not
mean to change stays as it was."""

from __future__ import annotations

import re
from html import escape, unescape

from ..model.words import CJK_CHARS

# One token of markup: a comment, a declaration or processing instruction, or a tag (group 1:
# "/" for an end tag, group 2: its name, group 3: its attributes; quoted values may contain ">").
MARKUP = re.compile(
    r"""<!--.*?(?:-->|\Z)|<[!?][^>]*>?|<(/?)([A-Za-z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""",
    re.DOTALL,
)
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
RAW_TEXT_TAGS = frozenset({"script", "style", "textarea", "title"})
"""Elements whose content is not markup: skipped up to their end tag."""

VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
    | {"param", "source", "track", "wbr"}
)
"""Elements without an end tag: they never enclose text."""


def attributes_of(attributes: str) -> dict[str, str]:
    """The attributes of a start tag (group 3 of :data:`MARKUP`), names lower-cased, values
    unquoted and unescaped; a name without a value maps to ``""``."""
    out: dict[str, str] = {}
    for name, value in ATTRIBUTE.findall(attributes):
        out.setdefault(name.lower(), unescape(value[1:-1] if value[:1] in "\"'" and value else value))
    return out


def text_of(html: str) -> str:
    """The text of an HTML fragment: tags dropped, entities decoded, whitespace runs collapsed."""
    return " ".join(unescape(MARKUP.sub("", html)).split())


_SOFT_BREAK = re.compile(rf"(?<=[{CJK_CHARS}])[ \t]*\n[ \t]*(?=[{CJK_CHARS}])")
_VERBATIM = frozenset({"pre", "code", "kbd", "samp", "script", "style", "textarea"})


def join_cjk_breaks(html: str) -> str:
    """``html`` without the line breaks inside a paragraph between two Chinese characters (a
    Markdown soft break in a hand-written page or post): a browser shows each as a space, and
    Chinese has none. Text in ``pre``, ``code``, scripts and styles is left as it is; so is
    every tag."""
    if _SOFT_BREAK.search(html) is None:  # most pages: nothing to join (one pass, in C)
        return html
    out: list[str] = []
    done = 0
    verbatim = 0
    for token in MARKUP.finditer(html):
        text = html[done : token.start()]
        out.append(text if verbatim else _SOFT_BREAK.sub("", text))
        out.append(token.group())
        done = token.end()
        closing, tag = token.group(1), (token.group(2) or "").lower()
        if tag in _VERBATIM and not token.group(3).rstrip().endswith("/"):
            verbatim = max(verbatim - 1, 0) if closing else verbatim + 1
    text = html[done:]
    out.append(text if verbatim else _SOFT_BREAK.sub("", text))
    return "".join(out)


DESCRIPTION_LENGTH = 120
"""A page's description (meta description, og:description) is cut to this many characters."""

_SKIPPED_CONTAINERS = frozenset(
    {"table", "nav", "details", "figure", "aside", "blockquote", "ul", "ol", "dl"}
)


def describe(html: str, *, length: int = DESCRIPTION_LENGTH) -> str | None:
    """A page's own description: the text of its first plain paragraph (one without a class,
    outside admonitions, tables, lists and figures; tooltips left out) of at least 12
    characters, cut to ``length`` with “…”; None if it has none."""
    stack: list[tuple[str, bool]] = []  # open elements: (tag, text inside is left out)
    pieces: list[str] | None = None  # the open paragraph's text
    for token in MARKUP.finditer(html):
        closing, tag, attributes = token.group(1), (token.group(2) or "").lower(), token.group(3) or ""
        skipping = bool(stack) and stack[-1][1]
        if pieces is not None and not skipping:
            pieces.append(html[_last_end(token, html) : token.start()])
        if not tag or tag in VOID_TAGS or (tag in RAW_TEXT_TAGS and not closing):
            continue
        if closing:
            while stack and stack[-1][0] != tag and tag in {t for t, _ in stack}:
                stack.pop()
            if stack and stack[-1][0] == tag:
                stack.pop()
            if tag == "p" and pieces is not None:
                text = " ".join(unescape("".join(pieces)).split())
                pieces = None
                if len(text) >= 12:
                    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
            continue
        attrs = attributes_of(attributes)
        classes = attrs.get("class", "").split()
        outside = tag in _SKIPPED_CONTAINERS or "admonition" in classes
        if tag == "p" and pieces is None and not skipping and not outside and "class" not in attrs:
            pieces = []
            stack.append((tag, False))
            continue
        stack.append((tag, skipping or outside or "pb-tip" in classes))
    return None


def _last_end(token: re.Match[str], html: str) -> int:
    """Where the text before ``token`` starts: just after the previous tag."""
    return html.rfind(">", 0, token.start()) + 1


_TASK_ITEM = re.compile(
    r'(<li class="task-list-item">\s*<label class="task-list-control">\s*<input type="checkbox")([^>]*>)(.*?)</li>',
    re.DOTALL,
)


def label_task_checkboxes(html: str) -> str:
    """A Markdown task list's checkbox (``- [ ] 5个电话约访``) named by its item's text: the
    checkbox pymdownx writes is wrapped in a label without text, which leaves it unnamed for a
    screen reader (axe-core: "label")."""
    if "task-list-item" not in html:
        return html

    def named(match: re.Match[str]) -> str:
        head, rest, body = match.groups()
        if "aria-label" in rest:
            return match.group()
        text = text_of(body.split("</label>", 1)[-1])
        return f'{head} aria-label="{escape(text)}"{rest}{body}</li>'

    return _TASK_ITEM.sub(named, html)
