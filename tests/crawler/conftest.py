"""Fixtures for the crawler tests: a data directory per test, fast crawl settings, helpers
that read what the archive recorded."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.crawler.mockportal import MockPortal

# Politeness off for speed; everything else (robots, retries, byte limit) as in production.
FAST: dict[str, Any] = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "NIANBAO_RETRY_BACKOFF_BASE": 0.05,
    "DOWNLOAD_TIMEOUT": 1.5,
    "RETRY_TIMES": 2,
    "DOWNLOAD_MAXSIZE": 1024 * 1024,
    "LOG_LEVEL": "INFO",
}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh NIANBAO_HOME."""
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("NIANBAO_DB_URL", raising=False)
    monkeypatch.delenv("NIANBAO_STORE_URL", raising=False)
    return tmp_path / "data"


@pytest.fixture
def mock_portal() -> Iterator[MockPortal]:
    portal = MockPortal().start()
    yield portal
    portal.stop()


def fetches(home: Path, run_id: int | None = None) -> list[dict[str, Any]]:
    """The fetch rows the archive holds (url, role, status, outcome, sha256, run_id, error,
    decision, parent_url)."""
    con = sqlite3.connect(home / "nianbao.sqlite")
    con.row_factory = sqlite3.Row
    sql = ("select f.id, f.run_id, f.url, f.role, f.status, f.outcome, f.sha256, f.error, "
           "f.decision, f.fetch_key, p.url as parent_url from fetches f "
           "left join documents p on p.id = f.parent_document_id")
    rows = [dict(r) for r in con.execute(sql + (" where f.run_id = ?" if run_id else ""),
                                         (run_id,) if run_id else ())]
    con.close()
    return rows


def path_of(url: str) -> str:
    from urllib.parse import urlsplit

    p = urlsplit(url)
    return p.path + (f"?{p.query}" if p.query else "")
