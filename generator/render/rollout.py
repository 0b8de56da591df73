"""The rollout plan (推广实施): who stands where and the rollout page, pure.

Statuses are judged against ``rollout.status_date`` from the data, never the clock:

* a branch × phase without a ``status`` entry is 计划中 (planned);
* a phase whose ``due`` is before ``status_date`` and that a branch has not done is 逾期 (late),
  whatever the branch reported.

Outputs:

* :func:`render_rollout_page` — ``overview/rollout.md``: principles, phases, the status table
  (branches × phases) first, then the phases on a timeline drawn here in HTML and CSS (no
  client-side chart), closing, vision.

The milestones feed is written by :mod:`generator.feeds.milestones`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup

from .. import model as m
from ..model import words
from .links import Linker
from .templating import md_escape, render

PAGE = "overview/rollout.md"
"""Source path of the rollout page."""

MILESTONES_FEED = "feeds/rollout-milestones.ics"
"""Site path of the milestones feed (written by :mod:`generator.feeds.milestones`)."""


# ------------------------------------------------------------------ status


@dataclass(frozen=True)
class AdoptionCell:
    """One branch × one phase, as of ``status_date``."""

    branch: m.Branch
    phase: m.Phase
    state: m.AdoptionState
    """As reported (``planned`` when nothing was reported)."""
    date: date | None
    """When the state was reached or reported (None when nothing was reported)."""
    note: str | None
    late: bool
    """Past the phase's due date and not done."""

    @property
    def label(self) -> str:
        """计划中 / 进行中 / 已完成, with 逾期 in front when late: “逾期·进行中”."""
        state = m.ADOPTION_STATES[self.state]
        return f"{m.LATE_TITLE}·{state}" if self.late else state


@dataclass(frozen=True)
class AdoptionRow:
    """One branch's cells, one per phase in plan order."""

    branch: m.Branch
    cells: tuple[AdoptionCell, ...]


def adoption_table(playbook: m.Playbook) -> list[AdoptionRow]:
    """Every branch (in playbook order) × every phase (in plan order), late ones marked."""
    r = playbook.rollout
    reported = {(st.branch, st.phase): st for st in r.status}
    rows = []
    for b in playbook.branches:
        cells = []
        for ph in r.phases:
            st = reported.get((b.id, ph.id))
            state: m.AdoptionState = st.state if st else "planned"
            late = ph.due < r.status_date and state != "done"
            cells.append(AdoptionCell(b, ph, state, st.date if st else None, st.note if st else None, late))
        rows.append(AdoptionRow(b, tuple(cells)))
    return rows


# -------------------------------------------------------------------- page


_day = words.full_date


def _cell_markdown(cell: AdoptionCell) -> Markup:
    """A table cell: the state (late in bold, with a warning sign), its date, the note."""
    text = f"**⚠ {cell.label}**" if cell.late else md_escape(cell.label)
    if cell.date is not None:
        text += f"（{words.month_day(cell.date)}）"
    if cell.note:
        text += f"<br>{md_escape(cell.note)}"
    return Markup(text)


def _months(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s to ``last``'s, inclusive."""
    out = []
    day = first.replace(day=1)
    while day <= last:
        out.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return out


def _percent(value: float) -> str:
    """A CSS percentage with at most two decimals, the same on every machine."""
    return f"{round(value, 2):g}%"


def _timeline(rollout: m.Rollout, rows: list[AdoptionRow], link: Linker) -> Markup:
    """Phases as bars under a month axis, a dashed line at ``status_date``: HTML whose positions
    are percentages of the content width, so it fits any screen (no sideways scrolling, no
    picture scaled down to unreadable text); each phase's title is a link above its bar."""
    if not rollout.phases:
        return Markup("")
    first = min(min(ph.start for ph in rollout.phases), rollout.status_date)
    last = max(max(ph.due for ph in rollout.phases), rollout.status_date)
    months = _months(first, last)

    def x(d: date) -> float:
        i = (d.year - months[0].year) * 12 + d.month - months[0].month
        days = calendar.monthrange(d.year, d.month)[1]
        return (i + (d.day - 1) / days) * 100 / len(months)

    years = sorted({mo.year for mo in months})
    axis = [
        {
            "left": _percent(x(mo)),
            "label": f"{mo.year}年" if mo.month == 1 and i > 0 else f"{mo.month}月",
            "minor": i % 2 == 1 and mo.month != 1,
        }
        for i, mo in enumerate(months)
    ]
    bars = []
    for i, ph in enumerate(rollout.phases):
        late = sum(1 for row in rows if row.cells[i].late)
        x0 = x(ph.start)
        x1 = x(ph.due + timedelta(days=1)) if ph.due < months[-1] + timedelta(days=31) else 100.0
        bars.append(
            {
                "title": ph.title,
                "href": link.entity_href(ph.id),
                "when": words.day_span(ph.start, ph.due),
                "late": late,
                "left": _percent(x0),
                "width": _percent(max(min(x1, 100.0) - x0, 0.5)),
            }
        )
    span = f"{years[0]}年" if len(years) == 1 else f"{years[0]}–{years[-1]}年"
    html = render(
        "rollout_timeline.html",
        span=span,
        axis=axis,
        bars=bars,
        now=_percent(x(rollout.status_date)),
        status=words.month_day(rollout.status_date),
    )
    lines = [line for line in html.splitlines() if line.strip()]  # a blank line would end the HTML block
    return Markup("\n".join(lines))


def _modules_by_system(ph: m.Phase) -> dict[str, list[str]]:
    by_system: dict[str, list[str]] = {s: [] for s in ph.systems}
    for mod in ph.modules:
        by_system.setdefault(mod.system, []).append(mod.module)
    return by_system


def render_rollout_page(playbook: m.Playbook, *, directory_urls: bool = True) -> str:
    """The Markdown of ``overview/rollout.md``."""
    r = playbook.rollout
    link = Linker(playbook, PAGE, directory_urls)
    rows = adoption_table(playbook)
    return render(
        "rollout_page.md",
        r=r,
        m=playbook.meta,
        link=link,
        rows=rows,
        cell=_cell_markdown,
        day=_day,
        modules_of=_modules_by_system,
        timeline=_timeline(r, rows, link),
        states=m.ADOPTION_STATES,
        late_title=m.LATE_TITLE,
        milestones=MILESTONES_FEED,
        subscribe=bool(playbook.branches),  # the subscribe page exists with the calendars
        conformance="overview/conformance.md" if playbook.branches else None,
    )
