"""iCalendar feeds (RFC 5545): every branch's calendar as ``.ics`` text, ready to subscribe to.

:func:`render_feeds` turns what :mod:`generator.calendars` worked out into ``{site path: text}``.
It reads no file and never looks at the clock, so two builds of the same data are byte-identical.
Files (site-relative):

* every feed of :attr:`Calendars.feeds` — ``feeds/<branch>/all.ics``, ``meetings.ics``,
  ``group-<group>.ics``, ``role-<role>.ics`` …;
* ``feeds/<branch>/series/<schedule>.ics`` — one recurring meeting: all its segments, moved
  occurrences and make-up-day meetings (the “add to calendar” link of a meeting);
* ``feeds/<branch>/events/<event>.ics`` — one one-off event.

What goes into a file:

``PRODID``
    ``-//<organisation>//<title>手册//ZH`` from ``data/playbook.yaml``, e.g.
    ``-//中支营销部//营销职场运作体系手册//ZH``. Deliberately without the version: a new release
    is the same producer.
``UID`` (made in :mod:`generator.calendar.occurrences` from ids only; ``<domain>`` is ``uid_domain``
in ``data/playbook.yaml``, never the site's address), the same in every feed and every build:

    * ``<branch>.<schedule>@<domain>``            a recurring series (``RRULE``);
    * ``<branch>.<schedule>.<YYYYMMDD>@<domain>`` the series a ``changes`` entry starts that day;
    * the series' UID plus ``RECURRENCE-ID``      a moved occurrence;
    * ``<branch>.<schedule>.makeup-<YYYYMMDD>@<domain>`` the meeting on a 调休 make-up weekend day
      (its own event, not an ``RDATE``: Outlook drops an RDATE's time, Google hides RDATEs after
      UNTIL);
    * ``<branch>.<event>.event@<domain>``         a one-off event.
``DTSTAMP``, ``LAST-MODIFIED``, ``SEQUENCE``
    from the git history of ``data/`` (:mod:`.tracking`): the time of the last commit that changed
    the event's text, and the number of commits that changed its schedule (start, end,
    recurrence, status, place); without history, ``meta.released`` at 00:00 Asia/Shanghai (UTC)
    and 0.
Provisional years
    an event on a day of a year without an official holiday arrangement says 暂定 in its
    ``DESCRIPTION``; the calendar's ``DESCRIPTION`` (RFC 7986) and ``X-WR-CALDESC`` name those years.
Times
    local times with ``TZID`` = the branch's time zone and a ``VTIMEZONE`` for it, generated from
    zoneinfo for the branch's calendar period; ``UNTIL`` in UTC (RFC 5545 §3.3.10); all-day events
    as ``VALUE=DATE`` with an exclusive ``DTEND`` (the next day).
Cancelled
    holidays and cancelled occurrences of a series are ``EXDATE``s; a cancelled one-off event or
    make-up-day meeting stays, with ``STATUS:CANCELLED`` and 【已取消】 before its summary.

Escaping and folding are done here (:func:`fold`, :func:`ical_text`) the way icalendar 7 does them:
TEXT values get ``\\,`` ``\\;`` ``\\\\`` ``\\n``; lines are folded at 75 octets between characters,
never inside a UTF-8 sequence nor inside an escape. ``NAME`` and ``X-WR-CALNAME`` are TEXT and escaped (icalendar's ``calendar_name`` writes
them unescaped). VTIMEZONEs come from ``icalendar.Timezone.from_tzid``. Each VEVENT is written once
as text and copied into every file that holds it: a branch's events appear in up to a dozen feeds,
so serializing through icalendar's object model per file cost ten times more (``bench/feeds.py``).
The text has CRLF line ends: write it as bytes, or with ``newline=""``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Timezone

from .. import model as m
from ..calendar.calendars import Calendars, Item
from ..calendar.occurrences import BranchCalendar, MakeUp, Override, Segment, cancelled_note
from ..model import words
from ..render.links import target_of, title_of, url_of
from .tracking import EventKey, Stamp

RELEASE_ZONE = ZoneInfo("Asia/Shanghai")
"""The zone ``meta.released`` is a date in (DTSTAMP and LAST-MODIFIED are its midnight)."""

REFRESH = timedelta(hours=6)
"""How often subscribers should re-fetch a feed (REFRESH-INTERVAL, X-PUBLISHED-TTL)."""

CANCELLED_MARK = "【已取消】"


@dataclass(frozen=True)
class FeedContext:
    """What every VEVENT needs besides its item: links, its stamps, the attendees' titles, which
    years are provisional."""

    playbook: m.Playbook
    site_url: str | None
    directory_urls: bool
    default_stamp: datetime
    """DTSTAMP and LAST-MODIFIED (UTC) of an event without a history (:attr:`stamps`)."""
    stamps: Mapping[EventKey, Stamp] = field(default_factory=dict)
    """Each event's LAST-MODIFIED and SEQUENCE, from the history of the data (:mod:`.tracking`)."""
    provisional: frozenset[int] = frozenset()
    """Years without an official holiday arrangement: their dates are 暂定."""

    def stamp(self, key: EventKey) -> Stamp:
        return self.stamps.get(key) or Stamp(self.default_stamp, 0)

    def provisional_note(self, days: Iterable[date]) -> str | None:
        """What an event on ``days`` says when some of them fall in a provisional year."""
        years = sorted({d.year for d in days} & self.provisional)
        if not years:
            return None
        shown = "、".join(str(y) for y in years)
        return f"暂定：{shown}年的节假日安排尚未公布，日期可能调整（公布后以正式安排为准）"

    def page_url(self, entity: Any) -> str | None:
        """Absolute URL of ``entity``'s handbook page (with its #anchor), or None without site_url."""
        if not self.site_url:
            return None
        page = target_of(entity)
        return self.site_url.rstrip("/") + "/" + url_of(page, directory_urls=self.directory_urls)

    def titles(self, ids: Iterable[str]) -> str:
        return "、".join(title_of(self.playbook.entity(i)) for i in ids)


