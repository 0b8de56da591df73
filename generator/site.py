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
from .calendar.calendars import Calendars, build_calendars, uid_domain
from .calendar.checks import check_calendars
from .calendar.conformance import Conformance, conformance
from .calendar.workdays import provisional_warnings
from .feeds.agenda import render_agenda
from .feeds.ical import event_texts, release_stamp, render_feeds
from .feeds.milestones import milestone_texts, render_milestones_feed
from .feeds.tracking import (
    EventKey,
    Fingerprint,
    Snapshot,
    Stamp,
    Tracked,
    advance,
    fingerprints,
    stamps_after,
    tracked_from_plain,
    tracked_to_plain,
)
from .load.cache import JsonCache
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
    playbook: m.Playbook,
    *,
    domain: str,
    site_url: str | None,
    directory_urls: bool,
    calendars: Calendars | None = None,
) -> dict[EventKey, str]:
    """Every VEVENT ``playbook`` publishes, by key, with UIDs in ``domain`` (the current one, for
    an older version too: its events are then the same events)."""
    if playbook.meta.uid_domain != domain:
        playbook = dataclasses.replace(playbook, meta=dataclasses.replace(playbook.meta, uid_domain=domain))
    texts = milestone_texts(playbook, site_url=site_url, directory_urls=directory_urls)
    if playbook.branches and site_url:
        if calendars is None:
            calendars = build_calendars(playbook, site_url)
        texts.update(event_texts(playbook, calendars, site_url, directory_urls=directory_urls))
    return texts


class HistoryCache:
    """The history of the events folded up to a commit (:class:`~generator.feeds.tracking.Tracked`),
    by that commit and how the events are written: the newest in memory (``playbook serve``
    builds again and again), and in a :class:`~generator.load.cache.JsonCache` when given (the
    next ``playbook build`` then reads only the commits made since). A commit never changes, nor
    does what this generator makes of it, so a kept value is the value that would be worked out."""

    KIND = "history"

    def __init__(self, disk: JsonCache | None = None) -> None:
        self.disk = disk
        self.memory: tuple[str, Tracked] | None = None

    def get(self, key: str) -> Tracked | None:
        if self.memory is not None and self.memory[0] == key:
            return self.memory[1]
        found = tracked_from_plain(self.disk.get(self.KIND, key)) if self.disk else None
        if found is not None:
            self.memory = (key, found)
        return found

    def put(self, key: str, tracked: Tracked) -> None:
        self.memory = (key, tracked)
        if self.disk is not None:
            self.disk.put(self.KIND, key, tracked_to_plain(tracked))


def feed_stamps(
    playbook: m.Playbook,
    history: Sequence[m.Revision] | None,
    *,
    site_url: str | None,
    directory_urls: bool = True,
    cache: HistoryCache | None = None,
    calendars: Calendars | None = None,
) -> dict[EventKey, Stamp]:
    """Each published event's LAST-MODIFIED and SEQUENCE (:mod:`generator.feeds.tracking`) from the
    committed versions of the data, oldest first; ``None``: no history (every event then carries
    the release date and SEQUENCE 0). A version that cannot be read is left out; so are the
    events of one whose calendars do not pass today's checks (they could not be worked out).
    With ``cache``, the versions up to the newest commit found there are not read again;
    ``calendars``: the current playbook's, when already built."""
    domain = uid_domain(playbook)

    def snapshot(p: m.Playbook, calendars: Calendars | None = None) -> dict[EventKey, Fingerprint]:
        return fingerprints(
            _event_texts(
                p, domain=domain, site_url=site_url, directory_urls=directory_urls, calendars=calendars
            )
        )

    def key(commit: str) -> str:
        return "\0".join((commit, domain, site_url or "", str(directory_urls)))

    current = snapshot(playbook, calendars)
    tracked, start = Tracked({}), 0
    if cache is not None and history:
        for i in range(len(history) - 1, -1, -1):
            if history[i].commit and (found := cache.get(key(history[i].commit))) is not None:
                tracked, start = found, i + 1
                break
    for r in (history or ())[start:]:
        p = r.version()
        if p is None:
            continue
        tracked = (
            advance(tracked, Snapshot(r.time, snapshot(p)))
            if not check_calendars(p)
            else Tracked(tracked.events, r.time)
        )
    if cache is not None and history and start < len(history) and history[-1].commit:
        cache.put(key(history[-1].commit), tracked)
    if tracked.last is None:
        return stamps_after(tracked, current, change_time=release_stamp(playbook))
    return stamps_after(tracked, current, change_time=tracked.last + timedelta(seconds=1))


def generate(
    playbook: m.Playbook,
    *,
    site_url: str | None,
    directory_urls: bool = True,
    print_page: str | None = None,
    posts: Sequence[Post] = (),
    versions: Sequence[Version] | None = None,
    history: Sequence[m.Revision] | None = None,
    history_cache: HistoryCache | None = None,
) -> GeneratedSite:
    """Render everything. With branches, ``site_url`` must be set (subscribe links are absolute).
    ``versions``: every release with its data, oldest first (:func:`generator.load.versions.load_history`).

    ``print_page``: source path of the whole-handbook print page, when the site has one.
    ``history``: the committed versions of the data (:func:`generator.load.versions.data_history`),
    for the feeds' LAST-MODIFIED and SEQUENCE; ``None`` when there is none. ``history_cache``:
    what earlier builds made of those versions (:class:`HistoryCache`)."""
    calendars = build_calendars(playbook, site_url) if playbook.branches and site_url else None
    event_stamps = feed_stamps(
        playbook,
        history,
        site_url=site_url,
        directory_urls=directory_urls,
        cache=history_cache,
        calendars=calendars,
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
        assert calendars is not None
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
