"""However extraction laid a report out, the record is the same.

Property tests re-lay the samples (and the 2019 fixture) out at random the ways real
extractors do (rows merged or split, cells wrapped mid-word, tabs as newlines or spaces,
stray spaces, full-width digits) and require the very same record. Example tests show
the layouts the extraction layer promises (merged cells repeated in every grid position)
and what happens when extraction loses text."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import parse_text
from tests.parsers.parser_helpers import (
    SAMPLE_STEMS,
    expected,
    fixture_text,
    grid_text,
    relayout,
    sample_text,
)

TEXTS = {stem: sample_text(stem) for stem in SAMPLE_STEMS}
TEXTS["2019"] = fixture_text("2019_qingshi_natural_resources.txt")
TEXTS["grid"] = grid_text(expected("002_0587ca1cc9f7563f"))  # an extractor's grid
RECORDS = {name: parse_text(text).to_dict() for name, text in TEXTS.items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(TEXTS)), seed=st.integers(0, 2**32 - 1))
def test_any_relayout_gives_the_same_record(name: str, seed: int) -> None:
    text = relayout(TEXTS[name], random.Random(seed))
    assert parse_text(text).to_dict() == RECORDS[name]


@settings(max_examples=25, deadline=None)
@given(name=st.sampled_from(sorted(TEXTS)), seed=st.integers(0, 2**32 - 1))
def test_heavy_relayout_gives_the_same_record(name: str, seed: int) -> None:
    text = relayout(TEXTS[name], random.Random(seed), tabs=0.9, wraps=0.8, merges=0.6,
                    spaces=0.6, fullwidth=1.0)
    assert parse_text(text).to_dict() == RECORDS[name]


def test_every_tab_a_newline_is_one_cell_per_line() -> None:
    stem = "000_d707c82d816c5970"
    record = parse_text(TEXTS[stem].replace("\t", "\n")).to_dict()
    assert record["tables"] == expected(stem)["tables"]
    assert record["checks"] == []


def test_windows_line_ends_and_full_width_digits() -> None:
    stem = "002_0587ca1cc9f7563f"
    text = TEXTS[stem].replace("\n", "\r\n").translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_text(text).to_dict() == RECORDS[stem]


# ------------------------------------------------------- the extraction layer's contract
def test_extractor_grid_with_repeated_merged_cells() -> None:
    want = expected("002_0587ca1cc9f7563f")
    record = parse_text(grid_text(want)).to_dict()
    assert record["format"] == "2021"
    assert record["tables"] == want["tables"]
    assert record["checks"] == want["checks"]
    assert record["sections"]["active_disclosure"] == ""
    assert record["sections"]["review_litigation"] == ""


# ------------------------------------------------------------------ text lost in extraction

def test_digits_run_together_are_not_guessed() -> None:
    text = sample_text("001_d24b5322b0421a36").replace(
        "一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0", "一、本年新收政府信息公开申请数量 801000081")
    record = parse_text(text)
    assert set(record.tables["requests"]["new"].values()) == {None}
    ambiguous = record.failing("cell.ambiguous")
    assert [(c.where, "run together" in (c.detail or "")) for c in ambiguous] == [("requests.new", True)]
    assert len(record.failing("cell.missing")) == 7
    # the rules that need the lost row are not evaluated, so nothing else is flagged
    assert {c.rule for c in record.checks} == {"cell.ambiguous", "cell.missing"}


def test_a_lost_cell_nulls_its_row_rather_than_shifting_values() -> None:
    text = sample_text("002_0587ca1cc9f7563f").replace(
        "\t一、本年新收政府信息公开申请数量\n\t580\n\t3\n", "\t一、本年新收政府信息公开申请数量\n\t580\n")
    record = parse_text(text)
    assert set(record.tables["requests"]["new"].values()) == {None}
    assert record.tables["requests"]["carried_over"]["natural_person"] == 9
    assert [c.where for c in record.failing("cell.ambiguous")] == ["requests.new"]


def test_an_empty_cell_in_a_tab_row_is_null() -> None:
    text = sample_text("004_7063f1814de91bcc").replace(
        "二、上年结转政府信息公开申请数量\t\t0\t0\t0", "二、上年结转政府信息公开申请数量\t\t0\t\t0")
    record = parse_text(text)
    assert record.tables["requests"]["carried_over"] == {
        "natural_person": 0, "commercial_enterprise": None, "research_institution": 0,
        "public_interest_org": 0, "legal_service_org": 0, "other_org": 0, "total": 0}
    assert [(c.rule, c.where) for c in record.checks] == [
        ("cell.missing", "requests.carried_over.commercial_enterprise")]