def release_stamp(playbook: m.Playbook) -> datetime:
    """``meta.released`` at 00:00 in Asia/Shanghai, as UTC."""
    return datetime.combine(playbook.meta.released, time(), tzinfo=RELEASE_ZONE).astimezone(UTC)


def product_id(playbook: m.Playbook) -> str:
    """The PRODID, e.g. ``-//中支营销部//营销职场运作体系手册//ZH``."""
    return f"-//{playbook.meta.organisation}//{playbook.meta.title}手册//ZH"


# ------------------------------------------------------------------ text


_day = words.month_day


def _span(start: time, end: time) -> str:
    return f"{start:%H:%M}–{end:%H:%M}"


def _description(*parts: str | Iterable[str] | None, url: str | None) -> str:
    """Lines of a DESCRIPTION, empty parts left out, the handbook link last."""
    lines: list[str] = []
    for part in parts:
        if isinstance(part, str):
            lines.append(part)
        elif part is not None:
            lines.extend(part)
    if url:
        lines.append(f"手册：{url}")
    return "\n".join(line for line in lines if line)


def _summary(title: str, cancelled: bool) -> str:
    return f"{CANCELLED_MARK}{title}" if cancelled else title


# ---------------------------------------------------------------- VEVENTs


def ical_text(value: str) -> str:
    """A TEXT value, escaped (RFC 5545 §3.3.11: backslash, semicolon, comma, newline)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


_ESCAPE_OR_CHAR = re.compile(r"\\.|.", re.DOTALL)


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1): never inside a UTF-8 character, and never
    between a backslash and the character it escapes (some parsers unfold badly there)."""
    if len(line.encode("utf-8")) <= 75:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for token in _ESCAPE_OR_CHAR.findall(line):
        n = len(token.encode("utf-8"))
        if size + n > 75:
            parts.append("".join(current))
            current, size = [" "], 1
        current.append(token)
        size += n
    parts.append("".join(current))
    return "\r\n".join(parts)


def content_line(name: str, value: str) -> str:
    """One content line, folded, with its CRLF."""
    return fold(f"{name}:{value}") + "\r\n"


def _when(name: str, value: datetime | date) -> str:
    """A DATE-TIME with TZID (local), in UTC (``…Z``), or a DATE (``VALUE=DATE``)."""
    if isinstance(value, datetime):
        if value.tzinfo is UTC:
            return content_line(name, f"{value:%Y%m%dT%H%M%SZ}")
        return content_line(f"{name};TZID={value.tzinfo}", f"{value:%Y%m%dT%H%M%S}")
    return content_line(f"{name};VALUE=DATE", f"{value:%Y%m%d}")


@dataclass(frozen=True)
class FeedEvent:
    """A VEVENT, already serialized, with the key it is sorted by in a feed (start, UID,
    RECURRENCE-ID). Each is written once and copied into every file that holds it."""

    key: tuple[date, time, str, str]
    text: str
    tzids: frozenset[str]


