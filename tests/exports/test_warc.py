"""The WARC export read back with warcio: request and response records for every fetch
with a body, revisits for repeated payloads and 304s, the exact archived bytes, and
`warcio check` passing."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.timeutils import iso_date_to_datetime

from archive.exports import export
from archive.filters import Filters
from tests.exports.conftest import Built

IDENTICAL = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


def read(path: Path) -> list[dict[str, Any]]:
    """Every record as a dict of its WARC headers, HTTP status and payload."""
    out = []
    with path.open("rb") as fh:
        for rec in ArchiveIterator(fh):
            headers = dict(rec.rec_headers.headers)
            out.append({**headers, "type": rec.rec_type,
                        "status": rec.http_headers.get_statuscode() if rec.http_headers else None,
                        "http": rec.http_headers,
                        "payload": rec.content_stream().read()})
    return out


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def warcio_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(path)],
                          capture_output=True, text=True, timeout=120)


def test_every_fetch_becomes_records_with_the_exact_bytes(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "archive.warc.gz"
    summary = export(built.arc, "warc", out, Filters())
    records = read(out)

    assert records[0]["type"] == "warcinfo"
    assert all(r["WARC-Type"] == r["type"] for r in records)
    assert records[0]["WARC-Record-ID"] and "WARC/1.1" not in records[0]["payload"].decode()
    responses = [r for r in records if r["type"] == "response"]
    assert len(responses) == 8  # seven reports and the republished one
    for r in responses:
        body = r["payload"]
        assert r["WARC-Payload-Digest"] == sha1_b32(body)
        assert r["status"] == "200" and r["http"].get_header("Content-Type").startswith("text/")
        assert int(r["http"].get_header("Content-Length")) == len(body)
    assert {r["WARC-Target-URI"]: r["payload"] for r in responses}[built.edited_url] == \
        built.bodies[built.edited_url]  # the latest bytes at that URL, byte for byte
    first_sample = built.urls["000_d707c82d816c5970"]
    assert next(r for r in responses if r["WARC-Target-URI"] == first_sample)["payload"] == \
        built.bodies[first_sample]

    requests = [r for r in records if r["type"] == "request"]
    ids = {r["WARC-Record-ID"] for r in records}
    assert len(requests) == 11  # every fetch but the one that never got a response
    assert all(r["WARC-Concurrent-To"] in ids for r in requests)
    assert all(r["http"].get_header("User-Agent") == "nianbao-test" for r in requests)
    assert requests[0]["http"].protocol == "GET"
    assert summary.skipped == 1 and summary.revisits == 3
    assert [r["type"] for r in records].count("metadata") == 1  # the 304's own headers
    assert summary.records == len(records) == 1 + 8 + 3 + 1 + 11


def test_warc_dates_are_the_fetch_times(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "archive.warc.gz"
    export(built.arc, "warc", out, Filters())
    dates = [iso_date_to_datetime(r["WARC-Date"]) for r in read(out)
             if r["type"] in ("response", "revisit")]

    answered = built.fetch_times[:-1]  # the last fetch timed out
    assert [d.replace(tzinfo=None) for d in dates] == [t.replace(tzinfo=None) for t in answered]


def test_repeats_and_304s_are_revisits(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "archive.warc.gz"
    export(built.arc, "warc", out, Filters())
    records = read(out)
    first_sample = built.urls["000_d707c82d816c5970"]
    original = next(r for r in records
                    if r["type"] == "response" and r["WARC-Target-URI"] == first_sample)
    revisits = [r for r in records if r["type"] == "revisit"]

    same_url, mirror, not_modified = revisits
    for r in (same_url, mirror):
        assert r["WARC-Profile"] == IDENTICAL
        assert r["WARC-Payload-Digest"] == original["WARC-Payload-Digest"]
        assert r["WARC-Refers-To-Target-URI"] == first_sample
        assert r["WARC-Refers-To-Date"] == original["WARC-Date"]
        assert r["payload"] == b""  # the bytes are in the original record only
    assert mirror["WARC-Target-URI"] == built.mirror_url
    # A 304 refers to the last capture of its URL and carries no HTTP block, so replay
    # tools serve that capture; the 304's own status and headers are a metadata record.
    refers_to = next(r for r in records if r["type"] == "response"
                     and r["WARC-Target-URI"] == built.not_modified_url)
    assert not_modified["WARC-Profile"] == NOT_MODIFIED
    assert not_modified["WARC-Refers-To-Target-URI"] == built.not_modified_url
    assert not_modified["WARC-Refers-To"] == refers_to["WARC-Record-ID"]
    assert not_modified["WARC-Payload-Digest"] == refers_to["WARC-Payload-Digest"]
    assert not_modified["http"] is None and not_modified["payload"] == b""
    meta = next(r for r in records if r["type"] == "metadata")
    assert meta["WARC-Concurrent-To"] == not_modified["WARC-Record-ID"]
    assert meta["payload"].decode().splitlines() == [
        "HTTP-Status-Line: HTTP/1.1 304 Not Modified", 'ETag: "v1"']


def test_warcio_check_passes(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "archive.warc.gz"
    export(built.arc, "warc", out, Filters())
    proc = warcio_check(out)

    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("digest pass") == 1 + 8 + 1 + 11
    assert proc.stdout.count("not checked (revisit)") == 3  # warcio skips revisits


def test_each_record_is_gzipped_on_its_own(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "archive.warc.gz"
    export(built.arc, "warc", out, Filters())
    with out.open("rb") as fh:
        it = ArchiveIterator(fh)
        offsets = [it.get_record_offset() for _ in it]
    data = out.read_bytes()
    assert all(data[o:o + 2] == b"\x1f\x8b" for o in offsets)  # a gzip member per record

    plain = tmp_path / "archive.warc"
    export(built.arc, "warc", plain, Filters())
    assert plain.read_bytes().startswith(b"WARC/1.1\r\n")


def test_filters_keep_the_fetches_behind_the_chosen_reports(built: Built,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "beilun.warc.gz"
    export(built.arc, "warc", out, Filters.parse(["agency=北仑区人民政府", "all_versions"]))
    records = read(out)

    uris = {r["WARC-Target-URI"] for r in records if r["type"] != "warcinfo"}
    assert uris == {built.edited_url}
    assert [r["type"] for r in records[1:]] == ["response", "request"] * 2
    assert "agency=北仑区人民政府" in records[0]["payload"].decode()
    assert warcio_check(out).returncode == 0
