"""The pipeline, without MkDocs: phase one (:func:`load_playbook`) and phase two (:func:`generate`).

Phase one reads and checks *all* of ``data/`` (:mod:`generator.load`), then the calendars
(:mod:`generator.calendar.checks`); every problem of both is raised together. Phase two renders
everything the generator does for a build: the handbook pages, the onboarding paths, the
printables (work logs, checklists, forms, with CSV downloads), and when the playbook has branches,
their 行事历 pages, the subscribe page and the iCalendar feeds. The MkDocs plugin and the CLI
call these two; the benchmark times them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from . import model as m
from .calendar.calendars import build_calendars, uid_domain
from .calendar.checks import check_calendars
from .calendar.conformance import Conformance, conformance
from .calendar.workdays import provisional_warnings
from .feeds.agenda import render_agenda
from .feeds.ical import event_texts, release_stamp, render_feeds
from .feeds.milestones import milestone_texts, render_milestones_feed
from .feeds.tracking import EventKey, Fingerprint, Snapshot, Stamp, fingerprints, stamps
from .load.loader import read_and_check
from .model.announcements import Post
from .model.entities import Version
from .model.errors import DataError
from .render.assumptions import render_assumptions_page
from .render.calendar_pages import render_calendar_site
from .render.conformance import branch_lines, render_conformance_page
from .render.generic import generic_pages
from .render.onboarding import render_onboarding_pages
from .render.pages import render_pages
from .render.printables import render_printables
from .render.releases import mark_changed, render_releases
from .render.today import render_today_page


def load_playbook(data_dir: Path, *, shown_root: Path | None = None) -> m.Playbook:
    """Phase one: read and check every file under ``data_dir``, then the calendars; raise
    :class:`DataError` with every problem found. Nothing is rendered before this succeeds."""
    playbook, problems = read_and_check(data_dir, shown_root=shown_root)
    problems += check_calendars(playbook)
    if problems:
        raise DataError(problems)
    return playbook


def check_conformance(playbook: m.Playbook) -> Conformance:
    """Every branch against the standard and the rollout (:mod:`generator.calendar.conformance`):
    what ``playbook validate`` and ``playbook build --strict`` report."""
    return conformance(playbook, build_calendars(playbook, None).branches)


@dataclass(frozen=True)
class GeneratedSite:
    pages: dict[str, str]
    """Markdown pages by source path."""
    files: dict[str, str] = field(default_factory=dict)
    """Other files (the ``.ics`` feeds) by site path; CRLF text, to be written as UTF-8 bytes."""
    months: dict[str, tuple[str, ...]] | None = None
    """Each branch's months (``YYYY-MM``), for the navigation; None without branches."""
    warnings: tuple[str, ...] = ()
    """Things to tell the editor that do not stop the build (a provisional holiday year, the
    deviations from the standard)."""
    fragments: dict[str, dict[str, str]] = field(default_factory=dict)
    """HTML put into a page after Markdown, ``{page: {slot element: HTML}}``
    (:func:`generator.render.calendar_pages.slot`): a month's grid and day-by-day list."""


def _merge(*parts: dict[str, str]) -> dict[str, str]:
    """Union of page/file maps; two renderers writing the same path is a bug, not a data problem."""
    out: dict[str, str] = {}
    for part in parts:
        clashes = sorted(set(out) & set(part))
        if clashes:
            raise AssertionError(f"two renderers wrote {clashes}")
        out.update(part)
    return dict(sorted(out.items()))


def _event_texts(
    playbook: m.Playbook, *, domain: str, site_url: str | None, directory_urls: bool
) -> dict[EventKey, str]:
    """Every VEVENT ``playbook`` publishes, by key, with UIDs in ``domain`` (the current one, for
    an older version too: its events are then the same events)."""
    if playbook.meta.uid_domain != domain:
        playbook = dataclasses.replace(playbook, meta=dataclasses.replace(playbook.meta, uid_domain=domain))
    texts = milestone_texts(playbook, site_url=site_url, directory_urls=directory_urls)
    if playbook.branches and site_url:
        calendars = build_calendars(playbook, site_url)
        texts.update(event_texts(playbook, calendars, site_url, directory_urls=directory_urls))
    return texts


SnapshotCache = dict[tuple[int, str, str | None, bool], tuple[m.Revision, dict[EventKey, Fingerprint]]]
"""Past versions' event fingerprints, kept by a caller that builds again and again (``playbook
serve``): a committed version never changes, so neither do they."""


