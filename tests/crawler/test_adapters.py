"""List-page adapters, one CMS pattern each, on small pages."""

from __future__ import annotations

from types import SimpleNamespace

from crawler.adapters import (
    ADAPTERS,
    HanwebAnnualReport,
    HanwebDatastore,
    JsonApi,
    NextPageLink,
    Page,
    QueryPagination,
    TRSPagination,
)


def test_trs_create_page_html_announces_static_pages() -> None:
    page = Page("http://a.gov.cn/xxgk/ndbg/index.html",
                '<script>createPageHTML(4, 0, "index", "html");</script>')
    urls = [p.url for p in TRSPagination().extract(page).pages]
    assert urls == [f"http://a.gov.cn/xxgk/ndbg/index_{n}.html" for n in (1, 2, 3)]


def test_trs_from_a_later_page_links_back_to_index() -> None:
    page = Page("http://a.gov.cn/ndbg/index_2.html", "createPageHTML('3','2','index','shtml')")
    urls = [p.url for p in TRSPagination().extract(page).pages]
    assert urls == ["http://a.gov.cn/ndbg/index.shtml", "http://a.gov.cn/ndbg/index_1.shtml"]


HANWEB = """<div id="9"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=2747&path=/&columnid=1229&unitid=9&webname=X&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href="/art/2025/1/2/art_1229_1.html" title="t">某局2024年政府信息公开工作年度报告</a></li>]]></record>
<record><![CDATA[<li><a href="/art/2024/1/2/art_1229_2.html">某局2023年政府信息公开工作年度报告</a></li>]]></record>
</recordset></datastore></script></div>
<script>$('#9').jpage({perPage: 1, totalRecord: 7, proxyUrl: '/module/web/jpage/dataproxy.jsp'});</script>"""


def test_hanweb_datastore_records_and_dataproxy_posts() -> None:
    out = HanwebDatastore().extract(Page("http://b.gov.cn/col/col1229/index.html", HANWEB))
    assert [link.url for link in out.links] == ["http://b.gov.cn/art/2025/1/2/art_1229_1.html",
                                                "http://b.gov.cn/art/2024/1/2/art_1229_2.html"]
    assert out.links[0].text == "某局2024年政府信息公开工作年度报告"
    assert [p.url.split("?")[1] for p in out.pages] == [
        "startrecord=3&endrecord=5&perpage=1", "startrecord=6&endrecord=7&perpage=1"]
    form = dict(out.pages[0].formdata or ())
    assert out.pages[0].method == "POST"
    assert form["columnid"] == "1229" and form["unitid"] == "9" and form["webid"] == "2747"


def test_hanweb_dataproxy_answer_gives_links_but_no_more_pages() -> None:
    xml = "<datastore><recordset>" + HANWEB.split("<recordset>")[1].split("</recordset>")[0] + \
        "</recordset></datastore>"
    out = HanwebDatastore().extract(Page("http://b.gov.cn/module/web/jpage/dataproxy.jsp", xml,
                                         meta={"hanweb_group": True}))
    assert len(out.links) == 2 and not out.pages


def test_hanweb_annual_report_endpoint_seeds_units_and_years() -> None:
    profile = SimpleNamespace(hanweb_areas=["330302"], start_urls=["http://www.wz.gov.cn/"],
                              hanweb_base=None, first_year=2022)
    seeds = HanwebAnnualReport().seeds(profile, since=2023)
    assert seeds and all(s.role == "report" for s in seeds)
    assert seeds[-1].url == ("http://www.wz.gov.cn/module/xxgk/xxgkAnnualReport.jsp"
                             "?area=330302&fbtime=2023")


def test_pager_links_first_previous_next_last() -> None:
    page = Page("http://c.gov.cn/np/list1.html",
                '<a href="list0.html">上一页</a> <a href="list2.html">下一页</a>'
                '<a href="list.html">首页</a> <a href="list9.html">尾页</a>'
                '<a href="/news/more.html">更多</a>')
    assert [p.url for p in NextPageLink().extract(page).pages] == [
        f"http://c.gov.cn/np/{name}.html" for name in ("list0", "list2", "list", "list9")]


def test_numbered_pages_of_the_same_list_only() -> None:
    page = Page("http://c.gov.cn/xxgk/nb/index.html",
                '<a href="index_1.html">2</a> <a href="index_2.html">[3]</a>'
                '<a href="index_3.html">第4页</a> <a href="/news/index_1.html">2</a>'
                '<a href="/xxgk/nb/202401/t20240101_2.html">2</a>')
    assert [p.url for p in NextPageLink().extract(page).pages] == [
        f"http://c.gov.cn/xxgk/nb/index_{n}.html" for n in (1, 2, 3)]


def test_query_pagination_same_path_only() -> None:
    page = Page("http://c.gov.cn/qp/list.html?page=1",
                '<a href="?page=2">2</a><a href="/other.html?page=3">x</a>'
                '<a href="list.html?id=5">y</a>')
    assert [p.url for p in QueryPagination().extract(page).pages] == [
        "http://c.gov.cn/qp/list.html?page=2"]


def test_json_api_items_and_next_page() -> None:
    profile = SimpleNamespace(json_api={"url": "http://d.gov.cn/api?page={page}",
                                        "items": "data.list", "url_field": "link",
                                        "title_field": "title", "max_pages": 5})
    seeds = JsonApi().seeds(profile)
    assert seeds[0].url == "http://d.gov.cn/api?page=1"
    page = Page("http://d.gov.cn/api?page=1",
                '{"data": {"list": [{"title": "某县2024年政府信息公开工作年度报告", "link": "/r/1.html"}]}}',
                "application/json", profile, {"json_page": 1})
    out = JsonApi().extract(page)
    assert [(link.url, link.text) for link in out.links] == [
        ("http://d.gov.cn/r/1.html", "某县2024年政府信息公开工作年度报告")]
    assert out.pages[0].url == "http://d.gov.cn/api?page=2"
    empty = Page("http://d.gov.cn/api?page=2", '{"data": {"list": []}}', "application/json",
                 profile, {"json_page": 2})
    assert not JsonApi().extract(empty).pages


def test_adapter_table_is_keyed_by_name() -> None:
    assert set(ADAPTERS) >= {"trs", "hanweb", "hanweb_annual", "next_link", "query_page",
                             "json_api"}
