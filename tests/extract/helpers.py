"""Helpers shared by the extraction tests."""

from __future__ import annotations

from tests.fixtures import make_fixtures as mf

STEMS = [p.stem for p in mf.REPORTS]


def cells(tables: dict) -> dict[str, object]:
    """{"requests.new.total": 585, …}: every cell of a record's tables by dotted path."""
    out: dict[str, object] = {}
    for tname, table in (tables or {}).items():
        for rkey, row in (table or {}).items():
            if isinstance(row, dict):
                out.update({f"{tname}.{rkey}.{ck}": v for ck, v in row.items()})
    return out


def expected_grids(doc: mf.ReportDoc) -> list[list[list[str]]]:
    """The generator's own tables as full grids, cells cleaned per the text contract."""
    from parsers.grid import clean_cell

    return [[[clean_cell(c) for c in row] for row in t.grid()] for t in doc.tables]
