"""Calendars that stay true after they are published: every change reaches every subscriber.

A temporary git repository holds the mini playbook, or the default one (its 城东 branch); each step
— (a) move an occurrence, (b) cancel a one-off event, (c) change a schedule's time from a date on,
(d) add an official holiday arrangement with a make-up Saturday, (e) un-cancel an occurrence,
(f) change nothing in data/ — changes the data the way HQ or a branch would, commits it (at a fixed time) and builds the feeds as ``playbook build`` does (the
data, its git history, :func:`generator.site.generate`). Two kinds of subscriber sync after each
step:

* one that reads the whole file again (iOS, Thunderbird, Google);
* one that keeps the events it holds and replaces one only when its LAST-MODIFIED — the newest of
  the event and its moved occurrences — is later than what it stored, adds new UIDs and drops
  missing ones: ICSx⁵'s rule (``ProcessEventsTask.processEvents`` in bitfireAT/icsx5).

After every step both must show exactly the model's occurrences; SEQUENCE never goes down and
rises where the schedule changed; a build without changes is byte-identical. 2027's holiday
arrangement is taken from the data only (the package lookup is replaced), whatever a release of
the holidays package knows.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from conftest import MINI, REPO

from generator.calendar import workdays
from generator.calendar.calendars import build_calendars
from generator.load import versions
from generator.load.cache import KEEP, JsonCache
from generator.load.versions import NO_GIT_WARNING, SHALLOW_WARNING, data_history
from generator.site import HistoryCache, generate, load_playbook

SITE_URL = "https://handbook.example.invalid/"
FEED = "feeds/sample-branch/all.ics"
SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("UTC"))

Key = tuple[str, str]
Occurrence = tuple[str, datetime | date, str]
"""(UID, start, STATUS) of one occurrence as a calendar app shows it."""


@pytest.fixture(autouse=True)
def no_package_holidays(monkeypatch: pytest.MonkeyPatch) -> None:
    """2027's arrangement comes from data/holidays/ or nowhere (not from the holidays package)."""
    known = workdays._package_has_official
    monkeypatch.setattr(workdays, "_package_has_official", lambda year: year < 2027 and known(year))


@dataclass
class Repo:
    root: Path
    branch: str = "sample-branch"
    commits: int = 0

    @property
    def feed(self) -> str:
        return f"feeds/{self.branch}/all.ics"

    @property
    def data(self) -> Path:
        return self.root / "data"

    def git(self, *args: str) -> str:
        when = (START + timedelta(hours=self.commits)).isoformat()
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        result = subprocess.run(
            ["git", *args], cwd=self.root, capture_output=True, text=True, env=env, check=True
        )
        return result.stdout

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.data / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (name, old)
        path.write_text(text.replace(old, new), encoding="utf-8")

    def commit(self, message: str) -> None:
        """Commit everything, an hour after the previous commit (the first at :data:`START`)."""
        self.git("add", "-A")
        self.git("-c", "user.name=HQ", "-c", "user.email=hq@example.invalid", "commit", "-q", "-m", message)
        self.commits += 1

    def build(self, cache: HistoryCache | None = None) -> str:
        """The feed as ``playbook build`` publishes it now (with ``cache``: as a build that finds
        what earlier builds worked out)."""
        revisions, _warning = data_history(self.data)
        playbook = load_playbook(self.data)
        return generate(playbook, site_url=SITE_URL, history=revisions, history_cache=cache).files[self.feed]


def _new_repo(root: Path, data: Path, branch: str) -> Repo:
    shutil.copytree(data, root / "data")
    shutil.copy(MINI / "data/holidays/2027.yaml", root / "holidays-2027.yaml")  # added in step (d)
    shutil.rmtree(root / "data/holidays", ignore_errors=True)
    r = Repo(root, branch)
    r.git("init", "-q")
    r.commit("the playbook, 2027 provisional")
    return r


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return _new_repo(tmp_path / "repo", MINI / "data", "sample-branch")


# ------------------------------------------------------------------ the two subscribers


