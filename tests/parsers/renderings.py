"""A report record rendered back to text the many ways real extraction tools lay tables out.

`LAYOUTS` maps a layout's name to a function `(record dict, rng) -> Rendering`: the whole
report as text (title line, the six part headings with their texts, the three tables in
their parts, printed with the template's labels from `parsers.layout` and the record's
numbers; a null cell printed blank). A `Rendering` is a `str` that also carries `truth`: the
record's tables as the text prints them (a layout that leaves columns out, as a department
printing only 自然人 and 总计 does, nulls the cells it does not print).

Each layout imitates one kind of tool, and randomises within its style through the rng:
tab-separated rows, fixed-width columns (`pdftotext -layout`, `w3m -dump`), Markdown pipe
tables (pandoc, markitdown, docling), bare / full-width / box-drawing bars (html2text,
w3m, lynx), one cell per line, PDF text that wraps labels mid-word, poppler's raw mode
emitting a table column by column, CSV, row-number columns, page breaks inside a table.
Where the real tool is installed (poppler's pdftotext, pypdfium2, html2text, w3m, lynx)
its real output is a layout too; `unavailable(name)` says why one cannot run here.

`BLANK_AMBIGUOUS` names the layouts in which an empty cell leaves no trace (it is simply
not printed), so a reader can only tell that a row is short, not which cell is missing:
there a null is acceptable, a wrong number never.

`distinct_record(fmt, seed)` is a record of the template whose cells hold varied non-zero
numbers (adding up as the template says) and a few blanks: with the real fixtures mostly
zeros, it is what shows a value read from the wrong column.
"""

from __future__ import annotations

import copy
import csv
import io
import random
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from parsers.layout import APPLICANT_COLUMNS, TableLayout, cell_value, layouts_for

# The six part headings as the templates print them, with the table each part holds.
PARTS: tuple[tuple[str, str, str | None], ...] = (
    ("overview", "一、总体情况", None),
    ("active_disclosure", "二、主动公开政府信息情况", "active_disclosure"),
    ("requests", "三、收到和处理政府信息公开申请情况", "requests"),
    ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况", "review_litigation"),
    ("problems", "五、存在的主要问题及改进情况", None),
    ("other", "六、其他需要报告的事项", None),
)

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # TrueType: reportlab embeds it


class Rendering(str):
    """Report text, with `truth`: the record's tables as this text prints them."""

    truth: dict[str, Any]

    def __new__(cls, text: str, truth: dict[str, Any]) -> Rendering:
        obj = super().__new__(cls, text)
        obj.truth = truth
        return obj


# ------------------------------------------------------------------------------ the grid
@dataclass(frozen=True)
class Box:
    """One printed cell placed in its table's grid (merged cells span rows/columns)."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    path: str | None = None  # set for a value cell

    @property
    def is_value(self) -> bool:
        return self.path is not None


@dataclass(frozen=True)
class Grid:
    """A table as boxes on a grid of `rows` x `cols` positions."""

    key: str
    boxes: tuple[Box, ...]
    rows: int
    cols: int
    head_rows: int  # rows of the column header block

    def dense(self, fill: str = "repeat") -> list[list[str]]:
        """Every grid position's text. `repeat`: a merged cell's text in each position it
        covers (HTML extractors, docling); `once`: in its top-left one only (Excel, CSV);
        `columns`: repeated across its columns, once down its rows."""
        out = [[""] * self.cols for _ in range(self.rows)]
        for b in self.boxes:
            for r in range(b.row, b.row + b.rowspan):
                for c in range(b.col, b.col + b.colspan):
                    if fill == "repeat" or (r, c) == (b.row, b.col) or (fill == "columns" and r == b.row):
                        out[r][c] = b.text
        return out

    def starting(self, r: int) -> list[Box]:
        """The boxes whose top row is `r`, left to right."""
        return sorted((b for b in self.boxes if b.row == r), key=lambda b: b.col)

    def drop_columns(self, drop: set[int]) -> Grid:
        """The grid without some columns (a box losing all its columns goes)."""
        kept = [c for c in range(self.cols) if c not in drop]
        new_index = {c: i for i, c in enumerate(kept)}
        boxes = []
        for b in self.boxes:
            cols = [new_index[c] for c in range(b.col, b.col + b.colspan) if c in new_index]
            if cols:
                boxes.append(replace(b, col=cols[0], colspan=len(cols)))
        return Grid(self.key, tuple(boxes), self.rows, len(kept), self.head_rows)


def number_text(value: Any) -> str:
    """A cell value as a clerk prints it: blank for null, no trailing .0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def make_grid(layout: TableLayout, tables: dict[str, Any],
              show: Callable[[Any], str] = number_text) -> Grid:
    """A template table (parsers.layout) filled with a record's values."""
    boxes = []
    for r, c, cell in layout.positions():
        text = show(cell_value(tables, cell.path)) if cell.path else cell.text
        boxes.append(Box(r, c, cell.rowspan, cell.colspan, text, cell.path))
    head = min((b.row for b in boxes if b.is_value), default=0)
    rows = max(b.row + b.rowspan for b in boxes)
    cols = max(b.col + b.colspan for b in boxes)
    return Grid(layout.key, tuple(boxes), rows, cols, head)


