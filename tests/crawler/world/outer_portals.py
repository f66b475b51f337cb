"""Kinds of publisher in the *outer* world (see `outer.py`). Each function builds one portal:

* `kfq`: a 开发区/高新区 管委会 with its own 年报 column and a column of its bureaus' reports.
* `zzx`: an 自治县 or 旗 whose 年报 channel splits 县政府/部门/乡镇(苏木), or one static page whose
  year tabs (hidden divs) hold every unit's reports.
* `district`: a 市辖区 whose 街道 each have a corner of the site with a 年报 column (bare-year
  titles).
* `citydept`: a city whose departments run their own sub-domain sites, each on its own CMS,
  reached through a 政府机构 page and a 部门网站 drop-down.
* `provdept`: a province department with 直属单位, some as columns, some on sub-domains, the
  department's reports under its predecessor names.
* `oldcounty`: a county whose 2008-2015 reports stay on the old ASP site (GBK, framesets) linked
  from the footer as 旧版网站/历史网站.
* `platform`: a county whose 政务公开 lives on a `/openness/` platform, a unit tree of
  `deptIndex.jsp` pages with `list.jsp?deptId=&catId=gknb` lists paged by a script.
"""

from __future__ import annotations

import random

from . import Portal
from .outer_cms import FAMILIES, Asp, Cms, Col, Item, Openness
from .outer_forms import publish_look, publish_news
from .outer_kit import Builder, Loc, Names, esc, pinyin, site_key, stable
from .outer_sites import (
    DEPTS,
    Gov,
    add,
    home_page,
    link_box,
    name_in,
    put_reports,
    report_col,
    skeleton,
    traps,
    years_of,
)
from .outer_traps import fail_once, slow

ROBOTS = {
    "dede": ["/plus/ad_js.php", "/plus/advancedsearch.php", "/plus/car.php", "/plus/erraddsave.php",
             "/plus/posttocar.php", "/plus/disdls.php", "/plus/feedback_js.php", "/plus/mytag_js.php",
             "/plus/rss.php", "/plus/search.php", "/plus/recommend.php", "/plus/stow.php",
             "/plus/count.php", "/include", "/templets", "/dede/", "/member/"],
    "phpcms": ["/phpcms/", "/caches/", "/phpsso_server/", "/statics/js/ckeditor/",
               "/index.php?m=member", "/index.php?m=admin"],
    "ecms": ["/e/admin/", "/e/class/", "/e/data/", "/e/enews/", "/e/update/", "/e/search/",
             "/e/member/", "/d/txt/"],
    "siteserver": ["/siteserver/", "/sitefiles/bairong/", "/sitefiles/services/cms/search.aspx"],
    "api": ["/admin/", "/api/admin/", "/api/user/"],
    "tabs": ["/admin/", "/cgi-bin/"],
    "asp": ["/admin/", "/inc/", "/Search.asp", "/database/"],
    "openness": ["/openness/search.jsp", "/openness/print.jsp", "/openness/admin/"],
}

ZONES = [("经济技术开发区", "jkq", "经开区"), ("高新技术产业开发区", "gxq", "高新区"),
         ("工业园区", "gyyq", "工业园区"), ("经济开发区", "kfq", "开发区"), ("综合保税区", "zbq", "综保区")]
ZONE_DEPTS: list[tuple[str, list[tuple[int, str]]]] = [
    ("jfj", [(2009, "经济发展局")]), ("ghj", [(2009, "规划建设局"), (2019, "规划建设和自然资源局")]),
    ("sswj", [(2009, "社会事务局")]), ("czj", [(2009, "财政局"), (2017, "财政金融局")]),
    ("yjj", [(2009, "安全生产监督管理局"), (2019, "应急管理局")]), ("zfj", [(2018, "综合行政执法局")]),
    ("tcj", [(2009, "招商局"), (2020, "投资促进局")]), ("zwb", [(2012, "政务服务中心"), (2021, "行政审批局")]),
]
ETHNIC = ["彝族", "苗族", "土家族", "侗族", "布依族", "瑶族", "哈尼族", "傣族", "回族", "满族", "壮族", "羌族",
          "黎族", "仡佬族", "土家族苗族", "苗族侗族", "彝族回族苗族", "布依族苗族"]
