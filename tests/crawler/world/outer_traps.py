"""Traps of the *outer* world (see `outer.py`): an activity calendar with no end, a list whose
`?page=N` goes on for ever with the same items, tag and search pages that link to each other
without end, soft 404 pages, dead links, a page that fails once, slow pages, and the session ids
and tracking tags that `Cms.href` adds to navigation links. Each function installs its pages on
a site and returns the link (label, location) that leads into it."""

from __future__ import annotations

import calendar as cal
from urllib.parse import quote, unquote

from crawler.sample_portal.server import Hit, Reply

from .outer_cms import Cms, Item, qv, route_query
from .outer_kit import Loc, OSite, encoding_of, esc, site_key, stable


def _html(cms: Cms, text: str) -> Reply:
    return Reply(200, text.encode(encoding_of(cms.charset), "xmlcharrefreplace"),
                 cms.site.html_type, validators=False)


def calendar(cms: Cms, events: list[Item]) -> tuple[str, Loc]:
    """领导活动日历: a month grid with previous/next month and year links for ever; only the
    months of `events` hold anything."""
    path, py, pm = cms.rng.choice([("/calendar.php", "y", "m"), ("/hdrl/calendar.jsp", "year", "month"),
                                   ("/activity/rili.aspx", "y", "m"), ("/rili.asp", "nian", "yue")])
    by_month: dict[tuple[int, int], list[Item]] = {}
    for it in events:
        by_month.setdefault((int(it.date[:4]), int(it.date[5:7])), []).append(it)
    start = max(by_month) if by_month else (2025, 6)

    def route(site: OSite, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply:
        try:
            y, m = int(qv(q, py) or start[0]), int(qv(q, pm) or start[1])
        except ValueError:
            return Reply(400, b"bad date", "text/plain", validators=False)
        if not 1 <= m <= 12 or not 1 <= y <= 9999:
            y, m = start
        here = cms.loc(f"{path}?{py}={y}&{pm}={m}")
        prev = (y, m - 1) if m > 1 else (y - 1, 12)
        nxt = (y, m + 1) if m < 12 else (y + 1, 1)
        todo = {int(it.date[8:]): it for it in by_month.get((y, m), [])}
        cells = []
        for week in cal.monthcalendar(y, m):
            tds = []
            for d in week:
                if not d:
                    tds.append("<td></td>")
                elif d in todo:
                    tds.append(f'<td class="has">{d}<br>{cms.a(here, todo[d], 10)}</td>')
                else:
                    tds.append(f"<td>{d}</td>")
            cells.append("<tr>" + "".join(tds) + "</tr>")
        nav = (f'<a href="{path}?{py}={y - 1}&{pm}={m}">上一年</a> '
               f'<a href="{path}?{py}={prev[0]}&{pm}={prev[1]}">上一月</a> <b>{y}年{m}月</b> '
               f'<a href="{path}?{py}={nxt[0]}&{pm}={nxt[1]}">下一月</a> '
               f'<a href="{path}?{py}={y + 1}&{pm}={m}">下一年</a>')
        body_html = (f'<div class="calendar"><h2>领导活动日历</h2><div class="cal-nav">{nav}</div>'
                     '<table class="cal"><tr><th>一</th><th>二</th><th>三</th><th>四</th><th>五</th>'
                     f'<th>六</th><th>日</th></tr>{"".join(cells)}</table></div>')
        return _html(cms, cms.page(here, f"领导活动日历 {y}年{m}月", body_html))
    cms.site.routes[path] = route
    cms.b.trap("calendar")
    cms.b.notes.append(f"calendar: {cms.b.url(cms.loc(f'{path}?{py}=2999&{pm}=7'))}")
    return "领导活动", cms.loc(f"{path}?{py}={start[0]}&{pm}={start[1]}")


def endless(cms: Cms, items: list[Item], name: str) -> tuple[str, Loc]:
    """A list that answers every `page=N` with the same items and a 下一页 link to N+1."""
    fam = cms.family
    key = f"{cms.next_cid() + 900}"
    base, param = {
        "dede": (f"/plus/list.php?tid={key}", "PageNo"),
        "phpcms": (f"/index.php?m=content&c=index&a=lists&catid={key}", "page"),
        "ecms": (f"/e/action/ListInfo/?classid={key}", "page"),
        "asp": (f"/news_list.asp?id={key}", "page"),
        "openness": (f"/openness/list.jsp?deptId=000&catId=zt{key}", "pageNo"),
    }.get(fam, (f"/ztzl/list.aspx?cid={key}", "page"))
    path = base.split("?", 1)[0]
    marker = base.split("?", 1)[1].split("&")[-1]

    def route(site: OSite, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply | None:
        if marker not in hit.query.split("&"):
            return None
        try:
            n = max(1, int(qv(q, param) or "1"))
        except ValueError:
            n = 1
        here = cms.loc(f"{base}&{param}={n}")
        nxt = f"{base}&{param}={n + 1}"
        prev = f"{base}&{param}={max(1, n - 1)}"
        body_html = (f'<div class="col-title"><h2>{esc(name)}</h2></div>'
                     + cms.list_block(here, items[:10])
                     + f'<div class="pages"><a href="{esc(base)}">首页</a> <a href="{esc(prev)}">上一页</a>'
                       f' <b>{n}</b> <a href="{esc(nxt)}">下一页</a></div>')
        return _html(cms, cms.page(here, name, body_html))
    route_query(cms.site, path, route)
    cms.b.trap("endless-page")
    cms.b.notes.append(f"endless-page: {cms.b.url(cms.loc(f'{base}&{param}=999'))}")
    return name, cms.loc(base)


TAG_WORDS = ["年报", "公开", "政务", "通知", "公告", "解读", "预算", "统计", "规划", "民生", "招聘", "安全",
             "环境", "教育", "医疗", "交通", "农业", "工作", "会议", "报告"]


def tags_and_search(cms: Cms, items: list[Item], forbid_search: bool) -> tuple[str, Loc]:
    """Tag pages and search pages that link to each other without end (each tag page names
    related tags made from its own name)."""
    fam = cms.family
    if fam == "dede":
        tag_path, search_path = "/tags.php", "/plus/search.php"

        def tag_link(t: str) -> str:
            return f"/tags.php?/{quote(t)}/"

        def tag_of(hit: Hit, q: dict[str, list[str]]) -> str:
            return unquote(hit.query).strip("/")
    else:
        tag_path = {"phpcms": "/index.php", "ecms": "/e/tags/"}.get(fam, "/tag/index.aspx")
        search_path = {"phpcms": "/index.php", "ecms": "/e/search/result/"}.get(fam, "/search/list.aspx")
        prefix = {"phpcms": "/index.php?m=content&c=tag&a=lists&tag=", "ecms": "/e/tags/?tagname="
                  }.get(fam, "/tag/index.aspx?name=")

        def tag_link(t: str) -> str:
            return prefix + quote(t)

        def tag_of(hit: Hit, q: dict[str, list[str]]) -> str:
            return qv(q, "tag") or qv(q, "tagname") or qv(q, "name")
    s_prefix = {"phpcms": "/index.php?m=search&c=index&a=init&q=", "dede": "/plus/search.php?q=",
                "ecms": "/e/search/result/?q="}.get(fam, "/search/list.aspx?q=")

    def search_link(t: str, n: int = 1) -> str:
        return f"{s_prefix}{quote(t)}&page={n}"

    def related(t: str) -> list[str]:
        h = stable(t, 8)
        return [t + TAG_WORDS[int(h[i:i + 2], 16) % len(TAG_WORDS)] for i in range(0, 8, 2)]

    def tag_route(site: OSite, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply | None:
        if fam == "phpcms" and qv(q, "c") != "tag":
            return None
        t = tag_of(hit, q)
        if not t:
            return None
        here = cms.loc(tag_link(t))
        chosen = [it for it in items if any(ch in it.title for ch in t[:2])][:8] or items[:3]
        rel = " ".join(f'<a href="{esc(tag_link(r))}">{esc(r)}</a>' for r in related(t))
        body_html = (f"<h2>标签：{esc(t)}</h2>" + cms.list_block(here, chosen)
                     + f'<div class="tags">相关标签：{rel}</div><p><a href="{esc(search_link(t))}">搜索“'
                     f"{esc(t)}”</a></p>")
        return _html(cms, cms.page(here, f"{t}_标签", body_html))

    def search_route(site: OSite, hit: Hit, q: dict[str, list[str]], body: bytes) -> Reply | None:
        if fam == "phpcms" and qv(q, "m") != "search":
            return None
        t = qv(q, "q")
        if not t:
            return None
        try:
            n = max(1, int(qv(q, "page") or "1"))
        except ValueError:
            n = 1
        here = cms.loc(search_link(t, n))
        rel = " ".join(f'<a href="{esc(tag_link(r))}">{esc(r)}</a>' for r in related(t + str(n)))
        body_html = (f"<h2>搜索结果：{esc(t)}</h2>" + cms.list_block(here, items[:5])
                     + f'<div class="pages"><a href="{esc(search_link(t, n + 1))}">下一页</a></div>'
                     f'<div class="hot">热门标签：{rel}</div>')
        return _html(cms, cms.page(here, f"{t}_搜索", body_html))
    route_query(cms.site, tag_path, tag_route)
    route_query(cms.site, search_path, search_route)
    if forbid_search:
        cms.b.forbid(cms.host, s_prefix.split("?")[0] if fam not in ("phpcms",) else
                     "/index.php?m=search")
        cms.b.never_at(cms.loc(search_link("年报")))
    cms.b.trap("tag-search")
    deep = "年报"
    for _ in range(6):
        deep = related(deep)[0]
    cms.b.notes.append(f"tag-search: {cms.b.url(cms.loc(tag_link(deep)))}")
    return "年报", cms.loc(tag_link("年报"))


def soft404(cms: Cms, prefix: str) -> list[tuple[str, Loc]]:
    """Pages under `prefix` answer 200 with a 页面不存在 page; returns links into them."""
    cms.site.soft404.append(prefix)
    here = cms.loc(prefix)
    cms.site.soft404_body = cms.page(here, "页面不存在", '<div class="err"><h2>抱歉，您访问的页面不存在或已被删除！'
                                                     '</h2><p><a href="/">返回首页</a></p></div>'
                                     ).encode(encoding_of(cms.charset), "xmlcharrefreplace")
    cms.b.trap("soft-404")
    names = ["两会专题", "扫黑除恶专项斗争", "创建全国文明城市", "第七次全国人口普查", "党史学习教育"]
    return [(n, cms.loc(f"{prefix}{stable(n, 6)}/index.html")) for n in cms.rng.sample(names, 3)]


def dead_links(cms: Cms) -> list[tuple[str, Loc]]:
    """Footer links to pages that are gone (404)."""
    cms.b.trap("dead-links")
    return [("网上调查", cms.loc("/wsdc/index.html")), ("在线访谈", cms.loc(f"/zxft/{stable(cms.host, 5)}.html"))]


def fail_once(cms: Cms, loc: Loc) -> None:
    """`loc` answers 500 the first time it is asked for."""
    path, _, query = loc[1].partition("?")
    cms.site.fail_once.add(site_key(path, query))
    cms.b.trap("500-once")


def slow(cms: Cms, loc: Loc, seconds: float) -> None:
    """`loc` answers after `seconds` (under 2 s)."""
    path, _, query = loc[1].partition("?")
    cms.site.slow[site_key(path, query)] = seconds
    cms.b.trap("slow")
