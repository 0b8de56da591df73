"""Benchmark: how long validation, the generator and the whole ``mkdocs build`` take.

Measured for two playbooks:

* the default playbook in ``data/``;
* a synthetic playbook ``--factor`` (10) times larger, written to a temporary folder: every
  entity copied with new ids (``agent-x3``, ``plan-setting-x3``…) and every reference of copy
  ``k`` pointing into copy ``k``, so it validates like the real one.

For each: ``load_playbook`` (validate), ``load_playbook`` + ``generate`` (the generator stage: pages,
calendar pages and feeds),
and ``python -m mkdocs build`` in a subprocess (the real build, search indexing with jieba
included). The generator stage is also shown as a share of the whole build.

Validate and the generator stage are timed as a build pays for them: once, in a fresh process
(imports excluded, Jinja template compilation included). The generator stage is also timed
warm, repeated in this process, to show what the code itself costs.

Run from the repository root::

    .venv/bin/python bench/run.py            # print the results table
    .venv/bin/python bench/run.py --write    # …and update bench/README.md between the markers
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.metadata
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
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from common import dump as _dump
from common import write_section

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.model.errors import DataError  # noqa: E402
from generator.model.fields import public_fields  # noqa: E402
from generator.model.kinds import REGISTRY  # noqa: E402
from generator.site import generate as generate_site  # noqa: E402
from generator.site import load_playbook  # noqa: E402

SITE_URL = "https://handbook.example.invalid/"

README = Path(__file__).resolve().parent / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

SOURCE_DATE_EPOCH = "1800000000"
"""Fixed timestamp for the builds (2027-01-15T08:00Z), so every run builds the same site."""

TITLE_FIELDS = ("title", "short_title", "term")
"""Display names of an entity, suffixed with `` k`` in copy k so navigation titles differ."""

GENERATOR_SHARE_TARGET = 0.03
DEFAULT_BUILD_TARGET_S = 10.0
SCALED_BUILD_RATIO_TARGET = 11.0


# ------------------------------------------------------------ synthetic data


def _suffix(value: Any, k: int) -> Any:
    """An id, or a list of ids, as it is called in copy ``k``."""
    if isinstance(value, str):
        return f"{value}-x{k}"
    if isinstance(value, list):
        return [_suffix(v, k) for v in value]
    return value  # wrong in the source data too; the loader reports it


def _nested_class(hint: Any) -> type | None:
    """The dataclass inside a field's type (``tuple[Step, ...]``, ``DailyModel | None``), if any."""
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return hint
    for arg in typing.get_args(hint):
        found = _nested_class(arg)
        if found is not None:
            return found
    return None


KIND_OF = REGISTRY.names()
PER_FILE = {kind.folder: kind.cls for kind in REGISTRY.kinds if kind.folder}
SINGLE = {source.path: source.cls for source in REGISTRY.files if "/" not in source.path}
"""What the registry says lives where: entity classes, one-per-file folders, single files."""


def copy_for(value: Any, cls: type, k: int) -> Any:
    """``value`` (plain YAML data read for ``cls``) as copy ``k``: ids, references and titles suffixed.

    The fields that are references are found from the model's ``ref=`` metadata, so a new
    reference field is handled without touching this script.
    """
    if not isinstance(value, dict):
        return value
    fields = {f.name: f for f in public_fields(cls)}
    hints = typing.get_type_hints(cls)
    is_entity = cls in KIND_OF
    result: dict[str, Any] = {}
    for key, item in value.items():
        f = fields.get(key)
        if f is None:
            result[key] = item
        elif f.metadata.get("ref") or (is_entity and key == "id"):
            result[key] = _suffix(item, k)
        elif is_entity and key in TITLE_FIELDS and isinstance(item, str):
            result[key] = f"{item} {k}"
        elif (nested := _nested_class(hints[key])) is not None:
            if isinstance(item, list):
                result[key] = [copy_for(v, nested, k) for v in item]
            else:
                result[key] = copy_for(item, nested, k)
        else:
            result[key] = item
    return result


def multiply_catalog(value: Any, cls: type, factor: int) -> Any:
    """A catalog file's data with each list of entities repeated ``factor`` times (copies 1…)."""
    if not isinstance(value, dict):
        return value
    hints = typing.get_type_hints(cls)
    result = dict(value)
    for f in public_fields(cls):
        nested = _nested_class(hints[f.name])
        items = value.get(f.name)
        if nested in KIND_OF and isinstance(items, list):
            result[f.name] = items + [copy_for(item, nested, k) for k in range(1, factor) for item in items]
    return result


