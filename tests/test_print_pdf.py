"""The whole handbook as one PDF: the print-site plugin's print page, printed by Debian's chromium.

Uses the session's build of the mini playbook (mkdocs.yml has the ``print-site`` plugin; the mini
handbook prints in a fraction of the default's 440 pages), prints ``print_page/`` to A4 with
Playwright and checks the
PDF with poppler-utils: a sensible page count, every font embedded, the Chinese text extractable,
and no request to another host while printing. Skipped when chromium or poppler-utils is missing,
except where ``PLAYBOOK_REQUIRE_BROWSER`` is set (CI), where that is a failure.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def _require(ok: bool, what: str) -> None:
    if ok:
        return
    if os.environ.get("PLAYBOOK_REQUIRE_BROWSER"):
        pytest.fail(f"{what} is required here (PLAYBOOK_REQUIRE_BROWSER) but not installed")
    pytest.skip(f"{what} not installed")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _print_to_pdf(browser: Any, site: Path, pdf: Path) -> list[str]:
    """Print ``print_page/`` to ``pdf``; returns the URLs requested from any other host."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    outside: list[str] = []
    try:
        page = browser.new_page()
        page.on(
            "request",
            lambda r: None if r.url.startswith((base, "data:", "blob:")) else outside.append(r.url),
        )
        page.goto(base + "print_page/", wait_until="networkidle")
        # the plugin's script copies the table of contents in after load
        page.wait_for_selector("#print-page-toc li", state="attached", timeout=120_000)
        page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
        page.close()
    finally:
        httpd.shutdown()
    return outside


def _poppler(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def test_whole_handbook_prints_to_a_pdf_with_chinese_text(
    browser: Any, mini_site: Path, tmp_path: Path
) -> None:
    site = mini_site
    _require(all(shutil.which(t) for t in ("pdffonts", "pdfinfo", "pdftotext")), "poppler-utils")
    assert (site / "print_page" / "index.html").is_file()  # mkdocs.yml has the print-site plugin

    pdf = tmp_path / "handbook.pdf"
    assert _print_to_pdf(browser, site, pdf) == []

    pages = int(re.search(r"^Pages:\s+(\d+)", _poppler("pdfinfo", str(pdf)), re.MULTILINE)[1])
    assert 10 <= pages <= 1000, pages

    fonts = _poppler("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts, "no fonts in the PDF"
    # columns: name type encoding emb sub uni object-id; the name may be "[none]" (Type 3)
    not_embedded = [line for line in fonts if line.split()[-5] != "yes"]
    assert not_embedded == []

    text = _poppler("pdftotext", "-enc", "UTF-8", str(pdf), "-")
    for words in ("营销职场运作体系", "531工作模式", "早会功能组", "目录"):
        assert words in text, words
    assert "\ufffd" not in text
