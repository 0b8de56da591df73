"""Reading and writing the synthetic playbooks' YAML (shared by the benchmarks)."""

from __future__ import annotations

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
