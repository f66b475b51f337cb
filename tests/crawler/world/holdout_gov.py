"""Held-out portals on government-specific platforms: the Anhui 政务公开 platform, Hebei's
uuid columns, TRS year folders, a Beijing-style unit-coded 信息公开 host, a JSON-driven
信息公开 host, a layui-paged per-unit platform, a district whose department reports live
on the prefecture's domain, a city whose departments each run their own site, and a Nuxt
single-page site."""

from __future__ import annotations

import itertools
import json
from datetime import date
from urllib.parse import unquote

from crawler.sample_portal.server import Reply
from tests.crawler.world import Portal
from tests.crawler.world.holdout_cms import by_date, vsb_paths, years_from
from tests.crawler.world.holdout_kit import (
    DEPTS,
    PNG_LOGO,
    TRS_PAGER_JS,
    Attach,
    Build,
    Host,
    Item,
    Skin,
    about_pages,
    blocks_html,
    calendar_route,
    dept_name,
    endless_search,
    esc,
    externals,
    hexid,
    home_extras,
    items_html,
    js_str,
    link,
    link_pager,
    lookalike_title,
    news_block,
    pdf_bytes,
    pub_date,
    publish,
    publish_file,
    report_fragment,
    report_lines,
    report_title,
    robots_txt,
    service_links,
    simple_search,
    sitemap_index,
    sitemap_xml,
    towns,
    trs_pager,
    trs_path,
    trs_var_pager,
    uuid_like,
    write_lists,
)


def county_names(b: Build, n: int) -> list[str]:
    return [b.names.place()[0] + b.rng.choice(["县", "县", "市", "区"]) for _ in range(n)]


# ============================================================================ Anhui 政务公开

def build_anhui(b: Build) -> Portal:
    """Anhui's 政务公开 platform: `/public/column/<unit>?type=3&action=list&nav=4&isNianbao=1`
    with `&page=N`, documents `/public/<unit>/<doc>.html`, files under `/group1/M00/` (FastDFS),
    units reached through an extension-less `/site/tpl/<id>` navigator."""
    rng = b.rng
    prov, ppy = "安徽省", "ah"
    cn, py = b.names.place()
    county = cn + "县"
    gov = county + "人民政府"
    h = b.host(f"www.{py}.gov.cn")
    gov_uid = rng.randrange(10**8, 10**9)
    tpl = rng.randrange(4000, 9000)

    def col(uid: int, q: str) -> str:
        return f"/public/column/{uid}?{q}"

    def idx(uid: int) -> str:
        return col(uid, "type=4&action=index&nav=1")

    def nb(uid: int, page: int = 1) -> str:
        return col(uid, "type=3&action=list&nav=4&isNianbao=1" + (f"&page={page}" if page > 1 else ""))

    def cat(uid: int, c: int) -> str:
        return col(uid, f"type=4&catId={c}&action=list&nav=3")

    nav = [("首页", "/"), ("要闻动态", "/xwzx/index.html"), ("政务公开", idx(gov_uid)),
           ("政务服务", f"http://{py}.ahzwfw.gov.cn/"), ("互动交流", "/hdjl/index.html")]
    skin = Skin(gov, nav, externals=externals(prov, ppy), search_action=f"/site/search/{gov_uid}",
                logo="/images/logo.png")
    h.put("/images/logo.png", PNG_LOGO)
    b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"

    def place(ext: str, n: int) -> str:
        return (f"/group{rng.randrange(1, 4)}/M00/{hexid(rng, 2).upper()}/{hexid(rng, 2).upper()}/"
                f"wKg{''.join(rng.choice(b64) for _ in range(22))}.{ext}")

    att = Attach(h, place)
    home_c = ("首页", "/")
    units: list[tuple[int, str, str, int]] = [(gov_uid, gov, "gov", rng.choice([2008, 2009]))]
    for dept in rng.sample(DEPTS, rng.randrange(4, 6)):
        units.append((rng.randrange(10**8, 10**9), county + dept[1], "dept:" + dept[0],
                      rng.choice([2019, 2020, 2021])))
    for tname, _tpy in towns(rng, rng.randrange(2, 4), b.names):
        units.append((rng.randrange(10**8, 10**9), county + tname, "town", rng.choice([2020, 2021])))
    preview_done = False
    notice_year = rng.choice([2019, 2020, 2021, 2022, 2023])
    for uid, unit, kind, start in units:
        gk_c = (unit + "信息公开", idx(uid))
        crumbs = [home_c, gk_c, ("政府信息公开年报", nb(uid))]
        items: list[Item] = []
        dept = next((d for d in DEPTS if kind == "dept:" + d[0]), None)
        for year in years_from(b, start, gap=0.1 if kind == "gov" else 0.25):
            agency = unit if dept is None else county + (dept_name(dept, year) or dept[1])
            d = pub_date(rng, year)
            doc = b.next_id()
            title = report_title(rng, agency, year, odd_digits=rng.random() < 0.1)
            doc_title = None
            meta = ""
            if kind == "gov":
                mode = "html" if year < 2015 else rng.choice(["html+pdf", "stub+pdf", "html+docx",
                                                              "table-images"])
                if year == notice_year or (year >= 2019 and rng.random() < 0.25):
                    doc_title = title
                    title = f"{gov}办公室关于{county}{year}年政府信息公开工作年度报告的通知"
                    mode = "stub+pdf"
                    meta = ("<p>各乡镇人民政府，县政府各部门、各直属机构：</p><p>现将《" + esc(doc_title) +
                            "》予以公布。</p>")
            elif kind == "town":
                mode = rng.choice(["images", "html", "scan-pdf", "html"])
            else:
                mode = rng.choice(["html", "html+pdf", "pdfjs", "html+docx"])
            url = publish(b, h, f"/public/{uid}/{doc}.html", skin=skin, agency=agency, year=year,
                          title=title, mode=mode, attach=att, crumbs=crumbs,
                          where=f"anhui {kind} unit {uid}: 年报 list &page=N; {mode}"
                          + ("; published as a notice with the report attached" if doc_title else ""),
                          date_s=str(d), site_name=gov, doc_title=doc_title, meta_html=meta)
            items.append((url, title, str(d)))
        if kind == "gov":
            t = lookalike_title("一图读懂", gov, 2024)
            items.append((publish(b, h, f"/public/{uid}/{b.next_id()}.html", skin=skin, agency=gov,
                                  year=2024, title=t, mode="images", attach=att, crumbs=crumbs,
                                  where="", date_s="2025-01-26", lookalike="一图读懂"), t, "2025-01-26"))
        if kind.startswith("dept") and not preview_done:
            preview_done = True
            ppath = f"/public/preview/{uid}/{b.next_id()}.html"
            pt = report_title(rng, unit, 2024) + "（预览）"
            purl = publish(b, h, ppath, skin=skin, agency=unit, year=2024, title=pt, mode="html",
                           attach=att, crumbs=crumbs, where="", date_s="2025-01-10", expect=False)
            b.never.add(purl)
            items.append((purl, pt, "2025-01-10"))
        write_lists(h, skin, title="政府信息公开年报", items=by_date(items), per=rng.choice([5, 8]),
                    path_of=lambda p, n, uid=uid: nb(uid, p + 1),
                    pager=link_pager(lambda p, n, uid=uid: nb(uid, p + 1), "root", numbers=False),
                    crumbs=crumbs, side=unit)
        # the unit's other categories: guide, rules, mandatory content (with look-alikes)
        c0 = rng.randrange(10**6, 10**7)
        lk = []
        for kind2 in (["法治", "要点", "预算"] if kind == "gov" else ["决算"]):
            t = lookalike_title(kind2, unit, 2024)
            lk.append((publish(b, h, f"/public/{uid}/{b.next_id()}.html", skin=skin, agency=unit,
                               year=2024, title=t, mode="html" if kind2 != "预算" else "stub+pdf",
                               attach=att, crumbs=[home_c, gk_c], where="", date_s="2025-03-02",
                               lookalike=kind2), t, "2025-03-02"))
        write_lists(h, skin, title="法定主动公开内容", items=lk, per=10,
                    path_of=lambda p, n, uid=uid, c0=c0: cat(uid, c0), pager=lambda p, n, path: "",
                    crumbs=[home_c, gk_c])
        guide = publish(b, h, f"/public/{uid}/{b.next_id()}.html", skin=skin, agency=unit,
                        year=2024, title=lookalike_title("指南", unit, 2024), mode="html", attach=att,
                        crumbs=[home_c, gk_c], where="", date_s="2025-01-08", lookalike="指南")
        tree = [("政府信息公开指南", link(h, "/", guide)), ("法定主动公开内容", cat(uid, c0)),
                ("政府信息公开年报", nb(uid)), ("依申请公开", col(uid, "type=5&action=apply"))]
        if uid == gov_uid:
            tree.append(("部门和乡镇信息公开导航", f"/site/tpl/{tpl}"))
        h.qput(f"/public/column/{uid}", "type=4&action=index&nav=1",
               skin.page(unit + "信息公开", blocks_html([("信息公开目录", tree)]), [home_c]))
        h.qput(f"/public/column/{uid}", "type=5&action=apply",
               skin.page("依申请公开", "<p>请填写申请表。</p>", [home_c, gk_c]))
    groups = [("县政府部门", [(u[1], idx(u[0])) for u in units if u[2].startswith("dept")]),
              ("乡镇", [(u[1], idx(u[0])) for u in units if u[2] == "town"])]
    h.put(f"/site/tpl/{tpl}", skin.page("信息公开单位导航", blocks_html(groups), [home_c]))

    def search_page(q: str, n: int, tick: int) -> str:
        return skin.page("搜索", f'<a href="/site/search/{gov_uid}?keywords=%E5%B9%B4%E6%8A%A5&amp;'
                                 f'isAllSite=true&amp;page={n + 1}">下一页</a> '
                                 f'<a href="/site/search/{gov_uid}?keywords={tick}&amp;page=1">相关</a>')

    h.prefixes.append(("/site/search/", endless_search(search_page, qname="keywords")))
    h.traps.append(r"^/site/search/")
    h.routes["/site/label/rili"] = calendar_route(skin, "/site/label/rili", "date")
    h.traps.append(r"^/site/label/rili")
    b.trap("search")
    b.trap("calendar")
    news = news_block(b, h, skin, place=county, count=rng.randrange(80, 150),
                      article_path=lambda aid, d: f"/xwzx/{d:%Y%m}/{aid}.html", crumbs=[home_c],
                      column="要闻动态", lookalike_every=45, agency=gov)
    path_of = trs_path("/xwzx/")
    write_lists(h, skin, title="要闻动态", items=news, per=20, path_of=path_of,
                pager=link_pager(path_of, "root"), crumbs=[home_c])
    about = about_pages(h, skin, county, lambda t, k: f"/hdjl/{k}.html", [home_c])
    h.put("/hdjl/index.html", skin.page("互动交流", blocks_html([("互动", about)])))
    h.put("/index.html", skin.page(gov, blocks_html([
        ("要闻动态", [(t, link(h, "/", u)) for u, t, _ in news[:8]]),
        ("政务公开", [("政务公开", idx(gov_uid)), ("领导活动", "/site/label/rili?date=2025-03-31"),
                  ("搜索", f"/site/search/{gov_uid}?keywords=%E5%B9%B4%E6%8A%A5&isAllSite=true&page=1")]),
        ("政务服务", service_links(ppy)), ("互动交流", about), *home_extras(b, h, ppy, news)])))
    h.put("/robots.txt", robots_txt(["/public/preview/", "/admin/"]))
    b.notes.append("some 政府 reports are a notice page (关于…年度报告的通知) with the report "
                   "attached: both are expected")
    return b.portal(h.url("/"))


