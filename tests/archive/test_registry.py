"""The agency registry: one agency across years and printings, homonyms kept apart, uncertain
names left for review, hand decisions that override the rules, and what a government
should expect to see published. On SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select

from archive import Archive
from archive.catalogue import migrate
from archive.catalogue.db import make_engine
from archive.catalogue.models import Agency, AgencyReview, Event, Report, ReportVersion
from archive.config import Settings
from archive.registry import (
    agency_reports,
    assign,
    expected_publishers,
    find_agency,
    merge,
    resolve_all,
    retire,
    series,
)
from archive.reports import find_report
from archive.versions import record_hash
from parsers import parse_text
from tests.samples import REPORTS

BEILUN_TEXT = next(p for p in sorted(REPORTS.glob("*.txt")) if "北仑" in p.read_text(encoding="utf-8")[:300]
                   ).read_text(encoding="utf-8")


def report_as(agency: str, year: int, *, natural_persons: int | None = None) -> bytes:
    """北仑's real report, printed as another agency's for another year."""
    text = BEILUN_TEXT.replace("北仑区人民政府", agency).replace("2024", str(year))
    if natural_persons is not None:
        text = text.replace("\t580\n", f"\t{natural_persons}\n", 1)
    return text.encode("utf-8")


def publish(arc: Archive, portal: str, agency: str, year: int, **kw: int) -> None:
    """A portal (named as its government) publishes a report of `agency` for `year`."""
    arc.ensure_portal(portal, name=portal)
    arc.ingest(f"https://{abs(hash(portal)) % 10**6}.gov.cn/ndbg/{year}-{abs(hash(agency))}.html",
               status=200, body=report_as(agency, year, **kw), portal_key=portal,
               response_headers={"Content-Type": "text/plain; charset=utf-8"}, role="report")


def agency_of(arc: Archive, name: str, year: int) -> Agency | None:
    with arc.session() as s:
        report = find_report(s, f"{name}/{year}")
        return s.get(Agency, report.agency_id) if report.agency_id else None


def test_two_printings_of_one_agency_are_one_agency_with_one_series(arc: Archive) -> None:
    publish(arc, "洪泽区人民政府", "淮安市洪泽区人民政府", 2024, natural_persons=600)
    publish(arc, "洪泽区人民政府", "洪泽区人民政府", 2023)
    newer, older = agency_of(arc, "淮安市洪泽区人民政府", 2024), agency_of(arc, "洪泽区人民政府", 2023)
    assert newer is not None and newer.id == older.id
    assert (newer.region_code, newer.region_path) == ("320813", "江苏省淮安市洪泽区")
    assert (newer.level, newer.kind) == ("county", "government")
    with arc.session() as s:
        # either printing finds either year's report
        assert find_report(s, "洪泽区人民政府/2024").agency == "淮安市洪泽区人民政府"
        assert find_report(s, "淮安市洪泽区人民政府/2023").agency == "洪泽区人民政府"
        points = series(s, find_agency(s, "洪泽区人民政府"),
                        [("自然人", "requests.new.natural_person"),
                         ("新收", "requests.new.total")])
    assert [p["year"] for p in points] == [2023, 2024]
    assert [p["values"]["requests.new.natural_person"] for p in points] == [580, 600]
    assert [p["values"]["requests.new.total"] for p in points] == [585, 585]  # as printed


def test_one_agency_printed_two_ways_in_one_year_is_one_report(arc: Archive) -> None:
    publish(arc, "淮安市人民政府", "淮安市洪泽区人民政府", 2024)
    publish(arc, "洪泽区人民政府", "洪泽区人民政府", 2024)
    with arc.session() as s:
        reports = s.scalars(select(Report)).all()
    assert len(reports) == 1


def test_homonyms_in_different_cities_stay_apart_and_a_bare_one_is_left_for_review(
        arc: Archive) -> None:
    publish(arc, "南京市鼓楼区人民政府", "南京市鼓楼区人民政府", 2024)
    publish(arc, "徐州市鼓楼区人民政府", "徐州市鼓楼区人民政府", 2024)
    publish(arc, "某门户", "鼓楼区人民政府", 2023)  # a portal that places nothing
    nanjing, xuzhou = agency_of(arc, "南京市鼓楼区人民政府", 2024), agency_of(
        arc, "徐州市鼓楼区人民政府", 2024)
    assert nanjing.region_code == "320106" and xuzhou.region_code == "320302"
    assert agency_of(arc, "鼓楼区人民政府", 2023) is None
    with arc.session() as s:
        review = s.scalars(select(AgencyReview)).one()
        assert review.name == "鼓楼区人民政府"
        assert {"320106|人民政府", "320302|人民政府"} <= set(review.candidates)
        assert "review" in review.rule
        # a hand decision settles it and overrides the rules from then on
        report = find_report(s, "鼓楼区人民政府/2023")
        assign(s, report, find_agency(s, "南京市鼓楼区人民政府"))
        resolve_all(s)
    assert agency_of(arc, "鼓楼区人民政府", 2023).region_code == "320106"
    with arc.session() as s:
        assert s.scalars(select(AgencyReview)).all() == []
        assert len(agency_reports(s, find_agency(s, "南京市鼓楼区人民政府"))) == 2


def test_a_hand_merge_joins_two_agencies_and_records_it_on_the_reports(arc: Archive) -> None:
    publish(arc, "北关区人民政府", "北关区政务服务中心", 2020)
    publish(arc, "北关区人民政府", "北关区行政审批和政务信息管理局", 2024)
    old, new = agency_of(arc, "北关区政务服务中心", 2020), agency_of(
        arc, "北关区行政审批和政务信息管理局", 2024)
    assert old.id != new.id  # different own parts: the rules never merge them
    with arc.session() as s:
        merge(s, s.get(Agency, old.id), s.get(Agency, new.id))
        resolved = resolve_all(s)
        assert resolved.changed == 1
        reports = agency_reports(s, find_agency(s, "北关区政务服务中心"))
        assert [(r.agency, r.year) for r in reports] == [
            ("北关区政务服务中心", 2020), ("北关区行政审批和政务信息管理局", 2024)]
        moved = s.scalars(select(Event).where(Event.kind == "identity")).one()
        assert moved.detail["from"] == old.key and moved.detail["to"] == new.key
        # no version is made by a registry change
        assert s.scalars(select(ReportVersion)).all().__len__() == 2


def test_expected_publishers_follow_the_registry_and_earlier_years(arc: Archive) -> None:
    publish(arc, "淮安市洪泽区人民政府", "淮安市洪泽区人民政府", 2024)
    publish(arc, "淮安市洪泽区人民政府", "洪泽区教育局", 2023)
    publish(arc, "淮安市洪泽区人民政府", "洪泽区体育局", 2023)
    publish(arc, "淮安市洪泽区人民政府", "洪泽区教育局", 2024)
    with arc.session() as s:
        government = find_agency(s, "洪泽区人民政府")
        expected = {e.agency.name: e for e in expected_publishers(s, government, 2024)}
        assert set(expected) == {"洪泽区教育局", "洪泽区体育局"}
        assert expected["洪泽区教育局"].published and not expected["洪泽区体育局"].published
        retire(s, find_agency(s, "洪泽区体育局"), on=date(2024, 6, 30))
        after = {e.agency.name for e in expected_publishers(s, government, 2024)}
        assert after == {"洪泽区教育局"}


def test_an_upgraded_archive_gets_its_agencies(settings: Settings) -> None:
    settings.ensure_home()
    engine = make_engine(settings.db_url)
    migrate.upgrade(engine, "0005")
    record = parse_text(report_as("淮安市洪泽区人民政府", 2024).decode()).to_dict()
    with engine.begin() as conn:
        report_id = conn.execute(insert(Report).values(
            agency="淮安市洪泽区人民政府", agency_key="淮安市洪泽区人民政府", year=2024,
        ).returning(Report.id)).scalar_one()
        conn.execute(insert(ReportVersion).values(
            report_id=report_id, number=1, record=record, record_hash=record_hash(record),
            parser_version="test"))
    engine.dispose()
    with Archive.open(settings) as arc, arc.session() as s:
        agency = s.get(Agency, s.get(Report, report_id).agency_id)
        assert agency is not None and agency.key == "320813|人民政府"
