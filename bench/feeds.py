"""Benchmark: how long the iCalendar feeds take for many branches with a full year of events.

A synthetic playbook is written to a temporary folder: ``data/`` copied, with ``data/branches/``
and ``data/calendars/`` replaced by ``--branches`` (300) branches covering the whole of
``YEAR`` (2026: the ``holidays`` package carries its official arrangement, so there are 调休
make-up days). Branch *i* is the sample branch *i* mod 3 (``sample-east``, ``sample-north``,
``sample-west``): its schedules copied with their ids, its one-off events repeated in every month
of the year, with ids unique in the branch. The playbook must load without errors.

After one ``load_playbook`` (timed separately), ``build_calendars`` + ``render_feeds`` are timed
in this process for the first 30, 75, 150 and 300 branches, best of ``--runs`` (3; fewer once
``--budget`` seconds were spent on a size). The time per 1,000 VEVENTs written shows whether the
time grows linearly with the number of events. Targets: 300 branches in ≤ 5 s; time per 1,000
VEVENTs within 1.25× across the sizes.

Run from the repository root::

    .venv/bin/python bench/feeds.py            # print the results table
    .venv/bin/python bench/feeds.py --write    # …and update bench/README.md between the markers
"""

from __future__ import annotations

import argparse
import calendar
import dataclasses
import gc
import importlib.metadata
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from time import perf_counter
from typing import Any

from common import dump as _dump
from common import dumps as _dumps
from common import load as _load
from common import sizes_arg, write_section

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import model as m  # noqa: E402
from generator.calendar.calendars import build_calendars  # noqa: E402
from generator.calendar.occurrences import scheduled_dates  # noqa: E402
from generator.calendar.workdays import WorkCalendar, work_calendar  # noqa: E402
from generator.feeds.ical import render_feeds  # noqa: E402
from generator.model.errors import DataError  # noqa: E402
from generator.site import load_playbook  # noqa: E402

README = Path(__file__).resolve().parent / "README.md"
START, END = "<!-- feeds:start -->", "<!-- feeds:end -->"

YEAR = 2026
"""The synthetic calendars' year: one with an official holiday arrangement (make-up days)."""

TEMPLATES = ("sample-east", "sample-north", "sample-west")
"""The sample branches the synthetic ones are made from, in turn."""

SITE_URL = "https://handbook.example.invalid/"
"""As in ``mkdocs.yml``: feeds carry absolute handbook links."""

SIZES = (30, 75, 150, 300)
TARGET_BRANCHES = 300
TARGET_S = 5.0
LINEARITY_TARGET = 1.25
"""Largest ÷ smallest time per 1,000 VEVENTs across the sizes: at most this for “linear”."""


# ------------------------------------------------------------ synthetic data


def _in_year(day: date) -> date:
    """``day`` moved to ``YEAR``, same month and day (28 Feb for 29 Feb)."""
    return day.replace(year=YEAR, day=min(day.day, calendar.monthrange(YEAR, day.month)[1]))


def _same_weekday_in(day: date, month: int) -> date:
    """``day`` moved by whole weeks into ``month`` of ``YEAR``, as near its day of the month as can be."""
    aim = date(YEAR, month, min(day.day, calendar.monthrange(YEAR, month)[1]))
    moved = day + timedelta(weeks=round((aim - day).days / 7))
    while moved.month != month or moved.year != YEAR:
        moved += timedelta(weeks=1 if (moved.year, moved.month) < (YEAR, month) else -1)
    return moved


def _nearest(day: date, candidates: list[date]) -> date | None:
    """The candidate in ``day``'s month nearest to it, or None."""
    same_month = [d for d in candidates if d.month == day.month]
    return min(same_month, key=lambda d: (abs((d - day).days), d)) if same_month else None


