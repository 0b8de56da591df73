"""A new agent's first day, on a phone, in a real browser (Debian's chromium via Playwright).

* every kind of page fits 375 × 812 and 1280 × 800: no element wider than the screen, no table
  column outside it, nothing scrolling sideways; a tapped swimlane step shows its whole row;
* the home page has 我是新人 and the role entries on the first screen;
* a branch chosen once is remembered and changes 我的节奏 and the meeting pages;
* 今天 / 本周 with the browser's clock fixed (Playwright's clock API) on an ordinary weekday, a
  statutory holiday, a make-up Saturday and the days of a moved meeting lists exactly the
  model's events for that day, in the branch's time zone whatever the browser's;
* axe-core (npm, injected into the page) reports no critical or serious violation on the ten
  key pages, in the light and the dark scheme, nor in Material's search with results listed.

Every wait is on a condition (an element, an attribute the script sets when done), never a
fixed pause.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, REPO, search, static_server

from generator.calendar.calendars import attends, build_calendars, groups_of
from generator.render.calendar_pages import time_span
from generator.site import load_playbook

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
AXE = REPO / "tests/js/node_modules/axe-core/axe.min.js"

PAGE_KINDS = [
    "",
    "overview/why/",
    "overview/approach/",
    "overview/rollout/",
    "releases/",
    "systems/",
    "systems/recruiting/",
    "workflows/recruiting-cycle/",
    "workflows/monthly-income-analysis/",
    "groups/",
    "groups/recruiting-group/",
    "meetings/",
    "meetings/morning-meeting/",
    "roles/",
    "roles/agent/",
    "roles/new-agent-onboarding/",
    "catalog/kpis/",
    "catalog/warnings/",
    "catalog/forms/",
    "catalog/glossary/",
    "catalog/culture/",
    "catalog/etiquette/",
    "catalog/office-rules/",
    "calendars/",
    "calendars/today/",
    "calendars/subscribe/",
    "calendars/sample-east/",
    "calendars/sample-east/subscribe/",
    "calendars/sample-east/2027-03/",
    "printables/",
    "printables/checklist-agent/",
    "printables/work-log-agent/",
    "printables/form-stage-plan/",
    "blog/",
    "blog/2027/01/20/rollout-notice/",
    "guide/reading/",
    "guide/editing/",
    "guide/publishing/",
]
"""One page of every kind the site has (each is made from its own template)."""

AXE_PAGES = [
    "",
    "workflows/recruiting-cycle/",
    "roles/agent/",
    "meetings/morning-meeting/",
    "calendars/sample-east/2027-02/",
    "calendars/sample-east/subscribe/",
    "overview/rollout/",
    "catalog/glossary/",
    "roles/new-agent-onboarding/",
    "printables/checklist-agent/",
]

OVERFLOW = """() => {
  const W = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' “' + (el.textContent || '').trim().slice(0, 20) + '”';
  const bad = [];
  if (document.documentElement.scrollWidth > W) bad.push('the page scrolls sideways: ' + document.documentElement.scrollWidth);
  // the page's content, and the header's buttons and title (Material's closed search box waits
  // off-screen by design)
  for (const el of document.querySelectorAll('.md-content *, .md-header__inner > :not(.md-search)')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    if (r.left < -1 || r.right > W + 1) bad.push(name(el) + ' spans ' + Math.round(r.left) + '–' + Math.round(r.right));
    if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1)
      bad.push(name(el) + ' scrolls sideways: ' + el.scrollWidth + ' > ' + el.clientWidth);
  }
  return bad;
}"""


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with static_server(site) as base:
        yield base


@pytest.fixture(scope="module")
def mini_server(mini_site: Path) -> Iterator[str]:
    with static_server(mini_site) as base:
        yield base


def _page(browser: Any, viewport: dict[str, int] = PHONE, **context: Any) -> Any:
    page = browser.new_context(viewport=viewport, **context).new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    return page


def _choose(page: Any, base: str, branch: str, role: str = "") -> None:
    """Choose a branch (and role) the way a reader does: the header's button, the dialog."""
    page.goto(base, wait_until="load")
    page.locator(".pb-branch-button").click()
    dialog = page.locator("dialog.pb-chooser")
    dialog.wait_for(state="visible")
    dialog.locator("#pb-choose-branch").select_option(branch)
    dialog.locator("#pb-choose-role").select_option(role)
    dialog.get_by_role("button", name="保存").click()
    dialog.wait_for(state="hidden")


