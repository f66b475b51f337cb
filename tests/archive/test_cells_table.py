"""The `cells` table: every cell of every version as a row SQL can read without JSON
functions. Its numbers are the ones the report prints; it follows republication, merges and
splits; and an archive made before it existed (revision 0004) gets it filled on upgrade.
On SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, inspect, select, text

from archive import Archive
from archive.catalogue import migrate
from archive.catalogue.db import make_engine
from archive.catalogue.models import Report, ReportVersion
from archive.config import Settings
from archive.curation import merge, split
from archive.reports import find_report
from archive.versions import record_hash
from parsers import parse_text
from tests.search.conftest import REPORTS, ingest_samples, republish_beilun

BEILUN = "北仑区人民政府"
#: What 北仑's report prints (tests/fixtures/samples/reports/002_…): 580 new requests from
#: natural persons, 585 in all, 15 administrative reviews.
PRINTED = {"requests.new.natural_person": 580, "requests.new.total": 585,
           "review_litigation.review.total": 15}

#: Rows whose report columns disagree with the versions and reports they belong to.
STALE = text("""
    SELECT count(*) FROM cells c
    JOIN report_versions v ON v.id = c.version_id JOIN reports r ON r.id = v.report_id
    WHERE c.report_id <> v.report_id OR c.version <> v.number OR c.agency <> r.agency
       OR c.year <> r.year
       OR c.latest <> (NOT EXISTS (SELECT 1 FROM report_versions n
                                   WHERE n.report_id = v.report_id AND n.number > v.number))""")


def printed(session: Any, agency: str, path: str) -> list[tuple[int, bool, float | None]]:
    """(version, latest, value) of one cell of an agency's report, by SQL."""
    rows = session.execute(text(
        "SELECT version, latest, value FROM cells WHERE agency = :agency AND path = :path "
        "ORDER BY version"), {"agency": agency, "path": path}).all()
    return [(v, bool(latest), value) for v, latest, value in rows]


def test_sql_over_cells_gives_the_numbers_the_report_prints(arc: Archive) -> None:
    ingest_samples(arc)
    with arc.session() as s:
        for path, number in PRINTED.items():
            assert printed(s, BEILUN, path) == [(1, True, number)]
        label = s.scalar(text("SELECT label FROM cells WHERE path = 'requests.new.total' "
                              "AND agency = :a"), {"a": BEILUN})
        assert label == "一、本年新收政府信息公开申请数量 · 总计"
        top = s.execute(text("SELECT agency, value FROM cells WHERE latest = :yes AND "
                             "path = 'requests.new.total' ORDER BY value DESC"),
                        {"yes": True}).all()
        assert top[0] == (BEILUN, 585) and len(top) == 5
        # one row per template cell of each version: 200 in a 2021 report
        per_version = s.execute(text("SELECT count(*) FROM cells GROUP BY version_id")).scalars()
        assert set(per_version) == {200}
        assert s.execute(STALE).scalar() == 0


def test_a_new_version_takes_the_latest_mark(arc: Archive) -> None:
    ingest_samples(arc)
    republish_beilun(arc)
    with arc.session() as s:
        assert printed(s, BEILUN, "requests.new.total") == [(1, False, 585), (2, True, 585)]
        assert s.execute(STALE).scalar() == 0


def test_merge_and_split_carry_the_cells_with_their_versions(arc: Archive) -> None:
    ingest_samples(arc)
    with arc.session() as s:
        keep = find_report(s, "北关区工信局/2024")
        other = find_report(s, "北关区行政审批和政务信息管理局/2024")
        keep_id, other_id = keep.id, other.id
        merge(s, keep, other, "test")
    with arc.session() as s:
        assert s.execute(STALE).scalar() == 0
        moved = s.execute(text("SELECT DISTINCT report_id, agency FROM cells WHERE "
                               "report_id IN (:a, :b)"), {"a": keep_id, "b": other_id}).all()
        assert moved == [(keep_id, "北关区工信局")]
        assert s.scalar(text("SELECT count(*) FROM cells WHERE report_id = :a AND latest = :yes"),
                        {"a": keep_id, "yes": True}) == 200
        split(s, s.get(Report, keep_id), "北关区行政审批和政务信息管理局")
    with arc.session() as s:
        assert s.execute(STALE).scalar() == 0
        agencies = s.execute(text("SELECT agency, count(*) FROM cells WHERE latest = :yes "
                                  "GROUP BY agency ORDER BY agency"), {"yes": True}).all()
        assert ("北关区工信局", 200) in agencies
        assert ("北关区行政审批和政务信息管理局", 200) in agencies


def test_upgrading_an_archive_made_at_0004_fills_the_cells(settings: Settings) -> None:
    settings.ensure_home()
    engine = make_engine(settings.db_url)
    migrate.upgrade(engine, "0004")
    assert "cells" not in inspect(engine).get_table_names()
    beilun = next(p for p in REPORTS if "北仑" in p.read_text(encoding="utf-8")[:200])
    first = parse_text(beilun.read_text(encoding="utf-8")).to_dict()
    second = parse_text(beilun.read_text(encoding="utf-8").replace("\t580\n", "\t581\n", 1)
                        ).to_dict()
    assert second["tables"]["requests"]["new"]["natural_person"] == 581
    with engine.begin() as conn:
        report_id = conn.execute(insert(Report).values(
            agency=BEILUN, agency_key=BEILUN, year=2024).returning(Report.id)).scalar_one()
        for number, record in enumerate((first, second), 1):
            conn.execute(insert(ReportVersion).values(
                report_id=report_id, number=number, record=record,
                record_hash=record_hash(record), parser_version="test"))
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert printed(conn, BEILUN, "requests.new.natural_person") == [(1, False, 580),
                                                                        (2, True, 581)]
        assert conn.execute(STALE).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM cells")).scalar() == 400
    engine.dispose()


def test_the_backfill_writes_what_filing_writes(arc: Archive) -> None:
    """Down to 0004 (the table goes) and up again: the same rows as filed live."""
    ingest_samples(arc)
    republish_beilun(arc)
    query = select(text("version_id, report_id, version, latest, agency, year, table_key, "
                        "row_key, column_key, path, label, value")).select_from(
        text("cells")).order_by(text("version_id, path"))
    with arc.engine.connect() as conn:
        live = conn.execute(query).all()
    from alembic import command

    cfg = migrate.alembic_config(arc.engine)
    with arc.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    assert "cells" not in inspect(arc.engine).get_table_names()
    migrate.upgrade(arc.engine)
    with arc.engine.connect() as conn:
        assert conn.execute(query).all() == live
    assert len(live) == 6 * 200
