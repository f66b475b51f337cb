"""PDF: the text layer through pypdfium2 (fast, Apache/BSD), with tables rebuilt from the
ruling lines drawn on the page rather than from the text stream (WPS writes some labels
after their numbers, and page footers fall inside tables in stream order). Pages without
a usable text layer go to OCR (`parsers.ocr`).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from parsers.document import Extraction, library_version
from parsers.fixedlayout import laid_out
from parsers.geometry import Glyph, Page, Segment
from parsers.limits import (
    DEFAULT_LIMITS,
    Deadline,
    Encrypted,
    Limits,
    Malformed,
    MissingTool,
    TooLarge,
)
from parsers.sniff import PDF

VERSION = "pdf/1"
# a page with fewer text characters than this, and a large image, is a scan
MIN_TEXT_CHARS = 20
MIN_IMAGE_AREA = 0.3  # of the page


def open_pdf(data: bytes, limits: Limits = DEFAULT_LIMITS) -> pdfium.PdfDocument:
    """Open a PDF, turning pdfium's failures into typed errors."""
    start = data.find(b"%PDF-", 0, 1024)
    if start < 0:
        raise Malformed("not a PDF: no %PDF- header in the first 1024 bytes")
    try:
        pdf = pdfium.PdfDocument(data[start:] if start else data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise Encrypted("the PDF is encrypted with a password; it cannot be read") from None
        raise Malformed(
            f"the PDF cannot be opened ({msg.rstrip('.')}); truncated or damaged?"
        ) from None
    n = len(pdf)
    if n == 0:
        raise Malformed("the PDF has no pages; truncated or damaged?")
    if n > limits.max_pages:
        raise TooLarge(
            f"the PDF has {n} pages, over the {limits.max_pages} page limit (Limits.max_pages)"
        )
    return pdf


def _glyphs(page: pdfium.PdfPage, height: float) -> tuple[list[Glyph], int]:
    """Characters with their (loose) boxes, top-down; whitespace is rebuilt from gaps."""
    tp = page.get_textpage()
    n = tp.count_chars()
    out: list[Glyph] = []
    get_unicode = raw.FPDFText_GetUnicode
    for i in range(n):
        code = get_unicode(tp.raw, i)
        if code <= 32 or code in (0xA0, 0x3000, 0xFEFF, 0xFFFE, 0xFFFF):
            continue
        left, bottom, right, top = tp.get_charbox(i, loose=True)
        if (right - left) > 40 or (top - bottom) > 40:  # suspiciously large: compare with the ink
            tl, tb, tr, tt = tp.get_charbox(i)
            if max(right - left, top - bottom) > 6 * max(tr - tl, tt - tb, 1.0):
                left, bottom, right, top = (
                    tl,
                    tb,
                    tr,
                    tt,
                )  # rotated text: its loose box is the font's, turned
        if right <= left or top <= bottom:
            continue
        out.append(Glyph(left, height - top, right, height - bottom, chr(code)))
    tp.close()
    return out, len(out)


def _segments(page: pdfium.PdfPage, height: float) -> tuple[list[Segment], float]:
    """Ruling lines: stroked axis-parallel path segments and thin filled rectangles.
    Also returns the largest image's share of the page area (to spot scans)."""
    segs: list[Segment] = []
    width = page.get_width()
    image_area = 0.0
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(max_depth=3):
        if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
            x0, y0, x1, y1 = obj.get_bounds()
            image_area = max(image_area, (x1 - x0) * (y1 - y0) / (width * height))
            continue
        if obj.type != raw.FPDF_PAGEOBJ_PATH:
            continue
        x0, y0, x1, y1 = obj.get_bounds()
        if (x1 - x0) <= 3 or (y1 - y0) <= 3:  # a line or a thin bar: its box is the rule
            if (x1 - x0) <= 3:
                segs.append(Segment((x0 + x1) / 2, height - y1, (x0 + x1) / 2, height - y0))
            else:
                segs.append(Segment(x0, height - (y0 + y1) / 2, x1, height - (y0 + y1) / 2))
            continue
        raw.FPDFPath_GetDrawMode(obj.raw, fill, stroke)
        if not stroke.value or obj.level > 0:
            continue  # a filled box is cell shading, not a rule
        a, bb, c, d, e, f = obj.get_matrix().get()
        start = cur = None
        for k in range(raw.FPDFPath_CountSegments(obj.raw)):
            seg = raw.FPDFPath_GetPathSegment(obj.raw, k)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            px, py = a * x.value + c * y.value + e, bb * x.value + d * y.value + f
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                start = cur = (px, py)
                continue
            if kind == raw.FPDF_SEGMENT_LINETO and cur is not None:
                segs.extend(_axis(cur, (px, py), height))
            cur = (px, py)
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                segs.extend(_axis(cur, start, height))
                cur = start
    return segs, image_area


def _axis(p: tuple[float, float], q: tuple[float, float], height: float) -> Iterator[Segment]:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) < 1.0 and abs(x1 - x0) >= 3:
        yield Segment(min(x0, x1), height - y0, max(x0, x1), height - y0)
    elif abs(x1 - x0) < 1.0 and abs(y1 - y0) >= 3:
        yield Segment(x0, height - max(y0, y1), x0, height - min(y0, y1))


def read_page(page: pdfium.PdfPage) -> tuple[Page, bool]:
    """A page's geometry, and whether it looks scanned (no text layer, a big image)."""
    width, height = page.get_size()
    glyphs, n = _glyphs(page, height)
    segs, image_area = _segments(page, height)
    return Page(width, height, glyphs, segs), n < MIN_TEXT_CHARS and image_area >= MIN_IMAGE_AREA


def extract_pdf(
    data: bytes,
    *,
    media_type: str | None = None,
    url: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Extraction:
    """A PDF -> paragraphs and ruled tables; scanned pages are OCRed."""
    deadline = Deadline(limits.max_seconds, "the PDF")
    pdf = open_pdf(data, limits)
    pages: list[Page] = []
    scanned: list[int] = []
    try:
        for i in range(len(pdf)):
            deadline.check()
            page = pdf[i]
            geo, is_scan = read_page(page)
            if is_scan:
                if len(scanned) >= limits.max_ocr_pages:
                    raise TooLarge(
                        f"over {limits.max_ocr_pages} scanned pages to OCR (Limits.max_ocr_pages)"
                    )
                for printed in _ocr(page, limits, deadline):  # two, when a sheet holds two
                    scanned.append(len(pages))
                    pages.append(printed)
            else:
                pages.append(geo)
            page.close()
        title = (pdf.get_metadata_dict().get("Title") or "").strip() or None
    finally:
        pdf.close()
    return laid_out(pages, scanned, extractor="pdf",
                    version=f"{VERSION} {library_version('pypdfium2')}", media_type=PDF,
                    title=_report_title(title), limits=limits)


def _report_title(meta_title: str | None) -> str | None:
    """The document-information title, only when it names a specific report (WPS fills
    in a generic '政府信息公开工作年度报告' or the file name)."""
    if (
        not meta_title
        or meta_title in ("政府信息公开工作年度报告",)
        or meta_title.lower().endswith((".doc", ".docx", ".wps"))
    ):
        return None
    return meta_title


def _ocr(page: pdfium.PdfPage, limits: Limits, deadline: Deadline) -> list[Page]:
    try:
        from parsers.ocr import ocr_pdf_page
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise MissingTool(f"scanned PDF needs OCR: pip install 'nianbao[ocr]' ({exc})") from None
    return ocr_pdf_page(page, limits, deadline)
