"""The three tables as reports print them: grids of cells with their merges, as data.

A `Cell` sits at (row, col) and spans `rows` x `cols`; it prints either fixed `text` (a
header or a row label) or the value of the record cell at `path`. The shapes follow the
2021 and 2019 templates' printed forms (国办公开办函〔2021〕30号 / 〔2019〕60号) and the real
reports in tests/fixtures/samples: merged 第二十条 headings, the 勾稽关系 corner, the
三、本年度办理结果 block, the two-level 行政复议 / 行政诉讼 heading.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    rows: int = 1
    cols: int = 1
    text: str = ""
    path: str | None = None  # a value cell: the record cell it prints

    @property
    def is_value(self) -> bool:
        return self.path is not None


@dataclass(frozen=True)
class Grid:
    """A printed table: its caption, column count, the label columns' count and its cells."""

    key: str
    ncols: int
    label_cols: int
    cells: tuple[Cell, ...]

    @property
    def nrows(self) -> int:
        return max(c.row + c.rows for c in self.cells)


# ------------------------------------------------------------------ 二、主动公开

# (heading, column labels, [(row key, row label, field keys)])
_AD_2021 = (
    ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
     (("rules", "规章", ("issued", "repealed", "in_force")),
      ("normative_documents", "行政规范性文件", ("issued", "repealed", "in_force")))),
    ("第二十条第（五）项", ("本年处理决定数量",), (("licensing", "行政许可", ("decisions",)),)),
    ("第二十条第（六）项", ("本年处理决定数量",),
     (("punishment", "行政处罚", ("decisions",)), ("enforcement", "行政强制", ("decisions",)))),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), (("fees", "行政事业性收费", ("amount_wan_yuan",)),)),
)
_ITEMS = ("items_prev_year", "items_change", "decisions")
_AD_2019 = (
    ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
     (("rules", "规章", ("new_made", "new_published", "total_published")),
      ("normative_documents", "规范性文件", ("new_made", "new_published", "total_published")))),
    ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
     (("licensing", "行政许可", _ITEMS), ("other_management_services", "其他对外管理服务事项", _ITEMS))),
    ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
     (("punishment", "行政处罚", _ITEMS), ("enforcement", "行政强制", _ITEMS))),
    ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), (("fees", "行政事业性收费", _ITEMS[:2]),)),
    ("第二十条第（九）项", ("采购项目数量", "采购总金额"), (("procurement", "政府集中采购", ("items", "amount")),)),
)


def _active_disclosure(blocks: tuple) -> Grid:
    """Blocks of heading / 信息内容 row / value rows; a block with fewer columns than three
    merges its last column over the rest (as Word tables print it)."""
    cells: list[Cell] = []
    r = 0
    for heading, columns, rows in blocks:
        cells.append(Cell(r, 0, 1, 4, heading))
        cells.append(Cell(r + 1, 0, 1, 1, "信息内容"))
        spans = _spans(len(columns))
        for (c0, w), label in zip(spans, columns, strict=True):
            cells.append(Cell(r + 1, c0, 1, w, label))
        r += 2
        for key, label, fields in rows:
            cells.append(Cell(r, 0, 1, 1, label))
            for (c0, w), f in zip(spans, fields, strict=True):
                cells.append(Cell(r, c0, 1, w, path=f"active_disclosure.{key}.{f}"))
            r += 1
    return Grid("active_disclosure", 4, 1, tuple(cells))


def _spans(n: int) -> list[tuple[int, int]]:
    """Where n value columns go in a three-column block: the last one takes what is left."""
    return [(1 + i, 1 if i < n - 1 else 3 - i) for i in range(n)]


# ------------------------------------------------------------------ 三、申请情况

APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution",
              "public_interest_org", "legal_service_org", "other_org", "total")
