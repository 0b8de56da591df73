"""Instant preview (``playbook serve``): after an edit, only the pages it changes are rendered
again (generator.plugin.Preview, MkDocs' dirty builds).

The builds run as ``playbook serve`` runs them — the plugin started for ``serve`` with dirty
builds, the configuration loaded again for every build, the plugins kept — in a child process
(MkDocs keeps plugin instances for the whole process), which reports for each build which HTML
files it wrote. A page is rebuilt when its output file was written again. What a page shows
is read from the built HTML itself, so the test does not take the plugin's word for it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUILD_ENV, mini_sources

pytestmark = pytest.mark.slow

PROBE = r"""
import json, os, sys, time
from pathlib import Path
from mkdocs.config import load_config
from mkdocs.commands.build import build

src, site = Path(sys.argv[1]), Path(sys.argv[2])
steps = json.loads(sys.argv[3])
os.chdir(src)

def config():
    c = load_config(config_file=str(src / "mkdocs.yml"), site_dir=str(site))
    c.site_url = "http://127.0.0.1:8000/"
    return c

def written():
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*.html")}

first = config()
first.plugins.on_startup(command="serve", dirty=True)
build(first, serve_url="http://127.0.0.1:8000/", dirty=True)
report = []
for path, old, new in steps:
    before = written()
    time.sleep(0.02)  # a file written again gets a later mtime
    if path:
        f = src / path
        text = f.read_text(encoding="utf-8")
        assert text.count(old) == 1, (path, old)
        f.write_text(text.replace(old, new), encoding="utf-8")
    build(config(), serve_url="http://127.0.0.1:8000/", dirty=True)
    after = written()
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    report.append({
        "rebuilt": sorted(p for p in after if after[p] != before.get(p)),
        "pages": sorted(after),
        "marked": sorted(p for p in after if "PREVIEWMARK" in (site / p).read_text(encoding="utf-8")),
        "index": [d["location"] for d in index],
        "index_marked": sorted(d["location"] for d in index if "PREVIEWMARK" in d["text"]),
    })
print(json.dumps(report))
"""


def _run(tmp_path: Path, steps: list[tuple[str, str, str]]) -> list[dict]:
    src = mini_sources(tmp_path / "src")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(src), str(tmp_path / "site"), json.dumps(steps)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=BUILD_ENV,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_an_edit_rebuilds_only_the_pages_that_show_it(tmp_path: Path) -> None:
    noop, edit, title = _run(
        tmp_path,
        [
            ("", "", ""),  # nothing changed
            # one role file: a sentence of the agent's positioning
            ("data/roles/agent.yaml", "按计划开展活动量", "按计划开展活动量PREVIEWMARK"),
            # a title: the navigation of every page changes
            ("data/roles/agent.yaml", "title: 营销员", "title: 营销员（新）"),
        ],
    )
    # nothing changed: only what MkDocs and its plugins write every time (the 404 page, the blog's
    # index pages, the print page), none of the handbook's pages
    assert "roles/agent/index.html" not in noop["rebuilt"]
    assert len(noop["rebuilt"]) < 10 < len(noop["pages"])
    # the edit: exactly the pages that show the new sentence, and those every build writes
    assert edit["marked"]  # the role page, the home page's entry, the roles index…
    assert "roles/agent/index.html" in edit["marked"]
    assert set(edit["rebuilt"]) == set(noop["rebuilt"]) | set(edit["marked"])
    assert "workflows/plan-setting/index.html" not in edit["rebuilt"]
    # the search index: the new text, every other page still there, nothing twice
    assert edit["index_marked"] and len(edit["index"]) == len(set(edit["index"])) == len(noop["index"])
    # a new title: every page
    assert set(title["rebuilt"]) == set(title["pages"])


def test_the_print_page_keeps_the_pages_not_rebuilt(tmp_path: Path) -> None:
    (edit,) = _run(tmp_path, [("data/roles/agent.yaml", "按计划开展活动量", "按计划开展活动量PREVIEWMARK")])
    printed = (tmp_path / "site/print_page/index.html").read_text(encoding="utf-8")
    assert "PREVIEWMARK" in printed  # the rebuilt page
    assert "计划目标制定" in printed and "活动量管理流程" in printed  # pages that were not rebuilt
    assert "print_page/index.html" in edit["marked"]


def test_an_edit_of_a_hand_written_page_rebuilds_that_page(tmp_path: Path) -> None:
    noop, edit = _run(
        tmp_path,
        [("", "", ""), ("content/guide/reading.md", "# 怎样使用本手册", "# 怎样使用本手册\n\nPREVIEWMARK")],
    )
    assert edit["marked"] == ["guide/reading/index.html", "print_page/index.html"]
    assert set(edit["rebuilt"]) == set(noop["rebuilt"]) | {"guide/reading/index.html"}
