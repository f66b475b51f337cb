"""HTML article pages: find the article body among the CMS chrome, and turn it into
paragraphs and full table grids (rowspan/colspan expanded).

The body is found by `BODY_SELECTORS`, one CSS selector per CMS family, tried in order;
extend it in one line. Pages from an unknown CMS fall back to a text-density score.
Decoding the bytes is `parsers.charset`; the BeautifulSoup-compatible tree the body is
found in is `parsers.soup`.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urljoin

from parsers.charset import Decoded, decode_text
from parsers.document import Extraction, library_version
from parsers.grid import Block, SpanCell, Table, clean_cell, expand_spans, strip_controls
from parsers.limits import DEFAULT_LIMITS, Limits, check_size
from parsers.record import Check
from parsers.sniff import HTML, TEXT
from parsers.soup import (
    _PI,
    _PRESERVE,
    Node,
    _collapse,
    _context,
    _direct_strings,
    _has_descendant,
    _Index,
    _nonspace,
    _other_string,
    _string,
    _TextLen,
    _within,
    get_text,
    parse_tree,
)
from parsers.texttables import tabulate

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

_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_LINE_BREAKS = re.compile(r"[\t\r\n]+")
_NOT_DIGITS = re.compile(r"[^\d]")


# ---------------------------------------------------------------- body


def find_body(
    doc: Node, index: _Index | None = None, text_len: _TextLen | None = None
) -> tuple[Node, str]:
    """The article body and how it was found ('TRS WCM', …, or 'scored')."""
    index = index or _Index(doc)
    text_len = text_len or _TextLen()
    for selector, family in BODY_SELECTORS:
        nodes = index.select(selector)
        if not nodes:
            continue
        best = max(nodes, key=text_len)
        if text_len(best) >= 20 or _has_descendant(best, "table", "img", "a"):
            return best, family
    return _scored_body(doc, text_len), "scored"


def _scored_body(doc: Node, text_len: _TextLen) -> Node:
    """Readability-style fallback: text blocks vote for their parent (and half for the
    grandparent); link-heavy containers (navigation, related links) lose votes."""
    scores: dict[Node, float] = {}
    for block in doc.iterdescendants("p", "td", "pre", "table", "div", "span", "font"):
        name = block.tag
        if name in ("div", "td", "span", "font"):
            own = _direct_strings(block)
        else:
            own = get_text(block)
        n = _nonspace(own)
        if n < 10:
            continue
        if name == "table":
            n = n + 200 if re.search(r"\d", own) else n
        parent = block.getparent()
        for node, weight in (
            (parent, 1.0),
            (parent.getparent() if parent is not None else None, 0.5),
        ):
            if node is not None:
                scores[node] = scores.get(node, 0.0) + n * weight
    best: Node | None = None
    best_score = -1.0
    for node, score in scores.items():
        total = text_len(node) or 1
        links = sum(text_len(a) for a in node.iterdescendants("a"))
        score *= 1 - min(links / total, 1.0)
        if score > best_score:
            best, best_score = node, score
    if best is not None:
        return best
    return next(doc.iterdescendants("body"), doc)


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

    def start(self, node: Node) -> None:
        """Walk `node` (the body), knowing whether it sits in a <pre>."""
        self.walk(node, _context(node)[0])

    def walk(self, node: Node, pre: bool) -> None:
        line = self.line
        if node.text:
            line.append(_LINE_BREAKS.sub(" ", _collapse(node.text, pre)))
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIP_TAGS or _hidden(child):
                pass  # comments and processing instructions, chrome, hidden elements
            elif tag == "br":
                self.flush()
            elif tag == "table" and not _has_descendant(child, "table"):
                self.flush()
                table = table_grid(child, self.limits, pre)
                if table.rows:
                    self.blocks.append(table)
            elif tag in BLOCK_TAGS:
                self.flush()
                self.walk(child, pre or tag in _PRESERVE)
                self.flush()
            else:
                self.walk(child, pre or tag in _PRESERVE)
            line = self.line  # flush() starts a new line
            if child.tail:
                line.append(_LINE_BREAKS.sub(" ", _collapse(child.tail, pre)))


def _hidden(tag: Node) -> bool:
    style = tag.get("style")
    return bool(style and _HIDDEN.search(style)) or "hidden" in tag.attrib


def _cell_text(td: Node, pre: bool = False) -> str:
    """A cell's text with <br>/<p> breaks joined per the contract."""
    parts: list[str] = []
    _cell_parts(td, pre or td.tag in _PRESERVE, parts)
    return clean_cell("".join(parts))


def _cell_parts(el: Node, pre: bool, parts: list[str]) -> None:
    if el.text:
        parts.append(_collapse(el.text, pre))
    for ch in el:
        tag = ch.tag
        if isinstance(tag, str):
            if tag in ("br", "p", "div"):
                parts.append("\n")
            _cell_parts(ch, pre or tag in _PRESERVE, parts)
        elif tag is _PI:
            parts.append(_collapse(_other_string(ch), pre))
        if ch.tail:
            parts.append(_collapse(ch.tail, pre))


def _span(td: Node, name: str) -> int:
    value = td.get(name)
    if value is None:
        return 1
    try:
        return int(_NOT_DIGITS.sub("", value) or 1)
    except ValueError:
        return 1


