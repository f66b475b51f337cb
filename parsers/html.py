"""HTML article pages: decode, find the article body among the CMS chrome, and turn it
into paragraphs and full table grids (rowspan/colspan expanded).

The body is found by `BODY_SELECTORS`, one CSS selector per CMS family, tried in order;
extend it in one line. Pages from an unknown CMS fall back to a text-density score.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from parsers.document import Extraction, library_version
from parsers.grid import Block, SpanCell, Table, clean_cell, expand_spans, normalize_text
from parsers.limits import DEFAULT_LIMITS, Limits, check_size
from parsers.sniff import HTML, TEXT

VERSION = "html/1"

# (CSS selector, CMS family): where the article body lives, most specific first
BODY_SELECTORS: list[tuple[str, str]] = [
    (".TRS_Editor", "TRS WCM"),
    (".TRS_UEDITOR", "TRS WCM (UEditor)"),
    ("#UCAP-CONTENT", "UCAP"),
    ("#zoom", "Hanweb"),
    ("#Zoom", "Hanweb"),
    (".bt_content", "Hanweb"),
    (".article-content", "generic"),
    (".pages_content", "gov.cn"),
    ("#js_content", "WeChat article"),
    (".zwnr", "generic (正文内容)"),
    (".wzzw", "generic (文章正文)"),
    ("#content", "generic"),
    ("article", "HTML5"),
]

# <meta> names that carry the publication date, and the title
DATE_METAS = [
    "PubDate",
    "pubdate",
    "publishdate",
    "PublishDate",
    "firstpublishedtime",
    "article:published_time",
]
TITLE_METAS = ["ArticleTitle", "og:title", "title"]
# printed labels in front of the publication date, in order of trust
DATE_LABELS = r"(?:发布时间|发布日期|发文日期|公开日期|成文日期|日期|时间)"
_DATE = re.compile(DATE_LABELS + r"\s*[:：]?\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
ATTACHMENT_EXTENSIONS = (
    ".pdf",
    ".doc",
    ".docx",
    ".wps",
    ".xls",
    ".xlsx",
    ".et",
    ".ofd",
    ".zip",
    ".rar",
    ".7z",
)
# images that are page chrome, not scanned report pages
CHROME_IMAGE = re.compile(
    r"icon|ico_|logo|qrcode|ewm|erweima|banner|share|print|close|arrow|btn|/images?/(?:common|public)/",
    re.I,
)
SKIP_TAGS = {"script", "style", "noscript", "iframe", "select", "option", "button", "input", "textarea", "head", "svg", "object", "template"}  # fmt: skip
BLOCK_TAGS = {
    "p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "pre", "center", "header", "footer", "form", "figure", "figcaption", "hr", "tr", "td", "th",
    "tbody", "thead", "tfoot", "caption", "main", "address", "table",
}  # fmt: skip
# a body with less text than this (outside links) is "only an attachment" or "only images"
MIN_BODY_CHARS = 120

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


# ---------------------------------------------------------------- decoding


def _norm_charset(name: str) -> str:
    name = name.strip().lower().replace("_", "-")
    if name in ("gb2312", "gbk", "gb-2312", "x-gbk", "cp936", "gb18030", "euc-cn", "hz-gb-2312"):
        return "gb18030"
    if name in ("utf8", "utf-8"):
        return "utf-8"
    return name


def decode(data: bytes, media_type: str | None = None) -> tuple[str, str]:
    """Bytes of a web page -> (text, encoding used).

    A BOM wins; then bytes that are valid UTF-8 (and not plain ASCII) are UTF-8 whatever
    the page declares (GBK mislabelled as UTF-8 never decodes cleanly, the reverse
    sometimes does); then the HTTP and <meta> charsets if they decode cleanly; then
    GB18030 (a superset of GB2312 and GBK); then charset-normalizer's best guess.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        text = data.decode("utf-8")
        return text, "utf-8" if not data.isascii() else "ascii"
    except UnicodeDecodeError:
        pass
    declared: list[str] = []
    if media_type:
        m = re.search(r"charset\s*=\s*[\"']?([\w\-]+)", media_type, re.I)
        if m:
            declared.append(m.group(1))
    m2 = _META_CHARSET.search(data[:8192])
    if m2:
        declared.append(m2.group(1).decode("ascii", "ignore"))
    decoded: list[tuple[float, int, str, str]] = []
    for rank, name in enumerate(dict.fromkeys([*map(_norm_charset, declared), "gb18030"])):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        decoded.append((_simplified_score(text), -rank, text, name))
    if decoded:
        # a wrong declaration (Big5, Shift-JIS) can decode GBK bytes without an error:
        # prefer the reading that looks like simplified Chinese
        _, _, text, name = max(decoded)
        return text, name
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), best.encoding
    return data.decode("gb18030", errors="replace"), "gb18030?"


