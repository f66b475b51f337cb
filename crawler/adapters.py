"""List-page adapters: one small class per CMS pattern that finds a column's items and its
further pages. Adapters see a `Page` (URL, text, content type, the portal profile) and
return links plus further list pages to fetch; they do not know Scrapy. The spider runs every
adapter of `ADAPTERS` (or those a profile names) on every list page.

To support a new CMS, write a class with `name`, `extract()` (and `seeds()` if it can make
start requests from profile hints) and add it to `ADAPTERS`.
"""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import html as lxml_html

from crawler.frontier import SITE_ROOT, series_key

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Link:
    """A link found on a page: absolute URL and its anchor text."""

    url: str
    text: str = ""


@dataclass(frozen=True)
class PageRequest:
    """A further list page (or API page) to fetch. `formdata` makes it a POST form."""

    url: str
    method: str = "GET"
    formdata: tuple[tuple[str, str], ...] | None = None
    role: str = "list"
    adapter: str = ""
    meta: tuple[tuple[str, Any], ...] = ()


@dataclass
class Page:
    """What an adapter sees of a response."""

    url: str
    text: str
    content_type: str = "text/html"
    profile: Any = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class AdapterOutput:
    links: list[Link] = field(default_factory=list)
    pages: list[PageRequest] = field(default_factory=list)
    #: the adapters that found something on the page (crawl health: a list page that no
    #: longer matches the adapter that read it before)
    matched: list[str] = field(default_factory=list)

    def extend(self, other: AdapterOutput) -> None:
        self.links.extend(other.links)
        self.pages.extend(other.pages)
        self.matched.extend(other.matched)


class Adapter:
    """Base class: an adapter that finds nothing."""

    name = "base"

    def seeds(self, profile: Any, since: int | None = None) -> list[PageRequest]:
        """Requests this adapter can make from profile hints alone (before any page)."""
        return []

    def extract(self, page: Page) -> AdapterOutput:
        """Links and further pages found on `page`."""
        return AdapterOutput()


def _anchors(fragment: str, base: str) -> list[Link]:
    """All <a href> of an HTML fragment, resolved against `base`."""
    if not fragment.strip():
        return []
    try:
        doc = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - a broken record must not stop the column
        return []
    out = []
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if href and not href.startswith(("javascript:", "#", "mailto:")):
            out.append(Link(urljoin(base, href), " ".join(a.text_content().split())
                            or (a.get("title") or "")))
    return out


class TRSPagination(Adapter):
    """TRS WCM static pagination: `createPageHTML(total, current, "index", "html")` announces
    pages index.html, index_1.html … index_{total-1}.html in the same directory (all of them
    are asked for: versions count the current page from 0 or from 1, and the spider knows
    the page it is on)."""

    name = "trs"
    # createPageHTML(total, current, "index", "html"), also with a leading element id
    # (createPageHTML('page_div', total, current, 'index', 'shtml', records)) and with
    # variables the script sets (var countPage = 5; var prevPage = "index";
    # createPageHTML(countPage, currentPage, prevPage, "html")).
    ARG = r"""\s*('[\w-]*'|"[\w-]*"|[\w-]+)\s*"""  # a quoted literal or a variable's name
    CALL = re.compile(rf"createPageHTML\(\s*(?:['\"][\w-]*['\"]\s*,)?{ARG},{ARG},{ARG},{ARG}[,)]")
    VAR = re.compile(r"\bvar\s+(\w+)\s*=\s*['\"]?([\w-]+)")

    # The same pager written by the page's own script: var countPage = 4 … "index_" + n + ".html"
    OWN = re.compile(r"""['"]([\w-]+)_['"]\s*\+[^;]{0,80}?['"]\.(s?html?)\\?['"]""")

    def extract(self, page: Page) -> AdapterOutput:
        out = AdapterOutput()
        known = dict(self.VAR.findall(page.text))

        def value(arg: str) -> str:
            """A literal's text, or the value the script gives a variable."""
            return arg[1:-1] if arg[:1] in "'\"" else known.get(arg, arg)

        total = prefix = suffix = ""
        for m in self.CALL.finditer(page.text):  # the call, not the function's definition
            total, _, prefix, suffix = (value(arg) for arg in m.groups())
            if total.isdigit():
                break
        if not total.isdigit():
            own = self.OWN.search(page.text)
            if not own or "countPage" not in known:
                return out
            total = known["countPage"]
            prefix, suffix = own.group(1), own.group(2)
        if not total.isdigit():
            return out
        for n in range(min(int(total), 1000)):  # all of them: the spider knows the one it is on
            name = f"{prefix}.{suffix}" if n == 0 else f"{prefix}_{n}.{suffix}"
            out.pages.append(PageRequest(urljoin(page.url, name), adapter=self.name))
        return out