_OUTCOME_GROUPS_2021 = (
    ("（一）予以公开", (("granted", None),)),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", (("partially_granted", None),)),
    ("（三）不予公开", (
        ("denied_state_secret", "1.属于国家秘密"),
        ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开"),
        ("denied_security_stability", "3.危及“三安全一稳定”"),
        ("denied_third_party_rights", "4.保护第三方合法权益"),
        ("denied_internal_affairs", "5.属于三类内部事务信息"),
        ("denied_process_info", "6.属于四类过程性信息"),
        ("denied_enforcement_files", "7.属于行政执法案卷"),
        ("denied_query_matters", "8.属于行政查询事项"))),
    ("（四）无法提供", (
        ("unavailable_not_held", "1.本机关不掌握相关政府信息"),
        ("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
        ("unavailable_unclear", "3.补正后申请内容仍不明确"))),
    ("（五）不予处理", (
        ("not_processed_petition", "1.信访举报投诉类申请"),
        ("not_processed_repeated", "2.重复申请"),
        ("not_processed_publications", "3.要求提供公开出版物"),
        ("not_processed_excessive", "4.无正当理由大量反复申请"),
        ("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息"))),
    ("（六）其他处理", (
        ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ("other_fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("other_other", "3.其他"))),
    ("（七）总计", (("total_handled", None),)),
)
_OUTCOME_GROUPS_2019 = tuple(
    ("（六）其他处理", (("other_handling", None),)) if g.startswith("（六）") else (g, items)
    for g, items in _OUTCOME_GROUPS_2021)


def _requests(groups: tuple) -> Grid:
    cells = [
        Cell(0, 0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        Cell(0, 3, 1, 7, "申请人情况"),
        Cell(1, 3, 2, 1, "自然人"), Cell(1, 4, 1, 5, "法人或其他组织"), Cell(1, 9, 2, 1, "总计"),
        *(Cell(2, 4 + i, 1, 1, t) for i, t in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"))),
    ]

    def values(r: int, key: str) -> None:
        cells.extend(Cell(r, 3 + i, path=f"requests.{key}.{col}") for i, col in enumerate(APPLICANTS))

    r = 3
    for key, label in (("new", "一、本年新收政府信息公开申请数量"), ("carried_over", "二、上年结转政府信息公开申请数量")):
        cells.append(Cell(r, 0, 1, 3, label))
        values(r, key)
        r += 1
    n_outcomes = sum(len(items) for _, items in groups)
    cells.append(Cell(r, 0, n_outcomes, 1, "三、本年度办理结果"))
    for group, items in groups:
        if items[0][1] is None:
            cells.append(Cell(r, 1, 1, 2, group))
            values(r, items[0][0])
            r += 1
            continue
        cells.append(Cell(r, 1, len(items), 1, group))
        for key, label in items:
            cells.append(Cell(r, 2, 1, 1, label))
            values(r, key)
            r += 1
    cells.append(Cell(r, 0, 1, 3, "四、结转下年度继续办理"))
    values(r, "carried_forward")
    return Grid("requests", 10, 3, tuple(cells))


# ------------------------------------------------------------------ 四、复议诉讼

def _review() -> Grid:
    outcomes = (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"),
                ("pending", "尚未审结"), ("total", "总计"))
    cells = [Cell(0, 0, 2, 5, "行政复议"), Cell(0, 5, 1, 10, "行政诉讼"),
             Cell(1, 5, 1, 5, "未经复议直接起诉"), Cell(1, 10, 1, 5, "复议后起诉")]
    for g, group in enumerate(("review", "litigation_direct", "litigation_after_review")):
        for i, (key, label) in enumerate(outcomes):
            cells.append(Cell(2, g * 5 + i, 1, 1, label))
            cells.append(Cell(3, g * 5 + i, path=f"review_litigation.{group}.{key}"))
    return Grid("review_litigation", 15, 0, tuple(cells))


GRIDS: dict[str, tuple[Grid, Grid, Grid]] = {
    "2021": (_active_disclosure(_AD_2021), _requests(_OUTCOME_GROUPS_2021), _review()),
    "2019": (_active_disclosure(_AD_2019), _requests(_OUTCOME_GROUPS_2019), _review()),
}
