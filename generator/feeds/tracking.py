"""When each published event last changed, and how often its schedule did: from history, pure.

Calendar apps keep the events of a subscription and update one they already hold only under
conditions: ICSx⁵ (the Android app the subscribe page recommends) replaces an event only when its
``LAST-MODIFIED`` (the newest of the event and its moved occurrences) is later than the one it
stored; apps that import a ``.ics`` file again (钉钉, 飞书, 企业微信, Outlook) look at ``SEQUENCE``
(RFC 5546 §2.1.4: a new revision has a higher one). So for every VEVENT:

* ``LAST-MODIFIED`` and ``DTSTAMP`` are the time of the last version of the data in which the
  event's published text changed (every line but these three stamps), and stay put otherwise;
* ``SEQUENCE`` counts the versions in which its *schedule* changed — start, end, recurrence
  (``RRULE``, ``EXDATE``, ``RDATE``, which occurrences are moved), ``STATUS`` (cancelling, and
  un-cancelling too) or ``LOCATION`` — and an event that disappears and comes back counts as
  changed; it never goes down. A moved occurrence's ``SEQUENCE`` is never below its series'.

The versions are the commits that changed ``data/`` (read by :mod:`generator.load.versions`), each
turned into event texts by the *current* code with the *current* UID domain and site address, so
only changes in the data show; the data being built, if it differs from the last commit, is one
more version dated one second after that commit. Nothing reads the clock: the same data with the
same history gives the same stamps, on any machine. Without any history (no git) every event
carries the release date and ``SEQUENCE:0``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

EventKey = tuple[str, str]
"""A VEVENT's identity: its UID and its RECURRENCE-ID as ``YYYYMMDD`` (empty for all but moved
occurrences)."""

SCHEDULE = frozenset({"DTSTART", "DTEND", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "STATUS", "LOCATION"})
"""Properties whose change raises ``SEQUENCE``."""

STAMPS = frozenset({"DTSTAMP", "LAST-MODIFIED", "SEQUENCE"})
"""Properties that say when, not what: left out of the comparison."""


@dataclass(frozen=True)
class Stamp:
    """What a VEVENT says of its own history."""

    modified: datetime
    """``LAST-MODIFIED`` and ``DTSTAMP`` (UTC)."""
    sequence: int


@dataclass(frozen=True)
class Fingerprint:
    """A VEVENT's published text, reduced to what is compared between versions."""

    schedule: str
    content: str


@dataclass(frozen=True)
class Snapshot:
    """The events of one version of the data, by key, when that version was made."""

    time: datetime
    events: Mapping[EventKey, Fingerprint]


def _digest(lines: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _lines(text: str) -> list[str]:
    """The unfolded content lines of a VEVENT, without BEGIN and END."""
    unfolded = text.replace("\r\n ", "").replace("\r\n\t", "")
    return [line for line in unfolded.split("\r\n") if line and not line.startswith(("BEGIN:", "END:"))]


def _name(line: str) -> str:
    return line.split(":", 1)[0].split(";", 1)[0].upper()


def fingerprints(events: Mapping[EventKey, str]) -> dict[EventKey, Fingerprint]:
    """Each VEVENT text reduced to its schedule and its content. A series' schedule includes which
    of its occurrences are moved (their RECURRENCE-IDs): moving one more changes the series too."""
    moved: dict[str, list[str]] = {}
    for uid, rid in events:
        if rid:
            moved.setdefault(uid, []).append(rid)
    out: dict[EventKey, Fingerprint] = {}
    for key, text in events.items():
        lines = _lines(text)
        schedule = [line for line in lines if _name(line) in SCHEDULE]
        if not key[1]:
            schedule.append("X-MOVED:" + ",".join(sorted(moved.get(key[0], []))))
        content = [line for line in lines if _name(line) not in STAMPS]
        out[key] = Fingerprint(_digest(schedule), _digest(content))
    return out


@dataclass(frozen=True)
class Track:
    """One event's history so far: what its next version is compared with."""

    sequence: int
    modified: datetime
    previous: Fingerprint | None
    """Its fingerprint in the last version read; None if that version did not have it."""


@dataclass(frozen=True)
class Tracked:
    """Every event of the versions read so far (oldest first), folded: enough to go on with the
    next version without reading the earlier ones again (see :func:`advance`)."""

    events: Mapping[EventKey, Track]
    last: datetime | None = None
    """When the newest version read was committed; None before the first."""


def _step(track: Track | None, fingerprint: Fingerprint | None, version: datetime) -> Track | None:
    if track is None:
        return None if fingerprint is None else Track(0, version, fingerprint)
    if fingerprint == track.previous:
        return track
    if fingerprint is None:
        return Track(track.sequence, track.modified, None)
    previous = track.previous
    rescheduled = previous is None or fingerprint.schedule != previous.schedule  # or back after being gone
    return Track(track.sequence + rescheduled, version, fingerprint)


def advance(tracked: Tracked, snapshot: Snapshot) -> Tracked:
    """``tracked`` with one more version: a new ``Tracked`` (``tracked`` is left as it was)."""
    events = dict(tracked.events)
    for key, fingerprint in snapshot.events.items():
        step = _step(events.get(key), fingerprint, snapshot.time)
        assert step is not None
        events[key] = step
    for key, track in tracked.events.items():
        if track.previous is not None and key not in snapshot.events:
            events[key] = Track(track.sequence, track.modified, None)
    return Tracked(events, snapshot.time)


def stamps_after(
    tracked: Tracked,
    current: Mapping[EventKey, Fingerprint],
    *,
    change_time: datetime,
) -> dict[EventKey, Stamp]:
    """The stamp of every current event, the versions before it folded into ``tracked``."""
    out: dict[EventKey, Stamp] = {}
    for key, now in current.items():
        track = _step(tracked.events.get(key), now, change_time)
        assert track is not None
        out[key] = Stamp(track.modified, track.sequence)
    for (uid, rid), stamp in list(out.items()):  # a moved occurrence never below its series
        series = out.get((uid, ""))
        if rid and series is not None and series.sequence > stamp.sequence:  # raised with it, then
            out[(uid, rid)] = Stamp(max(stamp.modified, series.modified), series.sequence)
    return out


def tracked_to_plain(tracked: Tracked) -> dict[str, object]:
    """``tracked`` as JSON-ready values (for a cache), in a stable order."""
    return {
        "last": tracked.last.isoformat() if tracked.last else None,
        "events": [
            [
                uid,
                rid,
                t.sequence,
                t.modified.isoformat(),
                *((t.previous.schedule, t.previous.content) if t.previous else ()),
            ]
            for (uid, rid), t in sorted(tracked.events.items())
        ],
    }


def tracked_from_plain(plain: object) -> Tracked | None:
    """What :func:`tracked_to_plain` made; None for anything else (a damaged cache)."""
    try:
        assert isinstance(plain, dict)
        events: dict[EventKey, Track] = {}
        for row in plain["events"]:
            uid, rid, sequence, modified, *previous = row
            assert isinstance(uid, str) and isinstance(rid, str) and isinstance(sequence, int)
            assert len(previous) in (0, 2) and all(isinstance(x, str) for x in previous)
            fingerprint = Fingerprint(previous[0], previous[1]) if previous else None
            events[(uid, rid)] = Track(sequence, datetime.fromisoformat(modified), fingerprint)
        last = plain["last"]
        return Tracked(events, datetime.fromisoformat(last) if last is not None else None)
    except (AssertionError, KeyError, TypeError, ValueError):
        return None