def _vevents(text: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def _key(event: icalendar.Event) -> Key:
    rid = event.get("RECURRENCE-ID")
    return (str(event["UID"]), f"{rid.dt:%Y%m%d}" if rid is not None else "")


def _occurrences(text: str, events: list[icalendar.Event]) -> set[Occurrence]:
    """What a calendar app holding ``events`` (and the feed's time zones) shows."""
    cal = icalendar.Calendar.from_ical(text)
    for component in list(cal.subcomponents):
        if component.name == "VEVENT":
            cal.subcomponents.remove(component)
    for event in events:
        cal.add_component(event)
    return {
        (str(e["UID"]), e["DTSTART"].dt, str(e.get("STATUS", "CONFIRMED")))
        for e in recurring_ical_events.of(cal).between(date(2026, 1, 1), date(2028, 1, 1))
    }


@dataclass
class Rereader:
    """Reads the whole file at every sync."""

    text: str = ""

    def sync(self, text: str) -> None:
        self.text = text

    def shows(self) -> set[Occurrence]:
        return _occurrences(self.text, _vevents(self.text))


@dataclass
class Icsx5:
    """Keeps what it holds; replaces a UID's events only when their newest LAST-MODIFIED is later."""

    held: dict[str, tuple[datetime, list[icalendar.Event]]] = field(default_factory=dict)
    text: str = ""

    def sync(self, text: str) -> None:
        self.text = text
        by_uid: dict[str, list[icalendar.Event]] = {}
        for event in _vevents(text):
            by_uid.setdefault(str(event["UID"]), []).append(event)
        for uid, events in by_uid.items():
            newest = max(e["LAST-MODIFIED"].dt for e in events)
            if uid not in self.held or newest > self.held[uid][0]:
                self.held[uid] = (newest, events)
        for uid in set(self.held) - set(by_uid):
            del self.held[uid]

    def shows(self) -> set[Occurrence]:
        return _occurrences(self.text, [e for _lm, events in self.held.values() for e in events])


def model(repo: Repo) -> set[Occurrence]:
    """The occurrences the model says the branch has (a cancelled series date is simply gone)."""
    playbook = load_playbook(repo.data)
    (cal,) = [c for c in build_calendars(playbook, SITE_URL).branches if c.branch.id == repo.branch]
    return {
        (
            o.uid,
            datetime.combine(o.day, o.start, tzinfo=SHANGHAI) if o.start else o.day,
            "CANCELLED" if o.cancelled else "CONFIRMED",
        )
        for o in cal.occurrences(playbook)
        if not (o.cancelled and o.kind == "series")
    }


def stamps(text: str) -> dict[Key, tuple[int, datetime]]:
    return {_key(e): (int(e["SEQUENCE"]), e["LAST-MODIFIED"].dt) for e in _vevents(text)}


# ------------------------------------------------------------------ the steps

MORNING = "sample-branch.morning-meeting@handbook.example.invalid"
REVIEW = "sample-branch.weekly-review@handbook.example.invalid"
TALK = "sample-branch.career-talk-2027-01.event@handbook.example.invalid"
BRANCH = "branches/sample-branch.yaml"


def _steps(repo: Repo) -> Iterator[tuple[str, set[Key]]]:
    """Make each change, commit it, and say which events' SEQUENCE must rise."""
    repo.edit(BRANCH, 'to: 2027-01-21\n        start: "10:00"', 'to: 2027-01-22\n        start: "14:00"')
    repo.edit(BRANCH, 'end: "10:45"', 'end: "14:45"')
    repo.commit("(a) the moved morning meeting moves again")
    yield "a", {(MORNING, "20270120")}

    repo.edit(
        "calendars/sample-branch/2027-01.yaml",
        '    description: "向准增员',
        '    cancelled: true\n    description: "向准增员',
    )
    repo.commit("(b) the career talk is cancelled")
    yield "b", {(TALK, "")}

    repo.edit(
        BRANCH,
        "    place: 经理办公室\n",
        '    place: 经理办公室\n    changes:\n      - since: 2027-02-01\n        start: "15:00"\n        end: "16:00"\n',
    )
    repo.commit("(c) the weekly review at 15:00 from February")
    yield "c", {(REVIEW, "")}

    (repo.data / "holidays").mkdir()
    shutil.copy(repo.root / "holidays-2027.yaml", repo.data / "holidays" / "2027.yaml")
    repo.commit("(d) the official 2027 arrangement, with a make-up Saturday")
    yield "d", {(MORNING, "")}

    repo.edit(BRANCH, "    cancelled:\n      - date: 2027-01-15\n        reason: 全员参加总公司年会\n", "")
    repo.commit("(e) the 15 January morning meeting takes place after all")
    yield "e", {(MORNING, "")}

    (repo.root / "README.md").write_text("no data here\n", encoding="utf-8")
    repo.commit("(f) nothing in data/ changes")
    yield "f", set()


EAST_MORNING = "sample-east.morning-meeting@handbook.example.invalid"
EAST_REVIEW = "sample-east.weekly-business-review@handbook.example.invalid"
EAST_INTERVIEW = "sample-east.interview-2027-01-16.event@handbook.example.invalid"
EAST = "branches/sample-east.yaml"


def _default_steps(repo: Repo) -> Iterator[tuple[str, set[Key]]]:
    """The same kinds of change, made to the default playbook's 城东 branch."""
    repo.edit(EAST, "        to: 2027-03-16\n", "        to: 2027-03-17\n")
    repo.commit("(a) the moved weekly review moves again")
    yield "a", {(EAST_REVIEW, "20270315")}

    repo.edit(
        "calendars/sample-east/2027-01.yaml",
        "  - id: interview-2027-01-16\n",
        "  - id: interview-2027-01-16\n    cancelled: true\n",
    )
    repo.commit("(b) an interview day is cancelled")
    yield "b", {(EAST_INTERVIEW, "")}

    repo.edit(
        EAST,
        "    place: 五楼第一会议室\n    moved:",
        '    place: 五楼第一会议室\n    changes:\n      - since: 2027-04-05\n        start: "15:00"\n        end: "16:30"\n    moved:',
    )
    repo.commit("(c) the weekly review at 15:00 from April")
    yield "c", {(EAST_REVIEW, "")}

    (repo.data / "holidays").mkdir()
    shutil.copy(repo.root / "holidays-2027.yaml", repo.data / "holidays" / "2027.yaml")
    repo.commit("(d) an official 2027 arrangement, with a make-up Saturday")
    yield "d", {(EAST_MORNING, "")}

    repo.edit(
        EAST,
        "    place: 五楼职场大厅\n    cancelled:\n      - date: 2027-02-04\n        reason: 全员参加中支2026年度表彰大会\n",
        "    place: 五楼职场大厅\n",
    )
    repo.commit("(e) the morning meeting of 4 February takes place after all")
    yield "e", {(EAST_MORNING, "")}

    (repo.root / "README.md").write_text("no data here\n", encoding="utf-8")
    repo.commit("(f) nothing in data/ changes")
    yield "f", set()


@pytest.mark.parametrize("playbook", ["mini", pytest.param("default", marks=pytest.mark.slow)])
def test_every_change_reaches_both_kinds_of_subscriber(playbook: str, tmp_path: Path) -> None:
    if playbook == "mini":
        repo, steps = _new_repo(tmp_path / "repo", MINI / "data", "sample-branch"), _steps
    else:
        repo, steps = _new_repo(tmp_path / "repo", REPO / "data", "sample-east"), _default_steps
    rereader, icsx5 = Rereader(), Icsx5()
    text = repo.build()
    for client in (rereader, icsx5):
        client.sync(text)
        assert client.shows() == model(repo)
    assert "暂定：2027年的节假日安排尚未公布" in text
    before = stamps(text)
    assert {seq for seq, _lm in before.values()} == {0}

    for step, rescheduled in steps(repo):
        previous, text = text, repo.build()
        after = stamps(text)
        for client in (rereader, icsx5):
            client.sync(text)
            assert client.shows() == model(repo), (step, type(client).__name__)
        for key in before.keys() & after.keys():
            assert after[key][0] >= before[key][0], (step, key, "SEQUENCE went down")
            if before[key] == after[key]:
                continue
            assert after[key][1] > before[key][1], (step, key, "changed, LAST-MODIFIED did not move")
        for key in rescheduled:
            assert after[key][0] == before[key][0] + 1, (step, key, before[key], after[key])
        if step == "f":
            assert text == previous  # not one byte
        before = after

    assert "暂定" not in text  # the official 2027 arrangement is in


def test_an_event_that_did_not_change_keeps_its_stamps(repo: Repo) -> None:
    first = stamps(repo.build())
    repo.edit(
        "calendars/sample-branch/2027-01.yaml",
        '    description: "向准增员',
        '    cancelled: true\n    description: "向准增员',
    )
    repo.commit("the career talk is cancelled")
    second = stamps(repo.build())
    changed = {key for key in first if first[key] != second[key]}
    assert changed == {(TALK, "")}


def test_uncommitted_changes_are_dated_just_after_the_last_commit(repo: Repo) -> None:
    repo.edit(
        "calendars/sample-branch/2027-01.yaml",
        '    description: "向准增员',
        '    cancelled: true\n    description: "向准增员',
    )
    seq, modified = stamps(repo.build())[(TALK, "")]
    assert (seq, modified) == (1, START + timedelta(seconds=1))
    assert stamps(repo.build())[(TALK, "")] == (seq, modified)  # the same build, the same stamps


def test_a_shallow_clone_builds_with_a_warning(repo: Repo, tmp_path: Path) -> None:
    repo.edit(BRANCH, "    place: 经理办公室\n", "    place: 会议室二\n")
    repo.commit("the weekly review moves rooms")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(shallow)], check=True)
    revisions, warning = data_history(shallow / "data")
    assert warning == SHALLOW_WARNING
    assert revisions is not None and len(revisions) == 1  # only the last commit is there
    text = generate(load_playbook(shallow / "data"), site_url=SITE_URL, history=revisions).files[FEED]
    assert Rereader(text).shows() == model(repo)


