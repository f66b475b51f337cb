"""The held-out world: a second, independent generator of mock government portals, for
measuring the crawler on layouts it was not tuned on (issue 13). Do not tune the crawler on
it; tune on `county.py` and measure here.

    with World.build(holdout, seed=1) as world: ...

Sixteen portals per seed (~500 reports), one per platform, each seeded independently:

| key         | platform / layout                                                            |
|-------------|------------------------------------------------------------------------------|
| vsb         | 博达 VSB: `/info/<col>/<id>.htm`, lists `nb.htm` then `nb/<n-1>.htm`… (pages  |
|             | count DOWN), download.jsp without extension, departments and townships      |
|             | (scans), `;jsessionid=` in the home menu, meta-refresh home                  |
| jeecms      | JEECMS `.jhtml`, `index_2.jhtml`, `attachment.jspx?cid=&i=` as octet-stream, |
|             | a renamed bureau                                                             |
| aspnet      | ASP.NET `InfoPublic.aspx?cid=&pid=&page=&kw=`, postback paging (only 下一页 is |
|             | a GET link), `DownLoad.aspx?FileId=`, `/(S(session))/` menu, XLSX tables     |
| dnn         | DotNetNuke `/tabid/N/…/Page/K/Default.aspx`, `LinkClick.aspx?fileticket=`,   |
|             | print views forbidden by a robots wildcard                                   |
| phpcms      | PHPCMS in GBK, `index.php?m=content&c=index&a=lists&catid=`, pseudo-static  |
|             | duplicates, raw UTF-8 Content-Disposition                                    |
| dede        | DedeCMS `list_T_N.html`, page scans, scanned PDFs, a ZIP, `/bak/` forbidden  |
| frameset    | frameset + image map, GB2312 without header charset, bare DOCX, `down.asp`, |
|             | an HTML robots.txt                                                           |
| anhui       | Anhui `/public/column/<unit>?type=3&action=list&nav=4&isNianbao=1&page=N`,  |
|             | FastDFS `/group1/M00/…`, extension-less unit navigator, notice pages         |
| hebei       | Hebei `/columns/<uuid>/YYYYMM/DD/<uuid>.html`, onclick / PDF.js viewers,     |
|             | departments on their own hosts (one with `<base href>`), county PDFs        |
| trsyears    | TRS year folders `2024nb/szf|szfbm|xsq/`, `createPageHTML`, `var countPage`, |
|             | attachments written by `document.write`                                      |
| gkml        | `zfxxgk.<city>.gov.cn/<unit>/zfxxgknb/list.shtml`, units only in a jump-menu |
|             | `<select>`, bare PDFs, a 300-article news site                               |
| xxgkjson    | `xxgk.<district>.gov.cn`: unit tree and lists from JSON named in scripts,    |
|             | pageNo/totalPages                                                            |
| gongkai     | per-unit `/gongkai/site_<unit>/channel_<id>/`, layui paging, `<li data-href>` |
| crossdomain | district reports on its host, department/street reports on the prefecture's |
|             | `zwgk.<city>.gov.cn` (another registrable domain)                            |
| multihost   | 机构设置 → each department's own site (TRS / VSB / JSON / PDFs with Chinese   |
|             | names / GBK behind a script redirect / `Disallow: /`), two dead hosts        |
| spa         | Nuxt SSR: five anchors, the rest from a MyBatis-Plus JSON API, attachments   |
|             | only in `window.__NUXT__` (`\\u002F`), two reports only in the sitemap       |

Fairness: everything expected is reachable from the home page through what the pages show
(links, frames, image maps, `<option>` values, `data-href`, onclick/`javascript:` strings,
script-announced paging, JSON named in scripts, PDF.js `file=`, robots.txt sitemaps) — the
self-check proves it with the reference reader in `holdout_oracle.py`, which also counts the
requests a complete crawl needs (a few hundred per portal, far under 1,500). One exception
to "same site": `crossdomain` puts part of a district's reports on the prefecture's domain.

Expected reports: `Report.urls` is the report's page (when it has one; a notice page that
presents the report counts) plus every file carrying its content (PDF/DOCX/XLSX/ZIP
attachments, download-script URLs, page scans, table images). Look-alikes (政务公开要点,
法治政府建设报告, 预决算, 统计公报, 年报解读/一图读懂, 年报编制通知, 网站年度报表, 政府工作报告,
指南, 依申请公开, 住房公积金年度报告…) are in `lookalikes`; report copies robots.txt forbids are in
`never`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from tests.crawler.world import Portal
from tests.crawler.world.holdout_cms import (
    build_aspnet,
    build_dede,
    build_dnn,
    build_frameset,
    build_jeecms,
    build_phpcms,
    build_vsb,
)
from tests.crawler.world.holdout_gov import (
    build_anhui,
    build_crossdomain,
    build_gkml,
    build_gongkai,
    build_hebei,
    build_multihost,
    build_spa,
    build_trs_years,
    build_xxgk_json,
)
from tests.crawler.world.holdout_kit import Build, Names

BUILDERS = [
    ("vsb", "vsb", build_vsb),
    ("jeecms", "jeecms", build_jeecms),
    ("aspnet", "aspnet", build_aspnet),
    ("dnn", "dnn", build_dnn),
    ("phpcms", "phpcms", build_phpcms),
    ("dede", "dedecms", build_dede),
    ("frameset", "frameset", build_frameset),
    ("anhui", "anhui-public", build_anhui),
    ("hebei", "hebei-columns", build_hebei),
    ("trsyears", "trs", build_trs_years),
    ("gkml", "unit-coded", build_gkml),
    ("xxgkjson", "json-xxgk", build_xxgk_json),
    ("gongkai", "layui", build_gongkai),
    ("crossdomain", "trs-crossdomain", build_crossdomain),
    ("multihost", "multi-host", build_multihost),
    ("spa", "nuxt-spa", build_spa),
]


def generate(seed: int, port: int) -> list[Portal]:
    """The held-out portals for `seed`, every URL absolute with `port`."""
    names = Names(seed)
    taken: set[str] = set()
    return [fn(Build(seed, port, key, family, taken, names)) for key, family, fn in BUILDERS]


def describe(seed: int, port: int = 8080) -> list[dict[str, Any]]:
    """One row per portal: platform, hosts, reports, file kinds, look-alikes, forbidden URLs,
    traps, and what the reference reader needed (requests, deepest report)."""
    from urllib.parse import unquote, urlsplit

    from crawler.sample_portal.server import Hit
    from tests.crawler.world.holdout_kit import ORACLE_HEADER
    from tests.crawler.world.holdout_oracle import read

    rows = []
    for portal in generate(seed, port):
        reading = read(portal)
        kinds: Counter[str] = Counter()
        for rep in portal.reports:
            for url in rep.urls:
                parts = urlsplit(url)
                reply = portal.sites[parts.hostname or ""].answer(
                    Hit("GET", unquote(parts.path), parts.query, {ORACLE_HEADER: "1"}), b"")
                ctype = reply.content_type.split(";")[0]
                kind = {"text/html": "page", "application/pdf": "pdf", "image/jpeg": "jpg",
                        "image/png": "png", "application/zip": "zip"}.get(ctype, ctype)
                if "word" in ctype:
                    kind = "docx"
                elif "sheet" in ctype:
                    kind = "xlsx"
                if "Content-Disposition" in reply.headers:
                    kind += " via script"
                kinds[kind] += 1
        depths = [max(reading.depth(u) or 0 for u in rep.urls) for rep in portal.reports]
        rows.append({"key": portal.key, "family": portal.family, "hosts": len(portal.sites),
                     "reports": len(portal.reports), "kinds": dict(kinds),
                     "lookalikes": len(portal.lookalikes), "never": len(portal.never),
                     "traps": portal.traps, "requests": reading.requests,
                     "depth": (min(depths), max(depths)) if depths else (0, 0)})
    return rows
