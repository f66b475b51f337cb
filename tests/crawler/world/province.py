"""The `province` world: a third, independent generator of mock government portals, held out
from the crawler's tuning (issue 13). Written from how Chinese government sites of 2008-2025
are built, without reading the crawler or the other generators.

    with World.build(province, seed=1) as world: ...

A seed makes ~16 portals of invented places (澜川省, 青崖市, 桐溪县…): one province and
several cities with 年报 专题 (tabs, year selects, 更多 lists, department hosts), a Hanweb city
whose units publish through `xxgkAnnualReport.jsp`, a city whose 信息公开平台 is a separate
host with a code per unit, a Guangdong city whose catalogues are JSON APIs, counties with
township trees, Anhui's `/public/column/` platform, an old GBK ASP site in frames, a 博达 VSB
county, and departments on every CMS family (TRS, Hanweb, UCAP, JEECMS, ASP.NET, VSB, the
Hebei UUID platform, numeric trees). Reports come as text pages, PDFs, scans, page images,
DOCX+XLSX, ZIPs, RTF `.doc`, behind download scripts, viewers, `onclick`, `<embed>`;
look-alikes (网站工作年度报表, 法治政府建设报告, 决算, 一图读懂…) sit beside them.

Parts: `province_kit` (site, hosts, builder), `province_files` (PDF/DOCX/…),
`province_text` (names, titles, bodies), `province_cms` (the CMSs), `province_parts` (news,
traps, publishing), `province_portals` (the portal kinds), `province_walk` (a reference
walker used by the self-checks)."""

from __future__ import annotations

import random

from tests.crawler.world import Portal
from tests.crawler.world.province_parts import Ctx
from tests.crawler.world.province_portals import BUILDERS, Spec, dept_label
from tests.crawler.world.province_text import DEPTS, places

__all__ = ["generate", "plan"]


def plan(seed: int, port: int) -> list[Spec]:
    """What the world of `seed` holds: kinds, places, host names, CMSs."""
    rng = random.Random(f"province-world/{seed}")
    taken: set[str] = set()
    pool = iter(places(rng, 40, taken))
    specs: list[Spec] = []

    def add(kind: str, plat: str, level: str, suffix: str, dom_suffix: str = "",
            extra: str = "") -> None:
        p = next(pool)
        dom = f"{p.py}{dom_suffix}.gov.cn"
        specs.append(Spec(kind, f"{kind}-{p.py}", p, plat, level, p.name + suffix, dom,
                          extra=extra))

    prov = rng.choice(["trs", "trs_hy", "hanweb", "uuidcols"])
    add("gov_topic", prov, "province", "省")
    add("city_hanweb", "hanweb", "city", "市")
    add("city_platform", rng.choice(["ucap", "trs_hy"]), "city", "市")
    add("city_gd", "gdjy", "city", "市")
    add("gov_topic", rng.choice(["jeecms", "numeric", "ucap", "trs_hy"] if prov == "trs"
                                else ["trs"]), "city", "市")
    for plat in rng.sample(["trs", "ucap", "numeric", "jeecms", "trs_hy", "jyh"], 2):
        add("county_tree", plat, "county", rng.choice(["县", "县", "区"]),
            rng.choice(["", "", "x"]))
    add("county_anhui", "plain", "county", "县")
    add("county_oldnew", rng.choice(["jeecms", "numeric", "ucap", "trs"]), "county", "县")
    add("county_vsb", "vsb", "county", "县", rng.choice(["", "x"]))
    dept_plats = ["aspnet", "uuidcols", "hanweb", "ucap", "jeecms", "trs_hy", "numeric", "vsb",
                  "trs", "jyh"]
    chosen = ["aspnet", "uuidcols", "jyh"] + rng.sample(dept_plats[2:-1], rng.randint(2, 3))
    for plat, d in zip(chosen, rng.sample(DEPTS, len(chosen)), strict=True):
        level = rng.choice(["province", "city"])
        add("dept", plat, level, "省" if level == "province" else "市", extra=d.key)
    for s in specs:
        if s.kind == "dept":
            d = next(x for x in DEPTS if x.key == s.extra)
            s.home = f"http://{dept_label(d, s.level)}.{s.dom}:{port}/"
        else:
            s.home = f"http://www.{s.dom}:{port}/"
    return specs


def generate(seed: int, port: int) -> list[Portal]:
    specs = plan(seed, port)
    ctx = Ctx(seed, port, friends=[(s.name + ("人民政府" if s.kind != "dept" else ""), s.home)
                                   for s in specs])
    portals = []
    for s in specs:
        portal = BUILDERS[s.kind](ctx, s)
        assert portal.home == s.home, (portal.home, s.home)
        portals.append(portal)
    hosts = [h for p in portals for h in p.sites]
    assert len(hosts) == len(set(hosts)), "a host name belongs to two portals"
    return portals
