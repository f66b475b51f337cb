"""A grid row wrapped by extraction: the rest of the row on the next line is the table's.

An extractor's grid repeats a merged cell's value in every grid position it covers
(`行政事业性收费\t33608\t33608\t33608`). When the row is wrapped, the repeats left on the next
line are part of the row, not the part's text; any other numbers stay text."""

from __future__ import annotations

import random

import pytest

from parsers import parse_text
from tests.parsers.parser_helpers import expected, grid_text, relayout

STEM = "002_0587ca1cc9f7563f"
WANT = expected(STEM)
GRID = grid_text(WANT)
FEES_HEADER = "信息内容\t本年收费金额（单位：万元）\t本年收费金额（单位：万元）\t本年收费金额（单位：万元）"
FEES_ROW = "行政事业性收费\t33608\t33608\t33608"


def _wrapped(rest: str) -> str:
    """The grid with the fees header and row printed two cells wide, the row's other
    cells (or whatever is given) on the lines after it."""
    assert FEES_HEADER in GRID and FEES_ROW in GRID
    return GRID.replace(FEES_HEADER, "信息内容\t本年收费金额（单位：万元）").replace(
        FEES_ROW, "行政事业性收费\t33608" + rest)


def test_relayout_seed_12814706_wraps_the_fees_row() -> None:
    # Found by test_any_relayout_gives_the_same_record: `行政事业性收费\t33608\n33608 33608`.
    text = relayout(GRID, random.Random(12814706))
    assert "行政事业性收费\t33608\n33608 33608\n" in text
    record = parse_text(text).to_dict()
    assert record["sections"]["active_disclosure"] == ""
    assert record == parse_text(GRID).to_dict()


def test_relayout_seed_1016483_leaves_a_blank_cell_after_the_remainder() -> None:
    text = relayout(GRID, random.Random(1016483))
    assert "行政事业性收费\t33608\n33608\t33608\t\n" in text
    assert parse_text(text).to_dict() == parse_text(GRID).to_dict()


@pytest.mark.parametrize("rest", [
    "\n33608 33608", "\n33608\n33608", "\n33608\t33608", "\n３３６０８ 33608",
    "\n33608\t33608\t",  # merged with the blank line after it: a blank cell at its end
])
def test_the_merged_cells_repeats_on_the_next_line_are_the_rows(rest: str) -> None:
    record = parse_text(_wrapped(rest)).to_dict()
    assert record["tables"] == WANT["tables"]
    assert record["sections"]["active_disclosure"] == ""


@pytest.mark.parametrize(("rest", "kept"), [
    ("\n33608 12", "33608 12"),  # not the value read for the row
    ("\n12", "12"),
    ("\n\n33608 33608", "33608 33608"),  # a blank line between: not the row's remainder
    ("\n33608 33608 见附表。", "33608 33608见附表。"),  # text on the line: kept whole
])
def test_other_numbers_after_the_row_stay_text(rest: str, kept: str) -> None:
    record = parse_text(_wrapped(rest)).to_dict()
    assert record["tables"] == WANT["tables"]
    assert record["sections"]["active_disclosure"] == kept


def test_prose_after_the_wrapped_remainder_is_kept() -> None:
    record = parse_text(_wrapped("\n33608 33608\n收费已全部公开。")).to_dict()
    assert record["tables"] == WANT["tables"]
    assert record["sections"]["active_disclosure"] == "收费已全部公开。"
