"""Held-out portals on off-the-shelf CMSs small governments buy: VSB/博达, JEECMS, ASP.NET
WebForms, DotNetNuke, PHPCMS (GBK), DedeCMS, and an old framed ASP site (GB2312)."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from datetime import date
from urllib.parse import quote

from crawler.sample_portal.server import Reply
from tests.crawler.world import Portal
from tests.crawler.world.holdout_kit import (
    DEPTS,
    PNG_LOGO,
    Attach,
    Build,
    Item,
    Skin,
    about_pages,
    blocks_html,
    calendar_route,
    cn_year,
    counter_route,
    dept_name,
    endless_search,
    esc,
    externals,
    fw,
    hexid,
    home_extras,
    items_html,
    link,
    link_pager,
    lookalike_title,
    news_block,
    pick_mode,
    pub_date,
    publish,
    publish_file,
    relpath,
    report_title,
    robots_txt,
    service_links,
    towns,
    write_lists,
)


def years_from(b: Build, start: int, *, gap: float = 0.0, end: int = 2024) -> list[int]:
    """The years a unit published, newest first (a missing year now and then)."""
    return [y for y in range(end, start - 1, -1) if b.rng.random() >= gap or y == end]


def by_date(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda it: it[2], reverse=True)


# ============================================================================ VSB / 博达

def vsb_paths(first: str) -> tuple[Callable[[int, int], str], str]:
    """VSB lists: `nb.htm` is the newest page, then `nb/{n-1}.htm` … `nb/1.htm` (the
    page numbers in file names count DOWN)."""
    base = first[:-4]
    return (lambda p, n: first if p == 0 else f"{base}/{n - p}.htm"), base


def build_vsb(b: Build) -> Portal:
    rng = b.rng
    prov, ppy = b.names.province()
    cn, py = b.names.place()
    county = cn + rng.choice(["县", "县", "市"])
    gov = county + "人民政府"
    h = b.host(f"www.{py}.gov.cn")
    nav = [("首页", "/index.htm"), ("要闻动态", "/xwzx/zwyw.htm"), ("信息公开", "/xxgk.htm"),
           ("政务服务", f"http://zwfw.{ppy}.gov.cn/"), ("互动交流", "/hdjl.htm"),
           (f"走进{cn}", "/zjxx.htm")]
    skin = Skin(gov, nav, flavor="vsb", externals=externals(prov, ppy), search_action="/search.jsp",
                head_extra='<script type="text/javascript" src="/system/resource/js/dynclicks.js">'
                           "</script>")
    h.put("/images/logo.png", PNG_LOGO)
    h.put("/system/resource/js/dynclicks.js",
          "function _showDynClicks(t,o,i){var u='/system/resource/code/news/click/dynclicks.jsp"
          "?clickid='+i+'&owner='+o+'&clicktype='+t;}", ctype="application/javascript")
    h.routes["/system/resource/code/news/click/dynclicks.jsp"] = counter_route("js")
    owner = rng.randrange(1_000_000_000, 1_999_999_999)
    fids = itertools.count(rng.randrange(5_000_000, 9_000_000), 7)

    def place(ext: str, n: int) -> str:
        return (f"/__local/{hexid(rng, 1).upper()}/{hexid(rng, 2).upper()}/{hexid(rng, 2).upper()}/"
                f"{hexid(rng, 32).upper()}_{hexid(rng, 8).upper()}.{ext}")

    def dl(data: bytes, name: str, ctype: str) -> str:
        return h.download("/system/_content/download.jsp", ("urltype", "owner", "wbfileid"),
                          ("news.DownloadAttachUrl", str(owner), str(next(fids))), data, name,
                          ctype, style="java")

    att = Attach(h, place, dl)
    att_static = Attach(h, place)

    def clicks(art: int) -> str:
        return f'<script>_showDynClicks("wbnews", {owner}, {art})</script>'

    def vsb_list(first: str, title: str, items: list[Item], per: int,
                 crumbs: list[tuple[str, str]]) -> list[str]:
        path_of, _ = vsb_paths(first)
        return write_lists(h, skin, title=title, items=by_date(items), per=per, path_of=path_of,
                           pager=link_pager(path_of, "rel", ("首页", "上页", "下页", "尾页"),
                                            total=len(items)), crumbs=crumbs, style="rel")

    # ---- the government's own reports
    home_c = ("首页", "/index.htm")
    xxgk_c = ("信息公开", "/xxgk.htm")
    crumbs_nb = [home_c, xxgk_c, ("政府信息公开年报", "/xxgk/zfxxgknb.htm")]
    col_nb = rng.randrange(1000, 9999)
    items: list[Item] = []
    for year in years_from(b, rng.choice([2008, 2009, 2010]), gap=0.08):
        d = pub_date(rng, year)
        art = b.next_id()
        path = f"/info/{col_nb}/{art}.htm"
        title = report_title(rng, gov, year, bare=year <= 2013 and rng.random() < 0.7,
                             odd_digits=2016 <= year <= 2019 and rng.random() < 0.3)
        mode = "html" if year < 2014 else rng.choice(
            ["html+pdf", "stub+pdf", "html+pdf", "html", "table-images"])
        url = publish(b, h, path, skin=skin, agency=gov, year=year, title=title, mode=mode,
                      attach=att if year >= 2016 else att_static, crumbs=crumbs_nb,
                      where=f"vsb 信息公开→年报, pages count down; {mode}", date_s=str(d),
                      site_name=gov, head=clicks(art))
        items.append((url, title, str(d)))
    for year, kind in ((2023, "网站报表"), (2024, "网站报表"), (2024, "解读")):
        d = pub_date(rng, year)
        path = f"/info/{col_nb}/{b.next_id()}.htm"
        t = lookalike_title(kind, gov, year)
        items.append((publish(b, h, path, skin=skin, agency=gov, year=year, title=t,
                              mode="html", attach=att, crumbs=crumbs_nb, where="", date_s=str(d),
                              lookalike=kind), t, str(d)))
    per = rng.choice([6, 8])
    pages = vsb_list("/xxgk/zfxxgknb.htm", "政府信息公开年报", items, per, crumbs_nb)
    if len(pages) > 1:
        h.flaky.add("/" + pages[1].split("/", 3)[3])
    # a dead link, as lists keep them
    h.files["/xxgk/zfxxgknb.htm"] = h.files["/xxgk/zfxxgknb.htm"].replace(
        b'</ul>', f'<li><a href="../info/{col_nb}/1.htm">关于政府信息公开年报的说明</a>'
                  f"<span>2015-03-30</span></li></ul>".encode(), 1)

    # ---- departments: 信息公开 → 部门信息公开 → a department → its 年报
    depts = rng.sample(DEPTS, rng.randrange(4, 7))
    dept_links = []
    for dept in depts:
        abbr, cur = dept[0], county + dept[1]
        colid = rng.randrange(1000, 9999)
        first = f"/xxgk/bmxxgk/{abbr}/zfxxgknb.htm"
        crumbs = [home_c, xxgk_c, ("部门信息公开", "/xxgk/bmxxgk.htm"), (cur, f"/xxgk/bmxxgk/{abbr}.htm"),
                  ("政府信息公开年报", first)]
        ditems: list[Item] = []
        for year in years_from(b, rng.choice([2019, 2020, 2021, 2022]), gap=0.2):
            old = dept_name(dept, year)
            if old is None:
                continue
            agency = county + old
            d = pub_date(rng, year)
            art = b.next_id()
            title = report_title(rng, agency, year)
            mode = pick_mode(rng, year, ["html", "html+pdf", "stub+pdf", "html+docx", "dl"])
            url = publish(b, h, f"/info/{colid}/{art}.htm", skin=skin, agency=agency, year=year,
                          title=title, mode=mode, attach=att, crumbs=crumbs,
                          where=f"vsb dept {abbr}: 部门信息公开→部门→年报; {mode}"
                          + ("; renamed agency" if old != dept[1] else ""),
                          date_s=str(d), site_name=gov, head=clicks(art), style="rel")
            ditems.append((url, title, str(d)))
        if rng.random() < 0.4:
            y = 2023
            t = lookalike_title(rng.choice(["法治", "决算"]), cur, y)
            ditems.append((publish(b, h, f"/info/{colid}/{b.next_id()}.htm", skin=skin,
                                   agency=cur, year=y, title=t, mode="html", attach=att,
                                   crumbs=crumbs, where="", date_s="2024-03-20",
                                   lookalike="法治" if "法治" in t else "决算"), t, "2024-03-20"))
        vsb_list(first, "政府信息公开年报", ditems, 8, crumbs)
        cats = [("机构职能", f"/xxgk/bmxxgk/{abbr}/jgzn.htm"), ("政府信息公开指南", f"/xxgk/bmxxgk/{abbr}/zn.htm"),
                ("政府信息公开年报", f"{abbr}/zfxxgknb.htm"), ("部门文件", f"/xxgk/bmxxgk/{abbr}/bmwj.htm")]
        h.put(f"/xxgk/bmxxgk/{abbr}/jgzn.htm", skin.page("机构职能", f"<p>{esc(cur)}是{esc(gov)}工作部门。</p>",
                                                      crumbs[:4]))
        publish(b, h, f"/xxgk/bmxxgk/{abbr}/zn.htm", skin=skin, agency=cur, year=2024,
                title=lookalike_title("指南", cur, 2024), mode="html", attach=att, crumbs=crumbs[:4],
                where="", date_s="2025-01-02", lookalike="指南")
        h.put(f"/xxgk/bmxxgk/{abbr}.htm", skin.page(cur, blocks_html([("信息公开目录", cats)]),
                                                    crumbs[:4]))
        dept_links.append((cur, f"bmxxgk/{abbr}.htm"))
    h.put("/xxgk/bmxxgk.htm", skin.page("部门信息公开", blocks_html([("县政府工作部门", [
        (t, relpath("/xxgk/bmxxgk.htm", "/xxgk/" + u)) for t, u in dept_links])]),
        [home_c, xxgk_c]))

    # ---- townships: scanned paper reports
    town_links = []
    for tname, tpy in towns(rng, rng.randrange(3, 6), b.names):
        agency = county + tname
        path = f"/xxgk/xzxxgk/{tpy}.htm"
        crumbs = [home_c, xxgk_c, ("乡镇信息公开", "/xxgk/xzxxgk.htm"), (tname, path)]
        colid = rng.randrange(1000, 9999)
        titems = []
        for year in years_from(b, rng.choice([2020, 2021, 2022]), gap=0.3):
            d = pub_date(rng, year)
            art = b.next_id()
            title = report_title(rng, agency, year)
            mode = rng.choice(["images", "images", "scan-pdf", "html"])
            url = publish(b, h, f"/info/{colid}/{art}.htm", skin=skin, agency=agency, year=year,
                          title=title, mode=mode, attach=att_static, crumbs=crumbs,
                          where=f"vsb township page; {mode}", date_s=str(d), site_name=gov)
            titems.append((url, title, str(d)))
        body = (f"<p>{esc(tname)}信息公开</p><h3>机构概况</h3><p>{esc(tname)}位于{esc(county)}。</p>"
                "<h3>政府信息公开年报</h3>" + items_html(
                    [(link(h, path, u, "rel"), t, d) for u, t, d in by_date(titems)]))
        h.put(path, skin.page(tname, body, crumbs))
        town_links.append((tname, f"xzxxgk/{tpy}.htm"))
    h.put("/xxgk/xzxxgk.htm", skin.page("乡镇信息公开", blocks_html([("乡镇（街道）", [
        (t, relpath("/xxgk/xzxxgk.htm", "/xxgk/" + u)) for t, u in town_links])]),
        [home_c, xxgk_c]))

    # ---- an old 信息公开 copy robots.txt forbids
    old_items = []
    for year in (2009, 2010, 2011):
        path = f"/oldxxgk/nb/{year}.htm"
        title = report_title(rng, gov, year)
        publish(b, h, path, skin=skin, agency=gov, year=year, title=title, mode="html",
                attach=att_static, crumbs=[home_c], where="", date_s=f"{year + 1}-03-01",
                site_name=gov, expect=False)
        b.never.add(h.url(path))
        old_items.append((h.url(path), title, f"{year + 1}-03-01"))
    h.put("/oldxxgk/index.htm", skin.page("旧版信息公开", items_html(
        [(link(h, "/oldxxgk/index.htm", u), t, d) for u, t, d in old_items]), [home_c]))

    # ---- 信息公开 home, fixed pages, news, home page (sessions in the menu)
    for path, kind in (("/xxgk/zfxxgkzn.htm", "指南"), ("/xxgk/ysqgk.htm", "依申请")):
        publish(b, h, path, skin=skin, agency=gov, year=2024, title=lookalike_title(kind, gov, 2024),
                mode="html", attach=att, crumbs=[home_c, xxgk_c], where="", date_s="2025-01-05",
                lookalike=kind)
    law = lookalike_title("法治", gov, 2024)
    law_url = publish(b, h, f"/info/{col_nb + 1}/{b.next_id()}.htm", skin=skin, agency=gov,
                      year=2024, title=law, mode="stub+pdf", attach=att, crumbs=[home_c, xxgk_c],
                      where="", date_s="2025-03-10", lookalike="法治")
    h.put("/xxgk/fdzdgknr.htm", skin.page("法定主动公开内容", items_html(
        [(link(h, "/xxgk/fdzdgknr.htm", law_url, "rel"), law, "2025-03-10")]),
        [home_c, xxgk_c]))
    search = "/search.jsp?wbtreeid=1001&searchScope=0&currentnum=1&newskeycode2=5bm05oql"
    xxgk_links = [("政府信息公开指南", "xxgk/zfxxgkzn.htm"), ("法定主动公开内容", "xxgk/fdzdgknr.htm"),
                  ("政府信息公开年报", "xxgk/zfxxgknb.htm"), ("部门信息公开", "xxgk/bmxxgk.htm"),
                  ("乡镇信息公开", "xxgk/xzxxgk.htm"), ("依申请公开", "xxgk/ysqgk.htm"),
                  ("旧版信息公开", "oldxxgk/index.htm"), ("站内搜索：年报", search)]
    h.put("/xxgk.htm", skin.page("信息公开", blocks_html([("政府信息公开", xxgk_links)]), [home_c]))
    h.slow["/xxgk.htm"] = 0.8

    def search_page(q: str, n: int, tick: int) -> str:
        nxt = f"/search.jsp?wbtreeid=1001&searchScope=0&currentnum={n + 1}&newskeycode2=5bm05oql"
        rel = f"/search.jsp?wbtreeid=1001&searchScope=0&currentnum=1&newskeycode2={tick:x}"
        return skin.page("搜索结果", f"<p>第{n}页，共找到{n * 10 + 7}条结果</p>"
                                 f'<a href="{esc(nxt)}">下一页</a> <a href="{esc(rel)}">相关搜索</a>')

    h.routes["/search.jsp"] = endless_search(search_page, pname="currentnum", qname="newskeycode2")
    h.traps.append(r"^/search\.jsp")
    b.trap("search")

    news_col = rng.randrange(1000, 9999)
    news_first = "/xwzx/zwyw.htm"
    news = news_block(b, h, skin, place=county, count=rng.randrange(150, 260),
                      article_path=lambda aid, d: f"/info/{news_col}/{aid}.htm",
                      crumbs=[home_c, ("要闻动态", news_first)], column="要闻动态",
                      lookalike_every=41, agency=gov)
    vsb_list(news_first, "要闻动态", news, 15, [home_c, ("要闻动态", news_first)])
    top = [(link(h, "/index.htm", u), t, d) for u, t, d in news[:8]]
    about = about_pages(h, skin, county, lambda t, k: f"/zjxx/{k}.htm", [home_c])
    h.put("/zjxx.htm", skin.page(f"走进{cn}", blocks_html([("概况", about[:7])]), [home_c]))
    h.put("/hdjl.htm", skin.page("互动交流", blocks_html([("互动", about[7:])]), [home_c]))

    sid_nav = [(t, u + ";jsessionid={SID}" if u.startswith("/") else u) for t, u in nav]
    blocks = [("要闻动态", [(t, p) for p, t, _ in top]),
              ("信息公开", [(t, "/" + u) for t, u in xxgk_links[:3]] +
               [("站内搜索", search)]),
              ("办事服务", service_links(ppy)), ("走进" + cn, about[:7]), ("互动交流", about[7:]),
              ("部门网站", [(county + d[1], f"/xxgk/bmxxgk/{d[0]}.htm") for d in depts]),
              *home_extras(b, h, ppy, news)]
    template = skin.page(gov, blocks_html(blocks), [home_c], nav_links=sid_nav)

    def home(site, hit, query, body) -> Reply:
        sid = hashlib.md5(f"{site.tick()}".encode()).hexdigest().upper()
        return Reply(200, template.replace("{SID}", sid).encode(), validators=False)

    h.routes["/index.htm"] = home
    h.traps.append(r"^/index\.htm;jsessionid=")
    b.trap("jsessionid")
    h.put("/index.html", '<html><head><meta http-equiv="refresh" content="0;url=index.htm">'
                         "</head><body></body></html>")
    h.put("/robots.txt", robots_txt(["/oldxxgk/", "/_web/", "/system/resource/code/"],
                                    baidu_allow_all=True))
    b.notes.append("home / is a meta refresh to index.htm; menu links carry a fresh "
                   ";jsessionid= each time; attachments via download.jsp without extension")
    return b.portal(h.url("/"))


# ============================================================================ JEECMS

def build_jeecms(b: Build) -> Portal:
    """A prefecture education bureau on JEECMS: `.jhtml` columns paged `index_2.jhtml`,
    attachments behind `attachment.jspx?cid=&i=` answering application/octet-stream."""
    rng = b.rng
    prov, ppy = b.names.province()
    cn, py = b.names.place()
    city = cn + "市"
    cur = city + "教育体育局"

    def agency_of(y: int) -> str:
        return city + ("教育局" if y < 2019 else "教育体育局")

    h = b.host(f"jyj.{py}.gov.cn")
    nav = [("首页", "/"), ("教育要闻", "/jyyw/index.jhtml"), ("政务公开", "/zwgk/index.jhtml"),
           ("办事服务", f"http://zwfw.{ppy}.gov.cn/"), ("互动交流", "/hdjl/index.jhtml")]
    skin = Skin(cur, nav, flavor="jee", externals=externals(prov, ppy), search_action="/search.jspx",
                logo="/r/cms/www/default/images/logo.png")
    h.put("/r/cms/www/default/images/logo.png", PNG_LOGO)

    def place(ext: str, n: int) -> str:
        return (f"/u/cms/www/{b.day:%Y%m}/{b.day:%d}{rng.randrange(10**7, 10**8)}{hexid(rng, 4)}.{ext}")

    cid = [0]

    def dl(data: bytes, name: str, ctype: str) -> str:
        return h.download("/attachment.jspx", ("cid", "i"), (str(cid[0]), "0"), data, name,
                          "application/octet-stream", style="java")

    att = Attach(h, place, dl)
    home_c, gk_c = ("首页", "/"), ("政务公开", "/zwgk/index.jhtml")
    first = "/zwgk/zfxxgknb/index.jhtml"
    crumbs = [home_c, gk_c, ("政府信息公开年报", first)]

    def jee_path(base: str):
        return lambda p, n: f"{base}index.jhtml" if p == 0 else f"{base}index_{p + 1}.jhtml"

    items: list[Item] = []
    for year in years_from(b, rng.choice([2008, 2009, 2010]), gap=0.06):
        d = pub_date(rng, year)
        cid[0] = b.next_id()
        agency = agency_of(year)
        title = report_title(rng, agency, year, bare=year <= 2014 and rng.random() < 0.7)
        mode = rng.choice(["html", "html+docx"]) if year <= 2014 else rng.choice(
            ["dl", "html+pdf", "pdfjs", "stub+pdf", "html", "dl"])
        url = publish(b, h, f"/zwgk/zfxxgknb/{cid[0]}.jhtml", skin=skin, agency=agency, year=year,
                      title=title, mode=mode, attach=att, crumbs=crumbs,
                      where=f"jeecms 政务公开→年报 index_N.jhtml; {mode}"
                      + (" (octet-stream, no extension)" if mode == "dl" else "")
                      + ("; renamed agency (教育局, now 教育体育局)" if year < 2019 else ""),
                      date_s=str(d), site_name=cur)
        items.append((url, title, str(d)))
    per = rng.choice([5, 6])
    write_lists(h, skin, title="政府信息公开年报", items=by_date(items), per=per,
                path_of=jee_path("/zwgk/zfxxgknb/"),
                pager=link_pager(jee_path("/zwgk/zfxxgknb/"), "root"), crumbs=crumbs)
    h.slow["/zwgk/zfxxgknb/index_2.jhtml"] = 1.2

    # 法定主动公开内容: statistics bulletins, budgets, the yearly-report training notice
    fd: list[Item] = []
    for year in (2022, 2023, 2024):
        cid[0] = b.next_id()
        t = f"{city}{year}年教育事业发展统计公报"
        fd.append((publish(b, h, f"/zwgk/fdzdgknr/{cid[0]}.jhtml", skin=skin, agency=cur,
                           year=year, title=t, mode="html", attach=att, crumbs=[home_c, gk_c],
                           where="", date_s=f"{year + 1}-04-1{year % 9}", lookalike="统计公报"),
                   t, f"{year + 1}-04-1{year % 9}"))
        t = lookalike_title("预算", cur, year)
        u = publish_file(b, Attach(h, place), agency=cur, year=year, title=t, kind="pdf",
                         where="", lookalike="预算")
        fd.append((u, t, f"{year + 1}-02-0{year % 9 + 1}"))
    cid[0] = b.next_id()
    t = lookalike_title("培训", cur, 2024)
    fd.append((publish(b, h, f"/zwgk/fdzdgknr/{cid[0]}.jhtml", skin=skin, agency=cur, year=2024,
                       title=t, mode="html", attach=att, crumbs=[home_c, gk_c], where="",
                       date_s="2024-12-20", lookalike="培训"), t, "2024-12-20"))
    write_lists(h, skin, title="法定主动公开内容", items=by_date(fd), per=20,
                path_of=jee_path("/zwgk/fdzdgknr/"), pager=lambda p, n, path: "",
                crumbs=[home_c, gk_c])
    cid[0] = b.next_id()
    publish(b, h, "/zwgk/zfxxgkzn/index.jhtml", skin=skin, agency=cur, year=2024,
            title=lookalike_title("指南", cur, 2024), mode="html", attach=att,
            crumbs=[home_c, gk_c], where="", date_s="2025-01-03", lookalike="指南")
    h.put("/zwgk/index.jhtml", skin.page("政务公开", blocks_html([("政府信息公开", [
        ("政府信息公开指南", "/zwgk/zfxxgkzn/index.jhtml"), ("法定主动公开内容", "/zwgk/fdzdgknr/index.jhtml"),
        ("政府信息公开年报", first), ("依申请公开", "/zwgk/ysqgk/index.jhtml")])]), [home_c]))
    publish(b, h, "/zwgk/ysqgk/index.jhtml", skin=skin, agency=cur, year=2024,
            title=lookalike_title("依申请", cur, 2024), mode="html", attach=att,
            crumbs=[home_c, gk_c], where="", date_s="2025-01-03", lookalike="依申请")

    news = news_block(b, h, skin, place=city + "教育", count=rng.randrange(90, 160),
                      article_path=lambda aid, d: f"/jyyw/{aid}.jhtml",
                      crumbs=[home_c, ("教育要闻", "/jyyw/index.jhtml")], column="教育要闻",
                      lookalike_every=37, agency=cur)
    write_lists(h, skin, title="教育要闻", items=news, per=15, path_of=jee_path("/jyyw/"),
                pager=link_pager(jee_path("/jyyw/"), "root"), crumbs=[home_c])
    about = about_pages(h, skin, cur, lambda t, k: f"/hdjl/{k}.jhtml", [home_c])
    h.put("/hdjl/index.jhtml", skin.page("互动交流", blocks_html([("互动", about)]), [home_c]))
    search = "/search.jspx?q=%E5%B9%B4%E6%8A%A5&pageNo=1"

    def search_page(q: str, n: int, tick: int) -> str:
        return skin.page("检索", f'<p>“{esc(q)}”第{n}页</p><a href="/search.jspx?q='
                                f'{quote(q)}&amp;pageNo={n + 1}">下一页</a> <a href="/search.jspx?q='
                                f'{quote(q)}{tick % 7}&amp;pageNo=1">{esc(q)}{tick % 7}</a>')

    h.routes["/search.jspx"] = endless_search(search_page, pname="pageNo")
    h.traps.append(r"^/search\.jspx")
    b.trap("search")
    blocks = [("教育要闻", [(t, link(h, "/", u)) for u, t, _ in news[:8]]),
              ("政务公开", [("政府信息公开年报", first), ("法定主动公开内容", "/zwgk/fdzdgknr/index.jhtml"),
                        ("热搜：年报", search)]),
              ("办事服务", service_links(ppy)), ("互动交流", about), *home_extras(b, h, ppy, news)]
    h.put("/index.html", skin.page(cur, blocks_html(blocks), [home_c]))
    h.put("/robots.txt", robots_txt(["/member/", "/jeeadmin/", "/search.jspx"]))
    b.notes.append("agency renamed 2019 (教育局→教育体育局); attachment.jspx answers "
                   "application/octet-stream with the name only in Content-Disposition")
    return b.portal(h.url("/"))


# ============================================================================ ASP.NET

def viewstate(rng) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return "/wEPDwUK" + "".join(rng.choice(alphabet) for _ in range(420)) + "=="


def build_aspnet(b: Build) -> Portal:
    """A provincial department on ASP.NET WebForms: `InfoPublic.aspx?cid=&pid=&page=&kw=`,
    postback paging (only 下一页/上一页 are GET links), `DownLoad.aspx?FileId=`, a cookieless
    session marker `/(S(…))/` on the home menu."""
    rng = b.rng
    prov, ppy = b.names.province()
    for _ in range(20):
        if f"hrss.{ppy}.gov.cn" not in b.taken:
            break
        prov, ppy = b.names.province()
    agency = prov + "人力资源和社会保障厅"
    h = b.host(f"hrss.{ppy}.gov.cn")
    pid = rng.randrange(900, 999)
    gk = f"/InfoPublic.aspx?cid={pid + 29}&pid={pid}&page=1&kw="
    nav = [("首页", "/Default.aspx"), ("新闻动态", "/NewsList.aspx?cid=2001&page=1"),
           ("信息公开", gk), ("网上办事", f"http://zwfw.{ppy}.gov.cn/"), ("互动交流", "/Interact.aspx")]
    vs = viewstate(rng)
    skin = Skin(agency, nav, flavor="asp", externals=externals(prov, ppy), search_action="/Search.aspx",
                head_extra='<link href="/App_Themes/Default/style.css" type="text/css" rel="stylesheet"/>')
    h.put("/App_Themes/Default/style.css", "body{font-size:12px}", ctype="text/css")
    h.put("/images/logo.png", PNG_LOGO)
    fid = itertools.count(rng.randrange(3000, 9000), 3)

    def place(ext: str, n: int) -> str:
        return f"/UploadFiles/InfoPublic/{b.day:%Y%m}/{b.day:%Y%m%d}{rng.randrange(10**8, 10**9)}.{ext}"

    def dl(data: bytes, name: str, ctype: str) -> str:
        return h.download("/DownLoad.aspx", ("FileId",), (str(next(fid)),), data, name,
                          ctype if rng.random() < 0.5 else "application/octet-stream", style="aspnet")

    att = Attach(h, place, dl)

    def form(action: str, inner: str) -> str:
        return (f'<form name="aspnetForm" method="post" action="{esc(action)}" id="aspnetForm">'
                f'<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{vs}" />'
                f'<input type="hidden" name="__EVENTTARGET" value="" />{inner}</form>')

    def info_url(c: int, p: int) -> str:
        return f"/InfoPublic.aspx?cid={c}&pid={pid}&page={p}&kw="

    def pager_for(c: int):
        def pager(p: int, n: int, path: str) -> str:
            if n <= 1:
                return ""
            parts = ['<div class="pager">']
            if p:
                parts.append(f'<a href="{esc(info_url(c, 1))}">首页</a> '
                             f'<a href="{esc(info_url(c, p))}">上一页</a>')
            for k in range(n):
                parts.append(f"<span>{k + 1}</span>" if k == p else
                             f"<a href=\"javascript:__doPostBack('ctl00$MainContent$AspNetPager1',"
                             f"'{k + 1}')\">{k + 1}</a>")
            if p < n - 1:
                parts.append(f'<a href="{esc(info_url(c, p + 2))}">下一页</a> '
                             f"<a href=\"javascript:__doPostBack('ctl00$MainContent$AspNetPager1',"
                             f"'{n}')\">尾页</a>")
            return "".join(parts) + "</div>"
        return pager

    units = [(pid + 19, agency, rng.choice([2008, 2009])),
             (pid + 31, prov + "社会保险局", rng.choice([2019, 2020])),
             (pid + 32, prov + "就业服务局", rng.choice([2019, 2021])),
             (pid + 33, prov + "人事考试院", rng.choice([2020, 2021])),
             (pid + 34, prov + "劳动保障监察局", 2019)]
    units = units[:rng.randrange(3, 6)]
    side = "".join(f'<li><a href="{esc(info_url(c, 1))}">{esc(name)}</a></li>' for c, name, _ in units)
    side = f"<h3>政府信息公开年报</h3><ul>{side}</ul>"
    gk_c = ("信息公开", gk)
    for c, unit, start in units:
        crumbs = [("首页", "/Default.aspx"), gk_c, ("政府信息公开年报", info_url(units[0][0], 1))]
        items: list[Item] = []
        for year in years_from(b, start, gap=0.12):
            d = pub_date(rng, year)
            info = b.next_id()
            title = report_title(rng, unit, year, odd_digits=rng.random() < 0.08)
            if c == units[0][0]:
                mode = rng.choice(["html", "html+docx"]) if year < 2015 else rng.choice(
                    ["dl", "html+xlsx", "stub+pdf", "html+pdf"])
            else:
                mode = rng.choice(["dl", "html", "html+pdf", "images"])
            url = publish(b, h, f"/InfoDetail.aspx?InfoID={info}&cid={c}", skin=skin, agency=unit,
                          year=year, title=title, mode=mode, attach=att, crumbs=crumbs,
                          where=f"aspnet InfoPublic cid={c}, GET next-page links only; {mode}",
                          date_s=str(d), site_name=agency)
            items.append((url, title, str(d)))
        if c == units[0][0]:
            for year in (2022, 2023):
                info = b.next_id()
                t = lookalike_title("网站报表", agency, year)
                items.append((publish(b, h, f"/InfoDetail.aspx?InfoID={info}&cid={c}", skin=skin,
                                      agency=agency, year=year, title=t, mode="html", attach=att,
                                      crumbs=crumbs, where="", date_s=f"{year + 1}-01-2{year % 7}",
                                      lookalike="网站报表"), t, f"{year + 1}-01-2{year % 7}"))
        write_lists(h, skin, title="政府信息公开年报", items=by_date(items), per=rng.choice([6, 8]),
                    path_of=lambda p, n, c=c: info_url(c, p + 1), pager=pager_for(c), crumbs=crumbs,
                    side=side)
    # the 信息公开 home and its other categories
    cats = [(pid + 11, "政府信息公开指南", "指南"), (pid + 12, "依申请公开", "依申请"),
            (pid + 13, "法定主动公开内容", "法治")]
    cat_links = []
    for c, name, kind in cats:
        info = b.next_id()
        t = lookalike_title(kind, agency, 2024)
        u = publish(b, h, f"/InfoDetail.aspx?InfoID={info}&cid={c}", skin=skin, agency=agency,
                    year=2024, title=t, mode="html" if kind != "法治" else "dl", attach=att,
                    crumbs=[gk_c], where="", date_s="2025-02-11", lookalike=kind)
        write_lists(h, skin, title=name, items=[(u, t, "2025-02-11")], per=10,
                    path_of=lambda p, n, c=c: info_url(c, 1), pager=lambda p, n, path: "",
                    crumbs=[gk_c])
        cat_links.append((name, info_url(c, 1)))
    cat_links.insert(2, ("政府信息公开年报", info_url(units[0][0], 1)))
    h.qput("/InfoPublic.aspx", gk.split("?", 1)[1], skin.page("信息公开", form(
        "." + gk, blocks_html([("政府信息公开目录", cat_links)]))))

    # news (an endless NewsList) and the calendar
    news = news_block(b, h, skin, place=agency, count=rng.randrange(60, 120),
                      article_path=lambda aid, d: f"/NewsDetail.aspx?id={aid}",
                      crumbs=[("首页", "/Default.aspx")], column="新闻动态")

    def news_list(site, hit, query, body) -> Reply:
        try:
            p = max(1, int((query.get("page") or ["1"])[0]))
        except ValueError:
            p = 1
        chunk = news[(p - 1) * 15:p * 15]
        html_ = skin.page("新闻动态", items_html([(link(h, "/", u), t, d) for u, t, d in chunk]) +
                          ('<p>没有更多了</p>' if not chunk else "") +
                          f'<a href="/NewsList.aspx?cid=2001&amp;page={p + 1}">下一页</a>')
        return Reply(200, html_.encode(), validators=False)

    h.routes["/NewsList.aspx"] = news_list
    h.traps.append(r"^/NewsList\.aspx")
    h.routes["/Calendar.aspx"] = calendar_route(skin, "/Calendar.aspx", "d")
    h.traps.append(r"^/Calendar\.aspx")
    b.trap("page")
    b.trap("calendar")
    about = about_pages(h, skin, agency, lambda t, k: f"/About.aspx?id={k}", [("首页", "/Default.aspx")])
    h.put("/Interact.aspx", skin.page("互动交流", blocks_html([("互动", about[7:])])))
    blocks = [("新闻动态", [(t, link(h, "/", u)) for u, t, _ in news[:8]]),
              ("信息公开", cat_links), ("办事服务", service_links(ppy)),
              ("厅领导活动", [("活动日历", "/Calendar.aspx?d=2025-03-31")]), ("关于我们", about[:7]),
              *home_extras(b, h, ppy, news)]
    sess_nav = [(t, "/(S({SID}))" + u if u.startswith("/") else u) for t, u in nav]
    template = skin.page(agency, form("./Default.aspx", blocks_html(blocks)), nav_links=sess_nav)

    def home(site, hit, query, body) -> Reply:
        sid = hashlib.sha1(f"{site.tick()}".encode()).hexdigest()[:24]
        return Reply(200, template.replace("{SID}", sid).encode(), validators=False)

    h.routes["/Default.aspx"] = home
    h.routes["/"] = lambda site, hit, query, body: Reply(
        302, b"", headers={"Location": "/Default.aspx"}, validators=False)
    h.traps.append(r"^/\(S\([a-z0-9]+\)\)/Default\.aspx")
    b.trap("session-in-path")
    h.put("/robots.txt", robots_txt(["/admin/", "/Search.aspx"]))
    b.notes.append("/ is a 302 to Default.aspx whose menu carries /(S(session))/ prefixes; "
                   "list paging by __doPostBack except the GET 下一页 link")
    return b.portal(h.url("/"))


# ============================================================================ DotNetNuke

def build_dnn(b: Build) -> Portal:
    """A housing-fund centre on DotNetNuke: `/tabid/N/Default.aspx`, paging in the path
    (`/ctl/InfoList/mid/M/Page/K/`), detail URLs with an encoded `ContainerSrc`,
    `LinkClick.aspx?fileticket=` downloads, print views forbidden by a robots wildcard."""
    rng = b.rng
    prov, ppy = b.names.province()
    cn, py = b.names.place()
    city = cn + "市"
    agency = city + "住房公积金管理中心"
    h = b.host(f"gjj.{py}.gov.cn")
    tab_gk, tab_nb, tab_news = rng.randrange(60, 99), rng.randrange(1000, 1100), rng.randrange(200, 260)
    mid = rng.randrange(2000, 2999)
    nav = [("首页", "/Default.aspx"), ("新闻中心", f"/tabid/{tab_news}/Default.aspx"),
           ("信息公开", f"/tabid/{tab_gk}/Default.aspx"), ("业务指南", "/tabid/70/Default.aspx"),
           ("网上服务", f"http://zwfw.{ppy}.gov.cn/")]
    skin = Skin(agency, nav, flavor="dnn", externals=externals(prov, ppy),
                foot_extra='<a href="/Default.aspx?ctl=Login&amp;returnurl=%2f">登录</a>',
                logo="/Portals/0/logo.png")
    h.put("/Portals/0/logo.png", PNG_LOGO)
    container = "ContainerSrc=%5BG%5DContainers%2F_default%2FNo+Container"
    printq = (f"dnnprintmode=true&mid={mid}&SkinSrc=%5BG%5DSkins%2F_default%2FNo+Skin&"
              + container)

    def place(ext: str, n: int) -> str:
        return f"/Portals/0/InfoAttach/{b.day:%Y/%m/%d}/{hexid(rng, 20)}.{ext}"

    tab = [tab_nb]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+="

    def dl(data: bytes, name: str, ctype: str) -> str:
        ticket = "".join(rng.choice(alphabet) for _ in range(11)) + "="
        shown = quote(ticket, safe="").replace("%2B", "%2b").replace("%3D", "%3d")
        return h.download("/LinkClick.aspx", ("fileticket", "tabid", "mid"),
                          (ticket, str(tab[0]), str(mid)), data, name, ctype,
                          shown=(shown, str(tab[0]), str(mid)))

    att = Attach(h, place, dl)

    def list_path(t: int):
        return lambda p, n: (f"/tabid/{t}/Default.aspx" if p == 0 else
                             f"/tabid/{t}/ctl/InfoList/mid/{mid}/Page/{p + 1}/Default.aspx")

    home_c, gk_c = ("首页", "/Default.aspx"), ("信息公开", f"/tabid/{tab_gk}/Default.aspx")
    units = [(tab_nb, agency, rng.choice([2010, 2011, 2012]))]
    for i, (tname, _py) in enumerate(towns(rng, rng.randrange(2, 4), b.names)):
        county = tname[:2] + "县"
        units.append((tab_nb + 1 + i, f"{agency}{county}分中心", rng.choice([2019, 2020, 2021])))
    unit_links = []
    for t, unit, start in units:
        tab[0] = t
        crumbs = [home_c, gk_c, ("年度报告", f"/tabid/{t}/Default.aspx")]
        items: list[Item] = []
        for year in years_from(b, start, gap=0.1):
            d = pub_date(rng, year)
            info = b.next_id()
            path = f"/tabid/{t}/ctl/InfoDetail/InfoID/{info}/mid/{mid}/Default.aspx"
            title = report_title(rng, unit, year)
            mode = rng.choice(["html", "html+pdf"]) if year < 2016 else rng.choice(
                ["dl", "html+pdf", "embed", "object", "stub+pdf"])
            url = publish(b, h, path, skin=skin, agency=unit, year=year, title=title, mode=mode,
                          attach=att, crumbs=crumbs, where=f"dnn tab {t}, paging in the path; {mode}",
                          date_s=str(d), site_name=agency, url_query=container,
                          meta_html=f'<a href="{esc(path)}?{esc(printq)}" target="_blank">打印本页</a>')
            b.never.add(h.url(path) + "?" + printq)
            items.append((url, title, str(d)))
        if t == tab_nb:
            info = b.next_id()
            path = f"/tabid/{t}/ctl/InfoDetail/InfoID/{info}/mid/{mid}/Default.aspx"
            lt = f"{agency}{2024}年住房公积金年度报告"
            items.append((publish(b, h, path, skin=skin, agency=agency, year=2024, title=lt,
                                  mode="stub+pdf", attach=Attach(h, place), crumbs=crumbs, where="",
                                  date_s="2025-03-28", lookalike="决算", url_query=container),
                          lt, "2025-03-28"))
            b.notes.append("住房公积金年度报告 (the fund's statutory annual report) is a look-alike")
        write_lists(h, skin, title="年度报告", items=by_date(items), per=5, path_of=list_path(t),
                    pager=link_pager(list_path(t), "root"), crumbs=crumbs)
        unit_links.append((unit + "政府信息公开年度报告", f"/tabid/{t}/Default.aspx"))
    publish(b, h, "/tabid/71/Default.aspx", skin=skin, agency=agency, year=2024,
            title=lookalike_title("指南", agency, 2024), mode="html", attach=att, crumbs=[gk_c],
            where="", date_s="2025-01-02", lookalike="指南")
    h.put(f"/tabid/{tab_gk}/Default.aspx", skin.page("信息公开", blocks_html(
        [("政府信息公开", [("信息公开指南", "/tabid/71/Default.aspx"), *unit_links])]), [home_c]))
    news = news_block(b, h, skin, place=agency, count=rng.randrange(60, 110),
                      article_path=lambda aid, d: f"/tabid/{tab_news}/ctl/InfoDetail/InfoID/{aid}/mid/"
                                                  f"{mid}/Default.aspx",
                      crumbs=[home_c], column="新闻中心")
    write_lists(h, skin, title="新闻中心", items=news, per=12, path_of=list_path(tab_news),
                pager=link_pager(list_path(tab_news), "root"), crumbs=[home_c])
    about = about_pages(h, skin, agency, lambda t, k: f"/tabid/{300 + k}/Default.aspx", [home_c])
    h.put("/tabid/70/Default.aspx", skin.page("业务指南", blocks_html([("指南", about)])))
    home_html = skin.page(agency, blocks_html([
        ("新闻中心", [(t, link(h, "/", u)) for u, t, _ in news[:8]]),
        ("信息公开", [("年度报告", f"/tabid/{tab_nb}/Default.aspx"), ("信息公开", gk_c[1])]),
        ("网上服务", service_links(ppy)), ("关于我们", about), *home_extras(b, h, ppy, news)]))
    h.put("/index.html", home_html)
    login = skin.page("用户登录", '<form method="post"><input name="user"/><input name="pass" '
                                  'type="password"/></form>').encode()

    def default(site, hit, query, body) -> Reply:
        if "ctl" in query:
            return Reply(200, login, validators=False)
        return Reply(200, home_html.encode())

    h.routes["/Default.aspx"] = default
    h.put("/robots.txt", robots_txt(["/*ctl=Login", "/*dnnprintmode=", "/admin/", "/Providers/"]))
    b.notes.append("print views (?dnnprintmode=true) are report pages robots.txt forbids by "
                   "wildcard; LinkClick.aspx tickets keep lower-case %2b/%3d escapes")
    return b.portal(h.url("/"))


# ============================================================================ PHPCMS (GBK)

def build_phpcms(b: Build) -> Portal:
    """A county on PHPCMS v9 in GBK: everything is `index.php?m=content&c=index&a=…`, the same
    lists also as pseudo-static `list-12-2.html`, downloads via `c=down&a_k=`."""
    rng = b.rng
    prov, ppy = b.names.province()
    cn, py = b.names.place()
    county = cn + "县"
    gov = county + "人民政府"
    h = b.host(f"www.{py}.gov.cn")
    gbk = "gbk"

    def lists(catid: int, page: int = 1) -> str:
        q = f"m=content&c=index&a=lists&catid={catid}"
        return f"/index.php?{q}" + (f"&page={page}" if page > 1 else "")

    def show(catid: int, aid: int) -> str:
        return f"/index.php?m=content&c=index&a=show&catid={catid}&id={aid}"

    nav = [("首页", "/"), ("新闻中心", lists(5)), ("政务公开", lists(8)), ("办事服务", lists(9)),
           ("互动交流", lists(10))]
    skin = Skin(gov, nav, charset=gbk, flavor="php", externals=externals(prov, ppy),
                search_action="/index.php", logo="/statics/images/logo.png")
    h.put("/statics/images/logo.png", PNG_LOGO)

    def place(ext: str, n: int) -> str:
        return f"/uploadfile/{b.day:%Y/%m%d}/{b.day:%Y%m%d}{rng.randrange(10**5, 10**6)}{n}.{ext}"

    def dl(data: bytes, name: str, ctype: str) -> str:
        return h.download("/index.php", ("m", "c", "a_k"), ("content", "down", hexid(rng, 40)),
                          data, name, ctype, style="utf8")

    att = Attach(h, place, dl)
    home_c = ("首页", "/")

    def php_lists(catid: int, title: str, items: list[Item], per: int, crumbs) -> None:
        write_lists(h, skin, title=title, items=by_date(items), per=per,
                    path_of=lambda p, n: lists(catid, p + 1),
                    pager=link_pager(lambda p, n: lists(catid, p + 1), "root"), crumbs=crumbs)
        # the same pages, pseudo-static (the menu on some pages uses these)
        for p in range(max(1, -(-len(items) // per))):
            body = h.qpages["/index.php"][canon(lists(catid, p + 1))][0]
            h.put(f"/list-{catid}-{p + 1}.html", body, ctype="text/html; charset=gbk")

    def canon(path: str) -> str:
        from tests.crawler.world.holdout_kit import canon_query
        return canon_query(path.split("?", 1)[1])

    gk_c = ("政务公开", lists(8))
    items: list[Item] = []
    crumbs = [home_c, gk_c, ("政府信息公开年报", lists(12))]
    for year in years_from(b, rng.choice([2008, 2009]), gap=0.08):
        d = pub_date(rng, year)
        aid = b.next_id()
        title = report_title(rng, gov, year, odd_digits=rng.random() < 0.15,
                             bare=year <= 2011 and rng.random() < 0.5)
        mode = "html" if year < 2013 else rng.choice(["html+pdf", "dl", "html+docx", "html",
                                                       "stub+pdf"])
        url = publish(b, h, show(12, aid), skin=skin, agency=gov, year=year, title=title, mode=mode,
                      attach=att, crumbs=crumbs, where=f"phpcms GBK index.php?a=lists&catid=12; {mode}",
                      date_s=str(d), site_name=gov, charset=gbk)
        items.append((url, title, str(d)))
    for kind, year in (("要点", 2024), ("法治", 2023)):
        aid = b.next_id()
        t = lookalike_title(kind, gov, year)
        items.append((publish(b, h, show(12, aid), skin=skin, agency=gov, year=year, title=t,
                              mode="html", attach=att, crumbs=crumbs, where="",
                              date_s=f"{year + 1}-03-0{year % 9}", lookalike=kind, charset=gbk),
                      t, f"{year + 1}-03-0{year % 9}"))
    php_lists(12, "政府信息公开年报", items, rng.choice([8, 10]), crumbs)
    # a link to a withdrawn item: PHPCMS answers 200 "信息不存在"
    town_cats = []
    for i, (tname, _tpy) in enumerate(towns(rng, rng.randrange(3, 6), b.names)):
        cat = 30 + i
        agency = county + tname
        titems: list[Item] = []
        tcrumbs = [home_c, gk_c, ("乡镇信息公开", lists(29)), (tname, lists(cat))]
        for year in years_from(b, rng.choice([2019, 2020, 2021]), gap=0.35):
            d = pub_date(rng, year)
            aid = b.next_id()
            title = report_title(rng, agency, year)
            mode = rng.choice(["html", "html", "html+pdf", "images"])
            url = publish(b, h, show(cat, aid), skin=skin, agency=agency, year=year, title=title,
                          mode=mode, attach=Attach(h, place), crumbs=tcrumbs,
                          where=f"phpcms township catid={cat}; {mode}", date_s=str(d),
                          site_name=gov, charset=gbk)
            titems.append((url, title, str(d)))
        php_lists(cat, tname, titems, 10, tcrumbs)
        town_cats.append((tname, f"/list-{cat}-1.html"))
    h.qput("/index.php", lists(29).split("?", 1)[1], skin.page("乡镇信息公开", blocks_html(
        [("乡镇", town_cats)]), [home_c, gk_c]), charset=gbk)
    guide = publish(b, h, show(11, b.next_id()), skin=skin, agency=gov, year=2024,
                    title=lookalike_title("指南", gov, 2024), mode="html", attach=att,
                    crumbs=[home_c, gk_c], where="", date_s="2025-01-06", lookalike="指南",
                    charset=gbk)
    h.qput("/index.php", lists(8).split("?", 1)[1], skin.page("政务公开", blocks_html([("信息公开", [
        ("政府信息公开指南", link(h, "/", guide)), ("政府信息公开年报", "/list-12-1.html"),
        ("乡镇信息公开", lists(29))])]), [home_c]), charset=gbk)
    news = news_block(b, h, skin, place=county, count=rng.randrange(80, 140),
                      article_path=lambda aid, d: show(5, aid), crumbs=[home_c], column="新闻中心",
                      charset=gbk)
    php_lists(5, "新闻中心", news, 15, [home_c])
    for cat, name in ((9, "办事服务"), (10, "互动交流")):
        h.qput("/index.php", lists(cat).split("?", 1)[1], skin.page(name, blocks_html(
            [(name, service_links(ppy) if cat == 9 else [("县长信箱", lists(10, 2))])])),
            charset=gbk)

    def fallback(site, hit, query, body) -> Reply:
        if (query.get("m") or [""])[0] == "search":
            try:
                n = int((query.get("page") or ["1"])[0])
            except ValueError:
                n = 1
            page = skin.page("搜索", f"<p>第{n}页</p><a href=\"/index.php?m=search&amp;c=index&amp;"
                                     f"a=init&amp;typeid=1&amp;siteid=1&amp;q=%C4%EA%B1%A8&amp;page={n + 1}"
                                     f"&amp;t={site.tick()}\">下一页</a>")
            return Reply(200, page.encode(gbk, "xmlcharrefreplace"), "text/html; charset=gbk",
                         validators=False)
        return Reply(200, skin.page("提示信息", "<p>抱歉，您要查看的信息不存在或已被删除！</p>")
                     .encode(gbk, "xmlcharrefreplace"), "text/html; charset=gbk", validators=False)

    h.qfallback["/index.php"] = fallback
    h.traps.append(r"^/index\.php\?m=search")
    b.trap("search")
    search = "/index.php?m=search&c=index&a=init&typeid=1&siteid=1&q=%C4%EA%B1%A8&page=1"
    h.put("/index.html", skin.page(gov, blocks_html([
        ("新闻中心", [(t, link(h, "/", u)) for u, t, _ in news[:8]]),
        ("政务公开", [("政府信息公开年报", lists(12)), ("乡镇信息公开", lists(29)),
                  ("已撤回的信息", show(12, 1)), ("搜索：年报", search)]),
        ("办事服务", service_links(ppy)), *home_extras(b, h, ppy, news)])), charset=gbk)
    h.put("/robots.txt", robots_txt(["/phpcms/", "/caches/", "/api.php"]))
    b.notes.append("GBK throughout (header charset=gbk, meta gbk); the same lists as "
                   "index.php?…&page=N and list-CAT-N.html")
    return b.portal(h.url("/"))


# ============================================================================ DedeCMS

def build_dede(b: Build) -> Portal:
    """A district on DedeCMS: `/a/zwgk/nb/` with `list_12_2.html`, scans under
    `/uploads/allimg/`, a report in a ZIP, feedback pages per article, `/plus/` scripts."""
    rng = b.rng
    prov, ppy = b.names.province()
    cn, py = b.names.place()
    district = cn + "区"
    gov = district + "人民政府"
    h = b.host(f"www.{py}.gov.cn")
    nav = [("首页", "/"), ("新闻中心", "/a/xwzx/"), ("政务公开", "/a/zwgk/"), ("政务服务", f"http://zwfw.{ppy}.gov.cn/"),
           ("走进" + cn, "/a/zj/")]
    skin = Skin(gov, nav, flavor="dede", externals=externals(prov, ppy), search_action="/plus/search.php",
                logo="/templets/default/images/logo.png")
    h.put("/templets/default/images/logo.png", PNG_LOGO)
    h.routes["/plus/count.php"] = counter_route("js")

    def place(ext: str, n: int) -> str:
        ymd = b.day.strftime("%y%m%d")
        kind = "allimg" if ext in ("jpg", "png") else "soft"
        return f"/uploads/{kind}/{ymd}/1-{ymd}{rng.randrange(100000, 235959)}{n}{'-L' if kind == 'allimg' else ''}.{ext}"

    att = Attach(h, place)

    def dede_lists(base: str, tid: int, title: str, items: list[Item], per: int, crumbs) -> None:
        def path_of(p: int, n: int) -> str:
            return f"{base}list_{tid}_{p + 1}.html"

        write_lists(h, skin, title=title, items=by_date(items), per=per, path_of=path_of,
                    pager=link_pager(path_of, "rel", ("首页", "上一页", "下一页", "末页")),
                    crumbs=crumbs, style="root")
        h.files[f"{base}index.html"] = h.files[path_of(0, 1)]

    def detail(base: str, d: date, aid: int) -> str:
        return f"{base}{d.year}/{d.strftime('%m%d')}/{aid}.html"

    def extras(aid: int) -> str:
        return (f'<script src="/plus/count.php?view=yes&amp;aid={aid}&amp;mid=1" '
                f'type="text/javascript"></script>')

    home_c, gk_c = ("首页", "/"), ("政务公开", "/a/zwgk/")
    items: list[Item] = []
    crumbs = [home_c, gk_c, ("政府信息公开年报", "/a/zwgk/nb/")]
    zip_year = rng.choice([2012, 2013, 2014])
    for year in years_from(b, rng.choice([2008, 2009, 2010]), gap=0.08):
        d = pub_date(rng, year)
        aid = b.next_id()
        title = report_title(rng, gov, year, bare=year <= 2015 and rng.random() < 0.5,
                             odd_digits=rng.random() < 0.15)
        mode = "zip" if year == zip_year else rng.choice(
            ["images", "scan-pdf", "html"]) if year < 2017 else rng.choice(
            ["html+pdf", "images", "table-images", "html", "stub+pdf"])
        url = publish(b, h, detail("/a/zwgk/nb/", d, aid), skin=skin, agency=gov, year=year,
                      title=title, mode=mode, attach=att, crumbs=crumbs,
                      where=f"dedecms /a/zwgk/nb/ list_T_N.html; {mode}", date_s=str(d),
                      site_name=gov, head=extras(aid),
                      meta_html=f'<a href="/plus/feedback.php?aid={aid}">查看评论</a>')
        items.append((url, title, str(d)))
    for kind, year in (("一图读懂", 2024), ("解读", 2023)):
        aid = b.next_id()
        t = lookalike_title(kind, gov, year)
        d = pub_date(rng, year)
        items.append((publish(b, h, detail("/a/zwgk/nb/", d, aid), skin=skin, agency=gov,
                              year=year, title=t, mode="images" if kind == "一图读懂" else "html",
                              attach=att, crumbs=crumbs, where="", date_s=str(d), lookalike=kind),
                      t, str(d)))
    dede_lists("/a/zwgk/nb/", 12, "政府信息公开年报", items, rng.choice([6, 8]), crumbs)

    def feedback(site, hit, query, body) -> Reply:
        aid = (query.get("aid") or ["0"])[0]
        return Reply(200, skin.page("评论", f"<p>文档{esc(aid)}暂无评论。</p>").encode(),
                     validators=False)

    h.routes["/plus/feedback.php"] = feedback
    dept_links = []
    for k, dept in enumerate(rng.sample(DEPTS, rng.randrange(3, 6))):
        abbr = dept[0]
        base = f"/a/zwgk/bmxxgk/{abbr}/"
        tid = 40 + k
        dcrumbs = [home_c, gk_c, ("部门信息公开", "/a/zwgk/bmxxgk/"), (district + dept[1], base)]
        ditems: list[Item] = []
        for year in years_from(b, rng.choice([2019, 2020, 2021]), gap=0.25):
            name = dept_name(dept, year)
            if not name:
                continue
            agency = district + name
            d = pub_date(rng, year)
            aid = b.next_id()
            title = report_title(rng, agency, year)
            mode = rng.choice(["html", "html+pdf", "images", "html+docx"])
            url = publish(b, h, detail(base, d, aid), skin=skin, agency=agency, year=year,
                          title=title, mode=mode, attach=att, crumbs=dcrumbs,
                          where=f"dedecms dept column {abbr}; {mode}", date_s=str(d), site_name=gov,
                          head=extras(aid), meta_html=f'<a href="/plus/feedback.php?aid={aid}">查看评论</a>')
            ditems.append((url, title, str(d)))
        dede_lists(base, tid, district + dept[1], ditems, 10, dcrumbs)
        dept_links.append((district + dept[1], base))
    h.put("/a/zwgk/bmxxgk/index.html", skin.page("部门信息公开", blocks_html([("部门", dept_links)]),
                                                [home_c, gk_c]))
    # old copies robots.txt forbids
    bak = []
    for year in (2010, 2011, 2012):
        path = f"/bak/a/zwgk/nb/{year}.html"
        title = report_title(rng, gov, year)
        publish(b, h, path, skin=skin, agency=gov, year=year, title=title, mode="html", attach=att,
                crumbs=[home_c], where="", date_s=f"{year + 1}-02-01", expect=False)
        b.never.add(h.url(path))
        bak.append((h.url(path), title, f"{year + 1}-02-01"))
    h.put("/bak/index.html", skin.page("旧站备份", items_html([(link(h, "/", u), t, d) for u, t, d in bak])))
    h.put("/a/zwgk/index.html", skin.page("政务公开", blocks_html([("信息公开", [
        ("政府信息公开年报", "/a/zwgk/nb/"), ("部门信息公开", "/a/zwgk/bmxxgk/"), ("旧站备份", "/bak/")])]),
        [home_c]))
    news = news_block(b, h, skin, place=district, count=rng.randrange(100, 180),
                      article_path=lambda aid, d: detail("/a/xwzx/", d, aid), crumbs=[home_c],
                      column="新闻中心", lookalike_every=53, agency=gov)
    dede_lists("/a/xwzx/", 2, "新闻中心", news, 20, [home_c])
    about = about_pages(h, skin, district, lambda t, k: f"/a/zj/{k}.html", [home_c])
    h.put("/a/zj/index.html", skin.page("走进" + cn, blocks_html([("概况", about)])))

    def search_page(q: str, n: int, tick: int) -> str:
        return skin.page("搜索", f'<a href="/plus/search.php?kwtype=0&amp;q={quote(q)}&amp;PageNo={n + 1}">'
                                 f"下一页</a>")

    h.routes["/plus/search.php"] = endless_search(search_page, pname="PageNo")
    h.traps.append(r"^/plus/search\.php")
    h.put("/index.html", skin.page(gov, blocks_html([
        ("新闻中心", [(t, link(h, "/", u)) for u, t, _ in news[:8]]),
        ("政务公开", [("政府信息公开年报", "/a/zwgk/nb/"), ("部门信息公开", "/a/zwgk/bmxxgk/"),
                  ("搜索年报", "/plus/search.php?kwtype=0&q=%E5%B9%B4%E6%8A%A5")]),
        ("政务服务", service_links(ppy)), ("走进" + cn, about), *home_extras(b, h, ppy, news)])))
    h.put("/robots.txt", robots_txt(["/plus/feedback_js.php", "/plus/mytag_js.php", "/plus/rss.php",
                                     "/plus/search.php", "/plus/recommend.php", "/plus/stow.php",
                                     "/plus/count.php", "/include", "/templets", "/bak/"]))
    b.trap("search")
    b.notes.append("many page scans (jpg/png), a ZIP holding PDF+DOCX, a picture-only 一图读懂 "
                   "look-alike; DedeCMS' stock robots.txt forbids /plus/search.php")
    return b.portal(h.url("/"))


# ============================================================================ framed GB2312 ASP site

def build_frameset(b: Build) -> Portal:
    """An old county site: a frameset home, GB2312 pages whose HTTP header names no charset,
    an image map as the only way to the 年报 column, reports as bare DOCX files and
    `down.asp?id=` downloads, an endless month calendar, robots.txt that is an HTML page."""
    rng = b.rng
    prov, ppy = b.names.province()
    cn, py = b.names.place()
    county = cn + "县"
    gov = county + "人民政府"
    h = b.host(f"{py}.gov.cn")
    cs = "gb2312"
    nav = [("首页", "/main.htm"), ("政务公开", "/zwgk/index.htm"), ("新闻动态", "/news_list.asp?classid=1&page=1"),
           ("乡镇之窗", "/xz/index.htm")]
    skin = Skin(gov, nav, charset=cs, flavor="old", externals=externals(prov, ppy),
                search_action="/search.asp", logo="/images/top.gif")
    h.put("/images/top.gif", PNG_LOGO, ctype="image/gif")

    def put(path: str, html_: str) -> str:
        return h.put(path, html_, charset="gbk", header_charset=False)

    def place(ext: str, n: int) -> str:
        return f"/UploadFile/{b.day.year}/{b.day.month}/{b.day:%Y%m%d}{rng.randrange(10**5, 10**6)}{n}.{ext}"

    did = itertools.count(rng.randrange(100, 900))

    def dl(data: bytes, name: str, ctype: str) -> str:
        return h.download("/down.asp", ("id",), (str(next(did)),), data, name, ctype, style="gbk")

    att = Attach(h, place, dl)
    home_c = ("首页", "/main.htm")
    crumbs = [home_c, ("政务公开", "/zwgk/index.htm"), ("政府信息公开年报", "/zwgk/nb/index.htm")]
    rows = []
    for year in years_from(b, 2008, gap=0.1):
        d = pub_date(rng, year)
        if year <= 2012:
            title = rng.choice([f"{cn_year(year)}年政府信息公开年报", f"{year}年年报",
                                f"{gov}{year}年政府信息公开工作年度报告"])
            url = publish(b, h, f"/zwgk/nb/{year}.htm", skin=skin, agency=gov, year=year,
                          title=title, mode="html", attach=att, crumbs=crumbs,
                          where="frameset, image map, GB2312 without header charset; html",
                          date_s=str(d), site_name=gov, charset="gbk", header_charset=False)
        elif year <= 2016:
            title = f"{gov}{fw(str(year))}年政府信息公开工作年度报告"
            url = publish_file(b, Attach(h, place), agency=gov, year=year,
                               title=title, kind="docx",
                               where="frameset 年报 table links a bare DOCX")
        elif year <= 2020:
            title = report_title(rng, gov, year)
            url = publish(b, h, f"/zwgk/nb/{year}.htm", skin=skin, agency=gov, year=year,
                          title=title, mode="html+xlsx", attach=Attach(h, place), crumbs=crumbs,
                          where="frameset; html + DOCX + XLSX", date_s=str(d), site_name=gov,
                          charset="gbk", header_charset=False)
        else:
            title = report_title(rng, gov, year)
            url = publish_file(b, att, agency=gov, year=year, title=title, kind="dl",
                               where="frameset 年报 table → down.asp?id= (no extension)")
        rows.append(f'<tr><td>{year}</td><td><a href="{esc(link(h, "/zwgk/nb/index.htm", url, "rel"))}" '
                    f'target="_blank">{esc(title)}</a></td><td>{d}</td></tr>')
    look = lookalike_title("政府工作报告", gov, 2024, county)
    publish(b, h, "/zwgk/nb/zfgzbg2025.htm", skin=skin, agency=gov, year=2024, title=look,
                   mode="html", attach=att, crumbs=crumbs, where="", date_s="2025-02-20",
                   lookalike="政府工作报告", charset="gbk", header_charset=False)
    rows.append(f'<tr><td>2025</td><td><a href="zfgzbg2025.htm">{esc(look)}</a></td></tr>')
    put("/zwgk/nb/index.htm", skin.page("政府信息公开年报", '<table class="nb">' + "".join(rows) +
                                       "</table>", crumbs[:2]))
    put("/zwgk/index.htm", skin.page("政务公开", '<img src="gk.gif" usemap="#gkmap" border="0"/>'
                                     '<map name="gkmap">'
                                     '<area shape="rect" coords="0,0,120,40" href="zn.htm" alt="指南"/>'
                                     '<area shape="rect" coords="0,40,120,80" href="nb/index.htm" alt="年报"/>'
                                     '<area shape="rect" coords="0,80,120,120" href="../xz/index.htm" alt="乡镇"/>'
                                     "</map>", [home_c]))
    h.put("/zwgk/gk.gif", PNG_LOGO, ctype="image/gif")
    publish(b, h, "/zwgk/zn.htm", skin=skin, agency=gov, year=2024, title=lookalike_title("指南", gov, 2024),
            mode="html", attach=att, crumbs=[home_c], where="", date_s="2025-01-01", lookalike="指南",
            charset="gbk", header_charset=False)
    town_links = []
    for tname, tpy in towns(rng, rng.randrange(2, 4), b.names):
        agency = county + tname
        trs = []
        for year in years_from(b, rng.choice([2019, 2021]), gap=0.4):
            d = pub_date(rng, year)
            title = report_title(rng, agency, year)
            url = publish(b, h, f"/xz/{tpy}/nb{year}.htm", skin=skin, agency=agency, year=year,
                          title=title, mode=rng.choice(["html", "images"]), attach=Attach(h, place),
                          crumbs=[home_c], where="frameset township page", date_s=str(d),
                          site_name=gov, charset="gbk", header_charset=False)
            trs.append((url, title, str(d)))
        put(f"/xz/{tpy}/index.htm", skin.page(tname, items_html(
            [(link(h, f"/xz/{tpy}/index.htm", u, "rel"), t, d) for u, t, d in trs])))
        town_links.append((tname, f"{tpy}/index.htm"))
    put("/xz/index.htm", skin.page("乡镇之窗", blocks_html([("乡镇", town_links)])))
    news = news_block(b, h, skin, place=county, count=rng.randrange(40, 80),
                      article_path=lambda aid, d: f"/news_view.asp?id={aid}", crumbs=[home_c],
                      column="新闻动态", charset="gbk", header_charset=False)
    for p in range(-(-len(news) // 20)):
        chunk = news[p * 20:(p + 1) * 20]
        more = f'<a href="news_list.asp?classid=1&amp;page={p + 2}">下一页</a>' if (p + 1) * 20 < len(news) else ""
        h.qput("/news_list.asp", f"classid=1&page={p + 1}", skin.page("新闻动态", items_html(
            [(link(h, "/", u), t, d) for u, t, d in chunk]) + more), charset="gbk",
            ctype="text/html")

    def rili(site, hit, query, body) -> Reply:
        try:
            y, m = int((query.get("y") or ["2025"])[0]), int((query.get("m") or ["3"])[0])
        except ValueError:
            y, m = 2025, 3
        py_, pm = (y, m - 1) if m > 1 else (y - 1, 12)
        ny, nm = (y, m + 1) if m < 12 else (y + 1, 1)
        page = skin.page("日程", f"<p>{y}年{m}月</p><a href=\"rili.asp?y={py_}&amp;m={pm}\">上月</a> "
                                 f"<a href=\"rili.asp?y={ny}&amp;m={nm}\">下月</a>")
        return Reply(200, page.encode("gbk", "xmlcharrefreplace"), "text/html", validators=False)

    h.routes["/rili.asp"] = rili
    h.traps.append(r"^/rili\.asp")
    b.trap("calendar")
    put("/top.htm", '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
                    f"<title>{esc(gov)}</title></head><body>" + "".join(
                        f'<a href="{u}" target="main">{t}</a> ' for t, u in nav) +
        '<a href="rili.asp?y=2025&amp;m=3" target="main">领导日程</a></body></html>')
    put("/main.htm", skin.page(gov, blocks_html([
        ("新闻动态", [(t, link(h, "/", u)) for u, t, _ in news[:8]]),
        ("政务公开", [("政务公开", "/zwgk/index.htm")]), ("办事服务", service_links(ppy)),
        *home_extras(b, h, ppy, news)]) +
        '<iframe src="gonggao.htm" width="300" height="200" scrolling="no"></iframe>'))
    h.slow["/main.htm"] = 2.5  # not on the only way to anything: top.htm has the menu
    put("/gonggao.htm", skin.page("通知公告", "<marquee>欢迎访问</marquee>"))
    frames = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
              f"<title>{esc(gov)}</title></head>"
              '<frameset rows="150,*" frameborder="0"><frame src="top.htm" name="top" scrolling="no">'
              '<frame src="main.htm" name="main"></frameset><noframes><body>您的浏览器不支持框架。'
              "</body></noframes></html>")
    put("/index.html", frames)
    h.put("/robots.txt", frames, charset="gbk", ctype="text/html")
    b.notes.append("robots.txt answers the frameset HTML (200, text/html); pages GB2312 with "
                   "'Content-Type: text/html' only")
    return b.portal(h.url("/"))

