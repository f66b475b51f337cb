"""Text normalisation: what the parser does to every text before reading it, the keys
labels are compared by, and the whitespace-normalised form sections are stored in.

All functions here are linear in the length of the text (no backtracking regexes), so
megabytes of noise go through in bounded time.
"""

from __future__ import annotations

import re
from functools import lru_cache

from parsers.texttables import tabulate

# Full-width ASCII (！ to ～) to half-width, and the ideographic space to a space.
_FULLWIDTH_ALL = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Only letters and digits (for stored text: keep the report's punctuation as printed).
_FULLWIDTH_ALNUM = (
    {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
    | {cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)}
    | {cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)}
    | {0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x200B: None, 0xFEFF: None}
)
_ALNUM_RUN = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff]+")
# Characters that mask a word in published reports (属于国家****).
_MASKS = {ord(c): "*" for c in "＊×□■○●?？"}

# C0/C1 control characters except tab and newline (binary junk, form feeds from PDFs).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ufffe\uffff]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# A markdown heading marker at the start of a line.
_MD_HEADING = re.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+")
# Ruling drawn with ASCII characters (markdown table separators, ----- lines): a piece of
# three or more -, =, _ with only |, +, : around it.
_RULE_PIECE = re.compile(r"(?<!\S)[|+:]*[-=_]{3,}[-=_|+:]*(?!\S)")
# Page numbers a PDF prints between the lines of a table.
_PAGE_NUMBER = re.compile(
    r"(?m)^[ \t]*(?:[-—–－][ \t]*\d{1,4}[ \t]*[-—–－]|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[,，/][ \t]*共[ \t]*\d{1,4}[ \t]*页)?)[ \t]*$"
)
_NON_LABEL = re.compile(r"[^\w*]|_")
_SPACE_ASCII = re.compile(r"(?<=[!-~])[ \t\n\r\f\v]+(?=[!-~])")
_SPACE_ANY = re.compile(r"\s+")


def sanitize(text: str) -> str:
    """The text every stage reads: control characters and replacement characters dropped,
    one newline convention, markdown heading marks, ASCII rulings and PDF page numbers
    removed, non-breaking and zero-width spaces made plain, tables drawn with bars made
    tab-separated (`parsers.texttables`)."""
    text = _NEWLINES.sub("\n", text)
    text = _CONTROL.sub("", text)
    text = _to_ascii_alnum(text)
    text = _MD_HEADING.sub("", text)
    text = tabulate(text)
    if "---" in text or "===" in text or "___" in text:
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if len(line) >= 3 and ("---" in line or "===" in line or "___" in line):
                cleaned = _RULE_PIECE.sub("", line)
                lines[i] = cleaned if cleaned.strip() else ""
        text = "\n".join(lines)
    if "页" in text or "-" in text or "—" in text or "－" in text:
        text = _PAGE_NUMBER.sub("", text)
    return text


def _to_ascii_alnum(text: str) -> str:
    """Full-width letters and digits as ASCII, odd spaces as plain ones (translating only
    the runs that need it: `str.translate` over megabytes is slow)."""
    return _ALNUM_RUN.sub(lambda m: m.group(0).translate(_FULLWIDTH_ALNUM), text)


def halfwidth(text: str) -> str:
    """Full-width letters, digits and punctuation as their ASCII forms (（一） -> (一))."""
    return text.translate(_FULLWIDTH_ALL)


def label_key(text: str) -> str:
    """The key labels are compared by: half-width, masks as `*`, and nothing but letters,
    digits, CJK characters and masks (whitespace and punctuation removed). Short texts
    (table cells and labels, which recur in every report) are cached."""
    if len(text) <= 64:
        return _short_label_key(text)
    return _NON_LABEL.sub("", text.translate(_FULLWIDTH_ALL).translate(_MASKS))


@lru_cache(maxsize=16384)
def _short_label_key(text: str) -> str:
    return _NON_LABEL.sub("", text.translate(_FULLWIDTH_ALL).translate(_MASKS))


def normalize_text(text: str) -> str:
    """Whitespace-normalised text, the form sections are stored and compared in: lines
    joined, whitespace dropped next to Chinese characters and punctuation (where it only
    comes from layout: wrapped lines, table cells, `2024 年`), one space kept between two
    ASCII words or numbers. Full-width digits and letters become ASCII; punctuation stays
    as printed."""
    text = _to_ascii_alnum(text)
    if "-" in text or "=" in text or "_" in text:
        text = _RULE_PIECE.sub(" ", text)
    text = _SPACE_ASCII.sub("\x00", text.replace("\x00", ""))
    # Every other run of whitespace touches a non-ASCII character (or an end): drop it.
    return _SPACE_ANY.sub("", text).replace("\x00", " ")
