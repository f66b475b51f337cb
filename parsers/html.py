"""HTML article pages: decode, find the article body among the CMS chrome, and turn it
into paragraphs and full table grids (rowspan/colspan expanded).

The body is found by `BODY_SELECTORS`, one CSS selector per CMS family, tried in order;
extend it in one line. Pages from an unknown CMS fall back to a text-density score.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urljoin

from lxml import etree

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
    decoded: list[tuple[int, str, str]] = []
    for rank, name in enumerate(dict.fromkeys([*map(_norm_charset, declared), "gb18030"])):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        decoded.append((rank, text, name))
    if len(decoded) == 1:
        return decoded[0][1], decoded[0][2]
    if decoded:
        # a wrong declaration (Big5, Shift-JIS) can decode GBK bytes without an error:
        # prefer the reading that looks like simplified Chinese
        _, _, text, name = max((_simplified_score(t), -rank, t, n) for rank, t, n in decoded)
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
    level1 = _gb2312_level1()
    common = sum(1 for ch in sample if ch in level1)
    return round(common / len(sample), 2)


@functools.cache
def _gb2312_level1() -> frozenset[str]:
    """The CJK characters whose GB2312 code starts below 0xD8: level 1, the common ones."""
    out = set()
    for cp in range(0x4E00, 0xA000):
        try:
            if chr(cp).encode("gb2312")[0] < 0xD8:
                out.add(chr(cp))
        except UnicodeEncodeError:
            pass
    return frozenset(out)


# ---------------------------------------------------------------- the tree
#
# The page is parsed by lxml's libxml2 HTML parser, the parser the first version ran
# under BeautifulSoup(text, "lxml"), and read here the way BeautifulSoup presents that
# tree, so the output stays the same at a fraction of the cost: a string made only of
# ASCII spaces reads as one space (one newline if it holds one) outside <pre>/<textarea>;
# strings inside <script>, <style>, <template>, <rt>, <rp> are not page text (get_text);
# comments are never text. The elements are put under one synthetic root that stands for
# the BeautifulSoup object (the document), so that "the document" is an element as well.

_ROOT = "nianbao-document"
_ASCII_SPACES = " \n\t\x0c\r"
_PRESERVE = frozenset({"pre", "textarea"})  # whitespace kept as is inside these
_CONTAINERS = frozenset({"rt", "rp", "style", "script", "template"})  # their strings aren't text
_COMMENT = etree.Comment
_PI = etree.PI
_CLASS_WORDS = re.compile(r"\S+")
_LINE_BREAKS = re.compile(r"[\t\r\n]+")
_NOT_DIGITS = re.compile(r"[^\d]")
Node = etree._Element


def parse_tree(text: str) -> Node:
    """An HTML page's text -> the synthetic document root holding its elements."""
    if text[:1] == "\ufeff":
        text = text[1:]
    root: Node | None
    try:
        parser = etree.HTMLParser(recover=True)
        parser.feed(text)
        root = parser.close()
    except (etree.LxmlError, UnicodeError, LookupError):
        try:  # what BeautifulSoup falls back to: the text as UTF-8 bytes
            parser = etree.HTMLParser(recover=True, encoding="utf8")
            parser.feed(text.encode("utf-8"))
            root = parser.close()
        except (etree.LxmlError, UnicodeError, LookupError):
            root = None
    doc = etree.Element(_ROOT)
    if root is not None:
        tops = [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]
        for node in tops:
            node.tail = None  # text outside <html> is whitespace (libxml2 drops the rest)
            doc.append(node)
        if _DOCTYPE.search(text, _leading_doctype_end(text)):
            _mark_doctypes(doc, text)
    return doc


_DOCTYPE = re.compile(r"<!doctype", re.I)
_LEADING_DOCTYPE = re.compile(r"\s*(?:(?:<\?[^>]*>|<!--.*?-->)\s*)*<!doctype", re.I | re.S)
_DOCTYPE_PI = "nianbao-doctype"  # a processing instruction standing for a <!DOCTYPE> string
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _leading_doctype_end(text: str) -> int:
    m = _LEADING_DOCTYPE.match(text)
    return m.end() if m else 0