def _schedule_for_year(raw: dict[str, Any], first: date, last: date, work: WorkCalendar) -> dict[str, Any]:
    """A sample schedule moved to ``YEAR``: bounds and changes to the same month and day;
    cancellations and moves to the nearest real meeting day of their month, or dropped."""
    s = dict(raw)
    for key in ("starts", "until"):
        if key in s:
            s[key] = _in_year(s[key])
    if "changes" in s:
        s["changes"] = [{**c, "since": _in_year(c["since"])} for c in s["changes"]]
    schedule = m.Schedule(
        id=s["id"],
        meeting=s["meeting"],
        repeat=s["repeat"],
        days=tuple(s.get("days", ())),
        week=s.get("week"),
        start=time(),
        end=time(),
        place="",
    )
    bounds = (s.get("starts") or first, s.get("until") or last)
    held = scheduled_dates(schedule, *bounds, work)
    free = [d for d in held if d not in work.makeup]  # a make-up day's meeting cannot be moved
    taken: set[date] = set()
    cancelled, moved = [], []
    for c in s.get("cancelled", ()):
        day = _nearest(_in_year(c["date"]), [d for d in held if d not in taken])
        if day is not None:
            taken.add(day)
            cancelled.append({**c, "date": day})
    for mv in s.get("moved", ()):
        day = _nearest(_in_year(mv["date"]), [d for d in free if d not in taken])
        if day is not None:
            taken.add(day)
            to = day + (mv["to"] - mv["date"])
            if first <= to <= last:
                moved.append({**mv, "date": day, "to": to})
    for key, value in (("cancelled", cancelled), ("moved", moved)):
        s.pop(key, None)
        if value:
            s[key] = value
    return s


_DATE_TAIL = re.compile(r"-\d{4}-\d{2}(-\d{2})?$")


