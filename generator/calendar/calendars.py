"""Every branch's calendar and the catalogue of feeds: what exists, where it lives, what it holds.

Pages (:mod:`generator.calendar_pages`) and feeds (:mod:`generator.feeds`) both read this
catalogue, so the subscribe page lists exactly the feeds that are written.

Paths (site-relative):

* ``calendars/<branch>/index.md``            a branch's overview, ``calendars/<branch>/<YYYY-MM>.md`` its months
* ``calendars/subscribe.md``                 the subscribe page
* ``feeds/<branch>/<name>.ics``              feeds: ``all``, ``meetings``, ``recruiting``, ``training``,
                                             ``group-<group id>``, ``role-<role id>``
* ``feeds/<branch>/series/<schedule>.ics``   one recurring meeting (all its occurrences)
* ``feeds/<branch>/events/<event>.ics``      one one-off event
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal
from urllib.parse import urlsplit

from .. import model as m
from .checks import calendar_years
from .occurrences import BranchCalendar, MakeUp, Segment, branch_calendar
from .workdays import WorkCalendar, work_calendar

Item = Segment | MakeUp | m.CalendarEvent
"""What a feed holds: a recurring series, a make-up-day meeting or a one-off event."""

CATEGORY_FEEDS: dict[str, str] = {"meetings": "meeting", "recruiting": "recruiting", "training": "training"}
"""Feed name → event category, for the per-category feeds of a branch."""


def item_category(item: Item) -> str:
    if isinstance(item, m.CalendarEvent):
        return item.category
    return item.meeting.category


def item_attendees(item: Item) -> tuple[str, ...]:
    if isinstance(item, m.CalendarEvent):
        return item.attendees
    return item.schedule.attendees or item.meeting.attendees


@dataclass(frozen=True)
class Feed:
    """One subscribable ``.ics`` file."""

    path: str
    """Site-relative path, e.g. ``feeds/branch-a/all.ics``."""
    branch: m.Branch
    kind: Literal["all", "category", "group", "role"]
    key: str | None
    """Category (``meeting``…), group id or role id; None for ``all``."""
    title: str
    """Calendar name shown in the calendar app, e.g. 示例东城支公司·增员活动."""

    def includes(self, item: Item) -> bool:
        if self.kind == "all":
            return True
        if self.kind == "category":
            return item_category(item) == self.key
        return self.key in item_attendees(item) or (
            isinstance(item, m.CalendarEvent) and item.link == self.key
        )


@dataclass(frozen=True)
class Calendars:
    """All branches' calendars plus the feed catalogue."""

    work: WorkCalendar
    branches: tuple[BranchCalendar, ...]
    feeds: tuple[Feed, ...]
    domain: str
    """Domain part of every UID (from ``site_url``)."""

    def items(self, cal: BranchCalendar) -> list[Item]:
        return [*cal.segments, *cal.makeups, *(ev for ev, _uid in cal.events)]

    @cached_property
    def _feeds_by_branch(self) -> dict[str, list[Feed]]:
        by_branch: dict[str, list[Feed]] = {}
        for feed in self.feeds:
            by_branch.setdefault(feed.branch.id, []).append(feed)
        return by_branch

    def feeds_of(self, branch_id: str) -> list[Feed]:
        """The feeds of one branch, in catalogue order."""
        return self._feeds_by_branch.get(branch_id, [])


def uid_domain(site_url: str | None) -> str:
    """The host part of UIDs: the site's host name, or a fixed fallback (never random)."""
    host = urlsplit(site_url or "").hostname
    return host or "playbook.invalid"


def build_calendars(playbook: m.Playbook, site_url: str | None) -> Calendars:
    domain = uid_domain(site_url)
    work = work_calendar(calendar_years(playbook), playbook.holidays)
    cals = tuple(branch_calendar(playbook, b, work, domain) for b in playbook.branches)
    feeds: list[Feed] = []
    for cal in cals:
        b = cal.branch
        items: list[Item] = [*cal.segments, *cal.makeups, *(ev for ev, _uid in cal.events)]
        feeds.append(Feed(f"feeds/{b.id}/all.ics", b, "all", None, f"{b.title}·全部"))
        for name, category in CATEGORY_FEEDS.items():
            feeds.append(
                Feed(
                    f"feeds/{b.id}/{name}.ics",
                    b,
                    "category",
                    category,
                    f"{b.title}·{m.CATEGORY_TITLES[category]}",
                )
            )
        for g in playbook.groups:
            feed = Feed(f"feeds/{b.id}/group-{g.id}.ics", b, "group", g.id, f"{b.title}·{g.title}")
            if any(feed.includes(i) for i in items):
                feeds.append(feed)
        for r in playbook.roles:
            feed = Feed(f"feeds/{b.id}/role-{r.id}.ics", b, "role", r.id, f"{b.title}·{r.title}")
            if any(feed.includes(i) for i in items):
                feeds.append(feed)
    return Calendars(work, cals, tuple(feeds), domain)
