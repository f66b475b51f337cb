"""The one entry point that records a fetch: bytes into the blob store, a row into
`fetches`, the URL into `documents`. The crawler and the CLI both come through here.
A local file brought in by `nianbao ingest` is recorded here too, but as what it is: origin
"imported", the path it was read from and who imported it, no HTTP status and no request
(see `imported_exchange`); such a fetch is never evidence that a URL is online or gone.
Recording never parses: once a transaction is committed, the parse jobs its new bytes call
for go to the caller's `to_parse` (`archive.core.Archive` gives them to `archive.parsing`).

Idempotent: the same `fetch_key` (given, or derived from url, time, status and digest)
records one fetch however often it is retried; the same bytes are stored once however many
writers send them at the same moment.
"""

from __future__ import annotations

import getpass
import hashlib
import mimetypes
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.catalogue.blobs import BlobCorruptError, BlobMissingError, PutResult, sha256
from archive.catalogue.db import Catalogue, insert_ignore
from archive.catalogue.documents import (
    add_alias,
    ensure_document,
    find_document,
    find_document_id,
    normalize_url,
)
from archive.catalogue.models import OK_OUTCOMES, ROLES, Blob, Fetch, Report, aware
from archive.events import after_fetch
from archive.versions import ParseJob, filed_before, record_sighting

#: Roles whose bytes are parsed into records by default.
PARSED_ROLES = ("report", "attachment")
MISSING_STATUSES = (404, 410)
#: Where a fetch's bytes came from: a request on the web, or a local file `nianbao ingest` read.
ORIGINS = ("fetched", "imported")
#: `Fetch.method` of an imported file: no HTTP request was made.
IMPORT_METHOD = "IMPORT"


@dataclass(frozen=True)
class IngestResult:
    fetch_id: int
    document_id: int
    sha256: str | None
    new_blob: bool
    outcome: str  # new | repeat | not_modified | error | missing
    duplicate: bool = False  # the fetch_key was already recorded: nothing written


def header(headers: dict[str, Any] | None, name: str) -> str | None:
    """A header's value, looked up case-insensitively."""
    if not headers:
        return None
    lname = name.lower()
    for key, value in headers.items():
        if key.lower() == lname:
            return value if isinstance(value, str) else ", ".join(map(str, value))
    return None


def media_type_of(headers: dict[str, Any] | None) -> str | None:
    value = header(headers, "Content-Type")
    return value.split(";", 1)[0].strip().lower() or None if value else None


def _outcome(status: int | None, body: bytes | None, error: str | None,
             decision: dict[str, Any] | None, new_blob: bool) -> str:
    if status in MISSING_STATUSES or (decision or {}).get("soft_404"):
        return "missing"
    if status == 304:
        return "not_modified"
    if error or body is None:
        return "error"
    return "new" if new_blob else "repeat"



@dataclass
class Exchange:
    """One fetch as `ingest` received it, with what is derived before any write."""

    url: str
    status: int | None
    body: bytes | None
    request_headers: dict[str, Any] | None
    response_headers: dict[str, Any] | None
    method: str
    fetched_at: datetime
    final_url: str | None
    error: str | None
    run_id: int | None
    portal_key: str | None
    role: str
    parent_url: str | None
    decision: dict[str, Any] | None
    key: str
    digest: str | None
    media_type: str | None
    parse: bool | None
    origin: str = "fetched"
    imported_from: str | None = None
    imported_by: str | None = None

    @property
    def imported(self) -> bool:
        return self.origin == "imported"


def importer() -> str:
    """Who is importing, as user@host: kept with every imported file so it can be traced."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name (a container with an unnamed uid)
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def exchange(
    cat: Catalogue,
    url: str,
    *,
    status: int | None,
    body: bytes | None = None,
    request_headers: dict[str, Any] | None = None,
    response_headers: dict[str, Any] | None = None,
    method: str = "GET",
    fetched_at: datetime | None = None,
    final_url: str | None = None,
    error: str | None = None,
    run_id: int | None = None,
    portal_key: str | None = None,
    role: str = "other",
    parent_url: str | None = None,
    decision: dict[str, Any] | None = None,
    fetch_key: str | None = None,
    media_type: str | None = None,
    parse: bool | None = None,
    origin: str = "fetched",
    imported_from: str | None = None,
    imported_by: str | None = None,
) -> Exchange:
    """Check one fetch's arguments and derive its digest, fetch key and media type.

    An imported file (`origin="imported"`) must name the path it was read from and carry
    no HTTP status or request headers: nothing was asked of a server."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if origin not in ORIGINS:
        raise ValueError(f"origin must be one of {', '.join(ORIGINS)}, not {origin!r}")
    if origin == "imported":
        if status is not None or request_headers or body is None or not imported_from:
            raise ValueError("an imported file has bytes and the path they were read from, "
                             "and no HTTP status or request headers")
        method = IMPORT_METHOD
        imported_by = imported_by or importer()
    elif imported_from or imported_by:
        raise ValueError("imported_from/imported_by describe an imported file (origin='imported')")
    fetched_at = aware(fetched_at or cat.now())
    digest = sha256(body) if body is not None and status != 304 else None
    key = fetch_key or hashlib.sha256(
        f"{method} {normalize_url(url)} {fetched_at.isoformat()} {status} {digest} {error}".encode()
    ).hexdigest()
    return Exchange(url, status, body, request_headers, response_headers, method, fetched_at,
                    final_url, error, run_id, portal_key, role, parent_url, decision, key, digest,
                    media_type or media_type_of(response_headers), parse, origin,
                    imported_from, imported_by)


