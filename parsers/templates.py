"""The report templates as data: every table row, column and section heading the parser
knows, with its key, its official label and the variants real reports print.

A new variant (an OCR slip, a typo, a masked word) is one more string in a tuple here; no
code path changes. Variants are matched against a *label key*: the text with whitespace
and punctuation removed and full-width letters made half-width (see
`parsers.normalize.label_key`), so `（二） 部分公开` and `(二)部分公开` are the same label.
In a variant, `*` stands for a run of masking characters (`属于国家****`).

Two templates exist:
- 2021: 国办公开办函〔2021〕30号, in use for reports on 2021 and later;
- 2019: 国办公开办函〔2019〕60号, used for the reports on 2019 and 2020.

A template may also list *table variants*: a table as some reports print it, departing
from the template in a known way (a 2021 report printing （六）其他处理 as the one row of
the 2019 template). A variant is read only where the template's own rows are absent (see
`parsers.tables.read_variant`), and the record says so with a `table.variant` check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from parsers.normalize import label_key

# Field kinds: how a cell's printed value becomes a number.
COUNT = "count"  # a whole number >= 0
AMOUNT = "amount"  # a number >= 0, may be fractional (万元, 元)
SIGNED = "signed"  # a whole number that may be negative (本年增/减)


@dataclass(frozen=True)
class Field:
    """One column of a row: its record key, its printed label and how to read it."""

    key: str
    label: str
    kind: str = COUNT
    variants: tuple[str, ...] = ()
    # Units the report may print for this field (in the cell or its header); when set,
    # the record notes the printed unit as `<key>_unit`.
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """One row of a table: where its values go and the labels that introduce them.

    `cells` are (group, field) pairs in printed order; most rows fill one group (their
    own key), the review/litigation table is one printed row filling three groups.
    `not_before` lists label keys that must not follow a match (so `其他` does not
    match `其他处理`), `not_after` those that must not precede it (so `其他` and `总计`
    in a header row repeated on a new page are not taken for the rows 3.其他 and 总计).
    """

    key: str
    label: str
    variants: tuple[str, ...]
    cells: tuple[tuple[str, Field], ...]
    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()

    @cached_property
    def number(self) -> str | None:
        """The digit the row is numbered with (`2` for 2.重复申请), if any."""
        m = re.search(r"(\d)\s*\.", self.label)
        return m.group(1) if m else None

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The compiled label matcher over label keys."""
        return compile_variants(self.variants, self.not_before, self.not_after)


@dataclass(frozen=True)
class Table:
    """A table of the template: its record key, the header labels that open it (anchors)
    and its rows in printed order."""

    key: str
    title: str
    anchors: tuple[str, ...]
    rows: tuple[Row, ...]
    # Header cells that may be printed before the first anchor (they belong to the
    # table's span, so they are not narrative text).
    lead: tuple[str, ...] = ()

    @cached_property
    def anchor_pattern(self) -> re.Pattern[str]:
        """Matches any header label of the table."""
        return compile_variants(self.anchors)

    @property
    def cell_count(self) -> int:
        return sum(len(row.cells) for row in self.rows)


@dataclass(frozen=True)
class Variant:
    """A table as some reports of a template print it: `table` (same key as the
    template's) prints the row `row` in place of the template's rows `replaces`.
    `detail` is the `table.variant` check's text."""

    table: Table
    replaces: tuple[str, ...]
    row: str
    detail: str


@dataclass(frozen=True)
class Template:
    """A report format: its name, its three tables, the labels only it prints (used to
    tell the formats apart) and the known variants of its tables."""

    name: str
    tables: tuple[Table, ...]
    markers: tuple[str, ...] = field(default=())
    variants: tuple[Variant, ...] = field(default=())

    @cached_property
    def marker_keys(self) -> tuple[str, ...]:
        return tuple(label_key(m) for m in self.markers)

    def with_variants(self, variants: tuple[Variant, ...]) -> Template:
        """The template with each of `variants` in place of its table of the same key
        (what the consistency rules and the cell count of a varied record follow)."""
        if not variants:
            return self
        by_key = {v.table.key: v.table for v in variants}
        return Template(self.name, tuple(by_key.get(t.key, t) for t in self.tables), self.markers)


