"""The WARC export tells a capture from a file imported by hand (issue 15): a crawled page is
a request/response pair as before, an imported file is one `resource` record (the URL it was
filed under, the import time, its media type, the exact bytes, the local file it came from)
with a `metadata` record saying who imported it, and never a request or an HTTP 200."""

from __future__ import annotations

import getpass
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from archive.catalogue.models import Fetch
from archive.core import Archive
from archive.exports import export
from archive.exports.warc import warc_date
from archive.filters import Filters
from tests.exports.test_warc import read, sha1_b32, warcio_check
from tests.samples import REPORTS

URL = "https://www.beilun.gov.cn/xxgk/ndbg/t20250120_1.html"
CRAWLED_AT = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
V1 = (REPORTS / "002_0587ca1cc9f7563f.txt").read_bytes()  # 北仑区人民政府 2024
V2 = V1.replace(b"474394", b"474395", 1)  # the edited copy someone saved


@pytest.fixture
def warc(arc: Archive, tmp_path: Path) -> dict[str, Any]:
    """Crawl v1 (200), import an edited v2 for the same URL, then a recrawl answers 304;
    export all of it. What went in and the records that came out."""
    arc.ingest(URL, status=200, body=V1, role="report", fetched_at=CRAWLED_AT,
               response_headers={"Content-Type": "text/plain; charset=utf-8", "ETag": '"v1"'},
               request_headers={"User-Agent": "nianbao-test"})
    path = tmp_path / "saved" / "v2.txt"
    path.parent.mkdir()
    path.write_bytes(V2)
    arc.import_file(path, url=URL)
    arc.ingest(URL, status=304, role="report", fetched_at=datetime.now(UTC) + timedelta(days=1),
               response_headers={"ETag": '"v1"'}, request_headers={"User-Agent": "nianbao-test"})
    with arc.session() as s:
        imported_at = s.scalar(select(Fetch.fetched_at).where(Fetch.origin == "imported"))
    out = tmp_path / "archive.warc.gz"
    summary = export(arc, "warc", out, Filters())
    return {"out": out, "summary": summary, "records": read(out), "path": path.resolve(),
            "imported_at": imported_at}


def test_warcio_check_passes(warc: dict[str, Any]) -> None:
    proc = warcio_check(warc["out"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "digest pass" in proc.stdout


def test_the_imported_file_is_one_resource_record(warc: dict[str, Any]) -> None:
    records = warc["records"]
    assert [r["type"] for r in records] == [
        "warcinfo",
        "response", "request",  # the crawl
        "resource", "metadata",  # the import: no request, no response
        "revisit", "metadata", "request",  # the 304 (its own headers in the metadata record)
    ]
    (resource,) = [r for r in records if r["type"] == "resource"]
    assert resource["WARC-Target-URI"] == URL  # filed where the report belongs
    assert resource["WARC-Date"] == warc_date(warc["imported_at"])  # the import time
    assert resource["WARC-Date"].startswith(str(datetime.now(UTC).year))
    assert resource["Content-Type"] == "text/plain"
    assert resource["payload"] == V2 and resource["WARC-Payload-Digest"] == sha1_b32(V2)
    assert resource["http"] is None and resource["status"] is None  # no HTTP 200 invented
    assert resource["WARC-Source-URI"] == warc["path"].as_uri()


def test_a_metadata_record_says_who_imported_it(warc: dict[str, Any]) -> None:
    records = warc["records"]
    resource = next(r for r in records if r["type"] == "resource")
    about = records[records.index(resource) + 1]
    assert about["type"] == "metadata" and about["Content-Type"] == "application/warc-fields"
    assert about["WARC-Refers-To"] == resource["WARC-Record-ID"]
    assert about["WARC-Target-URI"] == URL
    fields = dict(line.split(": ", 1) for line in about["payload"].decode().splitlines())
    assert fields["imported-from"] == str(warc["path"])
    assert fields["imported-by"] == f"{getpass.getuser()}@{socket.gethostname()}"
    assert fields["imported-at"] == resource["WARC-Date"]
    assert "not fetched" in fields["via"]


def test_the_crawl_stays_a_request_and_response(warc: dict[str, Any]) -> None:
    records = warc["records"]
    (response,) = [r for r in records if r["type"] == "response"]
    assert response["WARC-Target-URI"] == URL and response["status"] == "200"
    assert response["WARC-Date"] == warc_date(CRAWLED_AT) and response["payload"] == V1
    requests = [r for r in records if r["type"] == "request"]
    assert len(requests) == 2  # the crawl and the recrawl; none for the import
    assert requests[0]["WARC-Concurrent-To"] == response["WARC-Record-ID"]
    # The 304 is the server saying v1 is unchanged: it refers to the crawled response,
    # never to the imported copy.
    (revisit,) = [r for r in records if r["type"] == "revisit"]
    assert revisit["WARC-Refers-To"] == response["WARC-Record-ID"]
    assert warc["summary"].imported == 1
    assert "1 imported file(s) as resource records" in warc["summary"].line()
