"""``playbook serve`` while the data has errors: the browser gets a page with the positioned errors
(instead of waiting for a build that never finishes), and the handbook again once they are fixed."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import BUILD_ENV, mini_sources

DEADLINE = 180
"""Seconds to wait for a condition (a loaded CI machine rebuilds slowly); polled, not slept."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", errors="replace")


def _wait_for(what: str, condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:  # not listening yet
            pass
        time.sleep(0.5)
    raise AssertionError(f"waited {DEADLINE} s for {what}")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return mini_sources(tmp_path / "project")


@pytest.fixture
def serve(project: Path) -> Iterator[str]:
    port = _free_port()
    log = (project / "serve.log").open("w", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=BUILD_ENV,
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()


@pytest.mark.slow
def test_serve_shows_data_errors_in_the_browser_and_recovers(project: Path, serve: str) -> None:
    workflow = project / "data/workflows/plan-setting.yaml"
    good = workflow.read_text(encoding="utf-8")
    bad = good.replace("owner: supervisor", "owner: zhuguan", 1)

    _wait_for("the handbook", lambda: "我是" in _get(serve)[1])
    status, page = _get(serve + "roles/agent/")
    assert status == 200 and "数据有错误" not in page

    workflow.write_text(bad, encoding="utf-8")
    _wait_for("the error page", lambda: "数据有错误" in _get(serve + "roles/agent/")[1])
    status, page = _get(serve + "roles/agent/")
    assert status == 200
    assert "data/workflows/plan-setting.yaml:" in page
    assert "未知角色或功能组 &quot;zhuguan&quot;" in page or '未知角色或功能组 "zhuguan"' in page
    assert "数据有错误" in _get(serve)[1]  # the home page too

    workflow.write_text(good, encoding="utf-8")
    _wait_for("the handbook again", lambda: "数据有错误" not in _get(serve + "roles/agent/")[1])
    status, page = _get(serve + "roles/agent/")
    assert status == 200 and "营销员" in page
    assert "Traceback" not in (project / "serve.log").read_text(encoding="utf-8")
