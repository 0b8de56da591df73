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
    through: frozenset[str] = frozenset()
    """For a role's feed: the functional groups the role leads or is a member of — what they
    attend, the role attends."""

    def includes(self, item: Item) -> bool:
        if self.kind == "all":
            return True
        if self.kind == "category":
            return item_category(item) == self.key
        link = item.link if isinstance(item, m.CalendarEvent) else None
        return attends(self.key or "", self.through, item_attendees(item), link)


@dataclass(frozen=True)
class Calendars:
    """All branches' calendars plus the feed catalogue."""

    work: WorkCalendar
    branches: tuple[BranchCalendar, ...]
    feeds: tuple[Feed, ...]
    domain: str
    """Domain part of every UID (``uid_domain`` in ``data/playbook.yaml``)."""

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


def groups_of(playbook: m.Playbook, role_id: str) -> frozenset[str]:
    """The functional groups a role leads or is a member of: what they attend, the role attends."""
    return frozenset(g.id for g in playbook.groups if role_id in g.leaders or role_id in g.member_roles)


def attends(
    role_id: str, groups: frozenset[str], attendees: tuple[str, ...], link: str | None = None
) -> bool:
    """Whether a role (with its ``groups``) is among ``attendees``, or is what a one-off event
    links to (``link``); the rule of the role feeds and of the 今天 page alike."""
    who = {role_id, *groups}
    return bool(who & set(attendees)) or link in who


def uid_domain(playbook: m.Playbook) -> str:
    """The domain part of every UID: ``uid_domain`` from ``data/playbook.yaml`` (required by the
    checks), never the site's address — a site that moves, or a preview on 127.0.0.1, keeps its
    UIDs."""
    return playbook.meta.uid_domain or "playbook.invalid"


def build_calendars(playbook: m.Playbook, site_url: str | None) -> Calendars:
    domain = uid_domain(playbook)
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
            groups = groups_of(playbook, r.id)
            feed = Feed(f"feeds/{b.id}/role-{r.id}.ics", b, "role", r.id, f"{b.title}·{r.title}", groups)
            if any(feed.includes(i) for i in items):
                feeds.append(feed)
    return Calendars(work, cals, tuple(feeds), domain)
