"""Cells by name: every template cell has a path and the labels the template prints for it,
and a clerk can name it by those labels (`本年新收.总计`) as well as by its path."""

from __future__ import annotations

import pytest

from parsers.cells import BY_PATH, CELLS, AmbiguousCell, UnknownCell, resolve, search
from parsers.layout import CELL_LABELS


def test_every_template_cell_is_named_once_with_its_printed_labels() -> None:
    assert len(CELLS) == len(BY_PATH) == len(set(CELL_LABELS["2021"]) | set(CELL_LABELS["2019"]))
    new = BY_PATH["requests.new.total"]
    assert new.name == "一、本年新收政府信息公开申请数量 · 总计" and new.formats == ("2021", "2019")
    assert BY_PATH["requests.other_handling.total"].formats == ("2019",)
    assert BY_PATH["active_disclosure.fees.amount_wan_yuan"].kind == "amount"
    assert BY_PATH["active_disclosure.licensing.decisions"].aliases == (
        ("第二十条第（五）项", "行政许可", "处理决定数量"),)


def test_each_cell_is_found_again_by_the_labels_it_prints() -> None:
    for cell in CELLS:
        for labels in (cell.labels, *cell.aliases):
            assert resolve(" · ".join(labels)) == cell, labels
            assert resolve(".".join(labels)) == cell, labels
        assert resolve(cell.label_path) == cell
        assert resolve(cell.path) == resolve(f"tables.{cell.path}") == cell


@pytest.mark.parametrize(("name", "path"), [
    ("本年新收.总计", "requests.new.total"),
    ("新收政府信息公开申请数量", "requests.new.total"),  # a row alone: its 总计
    ("上年结转.其他", "requests.carried_over.other_org"),
    ("（三）不予公开 1.属于国家秘密 · 自然人", "requests.denied_state_secret.natural_person"),
    ("不予公开.属于国家秘密", "requests.denied_state_secret.total"),
    ("其他.总计", "requests.other_other.total"),  # the row 3.其他, not 其他法律…
    ("其他处理.总计", "requests.other_handling.total"),  # the 2019 row, named in full
    ("(七)总计.自然人", "requests.total_handled.natural_person"),
    ("行政复议", "review_litigation.review.total"),
    ("行政复议.结果纠正", "review_litigation.review.corrected"),
    ("未经复议直接起诉.结果纠正", "review_litigation.litigation_direct.corrected"),
    ("行政事业性收费.本年增/减", "active_disclosure.fees.items_change"),
    ("规范性文件.本年制发件数", "active_disclosure.normative_documents.issued"),
    ("三、收到和处理政府信息公开申请情况.予以公开.总计", "requests.granted.total"),
    ("本年新收．总计", "requests.new.total"),  # a full-width dot
    ("本年新收 总计", "requests.new.total"),  # a space, as the web filter's example
    ("行政复议 结果纠正", "review_litigation.review.corrected"),
    ("行政事业性收费.本年增/减", "active_disclosure.fees.items_change"),  # a / in a label
])
def test_names_a_clerk_writes(name: str, path: str) -> None:
    assert resolve(name).path == path


def test_a_misspelt_path_names_the_nearest_cells() -> None:
    with pytest.raises(UnknownCell) as info:
        resolve("requests.nwe.total")
    assert info.value.candidates[0].path == "requests.new.total"
    assert "nearest: requests.new.total (一、本年新收政府信息公开申请数量 · 总计)" in str(info.value)


def test_labels_that_fit_no_cell_name_the_nearest() -> None:
    with pytest.raises(UnknownCell) as info:
        resolve("本年新收申请.总计")
    assert info.value.candidates[0].path == "requests.new.total"


def test_labels_that_fit_several_cells_say_which_and_how_to_pick_one() -> None:
    with pytest.raises(AmbiguousCell) as info:
        resolve("结果纠正")
    assert {c.row for c in info.value.candidates} == {
        "review", "litigation_direct", "litigation_after_review"}
    assert "e.g. '行政复议.结果纠正'" in str(info.value) and "\n" not in str(info.value)


def test_search_finds_cells_by_path_or_labels() -> None:
    assert {c.table for c in search("复议")} == {"review_litigation"}
    assert [c.path for c in search("requests.new.to")] == ["requests.new.total"]
    assert len(search("属于国家秘密")) == 7  # the row's seven columns
    assert search("administrative review", translate=lambda zh: {"行政复议": "Administrative review"}
                  .get(zh, zh))[0].path == "review_litigation.review.upheld"