# ------------------------------------------------------------------ fits the screen


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375x812", "1280x800"])
def test_every_kind_of_page_fits_the_screen(browser: Any, server: str, viewport: dict[str, int]) -> None:
    page = _page(browser, viewport)
    problems = {}
    for path in PAGE_KINDS:
        page.goto(server + path, wait_until="load")
        found = page.evaluate(OVERFLOW)
        if found:
            problems[path] = found[:5]
    assert problems == {}
    assert page.errors == []


def test_tables_of_four_columns_or_more_are_cards_on_a_phone(browser: Any, server: str) -> None:
    page = _page(browser)
    page.goto(server + "workflows/recruiting-cycle/", wait_until="load")
    row = page.locator("table[data-cards] tbody tr").nth(1)
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    labels = row.locator("td[data-label]:not([data-empty])").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content)"
    )
    assert '"负责："' in labels
    page.set_viewport_size(DESKTOP)
    assert row.evaluate("r => getComputedStyle(r).display") == "table-row"


def test_tapping_a_swimlane_step_shows_the_whole_step(browser: Any, server: str) -> None:
    page = _page(browser)
    page.goto(server + "workflows/recruiting-cycle/", wait_until="load")
    step = page.locator(".pb-swimlane a.pb-step").nth(3)
    target = (step.get_attribute("href") or "").split("#")[1]
    step.click()
    page.wait_for_function(f"location.hash === '#{target}'")
    row = page.locator(f"tr:has(#{target})")
    page.wait_for_function(
        "id => { const r = document.getElementById(id).closest('tr').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }",
        arg=target,
    )
    cells = row.locator("td:not([data-empty])")
    assert cells.count() >= 4  # number, step, owner, what to do (and forms, notes)
    for i in range(cells.count()):
        box = cells.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert "执行内容：" in row.evaluate(
        "r => [...r.cells].map(c => getComputedStyle(c, '::before').content.replace(/\"/g, '') + c.innerText).join('\\n')"
    )


def test_newcomer_and_role_entries_are_on_the_first_screen(browser: Any, server: str) -> None:
    for viewport in (PHONE, DESKTOP):
        page = _page(browser, viewport)
        page.goto(server, wait_until="load")
        entries = page.locator("a.pb-entry")
        assert entries.first.inner_text().startswith("我是新人")
        for i in range(entries.count()):
            box = entries.nth(i).bounding_box()
            assert box is not None and box["y"] < viewport["height"], (viewport, i, box)
        newcomer = entries.first.bounding_box()
        assert newcomer is not None and newcomer["y"] + newcomer["height"] <= viewport["height"]
        entries.first.click()
        page.wait_for_url("**/roles/new-agent-onboarding/")


# ------------------------------------------------------------------ my branch


def test_the_chosen_branch_is_remembered_and_shown_first_or_only(browser: Any, server: str) -> None:
    page = _page(browser)
    page.clock.set_fixed_time(dt.datetime.fromisoformat("2027-03-16T10:00:00+08:00"))
    page.goto(server + "roles/agent/", wait_until="load")
    rhythms = page.locator("details.pb-rhythm")
    assert rhythms.count() == 3 and all(rhythms.nth(i).is_visible() for i in range(3))  # no choice: all
    _choose(page, server, "sample-east")
    assert "示例·城东支公司" in (page.locator(".pb-branch-button").get_attribute("aria-label") or "")
    for _ in range(2):  # and again after a reload: remembered
        page.goto(server + "roles/agent/", wait_until="load")
        page.wait_for_selector(".pb-rhythm.pb-mine")
        visible = [
            rhythms.nth(i).get_attribute("data-pb-branch") for i in range(3) if rhythms.nth(i).is_visible()
        ]
        assert visible == ["sample-east"]
        mine = page.locator(".pb-rhythm.pb-mine")
        assert mine.get_attribute("open") is not None
        morning = mine.locator("tr", has_text="大早会")
        assert morning.locator(".pb-period:visible").all_inner_texts() == [
            "3月1日起 08:45–09:45"
        ]  # 08:30 is over
    page.locator(".pb-show-all").click()
    assert all(rhythms.nth(i).is_visible() for i in range(3))

    page.goto(server + "meetings/morning-meeting/", wait_until="load")
    page.wait_for_selector(".pb-branch-when.pb-mine")
    blocks = page.locator(".pb-branch-when")
    assert [
        blocks.nth(i).get_attribute("data-pb-branch") for i in range(3) if blocks.nth(i).is_visible()
    ] == ["sample-east"]
    assert "五楼职场大厅" in page.locator(".pb-branch-when.pb-mine").inner_text()
    assert page.errors == []