def vevent(
    uid: str,
    *,
    rid: str = "",
    summary: str,
    start: datetime | date,
    end: datetime | date,
    ctx: FeedContext,
    category: str,
    description: str,
    place: str | None,
    url: str | None,
    extra: Iterable[str] = (),
    cancelled: bool = False,
) -> tuple[str, frozenset[str]]:
    stamp = ctx.stamp((uid, rid))
    lines = [
        "BEGIN:VEVENT\r\n",
        content_line("UID", ical_text(uid)),
        _when("DTSTAMP", stamp.modified),
        _when("DTSTART", start),
        _when("DTEND", end),
        *extra,
        content_line("SUMMARY", ical_text(summary)),
        content_line("SEQUENCE", str(stamp.sequence)),
    ]
    if cancelled:
        lines.append("STATUS:CANCELLED\r\n")
    if place:
        lines.append(content_line("LOCATION", ical_text(place)))
    if description:
        lines.append(content_line("DESCRIPTION", ical_text(description)))
    if url:
        lines.append(content_line("URL", url))
    lines.append(content_line("CATEGORIES", ical_text(m.CATEGORY_TITLES[category])))
    lines.append(_when("LAST-MODIFIED", stamp.modified))
    lines.append("END:VEVENT\r\n")
    tzids = frozenset(str(v.tzinfo) for v in (start, end) if isinstance(v, datetime))
    return "".join(lines), tzids


def _at(day: date, t: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, t, tzinfo=tz)


def series_events(seg: Segment, *, ctx: FeedContext) -> list[FeedEvent]:
    """The VEVENT of one series (RRULE + EXDATE) and one VEVENT per moved occurrence."""
    tz = ZoneInfo(seg.branch.timezone)
    excluded = set(seg.exdates)
    held = [d for d in seg.dates if d not in excluded]
    if not held:  # every date a holiday or cancelled: nothing to subscribe to
        return []
    first = held[0]
    meeting = seg.meeting
    url = ctx.page_url(meeting)
    attendees = ctx.titles(seg.schedule.attendees or meeting.attendees)
    holidays = "、".join(f"{_day(d)}（{name}）" for d, name in seg.holidays)
    cancelled = "、".join(
        f"{_day(c.date)}（{c.reason}）" if c.reason else _day(c.date) for c in seg.cancelled
    )
    change = seg.change
    until = _at(seg.last, time(23, 59, 59), tz).astimezone(UTC)
    rule = [content_line("RRULE", f"{_rule_with_until(seg.rule, until)}")]
    rule += [_when("EXDATE", _at(day, seg.start, tz)) for day in sorted(d for d in excluded if d > first)]
    text, tzids = vevent(
        seg.uid,
        summary=meeting.title,
        start=_at(first, seg.start, tz),
        end=_at(first, seg.end, tz),
        ctx=ctx,
        category=meeting.category,
        description=_description(
            f"自{_day(change.since)}起：{_span(seg.start, seg.end)}，{seg.place}"
            + (f"（{change.reason}）" if change.reason else "")
            if change
            else None,
            meeting.purpose,
            f"参加：{attendees}",
            holidays and f"节假日不举行：{holidays}",
            cancelled and f"已取消：{cancelled}",
            seg.schedule.note,
            ctx.provisional_note(held),
            url=url,
        ),
        place=seg.place,
        url=url,
        extra=rule,
    )
    out = [FeedEvent((first, seg.start, seg.uid, ""), text, tzids)]
    out.extend(_override_event(seg, o, tz=tz, ctx=ctx, url=url, attendees=attendees) for o in seg.overrides)
    return out


def _rule_with_until(rule: str, until: datetime) -> str:
    """``FREQ=…;UNTIL=…Z;BYDAY=…``: UNTIL in UTC right after FREQ, as icalendar orders it."""
    freq, _, rest = rule.partition(";")
    return f"{freq};UNTIL={until:%Y%m%dT%H%M%SZ};{rest}" if rest else f"{freq};UNTIL={until:%Y%m%dT%H%M%SZ}"


