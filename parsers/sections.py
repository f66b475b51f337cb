"""Splitting a report into its parts by their headings.

Template reports (2019 and 2021) have six parts whose headings vary in wording
(主动公开政府信息情况 / 主动公开政府信息的情况; 行政复议、行政诉讼 / 行政复议及行政诉讼) and in
numbering (一、 / （一） / 1. / none). A heading is a short line of its own that, numbering
removed, matches one of the variants in `parsers.templates.SECTION_HEADINGS` in full, and
whose number (if printed) is the part's. Parts come in order; a missing one is skipped.
A sentence that merely names the parts (the preface of sample 002 does) is no heading.

Free-form (legacy) reports are split on their own top-level headings: short lines
numbered 一、 二、 三、 … (or 第一部分 …) in sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from parsers.normalize import label_key
from parsers.templates import HEADING_HINTS, SECTION_HEADINGS

MAX_HEADING = 48  # characters in a heading line

_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUMBERING = re.compile(
    r"\s*(?:第(?P<part>[一二三四五六七八九十]{1,3})部分|[（(](?P<paren>[一二三四五六七八九十]{1,3}|\d{1,2})[)）]"
    r"|(?P<plain>[一二三四五六七八九十]{1,3}|\d{1,2})(?:\s*[、.．:：]|\s+))\s*"
)
_LEGACY_NUMBERING = re.compile(r"\s*(?:第(?P<part>[一二三四五六七八九十]{1,3})部分|(?P<plain>[一二三四五六七八九十]{1,3})\s*[、.．])\s*")
_SENTENCE_END = re.compile(r"[。；;]\s*$")
_INLINE_STOP = re.compile(r"[。：:]")


@dataclass(frozen=True)
class Heading:
    """A heading line: the part it opens (a section key, or None in a legacy report),
    its printed text and its line index."""

    key: str | None
    text: str
    line: int
    body: int | None = None  # where the body starts in the heading's line, if it does

def ordinal(numeral: str) -> int | None:
    """一 -> 1, 十二 -> 12, 3 -> 3; None when it is not a small number."""
    if numeral.isdigit():
        return int(numeral)
    if len(numeral) == 1:
        return _CN_NUM.get(numeral)
    if len(numeral) == 2 and numeral[0] == "十":
        return 10 + _CN_NUM.get(numeral[1], 0)
    if len(numeral) == 2 and numeral[1] == "十":
        return _CN_NUM.get(numeral[0], 0) * 10
    if len(numeral) == 3 and numeral[1] == "十":
        return _CN_NUM.get(numeral[0], 0) * 10 + _CN_NUM.get(numeral[2], 0)
    return None


@lru_cache(maxsize=1)
def _section_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((key, re.compile("|".join(f"(?:{v})" for v in variants)))
                 for key, variants in SECTION_HEADINGS)


def split_numbering(line: str) -> tuple[int | None, str, bool]:
    """A heading line's number (if printed), the rest of it, and whether the number is
    in parentheses (（一）, the style of sub-headings in most reports)."""
    m = _NUMBERING.match(line)
    if not m:
        return None, line.strip(), False
    numeral = m.group("part") or m.group("paren") or m.group("plain")
    return ordinal(numeral), line[m.end():].strip(), m.group("paren") is not None


class SectionHit(NamedTuple):
    """A line recognised as a part's heading."""

    key: str
    number: int | None  # as printed, None when unnumbered
    body: int | None  # where the body text starts in the line; None: the heading is the line
    paren: bool  # numbered in parentheses: （二）


def section_of(line: str) -> SectionHit | None:
    """The section a line is the heading of, or None.

    A numbered heading may be followed on its line by the part's first sentence
    (`一、总体情况。2024年，…`) when a stop or colon separates them."""
    stripped = line.strip()
    if not stripped or "\t" in stripped:
        return None
    if not any(hint in stripped[:MAX_HEADING] for hint in HEADING_HINTS):
        return None
    number, rest, paren = split_numbering(stripped)
    if len(stripped) <= MAX_HEADING:
        key = label_key(rest)
        if key and len(key) <= 36:
            for section, pattern in _section_patterns():
                if pattern.fullmatch(key):
                    return SectionHit(section, number, None, paren)
    if number is None:
        return None
    m = _INLINE_STOP.search(rest, 0, MAX_HEADING)
    if m is None or m.start() < 2:
        return None
    key = label_key(rest[:m.start()])
    for section, pattern in _section_patterns():
        if pattern.fullmatch(key):
            return SectionHit(section, number, line.index(rest) + m.end(), paren)
    return None


def find_sections(lines: list[str], start: int = 0) -> list[Heading]:
    """The headings of the six parts, in order, from line `start` on. Headings numbered
    in parentheses (（五）) are only taken when the report has too few others: most
    reports number their parts 一、 二、 and their sub-headings （一） （二）."""
    hits = [(i, hit) for i in range(start, len(lines)) if (hit := section_of(lines[i])) is not None]
    found = _in_order(lines, [(i, h) for i, h in hits if not h.paren])
    if len(found) < 4:
        with_paren = _in_order(lines, hits)
        if len(with_paren) > len(found):
            found = with_paren
    return found


def _in_order(lines: list[str], hits: list[tuple[int, SectionHit]]) -> list[Heading]:
    """The first heading of each part after the previous part's, numbers agreeing."""
    keys = [key for key, _ in SECTION_HEADINGS]
    found: list[Heading] = []
    expected = 0
    for i, hit in hits:
        index = keys.index(hit.key)
        if index < expected:
            continue
        if hit.number is not None and hit.number != index + 1:
            continue
        line = lines[i]
        text = line[:hit.body].strip() if hit.body is not None else line.strip()
        found.append(Heading(hit.key, text, i, hit.body))
        expected = index + 1
        if expected == len(keys):
            break
    return found


def find_legacy_headings(lines: list[str], start: int = 0) -> list[Heading]:
    """Top-level headings of a free-form report: short lines numbered 一、 二、 … (or
    第一部分 …) in sequence; anything numbered out of sequence is body text."""
    found: list[Heading] = []
    expected = 1
    for i in range(start, len(lines)):
        line = lines[i].strip()
        if not line or len(line) > MAX_HEADING or "\t" in line:
            continue
        m = _LEGACY_NUMBERING.match(line)
        if not m or len(line) - m.end() < 2 or _SENTENCE_END.search(line):
            continue
        if ordinal(m.group("part") or m.group("plain")) != expected:
            continue
        found.append(Heading(None, line, i))
        expected += 1
    return found
