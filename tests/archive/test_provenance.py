"""A file imported by hand is never presented as a capture (issue 15).

The report is crawled once (version 1, HTTP 200), then someone runs `nianbao ingest v2.txt
--url <the same URL>` with an edited copy. What the archive must say afterwards: version 2
was *imported* (from that path, by that user, at that time), not published or changed by the
publisher; the fetch log holds no HTTP status for it; and an imported file never makes a
report online or withdrawn.
"""

from __future__ import annotations

import getpass
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from archive.catalogue.models import Event, Fetch, ReportVersion, aware
from archive.config import Settings
from archive.core import Archive
from archive.reports import find_report
from archive.web import create_app
from tests.archive.test_cli import run
from tests.samples import REPORTS

URL = "https://www.beilun.gov.cn/xxgk/ndbg/t20250120_1.html"
TEXT = {"Content-Type": "text/plain; charset=utf-8"}
CRAWLED_AT = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
BEILUN = REPORTS / "002_0587ca1cc9f7563f.txt"  # 北仑区人民政府 2024
# The edited copy: one table cell (a number only the 2024 北仑 report prints) changed.
CELL_FROM, CELL_TO = b"474394", b"474395"


def crawl(arc: Archive, url: str, body: bytes | None, *, at: datetime,
          status: int = 200) -> None:
    """Record a fetch the way the crawler records one: status, headers, request."""
    arc.ingest(url, status=status, body=body, response_headers=TEXT if body else None,
               request_headers={"User-Agent": "nianbao-test"}, role="report", fetched_at=at)


def v1() -> bytes:
    return BEILUN.read_bytes()


def v2() -> bytes:
    edited = v1().replace(CELL_FROM, CELL_TO, 1)
    assert edited != v1()
    return edited


def importer() -> str:
    return f"{getpass.getuser()}@{socket.gethostname()}"


@dataclass
class Imported:
    """An archive with a crawled version 1 and an imported version 2 at the same URL."""

    env: dict[str, str]
    settings: Settings
    path: Path  # the imported file
    before: datetime  # just before `nianbao ingest` ran
    output: str  # what `nianbao ingest` printed

    def archive(self) -> Archive:
        return Archive.open(self.settings)


@pytest.fixture
def imported(tmp_path: Path) -> Imported:
    env = {"NIANBAO_HOME": str(tmp_path / "data"), "COLUMNS": "250"}
    settings = Settings.from_env(env)
    with Archive.open(settings) as arc:
        crawl(arc, URL, v1(), at=CRAWLED_AT)
    path = tmp_path / "downloads" / "v2.txt"
    path.parent.mkdir()
    path.write_bytes(v2())
    before = datetime.now(UTC)
    proc = run("ingest", str(path), "--url", URL, env=env)
    return Imported(env, settings, path.resolve(), before, proc.stdout)


def test_the_fetch_log_records_an_import_not_an_http_exchange(imported: Imported) -> None:
    assert "1 file(s) imported" in imported.output
    with imported.archive() as arc, arc.session() as s:
        crawled, got = s.scalars(select(Fetch).order_by(Fetch.fetched_at)).all()
    assert (crawled.origin, crawled.status, crawled.imported_from) == ("fetched", 200, None)
    assert got.origin == "imported"
    assert got.status is None  # nothing answered: no 200
    assert got.request_headers is None and got.response_headers is None  # nothing was sent
    assert got.method != "GET"
    assert got.imported_from == str(imported.path)
    assert got.imported_by == importer()
    assert got.url == URL  # filed where the report belongs
    assert got.content_type == "text/plain"
    assert imported.before <= aware(got.fetched_at) <= datetime.now(UTC)  # import time


def test_history_says_imported_never_changed_by_the_publisher(imported: Imported) -> None:
    text = run("history", URL, env=imported.env).stdout
    assert "published (first seen)" in text
    assert "imported from a local file (not a capture)" in text
    assert f"from {imported.path} by {importer()}" in text
    assert "changed" not in text

    events = json.loads(run("history", URL, "--json", env=imported.env).stdout)["events"]
    assert [e["kind"] for e in events] == ["published", "imported"]
    assert events[1]["detail"] == {"number": 2, "from": 1, "imported_from": str(imported.path),
                                   "imported_by": importer()}
    assert events[1]["url"] == URL


def test_the_change_feed_says_imported(imported: Imported) -> None:
    lines = [json.loads(line) for line in
             run("changes", "--json", env=imported.env).stdout.splitlines()]
    assert [e["kind"] for e in lines] == ["imported", "published"]  # newest first
    assert lines[0]["detail"]["imported_from"] == str(imported.path)
    text = run("changes", env=imported.env).stdout
    assert "imported from a local file" in text and "changed by the publisher" not in text