def compile_variants(variants: tuple[str, ...], not_before: tuple[str, ...] = (),
                     not_after: tuple[str, ...] = ()) -> re.Pattern[str]:
    """One regex matching any of the variants (as label keys); `*` matches a mask run.
    Longer variants first, so the most specific label wins."""
    alternatives = []
    for variant in sorted({label_key(v) for v in variants}, key=len, reverse=True):
        alternatives.append(r"\*+".join(re.escape(part) for part in re.split(r"\*+", variant)))
    pattern = "".join(f"(?<!{re.escape(label_key(n))})" for n in not_after)
    pattern += "(?:" + "|".join(alternatives) + ")"
    if not_before:
        pattern += "(?!" + "|".join(re.escape(label_key(n)) for n in not_before) + ")"
    return re.compile(pattern)


def _row(key: str, label: str, variants: tuple[str, ...], fields: tuple[Field, ...],
         not_before: tuple[str, ...] = (), not_after: tuple[str, ...] = ()) -> Row:
    """A row whose values all go to its own group."""
    return Row(key, label, variants, tuple((key, f) for f in fields), not_before, not_after)


# ------------------------------------------------------------------ shared: requests table

APPLICANTS = (
    Field("natural_person", "自然人"),
    Field("commercial_enterprise", "商业企业"),
    Field("research_institution", "科研机构"),
    Field("public_interest_org", "社会公益组织"),
    Field("legal_service_org", "法律服务机构"),
    Field("other_org", "其他"),
    Field("total", "总计"),
)

REQUEST_ANCHORS = (
    "本列数据的勾稽关系为", "申请人情况", "自然人", "法人或其他组织", "商业企业",
)

# (key, official label, label variants as printed, extra matching rules for `Row`)
_RowData = tuple[str, str, tuple[str, ...], dict[str, tuple[str, ...]]]
# Variants leave out the numbering (一、 / (三) / 1.): it is punctuation-free noise that
# OCR and extraction often damage, and the order of rows already tells them apart.
_REQUEST_ROWS_HEAD: tuple[_RowData, ...] = (
    ("new", "一、本年新收政府信息公开申请数量", ("本年新收政府信息公开申请数量", "本年新收政府信息公开申请", "本年新收申请数量"), {}),
    ("carried_over", "二、上年结转政府信息公开申请数量", ("上年结转政府信息公开申请数量", "上年转结政府信息公开申请数量", "上年度结转政府信息公开申请数量", "上年结转政府信息公开申请"), {}),
    ("granted", "三、(一) 予以公开", ("予以公开",), {}),
    ("partially_granted", "三、(二) 部分公开（区分处理的，只计这一情形，不计其他情形）", ("部分公开",), {}),
    ("denied_state_secret", "(三) 不予公开 1.属于国家秘密", ("属于国家秘密", "属于国家*", "国家秘密"), {}),
    # 其他法律行政止公开: 法规禁 lost in a real PDF's text (淮安市洪泽区, 2023 and 2024).
    ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", ("其他法律行政法规禁止公开", "其他法律法规禁止公开", "法律行政法规禁止公开", "其他法律行政止公开"), {}),
    ("denied_security_stability", "3.危及“三安全一稳定”", ("危及三安全一稳定", "危及三安全一稳定的"), {}),
    ("denied_third_party_rights", "4.保护第三方合法权益", ("保护第三方合法权益",), {}),
    ("denied_internal_affairs", "5.属于三类内部事务信息", ("属于三类内部事务信息", "三类内部事务信息"), {}),
    ("denied_process_info", "6.属于四类过程性信息", ("属于四类过程性信息", "四类过程性信息"), {}),
    ("denied_enforcement_files", "7.属于行政执法案卷", ("属于行政执法案卷", "行政执法案卷"), {}),
    ("denied_query_matters", "8.属于行政查询事项", ("属于行政查询事项", "行政查询事项"), {}),
    ("unavailable_not_held", "(四) 无法提供 1.本机关不掌握相关政府信息", ("本机关不掌握相关政府信息", "不掌握相关政府信息"), {}),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作", ("没有现成信息需要另行制作", "没有现成信息"), {}),
    ("unavailable_unclear", "3.补正后申请内容仍不明确", ("补正后申请内容仍不明确", "补正后申请内容仍不明"), {}),
    ("not_processed_petition", "(五) 不予处理 1.信访举报投诉类申请", ("信访举报投诉类申请", "信访举报投诉类"), {}),
    ("not_processed_repeated", "2.重复申请", ("重复申请",), {}),
    ("not_processed_publications", "3.要求提供公开出版物", ("要求提供公开出版物", "提供公开出版物"), {}),
    ("not_processed_excessive", "4.无正当理由大量反复申请", ("无正当理由大量反复申请", "大量反复申请"), {}),
    ("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息", ("要求行政机关确认或重新出具已获取信息", "要求行政机关确认或重新出具"), {}),
)

