"""The agency pages and `/api/agencies`, on SQLite and on PostgreSQL: 洪泽区 printed two
ways across three years (the real 2023 and 2024 reports, and a 2022 report without its
review and litigation table) is one agency, with its names, reports, chart and numbers;
北仑区 (another province) for the filters and the search facets; and a headless Chromium
that sees the chart drawn."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from archive.config import Settings
from archive.core import Archive
from archive.registry import SERIES_CELLS, find_agency
from archive.reports import find_report, get_version
from archive.web import create_app
from parsers.layout import cell_value
from tests.samples import PDFS, REPORTS
from tests.web.browser import browser_missing, chromium, serve
from tests.web.test_api import checked, spec  # noqa: F401 (a fixture)

SVG = "{http://www.w3.org/2000/svg}"
TEXT = {"Content-Type": "text/plain; charset=utf-8"}
PDF = {"Content-Type": "application/pdf"}
BEILUN = REPORTS / "002_0587ca1cc9f7563f.txt"  # 北仑区人民政府 2024
REVIEW_CELLS = [path for _, path in SERIES_CELLS if path.startswith("review_litigation.")]


def hongze_2022() -> bytes:
    """A 2022 report of 洪泽区人民政府 that lacks part four (the review and litigation
    table): the 北仑 sample with its region and year changed and that part cut out."""
    text = BEILUN.read_text(encoding="utf-8").replace("北仑区", "洪泽区").replace("2024", "2022")
    start, end = text.index("四、政府信息公开行政复议"), text.index("五、存在的主要问题")
    return (text[:start] + text[end:]).encode("utf-8")


@dataclass
class Hongze:
    agency: int  # 洪泽区人民政府 in the registry
    reports: dict[int, int]  # year → report id
    beilun: int  # 北仑区人民政府, another agency in another province


def fill_hongze(arc: Archive) -> Hongze:
    """Ingest 洪泽区's three reports (printed 洪泽区人民政府 in 2022 and 2023, 淮安市洪泽区人民政府
    in 2024) and 北仑区's 2024 report, as fetched pages."""
    base = "http://www.hongze.gov.cn/zwgk/ndbg"
    arc.ingest(f"{base}/2023.pdf", status=200, body=(PDFS / "12_hongze_2023.pdf").read_bytes(),
               response_headers=PDF, role="report")
    arc.ingest(f"{base}/2024.pdf", status=200, body=(PDFS / "13_hongze_2024.pdf").read_bytes(),
               response_headers=PDF, role="report")
    arc.ingest(f"{base}/2022.html", status=200, body=hongze_2022(), response_headers=TEXT,
               role="report")
    arc.ingest("http://www.bl.gov.cn/art/2025/nb.html", status=200, body=BEILUN.read_bytes(),
               response_headers=TEXT, role="report")
    with arc.session() as s:
        return Hongze(
            agency=find_agency(s, "洪泽区人民政府").id,
            reports={year: find_report(s, f"{base}/{year}.{'html' if year == 2022 else 'pdf'}").id
                     for year in (2022, 2023, 2024)},
            beilun=find_agency(s, "北仑区人民政府").id)


@pytest.fixture(scope="module")
def hongze(web_arc: Archive) -> Hongze:
    return fill_hongze(web_arc)


@pytest.fixture
def client(web_arc: Archive, hongze: Hongze) -> Iterator[TestClient]:
    with TestClient(create_app(web_arc)) as c:
        yield c


def chart_of(html: str) -> ET.Element:
    """The series chart's SVG, parsed (it must be well-formed XML)."""
    section = html[html.index('id="series"'):]
    return ET.fromstring(re.search(r"<svg.*?</svg>", section, re.S).group(0))  # type: ignore[union-attr]


def series_table(html: str) -> dict[str, dict[str, str]]:
    """The numbers under the chart: year → cell path → the text shown."""
    table = html[html.index('id="series-table"'):html.index("</table>", html.index(
        'id="series-table"'))]
    rows = {}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table, re.S):
        year = re.search(r">(\d{4})</a>", row).group(1)  # type: ignore[union-attr]
        rows[year] = {path: re.sub(r"<[^>]+>", "", text) for path, text in re.findall(
            r'<td class="num[^"]*" data-path="([^"]+)">(.*?)</td>', row, re.S)}
    return rows


def shown(value: Any) -> str:
    """A record cell as the page prints it."""
    return str(int(value)) if float(value).is_integer() else str(value)


# --------------------------------------------------------------------------- the page
def test_one_agency_across_its_printed_names_and_years(client: TestClient,
                                                       hongze: Hongze) -> None:
    html = client.get(f"/agencies/{hongze.agency}").text
    assert re.search(r'<h1 id="agency-name">(淮安市)?洪泽区人民政府</h1>', html)
    assert "江苏省淮安市洪泽区" in html and "320813" in html and "县级" in html
    aliases = re.findall(r'<td class="alias">([^<]+)</td>', html)
    assert sorted(aliases) == ["洪泽区人民政府", "淮安市洪泽区人民政府"]
    reports = html[html.index('id="reports"'):html.index('id="series"')]
    for year, report_id in hongze.reports.items():
        assert f'href="/reports/{report_id}"' in reports and f"<td>{year}</td>" in reports
    assert "淮安市洪泽区人民政府 2024" in reports and "洪泽区人民政府 2023" in reports
    assert f'href="/agencies/{hongze.beilun}"' not in html  # another agency altogether


