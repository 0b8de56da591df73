"""Fuzzing the loader with mutations of the real data files: every mutant loads, or gives
positioned Chinese errors — never another exception, never a hang.

Each mutant changes one file of the default playbook's ``data/`` (copied once into a temporary
folder) by one of the mutations an editor's slip makes: a line deleted, duplicated or moved,
indentation changed, two values swapped, a value replaced by a tricky one (``2027-02-30``,
``25:00``, ``1e309``, ``!!python/none``, ``&a`` …), random Unicode (control characters, emoji,
U+FFFE) inserted, the file truncated (even inside a UTF-8 character). The loader runs in this
process (read, convert, cross-check); every mutant that still loads is rendered too (phase two,
without MkDocs), so a crash there is caught as well.

The seed is fixed, so a failure names a mutant that fails again; ``PLAYBOOK_FUZZ_MUTANTS`` runs
more of them (the default keeps the test under a minute on a loaded 2-core machine).
"""

from __future__ import annotations

import os
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO

from generator.model.errors import DataError
from generator.site import generate, load_playbook

SEED = int(os.environ.get("PLAYBOOK_FUZZ_SEED", "20261128"))
MUTANTS = int(os.environ.get("PLAYBOOK_FUZZ_MUTANTS", "160"))
RENDERED = int(os.environ.get("PLAYBOOK_FUZZ_RENDERED", "8"))
"""How many of the mutants that still load are rendered (phase two is slower than loading)."""

TRICKY = [
    "",
    "~",
    "null",
    "[]",
    "{}",
    "-1",
    "0",
    "1e309",
    "0x1F",
    "99999999999999999999999",
    "2027-02-30",
    "0001-01-01",
    "9999-12-31",
    "25:00",
    "08:30:99",
    "yes",
    "'unclosed",
    '"unclosed',
    "&a",
    "*a",
    "!!python/none",
    "!!binary aGVsbG8=",
    "? x",
    "- a\n- b",
    "{a: 1, a: 2}",
    "<script>alert(1)</script>",
    "长" * 3000,
    "a: b: c",
    "Asia/Shangai",
    "America",
    "../../etc/passwd",
    "1.²",
    "周八",
    "%TAG ! tag:x,2000:",
    "@",
    "`",
]

UNICODE = [
    "\x00",
    "\x08",
    "\x1b",
    "\x7f",
    "\x85",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\ufffe",
    "😀",
    "长",
    "：",
    "\t",
    "\r",
]


@dataclass(frozen=True)
class Mutant:
    file: str
    how: str
    content: bytes


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or [""]


def _mutate(rng: random.Random, text: str) -> tuple[str, bytes]:
    lines = _lines(text)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    kind = rng.choice(
        ["delete", "duplicate", "move", "indent", "swap-values", "tricky", "unicode", "truncate", "flip"]
    )
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "move":
        lines.insert(j, lines.pop(i))
    elif kind == "indent":
        lines[i] = (
            rng.choice(["  ", "    ", "\t", " "]) + lines[i] if rng.random() < 0.6 else lines[i].lstrip(" ")
        )
    elif kind == "swap-values":
        values = [k for k, line in enumerate(lines) if re.match(r"\s*(- )?[\w]+: \S", line)]
        if len(values) >= 2:
            a, b = rng.sample(values, 2)
            va, vb = lines[a].split(": ", 1), lines[b].split(": ", 1)
            lines[a], lines[b] = f"{va[0]}: {vb[1]}", f"{vb[0]}: {va[1]}"
    elif kind == "tricky":
        values = [k for k, line in enumerate(lines) if ": " in line] or [i]
        k = rng.choice(values)
        key = lines[k].split(": ", 1)[0] if ": " in lines[k] else lines[k].rstrip("\n")
        lines[k] = f"{key}: {rng.choice(TRICKY)}\n"
    elif kind == "unicode":
        pos = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:pos] + rng.choice(UNICODE) + lines[i][pos:]
    raw = "".join(lines).encode("utf-8", errors="surrogatepass")
    if kind == "truncate":
        raw = raw[: rng.randrange(len(raw) + 1)]
    elif kind == "flip" and raw:
        pos = rng.randrange(len(raw))
        raw = raw[:pos] + bytes([raw[pos] ^ (1 << rng.randrange(8))]) + raw[pos + 1 :]
    return kind, raw


def mutants(data: Path, count: int, seed: int = SEED) -> list[Mutant]:
    rng = random.Random(seed)
    files = sorted(p.relative_to(data).as_posix() for p in data.rglob("*.yaml"))
    out = []
    for _ in range(count):
        name = rng.choice(files)
        kind, content = _mutate(rng, (data / name).read_text(encoding="utf-8"))
        out.append(Mutant(name, kind, content))
    return out


def _check_positioned(error: DataError, data: Path, describe: Callable[[], str]) -> None:
    assert error.problems, describe()
    for problem in error.problems:
        assert problem.file.startswith("data/"), (problem.format(), describe())
        assert re.search(r"[\u4e00-\u9fff]", problem.message), (problem.format(), describe())
        assert "\n" not in problem.format() and len(problem.format()) < 1500, (
            problem.format()[:300],
            describe(),
        )
        path = data.parent / problem.file
        if problem.line and path.is_file():
            lines = path.read_bytes().count(b"\n") + 1
            assert 1 <= problem.line <= lines + 1, (problem.format(), describe())


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(REPO / "data", copy)
    return copy


def test_every_mutant_loads_or_gives_positioned_errors(data: Path) -> None:
    rendered = 0
    outcomes = {"loaded": 0, "errors": 0}
    for n, mutant in enumerate(mutants(data, MUTANTS)):
        path = data / mutant.file
        original = path.read_bytes()
        path.write_bytes(mutant.content)

        def describe(mutant: Mutant = mutant, n: int = n) -> str:
            return f"mutant {n} (seed {SEED}): {mutant.how} in {mutant.file}"

        try:
            playbook = load_playbook(data)
        except DataError as error:
            outcomes["errors"] += 1
            _check_positioned(error, data, describe)
        except Exception as exc:  # a bug: say which mutant, so it can be reproduced
            raise AssertionError(f"{describe()} raised {exc!r}") from exc
        else:
            outcomes["loaded"] += 1
            if rendered < RENDERED:
                rendered += 1
                try:
                    generate(playbook, site_url="https://handbook.example.invalid/")
                except Exception as exc:
                    raise AssertionError(f"{describe()} loaded but rendering raised {exc!r}") from exc
        finally:
            path.write_bytes(original)
    assert outcomes["errors"] > MUTANTS // 4 and outcomes["loaded"] > MUTANTS // 10, outcomes
