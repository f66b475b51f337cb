"""An archive built the way the crawler builds one: real report texts ingested as fetches,
parsed and filed, plus the fetches that make a WARC interesting (a repeat of the same
bytes, the same bytes at a mirror URL, a 304, a republication with one number changed, a
network error)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from archive.catalogue.models import Fetch, Report, ReportVersion
from tests.samples import REPORTS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
TEXT = {"Content-Type": "text/plain; charset=utf-8"}
START = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
# Sample 002 (北仑区人民政府 2024) as republished with one number changed.
EDITED_FROM, EDITED_TO = "474394", "474395"


@dataclass
class Built:
    """The archive and what went into it."""

    arc: Any
    urls: dict[str, str] = field(default_factory=dict)  # sample stem -> URL
    bodies: dict[str, bytes] = field(default_factory=dict)  # URL -> latest bytes sent
    fetch_times: list[datetime] = field(default_factory=list)
    edited_url: str = ""
    mirror_url: str = ""
    not_modified_url: str = ""

    def latest_records(self) -> dict[tuple[int, int], dict[str, Any]]:
        """(report id, version number) -> record, for each report's latest version."""
        with self.arc.session() as s:
            out = {}
            for report in s.scalars(select(Report)):
                v = s.scalars(select(ReportVersion).where(ReportVersion.report_id == report.id)
                              .order_by(ReportVersion.number.desc())).first()
                if v is not None:
                    out[(report.id, v.number)] = v.record
            return out

    def fetches(self) -> list[Fetch]:
        with self.arc.session() as s:
            return list(s.scalars(select(Fetch).order_by(Fetch.fetched_at, Fetch.id)))


def report_texts() -> list[Path]:
    """The real sample reports (2021 template), a 2019-template and a pre-2019 report."""
    return [*sorted(REPORTS.glob("*.txt")),
            FIXTURES / "2019_qingshi_natural_resources.txt",
            FIXTURES / "legacy_2012_lanxi_county.txt"]


@pytest.fixture
def built(arc: Any) -> Built:
    b = Built(arc)
    clock = iter(START + timedelta(minutes=i) for i in range(1000))

    def fetch(url: str, status: int | None, body: bytes | None = None, **kw: Any) -> None:
        when = next(clock)
        b.fetch_times.append(when)
        arc.ingest(url, status=status, body=body, fetched_at=when, role="report",
                   response_headers=kw.pop("headers", TEXT if body is not None else None),
                   request_headers={"User-Agent": "nianbao-test"}, **kw)
        if body is not None and status == 200:
            b.bodies[url] = body

    for path in report_texts():
        url = f"https://www.example.gov.cn/xxgk/ndbg/{path.stem}.html"
        b.urls[path.stem] = url
        fetch(url, 200, path.read_bytes())
    first = b.urls["000_d707c82d816c5970"]
    fetch(first, 200, b.bodies[first])  # the same bytes again: a repeat
    b.mirror_url = "https://mirror.example.gov.cn/ndbg/000.html"
    fetch(b.mirror_url, 200, b.bodies[first])  # the same bytes at another URL
    b.not_modified_url = b.urls["001_d24b5322b0421a36"]
    fetch(b.not_modified_url, 304, headers={"ETag": '"v1"'})
    b.edited_url = b.urls["002_0587ca1cc9f7563f"]
    edited = b.bodies[b.edited_url].replace(EDITED_FROM.encode(), EDITED_TO.encode(), 1)
    assert edited != b.bodies[b.edited_url]
    fetch(b.edited_url, 200, edited)  # republished: version 2
    fetch("https://www.example.gov.cn/xxgk/ndbg/gone.html", None, error="TimeoutError: timed out")
    arc.drain()
    return b
