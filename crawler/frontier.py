"""Where a crawl spends its requests: every link gets a verdict (follow it as what, or drop
it, and why) and a priority, from tables a newcomer extends in one line.

Discovery is best-first, not depth-first: reports and their files first, then pages of lists
that already led to reports, then the way towards 年报 columns (信息公开, 部门, 乡镇, an organ's
name…), and last, links with no signal at all, which are followed only a hop or two away
from a page that had one ("tunnelling"). Scrapy's own scheduler orders the requests by
`Request.priority`; this module only computes it. What bounds the crawl is a per-portal
page budget and a safety bound on depth, not a fixed navigation depth, plus rules that cut
traps: calendars, session IDs and tracking parameters (`canonical_url`), and lists that keep
producing pages but no new items (`Pagination`).

    >>> verdict("部门信息公开", "http://www.x.gov.cn/bmxxgk/").rules
    ('text.units', 'text.disclosure', 'url.disclosure')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


@dataclass(frozen=True)
class Signal:
    """One line of the table: `pattern` searched in the anchor text (`where="text"`) or in the
    URL's path and query (`where="url"`); `weight` > 0 points towards the reports, < 0 away."""

    name: str
    pattern: str
    weight: int
    where: str = "text"
    masks: tuple[str, ...] = ()  # signals this one overrules when both fire
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern, re.I))


# A 年报 column's URL (…/zfxxgknb/, …/gknb/2024nb/, …/xxgkndbg/ …).
REPORT_COLUMN_URL = re.compile(
    r"nianbao|ndbg|gknb|xxgknb|zfxxgknb|gkndbg|xxgkndbg|xxgkannualreport|annualreport|"
    r"niandubaogao|ndgzbg|(?:^|[/_-])(?:\d{4})?nb(?:[/_.-]|\d|$)", re.I)

# Ends of a unit's name.
_UNIT = r"局|委|委员会|办公室|厅|署|政府|街道|办事处|镇|乡|管委会|中心|院|办|所|站|队"

SIGNALS: tuple[Signal, ...] = (
    Signal("text.report_column", r"年报|年度报告", 60),
    Signal("url.report_column", REPORT_COLUMN_URL.pattern, 50, "url"),
    Signal("text.disclosure", r"信息公开|政务公开|公开目录|公开专栏|公开平台|政府公开|法定主动公开|"
           r"信息公开目录|网站地图|站点地图", 35),
    Signal("url.disclosure", r"xxgk|zwgk|zfxxgk|gkml|gkmlpt|/public/|/gk/|zfgk|zdly|/open/|"
           r"bmxxgk|/zfxx|xxgkml|sitemap|wzdt", 25, "url"),
    Signal("text.units", r"部门|乡镇|街道|镇街|区县|县区|县市区|市直|机构|下级|直属|单位|本级|"
           r"各区|各县|办事处|市辖区", 25),
    # An organ's name: a way to its own disclosure pages, whatever words it holds (区文化广电
    # 和旅游局, 区新闻出版局). "中心", "院" and "办" name news centres and the like too.
    Signal("text.organ", r"(?:局|委|委员会|办公室|厅|署|政府|街道|办事处|镇|乡|管委会|"
           r"管理委员会)\s*$", 20, masks=("text.noise",)),
    Signal("text.organ_weak", r"(?:办|院|中心)\s*$", 20),
    # A unit and a year, as a 年报 column lists them: "澍台市政府采购中心（2019年度）".
    Signal("text.unit_year", rf"(?:{_UNIT})\s*[（(【\[]\s*(?:19|20)\d{{2}}\s*年?度?\s*[）)】\]]\s*$",
           20, masks=("text.noise",)),
    Signal("text.year_unit", rf"^\s*(?:19|20)\d{{2}}\s*年度?\s*\S{{2,30}}?(?:{_UNIT})\s*$", 20),
    Signal("text.year", r"^\s*(?:19|20)\d{2}\s*(?:年度?)?(?:及以前|以前|之前)?(?:报告|年报)?\s*$",
           20),
    # Where reports are also published as notices (关于公布…年度报告的通知).
    Signal("text.notices", r"^\s*(?:通知公告|公示公告|公告公示|通知通告|公告通知)\s*(?:更多\S*)?$", 40),
    Signal("text.more", r"^\s*(?:更多|查看更多|more|>>|»|更多>>|更多\s*>)\s*$", 5),
    # Words that name services, not disclosure; inside an organ's name (自然资源调查院,
    # 政府采购中心, 文化和旅游局) they are no noise.
    Signal("text.noise", rf"新闻|要闻|动态|图片|视频|直播|访谈|领导|简历|互动|留言|信箱|咨询(?!{_UNIT})|"
           rf"投诉(?!{_UNIT})|调查(?!{_UNIT}|总队|大队)|征集|网上办事|办事指南|便民服务|公共服务|"
           rf"招聘|招标|采购(?!{_UNIT}|管理)|English|无障碍|长者|关怀|"
           r"联系我们|关于我们|登录|注册|用户|邮箱|搜索|旅游|天气|下载中心|网站声明|隐私|纠错|"
           r"政策解读|解读|在线|热线|满意度|评价|会议", -40),
    Signal("url.noise", r"(?:^|[/_.-])(?:news|xwzx|xwdt|ywdt|tpxw|video|sp|hdjl|hudong|zmhd|"
           r"login|register|search|so|mail|english|en|wza|bsfw|zwfw|ztzl|zt|jdhy|"
           r"jiedu|zcjd|interview)(?:[/_.-]|\d|$)", -30, "url"),
)

