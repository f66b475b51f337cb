"""Spreadsheet attachments (.xlsx through openpyxl, .xls through xlrd): every sheet as a
table grid, merged ranges repeated in every cell they cover."""

from __future__ import annotations

import io

from parsers.document import Extraction, library_version
from parsers.grid import Block, Table, clean_cell
from parsers.limits import DEFAULT_LIMITS, Limits, Malformed, TooLarge
from parsers.sniff import XLS, XLSX
from parsers.word import check_zip

VERSION = "sheet/1"


def cell_text(value: object) -> str:
    """A cell value as printed: 12.0 -> '12', 7730.28 -> '7730.28', None -> ''."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return clean_cell(str(value))


def _blocks(sheets: list[tuple[str, list[list[str]]]]) -> list[Block]:
    """A sheet's rows: rows with one filled cell are paragraphs (titles, headings); runs
    of rows with several (merged cells count once per column they cover) are a table."""
    blocks: list[Block] = []
    for _name, grid in sheets:
        run: list[list[str]] = []
        for row in grid + [[]]:
            filled = [c for c in row if c]
            if len(filled) >= 2:
                run.append(row)
                continue
            if run:
                width = max(len(r) for r in run)
                used = [c for c in range(width) if any(c < len(r) and r[c] for r in run)]
                blocks.append(Table([[r[c] if c < len(r) else "" for c in used] for r in run]))
                run = []
            if filled:
                blocks.append(filled[0])
    return blocks


def extract_xlsx(
    data: bytes,
    *,
    media_type: str | None = None,
    url: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Extraction:
    """An .xlsx workbook -> paragraphs and tables, sheet by sheet."""
    import openpyxl

    check_zip(data, limits, "XLSX")
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise Malformed(f"the XLSX cannot be opened ({type(exc).__name__})") from None
    sheets = []
    for ws in wb.worksheets:
        if ws.max_row * ws.max_column > limits.max_sheet_cells:
            raise TooLarge(
                f"sheet {ws.title!r} has {ws.max_row * ws.max_column:,} cells (Limits.max_sheet_cells)"
            )
        grid = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        for rng in ws.merged_cells.ranges:
            text = grid[rng.min_row - 1][rng.min_col - 1]
            for r in range(rng.min_row - 1, rng.max_row):
                for c in range(rng.min_col - 1, rng.max_col):
                    grid[r][c] = text
        sheets.append((ws.title, grid))
    return Extraction(
        extractor="sheet",
        extractor_version=f"{VERSION} {library_version('openpyxl')}",
        media_type=XLSX,
        blocks=_blocks(sheets),
    )


def extract_xls(
    data: bytes,
    *,
    media_type: str | None = None,
    url: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Extraction:
    """A legacy .xls workbook -> paragraphs and tables, sheet by sheet."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except Exception as exc:  # xlrd.XLRDError, struct errors, …
        raise Malformed(f"the XLS cannot be opened ({type(exc).__name__}: {exc})") from None
    sheets = []
    for sh in book.sheets():
        if sh.nrows * sh.ncols > limits.max_sheet_cells:
            raise TooLarge(
                f"sheet {sh.name!r} has {sh.nrows * sh.ncols:,} cells (Limits.max_sheet_cells)"
            )
        grid = [[cell_text(sh.cell_value(r, c)) for c in range(sh.ncols)] for r in range(sh.nrows)]
        for r0, r1, c0, c1 in sh.merged_cells:
            text = grid[r0][c0]
            for r in range(r0, r1):
                for c in range(c0, c1):
                    grid[r][c] = text
        sheets.append((sh.name, grid))
    return Extraction(
        extractor="sheet",
        extractor_version=f"{VERSION} {library_version('xlrd')}",
        media_type=XLS,
        blocks=_blocks(sheets),
    )
