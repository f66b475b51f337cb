"""HTML article pages: encodings, CMS bodies, full-grid tables, metadata, link-only bodies."""

import pytest

from parsers.charset import decode
from parsers.document import extract
from parsers.html import BODY_SELECTORS, extract_html
from tests.extract.helpers import STEMS, expected_grids
from tests.fixtures import make_fixtures as mf


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("cms", ["trs", "hanweb", "ucap"])
def test_cms_pages_give_the_report_tables_as_full_grids(make, docs, stem, cms):
    ex = extract(
        make(stem, cms), media_type="text/html", url=f"https://www.example.gov.cn/{stem}.html"
    )
    assert [t.padded() for t in ex.tables] == expected_grids(docs[stem])
    assert ex.title == docs[stem].title
    assert ex.published == "2025-01-20"
    assert ex.body == "text"
    # page chrome stays out of the text
    assert "浏览次数" not in ex.text and "网站地图" not in ex.text and "相关链接" not in ex.text


def test_each_cms_family_is_found_by_its_selector(make):
    families = {
        cms: extract(make("001_d24b5322b0421a36", cms)).notes[0]
        for cms in ("trs", "hanweb", "ucap")
    }
    assert families == {"trs": "body: TRS WCM", "hanweb": "body: Hanweb", "ucap": "body: UCAP"}


def test_gbk_without_any_declaration_and_utf8_bom_under_a_wrong_meta(make):
    hanweb = make("002_0587ca1cc9f7563f", "hanweb")
    assert b"charset" not in hanweb.lower()
    assert decode(hanweb)[1] == "gb18030"
    ucap = make("002_0587ca1cc9f7563f", "ucap")
    assert ucap.startswith(b"\xef\xbb\xbf") and b"charset=gbk" in ucap
    assert decode(ucap, "text/html; charset=gbk")[1] == "utf-8-sig"


def test_gbk_served_with_a_utf8_header_still_decodes():
    page = "<html><body><div id='zoom'><p>北仑区人民政府2024年度政府信息公开工作年度报告</p></div></body></html>"
    text, enc = decode(page.encode("gbk"), "text/html; charset=utf-8")
    assert enc == "gb18030" and "北仑区人民政府" in text


def test_table_text_contract_rowspan_and_colspan_repeat(make):
    text = extract(make("002_0587ca1cc9f7563f", "trs")).text
    assert "三、本年度办理结果\t（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0" in text
    assert "行政许可\t474394\t474394\t474394" in text
    assert "\n\n第二十条第（一）项\t第二十条第（一）项" in text  # a blank line before each table


def test_unknown_cms_falls_back_to_the_densest_text_block(docs):
    doc = docs["000_d707c82d816c5970"]
    page = f"""<html><head><title>{doc.title}</title></head><body>
    <div class="menu"><a href="/">首页</a><a href="/a">机构概况</a><a href="/b">政策文件</a><a href="/c">互动</a></div>
    <div class="wrap"><div class="left"><ul>{"".join(f'<li><a href="/n{i}">通知公告第{i}条标题很长很长</a></li>' for i in range(30))}</ul></div>
    <div class="right">{mf.html_body(doc)}</div></div><div class="foot">版权所有</div></body></html>"""
    ex = extract_html(page.encode("utf-8"))
    assert ex.notes[0] == "body: scored"
    assert [t.padded() for t in ex.tables] == expected_grids(doc)
    assert "通知公告" not in ex.text


def test_a_body_that_is_only_an_attachment_link_says_so():
    ex = extract(
        mf.make_attachment_page("某区2024年政府信息公开工作年度报告"),
        url="https://www.x.gov.cn/art/2025/1/20/art_1_2.html",
    )
    assert ex.body == "attachment"
    assert ex.attachments == [
        "https://www.x.gov.cn/module/download/downfile.jsp?filename=report.pdf"
    ]


def test_a_body_that_is_only_page_images_lists_them():
    ex = extract(
        mf.make_image_page("某区2024年政府信息公开工作年度报告"),
        url="https://www.x.gov.cn/zwgk/2025/01/t1.html",
    )
    assert ex.body == "images"
    assert ex.images == [f"https://www.x.gov.cn/zwgk/images/2025/p{k}.jpg" for k in (1, 2, 3)]


def test_body_selectors_are_data_one_line_each():
    assert (".TRS_Editor", "TRS WCM") in BODY_SELECTORS
    assert all(isinstance(sel, str) and isinstance(name, str) for sel, name in BODY_SELECTORS)