BANNERS = ["旗", "左旗", "右旗", "前旗", "后旗", "右翼中旗", "中旗"]
PROV_DEPTS: list[tuple[str, list[tuple[int, str]], list[tuple[str, str]]]] = [
    ("slt", [(2008, "水利厅")], [("swj", "水文水资源勘测局"), ("slky", "水利科学研究院"), ("hhzx", "河湖保护中心"),
                                 ("stbc", "水土保持监测总站"), ("ggsy", "灌溉试验中心站")]),
    ("zrzyt", [(2008, "国土资源厅"), (2018, "自然资源厅")],
     [("chj", "测绘地理信息局"), ("dzhj", "地质环境监测总站"), ("bdc", "不动产登记中心"), ("ghy", "国土空间规划研究院")]),
    ("sthjt", [(2008, "环境保护厅"), (2018, "生态环境厅")],
     [("jczx", "生态环境监测中心"), ("hky", "环境科学研究院"), ("gfzx", "固体废物管理中心"), ("fsz", "辐射环境监督站")]),
    ("wjw", [(2008, "卫生厅"), (2013, "卫生和计划生育委员会"), (2018, "卫生健康委员会")],
     [("cdc", "疾病预防控制中心"), ("wsjd", "卫生健康监督所"), ("rkzx", "人口发展研究中心"), ("yxqb", "医学情报研究所")]),
    ("nynct", [(2008, "农业厅"), (2018, "农业农村厅")],
     [("njtg", "农业技术推广总站"), ("dwyk", "动物疫病预防控制中心"), ("ncpzx", "农产品质量安全中心"), ("nky", "农业科学研究院")]),
    ("jtyst", [(2008, "交通运输厅")], [("glj", "公路管理局"), ("ysj", "道路运输管理局"), ("jtsj", "交通规划设计院"),
                                     ("ghj", "港航管理局")]),
    ("lcj", [(2008, "林业厅"), (2018, "林业和草原局")],
     [("zmz", "林木种苗站"), ("zyjc", "森林资源监测中心"), ("bhd", "自然保护地管理中心"), ("lky", "林业科学研究院")]),
    ("whhlyt", [(2008, "文化厅"), (2018, "文化和旅游厅")],
     [("tsg", "图书馆"), ("bwg", "博物馆"), ("ysy", "艺术研究院"), ("whg", "文化馆")]),
]


def new_builder(key: str, family: str, port: int, rng: random.Random, domain: str) -> Builder:
    """The builder of one portal in `domain`."""
    return Builder(key, family, port, rng, domain)


def cms_of(b: Builder, family: str, host: str, name: str) -> Cms:
    """A site of `family` on `host`, with the robots.txt rules that system ships with."""
    cms = FAMILIES[family](b, host, name)
    for prefix in ROBOTS[family]:
        b.forbid(host, prefix)
    return cms


def pick_traps(rng: random.Random) -> tuple[list[str], list[str]]:
    """(traps on every link: session/tracking, traps linked from home: calendar/endless/tags)."""
    pre = rng.sample(["session", "tracking"], rng.choice([0, 1, 1]))
    post = rng.sample(["calendar", "endless", "tagsearch"], rng.randint(1, 2))
    return pre, post


def add_never(g: Gov, col: Col, n: int) -> None:
    """Printable or backup copies of reports in `col`, under a prefix robots.txt forbids, listed
    next to the originals."""
    cms, b, rng = g.cms, g.cms.b, g.cms.rng
    prefix = rng.choice(["/print/", "/preview/", "/bak/", "/temp/", "/caogao/"])
    b.forbid(cms.host, prefix)
    chosen = [it for it in col.items if it.loc[0] == cms.host and b.has(it.loc)][:n]
    for it in chosen:
        data = cms.site.files[_key(it.loc)]
        ext = it.loc[1].split("?")[0].rsplit(".", 1)[-1] if "." in it.loc[1].rsplit("/", 1)[-1] else "html"
        ext = ext if ext in ("pdf", "doc", "docx", "wps", "ofd") else "html"
        loc = cms.loc(f"{prefix}{stable(it.loc[1], 10)}.{ext}")
        b.put(loc, data, cms.site.type_of(_key(it.loc)))
        b.never_at(loc)
        label = {"/print/": "（打印版）", "/preview/": "（预览）", "/bak/": "（备份）", "/temp/": "（临时）",
                 "/caogao/": "（草稿）"}[prefix]
        col.items.append(Item(it.title + label, loc, it.date, group=it.group, home=False))


def _key(loc: Loc) -> str:
    path, _, query = loc[1].partition("?")
    return site_key(path, query)


