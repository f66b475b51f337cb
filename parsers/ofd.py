"""OFD (GB/T 33190, China's national fixed-layout format): a zip of XML read the way
`parsers.pdf` reads a PDF. Characters are placed from their TextCode X/Y and DeltaX/DeltaY
(with the `g N D` repeat syntax), the TextObject's Boundary and CTM and its font size;
ruling lines come from PathObject AbbreviatedData and thin filled rectangles; both go to
`parsers.geometry`, which rebuilds the tables. Pages that only carry an image (a scanned
OFD) go to OCR (`parsers.ocr`).

The package is walked as the standard lays it out:

    OFD.xml  DocBody/DocRoot ──▶ Doc_0/Document.xml  CommonData (PageArea, PublicRes,
    DocumentRes, TemplatePage), Pages/Page@BaseLoc ──▶ Pages/Page_0/Content.xml
    Content/Layer/{TextObject, PathObject, ImageObject, PageBlock}

OFD coordinates are millimetres, top-down; they are turned into points here so that the
geometry's tolerances mean what they mean for PDFs.
"""

from __future__ import annotations

import io
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from lxml import etree

from parsers.document import Extraction, library_version
from parsers.fixedlayout import laid_out
from parsers.geometry import Glyph, Page, Segment
from parsers.limits import DEFAULT_LIMITS, Deadline, Limits, Malformed, MissingTool, TooLarge
from parsers.sniff import OFD
from parsers.word import check_zip

VERSION = "ofd/1"
PT = 72 / 25.4  # points per millimetre
A4 = (0.0, 0.0, 210.0, 297.0)  # the page box when a document names none
# the same rules as parsers.pdf: few characters and a large image make a scanned page
MIN_TEXT_CHARS = 20
MIN_IMAGE_AREA = 0.3
# a character's box around its baseline, as shares of the font size (CJK fonts' usual
# ascent and descent)
ASCENT, DESCENT = 0.88, 0.12
LINE_WIDTH = 0.353  # mm: the standard's default LineWidth
RULE_MAX = 3.0  # points: a path this thin in one direction is a ruling line
MAX_NAME = 1_000  # characters in a member name; longer is not an OFD any producer writes

# lxml parser for untrusted XML: no DTD, no entity expansion, no network
XML = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, huge_tree=False
)

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_NUM = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# AbbreviatedData commands -> how many numbers they take (S starts a sub-path like M; Z is
# not in the standard but some producers write it for C, close)
PATH_ARGS: dict[str, int] = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0, "Z": 0}


@dataclass
class Resources:
    """What pages refer to by ID: font names, image files (member paths), and the
    line widths of drawing parameters."""

    fonts: dict[str, str] = field(default_factory=dict)
    media: dict[str, str] = field(default_factory=dict)
    line_widths: dict[str, float] = field(default_factory=dict)


@dataclass
class PageImage:
    """An ImageObject: its box on the page (points) and its member path."""

    x0: float
    y0: float
    x1: float
    y1: float
    path: str | None


