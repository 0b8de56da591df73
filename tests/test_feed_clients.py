"""The default build's feeds in the parsers calendar apps are built on, beyond the Python ones:

* libical (Evolution, GNOME, KDE's ancestors): every file parses and passes its restriction check
  (RFC 5545 rules on which properties each component may, must or must not have — it rejected
  every feed for the COMMENT icalendar put into VTIMEZONE);
* ical.js (Thunderbird): every file parses, with as many VEVENTs as icalendar finds.

icalendar, ``ical`` and vobject read the same files in tests/test_feeds.py and tests/test_site.py.
Skipped where the tools are missing (``apt-get install libical-dev pkg-config``; ``npm ci`` in
tests/js), except where ``PLAYBOOK_REQUIRE_BROWSER`` is set (CI), where that is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import icalendar
import pytest

TOOLS = Path(__file__).parent / "tools"
JS = Path(__file__).parent / "js"

pytestmark = pytest.mark.slow


def _require(ok: bool, what: str) -> None:
    if ok:
        return
    if os.environ.get("PLAYBOOK_REQUIRE_BROWSER"):
        pytest.fail(f"{what} is required here (PLAYBOOK_REQUIRE_BROWSER) but not installed")
    pytest.skip(f"{what} not installed")


def _feeds(site: Path) -> list[Path]:
    files = sorted(site.rglob("*.ics"))
    assert len(files) > 200
    return files


def test_every_feed_passes_libicals_restriction_check(site: Path, tmp_path: Path) -> None:
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libical"], capture_output=True, text=True)
    _require(bool(shutil.which("gcc")) and flags.returncode == 0, "libical (libical-dev, pkg-config, gcc)")
    checker = tmp_path / "icalcheck"
    subprocess.run(
        ["gcc", "-O1", "-o", str(checker), str(TOOLS / "icalcheck.c"), *flags.stdout.split()],
        check=True,
        timeout=120,
    )
    result = subprocess.run(
        [str(checker), *map(str, _feeds(site))], capture_output=True, text=True, timeout=300
    )
    assert (result.returncode, result.stdout) == (0, "")


def test_every_feed_parses_in_ical_js(site: Path) -> None:
    node = shutil.which("node")
    _require(
        bool(node) and (JS / "node_modules" / "ical.js").is_dir(), "node with ical.js (npm ci in tests/js)"
    )
    files = _feeds(site)
    result = subprocess.run(
        [str(node), str(JS / "check.mjs"), *map(str, files)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    parsed = [json.loads(line) for line in result.stdout.splitlines()]
    assert [p["file"] for p in parsed] == [str(f) for f in files]
    for p, f in zip(parsed, files, strict=True):
        assert p["vevents"] == len(icalendar.Calendar.from_ical(f.read_bytes()).walk("VEVENT")), f
        assert p["occurrences"] >= p["vevents"] or p["vevents"] == 0, f
