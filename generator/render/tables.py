"""Tables that fit a phone: every cell learns its column's name, wide tables can become cards.

:func:`card_tables` takes a page's rendered HTML body and returns it with, for each plain
table (one without a ``class``, i.e. a Markdown table, generated or hand-written)::

    <table data-cards>                             (4 columns or more; "numbered", see below)
    <th scope="col">执行内容</th>
    <td data-label="执行内容">…</td>                   (every body cell)
    <td data-label="说明" data-empty>…</td>            (a cell with no text)

``site_overrides/assets/stylesheets/playbook.css`` then shows a ``data-cards`` table on a narrow
screen as one card per row: the first cell as the card's heading (the first two, when the
first column is a number or a time: ``1 确定月度增员目标``, ``08:30 晨操``), every other
non-empty cell on its own line after its column's name. (An attribute, not a class: Material
styles only ``table:not([class])``.) Nothing is hidden and nothing is wider
than the screen; a link to a row (``#step-3`` from a swimlane) lands on the whole card.
Narrower tables stay tables and wrap their text. Printing always gets the table.

Only start tags are touched (attributes added); every other byte is copied through. The
function is pure and knows nothing of MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from .markup import MARKUP, RAW_TEXT_TAGS, attributes_of, text_of

CARD_COLUMNS = 4
"""A table with at least this many columns becomes cards on a narrow screen."""

_NUMBERED = re.compile(r"\d")


@dataclass
class _Table:
    start: int
    """Offset just before the ``>`` of the ``<table`` start tag."""
    labels: list[str] = field(default_factory=list)
    in_head: bool = False
    in_body_row: bool = False
    column: int = 0
    first_cells: list[str] = field(default_factory=list)
    cell: tuple[int, int, int] | None = None
    """The open body cell: (offset of its start tag's ``>``, offset after it, column)."""
    header: tuple[int, int] | None = None
    """The open header cell: (offset of its start tag's ``>``, offset after it)."""
    inserts: list[tuple[int, str]] = field(default_factory=list)


def card_tables(html: str) -> str:
    """``html`` with its plain tables labelled for the narrow-screen card layout (see above)."""
    if "<table" not in html:
        return html
    inserts: list[tuple[int, str]] = []
    stack: list[_Table] = []
    done = 0
    while (token := MARKUP.search(html, done)) is not None:
        done = token.end()
        closing, tag, attributes = token.groups()
        if tag is None:
            continue
        tag = tag.lower()
        if not closing and tag in RAW_TEXT_TAGS:
            end = re.compile(rf"</{tag}\s*>", re.IGNORECASE).search(html, done)
            done = end.end() if end else len(html)
            continue
        if tag == "table":
            if closing:
                if stack:
                    inserts += _finish(stack.pop())
            else:
                # nested or classed tables (the printables, the month grid) are left alone
                plain = "class" not in attributes_of(attributes) and not stack
                stack.append(_Table(token.end() - 1) if plain else _Table(-1))
            continue
        if not stack or stack[-1].start < 0:
            continue
        table = stack[-1]
        if tag == "thead":
            table.in_head = not closing
        elif tag == "tr" and not closing:
            table.in_body_row = not table.in_head
            table.column = 0
        elif tag == "th" and table.in_head:
            if closing and table.header is not None:
                at, after = table.header
                table.labels.append(text_of(html[after : token.start()]))
                if "scope" not in attributes_of(html[at:after]):
                    table.inserts.append((at, ' scope="col"'))
                table.header = None
            elif not closing:
                table.header = (token.end() - 1, token.end())
        elif tag == "td" and table.in_body_row:
            if closing and table.cell is not None:
                at, after, column = table.cell
                text = text_of(html[after : token.start()])
                if column == 0:
                    table.first_cells.append(text)
                label = table.labels[column] if column < len(table.labels) else ""
                extra = f' data-label="{escape(label)}"' if label else ""
                if not text:
                    extra += " data-empty"
                if extra:
                    table.inserts.append((at, extra))
                table.cell = None
            elif not closing:
                table.cell = (token.end() - 1, token.end(), table.column)
                table.column += 1
    if not inserts:
        return html
    out: list[str] = []
    last = 0
    for at, text in sorted(inserts, key=lambda i: i[0]):
        # a tag written as <td/> keeps its slash last
        if html[at - 1] == "/":
            at -= 1
        out.append(html[last:at])
        out.append(text)
        last = at
    out.append(html[last:])
    return "".join(out)


def _finish(table: _Table) -> list[tuple[int, str]]:
    if table.start < 0:
        return []
    inserts = list(table.inserts)
    if len(table.labels) >= CARD_COLUMNS:
        numbered = bool(table.first_cells) and all(_NUMBERED.match(c) for c in table.first_cells)
        inserts.append((table.start, ' data-cards="numbered"' if numbered else " data-cards"))
    return inserts