def write_scaled_data(source: Path, target: Path, factor: int) -> None:
    """Write ``source`` (a data folder) ``factor`` times over into ``target``.

    Copy 0 keeps the original ids; copy k gets ids ``<id>-x<k>``. ``playbook.yaml`` stays one
    (its ``entry_roles`` and ``group_workflows`` point at copy 0).
    """
    target.mkdir(parents=True)
    for folder, cls in PER_FILE.items():
        (target / folder).mkdir()
        for file in sorted((source / folder).glob("*.yaml")):
            shutil.copyfile(file, target / folder / file.name)
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
            for k in range(1, factor):
                _dump(copy_for(data, cls, k), target / folder / f"{file.stem}-x{k}.yaml")
    for name, cls in SINGLE.items():
        if name == "playbook.yaml":
            shutil.copyfile(source / name, target / name)
            continue
        data = yaml.safe_load((source / name).read_text(encoding="utf-8"))
        _dump(multiply_catalog(data, cls, factor), target / name)


def write_config(target: Path, data_dir: Path) -> Path:
    """A ``mkdocs.yml`` in ``target``: the repository's, with ``data_dir`` and every folder made absolute.

    Edited as text: the file holds a ``!!python/name`` tag (the blog's category slugs) that a
    safe YAML round trip cannot carry."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for pattern, value in (
        (r"^docs_dir: .*$", f"docs_dir: {ROOT / 'content'}"),
        (r"^  custom_dir: .*$", f"  custom_dir: {ROOT / 'site_overrides'}"),
        (r"^      data_dir: .*$", f"      data_dir: {data_dir}"),
    ):
        text, n = re.subn(pattern, value, text, count=1, flags=re.MULTILINE)
        if n != 1:
            raise SystemExit(f"mkdocs.yml has no line matching {pattern!r}; update bench/run.py")
    path = target / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ timing


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds of repeated runs of one measurement."""

    runs: tuple[float, ...]

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def cell(self) -> str:
        return f"{_seconds(self.best)} / {_seconds(self.median)}"


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def timed(action: Callable[[], object], repeat: int, *, before: Callable[[], object] | None = None) -> Timing:
    """Time ``action`` ``repeat`` times; ``before`` runs ahead of each, off the clock."""
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        action()
        runs.append(time.perf_counter() - start)
    return Timing(tuple(runs))


def stage_in_fresh_process(data_dir: Path) -> None:
    """Worker (``--stage``): time validate and the generator stage once, as ``mkdocs build`` runs them.

    Prints ``{"validate": s, "generate": s}``; imports are done before the clock starts.
    """
    start = time.perf_counter()
    playbook = load_playbook(data_dir)
    loaded = time.perf_counter()
    generate_site(playbook, site_url=SITE_URL)
    done = time.perf_counter()
    print(json.dumps({"validate": loaded - start, "generate": done - start}))


def fresh_process_timings(data_dir: Path, repeat: int) -> tuple[Timing, Timing]:
    """Validate and generator-stage timings from ``repeat`` fresh processes."""
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, __file__, "--stage", str(data_dir)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"timing the generator on {data_dir} failed:\n{done.stderr}")
        runs.append(json.loads(done.stdout))
    return Timing(tuple(r["validate"] for r in runs)), Timing(tuple(r["generate"] for r in runs))


def build_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}


def mkdocs_build(config: Path, site: Path) -> None:
    """``python -m mkdocs build`` exactly as a user runs it; fails loudly if the build fails."""
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        cwd=config.parent,
        env=build_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build -f {config} failed:\n{done.stdout}{done.stderr}")


def page_count(site: Path) -> int:
    """Pages of a built site: every HTML file but the 404 page."""
    return sum(1 for p in site.rglob("*.html") if p.name != "404.html")


@dataclass(frozen=True)
class Result:
    """All measurements of one playbook."""

    label: str
    entities: int
    pages: int
    validate: Timing
    generate: Timing
    """In a fresh process, as the build runs it (Jinja compiles the templates)."""
    generate_warm: Timing
    """Repeated in one process (templates compiled, caches warm)."""
    build: Timing

    @property
    def generator_share(self) -> float:
        return self.generate.best / self.build.best

    @property
    def warm_share(self) -> float:
        return self.generate_warm.best / self.build.best


def measure(label: str, data_dir: Path, config: Path, site: Path, *, runs: int, builds: int) -> Result:
    print(
        f"… {label}: validate and generate ×{runs} (fresh and warm), mkdocs build ×{builds}", file=sys.stderr
    )
    try:
        playbook = load_playbook(data_dir)  # proof that the data is valid, and a warm-up
    except DataError as exc:
        raise SystemExit(f"{label}: the playbook in {data_dir} does not validate:\n{exc.report()}") from None
    validate, generate = fresh_process_timings(data_dir, runs)
    generate_warm = timed(lambda: generate_site(load_playbook(data_dir), site_url=SITE_URL), runs)
    build = timed(
        lambda: mkdocs_build(config, site), builds, before=lambda: shutil.rmtree(site, ignore_errors=True)
    )
    return Result(label, len(playbook.by_id), page_count(site), validate, generate, generate_warm, build)


