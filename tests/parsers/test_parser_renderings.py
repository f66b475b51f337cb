"""The reader against text laid out the ways other tools lay it out.

Every sample record (the five expected fixtures and two records of varied numbers) is
rendered in every layout of `tests.parsers.renderings` with several seeds, parsed back,
and compared cell by cell with the numbers the rendering prints. The hard rule: no number
may come back that the text did not print in that cell. Nulls are allowed for at most 0.5%
of a layout's cells, except in layouts where an empty cell leaves no trace (there a reader
can only refuse, never guess). Run with `-s` for the per-layout accuracy table;
bench/bench_renderings.py prints it for more seeds.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import pytest

from parsers import parse_text
from tests.parsers.renderings import (
    BLANK_AMBIGUOUS,
    LAYOUTS,
    Tally,
    measure,
    sample_records,
    summary,
    unavailable,
)

SEEDS = range(3)
RECORDS = sample_records()
MAX_NULL_RATE = 0.005
#: Layouts whose blank cells are visible but still cost the whole row (or, for partial
#: columns, the whole table): the reader's known gaps, measured by bench/bench_renderings.py.
#: Strict xfail, so a fix that closes a gap must also remove it from here.
NOT_YET = {
    "spaces_wrapped": "a short row whose two nearest full rows are not both aligned is left null",
    "pipes_md_markdownify": "a row one cell short under a rowspan (markdownify) is left null",
    "cells_blank_lines": "a blank line is not taken as a blank cell",
    "row_numbers": "a row with a blank cell in columns that are not aligned is left null",
    "page_break": "a header repeated after a page break costs the rows around it",
    "partial_columns": "read by its header, but its rows with a blank cell are left null",
    "partial_columns_some": "read by its header, but its rows with a blank cell are left null",
}
_measured: dict[str, Tally | str] = {}


@cache
def tally(layout: str) -> Tally:
    """Every record x seed of one layout, parsed and compared (once per session)."""
    found = measure(layout, RECORDS, SEEDS, parse_text)
    _measured[layout] = found
    return found


def _needs(layout: str) -> None:
    reason = unavailable(layout)
    if reason:
        _measured[layout] = reason
        pytest.skip(reason)


def _shown(t: Tally, kind: str) -> str:
    rows = [e for e in t.examples if (e[4] is None) == (kind == "null")][:12]
    return "\n".join(f"  {name} seed {seed}: {path} printed {want!r}, read {have!r}"
                     for name, seed, path, want, have in rows)


@pytest.fixture(scope="module", autouse=True)
def _print_summary() -> Iterator[None]:
    """With -s: the accuracy table of the layouts measured in this run."""
    yield
    if _measured:
        print("\n" + summary(dict(sorted(_measured.items(), key=lambda kv: list(LAYOUTS).index(kv[0])))))


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_no_number_that_was_not_printed(layout: str) -> None:
    _needs(layout)
    t = tally(layout)
    assert t.wrong == 0, f"{t.wrong} of {t.cells} cells wrong in {layout}:\n{_shown(t, 'wrong')}"


@pytest.mark.parametrize("layout", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=NOT_YET[name])) if name in NOT_YET
    else name for name in LAYOUTS if name not in BLANK_AMBIGUOUS])
def test_printed_numbers_are_read(layout: str) -> None:
    _needs(layout)
    t = tally(layout)
    assert t.null_rate <= MAX_NULL_RATE, (
        f"{t.null} of {t.cells} cells ({100 * t.null_rate:.1f}%) null in {layout}:\n{_shown(t, 'null')}")


def test_the_renderings_print_what_the_record_holds() -> None:
    """The generator itself: each rendering prints every non-null number it claims."""
    import random

    record = RECORDS["varied_2021"]
    for layout in LAYOUTS:
        if unavailable(layout):
            continue
        text = LAYOUTS[layout](record, random.Random(0))
        digits = text.translate(str.maketrans("０１２３４５６７８９", "0123456789")).replace(",", "")
        for row in text.truth["requests"].values():
            for value in row.values():
                if value is not None:
                    assert str(value) in digits, (layout, value)
