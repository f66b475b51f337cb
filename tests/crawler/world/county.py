"""A generated world of county-level government portals (区/县/市人民政府) for measuring how
well the crawler discovers 政府信息公开工作年度报告 (issue 13).

    from tests.crawler.world import World, county
    with World.build(county, seed=1) as world:
        for portal in world.portals: ...

`generate(seed, port)` returns 30+ portals, deterministic for a seed (same seed, same bytes),
different for another seed. Each portal is one county: a main site `www.<base>.gov.cn` and,
depending on its CMS family, sub-sites of departments and street offices
(`fgj.<base>.gov.cn`, `cgjd.<base>.gov.cn`) or sub-trees (`/bm/fgj/`, `/qhfgj/gkmlpt/`).

What a portal holds (see `plan_world` for the mix):
* a CMS family: TRS WCM, Hanweb/大汉, UCAP, Guangdong gkmlpt, VSB/博达, hand-made (ASP in GBK,
  JSP with `?pageNo=`, static HTML, a Vue front end on a JSON API);
* a layout of its 年报: one column per unit (本级 on the main site, each department's and street
  office's in its own 信息公开 pages), central columns split by unit type (本级/部门/乡镇街道) or by
  year (2024年度 → 部门 …), or Hanweb's `xxgkAnnualReport.jsp?area=&fbtime=` unit × year table;
* reports from 2010 to 2024 with modern and free-form old titles ("2016年度报告" in a unit's own
  column), renamed agencies (old reports under the old name in the successor's column), and
  every route to the bytes (see `county_build.DELIVERY_WORDS`);
* look-alikes next to the reports (法治政府建设年度报告, 预决算, 统计公报, 解读, 一图读懂, 培训会, 企业年报,
  指南, 网站年度报表 …), news by the hundred, service and interaction pages, links to other
  governments, dead links, 500-once pages, slow pages (≤ 2.5 s);
* on some portals: GBK pages, an endless calendar, an endless `?page=N` list, session ids in
  every link, tracking parameters, duplicate column URLs, robots.txt forbidding a folder of
  report-like pages (`never`), sitemaps (one or two reports in the world only reachable there).

`generate_detailed(seed, port)` also returns per-portal facts for the self-checks."""

from __future__ import annotations

import itertools
import json
import random
from dataclasses import dataclass, field
from typing import Any

from tests.crawler.world import Portal
from tests.crawler.world import county_files as F
from tests.crawler.world import county_html as H
from tests.crawler.world import county_text as T
from tests.crawler.world.county_build import (
    MAX_DEPTH,
    PB,
    emit_article,
    emit_column,
    endless_list,
    skin_of,
)
from tests.crawler.world.county_schemes import SCHEMES, Col, Doc, Owner, Scheme, ha
from tests.crawler.world.county_site import path_calendar, query_calendar

FAMILY_BASE = ["trs"] * 8 + ["hanweb"] * 6 + ["ucap"] * 5 + ["gkmlpt"] * 4 + ["vsb"] * 2 + \
    ["plain"] * 7
PLAIN_VARIANTS = ["asp", "jsp", "html", "vue", "asp", "html", "jsp"]
NB_NAMES = [("政府信息公开年报", "zfxxgknb"), ("政府信息公开工作年度报告", "zfxxgkndbg"),
            ("信息公开年报", "xxgknb"), ("年度报告", "ndbg"), ("公开年报", "gknb"),
            ("政府信息公开年度报告", "nianbao"), ("政府信息公开年报", "gknb"),
            ("政府信息公开工作年度报告", "zfxxgkgzndbg")]
TRAPS = ["calendar", "page", "session", "tracking", "duplicates"]


@dataclass
class Spec:
    seed: int
    idx: int
    family: str
    variant: str
    county: str
    base: str
    province: str
    prov_host: str
    code: str  # 网站标识码
    charset: str = "utf-8"
    layout: str = "decentral"
    traps: list[str] = field(default_factory=list)
    session: str = ""
    calendar: str = ""
    never: str = ""  # folder robots.txt forbids ("/preview/"), "" for none
    sitemap: str = ""  # "", "plain", "orphan"
    flaky: bool = False
    slow: bool = False
    target: int = 25
    xxgk_host: bool = False
    deep: bool = False  # a street office's own site with a paged 年报 list: reports 9 clicks deep
    prevnext: bool = False  # articles link 上一篇/下一篇

    @property
    def main_host(self) -> str:
        return f"www.{self.base}.gov.cn"


# ------------------------------------------------------------------ the world plan

def plan_world(seed: int) -> list[Spec]:
    rng = random.Random(f"county-world/{seed}")
    fams = FAMILY_BASE + rng.choices(["trs", "hanweb", "ucap", "plain", "gkmlpt"],
                                     k=rng.randint(0, 3))
    rng.shuffle(fams)
    variants = PLAIN_VARIANTS[:]
    rng.shuffle(variants)
    names: set[str] = set()
    bases: set[str] = set(T.RESERVED)
    specs: list[Spec] = []
    for idx, fam in enumerate(fams):
        while True:
            (c1, p1), (c2, p2) = rng.choice(T.FIRST), rng.choice(T.SECOND)
            suffix = rng.choices(["县", "区", "市"], [5, 4, 2])[0]
            county = c1 + c2 + suffix
            base = rng.choice([p1 + p2, p1 + p2, p1[0] + p2[0] + {"县": "x", "区": "q", "市": "s"}[suffix]])
            if county not in names and base not in bases and c1 != c2:
                names.add(county)
                bases.add(base)
                break
        variant = (variants.pop() if variants else rng.choice(["asp", "jsp", "html", "vue"])) \
            if fam == "plain" else ""
        province, prov_host = rng.choice(T.PROVINCES[fam])
        spec = Spec(seed, idx, fam, variant, county, base, province, prov_host,
                    code="".join(rng.choice("0123456789") for _ in range(10)))
        spec.charset = "gbk" if variant == "asp" or (fam in ("trs", "vsb") and rng.random() < 0.15) \
            else "utf-8"
        spec.layout = rng.choices(*{
            "trs": (["decentral", "central-unit", "central-year"], [4, 3, 3]),
            "hanweb": (["decentral", "hanweb-annual", "central-unit"], [5, 3, 2]),
            "ucap": (["decentral", "central-year"], [5, 5]),
            "gkmlpt": (["decentral"], [1]),
            "vsb": (["decentral", "central-unit"], [6, 4]),
            "plain": (["decentral", "central-year", "central-unit"], [5, 3, 2]),
        }[fam])[0]
        spec.target = int(rng.triangular(5, 60, 24))
        spec.prevnext = fam == "vsb" or (fam == "plain" and rng.random() < 0.5)
        spec.xxgk_host = fam in ("ucap", "plain") and variant != "asp" and rng.random() < 0.35
        specs.append(spec)
    # every layout at least once
    for layout, fam_ok in (("central-year", ("trs", "ucap", "plain")),
                           ("central-unit", ("trs", "vsb", "plain", "hanweb")),
                           ("hanweb-annual", ("hanweb",))):
        if not any(s.layout == layout for s in specs):
            rng.choice([s for s in specs if s.family in fam_ok and s.layout == "decentral"]).layout = layout
    # traps: a few portals each, never session and tracking on one portal
    order = list(range(len(specs)))
    rng.shuffle(order)
    java = [i for i in order if specs[i].family in ("hanweb", "trs") or specs[i].variant == "jsp"]
    sess = java[:2]
    for i in sess:
        specs[i].traps.append("session")
        specs[i].session = "sid" if specs[i].variant == "jsp" else "jsessionid"
    rest = [i for i in order if i not in sess]
    for i in rest[:2]:
        specs[i].traps.append("tracking")
    pool = rest[2:] + sess
    rng.shuffle(pool)
    k = 0
    for trap, n in (("calendar", rng.randint(2, 3)), ("page", rng.randint(2, 3)),
                    ("duplicates", rng.randint(2, 3))):
        for _ in range(n):
            specs[pool[k % len(pool)]].traps.append(trap)
            k += 1
    styles = itertools.cycle(rng.sample(["query", "path"], 2))
    for i in order:
        if "calendar" in specs[i].traps:
            specs[i].calendar = next(styles)
    order2 = list(range(len(specs)))
    rng.shuffle(order2)
    for i in order2[:5]:
        specs[i].never = rng.choice(["/preview/", "/private/", "/test/"])
    rng.shuffle(order2)
    for n, i in enumerate(order2[:6]):
        specs[i].sitemap = "orphan" if n == 0 or (n == 1 and rng.random() < 0.3) else "plain"
    deep = [i for i in order2 if specs[i].family in ("trs", "ucap", "vsb", "hanweb")
            and specs[i].layout == "decentral" and not specs[i].sitemap]
    for i in deep[:rng.randint(2, 3)]:
        specs[i].deep = True
    rng.shuffle(order2)
    for i in order2[:6]:
        specs[i].flaky = True
    rng.shuffle(order2)
    for i in order2[:4]:
        specs[i].slow = True
    return specs