# ============================================================================ Hebei uuid columns

def build_hebei(b: Build) -> Portal:
    """Hebei-style `/columns/<uuid>/index.html` and `/columns/<uuid>/YYYYMM/DD/<uuid>.html`;
    the 年报 column splits 市政府 / 部门 / 县（市、区）; three departments keep their own
    sites on other hosts; county reports are bare PDFs."""
    rng = b.rng
    prov, ppy = "河北省", "hebei"
    cn, py = b.names.place()
    city = cn + "市"
    gov = city + "人民政府"
    h = b.host(f"www.{py}.gov.cn")
    cols = {k: uuid_like(rng) for k in ("zwgk", "xxgk", "nb", "szf", "bm", "xq", "news", "zn")}

    def cu(key: str, p: int = 0) -> str:
        u = cols.get(key, key)
        return f"/columns/{u}/index.html" if p == 0 else f"/columns/{u}/index_{p + 1}.html"

    spm = f"?spm=zm{rng.randrange(1000, 9999)}-001.0.0.1.{hexid(rng, 6)}"
    nav = [("首页", "/"), ("新闻中心", cu("news") + spm), ("政务公开", cu("zwgk") + spm),
           ("政务服务", f"http://zwfw.{ppy}.gov.cn/"), ("互动交流", "/hdjl/index.html" + spm)]
    skin = Skin(gov, nav, externals=externals(prov, ppy), logo="/images/logo.png")
    h.put("/images/logo.png", PNG_LOGO)

    def place(ext: str, n: int) -> str:
        return f"/cms/file/{b.day:%Y%m}/{uuid_like(rng)}.{ext}"

    att = Attach(h, place)

    def det(key: str, d: date) -> str:
        return f"/columns/{cols.get(key, key)}/{d:%Y%m}/{d:%d}/{uuid_like(rng)}.html"

    home_c = ("首页", "/")
    crumbs = [home_c, ("政务公开", cu("zwgk")), ("政府信息公开", cu("xxgk")), ("年报", cu("nb"))]

    def hb_lists(key: str, title: str, items: list[Item], per: int, cr) -> None:
        path_of = lambda p, n: cu(key, p)  # noqa: E731
        write_lists(h, skin, title=title, items=by_date(items), per=per, path_of=path_of,
                    pager=link_pager(path_of, "root"), crumbs=cr)

    items: list[Item] = []
    for year in years_from(b, rng.choice([2008, 2009, 2010]), gap=0.07):
        d = pub_date(rng, year)
        title = report_title(rng, gov, year)
        mode = "html" if year < 2014 else rng.choice(["onclick", "pdfjs", "html+pdf", "onclick"])
        url = publish(b, h, det("szf", d), skin=skin, agency=gov, year=year, title=title, mode=mode,
                      attach=att, crumbs=crumbs, where=f"hebei 年报→市政府 (index_N); {mode}",
                      date_s=str(d), site_name=gov)
        items.append((url, title, str(d)))
    hb_lists("szf", "市政府", items, rng.choice([6, 8]), crumbs)
    h.flaky.add(cu("szf"))
    # departments: some inside this site, three on their own hosts
    bm_links = []
    depts = rng.sample(DEPTS, rng.randrange(4, 6))
    robots_style = ["none", "preview", "html"]
    for i, dept in enumerate(depts):
        abbr = dept[0]
        dcur = city + dept[1]
        if i < 3:
            url = dept_host(b, h, abbr, dept, city, py, robots_style[i], prov, ppy)
            bm_links.append((dcur, url))
            continue
        key = uuid_like(rng)
        ditems = []
        for year in years_from(b, rng.choice([2018, 2019, 2020]), gap=0.2):
            agency = city + (dept_name(dept, year) or dept[1])
            d = pub_date(rng, year)
            title = report_title(rng, agency, year)
            mode = rng.choice(["html", "onclick", "html+pdf"])
            url = publish(b, h, det(key, d), skin=skin, agency=agency, year=year, title=title,
                          mode=mode, attach=att, crumbs=crumbs, where=f"hebei 年报→部门→{abbr}; {mode}",
                          date_s=str(d), site_name=gov)
            ditems.append((url, title, str(d)))
        hb_lists(key, dcur, ditems, 10, crumbs)
        bm_links.append((dcur, cu(key)))
    h.put(cu("bm"), skin.page("市政府部门", blocks_html([("部门年报", bm_links)]), crumbs))
    xitems = []
    for cname in county_names(b, rng.randrange(2, 4)):
        agency = cname + "人民政府"
        for year in years_from(b, rng.choice([2021, 2022]), gap=0.3):
            title = report_title(rng, agency, year)
            url = publish_file(b, att, agency=agency, year=year, title=title,
                               kind=rng.choice(["pdf", "pdf", "scan"]),
                               where="hebei 年报→县（市、区）: the list links the PDF itself")
            xitems.append((url, title, str(pub_date(rng, year))))
    hb_lists("xq", "县（市、区）", xitems, 8, crumbs)
    h.put(cu("nb"), skin.page("政府信息公开年报", blocks_html([("年报", [
        ("市政府", cu("szf")), ("市政府部门", cu("bm")), ("县（市、区）", cu("xq"))])]), crumbs[:3]))
    zn = publish(b, h, det("zn", date(2025, 1, 3)), skin=skin, agency=gov, year=2024,
                 title=lookalike_title("指南", gov, 2024), mode="html", attach=att, crumbs=crumbs[:3],
                 where="", date_s="2025-01-03", lookalike="指南")
    law = publish(b, h, det("zn", date(2025, 3, 3)), skin=skin, agency=gov, year=2024,
                  title=lookalike_title("法治", gov, 2024), mode="onclick", attach=att,
                  crumbs=crumbs[:3], where="", date_s="2025-03-03", lookalike="法治")
    h.put(cu("xxgk"), skin.page("政府信息公开", blocks_html([("目录", [
        ("政府信息公开指南", link(h, "/", zn)), ("法治政府建设", link(h, "/", law)),
        ("政府信息公开年报", cu("nb") + spm)])]), crumbs[:2]))
    h.put(cu("zwgk"), skin.page("政务公开", blocks_html([("政务公开", [
        ("政府信息公开", cu("xxgk") + spm), ("政策文件", cu("news"))])]), [home_c]))
    news = news_block(b, h, skin, place=city, count=rng.randrange(100, 200),
                      article_path=lambda aid, d: det("news", d), crumbs=[home_c],
                      column="新闻中心", lookalike_every=60, agency=gov)
    hb_lists("news", "新闻中心", news, 20, [home_c])
    about = about_pages(h, skin, city, lambda t, k: f"/hdjl/{k}.html", [home_c])
    h.put("/hdjl/index.html", skin.page("互动交流", blocks_html([("互动", about)])))
    h.put("/index.html", skin.page(gov, blocks_html([
        ("新闻中心", [(t, link(h, "/", u)) for u, t, _ in news[:8]]),
        ("政务公开", [("政务公开", cu("zwgk") + spm)]), ("政务服务", service_links(ppy)),
        ("互动交流", about), *home_extras(b, h, ppy, news)])))
    h.put("/robots.txt", robots_txt(["/admin/", "/cms/preview/"]))
    b.trap("tracking-params")
    b.notes.append("menu links carry a fixed ?spm= tracking parameter; 市政府 list answers 500 "
                   "once; three departments on their own hosts (robots: none / forbids a preview "
                   "folder / an HTML page)")
    return b.portal(h.url("/"))


