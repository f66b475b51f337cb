"""The parts every government site of the *outer* world has (see `outer.py`): a 新闻中心 with
news and notices (look-alikes among them), a 政务公开 channel with 指南/制度/法定主动公开内容
(预决算, 统计, 规划 look-alikes)/依申请公开, a home page that previews news, a 网站地图, and helpers
that put a unit's reports, year by year, into a column next to look-alikes."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from .outer_cms import Cms, Col, Item
from .outer_forms import forms_for, publish, publish_look, publish_news
from .outer_kit import Loc, esc
from .outer_text import bare_title
from .outer_traps import calendar, dead_links, endless, soft404, tags_and_search

# (code, names by first year): county and city departments, renamed over the years
DEPTS: list[tuple[str, list[tuple[int, str]]]] = [
    ("fgj", [(2008, "发展和改革局")]),
    ("jyj", [(2008, "教育局"), (2019, "教育和体育局")]),
    ("gxj", [(2008, "经济贸易局"), (2010, "工业和信息化局")]),
    ("mzj", [(2008, "民政局")]),
    ("sfj", [(2008, "司法局")]),
    ("czj", [(2008, "财政局")]),
    ("rsj", [(2008, "人事局"), (2010, "人力资源和社会保障局")]),
    ("zrzyj", [(2008, "国土资源局"), (2019, "自然资源局")]),
    ("sthjj", [(2008, "环境保护局"), (2019, "生态环境局")]),
    ("zjj", [(2008, "建设局"), (2011, "住房和城乡建设局")]),
    ("jtysj", [(2008, "交通运输局")]),
    ("swj", [(2008, "水利局"), (2015, "水务局")]),
    ("nyncj", [(2008, "农业局"), (2019, "农业农村局")]),
    ("wlj", [(2008, "文化体育局"), (2012, "文化广电新闻出版局"), (2019, "文化和旅游局")]),
    ("wjj", [(2008, "卫生局"), (2014, "卫生和计划生育局"), (2019, "卫生健康局")]),
    ("yjglj", [(2008, "安全生产监督管理局"), (2019, "应急管理局")]),
    ("scjgj", [(2008, "工商行政管理局"), (2015, "市场和质量监督管理局"), (2019, "市场监督管理局")]),
    ("tjj", [(2008, "统计局")]),
    ("sjj", [(2008, "审计局")]),
    ("ybj", [(2019, "医疗保障局")]),
    ("tyjrswj", [(2019, "退役军人事务局")]),
    ("zwfwj", [(2015, "行政审批服务局"), (2021, "政务服务和大数据管理局")]),
    ("lcj", [(2008, "林业局"), (2019, "林业和草原局")]),
    ("mzzjj", [(2008, "民族宗教事务局")]),
]


def name_in(hist: list[tuple[int, str]], year: int) -> str:
    """A department's name in `year`."""
    name = hist[0][1]
    for y, n in hist:
        if year >= y:
            name = n
    return name


@dataclass
class Gov:
    """One government site while it is being built."""

    cms: Cms
    unit: str  # 主办单位, e.g. 磐溪县人民政府
    place: str  # e.g. 磐溪县
    last: int = 2025
    cols: dict[str, Col] = field(default_factory=dict)
    news: list[Item] = field(default_factory=list)
    quick: list[tuple[str, Loc]] = field(default_factory=list)  # 政务公开 block of the home page
    special: list[tuple[str, Loc]] = field(default_factory=list)  # 专题专栏
    blocks: list[str] = field(default_factory=list)  # more home page blocks (html)
    footer: list[tuple[str, Loc]] = field(default_factory=list)
    tags: list[tuple[str, Loc]] = field(default_factory=list)


