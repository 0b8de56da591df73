"""Phase two as one call: the validated playbook → every generated page and file.

This is everything the generator does for a build, without MkDocs: the handbook pages, and when
the playbook has branches, their 行事历 pages, the subscribe page and the iCalendar feeds. The
MkDocs plugin hands the result to MkDocs; the benchmark times it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import model as m
from .calendar_pages import render_calendar_pages
from .calendars import build_calendars
from .feeds import render_feeds
from .pages import render_pages
from .workdays import provisional_warnings


@dataclass(frozen=True)
class GeneratedSite:
    pages: dict[str, str]
    """Markdown pages by source path."""
    files: dict[str, str] = field(default_factory=dict)
    """Other files (the ``.ics`` feeds) by site path; CRLF text, to be written as UTF-8 bytes."""
    months: dict[str, tuple[str, ...]] | None = None
    """Each branch's months (``YYYY-MM``), for the navigation; None without branches."""
    warnings: tuple[str, ...] = ()
    """Things to tell the editor that do not stop the build (a provisional holiday year)."""


def generate(playbook: m.Playbook, *, site_url: str | None, directory_urls: bool = True) -> GeneratedSite:
    """Render everything. With branches, ``site_url`` must be set (subscribe links are absolute)."""
    pages = render_pages(playbook, directory_urls=directory_urls)
    if not playbook.branches:
        return GeneratedSite(pages)
    if not site_url:
        raise ValueError("site_url is required when the playbook has branches")
    calendars = build_calendars(playbook, site_url)
    calendar_pages = render_calendar_pages(
        playbook, calendars, site_url=site_url, directory_urls=directory_urls
    )
    clashes = sorted(set(pages) & set(calendar_pages))
    if clashes:
        raise AssertionError(f"two renderers wrote {clashes}")  # a bug, not a data problem
    return GeneratedSite(
        pages=dict(sorted({**pages, **calendar_pages}.items())),
        files=render_feeds(playbook, calendars, site_url, directory_urls=directory_urls),
        months={cal.branch.id: cal.months for cal in calendars.branches},
        warnings=tuple(provisional_warnings(calendars.work)),
    )