def _override_event(
    seg: Segment, o: Override, *, tz: ZoneInfo, ctx: FeedContext, url: str | None, attendees: str
) -> FeedEvent:
    moved = f"改期：原定{_day(o.original)} {seg.start:%H:%M}，改至{_day(o.day)} {_span(o.start, o.end)}"
    ev = vevent(
        seg.uid,
        rid=f"{o.original:%Y%m%d}",
        summary=seg.meeting.title,
        start=_at(o.day, o.start, tz),
        end=_at(o.day, o.end, tz),
        ctx=ctx,
        category=seg.meeting.category,
        description=_description(
            moved + (f"（{o.reason}）" if o.reason else ""),
            seg.meeting.purpose,
            f"参加：{attendees}",
            ctx.provisional_note([o.day]),
            url=url,
        ),
        place=o.place,
        url=url,
        extra=[_when("RECURRENCE-ID", _at(o.original, seg.start, tz))],
    )
    return FeedEvent((o.day, o.start, seg.uid, f"{o.original:%Y%m%d}"), *ev)


def makeup_event(mk: MakeUp, *, ctx: FeedContext) -> FeedEvent:
    """The meeting on a make-up working weekend day: its own VEVENT."""
    tz = ZoneInfo(mk.branch.timezone)
    c = mk.cancelled
    status = cancelled_note(c.reason) if c else f"{mk.name}调休上班日，照常举行"
    url = ctx.page_url(mk.meeting)
    ev = vevent(
        mk.uid,
        summary=_summary(mk.meeting.title, c is not None),
        start=_at(mk.day, mk.start, tz),
        end=_at(mk.day, mk.end, tz),
        ctx=ctx,
        category=mk.meeting.category,
        description=_description(
            status,
            mk.meeting.purpose,
            f"参加：{ctx.titles(mk.schedule.attendees or mk.meeting.attendees)}",
            ctx.provisional_note([mk.day]),
            url=url,
        ),
        place=mk.place,
        url=url,
        cancelled=c is not None,
    )
    return FeedEvent((mk.day, mk.start, mk.uid, ""), *ev)


def one_off_event(event: m.CalendarEvent, uid: str, *, branch: m.Branch, ctx: FeedContext) -> FeedEvent:
    """A one-off event: timed (TZID) or all-day (VALUE=DATE, exclusive DTEND)."""
    if event.start is not None and event.end is not None:
        tz = ZoneInfo(branch.timezone)
        start: datetime | date = _at(event.date, event.start, tz)
        end: datetime | date = _at(event.date, event.end, tz)
    else:
        start, end = event.date, event.date + timedelta(days=1)
    status: str | None
    if event.cancelled:
        status = cancelled_note(event.reason)
    else:
        status = f"变更说明：{event.reason}" if event.reason else None
    url = ctx.page_url(ctx.playbook.entity(event.link))
    ev = vevent(
        uid,
        summary=_summary(event.title, event.cancelled),
        start=start,
        end=end,
        ctx=ctx,
        category=event.category,
        description=_description(
            status,
            event.description,
            event.attendees and f"参加：{ctx.titles(event.attendees)}",
            ctx.provisional_note([event.date]),
            url=url,
        ),
        place=event.place,
        url=url,
        cancelled=event.cancelled,
    )
    return FeedEvent((event.date, event.start or time(0), uid, ""), *ev)


# --------------------------------------------------------------- calendars


@cache
def _timezone(tzid: str, first: date, last: date) -> str:
    """A VTIMEZONE for ``tzid`` valid from ``first`` to ``last`` (from zoneinfo), serialized once.

    icalendar adds a ``COMMENT`` saying for which dates it holds; RFC 5545 allows COMMENT only in
    the STANDARD and DAYLIGHT parts, and libical's restriction check rejects the calendar for it."""
    zone = Timezone.from_tzid(tzid, first_date=first, last_date=last)
    zone.pop("COMMENT", None)
    return str(zone.to_ical().decode("utf-8"))


def calendar_text(title: str, branch: m.Branch, events: Iterable[FeedEvent], *, ctx: FeedContext) -> str:
    """A VCALENDAR named ``title`` holding ``events`` in start order, with the VTIMEZONEs they use.

    Assembled from already-serialized parts: CRLF line ends, every line folded at 75 octets."""
    ordered = sorted(events, key=lambda fe: fe.key)
    tzids = sorted(set().union(*(fe.tzids for fe in ordered)) - {"UTC"}) if ordered else []
    name = ical_text(title)
    about = ical_text(calendar_description(title, branch, ctx=ctx))
    head = [
        "BEGIN:VCALENDAR\r\n",
        "VERSION:2.0\r\n",
        content_line("PRODID", ical_text(product_id(ctx.playbook))),
        "CALSCALE:GREGORIAN\r\n",
        content_line("NAME", name),  # escaped: icalendar's calendar_name would write commas raw
        content_line("X-WR-CALNAME", name),
        content_line("DESCRIPTION", about),  # RFC 7986
        content_line("X-WR-CALDESC", about),
        content_line("X-WR-TIMEZONE", branch.timezone),
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n",
        "X-PUBLISHED-TTL:PT6H\r\n",
    ]
    zones = [
        _timezone(tzid, branch.calendar_start, branch.calendar_end + timedelta(days=1)) for tzid in tzids
    ]
    return "".join([*head, *zones, *(fe.text for fe in ordered), "END:VCALENDAR\r\n"])