# ------------------------------------------------------------------ report


def machine() -> str:
    date = subprocess.run(["date"], capture_output=True, text=True, check=False).stdout.strip()
    cores = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read(Path("/proc/cpuinfo")).splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}" for name in ("mkdocs", "mkdocs-material", "jieba")
    )
    return f"Run {date} on {cores} cores ({cpu}); Python {platform.python_version()}, {versions}."


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def table(results: list[Result]) -> str:
    rows = [
        "| Playbook | Entities | Pages | Validate | Generator stage | Generator stage, warm "
        "| `mkdocs build` | Generator share (warm) |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        rows.append(
            f"| {r.label} | {r.entities} | {r.pages} | {r.validate.cell()} | {r.generate.cell()} "
            f"| {r.generate_warm.cell()} | {r.build.cell()} | {r.generator_share:.1%} ({r.warm_share:.1%}) |"
        )
    return "\n".join(rows)


def targets(default: Result, scaled: Result, factor: int) -> list[tuple[bool, str]]:
    ratio = scaled.build.best / default.build.best
    worst_share = max(default.generator_share, scaled.generator_share)
    return [
        (
            worst_share <= GENERATOR_SHARE_TARGET,
            f"generator stage ≤ {GENERATOR_SHARE_TARGET:.0%} of the whole build "
            f"(default {default.generator_share:.1%}, ×{factor} {scaled.generator_share:.1%}; "
            f"warm {default.warm_share:.1%} and {scaled.warm_share:.1%})",
        ),
        (
            default.build.best <= DEFAULT_BUILD_TARGET_S,
            f"default build ≤ {DEFAULT_BUILD_TARGET_S:.0f} s ({_seconds(default.build.best)})",
        ),
        (
            ratio <= SCALED_BUILD_RATIO_TARGET,
            f"×{factor} build ≤ {SCALED_BUILD_RATIO_TARGET:g}× the default build ({ratio:.1f}×: "
            f"{_seconds(scaled.build.best)} vs {_seconds(default.build.best)})",
        ),
    ]


def report(results: list[Result], checks: list[tuple[bool, str]], about: str, runs: int, builds: int) -> str:
    lines = [
        table(results),
        "",
        f"Best / median of {runs} runs (validate, generator stage) and of {builds} builds. "
        "Validate and generator stage: once per fresh process, as in a build (Jinja compiles the "
        "templates); warm: repeated in one process. Generator share = best generator stage ÷ best build.",
        "",
        *(f"- {'✅' if ok else '❌'} {text}" for ok, text in checks),
        "",
        about,
    ]
    return "\n".join(lines)


def write_readme(text: str) -> None:
    write_section(README, START, END, text)


# -------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="update the results in bench/README.md")
    parser.add_argument("--factor", type=int, default=10, help="size of the synthetic playbook (default 10)")
    parser.add_argument("--runs", type=int, default=5, help="runs of validate and generate (default 5)")
    parser.add_argument("--builds", type=int, default=3, help="runs of mkdocs build (default 3)")
    parser.add_argument("--check", action="store_true", help="exit with status 1 if a target is missed")
    parser.add_argument("--stage", type=Path, help=argparse.SUPPRESS)  # worker of fresh_process_timings
    args = parser.parse_args(argv)
    if args.stage is not None:
        stage_in_fresh_process(args.stage)
        return 0

    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as tmp:
        work = Path(tmp)
        scaled_data = work / "data"
        write_scaled_data(ROOT / "data", scaled_data, args.factor)
        scaled_config = write_config(work, scaled_data)
        # One untimed build first: jieba's dictionary cache and the OS file cache are then warm.
        mkdocs_build(ROOT / "mkdocs.yml", work / "site-default")
        results = [
            measure(
                "default (`data/`)",
                ROOT / "data",
                ROOT / "mkdocs.yml",
                work / "site-default",
                runs=args.runs,
                builds=args.builds,
            ),
            measure(
                f"×{args.factor} (synthetic)",
                scaled_data,
                scaled_config,
                work / "site-scaled",
                runs=args.runs,
                builds=args.builds,
            ),
        ]
    checks = targets(results[0], results[1], args.factor)
    text = report(results, checks, machine(), args.runs, args.builds)
    print(text)
    if args.write:
        write_readme(text)
        print(f"\nUpdated {README.relative_to(ROOT)}", file=sys.stderr)
    return 1 if args.check and not all(ok for ok, _ in checks) else 0


if __name__ == "__main__":
    raise SystemExit(main())
