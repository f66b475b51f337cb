"""`nianbao cells`: every table cell a filter can name, by its path and by the labels the
official template prints for it (`parsers.cells`). Needs no archive."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated

import typer

from archive.cli.console import out
from archive.errors import NianbaoError

CELLS_EPILOG = """A cell is a row × a column of a printed table: `--where` and the web's filter take its path or its labels, the row's then the column's, joined by '.' or ' · '.
Any part of a label will do when the name fits one cell; a row without a column means its 总计.
A cell marked [2021] or [2019] is printed by that template only.

Examples:

  nianbao cells

  nianbao cells 复议

  nianbao cells --table requests --lang en

  nianbao search --where '本年新收.总计>100'      # the same as requests.new.total>100

  nianbao search --where '行政复议.结果纠正>=1'
"""


class CellsError(NianbaoError):
    """`nianbao cells` was asked for something no cell is."""


def register(app: typer.Typer) -> None:
    """Add `cells` to the nianbao command line."""
    app.command("cells", epilog=CELLS_EPILOG)(cells_command)


def english() -> Callable[[str], str]:
    """The English for a printed label (the web interface's catalogue, the one home of it)."""
    from archive.web.i18n import label

    return lambda zh: label(zh, "en")


def cells_command(
    words: Annotated[str | None, typer.Argument(
        help="Only cells whose path or labels contain this (复议, 不予公开, requests.new).")] = None,
    lang: Annotated[str, typer.Option(
        "--lang", help="zh: the labels as printed (default); en: their English meaning.")] = "zh",
    table: Annotated[str | None, typer.Option(
        "--table", help="Only one table: active_disclosure, requests or review_litigation "
        "(or part of its title, 申请).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
) -> None:
    """List the table cells of the record, grouped by table: each cell's path and the labels
    the template prints for it (in English with --lang en). Either can name the cell in
    `nianbao search --where` and in the web's filter."""
    from parsers.cells import CELLS, FORMATS, TABLE_TITLES, nearest, search

    if lang not in ("zh", "en"):
        raise CellsError(f"--lang {lang!r}: use zh (the printed labels) or en (English)")
    translate = english() if lang == "en" else None
    cells = list(CELLS)
    if table:
        keys = [k for k, title in TABLE_TITLES.items() if table in (k, title) or table in title]
        if not keys:
            raise CellsError(f"--table {table!r}: no such table; use one of "
                             f"{', '.join(TABLE_TITLES)}")
        cells = [c for c in cells if c.table in keys]
    if words:
        found = search(words, cells, translate)
        if not found:
            near = ", ".join(f"{c.path} ({c.name})" for c in nearest(words))
            raise CellsError(f"no cell's path or labels contain {words!r}"
                             + (f"; nearest: {near}" if near else "")
                             + "; run `nianbao cells` for the full list")
        cells = found
    if as_json:
        translate = translate or english()
        print(json.dumps([{"path": c.path, "table": c.table, "row": c.row, "column": c.column,
                           "labels": list(c.labels), "name": c.name, "label_path": c.label_path,
                           "english": c.words(translate), "kind": c.kind,
                           "formats": list(c.formats)} for c in cells],
                         ensure_ascii=False, indent=1))
        return
    width = max(len(c.path) for c in cells)
    shown_table = None
    for cell in cells:
        if cell.table != shown_table:
            title = TABLE_TITLES[cell.table]
            if shown_table is not None:
                out.print()
            out.print(f"{translate(title) if translate else title}  ({cell.table})",
                      style="bold", markup=False, highlight=False)
            shown_table = cell.table
        name = cell.words(translate) if translate else cell.name
        only = "" if set(cell.formats) == set(FORMATS) else f"  [{' '.join(cell.formats)}]"
        out.print(f"  {cell.path.ljust(width)}  {name}{only}", markup=False, highlight=False)


__all__ = ["CellsError", "cells_command", "register"]