def feed_stamps(
    playbook: m.Playbook,
    history: Sequence[m.Revision] | None,
    *,
    site_url: str | None,
    directory_urls: bool = True,
    cache: SnapshotCache | None = None,
) -> dict[EventKey, Stamp]:
    """Each published event's LAST-MODIFIED and SEQUENCE (:mod:`generator.feeds.tracking`) from the
    committed versions of the data, oldest first; ``None``: no history (every event then carries
    the release date and SEQUENCE 0). A version whose calendars do not pass today's checks is
    left out (its events could not be worked out)."""
    domain = uid_domain(playbook)

    def snapshot(p: m.Playbook) -> dict[EventKey, Fingerprint]:
        return fingerprints(_event_texts(p, domain=domain, site_url=site_url, directory_urls=directory_urls))

    current = snapshot(playbook)
    if not history:
        return stamps([], current, change_time=release_stamp(playbook))

    def remembered(r: m.Revision) -> dict[EventKey, Fingerprint] | None:
        """The version's fingerprints; None if its calendars do not pass today's checks."""
        key = (id(r), domain, site_url, directory_urls)
        if cache is not None and key in cache and cache[key][0] is r:
            return cache[key][1]
        found = None if check_calendars(r.playbook) else snapshot(r.playbook)
        if cache is not None and found is not None:
            cache[key] = (r, found)
        return found

    past = [Snapshot(r.time, s) for r in history if (s := remembered(r)) is not None]
    return stamps(past, current, change_time=history[-1].time + timedelta(seconds=1))


def generate(
    playbook: m.Playbook,
    *,
    site_url: str | None,
    directory_urls: bool = True,
    print_page: str | None = None,
    posts: Sequence[Post] = (),
    versions: Sequence[Version] | None = None,
    history: Sequence[m.Revision] | None = None,
    snapshots: SnapshotCache | None = None,
) -> GeneratedSite:
    """Render everything. With branches, ``site_url`` must be set (subscribe links are absolute).
    ``versions``: every release with its data, oldest first (:func:`generator.load.versions.load_history`).

    ``print_page``: source path of the whole-handbook print page, when the site has one.
    ``history``: the committed versions of the data (:func:`generator.load.versions.data_history`),
    for the feeds' LAST-MODIFIED and SEQUENCE; ``None`` when there is none. ``snapshots``: a
    cache of what those versions publish, kept across builds by ``playbook serve``."""
    event_stamps = feed_stamps(
        playbook, history, site_url=site_url, directory_urls=directory_urls, cache=snapshots
    )
    pages = render_pages(playbook, directory_urls=directory_urls, posts=posts)
    printable_pages, printable_files = render_printables(
        playbook, directory_urls=directory_urls, print_page=print_page
    )
    pages = _merge(
        pages,
        printable_pages,
        render_onboarding_pages(playbook, directory_urls=directory_urls),
        render_assumptions_page(playbook, directory_urls=directory_urls),
    )
    files = _merge(
        printable_files,
        render_milestones_feed(
            playbook, site_url=site_url, directory_urls=directory_urls, stamps=event_stamps
        ),
    )
    months: dict[str, tuple[str, ...]] | None = None
    warnings: tuple[str, ...] = ()
    fragments: dict[str, dict[str, str]] = {}
    if playbook.branches:
        if not site_url:
            raise ValueError("site_url is required when the playbook has branches")
        calendars = build_calendars(playbook, site_url)
        conf = conformance(playbook, calendars.branches)
        calendar_pages, fragments = render_calendar_site(
            playbook,
            calendars,
            site_url=site_url,
            directory_urls=directory_urls,
            conformance=branch_lines(playbook, conf, calendars.branches, directory_urls=directory_urls),
        )
        pages = _merge(pages, calendar_pages)
        pages = _merge(pages, render_today_page(playbook, calendars, directory_urls=directory_urls))
        files = _merge(
            files,
            render_feeds(playbook, calendars, site_url, directory_urls=directory_urls, stamps=event_stamps),
            render_agenda(playbook, calendars, directory_urls=directory_urls),
        )
        pages = _merge(
            pages,
            render_conformance_page(playbook, conf, calendars.branches, directory_urls=directory_urls),
        )
        months = {cal.branch.id: cal.months for cal in calendars.branches}
        warnings = (
            *provisional_warnings(calendars.work),
            *(f"偏离标准：{w.format()}" for w in conf.warnings),
            *([conf.summary()] if conf.deviations or conf.unused else []),
        )
    pages = _merge(pages, generic_pages(playbook, set(pages), directory_urls=directory_urls))
    releases = (
        list(versions)
        if versions is not None
        else [Version(playbook.meta.version, playbook.meta.released, playbook)]
    )
    notes = render_releases(playbook, releases, directory_urls=directory_urls)
    pages = mark_changed(_merge(pages, notes.pages), notes, playbook.meta.version)
    return GeneratedSite(pages=pages, files=files, months=months, warnings=warnings, fragments=fragments)