def grids(record: dict[str, Any], show: Callable[[Any], str] = number_text) -> dict[str, Grid]:
    """The record's three tables as grids, by table key."""
    return {lay.key: make_grid(lay, record["tables"], show)
            for lay in layouts_for(record["format"], record["tables"])}


# ------------------------------------------------------------------------- the document
def section_texts(record: dict[str, Any]) -> dict[str, str]:
    """The narrative text of each part: the record's sections, or the fixture's excerpt
    (its first and last words), or 无。"""
    sections = record.get("sections") or {}
    excerpt = record.get("sections_excerpt") or {}
    out = {}
    for key in ("preface", *(k for k, _, _ in PARTS)):
        if isinstance(sections.get(key), str) and sections[key]:
            out[key] = sections[key]
        elif excerpt.get(key, {}).get("starts"):
            e = excerpt[key]
            out[key] = e["starts"] + "……" + e["ends"] if e["ends"] != e["starts"] else e["starts"]
        elif key in ("problems", "other"):
            out[key] = "无。"
    return out


def document(record: dict[str, Any], tables: dict[str, str], rng: random.Random,
             heading: str = "", gap: str = "\n") -> str:
    """The whole report: title, preface, the six parts, each table's text in its part.
    `heading` prefixes part headings (`## ` in Markdown); `gap` separates blocks."""
    texts = section_texts(record)
    blocks = [record.get("title") or f"{record['agency']}{record['year']}年政府信息公开工作年度报告"]
    if texts.get("preface"):
        blocks.append(texts["preface"])
    for key, title, table in PARTS:
        blocks.append(heading + title)
        if texts.get(key):
            blocks.append(texts[key])
        if table and table in tables:
            blocks.append(tables[table])
    return gap.join(b + "\n" for b in blocks).rstrip("\n") + "\n"


