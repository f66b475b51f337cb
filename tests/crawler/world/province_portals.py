"""Portal builders of the `province` world, one per kind of government site:

- `gov_topic`: a province or prefecture city whose 年报 专题 has a page per year with tabs
  (政府 / 部门 / 市州 or 区县), a year `<select>`, 更多 lists, department sub-sites on their
  own hosts or in the portal's tree;
- `city_hanweb`: a Hanweb city whose units publish through `xxgkAnnualReport.jsp?area=&fbtime=`,
  reached from tabs, unit pages with a year `<select>` (some years have no report), and a
  datastore list that needs `dataproxy.jsp`;
- `city_platform`: a city whose 政府信息公开平台 lives on its own host, one code per unit;
- `city_gd`: a Guangdong city: `gkmlpt` catalogues filled by a JSON API plus a year 专栏;
- `county_tree`: a county whose 年报 tree goes year → 县政府 / 部门 / 乡镇, townships with
  their own sub-sites and titles like `石桥镇2019年`;
- `county_anhui`: Anhui's `/public/column/<unit>?…&catId=` platform;
- `county_oldnew`: a county whose old GBK ASP site (frames, .doc) still holds old reports;
- `county_vsb`: a 博达 VSB county: one list for every unit, pages counting down;
- `dept`: a department's own site (any CMS), sitemap-only orphans, redirects, look-alikes."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date

from tests.crawler.world import Portal
from tests.crawler.world.province_cms import (
    AnhuiPublic,
    Art,
    AspNet,
    Att,
    Column,
    Entry,
    Gkmlpt,
    Hanweb,
    OldASP,
    Platform,
)
from tests.crawler.world.province_files import pdf_text
from tests.crawler.world.province_kit import Host, PortalBuilder, Pub, esc, hexid, redirect
from tests.crawler.world.province_parts import (
    Ctx,
    News,
    assets,
    calendar,
    friend_links,
    home_page,
    links_ul,
    look,
    make_plat,
    pubday,
    publish,
    report_art,
    search,
    select,
    sitemap,
    std_blocks,
    sub,
    tabs,
)
from tests.crawler.world.province_text import (
    DEPTS,
    Dept,
    Place,
    blocks_html,
    dept_current,
    dept_name,
    report_blocks,
    report_title,
    towns,
)


@dataclass
class Spec:
    kind: str
    key: str
    place: Place
    plat: str
    level: str  # province, city, county, dept
    name: str  # 澜川省 / 青崖市 / 桐溪县 / 澜川省教育厅
    dom: str  # lanchuan.gov.cn
    home: str = ""
    extra: str = ""  # for departments: the Dept key


def family(plat: str) -> str:
    return {"trs_hy": "trs", "gdjy": "gkmlpt"}.get(plat, plat)


def shown(title: str, agency: str) -> str:
    """How a 专题 shows a report its unit titled bare (`2019年度报告`)."""
    return agency + title if re.fullmatch(r"\d{4}年(年报|度报告)", title) else title


def dept_label(d: Dept, level: str) -> str:
    stem = d.name
    if "{t}" in stem:
        return d.key + ("t" if level == "province" else "j")
    if stem.endswith("委员会"):
        return d.key if d.key.endswith("w") else d.key + "w"
    return d.key if d.key.endswith("j") else d.key + "j"


def years_from(rng: random.Random, since: int, choices: list[int], gap: float = 0.1) -> list[int]:
    start = max(since, rng.choice(choices))
    ys = list(range(start, 2025))
    if len(ys) > 4 and rng.random() < gap:
        ys.remove(rng.choice(ys[1:-1]))  # a year the unit did not publish (or lost)
    return ys


def news_style(plat: Platform) -> str:
    return {"trs": "trs", "hanweb": "pagenum", "vsb": "countdown"}.get(plat.family, "plain")


def cplat_of(plat: Platform, pb: PortalBuilder, host: Host) -> Platform:
    """The platform custom pages are written with (route-only CMSs get static pages)."""
    if isinstance(plat, (AspNet, AnhuiPublic, OldASP)):
        return make_plat("plain", pb, host, pb.rng)
    return plat


# ============================================================== department site

def dept_site(pb: PortalBuilder, ctx: Ctx, host: Host, plat: Platform, agency_of, years: list[int],
              place: str, where: str, *, news_pages: int = 30, per_page: int = 10,
              orphans: int = 0, looks: int = 2, wap: bool = False, old_redirect: bool = False,
              friends: bool = True) -> dict[int, tuple[str, str, date]]:
    """A department's own site: home, 信息公开, 年报 column (paginated, look-alikes inside).
    Returns year -> (title, page URL, day) for the reports listed in the column."""
    rng = pb.rng
    assets(host)
    cp = cplat_of(plat, pb, host)
    zwgk = Column(cp, "/zwgk/", "政务公开")
    xxgk = Column(cp, sub(cp, "/zwgk/", "zfxxgk"), "政府信息公开", parent=zwgk)
    nb = Column(plat, sub(plat, xxgk.slug if plat is cp else "/zwgk/zfxxgk/", "zfxxgknb"),
                "政府信息公开年报", parent=xxgk, per_page=per_page)
    if rng.random() < 0.3:
        nb.layout = "table"
    zn = Column(cp, sub(cp, xxgk.slug, "xxgkzn"), "政府信息公开指南", parent=xxgk)
    fdzd = Column(plat, sub(plat, xxgk.slug if plat is cp else "/zwgk/zfxxgk/", "fdzdgknr"),
                  "法定主动公开内容", parent=xxgk, per_page=15)
    out: dict[int, tuple[str, str, date]] = {}
    orphan_urls: list[str] = []
    for i, y in enumerate(years):
        agency = agency_of(y)
        listed = i >= orphans
        extra = {}
        pub = publish(pb, nb, agency, y, f"{where} 年报 column" + (
            "" if listed else "; orphan: only in the sitemap"), bare=rng.random() < 0.3,
            listed=listed, extra=extra, direct=0.06 if listed else 0.0)
        url = pub.page or pub.files[0]
        if not listed:
            orphan_urls.append(url)
        else:
            out[y] = (nb.entries[-1].title, url, nb.entries[-1].day)
        if wap and listed and pub.page and pub.page.endswith((".html", ".shtml")):
            stem, dot, ext = pub.page.rpartition(".")
            wurl = f"{stem}_wap.{ext}"
            wpath = wurl[len(host.root):]
            host.put(wpath, f"<html><head><meta charset=\"utf-8\"><title>{esc(agency)}{y}年"
                            f"政府信息公开工作年度报告</title></head><body><h3>{esc(agency)}{y}年"
                            f"政府信息公开工作年度报告</h3>{blocks_html(report_blocks(agency, y, rng))}"
                            f"</body></html>")
            nb.entries[-1].note += f" <a href=\"{esc(wurl)}\" class=\"wap\">[手机版]</a>"
            pb.never.add(wurl)
    if wap:
        host.disallow.append("/*_wap.")
    cur = agency_of(2024)
    kinds = rng.sample(["wangzhan", "fazhi", "juesuan", "zhifa", "yaodian", "jianyi"], looks)
    for k in kinds:
        look(pb, nb, k, cur, place, rng.choice(years[-4:]))
    look(pb, zn, "zhinan", cur, place, 2024, listed=False)
    for _ in range(rng.randint(2, 5)):
        fdzd.article(Art(f"{cur}关于{rng.choice(['印发', '公布', '调整'])}"
                         f"{rng.choice(['行政许可事项清单', '权责清单', '双随机抽查计划'])}的通知",
                         date(2024, rng.randint(1, 12), rng.randint(1, 28)),
                         blocks=[("p", "各有关单位：现将有关事项通知如下。")]))
    news = News(host, "/xwdt/gzdt/", "工作动态", news_pages, cur, news_style(plat))
    xxgk.head = links_ul(cp, xxgk.path, [("政府信息公开指南", zn.link_url),
                                         ("法定主动公开内容", fdzd.link_url),
                                         ("政府信息公开年报", nb.link_url),
                                         ("依申请公开", host.url("/zwgk/ysqgk/"))])
    zwgk.head = links_ul(cp, zwgk.path, [("政府信息公开", xxgk.link_url),
                                         ("工作动态", news.url)])
    host.nav = [("首页", host.url("/")), ("政务公开", zwgk.link_url), ("工作动态", news.url),
                ("信息公开", xxgk.link_url)]
    if orphans:
        sitemap(host, [host.url("/"), xxgk.link_url, nb.link_url] + orphan_urls,
                index=rng.random() < 0.5)
    blocks = [("工作动态", news.sample(8), news.url),
              ("政府信息公开", [("政府信息公开指南", zn.link_url),
                               ("政府信息公开年报", nb.link_url),
                               ("法定主动公开内容", fdzd.link_url)], xxgk.link_url)]
    if old_redirect and out:
        y0 = min(out)
        host.route(f"/xxgk/nb/{y0}.htm", redirect(out[y0][1], 301))
        blocks.append(("往年年报", [(f"{y0}年年报", host.url(f"/xxgk/nb/{y0}.htm"))], ""))
    if isinstance(plat, Hanweb) and rng.random() < 0.6:
        # the newest report is a column of its own whose page is the report (Hanweb
        # "single article" columns), linked from the 信息公开 page by the column's name
        y = years[-1] + 1 if years[-1] < 2024 else None
        if y:
            ag = agency_of(y)
            title = f"{y}年政府信息公开工作年度报告"
            art, form = report_art(rng, ag, y, title, pubday(rng, y))
            rc = Column(plat, "", title, parent=xxgk)
            att_html, files = plat.attachments(rc, art, rc.path)
            rc.head = (f"<div class=\"bt_content\"><h1>{esc(ag)}{y}年政府信息公开工作年度报告"
                       f"</h1>{art.intro}{blocks_html(art.blocks)}{att_html}</div>")
            pb.report(ag, y, Pub(rc.url, files), f"{where}: a Hanweb column whose page is the "
                                                  f"report, linked from 信息公开 [{form}]")
            xxgk.head += links_ul(cp, xxgk.path, [(title, rc.url)])
    if friends:
        host.footer = friend_links(ctx, rng, host.url("/"), 3)
    home_page(host, cp, blocks + std_blocks(ctx, host, rng, news, "small"))
    return out


# ================================================================= gov_topic

def gov_topic(ctx: Ctx, spec: Spec) -> Portal:
    """A province (or city) with a year-by-year 年报 专题 (tabs, select, 更多)."""
    rng = random.Random(f"{ctx.seed}/{spec.key}")
    pb = PortalBuilder(spec.key, family(spec.plat), ctx.port, rng)
    prov = spec.level == "province"
    gov = spec.name
    T = "省" if prov else "市"
    www = pb.host(f"www.{spec.dom}", f"{gov}人民政府门户网站")
    assets(www)
    plat = make_plat(spec.plat, pb, www, rng)
    pb.home = www.url("/")
    if rng.random() < 0.5:
        plat.file_host = pb.host(f"{rng.choice(['file', 'static', 'fj', 'oss'])}.{spec.dom}",
                                 f"{gov}人民政府门户网站")
        plat.file_host.no_robots = rng.random() < 0.5  # a bare file server: robots.txt 404
        pb.notes.append(f"attachments on {plat.file_host.name}")
    zwgk = Column(plat, "/zwgk/", "政务公开")
    xxgk = Column(plat, sub(plat, "/zwgk/", "zfxxgk"), "政府信息公开", parent=zwgk)
    nbroot = Column(plat, sub(plat, xxgk.slug, "xxgknb"), "政府信息公开年报", parent=xxgk)
    own = Column(plat, sub(plat, nbroot.slug, "szfnb"), f"{T}政府信息公开年报", parent=nbroot,
                 per_page=rng.choice([6, 8, 10]))
    office = Column(plat, sub(plat, nbroot.slug, "bgtnb"), f"{T}政府办公{'厅' if prov else '室'}年报",
                    parent=nbroot, per_page=10)
    bmdir = Column(plat, sub(plat, xxgk.slug, "bmxxgk"), "部门信息公开", parent=xxgk)
    tzgg = Column(plat, sub(plat, "/zwgk/", "tzgg"), "通知公告", parent=zwgk, per_page=10)
    gzyd = Column(plat, sub(plat, xxgk.slug, "gzyd"), "政务公开工作要点", parent=xxgk)
    tjxx = Column(plat, sub(plat, "/zwgk/", "tjxx"), "统计信息", parent=zwgk)
    zfgzbg = Column(plat, sub(plat, "/zwgk/", "zfgzbg"), "政府工作报告", parent=zwgk)
    zn = Column(plat, sub(plat, xxgk.slug, "xxgkzn"), "政府信息公开指南", parent=xxgk)
    gov_agency = f"{gov}人民政府"
    office_agency = f"{gov}人民政府办公{'厅' if prov else '室'}"

    # -- the government's own reports, 2008 on
    own_pub: dict[int, tuple[str, str]] = {}
    for y in years_from(rng, 2008, [2008, 2008, 2009, 2010], gap=0.0):
        pres = "text_pdf" if y == 2024 and rng.random() < 0.5 else None
        pub = publish(pb, own, gov_agency, y, f"{T}政府年报 column (专题 → 历年)", bare=True,
                      pres=pres)
        own_pub[y] = (own.entries[-1].title, pub.page or pub.files[0])
    look(pb, own, "yitu", gov_agency, gov, 2023)
    if rng.random() < 0.7:
        look(pb, own, "wangzhan", gov_agency, gov, rng.choice([2022, 2023]))
    # an archived copy of two old reports the robots.txt forbids
    bak = []
    for y in rng.sample([y for y in own_pub if y <= 2016], 2):
        path = f"/bak/xxgknb/{y}.html"
        www.put(path, f"<html><head><meta charset=\"utf-8\"><title>{gov_agency}{y}年政府信息公开"
                      f"工作年度报告</title></head><body><h1>{gov_agency}{y}年政府信息公开工作年度"
                      f"报告</h1>{blocks_html(report_blocks(gov_agency, y, rng))}</body></html>")
        bak.append((f"{y}年年报（存档）", www.url(path)))
        pb.never.add(www.url(path))
    www.disallow += ["/bak/", "/admin/"]
    pb.trap("robots-never")
    own.head = "<p class=\"note\">原年报栏目存档：</p>" + links_ul(plat, own.path, bak)

    # -- departments
    zt_start = rng.choice([2019, 2019, 2020, 2021])
    zt_years = list(range(zt_start, 2025))
    n_depts = rng.randint(5, 6) if prov else rng.randint(4, 5)
    depts = rng.sample(DEPTS, n_depts)
    hosted = set(d.key for d in depts[:rng.randint(3, 4) if prov else rng.randint(1, 2)])
    dept_reports: dict[str, dict[int, tuple[str, str, date]]] = {}
    dept_homes: list[tuple[str, str]] = []
    sub_pool = [spec.plat, spec.plat, "trs_hy", "ucap", "hanweb", "jeecms"]
    for d in depts:
        cur = dept_current(d, spec.level, gov)
        ys = years_from(rng, d.since, [2014, 2016, 2017, 2018, 2019, 2020])
        if d.key in hosted:
            h = pb.host(f"{dept_label(d, spec.level)}.{spec.dom}", cur)
            dplat = make_plat(rng.choice(sub_pool), pb, h, rng)
            got = dept_site(pb, ctx, h, dplat, lambda y, d=d: dept_name(d, spec.level, y, gov),
                            ys, gov, f"dept host {h.name}", news_pages=rng.randint(10, 40),
                            per_page=rng.choice([6, 8, 10]), wap=rng.random() < 0.3,
                            friends=False)
            dept_reports[d.key] = got
            dept_homes.append((cur, h.url("/")[len("http:"):] if rng.random() < 0.5
                               else h.url("/")))
        else:
            dcol = Column(plat, sub(plat, bmdir.slug, d.key), cur, parent=bmdir)
            dnb = Column(plat, sub(plat, dcol.slug, "xxgknb"), "政府信息公开年报", parent=dcol,
                         per_page=rng.choice([5, 8, 10]))
            got = {}
            for y in ys:
                ag = dept_name(d, spec.level, y, gov)
                pub = publish(pb, dnb, ag, y, f"{gov} 部门信息公开 → {cur} → 年报", bare=True)
                got[y] = (dnb.entries[-1].title, pub.page or pub.files[0], dnb.entries[-1].day)
            if rng.random() < 0.5:
                look(pb, dnb, rng.choice(["juesuan", "fazhi", "zhifa"]), cur, gov, 2023)
            dcol.head = links_ul(plat, dcol.path, [("政府信息公开年报", dnb.link_url),
                                                   ("政府信息公开指南", zn.link_url)])
            dept_reports[d.key] = got
            dept_homes.append((cur, dcol.link_url))
    bmdir.head = links_ul(plat, bmdir.path, dept_homes)

    # -- regions (cities of a province, counties of a city): only in the 专题
    regions = [p.name + ("市" if prov else rng.choice(["县", "县", "区", "市"]))
               for p in _places(rng, rng.randint(4, 5) if prov else rng.randint(3, 4))]
    out_year = rng.choice(zt_years[:2]) if rng.random() < 0.6 else None
    reg_label = "市（州）政府" if prov else "县（市、区）政府"
    ycols: list[tuple[int, Column]] = []
    office_pub: dict[int, tuple[str, str]] = {}
    slow_done = fail_done = False
    for y in zt_years:
        pub = publish(pb, office, office_agency, y, f"{T}政府办公厅年报 column")
        office_pub[y] = (office.entries[-1].title, pub.page or pub.files[0])
    for y in zt_years:
        ycol = Column(plat, sub(plat, nbroot.slug, f"{y}nb"),
                      f"{y}年度政府信息公开工作年度报告", parent=nbroot)
        bm = Column(plat, sub(plat, ycol.slug, "bm"), f"{y}年度{T}政府部门年报", parent=ycol,
                    per_page=rng.choice([8, 10, 15]))
        for d in depts:
            got = dept_reports[d.key].get(y)
            if got:
                bm.add(shown(got[0], dept_name(d, spec.level, y, gov)), got[1], got[2])
        if rng.random() < 0.4:
            bm.add(f"{dept_name(depts[0], spec.level, y, gov)}{y}年政府信息公开工作年度报告",
                   www.url(f"{bm.slug}{y + 1}01/t{y + 1}0131_0000.html"), date(y + 1, 1, 31))
            pb.trap("dead-links")
        reg_links: list[tuple[str, str]] = []
        reg_more = ""
        if y == out_year:
            reg_links = [(f"{r}政府门户网站", f"http://www.{hexid(rng, 6)}.gov.cn/")
                         for r in regions[:3]] + [(name, url) for name, url in
                                                  ctx.friends[:2] if url != pb.home]
        else:
            reg = Column(plat, sub(plat, ycol.slug, "sz" if prov else "qx"),
                         f"{y}年度{reg_label}年报", parent=ycol, per_page=rng.choice([4, 6, 10]))
            for i, r in enumerate(regions):
                extra = {}
                if not slow_done and (rng.random() < 0.3 or y == zt_years[-1]):
                    extra, slow_done = {"slow": 1.2}, True
                elif not fail_done and (rng.random() < 0.3 or y == zt_years[-1] and i > 0):
                    extra, fail_done = {"fail_once": True}, True
                publish(pb, reg, f"{r}人民政府", y, f"专题 {y} → {reg_label} tab → 更多 list",
                        extra=extra, direct=0.1)
            reg_links = [(e.title, e.url) for e in reg.ordered()[:3]]
            reg_more = reg.link_url
        own_y = [(shown(own_pub[y][0], gov_agency), own_pub[y][1])] if y in own_pub else []
        sections = [(f"{T}政府", own_y, own.link_url),
                    (f"{T}政府办公{'厅' if prov else '室'}", [office_pub[y]], ""),
                    (f"{T}政府部门", [(e.title, e.url) for e in bm.ordered()[:6]], bm.link_url),
                    (reg_label, reg_links, reg_more)]
        ycol.head = tabs(plat, ycol.path, sections, table=rng.random() < 0.4)
        ycols.append((y, ycol))
    look(pb, tzgg, "bianzhi", office_agency, gov, 2024)
    look(pb, tzgg, "peixun", office_agency, gov, 2023)
    look(pb, gzyd, "yaodian", office_agency, gov, 2024)
    look(pb, tjxx, "tongji", f"{gov}统计局", gov, 2023)
    look(pb, zfgzbg, "gzbg", gov_agency, gov, 2024)
    look(pb, zn, "zhinan", gov_agency, gov, 2024, listed=False)
    ysq = Column(plat, sub(plat, xxgk.slug, "ysqgk"), "依申请公开", parent=xxgk)
    look(pb, ysq, "yishenqing", gov_agency, gov, 2024)
    for _ in range(rng.randint(4, 9)):
        tzgg.article(Art(f"关于{rng.choice(['举办', '征集', '公布', '开展'])}"
                         f"{rng.choice(['政务开放日活动', '民生实事项目', '安全生产月活动'])}的通知",
                         date(2024, rng.randint(1, 12), rng.randint(1, 28)),
                         blocks=[("p", "各有关单位：现将有关事项通知如下。")]))
    year_opts = [(f"{y}年度", c.link_url) for y, c in reversed(ycols)] + \
        [("历年" + own.title, own.link_url)]
    nbroot.head = ("<div class=\"zt-banner\"><img src=\"/images/nbzt.jpg\" alt=\"政府信息公开工作"
                   "年度报告集中发布\"></div>" + select(plat, nbroot.path, "选择年度", year_opts)
                   + links_ul(plat, nbroot.path, year_opts + [
                       ("关于做好年度报告编制和发布工作的通知", tzgg.link_url)]))
    xxgk.head = links_ul(plat, xxgk.path, [("政府信息公开指南", zn.link_url),
                                           ("政府信息公开年报", nbroot.link_url),
                                           ("部门信息公开", bmdir.link_url),
                                           ("政务公开工作要点", gzyd.link_url),
                                           ("依申请公开", ysq.link_url)])
    news = News(www, "/xwzx/ywdt/", "要闻动态", rng.randint(150, 350), gov, news_style(plat))
    news2 = News(www, "/xwzx/bmdt/", "部门动态", rng.randint(40, 90), gov, rng.choice(
        ["plain", "query"]))
    if news2.style == "query":
        pb.trap("page")
    zwgk.head = links_ul(plat, zwgk.path, [("政府信息公开", xxgk.link_url),
                                           ("通知公告", tzgg.link_url), ("统计信息", tjxx.link_url),
                                           ("政府工作报告", zfgzbg.link_url),
                                           ("要闻动态", news.url)])
    www.nav = [("首页", www.url("/")), ("要闻动态", news.url), ("政务公开", zwgk.link_url),
               ("政务服务", f"http://zwfw.{spec.dom}:{ctx.port}/"),
               ("互动交流", www.url("/hdjl/"))]
    extra_blocks: list[tuple[str, list[tuple[str, str]], str]] = []
    if rng.random() < 0.6:
        extra_blocks.append(("领导活动", [("活动日历", calendar(www))], ""))
        pb.trap("calendar")
    srch = search(www, "/was5/web/search" if plat.family == "trs" else "/search/index.jsp",
                  [(t, u) for t, u in list(own_pub.values())[:5]] + news.sample(5))
    www.disallow.append("/was5/" if plat.family == "trs" else "/search/")
    latest = max(own_pub)
    hot = (f"<div class=\"hot\"><a href=\"{esc(srch)}\">年报</a> <a href=\""
           f"{esc(own_pub[latest][1])}?utm_source=home&amp;utm_medium=banner\">"
           f"{esc(own_pub[latest][0])}</a></div>")
    pb.trap("tracking")
    blocks = [("要闻动态", news.sample(12), news.url),
              ("部门动态", news2.sample(8), news2.url),
              ("通知公告", [(e.title, e.url) for e in tzgg.entries[:6]], tzgg.link_url),
              ("政务公开", [("政府信息公开", xxgk.link_url), ("政府信息公开指南", zn.link_url),
                           ("政府工作报告", zfgzbg.link_url)], zwgk.link_url),
              ("专题专栏", [("营商环境", www.url("/ztzl/yshj/")),
                           ("乡村振兴", www.url("/ztzl/xczx/"))], ""),
              (f"{T}政府部门", dept_homes, bmdir.link_url),
              (reg_label, [(r, f"http://www.{hexid(rng, 5)}.gov.cn/") for r in regions], "")
              ] + extra_blocks + std_blocks(ctx, www, rng, news, "big")
    banner = (f"<div class=\"banner\"><a href=\"{esc(plat.href('/index.html', nbroot.link_url))}"
              f"\"><img src=\"/images/banner_nb.jpg\" alt=\"政府信息公开年报专栏\"></a></div>")
    www.footer = friend_links(ctx, rng, pb.home, 4) + [
        ("网站地图", www.url("/wzdt/")), ("旧版网站", f"http://old.{spec.dom}:{ctx.port}/")]
    home_page(www, plat, blocks, banner=banner, hot=hot)
    if rng.random() < 0.5:
        sitemap(www, [pb.home, nbroot.link_url] + [c.link_url for _, c in ycols]
                + [u for _, u in own_pub.values()][-4:])
    pb.notes.append(f"{'province' if prov else 'city'} 专题 {zt_start}-2024; "
                    f"{len(hosted)} departments on their own hosts")
    return pb.build()


def _places(rng: random.Random, n: int) -> list[Place]:
    from tests.crawler.world.province_text import FIRST, SECOND
    out: list[Place] = []
    while len(out) < n:
        a, b = rng.choice(FIRST), rng.choice(SECOND)
        if a[0] + b[0] not in {p.name for p in out}:
            out.append(Place(a[0] + b[0], a[1] + b[1]))
    return out


# ================================================================= city_hanweb

def city_hanweb(ctx: Ctx, spec: Spec) -> Portal:
    rng = random.Random(f"{ctx.seed}/{spec.key}")
    pb = PortalBuilder(spec.key, "hanweb", ctx.port, rng)
    gov = spec.name
    www = pb.host(f"www.{spec.dom}", f"{gov}人民政府")
    assets(www)
    plat = Hanweb(pb, www, rng)
    www.session = True
    pb.trap("session")
    pb.home = www.url("/")
    gov_agency = f"{gov}人民政府"
    zwgk = Column(plat, "", "政务公开")
    own = Column(plat, "", "市政府信息公开年报", parent=zwgk, per_page=10)
    zt = Column(plat, "", "政府信息公开年度报告专题", parent=zwgk)
    bmdir = Column(plat, "", "部门信息公开", parent=zwgk)
    qx = Column(plat, "", "县（市、区）政府信息公开年报", parent=zt, per_page=10)
    qx.extra["inline"] = rng.choice([20, 30])
    tzgg = Column(plat, "", "通知公告", parent=zwgk, per_page=10)
    own_pub: dict[int, tuple[str, str]] = {}
    for y in years_from(rng, 2008, [2008, 2009, 2010, 2012], gap=0.0):
        pub = publish(pb, own, gov_agency, y, "市政府年报 column (datastore)", bare=True)
        own_pub[y] = (own.entries[-1].title, pub.page or pub.files[0])
    look(pb, own, "wangzhan", gov_agency, gov, 2023)
    look(pb, own, "jiedu", gov_agency, gov, 2022)
    # counties: every year in one long datastore list (the rest through dataproxy.jsp)
    counties = [p.name + rng.choice(["县", "区", "市"]) for p in _places(rng, 3)]
    county_pub: dict[tuple[str, int], tuple[str, str]] = {}
    for c in counties:
        for y in years_from(rng, 2008, [2017, 2018, 2019]):
            pub = publish(pb, qx, f"{c}人民政府", y, "县区年报 datastore list; old ones only "
                                                    "through dataproxy.jsp", direct=0.05)
            county_pub[(c, y)] = (qx.entries[-1].title, pub.page or pub.files[0])
    # departments publish through the xxgk module
    depts = rng.sample(DEPTS, rng.randint(4, 5))
    unit_links = []
    dept_pub: dict[tuple[str, int], tuple[str, str]] = {}
    base_code = f"00100800{rng.randint(10, 99)}"
    for i, d in enumerate(depts):
        area = f"{base_code}{i + 1:02d}{rng.randint(100, 999)}"
        cur = dept_current(d, "city", gov)
        ucol = Column(plat, "", cur, parent=bmdir)
        ys = years_from(rng, d.since, [2016, 2018, 2019, 2020, 2021])
        for y in ys:
            ag = dept_name(d, "city", y, gov)
            title = report_title(ag, y, rng.choice(["std", "std", "year_first", "ndgz"]))
            art, form = report_art(rng, ag, y, title, pubday(rng, y))
            page_path = "/module/xxgk/xxgkAnnualReport.jsp"
            att_html, files = plat.attachments(ucol, art, page_path)
            content = art.intro + blocks_html(art.blocks) + att_html
            www.defer(lambda p=f"/module/xxgk/annual/{area}-{y}.html", c=ucol, a=art,
                          t=content, q=page_path: www.put(p, plat.article_html(c, a, q, t)))
            url = www.url(f"{page_path}?area={area}&fbtime={y}")
            pb.report(ag, y, Pub(url, files), f"xxgk module page of {cur} [{form}]")
            dept_pub[(d.key, y)] = (title, url)
        opts = []
        for y in range(2024, max(2008, ys[0] - 2) - 1, -1):
            url = www.url(f"/module/xxgk/xxgkAnnualReport.jsp?area={area}&fbtime={y}")
            opts.append((f"{y}年", url))
            if y not in ys:
                pb.lookalikes.add(url)  # the module answers 暂无年报
        ucol.head = (f"<div class=\"unit\"><h3>{esc(cur)}</h3><p>机构职能、领导信息……</p>"
                     + select(plat, ucol.path, "政府信息公开年报", opts)
                     + links_ul(plat, ucol.path, [("政府信息公开指南", www.url(
                         f"/module/xxgk/guide.jsp?area={area}"))]) + "</div>")
        unit_links.append((cur, ucol.url))
    bmdir.head = links_ul(plat, bmdir.path, unit_links)
    zt_start = rng.choice([2019, 2020, 2021])
    year_cols = []
    for y in range(zt_start, 2025):
        ycol = Column(plat, "", f"{y}年度政府信息公开工作年度报告", parent=zt)
        sections = [("市政府", [own_pub[y]] if y in own_pub else [], ""),
                    ("市级部门", [dept_pub[(d.key, y)] for d in depts if (d.key, y) in dept_pub],
                     ""),
                    ("县（市、区）", [county_pub[(c, y)] for c in counties if (c, y) in county_pub],
                     qx.url)]
        ycol.head = tabs(plat, ycol.path, sections, table=rng.random() < 0.5)
        year_cols.append((f"{y}年度", ycol.url))
    zt.head = select(plat, zt.path, "年度", list(reversed(year_cols))) + links_ul(
        plat, zt.path, [("市政府信息公开年报", own.url), ("县（市、区）年报", qx.url)]
        + list(reversed(year_cols)))
    look(pb, tzgg, "bianzhi", f"{gov}人民政府办公室", gov, 2024)
    look(pb, tzgg, "qiye", f"{gov}市场监督管理局", gov, 2024)
    zwgk.head = links_ul(plat, zwgk.path, [("政府信息公开年报专题", zt.url),
                                           ("部门信息公开", bmdir.url), ("通知公告", tzgg.url)])
    news = News(www, "/col/col1/", "今日要闻", rng.randint(120, 300), gov, "pagenum")
    srch = search(www, "/jsearchfront/search.do", news.sample(6), key="q")
    www.disallow += ["/jsearchfront/", "/module/jslib/"]
    www.nav = [("首页", www.url("/")), ("今日要闻", news.url), ("政务公开", zwgk.url),
               ("年报专题", zt.url)]
    www.footer = friend_links(ctx, rng, pb.home)
    home_page(www, plat, [("今日要闻", news.sample(10), news.url),
                          ("通知公告", [(e.title, e.url) for e in tzgg.entries], tzgg.url),
                          ("政务公开", [("政府信息公开年报", zt.url), ("部门信息公开", bmdir.url)],
                           zwgk.url),
                          ("县（市、区）", [(c, f"http://www.{hexid(rng, 5)}.gov.cn/")
                                          for c in counties], "")]
              + std_blocks(ctx, www, rng, news, "big"),
              hot=f"<div class=\"hot\"><a href=\"{esc(srch)}\">年报</a></div>")
    pb.notes.append("Hanweb: unit reports only through xxgkAnnualReport.jsp (tabs + unit "
                    "selects), county list partly through dataproxy.jsp, jsessionid links")
    return pb.build()


# ============================================================== city_platform

def city_platform(ctx: Ctx, spec: Spec) -> Portal:
    rng = random.Random(f"{ctx.seed}/{spec.key}")
    pb = PortalBuilder(spec.key, family(spec.plat), ctx.port, rng)
    gov = spec.name
    www = pb.host(f"www.{spec.dom}", f"{gov}人民政府")
    assets(www)
    plat = make_plat(rng.choice(["jeecms", "trs", "ucap"]), pb, www, rng)
    pb.home = www.url("/")
    xname = rng.choice(["xxgk", "zwgk", "gk", "zfxxgk"])
    xh = pb.host(f"{xname}.{spec.dom}", f"{gov}政府信息公开平台")
    assets(xh)
    if spec.plat == "ucap":
        from tests.crawler.world.province_cms import UCAP
        xp: Platform = UCAP(pb, xh, rng, list_word="list", first="list")
    else:
        xp = make_plat(spec.plat, pb, xh, rng)
    gov_agency = f"{gov}人民政府"
    zwgk = Column(plat, "/zwgk/", "政务公开")
    own = Column(plat, sub(plat, "/zwgk/", "zfxxgknb"), "政府信息公开年报", parent=zwgk,
                 per_page=rng.choice([8, 10]))
    for y in years_from(rng, 2008, [2010, 2012, 2013], gap=0.0):
        publish(pb, own, gov_agency, y, "www 年报 column", bare=True)
    look(pb, own, "wangzhan", gov_agency, gov, 2024)
    units: list[tuple[str, str, list[int], object]] = []
    depts = rng.sample(DEPTS, rng.randint(4, 5))
    for d in depts:
        units.append(("市政府部门", dept_current(d, "city", gov),
                      years_from(rng, d.since, [2015, 2017, 2018, 2019, 2020]), d))
    for p in _places(rng, rng.randint(2, 3)):
        units.append(("区县政府", f"{p.name}区人民政府", years_from(rng, 2008, [2016, 2018, 2019]),
                      None))
    codes = rng.sample(range(110001, 110999), len(units)) if rng.random() < 0.5 else None
    by_year: dict[int, list[tuple[str, str]]] = {}
    groups: dict[str, list[tuple[str, str]]] = {}
    preview_done = False
    for i, (group, name, ys, d) in enumerate(units):
        code = str(codes[i]) if codes else (d.key + "j" if d else f"q{i:02d}")  # type: ignore
        uhome = Column(xp, f"/{code}/", name)
        unb = Column(xp, f"/{code}/zfxxgknb/", "政府信息公开年报", parent=uhome,
                     per_page=rng.choice([4, 5, 8]))
        ufd = Column(xp, f"/{code}/fdzdgknr/", "法定主动公开内容", parent=uhome, per_page=10)
        for y in ys:
            ag = dept_name(d, "city", y, gov) if isinstance(d, Dept) else name
            pub = publish(pb, unb, ag, y, f"platform {xh.name} → {name} → 年报 list",
                          bare=rng.random() < 0.4)
            by_year.setdefault(y, []).append((unb.entries[-1].title, pub.page or pub.files[0]))
        if rng.random() < 0.5:
            look(pb, unb, rng.choice(["zhifa", "wangzhan", "juesuan"]), name, gov, 2023)
        for _ in range(rng.randint(1, 3)):
            ufd.article(Art(f"{name}{rng.choice(['权责清单', '行政执法公示', '双随机抽查结果'])}",
                            date(2024, rng.randint(1, 12), rng.randint(1, 28)),
                            blocks=[("p", "现予公示。")]))
        links = [("政府信息公开指南", xh.url(f"/{code}/xxgkzn/")),
                 ("法定主动公开内容", ufd.link_url), ("政府信息公开年报", unb.link_url)]
        if not preview_done and rng.random() < 0.4:
            preview_done = True
            pv = f"/{code}/preview/nb{ys[-1]}.shtml"
            xh.put(pv, f"<html><head><meta charset=\"utf-8\"><title>{esc(name)}{ys[-1]}年政府"
                       f"信息公开工作年度报告（预览）</title></head><body>"
                       f"{blocks_html(report_blocks(name, ys[-1], rng))}</body></html>")
            pb.never.add(xh.url(pv))
            links.append(("年报预览", xh.url(pv)))
        uhome.head = f"<div class=\"unit-info\">单位编码：{code}</div>" + links_ul(
            xp, uhome.path, links)
        groups.setdefault(group, []).append((name, uhome.link_url))
    xh.disallow += ["/*/preview/", "/search/"]
    hz = Column(xp, "/nbhz/", "政府信息公开年报汇总")
    hz_years = []
    for y in sorted(by_year, reverse=True):
        if y < 2019:
            continue
        yc = Column(xp, f"/nbhz/{y}/", f"{y}年度政府信息公开工作年度报告", parent=hz,
                    per_page=rng.choice([10, 15, 20]))
        for t, u in by_year[y]:
            yc.add(t, u, date(y + 1, 1, 20))
        hz_years.append((f"{y}年度", yc.link_url))
    hz.head = select(xp, hz.path, "选择年度", hz_years) + links_ul(xp, hz.path, hz_years[:2])
    body = "".join(f"<div class=\"group\"><h3>{esc(g)}</h3>{links_ul(xp, '/index.html', ls)}</div>"
                   for g, ls in groups.items())
    xh.nav = [("平台首页", xh.url("/")), ("年报汇总", hz.link_url)]
    xh.put("/index.html", xp.page(f"{gov}政府信息公开平台", body + links_ul(
        xp, "/index.html", [("政府信息公开年报汇总", hz.link_url)]), [], "/index.html"))
    if rng.random() < 0.6:
        sitemap(xh, [xh.url("/"), hz.link_url] + [u for ls in groups.values() for _, u in ls],
                index=rng.random() < 0.5)
    news = News(www, "/xwzx/", "新闻中心", rng.randint(80, 200), gov, news_style(plat))
    zwgk.head = links_ul(plat, zwgk.path, [("政府信息公开平台", xh.url("/")),
                                           ("市政府信息公开年报", own.link_url),
                                           ("新闻中心", news.url)])
    www.nav = [("首页", www.url("/")), ("新闻中心", news.url), ("政务公开", zwgk.link_url)]
    www.footer = friend_links(ctx, rng, pb.home)
    home_page(www, plat, [("新闻中心", news.sample(10), news.url),
                          ("政务公开", [("政府信息公开", xh.url("/")),
                                       ("政府信息公开年报", own.link_url)], zwgk.link_url)]
              + std_blocks(ctx, www, rng, news, "big"))
    pb.notes.append(f"platform host {xh.name}, {len(units)} units with codes")
    return pb.build()


# ================================================================== city_gd

def city_gd(ctx: Ctx, spec: Spec) -> Portal:
    rng = random.Random(f"{ctx.seed}/{spec.key}")
    pb = PortalBuilder(spec.key, "gkmlpt", ctx.port, rng)
    gov = spec.name
    www = pb.host(f"www.{spec.dom}", f"{gov}人民政府门户网站")
    assets(www)
    plat = make_plat("gdjy", pb, www, rng)
    pb.home = www.url("/")
    gov_agency = f"{gov}人民政府"
    zwgk = Column(plat, "/zwgk/", "政务公开")
    zl = Column(plat, "/zwgk/zfxxgknb/", "政府信息公开年报专栏", parent=zwgk)
    bmml = Column(plat, "/zwgk/bmml/", "部门政府信息公开目录", parent=zwgk)
    app = Gkmlpt(plat, "", gov_agency)  # type: ignore[arg-type]
    nb_entries = app.category("政府信息公开年报")
    fin = app.category("财政预决算")
    tj = app.category("统计信息")
    anchor = Column(plat, "/zwgk/gkml/", "政府信息公开目录", parent=zwgk)
    own_pub = {}
    for y in years_from(rng, 2008, [2010, 2012, 2014], gap=0.0):
        title = report_title(gov_agency, y, rng.choice(["std", "std", "year_first", "nb_paren"]))
        art, form = report_art(rng, gov_agency, y, title, pubday(rng, y))
        pub = app.article(nb_entries, anchor, art)
        pb.report(gov_agency, y, pub, f"市政府 gkmlpt: JSON API only [{form}]")
        own_pub[y] = (title, pub.page)
    for k, entries in (("juesuan", fin), ("yusuan", fin), ("tongji", tj)):
        t, blocks = _look(k, gov_agency, gov, 2023)
        art = Art(t, date(2024, rng.randint(1, 12), 10), blocks=blocks)
        pb.look(app.article(entries, anchor, art))
    anchor.head = f"<p><a href=\"{app.index}\">进入政府信息公开目录</a></p>"
    zt_start = rng.choice([2021, 2022])
    depts = rng.sample(DEPTS, rng.randint(4, 5))
    dept_apps = []
    dept_cats = {}
    for d in depts:
        cur = dept_current(d, "city", gov)
        key = "/" + dept_label(d, "city")
        dhome = Column(plat, f"{key}/", cur, parent=bmml)
        dapp = Gkmlpt(plat, key, cur)  # type: ignore[arg-type]
        cat = dapp.category("政府信息公开年报")
        dfin = dapp.category("部门预决算")
        ys = years_from(rng, d.since, [2014, 2016, 2017])
        for y in ys:
            if y >= zt_start:
                continue
            ag = dept_name(d, "city", y, gov)
            title = report_title(ag, y, rng.choice(["std", "ndgz", "year_first"]))
            art, form = report_art(rng, ag, y, title, pubday(rng, y))
            pub = dapp.article(cat, dhome, art)
            pb.report(ag, y, pub, f"{cur} gkmlpt (JSON API only) [{form}]")
        t, blocks = _look("juesuan", cur, gov, 2023)
        pb.look(dapp.article(dfin, dhome, Art(t, date(2024, 8, 30), blocks=blocks)))
        dhome.head = links_ul(plat, dhome.path, [("政府信息公开目录", dapp.url),
                                                 ("机构概况", www.url(f"{key}/jggk/"))])
        dept_apps.append((cur, dhome.link_url))
        dept_cats[d.key] = (cat, ys)
    bmml.head = links_ul(plat, bmml.path, dept_apps)
    counties = [p.name + rng.choice(["县", "区", "市"]) for p in _places(rng, rng.randint(2, 3))]
    ylinks = []
    for y in range(zt_start, 2025):
        yc = Column(plat, f"/zwgk/zfxxgknb/{y}n/", f"{y}年度政府信息公开工作年度报告", parent=zl)
        bj = Column(plat, f"/zwgk/zfxxgknb/{y}n/bj/", "本级", parent=yc)
        bm = Column(plat, f"/zwgk/zfxxgknb/{y}n/bm/", "市直部门", parent=yc,
                    per_page=rng.choice([5, 8, 10]))
        qx = Column(plat, f"/zwgk/zfxxgknb/{y}n/qx/", "县（市、区）", parent=yc, per_page=10)
        if y in own_pub:
            bj.add(own_pub[y][0], own_pub[y][1], date(y + 1, 1, 15))
        publish(pb, bj, f"{gov}人民政府办公室", y, f"专栏 {y} → 本级")
        for d in depts:
            cat, ys = dept_cats[d.key]
            if y in ys:
                pub = publish(pb, bm, dept_name(d, "city", y, gov), y, f"专栏 {y} → 市直部门",
                              direct=0.05)
                cat.append(Entry(bm.entries[-1].title, pub.page or pub.files[0],
                                 bm.entries[-1].day))
        for c in counties:
            publish(pb, qx, f"{c}人民政府", y, f"专栏 {y} → 县（市、区）")
        yc.head = links_ul(plat, yc.path, [("本级", bj.link_url), ("市直部门", bm.link_url),
                                           ("县（市、区）", qx.link_url)])
        ylinks.append((f"{y}年度", yc.link_url))
    zl.head = select(plat, zl.path, "年度", list(reversed(ylinks))) + links_ul(
        plat, zl.path, list(reversed(ylinks)) + [("历年年报（政府信息公开目录）", app.url)])
    news = News(www, "/xxgk/zwdt/", "政务动态", rng.randint(100, 250), gov, "plain")
    zwgk.head = links_ul(plat, zwgk.path, [("政府信息公开目录", app.url),
                                           ("政府信息公开年报专栏", zl.link_url),
                                           ("部门政府信息公开目录", bmml.link_url)])
    www.nav = [("首页", www.url("/")), ("政务动态", news.url), ("政务公开", zwgk.link_url)]
    www.footer = friend_links(ctx, rng, pb.home)
    www.disallow += ["/gkmlpt/search", "/*/gkmlpt/search"]
    home_page(www, plat, [("政务动态", news.sample(10), news.url),
                          ("信息公开", [("政府信息公开目录", app.url),
                                       ("年报专栏", zl.link_url)], zwgk.link_url),
                          ("部门", dept_apps, bmml.link_url)]
              + std_blocks(ctx, www, rng, news, "big"))
    pb.notes.append(f"gkmlpt JSON catalogues (10 a page); 专栏 {zt_start}-2024")
    return pb.build()


def _look(kind: str, agency: str, place: str, year: int):
    from tests.crawler.world.province_text import lookalike
    return lookalike(kind, agency, place, year)


# ================================================================ county_tree

def county_tree(ctx: Ctx, spec: Spec) -> Portal:
    rng = random.Random(f"{ctx.seed}/{spec.key}")
    pb = PortalBuilder(spec.key, family(spec.plat), ctx.port, rng)
    gov = spec.name
    charset = "gbk" if spec.plat == "trs" and rng.random() < 0.5 else "utf-8"
    www = pb.host(f"www.{spec.dom}", f"{gov}人民政府", charset)
    assets(www)
    plat = make_plat(spec.plat, pb, www, rng)
    pb.home = www.url("/")
    gov_agency = f"{gov}人民政府"
    xxgk = Column(plat, "/zfxxgk/", "政府信息公开")
    nbroot = Column(plat, sub(plat, "/zfxxgk/", "zfxxgknb"), "政府信息公开年报", parent=xxgk)
    zt_start = rng.choice([2022, 2022, 2023, 2024])
    ls = Column(plat, sub(plat, nbroot.slug, "lsnb"), "历年年报", parent=nbroot,
                per_page=rng.choice([5, 8]))
    for y in years_from(rng, 2008, [2012, 2014, 2016], gap=0.0):
        if y < zt_start:
            publish(pb, ls, gov_agency, y, "年报 → 历年年报", bare=True)
    depts = rng.sample(DEPTS, rng.randint(3, 4))
    tnames = towns(rng, rng.randint(3, 4))
    # township sub-sites with their own (older) reports
    xzjd = Column(plat, "/xzjd/", "乡镇（街道）")
    town_links = []
    for t in tnames:
        tk = f"/xzjd/{hexid(rng, 4)}/"
        thome = Column(plat, tk, t, parent=xzjd)
        tx = Column(plat, sub(plat, tk, "zfxxgk"), f"{t}政府信息公开", parent=thome)
        tnb = Column(plat, sub(plat, tx.slug, "ndbg"), "年度报告", parent=tx, per_page=5)
        for y in range(rng.choice([2017, 2018, 2019]), zt_start):
            publish(pb, tnb, t, y, f"township sub-site {t} → 信息公开 → 年度报告",
                    title=report_title(t, y, rng.choice(["bare_ndbg", "bare_nb", "std"])))
        if rng.random() < 0.5:
            look(pb, tnb, "zongjie", t, gov, 2023)
        tx.head = links_ul(plat, tx.path, [("年度报告", tnb.link_url)])
        thome.head = links_ul(plat, thome.path, [("信息公开", tx.link_url)])
        town_links.append((t, thome.link_url))
    xzjd.head = links_ul(plat, xzjd.path, town_links)
    # departments with own columns for the years before the tree
    bm = Column(plat, sub(plat, "/zfxxgk/", "bmxxgk"), "部门信息公开", parent=xxgk)
    bm_links = []
    for d in depts[:rng.randint(1, 2)]:
        cur = dept_current(d, "county", gov)
        dc = Column(plat, sub(plat, bm.slug, d.key), cur, parent=bm)
        dnb = Column(plat, sub(plat, dc.slug, "ndbg"), "政府信息公开年报", parent=dc, per_page=6)
        for y in range(max(d.since, rng.choice([2015, 2017])), zt_start):
            publish(pb, dnb, dept_name(d, "county", y, gov), y, f"部门信息公开 → {cur} → 年报",
                    bare=True)
        dc.head = links_ul(plat, dc.path, [("政府信息公开年报", dnb.link_url)])
        bm_links.append((cur, dc.link_url))
    bm.head = links_ul(plat, bm.path, bm_links)
    years = []
    special = rng.sample(["slow", "fail", "none"], 1)[0]
    for y in range(zt_start, 2025):
        yc = Column(plat, sub(plat, nbroot.slug, f"{y}n"), f"{y}年度", parent=nbroot)
        zf = Column(plat, sub(plat, yc.slug, "xzf"), "县政府", parent=yc)
        bc = Column(plat, sub(plat, yc.slug, "bm"), "县直部门", parent=yc, per_page=rng.choice(
            [4, 6, 10]))
        tc = Column(plat, sub(plat, yc.slug, "xzjd"), "乡镇（街道）", parent=yc, per_page=rng.choice(
            [4, 6, 10]))
        publish(pb, zf, gov_agency, y, f"年报 → {y} → 县政府")
        if rng.random() < 0.6:
            publish(pb, zf, f"{gov}人民政府办公室", y, f"年报 → {y} → 县政府")
        for d in depts:
            if y >= d.since:
                extra = {}
                if special == "slow" and y == 2023:
                    extra, special = {"slow": 1.0}, "done"
                elif special == "fail" and y == 2022:
                    extra, special = {"fail_once": True}, "done"
                publish(pb, bc, dept_name(d, "county", y, gov), y, f"年报 → {y} → 县直部门",
                        extra=extra)
        for t in tnames:
            style = rng.choice(["town_only", "town_paren", "town_first", "std"])
            publish(pb, tc, t, y, f"年报 → {y} → 乡镇（街道）: title is the township",
                    title=report_title(t, y, style))
        secs = [("县政府", [(e.title, e.url) for e in zf.entries], zf.link_url),
                ("县直部门", [(e.title, e.url) for e in bc.ordered()[:4]], bc.link_url),
                ("乡镇（街道）", [(e.title, e.url) for e in tc.ordered()[:4]], tc.link_url)]
        yc.head = tabs(plat, yc.path, secs) if rng.random() < 0.5 else links_ul(
            plat, yc.path, [(t, m) for t, _, m in secs])
        years.append((f"{y}年度", yc.link_url))
    look(pb, nbroot, "bianzhi", f"{gov}人民政府办公室", gov, 2024)
    nbroot.head = links_ul(plat, nbroot.path, list(reversed(years)) + [("历年年报", ls.link_url)])
    news = News(www, "/xwzx/", "新闻中心", rng.randint(60, 200), gov, news_style(plat))
    xxgk.head = links_ul(plat, xxgk.path, [("政府信息公开年报", nbroot.link_url),
                                           ("部门信息公开", bm.link_url),
                                           ("乡镇（街道）信息公开", xzjd.link_url)])
    www.nav = [("首页", www.url("/")), ("新闻中心", news.url), ("信息公开", xxgk.link_url),
               ("乡镇街道", xzjd.link_url)]
    www.footer = friend_links(ctx, rng, pb.home)
    blocks = [("新闻中心", news.sample(10), news.url),
              ("信息公开", [("政府信息公开年报", nbroot.link_url)], xxgk.link_url),
              ("乡镇街道", town_links, xzjd.link_url)] + std_blocks(ctx, www, rng, news, "mid")
    if plat.family == "ucap" and rng.random() < 0.7:
        # the root only redirects (meta refresh) to the CMS's site folder
        site = f"/{spec.place.py}/index.shtml"
        home_page(www, plat, blocks, path=site)
        www.put("/index.html", f"<html><head><meta http-equiv=\"refresh\" content=\"0;url="
                               f"{site}\"><title>{esc(gov)}人民政府</title></head><body></body>"
                               f"</html>")
    else:
        home_page(www, plat, blocks)
    if charset != "utf-8":
        pb.notes.append("GBK pages")
    pb.notes.append(f"tree {zt_start}-2024 → 县政府/县直部门/乡镇; townships' sub-sites")
    return pb.build()


# ================================================================ county_anhui

def county_anhui(ctx: Ctx, spec: Spec) -> Portal:
    rng = random.Random(f"{ctx.seed}/{spec.key}")
    pb = PortalBuilder(spec.key, "anhui", ctx.port, rng)
    gov = spec.name
    www = pb.host(f"www.{spec.dom}", f"{gov}人民政府")
    assets(www)
    cp = make_plat("plain", pb, www, rng)
    pb.home = www.url("/")
    units: list[tuple[str, str, list[int], Dept | None]] = [
        ("县政府", f"{gov}人民政府", years_from(rng, 2008, [2012, 2013, 2014], gap=0.0), None)]
    for d in rng.sample(DEPTS, 3):
        units.append(("县直部门", dept_current(d, "county", gov),
                      years_from(rng, d.since, [2017, 2018, 2019, 2020]), d))
    for t in towns(rng, 3):
        units.append(("乡镇", f"{t}人民政府" if rng.random() < 0.5 else t,
                      years_from(rng, 2008, [2018, 2019, 2020]), None))
    groups: dict[str, list[tuple[str, str]]] = {}
    gov_nb = ""
    unit_ids = rng.sample(range(6500000, 6599999), len(units))
    for (group, name, ys, d), uid in zip(units, unit_ids, strict=True):
        ap = AnhuiPublic(pb, www, rng, uid)
        crumbs = [("首页", www.url("/")), ("信息公开", www.url("/public/")), (name, ap.landing())]
        nb = Column(ap, "&isNianbao=1" if rng.random() < 0.5 else "", "政府信息公开年报",
                    crumbs=crumbs, per_page=rng.choice([5, 8, 10]))
        zn = Column(ap, "", "政府信息公开指南", crumbs=crumbs)
        fd = Column(ap, "", "法定主动公开内容", crumbs=crumbs, per_page=10)
        for y in ys:
            ag = dept_name(d, "county", y, gov) if d else name
            publish(pb, nb, ag, y, f"Anhui public platform → {name} → 年报 (catId)",
                    bare=rng.random() < 0.3)
        look(pb, zn, "zhinan", name, gov, 2024)
        if rng.random() < 0.5:
            look(pb, fd, rng.choice(["juesuan", "yaodian"]), name, gov, 2024)
        for _ in range(rng.randint(1, 3)):
            fd.article(Art(f"{name}关于{rng.choice(['调整', '公布'])}权责清单的通知",
                           date(2024, rng.randint(1, 12), 5), blocks=[("p", "现予公布。")]))
        cat_links = [("信息公开指南", zn.url), ("法定主动公开内容", fd.url),
                     ("政府信息公开年报", nb.url),
                     ("依申请公开", www.url(f"/public/column/{ap.unit}?type=4&action=ysqgk"))]
        ap.landing_html = ap.page(f"{name}信息公开", f"<div class=\"unit\"><h2>{esc(name)}</h2>"
                                  + links_ul(ap, "/public/", cat_links) + "</div>", crumbs,
                                  "/public/").encode()
        groups.setdefault(group, []).append((name, ap.landing()))
        if group == "县政府":
            gov_nb = nb.url
    body = "".join(f"<div class=\"group\"><h3>{esc(g)}</h3>{links_ul(cp, '/public/index.html', ls)}"
                   f"</div>" for g, ls in groups.items())
    www.put("/public/index.html", cp.page("信息公开", body, [("首页", www.url("/"))],
                                          "/public/index.html"))
    news = News(www, "/xwzx/", "新闻中心", rng.randint(60, 150), gov, rng.choice(["plain", "query"]))
    if news.style == "query":
        pb.trap("page")
    www.nav = [("首页", www.url("/")), ("新闻中心", news.url), ("信息公开", www.url("/public/"))]
    www.footer = friend_links(ctx, rng, pb.home)
    # the same list under a second address (parameters in another order)
    other = gov_nb.replace("type=4&action=list&nav=3&", "action=list&type=4&nav=3&")
    home_page(www, cp, [("新闻中心", news.sample(10), news.url),
                        ("信息公开", [("信息公开目录", www.url("/public/")),
                                     ("政府信息公开年报", other)], www.url("/public/"))]
              + std_blocks(ctx, www, rng, news, "mid"))
    pb.trap("duplicate-urls")
    pb.notes.append("Anhui /public/column/<unit>?catId= lists, FastDFS files")
    return pb.build()


# ============================================================== county_oldnew

def county_oldnew(ctx: Ctx, spec: Spec) -> Portal:
    rng = random.Random(f"{ctx.seed}/{spec.key}")
    pb = PortalBuilder(spec.key, family(spec.plat), ctx.port, rng)
    gov = spec.name
    www = pb.host(f"www.{spec.dom}", f"{gov}人民政府")
    assets(www)
    plat = make_plat(spec.plat, pb, www, rng)
    pb.home = www.url("/")
    gov_agency = f"{gov}人民政府"
    split = rng.choice([2014, 2015, 2016])
    old = pb.host(f"{rng.choice(['old', 'old2015', 'jbwz'])}.{spec.dom}", f"{gov}人民政府（旧版）",
                  "gbk")
    assets(old)
    op = OldASP(pb, old, rng)
    xxgk = Column(plat, "/zfxxgk/", "政府信息公开")
    nb = Column(plat, sub(plat, "/zfxxgk/", "zfxxgknb"), "政府信息公开年报", parent=xxgk,
                per_page=rng.choice([6, 8, 10]))
    bmnb = Column(plat, sub(plat, "/zfxxgk/", "bmnb"), "部门年报", parent=xxgk,
                  per_page=rng.choice([8, 10]))
    onb = Column(op, "", "政府信息公开年度报告")
    obm = Column(op, "", "部门政府信息公开")
    otz = Column(op, "", "通知公告", per_page=10)
    for y in range(2008, 2025):
        if y < split:
            publish(pb, onb, gov_agency, y, "old GBK ASP site → 政府信息公开年度报告",
                    pres=rng.choice(["doc", "doc", "text", "text_pdf"]))
        else:
            publish(pb, nb, gov_agency, y, "new site 年报 column", bare=True)
    depts = rng.sample(DEPTS, rng.randint(2, 3))
    for d in depts:
        for y in years_from(rng, d.since, [2009, 2011, 2013, 2019]):
            ag = dept_name(d, "county", y, gov)
            if y < split:
                publish(pb, obm, ag, y, "old GBK ASP site → 部门政府信息公开",
                        pres=rng.choice(["doc", "text"]))
            else:
                publish(pb, bmnb, ag, y, "new site 部门年报 column")
    look(pb, otz, "bianzhi", f"{gov}人民政府办公室", gov, 2012)
    for _ in range(rng.randint(3, 6)):
        otz.article(Art(f"关于{rng.choice(['做好春节期间', '开展'])}安全生产工作的通知",
                        date(rng.randint(2009, 2014), rng.randint(1, 12), 3),
                        blocks=[("p", "各乡镇人民政府，县直各单位：")]))
    bak = f"/bak/{split - 2}nb.htm"
    old.put(bak, f"<HTML><HEAD><TITLE>{gov_agency}{split - 2}年政府信息公开工作年度报告</TITLE>"
                 f"</HEAD><BODY>{blocks_html(report_blocks(gov_agency, split - 2, rng))}</BODY>"
                 f"</HTML>")
    pb.never.add(old.url(bak))
    old.disallow += ["/bak/", "/admin/"]
    onb.head = f"<P><A href=\"{bak}\">年报备份</A></P>"
    old.nav = [("网站首页", old.url("/main.htm")), ("信息公开", onb.url), ("通知公告", otz.url)]
    old.put("/index.html", "<HTML><HEAD><META http-equiv=Content-Type content=\"text/html; "
                           f"charset=gb2312\"><TITLE>{esc(gov)}人民政府</TITLE></HEAD>"
                           "<FRAMESET rows=\"120,*\" frameborder=0><FRAME src=\"top.htm\" "
                           "name=top scrolling=no><FRAME src=\"main.htm\" name=main></FRAMESET>"
                           "</HTML>")
    old.put("/top.htm", f"<HTML><BODY><IMG src=\"/images/logo.png\">{esc(gov)}人民政府</BODY>"
                        f"</HTML>")
    old.put("/main.htm", op.page(f"{gov}人民政府", "<TABLE><TR><TD>" + " ".join(
        f"<A href=\"{c.path}\" target=main>{c.title}</A>" for c in (onb, obm, otz))
        + "</TD></TR></TABLE>", [], "/main.htm"))
    news = News(www, "/xwzx/", "新闻中心", rng.randint(50, 150), gov, news_style(plat))
    moved = "/zfxxgk/nb/index.html"
    www.route(moved, redirect(nb.link_url, 301))
    nb.head = (f"<p class=\"tip\">{split - 1}年及以前的年度报告请访问<a href=\"{old.url('/')}\">"
               f"旧版网站</a>。</p>")
    xxgk.head = links_ul(plat, xxgk.path, [("政府信息公开年报", www.url(moved)),
                                           ("部门年报", bmnb.link_url)])
    www.nav = [("首页", www.url("/")), ("新闻中心", news.url), ("信息公开", xxgk.link_url)]
    www.footer = friend_links(ctx, rng, pb.home) + [("旧版网站", old.url("/"))]
    home_page(www, plat, [("新闻中心", news.sample(10), news.url),
                          ("信息公开", [("年报", www.url(moved)), ("部门年报", bmnb.link_url)],
                           xxgk.link_url)] + std_blocks(ctx, www, rng, news, "mid"))
    pb.trap("robots-never")
    pb.notes.append(f"old GBK ASP site (frames) holds reports before {split}")
    return pb.build()


# ================================================================= county_vsb

def county_vsb(ctx: Ctx, spec: Spec) -> Portal:
    rng = random.Random(f"{ctx.seed}/{spec.key}")
    pb = PortalBuilder(spec.key, "vsb", ctx.port, rng)
    gov = spec.name
    www = pb.host(f"www.{spec.dom}", f"{gov}人民政府")
    assets(www)
    plat = make_plat("vsb", pb, www, rng)
    pb.home = www.url("/")
    xxgk = Column(plat, "/zfxxgk/", "政府信息公开")
    nb = Column(plat, "/zfxxgk/zfxxgknb/", "政府信息公开年报", parent=xxgk,
                per_page=rng.choice([10, 12, 15]))
    gov_agency = f"{gov}人民政府"
    for y in years_from(rng, 2008, [2010, 2012, 2013], gap=0.0):
        publish(pb, nb, gov_agency, y, "the one 年报 list (countdown pages)",
                link=rng.choice(["a", "script", "script"]))
    for d in rng.sample(DEPTS, rng.randint(3, 4)):
        for y in years_from(rng, d.since, [2019, 2020, 2021, 2022]):
            publish(pb, nb, dept_name(d, "county", y, gov), y, "the one 年报 list",
                    link=rng.choice(["a", "script"]))
    for t in towns(rng, rng.randint(2, 3)):
        for y in years_from(rng, 2008, [2020, 2021, 2022]):
            publish(pb, nb, t, y, "the one 年报 list: title is the township",
                    title=report_title(t, y, rng.choice(["town_only", "town_paren", "std"])))
    look(pb, nb, "wangzhan", gov_agency, gov, 2023)
    look(pb, nb, "jianyi", gov_agency, gov, 2023)
    news = News(www, "/xwzx/", "新闻中心", rng.randint(80, 200), gov, "countdown")
    xxgk.head = links_ul(plat, xxgk.path, [("政府信息公开年报", nb.url),
                                           ("政府信息公开指南", www.url("/zfxxgk/xxgkzn.htm"))])
    www.nav = [("首页", www.url("/")), ("新闻中心", news.url), ("政府信息公开", xxgk.url)]
    www.footer = friend_links(ctx, rng, pb.home)
    srch = search(www, "/search.jsp", [(e.title, e.url) for e in nb.entries[:6]]
                  + news.sample(6), key="searchword")
    pb.trap("search")
    home_page(www, plat, [("新闻中心", news.sample(10), news.url),
                          ("政府信息公开", [("政府信息公开年报", nb.url)], xxgk.url)]
              + std_blocks(ctx, www, rng, news, "mid"),
              hot=f"<div class=\"hot\">热搜：<a href=\"{esc(srch)}\">年报</a></div>")
    pb.notes.append("VSB: one list for all units, pages count down, download.jsp attachments")
    return pb.build()


# ====================================================================== dept

def dept(ctx: Ctx, spec: Spec) -> Portal:
    rng = random.Random(f"{ctx.seed}/{spec.key}")
    pb = PortalBuilder(spec.key, family(spec.plat), ctx.port, rng)
    d = next(x for x in DEPTS if x.key == spec.extra)
    level = spec.level
    prefix = spec.name  # the government it belongs to
    cur = dept_current(d, level, prefix)
    h = pb.host(f"{dept_label(d, level)}.{spec.dom}", cur)
    plat = make_plat(spec.plat, pb, h, rng)
    pb.home = h.url("/")
    ys = years_from(rng, d.since, [2008, 2010, 2012, 2014], gap=0.15)
    orphans = rng.choice([0, 1, 2]) if len(ys) > 6 else 0
    if isinstance(plat, AspNet):
        pb.trap("page")
    dept_site(pb, ctx, h, plat, lambda y: dept_name(d, level, y, prefix), ys, prefix,
              f"{h.name}", news_pages=rng.randint(20, 80), per_page=rng.choice([5, 6, 8, 10]),
              orphans=orphans, looks=rng.randint(2, 3), wap=rng.random() < 0.4,
              old_redirect=rng.random() < 0.5)
    if orphans:
        pb.notes.append(f"{orphans} old reports only in the sitemap")
        pb.trap("sitemap-only")
    return pb.build()


BUILDERS = {"gov_topic": gov_topic, "city_hanweb": city_hanweb, "city_platform": city_platform,
            "city_gd": city_gd, "county_tree": county_tree, "county_anhui": county_anhui,
            "county_oldnew": county_oldnew, "county_vsb": county_vsb, "dept": dept}

__all__ = ["BUILDERS", "Spec", "Att", "pdf_text"]
