"""Benchmark: the real ``playbook build`` of a playbook with N branches × 12 months of calendars.

For each N (3, 30, 100; 300 with ``--with-300``) a synthetic playbook (``bench/branches.py``) is
written to a temporary project folder (``data/``, committed to a new git repository as HQ's would
be, and ``mkdocs.yml`` pointing at it and at the repository's ``content/`` and
``site_overrides/``), then:

* **paired builds**: ``playbook build`` (the CLI, in a subprocess) and a *bare* Material build of
  the same generated pages (``python -m mkdocs build``: same theme, palette, features, Markdown
  extensions and navigation, no ``custom_dir``, no plugin but search), alternating which goes
  first; wall time, CPU time (user + sys of the process and its children, from ``wait4``) and
  peak memory of each; the ratio default ÷ bare of the CPU times is the figure we steer by;
* **the site**: pages, files, size, the largest pages, navigation entries per page;
* **stage shares**: one more ``playbook build``, in a subprocess that wraps MkDocs' per-page
  functions, each plugin's event methods and the generator's entry points with a clock
  (``--profile-worker``; method in ``bench/README.md``).

The repository's ``data/`` (3 sample branches, 7 months) is measured the same way first, built
from ``mkdocs.yml`` in the repository (its own git history).

Run from the repository root::

    .venv/bin/python bench/site_build.py                 # print the results (about 35 minutes on 2 cores)
    .venv/bin/python bench/site_build.py --write         # …and update bench/README.md
    .venv/bin/python bench/site_build.py --sizes 3,30    # a quick look
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import importlib.metadata
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from branches import YEAR, write_playbook
from common import dumps, sizes_arg, write_section
from run import SOURCE_DATE_EPOCH, write_config

ROOT = Path(__file__).resolve().parent.parent
README = Path(__file__).resolve().parent / "README.md"
START, END = "<!-- branches:start -->", "<!-- branches:end -->"
BIN = Path(sys.executable).parent

SIZES = (3, 30, 100)
ON_DEMAND = 300
REPO_LABEL = "`data/` (repository)"

TARGET_BRANCHES = 300
TARGET_WALL_S = 300.0
TARGET_RSS = 2 * 1024**3
TARGET_RATIO = 1.2
TARGET_GENERATOR = 0.03
TARGET_FLAT = 1.25
"""Time per branch-month at 300 (or the largest N) ÷ at 30: at most this for “flat”."""


# ------------------------------------------------------------------ processes


@dataclass(frozen=True)
class Proc:
    """One process: wall seconds, CPU seconds (user + sys, its waited-for children included), peak RSS."""

    wall: float
    cpu: float
    rss: int
    """Bytes: the largest resident set of the process or of any child it waited for."""
    others: float = 0.0
    """Cores the rest of the machine kept busy meanwhile, on average (``/proc/stat``, steal included)."""


def _busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (user, nice, system, irq, softirq, steal)."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").splitlines()[0].split()[1:9]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields)
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def run_measured(cmd: list[str], *, cwd: Path, log: Path) -> Proc:
    """Run ``cmd`` to the end, output into ``log``; fail loudly if it fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    with log.open("wb") as out:
        busy = _busy_seconds()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        busy = _busy_seconds() - busy
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(
            f"{' '.join(cmd)} failed ({proc.returncode}):\n{log.read_text(errors='replace')[-4000:]}"
        )
    cpu = usage.ru_utime + usage.ru_stime
    return Proc(wall, cpu, usage.ru_maxrss * 1024, max(busy - cpu, 0.0) / wall)


# ------------------------------------------------------------------ the site


@dataclass(frozen=True)
class SiteStats:
    pages: int
    """HTML pages (404 not counted)."""
    files: int
    bytes: int
    feeds: int
    """``.ics`` files."""
    largest: tuple[tuple[str, int], ...]
    """The 10 largest pages: path in the site, bytes."""
    nav_median: int
    """Median over pages of the navigation entries (links and section labels) each page carries."""
    nav_max: int
    search_index: int
    """Bytes of ``search/search_index.json``."""
    html_bytes: int = 0
    """Bytes of every page but the print page."""
    nav_bytes: int = 0
    """Bytes of their primary navigation, all pages together."""


_NAV_ENTRY = re.compile(rb'class="md-nav__link')
_NAV_START = b'<nav class="md-nav md-nav--primary"'
_NAV_END = b'<div class="md-sidebar md-sidebar--secondary"'


def nav_entries(html: bytes) -> tuple[int, int]:
    """Entries and bytes of the primary (left) navigation in a Material page; 0 if it has none."""
    start = html.find(_NAV_START)
    if start < 0:
        return 0, 0
    end = html.find(_NAV_END, start)
    end = end if end > 0 else len(html)
    return len(_NAV_ENTRY.findall(html, start, end)), end - start