class HanwebDatastore(Adapter):
    """Hanweb/大汉 JCMS columns: items in `<script type="text/xml"><datastore><recordset>
    <record><![CDATA[…]]></record>`; further records by POST to `/module/web/jpage/dataproxy.jsp`
    with startrecord/endrecord/perpage and the column's form fields."""

    name = "hanweb"
    RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
    NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.S)
    TOTAL = re.compile(r"(?:totalRecord|totalrecord)\s*[:=>]\s*['\"]?(\d+)", re.I)
    PERPAGE = re.compile(r"perPage\s*[:=]\s*['\"]?(\d+)", re.I)
    PROXY = re.compile(r"""proxyUrl\s*[:=]\s*['"]([^'"]+)['"]""", re.I)
    FORM_KEYS = ("col", "appid", "webid", "path", "columnid", "sourceContentType", "unitid",
                 "webname", "permissiontype")
    GROUP_PAGES = 3

    def extract(self, page: Page) -> AdapterOutput:
        out = AdapterOutput()
        if "<datastore" not in page.text:
            return out
        records = self.RECORD.findall(page.text)
        for rec in records:
            out.links.extend(_anchors(rec, page.url))
        if page.meta.get("hanweb_group"):  # a dataproxy answer: its page was planned already
            return out
        total_m = self.TOTAL.search(page.text)
        total = int(total_m.group(1)) if total_m else 0
        per_m = self.PERPAGE.search(page.text)
        per_page = int(per_m.group(1)) if per_m else 15
        if total <= len(records):
            return out
        group = per_page * self.GROUP_PAGES
        proxy_m = self.PROXY.search(page.text)
        next_m = self.NEXTGROUP.search(page.text)
        params: dict[str, str] = {}
        proxy = "/module/web/jpage/dataproxy.jsp"
        if next_m:
            href = re.search(r"href=['\"]([^'\"]+)['\"]", next_m.group(1))
            if href:
                parts = urlsplit(href.group(1))
                proxy = parts.path or proxy
                params = {k: v for k, v in parse_qsl(parts.query) if k in self.FORM_KEYS}
        if proxy_m:
            proxy = proxy_m.group(1)
        if not params.get("columnid"):
            col = re.search(r"/col/col(\d+)/", page.url)
            if col:
                params["columnid"] = col.group(1)
        params.setdefault("col", "1")
        params.setdefault("appid", "1")
        params.setdefault("path", "/")
        params.setdefault("sourceContentType", "1")
        params.setdefault("permissiontype", "0")
        for start in range(len(records) + 1, total + 1, group):
            end = min(start + group - 1, total)
            q = urlencode({"startrecord": start, "endrecord": end, "perpage": per_page})
            out.pages.append(PageRequest(
                urljoin(page.url, f"{proxy}?{q}"), method="POST",
                formdata=tuple(sorted(params.items())), adapter=self.name,
                meta=(("hanweb_group", True),)))
        return out


class HanwebAnnualReport(Adapter):
    """Hanweb 信息公开 module: `/module/xxgk/xxgkAnnualReport.jsp?area=<unit>&fbtime=<year>`
    serves one unit's report for one year. Seeds one request per unit code × year from the
    profile's `hanweb_areas`, and follows such links found on pages as reports."""

    name = "hanweb_annual"
    PATH = "/module/xxgk/xxgkAnnualReport.jsp"
    FIRST_YEAR = 2008  # the Regulation's first reporting year

    def seeds(self, profile: Any, since: int | None = None) -> list[PageRequest]:
        areas = list(getattr(profile, "hanweb_areas", None) or [])
        if not areas:
            return []
        base = getattr(profile, "hanweb_base", None) or profile.start_urls[0]
        first = max(since or 0, getattr(profile, "first_year", None) or self.FIRST_YEAR)
        out = []
        for area in areas:
            for year in range(date.today().year, first - 1, -1):
                q = urlencode({"area": area, "fbtime": year})
                out.append(PageRequest(urljoin(base, f"{self.PATH}?{q}"), role="report",
                                       adapter=self.name))
        return out


