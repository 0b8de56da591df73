"""Tests of :mod:`generator.feeds`: the iCalendar feeds of the mini playbook's ``sample-branch``.

* every feed, expanded by two independent implementations (recurring-ical-events, ical), holds
  exactly the occurrences the model says (:meth:`BranchCalendar.occurrences`);
* three parsers read every file (icalendar, ical, vobject with ``validate=True``);
* :func:`lint` checks what no parser does: line length in octets, CRLF, folds inside a UTF-8
  character, TEXT escaping, NAME/REFRESH-INTERVAL, VTIMEZONEs, UIDs, DTSTAMP, DTEND;
* golden files in ``tests/goldens/feeds/`` compared byte for byte (CRLF included), rewritten by
  ``make goldens`` (``pytest --update-goldens``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import vobject
from conftest import GOLDENS, MINI, MiniPlaybook
from ical.calendar_stream import IcsCalendarStream
from ical.event import EventStatus

from generator import model as m
from generator.calendar.calendars import Calendars, build_calendars
from generator.calendar.occurrences import BranchCalendar, MakeUp, Segment
from generator.feeds.ical import render_feeds
from generator.site import load_playbook

SITE_URL = "https://handbook.example.com/playbook/"
SHANGHAI = ZoneInfo("Asia/Shanghai")
BRANCH = "sample-branch"

PLAYBOOK = load_playbook(MINI / "data")
CALENDARS = build_calendars(PLAYBOOK, SITE_URL)
FEEDS = render_feeds(PLAYBOOK, CALENDARS, SITE_URL)
GOLDEN_FEEDS = sorted(
    [
        *(f.path for f in CALENDARS.feeds_of(BRANCH)),
        f"feeds/{BRANCH}/series/morning-meeting.ics",
        f"feeds/{BRANCH}/events/product-drill-2027-01.ics",
    ]
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def stamp_of(playbook: m.Playbook) -> str:
    released = datetime.combine(playbook.meta.released, time(), tzinfo=SHANGHAI).astimezone(UTC)
    return f"{released:%Y%m%dT%H%M%SZ}"


# ----------------------------------------------------------------- model side

Occ = tuple[str, date | datetime, date | datetime, bool]
"""(UID, start, end, cancelled) of one occurrence."""


def selection(calendars: Calendars, path: str) -> tuple[BranchCalendar, Callable[[object], bool]]:
    """The branch calendar a file belongs to and which of its items the file should hold."""
    parts = path.split("/")
    cal = next(c for c in calendars.branches if c.branch.id == parts[1])
    if parts[2] == "series":
        schedule = parts[3].removesuffix(".ics")
        return cal, lambda i: isinstance(i, Segment | MakeUp) and i.schedule.id == schedule
    if parts[2] == "events":
        event = parts[3].removesuffix(".ics")
        return cal, lambda i: isinstance(i, m.CalendarEvent) and i.id == event
    feed = next(f for f in calendars.feeds if f.path == path)
    return cal, feed.includes


def model_occurrences(playbook: m.Playbook, calendars: Calendars, path: str) -> set[Occ]:
    """What the model says a file holds once expanded; cancelled series dates are EXDATEs."""
    cal, wanted = selection(calendars, path)
    items: dict[str, object] = {s.uid: s for s in cal.segments}
    items |= {mk.uid: mk for mk in cal.makeups}
    items |= {uid: ev for ev, uid in cal.events}
    tz = ZoneInfo(cal.branch.timezone)
    out: set[Occ] = set()
    for o in cal.occurrences(playbook):
        if not wanted(items[o.uid]) or (o.kind == "series" and o.cancelled):
            continue
        if o.start is None or o.end is None:
            out.add((o.uid, o.day, o.day + timedelta(days=1), o.cancelled))
        else:
            out.add(
                (o.uid, datetime.combine(o.day, o.start, tz), datetime.combine(o.day, o.end, tz), o.cancelled)
            )
    return out


# ----------------------------------------------------------------- feed side

FAR = (date(2000, 1, 1), date(2100, 1, 1))


def expand(text: str) -> set[Occ]:
    """Occurrences as recurring-ical-events expands them."""
    cal = icalendar.Calendar.from_ical(text)
    return {
        (str(e["UID"]), e.start, e.end, e.get("STATUS") == "CANCELLED")
        for e in recurring_ical_events.of(cal).between(*FAR)
    }


def expand_with_ical(text: str) -> set[Occ]:
    """Occurrences as the ``ical`` package's timeline expands them (a second implementation)."""
    cal = IcsCalendarStream.calendar_from_ics(text)
    return {(e.uid, e.dtstart, e.dtend, e.status == EventStatus.CANCELLED) for e in cal.timeline}