def table_grid(table: Node, limits: Limits = DEFAULT_LIMITS, pre: bool | None = None) -> Table:
    """An HTML <table> as a full grid: merged cells repeated in every position."""
    if pre is None:
        pre = _context(table)[0]
    rows: list[list[SpanCell]] = []
    for tr in table.iterdescendants("tr"):
        up = tr.getparent()
        while up is not None and up.tag != "table":
            up = up.getparent()
        if up is not table:
            continue
        cells = [
            SpanCell(_cell_text(td, pre), _span(td, "rowspan"), _span(td, "colspan"))
            for td in tr
            if td.tag in ("td", "th")
        ]
        rows.append(cells)
    return expand_spans(rows, limits.max_table_cells, limits.max_span)


# ---------------------------------------------------------------- metadata


def _meta(doc: Node, names: list[str]) -> str | None:
    metas = list(doc.iterdescendants("meta"))
    for name in names:
        tag = next((m for m in metas if m.get("name") == name), None)
        if tag is None:
            tag = next((m for m in metas if m.get("property") == name), None)
        if tag is not None and tag.get("content", "").strip():
            return str(tag.get("content")).strip()
    return None


def _iso(y: str, m: str, d: str) -> str | None:
    yy, mm, dd = int(y), int(m), int(d)
    if 1990 <= yy <= 2100 and 1 <= mm <= 12 and 1 <= dd <= 31:
        return f"{yy:04d}-{mm:02d}-{dd:02d}"
    return None


def find_published(doc: Node, page_text: str | None = None) -> str | None:
    """The publication date as ISO `YYYY-MM-DD`: from <meta> first, then 发布时间：…
    (`page_text`, the page's text, is read from `doc` when needed and not given)."""
    meta = _meta(doc, DATE_METAS)
    if meta:
        m = re.search(r"(\d{4})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})", meta)
        if m and (iso := _iso(*m.groups())):
            return iso
    if page_text is None:
        page_text = get_text(doc, " ")
    for m in _DATE.finditer(page_text):
        if iso := _iso(*m.groups()):
            return iso
    return None


def find_title(doc: Node, body: Node, index: _Index | None = None) -> str | None:
    """The report's title: <meta ArticleTitle>, a heading, or the <title> before the
    site name; a candidate that names a 报告 is preferred."""
    index = index or _Index(doc)
    cands: list[str] = []
    meta = _meta(doc, TITLE_METAS)
    if meta:
        cands.append(meta)
    for k, tag in enumerate(doc.iterdescendants("h1", "h2", "h3")):
        if k >= 12:
            break
        if not _within(tag, body):
            cands.append(get_text(tag, " ", strip=True))
    for tag in index.select(".title, #title, .bt, .article-title, .tit, .con-title")[:6]:
        cands.append(get_text(tag, " ", strip=True))
    title = next(doc.iterdescendants("title"), None)
    if title is not None and _string(title):
        cands.extend(re.split(r"\s*(?:[-_|｜]|——)\s*", get_text(title, strip=True)))
    cands = [re.sub(r"\s+", " ", c).strip() for c in cands if c and 4 <= len(c.strip()) <= 120]
    for c in cands:
        if "报告" in c:
            return c
    return cands[0] if cands else None


def _links(doc: Node, body: Node, url: str | None) -> tuple[list[str], list[str]]:
    """Attachment URLs (page-wide, body first) and body image URLs, made absolute."""
    attachments: list[str] = []
    for scope in (body, doc):
        for a in scope.iterdescendants("a"):
            href = a.get("href")
            if href is None:
                continue
            href = href.strip()
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
    for img in body.iterdescendants("img"):
        src = str(img.get("src") or img.get("data-src") or "").strip()
        if not src or src.startswith("data:") or CHROME_IMAGE.search(src):
            continue
        w, h = _span(img, "width"), _span(img, "height")
        if ("width" in img.attrib and w < 100) or ("height" in img.attrib and h < 100):
            continue
        full = urljoin(url or "", src)
        if full not in images:
            images.append(full)
    return attachments, images


# ---------------------------------------------------------------- entry points


@functools.cache
def _extractor_version() -> str:
    return f"{VERSION} {library_version('beautifulsoup4', 'lxml')}"


def extract_html(
    data: bytes,
    *,
    media_type: str | None = None,
    url: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Extraction:
    """An HTML page -> body paragraphs and tables, title, date, attachments, images."""
    check_size(data, limits.max_html_bytes, "the HTML page", "max_html_bytes")
    decoded = decode_text(data, media_type)
    text, encoding = decoded.text, decoded.encoding
    doc = parse_tree(text)
    index = _Index(doc)
    text_len = _TextLen()
    body, family = find_body(doc, index, text_len)
    walker = _Walker(limits)
    walker.start(body)
    walker.flush()
    blocks = walker.blocks
    attachments, images = _links(doc, body, url)
    link_chars = sum(text_len(a) for a in body.iterdescendants("a"))
    own_chars = text_len(body) - link_chars
    kind = "text"
    if own_chars < MIN_BODY_CHARS and not any(isinstance(b, Table) for b in blocks):
        kind = "attachment" if attachments else "images" if images else "empty"
    return Extraction(
        extractor="html",
        extractor_version=_extractor_version(),
        media_type=HTML,
        blocks=blocks,
        title=find_title(doc, body, index),
        published=find_published(doc),
        attachments=attachments,
        images=images,
        body=kind,
        notes=[f"body: {family}", f"encoding: {encoding}"],
        checks=damage_checks(decoded),
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
    decoded = decode_text(data, media_type)
    text, encoding = decoded.text, decoded.encoding
    lines = tabulate(strip_controls(text)).split("\n")  # before layout is lost
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
        checks=damage_checks(decoded),
    )


def damage_checks(decoded: Decoded) -> list[Check]:
    """A `text.damaged` check when bytes had to be replaced to read the text as declared."""
    note = decoded.note
    return [Check("text.damaged", decoded.encoding, note)] if note else []
