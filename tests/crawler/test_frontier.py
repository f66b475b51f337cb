"""Where a crawl spends its requests: link verdicts, priorities, canonical URLs, traps and
the bound on lists (crawler.frontier)."""

from __future__ import annotations

import pytest

from crawler.frontier import (
    PRIORITY,
    Pagination,
    canonical_url,
    looks_like_article,
    priority,
    series_key,
    trap_rule,
    verdict,
)


@pytest.mark.parametrize(("text", "url"), [
    ("政府信息公开年报", "http://www.x.gov.cn/col/col12/index.html"),
    ("部门信息公开", "http://www.x.gov.cn/bmxxgk/"),
    ("乡镇（街道）", "http://www.x.gov.cn/xzjd/"),
    ("区发展和改革局", "http://fgw.x.gov.cn/"),
    ("北关区政务服务中心", "http://www.x.gov.cn/col/col88/"),
    ("2023年", "http://www.x.gov.cn/zfxxgknb/2023nb/"),
    ("", "http://www.x.gov.cn/xxgk/zfxxgknb/"),
    ("澍台市政府采购中心（2019年度）", "http://czj.x.gov.cn/Content-2700842.html"),
    ("2024年禾翠省自然资源调查院", "http://zrzyt.x.gov.cn/info/1002/10301.htm"),
    ("网站地图", "http://www.x.gov.cn/wzdt/"),
])
def test_the_way_to_the_reports_scores_positive(text: str, url: str) -> None:
    v = verdict(text, url)
    assert v.positive, v


@pytest.mark.parametrize(("text", "url"), [
    ("新闻中心", "http://www.x.gov.cn/xwzx/"),
    ("图片新闻", "http://www.x.gov.cn/tpxw/index.html"),
    ("互动交流", "http://www.x.gov.cn/hdjl/"),
    ("在线访谈", "http://www.x.gov.cn/zxft/"),
    ("English", "http://www.x.gov.cn/en/"),
])
def test_news_interaction_and_services_score_negative(text: str, url: str) -> None:
    assert verdict(text, url).score < 0


def test_a_link_with_no_signal_is_neutral_and_names_no_rule() -> None:
    v = verdict("走进洪泽", "http://www.x.gov.cn/zjhz/")
    assert v.score == 0 and v.rules == ()


def test_every_verdict_says_which_rules_fired() -> None:
    v = verdict("部门信息公开", "http://www.x.gov.cn/bmxxgk/")
    assert set(v.rules) == {"text.units", "text.disclosure", "url.disclosure"}
    assert v.to_dict() == {"score": v.score, "rules": list(v.rules)}


def test_priorities_put_reports_first_and_links_without_signal_last() -> None:
    order = ["attachment", "image", "report", "candidate", "page", "nav", "sitemap", "idle_page",
             "tunnel", "sitemap_entry"]
    assert sorted(PRIORITY, key=PRIORITY.get, reverse=True) == order
    assert priority("report", depth=9) > priority("nav", score=150)
    assert priority("nav", score=85, depth=2) > priority("nav", score=20, depth=2)
    assert priority("nav", depth=1) > priority("nav", depth=4)


