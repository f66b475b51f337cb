"""The HTML pages, through FastAPI's TestClient, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from fastapi.testclient import TestClient

from archive.core import Archive
from archive.web.app import PAGE_CSP
from tests.web.conftest import PAYLOAD, Filled

CJK = re.compile(r"[\u4e00-\u9fff]")


def cell(html: str, path: str) -> str:
    """The opening tag and text of the table cell with this record path."""
    m = re.search(rf'<td[^>]*data-path="{re.escape(path)}"[^>]*>[^<]*</td>', html)
    assert m, f"no cell {path}"
    return m.group(0)


def test_search_lists_reports_with_facets_and_filters(client: TestClient) -> None:
    page = client.get("/", params={"q": "行政复议"})
    assert page.status_code == 200
    assert "北仑区人民政府2024年度政府信息公开工作年度报告" in page.text
    assert "<mark>" in page.text  # the match is highlighted in the snippet
    assert 'href="/?q=%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE&amp;year=2023"' in page.text  # facet

    only_2023 = client.get("/", params={"q": "行政复议", "year": "2023"}).text
    assert "北仑区人民政府2023年度" in only_2023 and "北仑区人民政府2024年度" not in only_2023

    failing = client.get("/", params={"check": "requests.balance"}).text
    assert "北仑区人民政府" in failing and "北关区工信局" not in failing

    bad = client.get("/", params={"where": "requests.new.total>>1"})
    assert bad.status_code == 400 and "筛选条件有误" in bad.text


def test_report_page_prints_the_official_template(client: TestClient, filled: Filled) -> None:
    html = client.get(f"/reports/{filled.beilun}").text
    for printed in ("二、主动公开政府信息情况", "第二十条第（一）项", "本年收费金额（单位：万元）",
                    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                    "法人或其他组织", "3.危及“三安全一稳定”", "（七）总计",
                    "四、结转下年度继续办理", "未经复议直接起诉", "复议后起诉"):
        assert printed in html
    assert '<th rowspan="22" scope="row" class="rowlabel">三、本年度办理结果</th>' in html
    # the version shown is the republished one: 581, which breaks two rules
    assert ">581<" in cell(html, "requests.new.natural_person")
    assert 'class="num fail"' in cell(html, "requests.new.natural_person")
    assert 'class="num fail"' in cell(html, "requests.new.total")  # requests.row_total
    assert 'class="num"' in cell(html, "requests.new.commercial_enterprise")
    assert "勾稽关系不平衡" in html and "581+9 != 587+1" in html


def test_report_page_shows_text_timeline_sources_and_charts(client: TestClient,
                                                            filled: Filled) -> None:
    html = client.get(f"/reports/{filled.beilun}").text
    assert "一、总体情况" in html and "北仑区全年共通过区政府网站" in html
    assert html.count('class="event event-') == 2  # published, changed
    assert "发布机关修改了内容" in html
    assert filled.beilun_url in html
    assert re.search(r'href="/blob/[0-9a-f]{64}" download', html)
    assert html.count("<svg") == 2 and "<script" not in html

    first = client.get(f"/reports/{filled.beilun}", params={"v": 1}).text
    assert ">580<" in cell(first, "requests.new.natural_person")
    assert client.get(f"/reports/{filled.beilun}", params={"v": 9}).status_code == 404
    assert client.get("/reports/999999").status_code == 404


def test_diff_page_marks_changed_cells_and_words(client: TestClient, filled: Filled) -> None:
    html = client.get(f"/reports/{filled.beilun}/diff").text
    assert "1 个表格数据发生变化" in html
    assert "一、本年新收政府信息公开申请数量 / 自然人" in html
    assert "del" in cell(html, "requests.new.natural_person")  # old side, first match
    sides = re.findall(r'<td[^>]*data-path="requests\.new\.natural_person"[^>]*>(\d+)</td>', html)
    assert sides == ["580", "581"]
    assert "<ins>共</ins>" in html  # the one word added to the overview
    assert "新出现的校验错误" in html  # the row no longer adds up to its total
    assert "仍未通过（数字有变化）" in html and "已消除的校验错误" not in html  # balance: new numbers

    same = client.get(f"/reports/{filled.beilun}/diff", params={"from": 2, "to": 2}).text
    assert "两个版本的记录没有差异。" in same


def test_changes_feed_in_html_and_atom(client: TestClient, filled: Filled) -> None:
    html = client.get("/changes").text
    assert "发布机关修改了内容" in html and "北仑区人民政府" in html
    changed_only = client.get("/changes", params={"kind": "changed"}).text
    assert changed_only.count('<tr class="event-') == 1

    atom = client.get("/changes.atom")
    assert atom.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(atom.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 8  # 7 reports published, one changed
    kinds = [e.find("a:category", ns).get("term") for e in entries]
    assert kinds[:2] == ["published", "changed"]  # newest first: the hostile page, then 北仑
    assert [link.get("href") for link in entries[1].findall("a:link", ns)] == [
        f"http://testserver/reports/{filled.beilun}?v=2",
        f"http://testserver/reports/{filled.beilun}/diff?from=1&to=2"]


def test_english_switch_is_remembered_in_a_cookie(client: TestClient, filled: Filled) -> None:
    english = client.get(f"/reports/{filled.beilun}", params={"lang": "en"})
    assert english.cookies.get("lang") == "en"
    assert "Natural persons" in english.text and "(7) Total handled" in english.text
    assert "Version timeline" in english.text
    again = client.get(f"/reports/{filled.beilun}")  # the client keeps the cookie
    assert "Natural persons" in again.text and '<html lang="en">' in again.text
    chinese = client.get("/", params={"lang": "zh"})
    assert '<html lang="zh-CN">' in chinese.text and "检索" in chinese.text


def test_every_page_sends_a_csp_that_runs_no_script(client: TestClient, filled: Filled) -> None:
    for url in ("/", f"/reports/{filled.beilun}", f"/reports/{filled.beilun}/diff", "/changes",
                "/changes.atom", "/api/changes", "/reports/999999", "/static/style.css"):
        response = client.get(url)
        assert response.headers["content-security-policy"] == PAGE_CSP, url
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "script-src" not in PAGE_CSP and "default-src 'none'" in PAGE_CSP


def test_archived_bytes_download_exactly_and_never_inline(client: TestClient, web_arc: Archive,
                                                          filled: Filled) -> None:
    response = client.get(f"/blob/{filled.hostile_sha256}")
    assert response.status_code == 200
    assert response.content == web_arc.store.get(filled.hostile_sha256)
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/blob/" + "0" * 64).status_code == 404
    assert client.get("/blob/not-a-digest").status_code == 404


def test_hostile_report_text_is_escaped(client: TestClient, filled: Filled) -> None:
    html = client.get(f"/reports/{filled.hostile}").text
    assert "本机关郑重说明：&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert 'onerror="window' not in html and "<script" not in html
    assert '<iframe sandbox src="/blob/' in html  # the original only in a sandboxed frame
    preview = client.get(f"/blob/{filled.hostile_sha256}/preview")
    assert preview.headers["content-security-policy"].startswith("sandbox; default-src 'none'")
    assert PAYLOAD.encode() in preview.content  # the bytes as archived, made inert by CSP


def test_templates_hold_no_text_of_their_own() -> None:
    """Every word the pages show comes from the message catalogue (archive.web.i18n)."""
    from archive.web.render import HERE

    for path in (HERE / "templates").iterdir():
        assert not CJK.findall(path.read_text(encoding="utf-8")), path.name