def dept_host(b: Build, main: Host, abbr: str, dept, city: str, py: str, robots_style: str,
              prov: str, ppy: str) -> str:
    """A department's own TRS-like site; returns the URL of its 年报 list."""
    rng = b.rng
    h = b.host(f"{abbr}.{py}.gov.cn")
    cur = city + dept[1]
    root = f"/{abbr}/zfxxgk/zfxxgknb/"
    skin = Skin(cur, [("首页", f"/{abbr}/index.html"), ("政府信息公开", f"/{abbr}/zfxxgk/index.html")],
                externals=externals(prov, ppy), head_extra=f'<base href="{h.url("/" + abbr + "/")}"/>')
    h.put("/images/logo.png", PNG_LOGO)
    cur_dir = ["/"]

    def place(ext: str, n: int) -> str:
        return f"{cur_dir[0]}P0{b.day:%Y%m%d}{rng.randrange(10**9, 10**10)}{n}.{ext}"

    att = Attach(h, place)
    items: list[Item] = []
    for year in years_from(b, rng.choice([2018, 2019, 2020, 2021]), gap=0.15):
        agency = city + (dept_name(dept, year) or dept[1])
        d = pub_date(rng, year)
        cur_dir[0] = f"{root}{d:%Y%m}/"
        path = f"{root}{d:%Y%m}/t{d:%Y%m%d}_{b.next_id()}.html"
        title = report_title(rng, agency, year)
        mode = rng.choice(["html+pdf", "script", "html"])
        url = publish(b, h, path, skin=skin, agency=agency, year=year, title=title, mode=mode,
                      attach=att, crumbs=[], where=f"department host {h.name} (base href); {mode}",
                      date_s=str(d), site_name=cur, style="root")
        items.append((url, title, str(d)))
    if robots_style == "preview":
        for year in (2023, 2024):
            path = f"/{abbr}/preview/nb{year}.html"
            title = report_title(rng, cur, year)
            publish(b, h, path, skin=skin, agency=cur, year=year, title=title, mode="html",
                    attach=att, crumbs=[], where="", date_s=f"{year + 1}-01-05", expect=False)
            b.never.add(h.url(path))
            items.append((h.url(path), title + "（预览）", f"{year + 1}-01-05"))
        h.put("/robots.txt", robots_txt([f"/{abbr}/preview/"]))
    elif robots_style == "html":
        h.put("/robots.txt", skin.page("页面不存在", "<p>404</p>"), ctype="text/html; charset=utf-8")
    # base href = /abbr/: links inside are relative to it
    listing = items_html([(u.split(f"/{abbr}/", 1)[1] if f"/{abbr}/" in u else u, t, d)
                          for u, t, d in by_date(items)])
    h.put(f"{root}index.html", skin.page("政府信息公开年报", listing))
    h.put(f"/{abbr}/zfxxgk/index.html", skin.page("政府信息公开", blocks_html(
        [("目录", [("政府信息公开年报", "zfxxgk/zfxxgknb/index.html")])])))
    h.put(f"/{abbr}/index.html", skin.page(cur, blocks_html(
        [("政务公开", [("政府信息公开", "zfxxgk/index.html")]),
         ("市政府", [(city + "人民政府", main.url("/"))])])))
    h.put("/index.html", f'<html><head><script>window.location.href="/{abbr}/index.html";</script>'
                         "</head><body></body></html>")
    return h.url(f"{root}index.html")


# ============================================================================ TRS year folders

def build_trs_years(b: Build) -> Portal:
    """TRS WCM with year folders: `/zwgk/zfxxgk/zfxxgknb/2024nb/szfbm/` (本级 / 部门 / 县区),
    `t20250120_123.html` pages, attachments `./P0….pdf` written by script, 历史年报 paged by
    the `var countPage` template."""
    rng = b.rng
    prov, ppy = b.names.province()
    cn, py = b.names.place()
    city = cn + "市"
    gov = city + "人民政府"
    h = b.host(f"www.{py}.gov.cn")
    root = "/zwgk/zfxxgk/zfxxgknb/"
    nav = [("首页", "/"), ("要闻", "/xwdt/"), ("政务公开", "/zwgk/"), ("办事服务", f"http://zwfw.{ppy}.gov.cn/"),
           ("互动交流", "/hdjl/")]
    skin = Skin(gov, nav, flavor="trs", externals=externals(prov, ppy),
                search_action="/was5/web/search", head_extra=TRS_PAGER_JS)
    h.put("/images/logo.png", PNG_LOGO)
    cur_dir = ["/"]

    def place(ext: str, n: int) -> str:
        return f"{cur_dir[0]}P0{b.day:%Y%m%d}{rng.randrange(10**9, 10**10)}{n}.{ext}"

    att = Attach(h, place)
    home_c = ("首页", "/")
    crumbs = [home_c, ("政务公开", "/zwgk/"), ("政府信息公开年报", root)]

    def trs_report(folder: str, agency: str, year: int, mode: str, where: str) -> Item:
        d = pub_date(rng, year)
        cur_dir[0] = f"{folder}{d:%Y%m}/"
        path = f"{folder}{d:%Y%m}/t{d:%Y%m%d}_{b.next_id()}.html"
        title = report_title(rng, agency, year)
        url = publish(b, h, path, skin=skin, agency=agency, year=year, title=title, mode=mode,
                      attach=att, crumbs=crumbs, where=f"{where}; {mode}", date_s=str(d),
                      site_name=gov, style="rel")
        return url, title, str(d)

    def trs_list(folder: str, title: str, items: list[Item], per: int, var: bool = False) -> None:
        write_lists(h, skin, title=title, items=by_date(items), per=per, path_of=trs_path(folder),
                    pager=trs_var_pager() if var else trs_pager(), crumbs=crumbs, style="rel")

    n_years = rng.randrange(3, 6)
    newest = list(range(2024, 2024 - n_years, -1))
    depts = rng.sample(DEPTS, rng.randrange(4, 7))
    counties = county_names(b, rng.randrange(1, 3))
    year_links = []
    for year in newest:
        yf = f"{root}{year}nb/"
        subs = []
        items = [trs_report(f"{yf}szf/", gov, year, rng.choice(["script", "html+pdf", "html"]),
                            f"trs {year}nb/szf")]
        trs_list(f"{yf}szf/", "市政府", items, 10)
        subs.append(("市政府", "szf/"))
        ditems = []
        for dept in depts:
            name = dept_name(dept, year)
            if name and rng.random() < 0.8:
                ditems.append(trs_report(f"{yf}szfbm/", city + name, year,
                                         rng.choice(["script", "html", "html+pdf", "table-images"]),
                                         f"trs {year}nb/szfbm (createPageHTML)"))
        if year == newest[0]:
            t = lookalike_title("培训", gov, year)
            d = f"{year}-12-1{year % 9}"
            ditems.append((publish(b, h, f"{yf}szfbm/{year}12/t{year}121{year % 9}_{b.next_id()}.html",
                                   skin=skin, agency=gov, year=year, title=t, mode="html", attach=att,
                                   crumbs=crumbs, where="", date_s=d, lookalike="培训"), t, d))
        trs_list(f"{yf}szfbm/", "市政府部门", ditems, rng.choice([4, 5]))
        subs.append(("市政府部门", "szfbm/"))
        xitems = [trs_report(f"{yf}xsq/", c + "人民政府", year, rng.choice(["html+pdf", "html", "script"]),
                             f"trs {year}nb/xsq") for c in counties if rng.random() < 0.85]
        if xitems:
            trs_list(f"{yf}xsq/", "县（市、区）", xitems, 10)
            subs.append(("县（市、区）", "xsq/"))
        h.put(f"{yf}index.html", skin.page(f"{year}年度政府信息公开工作年度报告", blocks_html(
            [(f"{year}年度", subs)]), crumbs))
        year_links.append((f"{year}年度", f"{year}nb/"))
    hist: list[Item] = []
    for year in range(newest[-1] - 1, rng.choice([2007, 2008, 2009]), -1):
        hist.append(trs_report(f"{root}lsnb/", gov, year, "html", "trs 历史年报 (var countPage)"))
    trs_list(f"{root}lsnb/", "历史年报", hist, rng.choice([3, 4]), var=True)
    bak = []
    for year in (2012, 2013):
        path = f"{root}bak/t{year + 1}0301_{b.next_id()}.html"
        title = report_title(rng, gov, year)
        publish(b, h, path, skin=skin, agency=gov, year=year, title=title, mode="html", attach=att,
                crumbs=crumbs, where="", date_s=f"{year + 1}-03-01", expect=False)
        b.never.add(h.url(path))
        bak.append((h.url(path), title, f"{year + 1}-03-01"))
    h.put(f"{root}bak/index.html", skin.page("原年报栏目", items_html(
        [(link(h, f"{root}bak/index.html", u, "rel"), t, d) for u, t, d in bak])))
    year_links += [("历史年报", "lsnb/"), ("原年报栏目（已停用）", "bak/")]
    h.put(f"{root}index.html", skin.page("政府信息公开年报", blocks_html([("年报", year_links)]),
                                         crumbs[:2]))
    h.put("/zwgk/index.html", skin.page("政务公开", blocks_html([("政府信息公开", [
        ("政府信息公开年报", "zfxxgk/zfxxgknb/"), ("政府信息公开指南", "zfxxgk/zn/")])]), [home_c]))
    publish(b, h, "/zwgk/zfxxgk/zn/index.html", skin=skin, agency=gov, year=2024,
            title=lookalike_title("指南", gov, 2024), mode="html", attach=att, crumbs=[home_c],
            where="", date_s="2025-01-02", lookalike="指南")
    news = news_block(b, h, skin, place=city, count=rng.randrange(100, 200),
                      article_path=lambda aid, d: f"/xwdt/{d:%Y%m}/t{d:%Y%m%d}_{aid}.html",
                      crumbs=[home_c], column="要闻")
    write_lists(h, skin, title="要闻", items=news, per=20, path_of=trs_path("/xwdt/"),
                pager=trs_pager(), crumbs=[home_c], style="rel")
    about = about_pages(h, skin, city, lambda t, k: f"/hdjl/{k}.html", [home_c])
    h.put("/hdjl/index.html", skin.page("互动交流", blocks_html([("互动", about)])))

    def search_page(q: str, n: int, tick: int) -> str:
        return skin.page("检索结果", f'<a href="/was5/web/search?channelid=255436&amp;searchword='
                                     f'%E5%B9%B4%E6%8A%A5&amp;page={n + 1}">下一页</a>')

    h.routes["/was5/web/search"] = endless_search(search_page, qname="searchword")
    h.traps.append(r"^/was5/")
    b.trap("search")
    h.put("/index.html", skin.page(gov, blocks_html([
        ("要闻", [(t, link(h, "/", u)) for u, t, _ in news[:8]]),
        ("政务公开", [("政务公开", "/zwgk/"), ("站内检索", "/was5/web/search?channelid=255436&searchword="
                                                   "%E5%B9%B4%E6%8A%A5&page=1")]),
        ("办事服务", service_links(ppy)), ("互动交流", about), *home_extras(b, h, ppy, news)])))
    h.put("/robots.txt", robots_txt([f"{root}bak/", "/wcm/"]))
    return b.portal(h.url("/"))


