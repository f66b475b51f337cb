"""A small OFD writer (GB/T 33190) for test fixtures, with lxml, and a PDF-to-OFD converter
built on it: no library writes OFD, so the fixtures are made the way a converter would,
from the characters, font sizes and path objects pypdfium2 reads out of a real PDF.

    >>> w = OfdWriter(title="报告")
    >>> layer = w.page(210, 297)
    >>> w.text(layer, 20, 30, "二〇二四年", size=5.6, delta_x=[5.6] * 4)
    >>> w.path(layer, "M 20 40 L 190 40", line_width=0.25)
    >>> data = w.to_bytes()

The package follows the standard's layout: OFD.xml (DocBody: DocInfo, DocRoot) ->
Doc_0/Document.xml (CommonData: MaxUnitID, PageArea, PublicRes, DocumentRes; Pages) ->
Doc_0/Pages/Page_N/Content.xml (Content/Layer: TextObject, PathObject, ImageObject), with
fonts in PublicRes.xml and images in DocumentRes.xml (files under Doc_0/Res/). All lengths
are millimetres, y downwards, as in the standard.
"""

from __future__ import annotations

import ctypes
import io
import math
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from lxml import etree

NS = "http://www.ofdspec.org/2016"
PT = 72 / 25.4  # points per millimetre


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _el(
    parent: etree._Element | None, tag: str, text: str | None = None, **attrs: object
) -> etree._Element:
    el = (
        etree.Element(_q(tag), nsmap={"ofd": NS})
        if parent is None
        else etree.SubElement(parent, _q(tag))
    )
    for k, v in attrs.items():
        if v is not None:
            el.set(k, str(v))
    if text is not None:
        el.text = text
    return el


def num(v: float) -> str:
    """A length as OFD files print it: at most 3 decimals, no trailing zeros."""
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def encode_deltas(values: Sequence[float]) -> str:
    """DeltaX/DeltaY text, runs of equal steps written `g N D` as converters do."""
    out: list[str] = []
    i = 0
    vals = [num(v) for v in values]
    while i < len(vals):
        j = i
        while j + 1 < len(vals) and vals[j + 1] == vals[i]:
            j += 1
        out.append(f"g {j - i + 1} {vals[i]}" if j > i else vals[i])
        i = j + 1
    return " ".join(out)