def sprinkle(g: Gov, col: Col) -> None:
    """A page on the way to the reports fails once; another is slow."""
    rng = g.cms.rng
    if rng.random() < 0.5:
        fail_once(g.cms, g.cms.first(col))
    if rng.random() < 0.5:
        slow(g.cms, g.cms.first(g.cols["zwgk"]), round(rng.uniform(0.3, 1.1), 2))


# ------------------------------------------------------------------ 开发区 管委会

def kfq(key: str, port: int, rng: random.Random, names: Names) -> Portal:
    """A 开发区/高新区 管委会 and its bureaus."""
    place, code = names.place()
    zone, abbr, short = rng.choice(ZONES)
    unit = f"{place}{zone}管理委员会"
    fam = rng.choice(["dede", "phpcms", "siteserver"])
    b = new_builder(key, fam, port, rng, f"{names.code(code + abbr)}.gov.cn")
    cms = cms_of(b, fam, b.host("www"), unit)
    pre, post = pick_traps(rng)

    def setup(g: Gov) -> None:
        g.cols["nb"] = report_col(g, rng.choice(["政府信息公开年报", "政府信息公开年度报告", "信息公开年报"]),
                                  "zwgk/xxgknb")
        g.cols["bmnb"] = report_col(g, rng.choice(["部门信息公开年报", "内设机构年报", "各局办年报"]), "zwgk/bmnb")
    g = skeleton(cms, unit, f"{place}{short}", setup=setup, pre_traps=pre)
    first = rng.randint(2009, 2013)
    put_reports(g, g.cols["nb"], lambda y: unit, years_of(first, 2025, rng, rng.randint(0, 1)),
                "管委会年报 column under 政务公开", looks=rng.randint(3, 6), notices=g.cols["tzgg"])
    for _dc, hist in rng.sample(ZONE_DEPTS, 3):
        start = max(hist[0][0], rng.randint(2017, 2021))
        put_reports(g, g.cols["bmnb"], lambda y, h=hist: f"{place}{short}{name_in(h, y)}",
                    years_of(start, 2025, rng, 1), "a bureau of the zone, 部门年报 column",
                    looks=1)
    traps(g, post)
    add_never(g, g.cols["nb"], 2)
    sprinkle(g, g.cols["nb"])
    cms.flush()
    home = home_page(g)
    b.notes.append(f"{unit}: {fam}")
    return b.finish(home)


# ------------------------------------------------------------------ 自治县 / 旗

def zzx(key: str, port: int, rng: random.Random, names: Names) -> Portal:
    """An 自治县 or 旗 with 县政府/部门/乡镇 reports."""
    place, code = names.place()
    if rng.random() < 0.55:
        county, sfx, lvl = f"{place}{rng.choice(ETHNIC)}自治县", ["镇", "乡"], "县"
    else:
        county, sfx, lvl = f"{place}{rng.choice(BANNERS)}", ["苏木", "镇"], "旗"
    unit = f"{county}人民政府"
    fam = rng.choice(["ecms", "tabs", "siteserver"])
    b = new_builder(key, fam, port, rng, f"{names.code(code)}.gov.cn")
    cms = cms_of(b, fam, b.host("www"), unit)
    pre, post = pick_traps(rng)
    depts = rng.sample(DEPTS, rng.randint(2, 3))
    towns = [names.small(rng.choice(sfx)) for _ in range(rng.randint(2, 3))]

    def setup(g: Gov) -> None:
        if fam == "tabs":
            nb = report_col(g, "政府信息公开年度报告", "zwgk/xxgknb", style="tabs")
            g.cols.update(nb=nb, zf=nb, bm=nb, xz=nb)
            return
        nb = report_col(g, "政府信息公开年报", "zwgk/xxgknb", style="cover")
        g.cols["nb"] = nb
        g.cols["zf"] = report_col(g, f"{lvl}政府年报", "zwgk/xxgknb/zf", nb)
        g.cols["bm"] = report_col(g, "部门年报", "zwgk/xxgknb/bm", nb)
        g.cols["xz"] = report_col(g, f"{'苏木乡镇' if lvl == '旗' else '乡镇'}年报", "zwgk/xxgknb/xz", nb)
        if fam == "ecms" and rng.random() < 0.6:
            g.cols["bm"].extra["dynamic"] = True
    g = skeleton(cms, unit, county, setup=setup, pre_traps=pre)
    tabs_note = ", one hidden year tab of a single page" if fam == "tabs" else ""
    put_reports(g, g.cols["zf"], lambda y: unit, years_of(2008, 2025, rng, rng.randint(0, 1)),
                f"{lvl}政府 reports{tabs_note}", looks=rng.randint(2, 5), notices=g.cols["tzgg"])
    for _dc, hist in depts:
        start = max(hist[0][0], rng.randint(2015, 2020))
        put_reports(g, g.cols["bm"], lambda y, h=hist: f"{county}{name_in(h, y)}",
                    years_of(start, 2025, rng, 1), f"department report{tabs_note}", looks=1)
    for town in towns:
        start = rng.randint(2020, 2022)
        put_reports(g, g.cols["xz"], lambda y, t=town: f"{county}{t}人民政府", years_of(start, 2025, rng, 1),
                    f"{town} report{tabs_note}")
    traps(g, post)
    add_never(g, g.cols["zf"], 1)
    sprinkle(g, g.cols["zf"])
    cms.flush()
    return b.finish(home_page(g))