# ------------------------------------------------------------------ units and documents

@dataclass
class Units:
    gov: Owner
    x: Owner  # owner of the 信息公开 pages (the main site, or an xxgk.<base> host)
    depts: list[Owner]
    streets: list[Owner]
    navs: dict[str, str] = field(default_factory=dict)  # main nav key -> path on main host
    nb_slug: tuple[str, str] = ("政府信息公开年报", "zfxxgknb")
    news: list[Doc] = field(default_factory=list)
    cols: dict[str, str] = field(default_factory=dict)  # named entry URLs
    policy_col: Col | None = None
    policy: list[Doc] = field(default_factory=list)

    @property
    def all(self) -> list[Owner]:
        return [self.gov] + self.depts + self.streets


def make_units(pb: PB, sch: Scheme) -> Units:
    spec, rng = pb.spec, pb.rng
    county, base = spec.county, spec.base
    main = spec.main_host
    pb.add_host(main, spec.charset)
    gov = Owner("gov", f"{county}人民政府", county, base, main, site=f"{base}zf")
    x = gov
    if spec.xxgk_host:
        xh = f"{rng.choice(['xxgk', 'zwgk'])}.{base}.gov.cn"
        pb.add_host(xh, spec.charset)
        x = Owner("gov", f"{county}人民政府", county, base + "x", xh, site=f"{base}xxgk")
    n_depts = rng.randint(20, min(40, len(T.DEPTS)))
    picked = sorted(rng.sample(range(len(T.DEPTS)), n_depts))
    fam, var = spec.family, spec.variant
    own_p = {"trs": 0.3, "hanweb": 0.6, "ucap": 0.4, "gkmlpt": 0.0, "vsb": 0.5,
             "plain": 0.5 if var == "html" else 0.0}[fam]
    ini = base[:2]

    def owner(kind: str, name: str, short: str, abbr: str, old: list[tuple[str, int]]) -> Owner:
        if rng.random() < own_p:
            host = f"{abbr}.{base}.gov.cn"
            pb.add_host(host, "utf-8")
            return Owner(kind, name, short, abbr, host, own_site=True, old=old, site=abbr)
        prefix = {"trs": f"/zwgk/{'bmxxgk' if kind == 'dept' else 'xzjdxxgk'}/{abbr}",
                  "hanweb": "", "ucap": "", "gkmlpt": f"/{ini}{abbr}",
                  "vsb": f"/{'bm' if kind == 'dept' else 'xzjd'}/{abbr}",
                  "plain": f"/{'bm' if kind == 'dept' else 'xz'}/{abbr}"}[fam]
        return Owner(kind, name, short, abbr, x.host, prefix=prefix, old=old,
                     site=f"{base}{abbr}")

    depts = []
    for i in picked:
        name, abbr, old = T.DEPTS[i]
        depts.append(owner("dept", f"{county}{name}", T.SHORT.get(name, name), abbr,
                           [(f"{county}{o}", y) for o, y in old]))
    streets = []
    used: set[str] = set()
    for word, ab in rng.sample(T.STREET_WORDS, rng.randint(5, 12)):
        kind_word = rng.choice(["街道", "镇", "镇", "乡"]) if county[-1] != "区" else \
            rng.choice(["街道", "街道", "镇"])
        abbr = ab + {"街道": "jd", "镇": "z", "乡": "x"}[kind_word]
        if abbr in used:
            continue
        used.add(abbr)
        streets.append(owner("street", f"{county}{word}{kind_word}", f"{word}{kind_word}", abbr, []))
    if spec.deep and not any(o.own_site for o in streets):
        o = streets[0]
        o.host, o.prefix, o.own_site, o.site = f"{o.abbr}.{base}.gov.cn", "", True, o.abbr
        pb.add_host(o.host, "utf-8")
    u = Units(gov, x, depts, streets)
    u.nb_slug = rng.choice(NB_NAMES)
    for i, o in enumerate(u.all):
        o.area = (f"11{rng.randint(10, 65)}{rng.randint(1000, 9999)}{i:03d}"
                  f"{rng.randint(10000, 99999)}{rng.choice('0123456789XQMD')}")
        o.sid = str(700 + spec.idx * 50 + i)
    return u


def report_date(rng: random.Random, year: int) -> str:
    month = rng.randint(1, 3)
    return f"{year + 1}-{month:02d}-{rng.randint(5 if month == 1 else 1, 28):02d}"


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


def plan_reports(pb: PB, sch: Scheme, u: Units) -> None:
    """Which units publish which years, with titles and routes to the bytes."""
    spec, rng = pb.spec, pb.rng
    own_cols = spec.layout == "decentral"
    target = spec.target
    start = rng.choices(range(2010, 2021), [3, 2, 2, 2, 3, 3, 3, 3, 4, 3, 2])[0]
    gov_years = list(range(start, 2025))
    while len(gov_years) > max(3, target - 2):
        gov_years.pop(0)
    plan: list[tuple[Owner, int, str]] = [(u.gov, y, u.gov.name) for y in gov_years]
    left = target - len(plan)
    depts = u.depts[:]
    rng.shuffle(depts)
    depts.sort(key=lambda d: not d.old or rng.random() < 0.5)
    streets = u.streets[:]
    rng.shuffle(streets)
    if spec.deep:
        o = next(o for o in streets if o.own_site)
        streets.remove(o)
        o.deep = True
        plan += [(o, y, o.name) for y in range(2021, 2025)]
        left -= 4
    while left > 0 and (depts or streets):
        if depts and (not streets or rng.random() < 0.7):
            o = depts.pop(0)
            n = min(left, rng.randint(2, 6))
            years = sorted(rng.sample(range(2019, 2025), min(6, n)))
            names = [(o, y, o.name) for y in years]
            if o.old and own_cols and rng.random() < 0.8 and left - n > 1:
                old_name, until = o.old[0]
                older = list(range(max(2014, until - rng.randint(1, 3)), until + 1))[: left - n]
                names += [(o, y, old_name) for y in older]
            plan += names
            left -= len(names)
        else:
            o = streets.pop(0)
            n = min(left, rng.randint(1, 4))
            plan += [(o, y, o.name) for y in range(2025 - n, 2025)]
            left -= n
    street_scan_done = False
    for o, year, agency in plan:
        d = Doc("", report_date(rng, year), "report", agency, year)
        short = T.SHORT.get(agency.removeprefix(spec.county), agency.removeprefix(spec.county))
        if year >= 2019:
            d.title = T.modern_title(rng, agency, year, county=spec.county, is_gov=o.kind == "gov")
        else:
            d.title = T.old_title(rng, agency, short, year, own_column=own_cols)
            d.note = "older free-form title"
        if agency != o.name:
            d.note = (d.note + "; " if d.note else "") + \
                f"agency since renamed: published as {agency}, listed in {o.name}'s column"
        weights = dict(sch.deliveries)
        if o.deep:
            weights = {k: v for k, v in weights.items() if k not in ("html", "direct")}
            d.note = "deep: street office's own site, its 年报 list paged two to a page"
        if o.kind == "street":
            weights["scanpdf"] = 3
            if not street_scan_done:
                weights = {"scanpdf": 1}
                street_scan_done = True
        if year < 2019:
            weights["html"] = weights.get("html", 0) + 3
            if "direct" in sch.deliveries or spec.family in ("trs", "ucap", "vsb"):
                weights["direct"] = 3
        if spec.layout == "hanweb-annual":
            weights = {"html": 3, "pdf": 2, "downfile": 3}
        d.delivery = pick(rng, weights)
        d.content = T.report_text(rng, d.title, agency, year, d.date)
        o.reports.append(d)
    # look-alikes
    ly = 2024

    def make_look(o: Owner, kind: str, year: int = ly, *, late: bool = False) -> Doc:
        lk = T.lookalike(rng, kind, o.name, spec.county, year)
        if late:
            date = f"2025-{rng.randint(2, 3):02d}-{rng.randint(1, 28):02d}"
        else:
            date = f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
        dl = "images" if kind == "yitu" else rng.choice(["html", "html", "pdf", "html+pdf"])
        return Doc(lk.title, date, "look", o.name, year, dl, lk)

    for kind in rng.sample(["yitu", "jd", "wzbb", "tz", "jd"], rng.randint(1, 3)):
        u.gov.looks.append(make_look(u.gov, kind, rng.choice([2022, 2023, 2024])))
    u.gov.fin_looks = [make_look(u.gov, "ys", 2024), make_look(u.gov, "js", 2023)]
    for o in u.depts + u.streets:
        if o.reports:
            for kind in rng.sample(["fzzf", "js", "zj", "ys"], rng.randint(0, 2)):
                o.looks.append(make_look(o, kind, rng.choice([2023, 2024])))
        if rng.random() < 0.25:
            o.fin_looks = [make_look(o, "ys", 2024), make_look(o, "js", 2023)]
    with_reports = [o for o in u.depts + u.streets if len(o.reports) >= 2 and not o.deep]
    if own_cols and with_reports and rng.random() < 0.6:
        o = rng.choice(with_reports)
        o.mixed = True
        for r in o.reports:
            if r.date >= "2025-02-01":
                r.date = f"2025-01-{int(r.date[-2:]) % 28 + 1:02d}"
                r.content.date = r.date
            r.note = (r.note + "; " if r.note else "") + \
                "column named 年度报告 whose first page is all look-alikes"
        kinds = ["fzzf", "js", "ys", "zj", "tjnb", "fzzf", "js", "ys"]
        for i, kind in enumerate(kinds[:rng.randint(6, 8)]):
            o.looks.append(make_look(o, kind, 2024 - i // 4, late=True))


def news_docs(pb: PB, u: Units, n: int, photo: bool = False) -> list[Doc]:
    rng = pb.rng
    out = []
    for _ in range(n):
        y = rng.choice([2023, 2024, 2024, 2025])
        m = rng.randint(1, 3 if y == 2025 else 12)
        date = f"{y}-{m:02d}-{rng.randint(1, 28):02d}"
        street = rng.choice(u.streets).short
        dept = rng.choice(u.depts).name
        title = T.news_title(rng, u.gov.short, street, dept)
        out.append(Doc(title, date, "news", "", 0, "html", T.news_paras(rng, title), photo=photo))
    return out


def policy_docs(pb: PB, owner: Owner, n: int) -> list[Doc]:
    rng = pb.rng
    forms = ["关于印发《{c}{t}工作方案》的通知", "{c}关于进一步加强{t}工作的实施意见",
             "关于公布{c}{t}责任清单的通知", "{c}{t}管理办法", "关于开展{t}专项行动的通知"]
    out = []
    for _ in range(n):
        t = rng.choice(T.TOPICS)
        title = rng.choice(forms).format(c=owner.short if owner.kind == "gov" else owner.name, t=t)
        date = f"{rng.choice([2023, 2024])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out.append(Doc(title, date, "doc", owner.name, 0, "html",
                       [f"各有关单位：现将{title[2:] if title.startswith('关于') else title}印发给你们，请认真贯彻执行。",
                        "一、总体要求", "二、主要任务", "三、保障措施"]))
    return out