def skeleton(cms: Cms, unit: str, place: str, *, small: bool = False,
             zwgk_name: str = "政务公开", setup: Callable[[Gov], None] | None = None,
             footer: list[tuple[str, Loc]] | None = None, pre_traps: list[str] | None = None) -> Gov:
    """The usual columns, filled with news, notices, guides and look-alikes. `setup(g)` runs
    once the columns exist and before anything is written (add columns, nav entries); the
    session and tracking traps in `pre_traps` decorate every navigation link."""
    g = Gov(cms, unit, place)
    rng = cms.rng
    c = g.cols
    c["xwzx"] = cms.col("新闻中心", "xwzx", style="cover")
    c["ywdt"] = cms.col(rng.choice(["要闻动态", "工作动态", "本地要闻"]), "xwzx/ywdt", c["xwzx"])
    c["tzgg"] = cms.col("通知公告", "xwzx/tzgg", c["xwzx"])
    if not small:
        c["bmdt"] = cms.col(rng.choice(["部门动态", "乡镇动态", "基层动态"]), "xwzx/bmdt", c["xwzx"])
    c["zwgk"] = cms.col(zwgk_name, "zwgk", style="cover")
    c["gkzn"] = cms.col("政府信息公开指南", "zwgk/gkzn", c["zwgk"])
    c["gkzd"] = cms.col("政府信息公开制度", "zwgk/gkzd", c["zwgk"])
    c["fdzd"] = cms.col("法定主动公开内容", "zwgk/fdzdgknr", c["zwgk"], style="cover")
    c["zcwj"] = cms.col("政策文件", "zwgk/fdzdgknr/zcwj", c["fdzd"])
    c["czzj"] = cms.col(rng.choice(["财政预决算", "财政资金", "预算决算"]), "zwgk/fdzdgknr/czyjs", c["fdzd"])
    c["ghjh"] = cms.col("规划计划", "zwgk/fdzdgknr/ghjh", c["fdzd"])
    if not small:
        c["tjxx"] = cms.col("统计信息", "zwgk/fdzdgknr/tjxx", c["fdzd"])
    c["ysq"] = cms.col("依申请公开", "zwgk/ysqgk", c["zwgk"])
    for kind in pre_traps or []:
        if kind == "session" and cms.family in ("dede", "phpcms", "ecms"):
            cms.session = "query"  # PHP's trans_sid: ?PHPSESSID= on links
            cms.b.trap("session-id")
        elif kind in ("session", "tracking"):
            cms.tracking = rng.choice(["spm", "from", "utm_source"])
            cms.b.trap("tracking")
    g.footer = [("网站地图", site_map_loc(cms))] + (footer or []) + dead_links(cms)
    cms.footer = g.footer
    standard_nav(g)
    if setup is not None:
        setup(g)
    last = g.last
    for _ in range(rng.randint(6, 10) if small else rng.randint(10, 16)):
        g.news.append(add(c["ywdt"], publish_news(cms, c["ywdt"], unit, place, rng.randint(last - 2, last))))
    for kinds in ({"news"}, {"read"}, {"news", "train"}):
        if rng.random() < 0.8:
            y = rng.randint(last - 4, last - 1)
            add(c["ywdt"], publish_look(cms, c["ywdt"], unit, place, y, kinds=kinds))
    for _ in range(rng.randint(4, 8)):
        add(c["tzgg"], publish_news(cms, c["tzgg"], unit, place, rng.randint(last - 3, last)))
    for kinds in ({"train"}, {"firm"}, {"fund"}, {"train", "firm"}):
        if rng.random() < 0.75:
            add(c["tzgg"], publish_look(cms, c["tzgg"], unit, place, rng.randint(last - 5, last - 1),
                                        kinds=kinds))
    if "bmdt" in c:
        for _ in range(rng.randint(4, 7)):
            add(c["bmdt"], publish_news(cms, c["bmdt"], unit, place, rng.randint(last - 2, last)))
    for y in sorted(rng.sample(range(2015, last + 1), 2)):
        add(c["gkzn"], publish_news(cms, c["gkzn"], unit, place, y, title=f"{unit}政府信息公开指南（{y}年修订）"))
    add(c["gkzd"], publish_news(cms, c["gkzd"], unit, place, 2019, title=f"{unit}政府信息公开工作制度"))
    add(c["gkzd"], publish_news(cms, c["gkzd"], unit, place, 2020, title=f"{unit}政府信息公开保密审查制度"))
    add(c["ysq"], publish_news(cms, c["ysq"], unit, place, 2021, title="依申请公开办理流程及申请表下载"))
    for _ in range(rng.randint(2, 5)):
        add(c["zcwj"], publish_news(cms, c["zcwj"], unit, place, rng.randint(last - 4, last),
                                    title=f"{place}关于印发{rng.choice(['乡村振兴', '营商环境', '城乡建设', '安全生产', '就业创业'])}"
                                          f"实施方案的通知"))
    for _ in range(rng.randint(3, 6)):
        y = rng.randint(2016, last - 1)
        add(c["czzj"], publish_look(cms, c["czzj"], unit, place, y, kinds={"money"},
                                    bare=rng.random() < 0.3))
    if "tjxx" in c:
        for _ in range(rng.randint(2, 4)):
            add(c["tjxx"], publish_look(cms, c["tjxx"], unit, place, rng.randint(2012, last - 1),
                                        kinds={"stats"}))
    for _ in range(rng.randint(2, 4)):
        add(c["ghjh"], publish_look(cms, c["ghjh"], unit, place, rng.randint(2016, last - 1),
                                    kinds={"plan", "gov"}))
    g.quick = [(c["gkzn"].name, cms.first(c["gkzn"])), (c["gkzd"].name, cms.first(c["gkzd"])),
               (c["fdzd"].name, cms.first(c["fdzd"])), (c["ysq"].name, cms.first(c["ysq"])),
               ("政府信息公开", cms.first(c["zwgk"]))]
    return g