def test_the_chart_has_a_point_per_year_and_a_gap_where_a_number_is_missing(
        client: TestClient, hongze: Hongze) -> None:
    svg = chart_of(client.get(f"/agencies/{hongze.agency}").text)
    points: dict[str, dict[str, str]] = {}
    for p in svg.iter(f"{SVG}circle"):
        points.setdefault(p.get("data-line") or "", {})[p.get("data-column") or ""] = \
            p.get("data-value") or ""
    assert set(points) == {label for label, _ in SERIES_CELLS}
    assert set(points["新收申请"]) == {"2022", "2023", "2024"}
    assert points["新收申请"]["2022"] == "585"  # labelled with its value
    assert points["行政复议"].keys() == {"2023", "2024"}  # 2022 printed no such table
    segments = [s.get("data-line") for s in svg.iter(f"{SVG}line")
                if s.get("class") == "segment"]
    assert segments.count("新收申请") == 2 and segments.count("行政复议") == 1  # no line to 2022
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert {"2022", "2023", "2024", "新收申请", "复议后起诉"} <= set(texts)  # axis and legend


def test_the_table_under_the_chart_gives_the_reports_own_numbers(
        client: TestClient, web_arc: Archive, hongze: Hongze) -> None:
    html = client.get(f"/agencies/{hongze.agency}").text
    table = series_table(html)
    assert set(table) == {"2022", "2023", "2024"}
    with web_arc.session() as s:
        for year, report_id in hongze.reports.items():
            report = find_report(s, str(report_id))
            tables = (get_version(s, report).record or {}).get("tables")
            for _, path in SERIES_CELLS:
                value = cell_value(tables, path)
                assert table[str(year)][path] == ("—" if value is None else shown(value)), \
                    (year, path)
    assert [table["2022"][p] for p in REVIEW_CELLS] == ["—", "—", "—"]  # missing, not 0
    assert table["2023"]["review_litigation.review.total"] == "0"


def test_reports_link_to_their_agency_and_chart_its_years(client: TestClient,
                                                          hongze: Hongze) -> None:
    html = client.get(f"/reports/{hongze.reports[2023]}").text
    assert f'<a href="/agencies/{hongze.agency}" id="agency-link">' in html
    # the per-year chart follows the agency, not the name printed this year
    assert "<title>2022: 585</title>" in html and "<title>2024: 95</title>" in html


def test_the_list_filters_by_region_level_and_kind(client: TestClient, hongze: Hongze) -> None:
    page = client.get("/agencies").text
    assert f'href="/agencies/{hongze.agency}"' in page and f'href="/agencies/{hongze.beilun}"' in page
    assert "2022, 2023, 2024" in page  # the years 洪泽区 has reports for
    jiangsu = client.get("/agencies", params={"region": "江苏"}).text
    assert f'/agencies/{hongze.agency}"' in jiangsu and f'/agencies/{hongze.beilun}"' not in jiangsu
    by_code = client.get("/agencies", params={"region": "3302"}).text  # 宁波市
    assert f'/agencies/{hongze.beilun}"' in by_code and f'/agencies/{hongze.agency}"' not in by_code
    assert "没有符合条件的机构" in client.get("/agencies", params={"level": "prefecture"}).text
    assert "共 2 个机构" in client.get("/agencies", params={"kind": "government",
                                                             "level": "county"}).text
    bad = client.get("/agencies", params={"level": "city"})
    assert bad.status_code == 400
    assert "province, prefecture, county, township" in bad.text and 'value="city"' not in bad.text


def test_an_unknown_agency_is_a_404_however_large_its_id(client: TestClient) -> None:
    for agency_id in ("999999", "0", "-1", str(2**31), str(2**63 - 1), str(2**63), str(2**70)):
        page = client.get(f"/agencies/{agency_id}")
        assert page.status_code == 404 and "no agency" in page.text, agency_id
        api = client.get(f"/api/agencies/{agency_id}")
        assert api.status_code == 404, agency_id
        assert api.json()["detail"].startswith(f"no agency {agency_id} ")
    assert client.get("/agencies/abc").status_code == 422  # not an id at all


def test_the_page_speaks_english(client: TestClient, hongze: Hongze) -> None:
    html = client.get(f"/agencies/{hongze.agency}", params={"lang": "en"}).text
    assert "Printed names" in html and "Key numbers by year" in html and "county" in html
    assert 'data-line="New requests"' in html and ">Sued after review<" in html