@pytest.mark.parametrize(("url", "canonical"), [
    ("http://a.gov.cn/x/t1.html;jsessionid=8F2A9C0D1E2F3A4B5C6D7E8F?id=3",
     "http://a.gov.cn/x/t1.html?id=3"),
    ("http://a.gov.cn/x/t1.html?utm_source=wx&spm=a1.b2&id=3#top",
     "http://a.gov.cn/x/t1.html?id=3"),
    ("http://a.gov.cn/list.html?sid=a8f9c0d1e2f3a4b5c6d7&page=2", "http://a.gov.cn/list.html?page=2"),
    ("http://a.gov.cn/(S(x1y2z3))/InfoPublic.aspx?cid=9", "http://a.gov.cn/InfoPublic.aspx?cid=9"),
    ("http://a.gov.cn/x/index.html?_=1712345678901", "http://a.gov.cn/x/index.html"),
])
def test_session_ids_tracking_and_cache_busters_are_dropped(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_parameters_that_choose_content_are_kept() -> None:
    for url in ("http://a.gov.cn/gkmlpt/api/all/4?page=2&sid=757001",
                "http://a.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=11320&fbtime=2023",
                "http://a.gov.cn/InfoPublic.aspx?cid=1019&pid=971&page=1&kw=",
                "http://a.gov.cn/attachment.jspx?cid=3348&i=0&t=9529394221065"):
        assert canonical_url(url) == url


def test_calendars_are_traps_year_columns_are_not() -> None:
    assert trap_rule("下一月", "http://a.gov.cn/ldrc/index.html?month=5") == "trap.calendar_text"
    assert trap_rule("5月", "http://a.gov.cn/huodong/calendar/2024/05/") == "trap.calendar_url"
    assert trap_rule("", "http://a.gov.cn/rili.jsp?date=2024-05-01") == "trap.calendar_url"
    assert trap_rule("2024年", "http://a.gov.cn/zfxxgknb/2024nb/") is None
    assert trap_rule("2024", "http://a.gov.cn/xxgk/nb/?year=2024") is None


def test_article_urls_of_every_cms_family() -> None:
    for url in ("http://a.gov.cn/xxgk/nb/202403/t20240328_1234567.html",
                "http://a.gov.cn/art/2024/3/28/art_1229_4567.html",
                "http://a.gov.cn/gkmlpt/content/4/4688/post_4688997.html",
                "http://a.gov.cn/zwgk/nb/0019ee88c98e4d268f4577bfc712b499.shtml",
                "http://a.gov.cn/info/1234/5678.htm",
                "http://a.gov.cn/zfxxgk/zfxxgknb/2024n/xzjd/120187.jhtml"):
        assert looks_like_article(url), url
    for url in ("http://a.gov.cn/col/col1229/index.html", "http://a.gov.cn/zwgk/zfxxgknb/",
                "http://a.gov.cn/xxgk/nb/2019.htm", "http://a.gov.cn/xxgk/nb/2.htm"):
        assert not looks_like_article(url), url


def test_pages_of_one_list_share_a_series() -> None:
    assert series_key("http://a/nb/") == series_key("http://a/nb/index_3.html") == \
        series_key("http://a/nb/index.shtml")
    assert series_key("http://a/nb.htm") == series_key("http://a/nb/2.htm")
    assert series_key("http://a/qp/list.html?page=3&c=1") == series_key(
        "http://a/qp/list.html?c=1&page=9")
    assert series_key("http://a/qp/list.html?c=1") != series_key("http://a/qp/list.html?c=2")
    # a document printed over pages: 1576.html, 1576_2.html, 1576_3.html
    assert series_key("http://a/c/176/1576.html") == series_key("http://a/c/176/1576_3.html")
    assert series_key("http://a/c/176/1576.html") != series_key("http://a/c/176/1577.html")


def test_a_list_ends_when_its_pages_stop_bringing_new_items() -> None:
    p = Pagination(stale_pages=2)
    assert p.observe("s", ["a", "b"])
    assert p.observe("s", ["c"])
    assert p.observe("s", ["a", "c"])  # nothing new once
    assert not p.observe("s", ["b"])  # twice in a row: the list has ended
    assert not p.open("s") and p.open("other")


def test_new_items_keep_a_list_going_however_long() -> None:
    p = Pagination(stale_pages=2)
    assert all(p.observe("s", [f"item{n}"]) for n in range(500))


def test_search_results_are_traps_lists_with_an_empty_keyword_are_not() -> None:
    assert trap_rule("下一页", "http://a.gov.cn/index.php?m=search&c=index&q=%C4%EA&page=3") == \
        "trap.search"
    assert trap_rule("", "http://a.gov.cn/search/index.jsp?searchWord=年报") == "trap.search"
    assert trap_rule("2", "http://a.gov.cn/InfoPublic.aspx?cid=1019&pid=971&page=2&kw=") is None


def test_a_list_that_shows_nothing_of_a_report_is_idle_until_it_does() -> None:
    p = Pagination()
    p.observe("news", ["n1", "n2"])
    assert p.idle("news")
    p.observe("news", ["n3"], relevant=True)
    assert not p.idle("news")
