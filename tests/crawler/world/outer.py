"""The *outer* world: generated government portals of shapes the crawler has not been tuned on
(issue 13), written without looking at the crawler or the other generators' portals.

`generate(seed, port)` gives 15-18 portals and 400-800 expected reports: 开发区/高新区 管委会,
自治县 and 旗, 市辖区 whose 街道 keep their own 年报 corners, cities whose departments run
sub-domain sites, province departments with 直属单位 (some on sub-domains), counties whose
2008-2015 reports stay on an old GBK ASP site in framesets linked as 旧版网站/历史网站, and
counties whose 政务公开 is a `/openness/` platform of `.jsp?deptId=&catId=&pageNo=` pages.

Content systems (`outer_cms.py`): DedeCMS (`/a/xxgk/nb/list_12_2.html`), PHPCMS
(`/index.php?m=content&c=index&a=lists&catid=12&page=2`), 帝国CMS (`/zwgk/nb/index_2.html`,
`/e/action/ShowInfo.php?classid=&id=`), SiteServer (`/channels/12_2.html`), JSON lists
(`/api/cms/article/page?channelId=&pageIndex=&pageSize=` read by a script), static year tabs in
hidden divs, the old ASP site and the openness platform. Report forms (`outer_forms.py`): full
HTML, page + PDF/DOCX/XLSX/WPS/DOC/OFD, bare files, scanned JPG/PNG pages, `_2.html`
continuations, `<object>`/`<embed>`/pdf.js viewers, download scripts with or without
Content-Disposition, POST-only downloads, GBK percent-encoded names, `<base href>`,
`window.open`, notices that carry the report. Look-alikes share the lists; traps
(`outer_traps.py`) include endless calendars, endless `?page=N`, tag/search loops, session ids,
tracking tags, soft 404s, dead links, a page that fails once and slow pages. Every portal stays
in one registrable domain, and every report can be reached from its home page obeying
robots.txt (`outer_walk.py` shows it).
"""

from __future__ import annotations

import random

from . import Portal
from .outer_kit import Names
from .outer_portals import PROV_DEPTS, citydept, district, kfq, oldcounty, platform, provdept, zzx

KINDS = ["kfq", "zzx", "district", "citydept", "provdept", "oldcounty", "platform"]


def plan(rng: random.Random) -> list[str]:
    """Which kinds, how many of each (15-18 portals)."""
    kinds = (["kfq"] * rng.randint(2, 3) + ["zzx"] * rng.randint(2, 3)
             + ["district"] * rng.randint(2, 3) + ["citydept"] * 2
             + ["provdept"] * rng.randint(2, 3) + ["oldcounty"] * rng.randint(2, 3)
             + ["platform"] * 2)
    while len(kinds) < 15:
        kinds.append(rng.choice(KINDS))
    rng.shuffle(kinds)
    return kinds[:18]


def generate(seed: int, port: int) -> list[Portal]:
    """The portals of the outer world for `seed`, every URL on `port`."""
    rng = random.Random(f"outer-plan-{seed}")
    names = Names(random.Random(f"outer-names-{seed}"))
    specs = rng.sample(PROV_DEPTS, len(PROV_DEPTS))
    portals = []
    for i, kind in enumerate(plan(rng)):
        prng = random.Random(f"outer-{seed}-{i}-{kind}")
        key = f"outer{seed}-{i:02d}-{kind}"
        if kind == "provdept":
            portals.append(provdept(key, port, prng, names, specs.pop()))
        else:
            build = {"kfq": kfq, "zzx": zzx, "district": district, "citydept": citydept,
                     "oldcounty": oldcounty, "platform": platform}[kind]
            portals.append(build(key, port, prng, names))
    return portals