@dataclass
class OfdWriter:
    """An OFD package built page by page; `to_bytes()` zips it."""

    title: str | None = None
    pages: list[tuple[float, float, etree._Element]] = field(default_factory=list)
    fonts: dict[str, int] = field(default_factory=dict)
    media: list[tuple[int, str, bytes]] = field(default_factory=list)
    last_id: int = 0

    def new_id(self) -> int:
        self.last_id += 1
        return self.last_id

    def font(self, name: str) -> int:
        if name not in self.fonts:
            self.fonts[name] = self.new_id()
        return self.fonts[name]

    def page(self, width: float, height: float) -> etree._Element:
        """A new page of `width` x `height` mm; returns its body layer to draw on."""
        root = _el(None, "Page")
        _el(_el(root, "Area"), "PhysicalBox", f"0 0 {num(width)} {num(height)}")
        layer = _el(_el(root, "Content"), "Layer", ID=self.new_id(), Type="Body")
        self.pages.append((width, height, root))
        return layer

    def text(
        self,
        layer: etree._Element,
        x: float,
        y: float,
        chars: str,
        *,
        size: float,
        delta_x: Sequence[float] | None = None,
        font: str = "宋体",
        ctm: Sequence[float] | None = None,
        boundary: Sequence[float] | None = None,
    ) -> etree._Element:
        """A TextObject: `chars` from (x, y) (baseline, in the object's space), each next
        character `delta_x` further on. Without `boundary` the object's box is the text's,
        and x, y are page coordinates moved into it."""
        if boundary is None:
            width = sum(delta_x or []) + size
            boundary = (x, y - size, width, 1.2 * size)
            x, y = 0.0, size
        obj = _el(
            layer,
            "TextObject",
            ID=self.new_id(),
            Boundary=" ".join(num(v) for v in boundary),
            Font=self.font(font),
            Size=num(size),
            CTM=" ".join(num(v) if abs(v) >= 1e-3 else f"{v:.6g}" for v in ctm) if ctm else None,
        )
        _el(obj, "FillColor", Value="0 0 0")
        _el(
            obj,
            "TextCode",
            chars,
            X=num(x),
            Y=num(y),
            DeltaX=encode_deltas(delta_x) if delta_x else None,
        )
        return obj

    def path(
        self,
        layer: etree._Element,
        data: str,
        *,
        boundary: Sequence[float] | None = None,
        line_width: float = 0.353,
        stroke: bool = True,
        fill: bool = False,
    ) -> etree._Element:
        """A PathObject drawing `data` (AbbreviatedData: M/L/B/C in the boundary's space)."""
        box = boundary or (0, 0, *self.pages[-1][:2])
        obj = _el(
            layer,
            "PathObject",
            ID=self.new_id(),
            Boundary=" ".join(num(v) for v in box),
            LineWidth=num(line_width),
            Stroke=None if stroke else "false",
            Fill="true" if fill else None,
        )
        if fill:
            _el(obj, "FillColor", Value="0 0 0")
        _el(obj, "AbbreviatedData", data)
        return obj

    def image(
        self, layer: etree._Element, data: bytes, boundary: Sequence[float], fmt: str = "PNG"
    ) -> None:
        """An ImageObject drawing `data` (a PNG/JPEG file) over `boundary`."""
        rid = self.new_id()
        self.media.append((rid, f"Image_{rid}.{fmt.lower()}", data))
        w, h = boundary[2], boundary[3]
        _el(
            layer,
            "ImageObject",
            ID=self.new_id(),
            Boundary=" ".join(num(v) for v in boundary),
            CTM=f"{num(w)} 0 0 {num(h)} 0 0",
            ResourceID=rid,
        )

    def to_bytes(self, *, drop: Sequence[str] = (), swap: dict[str, bytes] | None = None) -> bytes:
        """The zipped package; `drop` leaves members out and `swap` replaces their bytes
        (for broken-file tests)."""
        files: dict[str, bytes] = {}
        ofd = _el(None, "OFD", Version="1.1", DocType="OFD")
        body = _el(ofd, "DocBody")
        info = _el(body, "DocInfo")
        _el(info, "DocID", "0c6b1f2a9e7d4c5b8a3f2e1d0c9b8a7f")
        if self.title:
            _el(info, "Title", self.title)
        _el(info, "CreationDate", "2025-01-20")
        _el(info, "Creator", "nianbao tests/extract/ofd_writer.py")
        _el(body, "DocRoot", "Doc_0/Document.xml")
        files["OFD.xml"] = _xml(ofd)

        doc = _el(None, "Document")
        common = _el(doc, "CommonData")
        _el(common, "MaxUnitID", str(self.last_id))
        w0, h0 = self.pages[0][:2] if self.pages else (210, 297)
        _el(_el(common, "PageArea"), "PhysicalBox", f"0 0 {num(w0)} {num(h0)}")
        _el(common, "PublicRes", "PublicRes.xml")
        if self.media:
            _el(common, "DocumentRes", "DocumentRes.xml")
        pages = _el(doc, "Pages")
        for i, (_w, _h, root) in enumerate(self.pages):
            _el(pages, "Page", ID=self.new_id(), BaseLoc=f"Pages/Page_{i}/Content.xml")
            files[f"Doc_0/Pages/Page_{i}/Content.xml"] = _xml(root)
        files["Doc_0/Document.xml"] = _xml(doc)

        pub = _el(None, "Res", BaseLoc="Res")
        fonts = _el(pub, "Fonts")
        for name, fid in self.fonts.items():
            _el(fonts, "Font", ID=fid, FontName=name, FamilyName=name)
        files["Doc_0/PublicRes.xml"] = _xml(pub)
        if self.media:
            res = _el(None, "Res", BaseLoc="Res")
            medias = _el(res, "MultiMedias")
            for rid, name, data in self.media:
                mm = _el(
                    medias,
                    "MultiMedia",
                    ID=rid,
                    Type="Image",
                    Format=name.rsplit(".", 1)[1].upper(),
                )
                _el(mm, "MediaFile", name)
                files[f"Doc_0/Res/{name}"] = data
            files["Doc_0/DocumentRes.xml"] = _xml(res)

        files.update(swap or {})
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in files.items():
                if name not in drop:
                    z.writestr(name, data)
        return out.getvalue()


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# ---------------------------------------------------------------- PDF -> OFD


@dataclass
class _Char:
    ch: str
    x: float  # origin, page mm, top-down
    y: float
    size: float  # mm
    font: str


def _pdf_chars(page, height: float) -> list[_Char]:  # noqa: ANN001 - a pypdfium2 page
    """The page's characters in stream order with origin, effective font size and font."""
    import pypdfium2.raw as raw

    tp = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    m = raw.FS_MATRIX()
    buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    out = []
    for i in range(tp.count_chars()):
        if raw.FPDFText_IsGenerated(tp.raw, i):
            continue
        code = raw.FPDFText_GetUnicode(tp.raw, i)
        raw.FPDFText_GetCharOrigin(tp.raw, i, x, y)
        raw.FPDFText_GetMatrix(tp.raw, i, m)
        size = raw.FPDFText_GetFontSize(tp.raw, i) * math.sqrt(abs(m.a * m.d - m.b * m.c))
        n = raw.FPDFText_GetFontInfo(tp.raw, i, buf, len(buf), flags)
        font = buf.value.decode("utf-8", "replace").split("+")[-1] if n else "宋体"
        out.append(_Char(chr(code), x.value / PT, (height - y.value) / PT, size / PT, font))
    tp.close()
    return out