def add(col: Col, it: Item) -> Item:
    """Put `it` in `col`'s list."""
    col.items.append(it)
    return it


def report_col(g: Gov, name: str, slug: str, parent: Col | None = None, style: str = "list",
               per_page: int | None = None) -> Col:
    """A 年报 column: never previewed on covers, so a report is three clicks from home."""
    return g.cms.col(name, slug, parent if parent is not None else g.cols["zwgk"], style,
                     per_page, preview=False)


def put_reports(g: Gov, col: Col, name_of: Callable[[int], str], years: list[int], where: str, *,
                bare_titles: float = 0.0, looks: int = 0, forms: list[str] | None = None,
                cms: Cms | None = None, notices: Col | None = None,
                look_unit: str | None = None) -> list[Item]:
    """Reports of one unit for `years` in `col` (a notice among them goes to `notices`), and
    `looks` look-alikes in the same list."""
    cms = cms or g.cms
    rng = cms.rng
    out = []
    current = name_of(max(years)) if years else ""
    for y in years:
        unit = name_of(y)
        form = rng.choice(forms_for(cms, y, forms))
        if form == "notice" and notices is None:
            form = "html"
        note = where
        if unit != current:
            note += f", predecessor name {unit}"
        title = None
        list_title = None
        if bare_titles and rng.random() < bare_titles and form != "notice":
            list_title = bare_title(unit, y, rng)
            note += f", bare-year title '{list_title}'"
        target = notices if form == "notice" and notices is not None else col
        if target is notices:
            note = f"{note}, filed under {target.name}"
        it = publish(cms, target, unit, y, form, where=note, title=title, list_title=list_title)
        if target is notices:
            it.home = False
        target.items.append(it)
        out.append(it)
    kinds = {"law", "read", "site", "other", "fund", "firm", "plan"}
    for _ in range(looks):
        y = rng.randint(min(years) if years else 2018, max(years) if years else 2024)
        col.items.append(publish_look(cms, col, look_unit or current or g.unit, g.place, y, kinds=kinds,
                                      bare=rng.random() < 0.15))
    return out


def years_of(first: int, last: int, rng: random.Random, gaps: int = 0) -> list[int]:
    """`first`..`last`, less `gaps` years in between that were never published."""
    ys = list(range(first, last + 1))
    for _ in range(gaps):
        if len(ys) > 4:
            ys.remove(rng.choice(ys[1:-1]))
    return ys


