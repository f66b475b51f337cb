"""Small, real, byte-deterministic files for the county world: text PDFs with a CJK font
(reportlab, invariant mode), scanned PDFs (images only, no text layer), DOCX (minimal OOXML,
readable by python-docx), XLSX (openpyxl, zip timestamps and core dates fixed) and scan images
(Pillow). Everything is cached by its inputs, so generating a world twice costs little."""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from xml.sax.saxutils import escape

FIXED_ZIP_TIME = (2025, 1, 20, 9, 30, 0)
_FONT_READY = False


def _font() -> str:
    global _FONT_READY
    if not _FONT_READY:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        _FONT_READY = True
    return "STSong-Light"


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Plain deflate streams (smaller files, faster) while a PDF is made. reportlab's setting
    is process-wide: it is put back afterwards, so other tests' PDFs are made as before."""
    from reportlab import rl_config

    a85, rl_config.useA85 = rl_config.useA85, 0
    try:
        yield
    finally:
        rl_config.useA85 = a85


def _wrap(line: str, width: int) -> list[str]:
    return [line[i:i + width] for i in range(0, len(line), width)] or [""]


@lru_cache(maxsize=4096)
def text_pdf(title: str, lines: tuple[str, ...], author: str = "") -> bytes:
    """A text PDF: title, then the lines, wrapped; Chinese text extractable."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    with _binary_streams():
        _text_pdf(canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1),
                  title, lines, author)
    return buf.getvalue()


def _text_pdf(c, title: str, lines: tuple[str, ...], author: str) -> None:  # noqa: ANN001
    from reportlab.lib.pagesizes import A4

    font = _font()
    c.setTitle(title)
    if author:
        c.setAuthor(author)
    width, height = A4
    y = height - 70
    c.setFont(font, 16)
    for part in _wrap(title, 26):
        c.drawCentredString(width / 2, y, part)
        y -= 26
    wrapped = [part for line in lines for part in _wrap(line, 40)]
    per_page = 40
    first = int((y - 60) // 17)
    chunks = [wrapped[:first]] + [wrapped[i:i + per_page] for i in range(first, len(wrapped), per_page)]
    for n, chunk in enumerate(chunks):
        if n:
            c.showPage()
        text = c.beginText(60, (y - 10) if n == 0 else height - 60)
        text.setFont(font, 11, 17)
        for part in chunk:
            text.textLine(part)
        c.drawText(text)
    c.showPage()
    c.save()


@lru_cache(maxsize=1024)
def scanned_pdf(title: str, seed: int, pages: int = 2) -> bytes:
    """An image-only PDF (a scan): no text layer at all, only page images."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    with _binary_streams():
        c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
        c.setTitle(title)
        width, height = A4
        for i in range(pages):
            img = scan_image(seed * 10 + i, "JPEG", stamp=i == pages - 1)
            c.drawImage(ImageReader(io.BytesIO(img)), 0, 0, width, height)
            c.showPage()
        c.save()
    return buf.getvalue()


@lru_cache(maxsize=4096)
def scan_image(seed: int, fmt: str = "JPEG", stamp: bool = False, w: int = 240,
               h: int = 340) -> bytes:
    """A page of a scanned document: grey paper, a title bar, lines of 'text', maybe a red
    seal. Unique per seed."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    img = Image.new("RGB", (w, h), (246, 245, 240))
    d = ImageDraw.Draw(img)
    d.rectangle([w // 4, 28, w * 3 // 4, 38], fill=(40, 40, 40))
    y = 60
    while y < h - 40:
        right = w - 30 - rng.randint(0, 3) * 20 if rng.random() < 0.8 else rng.randint(80, w - 40)
        x = 30 + (16 if rng.random() < 0.2 else 0)
        while x < right:
            step = rng.randint(14, 60)
            d.rectangle([x, y, min(right, x + step), y + 6], fill=(95, 95, 95))
            x += step + 6
        y += rng.choice([14, 14, 14, 22])
    d.text((w - 40, h - 20), str(seed % 1000), fill=(90, 90, 90))
    if stamp:
        cx, cy = w - 80, h - 80
        d.ellipse([cx - 34, cy - 34, cx + 34, cy + 34], outline=(200, 30, 30), width=3)
        d.regular_polygon((cx, cy, 10), 5, fill=(200, 30, 30))
    buf = io.BytesIO()
    if fmt == "PNG":
        img.convert("L").save(buf, "PNG", optimize=False)
    else:
        if not stamp:
            img = img.convert("L")
        img.filter(ImageFilter.GaussianBlur(0.8)).save(buf, "JPEG", quality=30)
    return buf.getvalue()


@lru_cache(maxsize=256)
def picture(seed: int, w: int, h: int, fmt: str = "PNG") -> bytes:
    """A decoration: logo, banner, QR code, photo of a news item."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    img = Image.new("RGB", (w, h), (rng.randint(150, 255), rng.randint(30, 120), 40))
    d = ImageDraw.Draw(img)
    for _ in range(6):
        x, y = rng.randint(0, w), rng.randint(0, h)
        d.rectangle([x, y, x + rng.randint(4, w // 2 + 4), y + rng.randint(3, h // 2 + 3)],
                    fill=(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)))
    buf = io.BytesIO()
    img.save(buf, fmt, **({"quality": 40} if fmt == "JPEG" else {}))
    return buf.getvalue()


@lru_cache(maxsize=64)
def qrcode(seed: int) -> bytes:
    from PIL import Image

    rng = random.Random(seed)
    img = Image.new("1", (25, 25), 1)
    for x in range(25):
        for y in range(25):
            if rng.random() < 0.5:
                img.putpixel((x, y), 0)
    img = img.resize((100, 100))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


# ------------------------------------------------------------------ office files

def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return buf.getvalue()


_DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
               '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
               '</Types>')
_DOCX_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
              '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
              '</Relationships>')


@lru_cache(maxsize=1024)
def docx(title: str, lines: tuple[str, ...], author: str = "") -> bytes:
    """A minimal, valid DOCX (python-docx opens it): a centred bold title, then paragraphs."""
    def para(text: str, head: bool = False) -> str:
        ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if head else ""
        rpr = '<w:rPr><w:b/><w:sz w:val="36"/></w:rPr>' if head else ""
        return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'

    body = para(title, True) + "".join(para(line) for line in lines)
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:body>{body}<w:sectPr/></w:body></w:document>')
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">2025-01-20T09:30:00Z</dcterms:created>'
            '</cp:coreProperties>')
    return _zip([("[Content_Types].xml", _DOCX_TYPES.encode()), ("_rels/.rels", _DOCX_RELS.encode()),
                 ("docProps/core.xml", core.encode()), ("word/document.xml", document.encode())])


_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


@lru_cache(maxsize=512)
def xlsx(title: str, rows: tuple[tuple[str, ...], ...]) -> bytes:
    """An XLSX with the report's statistics tables (openpyxl), made byte-deterministic."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "统计表"
    ws.append([title])
    for row in rows:
        ws.append(list(row))
    raw = io.BytesIO()
    wb.save(raw)
    entries = []
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as z:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _DATES.sub(rb"\g<1>2025-01-20T09:30:00Z\g<2>", data)
            entries.append((info.filename, data))
    return _zip(entries)