def _truth(record: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(record["tables"])


def _per_table(render: Callable[[Grid, random.Random], str], *, heading: str = "",
               gap: str = "\n") -> Callable[[dict[str, Any], random.Random], Rendering]:
    """A layout that renders each table with `render` inside the shared document."""

    def layout(record: dict[str, Any], rng: random.Random) -> Rendering:
        tables = {k: render(g, rng) for k, g in grids(record).items()}
        return Rendering(document(record, tables, rng, heading, gap), _truth(record))

    layout.__doc__ = render.__doc__
    return layout


# ----------------------------------------------------------------------- text helpers
def width(text: str) -> int:
    """Display width: CJK and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int, align: str = "left") -> str:
    gap = max(0, size - width(text))
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def split_label(text: str, rng: random.Random, lo: int = 3, hi: int = 12) -> list[str]:
    """A label cut into pieces of lo..hi characters, anywhere (mid-word), as a narrow PDF
    column wraps it."""
    if len(text) <= lo:
        return [text]
    size = rng.randint(lo, hi)
    return [text[i:i + size] for i in range(0, len(text), size)]


def column_widths(grid: Grid, rows: list[list[str]], minimum: int = 1) -> list[int]:
    """Each column's width so that every box's text fits in the columns it spans."""
    widths = [minimum] * grid.cols
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            widths[c] = max(widths[c], width(text)) if text and _single(grid, r, c) else widths[c]
    return widths


@cache
def _span_map(grid: Grid) -> dict[tuple[int, int], Box]:
    return {(r, c): b for b in grid.boxes for r in range(b.row, b.row + b.rowspan)
            for c in range(b.col, b.col + b.colspan)}


def _single(grid: Grid, r: int, c: int) -> bool:
    b = _span_map(grid).get((r, c))
    return b is None or b.colspan == 1


# ------------------------------------------------------------------------------ layouts
def tabs(grid: Grid, rng: random.Random) -> str:
    """One row per line, a tab between cells, merged cells repeated per position."""
    return "\n".join("\t".join(row) for row in grid.dense("repeat"))


def tabs_merged_once(grid: Grid, rng: random.Random) -> str:
    """Tab-separated as a spreadsheet copies it: a merged cell's text in its first
    position, the others empty."""
    return "\n".join("\t".join(row) for row in grid.dense("once"))


def spaces(grid: Grid, rng: random.Random) -> str:
    """Fixed-width columns, 2+ spaces between them (`pdftotext -layout`, `w3m -dump`): a
    merged cell printed once across its columns, blank cells as spaces, numbers right-
    or left-aligned."""
    gap = rng.randint(2, 5)
    align = rng.choice(["left", "right", "center"])
    rows = grid.dense("once")
    widths = column_widths(grid, rows)
    for b in grid.boxes:  # widen the last column of a span its text does not fit
        room = sum(widths[b.col:b.col + b.colspan]) + gap * (b.colspan - 1)
        if width(b.text) > room:
            widths[b.col + b.colspan - 1] += width(b.text) - room
    lines = []
    for r in range(grid.rows):
        line = ""
        c = 0
        while c < grid.cols:
            box = _span_map(grid).get((r, c))
            span = box.colspan if box is not None and box.col == c else 1
            room = sum(widths[c:c + span]) + gap * (span - 1)
            text = box.text if box is not None and (box.row, box.col) == (r, c) else ""
            line += pad(text, room, align if box is not None and box.is_value else "left") + " " * gap
            c += span
        lines.append(line.rstrip())
    return "\n".join(lines)


def spaces_wrapped(grid: Grid, rng: random.Random) -> str:
    """`pdftotext -layout` of a ruled table whose label columns are narrow: a label wraps
    onto several lines inside its column, the row's numbers sit on its first or its middle
    line, a label spanning rows sits at the top or the middle of its span."""
    gap = rng.randint(2, 4)
    limit = rng.randint(5, 10)  # characters per line in a label column
    vertical = rng.choice(["top", "middle"])
    pieces: dict[Box, list[str]] = {}
    for b in grid.boxes:
        text = b.text
        if b.is_value or len(text) <= limit * b.colspan:
            pieces[b] = [text]
        else:
            n = limit * b.colspan
            pieces[b] = [text[i:i + n] for i in range(0, len(text), n)]
    heights = [1] * grid.rows
    for b, lines in pieces.items():
        if b.rowspan == 1:
            heights[b.row] = max(heights[b.row], len(lines))
    widths = [1] * grid.cols
    for b, lines in pieces.items():
        if b.colspan == 1:
            widths[b.col] = max(widths[b.col], *(width(x) for x in lines))
    for b, lines in pieces.items():
        room = sum(widths[b.col:b.col + b.colspan]) + gap * (b.colspan - 1)
        need = max(width(x) for x in lines)
        if need > room:
            widths[b.col + b.colspan - 1] += need - room
    top = [sum(heights[:r]) for r in range(grid.rows)]
    canvas: list[dict[int, str]] = [dict() for _ in range(sum(heights))]
    x = [sum(widths[:c]) + gap * c for c in range(grid.cols)]
    for b, lines in pieces.items():
        span_lines = sum(heights[b.row:b.row + b.rowspan])
        first = top[b.row] + ((span_lines - len(lines)) // 2 if vertical == "middle" else 0)
        for i, text in enumerate(lines):
            if text:
                canvas[first + i][x[b.col]] = text
    out = []
    for placed in canvas:
        line = ""
        for col in sorted(placed):
            line = pad(line, col) if width(line) < col else line + "  "
            line += placed[col]
        out.append(line.rstrip())
    return "\n".join(out)


def _markdown(grid: Grid, rng: random.Random, *, bar: str = "|", outer: bool = True,
              rule: bool = True, fill: str = "repeat") -> str:
    """Pipe-table rows. `fill`: as Grid.dense, or `markdownify` (a colspan's text then
    empty cells, positions under a rowspan left out, so those rows are shorter)."""
    if fill == "markdownify":
        rows = []
        for r in range(grid.rows):
            row = []
            for b in grid.starting(r):
                row += [b.text] + [""] * (b.colspan - 1)
            rows.append(row)
    else:
        rows = grid.dense(fill)
    sep = f" {bar} "
    lines = []
    for i, row in enumerate(rows):
        body = sep.join(row)
        lines.append(f"{bar} {body} {bar}" if outer else body)
        if rule and i == 0:
            cells = ["---"] * len(row)
            lines.append(f"{bar}{bar.join(cells)}{bar}" if outer else bar.join(cells))
    return "\n".join(lines)


def pipes_md(grid: Grid, rng: random.Random) -> str:
    """Markdown table as docling writes it: merged cells repeated, a rule under the first
    row, a blank cell as `|  |`."""
    return _markdown(grid, rng, fill="repeat")


def pipes_md_markdownify(grid: Grid, rng: random.Random) -> str:
    """Markdown table as markitdown (markdownify) writes a table with merged cells: a
    colspan's text then empty cells, rows under a rowspan one cell short."""
    return _markdown(grid, rng, fill="markdownify")


def pipes_md_once(grid: Grid, rng: random.Random) -> str:
    """Markdown table with merged cells printed once, the positions they cover empty."""
    return _markdown(grid, rng, fill="once")


def pipes_bare(grid: Grid, rng: random.Random) -> str:
    """`a | b | c`: no outer bars, no rule line (html2text without padding)."""
    return _markdown(grid, rng, outer=False, rule=False, fill=rng.choice(["repeat", "once"]))


def pipes_fullwidth(grid: Grid, rng: random.Random) -> str:
    """Bars as the full-width `｜` (converters that run NFKC backwards, Word exports)."""
    return _markdown(grid, rng, bar="｜", outer=rng.random() < 0.5, rule=False,
                     fill=rng.choice(["repeat", "once"]))


def _box(grid: Grid, rng: random.Random, chars: str) -> str:
    """A table drawn with box characters, as w3m/lynx draw a bordered HTML table: `chars`
    is vertical, horizontal, then the left, cross and right joints."""
    v, h, left, cross, right = chars
    rows = grid.dense("once")
    widths = column_widths(grid, rows)
    for b in grid.boxes:
        room = sum(widths[b.col:b.col + b.colspan]) + 3 * (b.colspan - 1)
        if width(b.text) > room:
            widths[b.col + b.colspan - 1] += width(b.text) - room
    spans = _span_map(grid)
    lines = []
    for r in range(grid.rows):
        line, c = v, 0
        while c < grid.cols:
            box = spans.get((r, c))
            span = box.colspan if box is not None and box.col == c else 1
            room = sum(widths[c:c + span]) + 3 * (span - 1)
            text = box.text if box is not None and (box.row, box.col) == (r, c) else ""
            line += " " + pad(text, room, "right" if box is not None and box.is_value else "left") + " " + v
            c += span
        lines.append(line)
        if r < grid.rows - 1:
            segs = []
            for c in range(grid.cols):
                box = spans.get((r, c))
                continues = box is not None and box.row + box.rowspan - 1 > r
                segs.append((" " if continues else h) * (widths[c] + 2))
            lines.append(left + cross.join(segs) + right)
    return "\n".join(lines)


def box_light(grid: Grid, rng: random.Random) -> str:
    """Light box drawing (`│`, `├─┼─┤`), as `w3m -dump` draws a bordered table."""
    return _box(grid, rng, "│─├┼┤")


def box_heavy(grid: Grid, rng: random.Random) -> str:
    """Heavy box drawing (`┃`, `┣━╋━┫`)."""
    return _box(grid, rng, "┃━┣╋┫")


def cells_blank_lines(grid: Grid, rng: random.Random) -> str:
    """Every cell on its own line, an empty cell as an empty line (an HTML table
    flattened; merged cells once)."""
    return "\n".join(b.text for r in range(grid.rows) for b in grid.starting(r))


def cells_omit_blank(grid: Grid, rng: random.Random) -> str:
    """Every cell on its own line, empty cells left out (blank lines squeezed)."""
    return "\n".join(b.text for r in range(grid.rows) for b in grid.starting(r) if b.text)


def wrapped(grid: Grid, rng: random.Random) -> str:
    """PDF text of a narrow table: labels wrap mid-word across lines; a row's numbers
    follow its label on the same line or on the next, sometimes broken in two lines; a
    blank cell prints nothing."""
    out = []
    for r in range(grid.rows):
        labels = [b.text for b in grid.starting(r) if not b.is_value and b.text]
        values = [b.text for b in grid.starting(r) if b.is_value and b.text]
        pieces = [p for label in labels for p in split_label(label, rng)]
        nums = " ".join(values)
        if values and len(values) > 2 and rng.random() < 0.2:
            k = rng.randint(1, len(values) - 1)
            nums = " ".join(values[:k]) + "\n" + " ".join(values[k:])
        if pieces and nums and rng.random() < 0.5:
            pieces[-1] += " " + nums
        elif nums:
            pieces.append(nums)
        out.append("\n".join(pieces))
    return "\n\n".join(x for x in out if x)


def pdftotext_raw(grid: Grid, rng: random.Random) -> str:
    """poppler's `pdftotext` default mode on a ruled table, imitated: header cells one
    block each, then the body in one to three blocks, each emitted column by column (the
    labels of its rows, then all values of the first column, then the next...). A blank
    cell prints nothing."""
    blocks = [b.text for r in range(grid.head_rows) for b in grid.starting(r) if b.text]
    body = list(range(grid.head_rows, grid.rows))
    cuts = sorted(rng.sample(range(1, len(body)), min(len(body) - 1, rng.randint(0, 2)))) if len(body) > 1 else []
    chunks = [body[i:j] for i, j in zip([0, *cuts], [*cuts, len(body)], strict=True)]
    for chunk in chunks:
        cols: dict[int, list[str]] = {}
        for r in chunk:
            for b in grid.starting(r):
                if b.text:
                    cols.setdefault(b.col, []).append(b.text)
        blocks += ["\n".join(cols[c]) for c in sorted(cols)]
    return "\n\n".join(blocks)


def row_numbers(grid: Grid, rng: random.Random) -> str:
    """A leading 序号 column numbering the body rows (1, 2, ...), tabs or spaces between
    cells."""
    sep = rng.choice(["\t", "  ", "   "])
    rows = grid.dense("repeat")
    out = []
    for r, row in enumerate(rows):
        lead = "序号" if r < grid.head_rows else str(r - grid.head_rows + 1)
        out.append(sep.join([lead, *row]))
    return "\n".join(out)


def csv_minimal(grid: Grid, rng: random.Random) -> str:
    """CSV as a spreadsheet saves it: merged cells once, quotes only where needed."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(grid.dense("once"))
    return buf.getvalue().rstrip("\n")


def csv_quoted(grid: Grid, rng: random.Random) -> str:
    """CSV with every field quoted and merged cells repeated (pandas `to_csv` of a
    read_html table)."""
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(grid.dense("repeat"))
    return buf.getvalue().rstrip("\n")


_FOOTERS = ("- {n} -", "—{n}—", "第 {n} 页 共 9 页", "{n}")
_NOTES = ("注：本表数据统计时限为当年1月1日至12月31日。",
          "说明：表中“0”表示本年度无相关情况。")


def page_break(grid: Grid, rng: random.Random) -> str:
    """A table cut by a page break: the page's footer (`- 3 -`) and the next page's
    running header inside the body, the header rows printed again, a note under the
    table. Cells tab- or space-separated."""
    sep = rng.choice(["\t", "  "])
    rows = [sep.join(row) for row in grid.dense("repeat")]
    head = rows[:grid.head_rows]
    if grid.rows - grid.head_rows > 2:
        cut = rng.randint(grid.head_rows + 1, grid.rows - 1)
        footer = rng.choice(_FOOTERS).format(n=rng.randint(2, 8))
        rows = rows[:cut] + ["", footer, ""] + (head if rng.random() < 0.7 else []) + rows[cut:]
    return "\n".join(rows) + "\n" + rng.choice(_NOTES)


_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _styled(value: Any, rng: random.Random, zero: str, thousands: bool, full: bool) -> str:
    text = number_text(value)
    if value == 0 and text:
        text = zero
    elif thousands and isinstance(value, int) and value >= 1000:
        text = f"{value:,}"
    return text.translate(_FULLWIDTH) if full else text


def styled_numbers(record: dict[str, Any], rng: random.Random) -> Rendering:
    """Tab-separated tables whose numbers are printed as clerks do: zero as 0, 无, — or
    /, thousands separated (474,394), digits full-width (１２)."""
    zero = rng.choice(["0", "无", "—", "/", "－", "0"])
    thousands, full = rng.random() < 0.5, rng.random() < 0.5
    show = lambda v: _styled(v, rng, zero, thousands, full)  # noqa: E731
    tables = {k: tabs(g, rng) for k, g in grids(record, show).items()}
    return Rendering(document(record, tables, rng), _truth(record))


def _partial(record: dict[str, Any], rng: random.Random, keep: tuple[str, ...]) -> Rendering:
    """表三 printed with only the applicant columns `keep`; the others come back null."""
    truth = _truth(record)
    for row in truth["requests"].values():
        for col in row:
            if col not in keep:
                row[col] = None
    tables = {}
    render = rng.choice([tabs, spaces, pipes_md, cells_blank_lines])
    for key, grid in grids(record).items():
        if key == "requests":
            value_cols = {b.col: b.path.rsplit(".", 1)[1] for b in grid.boxes if b.path}
            grid = grid.drop_columns({c for c, k in value_cols.items() if k not in keep})
        tables[key] = render(grid, rng)
    return Rendering(document(record, tables, rng), truth)


def partial_columns(record: dict[str, Any], rng: random.Random) -> Rendering:
    """A department's 表三 printing only the 自然人 and 总计 columns."""
    return _partial(record, rng, ("natural_person", "total"))


def partial_columns_some(record: dict[str, Any], rng: random.Random) -> Rendering:
    """表三 printing 自然人, two of the five 法人或其他组织 columns, and 总计."""
    orgs = list(APPLICANT_COLUMNS[1:6])
    keep = ("natural_person", *sorted(rng.sample(orgs, 2), key=orgs.index), "total")
    return _partial(record, rng, keep)


# -------------------------------------------------------------------- HTML, real tools
def html_document(record: dict[str, Any]) -> str:
    """The report as an HTML page (built with lxml): h1 title, h2 part headings, p texts,
    each table with its colspans and rowspans, borders on."""
    from lxml import etree
    from lxml.html import builder as E

    texts = section_texts(record)
    body = E.BODY(E.H1(record.get("title") or ""))
    if texts.get("preface"):
        body.append(E.P(texts["preface"]))
    tables = grids(record)
    for key, title, table in PARTS:
        body.append(E.H2(title))
        if texts.get(key):
            body.append(E.P(texts[key]))
        if table and table in tables:
            grid = tables[table]
            el = E.TABLE(border="1", cellspacing="0")
            for r in range(grid.rows):
                tr = E.TR()
                for b in grid.starting(r):
                    td = E.TD(b.text)
                    if b.colspan > 1:
                        td.set("colspan", str(b.colspan))
                    if b.rowspan > 1:
                        td.set("rowspan", str(b.rowspan))
                    tr.append(td)
                el.append(tr)
            body.append(el)
    page = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(record.get("title") or "")), body)
    return etree.tostring(page, encoding="unicode", method="html")