class NextPageLink(Adapter):
    """Pager links, wherever the CMS puts them: 首页/上一页/下一页/尾页 (and next/last), and
    numbered pages ("2", "[3]", "第4页") that stay on the same list."""

    name = "next_link"
    TEXT = re.compile(r"^\s*(?:下一页|下页|后页|上一页|上页|前页|首页|尾页|末页|最后一页|"
                      r"next\s*page|next|last|›|»|>|>>)\s*$", re.I)
    NUMBER = re.compile(r"^\s*(?:\[\s*)?(?:第\s*)?(\d{1,4})\s*(?:页)?(?:\s*\])?\s*$")
    HREF = re.compile(r"<a\b[^>]*?href\s*=\s*['\"]([^'\"]+)['\"][^>]*>(.*?)</a>", re.I | re.S)

    def extract(self, page: Page) -> AdapterOutput:
        out = AdapterOutput()
        if "页" not in page.text and "next" not in page.text.lower() and \
                not re.search(r">\s*\[?\s*2\s*\]?\s*</a>", page.text):
            return out
        here = _list_of(page.url)
        for href, inner in self.HREF.findall(page.text):
            text = " ".join(re.sub(r"<[^>]+>", "", inner).split())
            if href.startswith(("javascript:", "#")):
                continue
            url = urljoin(page.url, href.replace("&amp;", "&"))
            if SITE_ROOT.match(urlsplit(url).path) and not urlsplit(url).query:
                continue  # "首页" of the site's navigation, not of the list
            if self.TEXT.match(text) or (self.NUMBER.match(text) and _list_of(url) == here):
                out.pages.append(PageRequest(url, adapter=self.name))
        return out


def _list_of(url: str) -> str:
    """The list a page URL belongs to (page numbers blanked)."""
    return series_key(url)


class QueryPagination(Adapter):
    """Plain `?page=N` (pageNo, pageNum, pageIndex, curPage, p) links on the same path."""

    name = "query_page"
    KEYS = ("page", "pageno", "pagenum", "pageindex", "curpage", "currentpage", "p", "pn")
    HREF = re.compile(r"href\s*=\s*['\"]([^'\"#]*\?[^'\"#]+)['\"]", re.I)

    def extract(self, page: Page) -> AdapterOutput:
        out = AdapterOutput()
        here = urlsplit(page.url)
        for href in self.HREF.findall(page.text):
            url = urljoin(page.url, href.replace("&amp;", "&"))
            parts = urlsplit(url)
            if parts.path != here.path or parts.netloc != here.netloc:
                continue
            keys = {k.lower() for k, _ in parse_qsl(parts.query)}
            if keys & set(self.KEYS):
                out.pages.append(PageRequest(url, adapter=self.name))
        return out


def dotted(obj: Any, path: str) -> Any:
    """`dotted({"a": {"b": [1]}}, "a.b")` -> [1]; missing keys give None."""
    for key in [k for k in path.split(".") if k]:
        if isinstance(obj, dict):
            obj = obj.get(key)
        elif isinstance(obj, list) and key.isdigit() and int(key) < len(obj):
            obj = obj[int(key)]
        else:
            return None
    return obj


