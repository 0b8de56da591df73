"""The rollout plan (推广实施): who stands where and the rollout page, pure.

Statuses are judged against ``rollout.status_date`` from the data, never the clock:

* a branch × phase without a ``status`` entry is 计划中 (planned);
* a phase whose ``due`` is before ``status_date`` and that a branch has not done is 逾期 (late),
  whatever the branch reported.

Outputs:

* :func:`render_rollout_page` — ``overview/rollout.md``: principles, phases, the status table
  (branches × phases), a timeline drawn here as inline SVG (no client-side chart), closing, vision.

The milestones feed is written by :mod:`generator.feeds.milestones`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup

from .. import model as m
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


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _cell_markdown(cell: AdoptionCell) -> Markup:
    """A table cell: the state (late in bold, with a warning sign), its date, the note."""
    text = f"**⚠ {cell.label}**" if cell.late else md_escape(cell.label)
    if cell.date is not None:
        text += f"（{cell.date.month}月{cell.date.day}日）"
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


TIMELINE_MONTH_WIDTH = 64
"""Width of one month on the timeline, in SVG units (= CSS px: the picture is never scaled down)."""


def _text_width(text: str, size: int = 12) -> int:
    """Rough width of ``text`` at ``size`` px: a full em for CJK and other wide characters."""
    return sum(size if ord(ch) > 0x2E7F else size * 6 // 10 for ch in text)


def _timeline(rollout: m.Rollout, rows: list[AdoptionRow], link: Linker) -> Markup:
    """Phases as bars on a month axis, a line at ``status_date``; scrolls sideways on a phone."""
    if not rollout.phases:
        return Markup("")
    first = min(ph.start for ph in rollout.phases)
    last = max(max(ph.due for ph in rollout.phases), rollout.status_date)
    first = min(first, rollout.status_date)
    months = _months(first, last)
    left, top, row_h = 8, 40, 46

    def x(d: date) -> float:
        i = (d.year - months[0].year) * 12 + d.month - months[0].month
        days = calendar.monthrange(d.year, d.month)[1]
        return round(left + (i + (d.day - 1) / days) * TIMELINE_MONTH_WIDTH, 1)

    end = months[-1] + timedelta(days=calendar.monthrange(months[-1].year, months[-1].month)[1])
    height = top + row_h * len(rollout.phases) + 8
    axis = [
        {
            "x": x(mo),
            "label": f"{mo.year}年{mo.month}月" if i == 0 or mo.month == 1 else f"{mo.month}月",
        }
        for i, mo in enumerate(months)
    ]
    bars = []
    for i, ph in enumerate(rollout.phases):
        late = sum(1 for row in rows if row.cells[i].late)
        x0, x1 = x(ph.start), x(ph.due + timedelta(days=1))
        span = f"{ph.start.month}/{ph.start.day}–{ph.due.month}/{ph.due.day}"
        bars.append(
            {
                "y": top + i * row_h,
                "x": x0,
                "width": max(round(x1 - x0, 1), 2),
                "label": f"{ph.title}（{span}）" + (f" · {late} 个支公司逾期" if late else ""),
                "late": late > 0,
                "href": link.entity_href(ph.id),
            }
        )
    width = max(round(x(end) + left), *(left * 2 + _text_width(str(b["label"])) for b in bars))
    svg = render(
        "rollout_timeline.svg",
        width=width,
        height=height,
        axis=axis,
        bars=bars,
        top=top,
        bottom=height - 4,
        status_x=x(rollout.status_date),
        status_label=f"状态截至 {rollout.status_date.month}月{rollout.status_date.day}日",
    )
    lines = [line for line in svg.splitlines() if line.strip()]  # a blank line would end the HTML block
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
    )
