"""The kinds of portal in the metro world: a national administration, a provincial department,
a city with a 集中公开 page, a city bureau with year folders, a district with departments on
sub-domains and townships in its tree, a 政务公开 platform with one code per unit, a gkmlpt
district, and a county whose old GBK site still holds the early reports."""

from __future__ import annotations

import random
from collections.abc import Callable

from crawler.sample_portal.server import Hit, Reply

from .metro_cms import (
    FLAVORS,
    GKMLPT,
    Chrome,
    Entry,
    Flavor,
    Loc,
    ctype_of,
    encode,
    href,
    li,
    page_html,
    pick_form,
)
from .metro_kit import (
    DEPTS,
    EXTERNAL,
    PB,
    MSite,
    Names,
    bare_title,
    dept_name,
    digits,
    doc_html,
    dstr,
    esc,
    hexid,
    lookalike_title,
    news_title,
    pdf_bytes,
    pub_date,
    report_doc,
    report_title,
)

# ------------------------------------------------------------------ shared pieces


def last_year(rng: random.Random) -> int:
    return rng.choice([2024, 2024, 2025])


def flavor(name: str, pb: PB, host: str, ch: Chrome, slug: str = "site") -> Flavor:
    return FLAVORS[name](pb, host, ch, slug)


def chrome(pb: PB, host: str, name: str, home: str = "/") -> Chrome:
    return Chrome(name, (host, home), code=digits(pb.rng, 10))


def rand_date(rng: random.Random, last: int) -> str:
    y = rng.choice([last, last + 1, last + 1])
    return f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def news_column(fl: Flavor, slug: str, heading: str, place: str, unit: str, n: int, last: int,
                crumbs: list[tuple[str, Loc]], looks: int = 0, per: int = 15,
                more: Callable[[str], list[Entry]] | None = None) -> tuple[Loc, list[Entry]]:
    """A column of news (and `looks` look-alikes, and what `more` publishes), newest first."""
    rng = fl.rng
    base = fl.column(slug)
    entries = more(base) if more else []
    for i in range(n):
        date = rand_date(rng, last)
        if i < looks:
            title, attach = lookalike_title(unit, place, int(date[:4]) - 1, rng)
            entries.append(fl.publish_other(base, title, date, unit, crumbs, attach, True))
        else:
            entries.append(fl.publish_other(base, news_title(place, int(date[:4]), rng), date,
                                            unit, crumbs, rng.random() < 0.1, False))
    entries.sort(key=lambda e: e.date, reverse=True)
    return fl.publish_list(base, heading, entries, per, crumbs), entries


def reports_of(fl: Flavor, base: str, name_of: Callable[[int], str], years: list[int],
               crumbs: list[tuple[str, Loc]], where: str, bare: bool = False,
               forms: list[str] | None = None) -> list[Entry]:
    """One unit's reports for `years` in column `base`, newest first."""
    rng = fl.rng
    out = []
    for y in years:
        unit = name_of(y)
        title = report_title(unit, y, rng)
        form, style = pick_form(rng, y, fl, forms)
        shown = bare_title(unit, y, rng) if bare else ""
        out.append(fl.publish_report(base, unit, y, title, pub_date(y, rng), form, style,
                                     crumbs, where, shown))
    out.sort(key=lambda e: e.date, reverse=True)
    return out


def static_page(fl: Flavor, path: str, title: str, body: str,
                crumbs: list[tuple[str, Loc]]) -> Loc:
    here = (fl.host, path)
    fl.site.put(path, encode(fl.ch, page_html(fl.pb, fl.ch, here, title, body, crumbs)),
                ctype_of(fl.ch))
    return here


def links(pb: PB, here: Loc, items: list[tuple[str, Loc]], cls: str = "links") -> str:
    return f'<ul class="{cls}">' + "".join(
        f'<li><a href="{esc(href(pb, here, loc))}">{esc(t)}</a></li>' for t, loc in items) + "</ul>"


def home_page(fl: Flavor, path: str, title: str, quick: list[tuple[str, Loc]],
              blocks: list[tuple[str, list[Entry], Loc]], extra: str = "",
              scripted: bool = False) -> Loc:
    pb, here = fl.pb, (fl.host, path)
    q = links(pb, here, quick)
    if scripted:  # the entry menu is written by a script
        q = "<script type=\"text/javascript\">" + "".join(
            f"document.write('<li><a href=\"{href(pb, here, loc)}\">{esc(t)}</a></li>');"
            for t, loc in quick) + "</script>"
        pb.notes.append("home menu written by document.write")
    parts = [f'<div class="banner"><img src="/images/banner.jpg" alt="{esc(title)}"></div>',
             '<div class="quick"><h3>快速入口</h3>' + q + "</div>"]
    for heading, entries, more in blocks:
        items = "".join(li(pb, here, e, False) for e in entries[:8])
        parts.append(f'<div class="block"><h3>{esc(heading)}<a class="more" '
                     f'href="{esc(href(pb, here, more))}">更多&gt;&gt;</a></h3><ul>{items}</ul></div>')
    parts.append(extra)
    parts.append('<div class="yqlj">友情链接：' + "".join(
        f'<a href="{u}" target="_blank">{u.split("//")[1].strip("/")}</a> '
        for u in pb.rng.sample(EXTERNAL, 5)) + "</div>")
    parts.append('<div class="zt">' + "".join(
        f'<a href="javascript:;"><img src="/images/zt{i}.jpg" alt="专题{i}"></a>'
        for i in range(1, 6)) + "</div>")
    return static_page(fl, path, title, "".join(parts), [])


def guide_pages(fl: Flavor, base: str, unit: str, last: int,
                crumbs: list[tuple[str, Loc]]) -> list[tuple[str, Loc]]:
    """政府信息公开指南 and 制度: look-alike names, no report."""
    out = []
    for label in ["政府信息公开指南", "政府信息公开制度"]:
        e = fl.publish_other(base, f"{unit}{label}", f"{last + 1}-01-0{fl.rng.randint(1, 9)}",
                             unit, crumbs, False, label == "政府信息公开指南")
        out.append((label, e.loc))
    return out


def file_habits(pb: PB, fl: Flavor, server: str | None = None) -> None:
    """Where this site keeps files: maybe on a file server sub-domain, maybe by Chinese name."""
    if server or pb.rng.random() < 0.3:
        fl.file_host = server or pb.host(pb.rng.choice(["file", "static", "res", "img"]))
        pb.site(fl.file_host)
        pb.notes.append(f"files on {fl.file_host}")
    if pb.rng.random() < 0.4:
        fl.chinese_names = pb.rng.choice([0.3, 0.6])
        pb.notes.append("files named in Chinese")