# ------------------------------------------------------------------ today


def _expected(day: str, role: str | None) -> list[tuple[str, str]]:
    """The model's events on ``day`` at the mini playbook's branch (for ``role``, if given)."""
    p = load_playbook(MINI / "data")
    (cal,) = build_calendars(p, "https://handbook.example.com/").branches
    groups = {r.id: groups_of(p, r.id) for r in p.roles}
    return [
        (time_span(o), o.title)
        for o in cal.occurrences(p)
        if o.day.isoformat() == day
        and (role is None or attends(role, groups[role], o.attendees, o.link if o.kind == "event" else None))
    ]


def _today(browser: Any, base: str, when: str, role: str = "", zone: str = "America/New_York") -> Any:
    page = _page(browser, timezone_id=zone)  # a reader abroad: today is still the branch's day
    page.clock.set_fixed_time(dt.datetime.fromisoformat(when))
    _choose(page, base, "sample-branch", role)
    page.goto(base + "calendars/today/", wait_until="load")
    page.wait_for_selector("[data-pb-agenda][data-pb-ready]")
    return page


def _listed(section: Any) -> list[tuple[str, str]]:
    items = section.locator(".pb-agenda-item")
    return [
        (
            items.nth(i).locator(".pb-agenda-time").inner_text(),
            items.nth(i).locator(".pb-agenda-title").inner_text().removesuffix("【已取消】"),
        )
        for i in range(items.count())
    ]


@pytest.mark.parametrize(
    ("when", "day", "role", "flag"),
    [
        ("2027-01-18T07:30:00+08:00", "2027-01-18", "", None),  # an ordinary Monday (in New York: Sunday)
        ("2027-01-18T07:30:00+08:00", "2027-01-18", "agent", None),  # the same day, for an agent
        ("2027-02-08T09:00:00+08:00", "2027-02-08", "", "春节放假"),  # a statutory holiday, a Monday
        ("2027-02-20T09:00:00+08:00", "2027-02-20", "", "调休上班（春节）"),  # a make-up Saturday
        ("2027-01-21T09:00:00+08:00", "2027-01-21", "", None),  # the day a meeting was moved to
    ],
    ids=["weekday", "weekday-agent", "holiday", "makeup-saturday", "moved-to"],
)
def test_today_lists_exactly_the_models_events(
    browser: Any, mini_server: str, when: str, day: str, role: str, flag: str | None
) -> None:
    page = _today(browser, mini_server, when, role)
    today = page.locator(".pb-agenda-day.pb-agenda-today")
    assert today.get_attribute("data-pb-date") == day
    assert _listed(today) == _expected(day, role or None)
    flags = today.locator(".pb-agenda-flags")
    assert (flags.inner_text() if flags.count() else None) == flag
    if flag == "春节放假":
        assert today.locator(".pb-agenda-none").inner_text() == "放假，没有安排。"
    # the week around it, Monday to Sunday, each day as the model has it
    week = page.locator(".pb-agenda-week-day")
    days = [week.nth(i).get_attribute("data-pb-date") for i in range(week.count())]
    monday = dt.date.fromisoformat(day) - dt.timedelta(days=dt.date.fromisoformat(day).weekday())
    assert days == [(monday + dt.timedelta(days=i)).isoformat() for i in range(7)]
    assert page.errors == []


def test_a_moved_meeting_is_announced_on_its_old_day(browser: Any, mini_server: str) -> None:
    page = _today(browser, mini_server, "2027-01-20T09:00:00+08:00")
    today = page.locator(".pb-agenda-day.pb-agenda-today")
    assert _listed(today) == _expected("2027-01-20", None)
    assert "大早会" not in [t for _, t in _listed(today)]
    assert today.locator(".pb-agenda-moved").inner_text() == "大早会改期至1月21日 10:00，本日不开。"