def _html2text_available() -> bool:
    try:
        import html2text  # noqa: F401
    except ImportError:
        return False
    return True


def html_to_text(record: dict[str, Any], rng: random.Random) -> Rendering:
    """The HTML page through html2text (its Markdown-like tables: `a | b` rows, a
    `---|---` rule, spans ignored); imitated the same way when html2text is absent."""
    if _html2text_available():
        import html2text

        conv = html2text.HTML2Text()
        conv.body_width = 0
        conv.pad_tables = rng.random() < 0.5
        text = conv.handle(html_document(record))
    else:  # html2text's table output: cells as printed, no spans, a rule after row one
        tables = {k: _markdown(g, rng, outer=False, fill="markdownify") for k, g in grids(record).items()}
        text = document(record, tables, rng, heading="## ")
    return Rendering(text, _truth(record))


def _run(args: list[str], data: str | bytes) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    done = subprocess.run(args, input=raw, capture_output=True, check=True, timeout=60)
    return done.stdout.decode("utf-8", "replace")


def w3m_dump(record: dict[str, Any], rng: random.Random) -> Rendering:
    """`w3m -dump` of the HTML page (real): box-drawn or space-aligned table columns."""
    cols = str(rng.choice([80, 120, 200]))
    text = _run(["w3m", "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", "-cols", cols],
                html_document(record))
    return Rendering(text, _truth(record))


