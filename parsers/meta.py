"""Title, issuing agency and covered year of a report.

The title is the report's own title line (`北仑区人民政府2024年度政府信息公开工作年度报告`),
joined with the line above it when the agency is printed on a line of its own; failing
that, the title the extraction layer found (a page heading). The year is the one the
title names (2024年度 / 2024 年 / 二〇二四年), else the statistical period the text
states; the agency is what the title prints before the year or before 政府信息公开.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.normalize import normalize_text
from parsers.templates import OTHER_REPORT_TITLE, REPORT_TITLE

# How many non-empty lines at the top may hold the title.
TITLE_LINES = 12
MAX_TITLE = 80

_CN_DIGITS = {"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "O": "0", "一": "1", "二": "2", "三": "3",
              "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CN_YEAR = re.compile(r"([二一][〇零○Ｏ一二三四五六七八九]{3})\s*年")
_STAT_PERIOD = re.compile(r"(?:统计期限|统计时限|统计期间|数据统计)[^。\n]{0,12}?自?\s*((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_YEAR_DU = re.compile(r"((?:19|20)\d{2})\s*年度")
_AGENCY_CUT = re.compile(r"政府信息公开|政务公开|信息公开")
_SENTENCE_END = re.compile(r"[。；;！？!?]")
_BREADCRUMB = re.compile(r"[>»›]|当前位置|您的位置|首页")


@dataclass(frozen=True)
class Meta:
    """What the top of a report says about it."""

    title: str | None
    agency: str | None
    year: int | None
    title_line: int | None  # index of the last line of the title, None if not from text
    is_report: bool  # the title says it is a 政府信息公开 annual report


def read_meta(lines: list[str], text_head: str, given_title: str | None = None) -> Meta:
    """Title, agency and year from the first lines of the text (or `given_title`).
    `text_head` is the beginning of the text, where the statistical period is stated."""
    title, title_line = _title_from_lines(lines)
    given = normalize_text(given_title) if given_title else None
    if title is None and given:
        title = given
    if title is None:
        title, title_line = _first_line(lines)
    is_report = bool(title and REPORT_TITLE.search(title) and not OTHER_REPORT_TITLE.search(title))
    year = _year(title) if title else None
    if year is None and given:
        year = _year(given)
    if year is None:
        m = _STAT_PERIOD.search(text_head)
        if m:
            year = int(m.group(1))
    if year is None and is_report:
        m = _YEAR_DU.search(text_head)
        year = int(m.group(1)) if m else None
    agency = _agency(title) if title and title.endswith("报告") else None
    if agency is None and given and given != title and given.endswith("报告"):
        agency = _agency(given)
    return Meta(title, agency, year, title_line, is_report)


def _title_from_lines(lines: list[str]) -> tuple[str | None, int | None]:
    """The report's title as printed in its first lines, and the index of its last line.
    A title line naming a year wins over one that does not (a breadcrumb, a column name)."""
    seen: list[int] = []
    candidates: list[tuple[int, int, str]] = []  # (position among seen, line index, text)
    for i, line in enumerate(lines):
        if len(seen) >= TITLE_LINES:
            break
        if not line.strip():
            continue
        seen.append(i)
        flat = normalize_text(line)
        if len(flat) > MAX_TITLE or "\t" in line or not REPORT_TITLE.search(flat):
            continue
        if _SENTENCE_END.search(flat) or "，" in flat or _BREADCRUMB.search(flat):
            continue
        candidates.append((len(seen) - 1, i, flat))
    if not candidates:
        return None, None
    at, i, title = next((c for c in candidates if _year(c[2]) is not None), candidates[0])
    # The agency on a line of its own above (北仑区人民政府 / 2024年度政府信息公开...).
    if at >= 1 and _agency(title) is None:
        above = normalize_text(lines[seen[at - 1]])
        if 2 <= len(above) <= 40 and not _SENTENCE_END.search(above) and "，" not in above \
                and not _BREADCRUMB.search(above):
            title = above + title
    return title, i


def _first_line(lines: list[str]) -> tuple[str | None, int | None]:
    """The first line, when it is short enough to be a title (for texts that are not
    information-disclosure reports: their metadata is kept as well)."""
    for i, line in enumerate(lines[:50]):
        if line.strip():
            flat = normalize_text(line)
            if len(flat) <= MAX_TITLE and not _SENTENCE_END.search(flat) and "\t" not in line \
                    and any("\u4e00" <= c <= "\u9fff" for c in flat):
                return flat, i
            return None, None
    return None, None


def _year(text: str) -> int | None:
    """The year a title names: 2024年度, 2024 年, 二〇二四年."""
    m = _YEAR.search(text)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(text)
    if m:
        digits = "".join(_CN_DIGITS.get(c, "") for c in m.group(1))
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return int(digits)
    return None


def _agency(title: str) -> str | None:
    """The issuing organ as a title prints it: the text before the year, or before
    政府信息公开 when the year comes later (国家统计局政府信息公开工作2024年度报告)."""
    if title.startswith("关于"):
        title = title[2:]
    cut = len(title)
    for pattern in (_YEAR, _CN_YEAR, _AGENCY_CUT):
        m = pattern.search(title)
        if m and m.start() < cut:
            cut = m.start()
    agency = title[:cut].strip(" 　:：,，、-—_()（）《》\"“”")
    return agency if len(agency) >= 2 else None
