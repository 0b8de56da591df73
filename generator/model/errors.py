"""User-facing errors: problems in ``data/`` that an HQ editor must fix.

A :class:`DataError` carries *every* problem found, each as a :class:`Problem`
with file, line, column, key path and a Chinese message. Only these are
pretty-printed by the CLI (exit status 1); any other exception is a bug in the
generator and is allowed to show its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .entities import Src


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place of one data file."""

    file: str
    """Path of the file, relative to the repository root (``data/roles/agent.yaml``)."""
    line: int
    """1-based line number (0 when the problem concerns the whole file)."""
    column: int
    """1-based column number (0 when the problem concerns the whole file)."""
    path: str
    """Key path inside the file, e.g. ``steps[3].owner`` (empty for the whole file)."""
    message: str
    """What is wrong and what would be right, in Chinese."""

    def format(self) -> str:
        where = self.file if self.line == 0 else f"{self.file}:{self.line}:{self.column}"
        return f"{where}  {self.path}  {self.message}" if self.path else f"{where}  {self.message}"


class DataError(Exception):
    """The data in ``data/`` is not valid; holds every problem found, sorted by place."""

    def __init__(self, problems: list[Problem], *, intro: str = "") -> None:
        self.problems = sorted(set(problems))
        self.intro = intro
        """Where the problems are, for a report that is not only about ``data/`` (“content/ 中…”)."""
        super().__init__(self.report())

    def report(self) -> str:
        lines = [p.format() for p in self.problems]
        lines.append(f"共 {len(self.problems)} 处错误，未生成任何输出。")
        return "\n".join(lines)


def quoted(value: str, limit: int = 40) -> str:
    """``value`` as echoed in a message: in quotes, on one line, at most ``limit`` characters.

    A message names the wrong value so the editor can find it, but never repeats a whole paragraph
    (or, through a link to some other file, that file)."""
    text = " ".join(str(value).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"'


def problem_at(src: Src | None, key: str, message: str) -> Problem:
    """A problem at ``key`` (which may be an item, ``lanes[2]``) of the mapping read from ``src``."""
    assert src is not None, "every converted object has its source"
    line, column = src.at(key)
    return Problem(src.file, line, column, src.sub(key), message)