def lynx_dump(record: dict[str, Any], rng: random.Random) -> Rendering:
    """`lynx -dump` of the HTML page (real): table cells run together on lines."""
    width_ = str(rng.choice([80, 120, 200]))
    text = _run(["lynx", "-dump", "-stdin", "-nolist", "-assume_charset=utf-8",
                 "-display_charset=utf-8", f"-width={width_}"], html_document(record))
    return Rendering(text, _truth(record))


@cache
def _pdf(record_json: str, seed: int) -> bytes:
    """The report as a PDF made by reportlab with a CJK font (ruled tables, labels
    wrapping inside narrow cells); cached per record and seed."""
    import json

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    record = json.loads(record_json)
    rng = random.Random(seed)
    if "CJK" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("CJK", str(CJK_FONT), subfontIndex=0))
    size = rng.choice([7, 8, 9])
    body = ParagraphStyle("b", fontName="CJK", fontSize=10.5, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("c", fontName="CJK", fontSize=size, leading=size + 2, wordWrap="CJK")
    head = ParagraphStyle("h", parent=body, fontSize=12, leading=20)
    title = ParagraphStyle("t", parent=body, fontSize=16, leading=24)
    texts = section_texts(record)
    story: list[Any] = [Paragraph(record.get("title") or "", title)]
    if texts.get("preface"):
        story.append(Paragraph(texts["preface"], body))
    tables = grids(record)
    page_width = A4[0] - 60
    for key, heading, table in PARTS:
        story.append(Paragraph(heading, head))
        if texts.get(key):
            story.append(Paragraph(texts[key], body))
        if table and table in tables:
            grid = tables[table]
            data: list[list[Any]] = [[""] * grid.cols for _ in range(grid.rows)]
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                     ("FONTNAME", (0, 0), (-1, -1), "CJK"), ("FONTSIZE", (0, 0), (-1, -1), size),
                     ("VALIGN", (0, 0), (-1, -1), rng.choice(["MIDDLE", "TOP"]))]
            for b in grid.boxes:
                data[b.row][b.col] = b.text if b.is_value else Paragraph(b.text, cell)
                if b.rowspan > 1 or b.colspan > 1:
                    style.append(("SPAN", (b.col, b.row),
                                  (b.col + b.colspan - 1, b.row + b.rowspan - 1)))
            label_cols = min(b.col for b in grid.boxes if b.is_value)
            if table == "requests":
                label_w = [rng.randint(30, 60), rng.randint(40, 70), rng.randint(80, 140)]
                rest = (page_width - sum(label_w)) / (grid.cols - label_cols)
                col_widths = label_w + [rest] * (grid.cols - label_cols)
            else:
                col_widths = [page_width / grid.cols] * grid.cols
            t = Table(data, colWidths=col_widths, repeatRows=grid.head_rows if table == "requests" else 0)
            t.setStyle(TableStyle(style))
            story += [t, Spacer(1, 8)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=30, rightMargin=30).build(story)
    return buf.getvalue()


