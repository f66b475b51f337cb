"""Reading filters: what users type, and what they get told when it is wrong."""

from __future__ import annotations

import pytest

from archive.filters import CellFilter, FilterError, Filters


def test_filters_read_from_strings_and_written_back() -> None:
    f = Filters.parse(["year=2020-2024", "agency=北仑", "check=any",
                       "requests.new.total>100", "review_litigation.review.corrected>=1",
                       "all-versions"])
    assert f.years == (2020, 2024) and f.year is None and f.check == "any" and f.all_versions
    assert f.where == [CellFilter(("requests", "new", "total"), ">", 100),
                       CellFilter(("review_litigation", "review", "corrected"), ">=", 1)]
    assert Filters.parse(f.to_strings()) == f


def test_options_and_full_width_input() -> None:
    f = Filters.from_options(year="2024", where=["tables.requests.new.total＞１００"])
    assert f.year == 2024 and str(f.where[0]) == "requests.new.total>100"


@pytest.mark.parametrize(("bad", "message"), [
    ("yr=2024", "unknown filter 'yr'"),
    ("year=20x", "a year is a number"),
    ("year>2024", "year takes '='"),
    ("years=2024-2020", "backwards"),
    ("requests.new>1", "TABLE.ROW.COLUMN"),
    ("foo.a.b>1", "unknown table 'foo'"),
    ("requests.new.total>many", "'many' is not a number"),
    ("requests.new.total", "expected KEY=VALUE"),
])
def test_a_malformed_filter_is_one_line_naming_the_problem(bad: str, message: str) -> None:
    with pytest.raises(FilterError, match=message) as info:
        Filters.parse([bad])
    assert "\n" not in str(info.value)
