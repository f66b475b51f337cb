"""What the spider reads off a page: links with the names a user sees, scripted downloads,
viewers, the box a "更多" link belongs to, the column a page says it sits in, its scans."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from crawler.pageview import PageView, decorative, file_title


def view(html: str, url: str = "http://www.x.gov.cn/xxgk/nb/index.html") -> PageView:
    return PageView(HtmlResponse(url, body=html.encode("utf-8"), encoding="utf-8"))


def test_a_title_cut_short_in_the_list_is_read_whole_from_the_title_attribute() -> None:
    page = view('<ul><li><a href="/a.html" title="2024年度某局政府信息公开工作年度报告">'
                '2024年度某局政府…</a></li><li><a href="/b.html" title="链接">2023年度报告</a></li>'
                '<li><a href="/c.html" title="某局2022年年报"></a></li>'
                '<li><a href="/d.html" title="某市生态环境分局2021年政府信息公开工作年度报告">'
                '生态环境分局</a></li><li><a href="/e.html" title="某县人民政府">县</a></li>'
                '<li><a href="/f.pdf" title="某县2026年政务公开工作要点">某县2026年政务公开工作要…</a>'
                '</li></ul>')
    assert [text for _, text in page.links] == ["2024年度某局政府信息公开工作年度报告",
                                                "2023年度报告", "某局2022年年报",
                                                "某市生态环境分局2021年政府信息公开工作年度报告",
                                                "县", "某县2026年政务公开工作要点"]


def test_downloads_behind_scripts_and_viewers_are_links() -> None:
    page = view("""<a href="javascript:void(0)" onclick="window.open('/download.jsp?fileid=88')">
    2023年报全文</a><a href="javascript:;" onclick="downloadFile('/up/a.pdf')">附件</a>
    <iframe src="/pdfjs/web/viewer.html?file=/upload/x.pdf"></iframe><embed src="/up/e.pdf">""")
    assert [url for url, _ in page.links] == [
        "http://www.x.gov.cn/download.jsp?fileid=88", "http://www.x.gov.cn/up/a.pdf",
        "http://www.x.gov.cn/upload/x.pdf", "http://www.x.gov.cn/up/e.pdf"]


def test_a_more_link_is_named_by_its_box() -> None:
    page = view('<div class="box"><div class="tit"><span>政府信息公开年报</span>'
                '<a href="/col/col3/" title="点击查看更多">更多&gt;&gt;</a></div></div>')
    assert page.links == [("http://www.x.gov.cn/col/col3/", "政府信息公开年报 更多>>")]


def test_the_breadcrumb_and_column_meta_say_where_a_page_sits() -> None:
    page = view('<head><meta name="ColumnName" content="信息公开年报"></head><body>'
                '<div class="position">当前位置：<a href="/">首页</a> &gt; 政府信息公开</div>'
                '<h1>2016年度报告</h1></body>')
    assert "信息公开年报" in page.trail and "政府信息公开" in page.trail


def test_the_images_of_the_article_not_the_logo() -> None:
    page = view('<img src="/images/logo.png"><div class="article-content"><p>表一</p>'
                '<img src="/scan/1.jpg"><img data-src="/scan/2.jpg" src="/images/loading.gif">'
                '</div><p>' + "页脚文字" * 200 + "</p>")
    assert page.article_images == ["/scan/1.jpg", "/scan/2.jpg"]
    assert view('<img src="/a.png"><p>正文</p>').article_images == []


def test_base_href_jump_menus_and_files_named_in_scripts() -> None:
    page = view("""<head><base href="http://rsj.x.gov.cn/rsj/"></head><body>
<a href="zfxxgk/nb/">年报</a>
<select onchange="location=this.value"><option value="">请选择</option>
<option value="/115342/zfxxgknb/">市退役军人事务局</option><option value="3">三</option></select>
<script>var fjhref = "./P020240121.pdf"; document.write('<a href="' + fjhref + '">附件</a>');
window.__NUXT__={file:"\\u002Fminio\\u002Fgov-files\\u002F2025\\u002Fa.pdf"}</script></body>""")
    assert page.links == [
        ("http://rsj.x.gov.cn/rsj/zfxxgk/nb/", "年报"),
        ("http://rsj.x.gov.cn/rsj/P020240121.pdf", ""),
        ("http://rsj.x.gov.cn/minio/gov-files/2025/a.pdf", ""),
        ("http://rsj.x.gov.cn/115342/zfxxgknb/", "市退役军人事务局")]


def test_clickable_elements_that_are_not_anchors() -> None:
    page = view("""<ul><li data-href="/gk/site_a/" onclick="location.href=this.dataset.href">