# ============================================================================ unit-coded 信息公开 host

def build_gkml(b: Build) -> Portal:
    """A Beijing-style `zfxxgk.<city>.gov.cn/<unitcode>/zfxxgknb/list.shtml` platform: most units
    reachable only through a jump-menu `<select>` whose option values are URLs; lists paged by
    `createPageHTML(n, 0, "list", "shtml")`; some units list bare PDFs. The main site is a
    news-heavy portal."""
    rng = b.rng
    prov, ppy = b.names.province()
    cn, py = b.names.place()
    city = cn + "市"
    gov = city + "人民政府"
    www = b.host(f"www.{py}.gov.cn")
    g = b.host(f"zfxxgk.{py}.gov.cn")
    nav = [("首页", "/"), ("要闻动态", "/ywdt/"), ("政务公开", "/zwgk/"), ("政务服务", f"http://zwfw.{ppy}.gov.cn/")]
    skin = Skin(gov, nav, flavor="trs", externals=externals(prov, ppy), head_extra=TRS_PAGER_JS)
    gskin = Skin(gov + "政府信息公开专栏", [("专栏首页", "/"), ("市政府门户", www.url("/"))], flavor="trs",
                 head_extra=TRS_PAGER_JS)
    for host in (www, g):
        host.put("/images/logo.png", PNG_LOGO)

    def place(ext: str, n: int) -> str:
        return f"/{code[0]}/zfxxgknb/files/{hexid(rng, 24)}.{ext}"

    code = ["0"]
    att = Attach(g, place)
    home_c = ("专栏首页", "/")
    units = [("110001", gov, rng.choice([2008, 2009]))]
    used = set()
    for dept in rng.sample(DEPTS, rng.randrange(5, 7)):
        c = f"11{rng.randrange(10, 99)}{rng.randrange(10, 99)}"
        while c in used:
            c = f"11{rng.randrange(10, 99)}{rng.randrange(10, 99)}"
        used.add(c)
        units.append((c, city + dept[1], rng.choice([2018, 2019, 2020, 2021])))
    pdf_units = set(u[0] for u in rng.sample(units[1:], 2))
    for c, unit, start in units:
        code[0] = c
        crumbs = [home_c, (unit, f"/{c}/index.shtml"), ("政府信息公开年报", f"/{c}/zfxxgknb/list.shtml")]
        items: list[Item] = []
        dept = next((d for d in DEPTS if city + d[1] == unit), None)
        for year in years_from(b, start, gap=0.12):
            agency = unit if dept is None else city + (dept_name(dept, year) or dept[1])
            d = pub_date(rng, year)
            title = report_title(rng, agency, year, bare=c == "110001" and year < 2012)
            if c in pdf_units:
                url = publish_file(b, att, agency=agency, year=year, title=title, kind="pdf",
                                   where=f"gkml unit {c} (jump menu): list links PDFs")
            else:
                mode = rng.choice(["html", "html+pdf", "table-images", "html+docx"])
                rpath = f"/{c}/zfxxgknb/{d:%Y}/{d:%m%d}/{hexid(rng, 16)}.shtml"
                url = publish(b, g, rpath, skin=gskin,
                              agency=agency, year=year, title=title, mode=mode, attach=att,
                              crumbs=crumbs, where=f"gkml unit {c}; list.shtml createPageHTML; {mode}",
                              date_s=str(d), site_name=gov,
                              meta_html=f'<a href="{rpath}?print=1" target="_blank">【打印】</a>')
                b.never.add(url + "?print=1")
            items.append((url, title, str(d)))
        if rng.random() < 0.5:
            t = lookalike_title("网站报表", unit, 2024)
            items.append((publish_file(b, att, agency=unit, year=2024, title=t, kind="pdf", where="",
                                       lookalike="网站报表"), t, "2025-01-15"))
        write_lists(g, gskin, title="政府信息公开年报", items=by_date(items), per=rng.choice([4, 5]),
                    path_of=trs_path(f"/{c}/zfxxgknb/", "list", "shtml"),
                    pager=trs_pager("list", "shtml"), crumbs=crumbs, style="rel")
        g.put(f"/{c}/index.shtml", gskin.page(unit, blocks_html([("信息公开目录", [
            ("政府信息公开指南", f"/{c}/zn.shtml"), ("政府信息公开年报", "zfxxgknb/list.shtml")])]),
            crumbs[:2]))
        publish(b, g, f"/{c}/zn.shtml", skin=gskin, agency=unit, year=2024,
                title=lookalike_title("指南", unit, 2024), mode="html", attach=att, crumbs=crumbs[:2],
                where="", date_s="2025-01-02", lookalike="指南")
    options = "".join(f'<option value="{g.url("/" + c + "/index.shtml")}">{esc(u)}</option>'
                      for c, u, _ in units)
    jump = ('<select onchange="if(this.value){window.open(this.value)}"><option value="">'
            f"--请选择部门--</option>{options}</select>")
    g.put("/index.html", gskin.page("政府信息公开专栏", jump + blocks_html([("市政府", [
        (gov, "/110001/index.shtml")]), ("重点部门", [(u, f"/{c}/index.shtml") for c, u, _ in units[1:3]])])))
    g.put("/robots.txt", robots_txt(["/wcm/", "/test/", "/*?print="]))
    news = news_block(b, www, skin, place=city, count=rng.randrange(260, 340),
                      article_path=lambda aid, d: f"/ywdt/{d:%Y%m}/t{d:%Y%m%d}_{aid}.html",
                      crumbs=[("首页", "/")], column="要闻动态", lookalike_every=70, agency=gov)
    write_lists(www, skin, title="要闻动态", items=news, per=20, path_of=trs_path("/ywdt/"),
                pager=trs_pager(), crumbs=[("首页", "/")], style="rel")
    www.put("/zwgk/index.html", skin.page("政务公开", blocks_html([("政务公开", [
        ("政府信息公开专栏", g.url("/")), ("政策文件", "/ywdt/")])]), [("首页", "/")]))
    about = about_pages(www, skin, city, lambda t, k: f"/zjxx/{k}.html", [("首页", "/")])
    www.put("/index.html", skin.page(gov, blocks_html([
        ("要闻动态", [(t, link(www, "/", u)) for u, t, _ in news[:10]]),
        ("政务公开", [("政务公开", "/zwgk/")]), ("政务服务", service_links(ppy)), ("走进" + cn, about),
        *home_extras(b, www, ppy, news)])))
    www.put("/robots.txt", robots_txt(["/wcm/"]))
    b.notes.append("most units only in a jump-menu <select> (option values are URLs); two units "
                   "list bare PDFs; 280+ news articles on the main host")
    return b.portal(www.url("/"))


# ============================================================================ JSON-driven 信息公开 host

