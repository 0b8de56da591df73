"""执行对照 (``overview/conformance.md``): the standard against what each branch schedules — the
追踪督导 view for HQ, pure.

A table of branches × standards (each meeting with a ``standard``, then 功能组 and 推广阶段):
符合, 偏离N处 (linked to the branch's list) or 例外; then every deviation of every branch with its
month page and the place in ``data/``, then the approved exceptions. The checks themselves are
:mod:`generator.calendar.conformance`.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .. import model as m
from ..calendar.conformance import Conformance, Deviation
from ..calendar.occurrences import BranchCalendar
from ..model import words
from ..model.kinds import title_of
from .calendar_pages import month_page
from .links import Linker
from .templating import md_escape, render

PAGE = "overview/conformance.md"
"""Source path of the 执行对照 page."""

GROUP_COLUMN = "功能组"
PHASE_COLUMN = "推广阶段"


@dataclass(frozen=True)
class Column:
    title: str
    checks: tuple[str, ...]
    meeting: str | None = None
    """The meeting whose standard the column is (None: the group and phase columns)."""

    def covers(self, d: Deviation) -> bool:
        if self.meeting is not None:
            return d.subject == self.meeting and d.check in self.checks
        return d.check in self.checks


def _columns(p: m.Playbook, conf: Conformance) -> list[Column]:
    meeting_checks = ("frequency", "days", "duration", "attendees")
    cols = [Column(p.get(i, m.Meeting).title, meeting_checks, i) for i in conf.standards]
    return [*cols, Column(GROUP_COLUMN, ("group",)), Column(PHASE_COLUMN, ("phase",))]


BRANCH_SECTION = "conformance"
"""Anchor of a branch page's 与标准的对照 section, which lists its deviations."""


def _cell(found: list[Deviation], target: str, link: Linker) -> Markup:
    open_ = [d for d in found if d.exception is None]
    if open_:
        return Markup(f"**{link.page_link(target, f'偏离{len(open_)}处')}**")
    if found:
        return link.page_link(target, "例外")
    return Markup("符合")


def _where(d: Deviation) -> str:
    pr = d.problem
    return f"{pr.file}:{pr.line}" if pr.line else pr.file


@dataclass(frozen=True)
class BranchLines:
    """A branch's deviations and approved exceptions, as list items of its page."""

    open: tuple[Markup, ...]
    approved: tuple[Markup, ...]


def branch_lines(
    playbook: m.Playbook,
    conf: Conformance,
    calendars: tuple[BranchCalendar, ...],
    *,
    directory_urls: bool = True,
) -> dict[str, BranchLines]:
    """For every branch page (``calendars/<branch>/index.md``): what departs from the standard,
    each with its month page and its place in ``data/``."""
    months = {cal.branch.id: set(cal.months) for cal in calendars}
    by_branch: dict[str, list[Deviation]] = {b.id: [] for b in playbook.branches}
    for d in conf.deviations:
        by_branch[d.branch].append(d)
    out = {}
    for b in playbook.branches:
        link = Linker(playbook, f"calendars/{b.id}/index.md", directory_urls)

        def item(d: Deviation, link: Linker = link) -> Markup:
            text = f"**{m.CONFORMANCE_CHECKS[d.check]}**：{md_escape(d.problem.message)}。"
            if d.exception is not None:
                e = d.exception
                text += (
                    f"{md_escape(e.approved_by)}{words.full_date(e.approved)}批准，理由：{md_escape(e.reason)}"
                    f"{'' if e.reason.endswith('。') else '。'}"
                )
            month = f"{d.first_day:%Y-%m}"
            see = (
                f"见{link.page_link(month_page(d.branch, month), f'{words.month_title(month)}行事历')}；"
                if month in months.get(d.branch, set())
                else ""
            )
            return Markup(f"{text}{see}数据在 `{_where(d)}`。")

        found = by_branch[b.id]
        out[b.id] = BranchLines(
            tuple(item(d) for d in found if d.exception is None),
            tuple(item(d) for d in found if d.exception is not None),
        )
    return out


def render_conformance_page(
    playbook: m.Playbook,
    conf: Conformance,
    calendars: tuple[BranchCalendar, ...],
    *,
    directory_urls: bool = True,
) -> dict[str, str]:
    """``{PAGE: Markdown}``: the table branches × standards; nothing without branches."""
    if not playbook.branches:
        return {}
    link = Linker(playbook, PAGE, directory_urls)
    columns = _columns(playbook, conf)
    by_branch: dict[str, list[Deviation]] = {b.id: [] for b in playbook.branches}
    for d in conf.deviations:
        by_branch[d.branch].append(d)
    rows = []
    for b in playbook.branches:
        target = f"calendars/{b.id}/index.md#{BRANCH_SECTION}"
        rows.append((b, [_cell([d for d in by_branch[b.id] if c.covers(d)], target, link) for c in columns]))
    return {
        PAGE: render(
            "conformance.md",
            link=link,
            columns=[Markup(md_escape(c.title)) for c in columns],
            rows=rows,
            open=len(conf.open),
            approved=len(conf.approved),
        )
    }


def playbook_title(p: m.Playbook, entity_id: str) -> str:
    return title_of(p.entity(entity_id))