@dataclass
class Block:
    """A component: its properties (name, params, raw value) in order and its subcomponents."""

    name: str
    props: list[tuple[str, dict[str, str], str]] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)

    def all(self, name: str) -> list[tuple[dict[str, str], str]]:
        return [(p, v) for n, p, v in self.props if n == name]

    def value(self, name: str) -> str | None:
        found = self.all(name)
        return found[0][1] if found else None

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


CONTENT_LINE = re.compile(
    r'(?P<name>[A-Za-z0-9-]+)(?P<params>(?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:])*)*):(?P<value>.*)'
)
PARAM = re.compile(r';([A-Za-z0-9-]+)=((?:"[^"]*"|[^";:])*)')


def unfold(text: str) -> list[str]:
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")[:-1]


def parse_blocks(text: str) -> Block:
    stack: list[Block] = [Block("")]
    for line in unfold(text):
        match = CONTENT_LINE.fullmatch(line)
        assert match, f"not a content line: {line!r}"
        name, value = match["name"].upper(), match["value"]
        if name == "BEGIN":
            stack.append(Block(value))
        elif name == "END":
            done = stack.pop()
            assert done.name == value, f"END:{value} closes {done.name}"
            stack[-1].children.append(done)
        else:
            stack[-1].props.append((name, {k.upper(): v for k, v in PARAM.findall(match["params"])}, value))
    (root,) = stack[0].children
    return root


TEXT_PROPS = {"SUMMARY", "LOCATION", "DESCRIPTION", "COMMENT", "NAME", "X-WR-CALNAME", "UID", "PRODID"}
TEXT_VALUE = re.compile(r"(?:[^\\;,]|\\[\\;,nN])*")
"""RFC 5545 §3.3.11: a backslash, semicolon or comma only escaped; no newline at all."""
TEXT_LIST = re.compile(r"(?:[^\\;]|\\[\\;,nN])*")
"""CATEGORIES: TEXT values separated by raw commas."""


def _moment(params: dict[str, str], value: str) -> date | datetime:
    if params.get("VALUE") == "DATE":
        return datetime.strptime(value, "%Y%m%d").date()
    return datetime.strptime(value, "%Y%m%dT%H%M%S")


