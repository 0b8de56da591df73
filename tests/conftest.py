"""Shared fixtures: a copy of the mini playbook that a test may change one file at a time.

``tests/fixtures/mini/data/`` is a small but complete, valid playbook (3 roles, 2 systems,
2 workflows, 1 group, 1 meeting and every catalogue). Tests never change it in place: the
:func:`mini` fixture copies it into ``tmp_path`` and each test states only its own change::

    def test_typo(mini):
        mini.replace("roles/agent.yaml", "title:", "titel:")
        assert mini.problems() == ["data/roles/agent.yaml:2:1  titel  未知的键 ..."]

Line numbers in the expected messages of tests that use :meth:`MiniPlaybook.replace` point into
the fixture files; if you edit the fixture, run the tests and update the numbers they report.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generator.model.entities import Playbook
from generator.model.errors import DataError
from generator.site import load_playbook

REPO = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
GOLDENS = Path(__file__).resolve().parent / "goldens"
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "true"}


SLOW_FIXTURES = frozenset({"site", "mini_site", "browser", "hostile_build"})
"""Fixtures that build a whole site or start a browser: tests using them are in the slow tier."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``slow``: a test that builds a site, starts a browser or a server (``make test`` runs
    them; ``make test-fast`` leaves them out)."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/goldens/ from the current output instead of comparing (review the diff!)",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """``golden(name, text)``: compare ``text`` with ``tests/goldens/<name>`` (or rewrite it with
    ``--update-goldens``, i.e. ``make goldens``)."""
    update = request.config.getoption("--update-goldens")

    def check(name: str, text: str) -> None:
        path = GOLDENS / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")
            return
        assert path.is_file(), f"no golden file {path}; run `make goldens` and review it"
        expected = path.read_bytes().decode("utf-8")  # as written: CRLF stays CRLF
        assert text == expected, f"{name} differs from its golden file; if intended, run `make goldens`"

    return check


def copy_sources(dest: Path, data: Path | None = None, *, history: bool = False) -> Path:
    """A private copy of everything a build reads: mkdocs.yml, content/, site_overrides/ and data/
    (the repository's, or ``data``); with ``history``, the repository's ``.git`` too, so that the
    feeds' stamps come from the same history as a build in the repository."""
    dest.mkdir(parents=True, exist_ok=True)
    if history and (REPO / ".git").is_dir():
        shutil.copytree(REPO / ".git", dest / ".git")
    elif history:  # a git worktree: .git is a file naming the shared repository; clone it (same HEAD)
        subprocess.run(
            ["git", "clone", "--quiet", "--no-checkout", str(REPO), str(dest)], check=True, timeout=300
        )
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("content", "site_overrides"):
        shutil.copytree(REPO / folder, dest / folder)
    shutil.copytree(data if data is not None else REPO / "data", dest / "data")
    return dest


UTF8_ENV = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "Asia/Shanghai"}
"""The environment of the default build (:func:`site`); the locale test builds under another."""


def mini_sources(dest: Path) -> Path:
    """A private copy of the sources with the mini playbook as ``data/`` (and no announcements, which
    name entries of the default playbook): builds in a fraction of the default's time."""
    copy_sources(dest, MINI / "data")
    for post in (dest / "content/blog/posts").glob("*.md"):
        post.unlink()
    return dest


def mkdocs_build(
    config: Path, site: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` in a child process, as a user runs it (``env``: more variables)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**BUILD_ENV, **(env or {})},
        timeout=300,
    )


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Debian's chromium, quiet: without the background-networking flags it tries to reach Google."""


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium driven by Playwright (no browser download). Skipped when chromium is
    missing, except where ``PLAYBOOK_REQUIRE_BROWSER`` is set (CI): there it is a failure."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("PLAYBOOK_REQUIRE_BROWSER"):
            pytest.fail("chromium is required here (PLAYBOOK_REQUIRE_BROWSER) but not installed")
        pytest.skip("chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def search(page: Any, text: str, *, deadline: float = 120) -> Any:
    """Type ``text`` into Material's search box and wait until results are listed; returns them.

    Material ignores what is typed before its search worker has built the index, so the text is
    typed again until results appear — a condition polled up to ``deadline`` seconds (a loaded CI
    machine builds the index slowly), not a fixed wait."""
    box = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__item")
    give_up = time.monotonic() + deadline
    while True:
        box.click()
        box.fill("")
        page.keyboard.type(text)  # inserted as text, like an IME does
        page.keyboard.press("End")  # a real key-up: Material searches on it
        try:
            results.first.wait_for(timeout=5000)
            return results
        except Exception:
            if time.monotonic() > give_up:
                raise


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) while the block runs; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default playbook, built once per test session with ``mkdocs build --strict``."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", out, UTF8_ENV)
    assert result.returncode == 0, result.stderr
    (out.parent / "build.log").write_text(result.stderr, encoding="utf-8")  # what the build printed
    return out


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini playbook, built once per test session with ``mkdocs build --strict``."""
    root = tmp_path_factory.mktemp("mini-site")
    src = mini_sources(root / "src")
    out = root / "site"
    result = mkdocs_build(src / "mkdocs.yml", out, UTF8_ENV)
    assert result.returncode == 0, result.stderr
    return out


@dataclass
class MiniPlaybook:
    """A private copy of ``tests/fixtures/mini``; paths are relative to its ``data/`` folder."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    def read(self, name: str) -> str:
        return (self.data / name).read_text(encoding="utf-8")

    def write(self, name: str, content: str | bytes) -> Path:
        """Create or overwrite ``data/<name>``; text is dedented, so it can be indented in the test."""
        path = self.data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        return path

    def replace(self, name: str, old: str, new: str) -> Path:
        """Replace the one occurrence of ``old`` in ``data/<name>`` (failing if there is not exactly one)."""
        text = self.read(name)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
        return self.write(name, text.replace(old, new))

    def remove(self, name: str) -> None:
        path = self.data / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()

    def load(self) -> Playbook:
        return load_playbook(self.data)

    def error(self) -> DataError:
        """The :class:`DataError` that loading raises (the test fails if loading succeeds)."""
        with pytest.raises(DataError) as info:
            load_playbook(self.data)
        return info.value

    def problems(self) -> list[str]:
        """Every problem found, formatted ``file:line:col  key.path  message``, in report order."""
        return [p.format() for p in self.error().problems]

    def validate_cli(self, *extra: str) -> subprocess.CompletedProcess[str]:
        """Run ``python -m generator validate --data <copy>/data`` in a child process."""
        return subprocess.run(
            [sys.executable, "-m", "generator", "validate", "--data", str(self.data), *extra],
            cwd=REPO,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
        )


@pytest.fixture
def mini(tmp_path: Path) -> MiniPlaybook:
    """A fresh copy of the valid mini playbook in ``tmp_path``."""
    shutil.copytree(MINI, tmp_path / "mini")
    return MiniPlaybook(tmp_path / "mini")
