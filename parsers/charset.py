"""Web page bytes to text: which encoding a Chinese government page is really in.

Pages declare their charset in the HTTP header, in a <meta>, or not at all, and the
declarations are often wrong (GBK served as UTF-8, GB2312 that is really GBK); `decode`
weighs the bytes against the declarations. Kept apart from `parsers.html` because plain
text files (`extract_plain`) are decoded the same way, without any HTML.
"""

from __future__ import annotations

import functools
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)


def _norm_charset(name: str) -> str:
    name = name.strip().lower().replace("_", "-")
    if name in ("gb2312", "gbk", "gb-2312", "x-gbk", "cp936", "gb18030", "euc-cn", "hz-gb-2312"):
        return "gb18030"
    if name in ("utf8", "utf-8"):
        return "utf-8"
    return name


def decode(data: bytes, media_type: str | None = None) -> tuple[str, str]:
    """Bytes of a web page -> (text, encoding used).

    A BOM wins; then bytes that are valid UTF-8 (and not plain ASCII) are UTF-8 whatever
    the page declares (GBK mislabelled as UTF-8 never decodes cleanly, the reverse
    sometimes does); then the HTTP and <meta> charsets if they decode cleanly; then
    GB18030 (a superset of GB2312 and GBK); then charset-normalizer's best guess.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        text = data.decode("utf-8")
        return text, "utf-8" if not data.isascii() else "ascii"
    except UnicodeDecodeError:
        pass
    declared: list[str] = []
    if media_type:
        m = re.search(r"charset\s*=\s*[\"']?([\w\-]+)", media_type, re.I)
        if m:
            declared.append(m.group(1))
    m2 = _META_CHARSET.search(data[:8192])
    if m2:
        declared.append(m2.group(1).decode("ascii", "ignore"))
    decoded: list[tuple[int, str, str]] = []
    for rank, name in enumerate(dict.fromkeys([*map(_norm_charset, declared), "gb18030"])):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        decoded.append((rank, text, name))
    if len(decoded) == 1:
        return decoded[0][1], decoded[0][2]
    if decoded:
        # a wrong declaration (Big5, Shift-JIS) can decode GBK bytes without an error:
        # prefer the reading that looks like simplified Chinese
        _, _, text, name = max((_simplified_score(t), -rank, t, n) for rank, t, n in decoded)
        return text, name
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), best.encoding
    return data.decode("gb18030", errors="replace"), "gb18030?"


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
