"""What the bytes really are: servers lie (PDFs served as text/html, .doc as
application/octet-stream), so the type comes from the content, the declared media type
and the URL only break ties.

    >>> sniff(b"%PDF-1.7 ...", media_type="text/html")
    'application/pdf'
"""

from __future__ import annotations

import io
import re
import zipfile

PDF = "application/pdf"
HTML = "text/html"
TEXT = "text/plain"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOC = "application/msword"
WPS = "application/vnd.ms-works"  # Kingsoft WPS .wps (OLE2, read via LibreOffice)
XLS = "application/vnd.ms-excel"
RTF = "application/rtf"
OFD = "application/ofd"
ZIP = "application/zip"
RAR = "application/vnd.rar"
SEVENZIP = "application/x-7z-compressed"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
BMP = "image/bmp"
TIFF = "image/tiff"
WEBP = "image/webp"
UNKNOWN = "application/octet-stream"

# (magic at offset 0, media type): the simple cases, checked in order
MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"BM", BMP),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"{\\rtf", RTF),
    (b"Rar!\x1a\x07", RAR),  # RAR 4 (\x00) and RAR 5 (\x01\x00)
    (b"7z\xbc\xaf\x27\x1c", SEVENZIP),
]

# Containers that may hold a PDF stored uncompressed near their start: their magic wins
CONTAINERS = (b"PK\x03\x04", b"PK\x05\x06", b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c")

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# UTF-16LE stream names inside an OLE2 compound file, and what they mean
OLE_STREAMS: list[tuple[bytes, str]] = [
    ("WordDocument".encode("utf-16-le"), DOC),
    ("Workbook".encode("utf-16-le"), XLS),
    ("Book".encode("utf-16-le"), XLS),
]

# file-name extensions, used only when the content is ambiguous (an OLE2 file, a zip)
EXTENSIONS: dict[str, str] = {
    ".doc": DOC, ".wps": WPS, ".xls": XLS, ".et": XLS, ".docx": DOCX, ".xlsx": XLSX,
    ".pdf": PDF, ".html": HTML, ".htm": HTML, ".shtml": HTML, ".txt": TEXT, ".ofd": OFD,
}  # fmt: skip

_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|table|p|script)\b",
    re.I | re.S,
)


def _extension(url: str | None) -> str:
    if not url:
        return ""
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    m = re.search(r"(\.[a-z0-9]{1,5})$", path)
    return m.group(1) if m else ""


def sniff(data: bytes, media_type: str | None = None, url: str | None = None) -> str:
    """The media type of `data`, judged from its bytes first."""
    head = data[:2048]
    ext = _extension(url)
    if b"%PDF-" in data[:1024] and not head.startswith(CONTAINERS):
        return PDF
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(OLE2):
        return _sniff_ole(data, ext)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(data, ext)
    declared = (media_type or "").split(";", 1)[0].strip().lower()
    body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (head[1:2] == b"\x00" and head[:1] == b"<"):
        # UTF-16 text: decide by what it says once decoded
        try:
            body = data[:4096].decode("utf-16", errors="replace").encode("utf-8")
            head = body
        except UnicodeDecodeError:
            return UNKNOWN
    if _HTML_START.match(body) or re.search(rb"<(html|body|div|table)\b", body[:1024], re.I):
        return HTML
    if _looks_like_text(head):
        return HTML if declared in (HTML, "application/xhtml+xml") and b"<" in head else TEXT
    return UNKNOWN


def _looks_like_text(head: bytes) -> bool:
    """No NULs and few control bytes: some encoding of text."""
    if not head or b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) < 0.01


def _sniff_ole(data: bytes, ext: str) -> str:
    """An OLE2 compound file: Word, Excel or WPS, from its stream names."""
    if ext == ".wps":
        return WPS
    for name, kind in OLE_STREAMS:
        if name in data:
            return kind
    return EXTENSIONS.get(ext, DOC)


def _sniff_zip(data: bytes, ext: str) -> str:
    """A zip: DOCX, XLSX or OFD from the member names (reads only the central directory)."""
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return EXTENSIONS.get(ext, ZIP)
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    if "OFD.xml" in names:
        return OFD
    return EXTENSIONS.get(ext, ZIP)