def site_stats(site: Path) -> SiteStats:
    pages: list[tuple[str, int]] = []
    navs: list[int] = []
    files = size = feeds = html_bytes = nav_bytes = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        files += 1
        n = path.stat().st_size
        size += n
        if path.suffix == ".ics":
            feeds += 1
        elif path.suffix == ".html" and path.name != "404.html":
            pages.append((path.relative_to(site).as_posix(), n))
            if not path.relative_to(site).as_posix().startswith("print_page/"):
                entries, nav = nav_entries(path.read_bytes())
                navs.append(entries)
                html_bytes += n
                nav_bytes += nav
    pages.sort(key=lambda p: (-p[1], p[0]))
    index = site / "search" / "search_index.json"
    return SiteStats(
        pages=len(pages),
        files=files,
        bytes=size,
        feeds=feeds,
        largest=tuple(pages[:10]),
        nav_median=int(statistics.median(navs)) if navs else 0,
        nav_max=max(navs, default=0),
        search_index=index.stat().st_size if index.exists() else 0,
        html_bytes=html_bytes,
        nav_bytes=nav_bytes,
    )


# ------------------------------------------------------------------ bare Material


def _config_text_loader() -> type[yaml.SafeLoader]:
    class Loader(yaml.SafeLoader):
        """Reads ``mkdocs.yml``; a ``!!python/name:`` tag becomes its name (a string)."""

    Loader.add_multi_constructor(
        "tag:yaml.org,2002:python/name:", lambda loader, suffix, node: f"python/name:{suffix}"
    )
    return Loader


def bare_config(site_config: Path, docs: Path, nav: list[Any]) -> dict[str, Any]:
    """The reference build: the site's theme, palette, features, Markdown extensions, CSS,
    JavaScript, validation and navigation; Material's own ``zh`` language; no ``custom_dir``;
    no plugin but ``search`` (configured as in the site)."""
    full = yaml.load(site_config.read_text(encoding="utf-8"), Loader=_config_text_loader())
    theme = full["theme"]
    search = next(p for p in full["plugins"] if isinstance(p, dict) and "search" in p)
    keep = ("site_name", "site_description", "site_url", "use_directory_urls", "strict")
    return {
        **{k: full[k] for k in keep if k in full},
        "docs_dir": str(docs),
        "theme": {
            "name": "material",
            "language": "zh",
            "font": theme.get("font", False),
            "features": theme["features"],
            "palette": theme["palette"],
        },
        "plugins": [search],
        **{
            k: full[k]
            for k in ("extra_css", "extra_javascript", "markdown_extensions", "validation")
            if k in full
        },
        "extra": {"generator": False},
        "nav": nav,
    }


def dump_worker(site_config: Path, out: Path) -> None:
    """Worker (``--dump-worker``): what the playbook plugin hands MkDocs — generated pages, feeds and
    other files, navigation — written into ``out/docs`` next to the hand-written ``content/`` and
    the theme's assets; ``out/mkdocs.yml`` builds it with bare Material."""
    from mkdocs.config import load_config

    config = load_config(str(site_config))
    config.plugins.on_startup(command="build", dirty=False)
    plugin = config.plugins["playbook"]
    config = plugin.on_config(config)  # type: ignore[attr-defined]
    docs = out / "docs"
    shutil.copytree(config.docs_dir, docs)
    if config.theme.custom_dir and (Path(config.theme.custom_dir) / "assets").is_dir():
        shutil.copytree(Path(config.theme.custom_dir) / "assets", docs / "assets", dirs_exist_ok=True)
    from generator.render.calendar_pages import fill_slots

    fragments = plugin.fragments  # type: ignore[attr-defined]
    pages = {path: fill_slots(text, fragments.get(path, {})) for path, text in plugin.pages.items()}  # type: ignore[attr-defined]
    for path, text in {**pages, **plugin.feeds}.items():  # type: ignore[attr-defined]
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
    (out / "mkdocs.yml").write_text(dumps(bare_config(site_config, docs, config.nav)), encoding="utf-8")
    # the same, but each month's grid and day list left out (their slots stay empty): what
    # Material itself is given to do in the default build
    slotted = out / "slotted"
    shutil.copytree(docs, slotted / "docs")
    for path in fragments:
        (slotted / "docs" / path).write_bytes(plugin.pages[path].encode("utf-8"))  # type: ignore[attr-defined]
    (slotted / "mkdocs.yml").write_text(
        dumps(bare_config(site_config, slotted / "docs", config.nav)), encoding="utf-8"
    )


# ------------------------------------------------------------------ stages