def lint(data: bytes, *, stamp: str) -> list[str]:
    """Problems no parser reports; an empty list for a good feed."""
    problems: list[str] = []
    if not data.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    if re.search(rb"(?<!\r)\n", data):
        problems.append("bare LF")
    if re.search(rb"\r(?!\n)", data):
        problems.append("bare CR")
    for n, line in enumerate(data.split(b"\r\n")[:-1], start=1):
        if len(line) > 75:
            problems.append(f"line {n}: {len(line)} octets (more than 75)")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {n}: not UTF-8 (a fold inside a multi-byte character?)")
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\n", "\r\n")
    cal = parse_blocks(text)
    for block in cal.walk():
        for name, _params, value in block.props:
            pattern = TEXT_LIST if name == "CATEGORIES" else TEXT_VALUE if name in TEXT_PROPS else None
            if pattern and not pattern.fullmatch(value):
                problems.append(f"{block.name} {name}: badly escaped {value!r}")
    if cal.name != "VCALENDAR":
        problems.append(f"top component is {cal.name}")
    if cal.all("METHOD"):
        problems.append("METHOD present (a subscribed feed must not have one)")
    if cal.value("VERSION") != "2.0" or not cal.value("PRODID") or cal.value("CALSCALE") != "GREGORIAN":
        problems.append("VERSION, PRODID or CALSCALE missing")
    if not cal.value("NAME") or cal.value("NAME") != cal.value("X-WR-CALNAME"):
        problems.append("NAME and X-WR-CALNAME missing or different")
    if cal.all("REFRESH-INTERVAL") != [({"VALUE": "DURATION"}, "PT6H")]:
        problems.append("REFRESH-INTERVAL;VALUE=DURATION:PT6H missing")
    if cal.value("X-PUBLISHED-TTL") != "PT6H":
        problems.append("X-PUBLISHED-TTL missing")
    used = {p["TZID"] for b in cal.walk() for _n, p, _v in b.props if "TZID" in p}
    defined = {c.value("TZID") for c in cal.children if c.name == "VTIMEZONE"}
    if used != defined:
        problems.append(f"TZIDs used {sorted(used)} but VTIMEZONEs for {sorted(defined)}")
    if used and cal.value("X-WR-TIMEZONE") not in used:
        problems.append("X-WR-TIMEZONE is not the feed's time zone")
    events = [c for c in cal.children if c.name == "VEVENT"]
    keys = [(e.value("UID"), e.value("RECURRENCE-ID")) for e in events]
    masters = {uid for uid, rid in keys if rid is None}
    if len(set(keys)) != len(keys):
        problems.append("a UID used twice (other than by an override with RECURRENCE-ID)")
    for e, (uid, rid) in zip(events, keys, strict=True):
        where = f"VEVENT {uid} {rid or ''}".rstrip()
        if len(e.all("UID")) != 1:
            problems.append(f"{where}: not exactly one UID")
        if rid is not None and uid not in masters:
            problems.append(f"{where}: override without its series")
        if e.value("DTSTAMP") != stamp or e.value("LAST-MODIFIED") != stamp:
            problems.append(f"{where}: DTSTAMP/LAST-MODIFIED {e.value('DTSTAMP')} is not the release {stamp}")
        (sp, sv), (ep, ev) = e.all("DTSTART")[0], e.all("DTEND")[0]
        start, end = _moment(sp, sv), _moment(ep, ev)
        if sp.get("VALUE") == "DATE":
            if ep.get("VALUE") != "DATE" or end != start + timedelta(days=1):
                problems.append(f"{where}: all-day DTEND {ev} is not the day after DTSTART {sv}")
        elif sp.get("TZID") is None or sp.get("TZID") != ep.get("TZID") or not end > start:
            problems.append(f"{where}: DTEND {ev} not after DTSTART {sv} in the same TZID")
        for _p, rule in e.all("RRULE"):
            until = dict(part.split("=") for part in rule.split(";")).get("UNTIL")
            if until is not None and "TZID" in sp and not until.endswith("Z"):
                problems.append(f"{where}: UNTIL {until} is not UTC")
        if e.value("STATUS") == "CANCELLED" and not (e.value("SUMMARY") or "").startswith("【已取消】"):
            problems.append(f"{where}: cancelled but the summary does not say so")
    return problems


# ------------------------------------------------------------------- tests


def test_files_are_the_catalogue_plus_one_per_series_and_event() -> None:
    expected = {f.path for f in CALENDARS.feeds}
    for cal in CALENDARS.branches:
        expected |= {f"feeds/{cal.branch.id}/series/{s.id}.ics" for s in cal.branch.schedules}
        expected |= {f"feeds/{cal.branch.id}/events/{ev.id}.ics" for ev, _uid in cal.events}
    assert set(FEEDS) == expected
    assert list(FEEDS) == sorted(FEEDS)


@pytest.mark.parametrize("path", sorted(FEEDS))
def test_expanded_feed_is_exactly_the_model(path: str) -> None:
    expected = model_occurrences(PLAYBOOK, CALENDARS, path)
    assert expected, "every file holds something"
    assert expand(FEEDS[path]) == expected
    assert expand_with_ical(FEEDS[path]) == expected


def test_the_key_facts_by_hand() -> None:
    occurrences = expand(FEEDS[f"feeds/{BRANCH}/all.ics"])
    morning = {start for uid, start, _end, _c in occurrences if ".morning-meeting" in uid}
    starts = {start for _uid, start, _end, _c in occurrences}
    days = {s.date() if isinstance(s, datetime) else s for s in starts}
    assert date(2027, 2, 8) not in days  # 春节: neither 大早会 nor 周经营分析会
    assert at(date(2027, 2, 20), 8, 30) in morning  # the make-up working Saturday
    assert (
        "sample-branch.morning-meeting.makeup-20270220@handbook.example.invalid",
        at(date(2027, 2, 20), 8, 30),
    ) in {(uid, start) for uid, start, _e, _c in occurrences}
    assert not {s for s in morning if s.date() in (date(2027, 1, 15), date(2027, 1, 20))}
    assert {at(date(2027, 1, 21), 10), at(date(2027, 1, 21), 8, 30)} <= morning  # moved + the usual one
    march = sorted(s for s in morning if s.month == 3)
    assert march[0] == at(date(2027, 3, 1), 8, 45)
    assert {s.time() for s in march} == {time(8, 45)}
    assert {s.time() for s in morning if s.month < 3} == {time(8, 30), time(10, 0)}
    assert date(2027, 2, 15) in starts  # the all-day event, as a date
    cancelled = {uid for uid, _s, _e, c in occurrences if c}
    assert cancelled == {"sample-branch.product-drill-2027-01.event@handbook.example.invalid"}


