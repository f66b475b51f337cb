"""Is a link or a page an information-disclosure annual report (政府信息公开工作年度报告),
of which agency and year? Rules are data: each row of `RULES` is one regular expression and
its verdict; the first row that matches decides, and the decision names it, so every fetch in
the archive says *why* it was taken for a report (or not).

    >>> classify_title("北仑区人民政府2024年度政府信息公开工作年度报告").to_dict()
    {'rule': 'report.title', 'is_report': True, 'agency': '北仑区人民政府', 'year': 2024}

Add a look-alike by adding one `Rule` line above the positive rules.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from parsers.templates import SECTION_HEADINGS


@dataclass(frozen=True)
class Rule:
    """One line of the table: `pattern` searched in the title/anchor text (`where="text"`) or in
    the URL (`where="url"`); `verdict` True = a report, False = a look-alike, never a report."""

    name: str
    pattern: str
    verdict: bool
    where: str = "text"
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern, re.I))


# Ends of organ names, so a look-alike word inside one (审计局, 培训中心, 督查室) is no look-alike.
_ORGAN = r"局|署|厅|处|所|中心|院|站|室|办|委|学校|学院|大队|支队"

# Order matters: look-alikes first, then what a report looks like.
RULES: tuple[Rule, ...] = (
    Rule("not.work_points", r"工作要点|要点(?:的|》)|任务分工", False),
    Rule("not.rule_of_law", r"法治政府建设|依法行政", False),
    Rule("not.work_summary", r"工作总结|总结和.{0,6}计划|工作计划", False),
    Rule("not.statistics", r"统计年报|统计公报|统计年鉴|统计报表|国民经济和社会发展", False),
    Rule("not.budget", rf"决算|预算|审计(?!{_ORGAN})", False),
    Rule("not.interpretation", r"解读|图解|一图|读懂|答记者问|新闻发布|问答", False),
    # "…关于（印发/公布）XX2023年政府信息公开工作年度报告的通知": the report, published as a
    # notice (the report attached). A notice about the work on reports is not.notice below.
    Rule("report.publication_notice",
         r"^(?!.*(?:做好|编制|报送|开展|组织|填报|培训|检查|评议|考核|部署|督查|通报|要求|征集|"
         r"提交|撰写|审核))" r".*关于.{0,30}(?:信息公开|政务公开).{0,8}(?:年度报告|年报|工作的?报告|情况的?报告)》?的"
         r"(?:通知|公告|通告)",
         True),
    # News of the release ("我市发布2024年度政府信息公开工作年度报告"); the release itself is a
    # notice (…年度报告》的通知) and was taken above.
    Rule("not.news_release", r"^(?!.*(?:的通知|的公告|》)).*(?:发布|出炉|亮相|出台).{0,30}(?:年度报告|年报)",
         False),
    Rule("not.notice", rf"通知(?!(?:公告|通告)\s*$)|培训(?!{_ORGAN})|会议(?!{_ORGAN})|召开|部署|督查(?!{_ORGAN})|"
         rf"检查(?!{_ORGAN})|考核(?!{_ORGAN})|评估(?!{_ORGAN})|测评|征集|意见", False),
    Rule("not.enterprise_report", r"企业.{0,4}(?:年报|年度报告)|(?:年报|年度报告)公示|个体工商户|社会组织.{0,4}年|年检|农民专业合作社|"
         r"市场主体|报送.{0,12}年报", False),
    Rule("not.other_report", r"社会责任报告|环境状况|质量报告|履职报告|述职|住房公积金.{0,6}年度报告",
         False),
    # "XX局2024年度安全生产工作年度报告", "2024年度政府工作报告": a year's report on other work.
    Rule("not.other_work_report", r"^(?!.*(?:(?:信息|政务|政府)公开|政府信息)).*\d{4}\s*年度?\s*[^\d\s年]{2,20}?"
         r"工作(?:年度)?(?:报告|年报)", False),
    Rule("not.website_report", r"(?:网站|新媒体).{0,8}年度(?:工作)?报表|(?:网站|新媒体).{0,4}工作年度报告",
         False),
    Rule("not.empty", r"暂无|无数据|没有找到|未找到", False),
    Rule("report.title", r"(?:信息公开|政务公开).{0,8}(?:年度报告|年报|工作的?报告|情况的?报告)", True),
    Rule("report.hanweb_endpoint", r"/module/xxgk/xxgkannualreport\.jsp", True, "url"),
)

_EMPTY = next(rule for rule in RULES if rule.name == "not.empty")

# In a 年报 column, a bare "2024年度报告" / "2024年年报" link is a report too.
COLUMN_RULES: tuple[Rule, ...] = (
    Rule("report.column_year_title",
         r"^\s*\S{0,30}?\d{4}\s*(?:年度?)?\s*(?:工作)?(?:年度)?(?:报告|年报)\s*$", True),
)

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_YEAR = re.compile("([〇○零Ｏ一二三四五六七八九]{4})(?=\\s*年)")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_AGENCY_BEFORE = re.compile(
    r"^(?P<agency>[^\d年]{2,40}?)\s*(?:关于)?\s*(?:19|20)\d{2}\s*年(?:度)?\s*(?:的)?\s*(?:政府|政务)?信息公开")
_AGENCY_AFTER = re.compile(
    r"^\s*(?:19|20)\d{2}\s*年(?:度)?\s*(?P<agency>[^\d]{2,40}?)(?P<gov>政府)?(?:政务|信息)公开")
_TITLE_SUFFIX = re.compile(r"\s*(?:[_|｜—]|\s-\s).*$")
_GOV_SUFFIX = re.compile(r"(?:省|市|区|县|旗|镇|乡|州|盟)$")


@dataclass(frozen=True)
class Decision:
    """The outcome of classification; `to_dict()` is what the archive stores with the fetch."""

    rule: str
    is_report: bool
    agency: str | None = None
    year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "is_report": self.is_report, "agency": self.agency,
                "year": self.year}


def normalise(text: str) -> str:
    """Full-width digits to ASCII, Chinese-numeral years (二〇二四年) to digits, spaces squeezed."""
    text = (text or "").translate(_FULLWIDTH)
    text = _CN_YEAR.sub(lambda m: "".join(str(_CN_DIGITS[c]) for c in m.group(1)), text)
    return re.sub(r"\s+", " ", text).strip()


def find_year(text: str, url: str = "") -> int | None:
    """The year a report covers: the first 4-digit year before 年 in the text, else a Hanweb
    `fbtime=` parameter."""
    m = _YEAR.search(normalise(text))
    if m:
        return int(m.group(1))
    q = parse_qs(urlsplit(url).query)
    for key in ("fbtime", "year"):
        if q.get(key) and q[key][0][:4].isdigit():
            return int(q[key][0][:4])
    return None


def find_agency(text: str) -> str | None:
    """The issuing organ as printed before (or after) the year in a report title."""
    text = _TITLE_SUFFIX.sub("", normalise(text)).strip(" 【】[]《》\"“”")
    m = _AGENCY_BEFORE.search(text)
    if m:
        agency = m.group("agency").strip(" ：:")
        if "关于" in agency:  # "XX办公室关于XX县…的通知": the organ that speaks, else the one named
            before, _, after = agency.partition("关于")
            agency = before or _PUBLISHING.sub("", after)
        return agency if agency and agency not in _NOT_AGENCIES else None
    m = _AGENCY_AFTER.search(text)
    if m:
        agency = m.group("agency").strip(" ：:")
        if m.group("gov") and _GOV_SUFFIX.search(agency):
            agency += "政府"
        return agency if agency and agency not in _NOT_AGENCIES else None
    return None


_PUBLISHING = re.compile(r"^(?:印发|公布|发布|公开)?\s*[《“\"]?")
_NOT_AGENCIES = {"政府", "政务", "本机关", "本单位", "我局", "我委", "我办", "年度", "度", "关于"}


def classify_title(text: str, url: str = "", *, in_column: bool = False) -> Decision:
    """Classify a title or an anchor text (and its URL). `in_column`: the link sits on a page of
    a 年报 column, where a bare "2024年度报告" is enough."""
    norm = normalise(text)
    rules = RULES + (COLUMN_RULES if in_column else ())
    for rule in rules:
        subject = url if rule.where == "url" else norm
        if subject and rule.regex.search(subject):
            if not rule.verdict:
                return Decision(rule.name, False)
            year = find_year(norm, url)
            if year is None:
                # "政府信息公开年报" without a year names a column, not a report.
                return Decision(f"column.{rule.name}", False)
            return Decision(rule.name, True, find_agency(norm), year)
    return Decision("none", False)


def classify_page(title: str, headline: str = "", body_start: str = "", url: str = "",
                  meta_source: str | None = None,
                  link_texts: frozenset[str] | set[str] = frozenset(),
                  in_column: bool = False) -> Decision:
    """Classify a fetched HTML page from its <title>, its headline (h1 / ArticleTitle) and the
    first lines of its body. A look-alike verdict on the headline wins; the agency falls back to
    the line before the title in the body (report layouts print the organ on its own line),
    then to the page's ContentSource meta. Body lines that are anchor texts (`link_texts`) are
    links to reports, not this page's title: a list page is not a report. `in_column`: the page
    was reached as an item of a 年报 column, where a bare "2016年度报告" is a report's title."""
    if len(body_start.strip()) < 200 and _EMPTY.regex.search(normalise(body_start)):
        return Decision("page.empty", False)  # "2022年度暂无年报": a placeholder, not a report
    for rule_name, candidate in (("headline", headline), ("title", title)):
        if not candidate:
            continue
        d = classify_title(candidate, url, in_column=in_column)
        if d.rule != "none":
            if d.is_report and not d.agency:
                d = Decision(d.rule, True, _agency_from_body(body_start) or meta_source, d.year)
            if d.is_report and d.year is None:
                d = Decision(d.rule, True, d.agency, find_year(body_start, url))
            return Decision(f"page.{rule_name}:{d.rule}", d.is_report, d.agency, d.year)
    lines = [ln.strip() for ln in normalise_lines(body_start)[:6] if ln.strip()]
    for i, line in enumerate(lines):
        if line in link_texts:
            continue
        d = classify_title(line, url)
        if d.rule != "none" and d.is_report:
            agency = d.agency or (lines[i - 1] if i and len(lines[i - 1]) <= 40 else meta_source)
            return Decision(f"page.body:{d.rule}", True, agency, d.year or find_year(body_start))
    d = classify_title("", url)
    if d.is_report:
        return Decision(f"page.url:{d.rule}", True, _agency_from_body(body_start) or meta_source,
                        d.year or find_year(body_start, url))
    return Decision("page.none", False)


