"""A report published as a ZIP attachment (archive.members): the PDF inside is filed as a
document of its own, `jar:<zip URL>!/<member>`, with its own blob, under the same report and
with the same tables as the PDF itself; the member is never presented as a fetch of its own
(its source names the archive's fetch or import), and history/show say it came from the zip.
"""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from archive.catalogue.blobs import sha256
from archive.catalogue.models import Blob, Document, Fetch, Report, ReportVersion, VersionSource
from archive.config import Settings
from archive.core import Archive
from archive.members import member_url
from tests.archive.test_cli import run
from tests.samples import PDFS

PDF = PDFS / "13_hongze_2024.pdf"
MEMBER = "洪泽区2024年政府信息公开工作年度报告.pdf"
PAGE = "https://www.hongze.gov.cn/hzqrmzf/zfxxgkndbg/202501/t20250120_1.html"
ZIP_URL = "https://www.hongze.gov.cn/hzqrmzf/zfxxgkndbg/202501/P020250120_报告.zip"
AT = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def make_zip(path: Path) -> Path:
    """The report's PDF in a zip, beside a file that is no document."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MEMBER, PDF.read_bytes())
        zf.writestr("安装.exe", b"MZ" + bytes(100))
    return path


def tables(arc: Archive) -> list[tuple[str, int, dict]]:
    with arc.session() as s:
        rows = s.execute(select(Report.agency, Report.year, ReportVersion.record)
                         .join(ReportVersion)).all()
    return [(agency, year, record["tables"]) for agency, year, record in rows]


def test_an_imported_zip_gives_the_report_of_its_pdf(arc: Archive, tmp_path: Path) -> None:
    archive_path = make_zip(tmp_path / "洪泽区2024年报.zip")
    arc.import_file(archive_path)
    got = tables(arc)
    assert len(got) == 1 and got[0][:2] == ("淮安市洪泽区人民政府", 2024)
    with Archive.open(Settings.from_env({"NIANBAO_HOME": str(tmp_path / "twin")})) as twin:
        twin.import_file(PDF)  # the PDF itself, in an archive of its own
        assert tables(twin) == got

    with arc.session() as s:
        source = s.scalars(select(VersionSource)).one()
        doc = s.get(Document, source.document_id)
        fetch = s.get(Fetch, source.fetch_id)
        assert doc.url == member_url(archive_path.as_uri(), (MEMBER,))
        assert doc.url == f"jar:{archive_path.as_uri()}!/{MEMBER}"
        assert s.get(Document, doc.parent_id).url == archive_path.as_uri()  # held by the zip
        # the member's bytes are a blob of their own, with their own media type
        assert source.sha256 == sha256(PDF.read_bytes())
        assert s.get(Blob, source.sha256).media_type == "application/pdf"
        # ...but no fetch of their own: the source names the zip's import
        assert s.scalar(select(func.count()).select_from(Fetch)) == 1
        assert (fetch.imported_from, fetch.document_id) == (str(archive_path), doc.parent_id)
        assert fetch.sha256 == sha256(archive_path.read_bytes())
        # the executable was left out: no document, no blob
        assert s.scalar(select(func.count()).select_from(Document)) == 2


def test_the_zip_and_the_pdf_are_one_report_with_one_version(arc: Archive,
                                                             tmp_path: Path) -> None:
    """Fetched from the portal (the page links the zip), then the PDF twin imported: the
    same report, the same version, two sources."""
    arc.ingest(PAGE, status=200, body=b"<html><body><a href='x.zip'>x</a></body></html>",
               response_headers={"Content-Type": "text/html"}, role="report", fetched_at=AT)
    result = arc.ingest(ZIP_URL, status=200, body=make_zip(tmp_path / "a.zip").read_bytes(),
                        response_headers={"Content-Type": "application/zip"},
                        role="attachment", parent_url=PAGE, fetched_at=AT)
    arc.import_file(PDF)
    with arc.session() as s:
        assert s.scalar(select(func.count()).select_from(Report)) == 1
        version = s.scalars(select(ReportVersion)).one()
        sources = s.execute(select(Document.url, VersionSource.fetch_id)
                            .join(Document, Document.id == VersionSource.document_id)
                            .where(VersionSource.version_id == version.id)
                            .order_by(VersionSource.id)).all()
        fetched = s.get(Fetch, sources[0].fetch_id)
    member = f"jar:{ZIP_URL}!/{MEMBER}"
    # the member, the page that links the zip (as for any attachment), the imported twin
    assert [url for url, _ in sources] == [member, PAGE, PDF.resolve().as_uri()]
    assert sources[0].fetch_id == result.fetch_id  # the zip's fetch: status 200, from the web
    assert (fetched.status, fetched.origin, fetched.url) == (200, "fetched", ZIP_URL)
    assert version.cause == "published"


def test_history_and_show_say_the_zip_and_the_member(tmp_path: Path) -> None:
    env = {"NIANBAO_HOME": str(tmp_path / "data"), "COLUMNS": "400"}
    archive_path = make_zip(tmp_path / "洪泽区2024年报.zip").resolve()
    run("ingest", str(archive_path), env=env)
    member = f"jar:{archive_path.as_uri()}!/{MEMBER}"
    history = run("history", "淮安市洪泽区人民政府/2024", env=env).stdout
    assert f"from {archive_path}" in history and member in history
    shown = json.loads(run("show", member, "--json", env=env).stdout)
    assert [(s["url"], s["imported_from"], s["media_type"]) for s in shown["sources"]] == [
        (member, str(archive_path), "application/pdf")]
