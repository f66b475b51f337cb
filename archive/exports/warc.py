"""WARC/1.1 (warcio) of the raw fetches, so the archive opens in pywb or ReplayWeb.page.

For every fetch, in the order they were made:
- with a body (200s, 404 pages, error pages): a `response` record with the HTTP status
  line, the stored response headers and the exact archived bytes, then a `request` record
  (method, URL, stored request headers) pointing at it with WARC-Concurrent-To;
- with a body already written earlier in this file (same SHA-256): a `revisit` record,
  profile identical-payload-digest, referring to the first record's URI and date;
- a 304 Not Modified: a `revisit` record, profile server-not-modified, referring to the
  last response for that URL in this file (if any), with no HTTP block so that pywb and
  ReplayWeb.page replay the capture it refers to; the 304's status line and headers are
  kept in a `metadata` record (application/warc-fields) concurrent to it;
- with no body and no status (a network error): nothing; counted as skipped;
- a file imported by hand (`nianbao ingest`, origin "imported"): no request was made and
  nothing answered, so no request/response pair: one `resource` record (WARC-Target-URI the
  URL it was filed under, WARC-Date the import time, Content-Type its media type, the exact
  bytes) naming the local file in `WARC-Source-URI` (a file: URI, as warcit writes it), then
  a `metadata` record (application/warc-fields: imported-from, imported-by, imported-at)
  that refers to it (WARC-Refers-To, WARC-Concurrent-To). Fetched records never revisit an
  imported one, nor the other way round.

WARC-Date is the fetch time; payload digests are warcio's (sha1, base32). Headers are
written as stored, except that a body stored decoded keeps its original framing headers
under `X-Archive-Orig-*` (Transfer-Encoding, a Content-Length that does not match,
a Content-Encoding the bytes do not carry), as pywb and other replay tools expect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from archive.catalogue.models import Fetch, ReportVersion, VersionSource
from archive.exports.columns import utc
from archive.exports.common import ExportSummary, Progress
from archive.filters import Filters, select_versions

if TYPE_CHECKING:
    from archive.catalogue.db import Catalogue

SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
# Magic numbers of content codings we can recognise in the stored bytes.
_CODING_MAGIC = {"gzip": b"\x1f\x8b", "x-gzip": b"\x1f\x8b", "zstd": b"\x28\xb5\x2f\xfd"}


@dataclass(frozen=True)
class Capture:
    """A response record already in the file: what a revisit refers to."""

    uri: str
    date: str
    record_id: str
    payload_digest: str
    size: int
    head: bytes  # the body's first bytes (to recognise a content coding)


def warc_date(when: datetime | None) -> str:
    """A fetch time as a WARC/1.1 date (UTC, microseconds when there are any)."""
    aware = utc(when)
    assert aware is not None
    return datetime_to_iso_date(aware.replace(tzinfo=None), use_micros=True)


def _header_items(headers: dict[str, Any] | None) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for name, value in (headers or {}).items():
        for v in value if isinstance(value, list | tuple) else [value]:
            items.append((str(name), str(v)))
    return items


def _find(items: list[tuple[str, str]], name: str) -> int | None:
    lname = name.lower()
    return next((i for i, (k, _) in enumerate(items) if k.lower() == lname), None)


def response_headers(fetch: Fetch, size: int, head: bytes) -> list[tuple[str, str]]:
    """The stored response headers, framed for the stored (decoded) body of `size` bytes
    that starts with `head`."""
    items = _header_items(fetch.response_headers)

    def keep_as_original(i: int) -> None:
        name, value = items[i]
        items[i] = (f"X-Archive-Orig-{name}", value)

    i = _find(items, "Transfer-Encoding")
    if i is not None:
        keep_as_original(i)
    i = _find(items, "Content-Encoding")
    if i is not None:
        magic = _CODING_MAGIC.get(items[i][1].strip().lower())
        if magic is not None and not head.startswith(magic):
            keep_as_original(i)
    i = _find(items, "Content-Length")
    if i is not None and items[i][1].strip() != str(size):
        keep_as_original(i)
        i = None
    if i is None:
        items.append(("Content-Length", str(size)))
    if _find(items, "Content-Type") is None and fetch.content_type:
        items.append(("Content-Type", fetch.content_type))
    return items


def file_uri(path: str) -> str:
    """The file: URI of an imported file's recorded path (rows migrated from before origins
    were kept already hold one)."""
    if path.startswith("file:"):
        return path
    pure = PurePath(path)
    return pure.as_uri() if pure.is_absolute() else quote(path)


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def request_headers(fetch: Fetch, uri: str) -> StatusAndHeaders:
    """The request as sent: method, path and the stored request headers (Host added when
    the crawler did not store it, from the URL)."""
    parts = urlsplit(uri)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    items = _header_items(fetch.request_headers)
    if _find(items, "Host") is None:
        items.insert(0, ("Host", parts.netloc))
    return StatusAndHeaders(f"{fetch.method or 'GET'} {target} HTTP/1.1", items,
                            protocol="HTTP/1.1", is_http_request=True)


def fetches_query(session: Session, filters: Filters) -> Any:
    """Every fetch, or (with filters) the fetches of the documents behind the chosen
    versions, oldest first."""
    stmt = select(Fetch)
    if filters:
        chosen = select_versions(session, filters).with_only_columns(ReportVersion.id)
        docs = select(VersionSource.document_id).where(VersionSource.version_id.in_(chosen))
        stmt = stmt.where(Fetch.document_id.in_(docs))
    return stmt.order_by(Fetch.fetched_at, Fetch.id)


class _Writer:
    """Writes fetches as records, remembering what is in the file for revisits."""

    def __init__(self, arc: Catalogue, fh: Any, summary: ExportSummary, gzip: bool) -> None:
        self.arc = arc
        self.writer = WARCWriter(fh, gzip=gzip, warc_version="1.1")
        self.summary = summary
        self.by_digest: dict[str, Capture] = {}
        self.by_url: dict[str, Capture] = {}

    def warcinfo(self, filename: str, filters: Filters) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            software = f"nianbao/{version('nianbao')} warcio/{version('warcio')}"
        except PackageNotFoundError:  # running from a checkout that is not installed
            software = "nianbao"
        info = {"software": software, "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/"
                              "warc-format/warc-1.1/",
                "description": "Fetches of government information-disclosure annual reports "
                               "(政府信息公开工作年度报告) archived by nianbao",
                "nianbao-filters": " ".join(filters.to_strings()) or "all fetches"}
        self.write(self.writer.create_warcinfo_record(filename, info))

    def write(self, record: Any) -> None:
        self.writer.write_record(record)
        self.summary.records += 1

    def fetch(self, fetch: Fetch) -> None:
        uri = fetch.final_url or fetch.url
        date = warc_date(fetch.fetched_at)
        if fetch.origin == "imported":
            if fetch.sha256 is None:
                self.summary.skipped += 1
            else:
                self.imported(fetch, uri, date)
            return
        if fetch.status == 304:
            response_id = self.not_modified(fetch, uri, date)
        elif fetch.sha256 is not None and fetch.status is not None:
            response_id = self.response(fetch, uri, date)
        else:
            self.summary.skipped += 1
            return
        request = self.writer.create_warc_record(
            uri, "request", http_headers=request_headers(fetch, uri),
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id})
        self.write(request)

    def response(self, fetch: Fetch, uri: str, date: str) -> str:
        assert fetch.sha256 is not None and fetch.status is not None
        seen = self.by_digest.get(fetch.sha256)
        if seen is not None:
            http = StatusAndHeaders(status_line(fetch.status),
                                    response_headers(fetch, seen.size, seen.head),
                                    protocol="HTTP/1.1")
            record = self.writer.create_revisit_record(
                uri, seen.payload_digest, seen.uri, seen.date, http_headers=http,
                warc_headers_dict={"WARC-Date": date, "WARC-Refers-To": seen.record_id})
            self.write(record)
            self.summary.revisits += 1
            self.by_url[uri] = seen
            return str(record.rec_headers.get_header("WARC-Record-ID"))
        body = self.arc.store.get(fetch.sha256)
        http = StatusAndHeaders(status_line(fetch.status),
                                response_headers(fetch, len(body), body[:8]), protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            uri, "response", payload=BytesIO(body), length=len(body), http_headers=http,
            warc_headers_dict={"WARC-Date": date})
        self.write(record)
        headers = record.rec_headers
        capture = Capture(uri, date, str(headers.get_header("WARC-Record-ID")),
                          str(headers.get_header("WARC-Payload-Digest")), len(body), body[:8])
        self.by_digest[fetch.sha256] = capture
        self.by_url[uri] = capture
        return capture.record_id

    def imported(self, fetch: Fetch, uri: str, date: str) -> None:
        """A file imported by hand: a `resource` record of its bytes, filed under the URL it
        was claimed for and naming the local file, and a `metadata` record of who imported
        it; never a capture (no HTTP block, no request)."""
        assert fetch.sha256 is not None
        body = self.arc.store.get(fetch.sha256)
        source = file_uri(fetch.imported_from or "")
        extra = {"WARC-Date": date}
        if source:
            extra["WARC-Source-URI"] = source
        record = self.writer.create_warc_record(
            uri, "resource", payload=BytesIO(body), length=len(body),
            warc_content_type=fetch.content_type or "application/octet-stream",
            warc_headers_dict=extra)
        self.write(record)
        record_id = str(record.rec_headers.get_header("WARC-Record-ID"))
        fields = [("via", "nianbao ingest: a local file imported by hand, not fetched "
                          "(no HTTP request was made, no response received)"),
                  ("imported-from", fetch.imported_from or "unknown"),
                  ("imported-by", fetch.imported_by or "unknown"),
                  ("imported-at", date)]
        block = "".join(f"{k}: {v}\r\n" for k, v in fields).encode("utf-8")
        self.write(self.writer.create_warc_record(
            uri, "metadata", payload=BytesIO(block), length=len(block),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Date": date, "WARC-Refers-To": record_id,
                               "WARC-Concurrent-To": record_id}))
        self.summary.imported += 1

    def not_modified(self, fetch: Fetch, uri: str, date: str) -> str:
        """A 304: a revisit without an HTTP block, so replay tools serve the capture it
        refers to (a 304 block would replay as an empty page); the 304's own status line and
        headers follow in a `metadata` record."""
        extra: dict[str, str] = {"WARC-Date": date}
        seen = self.by_url.get(uri)
        if seen is not None:
            extra.update({"WARC-Refers-To-Target-URI": seen.uri, "WARC-Refers-To-Date": seen.date,
                          "WARC-Refers-To": seen.record_id,
                          "WARC-Payload-Digest": seen.payload_digest})
        record = self.writer.create_warc_record(uri, "revisit", warc_headers_dict=extra)
        record.rec_headers.add_header("WARC-Profile", SERVER_NOT_MODIFIED)
        self.write(record)
        self.summary.revisits += 1
        record_id = str(record.rec_headers.get_header("WARC-Record-ID"))
        fields = [("HTTP-Status-Line", f"HTTP/1.1 {status_line(304)}"),
                  *_header_items(fetch.response_headers)]
        block = "".join(f"{k}: {v}\r\n" for k, v in fields).encode("utf-8")
        self.write(self.writer.create_warc_record(
            uri, "metadata", payload=BytesIO(block), length=len(block),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id}))
        return record_id


def write_warc(arc: Catalogue, out: Path, filters: Filters, summary: ExportSummary,
               progress: Progress | None) -> None:
    """The chosen fetches as WARC/1.1, each record gzipped on its own (`.warc.gz`) unless
    the file is named `.warc`."""
    gzip = not summary.path.name.lower().endswith(".warc")
    with arc.session() as s, out.open("wb") as fh:
        stmt = fetches_query(s, filters)
        total = int(s.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
                    or 0)
        w = _Writer(arc, fh, summary, gzip)
        w.warcinfo(summary.path.name, filters)
        for fetch in s.scalars(stmt.execution_options(yield_per=200)):
            w.fetch(fetch)
            summary.items += 1
            if progress:
                progress(summary.items, total)