# Links that lead into traps: calendars (endless in both directions) and the like.
TRAP_TEXT = re.compile(r"^\s*(?:<<|>>|«|»)?\s*(?:上一?月|下一?月|上一?年|下一?年|前一?天|后一?天|"
                       r"上一?周|下一?周|前一月|后一月|上个月|下个月|今天|本月|本周)\s*(?:<<|>>|«|»)?\s*$")
TRAP_URL = re.compile(r"calendar|rili|richeng|schedule|/rc/|[?&](?:date|day|month|ym|riqi|"
                      r"rq|cal|d)=\d{4}[-/]?\d", re.I)
# Search results: endless, and nothing in them a column does not list.
SEARCH_URL = re.compile(r"(?:search|/so/|/s\.|m=search|jsearch|fulltext|query).*[?&](?:q|kw|"
                        r"keyword|keywords|searchword|wd|word|query|key|searchkey)=[^&]", re.I)
# Tag pages: each names more tags, without end ("/tag/index.aspx?name=年报预算", "/tags/年报/").
TAG_URL = re.compile(r"(?:^|/)(?:tags?|label|biaoqian)(?:/|\.\w+\?|\?)|[?&](?:tag|tags|tagname)=[^&]",
                     re.I)
# Pages whose URL says it is a list's page N (the way lists are paged).
PAGE_PARAM = re.compile(r"^(?:page|pageno|pagenum|pageindex|curpage|currentpage|p|pn|"
                        r"pagenumber|page_no|cpage|start|startrecord|offset)$", re.I)

# Article-like URLs: an item in a list, not a column (TRS t20240328_1.html, Hanweb
# art_123_4567.html, gkmlpt post_123.html, UCAP 32-hex .shtml, VSB info/12/345.htm …).
# A site's home page: never a page of a list, nor a column ("首页" names both).
SITE_ROOT = re.compile(r"^/?(?:(?:index|default|main|home)\.\w+)?$", re.I)

ARTICLE_URL = re.compile(
    r"/t\d{8}_\d+|art_\d+_\d+|post_\d+|/[0-9a-f]{32}\.s?html?|/info/\d+/\d+|content_\d+|"
    r"/\d{6}/(?:\d{1,2}/)?[^/]+\.s?html?$|/\d{4}-\d{2}/\d{2}/|/\d{8}/[^/]+\.s?html?$|"
    r"/c\d+/\d+\.s?html?$|/\d{5,}\.(?:s?html?|jhtml|jspx?)$|detail|"
    r"[?&](?:id|docid|articleid|infoid|newsid|contentid)=",
    re.I)

# Query parameters that never change what a page says: session IDs, tracking, cache busting.
TRACKING_KEYS = re.compile(r"^(?:utm_\w+|spm|from|share\w*|fromuid|isappinstalled|scene|"
                           r"clicktime|wfr|ddtab)$", re.I)
CACHE_KEYS = re.compile(r"^(?:_|rnd|random|timestamp|nocache|cb)$", re.I)
SESSION_KEYS = re.compile(r"^(?:jsessionid|phpsessid|aspsessionid\w*|sessionid|session_id|"
                          r"sid|sessid|token|s)$", re.I)
SESSION_VALUE = re.compile(r"^[A-Za-z0-9_-]{16,}$")
TIMESTAMP_VALUE = re.compile(r"^\d{10,}$")
# Download scripts: addresses that hand out a file whatever their extension.
DOWNLOAD_HREF = re.compile(r"down(?:load)?|getfile|attach|fujian|file\.(?:jsp|do|aspx)|"
                           r"linkclick|fileticket|fileid", re.I)
PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/?#]*|/\(S\([^)]*\)\)", re.I)


def canonical_url(url: str) -> str:
    """The URL without what never changes a page: the #fragment, session IDs (in the path or
    the query), tracking and cache-busting parameters. Two links that differ only in those
    are one request."""
    p = urlsplit(url.strip())
    path = PATH_SESSION.sub("", p.path) or "/"
    pairs = parse_qsl(p.query, keep_blank_values=True)
    # A download script's time stamps may be part of what it serves (JEECMS attachment.jspx
    # answers 404 without its `t`): kept there, dropped elsewhere as cache busters.
    busters = not DOWNLOAD_HREF.search(path)
    kept = [(k, v) for k, v in pairs
            if not TRACKING_KEYS.match(k)
            and not (SESSION_KEYS.match(k) and SESSION_VALUE.match(v))
            and not (busters and (CACHE_KEYS.match(k) or (
                k.lower() in ("t", "_t", "ts", "v") and TIMESTAMP_VALUE.match(v))))]
    query = p.query if len(kept) == len(pairs) else urlencode(kept)
    return urlunsplit((p.scheme, p.netloc, path, query, ""))