# ------------------------------------------------------------------ 市辖区 with 街道

def district(key: str, port: int, rng: random.Random, names: Names) -> Portal:
    """A 市辖区 whose 街道 keep 年报 corners."""
    city, _ = names.place()
    place, code = names.place()
    unit = f"{city}市{place}区人民政府"
    fam = rng.choice(["api", "phpcms", "ecms"])
    b = new_builder(key, fam, port, rng, f"{names.code(code + 'qu')}.gov.cn")
    cms = cms_of(b, fam, b.host("www"), unit)
    pre, post = pick_traps(rng)
    streets = [names.small("街道") for _ in range(rng.randint(3, 4))]
    corners: dict[str, tuple[Col, Col, Col]] = {}

    def setup(g: Gov) -> None:
        g.cols["nb"] = report_col(g, "政府信息公开年报", "zwgk/xxgknb")
        jd = cms.col(rng.choice(["街道信息公开", "街道政务公开", "基层政务公开"]), "zwgk/jdxxgk", g.cols["zwgk"],
                     style="cover")
        for s in streets:
            slug = f"zwgk/jdxxgk/{pinyin(s[:2])}"
            corner = cms.col(s + "办事处" if rng.random() < 0.5 else s, slug, jd, style="cover")
            news = cms.col("工作动态", f"{slug}/gzdt", corner)
            nb = report_col(g, rng.choice(["政府信息公开年报", "年度报告", "信息公开年报"]), f"{slug}/nb", corner,
                            per_page=rng.choice([5, 6, 8]))
            money = cms.col("财政信息", f"{slug}/czxx", corner)
            corners[s] = (news, nb, money)
    g = skeleton(cms, unit, f"{place}区", setup=setup, pre_traps=pre)
    put_reports(g, g.cols["nb"], lambda y: unit, years_of(2008, 2025, rng, rng.randint(0, 1)),
                "区政府 年报 column", looks=rng.randint(3, 5), notices=g.cols["tzgg"])
    for s, (news, nb, money) in corners.items():
        agency = f"{city}市{place}区{s}办事处"
        for _ in range(rng.randint(2, 4)):
            add(news, publish_news(cms, news, agency, s, rng.randint(2023, 2025)))
        for _ in range(rng.randint(1, 2)):
            add(money, publish_look(cms, money, agency, s, rng.randint(2019, 2024), kinds={"money"}))
        start = rng.randint(2016, 2021)
        put_reports(g, nb, lambda y, a=agency: a, years_of(start, 2025, rng, 1),
                    f"street corner of {s} under 街道信息公开", bare_titles=0.6, looks=rng.choice([0, 1]),
                    look_unit=agency)
    traps(g, post)
    add_never(g, g.cols["nb"], 2)
    sprinkle(g, g.cols["nb"])
    cms.flush()
    return b.finish(home_page(g))


# ------------------------------------------------------------------ city departments on sub-domains

