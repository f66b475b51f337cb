"""Statistics tables of free-form (pre-2019) reports, kept as rows of {label, values}.

Before the 2019 template every agency printed its own table (指标 / 单位 / 数量 …), so
nothing is mapped to keys: each table row that prints at least one number is kept with
its label (its first text) and its other cells in order, numbers read as numbers, text
(units) kept as printed, empty cells as null. Rows come from tab-separated lines (HTML,
Word, sheets) and from blocks of three or more short `label [unit] number` lines (PDF).
"""

from __future__ import annotations

from typing import Any

from parsers.normalize import normalize_text
from parsers.numbers import read_value

MAX_ROWS = 2_000
MAX_PLAIN_ROW = 60  # characters in a row printed without tabs
MIN_PLAIN_BLOCK = 3  # consecutive such rows that make a table
UNITS = frozenset({"条", "件", "个", "项", "次", "人次", "万元", "元", "份", "期", "场", "%"})


def statistics_rows(lines: list[str]) -> list[dict[str, Any]]:
    """The rows of the tables in `lines` that print a number."""
    rows: list[dict[str, Any]] = []
    block: list[dict[str, Any]] = []
    for line in lines:
        if len(rows) >= MAX_ROWS:
            break
        if "\t" in line:
            rows.extend(_flush(block))
            row = _tab_row(line)
            if row:
                rows.append(row)
            continue
        if not line.strip():
            continue
        row = _plain_row(line)
        if row:
            block.append(row)
        else:
            rows.extend(_flush(block))
    rows.extend(_flush(block))
    return rows[:MAX_ROWS]


def _flush(block: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The block's rows if it is long enough to be a table (and empty the block)."""
    out = list(block) if len(block) >= MIN_PLAIN_BLOCK else []
    block.clear()
    return out


def _tab_row(line: str) -> dict[str, Any] | None:
    cells = [c.strip() for c in line.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    label_at = next((i for i, c in enumerate(cells) if c and read_value(c.replace(" ", "")) is None), None)
    if label_at is None:
        return None
    values: list[Any] = []
    for cell in cells[label_at + 1:]:
        value = read_value(cell.replace(" ", "")) if cell else None
        values.append(None if not cell else value.number if value else normalize_text(cell))
    if not any(isinstance(v, int | float) for v in values):
        return None
    return {"label": normalize_text(cells[label_at]), "values": values}


def _plain_row(line: str) -> dict[str, Any] | None:
    """`主动公开政府信息数 条 1268`: label pieces, then only units and numbers."""
    stripped = line.strip()
    if len(stripped) > MAX_PLAIN_ROW:
        return None
    pieces = stripped.split()
    cut = next((i for i, p in enumerate(pieces) if p in UNITS or read_value(p) is not None), None)
    if not cut:  # None, or a line that starts with a number
        return None
    values: list[Any] = []
    for piece in pieces[cut:]:
        value = read_value(piece)
        if value is None and piece not in UNITS:
            return None
        values.append(value.number if value else piece)
    if not any(isinstance(v, int | float) for v in values):
        return None
    return {"label": normalize_text(" ".join(pieces[:cut])), "values": values}