松南镇人民政府</li><div onclick="window.open('/gk/site_b/')">凤和镇</div>
<button onclick="javascript:void(0)">打印</button></ul>""")
    assert page.links == [("http://www.x.gov.cn/gk/site_a/", "松南镇人民政府"),
                          ("http://www.x.gov.cn/gk/site_b/", "凤和镇")]


def test_the_article_is_the_box_around_the_headline_with_its_text_or_pictures() -> None:
    page = view('<div class="nav"><a href="/">首页</a></div><div class="viewbox">'
                '<h1>某区2019年度政府信息公开工作报告</h1><p><img src="/up/1-L.png"></p></div>'
                '<div class="footer">' + "主办单位：某区人民政府" * 20 + "</div>")
    assert page.main is not None and page.main.get("class") == "viewbox"
    assert page.article_images == ["/up/1-L.png"]


def test_an_empty_shell_that_sends_the_browser_on_is_part_of_the_page() -> None:
    page = view('<html><head><script>window.location.href="/xfj/index.shtml";</script></head>'
                "<body></body></html>", "http://xfj.x.gov.cn/")
    assert page.frames == ["http://xfj.x.gov.cn/xfj/index.shtml"]
    full = view("<p>" + "正文" * 40 + "</p><script>location.href='/elsewhere.html'</script>")
    assert full.frames == []


def test_a_meta_refresh_is_followed_as_part_of_the_page() -> None:
    page = view('<html><head><meta http-equiv="Refresh" content="0; url=/xxgk/index.htm">'
                "</head><body>正在跳转</body></html>", "http://www.x.gov.cn/")
    assert page.frames == ["http://www.x.gov.cn/xxgk/index.htm"]


@pytest.mark.parametrize(("name", "decorates"), [
    ("logo.png", True), ("top_bg.jpg", True), ("icon-share.png", True), ("btnClose.png", True),
    ("topbanner.jpg", True), ("spacer.gif", True), ("headerbg.jpg", True), ("sitelogo.png", True),
    ("top_banner_20240101.jpg", True), ("qrcode_weixin_2023.png", True),
    # names a server generated say nothing, whatever letters they hold
    ("bG6SjppFaDY9NgcNUyxWmB.png", False), ("vdDqRDHJGbg6fZuBb54TKy.png", False),
    ("W020240101123456789.png", False), ("scan_page1.jpg", False), ("background.png", False),
])
def test_decorative_pictures_are_known_by_the_words_of_their_names(name: str,
                                                                  decorates: bool) -> None:
    assert decorative(f"http://x.gov.cn/group1/M00/38/EF/{name}") is decorates


def test_a_bare_file_is_named_by_its_file_name_when_that_says_something() -> None:
    assert file_title("http://x.gov.cn/uploadfile/2011/0108/%E4%BA%A4%E9%80%9A%E5%B1%80"
                      "2010%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf") == "交通局2010年度报告"
    assert file_title("http://x.gov.cn/lsnb/201103/P020110328824734030030.pdf") == ""


def test_an_articles_neighbours_are_known_as_such() -> None:
    page = view('<h1>2014年报</h1><p>2014年报全文详见附件。</p><div class="page">'
                '<p>上一篇：<a href="/a/2015.html">2015年政府信息公开年报</a></p>'
                '<p><span>下一篇：</span><a href="/a/2013.html">2013年政府信息公开年报</a></p></div>'
                '<a href="/a/2012.html">2012年政府信息公开年报</a>')
    assert page.sequels == {"http://www.x.gov.cn/a/2015.html", "http://www.x.gov.cn/a/2013.html"}


def test_links_outside_the_article_are_known() -> None:
    page = view('<h1>某局2023年政府信息公开工作年度报告</h1><div id="zoom"><p>一、总体情况</p>'
                '<a href="/f/a.pdf">附件</a></div><div class="related"><a href="/a/2022.html">'
                "某局2022年政府信息公开工作年度报告</a></div>")
    assert page.outside_main == {"http://www.x.gov.cn/a/2022.html"}


def test_files_handed_out_for_a_posted_form() -> None:
    page = view('<form id="down2181" action="/e/DownSys/DownPost.php?fid=2181" method="post">'
                '<input type="hidden" name="fileId" value="2181"></form>附件：<a href="javascript:'
                "void(0);\" onclick=\"document.getElementById('down2181').submit();\">年报.docx</a>"
                '<form action="/search.htm"><input type="text" name="q"></form>')
    assert page.download_forms == [("http://www.x.gov.cn/e/DownSys/DownPost.php?fid=2181", "POST",
                                    (("fileId", "2181"),))]
