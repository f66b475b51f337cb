"""Never numbers from nowhere: when extraction loses a cell or runs two cells' digits
together, the affected cells become null (with a check saying why) and every other cell
keeps its printed value. No cell ever takes a wrong number."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import parse_text
from tests.parsers.parser_helpers import (
    SAMPLE_STEMS,
    cells,
    expected,
    fixture_text,
    grid_text,
    sample_text,
)

TEXTS = {stem: sample_text(stem) for stem in SAMPLE_STEMS}
TEXTS["2019"] = fixture_text("2019_qingshi_natural_resources.txt")
TEXTS["grid"] = grid_text(expected("002_0587ca1cc9f7563f"))  # an extractor's grid
WANT = {name: cells(parse_text(text).to_dict()["tables"]) for name, text in TEXTS.items()}
# A printed value in a table: digits standing alone (not the numbering `1.`, not `2024年`).
_VALUE = re.compile(r"(?<![\w.．+\-])[+-]?\d+(?:\.\d+)?(?![\w.．])")


def _zone(text: str) -> tuple[int, int]:
    start = re.search(r"(?m)^[#\s]*(二、)?主动公开政府信息(的)?情况\s*$", text)
    end = re.search(r"(?m)^[#\s]*五、", text)
    assert start and end
    return start.end(), end.start()


def _values(text: str) -> list[re.Match[str]]:
    lo, hi = _zone(text)
    return [m for m in _VALUE.finditer(text, lo, hi)]


@settings(max_examples=80, deadline=None)
@given(name=st.sampled_from(sorted(TEXTS)), pick=st.integers(0, 10_000), how=st.sampled_from(["drop", "join", "blank"]))
def test_damaged_cells_are_null_never_wrong(name: str, pick: int, how: str) -> None:
    text = TEXTS[name]
    values = _values(text)
    m = values[pick % len(values)]
    if how == "drop":  # the cell and its separator vanish
        damaged = text[:m.start()].rstrip(" \t") + text[m.end():]
        if text[:m.start()].endswith("\n") or text[:m.start()].endswith("\t"):
            damaged = text[:m.start() - 1] + text[m.end():]
    elif how == "join":  # the separator to the next value vanishes: digits run together
        following = [v for v in values if v.start() > m.end()]
        if not following or text[m.end():following[0].start()].strip():
            return
        damaged = text[:m.end()] + text[following[0].start():]
    else:  # the cell is blank
        damaged = text[:m.start()] + text[m.end():]
    record = parse_text(damaged)
    got = cells(record.to_dict()["tables"])
    wrong = {k: (got.get(k), v) for k, v in WANT[name].items() if got.get(k) not in (v, None)}
    assert not wrong, f"wrong numbers after {how} at {m.group()!r}: {wrong}"
    nulls = [k for k, v in got.items() if v is None and not k.endswith("_unit")]
    missing = {c.where for c in record.checks if c.rule == "cell.missing"}
    assert set(nulls) == missing  # every null says so