def test_override_and_series_fields() -> None:
    cal = parse_blocks(FEEDS[f"feeds/{BRANCH}/series/morning-meeting.ics"])
    events = {(e.value("UID"), e.value("RECURRENCE-ID")): e for e in cal.children if e.name == "VEVENT"}
    uid = "sample-branch.morning-meeting@handbook.example.invalid"
    master, moved = events[uid, None], events[uid, "20270120T083000"]
    assert master.all("DTSTART") == [({"TZID": "Asia/Shanghai"}, "20270104T083000")]  # 1月1日 is 元旦
    assert master.value("RRULE") == "FREQ=WEEKLY;UNTIL=20270228T155959Z;BYDAY=MO,TU,WE,TH,FR"
    assert master.value("SEQUENCE") == "0"  # no history here: tests/test_tracking.py has it
    assert [v for _p, v in master.all("EXDATE")] == [
        "20270115T083000",
        *(f"202702{d:02d}T083000" for d in (5, 8, 9, 10, 11, 12)),
    ]
    assert master.value("URL") == SITE_URL + "meetings/morning-meeting/"
    assert master.value("CATEGORIES") == "经营会议"
    assert moved.all("RECURRENCE-ID") == [({"TZID": "Asia/Shanghai"}, "20270120T083000")]
    assert moved.value("DTSTART") == "20270121T100000"
    assert moved.value("SEQUENCE") == "0"
    assert "会议室检修" in (moved.value("DESCRIPTION") or "")
    assert not any(e.all("RDATE") for e in events.values())
    assert (
        events["sample-branch.morning-meeting.makeup-20270220@handbook.example.invalid", None].value("STATUS")
        is None
    )


def test_one_off_events() -> None:
    (talk,) = [
        c for c in parse_blocks(FEEDS[f"feeds/{BRANCH}/recruiting.ics"]).children if c.name == "VEVENT"
    ]
    assert talk.value("URL") == SITE_URL + "groups/morning-meeting-group/"
    assert talk.value("DESCRIPTION").startswith("向准增员对象介绍公司与职业发展\\; 现场预约面试\\n")
    (drill,) = [c for c in parse_blocks(FEEDS[f"feeds/{BRANCH}/training.ics"]).children if c.name == "VEVENT"]
    assert (drill.value("STATUS"), drill.value("SUMMARY"), drill.value("SEQUENCE")) == (
        "CANCELLED",
        "【已取消】产品通关训练",
        "0",  # no history here: a cancellation raises it from one version to the next (test_tracking)
    )
    kickoff = parse_blocks(FEEDS[f"feeds/{BRANCH}/events/new-year-kickoff.ics"])
    (ev,) = kickoff.children  # all-day only: no TZID used, so no VTIMEZONE either
    assert ev.all("DTSTART") == [({"VALUE": "DATE"}, "20270215")]
    assert ev.all("DTEND") == [({"VALUE": "DATE"}, "20270216")]


@pytest.mark.parametrize("path", sorted(FEEDS))
def test_three_parsers_read_the_file(path: str) -> None:
    text = FEEDS[path]
    cal = icalendar.Calendar.from_ical(text)
    assert [c.errors for c in cal.walk() if c.errors] == []
    count = len(cal.walk("VEVENT"))
    assert len(IcsCalendarStream.calendar_from_ics(text).events) == count
    parsed = vobject.readOne(text, validate=True)
    assert len(parsed.contents.get("vevent", [])) == count


def test_vobject_validate_really_validates() -> None:
    broken = FEEDS[f"feeds/{BRANCH}/training.ics"].replace(
        "SEQUENCE:0\r\n", "SEQUENCE:0\r\nDURATION:PT1H\r\n"
    )
    assert broken != FEEDS[f"feeds/{BRANCH}/training.ics"]
    with pytest.raises(vobject.base.ValidateError):
        vobject.readOne(broken, validate=True)


@pytest.mark.parametrize("path", sorted(FEEDS))
def test_lint(path: str) -> None:
    assert lint(FEEDS[path].encode("utf-8"), stamp=stamp_of(PLAYBOOK)) == []


