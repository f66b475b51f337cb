"""Versions, events and diffs as a user meets them: a report is published, edited,
re-rendered, moved, withdrawn and restored, and the archive tells exactly what happened.

The documents are real HTML pages and PDFs generated from the sample reports."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from archive import Archive
from archive.catalogue.models import CrawlRun, Event, Report, ReportVersion
from archive.curation import merge, reparse, split
from archive.reports import changes, diff_versions, find_report, history
from tests.fixtures import make_fixtures as mf

URL = "https://www.bl.gov.cn/art/2025/1/20/art_1229_5.html"
T0 = datetime(2025, 1, 20, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def doc() -> mf.ReportDoc:
    return next(d for d in mf.samples() if d.stem.startswith("002"))


def page(doc: mf.ReportDoc, *, views: int = 1024) -> bytes:
    html = mf.make_html(doc, "trs").decode("utf-8")
    return re.sub(r'<em id="count">\d+</em>', f'<em id="count">{views}</em>', html).encode()


def fetch(arc: Archive, body: bytes | None, *, url: str = URL, hours: int = 0,
          status: int = 200, media: str = "text/html; charset=utf-8", run_id: int | None = None,
          portal: str | None = None):  # type: ignore[no-untyped-def]
    return arc.ingest(url, status=status, body=body, response_headers={"Content-Type": media},
                      role="report", fetched_at=T0 + timedelta(hours=hours), run_id=run_id,
                      portal_key=portal)


def versions(arc: Archive) -> list[ReportVersion]:
    with arc.session() as s:
        return list(s.scalars(select(ReportVersion).order_by(ReportVersion.number)))


def kinds(arc: Archive) -> list[str]:
    with arc.session() as s:
        return [e.kind for e in history(s, find_report(s, "北仑区人民政府/2024"))]


def test_first_fetch_publishes_version_1(arc: Archive, doc: mf.ReportDoc) -> None:
    fetch(arc, page(doc))
    [v1] = versions(arc)
    assert v1.number == 1 and v1.cause == "published"
    assert v1.record["tables"]["active_disclosure"]["licensing"]["decisions"] == 474394
    assert kinds(arc) == ["published"]


def test_one_corrected_cell_is_a_version_whose_diff_names_only_that_cell(
        arc: Archive, doc: mf.ReportDoc) -> None:
    fetch(arc, page(doc))
    fetch(arc, page(mf.edited(doc, "474394", "474395")), hours=24)
    assert [v.number for v in versions(arc)] == [1, 2]
    assert kinds(arc) == ["published", "changed"]
    with arc.session() as s:
        vd = diff_versions(s, find_report(s, URL))
    assert [(c.path, c.old, c.new) for c in vd.diff.cells] == [
        ("active_disclosure.licensing.decisions", 474394, 474395)]
    assert vd.diff.sections == {} and vd.diff.checks_started == [] == vd.diff.checks_stopped


def test_rewritten_paragraph_is_a_word_level_text_diff(arc: Archive, doc: mf.ReportDoc) -> None:
    fetch(arc, page(doc))
    fetch(arc, page(mf.edited(doc, "举办新闻发布会5次", "举办新闻发布会7次")), hours=24)
    with arc.session() as s:
        vd = diff_versions(s, find_report(s, "北仑区人民政府/2024"))
    assert vd.diff.cells == []
    [(name, ops)] = vd.diff.sections.items()
    assert name == "overview"
    assert [op for op in ops if op[0] != "="] == [("-", "5"), ("+", "7")]


@pytest.mark.usefixtures("cjk_font")
def test_page_chrome_and_pdf_metadata_changes_are_not_versions(
        arc: Archive, doc: mf.ReportDoc) -> None:
    first = fetch(arc, page(doc, views=1024))
    second = fetch(arc, page(doc, views=2048), hours=24)
    assert second.new_blob and second.sha256 != first.sha256
    pdf = mf.make_pdf(doc)
    resaved = mf.resave_pdf(pdf)
    assert resaved != pdf
    pdf_url = URL.replace(".html", ".pdf")
    fetch(arc, pdf, url=pdf_url, media="application/pdf", hours=25)
    fetch(arc, resaved, url=pdf_url, media="application/pdf", hours=48)
    [v1] = versions(arc)
    assert v1.last_seen_at.replace(tzinfo=UTC) == T0 + timedelta(hours=48)
    assert kinds(arc) == ["published", "new_source"]
    with arc.session() as s:
        assert find_report(s, pdf_url).id == find_report(s, URL).id


def test_moved_report_is_the_same_report_at_a_new_url(arc: Archive, doc: mf.ReportDoc) -> None:
    fetch(arc, page(doc))
    moved = URL.replace("art_1229_5", "art_1300_77")
    fetch(arc, page(doc), url=moved, hours=24)
    assert len(versions(arc)) == 1
    assert kinds(arc) == ["published", "new_source"]
    with arc.session() as s:
        assert find_report(s, moved).id == find_report(s, URL).id


def test_removed_report_is_withdrawn_after_the_second_miss_and_restored(
        arc: Archive, doc: mf.ReportDoc) -> None:
    fetch(arc, page(doc))
    fetch(arc, b"<html>404 Not Found</html>", status=404, hours=24)
    assert kinds(arc) == ["published"], "one miss is not yet a withdrawal"
    fetch(arc, "<html><title>页面不存在</title></html>".encode(), status=404, hours=48)
    assert kinds(arc) == ["published", "withdrawn"]
    fetch(arc, page(doc), hours=72)
    assert kinds(arc) == ["published", "withdrawn", "restored"]
    assert len(versions(arc)) == 1


def test_report_absent_from_two_complete_crawls_is_withdrawn(
        arc: Archive, doc: mf.ReportDoc) -> None:
    arc.ensure_portal("bl", name="北仑区人民政府")
    run = arc.start_run("bl")
    fetch(arc, page(doc), run_id=run, portal="bl")
    arc.finish_run(run, status="finished", stats={})
    for _ in range(2):  # the list page no longer links it; nothing fetches it
        run = arc.start_run("bl")
        arc.finish_run(run, status="finished", stats={})
    assert kinds(arc) == ["published", "withdrawn"]


def test_flip_back_is_a_new_version_that_says_so(arc: Archive, doc: mf.ReportDoc) -> None:
    fetch(arc, page(doc))
    fetch(arc, page(mf.edited(doc, "474394", "474395")), hours=1)
    fetch(arc, page(doc), hours=2)
    assert [(v.number, v.same_as) for v in versions(arc)] == [(1, None), (2, None), (3, 1)]


def test_parser_changes_are_attributed_to_the_parser(
        arc: Archive, doc: mf.ReportDoc, monkeypatch: pytest.MonkeyPatch) -> None:
    fetch(arc, page(doc))
    import parsers.record
    import parsers.version

    real_to_dict = parsers.record.Record.to_dict

    def better_parser(self):  # type: ignore[no-untyped-def]
        out = real_to_dict(self)
        out["parser"]["version"] = "99.0"
        out["sections"]["other"] = (out["sections"].get("other") or "") + "（补充）"
        return out

    monkeypatch.setattr(parsers.record.Record, "to_dict", better_parser)
    summary = reparse(arc)
    assert (summary.reports, summary.changed) == (1, 1)
    v1, v2 = versions(arc)
    assert v2.cause == "parser" and v2.parser_version == "99.0"
    assert kinds(arc) == ["published", "reparsed"]
    with arc.session() as s:
        assert [e.kind for e, _ in changes(s)] == ["reparsed", "published"]
    assert reparse(arc).changed == 0, "a second reparse with the same parser changes nothing"


def test_abbreviated_agency_names_are_one_report_and_can_be_split(arc: Archive) -> None:
    sample = next(d for d in mf.samples() if d.stem.startswith("001"))  # 北关区工信局
    fetch(arc, mf.make_html(sample, "trs"), url="https://gxj.example.gov.cn/a.html")
    long_name = mf.ReportDoc(sample.stem, sample.title.replace("工信局", "工业和信息化局"),
                             [b.replace("工信局", "工业和信息化局") if isinstance(b, str) else b
                              for b in sample.blocks], sample.values)
    fetch(arc, mf.make_html(long_name, "trs"), url="https://www.example.gov.cn/b.html", hours=1)
    with arc.session() as s:
        reports = list(s.scalars(select(Report)))
        assert len(reports) == 1 and reports[0].identity_rule.startswith("abbreviation")
        new = split(s, reports[0], "北关区工业和信息化局")
        assert new.id != reports[0].id
    with arc.session() as s:
        a = find_report(s, "北关区工信局/2024")
        b = find_report(s, "https://www.example.gov.cn/b.html")
        assert a.id != b.id
        merge(s, a, b, "same bureau")
    with arc.session() as s:
        assert s.scalars(select(Report)).all()[0].versions[-1].number == 2
        assert {e.kind for e in s.scalars(select(Event))} >= {"split", "merged"}


def test_report_lookup_errors_are_readable(arc: Archive) -> None:
    from archive.errors import NotFoundError

    with arc.session() as s:
        for spec in ("999", "无此机关/2024", "https://nowhere.gov.cn/x.html", "nonsense"):
            with pytest.raises(NotFoundError):
                find_report(s, spec)


def test_a_report_page_that_cannot_be_read_is_named_in_its_crawl_and_health(
        arc: Archive, doc: mf.ReportDoc) -> None:
    from archive.health import problems

    arc.ensure_portal("bl", name="北仑区人民政府")
    run = arc.start_run("bl")
    fetch(arc, page(doc), run_id=run, portal="bl")
    junk = "<html><body><div id='zoom'>" + "页面内容加载中，请稍候。" * 40 + "</div></body></html>"
    fetch(arc, junk.encode(), url="https://www.bl.gov.cn/art/2025/1/20/art_2.html", run_id=run,
          portal="bl")
    arc.finish_run(run, status="finished", stats={})
    with arc.session() as s:
        stats = s.get(CrawlRun, run).stats
    assert stats["unread"] == 1
    assert stats["unread_reports"] == [{"url": "https://www.bl.gov.cn/art/2025/1/20/art_2.html",
                                        "why": "not recognised as an annual report"}]
    said = problems(stats, "finished", None, None)
    assert said == ["1 report document(s) could not be read (first: "
                    "https://www.bl.gov.cn/art/2025/1/20/art_2.html: not recognised as an annual report)"]
