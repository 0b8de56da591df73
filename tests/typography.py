"""What a reader sees of a built page, and the typographic slips to look for in it.

:func:`visible_blocks` renders a page's HTML the way a browser lays out its text, closely enough
for spacing: text nodes inside one block (a paragraph, a list item, a table cell, a heading …)
are joined, runs of white space (newlines included) collapse to one space, inline elements
(links, emphasis, tooltips' triggers) join their neighbours without a break. Code, scripts,
styles, hidden elements and the tooltip bubbles (shown only on demand, each its own block) are
left out or kept apart. :func:`slips` then finds, in each block:

* a space between two Chinese characters or after Chinese punctuation (“参加 大早会”,
  “为关键， 以营销”): Chinese has no spaces between words, and a browser shows every one;
* doubled punctuation (“。；”);
* a date written with spaces (“2027 年 3 月”), where the handbook writes “2027年3月”.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog"}
    | {"div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3"}
    | {"h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "option", "p", "section"}
    | {"summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul", "label"}
    | {"select", "button", "input", "textarea", "text", "tspan", "head", "legend", "output"}
)
SKIPPED_TAGS = frozenset({"script", "style", "pre", "noscript", "template", "math"})
CODE_TAGS = frozenset({"code", "kbd", "samp"})
"""Inline code: shown as it is written; it stands in the sentence as one Latin word (“x”)."""
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = r"，。、；：！？（）《》〈〉「」『』【】“”‘’…—～"  # not "·": " · " separates items
SPACE_BETWEEN = re.compile(rf"[{CJK}{CJK_PUNCT}] +[{CJK}]|[{CJK}] +[{CJK_PUNCT}]|[，。、；：！？] ")
DOUBLED = re.compile(r"[。；，、：！？][。；，、：]")
SPACED_DATE = re.compile(r"\d{4} +年|年 +\d|(?<![:\d])\d{1,2} +月|月 +\d{1,2} *日|(?<![:\d])\d{1,2} +日")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skipped, own block)
        self.skipping = 0
        self.saved: list[list[str]] = []

    def _flush(self) -> None:
        text = re.sub(r"[ \t\n\r\f]+", " ", "".join(self.current)).strip()
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag in BLOCK_TAGS:
            self._flush()
        if tag in VOID_TAGS:
            return
        if tag in CODE_TAGS and not self.skipping:
            self.current.append("x")
        skipped = (
            tag in SKIPPED_TAGS
            or tag in CODE_TAGS
            or "hidden" in a
            or "md-search" in classes  # Material's search box, filled in by its script
        )
        own = "pb-tip" in classes  # a bubble: its own block, as it is shown on its own
        if own:
            self.saved.append(self.current)
            self.current = []
        self.stack.append((tag, skipped, own))
        self.skipping += skipped

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                while len(self.stack) > depth:
                    t, skipped, own = self.stack.pop()
                    self.skipping -= skipped
                    if own:
                        self._flush()
                        self.current = self.saved.pop()
                    elif t in BLOCK_TAGS:
                        self._flush()
                return

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.append(data)


def visible_blocks(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.blocks


def slips(html: str) -> list[str]:
    """Every typographic slip in the page, as ``kind: …context…``."""
    out = []
    for block in visible_blocks(html):
        for kind, pattern in (("空格", SPACE_BETWEEN), ("重复标点", DOUBLED), ("日期", SPACED_DATE)):
            for match in pattern.finditer(block):
                start, end = max(match.start() - 8, 0), match.end() + 8
                out.append(f"{kind}: …{block[start:end]}…")
    return out