def dept_site(b: Builder, fam: str, host: str, city: str, hist: list[tuple[int, str]],
              back: tuple[str, Loc], rng: random.Random) -> tuple[Loc, str]:
    """A department's own site with its 信息公开 channel and 年报 column: (home, name)."""
    now = f"{city}{name_in(hist, 2025)}"
    cms = cms_of(b, fam, host, now)
    pre = rng.sample(["tracking"], rng.choice([0, 0, 1]))

    def setup(g: Gov) -> None:
        style = "tabs" if fam == "tabs" else "list"
        g.cols["nb"] = report_col(g, rng.choice(["政府信息公开年报", "信息公开年报", "年度报告"]),
                                  "xxgk/xxgknb" if fam != "phpcms" else "nb", style=style)
    g = skeleton(cms, now, city, small=True, zwgk_name=rng.choice(["信息公开", "政务公开"]),
                 setup=setup, footer=[back], pre_traps=pre)
    start = max(hist[0][0], rng.randint(2014, 2020))
    put_reports(g, g.cols["nb"], lambda y: f"{city}{name_in(hist, y)}",
                years_of(start, 2025, rng, rng.randint(0, 2)), f"department site {host}",
                bare_titles=0.35, looks=rng.randint(1, 3), notices=g.cols["tzgg"])
    if rng.random() < 0.5:
        add_never(g, g.cols["nb"], 1)
    cms.flush()
    return home_page(g), now


def citydept(key: str, port: int, rng: random.Random, names: Names) -> Portal:
    """A city and its departments' sub-domain sites."""
    place, code = names.place()
    city = f"{place}市"
    unit = f"{city}人民政府"
    fam = rng.choice(["dede", "phpcms", "ecms", "siteserver"])
    b = new_builder(key, fam, port, rng, f"{names.code(code)}.gov.cn")
    www = b.host("www")
    cms = cms_of(b, fam, www, unit)
    pre, post = pick_traps(rng)
    depts = rng.sample([d for d in DEPTS if d[1][0][0] <= 2015], rng.randint(3, 4))
    fams = [rng.choice(["dede", "phpcms", "ecms", "siteserver", "tabs", "api"]) for _ in depts]
    homes: list[tuple[str, Loc]] = []
    for (dc, hist), dfam in zip(depts, fams, strict=True):
        host = b.host(dc)
        home, now = dept_site(b, dfam, host, city, hist, (f"{unit}门户网站", (www, "/")), rng)
        homes.append((now, home))
    b.family = fam + "+" + "+".join(sorted(set(fams)))

    def setup(g: Gov) -> None:
        g.cols["nb"] = report_col(g, "政府信息公开年报", "zwgk/xxgknb")
        jg = cms.col("政府机构", "zfjg")
        loc = cms.col_loc(jg, 1)
        jg.link = loc
        rows = "".join(f'<tr><td>{esc(n)}</td><td><a href="{esc(b.url(h))}" target="_blank">进入网站</a></td></tr>'
                       for n, h in homes)
        cms.write(loc, cms.page(loc, "政府机构", f'<h2>市政府工作部门</h2><table class="jg">{rows}</table>',
                                [("政府机构", loc)]))
        cms.nav.insert(3, ("政府机构", loc))
        opts = "".join(f'<option value="{esc(b.url(h))}">{esc(n)}</option>' for n, h in homes)
        g.blocks.append('<div class="box"><h3>部门网站</h3><select onchange="if(this.value!=\'\')'
                        f'window.open(this.value)"><option value="">请选择部门网站</option>{opts}</select></div>')
    g = skeleton(cms, unit, city, setup=setup, pre_traps=pre)
    put_reports(g, g.cols["nb"], lambda y: unit, years_of(2008, 2025, rng, rng.randint(0, 1)),
                "市政府 年报 column", looks=rng.randint(3, 6), notices=g.cols["tzgg"])
    traps(g, post)
    add_never(g, g.cols["nb"], 1)
    sprinkle(g, g.cols["nb"])
    cms.flush()
    return b.finish(home_page(g))


# ------------------------------------------------------------------ province department

