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
    from reportlab import rl_config
    from reportlab.pdfgen import canvas
    font = _font()
    buf = io.BytesIO()
    a85, rl_config.useA85 = rl_config.useA85, 0  # binary streams: smaller, and much faster
    try:
        return _pdf_text(canvas.Canvas(buf, invariant=1, pageCompression=1), buf, font, title,
                         blocks, author)
    finally:
        rl_config.useA85 = a85


def _pdf_text(c, buf: io.BytesIO, font: str, title: str, blocks: list[Block],  # noqa: ANN001
              author: str) -> bytes:
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


def page_image(rng: random.Random, title_len: int = 14, lines: int = 24, fmt: str = "JPEG",
               size: tuple[int, int] = (560, 780), stamp: bool = False) -> bytes:
    """A scanned page: grey paper, a title bar, lines of 'text', maybe a red seal."""
    from PIL import Image, ImageDraw
    w, h = size
    im = Image.new("RGB", (w, h), (246, 244, 238))
    d = ImageDraw.Draw(im)
    tx = (w - title_len * 20) // 2
    d.rectangle((tx, 46, tx + title_len * 20, 66), fill=(40, 40, 40))
    y = 100
    for _ in range(lines):
        x = 40 + (28 if rng.random() < 0.2 else 0)
        end = w - 40 - (rng.randint(0, 240) if rng.random() < 0.25 else 0)
        while x < end:
            seg = rng.randint(40, 160)
            d.rectangle((x, y, min(end, x + seg), y + 11), fill=(70, 70, 70))
            x += seg + rng.randint(6, 14)
        y += 27
        if y > h - 60:
            break
    if stamp:
        cx, cy = w - 160, h - 140
        d.ellipse((cx - 55, cy - 55, cx + 55, cy + 55), outline=(200, 30, 30), width=5)
    out = io.BytesIO()
    if fmt == "JPEG":
        im.save(out, "JPEG", quality=30)
    else:
        im.convert("L").save(out, "PNG", compress_level=1)
    return out.getvalue()


def pdf_scan(rng: random.Random, pages: int = 2) -> bytes:
    """A scanned PDF: one JPEG per A4 page, no text layer (written directly: a PDF 1.4 with
    DCTDecode images, as scanners write them)."""
    size = (500, 700)
    imgs = [page_image(rng, stamp=i == pages - 1, size=size) for i in range(pages)]
    objs: list[bytes] = []
    kids = " ".join(f"{3 + 3 * i} 0 R" for i in range(pages))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    for i, img in enumerate(imgs):
        content, image = 4 + 3 * i, 5 + 3 * i
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
                    f"/XObject << /Im{i} {image} 0 R >> >> /Contents {content} 0 R >>".encode())
        draw = f"q 575 0 0 822 10 10 cm /Im{i} Do Q".encode()
        objs.append(f"<< /Length {len(draw)} >>\nstream\n".encode() + draw + b"\nendstream")
        objs.append(f"<< /Type /XObject /Subtype /Image /Width {size[0]} /Height {size[1]} "
                    f"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode "
                    f"/Length {len(img)} >>\nstream\n".encode() + img + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Producer (Canon iR-ADV) >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


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


@lru_cache(maxsize=1)
def _docx_template() -> tuple[list[tuple[str, bytes]], str]:
    """A document made by python-docx once (styles, settings, parts), with a marker paragraph
    where each report's body goes."""
    import docx
    d = docx.Document()
    d.add_heading("@@TITLE@@", 1)
    d.add_paragraph("@@BODY@@")
    buf = io.BytesIO()
    d.save(buf)
    z = zipfile.ZipFile(io.BytesIO(_fix_zip(buf.getvalue())))
    members = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    return members, "word/document.xml"


def _x(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _wp(text: str, style: str = "") -> str:
    ppr = f"<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>" if style else ""
    return f"<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{_x(text)}</w:t></w:r></w:p>"


def docx_doc(title: str, blocks: list[Block]) -> bytes:
    """A DOCX of the report: python-docx's document with the body filled in."""
    members, main = _docx_template()
    body = []
    for kind, value in blocks:
        if kind == "h":
            body.append(_wp(str(value), "Heading2"))
        elif kind == "p":
            body.append(_wp(str(value)))
        elif kind == "table":
            rows = "".join("<w:tr>" + "".join(f"<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/>"
                                              f"</w:tcPr>{_wp(str(c))}</w:tc>" for c in r)
                           + "</w:tr>" for r in value)  # type: ignore[attr-defined]
            body.append(f"<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" "
                        f"w:type=\"auto\"/></w:tblPr>{rows}</w:tbl>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in members:
            if name == main:
                xml = data.decode("utf-8").replace("@@TITLE@@", _x(title))
                start = xml.rfind("<w:p>", 0, xml.index("@@BODY@@"))
                start = max(start, xml.rfind("<w:p ", 0, xml.index("@@BODY@@")))
                end = xml.index("</w:p>", xml.index("@@BODY@@")) + len("</w:p>")
                data = (xml[:start] + "".join(body) + xml[end:]).encode("utf-8")
            elif name == "docProps/core.xml":
                data = data.replace(b"<dc:title></dc:title>", f"<dc:title>{_x(title)}"
                                    f"</dc:title>".encode())
            zi = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    return out.getvalue()


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