def imported_exchange(path: Path, *, url: str | None = None, media_type: str | None = None,
                      role: str = "report", parse: bool | None = None) -> dict[str, Any]:
    """The `ingest` call for a local file: filed under `url` (the address it is claimed to
    come from; its own file: URI without one), dated now, with its absolute path and the
    importer, no status and no headers. The media type is guessed from the name if not given."""
    path = path.resolve()
    guessed = mimetypes.guess_type(path.name)[0]
    return dict(url=url or path.as_uri(), status=None, body=path.read_bytes(), role=role,
                media_type=media_type or guessed or "application/octet-stream", parse=parse,
                origin="imported", imported_from=str(path), imported_by=importer())


#: What to do with the parse jobs of a committed transaction: each job with its bytes and
#: media type (`archive.core.Archive` hands them to `archive.parsing`).
ToParse = Callable[[list[tuple[ParseJob, bytes, str | None]]], None]


def record_batch(cat: Catalogue, calls: list[dict[str, Any]],
                 to_parse: ToParse) -> list[IngestResult | Exception]:
    """Several `exchange(**call)` recorded in one transaction; a bad call does not sink the
    others (its exception is handed back in its place)."""
    prepared: list[Exchange | Exception] = []
    for call in calls:
        try:
            prepared.append(exchange(cat, **call))
        except Exception as exc:  # noqa: BLE001 - handed back in its place
            prepared.append(exc)
    good = [x for x in prepared if not isinstance(x, Exception)]
    results = iter(ingest_many(cat, good, to_parse) if good else [])
    return [x if isinstance(x, Exception) else next(results) for x in prepared]


def ingest_many(cat: Catalogue, exchanges: list[Exchange],
                to_parse: ToParse) -> list[IngestResult | Exception]:
    """Record several fetches in one transaction, their new bytes stored (and fsynced)
    together first: the crawl's archive process takes whatever has arrived as one batch.
    An exchange that fails is retried alone, so it cannot sink the others. Once a
    transaction is committed, the parse jobs it calls for go to `to_parse`."""
    # Bytes go to the store before any row names them.
    stored = iter(cat.store.put_many([(x.body or b"", x.digest) for x in exchanges if x.digest]))
    puts = [next(stored) if x.digest else None for x in exchanges]
    try:
        with cat.session() as s:
            done = [_record(cat, s, x, put) for x, put in zip(exchanges, puts, strict=True)]
    except Exception as exc:
        if len(exchanges) == 1:
            return [exc]
        return [ingest_many(cat, [x], to_parse)[0] for x in exchanges]
    jobs = []
    for x, (result, seen_before) in zip(exchanges, done, strict=True):
        if _should_parse(x.parse, x.role, result.outcome, x.digest) and not seen_before \
                and not result.duplicate:
            assert result.sha256 is not None
            job = ParseJob(result.fetch_id, result.document_id, result.sha256,
                           x.final_url or x.url, x.portal_key, x.fetched_at)
            jobs.append((job, x.body or b"", x.media_type))
    to_parse(jobs)
    return [result for result, _ in done]