def provdept(key: str, port: int, rng: random.Random, names: Names,
             spec: tuple[str, list[tuple[int, str]], list[tuple[str, str]]]) -> Portal:
    """A province department (renamed over the years) with its 直属单位."""
    place, code = names.place()
    prov = f"{place}省"
    dc, hist, units = spec

    def name_of(y: int) -> str:
        return f"{prov}{name_in(hist, y)}"
    now = name_of(2025)
    fam = rng.choice(["siteserver", "api", "ecms"])
    b = new_builder(key, fam, port, rng, f"{names.code(code)}.gov.cn")
    host = b.host(dc)
    cms = cms_of(b, fam, host, now)
    pre, post = pick_traps(rng)
    chosen = rng.sample(units, rng.randint(3, 4))
    remote = chosen[:rng.randint(1, 2)]
    inside = chosen[len(remote):]
    remote_homes: dict[str, Loc] = {}
    fams = []
    for uc, uname in remote:
        ufam = rng.choice(["dede", "siteserver", "tabs", "phpcms"])
        fams.append(ufam)
        uhost = f"{uc}.{dc}.{b.domain}"
        ucms = cms_of(b, ufam, uhost, f"{prov}{uname}")

        def usetup(g: Gov, f: str = ufam) -> None:
            g.cols["nb"] = report_col(g, rng.choice(["信息公开年报", "政府信息公开年度报告"]), "xxgk/nb",
                                      style="tabs" if f == "tabs" else "list")
        ug = skeleton(ucms, f"{prov}{uname}", prov, small=True, zwgk_name="信息公开", setup=usetup,
                      footer=[(f"{now}网站", (host, "/"))])
        put_reports(ug, ug.cols["nb"], lambda y, n=uname: f"{prov}{n}",
                    years_of(rng.randint(2018, 2021), 2025, rng, 1), f"直属单位 site {uhost}",
                    bare_titles=0.4, looks=rng.randint(1, 2))
        ucms.flush()
        remote_homes[uname] = home_page(ug)
    b.family = fam + ("+" + "+".join(sorted(set(fams))) if fams else "")
    corners: dict[str, tuple[Col, Col]] = {}

    def setup(g: Gov) -> None:
        g.cols["nb"] = report_col(g, rng.choice(["政府信息公开年报", "政府信息公开工作年度报告"]), "zwgk/xxgknb")
        zs = cms.col("直属单位", "zsdw", style="cover")
        cms.nav.insert(3, ("直属单位", cms.first(zs)))
        for uc, uname in inside:
            corner = cms.col(uname, f"zsdw/{uc}", zs, style="cover")
            news = cms.col("单位动态", f"zsdw/{uc}/dwdt", corner)
            nb = report_col(g, "信息公开年报", f"zsdw/{uc}/nb", corner)
            corners[uname] = (news, nb)
        for uname, home in remote_homes.items():
            link = cms.col(uname, f"zsdw/{stable(uname, 4)}", zs)
            link.link = home
    g = skeleton(cms, now, prov, setup=setup, pre_traps=pre)
    put_reports(g, g.cols["nb"], name_of, years_of(2008, 2025, rng, rng.randint(0, 1)),
                "厅 年报 column", looks=rng.randint(3, 5), notices=g.cols["tzgg"])
    for uname, (news, nb) in corners.items():
        agency = f"{prov}{uname}"
        for _ in range(rng.randint(2, 3)):
            add(news, publish_news(cms, news, agency, uname, rng.randint(2023, 2025)))
        put_reports(g, nb, lambda y, a=agency: a, years_of(rng.randint(2018, 2021), 2025, rng, 1),
                    f"直属单位 corner {uname}", bare_titles=0.3, looks=rng.choice([0, 1]), look_unit=agency)
    traps(g, post)
    add_never(g, g.cols["nb"], 2)
    sprinkle(g, g.cols["nb"])
    cms.flush()
    return b.finish(home_page(g))


# ------------------------------------------------------------------ county with an old ASP site