# ------------------------------------------------------------------ skins and nav pages

def add_skin(pb: PB, u: Units, o: Owner, nav: list[tuple[str, str]], home: str) -> None:
    main = pb.spec.main_host
    img = {k: pb.u(main, p) for k, p in IMAGES.items()}
    prov = pb.spec.prov_host
    outside = [("中国政府网", "http://www.gov.cn/"), (f"{pb.spec.province}人民政府", f"http://{prov}/"),
               ("国家政务服务平台", "http://gjzwfw.www.gov.cn/"), ("中国文明网", "http://www.wenming.cn/"),
               ("共产党员网", "https://www.12371.cn/"), ("国务院客户端", "http://www.gov.cn/xinwen/2016-03/18/content_5054858.htm")]
    footer = [("网站地图", pb.u(main, u.navs.get("wzdt", "/"))), ("联系我们", pb.u(main, u.navs.get("lxwm", "/"))),
              ("网站声明", pb.u(main, u.navs.get("wzsm", "/"))), ("返回首页", home)]
    pb.skins[f"{o.abbr}@{o.host}"] = H.Skin(
        pb.scheme.family, o.name if o.kind != "gov" else f"{pb.spec.county}人民政府", home,
        pb.u(main, "/"), pb.charset.get(o.host, "utf-8"), nav, footer, img, pb.spec.code,
        meta_charset=("gb2312" if pb.charset.get(o.host) == "gbk" and pb.spec.idx % 2 else ""),
        search=pb.u(main, "/search/index.jsp"), outside=outside)


IMAGES = {"logo": "/images/logo.png", "banner": "/images/banner.jpg", "qrcode": "/images/qrcode.png",
          "dzjg": "/images/dzjg.png", "jiucuo": "/images/jiucuo.png"}


def nav_page(pb: PB, o: Owner, path: str, title: str, sections: list[tuple[str, list[tuple[str, str]]]],
             crumbs: list[tuple[str, str]], intro: str = "", host: str | None = None) -> str:
    host = host or o.host
    skin = skin_of(pb, o)
    parts = [f'<div class="intro">{intro}</div>' if intro else ""]
    for head, links in sections:
        lis = "".join(f'<li><a href="{ha(url)}">{H.esc(text)}</a></li>' for text, url in links)
        parts.append(f'<div class="block"><h3>{H.esc(head)}</h3><ul>{lis}</ul></div>' if head
                     else f"<ul class=\"links\">{lis}</ul>")
    pb.put_html(host, path, H.page(skin, f"{title}_{skin.site_name}",
                                   f"<h2>{H.esc(title)}</h2>" + "".join(parts), crumbs + [(title, "")]))
    return pb.u(host, path)


def simple_page(pb: PB, o: Owner, path: str, title: str, paras: list[str],
                crumbs: list[tuple[str, str]]) -> str:
    skin = skin_of(pb, o)
    body = "".join(f"<p>{H.esc(p)}</p>" for p in paras)
    pb.put_html(o.host, path, H.page(skin, f"{title}_{skin.site_name}",
                                     f'<h2>{H.esc(title)}</h2><div class="content">{body}</div>',
                                     crumbs + [(title, "")]))
    return pb.u(o.host, path)


# ------------------------------------------------------------------ 信息公开

