"""The *metro* world: a held-out set of generated government portals (issue 13), written
without looking at the crawler or the other generators.

`generate(seed, port)` gives ~15-20 portals: national administrations and provincial
departments with 机关/直属单位 splits, cities with a 集中公开 page by year and unit type whose
department reports live on sub-domains, city bureaus with year folders, districts with
department sub-sites and townships in their tree, 政务公开 platforms that serve each unit's
report through `xxgkAnnualReport.jsp`, gkmlpt districts whose lists exist only as JSON, and
counties whose early reports survive only on an old GBK site behind frames. CMS families: TRS,
Hanweb, UCAP, VSB, JEECMS, ASP.NET, Java list forms, 集约化 site/channel with FastDFS files,
gkmlpt. Every portal stays inside one registrable domain.

See `metro_kit.py` (site, builder, text, files), `metro_cms.py` (CMS families, report forms),
`metro_portals.py` (kinds of portal) and `metro_walk.py` (the reference walker of the tests).
"""

from __future__ import annotations

import random

from . import Portal
from .metro_kit import PB, Names
from .metro_portals import (
    MINISTRIES,
    PROV_DEPTS,
    bureau,
    city,
    district,
    gkmlpt,
    ministry,
    oldcounty,
    platform,
    prov_dept,
)

KINDS = ["ministry", "prov_dept", "city", "bureau", "district", "platform", "gkmlpt", "oldcounty"]


def plan(rng: random.Random) -> list[str]:
    kinds = (["ministry"] * rng.randint(1, 2) + ["prov_dept"] * rng.randint(2, 3)
             + ["city"] * rng.randint(1, 2) + ["bureau"] * rng.randint(1, 2)
             + ["district"] * rng.randint(3, 4) + ["platform"] * rng.randint(1, 2)
             + ["gkmlpt"] * rng.randint(1, 2) + ["oldcounty"] * rng.randint(1, 2))
    rng.shuffle(kinds)
    return kinds


def generate(seed: int, port: int) -> list[Portal]:
    rng = random.Random(f"metro-plan-{seed}")
    names = Names(random.Random(f"metro-names-{seed}"))
    ministries = rng.sample(MINISTRIES, len(MINISTRIES))
    depts = rng.sample(PROV_DEPTS, len(PROV_DEPTS))
    portals = []
    for i, kind in enumerate(plan(rng)):
        prng = random.Random(f"metro-{seed}-{i}-{kind}")
        key = f"metro{seed}-{i:02d}-{kind}"
        if kind == "ministry":
            spec = ministries.pop()
            code = spec_code(spec[0], names, rng)
            pb = PB(key, kind, port, prng, f"{code}.gov.cn")
            home = ministry(pb, names, spec)
        elif kind == "prov_dept":
            place, code = names.place()
            pb = PB(key, kind, port, prng, f"{code}.gov.cn")
            home = prov_dept(pb, names, place, depts.pop())
        else:
            place, code = names.place()
            pb = PB(key, kind, port, prng, f"{code}.gov.cn")
            build = {"city": city, "bureau": bureau, "district": district,
                     "platform": platform, "gkmlpt": gkmlpt, "oldcounty": oldcounty}[kind]
            home = build(pb, names, place)
        portals.append(pb.finish(home))
    return portals


def spec_code(name: str, names: Names, rng: random.Random) -> str:
    """A ministry's domain label: letters of its own, unique in the world."""
    for _ in range(100):
        code = "".join(rng.choice("abcdefghjklmnpqrstwxyz") for _ in range(rng.randint(3, 5)))
        if code not in names.used_codes:
            names.used_codes.add(code)
            return code
    raise RuntimeError("no code left")