def pdf_bytes(record: dict[str, Any], rng: random.Random) -> bytes:
    import json

    return _pdf(json.dumps(record, ensure_ascii=False, sort_keys=True), rng.randint(0, 3))


def _pdftotext(record: dict[str, Any], rng: random.Random, *flags: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        path.write_bytes(pdf_bytes(record, rng))
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", *flags, str(path), "-"],
                              capture_output=True, check=True, timeout=60)
    return done.stdout.decode("utf-8")


def pdf_pdftotext(record: dict[str, Any], rng: random.Random) -> Rendering:
    """A real PDF through poppler's `pdftotext` (default reading-order mode)."""
    return Rendering(_pdftotext(record, rng), _truth(record))


def pdf_pdftotext_layout(record: dict[str, Any], rng: random.Random) -> Rendering:
    """A real PDF through `pdftotext -layout` (fixed-width columns)."""
    return Rendering(_pdftotext(record, rng, "-layout"), _truth(record))


def pdf_pdfium(record: dict[str, Any], rng: random.Random) -> Rendering:
    """A real PDF through pypdfium2's text page (what parsers/pdf.py reads)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes(record, rng))
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
    finally:
        pdf.close()
    return Rendering("\n".join(pages), _truth(record))


# ------------------------------------------------------------------------- the registry
Layout = Callable[[dict[str, Any], random.Random], Rendering]

LAYOUTS: dict[str, Layout] = {
    "tabs": _per_table(tabs),
    "tabs_merged_once": _per_table(tabs_merged_once),
    "spaces": _per_table(spaces),
    "spaces_wrapped": _per_table(spaces_wrapped),
    "pipes_md": _per_table(pipes_md, heading="## "),
    "pipes_md_once": _per_table(pipes_md_once, heading="## "),
    "pipes_md_markdownify": _per_table(pipes_md_markdownify, heading="## "),
    "pipes_bare": _per_table(pipes_bare),
    "pipes_fullwidth": _per_table(pipes_fullwidth),
    "box_light": _per_table(box_light),
    "box_heavy": _per_table(box_heavy),
    "cells_blank_lines": _per_table(cells_blank_lines),
    "cells_omit_blank": _per_table(cells_omit_blank),
    "wrapped": _per_table(wrapped),
    "pdftotext_raw": _per_table(pdftotext_raw),
    "row_numbers": _per_table(row_numbers),
    "csv": _per_table(csv_minimal),
    "csv_quoted": _per_table(csv_quoted),
    "page_break": _per_table(page_break),
    "styled_numbers": styled_numbers,
    "partial_columns": partial_columns,
    "partial_columns_some": partial_columns_some,
    "html_to_text": html_to_text,
    "w3m_dump": w3m_dump,
    "lynx_dump": lynx_dump,
    "pdf_pdftotext": pdf_pdftotext,
    "pdf_pdftotext_layout": pdf_pdftotext_layout,
    "pdf_pdfium": pdf_pdfium,
}

#: Layouts where an empty cell is not printed at all: a null is acceptable there.
BLANK_AMBIGUOUS = frozenset({
    "cells_omit_blank", "wrapped", "pdftotext_raw", "pdf_pdftotext", "pdf_pdftotext_layout",
    "pdf_pdfium", "lynx_dump",
})


def _pdf_reason() -> str | None:
    try:
        import reportlab  # noqa: F401
    except ImportError:
        return "reportlab is not installed"
    return None if CJK_FONT.exists() else f"no CJK TrueType font at {CJK_FONT}"


#: Layout name -> why it cannot run here (a missing tool), or None.
_NEEDS: dict[str, Callable[[], str | None]] = {
    "w3m_dump": lambda: None if shutil.which("w3m") else "w3m is not installed",
    "lynx_dump": lambda: None if shutil.which("lynx") else "lynx is not installed",
    "pdf_pdftotext": lambda: _pdf_reason() or (None if shutil.which("pdftotext") else "pdftotext (poppler-utils) is not installed"),
    "pdf_pdftotext_layout": lambda: _pdf_reason() or (None if shutil.which("pdftotext") else "pdftotext (poppler-utils) is not installed"),
    "pdf_pdfium": _pdf_reason,
}


def unavailable(name: str) -> str | None:
    """Why layout `name` cannot run on this machine (a missing tool), or None."""
    check = _NEEDS.get(name)
    return check() if check else None


# ---------------------------------------------------------------- a record of varied numbers
def distinct_record(fmt: str, seed: int, blanks: float = 0.03) -> dict[str, Any]:
    """A record of template `fmt` with varied non-zero numbers that add up as the template
    says (row totals, 总计 of the outcomes, the 勾稽关系, review totals), and about
    `blanks` of its cells left empty (null)."""
    rng = random.Random(seed)
    layouts = layouts_for(fmt)
    tables: dict[str, Any] = {}
    for lay in layouts:
        for path in lay.paths():
            table, row, col = path.split(".")
            tables.setdefault(table, {}).setdefault(row, {})[col] = rng.randint(1, 60)
    req = tables["requests"]
    outcomes = [k for k in req if k not in ("new", "carried_over", "total_handled", "carried_forward")]
    for col in APPLICANT_COLUMNS[:-1]:
        handled = sum(req[k][col] for k in outcomes)
        req["total_handled"][col] = handled
        req["carried_over"][col] = rng.randint(1, 20)
        req["carried_forward"][col] = rng.randint(req["carried_over"][col] + 1, req["carried_over"][col] + 30)
        req["new"][col] = handled + req["carried_forward"][col] - req["carried_over"][col]
    for row in req.values():
        row["total"] = sum(row[c] for c in APPLICANT_COLUMNS[:-1])
    for group in tables["review_litigation"].values():
        group["total"] = sum(v for k, v in group.items() if k != "total")
    act = tables["active_disclosure"]
    if fmt == "2021":
        act["fees"]["amount_wan_yuan"] = round(rng.uniform(0.5, 300), rng.choice([0, 1, 2]))
    else:
        act["procurement"]["amount"] = round(rng.uniform(10, 9000), rng.choice([0, 2]))
        for row in act.values():
            if "items_change" in row:
                row["items_change"] = rng.randint(-5, 5) or 1
    paths = [p for lay in layouts for p in lay.paths()]
    for path in rng.sample(paths, int(len(paths) * blanks)):
        table, row, col = path.split(".")
        tables[table][row][col] = None
    agency = rng.choice(["东湖区统计局", "青山县人民政府", "河西街道办事处", "南岭市生态环境局"])
    year = 2023 if fmt == "2021" else 2019
    return {"schema": "nianbao.report/1", "format": fmt,
            "title": f"{agency}{year}年政府信息公开工作年度报告", "agency": agency, "year": year,
            "tables": tables, "checks": [],
            "sections": {"overview": f"{year}年，本机关认真贯彻落实政府信息公开条例。",
                         "problems": "主动公开的深度和广度有待加强。", "other": "无。"}}


# ------------------------------------------------------------------------ measuring a reader
@dataclass
class Tally:
    """Cell-by-cell comparison of parsed renderings with their truth, for one layout."""

    cells: int = 0
    exact: int = 0  # the truth's number (or the truth's null)
    null: int = 0  # null where the truth had a number
    wrong: int = 0  # a number other than the truth's, or a number where it was null
    meta: int = 0  # renderings whose agency or year came back different
    renderings: int = 0
    examples: list[tuple[str, int, str, Any, Any]] = field(default_factory=list)

    def add(self, name: str, seed: int, truth: dict[str, Any], got: dict[str, Any]) -> None:
        """Compare one parsed record (`got`, to_dict form) with the rendering's truth."""
        self.renderings += 1
        if (got.get("agency"), got.get("year")) != (truth.get("agency"), truth.get("year")):
            self.meta += 1
        for lay in layouts_for(truth["format"], truth["tables"]):
            for path in lay.paths():
                want, have = cell_value(truth["tables"], path), cell_value(got.get("tables"), path)
                self.cells += 1
                if have is None and want is not None:
                    self.null += 1
                elif have is not None and (want is None or float(have) != float(want)):
                    self.wrong += 1
                else:
                    self.exact += 1
                    continue
                kind = "null" if have is None else "wrong"
                if sum(1 for e in self.examples if (e[4] is None) == (kind == "null")) < 200:
                    self.examples.append((name, seed, path, want, have))

    @property
    def null_rate(self) -> float:
        return self.null / self.cells if self.cells else 0.0