def _mark_doctypes(doc: Node, text: str) -> None:
    """A <!DOCTYPE> inside the page (a pasted document) is a string of BeautifulSoup's
    tree that libxml2's tree leaves out: read the page once with BeautifulSoup (the slow
    way, for these rare pages only) and put each back as a processing instruction."""
    from bs4 import BeautifulSoup, Comment, Doctype, Tag

    def pair(el: Node, tag: Tag) -> None:
        kids = [c for c in tag.contents if isinstance(c, Tag) or type(c) is Comment]
        nodes = list(el)
        if len(kids) != len(nodes):
            return  # not the same tree after all: leave it as libxml2 built it
        for kid, node in zip(kids, nodes, strict=True):
            if isinstance(kid, Tag) != isinstance(node.tag, str):
                return
            if isinstance(kid, Tag):
                pair(node, kid)
        if not any(isinstance(c, Doctype) for c in tag.contents):
            return
        if any(_NOT_XML.search(c) for c in tag.contents if not isinstance(c, Tag)):
            return  # lxml takes no control characters through its API: leave it
        el.text = None
        for node in nodes:
            node.tail = None
        prev: Node | None = None
        i = 0
        for c in tag.contents:
            if isinstance(c, Tag) or type(c) is Comment:
                prev = nodes[i]
                i += 1
            elif isinstance(c, Doctype) and "?>" not in c:
                pi = etree.ProcessingInstruction(_DOCTYPE_PI, str(c))
                if prev is None:
                    el.insert(0, pi)
                else:
                    prev.addnext(pi)
                prev = pi
            elif not isinstance(c, Doctype):
                if prev is None:
                    el.text = (el.text or "") + str(c)
                else:
                    prev.tail = (prev.tail or "") + str(c)

    pair(doc, BeautifulSoup(text, "lxml"))  # type: ignore[arg-type]


def _other_string(pi: Node) -> str:
    """The string BeautifulSoup keeps for a processing instruction (or a <!DOCTYPE>)."""
    if pi.target == _DOCTYPE_PI:  # type: ignore[attr-defined]
        return pi.text or ""
    return f"{pi.target} {pi.text or ''}"  # type: ignore[attr-defined]


def _collapse(s: str, pre: bool) -> str:
    """A string as BeautifulSoup keeps it: ASCII whitespace alone becomes ' ' or '\\n'."""
    if pre or s.strip(_ASCII_SPACES):
        return s
    return "\n" if "\n" in s else " "


def _context(el: Node) -> tuple[bool, str | None]:
    """(inside <pre>/<textarea>, the nearest container tag) for the strings directly in `el`."""
    pre, cont = False, None
    node: Node | None = el
    while node is not None:
        tag = node.tag
        if tag in _PRESERVE:
            pre = True
        if cont is None and tag in _CONTAINERS:
            cont = tag
        node = node.getparent()
    return pre, cont


def _get_strings(el: Node) -> list[str]:
    """The strings `el.get_text()` joins: those not inside a container tag (or, for a
    container tag, those of its own kind), whitespace read as BeautifulSoup reads it."""
    pre, cont = _context(el)
    want = el.tag if el.tag in _CONTAINERS else None
    out: list[str] = []
    if cont == want:  # else a plain element inside a container: none of its strings is text
        _collect(el, pre, cont, want, out)
    return out


def _collect(el: Node, pre: bool, cont: str | None, want: str | None, out: list[str]) -> None:
    text = el.text
    if text and cont == want:
        out.append(_collapse(text, pre))
    for ch in el:
        tag = ch.tag
        if isinstance(tag, str):
            ch_cont = tag if tag in _CONTAINERS else cont
            if ch_cont == want or want is not None:
                _collect(ch, pre or tag in _PRESERVE, ch_cont, want, out)
        tail = ch.tail
        if tail and cont == want:
            out.append(_collapse(tail, pre))


