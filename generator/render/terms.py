"""Glossary terms explain themselves: wrap a page's first mention of each term in a toggletip.

:func:`annotate_terms` takes a page's rendered HTML body and returns it with the first
readable occurrence of every glossary term wrapped like this::

    <span class="pb-term"><span class="pb-term-word" tabindex="0" aria-describedby="tip-p-term-active">实动</span><span
    class="pb-tip" data-search-exclude><span id="tip-p-term-active" role="tooltip">在统计期内……</span><a
    href="../../catalog/glossary/#term-active" data-search-exclude>术语表</a></span></span>

The word stays a word of its sentence: a screen reader reads the sentence as written and, on
the focused word, announces the definition as its *description*; the bubble is not displayed
(so neither read nor copied with the sentence) until the word is tapped, hovered or focused.
The bubble is shown by CSS alone (``:hover`` and ``:focus-within``; see
``site_overrides/assets/stylesheets/terms.css``); ``playbook.js`` adds Escape to close it and a
second tap to toggle it. ``data-search-exclude`` keeps the definition out of Material's search
index, so a search for a word of a definition finds the glossary, not every page that happens
to use the term. ``id_prefix`` keeps the ids unique where pages are put together (print_page).

Only text between tags is rewritten: every tag, comment and entity of the input is copied
through byte for byte. The function is pure and knows nothing of MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from .. import model as m
from .markup import ATTRIBUTE, ENTITY, MARKUP, RAW_TEXT_TAGS, VOID_TAGS

GLOSSARY_MARKER = "pb-glossary"
"""Class of an element on the glossary page itself; a page containing it is left alone."""

SKIPPED_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "a", "abbr", "summary"}
    | {"code", "pre", "kbd", "samp", "script", "style", "template", "noscript", "title"}
    | {"button", "input", "label", "select", "option", "textarea", "svg", "math"}
)
"""Elements whose text is never annotated (headings, links, code, form controls, graphics)."""

SKIPPED_CLASSES = frozenset(
    {"pb-term", "pb-tip", "pb-no-terms", "pb-swimlane", "pb-month", GLOSSARY_MARKER}
    | {"md-header", "md-nav", "md-sidebar", "md-footer", "md-search", "headerlink"}
)
"""Classes whose element's text is never annotated (already annotated, diagrams, site chrome)."""


@dataclass(frozen=True)
class _Glossary:
    """The terms of one playbook, ready for matching."""

    pattern: re.Pattern[str]
    """Alternation of all terms, longest first, so 实动率 wins over 实动."""
    entries: dict[str, tuple[str, str]]
    """Term text → (term id, definition)."""


@dataclass(frozen=True)
class _Mention:
    """The first annotatable occurrence of a term: ``html[start:end]``."""

    start: int
    end: int
    term_id: str
    definition: str


def annotate_terms(html: str, terms: Sequence[m.Term], *, glossary_href: str, id_prefix: str = "tip-") -> str:
    """``html`` with the first annotatable occurrence of each of ``terms`` wrapped in a tooltip.

    ``glossary_href`` is the URL of the glossary page relative to this page (e.g.
    ``../../catalog/glossary/``); each tooltip links to ``glossary_href#<term id>``.
    Text inside :data:`SKIPPED_TAGS`, :data:`SKIPPED_CLASSES` or an element with
    ``data-search-exclude`` is left alone, as is the whole page if it contains an element of
    class ``pb-glossary``. A term already wrapped (by an earlier run) counts as used.
    """
    if not terms:
        return html
    scanner = _TextScanner(_glossary(tuple((t.term, t.id, t.definition) for t in terms)))
    scanner.scan(html)
    if scanner.is_glossary_page or not scanner.mentions:
        return html
    out: list[str] = []
    done = 0
    for mention in scanner.mentions:
        out.append(html[done : mention.start])
        out.append(_tooltip(html[mention.start : mention.end], mention, glossary_href, id_prefix))
        done = mention.end
    out.append(html[done:])
    return "".join(out)


def _tooltip(text: str, mention: _Mention, glossary_href: str, id_prefix: str) -> str:
    href = escape(f"{glossary_href}#{mention.term_id}")
    tip_id = escape(f"{id_prefix}{mention.term_id}")
    return (
        f'<span class="pb-term"><span class="pb-term-word" tabindex="0" aria-describedby="{tip_id}">{text}</span>'
        f'<span class="pb-tip" data-search-exclude><span id="{tip_id}" role="tooltip">{escape(mention.definition)}</span>'
        f'<a href="{href}" data-search-exclude>术语表</a></span></span>'
    )
    # The link is excluded too: Material's search parser ends an exclusion at the first closing
    # tag of the same name (the inner </span>), so the bubble's outer mark alone would let the
    # link's 术语表 into the index of every page that uses a term.


