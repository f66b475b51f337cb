"""List-page adapters, one CMS pattern each, on small pages."""

from __future__ import annotations

import json
from types import SimpleNamespace

from crawler.adapters import (
    ADAPTERS,
    AspNetPostBack,
    FormPager,
    Gkmlpt,
    HanwebAnnualReport,
    HanwebDatastore,
    JsonApi,
    NextPageLink,
    Page,
    QueryPagination,
    ScriptedList,
    ScriptPager,
    Sitemap,
    TRSPagination,
    run_adapters,
)


def test_trs_create_page_html_announces_static_pages() -> None:
    page = Page("http://a.gov.cn/xxgk/ndbg/index.html",
                '<script>createPageHTML(4, 0, "index", "html");</script>')
    urls = [p.url for p in TRSPagination().extract(page).pages]
    assert urls == ["http://a.gov.cn/xxgk/ndbg/index.html"] + [
        f"http://a.gov.cn/xxgk/ndbg/index_{n}.html" for n in (1, 2, 3)]


def test_trs_from_a_later_page_links_back_to_index() -> None:
    page = Page("http://a.gov.cn/ndbg/index_2.html", "createPageHTML('3','2','index','shtml')")
    urls = [p.url for p in TRSPagination().extract(page).pages]
    assert urls == ["http://a.gov.cn/ndbg/index.shtml", "http://a.gov.cn/ndbg/index_1.shtml",
                    "http://a.gov.cn/ndbg/index_2.shtml"]


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


def test_a_hanweb_datastore_is_left_to_the_hanweb_adapter() -> None:
    page = Page("http://b.gov.cn/col/col1229/index.html", HANWEB)
    proxy = [p for p in run_adapters(page).pages if "dataproxy" in p.url]
    assert proxy and all(p.method == "POST" for p in proxy)


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
                '<a href="/news/more.html">更多</a><a href="http://kjj.c.gov.cn/">首页</a>'
                '<a href="/index.html">首页</a>')
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


def test_trs_pagination_with_the_counts_in_variables() -> None:
    page = Page("http://a.gov.cn/xxgk/nb/index.shtml", """<script>
var currentPage = 0;//所在页从0开始
var countPage = 3//共多少页
createPageHTML(countPage, currentPage, "index", "shtml");</script>""")
    assert [p.url for p in TRSPagination().extract(page).pages] == [
        "http://a.gov.cn/xxgk/nb/index.shtml", "http://a.gov.cn/xxgk/nb/index_1.shtml",
        "http://a.gov.cn/xxgk/nb/index_2.shtml"]


def test_trs_pagination_with_the_page_name_in_a_variable_too() -> None:
    page = Page("http://a.gov.cn/nb/zsdw/index.html", """<script>var countPage = 2//共多少页
var currentPage = 0;//当前第几页
var prevPage = "index";
createPageHTML(countPage, currentPage, prevPage, "html");</script>""")
    assert [p.url for p in TRSPagination().extract(page).pages] == [
        "http://a.gov.cn/nb/zsdw/index.html", "http://a.gov.cn/nb/zsdw/index_1.html"]


def test_trs_pagination_reads_the_call_not_the_function_nor_a_variable_named_like_a_literal(
) -> None:
    page = Page("http://a.gov.cn/nb/index.html", """<script>var index = 0;
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) { }</script>
<script>createPageHTML(3, 0, "index", "html");</script>""")
    assert [p.url for p in TRSPagination().extract(page).pages] == [
        "http://a.gov.cn/nb/index.html", "http://a.gov.cn/nb/index_1.html",
        "http://a.gov.cn/nb/index_2.html"]


def test_trs_pagination_with_an_element_id_first() -> None:
    page = Page("http://a.gov.cn/nb/index.html", "createPageHTML('page_div',3,1,'index','html',40)")
    assert [p.url for p in TRSPagination().extract(page).pages] == [
        "http://a.gov.cn/nb/index.html", "http://a.gov.cn/nb/index_1.html",
        "http://a.gov.cn/nb/index_2.html"]


