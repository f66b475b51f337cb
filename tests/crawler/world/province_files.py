"""Small real files for the `province` world: text PDFs (reportlab, STSong-Light), scanned
PDFs (an image per page, no text layer), DOCX, XLSX, ZIP, RTF saved as .doc, page scans as
JPEG/PNG. Every maker is deterministic: fixed dates inside the documents and in the zips."""

from __future__ import annotations

import io
import random
import re
import zipfile
from functools import lru_cache

Block = tuple[str, object]  # ("h", str) | ("p", str) | ("table", list[list[str]])

FIXED_ZIP_TIME = (2025, 3, 31, 6, 0, 0)


@lru_cache(maxsize=1)
def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def _wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def pdf_text(title: str, blocks: list[Block], author: str = "") -> bytes:
    """A text PDF of a report (or of anything else), one or two A4 pages."""
    from reportlab.pdfgen import canvas
    font = _font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1, pageCompression=1)
    c.setTitle(title)
    if author:
        c.setAuthor(author)
    y = 780.0

    def line(text: str, size: float, x: float = 60) -> None:
        nonlocal y
        if y < 60:
            c.showPage()
            y = 780.0
        c.setFont(font, size)
        c.drawString(x, y, text)
        y -= size * 1.7

    for part in _wrap(title, 26):
        line(part, 15, 70)
    y -= 6
    for kind, value in blocks:
        if kind == "h":
            line(str(value), 12)
        elif kind == "p":
            for part in _wrap(str(value), 38):
                line(part, 10.5, 72)
        elif kind == "table":
            for row in value:  # type: ignore[attr-defined]
                line("  ".join(str(x) for x in row)[:60], 9, 80)
    c.showPage()
    c.save()
    return buf.getvalue()


def page_image(rng: random.Random, title_len: int = 14, lines: int = 26, fmt: str = "JPEG",
               size: tuple[int, int] = (620, 860), stamp: bool = False) -> bytes:
    """A scanned page: grey paper, a title bar, lines of 'text', maybe a red seal."""
    from PIL import Image, ImageDraw
    w, h = size
    im = Image.new("RGB", (w, h), (246, 244, 238))
    d = ImageDraw.Draw(im)
    tx = (w - title_len * 22) // 2
    d.rectangle((tx, 50, tx + title_len * 22, 72), fill=(40, 40, 40))
    y = 110
    for _ in range(lines):
        indent = 40 + (28 if rng.random() < 0.2 else 0)
        end = w - 40 - (rng.randint(0, 260) if rng.random() < 0.25 else rng.randint(0, 12))
        x = indent
        while x < end:
            cw = rng.randint(10, 15)
            d.rectangle((x, y, min(end, x + cw), y + 12), fill=(70, 70, 70))
            x += cw + 3
        y += 28
        if y > h - 60:
            break
    if stamp:
        cx, cy = w - 170, h - 150
        d.ellipse((cx - 60, cy - 60, cx + 60, cy + 60), outline=(200, 30, 30), width=5)
    out = io.BytesIO()
    if fmt == "JPEG":
        im.save(out, "JPEG", quality=35)
    else:
        im.convert("L").quantize(8).save(out, "PNG", optimize=False)
    return out.getvalue()


def pdf_scan(rng: random.Random, pages: int = 2) -> bytes:
    """A scanned PDF: page images only, no text layer."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1, pageCompression=1)
    for i in range(pages):
        img = page_image(rng, stamp=i == pages - 1, size=(500, 700))
        c.drawImage(ImageReader(io.BytesIO(img)), 20, 20, width=555, height=800)
        c.showPage()
    c.save()
    return buf.getvalue()


def _fix_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member times and fixed core-properties dates."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z",
                              b"2025-01-20T08:00:00Z", body)
            zi = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, body)
    return out.getvalue()


def docx_doc(title: str, blocks: list[Block]) -> bytes:
    import docx
    d = docx.Document()
    d.core_properties.title = title
    d.add_heading(title, 1)
    for kind, value in blocks:
        if kind == "h":
            d.add_heading(str(value), 2)
        elif kind == "p":
            d.add_paragraph(str(value))
        elif kind == "table":
            rows = list(value)  # type: ignore[call-overload]
            t = d.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for i, r in enumerate(rows):
                for j, cell in enumerate(r):
                    t.cell(i, j).text = str(cell)
    buf = io.BytesIO()
    d.save(buf)
    return _fix_zip(buf.getvalue())


def xlsx_doc(title: str, rows: list[list[str]]) -> bytes:
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附表"
    ws.append([title])
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return _fix_zip(buf.getvalue())


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members.items():
            zi = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.flag_bits |= 0x800  # UTF-8 names
            z.writestr(zi, body)
    return out.getvalue()


def rtf_doc(title: str, blocks: list[Block]) -> bytes:
    """What many 2010-era sites served as `.doc`: an RTF document (Word opens it)."""
    def enc(s: str) -> str:
        return "".join(c if ord(c) < 128 else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?"
                       for c in s)
    parts = [r"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 SimSun;}}",
             r"\qc\b\fs32 " + enc(title) + r"\b0\par\ql\fs24 "]
    for kind, value in blocks:
        if kind == "table":
            for row in value:  # type: ignore[attr-defined]
                parts.append(enc("\t".join(str(x) for x in row)) + r"\par ")
        else:
            parts.append(enc(str(value)) + r"\par ")
    parts.append("}")
    return "".join(parts).encode("ascii")