def fold_bytes_naively(data: bytes) -> bytes:
    """Fold every 75 octets, wherever that falls (the bug the lint must catch)."""
    lines = re.sub(rb"\r\n[ \t]", b"", data).split(b"\r\n")[:-1]
    out = []
    for line in lines:
        out.append(b"\r\n ".join([line[:75], *(line[i : i + 74] for i in range(75, len(line), 74))]))
    return b"\r\n".join(out) + b"\r\n"


@pytest.mark.parametrize(
    ("breakage", "problem"),
    [
        (lambda d: d.replace(b"\r\n", b"\n", 3), "bare LF"),
        (lambda d: d.replace(b"VERSION:2.0\r\n", b"VERSION:2.0\r\nMETHOD:PUBLISH\r\n"), "METHOD"),
        (lambda d: d.replace("发展\\;".encode(), "发展;".encode()), "badly escaped"),
        (lambda d: re.sub(rb"BEGIN:VTIMEZONE.*END:VTIMEZONE\r\n", b"", d, flags=re.S), "VTIMEZONE"),
        (lambda d: d.replace(b"DTSTAMP:20270114T160000Z", b"DTSTAMP:20260101T000000Z", 1), "DTSTAMP"),
        (lambda d: d.replace(b"X-PUBLISHED-TTL:PT6H\r\n", b""), "X-PUBLISHED-TTL"),
        (lambda d: d.replace(b"DTEND;VALUE=DATE:20270216", b"DTEND;VALUE=DATE:20270215"), "all-day DTEND"),
        (fold_bytes_naively, "not UTF-8"),
        (lambda d: re.sub(rb"\r\n ", b"", d), "octets"),
    ],
)
def test_lint_catches(breakage: Callable[[bytes], bytes], problem: str) -> None:
    good = FEEDS[f"feeds/{BRANCH}/all.ics"].encode("utf-8")
    assert lint(good, stamp=stamp_of(PLAYBOOK)) == []
    found = lint(breakage(good), stamp=stamp_of(PLAYBOOK))
    assert any(problem in p for p in found), found


def vevents_by_key(text: str) -> dict[tuple[str, str | None], str]:
    """Each VEVENT's text by (UID, RECURRENCE-ID)."""
    out = {}
    for block in re.findall(r"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", text, flags=re.S):
        uid = re.search(r"^UID:(.*)\r$", block, flags=re.M)
        rid = re.search(r"^RECURRENCE-ID[^:]*:(.*)\r$", block, flags=re.M)
        assert uid
        out[uid[1], rid[1] if rid else None] = block
    return out


def test_rendering_is_deterministic_and_an_event_is_the_same_in_every_feed() -> None:
    assert render_feeds(PLAYBOOK, build_calendars(PLAYBOOK, SITE_URL), SITE_URL) == FEEDS
    seen: dict[tuple[str, str | None], str] = {}
    for path, text in FEEDS.items():
        for key, block in vevents_by_key(text).items():
            assert seen.setdefault(key, block) == block, f"{key} differs in {path}"
    uids = {uid for uid, _rid in seen}
    assert all(uid.endswith("@handbook.example.invalid") for uid in uids)
    assert len(uids) == 3 + 1 + 3  # three series (one with a change), a make-up day, three events


@pytest.fixture
def ics_golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Like conftest's ``golden``, but byte for byte: ``Path.read_text`` would turn CRLF into LF."""
    update = request.config.getoption("--update-goldens")

    def check(name: str, text: str) -> None:
        path = GOLDENS / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            return
        assert path.is_file(), f"no golden file {path}; run `make goldens` and review it"
        assert text.encode("utf-8") == path.read_bytes(), f"{name} differs from its golden file"

    return check


def test_golden_files_are_exactly_these(request: pytest.FixtureRequest) -> None:
    if request.config.getoption("--update-goldens"):
        pytest.skip("goldens are being rewritten (remove stale ones by hand)")
    folder = GOLDENS / "feeds"
    assert sorted(p.relative_to(GOLDENS).as_posix() for p in folder.rglob("*.ics")) == GOLDEN_FEEDS


@pytest.mark.parametrize("path", GOLDEN_FEEDS)
def test_feed_matches_its_golden(path: str, ics_golden: Callable[[str, str], None]) -> None:
    ics_golden(path, FEEDS[path])


# ------------------------------------------------------- changed fixtures

