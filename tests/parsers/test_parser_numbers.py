"""How one printed cell is read: numbers, zero marks, units; and what is refused."""

from __future__ import annotations

import pytest

from parsers.numbers import read_value, to_field
from parsers.templates import AMOUNT, COUNT, SIGNED


@pytest.mark.parametrize(("printed", "number"), [
    ("0", 0), ("12", 12), ("１２", 12), ("474,394", 474394), ("474，394", 474394),
    ("33608", 33608), ("12.5", 12.5), ("0件", 0), ("35条", 35), ("85.6万元", 85.6),
    ("-3", -3), ("+2", 2), ("－3", -3), ("增加3", 3), ("减少2", -2), ("减1项", -1), ("持平", 0),
])
def test_numbers_as_printed(printed: str, number: float) -> None:
    value = read_value(printed)
    assert value is not None and value.number == number


@pytest.mark.parametrize("mark", ["无", "-", "—", "－", "/", "／", "——", "--", "―"])
def test_marks_for_zero(mark: str) -> None:
    value = read_value(mark)
    assert value is not None and value.number == 0 and value.mark


@pytest.mark.parametrize("text", [
    "", "1.", "1、", "规章", "2024年", "第711号", "12,34", "---", "3.危及", "1,2,3", "0574-89285667",
    "增减", "本年增/减", "减少", "无正当理由",
])
def test_labels_and_words_are_not_values(text: str) -> None:
    assert read_value(text) is None


def test_unit_is_kept() -> None:
    value = read_value("85.6万元")
    assert value is not None and value.unit == "万元"


def test_a_count_is_a_whole_number_at_least_zero() -> None:
    assert to_field(read_value("7"), COUNT) == (7, None)  # type: ignore[arg-type]
    assert to_field(read_value("7.0"), COUNT) == (7, None)  # type: ignore[arg-type]
    number, why = to_field(read_value("7.5"), COUNT)  # type: ignore[arg-type]
    assert number is None and "whole" in (why or "")
    number, why = to_field(read_value("-2"), COUNT)  # type: ignore[arg-type]
    assert number is None and "negative" in (why or "")


def test_amounts_may_be_fractional_and_changes_negative() -> None:
    assert to_field(read_value("0.35"), AMOUNT) == (0.35, None)  # type: ignore[arg-type]
    assert to_field(read_value("-2"), SIGNED) == (-2, None)  # type: ignore[arg-type]
    assert to_field(read_value("-"), SIGNED) == (0, None)  # type: ignore[arg-type]
