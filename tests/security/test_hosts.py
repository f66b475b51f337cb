"""The web server answers only the Host names it is meant to (loopback, the address it
binds, --allow-host and NIANBAO_ALLOWED_HOSTS): a DNS-rebinding page cannot read the archive
and a forged Host never reaches the Atom feed's links. A wrong parameter on a page is a
page, not raw JSON. `nianbao serve` closes connections that never send a request."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from archive.config import Settings
from archive.core import Archive
from archive.web import create_app
from archive.web.app import trusted_hosts
from archive.web.server import HEAD_TIMEOUT, KEEP_ALIVE
from tests.clirun import NIANBAO
from tests.web.conftest import fill


@pytest.fixture(scope="module")
def arc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    home = tmp_path_factory.mktemp("hosts") / "home"
    with Archive.open(Settings.from_env({"NIANBAO_HOME": str(home)})) as archive:
        fill(archive)
        yield archive


def test_the_default_names_are_loopback_only() -> None:
    assert trusted_hosts(env={}) == ["localhost", "127.0.0.1", "[::1]"]
    assert trusted_hosts(["0:0::1", "archive.example.org"],
                         env={"NIANBAO_ALLOWED_HOSTS": "a.example.org, *.b.example.org"}) == [
        "localhost", "127.0.0.1", "[::1]", "a.example.org", "*.b.example.org", "[0:0::1]",
        "archive.example.org"]


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1:8000", "[::1]:8000"])
def test_loopback_names_are_answered(arc: Archive, host: str) -> None:
    with TestClient(create_app(arc, allowed_hosts=trusted_hosts(env={}))) as client:
        assert client.get("/api/changes", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("path", ["/", "/api/changes", "/changes.atom", "/api/openapi.json"])
def test_another_host_is_refused(arc: Archive, path: str) -> None:
    with TestClient(create_app(arc, allowed_hosts=trusted_hosts(env={}))) as client:
        response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert response.text == "Invalid host header"


def test_the_feed_links_to_the_allowed_host(arc: Archive) -> None:
    app = create_app(arc, allowed_hosts=["archive.example.org"])
    with TestClient(app, base_url="http://archive.example.org") as client:
        feed = client.get("/changes.atom").text
        assert client.get("/changes.atom", headers={"Host": "evil.example"}).status_code == 400
    links = re.findall(r'href="([^"]+)"', feed)
    assert links and all(link.startswith("http://archive.example.org/") for link in links)


def test_a_bad_parameter_on_a_page_is_a_page(arc: Archive) -> None:
    with TestClient(create_app(arc, allowed_hosts=["testserver"])) as client:
        page = client.get("/changes", params={"offset": "-1"})
        api = client.get("/api/changes", params={"offset": "-1"})
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert "offset: Input should be greater than or equal to 0" in page.text
    assert "<h1>" in page.text and '"detail"' not in page.text
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["query", "offset"]


# ------------------------------------------------------------------- nianbao serve
@pytest.fixture(scope="module")
def served(arc: Archive, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`nianbao serve --allow-host archive.example.org` on a free port; its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NIANBAO_HOME": str(arc.settings.home),
           "NIANBAO_ALLOWED_HOSTS": "mirror.example.org"}
    proc = subprocess.Popen([*NIANBAO, "serve", "--port", str(port), "--allow-host",
                             "archive.example.org"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None and "serving" in proc.stdout.readline()
        base = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base + "api/changes", timeout=30)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.parametrize(("host", "status"), [
    (None, 200), ("localhost", 200), ("archive.example.org", 200), ("mirror.example.org", 200),
    ("evil.example", 400), ("archive.example.org.evil.example", 400)])
def test_serve_answers_the_names_it_is_given(served: str, host: str | None,
                                             status: int) -> None:
    headers = {"Host": host} if host else {}
    assert httpx.get(served + "api/changes", headers=headers, timeout=30).status_code == status


def _closed_after(served: str, send: bytes) -> float:
    """Seconds until the server closes a raw connection that sent `send` and then waits."""
    port = int(served.rstrip("/").rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(send)
        start = time.monotonic()
        while sock.recv(65536):  # a response (if any) first, then the end of the stream
            pass
        return time.monotonic() - start


def test_serve_closes_a_connection_that_never_finishes_its_request(served: str) -> None:
    waited = _closed_after(served, b"GET /api/changes HTTP/1.1\r\nHost: localhost\r\nX-Slow")
    assert HEAD_TIMEOUT - 1 <= waited <= HEAD_TIMEOUT + 5


def test_serve_closes_an_idle_keep_alive_connection(served: str) -> None:
    waited = _closed_after(served, b"GET /api/changes HTTP/1.1\r\nHost: localhost\r\n\r\n")
    assert waited <= KEEP_ALIVE + 5
