"""Recording fetches: every outcome logged, bytes stored once, retries harmless."""

from __future__ import annotations

import multiprocessing
import threading
import time
from datetime import UTC, datetime
from multiprocessing.pool import AsyncResult

from sqlalchemy import func, select

from archive import Archive
from archive.catalogue.models import Blob, Document, DocumentAlias, Fetch
from archive.config import Settings

URL = "https://www.example.gov.cn/zwgk/ndbg/202501/t20250120_1.html"
HEADERS = {"Content-Type": "text/html; charset=utf-8", "ETag": '"abc"',
           "Last-Modified": "Mon, 20 Jan 2025 08:00:00 GMT"}


def count(arc: Archive, model: type) -> int:
    with arc.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_new_bytes_then_repeat_then_304(arc: Archive) -> None:
    first = arc.ingest(URL, status=200, body=b"<html>report</html>", response_headers=HEADERS)
    assert first.new_blob and first.outcome == "new"
    second = arc.ingest(URL, status=200, body=b"<html>report</html>", response_headers=HEADERS)
    assert not second.new_blob and second.outcome == "repeat"
    assert second.sha256 == first.sha256 and second.document_id == first.document_id
    third = arc.ingest(URL, status=304, response_headers={"ETag": '"abc"'})
    assert third.outcome == "not_modified" and third.sha256 is None
    assert count(arc, Blob) == 1 and count(arc, Fetch) == 3 and count(arc, Document) == 1
    assert arc.last_validators(URL) == ('"abc"', "Mon, 20 Jan 2025 08:00:00 GMT")


def test_a_form_posted_to_the_same_address_does_not_hide_its_page(arc: Archive) -> None:
    arc.ingest(URL, status=200, body=b"<html>page 1</html>", response_headers=HEADERS)
    arc.ingest(URL, status=200, body=b"<html>page 2</html>", method="POST",
               response_headers={"Content-Type": "text/html"})
    assert arc.last_validators(URL) == ('"abc"', "Mon, 20 Jan 2025 08:00:00 GMT")
    stored = arc.stored_response(URL)
    assert stored is not None and stored[0] == b"<html>page 1</html>"


def test_failures_and_missing_pages_are_logged_too(arc: Archive) -> None:
    err = arc.ingest(URL, status=None, error="TimeoutError: took longer than 180 s")
    gone = arc.ingest(URL, status=404, body=b"not found")
    soft = arc.ingest(URL, status=200, body=b"\xe9\xa1\xb5\xe9\x9d\xa2\xe4\xb8\x8d\xe5\xad\x98\xe5\x9c\xa8",
                      decision={"soft_404": True})
    assert (err.outcome, gone.outcome, soft.outcome) == ("error", "missing", "missing")
    with arc.session() as s:
        row = s.get(Fetch, err.fetch_id)
        assert row.error.startswith("TimeoutError") and row.sha256 is None
    assert arc.last_validators(URL) is None


def test_retrying_the_same_fetch_records_it_once(arc: Archive) -> None:
    when = datetime(2025, 2, 1, 9, 30, tzinfo=UTC)
    a = arc.ingest(URL, status=200, body=b"x", fetched_at=when)
    b = arc.ingest(URL, status=200, body=b"x", fetched_at=when)
    c = arc.ingest(URL, status=200, body=b"y", fetch_key="k" * 64)
    d = arc.ingest(URL, status=200, body=b"y", fetch_key="k" * 64)
    assert a.fetch_id == b.fetch_id and b.duplicate
    assert c.fetch_id == d.fetch_id and d.duplicate and not d.new_blob
    assert count(arc, Fetch) == 2


def test_redirected_url_becomes_an_alias(arc: Archive) -> None:
    final = URL.replace("t20250120_1", "t20250120_2")
    res = arc.ingest(URL, status=200, body=b"moved", final_url=final)
    with arc.session() as s:
        assert s.get(Document, res.document_id).url == final
        assert s.scalars(select(DocumentAlias.url)).all() == [URL]
    assert arc.ingest(URL, status=200, body=b"moved").document_id == res.document_id


def test_attachment_is_linked_to_its_page(arc: Archive) -> None:
    page = arc.ingest(URL, status=200, body=b"<a href=report.pdf>", role="report")
    pdf = arc.ingest(URL.replace(".html", ".pdf"), status=200, body=b"%PDF-1.7 fake",
                     role="attachment", parent_url=URL, parse=False)
    with arc.session() as s:
        assert s.get(Document, pdf.document_id).parent_id == page.document_id
        assert s.get(Fetch, pdf.fetch_id).parent_document_id == page.document_id


# How long a worker waits at the barrier for the other, and the test for both workers: far
# longer than a spawned worker takes to start and open the archive, far shorter than the
# suite's --timeout, so a worker that never arrives fails the test with its own error.
WORKER_SECONDS = 120


def _ingest_worker(settings: Settings, body: bytes, barrier) -> int:  # type: ignore[no-untyped-def]
    try:
        arc = Archive.open(settings)
    except BaseException:
        barrier.abort()  # the other worker stops waiting for this one instead of hanging
        raise
    with arc:
        barrier.wait(timeout=WORKER_SECONDS)
        return arc.ingest(URL, status=200, body=body).fetch_id


def _results(pending: list[AsyncResult]) -> list[int]:
    """Each worker's fetch id. If any worker failed, raise the first failure that is not just
    a worker let go from the barrier (BrokenBarrierError) because the other one failed."""
    deadline = time.monotonic() + WORKER_SECONDS + 60
    outcomes: list = []
    for result in pending:
        try:
            outcomes.append(result.get(timeout=max(deadline - time.monotonic(), 1)))
        except Exception as exc:
            outcomes.append(exc)
    errors = [o for o in outcomes if isinstance(o, Exception)]
    if errors:
        causes = [e for e in errors if not isinstance(e, threading.BrokenBarrierError)]
        raise (causes or errors)[0]
    return outcomes


def test_two_processes_ingesting_the_same_bytes(settings: Settings) -> None:
    Archive.open(settings).close()  # schema first, as `nianbao db upgrade` would
    body = b"%PDF-1.7 " + b"0" * 50_000
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(2)
        with ctx.Pool(2) as pool:
            ids = _results([pool.apply_async(_ingest_worker, (settings, body, barrier))
                            for _ in range(2)])
    assert len(set(ids)) == 2
    with Archive.open(settings) as arc:
        assert count(arc, Blob) == 1 and count(arc, Fetch) == 2
