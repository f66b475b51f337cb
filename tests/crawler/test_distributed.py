"""Distributed crawling: two crawl processes share one Redis frontier (scrapy-redis) and one
PostgreSQL catalogue, against the mock portal (a real HTTP server on 127.0.0.1)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from crawler.runner import CrawlSummary, build_spec, follow_child, run_crawl, start_child
from tests.crawler.conftest import FAST, path_of
from tests.crawler.mockportal import EXPECTED_ATTACHMENTS as MOCK_ATTACHMENTS
from tests.crawler.mockportal import EXPECTED_IMAGES, EXPECTED_REPORTS, NEVER, MockPortal

pytestmark = pytest.mark.slow

redis = pytest.importorskip("redis", reason="redis is not installed (pip install 'nianbao[redis]')")

REDIS_URL = os.environ.get("NIANBAO_TEST_REDIS", "redis://127.0.0.1:6379/0")


def _ping(url: str) -> bool:
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
        client.ping()
        client.close()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    """The running Redis at NIANBAO_TEST_REDIS (127.0.0.1:6379), else a throwaway
    `redis-server` on a free port, else a skip saying why."""
    if _ping(REDIS_URL):
        yield REDIS_URL
        return
    exe = shutil.which("redis-server")
    if exe is None:
        pytest.skip(f"no Redis at {REDIS_URL} and no redis-server to start one")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while not _ping(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.skip(f"no Redis at {REDIS_URL} and redis-server did not start on {port}")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def redis_prefix(redis_server: str) -> Iterator[tuple[Any, str]]:
    """(client, a throwaway key prefix); every key under it is deleted afterwards."""
    client = redis.Redis.from_url(redis_server)
    prefix = f"nianbao-test-{uuid.uuid4().hex[:10]}"
    try:
        yield client, prefix
    finally:
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            client.delete(key)
        client.close()


def catalogue(db_url: str) -> list[dict[str, Any]]:
    """Every fetch the PostgreSQL catalogue holds."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(
                "select f.run_id, f.method, f.url, f.role, f.status, f.error, "
                "p.url as parent_url from fetches f "
                "left join documents p on p.id = f.parent_document_id")).mappings().all()
            return [dict(r) for r in rows]
    finally:
        engine.dispose()


# Paths the single-process crawl also requests more than once: retried on 5xx/timeouts.
RETRIED = {"/flaky/always500.html": 1 + FAST["RETRY_TIMES"], "/flaky/once.html": 2,
           "/slow.html": 1 + FAST["RETRY_TIMES"]}


def test_two_crawlers_share_one_frontier(pg_url: str, redis_server: str,
                                         redis_prefix: tuple[Any, str], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from archive import Archive
    from archive.config import Settings

    client, prefix = redis_prefix
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "parent"))
    shared = {"NIANBAO_REDIS_URL": redis_server, "NIANBAO_REDIS_PREFIX": prefix,
              "NIANBAO_DB_URL": pg_url, "NIANBAO_STORE_URL": str(tmp_path / "blobs")}
    # the schema first, as `nianbao db upgrade` would
    Archive.open(Settings.from_env(shared | {"NIANBAO_HOME": str(tmp_path / "parent")})).close()
    # Two "machines": each its own data directory (jobs, logs), the same catalogue and store.
    # Two requests in flight per process, so the queue backs up and both take from it.
    portal = MockPortal().start()
    procs = []
    try:
        for name in ("a", "b"):
            home = tmp_path / name
            home.mkdir()
            spec = build_spec([], urls=[portal.url], url_key="mock", settings_overrides=FAST | {
                "USER_AGENT": f"nianbao-test/{name}", "CONCURRENT_REQUESTS": 2,
                "CONCURRENT_REQUESTS_PER_DOMAIN": 2, "DOWNLOAD_DELAY": 0.05,
                "NIANBAO_REDIS_POLL_INTERVAL": 0.5, "NIANBAO_JOBDIR": str(home / "jobs"),
                "LOG_FILE": str(home / "crawl.log")})
            procs.append((start_child(spec, env=shared | {"NIANBAO_HOME": str(home)}),
                          spec["settings"]["LOG_FILE"]))
        with ThreadPoolExecutor(2) as pool:
            futures = [pool.submit(follow_child, proc, log_file=log, progress=False)
                       for proc, log in procs]
            summaries: list[CrawlSummary] = [f.result(timeout=90) for f in futures]
    finally:
        for proc, _ in procs:
            if proc.poll() is None:
                proc.kill()
        portal.stop()

    for s in summaries:
        assert s.ok, (s.failures, s.log_file)
        assert s.portals["mock"]["reason"] == "finished", s.log_file
    # both processes did part of the work
    by_agent = Counter(h.headers.get("User-Agent") for h in portal.site.hits
                       if h.path != "/robots.txt")
    assert by_agent["nianbao-test/a"] > 0 and by_agent["nianbao-test/b"] > 0, by_agent
    assert all(s.requests > 0 for s in summaries)

    # each URL requested once in total (robots.txt once per process; retries as alone)
    hits = Counter((h.method, h.path, h.query) for h in portal.site.hits)
    robots = hits.pop(("GET", "/robots.txt", ""), 0)
    assert 1 <= robots <= 2
    twice = {k: n for k, n in hits.items() if n != RETRIED.get(k[1], 1)}
    assert not twice, twice
    assert not ({h.path for h in portal.site.hits} & NEVER)

    # every expected report, attachment and scan image archived, each exchange once
    rows = catalogue(pg_url)
    run_ids = {s.portals["mock"]["run_id"] for s in summaries}
    assert {r["run_id"] for r in rows} == run_ids and len(run_ids) == 2
    exchanges = Counter((r["method"], r["url"]) for r in rows)
    assert max(exchanges.values()) == 1, [k for k, n in exchanges.items() if n > 1]
    paths: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        paths.setdefault(path_of(r["url"]), []).append(r)
    for path in EXPECTED_REPORTS:
        assert any(r["role"] == "report" and r["status"] == 200 for r in paths.get(path, [])), path
    for path in MOCK_ATTACHMENTS | EXPECTED_IMAGES:
        assert path in paths and paths[path][0]["parent_url"], path
    # the crawl round is over: the last process out cleared the shared keys
    assert not list(client.scan_iter(match=f"{prefix}:*"))


