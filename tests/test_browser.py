"""The built site in a real browser: Debian's chromium, driven by Playwright (no browser download).

Skipped when chromium is missing, except where ``PLAYBOOK_REQUIRE_BROWSER`` is set (CI), where a
missing browser is a failure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import search, static_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with static_server(site) as base:
        yield base


def _open(browser: object, url: str, width: int = 1280) -> tuple[object, list[str], list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    return page, requests, errors


def test_home_loads_without_errors_or_requests_to_other_hosts(browser: object, server: str) -> None:
    page, requests, errors = _open(browser, server)
    assert page.title().startswith("营销职场运作体系")  # type: ignore[attr-defined]
    assert page.locator(".pb-diagram").is_visible()  # type: ignore[attr-defined]
    entries = page.locator("a.pb-entry")  # type: ignore[attr-defined]
    assert entries.count() == 5  # 我是新人 and the four entry roles
    assert entries.first.inner_text().startswith("我是新人")
    assert (entries.first.get_attribute("href") or "").endswith("roles/new-agent-onboarding/")
    hosts = {urlsplit(u).netloc for u in requests if urlsplit(u).scheme in ("http", "https")}
    assert hosts == {urlsplit(server).netloc}
    assert len(requests) > 3  # the page, its stylesheets and scripts were really loaded
    assert errors == []


def test_searching_chuangshuohui_lists_the_recruiting_pages(browser: object, server: str) -> None:
    page, _requests, errors = _open(browser, server)
    results = search(page, "创说会")
    assert results.count() > 0
    links = [
        a.get_attribute("href") or ""
        for a in page.locator(".md-search-result__item a").all()  # type: ignore[attr-defined]
    ]
    assert any("meetings/career-presentation/" in link for link in links)
    assert any("workflows/recruiting-cycle/" in link for link in links)
    assert "创说会" in page.locator(".md-search-result").inner_text()  # type: ignore[attr-defined]
    assert errors == []


def test_swimlane_fits_a_375px_phone(browser: object, server: str) -> None:
    page, _requests, errors = _open(browser, server + "workflows/recruiting-cycle/", width=375)
    lane = page.locator(".pb-swimlane")  # type: ignore[attr-defined]
    box = lane.bounding_box()
    assert box is not None and box["width"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # type: ignore[attr-defined]
    # vertical: the lanes are columns side by side, the steps go down
    heads = [page.locator(".pb-lane").nth(i).bounding_box() for i in range(4)]  # type: ignore[attr-defined]
    assert len({round(h["y"]) for h in heads if h}) == 1
    first, last = (page.locator(".pb-step").nth(i).bounding_box() for i in (0, 11))  # type: ignore[attr-defined]
    assert first and last and last["y"] > first["y"]
    assert errors == []


def test_subscribe_page_copy_button_and_qr_codes(browser: object, server: str) -> None:
    page, requests, errors = _open(browser, server + "calendars/sample-east/subscribe/", width=375)
    button = page.locator("button[data-pb-copy]").first  # type: ignore[attr-defined]
    button.click()
    page.wait_for_function(  # type: ignore[attr-defined]
        "document.querySelector('button[data-pb-copy]').textContent !== '复制'", timeout=60_000
    )
    assert button.inner_text() in ("已复制", "请手动复制")
    qr_codes = page.locator(".pb-qr svg").count()  # type: ignore[attr-defined]
    assert qr_codes == page.locator(".pb-feed").count() >= 6  # type: ignore[attr-defined]
    first_url = page.locator("input[readonly]").first.input_value()  # type: ignore[attr-defined]
    assert first_url.startswith("webcal://") and first_url.endswith(".ics")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # type: ignore[attr-defined]
    assert {urlsplit(u).netloc for u in requests if urlsplit(u).scheme.startswith("http")} == {
        urlsplit(server).netloc
    }
    assert errors == []


def test_month_page_on_a_phone_and_on_one_a4_landscape_sheet(browser: object, server: str) -> None:
    page, _requests, errors = _open(browser, server + "calendars/sample-east/2027-05/", width=375)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # type: ignore[attr-defined]
    grid = page.locator("table.pb-month")  # type: ignore[attr-defined]
    assert grid.is_visible()
    assert errors == []
    # Print: A4 landscape at 96 dpi is 1123 × 794 px; the whole grid must be on the first sheet.
    printed = browser.new_page(viewport={"width": 1123, "height": 794})  # type: ignore[attr-defined]
    printed.emulate_media(media="print")
    printed.goto(server + "calendars/sample-east/2027-05/", wait_until="networkidle")
    box = printed.locator("table.pb-month").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 794
    assert not printed.locator(".md-sidebar--primary").is_visible()


def test_glossary_term_explains_itself_on_tap_on_a_phone(browser: object, server: str) -> None:
    page, _requests, errors = _open(browser, server + "roles/agent/", width=375)
    term = page.locator(".md-content .pb-term").first  # type: ignore[attr-defined]
    tip = term.locator(".pb-tip")
    assert not tip.is_visible()
    term.click()
    assert tip.is_visible()
    box = tip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    href = tip.locator("a").get_attribute("href") or ""
    assert href.startswith("../../catalog/glossary/#")
    assert errors == []


def test_role_page_shows_the_daily_checklist_on_a_phone(browser: object, server: str) -> None:
    page, _requests, errors = _open(browser, server + "roles/agent/", width=375)
    items = page.locator("#daily-model ~ ul .task-list-item")  # type: ignore[attr-defined]
    assert items.count() == 3
    assert [re.match(r"\d+", t.strip()).group() for t in items.all_inner_texts()] == ["5", "3", "1"]  # type: ignore[union-attr]
    assert page.locator("#rhythm").is_visible()  # type: ignore[attr-defined]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # type: ignore[attr-defined]
    assert errors == []


def test_a_work_log_prints_on_one_a4_sheet(browser: object, server: str) -> None:
    page, _requests, errors = _open(browser, server + "printables/work-log-agent/")
    pdf = page.pdf(prefer_css_page_size=True)  # type: ignore[attr-defined]
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) == 1
    assert errors == []
