"""The shipped nginx configuration (deploy/nginx/handbook.conf), for real: Debian's nginx serves the
default build on 127.0.0.1, and the headers a calendar app, a browser and the search get are checked.

Skipped where nginx is not installed, except where ``PLAYBOOK_REQUIRE_BROWSER`` is set (CI, whose
``.ci/run`` installs it): there a missing nginx is a failure.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO

CONFIG = REPO / "deploy" / "nginx" / "handbook.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def nginx(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(NGINX).exists():
        if os.environ.get("PLAYBOOK_REQUIRE_BROWSER"):
            pytest.fail("nginx is required here (PLAYBOOK_REQUIRE_BROWSER) but not installed")
        pytest.skip("nginx not installed (apt-get install nginx)")
    tmp = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    server = CONFIG.read_text(encoding="utf-8")
    server = re.sub(r"(?m)^    listen 80;$", f"    listen 127.0.0.1:{port};", server)
    server = re.sub(r"(?m)^    root /srv/handbook/site;$", f"    root {site};", server)
    assert f"listen 127.0.0.1:{port};" in server and f"root {site};" in server
    (tmp / "handbook.conf").write_text(server, encoding="utf-8")
    temp = "\n".join(
        f"    {k}_temp_path {tmp}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # the test's site folder is private to its user
        + f"worker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\nevents {{}}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        f"    access_log off;\n{temp}\n    include {tmp}/handbook.conf;\n}}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [NGINX, "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                raise AssertionError(f"nginx did not start: {output}") from None
            time.sleep(0.2)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def test_feeds_are_served_as_calendars_revalidated_and_compressed(nginx: str, site: Path) -> None:
    status, headers, body = _get(nginx + "feeds/sample-east/all.ics", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["content-type"] == "text/calendar; charset=utf-8"
    assert headers["cache-control"] == "no-cache"
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == (site / "feeds/sample-east/all.ics").read_bytes()
    etag = headers["etag"]
    again, _headers, _body = _get(nginx + "feeds/sample-east/all.ics", **{"If-None-Match": etag})
    assert again == 304  # a subscriber's next fetch of an unchanged feed costs nothing


def test_pages_search_index_and_announcement_feeds(nginx: str) -> None:
    status, headers, _body = _get(nginx + "roles/agent/", **{"Accept-Encoding": "gzip"})
    assert (status, headers["content-type"], headers["cache-control"]) == (
        200,
        "text/html; charset=utf-8",
        "no-cache",
    )
    assert headers["content-encoding"] == "gzip"
    status, headers, _body = _get(nginx + "search/search_index.json", **{"Accept-Encoding": "gzip"})
    assert (status, headers["content-type"], headers["content-encoding"]) == (
        200,
        "application/json; charset=utf-8",
        "gzip",
    )
    _status, headers, _body = _get(nginx + "feed_rss_created.xml")
    assert headers["content-type"] == "application/rss+xml; charset=utf-8"
    _status, headers, _body = _get(nginx + "feed_atom.xml")
    assert headers["content-type"] == "application/atom+xml; charset=utf-8"
    status, headers, body = _get(nginx + "no/such/page/")
    assert status == 404 and "404" in body.decode("utf-8")


def test_fingerprinted_assets_are_cached_for_a_year(nginx: str, site: Path) -> None:
    [bundle] = (site / "assets/javascripts").glob("bundle.*.min.js")
    _status, headers, _body = _get(nginx + f"assets/javascripts/{bundle.name}")
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    _status, headers, _body = _get(nginx + "assets/stylesheets/playbook.css")
    assert headers["cache-control"] == "public, max-age=3600"  # not fingerprinted: an hour


def test_the_publishing_guide_shows_the_configuration_as_shipped() -> None:
    guide = (REPO / "content/guide/publishing.md").read_text(encoding="utf-8")
    shown = guide.split("```nginx\n", 1)[1].split("```", 1)[0]
    assert shown == CONFIG.read_text(encoding="utf-8")
