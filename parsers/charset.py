"""Web page bytes to text: which encoding a Chinese government page is really in.

Pages declare their charset in the HTTP header, in a <meta>, or not at all, and the
declarations are often wrong (GBK served as UTF-8, GB2312 that is really GBK); `decode`
weighs the bytes against the declarations. Kept apart from `parsers.html` because plain
text files (`extract_plain`) are decoded the same way, without any HTML.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)


def _norm_charset(name: str) -> str:
    name = name.strip().lower().replace("_", "-")
    if name in ("gb2312", "gbk", "gb-2312", "x-gbk", "cp936", "gb18030", "euc-cn", "hz-gb-2312"):
        return "gb18030"
    if name in ("utf8", "utf-8"):
        return "utf-8"
    return name


#: Most invalid byte sequences a declared charset may meet and still be the reading: one
#: per this many bytes outside ASCII (and at least `MIN_DAMAGE_ALLOWED`).
DAMAGE_RATIO = 200
MIN_DAMAGE_ALLOWED = 3


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes: the encoding used, and how many invalid byte sequences
    were replaced with U+FFFD (0 when the bytes were all valid in that encoding)."""

    text: str
    encoding: str
    damaged: int = 0

    @property
    def note(self) -> str | None:
        """A one-line account of the damage, for the record's checks (None: none)."""
        if not self.damaged:
            return None
        return (f"{self.damaged} invalid byte sequence{'s' if self.damaged > 1 else ''} in "
                f"{self.encoding} replaced with U+FFFD")


def decode(data: bytes, media_type: str | None = None) -> tuple[str, str]:
    """Bytes of a web page -> (text, encoding used); see `decode_text`."""
    got = decode_text(data, media_type)
    return got.text, got.encoding


def decode_text(data: bytes, media_type: str | None = None) -> Decoded:
    """Bytes of a web page or text file -> `Decoded`.

    A BOM wins; then bytes that are valid UTF-8 (and not plain ASCII) are UTF-8 whatever
    the page declares (GBK mislabelled as UTF-8 never decodes cleanly, the reverse
    sometimes does); then the HTTP and <meta> charsets if they decode cleanly; then a
    declared charset (or UTF-8, whose byte patterns are distinctive) that decodes all but
    a few bytes: read as declared with those few replaced and counted, rather than as an
    undeclared charset that accepts the bytes as mojibake; then GB18030 (a superset of
    GB2312 and GBK); then charset-normalizer's best guess.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _lenient(data[3:], "utf-8", "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _lenient(data, "utf-16", "utf-16")
    try:
        text = data.decode("utf-8")
        return Decoded(text, "utf-8" if not data.isascii() else "ascii")
    except UnicodeDecodeError:
        pass
    declared = list(dict.fromkeys(map(_norm_charset, _declared(data, media_type))))
    decoded: list[tuple[int, str, str]] = []
    for rank, name in enumerate(dict.fromkeys([*declared, "gb18030"])):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        decoded.append((rank, text, name))
    if not any(name in declared for _, _, name in decoded):
        allowed = max(MIN_DAMAGE_ALLOWED, (len(data) - _ascii_bytes(data)) // DAMAGE_RATIO)
        for name in dict.fromkeys([*declared, "utf-8"]):
            damaged = _lenient(data, name, name)
            if damaged.damaged and damaged.damaged <= allowed:
                return damaged
    if len(decoded) == 1:
        return Decoded(decoded[0][1], decoded[0][2])
    if decoded:
        # a wrong declaration (Big5, Shift-JIS) can decode GBK bytes without an error:
        # prefer the reading that looks like simplified Chinese
        _, _, text, name = max((_simplified_score(t), -rank, t, n) for rank, t, n in decoded)
        return Decoded(text, name)
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return _lenient(data, best.encoding, best.encoding)
    return _lenient(data, "gb18030", "gb18030?")


def _ascii_bytes(data: bytes) -> int:
    """How many of the bytes are ASCII (counted in C, not byte by byte in Python)."""
    return len(data) - len(data.translate(None, bytes(range(128))))


def _declared(data: bytes, media_type: str | None) -> list[str]:
    """The charsets the HTTP header and the page's <meta> declare, in that order."""
    names: list[str] = []
    if media_type:
        m = re.search(r"charset\s*=\s*[\"']?([\w\-]+)", media_type, re.I)
        if m:
            names.append(m.group(1))
    m2 = _META_CHARSET.search(data[:8192])
    if m2:
        names.append(m2.group(1).decode("ascii", "ignore"))
    return names


def _lenient(data: bytes, codec: str, name: str) -> Decoded:
    """`data` decoded with invalid sequences replaced, and how many were (a replacement
    character the bytes themselves encode is not counted)."""
    try:
        text = data.decode(codec, errors="replace")
    except LookupError:
        return Decoded(data.decode("gb18030", errors="replace"), "gb18030?", 0)
    own = data.count("\ufffd".encode(codec)) if codec.startswith("utf-8") or codec == "gb18030" else 0
    return Decoded(text, name, max(0, text.count("\ufffd") - own))


def _simplified_score(text: str) -> float:
    """Share of the Chinese characters that are common simplified ones (GB2312 level 1)."""
    sample = [ch for ch in text[:20000] if "\u4e00" <= ch <= "\u9fff"]
    if not sample:
        return 0.0
    level1 = _gb2312_level1()
    common = sum(1 for ch in sample if ch in level1)
    return round(common / len(sample), 2)


@functools.cache
def _gb2312_level1() -> frozenset[str]:
    """The CJK characters whose GB2312 code starts below 0xD8: level 1, the common ones."""
    out = set()
    for cp in range(0x4E00, 0xA000):
        try:
            if chr(cp).encode("gb2312")[0] < 0xD8:
                out.add(chr(cp))
        except UnicodeEncodeError:
            pass
    return frozenset(out)