def test_a_folder_without_git_builds_with_a_warning(tmp_path: Path) -> None:
    data = shutil.copytree(MINI / "data", tmp_path / "copy" / "data")
    revisions, warning = data_history(data)
    assert revisions is None
    assert warning == NO_GIT_WARNING.format(where="这里不是 git 仓库（或没有安装 git）")
    text = generate(load_playbook(data), site_url=SITE_URL, history=revisions).files[FEED]
    released = "20270114T160000Z"  # 2027-01-15 00:00 in Shanghai
    assert {str(e["SEQUENCE"]) for e in _vevents(text)} == {"0"}
    assert {e["LAST-MODIFIED"].to_ical().decode() for e in _vevents(text)} == {released}


def test_a_build_that_finds_earlier_work_in_the_cache_publishes_the_same_bytes(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history folded up to a commit is kept in ``.cache/playbook/``: the next build reads only
    the commits made since, and publishes exactly what a build without the cache does."""
    folder = tmp_path / "cache"
    assert repo.build(HistoryCache(JsonCache(folder))) == repo.build()
    reads: list[str] = []
    real = versions._read_commit

    def counted(sha: str, *args: Any) -> Any:
        reads.append(sha)
        return real(sha, *args)

    for step, _rescheduled in _steps(repo):
        reads.clear()
        monkeypatch.setattr(versions, "_read_commit", counted)
        cached = repo.build(HistoryCache(JsonCache(folder)))  # a new build process: from the disk
        monkeypatch.setattr(versions, "_read_commit", real)
        assert cached == repo.build(), step
        assert len(reads) <= 1, (step, "only the commit made since the last build is read")
    assert len(list(folder.glob("history-*.json"))) <= KEEP


def test_a_damaged_cache_is_worked_out_again(repo: Repo, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    repo.edit(BRANCH, "    place: 经理办公室\n", "    place: 会议室二\n")
    repo.commit("the weekly review moves rooms")
    expected = repo.build()
    assert repo.build(HistoryCache(JsonCache(folder))) == expected
    (kept,) = folder.glob("history-*.json")
    whole = kept.read_text(encoding="utf-8")
    for damage in ("", "{", '{"key": "other", "value": {}}', "[1, 2]", whole[: len(whole) // 2]):
        kept.write_text(damage, encoding="utf-8")
        assert repo.build(HistoryCache(JsonCache(folder))) == expected, damage[:40]
    kept.write_text(whole, encoding="utf-8")
    plain = json.loads(kept.read_text(encoding="utf-8"))
    plain["value"]["events"][0][2] = "one"  # a value of the wrong type
    kept.write_text(json.dumps(plain), encoding="utf-8")
    assert repo.build(HistoryCache(JsonCache(folder))) == expected