@dataclass(frozen=True)
class Verdict:
    """What the signals say about one link: the summed weight and the rules that fired."""

    score: int
    rules: tuple[str, ...]

    @property
    def positive(self) -> bool:
        return self.score > 0

    def to_dict(self) -> dict[str, object]:
        return {"score": self.score, "rules": list(self.rules)}


def verdict(text: str, url: str) -> Verdict:
    """Score a link by its anchor text (or title/context) and its URL."""
    p = urlsplit(url)
    where = {"text": " ".join(text.split()), "url": p.path + ("?" + p.query if p.query else "")}
    fired = [s for s in SIGNALS if where[s.where] and s.regex.search(where[s.where])]
    masked = {name for s in fired for name in s.masks}
    fired = [s for s in fired if s.name not in masked]
    return Verdict(sum(s.weight for s in fired), tuple(s.name for s in fired))


def trap_rule(text: str, url: str) -> str | None:
    """The name of the trap rule a link falls under, if any."""
    if TRAP_TEXT.match(text or ""):
        return "trap.calendar_text"
    p = urlsplit(url)
    where = p.path + ("?" + p.query if p.query else "")
    if TRAP_URL.search(where):
        return "trap.calendar_url"
    if SEARCH_URL.search(where):
        return "trap.search"
    if TAG_URL.search(where):
        return "trap.tags"
    return None


def looks_like_article(url: str) -> bool:
    """The URL names one document (an item of a list), not a column."""
    return bool(ARTICLE_URL.search(url))


# Priorities by what a request is for; Scrapy fetches higher first. Within a kind, a better
# score goes first and a deeper page later.
PRIORITY: dict[str, int] = {
    "attachment": 1000, "image": 950, "report": 900, "candidate": 800, "page": 600,
    "nav": 400, "sitemap": 300, "idle_page": 150, "tunnel": 100, "sitemap_entry": 50,
}


def priority(kind: str, score: int = 0, depth: int = 0) -> int:
    """The Scrapy priority of a request of `kind` with signal `score` at `depth`."""
    return PRIORITY[kind] + max(-90, min(score, 150)) // 2 - 5 * depth


def series_key(url: str) -> str:
    """What the pages of one list share: host and path with page numbers blanked, and the
    query without its page parameter (`nb/`, `nb/index_3.html`, `nb.htm`, `nb/3.htm` and
    `list.html?page=3` each name their list's first page; `1576_3.html` is page 3 of the
    document `1576.html`)."""
    p = urlsplit(url)
    path = p.path + ("index" if p.path.endswith("/") else "")
    head, _, last = path.rpartition("/")
    stem = re.sub(r"\.\w+$", "", last)
    doc = re.fullmatch(r"(\d{4,})(?:_\d+)?", stem)  # a document's id (1576, 1576_3: its page 3)
    last = doc.group(1) if doc else re.sub(r"[_-]?\d+$", "", stem)
    if not last:
        path = head
    elif last.lower() in ("index", "list", "default", "more", "page"):
        path = head + "/"
    else:
        path = f"{head}/{last}"
    query = sorted((k, v) for k, v in parse_qsl(p.query) if not PAGE_PARAM.match(k))
    return f"{p.netloc}{path}?{urlencode(query)}"


@dataclass
class Pagination:
    """Bounds every list: a list whose pages stop bringing new items is not paged further
    (`stale_pages` pages in a row with no item link not seen before end it), and a list that
    has shown nothing of a report (no report, look-alike or column item) is paged no further
    than `idle_pages` pages (a news column 300 pages long) unless it is in a 年报 column."""

    stale_pages: int = 2
    idle_pages: int = 20
    seen: set[str] = field(default_factory=set)
    stale: dict[str, int] = field(default_factory=dict)
    ended: set[str] = field(default_factory=set)
    relevant: set[str] = field(default_factory=set)

    def observe(self, series: str, item_urls: list[str], relevant: bool = False) -> bool:
        """Record one page of `series` with these item links (`relevant`: some of them are
        reports or look like one); False once the list is stale."""
        new = [u for u in item_urls if u not in self.seen]
        self.seen.update(item_urls)
        if relevant:
            self.relevant.add(series)
        if new:
            self.stale[series] = 0
        else:
            self.stale[series] = self.stale.get(series, 0) + 1
        if self.stale[series] >= self.stale_pages:
            self.ended.add(series)
        return series not in self.ended

    def open(self, series: str) -> bool:
        return series not in self.ended

    def idle(self, series: str) -> bool:
        """The list has shown nothing of a report so far."""
        return series not in self.relevant