class StageClock:
    """Exclusive CPU and wall time per stage: time is charged to the innermost stage entered."""

    def __init__(self) -> None:
        self.stack = ["startup"]
        self.cpu: dict[str, float] = defaultdict(float)
        self.wall: dict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()
        self.page_cpu: dict[str, float] = defaultdict(float)
        self._cpu, self._wall = 0.0, time.perf_counter()  # CPU counts from the process' start

    def _charge(self) -> None:
        cpu, wall = time.process_time(), time.perf_counter()
        top = self.stack[-1]
        self.cpu[top] += cpu - self._cpu
        self.wall[top] += wall - self._wall
        self._cpu, self._wall = cpu, wall

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self._charge()
        self.stack.append(name)
        self.calls[name] += 1
        try:
            yield
        finally:
            self._charge()
            self.stack.pop()

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name):
                return fn(*args, **kwargs)

        return wrapper

    def per_page(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """``fn(page, …)`` with its inclusive CPU time added to the page's."""

        @functools.wraps(fn)
        def wrapper(page: Any, *args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return fn(page, *args, **kwargs)
            finally:
                self.page_cpu[page.file.src_uri] += time.process_time() - start

        return wrapper


def install_stage_clock() -> StageClock:
    """Wrap the build's entry points (see ``STAGES`` and ``bench/README.md``)."""
    import mkdocs.commands.build as mkbuild
    import mkdocs.plugins
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    import generator.cli
    import generator.plugin
    import generator.site

    clock = StageClock()
    targets: list[tuple[Any, str, str]] = [
        (generator.cli, "main", "cli"),
        (generator.cli, "_load_config", "mkdocs.config"),
        (generator.site, "load_playbook", "generator.load"),
        (generator.plugin, "load_playbook", "generator.load"),
        (generator.plugin, "load_posts", "generator.load"),
        (generator.plugin, "generate", "generator.generate"),
        (generator.plugin, "load_history", "generator.history"),
        (generator.plugin, "data_history", "generator.history"),
        (generator.plugin, "data_head", "generator.history"),
        (generator.plugin, "build_nav", "generator.nav"),
        (generator.plugin, "_teach_search_words", "search.jieba"),
        (generator.plugin, "annotate_terms", "playbook.tooltips"),
        (generator.plugin, "card_tables", "playbook.tables"),
        (generator.plugin, "label_task_checkboxes", "playbook.tables"),
        (generator.plugin, "describe", "playbook.description"),
        (generator.plugin, "join_cjk_breaks", "playbook.cjk"),
        (generator.plugin, "render_atom", "playbook.rss"),
        (generator.plugin, "render_rss", "playbook.rss"),
        (generator.plugin, "fill_slots", "playbook.slots"),
        (mkbuild, "build", "mkdocs"),
        (mkbuild, "get_files", "mkdocs.files"),
        (mkbuild, "get_navigation", "mkdocs.nav"),
        (mkbuild, "_populate_page", "mkdocs.read"),
        (mkbuild, "_build_page", "templates"),
        (mkbuild, "_build_theme_template", "templates"),
        (Page, "render", "markdown"),
        (Page, "validate_anchor_links", "mkdocs.anchors"),
        (Files, "copy_static_files", "mkdocs.copy"),
    ]
    for owner, attr, name in targets:
        fn = getattr(owner, attr)
        if attr in ("_populate_page", "_build_page"):
            fn = clock.per_page(fn)
        setattr(owner, attr, clock.wrap(name, fn))

    def run_event(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
        # mkdocs.plugins.PluginCollection.run_event (MkDocs 1.6), each method timed as its own stage
        pass_item = item is not None
        for method in self.events[name]:
            origin = self._event_origins.get(method, "<unknown>")
            self._current_plugin = origin
            with clock.stage(f"plugin:{origin}:{name}"):
                result = method(item, **kwargs) if pass_item else method(**kwargs)
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    mkdocs.plugins.PluginCollection.run_event = run_event  # type: ignore[method-assign]
    return clock


def profile_worker(site_config: Path, site: Path, out: Path) -> None:
    """Worker (``--profile-worker``): ``playbook build`` in this process under the stage clock;
    the stages' times into ``out`` (JSON)."""
    import resource

    import generator.cli

    clock = install_stage_clock()
    status = generator.cli.main(["build", "-f", str(site_config), "-d", str(site)])
    clock._charge()
    if status:
        raise SystemExit(status)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        "stages": {k: [clock.cpu[k], clock.wall[k], clock.calls[k]] for k in clock.cpu},
        "children_cpu": children.ru_utime + children.ru_stime,
        "pages": clock.page_cpu,
    }
    out.write_text(json.dumps(result), encoding="utf-8")


GROUPS = (
    ("generator", "Our generator (load + generate)"),
    ("playbook", "Playbook plugin, per page and files"),
    ("markdown", "Markdown conversion"),
    ("templates", "Material page rendering (templates, writing pages)"),
    ("search", "Search indexing (Material's search, jieba)"),
    ("print-site", "print-site (`print_page/`)"),
    ("blog", "Material blog"),
    ("mkdocs", "MkDocs core (files, navigation, copying, links)"),
    ("startup", "Start-up, config, CLI (interpreter, imports, `mkdocs.yml` ×2)"),
    ("children", "Child processes (git)"),
)

DETAIL = {
    "generator.load": "load + validate `data/` (`load_playbook` ×2: the CLI checks first) and posts",
    "generator.generate": "`generate`: pages, 行事历, subscribe page, feeds",
    "generator.history": "git history of `data/` (feed stamps, release notes)",
    "generator.nav": "`build_nav`",
    "plugin:playbook:config": "rest of the plugin's `on_config`",
    "playbook.tooltips": "glossary tooltips (`annotate_terms`)",
    "playbook.tables": "card tables, task checkboxes",
    "playbook.description": "page descriptions (`describe`)",
    "playbook.cjk": "CJK line joins (`on_post_page`)",
    "playbook.rss": "RSS / Atom",
    "playbook.slots": "month grids and day lists put into the finished pages (`fill_slots`)",
    "plugin:playbook:files": "`on_files`: generated pages and feeds handed to MkDocs",
    "search.jieba": "jieba dictionary and the playbook's words (`_teach_search_words`)",
    "mkdocs.read": "reading sources, per-page bookkeeping",
    "mkdocs.copy": "copying static files, writing feeds and CSV",
    "mkdocs.anchors": "anchor validation",
    "mkdocs.files": "collecting files",
    "mkdocs.nav": "navigation structure",
    "mkdocs": "the rest of `build()`",
}


def group_of(stage: str) -> str:
    """The row of the stage table a stage is counted in (``GROUPS``)."""
    if stage.startswith("plugin:"):
        plugin = stage.split(":")[1]
        if plugin == "playbook":
            return "generator" if stage.endswith((":config", ":startup")) else "playbook"
        return next((key for key in ("search", "print-site", "blog") if key in plugin), "mkdocs")
    if stage in ("startup", "cli", "mkdocs.config"):
        return "startup"
    return stage.split(".")[0]


_KIND_PATTERNS = (
    (re.compile(r"(branch-\d{3}|sample-[a-z]+)"), "<branch>"),
    (re.compile(r"\d{4}-\d{2}"), "<YYYY-MM>"),
)


def page_kind(src: str) -> str:
    for pattern, repl in _KIND_PATTERNS:
        src = pattern.sub(repl, src)
    return src


# ------------------------------------------------------------------ one size


@dataclass
class SizeResult:
    label: str
    branches: int
    branch_months: int
    default: list[Proc]
    bare: list[Proc]
    stats: SiteStats
    bare_pages: int
    profile: Proc | None = None
    bare_slotted: Proc | None = None
    """One bare build of the pages without the month grids and day lists (see ``dump_worker``)."""
    stages: dict[str, list[float]] = field(default_factory=dict)
    """Stage → [CPU s, wall s, calls] of the profiled build; ``startup`` and ``children`` included."""
    page_kinds: list[tuple[str, int, float]] = field(default_factory=list)
    """The most expensive kinds of page: kind, pages, CPU s (reading, Markdown, hooks, templates)."""
    top_pages: list[tuple[str, float]] = field(default_factory=list)
    date: str = ""

    @property
    def best(self) -> Proc:
        return min(self.default, key=lambda p: p.cpu)

    @property
    def ratios(self) -> list[float]:
        return [d.cpu / b.cpu for d, b in zip(self.default, self.bare, strict=True)]

    def groups(self) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for stage, (cpu, _, _) in self.stages.items():
            out[group_of(stage)] += cpu
        return out

    @property
    def stage_total(self) -> float:
        return sum(cpu for cpu, _, _ in self.stages.values())

    @property
    def scale(self) -> float:
        """Best plain build's CPU ÷ the profiled build's: profiled seconds × this are comparable
        across sizes (a profiled run that met more load is scaled down)."""
        return self.best.cpu / self.stage_total if self.stages else 1.0

    def share(self, group: str) -> float:
        return self.groups().get(group, 0.0) / self.stage_total if self.stages else float("nan")


def _proc(d: dict[str, Any]) -> Proc:
    return Proc(**d)


def result_from_json(d: dict[str, Any]) -> SizeResult:
    return SizeResult(
        label=d["label"],
        branches=d["branches"],
        branch_months=d["branch_months"],
        default=[_proc(p) for p in d["default"]],
        bare=[_proc(p) for p in d["bare"]],
        stats=SiteStats(**{**d["stats"], "largest": tuple(tuple(x) for x in d["stats"]["largest"])}),
        bare_pages=d["bare_pages"],
        profile=_proc(d["profile"]) if d.get("profile") else None,
        bare_slotted=_proc(d["bare_slotted"]) if d.get("bare_slotted") else None,
        stages=d.get("stages", {}),
        page_kinds=[tuple(x) for x in d.get("page_kinds", [])],  # type: ignore[misc]
        top_pages=[tuple(x) for x in d.get("top_pages", [])],  # type: ignore[misc]
        date=d.get("date", ""),
    )


def write_project(work: Path, branches: int) -> Path:
    """``work/data`` (synthetic, committed to a new git repository) and ``work/mkdocs.yml``."""
    write_playbook(ROOT / "data", work / "data", branches)
    config = write_config(work, work / "data")
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-01-01T08:00:00+08:00",
        "GIT_COMMITTER_DATE": "2026-01-01T08:00:00+08:00",
    }
    git = [
        "git",
        "-c",
        "user.name=bench",
        "-c",
        "user.email=bench@example.invalid",
        "-c",
        "commit.gpgsign=false",
    ]
    for args in (["init", "-q"], ["add", "data"], ["commit", "-q", "-m", "synthetic playbook"]):
        subprocess.run([*git, *args], cwd=work, env=env, check=True, capture_output=True)
    return config


def measure(
    label: str, config: Path, work: Path, branches: int, months: int, args: argparse.Namespace
) -> SizeResult:
    site, bare_site, logs = work / "site", work / "bare-site", work / "logs"
    logs.mkdir(exist_ok=True)
    say(f"{label}: dumping the generated pages for the bare build")
    bare_dir = work / "bare"
    run_measured(
        [sys.executable, __file__, "--dump-worker", str(config), str(bare_dir)],
        cwd=ROOT,
        log=logs / "dump.log",
    )
    default_cmd = [str(BIN / "playbook"), "build", "-f", str(config), "-d", str(site)]
    bare_cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-q",
        "-f",
        str(bare_dir / "mkdocs.yml"),
        "-d",
        str(bare_site),
    ]
    default: list[Proc] = []
    bare: list[Proc] = []
    spent = 0.0
    stats: SiteStats | None = None
    for k in range(args.pairs):
        if k and spent >= args.budget:
            break
        order = ("default", "bare") if k % 2 == 0 else ("bare", "default")
        for which in order:
            target = site if which == "default" else bare_site
            shutil.rmtree(target, ignore_errors=True)
            cmd = default_cmd if which == "default" else bare_cmd
            proc = run_measured(cmd, cwd=config.parent, log=logs / f"{which}-{k}.log")
            (default if which == "default" else bare).append(proc)
            spent += proc.wall
            say(
                f"  pair {k + 1}, {which}: {proc.wall:.1f} s wall, {proc.cpu:.1f} s CPU, "
                f"{proc.rss / 2**20:.0f} MiB, other load {proc.others:.2f} cores"
            )
            if which == "default" and stats is None:
                stats = site_stats(site)
    assert stats is not None
    bare_pages = site_stats(bare_site).pages
    shutil.rmtree(bare_site, ignore_errors=True)
    result = SizeResult(label, branches, months, default, bare, stats, bare_pages, date=_today())
    slotted = [*bare_cmd[:-3], str(bare_dir / "slotted" / "mkdocs.yml"), "-d", str(bare_site)]
    result.bare_slotted = run_measured(slotted, cwd=config.parent, log=logs / "bare-slotted.log")
    say(f"  bare without the grids: {result.bare_slotted.cpu:.1f} s CPU")
    shutil.rmtree(bare_site, ignore_errors=True)
    if not args.no_profile:
        shutil.rmtree(site, ignore_errors=True)
        out = work / "stages.json"
        say(f"{label}: profiled build")
        result.profile = run_measured(
            [sys.executable, __file__, "--profile-worker", str(config), str(site), str(out)],
            cwd=config.parent,
            log=logs / "profile.log",
        )
        data = json.loads(out.read_text(encoding="utf-8"))
        stages = data["stages"]
        in_process = sum(cpu for cpu, _, _ in stages.values())
        stages["children"] = [data["children_cpu"], 0.0, 0]
        # what the process cost beyond the stages (exit, freeing memory) counts as start-up
        rest = max(result.profile.cpu - in_process - data["children_cpu"], 0.0)
        stages["startup"][0] += rest
        others = sum(w for k, (_, w, _) in stages.items() if k != "startup")
        stages["startup"][1] = max(result.profile.wall - others, 0.0)
        result.stages = stages
        kinds: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
        for src, cpu in data["pages"].items():
            kind = kinds[page_kind(src)]
            kind[0] += 1
            kind[1] += cpu
        result.page_kinds = sorted(((k, int(n), cpu) for k, (n, cpu) in kinds.items()), key=lambda x: -x[2])[
            :10
        ]
        result.top_pages = sorted(data["pages"].items(), key=lambda x: -x[1])[:5]
    shutil.rmtree(site, ignore_errors=True)
    return result