class JsonApi(Adapter):
    """A JSON list API named by a profile:
    `json_api = {url = ".../list?page={page}", items = "data.list", url_field = "url",
    title_field = "title", first_page = 1, max_pages = 100}`. Pages are fetched until one is
    empty (or `max_pages`)."""

    name = "json_api"

    def seeds(self, profile: Any, since: int | None = None) -> list[PageRequest]:
        cfg = getattr(profile, "json_api", None)
        if not cfg:
            return []
        first = int(cfg.get("first_page", 1))
        return [PageRequest(cfg["url"].format(page=first), adapter=self.name,
                            meta=(("json_page", first),))]

    def extract(self, page: Page) -> AdapterOutput:
        out = AdapterOutput()
        cfg = getattr(page.profile, "json_api", None)
        if not cfg or "json_page" not in page.meta:
            return out
        try:
            data = json.loads(page.text)
        except ValueError:
            return out
        items = dotted(data, cfg.get("items", "")) or []
        if not isinstance(items, list):
            return out
        for item in items:
            if not isinstance(item, dict):
                continue
            url = dotted(item, cfg.get("url_field", "url"))
            if url:
                out.links.append(Link(urljoin(page.url, str(url)),
                                      str(dotted(item, cfg.get("title_field", "title")) or "")))
        n = int(page.meta["json_page"])
        if items and n - int(cfg.get("first_page", 1)) + 1 < int(cfg.get("max_pages", 100)):
            out.pages.append(PageRequest(cfg["url"].format(page=n + 1), adapter=self.name,
                                         meta=(("json_page", n + 1),)))
        return out


class Sitemap(Adapter):
    """A sitemap (robots.txt `Sitemap:` lines, /sitemap.xml): a `<urlset>`'s pages are links,
    a `<sitemapindex>`'s sitemaps are further pages."""

    name = "sitemap"
    LOC = re.compile(r"<loc>\s*(?:<!\[CDATA\[)?\s*([^<\]]+?)\s*(?:\]\]>)?\s*</loc>", re.I)

    def extract(self, page: Page) -> AdapterOutput:
        out = AdapterOutput()
        head = page.text[:2000]
        if "<urlset" in head:
            out.links.extend(Link(urljoin(page.url, loc.replace("&amp;", "&")))
                             for loc in self.LOC.findall(page.text))
        elif "<sitemapindex" in head:
            out.pages.extend(PageRequest(urljoin(page.url, loc.replace("&amp;", "&")),
                                         adapter=self.name)
                             for loc in self.LOC.findall(page.text))
        return out


