"""What the spider reads off an HTML page: title, headings, main text, anchors and links.

Read straight from the lxml tree Scrapy already parsed, with XPath expressions compiled once,
and each part computed at most once per page: the spider asks for the links twice on a
report page (attachments, then the way on) and for the text of every page it sees.
"""

from __future__ import annotations

import re
from functools import cached_property
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from lxml import etree
from scrapy.http import TextResponse

from crawler.adapters import BUTTONS
from crawler.frontier import DOWNLOAD_HREF

_TITLE = etree.XPath("//title//text()", smart_strings=False)
_HEADS = etree.XPath(
    "//meta[@name='ArticleTitle']/@content | //h1//text() | //h2//text() | "
    "//*[contains(@class,'title') or contains(@class,'Title')]//text()", smart_strings=False)
_SOURCE = etree.XPath("//meta[@name='ContentSource']/@content", smart_strings=False)
# Where a page says which column it sits in: the CMS's ColumnName meta, the breadcrumb trail.
_TRAIL = etree.XPath(
    "//meta[@name='ColumnName' or @name='columnname' or @name='ColumnType']/@content | "
    "//*[contains(@class,'position') or contains(@class,'location') or contains(@class,'crumb')"
    " or contains(@class,'dqwz') or contains(@id,'position') or contains(@id,'location') or "
    "contains(@id,'crumb')]//text() | "
    "//text()[contains(.,'当前位置') or contains(.,'您的位置') or contains(.,'所在位置')]"
    "/parent::*//text()", smart_strings=False)
_ANCHORS = etree.XPath("//a[@href or @onclick] | //area[@href]")
_FORMS = etree.XPath("//form[@action]")
_FORM_INPUTS = etree.XPath(".//input[@name]")
_SUBMITTERS = etree.XPath("//@onclick | //a/@href")
# A script submitting a form by its id or name: getElementById('down1976').submit().
SUBMIT = re.compile(r"""getElementById\(\s*['"]([^'"]+)['"]\s*\)\.submit\(|"""
                    r"""forms\[\s*['"]([^'"]+)['"]\s*\]\.submit\(|forms\.(\w+)\.submit\(""")
_INNER_ANCHORS = etree.XPath(".//a[@href or @onclick] | .//area[@href]")
_ANCHOR_TEXTS = etree.XPath("//a//text()", smart_strings=False)
_EMBEDS = etree.XPath("//iframe/@src | //embed/@src | //object/@data", smart_strings=False)
_BASE = etree.XPath("//base/@href", smart_strings=False)
_REFRESH = etree.XPath("//meta[translate(@http-equiv,'REFSH','refsh')='refresh']/@content",
                       smart_strings=False)
META_REFRESH = re.compile(r"url\s*=\s*(\S+)", re.I)
_H1 = etree.XPath("//body//h1")
_BODY = etree.XPath("//body")
# Elements other than <a> that go somewhere when clicked: data-href, or an onclick address.
_CLICKABLE = etree.XPath("//*[@data-href or @data-url or @data-link or "
                         "(@onclick and not(self::a) and not(self::area))]")
_OPTIONS = etree.XPath("//select/option[@value]")
_SCRIPTS = etree.XPath("//script[not(@src)]/text()", smart_strings=False)
_FRAMES = etree.XPath("//frame/@src | //iframe/@src", smart_strings=False)
_IMAGES = etree.XPath("//body//img/@data-src | //body//img/@data-original | //body//img/@src",
                      smart_strings=False)
_MAIN_IMAGES = etree.XPath(".//img/@data-src | .//img/@data-original | .//img/@src",
                           smart_strings=False)
_TEXT = etree.XPath(".//text()[not(ancestor::script) and not(ancestor::style)]",
                   smart_strings=False)
