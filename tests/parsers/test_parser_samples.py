"""The five real sample reports parse to the records read off them by hand
(tests/fixtures/expected/*.json): metadata, all 200 cells, the checks, and where each
part's text begins and ends."""

from __future__ import annotations

import json

import pytest

from parsers import Record, parse_text
from tests.parsers.parser_helpers import SAMPLE_STEMS, cells, expected, sample_text


@pytest.fixture(scope="module", params=SAMPLE_STEMS)
def sample(request: pytest.FixtureRequest) -> tuple[dict, dict]:
    stem = request.param
    return parse_text(sample_text(stem)).to_dict(), expected(stem)


def test_there_are_five_samples() -> None:
    assert len(SAMPLE_STEMS) == 5


def test_metadata(sample: tuple[dict, dict]) -> None:
    got, want = sample
    assert (got["schema"], got["format"], got["title"], got["agency"], got["year"]) == (
        want["schema"], want["format"], want["title"], want["agency"], want["year"])


def test_every_cell(sample: tuple[dict, dict]) -> None:
    got, want = sample
    got_cells, want_cells = cells(got["tables"]), cells(want["tables"])
    assert len(want_cells) == 200
    wrong = {k: (got_cells.get(k), v) for k, v in want_cells.items() if got_cells.get(k) != v}
    assert not wrong, f"cells differ (got, want): {wrong}"
    assert set(got_cells) == set(want_cells)


def test_checks(sample: tuple[dict, dict]) -> None:
    got, want = sample
    assert got["checks"] == want["checks"]


def test_sections(sample: tuple[dict, dict]) -> None:
    got, want = sample
    for key, excerpt in want["sections_excerpt"].items():
        text = got["sections"][key]
        assert text is not None, key
        assert text.startswith(excerpt["starts"]), (key, text[:60])
        assert text.endswith(excerpt["ends"]), (key, text[-60:])


def test_only_the_two_real_errors_of_002_fail() -> None:
    checks = [c for stem in SAMPLE_STEMS for c in parse_text(sample_text(stem)).checks]
    assert [(c.rule, c.where, c.detail) for c in checks] == [
        ("requests.balance", "natural_person", "580+9 != 587+1"),
        ("requests.balance", "research_institution", "0+0 != 1+0"),
    ]


def test_003_total_row_shifted_by_one_column_reads_the_same() -> None:
    record = parse_text(sample_text("003_ed60ee903ad4e3a2"))
    assert record.tables["requests"]["total_handled"] == {
        "natural_person": 0, "commercial_enterprise": 0, "research_institution": 0,
        "public_interest_org": 0, "legal_service_org": 0, "other_org": 0, "total": 0}


def test_002_preface_names_every_part_but_is_no_heading() -> None:
    sections = parse_text(sample_text("002_0587ca1cc9f7563f")).sections
    assert sections["preface"].startswith("编制说明")
    assert sections["overview"].startswith("（一）主动公开。")


def test_record_round_trips_through_json(sample: tuple[dict, dict]) -> None:
    got, _ = sample
    again = Record.from_dict(json.loads(json.dumps(got, ensure_ascii=False))).to_dict()
    assert again == got


def test_record_keys_are_the_schema_plus_parser_and_source(sample: tuple[dict, dict]) -> None:
    got, _ = sample
    assert list(got) == ["schema", "format", "title", "agency", "year", "tables", "sections",
                         "checks", "parser", "source"]
    assert got["parser"]["name"] == "nianbao" and got["parser"]["version"]
    assert list(got["tables"]) == ["active_disclosure", "requests", "review_litigation"]
    assert list(got["tables"]["requests"]) == [
        "new", "carried_over", "granted", "partially_granted", "denied_state_secret",
        "denied_prohibited_by_law", "denied_security_stability", "denied_third_party_rights",
        "denied_internal_affairs", "denied_process_info", "denied_enforcement_files",
        "denied_query_matters", "unavailable_not_held", "unavailable_needs_creation",
        "unavailable_unclear", "not_processed_petition", "not_processed_repeated",
        "not_processed_publications", "not_processed_excessive", "not_processed_confirmation",
        "other_no_correction", "other_fee_unpaid", "other_other", "total_handled", "carried_forward"]
    assert set(got["sections"]) >= {"overview", "active_disclosure", "requests",
                                    "review_litigation", "problems", "other"}
