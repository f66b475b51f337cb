"""A report's life on a real (local) portal, crawled again and again: published, its page
chrome and PDF metadata churn, a cell is corrected, a paragraph rewritten, the page moves,
its PDF is swapped under an unchanged page, the report is taken down and put back, and the
parser improves. After each crawl the
archive must hold exactly the expected versions and events."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from archive import Archive
from archive.catalogue.models import Event, Report, ReportVersion
from archive.curation import reparse
from archive.reports import diff_versions, find_report
from crawler.runner import run_crawl
from crawler.sample_portal.server import Site
from tests.crawler.conftest import FAST
from tests.fixtures import make_fixtures as mf

COLUMN = "/xxgk/zfxxgknb/"
PAGE_A = "/xxgk/zfxxgknb/202501/t20250120_11.html"        # 北仑区人民政府 2024, an HTML report
PAGE_B = "/xxgk/zfxxgknb/202501/t20250122_12.html"        # 北关区工信局 2024: a page + its PDF
PDF_B = "/xxgk/zfxxgknb/202501/P020250122000012.pdf"
PAGE_B_MOVED = "/xxgk/zfxxgknb/bmnb/202502/t20250210_13.html"
SETTINGS = FAST | {"DOWNLOAD_TIMEOUT": 60}  # a loaded CI machine must not time out


class Portal:
    """The column, its reports, and the edits an agency makes between crawls."""

    def __init__(self, tmp: Path) -> None:
        docs = {d.stem[:3]: d for d in mf.samples()}
        self.a, self.b = docs["002"], docs["001"]
        self.views = 1000
        self.listed = {"A": PAGE_A, "B": PAGE_B}
        self.site = Site(files={})
        self.pdf = mf.make_pdf(self.b)
        self.publish()
        self.base, self.stop = self.site.serve()

    def page_a(self, doc: mf.ReportDoc) -> bytes:
        self.views += 17  # a view counter: changes on every visit, means nothing
        html = mf.make_html(doc, "trs").decode()
        return re.sub(r'<em id="count">\d+</em>', f'<em id="count">{self.views}</em>',
                      html).encode()

    def publish(self, a: mf.ReportDoc | None = None) -> None:
        files = self.site.files
        files.clear()
        items = []
        if "A" in self.listed:
            files[self.listed["A"]] = self.page_a(a or self.a)
            items.append((self.a.title, self.listed["A"]))
        if "B" in self.listed:
            files[self.listed["B"]] = mf.make_attachment_page(self.b.title, href=PDF_B)
            files[PDF_B] = self.pdf
            items.append((self.b.title, self.listed["B"]))
        links = "".join(f'<li><a href="{u}">{t}</a></li>' for t, u in items)
        files[COLUMN + "index.html"] = (
            '<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>'
            f'<h2>政府信息公开年报</h2><ul>{links}</ul></body></html>').encode()
        files["/robots.txt"] = b"User-agent: *\nAllow: /\n"

    def crawl(self) -> None:
        summary = run_crawl([], urls=[self.base.rstrip("/") + COLUMN], url_key="rep",
                            url_name="北仑区人民政府", settings_overrides=SETTINGS, progress=False)
        assert summary.ok and summary.errors == 0, (summary.failures, summary.log_file)


def first_value_set(doc: mf.ReportDoc, value: str) -> mf.ReportDoc:
    """The report with its first table value (规章 本年制发件数) printed as `value`."""
    first = doc.tables[0]
    rows, done = [], False
    for row in first.rows:
        cells = []
        for c in row:
            if not done and c.text.strip().isdigit():
                c, done = mf.Cell(value, c.rowspan, c.colspan), True
            cells.append(c)
        rows.append(cells)
    blocks = [mf.DocTable(rows) if b is first else b for b in doc.blocks]
    return mf.ReportDoc(doc.stem, doc.title, blocks, doc.values)


@pytest.fixture
def portal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Portal]:
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("NIANBAO_DB_URL", raising=False)
    monkeypatch.delenv("NIANBAO_STORE_URL", raising=False)
    p = Portal(tmp_path)
    yield p
    p.stop()


def timeline(arc: Archive, spec: str) -> list[str]:
    with arc.session() as s:
        report = find_report(s, spec)
        return [e.kind for e in s.scalars(select(Event).where(Event.report_id == report.id)
                                          .order_by(Event.at, Event.id))]


def numbers(arc: Archive, spec: str) -> list[tuple[int, str]]:
    with arc.session() as s:
        report = find_report(s, spec)
        return [(v.number, v.cause) for v in s.scalars(
            select(ReportVersion).where(ReportVersion.report_id == report.id)
            .order_by(ReportVersion.number))]


def test_a_report_life_across_crawls(portal: Portal, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = "北仑区人民政府/2024", "北关区工信局/2024"
    portal.crawl()
    with Archive.open() as arc:
        assert numbers(arc, a) == [(1, "published")] and numbers(arc, b) == [(1, "published")]
        assert find_report_id(arc, portal.base + PAGE_B[1:]) == find_report_id(arc, b), \
            "the page that links the PDF is a source of the PDF's report"
        with arc.session() as s:
            assert len(s.scalars(select(Report)).all()) == 2

    # Only the page chrome (a view counter) and the PDF's metadata change: no new versions.
    portal.pdf = mf.resave_pdf(portal.pdf)
    portal.publish()
    portal.crawl()
    with Archive.open() as arc:
        assert numbers(arc, a) == [(1, "published")] and numbers(arc, b) == [(1, "published")]

    # One table cell corrected.
    corrected = mf.edited(portal.a, "474394", "474395")
    portal.publish(corrected)
    portal.crawl()
    with Archive.open() as arc, arc.session() as s:
        vd = diff_versions(s, find_report(s, a))
        assert [(c.path, c.old, c.new) for c in vd.diff.cells] == [
            ("active_disclosure.licensing.decisions", 474394, 474395)]
        assert vd.diff.sections == {}

    # A paragraph rewritten.
    rewritten = mf.edited(corrected, "举办新闻发布会5次", "举办新闻发布会6次")
    portal.publish(rewritten)
    portal.crawl()
    with Archive.open() as arc, arc.session() as s:
        vd = diff_versions(s, find_report(s, a))
        assert vd.diff.cells == []
        assert [op for op in vd.diff.sections["overview"] if op[0] != "="] == [("-", "5"),
                                                                            ("+", "6")]
        assert numbers(arc, a) == [(1, "published"), (2, "changed"), (3, "changed")]

    # B's page moves to a new URL: the same report, seen at a new address.
    portal.listed["B"] = PAGE_B_MOVED
    portal.publish(rewritten)
    portal.crawl()
    with Archive.open() as arc:
        assert numbers(arc, b) == [(1, "published")]
        assert timeline(arc, b) == ["published", "new_source"]
        assert find_report_id(arc, portal.base + PAGE_B_MOVED[1:]) == find_report_id(arc, b)

    # B's PDF is swapped for a corrected one under an unchanged page (which answers 304).
    portal.pdf = mf.make_pdf(first_value_set(portal.b, "3"))
    portal.publish(rewritten)
    portal.crawl()
    with Archive.open() as arc, arc.session() as s:
        vd = diff_versions(s, find_report(s, b))
        assert (vd.old.number, vd.new.number, vd.new.cause) == (1, 2, "changed")
        assert [(c.path, c.old, c.new) for c in vd.diff.cells] == [
            ("active_disclosure.rules.issued", 0, 3)]

    # A is taken down: withdrawn only after the second crawl that no longer finds it.
    del portal.listed["A"]
    portal.publish()
    portal.crawl()
    with Archive.open() as arc:
        assert "withdrawn" not in timeline(arc, a)
    portal.crawl()
    with Archive.open() as arc:
        assert timeline(arc, a)[-1] == "withdrawn"

    # A is put back (as it was before it went away): restored, no new version.
    portal.listed["A"] = PAGE_A
    portal.publish(rewritten)
    portal.crawl()
    with Archive.open() as arc:
        assert timeline(arc, a)[-2:] == ["withdrawn", "restored"]
        assert len(numbers(arc, a)) == 3

    # The parser improves: the changes it makes are the parser's, not the agency's.
    import parsers.record

    real = parsers.record.Record.to_dict

    def newer_parser(self):  # type: ignore[no-untyped-def]
        out = real(self)
        out["parser"]["version"] = "99.0"
        out["sections"]["other"] = (out["sections"].get("other") or "") + "（新版解析器）"
        return out

    monkeypatch.setattr(parsers.record.Record, "to_dict", newer_parser)
    with Archive.open() as arc:
        summary = reparse(arc)
        assert summary.changed == 2
        assert numbers(arc, a)[-1] == (4, "parser") and numbers(arc, b)[-1] == (3, "parser")
        assert timeline(arc, a)[-1] == "reparsed" and timeline(arc, b)[-1] == "reparsed"
        assert timeline(arc, b).count("changed") == 1  # the PDF swap; the parser's is not one


def find_report_id(arc: Archive, spec: str) -> int:
    with arc.session() as s:
        return find_report(s, spec).id