# --------------------------------------------------------------------------- the API
def test_api_lists_and_describes_agencies(client: TestClient, spec: dict[str, Any],  # noqa: F811
                                          hongze: Hongze) -> None:
    listing = checked(client, spec, "/api/agencies", "/api/agencies", region="淮安")
    assert [a["id"] for a in listing["items"]] == [hongze.agency] and listing["total"] == 1
    item = listing["items"][0]
    assert item["years"] == [2022, 2023, 2024] and item["reports"] == 3
    assert item["level"] == "county" and item["kind"] == "government"
    assert checked(client, spec, "/api/agencies", "/api/agencies", level="township")["total"] == 0
    checked(client, spec, "/api/agencies", "/api/agencies", 400, kind="ministry")

    one = checked(client, spec, "/api/agencies/{agency_id}", f"/api/agencies/{hongze.agency}")
    assert {a["name"] for a in one["aliases"]} == {"洪泽区人民政府", "淮安市洪泽区人民政府"}
    assert [r["year"] for r in one["reports_by_year"]] == [2022, 2023, 2024]
    assert [p["year"] for p in one["series"]] == [2022, 2023, 2024]
    by_year = {p["year"]: p["values"] for p in one["series"]}
    assert by_year[2022]["requests.new.total"] == 585
    assert by_year[2022]["review_litigation.review.total"] is None
    assert by_year[2023]["review_litigation.review.total"] == 0
    assert [c["path"] for c in one["series_cells"]] == [path for _, path in SERIES_CELLS]
    report = checked(client, spec, "/api/reports/{report_id}",
                     f"/api/reports/{hongze.reports[2024]}")
    assert report["agency_id"] == hongze.agency
    checked(client, spec, "/api/agencies/{agency_id}", f"/api/agencies/{2**64}", 404)


# --------------------------------------------------------------------------- search facets
def test_search_facets_count_by_the_agencys_region_and_level(client: TestClient,
                                                             hongze: Hongze) -> None:
    html = client.get("/").text
    regions = html[html.index('id="facet-agency_region"'):]
    regions = regions[:regions.index("</section>")]
    links = dict((re.sub(r"<[^>]+>", "", text), (href, int(n))) for href, text, n in re.findall(
        r'<a href="([^"]+)">(.*?)</a> <span class="count">(\d+)</span>', regions))
    assert {name: n for name, (_, n) in links.items()} == \
        {"江苏省": 3, "淮安市": 3, "浙江省": 1, "宁波市": 1}
    follow = client.get(links["淮安市"][0].replace("&amp;", "&"))
    assert "agency_region=%E6%B1%9F%E8%8B%8F%E7%9C%81%E6%B7%AE%E5%AE%89%E5%B8%82" in \
        links["淮安市"][0]  # 江苏省淮安市, the whole path
    assert "共 3 条结果" in follow.text and "北仑区人民政府2024" not in follow.text

    levels = html[html.index('id="facet-agency_level"'):]
    assert re.search(r'href="/\?agency_level=county">县级</a> <span class="count">4</span>',
                     levels)
    assert "共 3 条结果" in client.get("/", params={"q": "公开", "agency_region": "江苏省"}).text


def test_api_search_facets_and_filters_by_the_agency(client: TestClient,
                                                     spec: dict[str, Any],  # noqa: F811
                                                     hongze: Hongze) -> None:
    page = checked(client, spec, "/api/search", "/api/search", q="公开")
    facets = {v["value"]: v["count"] for v in page["facets"]["agency_region"]}
    assert facets == {"江苏省": 3, "江苏省淮安市": 3, "浙江省": 1, "浙江省宁波市": 1}
    assert page["facets"]["agency_level"] == [{"value": "county", "count": 4}]
    only = checked(client, spec, "/api/search", "/api/search", agency_region="浙江省")
    assert [h["agency"] for h in only["items"]] == ["北仑区人民政府"]
    assert only["filters"] == ["agency_region=浙江省"]
    bad = client.get("/api/search", params={"agency_level": "city"})
    assert bad.status_code == 400 and "province, prefecture, county, township" in bad.text


# --------------------------------------------------------------------------- a real browser
@pytest.mark.skipif(browser_missing() is not None, reason=browser_missing() or "")
def test_the_chart_is_drawn_in_a_browser(tmp_path_factory: pytest.TempPathFactory) -> None:
    settings = Settings.from_env({"NIANBAO_HOME": str(tmp_path_factory.mktemp("web") / "h")})
    with Archive.open(settings) as arc:
        filled = fill_hongze(arc)
        with serve(create_app(arc)) as base, chromium() as browser:
            browser.get(f"{base}/agencies/{filled.agency}")
            chart = browser.find_element("css selector", "#series svg.chart")
            assert chart.is_displayed()
            assert chart.size["width"] > 300 and chart.size["height"] > 150
            points = browser.find_elements("css selector", "#series svg circle.point")
            assert len(points) == 3 * 2 + 2 * 3  # requests: 3 years; review: 2022 missing
            assert all(p.size["width"] > 0 for p in points)
            assert not [e for e in browser.get_log("browser")
                        if "Content Security Policy" in e["message"]]
            browser.find_element("css selector", f'a[href="/reports/{filled.reports[2024]}"]'
                                 ).click()
            link = browser.find_element("id", "agency-link")
            assert link.get_attribute("href").endswith(f"/agencies/{filled.agency}")
