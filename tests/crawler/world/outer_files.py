"""Files of the *outer* world (see `outer.py`), written byte by byte so they are quick to make
and identical for a seed: PDF with the Adobe-GB1 STSong font (text extractable), Word 2007 and
Excel 2007 packages, WPS/DOC binaries and Excel 97 workbooks in an OLE compound file, OFD (the national fixed-layout
format), Excel 97 workbooks (BIFF8) and scanned pages as JPEG or PNG."""

from __future__ import annotations

import io
import random
import struct
import zipfile
from html import escape

from .outer_text import Doc

ZIP_DATE = (2024, 1, 30, 9, 30, 0)


def _zip(parts: list[tuple[str, bytes | str]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts:
            data = body.encode("utf-8") if isinstance(body, str) else body
            z.writestr(zipfile.ZipInfo(name, ZIP_DATE), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _x(text: str) -> str:
    return escape(text, quote=False)


# ------------------------------------------------------------------ PDF

def _pdf_text(text: str) -> str:
    return "<" + text.encode("utf-16-be", "replace").hex().upper() + ">"


def pdf_bytes(doc: Doc, producer: str = "WPS 文字", pages_hint: int = 0) -> bytes:
    """A PDF of `doc`: one CID font (STSong-Light, UniGB-UCS2-H), 44 lines a page."""
    lines = doc.lines(38)
    per = 44 if not pages_hint else max(8, -(-len(lines) // pages_hint))
    chunks = [lines[i:i + per] for i in range(0, len(lines), per)] or [[""]]
    objs: list[bytes] = []

    def add(body: str | bytes) -> int:
        objs.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objs)

    catalog = add("")  # filled below
    pages = add("")
    font = add("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H "
               "/Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>")
    add("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
        "<< /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R "
        "/DW 1000 /W [1 95 500] >>")
    add("<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
        " /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
    kids = []
    for n, chunk in enumerate(chunks):
        ops = ["BT", "/F1 10.5 Tf", "15 TL", "64 780 Td"]
        for line in chunk:
            ops.append(f"{_pdf_text(line)} Tj T*")
        ops += ["ET", "BT", "/F1 9 Tf", f"290 40 Td {_pdf_text(f'- {n + 1} -')} Tj", "ET"]
        stream = "\n".join(ops).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(f"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] "
                        f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"))
    objs[catalog - 1] = f"<< /Type /Catalog /Pages {pages} 0 R >>".encode("latin-1")
    objs[pages - 1] = (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                       f"/Count {len(kids)} >>").encode("latin-1")
    info = add(f"<< /Title {_pdf_text(doc.title)} /Producer {_pdf_text(producer)} "
               f"/CreationDate (D:{doc.year + 1 if doc.year else 2024}0120093000+08'00') >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objs) + 1, catalog, info, xref))
    return out.getvalue()


# ------------------------------------------------------------------ Word and Excel 2007

def docx_bytes(doc: Doc) -> bytes:
    """A Word 2007 document of `doc` (paragraphs and bordered tables)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def para(text: str, bold: bool = False, center: bool = False) -> str:
        ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
        rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
        return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{_x(text)}</w:t></w:r></w:p>'
    body = [para(doc.title, True, True)]
    for kind, val in doc.blocks:
        if kind == "t":
            rows = "".join("<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in row) + "</w:tr>"
                           for row in val)
            body.append('<w:tbl><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4"/>'
                        '<w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/>'
                        '<w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/>'
                        f'<w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr>{rows}</w:tbl>')
        else:
            body.append(para(val, kind == "h"))
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{w}">'
                f"<w:body>{''.join(body)}<w:sectPr/></w:body></w:document>")
    return _zip([
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
         'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
         '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
         'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
         '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
         '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
         'package.core-properties+xml"/></Types>'),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
         'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
         '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats'
         '.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
         "</Relationships>"),
        ("docProps/core.xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp='
         '"http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc='
         f'"http://purl.org/dc/elements/1.1/"><dc:title>{_x(doc.title)}</dc:title><dc:creator>'
         f"{_x(doc.unit or 'Administrator')}</dc:creator></cp:coreProperties>"),
        ("word/document.xml", document),
    ])


def _col(j: int) -> str:
    return chr(65 + j) if j < 26 else "A" + chr(65 + j - 26)


def xlsx_bytes(doc: Doc) -> bytes:
    """A workbook: the title, then every table of `doc`, headings between them."""
    rows: list[list[str]] = [[doc.title]]
    for kind, val in doc.blocks:
        if kind == "t":
            rows += val + [[]]
        elif kind == "h":
            rows.append([val])
    cells = []
    for i, row in enumerate(rows, 1):
        cs = "".join(f'<c r="{_col(j)}{i}" t="inlineStr"><is><t>{_x(v)}</t></is></c>'
                     for j, v in enumerate(row) if v)
        cells.append(f'<row r="{i}">{cs}</row>')
    ns = "http://schemas.openxmlformats.org"
    return _zip([
        ("[Content_Types].xml",
         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="{ns}/package/2006/'
         f'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
         'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
         'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
         'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
         'worksheet+xml"/></Types>'),
        ("_rels/.rels",
         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{ns}/'
         f'package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        ("xl/workbook.xml",
         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{ns}/'
         f'spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets>'
         '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels",
         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{ns}/'
         f'package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/'
         'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        ("xl/worksheets/sheet1.xml",
         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{ns}/'
         f'spreadsheetml/2006/main"><sheetData>{"".join(cells)}</sheetData></worksheet>'),
    ])


# ------------------------------------------------------------------ OLE compound file (WPS/DOC)

END, FREE, FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def cfb_bytes(streams: dict[str, bytes]) -> bytes:
    """A version 3 compound file holding `streams` (each padded to 4096 bytes or more so that
    none lives in the mini stream)."""
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    datas = [streams[n] + b"\0" * max(0, 4096 - len(streams[n])) for n in names]
    datas = [d + b"\0" * (-len(d) % 512) for d in datas]
    fat: list[int] = []
    starts = []
    for d in datas:
        n = len(d) // 512
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(n - 1)] + [END]
    n_dir = -(-(len(names) + 1) // 4)
    dir_start = len(fat)
    fat += [len(fat) + i + 1 for i in range(n_dir - 1)] + [END]
    n_fat = 1
    while (len(fat) + n_fat) > n_fat * 128:
        n_fat += 1
    fat_start = len(fat)
    fat += [FATSECT] * n_fat
    fat += [FREE] * (n_fat * 128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
                + struct.pack("<III", FREE, right, child) + b"\0" * 16 + b"\0" * 4
                + b"\0" * 16 + struct.pack("<IQ", start, size))
    dirs = [entry("Root Entry", 5, 1 if names else FREE, FREE, END, 0)]
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else FREE
        dirs.append(entry(name, 2, FREE, right, starts[i], len(datas[i])))
    empty = b"\0" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", FREE, FREE, FREE) \
        + b"\0" * 36 + struct.pack("<IQ", 0, 0)
    dirs += [empty] * (n_dir * 4 - len(dirs))
    difat = [fat_start + i for i in range(n_fat)] + [FREE] * (109 - n_fat)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, n_fat, dir_start, 0, 4096, END, 0, END, 0)
              + struct.pack("<109I", *difat))
    return (header + b"".join(datas) + b"".join(dirs)
            + struct.pack(f"<{len(fat)}I", *fat))


def word97_bytes(doc: Doc) -> bytes:
    """A .doc/.wps binary: a Word file information block then the text as UTF-16."""
    text = "\r".join(doc.lines(60)).encode("utf-16-le")
    fib = struct.pack("<HH", 0xA5EC, 0x00C1) + b"\0" * (0x400 - 4)
    return cfb_bytes({"WordDocument": fib + text, "1Table": b"\0" * 512,
                      "\x05SummaryInformation": b"\xfe\xff" + b"\0" * 46})


# ------------------------------------------------------------------ Excel 97 (BIFF8)

def _rec(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _ustr(text: str, wide: bool) -> bytes:
    head = struct.pack("<HB", len(text), 1) if wide else struct.pack("<BB", len(text), 1)
    return head + text.encode("utf-16-le")


def xls_bytes(doc: Doc) -> bytes:
    """An Excel 97-2003 workbook (BIFF8 in a compound file): the title, then the tables."""
    rows: list[list[str]] = [[doc.title]]
    for kind, val in doc.blocks:
        if kind == "t":
            rows += val + [[]]
        elif kind == "h":
            rows.append([val])
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06)
    font = _rec(0x0031, struct.pack("<HHHHHBBBB", 220, 0, 0x7FFF, 400, 0, 0, 0, 0x86, 0)
                + _ustr("宋体", False))
    style_xf = _rec(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0))
    cell_xf = _rec(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0))
    head = (_rec(0x0809, bof) + _rec(0x0042, struct.pack("<H", 1200)) + font * 5 + style_xf * 15
            + cell_xf)
    name = "Sheet1"
    sheet_at = len(head) + 4 + 6 + 2 + 2 * len(name) + 4
    glob = head + _rec(0x0085, struct.pack("<IBB", sheet_at, 0, 0) + _ustr(name, False)) \
        + _rec(0x000A, b"")
    cells = b"".join(_rec(0x0204, struct.pack("<HHH", i, j, 15) + _ustr(v[:255], True))
                     for i, row in enumerate(rows) for j, v in enumerate(row) if v)
    ncols = max(len(r) for r in rows)
    sheet = (_rec(0x0809, bof[:2] + struct.pack("<H", 0x0010) + bof[4:])
             + _rec(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, ncols, 0)) + cells
             + _rec(0x000A, b""))
    return cfb_bytes({"Workbook": glob + sheet})


# ------------------------------------------------------------------ OFD

def ofd_bytes(doc: Doc, docid: str) -> bytes:
    """An OFD package: one text object a line, 40 lines a page."""
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    lines = doc.lines(30)
    per = 40
    chunks = [lines[i:i + per] for i in range(0, len(lines), per)] or [[""]]
    uid = 10
    pages_xml, parts = [], []
    for n, chunk in enumerate(chunks):
        objs = []
        for i, line in enumerate(chunk):
            uid += 1
            objs.append(f'<ofd:TextObject ID="{uid}" Boundary="25 {20 + i * 6.2:.1f} 160 6" Font="3" '
                        f'Size="4.2"><ofd:TextCode X="0" Y="4.5">{_x(line)}</ofd:TextCode>'
                        "</ofd:TextObject>")
        uid += 1
        parts.append((f"Doc_0/Pages/Page_{n}/Content.xml",
                      f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content>'
                      f'<ofd:Layer ID="{uid}">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>'))
        uid += 1
        pages_xml.append(f'<ofd:Page ID="{uid}" BaseLoc="Pages/Page_{n}/Content.xml"/>')
    return _zip([
        ("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} DocType="OFD" Version='
                    f'"1.1"><ofd:DocBody><ofd:DocInfo><ofd:DocID>{docid}</ofd:DocID><ofd:Title>'
                    f"{_x(doc.title)}</ofd:Title><ofd:Creator>OFD Writer</ofd:Creator>"
                    "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>"
                    "</ofd:OFD>"),
        ("Doc_0/Document.xml",
         f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}><ofd:CommonData><ofd:MaxUnitID>'
         f"{uid + 1}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
         "</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>"
         f"{''.join(pages_xml)}</ofd:Pages></ofd:Document>"),
        ("Doc_0/PublicRes.xml",
         f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {ns} BaseLoc="Res"><ofd:Fonts><ofd:Font '
         'ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>'),
    ] + parts)


# ------------------------------------------------------------------ scans

def scan_images(doc: Doc, pages: int, rng: random.Random, fmt: str = "JPEG") -> list[bytes]:
    """A paper copy photographed page by page: grey paper, lines of print, a table grid, a seal
    on the last page. No CJK font is assumed: print is drawn as strokes, digits as digits."""
    from PIL import Image, ImageDraw
    lines = doc.lines(28)
    per = max(1, -(-len(lines) // pages))
    out = []
    for p in range(pages):
        img = Image.new("L", (360, 510), rng.randint(226, 242))
        d = ImageDraw.Draw(img)
        y = 30
        for line in lines[p * per:(p + 1) * per][:36]:
            x = 30
            for ch in line[:30]:
                if ch.isdigit():
                    d.text((x, y), ch, fill=40)
                elif not ch.isspace():
                    d.rectangle([x + 1, y + 2, x + 8, y + 9], outline=60)
                x += 10
            y += 13
        if p == pages - 1:
            d.ellipse([240, 400, 320, 480], outline=90, width=3)
        d.text((170, 490), f"- {p + 1} -", fill=50)
        img = img.rotate(rng.uniform(-1.5, 1.5), fillcolor=235)
        buf = io.BytesIO()
        if fmt == "PNG":
            img.convert("1").save(buf, "PNG", optimize=False)
        else:
            img.save(buf, "JPEG", quality=30)
        out.append(buf.getvalue())
    return out


def tiny_png(rng: random.Random, w: int = 120, h: int = 40) -> bytes:
    """A decorative picture (logo, banner, icon)."""
    from PIL import Image, ImageDraw
    img = Image.new("RGB", (w, h), (rng.randint(150, 220), 30, 30))
    ImageDraw.Draw(img).rectangle([4, 4, w - 5, h - 5], outline=(250, 220, 120))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()