_REQUEST_ROWS_2021_OTHER: tuple[_RowData, ...] = (
    ("other_no_correction", "(六) 其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ("申请人无正当理由逾期不补正", "无正当理由逾期不补正", "逾期不补正"), {}),
    ("other_fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", ("申请人逾期未按收费通知要求缴纳费用", "逾期未按收费通知要求缴纳费用", "未按收费通知要求缴纳费用"), {}),
    ("other_other", "3.其他", ("其他",),
     {"not_before": ("处理", "法律", "情形", "组织", "结果", "需要"), "not_after": ("服务机构", "六")}),
)

_REQUEST_ROWS_2019_OTHER: tuple[_RowData, ...] = (
    ("other_handling", "(六) 其他处理", ("其他处理",), {}),
)

_REQUEST_ROWS_TAIL: tuple[_RowData, ...] = (
    ("total_handled", "(七) 总计", ("总计", "合计"),
     {"not_after": ("服务机构其他", "其他组织", "申请人情况", "自然人")}),
    ("carried_forward", "四、结转下年度继续办理", ("结转下年度继续办理", "转结下年度继续办理", "结转下一年度继续办理", "结转下年度继续处理", "结转下年度"), {}),
)


def _requests_table(other_rows: tuple[_RowData, ...]) -> Table:
    rows = tuple(_row(k, label, v, APPLICANTS, **extra)
                 for k, label, v, extra in _REQUEST_ROWS_HEAD + other_rows + _REQUEST_ROWS_TAIL)
    return Table("requests", "三、收到和处理政府信息公开申请情况", REQUEST_ANCHORS, rows)


# ------------------------------------------------------------ shared: review / litigation

OUTCOMES = (
    Field("upheld", "结果维持"),
    Field("corrected", "结果纠正"),
    Field("other", "其他结果"),
    Field("pending", "尚未审结"),
    Field("total", "总计"),
)
REVIEW_GROUPS = (
    ("review", "行政复议"),
    ("litigation_direct", "行政诉讼·未经复议直接起诉"),
    ("litigation_after_review", "行政诉讼·复议后起诉"),
)

# The printed table is a header block and one row of 15 numbers: read as one row whose
# label is the header's first outcome cell.
REVIEW_LITIGATION = Table(
    "review_litigation",
    "四、政府信息公开行政复议、行政诉讼情况",
    ("结果维持", "结果纠正", "尚未审结", "未经复议直接起诉", "复议后起诉"),
    (
        Row(
            "values",
            "行政复议 / 行政诉讼",
            ("结果维持", "维持", "行政复议"),
            tuple((group, f) for group, _ in REVIEW_GROUPS for f in OUTCOMES),
        ),
    ),
    lead=("行政复议", "行政诉讼", "行政复议行政诉讼"),
)

# --------------------------------------------------------------------- 2021 template

_DOCUMENTS_2021 = (
    Field("issued", "本年制发件数", variants=("本年制发件数", "本年新制发件数")),
    Field("repealed", "本年废止件数", variants=("本年废止件数", "本年度止件数", "本年度废止件数", "本年废止数")),
    Field("in_force", "现行有效件数", variants=("现行有效件数", "现行有效数")),
)
_DECISIONS_2021 = (Field("decisions", "本年处理决定数量", variants=("本年处理决定数量", "本年处理决定数")),)
_FEES_2021 = (Field("amount_wan_yuan", "本年收费金额（单位：万元）", AMOUNT, variants=("本年收费金额",)),)

ACTIVE_DISCLOSURE_2021 = Table(
    "active_disclosure",
    "二、主动公开政府信息情况",
    ("第二十条", "信息内容", "本年制发件数", "本年废止件数", "本年度止件数"),
    (
        _row("rules", "第二十条第（一）项 规章", ("规章",), _DOCUMENTS_2021, ("库",)),
        _row("normative_documents", "第二十条第（一）项 行政规范性文件", ("行政规范性文件", "规范性文件"), _DOCUMENTS_2021),
        _row("licensing", "第二十条第（五）项 行政许可", ("行政许可",), _DECISIONS_2021),
        _row("punishment", "第二十条第（六）项 行政处罚", ("行政处罚",), _DECISIONS_2021),
        _row("enforcement", "第二十条第（六）项 行政强制", ("行政强制",), _DECISIONS_2021),
        _row("fees", "第二十条第（八）项 行政事业性收费", ("行政事业性收费", "事业性收费"), _FEES_2021),
    ),
)

# Some 2021 reports keep the 2019 template's single （六）其他处理 row, with its own
# values, instead of the three rows 1./2./3. (淮安市洪泽区, 2023 and 2024).
_REQUESTS_ONE_OTHER_ROW = _requests_table(_REQUEST_ROWS_2019_OTHER)
OTHER_HANDLING_AS_ONE_ROW = Variant(
    _REQUESTS_ONE_OTHER_ROW,
    replaces=tuple(key for key, *_ in _REQUEST_ROWS_2021_OTHER),
    row="other_handling",
    detail="（六）其他处理 printed as one row",
)

TEMPLATE_2021 = Template(
    "2021",
    (ACTIVE_DISCLOSURE_2021, _requests_table(_REQUEST_ROWS_2021_OTHER), REVIEW_LITIGATION),
    markers=(
        "本年制发件数", "本年废止件数", "本年度止件数", "现行有效件数", "本年处理决定数量",
        "本年收费金额", "逾期不补正", "要求缴纳费用", "国办公开办函〔2021〕30号",
    ),
    variants=(OTHER_HANDLING_AS_ONE_ROW,),
)

# --------------------------------------------------------------------- 2019 template

_DOCUMENTS_2019 = (
    Field("new_made", "本年新制作数量", variants=("本年新制作数量",)),
    Field("new_published", "本年新公开数量", variants=("本年新公开数量",)),
    Field("total_published", "对外公开总数量", variants=("对外公开总数量",)),
)
_ITEMS_2019 = (
    Field("items_prev_year", "上一年项目数量", variants=("上一年项目数量",)),
    Field("items_change", "本年增/减", SIGNED, variants=("本年增减", "本年增/减")),
    Field("decisions", "处理决定数量", variants=("处理决定数量",)),
)
_FEES_2019 = _ITEMS_2019[:2]
_PROCUREMENT_2019 = (
    Field("items", "采购项目数量", variants=("采购项目数量",)),
    Field("amount", "采购总金额", AMOUNT, variants=("采购总金额",), units=("万元", "元")),
)

ACTIVE_DISCLOSURE_2019 = Table(
    "active_disclosure",
    "二、主动公开政府信息情况",
    ("第二十条", "信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
    (
        _row("rules", "第二十条第（一）项 规章", ("规章",), _DOCUMENTS_2019, ("库",)),
        _row("normative_documents", "第二十条第（一）项 规范性文件", ("行政规范性文件", "规范性文件"), _DOCUMENTS_2019),
        _row("licensing", "第二十条第（五）项 行政许可", ("行政许可",), _ITEMS_2019),
        _row("other_management_services", "第二十条第（五）项 其他对外管理服务事项", ("其他对外管理服务事项", "对外管理服务事项"), _ITEMS_2019),
        _row("punishment", "第二十条第（六）项 行政处罚", ("行政处罚",), _ITEMS_2019),
        _row("enforcement", "第二十条第（六）项 行政强制", ("行政强制",), _ITEMS_2019),
        _row("fees", "第二十条第（八）项 行政事业性收费", ("行政事业性收费", "事业性收费"), _FEES_2019),
        _row("procurement", "第二十条第（九）项 政府集中采购", ("政府集中采购", "集中采购"), _PROCUREMENT_2019),
    ),
)

TEMPLATE_2019 = Template(
    "2019",
    (ACTIVE_DISCLOSURE_2019, _REQUESTS_ONE_OTHER_ROW, REVIEW_LITIGATION),
    markers=(
        "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
        "其他对外管理服务事项", "政府集中采购", "采购项目数量", "采购总金额", "国办公开办函〔2019〕60号",
    ),
)

TEMPLATES = {t.name: t for t in (TEMPLATE_2021, TEMPLATE_2019)}

# ------------------------------------------------------------------- the six sections

# Section key -> heading variants, as regexes over the heading's label key (numbering
# such as 一、 / （一） / 1. already removed). A heading line must match one in full.
SECTION_HEADINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("overview", (r"总体情况", r"总体概况", r"基本情况", r"概述", r"总体概述", r"工作概况", r"概况")),
    ("active_disclosure", (r"主动公开政府信息(的)?情况", r"政府信息主动公开(的)?情况", r"主动公开政府信息工作情况")),
    ("requests", (r"收到和处理政府信息公开申请(的)?情况", r"收到及处理政府信息公开申请(的)?情况",
                  r"依申请公开政府信息(的)?情况", r"收到和处理政府信息公开申请")),
    ("review_litigation", (r"(因)?政府信息公开(工作)?(被申请)?行政复议(和|及|与|或)?(提起)?行政诉讼(的)?情况",
                           r"因政府信息公开(工作)?被申请行政复议(和|及|与|或)?提起行政诉讼(的)?情况",
                           r"政府信息公开(工作)?(的)?行政复议(和|及|与)?行政诉讼(的)?情况",
                           r"政府信息公开行政复议行政诉讼情况")),
    ("problems", (r"(政府信息公开)?(工作)?存在的?(主要)?问题(及|和|与|以及)?(改进|整改)(情况|措施|方向|计划)?",
                  r"(政府信息公开)?(工作)?(主要)?问题(及|和|与|以及)?改进(情况|措施)")),
    ("other", (r"其他需要报告的事项", r"其他需要说明的事项", r"其他需要报告(或说明)?的事项", r"其他事项")),
)

SECTION_KEYS = tuple(key for key, _ in SECTION_HEADINGS)
#: Each part's heading as the templates print it.
SECTION_TITLES = {
    "overview": "一、总体情况",
    "active_disclosure": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
# Every heading variant above contains one of these: lines without any are not looked at.
HEADING_HINTS = ("情况", "事项", "概述", "概况", "问题", "改进", "收到和处理", "申请")

# The part each table is printed in.
TABLE_SECTION = {
    "active_disclosure": "active_disclosure",
    "requests": "requests",
    "review_litigation": "review_litigation",
}

# A text is taken for one of these reports when its title says so.
REPORT_TITLE = re.compile(r"政府信息公开.{0,12}(年度)?(工作)?报告|政务公开.{0,8}年度报告|信息公开年报")
# ... and not for one of these, whatever else it says.
OTHER_REPORT_TITLE = re.compile(
    r"法治政府建设|依法行政|工作总结|述职|统计公报|国民经济|预算|决算|审计"
    r"|发布|解读|图解|读懂|答记者问|新闻"
)