class ScriptedList(Adapter):
    """A list filled by a script from a JSON API whose address the page writes in a script,
    as a literal (`"/api/list.do?pageNo=1"`) or assembled from literals and variables the
    script sets (`"/api/content/list?channelId=" + channelId + "&pageNo=" + pageNo`, the page
    number taken as 1): the API is fetched; its answers' items are links and, while they bring
    items, the next page is asked for (the spider ends a list whose pages bring nothing new)."""

    name = "scripted_list"
    # Code, not data: a `<script type="text/xml">` datastore is the Hanweb adapter's to read.
    SCRIPT = re.compile(r"<script\b(?![^>]*\btype=['\"]?text/xml)[^>]*>(.*?)</script>",
                        re.I | re.S)
    PAGE_KEYS = r"page|pageno|pagenum|pageindex|curpage|currentpage|current|curr|p|pn"
    OFFSET_KEYS = r"start|offset|startrecord|from"
    # An address with a page number in it ("/common/search/…?_isJson=true&page=0").
    API = re.compile(rf"""['"]((?:https?://[^'"\s]+)?/[^'"\s<>]*?[?&](?:{PAGE_KEYS})=\d+"""
                     r"""[^'"\s<>]*)['"]""", re.I)
    PAGE = re.compile(rf"([?&](?:{PAGE_KEYS})=)(\d+)", re.I)
    # A data address with no page number: "/api/nb/list.json", "/xxgk/api/units".
    DATA = re.compile(r"""['"]((?:https?://[^'"\s]+)?/[^'"\s<>?]*?(?:/api/[^'"\s<>]*|\.json)"""
                      r"""(?:\?[^'"\s<>]*)?)['"]""", re.I)
    OFFSET = re.compile(rf"([?&](?:{OFFSET_KEYS})=)(\d+)", re.I)
    # `"/path?a=" + name + "&b=" + 1` (an expression starting with a literal path)
    CONCAT = re.compile(r"""(['"])((?:https?:)?/[^'"\s]*)\1((?:\s*\+\s*(?:(['"])[^'"\n]*?\4|"""
                        r"""[A-Za-z_$][\w$.]*|\d+))+)""")
    TERM = re.compile(r"""\+\s*(?:(['"])([^'"\n]*?)\1|([A-Za-z_$][\w$.]*)|(\d+))""")
    ASSIGN = re.compile(r"""(?:\b(?:var|let|const)\s+|[{,;]\s*['"]?|^\s*['"]?|\.)"""
                        r"""([A-Za-z_$][\w$]*)['"]?\s*[:=]\s*(?:(['"])([^'"\n]*?)\2|(\d+)\b)""",
                        re.M)
    URL_KEYS = ("url", "link", "href", "path", "docpuburl", "puburl", "detailurl", "fileurl",
                "linkurl", "pageurl")
    OBJECT = re.compile(r"\{[^{}]{0,2000}\}")  # an object literal holding no other
    VALUE = re.compile(r"""['"]?(\w+)['"]?\s*:\s*['"]([^'"\n]+)['"]""")
    TITLE_KEYS = ("title", "name", "doctitle", "subject", "text", "label")

    def extract(self, page: Page) -> AdapterOutput:
        out = AdapterOutput()
        if "json" in page.content_type or page.text.lstrip()[:1] in ("{", "["):
            return self._answer(page)
        for script in self.SCRIPT.findall(page.text):
            apis = self.API.findall(script) + self._assembled(script) + self.DATA.findall(script)
            for api in dict.fromkeys(apis):
                out.pages.append(PageRequest(urljoin(page.url, api.replace("&amp;", "&")),
                                             adapter=self.name))
            out.links.extend(self._inline(script, page.url))
        return out

    def _inline(self, script: str, base: str) -> list[Link]:
        """Items a script holds as data (`var data = [{"title": …, "url": …}, …]`)."""
        out = []
        for obj in self.OBJECT.findall(script):
            pairs = {key.lower(): value for key, value in self.VALUE.findall(obj)}
            url = next((pairs[k] for k in self.URL_KEYS if k in pairs), None)
            title = next((pairs[k] for k in self.TITLE_KEYS if k in pairs), None)
            if url and title is not None:  # an item has a title; a setting has none
                out.append(Link(urljoin(base, url), " ".join(title.split())))
        return out

    def _assembled(self, script: str) -> list[str]:
        """API addresses a script puts together from literals and the variables it sets."""
        if "+" not in script:
            return []
        values: dict[str, str] = {}
        for name, quote, text, number in self.ASSIGN.findall(script):
            values.setdefault(name, text if quote else number)
        out = []
        for m in self.CONCAT.finditer(script):
            url = m.group(2)
            for _, text, name, number in self.TERM.findall(m.group(3)):
                if name:
                    value = values.get(name.rsplit(".", 1)[-1])
                    if value is None and self.PAGE.search(url + "1"):
                        value = "1"  # the page number the script starts from
                    if value is None:
                        break
                    url += value
                else:
                    url += text or number
            else:
                if self.API.search(f'"{url}"'):
                    out.append(url)
        return out

    def _answer(self, page: Page) -> AdapterOutput:
        out = AdapterOutput()
        try:
            data = json.loads(page.text)
        except ValueError:
            return out
        for item in _json_items(data):
            url = next((str(item[k]) for k in item if k.lower() in self.URL_KEYS
                        and isinstance(item[k], str) and item[k].strip()), None)
            if url:
                title = next((str(item[k]) for k in item if k.lower() in self.TITLE_KEYS
                              and isinstance(item[k], str)), "")
                out.links.append(Link(urljoin(page.url, url), " ".join(title.split())))
        if not out.links:
            return out
        if self.PAGE.search(page.url):
            nxt = self.PAGE.sub(lambda g: f"{g.group(1)}{int(g.group(2)) + 1}", page.url, count=1)
        elif self.OFFSET.search(page.url):
            step = len(out.links)
            nxt = self.OFFSET.sub(lambda g: f"{g.group(1)}{int(g.group(2)) + step}", page.url,
                                  count=1)
        else:
            return out
        out.pages.append(PageRequest(nxt, adapter=self.name))
        return out


