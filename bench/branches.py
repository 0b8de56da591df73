"""A synthetic playbook with N branches, each with a full year of calendars, for the site benchmark.

``write_playbook(source, target, n)`` copies ``source`` (the repository's ``data/``) to ``target``
and replaces its three sample branches with ``n`` branches ``branch-000`` … covering the whole of
``YEAR`` (2026, a year whose official holiday arrangement the ``holidays`` package carries, so
workday meetings also fall on 调休 make-up days). Branch *i* is made from sample branch *i* mod 3
(``sample-east``, ``sample-north``, ``sample-west``), the way ``bench/feeds.py`` makes its branches
(the same functions move the schedules and the months into ``YEAR``):

* its own id, title (``城东支公司``, ``滨江第2支公司``…) and street address (district, road and
  number vary; the building and floor are the sample's, which its meeting rooms name); time zone
  ``Asia/Shanghai`` stated explicitly; not marked as a sample;
* the sample's schedules (ids kept: they are unique per branch), moved to ``YEAR``;
* twelve month files ``calendars/<branch>/2026-01.yaml`` … ``2026-12.yaml`` with the one-off events
  and morning topics of the sample month with the same number (December, January … June), or of
  the sample month six earlier (July … November);
* the sample's rollout statuses (``rollout.yaml``), so the rollout page lists every branch.

Everything else in ``data/`` is copied unchanged. Run from the repository root to look at one::

    .venv/bin/python bench/branches.py /tmp/synthetic-data --branches 30
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path
from typing import Any

from common import dump, load
from feeds import TEMPLATES, YEAR, year_templates

ROOT = Path(__file__).resolve().parent.parent

DISTRICTS = (
    "城东", "城西", "城南", "城北", "高新", "滨江", "江北", "河西", "新城", "临港",
    "经开", "湖滨", "西山", "南湖", "东湖", "北辰", "金桥", "青山", "白云", "松江",
)  # fmt: skip
"""District names: branch *i* is in ``DISTRICTS[i % 20]``; the second one there is ``…第2支公司``."""

ROADS = ("人民路", "解放大道", "建设街", "中山路", "和平路", "新华街", "文化大道")

_ADDRESS_HEAD = re.compile(r"^示例市\S+?区\S+? \d+ 号")
"""The part of a sample address that varies: city, district, road and number."""


def branch_id(i: int) -> str:
    return f"branch-{i:03d}"


def branch_title(i: int) -> str:
    district, round_ = DISTRICTS[i % len(DISTRICTS)], i // len(DISTRICTS)
    return f"{district}支公司" if round_ == 0 else f"{district}第{round_ + 1}支公司"


def branch_address(i: int, sample: str) -> str:
    """The sample's address with its own district, road and number (building and floor kept)."""
    district = DISTRICTS[i % len(DISTRICTS)]
    head = f"示例市{district}区{ROADS[i % len(ROADS)]} {(i * 37) % 388 + 12} 号"
    address, n = _ADDRESS_HEAD.subn(head, sample, count=1)
    if n != 1:
        raise SystemExit(f"sample address {sample!r} has an unexpected form; update bench/branches.py")
    return address


def _templates(source: Path) -> dict[str, tuple[dict[str, Any], dict[int, str]]]:
    """Each sample branch moved to ``YEAR`` (:func:`feeds.year_templates`), standing for a real
    branch: not marked as a sample, its time zone stated."""
    templates = year_templates(source)
    for name, (raw, texts) in templates.items():
        branch = {k: v for k, v in raw.items() if k not in ("sample", "note")}
        templates[name] = ({**branch, "timezone": "Asia/Shanghai"}, texts)
    return templates


def write_playbook(source: Path, target: Path, branches: int) -> None:
    """``source`` copied to ``target`` (which must not exist) with ``branches`` synthetic branches
    in place of the samples, each with 12 month files of ``YEAR``."""
    if branches < 1:
        raise ValueError("at least one branch")
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("branches", "calendars"))
    (target / "branches").mkdir()
    (target / "calendars").mkdir()
    templates = _templates(source)
    rollout = load(target / "rollout.yaml")
    statuses = {name: [s for s in rollout.get("status", ()) if s["branch"] == name] for name in TEMPLATES}
    rollout["status"] = []
    for i in range(branches):
        name = TEMPLATES[i % len(TEMPLATES)]
        raw, texts = templates[name]
        bid = branch_id(i)
        branch = {**raw, "title": branch_title(i), "address": branch_address(i, raw["address"])}
        dump(branch, target / "branches" / f"{bid}.yaml")
        folder = target / "calendars" / bid
        folder.mkdir()
        for month, text in texts.items():
            (folder / f"{YEAR}-{month:02d}.yaml").write_text(text, encoding="utf-8")
        rollout["status"] += [{**s, "branch": bid} for s in statuses[name]]
    if not rollout["status"]:
        del rollout["status"]
    dump(rollout, target / "rollout.yaml")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path, help="folder to write (must not exist)")
    parser.add_argument("--branches", type=int, default=30, help="number of branches (default 30)")
    args = parser.parse_args(argv)
    write_playbook(ROOT / "data", args.target, args.branches)
    print(f"{args.target}: {args.branches} branches × 12 months of {YEAR}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