class Package:
    """The zip, with OFD's path rules: absolute from the root, else relative to the file
    that names them; members looked up case-insensitively as a fallback."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        check_zip(data, limits, "OFD")
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        names = self.zip.namelist()
        bad = next((n for n in names if len(n) > MAX_NAME or "\x00" in n), None)
        if bad is not None:
            raise Malformed(f"the OFD has a member with an absurd name ({bad[:60]!r}…)")
        self.names = {n.lower(): n for n in names}

    def resolve(self, base: str, ref: str) -> str:
        """A path named in `base` (a member) as a member name."""
        ref = ref.strip().replace("\\", "/")
        joined = (
            ref.lstrip("/") if ref.startswith("/") else posixpath.join(posixpath.dirname(base), ref)
        )
        return posixpath.normpath(joined).lstrip("/")

    def read(self, name: str, what: str) -> bytes:
        member = name if name in self.zip.NameToInfo else self.names.get(name.lower())
        if member is None:
            raise Malformed(f"the OFD names {what} {name!r} but it is not in the file")
        try:
            return self.zip.read(member)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
            # RuntimeError: a password-protected zip member
            raise Malformed(f"the OFD member {name!r} cannot be read ({exc})") from None

    def xml(self, name: str, what: str) -> etree._Element:
        data = self.read(name, what)
        try:
            return etree.fromstring(data, XML)
        except etree.XMLSyntaxError as exc:
            raise Malformed(f"the OFD's {name} is not well-formed XML ({exc})") from None


def _local(el: etree._Element) -> str:
    tag = el.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _find(el: etree._Element, path: str) -> etree._Element | None:
    """`el.find` with every step in any namespace (producers differ in prefixes)."""
    return el.find("/".join(f"{{*}}{p}" for p in path.split("/")))


def _text(el: etree._Element, path: str) -> str | None:
    found = _find(el, path)
    return found.text.strip() if found is not None and found.text else None


def _numbers(value: str | None, n: int | None, what: str) -> list[float] | None:
    """Space-separated numbers (Boundary, CTM, PhysicalBox); None when absent."""
    if value is None or not value.strip():
        return None
    try:
        out = [float(v) for v in value.replace(",", " ").split()]
    except ValueError:
        raise Malformed(f"the OFD has a bad {what}: {value[:60]!r}") from None
    if n is not None and len(out) != n:
        raise Malformed(f"the OFD has a bad {what} ({len(out)} numbers, not {n}): {value[:60]!r}")
    return out


def _float(value: str | None, default: float, what: str) -> float:
    if value is None or not value.strip():
        return default
    try:
        return float(value)
    except ValueError:
        raise Malformed(f"the OFD has a bad {what}: {value[:60]!r}") from None


def deltas(value: str | None, count: int) -> list[float]:
    """A DeltaX/DeltaY list expanded, `g N D` meaning N times D; at most `count` values
    (a repeat count of a billion must not allocate a billion floats)."""
    if not value:
        return []
    tokens = value.split()
    out: list[float] = []
    i = 0
    try:
        while i < len(tokens) and len(out) < count:
            if tokens[i] == "g":
                times, step = int(float(tokens[i + 1])), float(tokens[i + 2])
                out.extend([step] * max(0, min(times, count - len(out))))
                i += 3
            else:
                out.append(float(tokens[i]))
                i += 1
    except (ValueError, IndexError):
        raise Malformed(f"the OFD has a bad DeltaX/DeltaY: {value[:60]!r}") from None
    return out


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _wide(ch: str) -> bool:
    """Full-width in a Chinese font: CJK, and the ambiguous punctuation (“ ” — ①) too."""
    return unicodedata.east_asian_width(ch) in ("W", "F", "A")


@dataclass
class _Placement:
    """Where an object's own coordinates land on the page: CTM, then the Boundary's
    origin, then the page box's origin removed and millimetres made points."""

    ctm: Matrix
    dx: float
    dy: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        px, py = _apply(self.ctm, x, y)
        return (px + self.dx) * PT, (py + self.dy) * PT

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, ...]:
        corners = [self.point(x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        return min(xs), min(ys), max(xs), max(ys)


def _placement(el: etree._Element, origin: tuple[float, float]) -> _Placement:
    bound = _numbers(el.get("Boundary"), 4, "Boundary") or [0.0, 0.0, 0.0, 0.0]
    ctm = _numbers(el.get("CTM"), 6, "CTM")
    return _Placement(tuple(ctm) if ctm else IDENTITY, bound[0] - origin[0], bound[1] - origin[1])  # type: ignore[arg-type]


def text_glyphs(el: etree._Element, origin: tuple[float, float]) -> Iterator[Glyph]:
    """The characters of a TextObject with their boxes in page points."""
    place = _placement(el, origin)
    size = _float(el.get("Size", el.get("size")), 0.0, "font Size")  # easyofd writes "size"
    if size <= 0:
        raise Malformed(f"the OFD has a TextObject without a font Size (ID {el.get('ID')})")
    x = y = 0.0
    for code in el.iterfind("{*}TextCode"):
        # the text and the tails after child nodes: an unexpanded entity reference
        # (never resolved, see XML) leaves the text split around it
        chars = (code.text or "") + "".join(child.tail or "" for child in code)
        x = _float(code.get("X"), x, "TextCode X")
        y = _float(code.get("Y"), y, "TextCode Y")
        dxs = deltas(code.get("DeltaX"), len(chars))
        dys = deltas(code.get("DeltaY"), len(chars))
        for i, ch in enumerate(chars):
            natural = size if _wide(ch) else 0.5 * size
            step = dxs[i] if i < len(dxs) else (dxs[-1] if dxs else natural)
            width = step if 0 < step < natural else natural
            if not (ch.isspace() or ch in "\u00a0\u3000\ufeff"):
                x0, y0, x1, y1 = place.box(x, y - ASCENT * size, x + width, y + DESCENT * size)
                if x1 > x0 and y1 > y0:
                    yield Glyph(x0, y0, x1, y1, ch)
            x += step
            y += dys[i] if i < len(dys) else 0.0


def path_segments(
    el: etree._Element, origin: tuple[float, float], res: Resources | None = None
) -> Iterator[Segment]:
    """Ruling lines of a PathObject: each sub-path thin in one direction (a stroked line,
    a thin filled rectangle) is a rule; in stroked paths, each axis-parallel straight
    piece is one (cell borders drawn as one rectangle per cell). Curves are not rules."""
    # the standard's element; "AbstractData", a misnaming, is accepted too
    data = _text(el, "AbbreviatedData") or _text(el, "AbstractData")
    if not data:
        return
    place = _placement(el, origin)
    stroke = el.get("Stroke", "true").strip().lower() != "false"
    fill = el.get("Fill", "false").strip().lower() == "true"
    if not (stroke or fill):
        return
    default = (res.line_widths if res else {}).get(el.get("DrawParam", ""), LINE_WIDTH)
    half = _float(el.get("LineWidth"), default, "LineWidth") * PT / 2 if stroke else 0.0
    for points, lines in _subpaths(data):
        pts = [place.point(x, y) for x, y in points]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        x0, x1, y0, y1 = min(xs) - half, max(xs) + half, min(ys) - half, max(ys) + half
        if x1 - x0 <= RULE_MAX and y1 - y0 > RULE_MAX:
            yield Segment((x0 + x1) / 2, y0, (x0 + x1) / 2, y1)
        elif y1 - y0 <= RULE_MAX and x1 - x0 > RULE_MAX:
            yield Segment(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2)
        elif stroke:
            for p, q in lines:
                yield from _axis(place.point(*p), place.point(*q))


Point = tuple[float, float]


def _subpaths(data: str) -> Iterator[tuple[list[Point], list[tuple[Point, Point]]]]:
    """AbbreviatedData into sub-paths: all their points (for the box) and their straight
    pieces (L, and the closing C)."""
    tokens = _PATH_TOKEN.findall(data)
    points: list[Point] = []
    lines: list[tuple[Point, Point]] = []
    start = cur = None
    i = 0
    while i < len(tokens):
        op = tokens[i].upper()
        n = PATH_ARGS.get(op)
        if n is None:
            raise Malformed(f"the OFD has a path with an unknown command {tokens[i]!r}")
        try:
            args = [float(t) for t in tokens[i + 1 : i + 1 + n]]
        except ValueError:
            raise Malformed(f"the OFD has a path command {op} with bad numbers") from None
        if len(args) != n:
            raise Malformed(f"the OFD has a path command {op} with too few numbers")
        i += 1 + n
        if op in ("S", "M"):
            if points:
                yield points, lines
            points, lines = [], []
            start = cur = (args[0], args[1])
            points.append(cur)
            continue
        if op in ("C", "Z"):
            if cur is not None and start is not None:
                lines.append((cur, start))
                cur = start
            continue
        end = (args[-2], args[-1])
        if op == "L" and cur is not None:
            lines.append((cur, end))
        elif op in ("Q", "B"):
            points.extend(zip(args[0:-2:2], args[1:-2:2], strict=True))
        points.append(end)
        cur = end
    if points:
        yield points, lines


def _axis(p: Point, q: Point) -> Iterator[Segment]:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) < 1.0 and abs(x1 - x0) >= 3:
        yield Segment(min(x0, x1), (y0 + y1) / 2, max(x0, x1), (y0 + y1) / 2)
    elif abs(x1 - x0) < 1.0 and abs(y1 - y0) >= 3:
        yield Segment((x0 + x1) / 2, min(y0, y1), (x0 + x1) / 2, max(y0, y1))


@dataclass
class _Doc:
    """One document of the package, its pages' member paths and what they share."""

    pkg: Package
    path: str
    box: list[float]
    res: Resources
    templates: dict[str, str]
    pages: list[str]
    title: str | None


def _load_res(pkg: Package, path: str, res: Resources) -> None:
    """A PublicRes/DocumentRes/PageRes file: fonts and multimedia by ID."""
    root = pkg.xml(path, "a resource file")
    base = pkg.resolve(path, root.get("BaseLoc", "")) + "/" if root.get("BaseLoc") else path
    for font in root.iterfind(".//{*}Font"):
        res.fonts[font.get("ID", "")] = font.get("FontName", "")
    for param in root.iterfind(".//{*}DrawParam"):
        if param.get("LineWidth"):
            res.line_widths[param.get("ID", "")] = _float(
                param.get("LineWidth"), LINE_WIDTH, "LineWidth"
            )
    for media in root.iterfind(".//{*}MultiMedia"):
        file = _text(media, "MediaFile")
        if file:
            res.media[media.get("ID", "")] = pkg.resolve(base, file)


def open_ofd(data: bytes, limits: Limits = DEFAULT_LIMITS) -> _Doc:
    """The package's first document: its pages in order, resources, templates, title."""
    pkg = Package(data, limits)
    root = pkg.xml("OFD.xml", "its entry file")
    body = _find(root, "DocBody")
    doc_root = _text(body, "DocRoot") if body is not None else None
    if not doc_root:
        raise Malformed("the OFD's OFD.xml names no document (DocBody/DocRoot)")
    title = _text(body, "DocInfo/Title")
    path = pkg.resolve("OFD.xml", doc_root)
    doc = pkg.xml(path, "its document")
    common = _find(doc, "CommonData")
    box = (
        _numbers(_text(common, "PageArea/PhysicalBox"), 4, "PhysicalBox")
        if common is not None
        else None
    )
    res = Resources()
    templates: dict[str, str] = {}
    if common is not None:
        for el in common:
            name = _local(el)
            if name in ("PublicRes", "DocumentRes") and el.text:
                _load_res(pkg, pkg.resolve(path, el.text), res)
            elif name == "TemplatePage" and el.get("BaseLoc"):
                templates[el.get("ID", "")] = pkg.resolve(path, el.get("BaseLoc", ""))
    pages = [
        pkg.resolve(path, p.get("BaseLoc", ""))
        for p in doc.iterfind("{*}Pages/{*}Page")
        if p.get("BaseLoc")
    ]
    if not pages:
        raise Malformed("the OFD has no pages; truncated or damaged?")
    if len(pages) > limits.max_pages:
        raise TooLarge(
            f"the OFD has {len(pages)} pages, over the {limits.max_pages} page limit (Limits.max_pages)"
        )
    return _Doc(pkg, path, box or list(A4), res, templates, pages, title)


def _objects(el: etree._Element) -> Iterator[etree._Element]:
    """The drawing objects of a content tree, in order, through layers and blocks."""
    for child in el:
        name = _local(child)
        if name in ("TextObject", "PathObject", "ImageObject"):
            yield child
        elif name in ("Layer", "PageBlock", "Content"):
            yield from _objects(child)


def read_page(doc: _Doc, path: str) -> tuple[Page, list[PageImage], int]:
    """A page's geometry (templates first, as they are drawn below it), its images, and
    its character count."""
    pkg = doc.pkg
    page = pkg.xml(path, "a page")
    box = _numbers(_text(page, "Area/PhysicalBox"), 4, "PhysicalBox") or doc.box
    origin = (box[0], box[1])
    res = doc.res
    for el in page.iterfind("{*}PageRes"):
        res = Resources(dict(res.fonts), dict(res.media), dict(res.line_widths))
        if el.text:
            _load_res(pkg, pkg.resolve(path, el.text), res)
    trees = []
    for tpl in page.iterfind("{*}Template"):
        tpl_path = doc.templates.get(tpl.get("TemplateID", ""))
        if tpl_path:
            trees.append(pkg.xml(tpl_path, "a template page"))
    trees.append(page)
    glyphs: list[Glyph] = []
    segs: list[Segment] = []
    images: list[PageImage] = []
    for tree in trees:
        content = _find(tree, "Content")
        if content is None:
            continue
        for obj in _objects(content):
            kind = _local(obj)
            if kind == "TextObject":
                glyphs.extend(text_glyphs(obj, origin))
            elif kind == "PathObject":
                segs.extend(path_segments(obj, origin, res))
            else:
                b = _numbers(obj.get("Boundary"), 4, "Boundary") or [0, 0, 0, 0]
                x0, y0 = (b[0] - origin[0]) * PT, (b[1] - origin[1]) * PT
                images.append(
                    PageImage(
                        x0,
                        y0,
                        x0 + b[2] * PT,
                        y0 + b[3] * PT,
                        res.media.get(obj.get("ResourceID", "")),
                    )
                )
    return Page(box[2] * PT, box[3] * PT, glyphs, segs), images, len(glyphs)


def extract_ofd(
    data: bytes,
    *,
    media_type: str | None = None,
    url: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Extraction:
    """An OFD -> paragraphs and ruled tables; pages that are only an image are OCRed."""
    deadline = Deadline(limits.max_seconds, "the OFD")
    doc = open_ofd(data, limits)
    pages: list[Page] = []
    scanned: list[int] = []
    chars = 0
    for i, path in enumerate(doc.pages):
        deadline.check()
        geo, images, n = read_page(doc, path)
        chars += n
        if chars > limits.max_text_chars:
            raise TooLarge(
                f"the OFD has over {limits.max_text_chars:,} characters (Limits.max_text_chars)"
            )
        area = geo.width * geo.height or 1.0
        big = max(images, key=lambda im: (im.x1 - im.x0) * (im.y1 - im.y0), default=None)
        if (
            n < MIN_TEXT_CHARS
            and big
            and (big.x1 - big.x0) * (big.y1 - big.y0) / area >= MIN_IMAGE_AREA
        ):
            scanned.append(i)
            if len(scanned) > limits.max_ocr_pages:
                raise TooLarge(
                    f"over {limits.max_ocr_pages} scanned pages to OCR (Limits.max_ocr_pages)"
                )
            geo = _ocr(doc.pkg, big, geo, limits, deadline)
        pages.append(geo)
    return laid_out(pages, scanned, extractor="ofd",
                    version=f"{VERSION} {library_version('lxml')}", media_type=OFD,
                    title=_report_title(doc.title), limits=limits)


def _report_title(title: str | None) -> str | None:
    """DocInfo/Title, only when it names a specific report (the rule of `parsers.pdf`:
    producers fill in a generic title or the file name)."""
    if (
        not title
        or title == "政府信息公开工作年度报告"
        or title.lower().endswith((".doc", ".docx", ".wps", ".pdf"))
    ):
        return None
    return title


def _ocr(pkg: Package, image: PageImage, geo: Page, limits: Limits, deadline: Deadline) -> Page:
    """OCR a page's image, placed where the page draws it."""
    try:
        from parsers.ocr import image_ink, ocr_gray, open_image
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise MissingTool(f"scanned OFD needs OCR: pip install 'nianbao[ocr]' ({exc})") from None
    if image.path is None:
        raise Malformed("the OFD draws a page image whose resource is not declared")
    img = open_image(pkg.read(image.path, "a page image"), limits)
    deadline.check()
    dpi = img.size[0] / max((image.x1 - image.x0) / 72, 1e-6)
    page = ocr_gray(image_ink(img), dpi)
    dx, dy = image.x0, image.y0
    reread = page.reread
    return Page(
        geo.width,
        geo.height,
        [replace(g, x0=g.x0 + dx, x1=g.x1 + dx, y0=g.y0 + dy, y1=g.y1 + dy) for g in page.glyphs],
        [Segment(s.x0 + dx, s.y0 + dy, s.x1 + dx, s.y1 + dy) for s in page.segments],
        tol=page.tol,
        min_score=page.min_score,
        reread=(lambda regions: reread([(x0 - dx, y0 - dy, x1 - dx, y1 - dy)
                                         for x0, y0, x1, y1 in regions]))
        if reread
        else None,
    )