class ScriptPager(Adapter):
    """A pager a script draws from its counts (layui `laypage.render({count: 14, limit: 5,
    jump: … location.href = '?page=' + obj.curr})`, `var totalPage = 3` … `'list.jsp?pageNo='
    + n`, `var pageCount = 2; var pageUrl = "list.jsp?catId=gknb&pageNo=";`): every page of
    the list, from the address the script builds."""

    name = "script_pager"
    PAGES = re.compile(r"\b(?:totalPages?|pageCount|pagecount|pageTotal|totalpage|pages)\s*[:=]"
                       r"\s*['\"]?(\d+)")
    COUNT = re.compile(r"\bcount\s*:\s*['\"]?(\d+)")
    LIMIT = re.compile(r"\b(?:limit|pageSize|pagesize)\s*[:=]\s*['\"]?(\d+)")
    # '?page=' + n, or var pageUrl = "list.jsp?…&pageNo="; … pageUrl + p
    TEMPLATE = re.compile(rf"""['"]([^'"\s<>]*?[?&](?:{ScriptedList.PAGE_KEYS})=)['"]\s*[+;,]""",
                          re.I)

    def extract(self, page: Page) -> AdapterOutput:
        out = AdapterOutput()
        for script in ScriptedList.SCRIPT.findall(page.text):
            template = self.TEMPLATE.search(script)
            if not template:
                continue
            pages = self.PAGES.search(script)
            count, limit = self.COUNT.search(script), self.LIMIT.search(script)
            if pages:
                total = int(pages.group(1))
            elif count and limit and int(limit.group(1)):
                total = -(-int(count.group(1)) // int(limit.group(1)))
            else:
                continue
            for n in range(1, min(total, 1000) + 1):
                out.pages.append(PageRequest(urljoin(page.url, f"{template.group(1)}{n}"),
                                             adapter=self.name))
        return out


BUTTONS = frozenset({"submit", "button", "image", "reset"})


def pager_calls(text: str, call: re.Pattern[str]) -> list[tuple[tuple[str, ...], int, str]]:
    """(the call's groups, where it stands, its label) of each pager link a script serves: an
    anchor whose text is a page number or 下一页/尾页… and whose href or onclick makes `call`.
    Years (goPage(2023) of a year selector) are no page numbers."""
    out = []
    for m in _ANCHOR.finditer(text):
        label = " ".join(re.sub(r"<[^>]+>", "", m.group(2)).split())
        if not (NextPageLink.TEXT.match(label) or NextPageLink.NUMBER.match(label)):
            continue
        found = call.search(html.unescape(m.group(1)))
        if found and not 1900 <= int(found.groups()[-1]) <= 2100:
            out.append((found.groups(), m.start(), label))
    return out


def pager_total(text: str, calls: list[tuple[tuple[str, ...], int, str]]) -> int:
    """The last page a pager names: its 尾页 link's, else its highest page link or a "共N页"
    printed beside it."""
    last_links = [int(groups[-1]) for groups, _, label in calls if LAST_PAGE.match(label)]
    if last_links:
        return max(last_links)
    last = max((int(groups[-1]) for groups, _, _ in calls), default=0)
    for m in re.finditer(r"共\s*(\d{1,4})\s*页", text):
        if any(abs(m.start() - at) < 300 for _, at, _ in calls):
            last = max(last, int(m.group(1)))
    return last


LAST_PAGE = re.compile(r"^\s*(?:尾页|末页|最后一页|last)\s*$", re.I)
_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.I | re.S)
_ATTR = re.compile(r"""(?<![\w-])([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def tag_attrs(tag: str) -> dict[str, str]:
    """The attributes of a tag's text (`name="pageNo" value=1`), names lower-cased."""
    return {k.lower(): html.unescape(a or b or c) for k, a, b, c in _ATTR.findall(tag)}


class FormPager(Adapter):
    """A list paged by sending a form: `<form id="pageForm" action="list?columnId=…"
    method="post"><input type="hidden" name="pageNo" value="1"></form>` with pager links
    `javascript:goPage(3)` and "共5页": every page, asked for as the form would (its fields,
    the page number in its page field)."""

    name = "form_pager"
    FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.I | re.S)
    INPUT = re.compile(r"<input\b([^>]*)>", re.I)
    PAGE_FIELD = re.compile(rf"^(?:{ScriptedList.PAGE_KEYS})$", re.I)
    LINK_CALL = re.compile(r"""(?:href|onclick)\s*=\s*['"]\s*(?:javascript:)?\s*[\w.$]+\("""
                           r"""\s*['"]?(\d{1,4})['"]?\s*\)""", re.I)

    def extract(self, page: Page) -> AdapterOutput:
        out = AdapterOutput()
        if "<form" not in page.text.lower():
            return out
        total = pager_total(page.text, pager_calls(page.text, self.LINK_CALL))
        if total < 2:
            return out
        for form_attrs, inner in self.FORM.findall(page.text):
            form = tag_attrs(form_attrs)
            fields = [f for f in (tag_attrs(tag) for tag in self.INPUT.findall(inner))
                      if f.get("name") and f.get("type", "").lower() not in BUTTONS]
            page_field = next((f["name"] for f in fields if self.PAGE_FIELD.match(f["name"])
                               and f.get("value", "1").strip() in ("", *map(str, range(1, 1001)))),
                              None)
            if page_field is None or any(f.get("type", "text").lower() != "hidden"
                                         for f in fields if f["name"] != page_field):
                continue  # no page field, or a form a person fills in (a search box)
            method = (form.get("method") or "get").upper()
            action = urljoin(page.url, form.get("action") or page.url)
            values = {f["name"]: f.get("value", "") for f in fields}
            if method != "POST":  # the form's fields replace those of the address
                parts = urlsplit(action)
                kept = [(k, v) for k, v in parse_qsl(parts.query) if k not in values]
                values = dict(kept) | values
                action = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
            # Page 1 is the list's own address; the page this one is, already here.
            for n in range(2, min(total, 1000) + 1):
                if str(n) == values.get(page_field):
                    continue
                data = values | {page_field: str(n)}
                if method == "POST":
                    out.pages.append(PageRequest(action, method="POST", adapter=self.name,
                                                 formdata=tuple(sorted(data.items()))))
                else:
                    out.pages.append(PageRequest(f"{action}?{urlencode(data)}",
                                                 adapter=self.name))
        return out