def test_a_shared_frontier_needs_postgresql(home: Path) -> None:
    summary = run_crawl([], urls=["http://127.0.0.1:9/"], url_key="x",
                        settings_overrides=FAST, progress=False,
                        env={"NIANBAO_REDIS_URL": "redis://127.0.0.1:9/0"})
    assert not summary.ok
    assert len(summary.failures) == 1
    line = summary.failures[0]
    assert "\n" not in line and "NIANBAO_REDIS_URL" in line and "PostgreSQL" in line, line


def test_a_new_round_drops_the_keys_of_dead_crawlers(redis_prefix: tuple[Any, str]) -> None:
    """The round-keeping scripts alone: join, idle, leave."""
    from crawler.distributed import IDLE, JOIN, LEAVE

    client, prefix = redis_prefix
    join, idle, leave = (client.register_script(s) for s in (JOIN, IDLE, LEAVE))
    base = f"{prefix}:p"
    workers, queue, seen, wp = f"{base}:workers", f"{base}:requests", f"{base}:seen", \
        f"{base}:worker:"
    # leftovers of a crawler killed with SIGKILL: its worker key has expired
    client.sadd(workers, "dead")
    client.zadd(queue, {b"lost": 0})
    client.sadd(seen, "fp")

    def join_as(wid: str) -> int:
        return join(keys=[workers, queue, seen, wp + wid], args=[60, wp, wid])

    assert join_as("a") == 0  # no live crawler: a fresh round
    assert not client.exists(queue) and not client.exists(seen)
    assert client.smembers(workers) == {b"a"}
    assert join_as("b") == 1  # joins a's round
    client.sadd(seen, "fp")
    assert idle(keys=[queue, workers, wp + "a"], args=[60, wp]) == 0  # b is still busy
    assert idle(keys=[queue, workers, wp + "b"], args=[60, wp]) == 1  # both idle: done
    assert leave(keys=[workers, wp + "a", queue, seen], args=[wp, "a"]) == 1
    assert client.exists(seen)  # b is still there
    assert leave(keys=[workers, wp + "b", queue, seen], args=[wp, "b"]) == 0
    assert not list(client.scan_iter(match=f"{base}:*"))


def test_an_unreachable_redis_is_one_clear_line(home: Path, pg_url: str) -> None:
    summary = run_crawl([], urls=["http://127.0.0.1:9/"], url_key="x",
                        settings_overrides=FAST, progress=False,
                        env={"NIANBAO_REDIS_URL": "redis://127.0.0.1:9/0",
                             "NIANBAO_DB_URL": pg_url})
    assert not summary.ok and len(summary.failures) == 1
    line = summary.failures[0]
    assert "\n" not in line and "cannot reach the Redis frontier at 127.0.0.1:9" in line, line