def _simplified_score(text: str) -> float:
    """Share of the Chinese characters that are common simplified ones (GB2312 level 1)."""
    sample = [ch for ch in text[:20000] if "\u4e00" <= ch <= "\u9fff"]
    if not sample:
        return 0.0
    common = 0
    for ch in sample:
        try:
            common += ch.encode("gb2312")[0] < 0xD8
        except UnicodeEncodeError:
            pass
    return round(common / len(sample), 2)


# ---------------------------------------------------------------- body


def _text_len(node: Tag) -> int:
    return len(re.sub(r"\s+", "", node.get_text()))


def find_body(soup: BeautifulSoup) -> tuple[Tag, str]:
    """The article body and how it was found ('TRS WCM', …, or 'scored')."""
    for selector, family in BODY_SELECTORS:
        nodes = soup.select(selector)
        if not nodes:
            continue
        best = max(nodes, key=_text_len)
        if _text_len(best) >= 20 or best.find(["table", "img", "a"]):
            return best, family
    return _scored_body(soup), "scored"


def _scored_body(soup: BeautifulSoup) -> Tag:
    """Readability-style fallback: text blocks vote for their parent (and half for the
    grandparent); link-heavy containers (navigation, related links) lose votes."""
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    for block in soup.find_all(["p", "td", "pre", "table", "div", "span", "font"]):
        if block.name in ("div", "td", "span", "font"):
            own = "".join(s for s in block.find_all(string=True, recursive=False))
        else:
            own = block.get_text()
        n = len(re.sub(r"\s+", "", own))
        if n < 10:
            continue
        if block.name == "table":
            n = n + 200 if re.search(r"\d", own) else n
        for parent, weight in (
            (block.parent, 1.0),
            (block.parent.parent if block.parent else None, 0.5),
        ):
            if isinstance(parent, Tag):
                nodes[id(parent)] = parent
                scores[id(parent)] = scores.get(id(parent), 0.0) + n * weight
    best: Tag | None = None
    best_score = -1.0
    for key, score in scores.items():
        node = nodes[key]
        total = _text_len(node) or 1
        links = sum(_text_len(a) for a in node.find_all("a"))
        score *= 1 - min(links / total, 1.0)
        if score > best_score:
            best, best_score = node, score
    return best or soup.body or soup


# ---------------------------------------------------------------- walking the body


class _Walker:
    """Turns a body element into blocks: paragraphs and expanded tables."""

    def __init__(self, limits: Limits) -> None:
        self.blocks: list[Block] = []
        self.line: list[str] = []
        self.limits = limits

    def flush(self) -> None:
        text = "".join(self.line).strip()
        if text:
            self.blocks.append(text)
        self.line = []

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                self.line.append(re.sub(r"[\t\r\n]+", " ", str(child)))
                continue
            if not isinstance(child, Tag) or child.name in SKIP_TAGS or _hidden(child):
                continue
            if child.name == "br":
                self.flush()
            elif child.name == "table" and not child.find("table"):
                self.flush()
                table = table_grid(child, self.limits)
                if table.rows:
                    self.blocks.append(table)
            elif child.name in BLOCK_TAGS:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)


def _hidden(tag: Tag) -> bool:
    style = tag.get("style")
    return bool(style and _HIDDEN.search(str(style))) or tag.has_attr("hidden")


def _cell_text(td: Tag) -> str:
    """A cell's text with <br>/<p> breaks joined per the contract."""
    parts: list[str] = []
    for el in td.descendants:
        if isinstance(el, NavigableString) and not isinstance(el, Comment):
            parts.append(str(el))
        elif isinstance(el, Tag) and el.name in ("br", "p", "div"):
            parts.append("\n")
    return clean_cell("".join(parts))


def _span(td: Tag, name: str) -> int:
    try:
        return int(re.sub(r"[^\d]", "", str(td.get(name, "1"))) or 1)
    except ValueError:
        return 1


def table_grid(table: Tag, limits: Limits = DEFAULT_LIMITS) -> Table:
    """An HTML <table> as a full grid: merged cells repeated in every position."""
    rows: list[list[SpanCell]] = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        cells = [
            SpanCell(_cell_text(td), _span(td, "rowspan"), _span(td, "colspan"))
            for td in tr.find_all(["td", "th"], recursive=False)
        ]
        rows.append(cells)
    return expand_spans(rows, limits.max_table_cells, limits.max_span)


# ---------------------------------------------------------------- metadata


def _meta(soup: BeautifulSoup, names: list[str]) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
        if tag and tag.get("content", "").strip():
            return str(tag["content"]).strip()
    return None


def _iso(y: str, m: str, d: str) -> str | None:
    yy, mm, dd = int(y), int(m), int(d)
    if 1990 <= yy <= 2100 and 1 <= mm <= 12 and 1 <= dd <= 31:
        return f"{yy:04d}-{mm:02d}-{dd:02d}"
    return None