def _events_for_month(
    sample: dict[str, Any], month: int, used: set[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A sample month's events and morning topics moved (by whole weeks) into ``month`` of ``YEAR``."""
    events = []
    for ev in sample.get("events", ()):
        day = _same_weekday_in(ev["date"], month)
        base = f"{_DATE_TAIL.sub('', ev['id'])}-{day:%Y-%m-%d}"
        new_id, n = base, 1
        while new_id in used:
            n += 1
            new_id = f"{base}-{n}"
        used.add(new_id)
        events.append({**ev, "id": new_id, "date": day})
    morning, seen = [], set()
    for md in sample.get("morning", ()):
        day = _same_weekday_in(md["date"], month)
        if day not in seen:
            seen.add(day)
            morning.append({**md, "date": day})
    return events, morning


def year_templates(source: Path) -> dict[str, tuple[dict[str, Any], dict[int, str]]]:
    """Each sample branch of ``source`` moved to ``YEAR``: its branch data (calendar period, the
    schedules and morning slots moved into the year) and the text of its 12 month files. Month
    ``k`` repeats the events of the sample month with the same number if there is one (December,
    January…June), else of the sample month ``k - 6`` (July → January…)."""
    first, last = date(YEAR, 1, 1), date(YEAR, 12, 31)
    work = work_calendar([YEAR], {})
    templates: dict[str, tuple[dict[str, Any], dict[int, str]]] = {}
    for name in TEMPLATES:
        raw = _load(source / "branches" / f"{name}.yaml")
        raw.update(calendar_start=first, calendar_end=last)
        raw["schedules"] = [_schedule_for_year(s, first, last, work) for s in raw["schedules"]]
        raw["morning_pattern"] = [
            {**s, "since": _in_year(s["since"])} if "since" in s else s
            for s in raw.get("morning_pattern", [])
        ]
        months = {int(f.stem[-2:]): _load(f) for f in sorted((source / "calendars" / name).glob("*.yaml"))}
        texts: dict[int, str] = {}
        used: set[str] = set()
        for month in range(1, 13):
            sample = months.get(month) or months[month - 6]
            events, morning = _events_for_month(sample, month, used)
            texts[month] = _dumps({"events": events, "morning": morning})
        templates[name] = (raw, texts)
    return templates


def write_synthetic_data(source: Path, target: Path, branches: int) -> None:
    """``source`` (a data folder) copied to ``target`` with ``branches`` synthetic branches for ``YEAR``.

    Branch ``i`` is ``branch-<i>`` (``branch-000``…), made from sample branch ``TEMPLATES[i % 3]``
    as :func:`year_templates` moves it into the year.
    """
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("branches", "calendars"))
    (target / "branches").mkdir()
    (target / "calendars").mkdir()
    rollout = _load(target / "rollout.yaml")  # its statuses name the sample branches, gone here
    rollout.pop("status", None)
    _dump(rollout, target / "rollout.yaml")
    templates = year_templates(source)
    for i in range(branches):
        raw, texts = templates[TEMPLATES[i % len(TEMPLATES)]]
        branch_id = f"branch-{i:03d}"
        _dump({**raw, "title": f"{raw['title']}{i:03d}"}, target / "branches" / f"{branch_id}.yaml")
        folder = target / "calendars" / branch_id
        folder.mkdir()
        for month, text in texts.items():
            (folder / f"{YEAR}-{month:02d}.yaml").write_text(text, encoding="utf-8")


# ------------------------------------------------------------------ timing


def first_branches(playbook: m.Playbook, n: int) -> m.Playbook:
    """``playbook`` with only its first ``n`` branches and their months (everything else shared)."""
    branches = playbook.branches[:n]
    ids = {b.id for b in branches}
    months = {key: month for key, month in playbook.months.items() if key[0] in ids}
    entities = {**playbook.entities, m.Branch: branches}
    return dataclasses.replace(playbook, entities=entities, months=months)


@dataclass(frozen=True)
class Run:
    """One run: seconds in ``build_calendars`` and in ``render_feeds``."""

    calendars: float
    feeds: float

    @property
    def total(self) -> float:
        return self.calendars + self.feeds


@dataclass(frozen=True)
class Size:
    """The measurements for one number of branches."""

    branches: int
    occurrences: int
    """Dated items on the branches' calendars (what the month pages list, cancelled ones included)."""
    items: int
    """What feeds are made of: recurring series (segments), make-up-day meetings and one-off events."""
    vevents: int
    """Distinct VEVENTs: those of the branches' ``all`` feeds (series, moved occurrences, make-ups, events)."""
    written: int
    """VEVENTs written across all files (one VEVENT is in several feeds)."""
    files: int
    size: int
    """Bytes of all files (UTF-8)."""
    runs: tuple[Run, ...]

    @property
    def best(self) -> Run:
        return min(self.runs, key=lambda r: r.total)

    @property
    def median(self) -> float:
        return statistics.median(r.total for r in self.runs)

    @property
    def per_thousand(self) -> float:
        """Best seconds per 1,000 VEVENTs written."""
        return self.best.total / self.written * 1000


def measure(playbook: m.Playbook, n: int, *, runs: int, budget: float) -> Size:
    """Time ``build_calendars`` + ``render_feeds`` for the first ``n`` branches.

    Runs ``runs`` times, but no new run starts once ``budget`` seconds have been spent (the
    first always runs). The garbage of the previous run is collected off the clock.
    """
    sub = first_branches(playbook, n)
    timings: list[Run] = []
    spent = 0.0
    calendars, files = None, {}
    for i in range(runs):
        if i and spent >= budget:
            break
        calendars, files = None, {}
        gc.collect()
        start = perf_counter()
        calendars = build_calendars(sub, SITE_URL)
        built = perf_counter()
        files = render_feeds(sub, calendars, SITE_URL)
        done = perf_counter()
        timings.append(Run(built - start, done - built))
        spent += done - start
        print(f"  {n} branches, run {i + 1}: {done - start:.2f} s", file=sys.stderr)
    assert calendars is not None
    all_feeds = [feed.path for feed in calendars.feeds if feed.kind == "all"]
    return Size(
        branches=len(sub.branches),
        occurrences=sum(len(cal.occurrences(sub)) for cal in calendars.branches),
        items=sum(len(calendars.items(cal)) for cal in calendars.branches),
        vevents=sum(files[path].count("BEGIN:VEVENT") for path in all_feeds),
        written=sum(text.count("BEGIN:VEVENT") for text in files.values()),
        files=len(files),
        size=sum(len(text.encode("utf-8")) for text in files.values()),
        runs=tuple(timings),
    )


# ------------------------------------------------------------------ report


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _count(value: int) -> str:
    return f"{value:,}"


def _megabytes(value: int) -> str:
    return f"{value / 1_000_000:.1f} MB"


def machine() -> str:
    date_text = subprocess.run(["date"], capture_output=True, text=True, check=False).stdout.strip()
    cores = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        cpuinfo = ""
    cpu = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")),
        platform.machine(),
    )
    versions = ", ".join(f"{name} {importlib.metadata.version(name)}" for name in ("icalendar", "holidays"))
    return f"Run {date_text} on {cores} cores ({cpu}); Python {platform.python_version()}, {versions}."


