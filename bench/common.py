"""Shared by the benchmarks: the synthetic playbooks' YAML, and updating a README section."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml


class PlainDumper(yaml.SafeDumper):
    """Never writes anchors or aliases: the loader refuses them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dumps(value: Any) -> str:
    return yaml.dump(value, Dumper=PlainDumper, allow_unicode=True, sort_keys=False, width=10_000)


def dump(value: Any, path: Path) -> None:
    path.write_text(dumps(value), encoding="utf-8")


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_section(readme: Path, start: str, end: str, text: str) -> None:
    """Replace what stands between the ``start`` and ``end`` markers of ``readme`` with ``text``."""
    old = readme.read_text(encoding="utf-8")
    if start not in old or end not in old:
        raise SystemExit(f"{readme} has no {start} … {end} section to update")
    head, rest = old.split(start, 1)
    _, tail = rest.split(end, 1)
    readme.write_text(f"{head}{start}\n{text}\n{end}{tail}", encoding="utf-8")


def sizes_arg(text: str) -> tuple[int, ...]:
    """``--sizes 3,30,100``: numbers of branches, sorted, each at least 1."""
    try:
        sizes = tuple(sorted({int(part) for part in text.split(",")}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("numbers of branches must be at least 1")
    return sizes