def test_sitemap_pages_are_links_and_an_index_names_further_sitemaps() -> None:
    urlset = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
              "<url><loc>http://a.gov.cn/xxgk/nb/202403/t20240328_1.html</loc></url>"
              "<url><loc><![CDATA[http://a.gov.cn/col/col9/index.html]]></loc></url></urlset>")
    out = Sitemap().extract(Page("http://a.gov.cn/sitemap.xml", urlset, "text/xml"))
    assert [link.url for link in out.links] == ["http://a.gov.cn/xxgk/nb/202403/t20240328_1.html",
                                                "http://a.gov.cn/col/col9/index.html"]
    index = ("<sitemapindex><sitemap><loc>http://a.gov.cn/sitemap_1.xml</loc></sitemap>"
             "</sitemapindex>")
    out = Sitemap().extract(Page("http://a.gov.cn/sitemap.xml", index, "text/xml"))
    assert [p.url for p in out.pages] == ["http://a.gov.cn/sitemap_1.xml"] and not out.links


def test_a_json_api_written_in_a_script_literal_or_assembled() -> None:
    html = """<script>
var channelId = "8230f3";
var pageSize = 7;
function load(pageNo) {
  fetch("/api/content/list?channelId=" + channelId + "&pageNo=" + pageNo + "&pageSize=" + pageSize)
}
$.getJSON("/xxgk/getList.do?catId=12&page=1");
var unknown = "/api/x?id=" + someFunction() + "&page=1";
$.ajax({url: "/api/nb/list.json", success: render});
</script>"""
    out = ScriptedList().extract(Page("http://a.gov.cn/xxgk/nb/index.html", html))
    assert sorted(p.url for p in out.pages) == [
        "http://a.gov.cn/api/content/list?channelId=8230f3&pageNo=1&pageSize=7",
        "http://a.gov.cn/api/nb/list.json", "http://a.gov.cn/xxgk/getList.do?catId=12&page=1"]


def test_json_answers_give_items_and_the_next_page_while_items_come() -> None:
    answer = json.dumps({"code": 200, "data": {"total": 9, "list": [
        {"title": "某局2023年政府信息公开工作年度报告", "url": "/xxgk/nb/content_1.html"},
        {"title": "2016年度报告", "linkUrl": "http://a.gov.cn/xxgk/nb/content_2.html"}]}},
        ensure_ascii=False)
    url = "http://a.gov.cn/api/content/list?channelId=8&pageNo=2&pageSize=2"
    out = ScriptedList().extract(Page(url, answer, "application/json"))
    assert [(link.url, link.text) for link in out.links] == [
        ("http://a.gov.cn/xxgk/nb/content_1.html", "某局2023年政府信息公开工作年度报告"),
        ("http://a.gov.cn/xxgk/nb/content_2.html", "2016年度报告")]
    assert [p.url for p in out.pages] == [url.replace("pageNo=2", "pageNo=3")]
    empty = ScriptedList().extract(Page(url, '{"data": {"list": []}}', "application/json"))
    assert not empty.pages and not empty.links


def test_offset_paged_json_answers_step_by_the_items_received() -> None:
    answer = json.dumps({"rows": [{"title": "t", "url": f"/a/{n}.html"} for n in range(3)]})
    out = ScriptedList().extract(Page("http://a.gov.cn/list.action?start=0&limit=3", answer,
                                      "application/json"))
    assert [p.url for p in out.pages] == ["http://a.gov.cn/list.action?start=3&limit=3"]


def test_gkmlpt_asks_the_api_for_its_annual_report_category() -> None:
    html = """<div class="tree"><a href="/gkmlpt/index#87057" data-id="87057">机构职能</a>
<a href="/gkmlpt/index#87060" data-id="87060">政府信息公开年报</a></div><script>
window._CONFIG = {"SID": "808", "API_BASE": "/gkmlpt/api"};</script>"""
    out = Gkmlpt().extract(Page("http://www.xlx.gov.cn/xlzjj/gkmlpt/index", html))
    assert [p.url for p in out.pages] == ["http://www.xlx.gov.cn/gkmlpt/api/all/87060?page=1&sid=808"]
    assert dict(out.pages[0].meta)["nb_in_column"] is True
    bare = Gkmlpt().extract(Page("http://www.x.gov.cn/gkmlpt/index", "<script>var SID = 7;</script>"))
    assert [p.url for p in bare.pages] == ["http://www.x.gov.cn/gkmlpt/api/all/0?page=1&sid=7"]