def oldcounty(key: str, port: int, rng: random.Random, names: Names) -> Portal:
    """A county whose early reports stay on its old ASP site."""
    place, code = names.place()
    county = f"{place}县"
    unit = f"{county}人民政府"
    fam = rng.choice(["api", "dede", "ecms", "siteserver", "phpcms"])
    b = new_builder(key, fam + "+asp", port, rng, f"{names.code(code)}.gov.cn")
    oldhost = b.host(rng.choice(["old", "oldweb", "lswz", "2015"]))
    label = rng.choice(["旧版网站", "历史网站", "访问旧版", "原网站入口"])
    old_entry = (oldhost, rng.choice(["/", "/index.asp"]))
    cms = cms_of(b, fam, b.host("www"), unit)
    pre, post = pick_traps(rng)
    depts = rng.sample([d for d in DEPTS if d[1][0][0] <= 2010], 3)

    def setup(g: Gov) -> None:
        g.cols["nb"] = report_col(g, "政府信息公开年报", "zwgk/xxgknb")
        g.cols["bmnb"] = report_col(g, "部门政府信息公开年报", "zwgk/bmxxgknb")
    g = skeleton(cms, unit, county, setup=setup, footer=[(label, old_entry)], pre_traps=pre)
    split = rng.randint(2015, 2017)
    put_reports(g, g.cols["nb"], lambda y: unit, years_of(split + 1, 2025, rng),
                "县政府 年报 on the new site", looks=rng.randint(2, 4), notices=g.cols["tzgg"])
    for _dc, hist in depts[:2]:
        put_reports(g, g.cols["bmnb"], lambda y, h=hist: f"{county}{name_in(h, y)}",
                    years_of(rng.randint(max(2019, split + 1), 2021), 2025, rng, 1),
                    "department report on the new site", looks=1)
    traps(g, post)
    sprinkle(g, g.cols["nb"])
    cms.flush()
    home = home_page(g)
    # the old site
    old = Asp(b, oldhost, unit)
    for prefix in ROBOTS["asp"]:
        b.forbid(oldhost, prefix)
    og = Gov(old, unit, county, last=split)
    zw = old.col("政务公开", "zwgk", style="cover")
    nb = old.col(rng.choice(["政府信息公开年度报告", "信息公开年报"]), "nb", zw)
    bm = old.col("部门信息公开年报", "bmnb", zw)
    gk = old.col("政府信息公开指南", "gkzn", zw)
    news = old.col("政务动态", "zwdt")
    notes = old.col("通知公告", "tzgg")
    menu = [("网站首页", old.loc("/main.asp")), ("政务动态", old.first(news)), ("通知公告", old.first(notes)),
            ("政务公开", old.first(zw)), ("信息公开年报", old.first(nb)), ("新版网站", (cms.host, "/"))]
    for _ in range(rng.randint(5, 9)):
        add(news, publish_news(old, news, unit, county, rng.randint(2012, split)))
    for _ in range(rng.randint(3, 5)):
        add(notes, publish_news(old, notes, unit, county, rng.randint(2012, split)))
    add(gk, publish_news(old, gk, unit, county, 2008, title=f"{unit}政府信息公开指南"))
    put_reports(og, nb, lambda y: unit, years_of(2008, split, rng), f"old ASP site {oldhost} ({label})",
                looks=rng.randint(2, 4), notices=notes, cms=old)
    for _dc, hist in depts[1:]:
        put_reports(og, bm, lambda y, h=hist: f"{county}{name_in(h, y)}",
                    years_of(rng.randint(2009, 2012), split, rng, 2), f"department report on the old site {oldhost}",
                    cms=old, looks=1)
    og.cols["zwgk"] = zw
    add_never(og, nb, 1)
    old.flush()
    welcome = old.list_block(old.loc("/main.asp"), old.sorted_items(news)[:8])
    old.frames(menu, f"<h3>政务动态</h3>{welcome}")
    old.site.redirects["/index.html"] = (302, "/index.asp")
    b.notes.append(f"old site {oldhost}")
    return b.finish(home)


# ------------------------------------------------------------------ 政务公开 platform

