"""Phase two as one call: the validated playbook → every generated page and file.

This is everything the generator does for a build, without MkDocs: the handbook pages, the
onboarding paths, the printables (work logs, checklists, forms, with CSV downloads), and when the playbook has
branches, their 行事历 pages, the subscribe page and the iCalendar feeds. The
MkDocs plugin hands the result to MkDocs; the benchmark times it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from . import model as m
from .calendar_pages import render_calendar_pages
from .calendars import build_calendars
from .feeds import render_feeds
from .onboarding import render_onboarding_pages
from .pages import render_pages
from .posts import Post
from .printables import render_printables
from .releases import Version, mark_changed, render_releases
from .rollout import render_milestones_feed
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


def _merge(*parts: dict[str, str]) -> dict[str, str]:
    """Union of page/file maps; two renderers writing the same path is a bug, not a data problem."""
    out: dict[str, str] = {}
    for part in parts:
        clashes = sorted(set(out) & set(part))
        if clashes:
            raise AssertionError(f"two renderers wrote {clashes}")
        out.update(part)
    return dict(sorted(out.items()))


def generate(
    playbook: m.Playbook,
    *,
    site_url: str | None,
    directory_urls: bool = True,
    print_page: str | None = None,
    posts: Sequence[Post] = (),
    versions: Sequence[Version] | None = None,
) -> GeneratedSite:
    """Render everything. With branches, ``site_url`` must be set (subscribe links are absolute).
    ``versions``: every release with its data, oldest first (:func:`generator.releases.load_history`).

    ``print_page``: source path of the whole-handbook print page, when the site has one."""
    pages = render_pages(playbook, directory_urls=directory_urls, posts=posts)
    printable_pages, printable_files = render_printables(
        playbook, directory_urls=directory_urls, print_page=print_page
    )
    pages = _merge(pages, printable_pages, render_onboarding_pages(playbook, directory_urls=directory_urls))
    history = (
        list(versions)
        if versions is not None
        else [Version(playbook.meta.version, playbook.meta.released, playbook)]
    )
    notes = render_releases(playbook, history, directory_urls=directory_urls)
    pages = mark_changed(_merge(pages, notes.pages), notes, playbook.meta.version)
    milestones = render_milestones_feed(playbook, site_url=site_url, directory_urls=directory_urls)
    if not playbook.branches:
        return GeneratedSite(pages, _merge(printable_files, milestones))
    if not site_url:
        raise ValueError("site_url is required when the playbook has branches")
    calendars = build_calendars(playbook, site_url)
    calendar_pages = render_calendar_pages(
        playbook, calendars, site_url=site_url, directory_urls=directory_urls
    )
    return GeneratedSite(
        pages=_merge(pages, calendar_pages),
        files=_merge(
            printable_files,
            milestones,
            render_feeds(playbook, calendars, site_url, directory_urls=directory_urls),
        ),
        months={cal.branch.id: cal.months for cal in calendars.branches},
        warnings=tuple(provisional_warnings(calendars.work)),
    )
