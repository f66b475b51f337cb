"""The compliance report over a synthetic archive whose every agency is one case: on time,
late, missing, recycled, inconsistent, edited after the deadline, withdrawn, abolished.

Every report is the vendored 北仑区人民政府 2024 report (tests/fixtures/samples/reports/002_*)
with another agency's name, another year and, where a case needs it, other numbers or
text; it is ingested as a crawl would (fetch times set, so first sightings are known), and
a withdrawal is two 404 answers, as on the web. Deadlines (Regulation art. 49) are Beijing
time: governments 31 March 2025, departments 31 January 2025.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from archive.compliance import compliance, flat_columns, masked, similarity
from archive.config import Settings
from archive.core import Archive
from archive.deadlines import due_date, due_end
from archive.registry import find_agency, retire
from tests.clirun import nianbao
from tests.samples import REPORTS

SAMPLE = next(REPORTS.glob("002_*.txt")).read_text(encoding="utf-8")  # 北仑区人民政府 2024
PORTAL = "ningbo"
SITE = "http://www.ningbo.gov.cn"
TEXT = {"Content-Type": "text/plain; charset=utf-8"}
HTML = {"Content-Type": "text/html; charset=utf-8"}


def beijing(day: str, hour: int = 10) -> datetime:
    """A fetch time given as a Beijing day and hour, stored in UTC."""
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+08:00").astimezone(UTC)


# --- the generated reports ------------------------------------------------------------------

#: Line numbers (0-based) of the sample's requests cells this file changes, and what the
#: sample prints there: 本年新收 科研机构 and 总计, 结转下年度 per column.
NEW_RESEARCH, NEW_TOTAL = 81, 85
FORWARD = range(336, 343)  # 自然人 … 总计 of 四、结转下年度继续办理


def report_text(agency: str, year: int, *, consistent: bool = True,
                forward: tuple[int, ...] | None = None, fresh_text: bool = False,
                corrected: bool = False) -> str:
    """The sample report as `agency`'s for `year`.

    consistent: the sample's two requests.balance failures repaired (one request by a
    research institution and one more carried forward; otherwise the sample's numbers);
    forward: the 结转下年度继续办理 row (six columns and 总计) instead of the sample's;
    fresh_text: every paragraph of the narrative rewritten (reversed), so it shares
    nothing with another year's; corrected: 行政许可 decisions 474394 printed as 474395
    (an edit that leaves the checks as they were)."""
    lines = SAMPLE.splitlines()
    if consistent:
        assert (lines[NEW_RESEARCH], lines[NEW_TOTAL]) == ("\t0", "\t585")
        lines[NEW_RESEARCH], lines[NEW_TOTAL] = "\t1", "\t586"
        forward = forward or (2, 1, 0, 0, 0, 0, 3)
    if forward is not None:
        assert [line.strip() for line in lines[FORWARD.start:FORWARD.stop]] == \
            ["1", "1", "0", "0", "0", "0", "2"]
        for i, value in zip(FORWARD, forward, strict=True):
            lines[i] = f"\t{value}"
    if corrected:
        at = lines.index("\t474394")
        lines[at] = "\t474395"
    if fresh_text:
        lines = [line[::-1] if len(line) > 60 and not line.startswith(("\t", " ")) else line
                 for line in lines]
    text = "\n".join(lines) + "\n"
    district = agency[:3]  # 镇海区 of 镇海区人民政府 or 镇海区教育局
    text = text.replace("北仑区人民政府", agency, 1).replace("北仑区", district)
    return re.sub(r"202[45]", lambda m: str(int(m.group()) - 2024 + year), text)


def as_page(text: str, published: str) -> bytes:
    """The report as an HTML page that prints its publication date (<meta PubDate>)."""
    lines = text.splitlines()
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return (f'<!doctype html><html><head><meta charset="utf-8"><meta name="PubDate" '
            f'content="{published}"><title>{html.escape(lines[0] + lines[2])}</title></head>'
            f"<body>{body}</body></html>").encode()


def put(arc: Archive, path: str, body: bytes | str, at: datetime, *,
        page: bool = False) -> str:
    """A report fetched from the portal at `at`; its URL."""
    url = f"{SITE}/{path}"
    arc.ingest(url, status=200, body=body if isinstance(body, bytes) else body.encode(),
               response_headers=HTML if page else TEXT, role="report", fetched_at=at,
               portal_key=PORTAL)
    return url


def fill(arc: Archive) -> dict[str, str]:
    """The synthetic archive (see the module docstring); the URLs tests look at."""
    arc.ensure_portal(PORTAL, name="宁波市人民政府", region="浙江省宁波市", level="city",
                      base_url=f"{SITE}/")
    # the archive looked at the portal before either deadline: later sightings are late
    arc.ingest(f"{SITE}/col/ndbg/index.html", status=200, body=b"<html>annual reports</html>",
               response_headers=HTML, role="list", fetched_at=beijing("2025-01-10"),
               portal_key=PORTAL)
    last_year = beijing("2024-03-15")
    urls = {}
    # on time, with a page date; last year's report matches it across years
    urls["beilun"] = put(arc, "beilun/2024.html",
                         as_page(report_text("北仑区人民政府", 2024), "2025-03-20"),
                         beijing("2025-03-20"), page=True)
    put(arc, "beilun/2023.txt", report_text("北仑区人民政府", 2023, fresh_text=True,
                                            forward=(9, 0, 0, 0, 0, 1, 10)), last_year)
    # late: first seen 15 April, and the page itself says 14 April
    put(arc, "zhenhai/2024.html", as_page(report_text("镇海区人民政府", 2024), "2025-04-14"),
        beijing("2025-04-15"), page=True)
    # missing: published for 2023, nothing for 2024
    put(arc, "jiangbei/2023.txt", report_text("江北区人民政府", 2023), last_year)
    # recycled: last year's text again, with other figures
    put(arc, "yinzhou/2024.txt", report_text("鄞州区人民政府", 2024), beijing("2025-03-25"))
    put(arc, "yinzhou/2023.txt", report_text("鄞州区人民政府", 2023,
                                             forward=(9, 0, 0, 0, 0, 1, 10)), last_year)
    # inconsistent: the sample's own numbers (two requests.balance failures), and last
    # year carried forward 7 where this year says 10 were carried over
    put(arc, "haishu/2024.txt", report_text("海曙区人民政府", 2024, consistent=False),
        beijing("2025-03-28"))
    put(arc, "haishu/2023.txt", report_text("海曙区人民政府", 2023, fresh_text=True,
                                            forward=(6, 0, 0, 0, 0, 1, 7)), last_year)
    # edited after the deadline: a corrected table on 20 May
    urls["fenghua"] = put(arc, "fenghua/2024.txt", report_text("奉化区人民政府", 2024),
                          beijing("2025-03-10"))
    put(arc, "fenghua/2024.txt", report_text("奉化区人民政府", 2024, corrected=True),
        beijing("2025-05-20"))
    # a department: due 31 January, first seen 10 February
    put(arc, "beilun/jyj/2024.txt", report_text("北仑区教育局", 2024), beijing("2025-02-10"))
    # withdrawn: on time, then the address answers 404 twice
    urls["zhenhai_jyj"] = put(arc, "zhenhai/jyj/2024.txt", report_text("镇海区教育局", 2024),
                              beijing("2025-01-20"))
    for day in ("2025-06-01", "2025-06-02"):
        arc.ingest(urls["zhenhai_jyj"], status=404, body=b"not found", response_headers=TEXT,
                   role="report", fetched_at=beijing(day), portal_key=PORTAL)
    # abolished before its deadline: published for 2023, not expected for 2024
    put(arc, "jiangbei/jyj/2023.txt", report_text("江北区教育局", 2023), last_year)
    with arc.session() as s:
        retire(s, find_agency(s, "江北区教育局"), on=date(2024, 12, 31))
    return urls


@pytest.fixture
def filled(arc: Archive) -> tuple[Archive, dict[str, str]]:
    """The synthetic archive on each catalogue backend."""
    return arc, fill(arc)


@pytest.fixture
def home(sqlite_settings: Settings) -> Path:
    """The synthetic archive in a data directory the `nianbao` command is pointed at."""
    with Archive.open(sqlite_settings) as archive:
        fill(archive)
    return sqlite_settings.home


#: The expected table: each agency's status per finding (published, on_time, page_date,
#: format, checks, cross_year, recycled, edited, withdrawn).
EXPECTED = {
    "北仑区人民政府": ("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "镇海区人民政府": ("ok", "flag", "flag", "ok", "ok", "n/a", "n/a", "ok", "ok"),
    "江北区人民政府": ("flag", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a"),
    "鄞州区人民政府": ("ok", "ok", "unknown", "ok", "ok", "ok", "flag", "ok", "ok"),
    "海曙区人民政府": ("ok", "ok", "unknown", "ok", "flag", "flag", "ok", "ok", "ok"),
    "奉化区人民政府": ("ok", "ok", "unknown", "ok", "ok", "n/a", "n/a", "flag", "ok"),
    "北仑区教育局": ("ok", "flag", "unknown", "ok", "ok", "n/a", "n/a", "ok", "ok"),
    "镇海区教育局": ("ok", "ok", "unknown", "ok", "ok", "n/a", "n/a", "ok", "flag"),
}


def test_the_synthetic_archive_gives_exactly_the_expected_table(filled) -> None:
    arc, _ = filled
    with arc.session() as s:
        report = compliance(s, 2024)
    table = {row.agency: tuple(row.findings[n].status for n in row.findings)
             for row in report.rows}
    assert table == EXPECTED
    assert {row.portal for row in report.rows} == {PORTAL}
    assert report.counts() == {"agencies": 8, "published": 7, "missing": 1, "on_time": 5,
                               "late": 2, "on_time_unknown": 0, "flagged": 7}


def test_each_finding_carries_its_evidence(filled) -> None:
    arc, urls = filled
    with arc.session() as s:
        rows = {row.agency: row for row in compliance(s, 2024).rows}
    late = rows["镇海区人民政府"].findings["on_time"]
    assert late.short == "LATE 2025-04-15"
    assert late.evidence["first_seen"]["at"] == "2025-04-15T10:00:00+08:00"
    assert late.evidence["first_seen"]["url"] == f"{SITE}/zhenhai/2024.html"
    # the portal's last page fetched before the deadline: the report was not there yet
    assert late.evidence["last_fetch_before_deadline"] | {"fetch_id": 0} == {
        "fetch_id": 0, "url": f"{SITE}/haishu/2024.txt", "at": "2025-03-28T10:00:00+08:00"}
    assert rows["镇海区人民政府"].findings["page_date"].evidence["published"] == "2025-04-14"
    assert rows["北仑区人民政府"].findings["page_date"].short == "2025-03-20"

    department = rows["北仑区教育局"]
    assert (department.deadline, department.kind) == (date(2025, 1, 31), "department")
    assert department.findings["on_time"].short == "LATE 2025-02-10"

    missing = rows["江北区人民政府"].findings["published"]
    assert missing.short == "MISSING"
    assert missing.evidence["expected_because"] == ["published for 2023"]
    assert missing.evidence["last_report"]["report"] == "江北区人民政府/2023"

    recycled = rows["鄞州区人民政府"].findings["recycled"]
    assert recycled.evidence["previous"]["report"] == "鄞州区人民政府/2023"
    assert recycled.evidence["similarity"]["overview"] == 1.0  # figures masked
    assert rows["北仑区人民政府"].findings["recycled"].evidence["similarity"]["overview"] < 0.5

    checks = rows["海曙区人民政府"].findings["checks"]
    assert [(c["rule"], c["where"], c["detail"]) for c in checks.evidence["failing"]] == [
        ("requests.balance", "natural_person", "580+9 != 587+1"),
        ("requests.balance", "research_institution", "0+0 != 1+0")]
    cross = rows["海曙区人民政府"].findings["cross_year"]
    assert cross.short == "10≠7"
    assert cross.evidence["requests.carried_over.total"] == 10
    assert cross.evidence["previous"]["report"] == "海曙区人民政府/2023"
    assert rows["北仑区人民政府"].findings["cross_year"].short == "10=10"

    edited = rows["奉化区人民政府"].findings["edited"]
    [edit] = edited.evidence["edits"]
    assert (edit["version"], edit["from"], edit["first_seen"]) == (
        2, 1, "2025-05-20T10:00:00+08:00")
    assert edit["diff"].endswith("/diff?from=1&to=2")
    assert edit["fetch"]["url"] == urls["fenghua"]

    withdrawn = rows["镇海区教育局"].findings["withdrawn"]
    assert withdrawn.short == "WITHDRAWN 2025-06-02"
    assert [e["kind"] for e in withdrawn.evidence["events"]] == ["withdrawn"]


def test_an_agency_abolished_before_its_deadline_is_not_missing(filled) -> None:
    arc, _ = filled
    with arc.session() as s:
        agencies = {row.agency for row in compliance(s, 2024).rows}
        assert "江北区教育局" not in agencies
        # abolished after its deadline it would have owed the report
        retire(s, find_agency(s, "江北区教育局"), on=date(2025, 2, 1))
        assert "江北区教育局" in {row.agency for row in compliance(s, 2024).rows}


def test_the_deadline_is_the_end_of_the_day_in_beijing() -> None:
    assert due_date(2024, "government") == date(2025, 3, 31)
    assert due_date(2024, "department") == date(2025, 1, 31)
    assert due_date(2024, None, "某某县人民政府") == date(2025, 3, 31)
    assert due_date(2024, "other", "某某县档案馆") == date(2025, 1, 31)
    end = due_end(2024, "government")
    assert end.astimezone(UTC) == datetime(2025, 3, 31, 16, 0, tzinfo=UTC)
    assert beijing("2025-03-31", 23) < end <= beijing("2025-04-01", 0)


def test_similarity_masks_figures() -> None:
    a = "全年公开政府信息35626条，编发政府公报12期。" * 40
    b = a.replace("35626", "30001").replace("12期", "11期")
    assert similarity(masked(a), masked(b)) == 1.0
    assert similarity(masked(a), masked(a[::-1])) < 0.5


def test_filters_by_portal_and_region(filled) -> None:
    arc, _ = filled
    with arc.session() as s:
        assert {r.agency for r in compliance(s, 2024, region="镇海区").rows} == {
            "镇海区人民政府", "镇海区教育局"}
        assert len(compliance(s, 2024, portal=PORTAL).rows) == 8
    from archive.compliance import ComplianceError

    with arc.session() as s, pytest.raises(ComplianceError, match="no portal 'nope'"):
        compliance(s, 2024, portal="nope")


def test_the_command_prints_json_csv_and_the_table(home: Path, tmp_path: Path) -> None:
    done = nianbao(["compliance", "--year", "2024", "--format", "json"], home=home,
                   cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert {r["agency"]: tuple(f["status"] for f in r["findings"].values())
            for r in rows} == EXPECTED

    done = nianbao(["compliance", "--year", "2024", "--out", str(tmp_path / "c.csv")],
                   home=home, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    import csv

    with open(tmp_path / "c.csv", encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert list(table[0]) == flat_columns()
    assert {r["agency"]: r["withdrawn"] for r in table}["镇海区教育局"] == "flag"

    done = nianbao(["compliance", "--year", "2024", "--out", str(tmp_path / "c.xlsx")],
                   home=home, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "c.xlsx").active
    assert [c.value for c in sheet[1]] == flat_columns()
    assert sheet.max_row == 9

    done = nianbao(["compliance", "--year", "2024"], home=home, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "宁波市人民政府 (ningbo): 8 agencies" in done.stdout
    assert "LATE 2025-04-15" in done.stdout and "MISSING" in done.stdout
    assert "海曙区人民政府/2024  checks: 2 failing: requests.balance natural_person" \
        in done.stdout


def test_bad_input_is_one_line(home: Path, tmp_path: Path) -> None:
    for args, message in (
            ([], "give --year YEAR"),
            (["--year", "2024", "--format", "pdf"], "unknown --format 'pdf'"),
            (["--year", "2024", "--format", "xlsx"], "give --out FILE.xlsx"),
            (["--year", "2024", "--portal", "nope"], "no portal 'nope' in the archive")):
        done = nianbao(["compliance", *args], home=home, cwd=tmp_path)
        assert done.returncode == 1
        assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


@pytest.mark.slow
def test_after_the_demo_the_sample_agencies_are_listed_with_their_findings(
        tmp_path: Path) -> None:
    home = tmp_path / "home"
    demo = nianbao(["demo"], home=home, cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    done = nianbao(["compliance", "--year", "2024", "--format", "json"], home=home,
                   cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = {r["report"] or r["agency"]: r for r in json.loads(done.stdout)}
    assert set(rows) == {
        "北仑区人民政府/2024", "北关区行政审批和政务信息管理局/2024", "淮安市洪泽区人民政府/2024",
        "淮安市人民政府/2024", "北关区工信局/2024", "孟津区行政审批和政务信息管理局/2024",
        "北关区红旗路街道办事处"}  # published for 2023 only: missing
    beilun = rows["北仑区人民政府/2024"]
    assert beilun["portal"] == "sample" and beilun["deadline"] == "2025-03-31"
    assert beilun["findings"]["checks"]["status"] == "flag"
    assert {(c["rule"], c["where"]) for c in beilun["findings"]["checks"]["evidence"]["failing"]
            } == {("requests.balance", "natural_person"),
                  ("requests.balance", "research_institution")}
    assert beilun["findings"]["page_date"] == {
        "status": "ok", "short": "2025-03-31",
        "summary": "the page says published 2025-03-31, by the deadline 2025-03-31",
        "evidence": {"published": "2025-03-31", "version": 1, "deadline": "2025-03-31",
                     "url": "http://sample-portal.nianbao.test/zwgk/zfxxgknb/202503/"
                            "t20250331_1001.html"}}
    assert rows["北关区红旗路街道办事处"]["findings"]["published"]["short"] == "MISSING"
    hongze = rows["淮安市洪泽区人民政府/2024"]["findings"]
    assert hongze["cross_year"]["evidence"]["previous"]["report"] == "洪泽区人民政府/2023"
    # the demo crawls today: nothing tells whether the reports were out by the deadline
    assert {r["findings"]["on_time"]["status"] for r in rows.values()} == {"unknown", "n/a"}
