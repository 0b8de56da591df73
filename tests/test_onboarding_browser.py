"""The onboarding checklist in a real browser (Debian's chromium via Playwright), on a 375 px phone.

Self-contained: a tiny MkDocs Material site is built in a temporary folder from what the generator
makes of the mini fixture, with ``onboarding.js`` and ``onboarding.css`` added as extra files,
so this does not depend on how the handbook wires the page in. Skipped when chromium is missing,
except where ``PLAYBOOK_REQUIRE_BROWSER`` is set.
"""

from __future__ import annotations

import functools
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import MINI, REPO, mkdocs_build

from generator.site import generate, load_playbook

ASSETS = REPO / "site_overrides" / "assets"
KEY = "playbook.onboarding.agent"
PHONE = {"width": 375, "height": 800}

pytestmark = pytest.mark.browser

CONFIG = """\
site_name: 入职路径测试
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  language: zh
  font: false
plugins:
  - search
extra_css:
  - assets/stylesheets/playbook.css
  - assets/stylesheets/onboarding.css
extra_javascript:
  - assets/javascripts/onboarding.js
markdown_extensions:
  - toc:
      permalink: "#"
  - tables
  - attr_list
  - admonition
  - md_in_html
  - pymdownx.tasklist:
      custom_checkbox: true
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("onboarding")
    docs = root / "docs"
    playbook = load_playbook(MINI / "data")
    generated = generate(playbook, site_url="https://handbook.example.invalid/")
    for path, text in {**generated.pages, **generated.files}.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_bytes(text.encode("utf-8"))
    for asset in ("stylesheets/playbook.css", "stylesheets/onboarding.css", "javascripts/onboarding.js"):
        (docs / "assets" / asset).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ASSETS / asset, docs / "assets" / asset)
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    result = mkdocs_build(root / "mkdocs.yml", root / "site")
    assert result.returncode == 0, result.stderr

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root / "site")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/roles/agent-onboarding/"
    httpd.shutdown()


def _open(context: object, url: str) -> tuple[object, list[str]]:
    page = context.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    return page, errors


def _progress(page: object) -> tuple[str, str]:
    total = page.locator(".pb-onb-panel [data-pb-done]").inner_text()  # type: ignore[attr-defined]
    day = page.locator('[data-pb-stage-progress="first_day"] [data-pb-done]').inner_text()  # type: ignore[attr-defined]
    return total, day


def test_a_tick_is_remembered_after_reload(browser: object, server: str) -> None:
    context = browser.new_context(viewport=PHONE)  # type: ignore[attr-defined]
    page, errors = _open(context, server)
    boxes = page.locator("input.pb-onb-check")  # type: ignore[attr-defined]
    assert boxes.count() == 7
    assert _progress(page) == ("已完成 0 / 7", "已完成 0 / 3")
    assert page.locator(".pb-onb-clear").is_visible()  # type: ignore[attr-defined]
    assert not page.locator("[data-pb-nostore]").is_visible()  # type: ignore[attr-defined]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # type: ignore[attr-defined]

    page.locator('label[for="onb-first-day-morning-meeting"]').click()  # type: ignore[attr-defined]  # the 做 badge
    assert _progress(page) == ("已完成 1 / 7", "已完成 1 / 3")
    stored = page.evaluate(f"localStorage.getItem({json.dumps(KEY)})")  # type: ignore[attr-defined]
    assert json.loads(stored) == ["first_day/morning-meeting"]

    page.reload(wait_until="networkidle")  # type: ignore[attr-defined]
    assert page.locator("#onb-first-day-morning-meeting").is_checked()  # type: ignore[attr-defined]
    assert _progress(page) == ("已完成 1 / 7", "已完成 1 / 3")

    again, more_errors = _open(context, server)  # a fresh page, not the browser's form restore
    assert again.locator("#onb-first-day-morning-meeting").is_checked()  # type: ignore[attr-defined]
    assert again.locator("input.pb-onb-check:checked").count() == 1  # type: ignore[attr-defined]

    again.locator(".pb-onb-clear").click()  # type: ignore[attr-defined]
    assert again.locator("input.pb-onb-check:checked").count() == 0  # type: ignore[attr-defined]
    assert again.evaluate(f"localStorage.getItem({json.dumps(KEY)})") is None  # type: ignore[attr-defined]
    assert _progress(again) == ("已完成 0 / 7", "已完成 0 / 3")
    assert errors == [] and more_errors == []
    context.close()  # type: ignore[attr-defined]


def test_running_the_script_twice_changes_nothing(browser: object, server: str) -> None:
    context = browser.new_context(viewport=PHONE)  # type: ignore[attr-defined]
    page, errors = _open(context, server)
    page.add_script_tag(path=str(ASSETS / "javascripts" / "onboarding.js"))  # type: ignore[attr-defined]
    page.locator("#onb-first-week-stage-plan").check()  # type: ignore[attr-defined]
    assert _progress(page)[0] == "已完成 1 / 7"
    assert page.locator(".pb-onb-clear").count() == 1  # type: ignore[attr-defined]
    assert errors == []
    context.close()  # type: ignore[attr-defined]


def test_when_storage_refuses_to_save_ticks_still_work_and_a_note_says_so(
    browser: object, server: str
) -> None:
    """Like Safari's old private mode or a full quota: every write throws."""
    context = browser.new_context(viewport=PHONE)  # type: ignore[attr-defined]
    context.add_init_script(  # type: ignore[attr-defined]
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };"
    )
    page, errors = _open(context, server)
    assert page.locator("[data-pb-nostore]").is_visible()  # type: ignore[attr-defined]
    page.locator("#onb-first-day-agent").check()  # type: ignore[attr-defined]
    assert _progress(page) == ("已完成 1 / 7", "已完成 1 / 3")
    assert errors == []
    context.close()  # type: ignore[attr-defined]