def test_trs_pager_written_by_the_page_own_script() -> None:
    page = Page("http://a.gov.cn/nb/lsnb/", """<script type="text/javascript">
var currentPage = 0;//所在页从0开始
var countPage = 3//共多少页
if(countPage>1&&currentPage!=(countPage-1)){document.write("<a href=\\"index_" + nextPage + ".html\\">下一页</a>");}
</script>""")
    assert [p.url for p in TRSPagination().extract(page).pages] == [
        "http://a.gov.cn/nb/lsnb/index.html", "http://a.gov.cn/nb/lsnb/index_1.html",
        "http://a.gov.cn/nb/lsnb/index_2.html"]


def test_a_pager_drawn_by_a_script_from_its_counts() -> None:
    html = """<div id="page"></div><script>layui.use('laypage', function(){
laypage.render({elem: 'page', count: 14, limit: 5, curr: 1, jump: function(obj, first){
if(!first){location.href = '?page=' + obj.curr;}}});});</script>"""
    out = ScriptPager().extract(Page("http://a.gov.cn/gk/channel_1/", html))
    assert [p.url for p in out.pages] == [f"http://a.gov.cn/gk/channel_1/?page={n}"
                                          for n in (1, 2, 3)]
    other = "<script>var totalPage = 2; function go(n){location='list.jsp?pageNo=' + n}</script>"
    assert [p.url for p in ScriptPager().extract(Page("http://a.gov.cn/x/list.jsp", other)).pages] \
        == ["http://a.gov.cn/x/list.jsp?pageNo=1", "http://a.gov.cn/x/list.jsp?pageNo=2"]


def test_items_a_script_holds_as_data() -> None:
    html = """<ul id="list"></ul><script>var data = [{"title": "某局2024年政府信息公开工作年度报告",
"url": "/xxgk/unit/B01/content/585811.html", "pubDate": "2025-01-10"},
{title: '2016年度报告', link: '/xxgk/unit/B01/content/1.html'}]; render(data);
var settings = {path: '/', size: 10};</script>"""
    out = ScriptedList().extract(Page("http://a.gov.cn/xxgk/unit/B01/nb/", html))
    assert [(link.url, link.text) for link in out.links] == [
        ("http://a.gov.cn/xxgk/unit/B01/content/585811.html", "某局2024年政府信息公开工作年度报告"),
        ("http://a.gov.cn/xxgk/unit/B01/content/1.html", "2016年度报告")]


def test_a_list_paged_by_sending_a_form() -> None:
    page = Page("http://c.gov.cn/web/c/information/list?columnId=ab12", """
<form id="pageForm" action="/web/c/information/list?columnId=ab12" method="post">
<input type="hidden" name="pageNo" value="1"><input type="hidden" name="size" value="15"></form>
<span>共3页 当前第1页</span> <a href="javascript:goPage(2)">下一页</a>
<form action="/search/" method="get"><input name="q"><input type="hidden" name="page" value="1">
<button>搜索</button></form>""")
    pages = FormPager().extract(page).pages
    assert [(p.method, p.url, p.formdata) for p in pages] == [
        ("POST", "http://c.gov.cn/web/c/information/list?columnId=ab12",
         (("pageNo", str(n)), ("size", "15"))) for n in (2, 3)]


def test_a_pager_form_a_person_types_the_page_into() -> None:
    page = Page("http://c.gov.cn/nb/list.jsp", """<form action="list.jsp">跳转到
<input type="text" name="currentPage" size="2">页 <input type="submit" value="GO"></form>
<a href="javascript:go(4)">尾页</a>""")
    assert [p.url for p in FormPager().extract(page).pages] == [
        f"http://c.gov.cn/nb/list.jsp?currentPage={n}" for n in (2, 3, 4)]