def sprinkle(fl: Flavor, locs: list[Loc], slow: bool = True, fail: bool = True) -> None:
    """A slow answer and a 500-once among the given list pages."""
    pick = [loc for loc in locs if loc[0] == fl.host]
    fl.rng.shuffle(pick)
    if slow and pick:
        fl.site.slow[pick[0][1]] = round(fl.rng.uniform(0.6, 1.1), 2)
        fl.pb.notes.append(f"slow {pick[0][1]}")
    if fail and len(pick) > 1:
        fl.site.fail_once.add(pick[1][1])
        fl.pb.notes.append(f"500 once {pick[1][1]}")


# ------------------------------------------------------------------ traps

def trap_calendar(pb: PB, host: str) -> tuple[str, Loc]:
    def route(s: MSite, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply | None:
        month = (query.get("month") or ["2024-01"])[0]
        try:
            y, m = (int(x) for x in month.split("-")[:2])
        except ValueError:
            y, m = 2024, 1
        prev = f"{y - (m == 1)}-{(m - 2) % 12 + 1:02d}"
        nxt = f"{y + (m == 12)}-{m % 12 + 1:02d}"
        days = "".join(f'<a href="?date={y}-{m:02d}-{d:02d}">{d}</a> ' for d in range(1, 29))
        page = (f"<html><head><title>活动日历 {y}年{m}月</title></head><body>"
                f'<a href="?month={prev}">上一月</a> <a href="?month={nxt}">下一月</a>'
                f"<div>{days}</div></body></html>")
        return Reply(200, page.encode("utf-8"), validators=False)
    pb.site(host).routes["/calendar/"] = route
    pb.traps.append("calendar")
    return "活动日历", (host, "/calendar/?month=2024-06")


def trap_paging(pb: PB, host: str, entries: list[Entry]) -> tuple[str, Loc]:
    pool = [pb.url(*e.loc) for e in entries[:12]]

    def route(s: MSite, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply | None:
        try:
            page = int((query.get("page") or ["1"])[0])
        except ValueError:
            page = 1
        items = "".join(f'<li><a href="{u}">信息{(page * 7 + i) % 97}</a></li>'
                        for i, u in enumerate(pool))
        html_ = (f"<html><head><title>更多信息 第{page}页</title></head><body><ul>{items}</ul>"
                 f'<a href="/news/more.jsp?page={page + 1}">下一页</a></body></html>')
        return Reply(200, html_.encode("utf-8"), validators=False)
    pb.site(host).routes["/news/more.jsp"] = route
    pb.traps.append("endless-paging")
    return "更多信息", (host, "/news/more.jsp?page=1")


def trap_loop(pb: PB, host: str) -> tuple[str, Loc]:
    def route(s: MSite, path: str, query: dict[str, list[str]], hit: Hit,
              body: bytes) -> Reply | None:
        if not (path.endswith("/") or path.endswith("index.html")):
            return None
        page = ("<html><head><title>专题专栏</title></head><body><h2>专题专栏</h2>"
                '<a href="zhuanti/index.html">专题首页</a> <a href="/">返回首页</a></body></html>')
        return Reply(200, page.encode("utf-8"))
    pb.site(host).prefix_routes.append(("/zhuanti/", route))
    pb.traps.append("relative-loop")
    return "专题专栏", (host, "/zhuanti/")


def trap_search(pb: PB, host: str) -> tuple[str, Loc]:
    pb.disallow(host, "/search/")
    pb.traps.append("search(robots)")
    return "热词：政府信息公开年报", (host, "/search/?q=%E5%B9%B4%E6%8A%A5&page=1")


def add_traps(pb: PB, fl: Flavor, entries: list[Entry], k: int) -> list[tuple[str, Loc]]:
    choices = ["calendar", "paging", "loop", "search", "tracking"]
    if fl.name in ("jeecms", "javado"):
        choices.append("session")
        choices.append("session")
    out = []
    for t in pb.rng.sample(choices, k):
        if t == "calendar":
            out.append(trap_calendar(pb, fl.host))
        elif t == "paging":
            out.append(trap_paging(pb, fl.host, entries))
        elif t == "loop":
            out.append(trap_loop(pb, fl.host))
        elif t == "search":
            out.append(trap_search(pb, fl.host))
        elif t == "tracking":
            fl.ch.tracking = True
            pb.traps.append("tracking-params")
        else:
            fl.ch.session = True
            pb.traps.append("jsessionid")
    if pb.rng.random() < 0.4 and not any(p.startswith(("/bak/", "/old_backup/", "/test/"))
                                         for p in pb.robots.get(fl.host, [])):
        out.append(("网站备份（内部）", backup_copies(pb, fl, fl.ch.site_name, [2021, 2022])))
        pb.notes.append("robots-forbidden backup copies of reports")
    return out


def printable(pb: PB, fl: Flavor) -> None:
    """Print versions of every article in a folder robots.txt forbids (reports go in never)."""
    prefix = pb.rng.choice(["/printpage/", "/print/", "/dy/"])
    fl.print_prefix = prefix
    pb.disallow(fl.host, prefix)


def backup_copies(pb: PB, fl: Flavor, unit: str, years: list[int]) -> Loc:
    """A forbidden /bak/ folder with old copies of reports, linked from an index page."""
    folder = pb.rng.choice(["/bak/", "/old_backup/", "/test/"])
    pb.disallow(fl.host, folder)
    items = []
    for y in years:
        path = f"{folder}nb{y}.html"
        doc = report_doc(unit, y, report_title(unit, y, pb.rng), fl.ch.site_name, pb.rng)
        fl.site.put(path, f"<html><head><meta charset=\"utf-8\"><title>{esc(doc.title)}</title>"
                          f"</head><body><h1>{esc(doc.title)}</h1>{doc_html(doc)}</body></html>")
        pb.never.add(pb.url(fl.host, path))
        items.append((doc.title, (fl.host, path)))
    fl.site.put(f"{folder}index.html", "<html><body>" + "".join(
        f'<a href="{p}">{esc(t)}</a><br>' for t, (_, p) in items) + "</body></html>")
    return (fl.host, f"{folder}index.html")


# ------------------------------------------------------------------ national administration

MINISTRIES = [
    ("国家水文气象局", "国家水文局", 2018, ["国家水文监测中心", "水文仪器计量检定中心", "水文气象数据中心",
                                  "水文气象科学研究院", "水文气象干部学院", "水文气象宣传中心"]),
    ("国家内河航运局", "交通运输部内河航运管理局", 2018, ["澜江航道局", "汀江航道局", "内河船舶检验中心",
                                           "内河航运信息中心", "内河引航中心"]),
    ("国家草原湿地局", "国家草原监理中心", 2018, ["草原监测评估中心", "湿地保护研究中心", "草原防火指挥中心",
                                      "国家草种质资源中心", "湿地规划设计院"]),
    ("国家边境口岸管理局", "国家口岸管理办公室", 2019, ["口岸信息中心", "口岸规划设计院", "边境口岸培训中心",
                                          "口岸卫生检疫中心"]),
    ("国家地理信息局", "国家测绘局", 2011, ["国家基础地理信息中心", "卫星测绘应用中心", "地图技术审查中心",
                                  "测绘标准化研究所", "大地测量数据处理中心"]),
]


def ministry(pb: PB, names: Names, spec: tuple[str, str, int, list[str]]) -> str:
    rng = pb.rng
    new, old, renamed, units = spec
    last = last_year(rng)
    www, zw = pb.host("www"), pb.host(rng.choice(["zwgk", "xxgk"]))
    fname = rng.choice(["trs", "ucap", "trs", "jiyue"])
    pb.family = fname
    ch_w, ch_z = chrome(pb, www, new), chrome(pb, zw, f"{new}政府信息公开")
    fw, fz = flavor(fname, pb, www, ch_w, pb.domain.split(".")[0]), \
        flavor(fname, pb, zw, ch_z, "xxgk")
    nav = [("首页", (www, "/")), ("政府信息公开", (zw, "/"))]
    ch_w.nav = ch_z.nav = nav
    printable(pb, fz)
    file_habits(pb, fz)

    def name(y: int) -> str:
        return old if y < renamed else new

    c_gk = [("政府信息公开", (zw, "/"))]
    c_nb = c_gk + [("政府信息公开年报", (zw, "/zfxxgknb/"))]
    first = rng.choice([2008, 2008, 2009])
    hidden_years = list(range(first, first + rng.randint(3, 4)))
    years = list(range(hidden_years[-1] + 1, last + 1))
    jg = fz.column("zfxxgknb/jg/")
    entries = reports_of(fz, jg, name, years, c_nb, "机关年报 list")
    # 解读 of recent reports sit in the same list
    for y in range(last - 2, last + 1):
        date = dstr(pub_date(y, rng))
        entries.append(fz.publish_other(jg, f"《{name(y)}{y}年政府信息公开工作年度报告》解读", date,
                                        name(y), c_nb, False, True))
    entries.sort(key=lambda e: e.date, reverse=True)
    jg_loc = fz.publish_list(jg, "机关年报", entries, rng.choice([10, 15]), c_nb)
    # the first years survive only in the sitemap, left over from the old site
    old_col = fz.column("lsnb/")
    keep, fz.file_host = fz.file_host, None  # a sitemap names its own host's URLs only
    old = reports_of(fz, old_col, name, hidden_years, c_nb, "only in sitemap.xml")
    fz.file_host = keep
    pb.sitemap[zw] = [pb.url(*e.loc) for e in old] + [pb.url(*jg_loc)]
    pb.notes.append("first years only in sitemap")
    # 直属单位: every unit, newest first, one long list
    zs = fz.column("zfxxgknb/zsdw/")
    zs_entries: list[Entry] = []
    for u in rng.sample(units, rng.randint(2, 4)):
        start = rng.choice([2017, 2019, 2020, 2021])
        zs_entries += reports_of(fz, zs, lambda y, u=u: u, list(range(start, last + 1)), c_nb,
                                 "直属单位 list")
    zs_entries.sort(key=lambda e: e.date, reverse=True)
    zs_loc = fz.publish_list(zs, "直属单位年报", zs_entries, 15, c_nb)
    sprinkle(fz, [jg_loc, zs_loc])
    # parent page of the two
    here = (zw, "/zfxxgknb/")
    body = (f'<h2>政府信息公开年报</h2><div class="col2"><h3><a href="{href(pb, here, jg_loc)}">机关</a>'
            f'</h3><ul>{"".join(li(pb, here, e, False) for e in entries[:5])}</ul></div>'
            f'<div class="col2"><h3><a href="{href(pb, here, zs_loc)}">直属单位</a></h3><ul>'
            f'{"".join(li(pb, here, e, False) for e in zs_entries[:5])}</ul></div>')
    static_page(fz, "/zfxxgknb/index.html", "政府信息公开年报", body, c_gk)
    # 法定主动公开内容 with look-alikes
    fd_loc, fd = news_column(fz, "fdzdgknr/", "法定主动公开内容", "", new, rng.randint(14, 24), last,
                             c_gk, looks=rng.randint(4, 7))
    guide = guide_pages(fz, fz.column("gkzn/"), new, last, c_gk)
    zw_body = links(pb, (zw, "/"), guide + [("法定主动公开内容", fd_loc),
                                             ("政府信息公开年报", here)])
    static_page(fz, "/index.html", f"{new}政府信息公开", zw_body, [])
    news_loc, news = news_column(fw, "xwzx/", "新闻中心", "", new, rng.randint(25, 45), last,
                                 [("新闻中心", (www, "/xwzx/"))])
    traps = add_traps(pb, fw, news, rng.randint(1, 2))
    bak = backup_copies(pb, fz, new, [last - 1, last - 2])
    home_page(fw, "/index.html", new, [("政府信息公开", (zw, "/"))] + traps +
              [("政府信息公开年报", here)], [("新闻中心", news, news_loc),
                                        ("法定主动公开", fd, fd_loc)],
              f'<!-- 旧栏目 <a href="{pb.url(*bak)}">备份</a> -->'
              f'<a href="{pb.url(*bak)}" style="display:none">bak</a>')
    pb.notes.append(f"{new}: 机关/直属单位 split, {fname}")
    return pb.url(www, "/")


# ------------------------------------------------------------------ provincial department

PROV_DEPTS = [
    ("jyt", [(2008, "教育厅")], ["教育考试院", "教育技术装备中心", "学生资助管理中心", "教育科学研究院",
                                 "电化教育馆"]),
    ("jtt", [(2008, "交通厅"), (2010, "交通运输厅")], ["公路事业发展中心", "港航事业发展中心",
                                                 "交通运输综合执法监督局", "交通运输信息中心"]),
    ("slt", [(2008, "水利厅")], ["水文水资源勘测局", "水利水电勘测设计院", "河湖保护中心", "水土保持监测站"]),
    ("zrzyt", [(2008, "国土资源厅"), (2019, "自然资源厅")], ["国土空间规划研究院", "不动产登记中心",
                                                     "地质环境监测总站", "自然资源调查院"]),
    ("rst", [(2008, "人事厅"), (2010, "人力资源和社会保障厅")], ["就业服务中心", "社会保险事业管理局",
                                                      "人事考试中心", "职业技能鉴定中心"]),
    ("wsjkw", [(2008, "卫生厅"), (2014, "卫生和计划生育委员会"), (2019, "卫生健康委员会")],
     ["疾病预防控制中心", "卫生健康监督所", "医学科学院", "血液中心", "卫生健康宣传教育中心"]),
    ("sthjt", [(2008, "环境保护厅"), (2019, "生态环境厅")], ["环境监测中心站", "环境科学研究院",
                                                    "固体废物管理中心", "辐射环境监督站"]),
]


def prov_dept(pb: PB, names: Names, prov: str, spec: tuple[str, list[tuple[int, str]],
                                                         list[str]]) -> str:
    rng = pb.rng
    code, hist, units = spec
    last = last_year(rng)
    host = pb.host(code)
    fname = rng.choice(["hanweb", "hanweb", "trs", "jiyue", "vsb"])
    pb.family = fname
    pname = prov + "省"

    def name(y: int) -> str:
        return pname + dept_name(hist, y)

    current = name(last)
    ch = chrome(pb, host, current)
    fl = flavor(fname, pb, host, ch, code)
    file_habits(pb, fl)
    ch.nav = [("首页", (host, "/")), ("政务公开", (host, "/zwgk/"))]
    c_gk = [("政务公开", (host, "/zwgk/"))]
    start = rng.choice([2010, 2012, 2014])
    jg = fl.column("zwgk/nb/jg/")
    entries = reports_of(fl, jg, name, list(range(start, last + 1)), c_gk, "机关 年报 column")
    jg_loc = fl.publish_list(jg, "厅机关", entries, rng.choice([10, 12]), c_gk)
    zs = fl.column("zwgk/nb/zsdw/")
    zs_entries: list[Entry] = []
    bare = rng.random() < 0.5
    for u in rng.sample(units, rng.randint(2, 4)):
        uname = pname + u
        zs_entries += reports_of(fl, zs, lambda y, n=uname: n,
                                 list(range(rng.choice([2018, 2019, 2020, 2021]), last + 1)),
                                 c_gk, "直属单位 column", bare=bare)
    zs_entries.sort(key=lambda e: e.date, reverse=True)
    zs_loc = fl.publish_list(zs, "直属单位", zs_entries, rng.choice([12, 15]), c_gk)
    sprinkle(fl, [jg_loc, zs_loc])
    fd_loc, fd = news_column(fl, "zwgk/fdzdgknr/", "法定主动公开内容", prov, current,
                             rng.randint(12, 20), last, c_gk, looks=rng.randint(3, 6))
    guide = guide_pages(fl, fl.column("zwgk/gkzn/"), current, last, c_gk)
    tabs = [("厅机关", jg_loc), ("直属单位", zs_loc)]
    nb_here = (host, "/zwgk/nb/")
    static_page(fl, "/zwgk/nb/index.html", "政府信息公开年报",
                '<h2>政府信息公开年报</h2>' + links(pb, nb_here, tabs, "tabs"), c_gk)
    gk_label = rng.choice(["政府信息公开年报", "信息公开年报", "年度报告", "政府信息公开工作年度报告"])
    static_page(fl, "/zwgk/index.html", "政务公开", links(
        pb, (host, "/zwgk/"), guide + [("法定主动公开内容", fd_loc), (gk_label, nb_here)]), [])
    news_loc, news = news_column(fl, "xwdt/", "工作动态", prov, current, rng.randint(20, 40), last,
                                 [("工作动态", (host, "/"))])
    traps = add_traps(pb, fl, news, rng.randint(1, 2))
    if fname != "hanweb" and rng.random() < 0.5:
        printable(pb, fl)
    home_page(fl, "/index.html", current, [("政务公开", (host, "/zwgk/"))] + traps,
              [("工作动态", news, news_loc), ("法定主动公开内容", fd, fd_loc)])
    pb.notes.append(f"{current}: 厅机关/直属单位 tabs, {fname}")
    return pb.url(host, "/")


# ------------------------------------------------------------------ city with 集中公开

def pick_depts(rng: random.Random, k: int) -> list[tuple[str, list[tuple[int, str]]]]:
    return rng.sample(DEPTS, k)


def city(pb: PB, names: Names, place: str) -> str:
    rng = pb.rng
    last = last_year(rng)
    cname = place + "市"
    gov = cname + "人民政府"
    www = pb.host("www")
    fname = rng.choice(["trs", "jiyue", "ucap", "hanweb", "aspx"])
    pb.family = fname
    ch = chrome(pb, www, gov)
    fl = flavor(fname, pb, www, ch, pb.domain.split(".")[0])
    file_habits(pb, fl)
    ch.nav = [("首页", (www, "/")), ("政务公开", (www, "/zwgk/")),
              ("政府信息公开年报", (www, "/zwgk/nb/"))]
    c_gk = [("政务公开", (www, "/zwgk/"))]
    c_nb = c_gk + [("政府信息公开年报", (www, "/zwgk/nb/"))]
    new_years = list(range(2019, last + 1))
    # departments: own sub-sites with their own 年报 columns (2014..)
    depts = []
    for code, hist in pick_depts(rng, rng.randint(3, 5)):
        host = pb.host(code)
        dch = chrome(pb, host, cname + dept_name(hist, last))
        dfl = flavor(fname, pb, host, dch, code)
        dch.nav = [("首页", (host, "/")), ("信息公开", (host, "/xxgk/")), ("市政府门户", (www, "/"))]
        base = dfl.column("xxgk/ndbg/")
        dc = [("信息公开", (host, "/xxgk/"))]
        first = rng.choice([2015, 2017, 2019])
        ents = reports_of(dfl, base, lambda y, h=hist: cname + dept_name(h, y),
                          list(range(max(first, hist[0][0]), last + 1)), dc, "dept sub-site 年报")
        loc = dfl.publish_list(base, "政府信息公开年报", ents, 10, dc)
        static_page(dfl, "/xxgk/index.html", "信息公开", links(pb, (host, "/xxgk/"), [
            ("政府信息公开年报", loc)]), [])
        dn_loc, dn = news_column(dfl, "gzdt/", "工作动态", cname, dch.site_name,
                                 rng.randint(6, 12), last, [])
        home_page(dfl, "/index.html", dch.site_name, [("信息公开", (host, "/xxgk/"))],
                  [("工作动态", dn, dn_loc)])
        depts.append((code, hist, ents))
    # counties: their reports as PDFs uploaded by the city
    counties = [names.small(rng.choice(["县", "区", "县"])) for _ in range(rng.randint(2, 3))]
    base_nb = fl.column("zwgk/nb/szf/")
    own = reports_of(fl, base_nb, lambda y: gov, list(range(rng.choice([2008, 2011]), last + 1)),
                     c_nb, "city government")
    year_locs = []
    for y in reversed(new_years):
        here_path = f"/zwgk/nb/{y}n/index.html"
        here = (www, here_path)
        secs = [("市政府", [e for e in own if e.year == y])]
        dep_es = []
        for _code, hist, ents in depts:
            for e in ents:
                if e.year == y:
                    dep_es.append(Entry(rng.choice([e.title, cname + dept_name(hist, y),
                                                    dept_name(hist, y)]), e.loc, e.date, e.full))
        secs.append(("市政府部门", dep_es))
        cty = []
        for c in counties:
            unit = f"{place}市{c}人民政府"
            title = report_title(unit, y, rng)
            e = fl.publish_report(fl.column(f"zwgk/nb/{y}n/xq/"), unit, y, title,
                                  pub_date(y, rng), "bare", rng.choice(["plain", "plain", "script"]),
                                  c_nb, f"county report uploaded by the city, {y} page", c)
            cty.append(e)
        secs.append(("县（市、区）政府", cty))
        tabs = "".join(f'<a href="/zwgk/nb/{t}n/">{t}年度</a> ' for t in reversed(new_years))
        body = f'<div class="tabs">{tabs}</div>' + "".join(
            f'<h3>{esc(h)}</h3><ul>{"".join(li(pb, here, e, False) for e in es)}</ul>'
            for h, es in secs)
        static_page(fl, here_path, f"{y}年度政府信息公开工作年度报告", body, c_nb)
        year_locs.append((f"{y}年度", (www, f"/zwgk/nb/{y}n/")))
    # earlier years: one list of the city government's reports
    old = [e for e in own if e.year < 2019]
    old_loc = fl.publish_list(fl.column("zwgk/nb/wnnb/"), "往年年报", old, 8, c_nb)
    year_locs.append(("2018年度及以前", old_loc))
    static_page(fl, "/zwgk/nb/index.html", "政府信息公开年报", "<h2>政府信息公开年报集中公开</h2>" +
                links(pb, (www, "/zwgk/nb/"), year_locs, "years"), c_gk)
    sprinkle(fl, [(www, f"/zwgk/nb/{new_years[0]}n/index.html"), old_loc])
    fd_loc, fd = news_column(fl, "zwgk/tzgg/", "通知公告", cname, gov, rng.randint(15, 30), last,
                             c_gk, looks=rng.randint(4, 8))
    guide = guide_pages(fl, fl.column("zwgk/gkzn/"), gov, last, c_gk)
    static_page(fl, "/zwgk/index.html", "政务公开", links(pb, (www, "/zwgk/"), guide + [
        ("通知公告", fd_loc), ("政府信息公开年报", (www, "/zwgk/nb/")),
        ("部门网站", (www, "/bmwz/"))]), [])
    static_page(fl, "/bmwz/index.html", "部门网站", links(pb, (www, "/bmwz/"), [
        (cname + dept_name(h, last), (pb.host(c), "/")) for c, h, _ in depts]), [])
    news_loc, news = news_column(fl, "xwzx/", "今日" + place, cname, gov, rng.randint(30, 50),
                                 last, [])
    traps = add_traps(pb, fl, news, rng.randint(1, 2))
    # the bare domain answers with a redirect to www
    bare = pb.site(pb.domain)
    bare.redirects["/"] = (301, pb.url(www, "/"))
    home_page(fl, "/index.html", gov, [("政务公开", (pb.domain, "/")), ("政府信息公开年报",
                                                                    (www, "/zwgk/nb/"))] + traps,
              [("今日" + place, news, news_loc), ("通知公告", fd, fd_loc)])
    pb.notes.append(f"{gov}: 集中公开 by year and unit type, depts on sub-domains, {fname}")
    return pb.url(www, "/")


# ------------------------------------------------------------------ city bureau with year folders

BUREAUS = [("rsj", "人力资源和社会保障局", ["就业服务中心", "社会保险事业管理中心", "劳动人事争议仲裁院",
                                         "人才交流服务中心", "职业技能鉴定指导中心"]),
           ("jtj", "交通运输局", ["公路事业发展中心", "道路运输服务中心", "交通运输综合行政执法支队",
                             "港航事业发展中心"]),
           ("wjw", "卫生健康委员会", ["疾病预防控制中心", "卫生健康综合监督执法局", "妇幼保健院", "中心血站",
                                "急救中心"]),
           ("czj", "财政局", ["财政国库支付中心", "政府采购中心", "财政投资评审中心", "会计服务中心"])]


def bureau(pb: PB, names: Names, place: str) -> str:
    rng = pb.rng
    last = last_year(rng)
    code, bname, units = rng.choice(BUREAUS)
    host = pb.host(code)
    name = place + "市" + bname
    fname = rng.choice(["trs", "vsb", "aspx", "jeecms"])
    pb.family = fname
    ch = chrome(pb, host, name)
    fl = flavor(fname, pb, host, ch, code)
    file_habits(pb, fl)
    root = "/zfxxgk/zfxxgknb/"
    ch.nav = [("首页", (host, "/")), ("政府信息公开", (host, "/zfxxgk/"))]
    c_gk = [("政府信息公开", (host, "/zfxxgk/"))]
    chosen = rng.sample(units, rng.randint(2, 4))
    year_locs = []
    for y in range(last, rng.choice([2012, 2014]), -1):
        col = fl.column(f"zfxxgk/zfxxgknb/{y}n/")
        c = c_gk + [("政府信息公开年报", (host, root))]
        ents = reports_of(fl, col, lambda _y: name, [y], c, f"{y} year folder")
        for u in chosen:
            if y >= 2019:
                ents += reports_of(fl, col, lambda _y, u=u: place + "市" + u, [y], c,
                                   f"{y} year folder, 下属单位", bare=True)
        if y == last - 1:
            ents.append(fl.publish_other(col, f"{name}{y}年度法治政府建设情况报告",
                                         dstr(pub_date(y, rng)), name, c, True, True))
        year_locs.append((f"{y}年度", fl.publish_list(col, f"{y}年度", ents, 8, c)))
    here = (host, root)
    if rng.random() < 0.6:  # the column's index only forwards to the real page
        real = root + "nb.html"
        stub = rng.choice([f'<meta http-equiv="refresh" content="0; url={real}">',
                           f'<script>window.location.href = "{real}";</script>'])
        fl.site.put(root + "index.html", f"<html><head>{stub}<title>政府信息公开年报</title></head>"
                                         "<body></body></html>")
        pb.notes.append("年报 column index forwards by meta refresh / location.href")
    else:
        real = root + "index.html"
    static_page(fl, real, "政府信息公开年报", links(pb, (host, real), year_locs, "years"), c_gk)
    sprinkle(fl, [loc for _, loc in year_locs[:4]])
    fd_loc, fd = news_column(fl, "zfxxgk/fdzdgknr/", "法定主动公开内容", place, name,
                             rng.randint(10, 18), last, c_gk, looks=rng.randint(3, 5))
    guide = guide_pages(fl, fl.column("zfxxgk/zn/"), name, last, c_gk)
    static_page(fl, "/zfxxgk/index.html", "政府信息公开", links(pb, (host, "/zfxxgk/"), guide + [
        ("法定主动公开内容", fd_loc), ("政府信息公开年报", here)]), [])
    news_loc, news = news_column(fl, "gzdt/", "工作动态", place, name, rng.randint(20, 35), last,
                                 [])
    traps = add_traps(pb, fl, news, rng.randint(1, 2))
    if rng.random() < 0.5:
        printable(pb, fl)
    home_page(fl, "/index.html", name, [("政府信息公开", (host, "/zfxxgk/"))] + traps,
              [("工作动态", news, news_loc)])
    pb.notes.append(f"{name}: year folders with 下属单位 under bare names, {fname}")
    return pb.url(host, "/")


# ------------------------------------------------------------------ district with sub-sites

def district(pb: PB, names: Names, place: str) -> str:
    rng = pb.rng
    last = last_year(rng)
    kind = rng.choice(["区", "县"])
    dname = place + kind
    gov = dname + "人民政府"
    www = pb.host("www")
    fname = rng.choice(["vsb", "ucap", "jeecms", "trs", "javado", "aspx", "jiyue"])
    pb.family = fname
    ch = chrome(pb, www, gov)
    fl = flavor(fname, pb, www, ch, pb.domain.split(".")[0])
    file_habits(pb, fl)
    ch.nav = [("首页", (www, "/")), ("信息公开", (www, "/xxgk/"))]
    c_gk = [("信息公开", (www, "/xxgk/"))]
    own_col = fl.column("xxgk/zfxxgknb/")
    noticed = rng.random() < 0.6  # the latest report only came out as a notice in 通知公告
    own = reports_of(fl, own_col, lambda y: gov,
                     list(range(rng.choice([2010, 2013]), last + (0 if noticed else 1))), c_gk,
                     "district government 年报")

    def notice(base: str) -> list[Entry]:
        if not noticed:
            return []
        title = report_title(gov, last, rng)
        page = rng.choice([f"关于公开《{title}》的公告", f"{gov}关于发布{last}年政府信息公开工作年度报告的公告",
                           f"{gov}办公室关于公布{last}年度政府信息公开工作年度报告的通知"])
        pb.notes.append("latest report only as a notice in 通知公告")
        return [fl.publish_report(base, gov, last, title, pub_date(last, rng), "notice",
                                  rng.choice(["plain", "script", "onclick"]), c_gk,
                                  "only in 通知公告, as a notice", page, page_title=page)]
    own_loc = fl.publish_list(own_col, "政府信息公开年报", own, rng.choice([8, 10]), c_gk)
    # departments on sub-domains
    dept_links = []
    for code, hist in pick_depts(rng, rng.randint(2, 4)):
        host = pb.host(code)
        dch = chrome(pb, host, dname + dept_name(hist, last))
        dfl = flavor(fname, pb, host, dch, code)
        dfl.file_host, dfl.chinese_names = fl.file_host, fl.chinese_names
        dch.nav = [("首页", (host, "/")), ("区政府门户", (www, "/"))]
        col = dfl.column("zfxxgk/ndbg/")
        first = max(hist[0][0], rng.choice([2016, 2019, 2020]))
        ents = reports_of(dfl, col, lambda y, h=hist: dname + dept_name(h, y),
                          list(range(first, last + 1)), [], "dept sub-site", bare=rng.random() < 0.3)
        if rng.random() < 0.4:
            y = last - 1
            ents.append(dfl.publish_other(col, f"{dname}{dept_name(hist, y)}{y}年度部门决算",
                                          dstr(pub_date(y, rng)), dch.site_name, [], True, True))
        loc = dfl.publish_list(col, "信息公开年报", ents, 10, [])
        dn_loc, dn = news_column(dfl, "gzdt/", "工作动态", dname, dch.site_name,
                                 rng.randint(5, 10), last, [])
        if rng.random() < 0.5:
            dfl.site.redirects["/"] = (302, "/index.html")
        home_page(dfl, "/index.html", dch.site_name, [("信息公开年报", loc)],
                  [("工作动态", dn, dn_loc)])
        dept_links.append((dch.site_name, (host, "/")))
    # townships under the district's own tree
    town_links = []
    for _ in range(rng.randint(2, 4)):
        t = names.small(rng.choice(["镇", "乡", "街道"]))
        tname = dname + t + ("办事处" if t.endswith("街道") else "人民政府")
        tcode = "".join(rng.choice("abcdefghjkmnpqrstwxyz") for _ in range(4)) + str(len(town_links))
        col = fl.column(f"xxgk/xzjd/{tcode}/nb/")
        tc = c_gk + [(t, (www, f"/xxgk/xzjd/{tcode}/"))]
        ents = reports_of(fl, col, lambda y, n=tname: n,
                          list(range(rng.choice([2018, 2019, 2020, 2021]), last + 1)), tc,
                          "township under the district tree", bare=rng.random() < 0.5)
        loc = fl.publish_list(col, "政府信息公开年报", ents, 10, tc)
        static_page(fl, f"/xxgk/xzjd/{tcode}/index.html", t, links(pb, (www, f"/xxgk/xzjd/{tcode}/"), [
            (f"{t}政府信息公开指南", (www, f"/xxgk/xzjd/{tcode}/")), ("政府信息公开年报", loc)]), tc)
        town_links.append((t, (www, f"/xxgk/xzjd/{tcode}/")))
    fd_loc, fd = news_column(fl, "xxgk/tzgg/", "通知公告", dname, gov, rng.randint(12, 25), last,
                             c_gk, looks=rng.randint(3, 6), more=notice)
    here = (www, "/xxgk/")
    body = ("<h3>区政府</h3>" + links(pb, here, [("政府信息公开年报", own_loc), ("通知公告", fd_loc)])
            + "<h3>部门信息公开</h3>" + links(pb, here, dept_links)
            + "<h3>乡镇（街道）信息公开</h3>" + links(pb, here, town_links))
    static_page(fl, "/xxgk/index.html", "信息公开", body, [])
    sprinkle(fl, [own_loc, fd_loc])
    news_loc, news = news_column(fl, "xwzx/", dname + "要闻", dname, gov, rng.randint(25, 45), last,
                                 [])
    traps = add_traps(pb, fl, news, rng.randint(1, 2))
    if rng.random() < 0.5:
        printable(pb, fl)
    home_page(fl, "/index.html", gov, [("信息公开", here)] + traps,
              [(dname + "要闻", news, news_loc), ("通知公告", fd, fd_loc)],
              scripted=rng.random() < 0.4)
    pb.notes.append(f"{gov}: depts on sub-domains, townships in tree, {fname}")
    return pb.url(www, "/")


# ------------------------------------------------------------------ 政务公开 platform (unit codes)

def platform(pb: PB, names: Names, place: str) -> str:
    rng = pb.rng
    last = last_year(rng)
    kind = rng.choice(["县", "市", "区"])
    dname = place + kind
    gov = dname + "人民政府"
    www, xx = pb.host("www"), pb.host(rng.choice(["xxgk", "zwgk"]))
    pb.family = "hanweb-xxgk"
    ch_w, ch_x = chrome(pb, www, gov), chrome(pb, xx, f"{gov}信息公开")
    fw = flavor("hanweb", pb, www, ch_w, "www")
    fx = flavor("hanweb", pb, xx, ch_x, "xxgk")
    ch_w.nav = ch_x.nav = [("首页", (www, "/")), ("政府信息公开", (xx, "/"))]
    region = "".join(rng.choice("0123456789") for _ in range(9))
    units: list[tuple[str, str, int]] = [(gov, "000", rng.choice([2015, 2016]))]
    for code, hist in pick_depts(rng, rng.randint(3, 5)):
        units.append((dname + dept_name(hist, last), code, max(hist[0][0], rng.choice([2016, 2019]))))
    for _ in range(rng.randint(1, 3)):
        t = names.small(rng.choice(["镇", "乡"]))
        units.append((dname + t + "人民政府", "xz", rng.choice([2018, 2019, 2020])))
    directory = []
    for i, (uname, _code, first) in enumerate(units):
        area = f"{region}{i:03d}"
        upath = f"/xxgk/{area}/"
        c_u = [("机构导航", (xx, "/jgdh/")), (uname, (xx, upath))]
        year_links = []
        old_col = fx.column(f"xxgk/{area}/ndbg/")
        old_years = [y for y in range(first, 2019)]
        old_ents = reports_of(fx, old_col, lambda y, n=uname: n, old_years, c_u,
                              "platform unit, old articles") if old_years else []
        for y in range(max(2019, first - rng.choice([0, 0, 1])), last + 1):
            jsp = f"/module/xxgk/xxgkAnnualReport.jsp?area={area}&fbtime={y}"
            url = pb.url(xx, jsp)
            if y < first:  # the unit did not exist yet: the jsp answers "暂无年报"
                pb.lookalikes.add(url)
                year_links.append((f"{y}年度", (xx, jsp)))
                continue
            title = report_title(uname, y, rng)
            doc = report_doc(uname, y, title, ch_x.site_name, rng)
            date = dstr(pub_date(y, rng))
            body = doc_html(doc)
            urls = [url]
            if rng.random() < 0.4:
                fp = f"/attach/0/{hexid(rng, 32)}.pdf"
                fx.site.put(fp, pdf_bytes(doc))
                body = f"<p>{esc(title)}（详见附件）</p>" + \
                    f'<p>附件：<a href="{fp}">{esc(title)}.pdf</a></p>'
                urls.append(pb.url(xx, fp))
            page = page_html(pb, ch_x, (xx, jsp), title,
                             f"<h1>{esc(title)}</h1><p>发布日期：{date}</p>{body}", c_u)
            fx.site.put(f"/module/xxgk/annual/{area}-{y}.html", page)
            pb.report(uname, y, urls, "hanweb xxgkAnnualReport.jsp by unit code and year")
            year_links.append((f"{y}年度", (xx, jsp)))
        year_links.reverse()
        here = (xx, upath + "nb.html")
        body = "<h3>政府信息公开年报</h3>" + links(pb, here, year_links, "years")
        if old_ents:
            body += "<h3>往年年报</h3><ul>" + "".join(li(pb, here, e, False)
                                                  for e in old_ents) + "</ul>"
        static_page(fx, upath + "nb.html", f"{uname} 政府信息公开年报", body, c_u)
        static_page(fx, upath + "index.html", uname, links(pb, (xx, upath), [
            ("政府信息公开指南", (xx, upath)), ("政府信息公开年报", here)]), c_u[:1])
        directory.append((uname, (xx, upath)))
    static_page(fx, "/jgdh/index.html", "机构导航", links(pb, (xx, "/jgdh/"), directory), [])
    fd_loc, fd = news_column(fx, "fdzdgknr/", "法定主动公开内容", dname, gov, rng.randint(10, 20),
                             last, [], looks=rng.randint(3, 6))
    static_page(fx, "/index.html", f"{gov}信息公开", links(pb, (xx, "/"), [
        ("机构导航", (xx, "/jgdh/")), ("法定主动公开内容", fd_loc)]), [])
    news_loc, news = news_column(fw, "xwzx/", "今日" + dname, dname, gov, rng.randint(20, 35), last,
                                 [])
    traps = add_traps(pb, fw, news, 1)
    home_page(fw, "/index.html", gov, [("政府信息公开", (xx, "/"))] + traps,
              [("今日" + dname, news, news_loc)])
    pb.notes.append(f"{gov}: xxgk platform with unit codes, xxgkAnnualReport.jsp")
    return pb.url(www, "/")


# ------------------------------------------------------------------ gkmlpt district

def gkmlpt(pb: PB, names: Names, place: str) -> str:
    rng = pb.rng
    last = last_year(rng)
    dname = place + rng.choice(["区", "县", "市"])
    gov = dname + "人民政府"
    www = pb.host("www")
    pb.family = "gkmlpt"
    ch = chrome(pb, www, gov)
    ch.nav = [("首页", (www, "/")), ("政府信息公开", (www, "/zwgk/"))]
    plain = flavor("trs", pb, www, ch, "www")
    units = [(gov, "", rng.choice([2012, 2015]))]
    for code, hist in pick_depts(rng, rng.randint(2, 4)):
        units.append((dname + dept_name(hist, last), code, max(hist[0][0], 2018)))
    for _ in range(rng.randint(1, 2)):
        t = names.small(rng.choice(["镇", "街道"]))
        units.append((dname + t + ("办事处" if t.endswith("街道") else "人民政府"),
                      "xz" + hexid(rng, 3), rng.choice([2018, 2019])))
    dir_links = []
    for uname, slug, first in units:
        gk = GKMLPT(pb, www, ch, slug)
        c = [("政府信息公开", (www, "/zwgk/"))]
        nb_col = gk.column("nb")
        ents = reports_of(gk, nb_col, lambda y, n=uname: n, list(range(first, last + 1)), c,
                          "gkmlpt JSON api", forms=["html", "html", "pdf", "imgtables",
                                                    "full+pdf", "docx"])
        nb_loc = gk.publish_list(nb_col, "政府信息公开年报", ents, 10, c)
        tz_col = gk.column("tz")
        tz = []
        for i in range(rng.randint(4, 10)):
            date = rand_date(rng, last)
            if i < 2:
                title, attach = lookalike_title(uname, dname, int(date[:4]) - 1, rng)
                tz.append(gk.publish_other(tz_col, title, date, uname, c, attach, True))
            else:
                tz.append(gk.publish_other(tz_col, news_title(dname, int(date[:4]), rng), date,
                                           uname, c, False, False))
        tz_loc = gk.publish_list(tz_col, "通知公告", tz, 10, c)
        idx = gk.index_page([("通知公告", tz_loc), ("政府信息公开年报", nb_loc)], uname, c)
        dir_links.append((uname, idx))
    static_page(plain, "/zwgk/index.html", "政府信息公开", links(pb, (www, "/zwgk/"), dir_links), [])
    news_loc, news = news_column(plain, "xwzx/", dname + "新闻", dname, gov, rng.randint(20, 35),
                                 last, [])
    traps = add_traps(pb, plain, news, 1)
    home_page(plain, "/index.html", gov, [("政府信息公开", (www, "/zwgk/"))] + traps,
              [(dname + "新闻", news, news_loc)])
    pb.notes.append(f"{gov}: gkmlpt SPA pages, lists only through JSON APIs")
    return pb.url(www, "/")


# ------------------------------------------------------------------ county with an old GBK site

def oldcounty(pb: PB, names: Names, place: str) -> str:
    rng = pb.rng
    last = last_year(rng)
    cname = place + "县"
    gov = cname + "人民政府"
    www, old = pb.host("www"), pb.host(rng.choice(["old", "2015", "jb"]))
    fname = rng.choice(["jeecms", "aspx", "vsb", "trs"])
    pb.family = fname + "+gbk"
    ch = chrome(pb, www, gov)
    if fname == "aspx" and rng.random() < 0.6:
        ch.charset = "gbk"
    fl = flavor(fname, pb, www, ch, pb.domain.split(".")[0])
    ch.nav = [("首页", (www, "/")), ("政务公开", (www, "/zwgk/"))]
    ch.footer_links = [("旧版网站", (old, "/"))]
    c_gk = [("政务公开", (www, "/zwgk/"))]
    switch = rng.choice([2015, 2016, 2017])
    col = fl.column("zwgk/ndbg/")
    ents = reports_of(fl, col, lambda y: gov, list(range(switch, last + 1)), c_gk,
                      "new site 年报")
    dept_ents = []
    for _code, hist in pick_depts(rng, rng.randint(2, 4)):
        dept_ents += reports_of(fl, col, lambda y, h=hist: cname + dept_name(h, y),
                                list(range(max(2019, hist[0][0]), last + 1)), c_gk,
                                "new site 年报, departments mixed in")
    allents = sorted(ents + dept_ents, key=lambda e: e.date, reverse=True)
    nb_loc = fl.publish_list(col, "政府信息公开年度报告", allents, 12, c_gk)
    # the old column address answers with a redirect to the new one
    fl.site.redirects["/zwgk/ndbg.asp"] = (301, pb.url(*nb_loc))
    # the old site: GBK, frames, .htm
    och = Chrome(f"{gov}（旧版）", (old, "/index.htm"), charset="gbk", code=ch.code)
    ofl = flavor("trs", pb, old, och, "old")
    ofl.relative = False
    osite = pb.site(old)
    osite.redirects["/"] = (302, "/index.htm")
    frames = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
              f'<title>{gov}</title></head><frameset rows="120,*"><frame src="top.htm" '
              'name="top"><frame src="main.htm" name="main"></frameset></html>')
    osite.put("/index.htm", frames.encode("gb18030"), "text/html; charset=gbk")
    osite.put("/top.htm", f"<html><body><h1>{gov}</h1></body></html>".encode("gb18030"),
              "text/html; charset=gbk")
    ocol = ofl.column("zwgk/ndbg/")
    o_ents = reports_of(ofl, ocol, lambda y: gov, list(range(2008, switch)), [],
                        "old GBK site behind frames", forms=["html", "html", "docx", "scan", "bare"])
    # a dead link to a report that was never uploaded
    o_ents.insert(rng.randrange(len(o_ents) + 1), Entry(f"{gov}{switch - 3}年政府信息公开工作年度报告（更正）",
                                                        (old, f"/zwgk/ndbg/{hexid(rng, 8)}.htm"),
                                                        f"{switch - 2}-04-01"))
    pb.notes.append("404 dead link on the old site")
    o_loc = ofl.publish_list(ocol, "政府信息公开年报", o_ents, 15, [])
    osite.put("/main.htm", (f"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                            f"charset=gb2312\"></head><body><a href=\"{o_loc[1]}\">政府信息公开年报</a>"
                            f"</body></html>").encode("gb18030"), "text/html; charset=gbk")
    fd_loc, fd = news_column(fl, "zwgk/tzgg/", "通知公告", cname, gov, rng.randint(12, 22), last,
                             c_gk, looks=rng.randint(3, 6))
    static_page(fl, "/zwgk/index.html", "政务公开", links(pb, (www, "/zwgk/"), [
        ("通知公告", fd_loc), ("政府信息公开年度报告", nb_loc)]), [])
    news_loc, news = news_column(fl, "xwzx/", cname + "新闻", cname, gov, rng.randint(15, 30), last,
                                 [])
    traps = add_traps(pb, fl, news, rng.randint(1, 2))
    sprinkle(fl, [nb_loc, fd_loc])
    home_page(fl, "/index.html", gov, [("政务公开", (www, "/zwgk/")),
                                       ("信息公开年报（旧址）", (www, "/zwgk/ndbg.asp"))] + traps,
              [(cname + "新闻", news, news_loc), ("通知公告", fd, fd_loc)])
    pb.notes.append(f"{gov}: new site {fname}{' gbk' if ch.charset != 'utf-8' else ''}, "
                    f"{2008}-{switch - 1} only on the old GBK framed site")
    return pb.url(www, "/")