class AspNetPostBack(Adapter):
    """ASP.NET WebForms pagers (AspNetPager and the like): `<a href="javascript:__doPostBack(
    'ctl00$main$AspNetPager1','3')">3</a>` posts the page's form back with __EVENTTARGET and
    __EVENTARGUMENT. Every page up to the last the pager names ("尾页", "共N页") is asked for
    with the first page's form fields (__VIEWSTATE and the rest)."""

    name = "aspnet_postback"
    CALL = re.compile(r"""__doPostBack\(\s*['"]([^'"]+)['"]\s*,\s*['"](\d{1,4})['"]\s*\)""")

    def extract(self, page: Page) -> AdapterOutput:
        out = AdapterOutput()
        if "__doPostBack" not in page.text or page.meta.get("nb_postback"):
            return out  # a posted-back page: its pager was planned from the first page
        calls = pager_calls(page.text, self.CALL)
        if not calls:
            return out
        targets = [groups[0] for groups, _, _ in calls]
        named = [t for t in targets if "page" in t.lower()]  # AspNetPager1, ctl00$Pager
        target = max(set(named or targets), key=(named or targets).count)
        calls = [call for call in calls if call[0][0] == target]
        last = pager_total(page.text, calls)
        forms = FormPager.FORM.findall(page.text)
        form_attrs, inner = next(((a, i) for a, i in forms if "__VIEWSTATE" in i),
                                 forms[0] if forms else ("", ""))
        fields = {f["name"]: f.get("value", "")
                  for f in (tag_attrs(t) for t in FormPager.INPUT.findall(inner))
                  if f.get("name") and f.get("type", "").lower() == "hidden"}
        action = urljoin(page.url, tag_attrs(form_attrs).get("action") or page.url)
        for n in range(2, min(last, 1000) + 1):
            data = fields | {"__EVENTTARGET": target, "__EVENTARGUMENT": str(n)}
            out.pages.append(PageRequest(action, method="POST", adapter=self.name,
                                         formdata=tuple(sorted(data.items())),
                                         meta=(("nb_postback", True),)))
        return out


