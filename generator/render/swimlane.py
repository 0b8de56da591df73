"""Swimlane diagrams as plain HTML + CSS grid, computed at build time.

One markup, two layouts: every cell carries its grid position for both a
horizontal layout (lanes are rows, steps run left to right: wide screens) and a
vertical one (lanes are columns, steps run down: phones and print). The CSS in
``site_overrides/assets/stylesheets/playbook.css`` picks one by media query. No
client-side script or diagram library is involved.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .. import model as m
from .links import Linker, target_of, title_of
from .templating import render


@dataclass(frozen=True)
class Cell:
    kind: str  # "lane", "band", "phase", "step"
    text: str
    hr: str  # grid-row in the horizontal layout
    hc: str  # grid-column in the horizontal layout
    vr: str  # grid-row in the vertical layout
    vc: str  # grid-column in the vertical layout
    lane: int = 0  # 1-based lane index (colour)
    number: int = 0  # step number
    href: str = ""
    owner: str = ""


@dataclass(frozen=True)
class Layout:
    cells: tuple[Cell, ...]
    lanes: int
    columns: int  # step columns (horizontal)
    rows: int  # step rows (vertical), phase rows included
    has_phases: bool


def layout(w: m.Workflow, link: Linker) -> Layout:
    """Place lanes, phases and steps on both grids."""
    lane_index = {lane: i for i, lane in enumerate(w.lanes, start=1)}
    has_phases = any(s.phase for s in w.steps)
    head_rows = 2 if has_phases else 1  # horizontal: phase row, then lanes
    # Step columns: a parallel step shares the previous step's column.
    columns: list[int] = []
    col = 0
    for i, step in enumerate(w.steps):
        if not (step.parallel and i > 0):
            col += 1
        columns.append(col)
    n_cols = col
    # Vertical rows: row 1 = lane heads; a phase title takes a row of its own.
    v_rows: list[int] = []
    phase_rows: list[tuple[str, int, int, int]] = []  # (phase, vertical row, first col, last col)
    row = 1
    last_col = 0
    current: str | None = None
    for step, c in zip(w.steps, columns, strict=True):
        if has_phases and step.phase != current:
            current = step.phase
            row += 1
            phase_rows.append((step.phase or "", row, c, c))
        if c != last_col:
            row += 1
            last_col = c
        v_rows.append(row)
        if phase_rows:
            name, prow, first, _ = phase_rows[-1]
            phase_rows[-1] = (name, prow, first, c)
    n_rows = row
    cells: list[Cell] = []
    for lane, i in lane_index.items():
        hr = str(head_rows + i - 1)
        cells.append(Cell("band", "", hr, f"2 / span {n_cols}", f"2 / span {n_rows - 1}", str(i), lane=i))
        cells.append(
            Cell(
                "lane",
                title_of(link.playbook.entity(lane)),
                hr,
                "1",
                "1",
                str(i),
                lane=i,
                href=link.entity_href(lane),
            )
        )
    for name, prow, first, last in phase_rows:
        if name:
            cells.append(
                Cell("phase", name, "1", f"{first + 1} / span {last - first + 1}", str(prow), "1 / -1")
            )
    for number, (step, c, vr) in enumerate(zip(w.steps, columns, v_rows, strict=True), start=1):
        i = lane_index[step.owner]
        cells.append(
            Cell(
                "step",
                step.title,
                str(head_rows + i - 1),
                str(c + 1),
                str(vr),
                str(i),
                lane=i,
                number=number,
                href=link.href(f"{target_of(w)}#step-{number}"),
                owner=title_of(link.playbook.entity(step.owner)),
            )
        )
    return Layout(tuple(cells), len(w.lanes), n_cols, n_rows, has_phases)


def render_swimlane(w: m.Workflow, link: Linker) -> Markup:
    """The swimlane of ``w`` as one raw-HTML block (no blank lines, safe inside Markdown)."""
    html = render("swimlane.html", w=w, layout=layout(w, link))
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))