def test_an_aspnet_pager_posts_the_form_back_for_every_page() -> None:
    page = Page("http://c.gov.cn/xxgk/List.aspx?cid=12", """
<form method="post" action="./List.aspx?cid=12" id="form1">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1" />
<input type="hidden" name="__EVENTVALIDATION" value="/wEdAAk" />
<input name="ctl00$kw" type="text" />
<a href="javascript:__doPostBack(&#39;ctl00$main$AspNetPager1&#39;,&#39;2&#39;)">2</a>
<a href="javascript:__doPostBack(&#39;ctl00$main$AspNetPager1&#39;,&#39;2&#39;)">下一页</a>
<a href="javascript:__doPostBack(&#39;ctl00$main$AspNetPager1&#39;,&#39;4&#39;)">尾页</a>
</form>""")
    pages = AspNetPostBack().extract(page).pages
    assert [dict(p.formdata or ())["__EVENTARGUMENT"] for p in pages] == ["2", "3", "4"]
    assert {p.url for p in pages} == {"http://c.gov.cn/xxgk/List.aspx?cid=12"}
    assert dict(pages[0].formdata or ()) == {
        "__VIEWSTATE": "/wEPDwUKMTY1", "__EVENTVALIDATION": "/wEdAAk",
        "__EVENTTARGET": "ctl00$main$AspNetPager1", "__EVENTARGUMENT": "2"}


def test_form_pagers_count_pages_from_the_pager_alone() -> None:
    page = Page("http://c.gov.cn/web/list?columnId=ab12", """
<form id="pageForm" action="/web/list?columnId=ab12" method="post">
<input type="hidden" name="pageNo" value="1"></form>
<a href="javascript:changeYear(2023)">2023</a> <a href="javascript:showDetail(8812)">某局年报</a>
<p>附件共100页，请下载查看。</p>""" + "<p>正文</p>" * 80 + """
<span>共2页</span> <a href="javascript:goPage(2)">下一页</a>""")
    assert [dict(p.formdata or ())["pageNo"] for p in FormPager().extract(page).pages] == ["2"]


def test_an_aspnet_pager_is_told_from_other_postbacks() -> None:
    years = "".join(f"<a href=\"javascript:__doPostBack('ctl00$YearList','{y}')\">{y}</a>"
                    for y in range(2015, 2025))
    pager = "".join(f"<a href=\"javascript:__doPostBack('ctl00$AspNetPager1','{n}')\">{n}</a>"
                    for n in (1, 2, 3)) + "<a href=\"javascript:__doPostBack(" \
        "'ctl00$AspNetPager1','3')\">尾页</a>"
    page = Page("http://c.gov.cn/List.aspx", f"""<form method="post" action="./List.aspx">
<input type="hidden" name="__VIEWSTATE" value="x">{years}{pager}<p>文件共856页</p></form>""")
    pages = AspNetPostBack().extract(page).pages
    assert [(d["__EVENTTARGET"], d["__EVENTARGUMENT"]) for d in
            (dict(p.formdata or ()) for p in pages)] == [
        ("ctl00$AspNetPager1", "2"), ("ctl00$AspNetPager1", "3")]


def test_a_get_pager_form_replaces_the_page_number_in_the_address() -> None:
    page = Page("http://c.gov.cn/nb/list.jsp?cid=3&pageNo=2", """<form>
<input type="hidden" name="cid" value="3"><input type="hidden" name="pageNo" value="2"></form>
<a href="javascript:go(3)">尾页</a>""")
    assert [p.url for p in FormPager().extract(page).pages] == [
        "http://c.gov.cn/nb/list.jsp?cid=3&pageNo=3"]


def test_a_script_pager_whose_address_is_a_variable() -> None:
    page = Page("http://c.gov.cn/openness/list.jsp?deptId=001&catId=gknb", """<script>
var pageCount = 2; var pageNo = 1; var pageUrl = "list.jsp?deptId=001&catId=gknb&pageNo=";
if(pageNo<pageCount){h.push('<a href="'+pageUrl+(pageNo+1)+'">下一页</a>');}</script>""")
    assert [p.url for p in ScriptPager().extract(page).pages] == [
        f"http://c.gov.cn/openness/list.jsp?deptId=001&catId=gknb&pageNo={n}" for n in (1, 2)]