def measure(layout: str, records: dict[str, dict[str, Any]], seeds: range | list[int],
            parse: Callable[[str], Any]) -> Tally:
    """Render every record with every seed in `layout`, parse it and tally the cells."""
    tally = Tally()
    for name, record in records.items():
        for seed in seeds:
            text = LAYOUTS[layout](record, random.Random(f"{layout}/{name}/{seed}"))
            truth = {**record, "tables": text.truth}
            tally.add(name, seed, truth, parse(str(text)).to_dict())
    return tally


def sample_records() -> dict[str, dict[str, Any]]:
    """The records the renderings are made from: the five expected fixtures (real
    reports, mostly zeros) and two of varied numbers (2021 and 2019 templates)."""
    import json

    expected = Path(__file__).resolve().parents[1] / "fixtures" / "expected"
    records = {p.stem[:3]: json.loads(p.read_text(encoding="utf-8"))
               for p in sorted(expected.glob("*.json"))}
    records["varied_2021"] = distinct_record("2021", 2021)
    records["varied_2019"] = distinct_record("2019", 2019)
    return records


def summary(tallies: dict[str, Tally | str]) -> str:
    """The accuracy table: per layout, cells, exact, null (and its rate), wrong."""
    lines = [f"{'layout':<22}{'cells':>7}{'exact':>7}{'null':>6}{'null%':>7}{'WRONG':>7}{'meta':>6}  note"]
    for name, t in tallies.items():
        if isinstance(t, str):
            lines.append(f"{name:<22}{'':>40}  skipped: {t}")
            continue
        note = "blank cells leave no trace" if name in BLANK_AMBIGUOUS else ""
        lines.append(f"{name:<22}{t.cells:>7}{t.exact:>7}{t.null:>6}{100 * t.null_rate:>6.1f}%"
                     f"{t.wrong:>7}{t.meta:>6}  {note}")
    return "\n".join(lines)
