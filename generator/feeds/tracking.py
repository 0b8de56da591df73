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


def stamps(
    history: Sequence[Snapshot],
    current: Mapping[EventKey, Fingerprint],
    *,
    change_time: datetime,
) -> dict[EventKey, Stamp]:
    """The stamp of every current event from ``history`` (oldest first). A difference between the
    last snapshot and ``current`` is dated ``change_time``."""
    out: dict[EventKey, Stamp] = {}
    for key, now in current.items():
        sequence, modified, previous, seen = 0, change_time, None, False
        for version, fingerprint in (*((s.time, s.events.get(key)) for s in history), (change_time, now)):
            if fingerprint == previous:
                continue
            if fingerprint is not None:
                if seen and (previous is None or fingerprint.schedule != previous.schedule):
                    sequence += 1  # rescheduled, or back after being gone
                seen, modified = True, version
            previous = fingerprint
        out[key] = Stamp(modified, sequence)
    for (uid, rid), stamp in list(out.items()):  # a moved occurrence never below its series
        series = out.get((uid, ""))
        if rid and series is not None and series.sequence > stamp.sequence:  # raised with it, then
            out[(uid, rid)] = Stamp(max(stamp.modified, series.modified), series.sequence)
    return out