def _record(cat: Catalogue, s: Session, x: Exchange,
            put: PutResult | None) -> tuple[IngestResult, bool]:
    """The catalogue rows of one exchange; also whether its bytes were already filed as a
    record of this document (a sighting, nothing to parse)."""
    portal_id = cat.portal_id(s, x.portal_key)
    parent_id = find_document_id(s, x.parent_url) if x.parent_url else None
    doc_id = ensure_document(s, x.final_url or x.url, role=x.role, portal_id=portal_id,
                             parent_id=parent_id, seen_at=x.fetched_at)
    if x.final_url and normalize_url(x.final_url) != normalize_url(x.url):
        add_alias(s, doc_id, x.url)
    new_blob = False
    if x.digest:
        size = put.compressed_size if put and put.written else None
        if size is None:
            size = cat.store.stored_size(x.digest)
        new_blob = insert_ignore(s, Blob, dict(
            sha256=x.digest, size=len(x.body or b""), compressed_size=size,
            media_type=x.media_type, stored_at=x.fetched_at), ["sha256"])
    outcome = _outcome(x.status, x.body, x.error, x.decision, new_blob)
    body_size = len(x.body) if x.body is not None and x.status != 304 else None
    fetch_id = insert_ignore(s, Fetch, dict(
        fetch_key=x.key, document_id=doc_id, run_id=x.run_id, url=normalize_url(x.url),
        final_url=x.final_url, method=x.method, fetched_at=x.fetched_at, status=x.status,
        outcome=outcome, role=x.role, request_headers=x.request_headers,
        response_headers=x.response_headers, etag=header(x.response_headers, "ETag"),
        last_modified=header(x.response_headers, "Last-Modified"), content_type=x.media_type,
        size=body_size, sha256=x.digest, parent_document_id=parent_id, decision=x.decision,
        error=x.error, origin=x.origin, imported_from=x.imported_from, imported_by=x.imported_by,
    ), ["fetch_key"], returning=True)
    if fetch_id is None:  # a retry of a fetch already recorded: report it as it was
        first = s.execute(select(Fetch.id, Fetch.document_id, Fetch.sha256, Fetch.outcome)
                          .where(Fetch.fetch_key == x.key)).one()
        return IngestResult(first.id, first.document_id, first.sha256, False, first.outcome,
                            duplicate=True), True
    if x.imported:
        # Not a sighting of the URL: nothing moves "last seen", nothing is withdrawn or
        # restored; bytes already filed at this URL need no parsing.
        seen_before = x.digest is not None and filed_before(s, x.digest, doc_id)
        return IngestResult(fetch_id, doc_id, x.digest, new_blob, outcome), seen_before
    if _may_change_status(s, outcome, x.role):
        after_fetch(s, doc_id, outcome, x.fetched_at)
    seen_before = outcome == "repeat" and x.digest is not None and x.role in PARSED_ROLES and \
        record_sighting(s, x.digest, doc_id, x.fetched_at)
    return IngestResult(fetch_id, doc_id, x.digest, new_blob, outcome), seen_before


def _may_change_status(session: Session, outcome: str, role: str) -> bool:
    """Only a missing page, or a report URL answering while some report is withdrawn, can
    change a report's status."""
    if outcome == "missing":
        return True
    return outcome in OK_OUTCOMES and role in PARSED_ROLES and session.scalars(
        select(Report.id).where(Report.status == "withdrawn").limit(1)).first() is not None


def _should_parse(parse: bool | None, role: str, outcome: str, digest: str | None) -> bool:
    if digest is None or outcome not in ("new", "repeat"):
        return False
    return parse if parse is not None else role in PARSED_ROLES


def last_validators(cat: Catalogue, url: str) -> tuple[str | None, str | None] | None:
    """(ETag, Last-Modified) for a conditional GET of `url`: those of its last full response
    to a GET (a form posted to the same address answers something else), updated by any 304
    that came after it (a 304 may carry fresh validators)."""
    with cat.session() as s:
        doc = find_document(s, url)
        if doc is None:
            return None
        rows = s.execute(
            select(Fetch.etag, Fetch.last_modified, Fetch.outcome)
            .where(Fetch.document_id == doc.id, Fetch.outcome.in_(OK_OUTCOMES),
                   Fetch.method == "GET", Fetch.origin == "fetched")
            .order_by(Fetch.fetched_at.desc(), Fetch.id.desc()).limit(50)
        ).all()
    etag = modified = None
    for row in rows:
        etag = etag or row.etag
        modified = modified or row.last_modified
        if row.outcome != "not_modified":
            break
    return (etag, modified) if etag or modified else None


def stored_response(cat: Catalogue, url: str) -> tuple[bytes, dict[str, Any]] | None:
    """(body, response headers) of the last GET of `url` that brought bytes, or None."""
    with cat.session() as s:
        doc = find_document(s, url)
        if doc is None:
            return None
        row = s.execute(
            select(Fetch.sha256, Fetch.response_headers)
            .where(Fetch.document_id == doc.id, Fetch.sha256.is_not(None),
                   Fetch.outcome.in_(("new", "repeat")), Fetch.method == "GET",
                   Fetch.origin == "fetched")
            .order_by(Fetch.fetched_at.desc(), Fetch.id.desc()).limit(1)).first()
    if row is None:
        return None
    try:
        return cat.store.get(row.sha256), dict(row.response_headers or {})
    except (BlobMissingError, BlobCorruptError):
        return None