_NODE_TEXT = etree.XPath(".//text()", smart_strings=False)
# Where the main text of an article sits, best guess first (TRS_Editor, #zoom, .article…).
BODY_XPATHS = tuple(etree.XPath(xp) for xp in (
    "//div[contains(@class,'TRS_Editor') or contains(@class,'trs_editor')]",
    "//*[@id='zoom' or @id='Zoom' or @id='content' or @id='article']",
    "//*[contains(@class,'article') or contains(@class,'content')]",
    "//body",
))
JS_URL = re.compile(r"""['"]([^'"\s]+\.(?:pdf|docx?|wps|xlsx?|et|zip|rar|7z|ofd))['"]""", re.I)
# A URL handed to window.open / location / a download function in an onclick or javascript:.
JS_CALL_URL = re.compile(
    r"""(?:window\.open|location(?:\.href)?\s*=|location\.assign|location\.replace|"""
    r"""down\w*|open\w*|view\w*|show\w*)\s*\(?\s*['"]([^'"\s]+)['"]""", re.I)
# An <option> value that is an address (a jump menu), not a code.
PAGE_ADDRESS = re.compile(r"^(?:https?://|/|\./|\.\./)|\.s?html?(?:[?#]|$)|\.(?:jsp|aspx?|php)\b",
                          re.I)
# A script sending the browser elsewhere: location.href = "…", location.replace("…").
JS_REDIRECT = re.compile(r"""location(?:\.href)?\s*=\s*['"]([^'"\s]+)['"]|"""
                         r"""location\.(?:replace|assign)\(\s*['"]([^'"\s]+)['"]""")
# Anchor texts that name the list they sit in rather than their target ("更多>>").
# The words before an article's links to its neighbours ("上一篇：2015年政府信息公开年报").
SEQUEL_TEXT = re.compile(r"(?:上|下|前|后)一?(?:篇|条|则)\s*[:：]?\s*$")
MORE_TEXT = re.compile(r"^\s*(?:更多|查看更多|more|>>|»|更多\s*>+|more\s*>+|\+)\s*$", re.I)


# Pictures that decorate a page rather than print a report: logos, icons, badges, buttons,
# as words of the file's name ("top_bg.jpg", "icon-share.png", "btnClose.png").
DECORATIVE_IMAGE = re.compile(
    r"(?<![a-z])(?i:logo|icon|banner|btn|button|bg|arrow|share|qrcode|erweima|ewm|wza|jiucuo|"
    r"conac|police|beian|dzjg|red|top|nav|footer|header|loading|blank|spacer|print|close)+"
    r"(?i:img|pic|s)?(?![a-z])|"
    r"[a-z](?:bg|logo|icon|banner|btn)(?![a-z])|(?i:\.gif)$")  # headerbg, sitelogo
# A name a server generated ("bG6SjppFaDY9NgcNUyxWmB.png", "W020240101…png"): it says nothing.
GENERATED_NAME = re.compile(r"^(?=[^.]*\d)[A-Za-z0-9]{16,}\.\w+$")


def file_title(url: str) -> str:
    """The words a file's name gives it ("…/%E4%BA%A4…2010年度政府信息公开工作年度报告.pdf"),
    or "" for a name a server made up (P020110328824734030030.pdf)."""
    stem = unquote(urlsplit(url).path.rsplit("/", 1)[-1]).rsplit(".", 1)[0]
    return stem if re.search(r"[\u4e00-\u9fff]", stem) else ""


def decorative(src: str) -> bool:
    """The image file's name says it decorates the page."""
    name = urlsplit(src).path.rsplit("/", 1)[-1]
    return not GENERATED_NAME.match(name) and bool(DECORATIVE_IMAGE.search(name))