def calendar_description(title: str, branch: m.Branch, *, ctx: FeedContext) -> str:
    """What a calendar says about itself: whose it is, and which of its years are 暂定."""
    lines = [f"{title}：{ctx.playbook.meta.organisation}发布的{ctx.playbook.meta.title}行事历"]
    years = range(branch.calendar_start.year, branch.calendar_end.year + 1)
    provisional = [str(y) for y in years if y in ctx.provisional]
    if provisional:
        lines.append(
            f"{'、'.join(provisional)}年的节假日安排尚未公布：这些年的日期按法定节日和周末补假暂定，"
            "公布后会更新"
        )
    return "\n".join(lines)


def _branch_items(cal: BranchCalendar, *, ctx: FeedContext) -> list[tuple[Item, list[FeedEvent]]]:
    items: list[tuple[Item, list[FeedEvent]]] = []
    items.extend((seg, series_events(seg, ctx=ctx)) for seg in cal.segments)
    items.extend((mk, [makeup_event(mk, ctx=ctx)]) for mk in cal.makeups)
    items.extend((ev, [one_off_event(ev, uid, branch=cal.branch, ctx=ctx)]) for ev, uid in cal.events)
    return items


def feed_context(
    playbook: m.Playbook,
    calendars: Calendars | None,
    site_url: str | None,
    *,
    directory_urls: bool = True,
    stamps: Mapping[EventKey, Stamp] | None = None,
) -> FeedContext:
    return FeedContext(
        playbook,
        site_url,
        directory_urls,
        release_stamp(playbook),
        stamps or {},
        calendars.work.provisional if calendars is not None else frozenset(),
    )


def event_texts(
    playbook: m.Playbook, calendars: Calendars, site_url: str | None, *, directory_urls: bool = True
) -> dict[EventKey, str]:
    """The text of every VEVENT of every branch, by key (stamps left at their defaults): what
    :mod:`.tracking` compares between versions of the data."""
    ctx = feed_context(playbook, calendars, site_url, directory_urls=directory_urls)
    out: dict[EventKey, str] = {}
    for cal in calendars.branches:
        for _item, events in _branch_items(cal, ctx=ctx):
            for fe in events:
                out[(fe.key[2], fe.key[3])] = fe.text
    return out


def render_feeds(
    playbook: m.Playbook,
    calendars: Calendars,
    site_url: str | None,
    *,
    directory_urls: bool = True,
    stamps: Mapping[EventKey, Stamp] | None = None,
) -> dict[str, str]:
    """``{site path: ics text}`` of every feed, series and event file, sorted by path; ``stamps``
    from :func:`generator.site.feed_stamps` (without: the release date and SEQUENCE 0)."""
    ctx = feed_context(playbook, calendars, site_url, directory_urls=directory_urls, stamps=stamps)
    files: dict[str, str] = {}

    def put(path: str, title: str, branch: m.Branch, events: Iterable[FeedEvent]) -> None:
        if path in files:
            raise ValueError(f"two calendars would be written to {path}")
        files[path] = calendar_text(title, branch, events, ctx=ctx)

    for cal in calendars.branches:
        b = cal.branch
        items = _branch_items(cal, ctx=ctx)
        for feed in calendars.feeds_of(b.id):
            put(feed.path, feed.title, b, (fe for item, fes in items if feed.includes(item) for fe in fes))
        by_schedule: dict[str, list[FeedEvent]] = {}
        for item, fes in items:
            if isinstance(item, Segment | MakeUp):
                by_schedule.setdefault(item.schedule.id, []).extend(fes)
        for schedule in b.schedules:
            meeting = playbook.get(schedule.meeting, m.Meeting)
            put(
                f"feeds/{b.id}/series/{schedule.id}.ics",
                f"{b.title}·{meeting.title}",
                b,
                by_schedule.get(schedule.id, []),
            )
        for item, fes in items:
            if isinstance(item, m.CalendarEvent):
                put(f"feeds/{b.id}/events/{item.id}.ics", f"{b.title}·{item.title}", b, fes)
    return dict(sorted(files.items()))