@lru_cache(maxsize=8)
def _glossary(terms: tuple[tuple[str, str, str], ...]) -> _Glossary:
    """Compiled once per playbook from its ``(term, id, definition)`` triples."""
    entries: dict[str, tuple[str, str]] = {}
    for text, term_id, definition in sorted(terms, key=lambda t: t[1]):
        entries.setdefault(text, (term_id, definition))
    alternatives = [_alternative(text) for text in sorted(entries, key=lambda s: (-len(s), s))]
    return _Glossary(re.compile("|".join(alternatives)), entries)


def _alternative(text: str) -> str:
    """The regex for one term: a plain substring (Chinese has no word boundaries), except that
    a Latin letter or digit at either end must not continue a longer word (KPI not in KPIs)."""
    pattern = re.escape(text)
    if re.match(r"[A-Za-z0-9]", text):
        pattern = r"(?<![A-Za-z0-9])" + pattern
    if re.search(r"[A-Za-z0-9]$", text):
        pattern += r"(?![A-Za-z0-9])"
    return pattern


@dataclass(frozen=True)
class _Open:
    """An open element on the scanner's stack."""

    tag: str
    skip: bool
    """Text inside is left alone."""
    is_term: bool
    """A ``pb-term`` wrapper from an earlier run (its ``pb-tip`` excluded)."""
    is_tip: bool


class _TextScanner:
    """Finds the first annotatable occurrence of each term in a page.

    A small tokenizer (tags, comments and raw-text elements by regex; a few times faster than
    ``html.parser`` on the large month pages) that only looks at the text between tags and at
    the ``class`` and ``data-search-exclude`` attributes of start tags. Mentions are recorded
    as offsets into the input, which is then spliced, never re-serialised.
    """

    def __init__(self, glossary: _Glossary) -> None:
        self.glossary = glossary
        self.stack: list[_Open] = []
        self.skipping = 0
        self.in_term = 0
        self.in_tip = 0
        self.used: set[str] = set()
        self.mentions: list[_Mention] = []
        self.is_glossary_page = False

    def scan(self, html: str) -> None:
        done = 0
        while (token := MARKUP.search(html, done)) is not None:
            self._text(html, done, token.start())
            done = token.end()
            closing, tag, attributes = token.groups()
            if tag is None:
                continue  # comment, doctype, processing instruction
            tag = tag.lower()
            if closing:
                self._end(tag)
            elif tag in RAW_TEXT_TAGS:
                end = re.compile(rf"</{tag}\s*>", re.IGNORECASE).search(html, done)
                done = end.end() if end else len(html)
            else:
                self._start(tag, attributes)
        self._text(html, done, len(html))

    def _start(self, tag: str, attributes: str) -> None:
        if tag in VOID_TAGS or attributes.endswith("/"):
            return
        if "class" not in attributes.lower() and "data-search-exclude" not in attributes.lower():
            self._push(_Open(tag, tag in SKIPPED_TAGS, is_term=False, is_tip=False))
            return
        classes: set[str] = set()
        excluded = False
        for name, value in ATTRIBUTE.findall(attributes):
            name = name.lower()
            if name == "class":
                classes.update(value.strip("\"'").split())
            elif name == "data-search-exclude":
                excluded = True
        if GLOSSARY_MARKER in classes:
            self.is_glossary_page = True
        skip = excluded or tag in SKIPPED_TAGS or not classes.isdisjoint(SKIPPED_CLASSES)
        self._push(_Open(tag, skip, is_term="pb-term" in classes, is_tip="pb-tip" in classes))

    def _end(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].tag == tag:
                while len(self.stack) > depth:  # also closes elements left open inside it
                    self._pop()
                return
        # a stray end tag closes nothing

    def _text(self, html: str, start: int, end: int) -> None:
        if start == end:
            return
        if self.skipping:
            if self.in_term and not self.in_tip:  # wrapped by an earlier run: the term is used
                self.used.update(self.glossary.pattern.findall(html, start, end))
            return
        if "&" not in html[start:end]:
            self._mentions(html, start, end)
            return
        for entity in ENTITY.finditer(html, start, end):  # a term never matches inside &amp;
            self._mentions(html, start, entity.start())
            start = entity.end()
        self._mentions(html, start, end)

    def _mentions(self, html: str, start: int, end: int) -> None:
        for match in self.glossary.pattern.finditer(html, start, end):
            text = match.group()
            if text in self.used:
                continue  # not the first occurrence (and the shorter terms inside it stay unmatched)
            self.used.add(text)
            term_id, definition = self.glossary.entries[text]
            self.mentions.append(_Mention(match.start(), match.end(), term_id, definition))

    def _push(self, element: _Open) -> None:
        self.stack.append(element)
        self.skipping += element.skip
        self.in_term += element.is_term
        self.in_tip += element.is_tip

    def _pop(self) -> None:
        element = self.stack.pop()
        self.skipping -= element.skip
        self.in_term -= element.is_term
        self.in_tip -= element.is_tip