class PageView:
    """The parts of one HTML response the spider classifies and follows."""

    def __init__(self, response: TextResponse) -> None:
        self.root = response.selector.root
        base = _BASE(self.root)
        # Relative links resolve against <base href> when the page sets one.
        self.url = urljoin(response.url, str(base[0]).strip()) if base else response.url

    @cached_property
    def title(self) -> str:
        return " ".join(_TITLE(self.root)).strip()

    @cached_property
    def heads(self) -> list[str]:
        """Headline candidates: ArticleTitle meta, h1/h2 and *title* classes, in order."""
        return [h.strip() for h in _HEADS(self.root) if h.strip()]

    @cached_property
    def headline(self) -> str:
        """The heading that names a year's report, else the first heading."""
        heads = self.heads
        return next((h for h in heads if "年" in h and "报" in h), heads[0] if heads else "")

    @cached_property
    def trail(self) -> str:
        """The column the page says it sits in: ColumnName meta and breadcrumb text."""
        return " ".join(" ".join(str(t) for t in _TRAIL(self.root)).split())[:500]

    @cached_property
    def source(self) -> str | None:
        found = _SOURCE(self.root)
        return str(found[0]) if found else None

    @cached_property
    def main(self) -> etree._Element | None:
        """The element that holds the article: one the CMS names (TRS_Editor, #zoom,
        .article…), else the smallest box around the page's <h1> that holds at least half the
        page's text or the article's pictures."""
        for xpath in BODY_XPATHS[:-1]:
            nodes = xpath(self.root)
            if nodes:
                return nodes[0]
        heading = _H1(self.root)
        body = _BODY(self.root)
        if not heading or not body:
            return None
        whole = self.text_length(body[0])
        node = heading[0].getparent()
        while node is not None and node is not body[0]:
            if self.text_length(node) * 2 >= whole or any(
                    not decorative(str(src)) for src in _MAIN_IMAGES(node)):
                return node
            node = node.getparent()
        return None

    @staticmethod
    def text_length(node: etree._Element) -> int:
        return sum(len("".join(str(t).split())) for t in _TEXT(node))

    @cached_property
    def body(self) -> str:
        """The text of the main content, else of the whole <body>."""
        for i, xpath in enumerate(BODY_XPATHS):
            nodes = xpath(self.root)
            if nodes:
                text = "\n".join(t.strip() for t in _TEXT(nodes[0]) if t.strip())
                if len(text) > 40 or i == len(BODY_XPATHS) - 1:
                    return text
        return ""

    @cached_property
    def article_images(self) -> list[str]:
        """Image sources inside the article element: a report's scanned pages, or its tables
        printed as pictures (none when the page has no article element)."""
        if self.main is None:
            return []
        return [str(src) for src in _MAIN_IMAGES(self.main) if not decorative(str(src))]

    @cached_property
    def download_forms(self) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
        """Files handed out for a posted form: (address, method, fields) of each form of hidden
        fields that a link submits (`document.getElementById('down1976').submit()`) or whose
        action is a download script."""
        submitted = {name for script in _SUBMITTERS(self.root)
                     for m in SUBMIT.finditer(str(script)) for name in m.groups() if name}
        out = []
        for form in _FORMS(self.root):
            action = (form.get("action") or "").strip()
            if not action or action.lower().startswith("javascript:"):
                continue
            fields = [i for i in _FORM_INPUTS(form)
                      if (i.get("type") or "text").lower() not in BUTTONS]
            if any((i.get("type") or "text").lower() != "hidden" for i in fields):
                continue  # a form a person fills in
            if not ({form.get("id"), form.get("name")} & submitted
                    or DOWNLOAD_HREF.search(action)):
                continue
            out.append((urljoin(self.url, action), (form.get("method") or "get").upper(),
                        tuple((i.get("name"), i.get("value") or "") for i in fields)))
        return out

    @cached_property
    def outside_main(self) -> set[str]:
        """Addresses linked only outside the article (related links, navigation), when the
        page has an article element."""
        if self.main is None:
            return set()
        inside = {urljoin(self.url, (a.get("href") or "").strip())
                  for a in _INNER_ANCHORS(self.main)}
        return {urljoin(self.url, (a.get("href") or "").strip())
                for a in _ANCHORS(self.root)} - inside

    @cached_property
    def sequels(self) -> set[str]:
        """Addresses of the article's neighbours (上一篇/下一篇 links): siblings in its column,
        not what this page lists."""
        out = set()
        for a in _ANCHORS(self.root):
            prev = a.getprevious()
            before = (prev.tail if prev is not None else a.getparent().text) or ""
            if not before.strip() and prev is not None:
                before = prev.text_content()
            if SEQUEL_TEXT.search(before[-12:]) and a.get("href"):
                out.add(urljoin(self.url, a.get("href").strip()))
        return out

    @cached_property
    def anchor_texts(self) -> set[str]:
        return {" ".join(t.split()) for t in _ANCHOR_TEXTS(self.root)}

    @cached_property
    def links(self) -> list[tuple[str, str]]:
        """(absolute URL, anchor text) of <a> and <area>, download scripts, files named in
        inline scripts, and embedded viewers. A "更多" link is named by the box it sits in (its
        heading), a bare link by its title."""
        out = []
        for a in _ANCHORS(self.root):
            href = (a.get("href") or "").strip()
            text = self.anchor_text(a)
            if href.lower().startswith("javascript:") or not href or href == "#":
                script = href + " " + a.get("onclick", "")
                m = JS_URL.search(script) or JS_CALL_URL.search(script)
                if not m:
                    continue
                href = m.group(1)
            if MORE_TEXT.match(text):
                text = f"{self.context(a)} {text}".strip()
            out.append((urljoin(self.url, href), text))
        for node in _CLICKABLE(self.root):
            href = (node.get("data-href") or node.get("data-url") or node.get("data-link")
                    or "").strip()
            m = None if href else (JS_URL.search(node.get("onclick", ""))
                                   or JS_CALL_URL.search(node.get("onclick", "")))
            href = href or (m.group(1) if m else "")
            if href and not href.lower().startswith("javascript:"):
                out.append((urljoin(self.url, href), self.anchor_text(node)))
        for script in _SCRIPTS(self.root):  # var fjhref = "./P0….pdf"; document.write(…)
            script = str(script).replace("\\u002F", "/").replace("\\/", "/")  # JSON escapes
            out.extend((urljoin(self.url, found), "") for found in JS_URL.findall(script))
        for option in _OPTIONS(self.root):  # jump menus: <select onchange="location=…">
            value = (option.get("value") or "").strip()
            if PAGE_ADDRESS.match(value):
                out.append((urljoin(self.url, value), " ".join(option.text_content().split())))
        for src in _EMBEDS(self.root):
            url = urljoin(self.url, str(src).strip())
            inner = dict(parse_qsl(urlsplit(url).query)).get("file")
            out.append(((urljoin(url, inner) if inner else url), ""))
        return out

    @cached_property
    def frames(self) -> list[str]:
        """Pages shown inside this one (<frame>, <iframe>), or the page this one sends the
        browser to (a meta refresh; `window.location.href = "…"` from an empty shell): parts
        of this page. Each is archived as its own exchange, so a recrawl asks for both
        conditionally (Scrapy's MetaRefreshMiddleware, which would file the target's body
        under the shell's address, is off)."""
        out = [urljoin(self.url, str(src).strip()) for src in _FRAMES(self.root)
               if str(src).strip() and not str(src).strip().lower().startswith("javascript:")]
        for content in _REFRESH(self.root):  # <meta http-equiv="refresh" content="0;url=…">
            m = META_REFRESH.search(str(content))
            if m:
                out.append(urljoin(self.url, m.group(1).strip("'\" ")))
        if len(self.body) < 50:
            for script in _SCRIPTS(self.root):
                out.extend(urljoin(self.url, m.group(1) or m.group(2))
                           for m in JS_REDIRECT.finditer(str(script)))
        return out

    @staticmethod
    def anchor_text(anchor: etree._Element) -> str:
        """An anchor's text, or its title when the text is missing, cut short for the list
        ("2024年度某局政府…" titled "2024年度某局政府信息公开工作年度报告") or a part of it
        ("生态环境分局" titled "邡嵩市生态环境分局2021年政府信息公开工作年度报告")."""
        text = " ".join(" ".join(_NODE_TEXT(anchor)).split())
        title = " ".join((anchor.get("title") or anchor.get("alt") or "").split())
        stem = text.rstrip("…．.· ")
        if MORE_TEXT.match(text):  # "更多" is named by its box, not by "点击查看更多"
            return text
        if title and (not stem or (len(title) > len(stem) and (
                title.startswith(stem) or (len(stem) >= 3 and stem in title)))):
            return title
        return text

    @staticmethod
    def context(anchor: etree._Element, levels: int = 3, limit: int = 40) -> str:
        """The heading of the box an anchor sits in: the first short text of its ancestors."""
        node = anchor.getparent()
        for _ in range(levels):
            if node is None:
                break
            for t in _TEXT(node):
                t = " ".join(str(t).split())
                if t and not MORE_TEXT.match(t) and len(t) <= limit:
                    return t
            node = node.getparent()
        return ""

    @cached_property
    def images(self) -> list[str]:
        return [str(src) for src in _IMAGES(self.root)]