def traps(g: Gov, kinds: list[str]) -> None:
    """Install the traps named in `kinds` (calendar, endless, tagsearch) and a soft-404 专题
    area, all linked from the home page."""
    cms = g.cms
    rng = cms.rng
    for kind in kinds:
        if kind == "calendar":
            g.blocks.append(link_box(cms, "互动交流", [calendar(cms, rng.sample(g.news, min(4, len(g.news))))]))
        elif kind == "endless":
            pool = g.cols["ywdt"].items[:]
            g.special.append(endless(cms, pool, rng.choice(["热点专题", "政策解读", "专题专栏"])))
        elif kind == "tagsearch":
            g.tags.append(tags_and_search(cms, g.cols["ywdt"].items + g.cols["tzgg"].items,
                                          forbid_search=rng.random() < 0.5))
    g.special += soft404(cms, rng.choice(["/zt/", "/ztzl/", "/special/"]))


def link_box(cms: Cms, title: str, links: list[tuple[str, Loc]], here: Loc | None = None) -> str:
    """A box of links as the home page (or `here`) shows it."""
    here = here or cms.loc("/")
    lis = "".join(f'<li><a href="{esc(cms.href(here, loc))}">{esc(n)}</a></li>' for n, loc in links)
    return f'<div class="box"><h3>{esc(title)}</h3><ul>{lis}</ul></div>'


def home_page(g: Gov, here: Loc | None = None, title: str | None = None) -> Loc:
    """The home page: news and notices previews (look-alikes among them), the 政务公开 block,
    专题专栏, 热门标签, extra blocks; plus a 网站地图 page."""
    cms = g.cms
    here = here or cms.loc("/")
    c = g.cols
    site_map(g)

    def preview(col: Col, n: int = 7) -> str:
        items = [it for it in cms.sorted_items(col) if it.home][:n]
        lis = "".join(f"<li>{cms.a(here, it, 26)}<span>{it.date[5:]}</span></li>" for it in items)
        return (f'<div class="box"><div class="box-hd"><h3>{esc(col.name)}</h3><a class="more" href="'
                f'{esc(cms.href(here, cms.first(col), nav=True))}">更多&gt;&gt;</a></div><ul>{lis}</ul></div>')
    parts = [f'<div class="banner"><img src="{cms.logo}" alt="{esc(g.unit)}"></div>',
             '<div class="row">' + preview(c["ywdt"]) + preview(c["tzgg"]) + "</div>",
             link_box(cms, "政务公开", g.quick, here)]
    if g.special:
        parts.append(link_box(cms, "专题专栏", g.special, here))
    if g.tags:
        parts.append(link_box(cms, "热门标签", g.tags, here))
    parts += g.blocks
    cms.home(here, title or g.unit, "".join(parts))
    return here


def site_map_loc(cms: Cms) -> Loc:
    """Where this system keeps its 网站地图."""
    return cms.loc({"dede": "/sitemap.html", "phpcms": "/index.php?m=content&c=index&a=sitemap",
                    "ecms": "/sitemap/", "siteserver": "/sitemap.html", "api": "/wzdt/index.html",
                    "tabs": "/wzdt.htm", "asp": "/sitemap.asp"}.get(cms.family, "/sitemap.html"))


def site_map(g: Gov) -> Loc:
    """网站地图: every top column and its children."""
    cms = g.cms
    loc = site_map_loc(cms)

    def tree(cols: list[Col]) -> str:
        return "<ul>" + "".join(f'<li><a href="{esc(cms.href(loc, cms.first(col)))}">{esc(col.name)}</a>'
                                + (tree(col.children) if col.children else "") + "</li>"
                                for col in cols) + "</ul>"
    cms.write(loc, cms.page(loc, "网站地图", '<div class="sitemap"><h2>网站地图</h2>'
                                             + tree([col for col in cms.cols if col.parent is None])
                                             + "</div>", [("网站地图", loc)]))
    return loc


def standard_nav(g: Gov, extra: list[tuple[str, Loc]] | None = None) -> None:
    """首页 | 新闻中心 | 政务公开 | ... | 互动交流."""
    cms = g.cms
    c = g.cols
    cms.nav = ([("首页", cms.loc("/")), (c["xwzx"].name, cms.first(c["xwzx"])),
                (c["zwgk"].name, cms.first(c["zwgk"]))] + (extra or [])
               + [("互动交流", cms.first(c["ysq"]))])