def _today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


def say(text: str) -> None:
    print(f"… {text}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ report


def _s(value: float) -> str:
    if value < 1:
        return f"{value * 1000:.0f} ms"
    if value < 600:
        return f"{value:.1f} s"
    return f"{value / 60:.1f} min"


def _mb(value: float) -> str:
    return f"{value / 1_000_000:,.1f} MB"


def _rss(value: float) -> str:
    return f"{value / 2**20:,.0f} MiB"


def _pct(value: float) -> str:
    return f"{value:.1%}"


def _best_median(values: list[float], fmt: Callable[[float], str]) -> str:
    return f"{fmt(min(values))} / {fmt(statistics.median(values))}"


def main_table(results: list[SizeResult]) -> str:
    rows = [
        "| Playbook | Branch-months | Pages | Files (`.ics`) | Site | Build wall | Build CPU "
        "| Peak memory | CPU per branch-month | Bare CPU | Default ÷ bare (best / median pair) "
        "| Default ÷ bare without the grids | Pairs | Other load |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        ratios = r.ratios
        slotted = f"{r.best.cpu / r.bare_slotted.cpu:.2f}×" if r.bare_slotted else "–"
        rows.append(
            f"| {r.label} | {r.branch_months:,} | {r.stats.pages:,} | {r.stats.files:,} ({r.stats.feeds:,}) "
            f"| {_mb(r.stats.bytes)} | {_best_median([p.wall for p in r.default], _s)} "
            f"| {_best_median([p.cpu for p in r.default], _s)} | {_rss(max(p.rss for p in r.default))} "
            f"| {r.best.cpu / r.branch_months * 1000:.0f} ms "
            f"| {_best_median([p.cpu for p in r.bare], _s)} "
            f"| {min(ratios):.2f}× / {statistics.median(ratios):.2f}× | {slotted} | {len(ratios)} "
            f"| {statistics.median(p.others for p in [*r.default, *r.bare]):.2f} |"
        )
    return "\n".join(rows)


def marginal_table(results: list[SizeResult]) -> str:
    synthetic = [r for r in results if r.label != REPO_LABEL]
    if len(synthetic) < 2:
        return ""
    rows = ["| From → to | Extra branch-months | Extra CPU | CPU per extra branch-month | Extra pages | Extra MB |",
            "|---|--:|--:|--:|--:|--:|"]  # fmt: skip
    for a, b in itertools.pairwise(synthetic):
        months = b.branch_months - a.branch_months
        cpu = b.best.cpu - a.best.cpu
        rows.append(
            f"| {a.branches} → {b.branches} | {months:,} | {_s(cpu)} | {cpu / months * 1000:.0f} ms "
            f"| {b.stats.pages - a.stats.pages:,} | {_mb(b.stats.bytes - a.stats.bytes)} |"
        )
    return "\n".join(rows)


def stage_table(results: list[SizeResult]) -> str:
    """Each stage's share of the profiled build, and its seconds scaled to the best plain build
    (share × its CPU: the profiled run may have met more load); the growth between the two
    largest synthetic sizes, from those seconds, next to the growth of the branch-months."""
    profiled = [r for r in results if r.stages]
    if not profiled:
        return ""
    synthetic = [r for r in profiled if r.label != REPO_LABEL]
    a, b = (synthetic[-2], synthetic[-1]) if len(synthetic) >= 2 else (None, None)
    head = "| Stage: share of the CPU time (seconds) | " + " | ".join(_short(r) for r in profiled)
    rule = "|---|" + "--:|" * len(profiled)
    if a is not None and b is not None:
        head += (
            f" | Growth {a.branches} → {b.branches} (branch-months ×{b.branch_months / a.branch_months:.2f})"
        )
        rule += "--:|"
    rows = [head + " |", rule]

    def growth(cpu: Callable[[SizeResult], float]) -> list[str]:
        if a is None or b is None:
            return []
        before, after = cpu(a) * a.scale, cpu(b) * b.scale
        return [f"×{after / before:.2f}" if before > 0 else "–"]

    for key, title in GROUPS:
        cells = [f"**{_pct(r.share(key))}** ({_s(r.groups().get(key, 0.0) * r.scale)})" for r in profiled]
        cells += growth(lambda r, key=key: r.groups().get(key, 0.0))  # type: ignore[misc]
        rows.append(f"| **{title}** | " + " | ".join(cells) + " |")
        details = sorted(
            {s for r in profiled for s in r.stages if group_of(s) == key},
            key=lambda s: -max(r.stages.get(s, [0.0])[0] / r.stage_total for r in profiled),
        )
        for stage in details if len(details) > 1 else ():
            if max(r.stages.get(stage, [0.0])[0] / r.stage_total for r in profiled) < 0.002:
                continue
            cells = [_pct(r.stages.get(stage, [0.0])[0] / r.stage_total) for r in profiled]
            cells += growth(lambda r, stage=stage: r.stages.get(stage, [0.0])[0])  # type: ignore[misc]
            rows.append(
                f"| &nbsp;&nbsp;{DETAIL.get(stage, _event_name(stage))} | " + " | ".join(cells) + " |"
            )
    cells = [f"{_s(r.stage_total)} ({_s(r.best.cpu)})" for r in profiled]
    cells += growth(lambda r: r.stage_total)
    rows.append("| Profiled build's CPU (best plain build's) | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _event_name(stage: str) -> str:
    if stage.startswith("plugin:"):
        _, plugin, event = stage.split(":")
        return f"{plugin} `on_{event}`"
    return stage


def _short(r: SizeResult) -> str:
    return "`data/`" if r.label == REPO_LABEL else f"N={r.branches}"


def largest_table(results: list[SizeResult]) -> str:
    head = "| # | " + " | ".join(_short(r) for r in results) + " |"
    rows = [head, "|--:|" + "---|" * len(results)]
    for i in range(10):
        cells = []
        for r in results:
            if i < len(r.stats.largest):
                path, size = r.stats.largest[i]
                cells.append(f"`{path.removesuffix('index.html') or '/'}` {_mb(size)}")
            else:
                cells.append("")
        rows.append(f"| {i + 1} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def kinds_table(results: list[SizeResult]) -> str:
    profiled = [r for r in results if r.page_kinds and r.label != REPO_LABEL]
    if not profiled:
        return ""
    r = profiled[-1]
    others = profiled[:-1]
    rows = [
        f"The most expensive kinds of page at {_short(r)} (per page: reading, Markdown, every plugin's page "
        "hooks, templates, writing; print-site's own page is made in `on_post_build`, not here). "
        "Seconds scaled to the best plain build, like the stages:",
        "",
        "| Page | Pages | CPU | Share of the build | Per page | "
        + " | ".join(f"Per page at {_short(o)}" for o in others)
        + " |",
        "|---|--:|--:|--:|--:|" + "--:|" * len(others),
    ]
    for kind, n, cpu in r.page_kinds:
        cells = []
        for o in others:
            found = next(((m, c) for k, m, c in o.page_kinds if k == kind), None)
            cells.append(_s(found[1] / found[0] * o.scale) if found else "")
        rows.append(
            f"| `{kind}` | {n:,} | {_s(cpu * r.scale)} | {_pct(cpu / r.stage_total)} | {_s(cpu / n * r.scale)} | "
            + " | ".join(cells)
            + " |"
        )
    return "\n".join(rows)


def site_table(results: list[SizeResult]) -> str:
    rows = [
        "| Playbook | Nav entries per page (median / max) | Pages but the print page: HTML | …of it navigation "
        "| Print page | Search index | Bare pages |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        st = r.stats
        printed = next((size for path, size in st.largest if path.startswith("print_page/")), 0)
        html = _mb(st.html_bytes) if st.html_bytes else "–"
        nav = f"{_mb(st.nav_bytes)} ({st.nav_bytes / st.html_bytes:.0%})" if st.html_bytes else "–"
        rows.append(
            f"| {_short(r)} | {st.nav_median:,} / {st.nav_max:,} | {html} | {nav} | {_mb(printed)} "
            f"| {_mb(st.search_index)} | {r.bare_pages:,} |"
        )
    return "\n".join(rows)


def _extrapolate(results: list[SizeResult], n: int, value: Callable[[SizeResult], float]) -> float | None:
    """``value`` at ``n`` branches, by a straight line through the two largest synthetic sizes."""
    synthetic = [r for r in results if r.label != REPO_LABEL]
    if len(synthetic) < 2:
        return None
    a, b = synthetic[-2], synthetic[-1]
    slope = (value(b) - value(a)) / (b.branches - a.branches)
    return value(b) + slope * (n - b.branches)


def targets(results: list[SizeResult]) -> list[tuple[bool, str]]:
    checks: list[tuple[bool, str]] = []
    synthetic = [r for r in results if r.label != REPO_LABEL]
    at = next((r for r in synthetic if r.branches == TARGET_BRANCHES), None)
    for what, value, limit, fmt in (
        ("≤ 5 minutes (wall)", lambda r: min(p.wall for p in r.default), TARGET_WALL_S, _s),
        ("≤ 2 GB of memory (peak RSS)", lambda r: max(p.rss for p in r.default), TARGET_RSS, _rss),
    ):
        if at is not None:
            v, how = value(at), "measured"
        else:
            estimate = _extrapolate(results, TARGET_BRANCHES, value)
            if estimate is None:
                continue
            v, how = (
                estimate,
                f"not measured: extrapolated from N={synthetic[-2].branches} and {synthetic[-1].branches}",
            )
        checks.append(
            (
                v <= limit,
                f"{TARGET_BRANCHES} branches × 12 months {what}: {fmt(v)} ({how}; {_miss(v, limit)})",
            )
        )
    for r in results:
        ratio = min(r.ratios)
        checks.append(
            (
                ratio <= TARGET_RATIO,
                f"{_short(r)}: default build ≤ {TARGET_RATIO}× the bare Material build (CPU): "
                f"{ratio:.2f}× best pair, {statistics.median(r.ratios):.2f}× median ({_miss(ratio, TARGET_RATIO)})",
            )
        )
    for r in results:
        if r.stages:
            share = r.share("generator")
            checks.append(
                (
                    share <= TARGET_GENERATOR,
                    f"{_short(r)}: generator stage ≤ {TARGET_GENERATOR:.0%} of the build: {_pct(share)} "
                    f"({_miss(share, TARGET_GENERATOR)})",
                )
            )
    base = next((r for r in synthetic if r.branches == 30), None)
    top = synthetic[-1] if synthetic else None
    if base is not None and top is not None and top is not base:
        per_base = base.best.cpu / base.branch_months
        per_top = top.best.cpu / top.branch_months
        ratio = per_top / per_base
        note = "" if top.branches == TARGET_BRANCHES else f"; {TARGET_BRANCHES} not measured"
        checks.append(
            (
                ratio <= TARGET_FLAT,
                f"time per branch-month flat from 30 to {top.branches} branches (≤ {TARGET_FLAT}×): "
                f"{per_base * 1000:.0f} ms → {per_top * 1000:.0f} ms CPU, {ratio:.2f}× "
                f"({_miss(ratio, TARGET_FLAT)}{note})",
            )
        )
    return checks


def _miss(value: float, limit: float) -> str:
    if value <= limit:
        return f"met, {value / limit:.2f}× the target"
    return f"missed by {value / limit:.2f}×"


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}"
        for name in ("mkdocs", "mkdocs-material", "mkdocs-print-site-plugin", "jieba", "Markdown")
    )
    return f"{os.cpu_count()} cores ({cpu}); Python {platform.python_version()}, {versions}"


def report(results: list[SizeResult]) -> str:
    dates = sorted({r.date for r in results if r.date})
    parts = [
        main_table(results),
        "",
        "Best / median of the paired runs (*Pairs*: how many; no new pair once the budget was spent on a size). "
        "CPU: user + sys of the build process and its children; peak memory: its largest resident set. "
        f"Branch-months: branches × months of calendar (synthetic: {YEAR}-01 … {YEAR}-12). "
        "Bare: the same generated pages built by Material alone (search the only plugin); the ratio "
        "is taken pair by pair. Other load: cores kept busy by the rest of the machine during the runs "
        "(median; `/proc/stat`): it stretches wall times, and CPU times vary too (see the note above the "
        "results).",
        "",
    ]
    if marginal := marginal_table(results):
        parts += ["What each step up costs (best CPU):", "", marginal, ""]
    parts += ["**Targets** (issue 13):", ""]
    parts += [f"- {'✅' if ok else '❌'} {text}" for ok, text in targets(results)]
    if stages := stage_table(results):
        parts += [
            "",
            "**Stage shares** (one profiled build per size; method above; growth from the seconds, which "
            "are each share × the best plain build's CPU):",
            "",
            stages,
        ]
    if kinds := kinds_table(results):
        parts += ["", kinds]
    parts += [
        "",
        "**The site**:",
        "",
        site_table(results),
        "",
        "The 10 largest pages:",
        "",
        largest_table(results),
    ]
    parts += ["", f"Run {', '.join(dates)} on {machine()}."]
    return "\n".join(parts)


# -------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="update the results in bench/README.md")
    parser.add_argument(
        "--sizes", type=sizes_arg, default=SIZES, help="numbers of branches (default 3,30,100)"
    )
    parser.add_argument("--with-300", action="store_true", help=f"also {ON_DEMAND} branches (takes long)")
    parser.add_argument("--no-repo", action="store_true", help="skip the repository's data/")
    parser.add_argument(
        "--pairs", type=int, default=3, help="paired default/bare builds per size, at most (3)"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=600.0,
        help="no new pair once this many seconds were spent on a size (600)",
    )
    parser.add_argument("--no-profile", action="store_true", help="skip the profiled build (no stage shares)")
    parser.add_argument(
        "--results", type=Path, help="JSON file: sizes measured earlier are kept and reported"
    )
    parser.add_argument("--report-only", action="store_true", help="measure nothing: report --results")
    parser.add_argument("--check", action="store_true", help="exit with status 1 if a target is missed")
    parser.add_argument("--dump-worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-worker", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.dump_worker:
        dump_worker(*args.dump_worker)
        return 0
    if args.profile_worker:
        profile_worker(*args.profile_worker)
        return 0

    known: dict[str, SizeResult] = {}
    if args.results and args.results.exists():
        for d in json.loads(args.results.read_text(encoding="utf-8")):
            r = result_from_json(d)
            known[r.label] = r
    if not args.report_only:
        sizes = sorted({*args.sizes, *([ON_DEMAND] if args.with_300 else [])})
        with tempfile.TemporaryDirectory(prefix="playbook-bench-site-") as tmp:
            if not args.no_repo:
                work = Path(tmp) / "repo"
                work.mkdir()
                months = _repository_months()
                say(f"{REPO_LABEL}: warm-up build")
                run_measured(
                    [str(BIN / "playbook"), "build", "-d", str(work / "site")],
                    cwd=ROOT,
                    log=work / "warmup.log",
                )
                known[REPO_LABEL] = measure(REPO_LABEL, ROOT / "mkdocs.yml", work, 3, months, args)
                _save(args.results, known)
            for n in sizes:
                work = Path(tmp) / f"n{n}"
                (work / "project").mkdir(parents=True)
                say(f"N={n}: writing the synthetic playbook")
                config = write_project(work / "project", n)
                label = f"synthetic, {n} branches"
                known[label] = measure(label, config, work, n, n * 12, args)
                _save(args.results, known)
                shutil.rmtree(work, ignore_errors=True)
    results = sorted(known.values(), key=lambda r: (r.label != REPO_LABEL, r.branches))
    text = report(results)
    print(text)
    if args.write:
        write_section(README, START, END, text)
        print(f"\nUpdated {README.relative_to(ROOT)}", file=sys.stderr)
    return 1 if args.check and not all(ok for ok, _ in targets(results)) else 0


def _repository_months() -> int:
    return sum(1 for _ in (ROOT / "data" / "calendars").glob("*/*.yaml"))


def _save(path: Path | None, known: dict[str, SizeResult]) -> None:
    if path is not None:
        path.write_text(
            json.dumps([dataclasses.asdict(r) for r in known.values()], indent=1), encoding="utf-8"
        )


if __name__ == "__main__":
    raise SystemExit(main())