def test_show_names_the_imported_source(imported: Imported) -> None:
    shown = run("show", URL, env=imported.env).stdout
    assert "version 2 of 2 (imported)" in shown
    assert f"not fetched: imported from {imported.path} by {importer()}" in shown
    data = json.loads(run("show", URL, "--json", env=imported.env).stdout)
    assert [v["cause"] for v in data["versions"]] == ["published", "imported"]
    assert [src["imported_from"] for src in data["sources"]] == [str(imported.path)]


def test_the_jsonl_export_names_the_imported_source(imported: Imported, tmp_path: Path) -> None:
    out = tmp_path / "reports.jsonl"
    run("export", "--format", "jsonl", "--all-versions", "--out", str(out), env=imported.env)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["cause"] for line in lines] == ["published", "imported"]
    crawled, copy = lines[0]["sources"][0], lines[1]["sources"][0]
    assert crawled["url"] == copy["url"] == URL
    assert crawled["imported_from"] is None
    assert (copy["imported_from"], copy["imported_by"]) == (str(imported.path), importer())


def test_an_import_moves_no_last_seen_time(imported: Imported) -> None:
    """The crawl saw version 1 at CRAWLED_AT; the import is not a sighting of the URL."""
    with imported.archive() as arc, arc.session() as s:
        first, second = s.scalars(select(ReportVersion).order_by(ReportVersion.number)).all()
    assert aware(first.last_seen_at) == CRAWLED_AT
    assert aware(second.first_seen_at) == aware(second.last_seen_at) >= imported.before


@pytest.fixture
def client(imported: Imported) -> Iterator[TestClient]:
    with imported.archive() as arc, TestClient(create_app(arc)) as c:
        yield c


def report_id(client: TestClient) -> int:
    return int(client.get("/api/changes").json()["items"][0]["report_id"])


def test_the_api_says_imported(client: TestClient, imported: Imported) -> None:
    report = client.get(f"/api/reports/{report_id(client)}").json()
    assert [v["cause"] for v in report["versions"]] == ["published", "imported"]
    assert [e["kind"] for e in report["events"]] == ["published", "imported"]
    assert report["events"][1]["detail"]["imported_by"] == importer()
    (source,) = report["latest"]["sources"]
    assert (source["url"], source["imported_from"], source["imported_by"]) == \
        (URL, str(imported.path), importer())
    feed = client.get("/api/changes", params={"kind": "imported"}).json()
    assert feed["total"] == 1 and feed["items"][0]["version"] == 2
    assert client.get("/api/changes", params={"kind": "changed"}).json()["total"] == 0


def test_the_web_pages_say_imported(client: TestClient, imported: Imported) -> None:
    rid = report_id(client)
    page = client.get(f"/reports/{rid}", params={"lang": "en"}).text
    assert "imported from a local file (not a capture)" in page  # the timeline
    assert "imported file (not a capture)" in page  # the version's cause
    assert "changed by the publisher" not in page and "changed by publisher" not in page
    fetch_rows = page.split('class="data fetches"', 1)[1].split("</table>", 1)[0]
    assert f"not fetched: imported from {imported.path} by {importer()}" in fetch_rows
    assert fetch_rows.count("<td>200</td>") == 1  # only the crawl answered 200

    changes = client.get("/changes", params={"kind": "imported"}).text
    assert "imported from a local file (not a capture)" in changes
    assert f"from {imported.path} by {importer()}" in changes
    atom = client.get("/changes.atom").text
    assert '<category term="imported"/>' in atom and 'term="changed"' not in atom
    assert "not a capture" in atom


