"""The agenda data behind 今天 / 本周 and the branch chooser: JSON files the page's script reads.

The build knows no “today” (the same input gives the same bytes on any day); the reader's
browser does. So the build writes, per branch and month, what its month page shows, day by day,
and the script picks today's and this week's days in the branch's time zone:

* ``calendars/branches.json`` — the branches (id, title, time zone, months, pages) and the
  roles (id, title), for the chooser;
* ``calendars/<branch>/<YYYY-MM>.json`` — every day of the month that has something: the day
  off or make-up working day, the morning topic, the meetings and events (cancelled ones
  marked, with the roles that attend, groups resolved as in the role feeds), and the meetings
  moved away from it (with their roles too); ``provisional`` when the year's holiday arrangement
  is not yet known.

Links are site-root-relative URLs (``meetings/morning-meeting/``); the script resolves them
against the page's base. Text from the data is JSON string data, which the script puts into
the page as text, never as markup. One file per branch and month keeps what a phone loads
small whatever the number of branches.
"""

from __future__ import annotations

import json
from typing import Any

from .. import model as m
from ..calendar.calendars import Calendars, attends, groups_of
from ..calendar.occurrences import Occurrence
from ..model import words
from ..render.calendar_pages import (
    Day,
    branch_months,
    month_page,
    occurrence_target,
    subscribe_page,
    time_span,
)
from ..render.links import target_of, url_of
from ..render.today import BRANCHES_FILE, TODAY_PAGE


def month_file(branch_id: str, month: str) -> str:
    return f"calendars/{branch_id}/{month}.json"


def _dumps(data: Any) -> str:
    """Compact JSON, Chinese as it is; ``<``, ``>`` and ``&`` written as ``\\u`` escapes, so
    that no text from the data looks like markup even to a careless reader of the file."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def _url(path: str, *, directory_urls: bool) -> str:
    """Site-root-relative URL of ``path.md#anchor``."""
    return url_of(path, directory_urls=directory_urls)


def _roles(playbook: m.Playbook, occ: Occurrence, groups: dict[str, frozenset[str]]) -> list[str]:
    """The roles that attend ``occ`` (groups resolved as in the role feeds)."""
    link = occ.link if occ.kind == "event" else None
    return [r.id for r in playbook.roles if attends(r.id, groups[r.id], occ.attendees, link)]


def _item(
    playbook: m.Playbook,
    branch_id: str,
    occ: Occurrence,
    groups: dict[str, frozenset[str]],
    directory_urls: bool,
) -> dict[str, Any]:
    roles = _roles(playbook, occ, groups)
    return {
        "time": time_span(occ),
        "title": occ.title,
        "place": occ.place,
        "category": occ.category,
        "kind": occ.kind,
        "cancelled": occ.cancelled,
        "note": occ.note,
        "roles": roles,
        "href": _url(occurrence_target(branch_id, occ), directory_urls=directory_urls),
        "page": (
            _url(target_of(playbook.entity(occ.link)), directory_urls=directory_urls)
            if occ.link and occ.link in playbook.by_id
            else None
        ),
    }


def _day(
    playbook: m.Playbook, branch_id: str, d: Day, groups: dict[str, frozenset[str]], directory_urls: bool
) -> dict[str, Any]:
    return {
        "date": d.day.isoformat(),
        "off": d.holiday,
        "makeup": d.makeup,
        "topic": (
            {"topic": d.topic.topic, "host": d.topic.host, "content": d.topic.content} if d.topic else None
        ),
        "items": [_item(playbook, branch_id, o, groups, directory_urls) for o in d.occurrences],
        "moved": [
            {
                "title": mv.occurrence.title,
                "to": words.month_day(mv.occurrence.day)
                + (f" {words.clock(mv.occurrence.start)}" if mv.occurrence.start else ""),
                "href": _url(mv.target, directory_urls=directory_urls),
                "roles": _roles(playbook, mv.occurrence, groups),
            }
            for mv in d.moved
        ],
    }


def render_agenda(
    playbook: m.Playbook, calendars: Calendars, *, directory_urls: bool = True
) -> dict[str, str]:
    """``{site path: JSON text}`` for the chooser and the 今天 page (see the module's doc)."""
    groups = {r.id: groups_of(playbook, r.id) for r in playbook.roles}
    out: dict[str, str] = {}
    branches = []
    for cal in calendars.branches:
        b = cal.branch
        for mo in branch_months(playbook, cal):
            days = [
                _day(playbook, b.id, d, groups, directory_urls)
                for d in mo.days
                if d.holiday or d.makeup or d.topic or d.occurrences or d.moved
            ]
            out[month_file(b.id, mo.month)] = _dumps(
                {
                    "branch": b.id,
                    "month": mo.month,
                    "page": _url(month_page(b.id, mo.month), directory_urls=directory_urls),
                    "provisional": mo.year in calendars.work.provisional,
                    "days": days,
                }
            )
        branches.append(
            {
                "id": b.id,
                "title": b.title,
                "timezone": b.timezone,
                "first": b.calendar_start.isoformat(),
                "last": b.calendar_end.isoformat(),
                "months": list(cal.months),
                "calendar": _url(f"calendars/{b.id}/index.md", directory_urls=directory_urls),
                "subscribe": _url(subscribe_page(b.id), directory_urls=directory_urls),
                "role_feeds": {
                    f.key: f.path for f in calendars.feeds_of(b.id) if f.kind == "role" and f.key is not None
                },
            }
        )
    out[BRANCHES_FILE] = _dumps(
        {
            "today": _url(TODAY_PAGE, directory_urls=directory_urls),
            "branches": branches,
            "roles": [{"id": r.id, "title": r.title} for r in playbook.roles],
        }
    )
    return dict(sorted(out.items()))
