"""Consistency rules flag what does not add up and never change a number."""

from __future__ import annotations

import copy

from parsers import Check, Record, cross_year_checks, parse_text
from parsers.checks import table_checks
from parsers.templates import TEMPLATE_2021
from tests.parsers.parser_helpers import expected, sample_text

TABLES_002 = expected("002_0587ca1cc9f7563f")["tables"]


def failing(tables: dict) -> list[tuple[str, str, str | None]]:
    return [(c.rule, c.where, c.detail) for c in table_checks(TEMPLATE_2021, tables)]


def test_the_published_errors_of_002_are_flagged_as_printed() -> None:
    assert failing(TABLES_002) == [
        ("requests.balance", "natural_person", "580+9 != 587+1"),
        ("requests.balance", "research_institution", "0+0 != 1+0"),
    ]


def test_a_wrong_outcome_total_and_a_wrong_row_total() -> None:
    tables = copy.deepcopy(TABLES_002)
    tables["requests"]["granted"]["commercial_enterprise"] = 3  # 2 printed
    assert failing(tables)[2:] == [
        ("requests.total_handled", "commercial_enterprise", "sum of outcomes 3 != 2"),
        ("requests.row_total", "granted", "350+3+1+0+0+3 != 356"),
    ]


def test_review_litigation_totals() -> None:
    tables = copy.deepcopy(TABLES_002)
    tables["review_litigation"]["litigation_direct"]["total"] = 3
    assert ("review_litigation.total", "litigation_direct", "1+0+1+0 != 3") in failing(tables)


def test_rules_with_a_null_cell_are_not_evaluated() -> None:
    tables = copy.deepcopy(TABLES_002)
    tables["requests"]["new"]["natural_person"] = None
    assert ("requests.balance", "natural_person", "580+9 != 587+1") not in failing(tables)


def test_the_parser_does_not_fix_numbers() -> None:
    record = parse_text(sample_text("002_0587ca1cc9f7563f"))
    assert record.tables["requests"]["total_handled"]["natural_person"] == 587
    assert record.tables["requests"]["carried_over"]["natural_person"] == 9


def test_carried_over_must_equal_last_years_carried_forward() -> None:
    this_year = parse_text(sample_text("002_0587ca1cc9f7563f"))
    last_year = copy.deepcopy(this_year)
    last_year.year = 2023
    assert [c.to_dict() for c in cross_year_checks(last_year, this_year)] == [
        {"rule": "requests.carried_over", "where": "natural_person", "detail": "2024 carried over 9 != 2023 carried forward 1"},
        {"rule": "requests.carried_over", "where": "commercial_enterprise", "detail": "2024 carried over 0 != 2023 carried forward 1"},
        {"rule": "requests.carried_over", "where": "other_org", "detail": "2024 carried over 1 != 2023 carried forward 0"},
        {"rule": "requests.carried_over", "where": "total", "detail": "2024 carried over 10 != 2023 carried forward 2"},
    ]


def test_cross_year_agrees_and_accepts_dicts() -> None:
    this_year = parse_text(sample_text("002_0587ca1cc9f7563f")).to_dict()
    last_year = copy.deepcopy(this_year)
    last_year["year"] = 2023
    last_year["tables"]["requests"]["carried_forward"] = dict(this_year["tables"]["requests"]["carried_over"])
    assert cross_year_checks(last_year, this_year) == []


def test_cross_year_needs_consecutive_years() -> None:
    record = parse_text(sample_text("002_0587ca1cc9f7563f"))
    assert cross_year_checks(record, record) == []
    assert cross_year_checks(Record(year=2022), record) == []


def test_check_json_leaves_out_an_empty_detail() -> None:
    assert Check("cell.missing", "requests.new.total").to_dict() == {"rule": "cell.missing", "where": "requests.new.total"}
