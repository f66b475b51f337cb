"""The parsed page as BeautifulSoup presents it, on a plain lxml tree.

The page is parsed by lxml's libxml2 HTML parser, the parser the first version ran
under BeautifulSoup(text, "lxml"), and read here the way BeautifulSoup presents that
tree, so the output stays the same at a fraction of the cost: a string made only of
ASCII spaces reads as one space (one newline if it holds one) outside <pre>/<textarea>;
strings inside <script>, <style>, <template>, <rt>, <rp> are not page text (get_text);
comments are never text. The elements are put under one synthetic root that stands for
the BeautifulSoup object (the document), so that "the document" is an element as well.

Here: `parse_tree`, `get_text`, text lengths (`_TextLen`), CSS selection (`_Index`,
`_css_select`), <!DOCTYPE> strings, and BeautifulSoup's equality and `.string`. What an
article page means (its body, tables, title, date) is `parsers.html`'s business.
"""

from __future__ import annotations

import re

from lxml import etree

_ROOT = "nianbao-document"
_ASCII_SPACES = " \n\t\x0c\r"
_PRESERVE = frozenset({"pre", "textarea"})  # whitespace kept as is inside these
_CONTAINERS = frozenset({"rt", "rp", "style", "script", "template"})  # their strings aren't text
_COMMENT = etree.Comment
_PI = etree.PI
_CLASS_WORDS = re.compile(r"\S+")
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

    pair(doc, BeautifulSoup(text, "lxml"))


def _other_string(pi: Node) -> str:
    """The string BeautifulSoup keeps for a processing instruction (or a <!DOCTYPE>)."""
    if pi.target == _DOCTYPE_PI:
        return pi.text or ""
    return f"{pi.target} {pi.text or ''}"


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


# ---------------------------------------------------------------- BeautifulSoup's views


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
        if x != y if isinstance(x, str) else not _same(x, y):
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
    return bool(only) if isinstance(only, str) else _string(only)