def nb_column(pb: PB, sch: Scheme, o: Owner, parent: str, docs: list[Doc], depth: int,
              trail: list[str], crumbs: list[tuple[str, str]], name: str = "",
              slug: str = "", style: str | None = None) -> str:
    nm, sl = (name, slug) if name else (("年度报告", "ndbg") if o.mixed else pb.units.nb_slug)
    if not name and pb.rng.random() < 0.3 and sch.family in ("trs", "vsb", "plain"):
        sl = f"{sl}_{pb.rng.randint(1, 99999)}" if pb.rng.random() < 0.5 else f"{sl}{pb.rng.randint(1, 60)}"
    col = sch.col(o, parent, sl, nm, trail + [nm], style=style)
    col.crumbs = crumbs
    if pb.rng.random() < 0.25 and col.style not in ("hanweb", "gk", "vue"):
        col.truncate = pb.rng.randint(18, 24)
    if o.deep:
        col.per_page = 2
        if col.style == "numbers":
            col.style = "fpnl"
    elif o.mixed:
        col.per_page = max(3, len(o.looks))
    elif docs:
        col.per_page = max(3, min(col.per_page, len(docs) // 2 + pb.rng.randint(1, 4)))
    return emit_column(pb, sch, col, docs, depth)


def unit_year_split(pb: PB, sch: Scheme, o: Owner, parent: str, depth: int, trail: list[str],
                    crumbs: list[tuple[str, str]]) -> str:
    """A unit's 年报 column split into year sub-columns (2024年, 2023年, …)."""
    name, slug = pb.units.nb_slug
    path = sch.nav(o, f"{slug}nd")
    here = pb.u(o.host, path)
    links = []
    years = sorted({d.year for d in o.reports}, reverse=True)
    looks = list(o.looks)
    for y in years:
        docs = [d for d in o.reports if d.year == y] + [lk for lk in looks if lk.year == y]
        looks = [lk for lk in looks if lk.year != y]
        label = f"{y}年" if pb.rng.random() < 0.6 else f"{y}年度"
        sub_parent = f"{parent}{slug}/"
        url = nb_column(pb, sch, o, sub_parent, docs, depth + 1, trail + [name], crumbs + [(name, here)],
                        name=label, slug=f"{y}n")
        links.append((label, pb.col_link(url)))
    if looks:
        url = nb_column(pb, sch, o, f"{parent}{slug}/", looks, depth + 1, trail + [name], crumbs + [(name, here)], name="其他", slug="qt")
        links.append(("其他", url))
    for d in o.reports:
        d.note = (d.note + "; " if d.note else "") + "unit's 年报 split into year sub-columns"
    return nav_page(pb, o, path, name, [("", links)], crumbs)


def build_unit(pb: PB, sch: Scheme, o: Owner, depth: int, trail: list[str],
               crumbs: list[tuple[str, str]]) -> str:
    """A department's or street office's pages: (its own home,) its 信息公开 page, its columns."""
    spec = pb.spec
    main = spec.main_host
    if spec.family == "gkmlpt":
        return gk_platform(pb, sch, o, depth, trail, crumbs)
    if o.own_site:
        home = pb.u(o.host, "/")
        xpath = sch.nav(o, "zwgk" if sch.family != "trs" else "zfxxgk")
        xdepth = depth + 1
        tr = trail + ["own site", "信息公开"]
    else:
        home = ""
        xpath = sch.nav(o, "xxgk") if sch.family not in ("trs", "plain") or spec.variant == "asp" \
            else f"{o.prefix}/"
        xdepth = depth
        tr = trail + ["信息公开"]
    xurl = pb.u(o.host, xpath)
    nav = [("首页", home or pb.u(main, "/")), ("信息公开", xurl), ("返回主站", pb.u(main, "/"))]
    add_skin(pb, pb.units, o, nav, home or pb.u(main, "/"))
    cr = crumbs + ([(o.name, home)] if home else []) + [(f"{o.short}信息公开", xurl)]
    parent = "/zfxxgk/" if o.own_site else "/"
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    links = [("机构职能", simple_page(pb, o, sch.nav(o, "jgzn"), "机构职能",
                                    [f"{o.name}是{spec.county}人民政府工作部门。" if o.kind == "dept"
                                     else f"{o.name}位于{spec.county}，辖若干社区（村）。",
                                     "主要职责：贯彻执行国家和省、市有关方针政策和法律法规。",
                                     f"办公地址：{spec.county}人民路{pb.rng.randint(1, 300)}号"], cr))]
    if spec.layout == "decentral" and (o.reports or pb.rng.random() < 0.5):
        docs = o.reports + o.looks
        split = (len(o.reports) >= 5 and not o.mixed and not o.deep and pb.rng.random() < 0.45
                 and xdepth + 1 + 1 + 2 <= MAX_DEPTH)
        if split:
            links.append((pb.units.nb_slug[0], pb.col_link(
                unit_year_split(pb, sch, o, parent, xdepth + 1, tr, cr))))
        else:
            url = nb_column(pb, sch, o, parent, docs, xdepth + 1, tr, cr)
            links.append(((("年度报告", "") if o.mixed else pb.units.nb_slug)[0], pb.col_link(url)))
    if o.fin_looks:
        col = sch.col(o, parent, "czyjs", "财政预决算", tr + ["财政预决算"])
        col.crumbs = cr
        links.append(("财政预决算", pb.col_link(emit_column(pb, sch, col, o.fin_looks, xdepth + 1))))
    sections.append(("法定主动公开内容", links))
    nav_page(pb, o, xpath, f"{o.short}信息公开", sections, cr[:-1])
    if not o.own_site:
        return xurl
    recent = pb.rng.sample(pb.units.news, min(5, len(pb.units.news)))
    body = [("信息公开", [("政府信息公开", xurl)]),
            ("工作动态", [(d.title, pb.u(main, d.link)) for d in recent])]
    return nav_page(pb, o, "/", o.name, body, crumbs, intro=f"欢迎访问{o.name}网站")


def gk_platform(pb: PB, sch: Scheme, o: Owner, depth: int, trail: list[str],
                crumbs: list[tuple[str, str]], extra: list[tuple[str, str]] | None = None) -> str:
    """Guangdong 政府信息公开平台 of a unit: /<prefix>/gkmlpt/index, lists only via the JSON API."""
    spec = pb.spec
    path = f"{o.prefix}/gkmlpt/index"
    here = pb.u(o.host, path)
    if f"{o.abbr}@{o.host}" not in pb.skins:
        add_skin(pb, pb.units, o, [("首页", pb.u(spec.main_host, "/")), ("政府信息公开", here)],
                 pb.u(spec.main_host, "/"))
    tr = trail + ["gkmlpt 政府信息公开平台"]
    cats: list[tuple[str, str, list[Doc]]] = [("机构职能", "jgzn", policy_docs(pb, o, 1))]
    if o.kind == "gov":
        pb.units.policy = policy_docs(pb, o, pb.rng.randint(3, 8))
        cats.append(("政策文件", "zcwj", pb.units.policy))
    if o.fin_looks:
        cats.append(("财政预决算", "czyjs", o.fin_looks))
    if o.kind == "gov":
        cats.append(("政府信息公开指南", "zn", [lk for lk in [guide(pb, o, "zn")]]))
    if o.reports or o.looks or pb.rng.random() < 0.4:
        cats.append(("政府信息公开年报", "nb", o.reports + o.looks))
    tree = []
    for name, _slug, docs in cats:
        col = Col(o, o.host, name, f"{o.prefix}/gkmlpt/", here, "gk", str(pb.next_cid()),
                  tr + [name], crumbs=crumbs + [("政府信息公开", here)], sid=o.sid)
        emit_column(pb, sch, col, docs, depth)
        tree.append({"id": int(col.cid), "name": name, "parent": 0})
    links = "".join(f'<li><a href="{path}#{t["id"]}" data-id="{t["id"]}">{H.esc(t["name"])}</a></li>'
                    for t in tree)
    org = ""
    if extra:
        org = ('<div class="org"><h3>按机构</h3><ul>' + "".join(
            f'<li><a href="{ha(url)}">{H.esc(n)}</a></li>' for n, url in extra) + "</ul></div>")
    script = ("<script>\nwindow._CONFIG = " + json.dumps({"SID": o.sid, "SITE_NAME": o.name,
                                                           "API_BASE": "/gkmlpt/api"}, ensure_ascii=False) +
              ";\nwindow.TREE = " + json.dumps(tree, ensure_ascii=False) + ";\n"
              "var LIST_API = window._CONFIG.API_BASE + \"/all/{catId}?page={page}&sid=\" + window._CONFIG.SID;\n"
              "function loadList(catId, page) {\n"
              "  $.getJSON(LIST_API.replace(\"{catId}\", catId).replace(\"{page}\", page), renderList);\n"
              "}\nloadList(0, 1);\n</script>")
    body = (f'<div class="gkmlpt"><h2>{H.esc(o.name)}政府信息公开</h2><div class="tree"><h3>主题分类</h3>'
            f"<ul>{links}</ul></div>{org}<div id=\"list\" class=\"list\"><p class=\"loading\">正在加载…</p>"
            "</div></div>" + script + '<script src="/gkmlpt/static/js/app.js"></script>')
    pb.put_html(o.host, path, H.page(skin_of(pb, o), f"{o.name}政府信息公开平台", body,
                                     crumbs + [("政府信息公开", "")]))
    pb.meta["lists"].add(here)
    return here


def guide(pb: PB, o: Owner, kind: str) -> Doc:
    lk = T.lookalike(pb.rng, kind, o.name, pb.spec.county, 2024)
    return Doc(lk.title, f"2024-{pb.rng.randint(1, 12):02d}-{pb.rng.randint(1, 28):02d}", "look",
               o.name, 0, "html", lk)


def build_dir(pb: PB, sch: Scheme, u: Units, kind: str, depth: int, trail: list[str],
              crumbs: list[tuple[str, str]]) -> str:
    x = u.x
    units = u.depts if kind == "dept" else u.streets
    title = "部门信息公开" if kind == "dept" else "乡镇（街道）信息公开"
    path = sch.nav(x, "bmxxgk" if kind == "dept" else "xzjdxxgk")
    here = pb.u(x.host, path)
    cr = crumbs + [(title, here)]
    links = []
    for o in units:
        o.entry = build_unit(pb, sch, o, depth + 1, trail + [title, o.name], cr)
        links.append((o.name, o.entry))
    if pb.rng.random() < 0.4:
        dead = pb.u(x.host, sch.nav(x, "bmxxgk_old") if sch.family != "hanweb" else "/col/col1/index.html")
        if pb.rng.random() < 0.5:  # a retired host that no longer resolves
            dead = f"http://wjj.{pb.spec.base}.gov.cn.invalid/"
        links.insert(pb.rng.randint(0, len(links)), (f"{pb.spec.county}原物价局（已撤销）", dead))
        pb.meta["dead"].add(dead)
    if kind == "dept" and pb.rng.random() < 0.5:
        half = len(links) // 2
        sections = [("区政府工作部门" if pb.spec.county[-1] == "区" else "政府工作部门", links[:half]),
                    ("其他单位", links[half:])]
    else:
        sections = [("", links)]
    return nav_page(pb, x, path, title, sections, crumbs, host=x.host)


def build_central(pb: PB, sch: Scheme, u: Units, depth: int, trail: list[str],
                  crumbs: list[tuple[str, str]]) -> str:
    """One 年报 root for every unit, split by unit type (本级/部门/乡镇街道) or by year."""
    x, rng = u.x, pb.rng
    name, slug = u.nb_slug
    path = sch.nav(x, slug)
    here = pb.u(x.host, path)
    cr = crumbs + [(name, here)]
    tr = trail + [name]
    parent = f"/{slug}/" if sch.family in ("trs", "plain", "vsb") else "/"
    groups = [("本级", "bj", [u.gov]), ("部门", "bm", u.depts), ("乡镇（街道）", "xzjd", u.streets)]
    links = []
    if pb.spec.layout == "central-unit":
        for label, sl, owners in groups:
            docs = [d for o in owners for d in o.reports] + (u.gov.looks if sl == "bj" else [])
            if not docs:
                continue
            for d in docs:
                if d.kind == "report":
                    d.note = (d.note + "; " if d.note else "") + f"central 年报 split by unit type ({label})"
            col = sch.col(x, parent, f"{sl}nb", f"{label}年报", tr + [label])
            col.crumbs = cr
            links.append((label, pb.col_link(emit_column(pb, sch, col, docs, depth + 1))))
    else:
        allrep = [d for o in u.all for d in o.reports]
        years = sorted({d.year for d in allrep if d.year >= 2019}, reverse=True)
        for y in years:
            ydocs = [(o, d) for o in u.all for d in o.reports if d.year == y]
            kinds = {o.kind for o, _ in ydocs}
            ylabel = f"{y}年度"
            yslug = rng.choice([f"{y}n", f"gb{y}", f"{y}nb"])
            if len(kinds) > 1 and rng.random() < 0.6 and depth + 2 + 2 <= MAX_DEPTH:
                ypath = sch.nav(x, f"{slug}/{yslug}") if sch.family in ("trs", "plain") else sch.nav(x, yslug)
                yhere = pb.u(x.host, ypath)
                sub = []
                for label, sl, owners in groups:
                    docs = [d for o, d in ydocs if o in owners]
                    if not docs:
                        continue
                    for d in docs:
                        d.note = (d.note + "; " if d.note else "") + f"central 年报 by year ({y}) then unit type ({label})"
                    col = sch.col(x, f"{parent}{yslug}/", f"{sl}{y}", f"{y}年{label}", tr + [ylabel, label])
                    col.crumbs = cr + [(ylabel, yhere)]
                    sub.append((label, pb.col_link(emit_column(pb, sch, col, docs, depth + 2))))
                links.append((ylabel, nav_page(pb, x, ypath, ylabel, [("", sub)], cr)))
            else:
                docs = [d for _, d in ydocs] + [lk for lk in u.gov.looks if lk.year == y]
                for d in docs:
                    if d.kind == "report":
                        d.note = (d.note + "; " if d.note else "") + f"central 年报 split by year ({y})"
                col = sch.col(x, parent, yslug, ylabel, tr + [ylabel])
                col.crumbs = cr
                links.append((ylabel, pb.col_link(emit_column(pb, sch, col, docs, depth + 1))))
        old = [d for d in allrep if d.year < 2019]
        rest_looks = [lk for lk in u.gov.looks if lk.year < min(years or [2019])]
        if old or rest_looks:
            for d in old:
                d.note = (d.note + "; " if d.note else "") + "central 年报, 2018年及以前 sub-column"
            col = sch.col(x, parent, "wnnb", "2018年及以前", tr + ["2018年及以前"])
            col.crumbs = cr
            links.append(("2018年及以前", pb.col_link(emit_column(pb, sch, col, old + rest_looks, depth + 1))))
    return nav_page(pb, x, path, name, [("", links)], crumbs)


def build_annual_jsp(pb: PB, sch: Scheme, u: Units, depth: int, trail: list[str],
                     crumbs: list[tuple[str, str]]) -> str:
    """Hanweb 信息公开 module: a unit × year table of xxgkAnnualReport.jsp?area=&fbtime= links."""
    x = u.x
    name = u.nb_slug[0]
    path = sch.nav(x, "nb")
    here = pb.u(x.host, path)
    crumbs + [(name, here)]
    rows = []
    host_col = sch.col(x, "/", "nb", name, trail + [name])
    host_col.crumbs = crumbs
    host_col.first = path
    for o in u.all:
        if not o.reports:
            continue
        cells = []
        byyear = {d.year: d for d in o.reports}
        for y in range(2024, min(byyear) - 1, -1):
            jsp = f"/module/xxgk/xxgkAnnualReport.jsp?area={o.area}&fbtime={y}"
            cells.append(f'<a href="{ha(jsp)}" target="_blank">{y}年</a>')
            d = byyear.get(y)
            if d is None:  # answers "暂无年报": titled like the column, not a report
                pb.lookalikes.add(pb.u(x.host, jsp))
                continue
            d.id = pb.next_id()
            d.path = f"/module/xxgk/annual/{o.area}-{y}.html"
            d.link = jsp
            d.page_url = pb.u(x.host, jsp)
            d.note = (d.note + "; " if d.note else "") + "xxgkAnnualReport.jsp?area=<unit>&fbtime=<year> table"
            host_col.owner = x
            emit_article(pb, sch, host_col, d, 1, 1, depth + 1, None, None)
        rows.append(f"<tr><td>{H.esc(o.name)}</td><td>{' '.join(cells)}</td></tr>")
    body = (f'<h2>{H.esc(name)}</h2><table class="nb-grid" width="100%"><tr><th>单位</th><th>年度</th></tr>'
            + "".join(rows) + "</table>")
    skin = skin_of(pb, x)
    pb.put_html(x.host, path, H.page(skin, f"{name}_{skin.site_name}", body, crumbs + [(name, "")]))
    pb.meta["lists"].add(here)
    pb.meta["styles"].add("hanweb-annual")
    return here


def build_xxgk(pb: PB, sch: Scheme, u: Units, depth: int, trail: list[str],
               crumbs: list[tuple[str, str]]) -> str:
    spec, x = pb.spec, u.x
    path = u.navs["xxgk"]
    here = pb.u(x.host, path)
    tr = trail + ["政府信息公开"]
    cr = crumbs + [("政府信息公开", here)]
    if spec.family == "gkmlpt":
        dept_links = [(o.name, build_unit(pb, sch, o, depth + 1, tr + ["按机构", o.name], cr))
                      for o in u.depts + u.streets]
        bm = nav_page(pb, x, sch.nav(x, "bmxxgk"), "部门和镇街信息公开", [("", dept_links)], cr)
        u.cols["bm"] = bm
        url = gk_platform(pb, sch, u.gov, depth, trail, crumbs, extra=dept_links)
        u.cols["nb"] = url
        return url
    if spec.layout == "hanweb-annual":
        nb = build_annual_jsp(pb, sch, u, depth + 1, tr, cr)
    elif spec.layout.startswith("central"):
        nb = build_central(pb, sch, u, depth + 1, tr, cr)
    else:
        nb = nb_column(pb, sch, u.gov if u.gov.host == x.host else x, "/xxgk/",
                       u.gov.reports + u.gov.looks, depth + 1, tr, cr)
    u.cols["nb"] = nb
    bm = build_dir(pb, sch, u, "dept", depth + 1, tr, cr)
    xz = build_dir(pb, sch, u, "street", depth + 1, tr, cr)
    u.cols["bm"], u.cols["xz"] = bm, xz
    zc = sch.col(x, "/xxgk/", "zcwj", "政策文件", tr + ["政策文件"])
    zc.crumbs = cr
    u.policy_col = zc
    u.policy = policy_docs(pb, u.gov, pb.rng.randint(6, 30))
    zc_url = emit_column(pb, sch, zc, u.policy, depth + 1)
    cz = sch.col(x, "/xxgk/", "czyjs", "财政预决算", tr + ["财政预决算"])
    cz.crumbs = cr
    cz_url = emit_column(pb, sch, cz, u.gov.fin_looks, depth + 1)
    zn = sch.col(x, "/xxgk/", "xxgkzn", "政府信息公开指南", tr + ["指南"])
    zn.crumbs = cr
    zn_url = emit_column(pb, sch, zn, [guide(pb, u.gov, "zn")], depth + 1)
    ysq = sch.col(x, "/xxgk/", "ysqgk", "依申请公开", tr + ["依申请公开"])
    ysq.crumbs = cr
    ysq_url = emit_column(pb, sch, ysq, [guide(pb, u.gov, "ysqgk")], depth + 1)
    u.cols["zc"] = zc_url
    zd = simple_page(pb, x, sch.nav(x, "xxgkzd"), "政府信息公开制度",
                     ["为规范政府信息公开工作，根据《中华人民共和国政府信息公开条例》，制定本制度。",
                      "第一条 …… 第二条 ……"], cr)
    nb_title = u.nb_slug[0] if not spec.layout.startswith("central") else "政府信息公开年报"
    sections = [("政府信息公开指南", [("政府信息公开指南", pb.col_link(zn_url)), ("政府信息公开制度", zd)]),
                ("法定主动公开内容", [("政策文件", pb.col_link(zc_url)), ("财政预决算", pb.col_link(cz_url))]),
                (nb_title, [(nb_title, pb.col_link(nb))]),
                ("依申请公开", [("依申请公开", pb.col_link(ysq_url))])]
    if spec.family == "hanweb":  # 信息公开目录 tree: units right on the landing page
        bm_links = [(o.name, o.entry) for o in u.depts]
        xz_links = [(o.name, o.entry) for o in u.streets]
        sections += [("部门信息公开目录", bm_links), ("乡镇（街道）信息公开目录", xz_links)]
    else:
        sections.append(("部门和乡镇信息公开", [("部门信息公开", pb.col_link(bm)),
                                        ("乡镇（街道）信息公开", pb.col_link(xz))]))
    return nav_page(pb, x, path, "政府信息公开", sections, crumbs)


# ------------------------------------------------------------------ news and the rest

def build_news(pb: PB, sch: Scheme, u: Units) -> dict[str, tuple[str, list[Doc]]]:
    spec, rng, gov = pb.spec, pb.rng, u.gov
    total = rng.randint(60, 240)
    shares = [("要闻", "yw", 0.45), ("部门动态", "bmdt", 0.2), ("乡镇动态", "xzdt", 0.2),
              ("通知公告", "tzgg", 0.1), ("图片新闻", "tpxw", 0.05)]
    out: dict[str, tuple[str, list[Doc]]] = {}
    root = u.navs["xwdt"]
    here = pb.u(gov.host, root)
    cr = [("首页", pb.u(gov.host, "/")), ("新闻动态", here)]
    for name, slug, share in shares:
        docs = news_docs(pb, u, max(4, int(total * share)), photo=slug == "tpxw")
        if slug == "yw":
            docs.append(look(pb, gov, "pxh", rng.choice([2023, 2024])))
        if slug == "tzgg":
            docs.append(look(pb, gov, "tz", rng.choice([2023, 2024])))
            if rng.random() < 0.6:
                docs.append(look(pb, gov, "qynb", 2024))
            if rng.random() < 0.5:
                docs.append(look(pb, gov, "kh", 2023))
        style = None
        if sch.family == "plain" and spec.variant == "vue":
            style = "numbers"
        col = sch.col(gov, "/xwdt/", slug, name, ["新闻动态", name], style=style)
        col.crumbs = cr
        col.per_page = rng.choice([15, 20, 20, 25])
        url = emit_column(pb, sch, col, docs, 2)
        pb.meta.setdefault("news_lists", []).append(url)
        out[slug] = (url, sorted(docs, key=lambda d: d.date, reverse=True))
        if slug == "yw":
            u.news = [d for d in docs if d.kind == "news"]
    links = [(name, pb.col_link(out[slug][0])) for name, slug, _ in shares]
    latest = [(d.title, pb.u(gov.host, d.link)) for d in out["yw"][1][:6]]
    nav_page(pb, gov, root, "新闻动态", [("栏目", links), ("最新要闻", latest)], [("首页", pb.u(gov.host, "/"))])
    return out


def look(pb: PB, o: Owner, kind: str, year: int) -> Doc:
    lk = T.lookalike(pb.rng, kind, o.name, pb.spec.county, year)
    if kind in ("pxh", "tz"):  # training and notices come before the reports
        date = f"{year}-{pb.rng.randint(11, 12):02d}-{pb.rng.randint(1, 28):02d}"
    else:
        date = f"{year + 1}-{pb.rng.randint(1, 3):02d}-{pb.rng.randint(1, 28):02d}"
    return Doc(lk.title, date, "look", o.name, year, "html", lk)


def build_misc(pb: PB, sch: Scheme, u: Units) -> dict[str, list[tuple[str, str]]]:
    spec, rng, gov = pb.spec, pb.rng, u.gov
    home = pb.u(gov.host, "/")
    cr = [("首页", home)]
    out: dict[str, list[tuple[str, str]]] = {}
    prov = spec.prov_host.split(".", 1)[1]
    out["bsfw"] = [(t, f"http://zwfw.{prov}/{spec.base}/item/{i + 101}.html")
                   for i, t in enumerate(rng.sample(T.SERVICE_ITEMS, rng.randint(14, 20)))]
    nav_page(pb, gov, u.navs["bsfw"], "办事服务", [("", out["bsfw"])], cr)
    inter = []
    for i, t in enumerate(rng.sample(T.INTERACT_ITEMS, rng.randint(5, 8))):
        p = sch.nav(gov, f"hdjl{i}")
        inter.append((t, simple_page(pb, gov, p, t, [f"欢迎通过{t}反映问题、提出建议。", "留言须知：……"], cr)))
    out["hdjl"] = inter
    nav_page(pb, gov, u.navs["hdjl"], "互动交流", [("", inter)], cr)
    topics = []
    for i, t in enumerate(rng.sample(T.TOPIC_ITEMS, rng.randint(5, 8))):
        p = sch.nav(gov, f"zt{i}")
        some = rng.sample(u.news, min(3, len(u.news)))
        topics.append((t, nav_page(pb, gov, p, t, [("", [(d.title, pb.u(gov.host, d.link)) for d in some])], cr)))
    dead = pb.u(gov.host, sch.nav(gov, "zt_2019") if sch.family != "hanweb" else "/col/col2/index.html")
    topics.append(("2019年专题（已归档）", dead))
    pb.meta["dead"].add(dead)
    out["ztzl"] = topics
    nav_page(pb, gov, u.navs["ztzl"], "专题专栏", [("", topics)], cr)
    simple_page(pb, gov, u.navs["zjxx"], f"走进{spec.county}",
                [f"{spec.county}位于{spec.province}，面积{rng.randint(300, 2500)}平方公里，"
                 f"户籍人口{rng.randint(20, 120)}万人。", "历史沿革：……", "自然地理：……"], cr)
    simple_page(pb, gov, u.navs["lxwm"], "联系我们",
                [f"主办单位：{spec.county}人民政府办公室", f"联系电话：0{rng.randint(100, 999)}-{pb.digits(8)}"], cr)
    simple_page(pb, gov, u.navs["wzsm"], "网站声明", ["本网站所载内容之版权归本网站所有。"], cr)
    return out


def build_home(pb: PB, sch: Scheme, u: Units, news: dict[str, tuple[str, list[Doc]]],
               misc: dict[str, list[tuple[str, str]]], xxgk_url: str, zwgk_url: str,
               extra: list[tuple[str, str]]) -> None:
    spec, rng, gov = pb.spec, pb.rng, u.gov
    h = gov.host

    def block(title: str, links: list[tuple[str, str]], more: str = "") -> str:
        lis = "".join(f'<li><a href="{ha(url)}" target="_blank">{H.esc(t)}</a></li>' for t, url in links)
        m = f'<a class="more" href="{ha(more)}">更多&gt;&gt;</a>' if more else ""
        return f'<div class="block"><div class="block-title"><h3>{H.esc(title)}</h3>{m}</div><ul>{lis}</ul></div>'

    def latest(slug: str, n: int) -> list[tuple[str, str]]:
        return [(d.title, pb.u(h, d.link)) for d in news[slug][1][:n]]

    photos = "".join(f'<li><a href="{ha(pb.u(h, d.link))}"><img src="{pb.u(h, IMAGES["banner"])}" alt="">'
                     f"<p>{H.esc(d.title)}</p></a></li>" for d in news["tpxw"][1][:5])
    gk_links = [("政府信息公开", pb.col_link(zwgk_url if spec.family == "gkmlpt" or spec.deep else xxgk_url)),
                ("政策文件", pb.col_link(u.cols.get("zc", zwgk_url)))]
    if "bm" in u.cols and rng.random() < 0.5:
        gk_links.append(("部门信息公开", pb.col_link(u.cols["bm"])))
    gk_links += extra
    options = "".join(f'<option value="{ha(o.home)}">{H.esc(o.name)}</option>' for o in u.depts if o.home)
    select = (f'<select onchange="if(this.value)window.open(this.value)"><option value="">部门网站</option>'
              f"{options}</select>" if options else "")
    body = (f'<div class="home">'
            f'<div class="focus">{block("要闻动态", latest("yw", 8), news["yw"][0])}'
            f'<div class="pic-news"><ul>{photos}</ul></div></div>'
            f'{block("部门动态", latest("bmdt", 6), news["bmdt"][0])}'
            f'{block("乡镇动态", latest("xzdt", 6), news["xzdt"][0])}'
            f'{block("通知公告", latest("tzgg", 6), news["tzgg"][0])}'
            f'{block("政务公开", gk_links, zwgk_url)}'
            f'{block("办事服务", misc["bsfw"], pb.u(h, u.navs["bsfw"]))}'
            f'{block("互动交流", misc["hdjl"], pb.u(h, u.navs["hdjl"]))}'
            f'{block("专题专栏", misc["ztzl"], pb.u(h, u.navs["ztzl"]))}'
            f'<div class="dept-sites">{select}</div></div>')
    leaders = []
    for i, role in enumerate(["书记", "县长" if spec.county[-1] != "区" else "区长", "常务副职", "副职", "副职"][:rng.randint(3, 5)]):
        leaders.append((role, simple_page(pb, gov, sch.nav(gov, f"ldzc{i}"), f"领导之窗：{role}",
                                          ["简历：……", "工作分工：负责政府全面工作。"], [("首页", pb.u(h, "/"))])))
    policy = [(d.title, pb.u(d_host(u, d), d.link)) for d in sorted(u.policy, key=lambda d: d.date, reverse=True)[:6]]
    body = body.replace('<div class="dept-sites">', block("领导之窗", leaders) + block("政策文件", policy)
                        + '<div class="dept-sites">')
    skin = skin_of(pb, gov)
    pb.put_html(h, "/", H.page(skin, f"{spec.county}人民政府", body, None, wide_footer=True))


def d_host(u: Units, d: Doc) -> str:
    return u.x.host if u.policy_col is not None else u.gov.host


def add_traps(pb: PB, sch: Scheme, u: Units) -> list[tuple[str, str]]:
    spec, gov = pb.spec, pb.units.gov
    h = gov.host
    links = []
    if "calendar" in spec.traps:
        if spec.calendar == "query":
            p = "/ldhd/rl.jsp"
            pb.routes[h][p] = query_calendar("领导活动安排", p, pb.charset[h])
            links.append(("领导活动", pb.u(h, f"{p}?date=2025-03")))
        else:
            pb.prefix_routes[h]["/calendar/"] = path_calendar("活动日历", "/calendar/", pb.charset[h])
            links.append(("活动日历", pb.u(h, "/calendar/2025/03/")))
    if "page" in spec.traps:
        url = endless_list(pb, h, "/xwdt/more.jsp", "新闻列表", u.news, skin_of(pb, gov))
        links.append(("更多新闻", url))
    return links


def add_never(pb: PB, sch: Scheme, u: Units) -> list[tuple[str, str]]:
    """Report-like pages in a folder robots.txt forbids (drafts, test copies)."""
    spec, _rng, gov = pb.spec, pb.rng, u.gov
    folder = spec.never
    h = gov.host
    src = [d for d in gov.reports if d.year >= 2019][-2:] or gov.reports[-1:]
    links = []
    skin = skin_of(pb, gov)
    for i, d in enumerate(src):
        label = {"/preview/": "（预览）", "/test/": "【测试】", "/private/": ""}[folder]
        p = f"{folder}{d.date[:7].replace('-', '')}/t{d.date.replace('-', '')}_{d.id + 1}.html"
        body = H.report_body(d.content) if d.content else ""
        pb.put_html(h, p, H.page(skin, f"{label}{d.title}", f"<h1>{H.esc(d.title)}</h1><div class=\"content\">{body}</div>"))
        pb.never.add(pb.u(h, p))
        links.append((f"{label}{d.title}", pb.u(h, p)))
        if i == 0 and folder == "/private/":
            fp = f"{folder}nb{d.year}.pdf"
            pb.put(h, fp, F.text_pdf(d.title, tuple(d.content.lines()[2:]), d.agency))
            pb.never.add(pb.u(h, fp))
            links.append((f"{d.title}（内部）.pdf", pb.u(h, fp)))
    return links


def add_orphan(pb: PB, sch: Scheme, u: Units) -> str:
    """An old report no page links to any more, still in sitemap.xml."""
    gov = u.gov
    years = [d.year for d in gov.reports]
    year = max(2010, min(years) - 1) if min(years) > 2010 else 2009
    if year in years or year < 2010:
        year = 2010 if 2010 not in years else None
    if year is None:
        return ""
    col = sch.col(gov, "/xxgk/", "lsnb", "历史年报", ["sitemap.xml"], style="numbers"
                  if sch.family in ("gkmlpt", "plain") else None)
    col.crumbs = [("首页", pb.u(gov.host, "/"))]
    d = Doc(T.old_title(pb.rng, gov.name, gov.short, year, own_column=False), report_date(pb.rng, year),
            "report", gov.name, year, "html")
    d.content = T.report_text(pb.rng, d.title, gov.name, year, d.date)
    d.id = pb.next_id()
    d.path = sch.art(col, d)
    d.link = d.path
    d.note = "linked from no page: only listed in sitemap.xml (robots.txt Sitemap: line)"
    emit_article(pb, sch, col, d, 1, 1, 1, None, None)
    pb.meta["sitemap_only"].add(d.urls[0])
    return d.urls[0]


def robots_and_sitemap(pb: PB, u: Units, extra: list[str]) -> None:
    spec, rng = pb.spec, pb.rng
    main = spec.main_host
    for host in pb.hosts:
        if host != main and rng.random() < 0.4:
            continue  # no robots.txt at all (404)
        lines = ["# robots.txt", ""]
        if rng.random() < 0.3:
            lines += ["User-agent: Baiduspider", "Allow: /", ""]
        lines.append("User-agent: *")
        dis = ["/admin/", "/search/"] + rng.sample(["/module/search/", "/jsearchfront/", "/cms/", "/wcm/",
                                                    "/interface/"], 2)
        if host == main and spec.never:
            dis.insert(rng.randint(0, len(dis)), spec.never)
        lines += [f"Disallow: {d}" for d in dis]
        if host == main and spec.sitemap:
            lines += ["", f"Sitemap: {pb.u(main, '/sitemap.xml')}"]
        pb.put(host, "/robots.txt", ("\n".join(lines) + "\n").encode())
    if spec.sitemap:
        urls = [pb.u(main, "/")] + [url for url in u.cols.values()]
        urls += [pb.u(main, u.navs[k]) for k in ("zwgk", "xwdt", "bsfw", "hdjl", "ztzl", "zjxx")]
        some = [d.urls[0] for o in u.all for d in o.reports if d.urls and d.delivery != "direct"]
        urls += rng.sample(some, min(len(some), 8))
        urls += extra
        body = "".join(f"<url><loc>{ha(x)}</loc><lastmod>2025-03-01</lastmod></url>" for x in dict.fromkeys(urls))
        pb.put(main, "/sitemap.xml", ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
                                      f'schemas/sitemap/0.9">{body}</urlset>\n').encode())


def add_noise(pb: PB, u: Units) -> None:
    """500-once and slow answers on a few pages of some portals."""
    spec, rng = pb.spec, pb.rng
    if spec.flaky:
        candidates = sorted(pb.meta["lists"]) + sorted(x for r in pb.reports for x in r.urls)
        for url in rng.sample(candidates, min(3, len(candidates))):
            host, path = url.split("//", 1)[1].split(":", 1)[0], "/" + url.split("/", 3)[3]
            key = path + "index.html" if path.endswith("/") else path
            if "?" not in path and key in pb.files[host]:
                pb.flaky[host].add(path)
    if spec.slow:  # a news list up to 2.5 s; a list on the way to reports stays under 1.5 s
        news = [x for x in pb.meta["news_lists"] if "?" not in x] or \
            [pb.u(spec.main_host, u.navs[k]) for k in ("bsfw", "hdjl", "ztzl")]
        lists = sorted(x for x in pb.meta["lists"] if "?" not in x and x not in news) or \
            [pb.u(u.x.host, u.navs["xxgk"])]
        for url, (lo, hi) in ((rng.choice(news), (1.5, 2.5)), (rng.choice(lists), (1.0, 1.4))):
            host, path = url.split("//", 1)[1].split(":", 1)[0], "/" + url.split("/", 3)[3]
            pb.slow[host][path] = round(rng.uniform(lo, hi), 1)


# ------------------------------------------------------------------ a portal

def build_portal(spec: Spec, port: int) -> tuple[Portal, dict[str, Any]]:
    pb = PB(spec, port)
    sch = SCHEMES[spec.family](pb)
    pb.scheme = sch
    u = make_units(pb, sch)
    pb.units = u
    plan_reports(pb, sch, u)
    gov, x = u.gov, u.x
    h = gov.host
    for key in ("zjxx", "zwgk", "xwdt", "bsfw", "hdjl", "ztzl", "wzdt", "lxwm", "wzsm"):
        u.navs[key] = sch.nav(gov, key)
    u.navs["xxgk"] = sch.nav(x, "zfxxgk") if sch.family != "gkmlpt" else "/gkmlpt/index"
    home = pb.u(h, "/")
    zwgk_direct = not spec.deep and (spec.family == "plain" or pb.rng.random() < 0.3) \
        and spec.family != "gkmlpt"
    main_nav = [("首页", home), (f"走进{spec.county[:2]}", pb.u(h, u.navs["zjxx"])),
                ("政务公开", pb.u(h, u.navs["zwgk"])), ("新闻动态", pb.u(h, u.navs["xwdt"])),
                ("办事服务", pb.u(h, u.navs["bsfw"])), ("互动交流", pb.u(h, u.navs["hdjl"])),
                ("专题专栏", pb.u(h, u.navs["ztzl"]))]
    if zwgk_direct:
        main_nav.insert(3, ("信息公开", pb.u(x.host, u.navs["xxgk"]) if spec.family != "gkmlpt"
                            else pb.u(h, "/gkmlpt/index")))
    add_skin(pb, u, gov, main_nav, home)
    if x is not gov:
        add_skin(pb, u, x, main_nav, home)
    for host in pb.hosts:
        pb.put(host, "/css/style.css", b"body{font-family:SimSun,serif}.list li{line-height:32px}")
    pb.put(h, IMAGES["logo"], F.picture(spec.idx, 360, 60, "PNG"))
    pb.put(h, IMAGES["banner"], F.picture(spec.idx + 100, 400, 80, "JPEG"))
    pb.put(h, IMAGES["qrcode"], F.qrcode(spec.idx))
    pb.put(h, IMAGES["dzjg"], F.picture(7, 60, 70, "PNG"))
    pb.put(h, IMAGES["jiucuo"], F.picture(8, 110, 55, "PNG"))
    news = build_news(pb, sch, u)
    xdepth = 1 if zwgk_direct else 2
    zwgk_trail = [] if zwgk_direct else ["政务公开"]
    zwgk_crumbs = [("首页", home)] + ([] if zwgk_direct else [("政务公开", pb.u(h, u.navs["zwgk"]))])
    xxgk_url = build_xxgk(pb, sch, u, xdepth, zwgk_trail, zwgk_crumbs)
    zwgk_links = [("政府信息公开", pb.col_link(xxgk_url)), ("政策解读", pb.col_link(u.cols.get("zc", xxgk_url)))]
    gzyd = [look(pb, gov, "gzyd", 2024), look(pb, gov, "fzzf", 2023), look(pb, gov, "tjgb", 2024)]
    if pb.rng.random() < 0.5:
        gzyd.append(look(pb, gov, "tjnb", 2023))
    if pb.rng.random() < 0.5:
        gzyd.append(look(pb, gov, "wzbb", 2024))
    col = sch.col(gov, "/zwgk/", "zwgkgz", "政务公开工作", ["政务公开", "政务公开工作"])
    col.crumbs = [("首页", home), ("政务公开", pb.u(h, u.navs["zwgk"]))]
    gz_url = emit_column(pb, sch, col, gzyd, 2)
    zwgk_links.append(("政务公开工作", pb.col_link(gz_url)))
    if "bm" in u.cols:
        zwgk_links.append(("部门信息公开", pb.col_link(u.cols["bm"])))
    nav_page(pb, gov, u.navs["zwgk"], "政务公开", [("", zwgk_links)], [("首页", home)])
    misc = build_misc(pb, sch, u)
    extra_home = add_traps(pb, sch, u)
    never_links = add_never(pb, sch, u) if spec.never else []
    sitemap_extra = []
    if spec.sitemap == "orphan":
        orphan = add_orphan(pb, sch, u)
        if orphan:
            sitemap_extra.append(orphan)
    if never_links and pb.rng.random() < 0.5:
        sitemap_extra += [url for _, url in never_links]
    wz = [("首页", home)] + [(t, url) for t, url in main_nav[1:]] + [("政府信息公开", xxgk_url)]
    if pb.rng.random() < 0.15 and not never_links:
        pb.meta["dead"].add(pb.u(h, u.navs["wzdt"]))
    else:
        nav_page(pb, gov, u.navs["wzdt"], "网站地图", [("栏目导航", wz), ("测试栏目" if never_links else "", never_links)],
                 [("首页", home)])
    build_home(pb, sch, u, news, misc, xxgk_url, pb.u(h, u.navs["zwgk"]), extra_home)
    robots_and_sitemap(pb, u, sitemap_extra)
    add_noise(pb, u)
    notes = (f"{spec.county} ({spec.province}); family {spec.family}"
             f"{'/' + spec.variant if spec.variant else ''}; layout {spec.layout}; charset {spec.charset};"
             f" {len(u.depts)} departments, {len(u.streets)} streets;"
             f" traps {','.join(spec.traps) or '-'}; robots never {spec.never or '-'}; sitemap {spec.sitemap or '-'}")
    portal = Portal(key=f"county{spec.idx:02d}-{spec.base}", family=spec.family, home=home,
                    sites=dict(pb.sites()), reports=pb.reports, never=pb.never,
                    lookalikes=pb.lookalikes, traps=list(spec.traps), notes=notes)
    meta = dict(pb.meta)
    meta.update(spec=spec, flaky={h: set(v) for h, v in pb.flaky.items() if v},
                slow={h: dict(v) for h, v in pb.slow.items() if v})
    return portal, meta


def generate_detailed(seed: int, port: int) -> list[tuple[Portal, dict[str, Any]]]:
    return [build_portal(spec, port) for spec in plan_world(seed)]


def generate(seed: int, port: int) -> list[Portal]:
    """The world for `seed`, every URL on 127.0.0.1:`port` (through host names)."""
    return [p for p, _ in generate_detailed(seed, port)]


def summary(seed: int) -> str:
    """A Markdown table of the world for `seed` (python -m tests.crawler.world.county 1)."""
    rows = ["| portal | family | layout | charset | hosts | reports | look-alike URLs | never | traps |",
            "|---|---|---|---|---|---|---|---|---|"]
    for p, m in generate_detailed(seed, 8000):
        s = m["spec"]
        extra = ([f"robots {s.never}"] if s.never else []) + ([f"sitemap:{s.sitemap}"] if s.sitemap else []) \
            + (["deep"] if s.deep else [])
        rows.append(f"| {p.key} {s.county} | {p.family}{'/' + s.variant if s.variant else ''} | {s.layout} |"
                    f" {s.charset} | {len(p.sites)} | {len(p.reports)} | {len(p.lookalikes)} | {len(p.never)} |"
                    f" {', '.join(p.traps + extra) or '-'} |")
    return "\n".join(rows)


if __name__ == "__main__":
    import sys

    print(summary(int(sys.argv[1]) if len(sys.argv) > 1 else 1))
