"""Text from the data is data, wherever it lands: a payload in every text field of every kind.

The default playbook (plus the mini fixture's 2027 holiday arrangement and an earlier release, so
that no optional text field stays empty) is rewritten by :func:`hostile.poison`: every text value
gets ``=HYPERLINK(1)`` in front and :data:`hostile.PAYLOAD` (a script tag, an image with
``onerror``, quotes, ``& ; , \\``) behind; an announcement carries it in its front-matter title.
The site is built with ``mkdocs build --strict`` and every output file is checked in its own
format: HTML, XML and JSON never contain the payload as markup and never escape it twice; the
iCalendar, RSS, Atom and CSV files give the exact text back when parsed; no CSV cell is a formula;
and Chromium opens every page that shows the payload (and searches for it) without a dialog.
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import MINI, copy_sources, mkdocs_build, search, static_server
from hostile import FORMULA, PAYLOAD, all_text_fields, hostile, hostile_post, poison

MARKUP = re.compile(r"<script>alert\(1\)|<img src=x onerror|href=\"https://evil|<strong>粗|class=\"x\"")
"""The payload as markup (HTML, or Markdown read as such): never in an HTML, XML or JSON file."""

TWICE = re.compile(r"&amp;(?:lt|gt|quot|#34|#39|amp);|HYPERLINK\\\(1")
"""The payload escaped twice: a reader would see “&lt;” instead of “<”, or a Markdown escape
(“HYPERLINK\\(1\\)”) where no Markdown is read (a raw HTML block)."""


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[tuple[str, str]]]:
    root = tmp_path_factory.mktemp("hostile")
    src = copy_sources(root / "src")
    shutil.copytree(MINI / "data/holidays", src / "data/holidays")
    meta = src / "data/playbook.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8")
        + "history:\n  - version: '0.9'\n    released: 2026-10-01\n    git: v0.9\n    note: 试行版\n",
        encoding="utf-8",
    )
    (src / "content/blog/posts/2027-04-01-hostile.md").write_text(hostile_post(), encoding="utf-8")
    poisoned = poison(src / "data")
    out = root / "site"
    result = mkdocs_build(src / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    return out, poisoned.fields


def _files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in suffixes)


def test_every_text_field_of_every_kind_carries_the_payload(hostile_build) -> None:
    _site, fields = hostile_build
    assert all_text_fields() - fields == set()
    assert len(fields) > 140


def test_no_payload_becomes_markup_or_is_escaped_twice(hostile_build) -> None:
    site, _fields = hostile_build
    pages = _files(site, ".html", ".xml", ".json", ".js", ".svg")
    shown = [p for p in pages if "alert(1)" in p.read_text(encoding="utf-8")]
    assert len(shown) > 100  # titles are in every page's navigation
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for pattern in (MARKUP, TWICE):
            found = pattern.search(text)
            assert found is None, (path.relative_to(site), text[max(0, found.start() - 120) : found.end()])


def test_titles_are_text_in_the_title_tag_navigation_and_headings(hostile_build) -> None:
    site, _fields = hostile_build
    page = (site / "roles/agent/index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    assert title is not None
    assert html.unescape(title.group(1).strip()) == f"{hostile('营销员')} - 营销职场运作体系手册"
    heading = re.search(r"<h1[^>]*>(.*?)<a", page, re.DOTALL)
    assert heading is not None and html.unescape(heading.group(1).strip()) == hostile("营销员")
    # a section title from the data (a system) in the navigation, and an onboarding path's nav label
    assert html.escape(hostile("追踪督导系统"), quote=False) in page
    post = next((site / "blog").rglob("hostile-title/index.html")).read_text(encoding="utf-8")
    post_title = re.search(r"<title>(.*?)</title>", post, re.DOTALL)
    assert post_title is not None
    assert html.unescape(post_title.group(1).strip()).startswith(hostile("总部公告"))


def test_descriptions_and_og_tags_are_text(hostile_build) -> None:
    site, _fields = hostile_build
    page = (site / "roles/agent/index.html").read_text(encoding="utf-8")
    tags = {
        name: html.unescape(value)
        for name, value in re.findall(r'<meta (?:name|property)="((?:og:)?[a-z_]+)" content="([^"]*)"', page)
    }
    assert tags["og:title"] == hostile("营销员")
    # the role's positioning, cut to the description's length: the payload's markup is text in it
    description = tags["description"]
    assert tags["og:description"] == description and description.endswith("…")
    positioning = hostile("职场的一线销售人员，按计划开展活动量、经营客户、完成个人业绩，并在团队中成长。")
    assert ("定位：" + positioning).startswith(description.removesuffix("…"))
    assert "<script>alert(1)</script>" in description


def test_agenda_data_gives_the_exact_text_back(hostile_build) -> None:
    import json

    site, _fields = hostile_build
    branches = json.loads((site / "calendars/branches.json").read_text(encoding="utf-8"))
    assert all(PAYLOAD in b["title"] for b in branches["branches"])
    month = json.loads((site / "calendars/sample-east/2027-03.json").read_text(encoding="utf-8"))
    titles = [i["title"] for d in month["days"] for i in d["items"]]
    assert titles and all(PAYLOAD in t for t in titles)


def test_feeds_give_the_exact_text_back(hostile_build) -> None:
    import icalendar

    site, _fields = hostile_build
    checked = 0
    for path in _files(site, ".ics"):
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        for component in calendar.walk():
            for name in ("SUMMARY", "DESCRIPTION", "LOCATION"):
                value = str(component.get(name, ""))
                if "alert(1)" in value:
                    assert PAYLOAD in value, (path.relative_to(site), name, value[:200])
                    checked += 1
        # NAME and X-WR-CALNAME: icalendar keeps their escapes; unescape as RFC 5545 TEXT
        name = str(calendar.get("X-WR-CALNAME"))
        unescaped = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), name)
        assert "alert(1)" not in name or PAYLOAD in unescaped, (path.relative_to(site), name)
    assert checked > 1000
    for name in ("feed_atom.xml", "feed_rss_created.xml", "feed_rss_updated.xml"):
        root = ET.parse(site / name).getroot()  # well-formed
        titles = [e.text for e in root.iter() if e.tag.endswith("title") and e.text and "alert(1)" in e.text]
        assert titles == [hostile("总部公告")], name


def test_csv_cells_are_exact_text_and_never_formulas(hostile_build) -> None:
    site, _fields = hostile_build
    cells = [
        cell
        for path in _files(site, ".csv")
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))
        for cell in row
    ]
    assert [c for c in cells if c.startswith(("=", "+", "-", "@"))] == []
    hostile_cells = [c for c in cells if "alert(1)" in c]
    assert len(hostile_cells) > 10
    assert all(c.startswith("'" + FORMULA) and PAYLOAD in c for c in hostile_cells)


def _page_type(page: str) -> tuple[object, ...]:
    """Pages made from one template: a role page, an onboarding path, a month, a form sheet …"""
    parts = page.split("/")[:-1]
    if not parts:
        return ("home",)
    if parts[0] in ("catalog", "overview", "guide", "blog", "releases"):
        return tuple(parts[:2])
    last = parts[-1]
    return (
        parts[0],
        len(parts),
        last.split("-")[0] if parts[0] == "printables" else "",
        last.endswith("-onboarding"),
    )


@pytest.mark.browser
def test_no_dialog_opens_on_any_kind_of_page_or_in_search(hostile_build, browser: object) -> None:
    """Every kind of page that shows the payload (one of each template: the markup check above
    covers every file) is opened in Chromium, and the search lists it: no dialog."""
    site, _fields = hostile_build
    shown = [
        p.relative_to(site).as_posix()
        for p in _files(site, ".html")
        if "alert(1)" in p.read_text(encoding="utf-8")
    ]
    pages = list({_page_type(page): page for page in reversed(shown)}.values())
    dialogs: list[str] = []
    with static_server(site) as base:
        tab = browser.new_page()  # type: ignore[attr-defined]
        tab.on("dialog", lambda d: (dialogs.append(f"{tab.url}: {d.message}"), d.dismiss()))
        # a reader who chose a branch and a role: the script then writes their names, and the
        # day's meetings from the agenda data, into the pages
        # the clock runs on from that instant (a fixed clock would stall Material's search timers)
        tab.clock.set_system_time(datetime.datetime.fromisoformat("2027-03-16T10:00:00+08:00"))
        tab.goto(base, wait_until="load")
        tab.evaluate(
            "() => { localStorage.setItem('playbook.branch', 'sample-east');"
            " localStorage.setItem('playbook.role', 'agent'); }"
        )
        for path in pages:
            tab.goto(base + path.removesuffix("index.html"), wait_until="load")
        tab.goto(base + "calendars/today/", wait_until="load")
        tab.wait_for_selector("[data-pb-agenda][data-pb-ready]")
        assert "<script>alert(1)</script>" in tab.locator(".pb-agenda-out").inner_text()
        tab.get_by_role("button", name="更换").click()
        assert "<script>alert(1)</script>" in tab.locator("dialog.pb-chooser").inner_text()
        tab.keyboard.press("Escape")
        tab.goto(base, wait_until="load")
        search(tab, "营销员")
        assert "<script>alert(1)</script>" in tab.locator(".md-search-result").inner_text()
        tab.close()
    assert len(shown) > 100 and len(pages) > 20
    assert dialogs == []