LONG_DESCRIPTION = (
    "节后第一天全员到岗，8:30 签到；"
    + "".join(
        f"第{i}组：{'a' * (i % 4)}检查晨会物料、核对𠀀𪚥名单；确认 a,b;c\\d 三项，逐一回报组长。"
        for i in range(1, 9)
    )
    + "\n会后各组长留下，讨论一季度“开门红”方案。"
)


def test_long_chinese_text_folds_between_characters_and_round_trips(mini: MiniPlaybook) -> None:
    mini.replace("branches/sample-branch.yaml", "title: 示例支公司\n", "title: '示例支公司, 东区; A\\B'\n")
    mini.replace(
        "calendars/sample-branch/2027-02.yaml",
        "    title: 节后开工全员大会\n",
        "    title: '节后开工全员大会，第1场, A;B\\C'\n"
        "    place: '三楼;大会议室,东侧'\n"
        f"    description: {json.dumps(LONG_DESCRIPTION, ensure_ascii=False)}\n",
    )
    playbook = mini.load()
    feeds = render_feeds(playbook, build_calendars(playbook, SITE_URL), SITE_URL)
    text = feeds[f"feeds/{BRANCH}/events/new-year-kickoff.ics"]
    data = text.encode("utf-8")
    assert lint(data, stamp=stamp_of(playbook)) == []
    assert any(
        p.endswith("(a fold inside a multi-byte character?)")
        for p in lint(fold_bytes_naively(data), stamp="")
    )
    lines = unfold(text)
    assert "NAME:示例支公司\\, 东区\\; A\\\\B·节后开工全员大会，第1场\\, A\\;B\\\\C" in lines
    assert "SUMMARY:节后开工全员大会，第1场\\, A\\;B\\\\C" in lines
    assert "LOCATION:三楼\\;大会议室\\,东侧" in lines
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(event["SUMMARY"]) == "节后开工全员大会，第1场, A;B\\C"
    assert str(event["LOCATION"]) == "三楼;大会议室,东侧"
    assert str(event["DESCRIPTION"]).startswith(LONG_DESCRIPTION + "\n手册：")
    assert vobject.readOne(text, validate=True).vevent.description.value.startswith(LONG_DESCRIPTION)
    assert IcsCalendarStream.calendar_from_ics(text).events[0].description.startswith(LONG_DESCRIPTION)
    for path, feed in feeds.items():
        assert lint(feed.encode("utf-8"), stamp=stamp_of(playbook)) == [], path


def test_cancelled_make_up_day_stays_cancelled(mini: MiniPlaybook) -> None:
    mini.replace(
        "branches/sample-branch.yaml",
        "        reason: 全员参加总公司年会\n",
        "        reason: 全员参加总公司年会\n      - date: 2027-02-20\n        reason: 消防演练\n",
    )
    playbook = mini.load()
    calendars = build_calendars(playbook, SITE_URL)
    feeds = render_feeds(playbook, calendars, SITE_URL)
    path = f"feeds/{BRANCH}/all.ics"
    uid = "sample-branch.morning-meeting.makeup-20270220@handbook.example.invalid"
    assert expand(feeds[path]) == model_occurrences(playbook, calendars, path)
    assert (uid, at(date(2027, 2, 20), 8, 30), at(date(2027, 2, 20), 9, 15), True) in expand(feeds[path])
    block = vevents_by_key(feeds[path])[uid, None]
    assert "STATUS:CANCELLED\r\n" in block
    assert "SUMMARY:【已取消】大早会\r\n" in block
    assert lint(feeds[path].encode("utf-8"), stamp=stamp_of(playbook)) == []


def test_time_stamps_come_from_the_release_date(mini: MiniPlaybook) -> None:
    mini.replace("playbook.yaml", "released: 2027-01-15", "released: 2027-01-20")
    playbook = mini.load()
    feeds = render_feeds(playbook, build_calendars(playbook, SITE_URL), SITE_URL)
    stamps = {s for text in feeds.values() for s in re.findall(r"^DTSTAMP:(.*)\r$", text, flags=re.M)}
    assert stamps == {"20270119T160000Z"}


def test_without_site_url_there_are_no_links() -> None:
    feeds = render_feeds(PLAYBOOK, build_calendars(PLAYBOOK, None), None)
    assert feeds.keys() == FEEDS.keys()
    for path, text in feeds.items():
        assert "\r\nURL:" not in text and "手册：" not in text, path
        assert set(re.findall(r"^UID:.*@(.*)\r$", text, flags=re.M)) == {"handbook.example.invalid"}
        assert lint(text.encode("utf-8"), stamp=stamp_of(PLAYBOOK)) == [], path