_SECTIONS = tuple(re.compile("|".join(variants)) for _, variants in SECTION_HEADINGS)


def reads_like_report(text: str, sections: int = 3) -> bool:
    """The text prints at least `sections` of a report's six section headings (总体情况,
    主动公开政府信息情况 …): a report's own page, not a list of reports."""
    compact = re.sub(r"[\W_]+", "", text or "")  # headings as label keys: 行政复议、行政诉讼
    return sum(1 for regex in _SECTIONS if regex.search(compact)) >= sections


_READING = threading.Lock()


def prints_report(body: bytes, url: str) -> bool:
    """A file's own text prints a report's sections: how a file nothing names (a sitemap's
    bare P0201….pdf) is judged. Scans are not read while crawling (no OCR): they stay unknown,
    as does anything the parsers cannot read."""
    from parsers.document import extract
    from parsers.limits import DEFAULT_LIMITS

    try:
        with _READING:  # pdfium is not thread-safe: one file at a time
            text = extract(body, url=url, limits=DEFAULT_LIMITS.with_(
                max_ocr_pages=0, max_pages=60, max_seconds=20, max_bytes=30 * 1024 * 1024)).text
    except Exception:  # noqa: BLE001 - unreadable, unsupported or too large: not known
        return False
    return reads_like_report(text[:20_000])


def normalise_lines(text: str) -> list[str]:
    """Split text into lines, each normalised."""
    return [normalise(line) for line in (text or "").splitlines()]


def _agency_from_body(body_start: str) -> str | None:
    lines = [ln for ln in normalise_lines(body_start) if ln]
    for i, line in enumerate(lines[:6]):
        if classify_title(line).is_report:
            return find_agency(line) or (lines[i - 1] if i and len(lines[i - 1]) <= 40 else None)
    return None
