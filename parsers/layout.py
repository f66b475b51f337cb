"""The three tables of a report laid out as the official templates print them
(国办公开办函〔2021〕30号 and 〔2019〕60号): header blocks with merged cells, the labels
exactly as printed, and every value cell named by its dotted record path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parsers.templates import APPLICANTS, OUTCOMES
from parsers.templates import REVIEW_GROUPS as REVIEW_GROUP_LABELS

#: Column keys of 表三 (the applicants, then the total), of 表四's outcomes, and its groups.
APPLICANT_COLUMNS = tuple(f.key for f in APPLICANTS)
OUTCOME_FIELDS = tuple(f.key for f in OUTCOMES)
REVIEW_GROUPS = tuple(key for key, _ in REVIEW_GROUP_LABELS)


@dataclass(frozen=True)
class Cell:
    """One printed cell: a label (`text`) or a value (`path` into the record's tables)."""

    text: str = ""
    path: str | None = None
    colspan: int = 1
    rowspan: int = 1
    head: bool = False

    @property
    def is_value(self) -> bool:
        return self.path is not None


@dataclass(frozen=True)
class TableLayout:
    key: str
    title: str
    rows: tuple[tuple[Cell, ...], ...]

    def paths(self) -> list[str]:
        """Every value cell's dotted path, in printed order."""
        return [c.path for row in self.rows for c in row if c.path]

    def positions(self) -> list[tuple[int, int, Cell]]:
        """(row, column, cell) of every cell placed like an HTML table: each cell takes the
        first column its row has free, rows and columns spanned by a cell above it taken."""
        taken: set[tuple[int, int]] = set()
        out = []
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                out.append((r, c, cell))
                taken.update((r + dr, c + dc) for dr in range(cell.rowspan)
                             for dc in range(cell.colspan))
                c += cell.colspan
        return out


def _h(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, head=True)


def _v(path: str, colspan: int = 1) -> Cell:
    return Cell(path=path, colspan=colspan)


# ------------------------------------------------------------ 二、主动公开政府信息情况

_LABELS: dict[str, tuple[str, ...]] = {}  # filled while the layouts below are built


def _block(article: str, heading: tuple[str, ...], rows: tuple[tuple[str, str], ...],
           fields: tuple[str, ...], width: int = 4) -> list[tuple[Cell, ...]]:
    """One 第二十条 block: the article row, a header row and one row per item."""
    for key, label in rows:
        for f, h in zip(fields, heading, strict=True):
            _LABELS[f"active_disclosure.{key}.{f}"] = (article, label, h)
    out: list[tuple[Cell, ...]] = [(_h(article, colspan=width),)]
    spans = [1] * (len(heading) - 1) + [width - len(heading)]  # the last one fills the row
    out.append((_h("信息内容"), *(_h(h, colspan=n) for h, n in zip(heading, spans, strict=True))))
    for key, label in rows:
        out.append((Cell(label), *(_v(f"active_disclosure.{key}.{f}", colspan=n)
                                   for f, n in zip(fields, spans, strict=True))))
    return out


def _active_2021() -> TableLayout:
    rows = (
        _block("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
               (("rules", "规章"), ("normative_documents", "行政规范性文件")),
               ("issued", "repealed", "in_force"))
        + _block("第二十条第（五）项", ("本年处理决定数量",), (("licensing", "行政许可"),),
                 ("decisions",))
        + _block("第二十条第（六）项", ("本年处理决定数量",),
                 (("punishment", "行政处罚"), ("enforcement", "行政强制")), ("decisions",))
        + _block("第二十条第（八）项", ("本年收费金额（单位：万元）",),
                 (("fees", "行政事业性收费"),), ("amount_wan_yuan",))
    )
    return TableLayout("active_disclosure", "二、主动公开政府信息情况", tuple(rows))


def _active_2019() -> TableLayout:
    items = ("上一年项目数量", "本年增/减", "处理决定数量")
    item_fields = ("items_prev_year", "items_change", "decisions")
    rows = (
        _block("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
               (("rules", "规章"), ("normative_documents", "规范性文件")),
               ("new_made", "new_published", "total_published"))
        + _block("第二十条第（五）项", items,
                 (("licensing", "行政许可"), ("other_management_services", "其他对外管理服务事项")),
                 item_fields)
        + _block("第二十条第（六）项", items,
                 (("punishment", "行政处罚"), ("enforcement", "行政强制")), item_fields)
        + _fees_2019()
        + _block("第二十条第（九）项", ("采购项目数量", "采购总金额"),
                 (("procurement", "政府集中采购"),), ("items", "amount"))
    )
    return TableLayout("active_disclosure", "二、主动公开政府信息情况", tuple(rows))


def _fees_2019() -> list[tuple[Cell, ...]]:
    """第（八）项 prints two of the three item columns; the third is left blank."""
    for f, h in (("items_prev_year", "上一年项目数量"), ("items_change", "本年增/减")):
        _LABELS[f"active_disclosure.fees.{f}"] = ("第二十条第（八）项", "行政事业性收费", h)
    return [
        (_h("第二十条第（八）项", colspan=4),),
        (_h("信息内容"), _h("上一年项目数量"), _h("本年增/减"), _h("")),
        (Cell("行政事业性收费"), _v("active_disclosure.fees.items_prev_year"),
         _v("active_disclosure.fees.items_change"), Cell("")),
    ]


# ------------------------------------------------ 三、收到和处理政府信息公开申请情况

COLUMN_LABELS = {f.key: f.label for f in APPLICANTS}


def _values(row: str, *labels: str) -> tuple[Cell, ...]:
    for col in APPLICANT_COLUMNS:
        _LABELS[f"requests.{row}.{col}"] = (*(x for x in labels if x), COLUMN_LABELS[col])
    return tuple(_v(f"requests.{row}.{col}") for col in APPLICANT_COLUMNS)


def _requests(fmt: str) -> TableLayout:
    head = (
        (_h("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            colspan=3, rowspan=3), _h("申请人情况", colspan=7)),
        (_h("自然人", rowspan=2), _h("法人或其他组织", colspan=5), _h("总计", rowspan=2)),
        (_h("商业企业"), _h("科研机构"), _h("社会公益组织"), _h("法律服务机构"), _h("其他")),
    )
    groups: list[tuple[str, list[tuple[str, str]]]] = [
        ("（一）予以公开", [("granted", "")]),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [("partially_granted", "")]),
        ("（三）不予公开", [
            ("denied_state_secret", "1.属于国家秘密"),
            ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开"),
            ("denied_security_stability", "3.危及“三安全一稳定”"),
            ("denied_third_party_rights", "4.保护第三方合法权益"),
            ("denied_internal_affairs", "5.属于三类内部事务信息"),
            ("denied_process_info", "6.属于四类过程性信息"),
            ("denied_enforcement_files", "7.属于行政执法案卷"),
            ("denied_query_matters", "8.属于行政查询事项")]),
        ("（四）无法提供", [
            ("unavailable_not_held", "1.本机关不掌握相关政府信息"),
            ("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
            ("unavailable_unclear", "3.补正后申请内容仍不明确")]),
        ("（五）不予处理", [
            ("not_processed_petition", "1.信访举报投诉类申请"),
            ("not_processed_repeated", "2.重复申请"),
            ("not_processed_publications", "3.要求提供公开出版物"),
            ("not_processed_excessive", "4.无正当理由大量反复申请"),
            ("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息")]),
    ]
    if fmt == "2019":
        groups.append(("（六）其他处理", [("other_handling", "")]))
    else:
        groups.append(("（六）其他处理", [
            ("other_no_correction",
             "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("other_fee_unpaid",
             "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other_other", "3.其他")]))
    groups.append(("（七）总计", [("total_handled", "")]))

    body: list[tuple[Cell, ...]] = [
        (Cell("一、本年新收政府信息公开申请数量", colspan=3),
         *_values("new", "一、本年新收政府信息公开申请数量")),
        (Cell("二、上年结转政府信息公开申请数量", colspan=3),
         *_values("carried_over", "二、上年结转政府信息公开申请数量")),
    ]
    outcome_rows = sum(len(rows) for _, rows in groups)
    first = True
    for label, rows in groups:
        for i, (key, sub) in enumerate(rows):
            cells: list[Cell] = []
            if first:
                cells.append(Cell("三、本年度办理结果", rowspan=outcome_rows))
                first = False
            if not sub:
                cells.append(Cell(label, colspan=2))
            else:
                if i == 0:
                    cells.append(Cell(label, rowspan=len(rows)))
                cells.append(Cell(sub))
            body.append((*cells, *_values(key, label, sub)))
    body.append((Cell("四、结转下年度继续办理", colspan=3),
                 *_values("carried_forward", "四、结转下年度继续办理")))
    return TableLayout("requests", "三、收到和处理政府信息公开申请情况", head + tuple(body))


# ------------------------------------------- 四、政府信息公开行政复议、行政诉讼情况

def _review() -> TableLayout:
    outcomes = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    names = {"review": ("行政复议",), "litigation_direct": ("行政诉讼", "未经复议直接起诉"),
             "litigation_after_review": ("行政诉讼", "复议后起诉")}
    for g in REVIEW_GROUPS:
        for f, o in zip(OUTCOME_FIELDS, outcomes, strict=True):
            _LABELS[f"review_litigation.{g}.{f}"] = (*names[g], o)
    rows = (
        (_h("行政复议", colspan=5), _h("行政诉讼", colspan=10)),
        (*(_h(o, rowspan=2) for o in outcomes), _h("未经复议直接起诉", colspan=5),
         _h("复议后起诉", colspan=5)),
        tuple(_h(o) for o in outcomes * 2),
        tuple(_v(f"review_litigation.{g}.{f}") for g in REVIEW_GROUPS for f in OUTCOME_FIELDS),
    )
    return TableLayout("review_litigation", "四、政府信息公开行政复议、行政诉讼情况", rows)


#: A 2021 report that prints （六）其他处理 as one row, as the 2019 template did.
ONE_ROW_OTHER_HANDLING = "2021/other_handling"


def _build(fmt: str) -> tuple[tuple[TableLayout, ...], dict[str, tuple[str, ...]]]:
    _LABELS.clear()
    active = _active_2019() if fmt == "2019" else _active_2021()
    requests = _requests("2019" if fmt == ONE_ROW_OTHER_HANDLING else fmt)
    layouts = (active, requests, _review())
    return layouts, dict(_LABELS)


LAYOUTS: dict[str, tuple[TableLayout, ...]] = {}
#: Per format, every value cell's dotted path → the labels that name it, as printed.
CELL_LABELS: dict[str, dict[str, tuple[str, ...]]] = {}
for _fmt in ("2021", "2019"):
    LAYOUTS[_fmt], CELL_LABELS[_fmt] = _build(_fmt)
#: Layouts of template variants some reports print (see parsers.templates.Variant).
VARIANT_LAYOUTS: dict[str, tuple[TableLayout, ...]] = {
    ONE_ROW_OTHER_HANDLING: _build(ONE_ROW_OTHER_HANDLING)[0]}


def labels_of(path: str, fmt: str | None) -> tuple[str, ...] | None:
    """The printed labels naming a cell (row labels, then the column), if it is a
    template cell of `fmt` (or of either template when `fmt` is not one)."""
    for name in ((fmt,) if fmt in CELL_LABELS else ()) + ("2021", "2019"):
        found = CELL_LABELS[name].get(path)
        if found:
            return found
    return None


def layouts_for(fmt: str | None, tables: dict[str, Any] | None = None) -> tuple[TableLayout, ...]:
    """The table layouts of a record (its format, and the rows its tables print); () for
    legacy and unknown formats."""
    if fmt == "2021" and "other_handling" in ((tables or {}).get("requests") or {}):
        return VARIANT_LAYOUTS[ONE_ROW_OTHER_HANDLING]
    return LAYOUTS.get(fmt or "", ())


def cell_value(tables: dict[str, Any] | None, path: str) -> Any:
    """The value at a dotted path (`requests.new.total`), None when absent."""
    value: Any = tables or {}
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value