def table(sizes: list[Size]) -> str:
    rows = [
        "| Branches | Occurrences | Items | VEVENTs | VEVENTs written | Files | Size "
        "| `build_calendars` | `render_feeds` | Total (best / median) | Per 1,000 VEVENTs written | Runs |",
        "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for s in sizes:
        rows.append(
            f"| {s.branches} | {_count(s.occurrences)} | {_count(s.items)} | {_count(s.vevents)} "
            f"| {_count(s.written)} | {_count(s.files)} | {_megabytes(s.size)} "
            f"| {_seconds(s.best.calendars)} | {_seconds(s.best.feeds)} "
            f"| {_seconds(s.best.total)} / {_seconds(s.median)} | {s.per_thousand * 1000:.0f} ms "
            f"| {len(s.runs)} |"
        )
    return "\n".join(rows)


def targets(sizes: list[Size]) -> list[tuple[bool, str]]:
    checks = []
    target = next((s for s in sizes if s.branches == TARGET_BRANCHES), None)
    if target is None:
        checks.append((False, f"{TARGET_BRANCHES} branches ≤ {TARGET_S:g} s: not measured (see --sizes)"))
    else:
        checks.append(
            (
                target.best.total <= TARGET_S,
                f"{TARGET_BRANCHES} branches ≤ {TARGET_S:g} s (`build_calendars` + `render_feeds`: "
                f"{_seconds(target.best.total)}, {target.best.total / TARGET_S:.1f}× the target)",
            )
        )
    if len(sizes) > 1:
        per = [s.per_thousand for s in sizes]
        ratio = max(per) / min(per)
        first, last = sizes[0], sizes[-1]
        checks.append(
            (
                ratio <= LINEARITY_TARGET,
                f"linear in the number of events: time per 1,000 VEVENTs written varies ≤ "
                f"{LINEARITY_TARGET:g}× ({ratio:.2f}×; {first.per_thousand * 1000:.0f} ms at "
                f"{first.branches} branches, {last.per_thousand * 1000:.0f} ms at {last.branches})",
            )
        )
    return checks


def report(sizes: list[Size], checks: list[tuple[bool, str]], load: float, runs: int, budget: float) -> str:
    largest = sizes[-1]
    lines = [
        table(sizes),
        "",
        f"Best / median of up to {runs} runs in one process (no new run after {budget:g} s spent on a "
        f"size: *Runs* says how many). Synthetic playbook: {largest.branches} branches × 12 months of "
        f"{YEAR}, `load_playbook` {_seconds(load)} (validation included; once, not part of the target). "
        "Occurrences: dated items on the month pages; items: series, make-up-day meetings and one-off "
        "events; VEVENTs: distinct (the `all` feeds); VEVENTs written: in every file.",
        "",
        *(f"- {'✅' if ok else '❌'} {text}" for ok, text in checks),
        "",
        machine(),
    ]
    return "\n".join(lines)


def write_readme(text: str) -> None:
    write_section(README, START, END, text)


# -------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="update the results in bench/README.md")
    parser.add_argument(
        "--sizes",
        type=sizes_arg,
        default=SIZES,
        help="numbers of branches to time, comma-separated (default 30,75,150,300); the largest is generated",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per size, at most (default 3)")
    parser.add_argument(
        "--budget",
        type=float,
        default=25.0,
        help="no new run of a size once this many seconds were spent on it (default 25)",
    )
    parser.add_argument("--check", action="store_true", help="exit with status 1 if a target is missed")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="playbook-bench-feeds-") as tmp:
        data = Path(tmp) / "data"
        print(f"… writing {args.sizes[-1]} synthetic branches", file=sys.stderr)
        write_synthetic_data(ROOT / "data", data, args.sizes[-1])
        start = perf_counter()
        try:
            playbook = load_playbook(data)
        except DataError as exc:
            raise SystemExit(f"the synthetic playbook in {data} does not validate:\n{exc.report()}") from None
        load = perf_counter() - start
    print(f"… loaded in {load:.2f} s; timing {', '.join(map(str, args.sizes))} branches", file=sys.stderr)
    sizes = [measure(playbook, n, runs=args.runs, budget=args.budget) for n in args.sizes]
    checks = targets(sizes)
    text = report(sizes, checks, load, args.runs, args.budget)
    print(text)
    if args.write:
        write_readme(text)
        print(f"\nUpdated {README.relative_to(ROOT)}", file=sys.stderr)
    return 1 if args.check and not all(ok for ok, _ in checks) else 0


if __name__ == "__main__":
    raise SystemExit(main())