def platform(key: str, port: int, rng: random.Random, names: Names) -> Portal:
    """A county whose 政务公开 is a /openness/ platform."""
    place, code = names.place()
    lvl = rng.choice(["县", "区", "市"])
    name = f"{place}{lvl}"
    unit = f"{name}人民政府"
    fam = rng.choice(["dede", "siteserver", "phpcms", "ecms"])
    b = new_builder(key, "openness+" + fam, port, rng, f"{names.code(code)}.gov.cn")
    www = b.host("www")
    cms = cms_of(b, fam, www, unit)
    op = Openness(b, www, f"{name}政府信息公开平台")
    for prefix in ROBOTS["openness"]:
        b.forbid(www, prefix)
    index = op.loc("/openness/index.jsp")
    nblist = op.loc("/openness/nbList.jsp")
    pre, post = pick_traps(rng)
    pre = [p for p in pre if p != "session"]

    def setup(g: Gov) -> None:
        link = cms.col("政府信息公开平台", "zwgk/xxgkpt", g.cols["zwgk"])
        link.link = index
        g.quick.append(("政府信息公开", index))
        cms.nav.insert(3, ("信息公开", index))
    g = skeleton(cms, unit, name, setup=setup, pre_traps=pre)
    g.quick.append(("政府信息公开平台", index))
    code18 = f"11{rng.randint(100000, 659999)}"
    depts = rng.sample(DEPTS, rng.randint(3, 4))
    towns = [names.small(rng.choice(["镇", "乡", "街道"])) for _ in range(rng.randint(2, 3))]
    units: list[tuple[str, str, str]] = [("001", unit, "本级")]
    units += [(f"001{i + 3:03d}", "", f"dept:{i}") for i in range(len(depts))]
    units += [(f"002{i + 1:03d}", f"{name}{t}{'办事处' if t.endswith('街道') else '人民政府'}", "town")
              for i, t in enumerate(towns)]
    cols: dict[str, dict[str, Col]] = {}
    latest: list[Item] = []
    for dept_id, uname, kind in units:
        if kind.startswith("dept:"):
            hist = depts[int(kind[5:])][1]
            uname = f"{name}{name_in(hist, 2025)}"
        cover = op.col(uname, f"u{dept_id}", style="cover")
        cover.extra = {"dept": dept_id, "code": f"{code18}{dept_id}"}
        cs = {}
        for cat, cname in [("gkzn", "政府信息公开指南"), ("fdzdgknr", "法定主动公开内容"), ("gknb", "政府信息公开年报")]:
            c = op.col(cname, f"u{dept_id}/{cat}", cover, preview=cat != "gknb")
            c.extra = {"dept": dept_id, "cat": cat, "code": f"{code18}{dept_id}"}
            cs[cat] = c
        cols[dept_id] = cs
        op.units.append((dept_id, uname, []))
    op.nav = [("平台首页", index), ("政府信息公开指南", op.first(cols["001"]["gkzn"])),
              ("政府信息公开年报", nblist), ("依申请公开", op.first(cols["001"]["gkzn"])), ("返回门户", (www, "/"))]
    op.footer = cms.footer
    for dept_id, _uname, kind in units:
        cs = cols[dept_id]
        real = next(n for d, n, _ in op.units if d == dept_id)
        add(cs["gkzn"], publish_news(op, cs["gkzn"], real, name, 2020, title=f"{real}政府信息公开指南"))
        for _ in range(rng.randint(1, 2)):
            latest.append(add(cs["fdzdgknr"], publish_look(op, cs["fdzdgknr"], real, name, rng.randint(2019, 2024),
                                                            kinds={"money", "plan"})))
        if kind == "本级":
            put_reports(g, cs["gknb"], lambda y: unit, years_of(2008, 2025, rng, rng.randint(0, 1)),
                        "本级 公开年报 on the /openness/ platform (pages built by a script)",
                        looks=rng.randint(3, 5), cms=op, look_unit=unit)
        elif kind.startswith("dept:"):
            hist = depts[int(kind[5:])][1]
            put_reports(g, cs["gknb"], lambda y, h=hist: f"{name}{name_in(h, y)}",
                        years_of(rng.randint(2018, 2021), 2025, rng, 1),
                        f"department {real} on the /openness/ platform", bare_titles=0.4, cms=op,
                        looks=rng.choice([0, 1]), look_unit=real)
        else:
            put_reports(g, cs["gknb"], lambda y, r=real: r, years_of(rng.randint(2019, 2022), 2025, rng, 1),
                        f"{real} on the /openness/ platform", bare_titles=0.5, cms=op)
    # printable copies that robots.txt forbids
    for c in [cols[d]["gknb"] for d in cols][:3]:
        for it in c.items[:2]:
            if "detail.jsp" in it.loc[1]:
                b.never_at(op.loc("/openness/print.jsp?" + it.loc[1].split("?", 1)[1]))
    op.flush()
    # platform home and the 年报 entrance
    body = ('<div class="gk-intro"><h2>政府信息公开</h2><p>本平台集中发布本级政府及所属部门、乡镇（街道）的政府信息。</p>'
            + link_box(op, "公开导航", [("政府信息公开指南", op.first(cols["001"]["gkzn"])),
                                    ("政府信息公开年报", nblist)], index)
            + "<h3>最新公开</h3>" + op.list_block(index, sorted(latest, key=lambda i: i.date, reverse=True)[:8])
            + "</div>")
    op.write(index, op.page(index, "政府信息公开平台", op.side(index, cols["001"]["gknb"]) + body))
    rows = "".join(f'<tr><td>{esc(n)}</td><td><a href="{esc(op.href(nblist, op.first(cols[d]["gknb"]), nav=True))}">'
                   "查看年报</a></td></tr>" for d, n, _ in op.units)
    op.write(nblist, op.page(nblist, "政府信息公开年报", f'<h2>政府信息公开年报</h2><table>{rows}</table>',
                             [("政府信息公开年报", nblist)]))
    traps(g, post)
    sprinkle(g, g.cols["zwgk"])
    cms.flush()
    return b.finish(home_page(g))