def test_when_storage_cannot_even_be_opened_ticks_still_work(browser: object, server: str) -> None:
    """Some in-app browsers throw on the mere ``localStorage`` lookup."""
    context = browser.new_context(viewport=PHONE)  # type: ignore[attr-defined]
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('denied', 'SecurityError'); }});"
    )  # type: ignore[attr-defined]
    page, errors = _open(context, server)
    assert page.locator("[data-pb-nostore]").is_visible()  # type: ignore[attr-defined]
    page.locator("#onb-first-day-agent").check()  # type: ignore[attr-defined]
    page.locator("#onb-first-week-stage-plan").check()  # type: ignore[attr-defined]
    assert _progress(page) == ("已完成 2 / 7", "已完成 1 / 3")
    # Material's own inline palette script (``__md_get``) throws once here; onboarding.js must not add to it.
    assert errors in ([], ["denied"])
    context.close()  # type: ignore[attr-defined]


def test_without_javascript_the_lists_are_there(browser: object, server: str) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)  # type: ignore[attr-defined]
    page, _errors = _open(context, server)
    assert page.locator("input.pb-onb-check").count() == 7  # type: ignore[attr-defined]
    assert page.locator(".pb-onb-item a").first.is_visible()  # type: ignore[attr-defined]
    assert page.locator(".pb-onb-panel .pb-onb-count").inner_text() == "共7项"  # type: ignore[attr-defined]
    assert not page.locator(".pb-onb-clear").is_visible()  # type: ignore[attr-defined]
    context.close()  # type: ignore[attr-defined]


def test_printed_boxes_are_empty_squares(browser: object, server: str) -> None:
    context = browser.new_context(viewport=PHONE)  # type: ignore[attr-defined]
    page, _errors = _open(context, server)
    page.locator("#onb-first-day-agent").check()  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    box = page.locator("#onb-first-day-agent")  # type: ignore[attr-defined]
    assert box.evaluate("b => getComputedStyle(b).appearance") == "none"
    assert not page.locator(".pb-onb-clear").is_visible()  # type: ignore[attr-defined]
    assert page.locator(".pb-onb-panel .pb-onb-count").is_visible()  # type: ignore[attr-defined]
    context.close()  # type: ignore[attr-defined]