def build_xxgk_json(b: Build) -> Portal:
    """A separate `xxgk.<district>.gov.cn` whose unit tree and 年报 lists come from JSON
    (`/xxgk/api/unitTree.json`, `/xxgk/api/list?unit=&cat=nb&pageNo=1&pageSize=5` with
    totalPages), URLs written in page scripts; small units inline `var data = [...]`."""
    rng = b.rng
    prov, ppy = b.names.province()
    cn, py = b.names.place()
    district = cn + "区"
    gov = district + "人民政府"
    www = b.host(f"www.{py}.gov.cn")
    x = b.host(f"xxgk.{py}.gov.cn")
    skin = Skin(gov, [("首页", "/"), ("政务公开", "/zwgk/index.html"), ("新闻", "/news/index.html")],
                externals=externals(prov, ppy))
    xskin = Skin(gov + "政府信息公开", [("首页", "/"), ("门户网站", www.url("/"))], flavor="xxgk")
    for host in (www, x):
        host.put("/images/logo.png", PNG_LOGO)
    fid = itertools.count(rng.randrange(10000, 90000), 11)

    def place(ext: str, n: int) -> str:
        return f"/xxgk/file/{b.day.year}/{hexid(rng, 20)}.{ext}"

    def dl(data: bytes, name: str, ctype: str) -> str:
        return x.download("/xxgk/download", ("fileId",), (str(next(fid)),), data, name, ctype,
                          style=rng.choice(["rfc5987", "java"]))

    att = Attach(x, place, dl)
    units = [("A01", gov, "gov", rng.choice([2008, 2009, 2010]))]
    for i, dept in enumerate(rng.sample(DEPTS, rng.randrange(4, 6))):
        units.append((f"B{i + 1:02d}", district + dept[1], "dept:" + dept[0], rng.choice([2020, 2021, 2022])))
    for i, (tname, _tpy) in enumerate(towns(rng, rng.randrange(2, 4), b.names)):
        units.append((f"C{i + 1:02d}", district + tname, "town", rng.choice([2020, 2021, 2022])))
    preview = []
    for code, unit, kind, start in units:
        crumbs = [("首页", "/"), (unit, f"/xxgk/unit/{code}/index.html")]
        records = []
        dept = next((d for d in DEPTS if kind == "dept:" + d[0]), None)
        for year in years_from(b, start, gap=0.15):
            agency = unit if dept is None else district + (dept_name(dept, year) or dept[1])
            d = pub_date(rng, year)
            title = report_title(rng, agency, year)
            mode = ("html" if year < 2016 else rng.choice(["html+pdf", "stub+pdf", "html"])) if kind == "gov" \
                else rng.choice(["html", "html+pdf", "images", "stub+pdf", "html+docx"])
            url = publish(b, x, f"/xxgk/unit/{code}/content/{b.next_id()}.html", skin=xskin,
                          agency=agency, year=year, title=title, mode=mode, attach=att, crumbs=crumbs,
                          where=f"xxgk JSON unit {code}; {mode}", date_s=str(d), site_name=gov)
            records.append({"title": title, "url": "/" + url.split("/", 3)[3], "pubDate": str(d)})
        if kind == "gov":
            for kind2, year in (("解读", 2024), ("要点", 2024)):
                t = lookalike_title(kind2, gov, year)
                u = publish(b, x, f"/xxgk/unit/{code}/content/{b.next_id()}.html", skin=xskin, agency=gov,
                            year=year, title=t, mode="html", attach=att, crumbs=crumbs, where="",
                            date_s="2025-02-01", lookalike=kind2)
                records.append({"title": t, "url": "/" + u.split("/", 3)[3], "pubDate": "2025-02-01"})
        records.sort(key=lambda r: r["pubDate"], reverse=True)
        size = 5
        pages = max(1, -(-len(records) // size))
        inline = len(records) <= 4 and kind != "gov"
        for p in range(pages):
            payload = {"code": 0, "msg": "success", "pageNo": p + 1, "pageSize": size,
                       "total": len(records), "totalPages": pages,
                       "data": records[p * size:(p + 1) * size]}
            x.qput("/xxgk/api/list", f"unit={code}&cat=nb&pageNo={p + 1}&pageSize={size}",
                   json.dumps(payload, ensure_ascii=False), ctype="application/json; charset=utf-8")
        if inline:
            script = f"<script>var data = {json.dumps(records, ensure_ascii=False)};render(data);</script>"
        else:
            api = f"/xxgk/api/list?unit={code}&cat=nb&pageNo=1&pageSize={size}"
            script = (f'<script>var listApi = {js_str(api)};$.getJSON(listApi + "&_=" + new Date().getTime(),'
                      " function(res){render(res.data, res.totalPages);});</script>")
        x.put(f"/xxgk/unit/{code}/nb/index.html", xskin.page("政府信息公开年报", '<ul id="list"></ul>'
                                                            '<div id="pager"></div>' + script, crumbs))
        extra = []
        if kind == "dept" or (kind.startswith("dept") and not preview):
            ppath = f"/xxgk/preview/{code}/{b.next_id()}.html"
            t = report_title(rng, unit, 2024)
            publish(b, x, ppath, skin=xskin, agency=unit, year=2024, title=t, mode="html", attach=att,
                    crumbs=crumbs, where="", date_s="2025-01-09", expect=False)
            b.never.add(x.url(ppath))
            preview.append(ppath)
            extra = [("年报预览（内部）", ppath)]
        x.put(f"/xxgk/unit/{code}/index.html", xskin.page(unit, blocks_html([("信息公开目录", [
            ("政府信息公开指南", f"/xxgk/unit/{code}/zn.html"), ("政府信息公开年报", "nb/index.html"),
            *extra])]), crumbs[:1]))
        publish(b, x, f"/xxgk/unit/{code}/zn.html", skin=xskin, agency=unit, year=2024,
                title=lookalike_title("指南", unit, 2024), mode="html", attach=att, crumbs=crumbs[:1],
                where="", date_s="2025-01-02", lookalike="指南")
    tree = {"code": 0, "data": [
        {"name": label, "children": [{"name": u, "code": c, "url": f"/xxgk/unit/{c}/index.html"}
                                     for c, u, k, _ in units if k.split(":")[0] == key]}
        for label, key in (("区政府", "gov"), ("区政府部门", "dept"), ("街道（乡镇）", "town"))]}
    x.put("/xxgk/api/unitTree.json", json.dumps(tree, ensure_ascii=False))
    xsearch = simple_search(b, x, xskin, "/xxgk/search", qname="keyword", pname="pageNo")
    x.put("/index.html", xskin.page("政府信息公开", '<div id="unitTree"></div><script>'
                                    'var treeUrl = "/xxgk/api/unitTree.json?siteId=12";'
                                    "$.getJSON(treeUrl, function(res){renderTree(res.data);});</script>"
                                    f'<a href="{xsearch}">检索</a>'))
    x.put("/robots.txt", robots_txt(["/xxgk/preview/", "/xxgk/admin/"],
                                    [x.url("/sitemap.xml")]))
    x.put("/sitemap.xml", sitemap_xml([x.url("/"), *[x.url(f"/xxgk/unit/{c}/index.html") for c, *_ in units]]))
    news = news_block(b, www, skin, place=district, count=rng.randrange(60, 120),
                      article_path=lambda aid, d: f"/news/{d:%Y%m}/{aid}.html", crumbs=[("首页", "/")])
    write_lists(www, skin, title="新闻", items=news, per=20, path_of=trs_path("/news/"),
                pager=link_pager(trs_path("/news/"), "root"), crumbs=[("首页", "/")])
    www.put("/zwgk/index.html", skin.page("政务公开", blocks_html([("政务公开", [
        ("政府信息公开平台", x.url("/"))])])))
    www.put("/index.html", skin.page(gov, blocks_html([
        ("新闻", [(t, link(www, "/", u)) for u, t, _ in news[:8]]),
        ("政务公开", [("政务公开", "/zwgk/index.html")]), ("政务服务", service_links(ppy)),
        *home_extras(b, www, ppy, news)])))
    b.notes.append("unit tree and 年报 lists are JSON named in page scripts; paging by "
                   "pageNo/totalPages; units with few reports inline `var data = [...]`")
    return b.portal(www.url("/"))


# ============================================================================ layui per-unit platform

def build_gongkai(b: Build) -> Portal:
    """A per-unit platform (`/gongkai/site_<unit>/channel_<id>/doc_<id>.html`, after 济南
    历下): street offices listed as `<li data-href=…>`; channel lists paged by layui
    (`laypage.render({count, limit, jump: location.href = '?page=' + obj.curr})`)."""
    rng = b.rng
    prov, ppy = "山东省", "sd"
    cn, py = b.names.place()
    district = cn + "区"
    gov = district + "人民政府"
    h = b.host(f"www.{py}.gov.cn")
    skin = Skin(gov, [("首页", "/"), ("政务公开", "/gongkai/"), ("新闻", "/news/")],
                externals=externals(prov, ppy))
    h.put("/images/logo.png", PNG_LOGO)

    def place(ext: str, n: int) -> str:
        return f"/gongkai/upload/{b.day:%Y/%m}/{hexid(rng, 24)}.{ext}"

    att = Attach(h, place)
    units = [(f"{py}qzf", gov, "gov", rng.choice([2009, 2010, 2011]))]
    for dept in rng.sample(DEPTS, rng.randrange(3, 5)):
        units.append((f"{py}{dept[0]}", district + dept[1], "dept:" + dept[0], rng.choice([2020, 2021])))
    for tname, tpy in towns(rng, rng.randrange(3, 5), b.names):
        units.append((f"{py}{tpy}", district + tname, "town", rng.choice([2021, 2022])))
    for code, unit, kind, start in units:
        site = f"/gongkai/site_{code}/"
        ch = hexid(rng, 24)
        chan = f"{site}channel_{ch}/"
        crumbs = [("首页", "/"), ("政务公开", "/gongkai/"), (unit, site)]
        items: list[Item] = []
        dept = next((d for d in DEPTS if kind == "dept:" + d[0]), None)
        for year in years_from(b, start, gap=0.15):
            agency = unit if dept is None else district + (dept_name(dept, year) or dept[1])
            d = pub_date(rng, year)
            title = report_title(rng, agency, year)
            mode = rng.choice(["html", "html+pdf", "pdfjs", "html+docx"]) if kind != "town" else \
                rng.choice(["html", "images", "html+pdf"])
            url = publish(b, h, f"{chan}doc_{hexid(rng, 24)}.html", skin=skin, agency=agency, year=year,
                          title=title, mode=mode, attach=att, crumbs=crumbs,
                          where=f"gongkai {kind} (layui paging); {mode}", date_s=str(d), site_name=gov)
            items.append((url, title, str(d)))
        items = by_date(items)
        limit = 5
        pages = max(1, -(-len(items) // limit))
        for p in range(pages):
            chunk = items[p * limit:(p + 1) * limit]
            js = ("<div id=\"page\"></div><script>layui.use('laypage', function(){var laypage = "
                  f"layui.laypage;laypage.render({{elem: 'page', count: {len(items)}, limit: {limit}, "
                  f"curr: {p + 1}, jump: function(obj, first){{if(!first){{location.href = '?page=' "
                  "+ obj.curr;}}}});});</script>")
            html_ = skin.page("政府信息公开年报", items_html([(link(h, chan, u), t, d) for u, t, d in chunk]) + js,
                              crumbs)
            h.qput(chan, f"page={p + 1}", html_)
            if p == 0:
                h.qput(chan, "", html_)
        h.put(f"{site}index.html", skin.page(unit, blocks_html([("信息公开", [
            ("政府信息公开年报", chan), ("机构职能", f"{site}jgzn.html")])]), crumbs[:2]))
        h.put(f"{site}jgzn.html", skin.page("机构职能", f"<p>{esc(unit)}</p>", crumbs))
    depts_html = blocks_html([("区政府", [(gov, f"/gongkai/site_{units[0][0]}/")]),
                              ("区政府部门", [(u, f"/gongkai/site_{c}/") for c, u, k, _ in units
                                         if k.startswith("dept")])])
    streets = "".join(f'<li data-href="/gongkai/site_{c}/" onclick="location.href=this.dataset.href">'
                      f"{esc(u)}</li>" for c, u, k, _ in units if k == "town")
    law = publish(b, h, f"/gongkai/site_{units[0][0]}/fzzf2024.html", skin=skin, agency=gov, year=2024,
                  title=lookalike_title("法治", gov, 2024), mode="html+pdf", attach=att,
                  crumbs=[("首页", "/")], where="", date_s="2025-03-01", lookalike="法治")
    gsearch = simple_search(b, h, skin, "/gongkai/search", qname="keyword")
    h.put("/gongkai/index.html", skin.page("政务公开", f'<a href="{gsearch}">搜索</a>' + depts_html + f'<h2>街道办事处</h2><ul class="jd">'
                                           f"{streets}</ul>" + blocks_html([("专题", [
                                               ("法治政府建设", link(h, "/", law))])])))
    news = news_block(b, h, skin, place=district, count=rng.randrange(60, 120),
                      article_path=lambda aid, d: f"/news/{d:%Y%m}/{aid}.html", crumbs=[("首页", "/")])
    write_lists(h, skin, title="新闻", items=news, per=20, path_of=trs_path("/news/"),
                pager=link_pager(trs_path("/news/"), "root"), crumbs=[("首页", "/")])
    h.put("/index.html", skin.page(gov, blocks_html([
        ("新闻", [(t, link(h, "/", u)) for u, t, _ in news[:8]]),
        ("政务公开", [("政务公开", "/gongkai/")]), ("政务服务", service_links(ppy)),
        *home_extras(b, h, ppy, news)])))
    h.put("/robots.txt", robots_txt(["/gongkai/admin/"]))
    b.notes.append("street offices only as <li data-href> with an onclick; lists paged by "
                   "layui laypage (count/limit in the script)")
    return b.portal(h.url("/"))


# ============================================================================ across two domains

def build_crossdomain(b: Build) -> Portal:
    """A district whose own reports are on `www.<district>.gov.cn` while its departments' and
    street offices' reports sit on the prefecture's platform `zwgk.<city>.gov.cn/<code>/`
    (another registrable domain, linked from the district's 信息公开 page)."""
    rng = b.rng
    prov, ppy = b.names.province()
    ccn, cpy = b.names.place()
    dcn, dpy = b.names.place()
    city = ccn + "市"
    district = city + dcn + "区"
    gov = district + "人民政府"
    h = b.host(f"www.{dpy}.gov.cn")
    z = b.host(f"zwgk.{cpy}.gov.cn")
    code = f"{dpy[:3]}q"
    skin = Skin(gov, [("首页", "/"), ("政务公开", "/zwgk/"), ("新闻", "/xwzx/")], flavor="trs",
                externals=externals(prov, ppy), head_extra=TRS_PAGER_JS)
    zskin = Skin(city + "政务公开平台", [("平台首页", "/"), (dcn + "区", f"/{code}/")], flavor="trs",
                 head_extra=TRS_PAGER_JS)
    for host in (h, z):
        host.put("/images/logo.png", PNG_LOGO)
    cur_dir = ["/"]

    def place(ext: str, n: int) -> str:
        return f"{cur_dir[0]}P0{b.day:%Y%m%d}{rng.randrange(10**9, 10**10)}{n}.{ext}"

    def report_on(host: Host, sk: Skin, folder: str, agency: str, year: int, crumbs, where: str,
                  modes: list[str]) -> Item:
        d = pub_date(rng, year)
        cur_dir[0] = f"{folder}{d:%Y%m}/"
        title = report_title(rng, agency, year)
        mode = rng.choice(modes)
        url = publish(b, host, f"{folder}{d:%Y%m}/t{d:%Y%m%d}_{b.next_id()}.html", skin=sk, agency=agency,
                      year=year, title=title, mode=mode, attach=Attach(host, place), crumbs=crumbs,
                      where=f"{where}; {mode}", date_s=str(d), site_name=gov, style="rel")
        return url, title, str(d)

    nbf = "/zwgk/zfxxgk/zfxxgknb/"
    crumbs = [("首页", "/"), ("政务公开", "/zwgk/"), ("政府信息公开年报", nbf)]
    own = [report_on(h, skin, nbf, gov, y, crumbs, "district's own host",
                     ["html", "html+pdf", "script"] if y >= 2016 else ["html"])
           for y in years_from(b, rng.choice([2008, 2010]), gap=0.08)]
    write_lists(h, skin, title="政府信息公开年报", items=by_date(own), per=8, path_of=trs_path(nbf),
                pager=trs_pager(), crumbs=crumbs, style="rel")
    groups: dict[str, list[tuple[str, str]]] = {"区政府工作部门": [], "街道办事处": []}
    for dept in rng.sample(DEPTS, rng.randrange(3, 5)):
        folder = f"/{code}/zfgzbm/{dept[0]}/zfxxgknb/"
        zc = [("平台首页", "/"), (district, f"/{code}/"), (district + dept[1], folder)]
        items = []
        for y in years_from(b, rng.choice([2019, 2020, 2021]), gap=0.2):
            name = dept_name(dept, y)
            if name:
                items.append(report_on(z, zskin, folder, district + name, y, zc,
                                       f"prefecture platform {z.name}", ["html", "html+pdf", "script"]))
        write_lists(z, zskin, title="政府信息公开年报", items=by_date(items), per=5, path_of=trs_path(folder),
                    pager=trs_pager(), crumbs=zc, style="rel")
        groups["区政府工作部门"].append((district + dept[1], folder))
    for tname, tpy in towns(rng, rng.randrange(2, 4), b.names):
        folder = f"/{code}/xzjdrmzf/{tpy}/zfxxgknb/"
        zc = [("平台首页", "/"), (district, f"/{code}/"), (tname, folder)]
        items = [report_on(z, zskin, folder, district + tname, y, zc, f"prefecture platform {z.name}",
                           ["html", "images"]) for y in years_from(b, rng.choice([2020, 2021]), gap=0.3)]
        write_lists(z, zskin, title="政府信息公开年报", items=by_date(items), per=5, path_of=trs_path(folder),
                    pager=trs_pager(), crumbs=zc, style="rel")
        groups["街道办事处"].append((district + tname, folder))
    test = f"/{code}/test/zfxxgknb/t20250110_1.html"
    publish(b, z, test, skin=zskin, agency=gov, year=2024, title=report_title(rng, gov, 2024) + "（测试）",
            mode="html", attach=Attach(z, place), crumbs=[], where="", date_s="2025-01-10", expect=False)
    b.never.add(z.url(test))
    groups["街道办事处"].append(("测试栏目", f"/{code}/test/zfxxgknb/t20250110_1.html"))
    z.put(f"/{code}/index.html", zskin.page(district + "政务公开", blocks_html(list(groups.items()))))
    others = county_names(b, 5)
    z.put("/index.html", zskin.page(city + "政务公开平台", blocks_html([("县（市、区）", [
        (dcn + "区", f"/{code}/")] + [(o, f"/{hexid(rng, 3)}/") for o in others])])))
    z.put("/robots.txt", robots_txt([f"/{code}/test/"]))
    zsearch = simple_search(b, z, zskin, "/was5/web/search", qname="searchword")
    z.files[f"/{code}/index.html"] = z.files[f"/{code}/index.html"].replace(
        b"</body>", f'<a href="{zsearch}">站内检索</a></body>'.encode(), 1)
    looks = []
    for kind in ("法治", "解读", "要点"):
        t = lookalike_title(kind, gov, 2024)
        looks.append((publish(b, h, f"/zwgk/zfxxgk/lk{len(looks)}.html",
                              skin=skin, agency=gov, year=2024, title=t, mode="html",
                              attach=Attach(h, place), crumbs=[("首页", "/")], where="",
                              date_s="2025-02-1" + str(len(looks)), lookalike=kind), t, "2025-02-10"))
    h.put("/zwgk/index.html", skin.page("政务公开", blocks_html([("政府信息公开", [
        ("本级政府信息公开年报", "zfxxgk/zfxxgknb/"),
        *[(t, link(h, "/zwgk/index.html", u)) for u, t, _ in looks],
        ("部门和街道政府信息公开年报（市政务公开平台）", z.url(f"/{code}/"))])]), [("首页", "/")]))
    news = news_block(b, h, skin, place=district, count=rng.randrange(60, 120),
                      article_path=lambda aid, d: f"/xwzx/{d:%Y%m}/t{d:%Y%m%d}_{aid}.html", crumbs=[("首页", "/")])
    write_lists(h, skin, title="新闻", items=news, per=20, path_of=trs_path("/xwzx/"), pager=trs_pager(),
                crumbs=[("首页", "/")], style="rel")
    h.put("/index.html", skin.page(gov, blocks_html([
        ("新闻", [(t, link(h, "/", u)) for u, t, _ in news[:8]]),
        ("政务公开", [("政务公开", "/zwgk/")]), ("政务服务", service_links(ppy)),
        *home_extras(b, h, ppy, news)])))
    h.put("/robots.txt", robots_txt(["/wcm/"]))
    b.notes.append(f"department and street reports live on {z.name} (the prefecture's domain, "
                   "not the district's); a crawler confined to the home page's domain misses them")
    return b.portal(h.url("/"))


# ============================================================================ departments' own sites

def build_multihost(b: Build) -> Portal:
    """A city whose departments are reached only through 机构设置 → the department's own site,
    each a different build: TRS, VSB, a JSON list, bare PDFs, a GBK site behind a script
    redirect, a site robots.txt closes entirely, and two dead department hosts."""
    rng = b.rng
    prov, ppy = b.names.province()
    cn, py = b.names.place()
    city = cn + "市"
    gov = city + "人民政府"
    h = b.host(f"www.{py}.gov.cn")
    skin = Skin(gov, [("首页", "/"), ("政务公开", "/zwgk/"), ("机构设置", "/jgsz/"), ("新闻", "/xwzx/")],
                externals=externals(prov, ppy))
    h.put("/images/logo.png", PNG_LOGO)

    def place(ext: str, n: int) -> str:
        return f"/uploads/{b.day.year}/{hexid(rng, 16)}.{ext}"

    crumbs = [("首页", "/"), ("政务公开", "/zwgk/"), ("政府信息公开年报", "/zwgk/xxgknb/")]
    items = []
    for y in years_from(b, rng.choice([2009, 2010, 2011]), gap=0.07):
        d = pub_date(rng, y)
        title = report_title(rng, gov, y)
        mode = "html" if y < 2016 else rng.choice(["html+pdf", "embed", "html"])
        items.append((publish(b, h, f"/zwgk/xxgknb/{d:%Y%m}/{b.next_id()}.html", skin=skin, agency=gov,
                              year=y, title=title, mode=mode, attach=Attach(h, place), crumbs=crumbs,
                              where=f"city's own 年报 list; {mode}", date_s=str(d), site_name=gov),
                      title, str(d)))
    for kind, y in (("网站报表", 2023), ("网站报表", 2024), ("法治", 2024)):
        t = lookalike_title(kind, gov, y)
        d = f"{y + 1}-01-2{y % 7}"
        items.append((publish(b, h, f"/zwgk/xxgknb/{y + 1}01/{b.next_id()}.html", skin=skin, agency=gov,
                              year=y, title=t, mode="html" if kind != "法治" else "embed",
                              attach=Attach(h, place), crumbs=crumbs, where="", date_s=d,
                              lookalike=kind), t, d))
    write_lists(h, skin, title="政府信息公开年报", items=by_date(items), per=10,
                path_of=trs_path("/zwgk/xxgknb/"), pager=link_pager(trs_path("/zwgk/xxgknb/"), "root"),
                crumbs=crumbs)
    h.routes["/hdjl/rili.html"] = calendar_route(skin, "/hdjl/rili.html", "date")
    h.traps.append(r"^/hdjl/rili\.html")
    b.trap("calendar")
    styles = ["trs", "vsb", "json", "pdfs", "gbk", "closed"]
    rng.shuffle(styles)
    depts = rng.sample(DEPTS, len(styles) + 2)
    links = []
    for style, dept in zip(styles, depts, strict=False):
        dh = b.host(f"{dept[0]}.{py}.gov.cn")
        links.append((city + dept[1], dh.url("/")))
        own_site(b, dh, style, dept, city, gov, prov, ppy)
    for dept in depts[len(styles):]:
        links.append((city + dept[1], f"http://{dept[0]}.{py}.gov.cn:{b.port}/"))  # dead: no server
    h.put("/jgsz/index.html", skin.page("机构设置", blocks_html([("市政府工作部门", links)]), [("首页", "/")]))
    h.put("/zwgk/index.html", skin.page("政务公开", blocks_html([("政务公开", [
        ("政府信息公开年报", "/zwgk/xxgknb/"), ("部门信息公开", "/jgsz/")])])))
    news = news_block(b, h, skin, place=city, count=rng.randrange(80, 140),
                      article_path=lambda aid, d: f"/xwzx/{d:%Y%m}/{aid}.html", crumbs=[("首页", "/")])
    write_lists(h, skin, title="新闻", items=news, per=20, path_of=trs_path("/xwzx/"),
                pager=link_pager(trs_path("/xwzx/"), "root"), crumbs=[("首页", "/")])
    h.put("/index.html", skin.page(gov, blocks_html([
        ("新闻", [(t, link(h, "/", u)) for u, t, _ in news[:8]]),
        ("政务公开", [("政务公开", "/zwgk/"), ("机构设置", "/jgsz/"),
                  ("领导活动", "/hdjl/rili.html?date=2025-03-31")]), ("政务服务", service_links(ppy)),
        *home_extras(b, h, ppy, news)])))
    h.put("/robots.txt", robots_txt(["/admin/"]))
    b.notes.append("departments only via 机构设置 → own host; one host's robots.txt is "
                   "'Disallow: /' (its reports are in never); two department hosts are dead")
    return b.portal(h.url("/"))


def own_site(b: Build, h: Host, style: str, dept, city: str, gov: str, prov: str, ppy: str) -> None:
    rng = b.rng
    cur = city + dept[1]
    charset = "gbk" if style == "gbk" else "utf-8"
    base = f"/{dept[0]}/" if style == "gbk" else "/"
    skin = Skin(cur, [("首页", base + ("index.shtml" if style == "gbk" else "")), ("市政府", b.hosts[
        next(iter(b.hosts))].url("/"))], charset=charset, externals=externals(prov, ppy))
    h.put("/images/logo.png", PNG_LOGO)

    def place(ext: str, n: int) -> str:
        return f"/attach/{b.day.year}/{hexid(rng, 16)}.{ext}"

    att = Attach(h, place)
    records: list[Item] = []
    for y in years_from(b, rng.choice([2018, 2019, 2020, 2021]), gap=0.2):
        agency = city + (dept_name(dept, y) or dept[1])
        d = pub_date(rng, y)
        title = report_title(rng, agency, y)
        where = f"department host {h.name} ({style})"
        if style == "pdfs":
            url = h.put(f"/attach/{y + 1}/{title}.pdf", pdf_bytes(title, report_lines(agency, y, title)))
            b.report(agency, y, [url], where + "; Chinese file name in the URL")
        else:
            path = (f"{base}xxgk/nb/{d:%Y%m}/{b.next_id()}." + ("shtml" if style == "gbk" else "html")
                    if style != "vsb" else f"/info/{rng.randrange(1000, 9999)}/{b.next_id()}.htm")
            mode = rng.choice(["html", "html+pdf", "stub+pdf"])
            url = publish(b, h, path, skin=skin, agency=agency, year=y, title=title, mode=mode, attach=att,
                          crumbs=[], where=f"{where}; {mode}", date_s=str(d), site_name=cur,
                          charset=charset, expect=style != "closed")
            if style == "closed":
                b.never.add(url)
        records.append((url, title, str(d)))
    records = by_date(records)
    if style == "pdfs":  # the list writes the raw Chinese path, as editors paste it
        h.put("/zfxxgk/nb/index.html", skin.page("政府信息公开年报", items_html(
            [(unquote(link(h, "/", u)), t, d) for u, t, d in records])))
        h.put("/index.html", skin.page(cur, blocks_html([("信息公开", [("年报", "/zfxxgk/nb/index.html")])])))
        return
    if style == "closed":
        for path in list(h.files):
            if path.endswith((".pdf", ".docx")):
                b.never.add(h.url(path))
        h.put("/robots.txt", "User-agent: *\nDisallow: /\n")
        h.put("/index.html", skin.page(cur, items_html([(link(h, "/", u), t, d) for u, t, d in records])))
    elif style == "json":
        payload = {"code": 200, "rows": [{"title": t, "link": "/" + u.split("/", 3)[3], "date": d}
                                         for u, t, d in records]}
        h.put("/api/nb/list.json", json.dumps(payload, ensure_ascii=False))
        h.put("/xxgk/nb/index.html", skin.page("年报", '<ul id="nb"></ul><script>$.ajax({url: '
                                                '"/api/nb/list.json", success: function(r){}});</script>'))
        h.put("/index.html", skin.page(cur, blocks_html([("信息公开", [("政府信息公开年报", "/xxgk/nb/index.html")])])))
    elif style == "vsb":
        path_of, _ = vsb_paths("/xxgk/xxgknb.htm")
        write_lists(h, skin, title="年报", items=records, per=3, path_of=path_of,
                    pager=link_pager(path_of, "rel", ("首页", "上页", "下页", "尾页")), crumbs=[], style="rel")
        h.put("/index.html", skin.page(cur, blocks_html([("信息公开", [("政府信息公开年报", "/xxgk/xxgknb.htm")])])))
    elif style == "gbk":
        h.put(f"{base}xxgk/nb/index.shtml", skin.page("年报", items_html(
            [(link(h, "/", u), t, d) for u, t, d in records])), charset="gbk")
        h.put(f"{base}index.shtml", skin.page(cur, blocks_html([("信息公开", [("年报", "xxgk/nb/index.shtml")])])),
              charset="gbk")
        h.put("/index.html", f'<html><head><script>window.location.href="{base}index.shtml";</script>'
                             "</head><body></body></html>")
    else:
        folder = "/xxgk/nb/"
        write_lists(h, skin, title="年报", items=records, per=4, path_of=trs_path(folder), pager=trs_pager(),
                    crumbs=[], style="rel", head=TRS_PAGER_JS)
        h.put("/index.html", skin.page(cur, blocks_html([("信息公开", [("年报", folder)])])))


# ============================================================================ Nuxt single-page site

def nuxt_state(state: dict) -> str:
    """`window.__NUXT__` as Nuxt 2 writes it: a function call, '/' escaped as \\u002F."""
    body = json.dumps(state, ensure_ascii=False).replace("/", "\\u002F")
    return f"<script>window.__NUXT__=(function(a,b,c){{return {body}}}(null,false,\"\"));</script>"


def build_spa(b: Build) -> Portal:
    """A development zone on Nuxt (server-rendered shell): list pages render five anchors, the
    rest come from `/prod-api/cms/article/page?channelId=&current=&size=` (MyBatis-Plus pages);
    attachments appear only in `window.__NUXT__`; old reports are only in the sitemap."""
    rng = b.rng
    prov, ppy = b.names.province()
    cn, py = b.names.place()
    zone = cn + "高新技术产业开发区"
    agency = zone + "管理委员会"
    h = b.host(f"gxq.{py}.gov.cn")
    nav = [("首页", "/"), ("园区动态", "/news"), ("信息公开", "/xxgk"), ("投资服务", "/invest")]

    def shell(title: str, ssr: str, state: dict) -> str:
        navhtml = "".join(f'<a href="{u}" class="nuxt-link">{t}</a>' for t, u in nav)
        return (f'<!doctype html><html><head><meta charset="utf-8"><title>{esc(title)}-{esc(agency)}</title>'
                '<link rel="preload" href="/_nuxt/app.4f8e2c.js" as="script"></head><body>'
                f'<div id="__nuxt"><div id="__layout"><header>{navhtml}</header><main>{ssr}</main>'
                f"</div></div>{nuxt_state(state)}"
                '<script src="/_nuxt/app.4f8e2c.js" defer></script></body></html>')

    h.put("/_nuxt/app.4f8e2c.js", "!function(){/* app bundle */}();", ctype="application/javascript")

    def place(ext: str, n: int) -> str:
        return f"/minio/gov-files/{b.day:%Y/%m}/{hexid(rng, 32)}.{ext}"

    channels = [(rng.randrange(30, 60), agency, "/xxgk/nb", rng.choice([2012, 2013, 2014]))]
    for tname, _tpy in towns(rng, rng.randrange(2, 4), b.names):
        channels.append((rng.randrange(60, 99), zone + tname.replace("人民政府", ""), f"/xxgk/jd/{_tpy}",
                         rng.choice([2020, 2021])))
    detail_urls: list[str] = []
    for ch, unit, route, start in channels:
        recs = []
        years = years_from(b, start, gap=0.1)
        orphan_years = set(years[-2:]) if ch == channels[0][0] and len(years) > 4 else set()
        for year in years:
            d = pub_date(rng, year)
            aid = b.next_id()
            title = report_title(rng, unit, year)
            path = f"/xxgk/detail/{aid}"
            urls = [h.url(path)]
            files = []
            b.day = d
            if year >= 2016 and rng.random() < 0.75:
                furl = h.put(place("pdf", 0), pdf_bytes(title, report_lines(unit, year, title, agency)))
                urls.append(furl)
                files.append({"name": title + ".pdf", "url": "/" + furl.split("/", 3)[3]})
            ssr = (f"<article><h1>{esc(title)}</h1><div class=\"content\">"
                   f"{report_fragment(unit, year, agency)}</div></article>")
            h.put(path, shell(title, ssr, {"layout": "default", "data": [{"detail": {
                "id": aid, "title": title, "publishDate": str(d), "fileList": files}}]}))
            where = "nuxt: only in sitemap.xml (dropped from the list)" if year in orphan_years \
                else "nuxt detail" + ("; attachment only in __NUXT__" if files else "")
            b.report(unit, year, urls, where)
            detail_urls.append(h.url(path))
            if year not in orphan_years:
                recs.append({"id": aid, "title": title, "url": path, "publishDate": str(d)})
        if ch == channels[0][0]:
            t = lookalike_title("一图读懂", agency, 2024)
            lpath = f"/xxgk/detail/{b.next_id()}"
            img = h.put(place("png", 0), PNG_LOGO)
            h.put(lpath, shell(t, f"<h1>{esc(t)}</h1><img src=\"/{img.split('/', 3)[3]}\"/>", {"data": []}))
            b.lookalikes.add(img)
            b.lookalikes.add(h.url(lpath))
            recs.insert(0, {"id": 0, "title": t, "url": lpath, "publishDate": "2025-01-20"})
        size = 10
        pages = max(1, -(-len(recs) // size))
        for p in range(pages):
            payload = {"code": 200, "msg": "操作成功", "data": {
                "records": recs[p * size:(p + 1) * size], "total": len(recs), "size": size,
                "current": p + 1, "pages": pages}}
            h.qput("/prod-api/cms/article/page", f"channelId={ch}&current={p + 1}&size={size}",
                   json.dumps(payload, ensure_ascii=False), ctype="application/json;charset=UTF-8")
        api = f"/prod-api/cms/article/page?channelId={ch}&current=1&size={size}"
        ssr = "<ul>" + "".join(f'<li><a href="{r["url"]}">{esc(r["title"])}</a></li>' for r in recs[:5]) + \
            "</ul><div class=\"el-pagination\"></div>"
        h.put(route, shell(unit + "年报", ssr, {"layout": "default", "data": [{"api": api,
                                                                              "list": recs[:10], "pages": pages}]}))
    xx_links = [("政府信息公开年报", "/xxgk/nb")] + [(u, r) for _c, u, r, _s in channels[1:]]
    guide = "/xxgk/guide"
    h.put(guide, shell("信息公开指南", "<p>" + esc(lookalike_title("指南", agency, 2024)) + "</p>", {"data": []}))
    b.lookalikes.add(h.url(guide))
    h.put("/xxgk", shell("信息公开", "<ul>" + "".join(f'<li><a href="{u}">{esc(t)}</a></li>'
                                                   for t, u in xx_links[:1] + [("信息公开指南", guide)]) + "</ul>",
                          {"data": [{"menus": [{"name": t, "path": u} for t, u in xx_links]}]}))
    news_urls = []
    for i in range(rng.randrange(30, 60)):
        aid = b.next_id()
        path = f"/news/detail/{aid}"
        h.put(path, shell("园区动态", f"<p>园区动态{i}</p>", {"data": []}))
        news_urls.append(h.url(path))
    news_paths = [u.split(str(b.port), 1)[1] for u in news_urls]
    h.put("/news", shell("园区动态", "<ul>" + "".join(f'<li><a href="{u}">动态</a></li>'
                                                   for u in news_paths[:10]) + "</ul>",
                         {"data": [{"api": "/prod-api/cms/article/page?channelId=1&current=1&size=10",
                                    "list": news_paths[:10]}]}))

    def news_api(site, hit, query, body) -> Reply:
        """The news channel's backend miscounts: `pages` is always one more than `current`."""
        if (query.get("channelId") or [""])[0] != "1":
            return Reply(404, b'{"code":404}', "application/json", validators=False)
        try:
            cur = max(1, int((query.get("current") or ["1"])[0]))
        except ValueError:
            cur = 1
        recs = [{"title": "园区动态", "url": p_} for p_ in news_paths[(cur - 1) * 10:cur * 10]]
        payload = {"code": 200, "data": {"records": recs, "total": (cur + 1) * 10, "size": 10,
                                         "current": cur, "pages": cur + 1}}
        return Reply(200, json.dumps(payload, ensure_ascii=False).encode(), "application/json",
                     validators=False)

    h.qfallback["/prod-api/cms/article/page"] = news_api
    h.traps.append(r"^/prod-api/cms/article/page\?channelId=1&")
    b.trap("page")
    h.put("/invest", shell("投资服务", "<p>招商引资</p>", {"data": []}))
    h.put("/index.html", shell(agency, "<section>" + "".join(
        f'<a href="{u}">{t}</a>' for t, u in nav) + "</section>", {"data": [{"banner": [], "news": [
            u.split(str(b.port), 1)[1] for u in news_urls[:6]]}]}))
    h.put("/sitemap.xml", sitemap_index([h.url("/sitemap-xxgk.xml"), h.url("/sitemap-news.xml")]))
    h.put("/sitemap-xxgk.xml", sitemap_xml(detail_urls))
    h.put("/sitemap-news.xml", sitemap_xml(news_urls))
    h.put("/robots.txt", robots_txt(["/prod-api/system/", "/admin"], [h.url("/sitemap.xml")]))
    b.notes.append("Nuxt: '/' escaped as \\u002F in __NUXT__; list API pages by current/pages; "
                   "two old reports only in sitemap.xml (named by robots.txt)")
    return b.portal(h.url("/"))
