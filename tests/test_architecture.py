"""The layout is the pipeline, and the rules of the layers hold (README, “Layout”).

* imports point one way — model ← load ← diff, calendar ← render ← feeds ← site/outdir ← plugin ←
  cli — and only the load layer and the edges do I/O: checked by import-linter against the
  contracts in ``pyproject.toml``;
* nothing reads the clock or makes random numbers or UUIDs (output must not depend on when or
  where it is built), and no layer below the edges opens files itself.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

GENERATOR = REPO / "generator"
PURE = ("model", "calendar", "diff", "render", "feeds")
"""Layers that read and write nothing: they turn values into values."""


def test_import_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    result = subprocess.run([lint, "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def _calls(path: Path) -> list[tuple[int, str]]:
    """Every call in ``path`` as ``(line, dotted name)``: ``datetime.now``, ``open`` …"""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            parts = []
            target = node.func
            while isinstance(target, ast.Attribute):
                parts.append(target.attr)
                target = target.value
            if isinstance(target, ast.Name):
                parts.append(target.id)
            out.append((node.lineno, ".".join(reversed(parts))))
    return out


def test_nothing_reads_the_clock_or_makes_random_values() -> None:
    forbidden = (
        "now",
        "utcnow",
        "today",
        "time.time",
        "monotonic",
        "perf_counter",
        "uuid1",
        "uuid4",
        "random",
    )
    found = [
        f"{path.relative_to(REPO)}:{line} {name}"
        for path in sorted(GENERATOR.rglob("*.py"))
        for line, name in _calls(path)
        if name.split(".")[-1] in forbidden or name in forbidden or name.startswith("random.")
    ]
    assert found == []


def test_the_pure_layers_open_no_files() -> None:
    io = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "mkdir", "unlink", "rmtree"}
    found = [
        f"{path.relative_to(REPO)}:{line} {name}"
        for layer in PURE
        for path in sorted((GENERATOR / layer).rglob("*.py"))
        for line, name in _calls(path)
        if name.split(".")[-1] in io
    ]
    assert found == []