def test_today_says_provisional_in_a_year_without_an_official_arrangement(browser: Any, server: str) -> None:
    page = _page(browser)
    page.clock.set_fixed_time(dt.datetime.fromisoformat("2027-03-16T10:00:00+08:00"))
    _choose(page, server, "sample-east", "agent")
    page.wait_for_selector(".pb-agenda-home[data-pb-ready]")  # the home page's block
    home = page.locator(".pb-agenda-home")
    assert "暂定" in home.locator(".pb-agenda-provisional").inner_text()
    assert "大早会" in home.inner_text() and "08:45–09:45" in home.inner_text()
    page.goto(server + "calendars/today/", wait_until="load")
    page.wait_for_selector("[data-pb-agenda][data-pb-ready]")
    assert page.locator(".pb-agenda-provisional").count() == 1
    # 城东's 周经营分析会 of 15 March moved to the 16th: an agent, who does not attend it, is told
    # neither that it moved nor where to (a branch manager is)
    monday = page.locator(".pb-agenda-week-day[data-pb-date='2027-03-15']")
    assert "周经营分析会" not in monday.inner_text()
    _choose(page, server, "sample-east", "branch-manager")
    page.goto(server + "calendars/today/", wait_until="load")
    page.wait_for_selector("[data-pb-agenda][data-pb-ready]")
    assert "周经营分析会改期至3月16日 16:00" in monday.inner_text()
    assert ("16:00–17:30", "周经营分析会") in _listed(page.locator(".pb-agenda-day.pb-agenda-today"))
    assert page.errors == []


def test_without_a_script_today_links_the_month_pages(browser: Any, server: str) -> None:
    page = _page(browser, java_script_enabled=False)
    page.goto(server + "calendars/today/", wait_until="load")
    fallback = page.locator("[data-pb-fallback]")
    assert fallback.is_visible()
    assert fallback.locator("a[href$='sample-east/2027-03/']").count() == 1


def test_print_buttons_print(browser: Any, server: str) -> None:
    page = _page(browser, DESKTOP)
    page.goto(server + "printables/work-log-agent/", wait_until="load")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    button = page.get_by_role("button", name="打印本页")
    button.click()
    assert page.evaluate("window.__printed") == 1
    page.goto(server + "calendars/sample-east/2027-03/", wait_until="load")
    assert page.get_by_role("button", name="打印本月行事历").is_visible()
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="打印本月行事历").is_visible()


# ------------------------------------------------------------------ accessibility


def _axe(page: Any) -> list[str]:
    """axe-core's critical and serious violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(  # type: ignore[no-any-return]
        "async () => (await axe.run(document)).violations"
        ".filter(v => v.impact === 'critical' || v.impact === 'serious')"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375x812", "1280x800"])
def test_axe_finds_no_critical_or_serious_violation(
    browser: Any, server: str, viewport: dict[str, int], scheme: str
) -> None:
    """The ten key pages, in the light and the dark scheme (the site follows the phone's), and
    Material's search with results listed."""
    if not AXE.exists():
        if os.environ.get("PLAYBOOK_REQUIRE_BROWSER"):
            pytest.fail("axe-core is required here: npm ci --prefix tests/js")
        pytest.skip("axe-core not installed (npm ci --prefix tests/js)")
    page = _page(browser, viewport, color_scheme=scheme)
    page.clock.set_system_time(dt.datetime.fromisoformat("2027-03-16T10:00:00+08:00"))
    _choose(page, server, "sample-east", "agent")  # the pages as a reader with a branch sees them
    found = {}
    for path in AXE_PAGES:
        page.goto(server + path, wait_until="load")
        if violations := _axe(page):
            found[path] = violations
    page.goto(server, wait_until="load")
    if viewport is PHONE:
        page.locator("label.md-header__button[for='__search']").click()
    search(page, "营销员")
    # the list settled: the same results at two polls in a row and no fade still running (axe
    # would measure a half-faded text as too light)
    page.wait_for_function(
        "() => { const list = document.querySelector('.md-search-result__list');"
        " const now = list ? list.innerHTML : ''; const same = window.__pbResults === now;"
        " window.__pbResults = now;"
        " return same && document.getAnimations().every(a => a.playState !== 'running'); }",
        polling=250,
    )
    if violations := _axe(page):
        found["search"] = violations
    assert found == {}


def test_toggletips_work_by_keyboard_and_are_descriptions(browser: Any, server: str) -> None:
    page = _page(browser, DESKTOP)
    page.goto(server + "workflows/recruiting-cycle/", wait_until="load")
    mark = page.locator(".pb-term-word.pb-assumed").first
    tip = page.locator("#" + (mark.get_attribute("aria-describedby") or "missing"))
    assert not tip.is_visible()
    mark.focus()
    assert tip.is_visible() and tip.inner_text().startswith("补充假设：")
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    box = mark.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24 - 0.5
    # a glossary term: its word alone is in the sentence; the definition is its description
    term = page.locator(".md-content .pb-term-word").first
    described = page.locator("#" + (term.get_attribute("aria-describedby") or "missing"))
    paragraph_text = term.evaluate("t => t.closest('p, td, li').innerText")
    assert described.inner_text() not in paragraph_text
    assert term.inner_text() in paragraph_text