def get_text(el: Node, separator: str = "", strip: bool = False) -> str:
    """`Tag.get_text(separator, strip)` of BeautifulSoup, on an lxml element."""
    strings = _get_strings(el)
    if strip:
        strings = [s for s in (s.strip() for s in strings) if s]
    return separator.join(strings)


def _nonspace(s: str) -> int:
    """len(re.sub(r"\\s+", "", s)): str.split and \\s agree on what whitespace is."""
    return len("".join(s.split()))


class _TextLen:
    """`len(re.sub(r"\\s+", "", node.get_text()))` per element, each subtree read once."""

    def __init__(self) -> None:
        self.memo: dict[Node, int] = {}

    def __call__(self, el: Node) -> int:
        n = self.memo.get(el)
        if n is None:
            _, cont = _context(el)
            if el.tag in _CONTAINERS:
                n = _nonspace("".join(_get_strings(el)))
            elif cont is not None:
                n = 0
            elif not _has_descendant(el, *_CONTAINERS):
                # libxml2's text serialisation: every text node, comments left out
                n = _nonspace(etree.tostring(el, method="text", encoding=str, with_tail=False))
            else:
                n = self._fill(el)
            self.memo[el] = n
        return n

    def _fill(self, el: Node) -> int:
        """Count a plain element outside any container tag, memoising its descendants."""
        n = _nonspace(el.text) if el.text else 0
        memo = self.memo
        for ch in el:
            tag = ch.tag
            if isinstance(tag, str) and tag not in _CONTAINERS:
                k = memo.get(ch)
                if k is None:
                    k = memo[ch] = self._fill(ch)
                n += k
            if ch.tail:
                n += _nonspace(ch.tail)
        return n


def _has_descendant(el: Node, *tags: str) -> bool:
    return next(el.iterdescendants(*tags), None) is not None


# ---------------------------------------------------------------- selectors

_SIMPLE = re.compile(r"^\s*(\*|[A-Za-z][\w-]*)?((?:[.#][\w-]+)+)?\s*$")


class _Index:
    """The elements with an id or a class, for CSS selectors of the form tag.class#id
    (soupsieve's rules: classes are the attribute's whitespace-separated words, an id
    matches exactly, names are compared lowercased, and what is inside a <template> is
    not part of the document); other selectors go to cssselect."""

    def __init__(self, doc: Node) -> None:
        self.doc = doc
        self.by_class: dict[str, list[Node]] = {}
        self.by_id: dict[str, list[Node]] = {}
        for el in doc.xpath("descendant::*[(@class or @id) and not(ancestor::template)]"):
            cls = el.get("class")
            ident = el.get("id")
            if cls is not None:
                for word in set(_CLASS_WORDS.findall(cls)):
                    self.by_class.setdefault(word, []).append(el)
            if ident is not None:
                self.by_id.setdefault(ident, []).append(el)

    def select(self, selector: str) -> list[Node]:
        parts = [_SIMPLE.match(p) for p in selector.split(",")]
        if not all(parts) or "\\" in selector:
            return _css_select(self.doc, selector)
        found: list[Node] = []
        seen: set[Node] = set()
        for m in parts:
            assert m is not None
            tag, rest = m.group(1), m.group(2) or ""
            simple = re.findall(r"([.#])([\w-]+)", rest)
            classes = [v for k, v in simple if k == "."]
            ids = [v for k, v in simple if k == "#"]
            if ids:
                cands = self.by_id.get(ids[0], [])
            elif classes:
                cands = self.by_class.get(classes[0], [])
            else:  # a bare type selector
                cands = self.doc.xpath("descendant::*[not(ancestor::template)]")
            for el in cands:
                if el in seen:
                    continue
                if tag and tag != "*" and str(el.tag).lower() != tag.lower():
                    continue
                if any(el.get("id") != i for i in ids):
                    continue
                if classes:
                    words = _CLASS_WORDS.findall(el.get("class") or "")
                    if any(c not in words for c in classes):
                        continue
                seen.add(el)
                found.append(el)
        if len(parts) > 1:
            found = _document_order(self.doc, found)
        return found


