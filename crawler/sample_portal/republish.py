"""The sample portal some weeks later: what its agencies changed after publishing, kept as a
table of edits applied to the published site (the later state is data, not a second copy).

`nianbao demo --republish` serves this state, so a new user sees what the archive is for:

- 北仑区人民政府/2024 corrects its requests table: one request of the year counted under
  自然人 was a 科研机构's (580 -> 579 and 0 -> 1 in the 本年新收 row); a new version whose diff
  shows the two cells, and both failing `requests.balance` checks clear;
- 北关区行政审批和政务信息管理局/2024: only its page's footer changes (a site code and an
  update date): a new capture of the page, but the report itself is the same, so no version;
- 淮安市洪泽区人民政府's 2023 report (洪泽区人民政府/2023 in the archive, as its PDF names
  the agency) is taken down (gone from the list, its page and PDF answer 404): withdrawn
  once two crawls in a row no longer find it.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.sample_portal.server import Site

BEILUN_PAGE = "/zwgk/zfxxgknb/202503/t20250331_1001.html"
BEIGUAN_PAGE = "/zwgk/zfxxgknb/bmnb/202501/t20250120_2001.html"
HONGZE_2023_PAGE = "/zwgk/zfxxgknb/202403/t20240329_0903.html"
HONGZE_2023_PDF = "/zwgk/zfxxgknb/202403/P020240329117342.pdf"

_NEW_REQUESTS_ROW = "<p>一、本年新收政府信息公开申请数量</p>\n<p>{}</p>\n<p>3</p>\n<p>{}</p>\n"
_FOOTER = '<div class="footer">主办：示例市人民政府办公室 '


@dataclass(frozen=True)
class Change:
    """One thing an agency did to its part of the portal, and what the archive makes of it."""

    title: str  # the report, for people
    page: str  # the path of the report's page (the archive finds the report by its URL)
    what: str  # what the agency did, for people
    shows: str  # what the archive shows for it
    edits: tuple[tuple[str, str, str], ...] = ()  # (path, text, replacement): text occurs once
    removed: tuple[str, ...] = ()  # paths that answer 404 from now on


CHANGES: tuple[Change, ...] = (
    Change("北仑区人民政府 2024", BEILUN_PAGE,
           "corrected the 本年新收 row of its requests table (自然人 580 → 579, 科研机构 0 → 1)",
           "version 2: two cells changed, both requests.balance checks clear",
           edits=((BEILUN_PAGE, _NEW_REQUESTS_ROW.format(580, 0),
                   _NEW_REQUESTS_ROW.format(579, 1)),)),
    Change("北关区行政审批和政务信息管理局 2024", BEIGUAN_PAGE,
           "changed only its page's footer (a site code and an update date)",
           "a second capture of the page (`nianbao show` lists both), still one version: "
           "the report is the same",
           edits=((BEIGUAN_PAGE, _FOOTER,
                   _FOOTER + "网站标识码：3208000001　更新日期：2025-04-07 "),)),
    Change("淮安市洪泽区人民政府 2023", HONGZE_2023_PAGE,
           "took the report down (off the list; its page and PDF answer 404)",
           "withdrawn, once two crawls in a row no longer find it",
           edits=(("/zwgk/zfxxgknb/index_1.html",
                   f'<li><a href="{HONGZE_2023_PAGE}" title="淮安市洪泽区人民政府2023年政府信息'
                   '公开工作年度报告">淮安市洪泽区人民政府2023年政府信息公开工作年度报告</a>'
                   "<span>2024-03-29</span></li>\n", ""),),
           removed=(HONGZE_2023_PAGE, HONGZE_2023_PDF)),
)


class StaleEditError(ValueError):
    """An edit whose text is no longer in the published site (the site was rebuilt)."""


def republished(files: dict[str, bytes],
                changes: tuple[Change, ...] = CHANGES) -> dict[str, bytes]:
    """The site's files after `changes`: a new dict, the published files untouched."""
    later = dict(files)
    for change in changes:
        for path, text, replacement in change.edits:
            body = later.get(path, b"").decode("utf-8")
            if body.count(text) != 1:
                raise StaleEditError(
                    f"sample portal: the edit of {path} for {change.title} expects its text "
                    f"once, found it {body.count(text)} time(s); update "
                    "crawler/sample_portal/republish.py to the rebuilt site")
            later[path] = body.replace(text, replacement).encode("utf-8")
        for path in change.removed:
            if later.pop(path, None) is None:
                raise StaleEditError(f"sample portal: {path} (taken down for {change.title}) "
                                     "is not in the site; update crawler/sample_portal/"
                                     "republish.py to the rebuilt site")
    return later


def later_site(published: Site) -> Site:
    """The published site as its agencies later changed it (same routes, same clock)."""
    return Site(files=republished(published.files), mtime=published.mtime)