def find_published(soup: BeautifulSoup, page_text: str) -> str | None:
    """The publication date as ISO `YYYY-MM-DD`: from <meta> first, then 发布时间：…"""
    meta = _meta(soup, DATE_METAS)
    if meta:
        m = re.search(r"(\d{4})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})", meta)
        if m and (iso := _iso(*m.groups())):
            return iso
    for m in _DATE.finditer(page_text):
        if iso := _iso(*m.groups()):
            return iso
    return None


def find_title(soup: BeautifulSoup, body: Tag) -> str | None:
    """The report's title: <meta ArticleTitle>, a heading, or the <title> before the
    site name; a candidate that names a 报告 is preferred."""
    cands: list[str] = []
    meta = _meta(soup, TITLE_METAS)
    if meta:
        cands.append(meta)
    for tag in soup.find_all(["h1", "h2", "h3"], limit=12):
        if not body or tag not in body.descendants:
            cands.append(tag.get_text(" ", strip=True))
    for tag in soup.select(".title, #title, .bt, .article-title, .tit, .con-title")[:6]:
        cands.append(tag.get_text(" ", strip=True))
    if soup.title and soup.title.string:
        cands.extend(re.split(r"\s*(?:[-_|｜]|——)\s*", soup.title.get_text(strip=True)))
    cands = [re.sub(r"\s+", " ", c).strip() for c in cands if c and 4 <= len(c.strip()) <= 120]
    for c in cands:
        if "报告" in c:
            return c
    return cands[0] if cands else None


def _links(soup: BeautifulSoup, body: Tag, url: str | None) -> tuple[list[str], list[str]]:
    """Attachment URLs (page-wide, body first) and body image URLs, made absolute."""
    attachments: list[str] = []
    for scope in (body, soup):
        for a in scope.find_all("a", href=True):
            href = str(a["href"]).strip()
            path = href.split("?", 1)[0].split("#", 1)[0].lower()
            if (
                path.endswith(ATTACHMENT_EXTENSIONS)
                or "download" in path
                and re.search(r"\.(pdf|docx?|wps|xlsx?)\b", href, re.I)
            ):
                full = urljoin(url or "", href)
                if full not in attachments:
                    attachments.append(full)
    images: list[str] = []
    for img in body.find_all("img"):
        src = str(img.get("src") or img.get("data-src") or "").strip()
        if not src or src.startswith("data:") or CHROME_IMAGE.search(src):
            continue
        w, h = _span(img, "width"), _span(img, "height")
        if (img.has_attr("width") and w < 100) or (img.has_attr("height") and h < 100):
            continue
        full = urljoin(url or "", src)
        if full not in images:
            images.append(full)
    return attachments, images


# ---------------------------------------------------------------- entry points


def extract_html(
    data: bytes,
    *,
    media_type: str | None = None,
    url: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Extraction:
    """An HTML page -> body paragraphs and tables, title, date, attachments, images."""
    check_size(data, limits.max_html_bytes, "the HTML page", "max_html_bytes")
    text, encoding = decode(data, media_type)
    soup = BeautifulSoup(text, "lxml")
    body, family = find_body(soup)
    walker = _Walker(limits)
    walker.walk(body)
    walker.flush()
    blocks = walker.blocks
    attachments, images = _links(soup, body, url)
    link_chars = sum(_text_len(a) for a in body.find_all("a"))
    own_chars = _text_len(body) - link_chars
    kind = "text"
    if own_chars < MIN_BODY_CHARS and not any(isinstance(b, Table) for b in blocks):
        kind = "attachment" if attachments else "images" if images else "empty"
    page_text = soup.get_text(" ")
    return Extraction(
        extractor="html",
        extractor_version=f"{VERSION} {library_version('beautifulsoup4', 'lxml')}",
        media_type=HTML,
        blocks=blocks,
        title=find_title(soup, body),
        published=find_published(soup, page_text),
        attachments=attachments,
        images=images,
        body=kind,
        notes=[f"body: {family}", f"encoding: {encoding}"],
    )


def extract_plain(
    data: bytes,
    *,
    media_type: str | None = None,
    url: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Extraction:
    """Plain text (already in the parser's contract, or close to it): decode only."""
    check_size(data, limits.max_html_bytes, "the text", "max_html_bytes")
    text, encoding = decode(data, media_type)
    lines = normalize_text(text).split("\n")
    blocks: list[Block] = []
    rows: list[list[str]] = []
    for line in lines + [""]:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            blocks.append(Table(rows))
            rows = []
        blocks.append(line)
    return Extraction(
        extractor="text",
        extractor_version=VERSION,
        media_type=TEXT,
        blocks=blocks,
        notes=[f"encoding: {encoding}"],
    )