def _document_order(doc: Node, nodes: list[Node]) -> list[Node]:
    wanted = set(nodes)
    return [el for el in doc.iterdescendants() if el in wanted]


def _css_select(doc: Node, selector: str) -> list[Node]:
    """Selectors beyond tag.class#id (a body selector someone adds): lxml + cssselect."""
    from lxml.cssselect import CSSSelector

    return [
        el
        for el in CSSSelector(selector, translator="html")(doc)
        if el is not doc and next(el.iterancestors("template"), None) is None
    ]


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


def _direct_strings(el: Node) -> str:
    """`"".join(el.find_all(string=True, recursive=False))`: every string child, comments
    included (whitespace is left as is: only its non-space length is used)."""
    parts = [el.text or ""]
    for ch in el:
        tag = ch.tag
        if tag is _COMMENT:
            parts.append(ch.text or "")
        elif tag is _PI:
            parts.append(_other_string(ch))
        parts.append(ch.tail or "")
    return "".join(parts)


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


def _bs_attrs(el: Node) -> dict[str, object]:
    """An element's attributes as BeautifulSoup compares them (class and the other
    multi-valued attributes as lists of words)."""
    out: dict[str, object] = {}
    multi = _MULTI_VALUED.get(str(el.tag).lower(), ())
    for k, v in el.attrib.items():
        out[k] = _CLASS_WORDS.findall(v) if k in _MULTI_VALUED["*"] or k in multi else v
    return out


_MULTI_VALUED: dict[str, tuple[str, ...]] = {
    "*": ("class", "accesskey", "dropzone"), "a": ("rel", "rev"), "link": ("rel", "rev"),
    "td": ("headers",), "th": ("headers",), "form": ("accept-charset",), "object": ("archive",),
    "area": ("rel",), "icon": ("sizes",), "iframe": ("sandbox",), "output": ("for",),
}  # fmt: skip


def _contents(el: Node) -> list[object]:
    """An element's children as BeautifulSoup lists them: strings (comments too) and elements."""
    pre = _context(el)[0]
    out: list[object] = []
    if el.text:
        out.append(_collapse(el.text, pre))
    for ch in el:
        tag = ch.tag
        if isinstance(tag, str):
            out.append(ch)
        elif tag is _PI:
            out.append(_collapse(_other_string(ch), pre))
        else:
            out.append(_collapse(ch.text or "", pre))
        if ch.tail:
            out.append(_collapse(ch.tail, pre))
    return out


def _same(a: Node, b: Node) -> bool:
    """BeautifulSoup's `Tag.__eq__`: same name, attributes and contents, recursively."""
    if a is b:
        return True
    if a.tag != b.tag or _bs_attrs(a) != _bs_attrs(b):
        return False
    ca, cb = _contents(a), _contents(b)
    if len(ca) != len(cb):
        return False
    for x, y in zip(ca, cb, strict=True):
        if isinstance(x, str) != isinstance(y, str):
            return False
        if x != y if isinstance(x, str) else not _same(x, y):  # type: ignore[arg-type]
            return False
    return True


def _within(tag: Node, body: Node) -> bool:
    """`tag in body.descendants` (which compares by value, as BeautifulSoup does)."""
    up = tag.getparent()
    while up is not None:
        if up is body:
            return True
        up = up.getparent()
    return any(_same(tag, d) for d in body.iterdescendants(tag.tag))


def _string(el: Node) -> bool:
    """Whether BeautifulSoup's `el.string` is set: a single child that is a string, or a
    single element whose `.string` is set."""
    contents = _contents(el)
    if len(contents) != 1:
        return False
    only = contents[0]
    return bool(only) if isinstance(only, str) else _string(only)  # type: ignore[arg-type]


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
    text, encoding = decode(data, media_type)
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