def _runs(chars: list[_Char]) -> list[list[_Char]]:
    """Characters into runs on one baseline, one font, left to right, no wide gap: one
    TextObject each, as converters write them."""
    runs: list[list[_Char]] = []
    for c in chars:
        if c.ch.isspace():
            continue
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and abs(c.y - last.y) < 0.05 * c.size
            and abs(c.size - last.size) < 1e-3
            and c.font == last.font
            and 0 < c.x - last.x < 3 * c.size
        ):
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs


def _pdf_paths(page, height: float) -> list[tuple[list[float], str, float, bool, bool]]:  # noqa: ANN001
    """Each path object as (boundary mm, AbbreviatedData in it, line width mm, stroke, fill)."""
    import pypdfium2.raw as raw

    out = []
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    lw = ctypes.c_float()
    for obj in page.get_objects(max_depth=3):
        if obj.type != raw.FPDF_PAGEOBJ_PATH:
            continue
        x0, y0, x1, y1 = obj.get_bounds()
        bx, by = x0 / PT, (height - y1) / PT
        a, b, c, d, e, f = obj.get_matrix().get()
        raw.FPDFPath_GetDrawMode(obj.raw, fill, stroke)
        raw.FPDFPageObj_GetStrokeWidth(obj.raw, lw)
        ops: list[str] = []
        bez: list[str] = []
        for k in range(raw.FPDFPath_CountSegments(obj.raw)):
            seg = raw.FPDFPath_GetPathSegment(obj.raw, k)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
            pt = f"{num(px / PT - bx)} {num((height - py) / PT - by)}"
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                ops.append(f"M {pt}")
            elif kind == raw.FPDF_SEGMENT_LINETO:
                ops.append(f"L {pt}")
            else:  # a Bézier comes as three points
                bez.append(pt)
                if len(bez) == 3:
                    ops.append("B " + " ".join(bez))
                    bez = []
            if raw.FPDFPathSegment_GetClose(seg):
                ops.append("C")
        if ops:
            box = [bx, by, (x1 - x0) / PT, (y1 - y0) / PT]
            scale = math.sqrt(abs(a * d - b * c)) or 1.0
            out.append(
                (box, " ".join(ops), lw.value * scale / PT, bool(stroke.value), bool(fill.value))
            )
    return out


def from_pdf(
    data: bytes,
    *,
    title: str | None = None,
    text_ctm: Callable[[list[float]], tuple[list[float], float, float, float]] | None = None,
) -> bytes:
    """An OFD with the PDF's pages, text (one TextObject per run, DeltaX from the
    characters' origins) and paths (one PathObject each).

    `text_ctm(boundary)` -> (new boundary, scale s, shift e, shift f): write each TextObject
    in another space, its CTM `s 0 0 s e f` bringing it back (X, Y, DeltaX and Size are
    divided by s), as producers that scale or place text by its CTM do."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    w = OfdWriter(title=title)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            pw, ph = page.get_size()
            layer = w.page(pw / PT, ph / PT)
            for box, abstract, lw, stroke, fill in _pdf_paths(page, ph):
                w.path(layer, abstract, boundary=box, line_width=lw, stroke=stroke, fill=fill)
            for run in _runs(_pdf_chars(page, ph)):
                size = run[0].size
                bx, by = run[0].x, min(c.y for c in run) - size
                boundary = [bx, by, run[-1].x - bx + size, max(c.y for c in run) - by + 0.3 * size]
                xs = [c.x - bx for c in run]
                ys = run[0].y - by
                chars = "".join(c.ch for c in run)
                steps = [b - a for a, b in zip(xs, xs[1:], strict=False)]
                if text_ctm is None:
                    w.text(
                        layer,
                        xs[0],
                        ys,
                        chars,
                        size=size,
                        delta_x=steps,
                        font=run[0].font,
                        boundary=boundary,
                    )
                    continue
                new, k, e, f = text_ctm(boundary)
                # page = new boundary + CTM(local), so local = (page - new - (e, f)) / k
                dx, dy = boundary[0] - new[0] - e, boundary[1] - new[1] - f
                w.text(
                    layer,
                    (xs[0] + dx) / k,
                    (ys + dy) / k,
                    chars,
                    size=size / k,
                    delta_x=[s / k for s in steps],
                    font=run[0].font,
                    boundary=new,
                    ctm=(k, 0, 0, k, e, f),
                )
            page.close()
    finally:
        pdf.close()
    return w.to_bytes()