class Gkmlpt(Adapter):
    """Guangdong's 政府信息公开平台 (gkmlpt, `/gkmlpt/index`): its lists are filled by a script
    from `<api>/all/<category>?page=N&sid=<site id>`, the site id and categories written in the
    page (`SID`, a tree of `data-id`s or `{"id": …, "name": …}`). The 年报 categories are asked
    for (category 0, everything, when none is named so); their JSON answers are read, and paged,
    by `ScriptedList`."""

    name = "gkmlpt"
    SID = re.compile(r"""['"]?\bSID['"]?\s*[:=]\s*['"]?(\d+)""")
    API_BASE = re.compile(r"""API_BASE['"]?\s*[:=]\s*['"]([^'"]+)['"]""")
    CATEGORY = re.compile(r"""data-id\s*=\s*['"](\d+)['"][^>]*>\s*([^<]+?)\s*<|"""
                          r"""['"]id['"]\s*:\s*(\d+)\s*,\s*['"]name['"]\s*:\s*['"]([^'"]+)['"]""")
    REPORTS = re.compile(r"年报|年度报告")

    def extract(self, page: Page) -> AdapterOutput:
        out = AdapterOutput()
        if "/gkmlpt/" not in page.url or "json" in page.content_type:
            return out
        sid = self.SID.search(page.text)
        if not sid:
            return out
        found = self.API_BASE.search(page.text)
        base = urljoin(page.url, found.group(1) if found else
                       urlsplit(page.url).path.split("/gkmlpt/")[0] + "/gkmlpt/api")
        cats = {(a or c): (b or d) for a, b, c, d in self.CATEGORY.findall(page.text)}
        wanted = [cid for cid, name in cats.items() if self.REPORTS.search(name)]
        for cid in wanted or ["0"]:
            out.pages.append(PageRequest(f"{base.rstrip('/')}/all/{cid}?page=1&sid={sid.group(1)}",
                                         adapter=self.name,
                                         meta=(("nb_in_column", bool(wanted)),)))
        return out


def _json_items(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Every dict in a JSON document that looks like a list item (nested lists included)."""
    if depth > 6:
        return []
    if isinstance(data, list):
        return [x for d in data for x in _json_items(d, depth + 1)]
    if isinstance(data, dict):
        keys = {k.lower() for k in data}
        own = [data] if keys & set(ScriptedList.URL_KEYS) else []
        return own + [x for v in data.values() if isinstance(v, (list, dict))
                      for x in _json_items(v, depth + 1)]
    return []


# The table: name -> adapter. Profiles may name a subset with `adapters = [...]`.
ADAPTERS: dict[str, Adapter] = {a.name: a for a in (
    TRSPagination(), HanwebDatastore(), HanwebAnnualReport(), NextPageLink(), QueryPagination(),
    JsonApi(), Sitemap(), ScriptedList(), ScriptPager(), FormPager(),
    AspNetPostBack(), Gkmlpt(),
)}


def adapters_for(profile: Any) -> list[Adapter]:
    """The adapters a profile asks for (all of them by default)."""
    names = getattr(profile, "adapters", None)
    if not names:
        return list(ADAPTERS.values())
    return [ADAPTERS[n] for n in names if n in ADAPTERS]


def run_adapters(page: Page) -> AdapterOutput:
    """Run the profile's adapters on a page and merge what they found."""
    out = AdapterOutput()
    for adapter in adapters_for(page.profile):
        try:
            found = adapter.extract(page)
            if found.links or found.pages:
                found.matched.append(adapter.name)
            out.extend(found)
        except ValueError as exc:  # a malformed address in the page ("http://[x")
            logger.warning("%s adapter could not read %s: %s", adapter.name, page.url, exc)
    return out


def strip_fragment(url: str) -> str:
    """The URL without its #fragment."""
    p = urlsplit(url)
    return urlunsplit((p.scheme, p.netloc, p.path, p.query, ""))