# --------------------------------------------------------------------------- the write path
def test_an_import_cannot_claim_an_http_status(arc: Archive, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no HTTP status"):
        arc.ingest(URL, status=200, body=v1(), origin="imported",
                   imported_from=str(tmp_path / "v1.txt"))
    with pytest.raises(ValueError, match="origin"):
        arc.ingest(URL, status=200, body=v1(), imported_from=str(tmp_path / "v1.txt"))


def test_bad_ingest_options_are_one_line(tmp_path: Path) -> None:
    env = {"NIANBAO_HOME": str(tmp_path / "data")}
    path = tmp_path / "v2.txt"
    path.write_bytes(v2())
    for args, named in ((["--url", "www.beilun.gov.cn/1.html"], "--url"),
                        (["--role", "page"], "--role")):
        proc = run("ingest", str(path), *args, env=env, check=False)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert proc.stderr.strip().startswith("nianbao: error:") and named in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1


def test_importing_the_same_file_again_adds_no_version(arc: Archive, tmp_path: Path) -> None:
    crawl(arc, URL, v1(), at=CRAWLED_AT)
    path = tmp_path / "v2.txt"
    path.write_bytes(v2())
    arc.import_file(path, url=URL)
    again = arc.import_file(path, url=URL)
    assert not again.new_blob
    with arc.session() as s:
        assert [e.kind for e in s.scalars(select(Event).order_by(Event.id))] == \
            ["published", "imported"]
        assert s.scalar(select(Fetch.origin).where(Fetch.id == again.fetch_id)) == "imported"


def test_a_crawl_still_showing_the_old_page_is_no_change(arc: Archive, tmp_path: Path) -> None:
    """Version 2 came from a file; the publisher's page still shows version 1. That is a
    sighting of version 1, not an edit back to it."""
    crawl(arc, URL, v1(), at=CRAWLED_AT)
    path = tmp_path / "v2.txt"
    path.write_bytes(v2())
    arc.import_file(path, url=URL)
    crawl(arc, URL, v1(), at=datetime.now(UTC) + timedelta(days=1))
    with arc.session() as s:
        assert [e.kind for e in s.scalars(select(Event).order_by(Event.id))] == \
            ["published", "imported"]
        assert len(s.scalars(select(ReportVersion)).all()) == 2


def test_the_publishers_next_edit_is_told_against_what_was_fetched(arc: Archive,
                                                                   tmp_path: Path) -> None:
    """Crawled v1, imported v2, then the publisher edits its page (v3): the change is from
    v1, what the publisher was last seen serving, not from the hand-imported file."""
    crawl(arc, URL, v1(), at=CRAWLED_AT)
    path = tmp_path / "v2.txt"
    path.write_bytes(v2())
    arc.import_file(path, url=URL)
    edited = v1().replace(b"474394", b"474396", 1)
    crawl(arc, URL, edited, at=datetime.now(UTC) + timedelta(days=1))
    with arc.session() as s:
        changed = s.scalars(select(Event).where(Event.kind == "changed")).one()
    assert changed.detail["number"] == 3 and changed.detail["from"] == 1


def test_the_first_crawl_after_an_import_is_published_not_changed(arc: Archive,
                                                                   tmp_path: Path) -> None:
    """Only an import came before: a different crawled record is the first capture."""
    path = tmp_path / "v1.txt"
    path.write_bytes(v1())
    arc.import_file(path, url=URL)
    crawl(arc, URL, v2(), at=datetime.now(UTC) + timedelta(days=1))
    with arc.session() as s:
        causes = [v.cause for v in s.scalars(select(ReportVersion).order_by(ReportVersion.number))]
        kinds = [e.kind for e in s.scalars(select(Event).order_by(Event.id))]
    assert causes == ["imported", "published"] and kinds == ["imported", "published"]


# --------------------------------------------------------------------------- online or gone
def status_and_events(arc: Archive) -> tuple[str, list[str]]:
    with arc.session() as s:
        report = find_report(s, "北仑区人民政府/2024")
        kinds = [e.kind for e in s.scalars(select(Event).where(Event.report_id == report.id)
                                           .order_by(Event.id))]
        return report.status, kinds


def test_an_import_does_not_restore_a_withdrawn_report(arc: Archive, tmp_path: Path) -> None:
    crawl(arc, URL, v1(), at=CRAWLED_AT)
    for day in (1, 2):
        crawl(arc, URL, None, status=404, at=CRAWLED_AT + timedelta(days=day))
    assert status_and_events(arc) == ("withdrawn", ["published", "withdrawn"])
    path = tmp_path / "v1.txt"
    path.write_bytes(v1())
    arc.import_file(path, url=URL)  # someone's saved copy: proves nothing about the URL
    assert status_and_events(arc) == ("withdrawn", ["published", "withdrawn"])
    crawl(arc, URL, v1(), at=datetime.now(UTC) + timedelta(days=1))  # the page is back
    assert status_and_events(arc) == ("online", ["published", "withdrawn", "restored"])


def test_a_url_known_only_from_an_import_keeps_no_report_online(arc: Archive,
                                                                tmp_path: Path) -> None:
    """The crawled URL is gone; the other URL only ever had a file imported for it, which
    says nothing about whether it is online: the report is withdrawn."""
    crawl(arc, URL, v1(), at=CRAWLED_AT)
    path = tmp_path / "v1.txt"
    path.write_bytes(v1())
    arc.import_file(path, url="https://www.beilun.gov.cn/mirror/2024.html")
    for day in (1, 2):
        crawl(arc, URL, None, status=404, at=CRAWLED_AT + timedelta(days=day))
    status, kinds = status_and_events(arc)
    assert status == "withdrawn" and kinds == ["published", "withdrawn"]  # no new_source

