"""Tables drawn in plain text, rewritten as the tab-separated rows the extractors write.

Text from other tools prints a report's tables in many drawings; the table reader
(`parsers.tables`) reads tab-separated rows best, because there a blank cell is visible
and a row can be matched to its header by column. `tabulate` turns each drawing into
that form before anything else reads the text:

- a box-drawn grid (`w3m`, `lynx`, `┌─┬─┐`, `+---+` grids): rebuilt in two dimensions,
  so a cell whose text wraps over several lines is one cell, and a merged cell's text is
  repeated in every grid position it covers (`BOX` below);
- bars between cells (Markdown, HTML-to-text converters, `｜`): one row per line, outer
  bars dropped only when the table has them, a blank cell kept;
- comma-separated rows (CSV saved from a spreadsheet): by the csv module;
- a leading 序号 column numbering the rows (1, 2, 3 …): dropped, so its numbers are never
  read as a row's values;
- fixed-width columns (`pdftotext -layout`, `w3m -dump` without borders): a row that prints
  fewer numbers than the full row next to it (or, with no full row, than the header cells
  above it) has its numbers placed in those columns by their position, and is written
  with its blank cells (`align_columns`).

Each step is linear in the text; a grid too large to rebuild is read line by line.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable

# Vertical strokes between cells (ASCII, full-width, box drawing single/heavy/double).
_VBARS = frozenset("|｜│┃║¦")
# Box-drawing characters (U+2500 to U+257F): strokes and joints.
_BOX = frozenset(chr(c) for c in range(0x2500, 0x2580))
# Strokes that only run across (no vertical part): they rule rows, never columns.
_ACROSS = frozenset("─━═╌╍┄┅┈┉╴╶╸╺╼╾")
# What can rule a row in an ASCII grid (`+----+----+`, `|---|:--:|`).
_ASCII_RULE = frozenset("-=+:_")
_TABLE_INK = re.compile("[|｜│┃║¦\u2500-\u257f]")
_CSV_LINE = re.compile(r"^[^,\n]*(?:,[^,\n]*){2,}$")
_ROW_NUMBER = re.compile(r"^[ \t]*(\d{1,3})(?:[ \t]+|\t)(?=\S)")
_NUMBER = re.compile(r"[\d,.\-—－/]+")
_SERIAL_HEAD = ("序号", "序 号", "编号")
# Largest box grid rebuilt in two dimensions (lines x display columns).
MAX_GRID = 400 * 600


def tabulate(text: str) -> str:
    """`text` with every table drawn in it (boxes, bars, CSV) as tab-separated rows, and
    a 序号 column dropped from the tab-separated tables."""
    if _TABLE_INK.search(text):
        text = _rewrite_blocks(text, _is_bar_line, _bar_block)
    if "," in text:
        text = _rewrite_blocks(text, _is_csv_line, _csv_block, min_lines=3)
    if "序" in text or "编号" in text:
        text = drop_serial_column(text)
    if "  " in text:
        text = align_columns(text)
    return text


def _rewrite_blocks(text: str, member: Callable[[str], bool],
                    rewrite: Callable[[list[str]], list[str]], min_lines: int = 1) -> str:
    """Each run of consecutive lines for which `member(line)` holds, through `rewrite`."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not member(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and member(lines[j]):
            j += 1
        block = lines[i:j]
        out += rewrite(block) if len(block) >= min_lines else block
        i = j
    return "\n".join(out)


# ------------------------------------------------------------------------ bars and boxes
def _is_bar_line(line: str) -> bool:
    return bool(_TABLE_INK.search(line))


def _is_rule(line: str) -> bool:
    """A line that only rules the table: strokes, joints, dashes, plus signs, bars."""
    body = line.strip()
    if not body:
        return False
    has_stroke = False
    for ch in body:
        if ch in _BOX and ch not in _VBARS:
            has_stroke = True
        elif ch in "-=":
            has_stroke = True
        elif not (ch in _VBARS or ch in _ASCII_RULE or ch in " \t"):
            return False
    return has_stroke


def _bar_block(block: list[str]) -> list[str]:
    """A run of lines drawn with bars or boxes, as tab-separated rows. A lone line with one
    bar is text, not a table (`北关区工信局|2024年报告`)."""
    if len(block) == 1 and sum(block[0].count(bar) for bar in _VBARS) < 2:
        return block
    if any(_rules_across(line) for line in block[1:-1]):
        grid = _box_grid(block)
        if grid is not None:
            return grid
    return _bar_rows(block)


def _rules_across(line: str) -> bool:
    """A line that rules a row, or part of one (`│    ├────┼──┤`)."""
    return _is_rule(line) or any(ch in _ACROSS for ch in line)


def _bar_rows(block: list[str]) -> list[str]:
    """One row per line: cells between bars. Outer bars are dropped only when most lines
    of the table start and end with one (else a leading or trailing blank cell is real)."""
    rows = [line for line in block if not _is_rule(line)]
    stripped = [line.strip() for line in rows if line.strip()]
    outer = bool(stripped) and sum(
        1 for s in stripped if s[0] in _VBARS and s[-1] in _VBARS) >= 0.8 * len(stripped)
    out: list[str] = []
    for line in block:
        if _is_rule(line):
            out.append("")
            continue
        cells = [c.strip() for c in _split_bars(line.strip())]
        if outer and len(cells) >= 2 and not cells[0] and line.strip()[0] in _VBARS:
            cells = cells[1:]
        if outer and len(cells) >= 2 and not cells[-1] and line.strip()[-1] in _VBARS:
            cells = cells[:-1]
        out.append("\t".join(cells) if len(cells) > 1 else "\t" + cells[0] if cells and cells[0] else "")
    return out


def _split_bars(line: str) -> list[str]:
    cells, cur = [], []
    for ch in line:
        if ch in _VBARS:
            cells.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    cells.append("".join(cur))
    return cells


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _box_grid(block: list[str]) -> list[str] | None:
    """A grid whose rows are ruled, rebuilt in two dimensions: every region of text
    enclosed by strokes is one cell (its lines joined), placed in every grid row and
    column it covers. None when the drawing is not a grid of ruled rows: when one cell
    would hold numbers on two of its lines (a number never wraps; those are rows that a
    rule does not separate, as under a Markdown header rule)."""
    # Lay each line out in display columns (a Chinese character is two wide).
    cols: list[list[str]] = []
    for line in block:
        row: list[str] = []
        for ch in line.rstrip():
            row.append(ch)
            if _width(ch) == 2:
                row.append("")  # the second half of a wide character
        cols.append(row)
    width = max((len(r) for r in cols), default=0)
    if width * len(block) > MAX_GRID:
        return None
    rule_line = [_is_rule(line) for line in block]

    def border(y: int, x: int) -> bool:
        ch = cols[y][x] if x < len(cols[y]) else " "
        if ch in _VBARS or ch in _BOX:
            return True
        return rule_line[y] and ch in _ASCII_RULE

    # Inside the table: between the first and last stroke of the line.
    spans = []
    for y, row in enumerate(cols):
        xs = [x for x in range(len(row)) if border(y, x)]
        spans.append((xs[0], xs[-1]) if len(xs) >= 2 else None)
    comp = [[-1] * width for _ in block]
    regions: list[list[tuple[int, int]]] = []
    for y in range(len(block)):
        if spans[y] is None:
            continue
        for x in range(spans[y][0] + 1, spans[y][1]):
            if comp[y][x] >= 0 or border(y, x):
                continue
            stack, cells = [(y, x)], []
            comp[y][x] = len(regions)
            while stack:
                cy, cx = stack.pop()
                cells.append((cy, cx))
                for ny, nx in ((cy - 1, cx), (cy + 1, cx), (cy, cx - 1), (cy, cx + 1)):
                    if not (0 <= ny < len(block)) or spans[ny] is None:
                        continue
                    lo, hi = spans[ny]
                    if lo < nx < hi and comp[ny][nx] < 0 and not border(ny, nx):
                        comp[ny][nx] = len(regions)
                        stack.append((ny, nx))
            regions.append(cells)
    if not regions:
        return None
    # Grid lines: the columns of the vertical strokes, the ruled lines.
    vxs = sorted({x for y, row in enumerate(cols) for x in range(len(row))
                  if border(y, x) and row[x] not in _ACROSS and row[x] not in _ASCII_RULE})
    rys = [y for y, row in enumerate(cols)
           if rule_line[y] or any(ch in _ACROSS for ch in row)]
    if len(vxs) < 2 or len(rys) < 2:
        return None
    if rys[0] > 0:
        rys.insert(0, -1)  # text above the first rule: a row without a top stroke
    if rys[-1] < len(block) - 1:
        rys.append(len(block))
    n_rows, n_cols = len(rys) - 1, len(vxs) - 1
    grid = [[""] * n_cols for _ in range(n_rows)]
    for cells in regions:
        y0, y1 = min(c[0] for c in cells), max(c[0] for c in cells)
        x0, x1 = min(c[1] for c in cells), max(c[1] for c in cells)
        rows = [r for r in range(n_rows) if y0 < rys[r + 1] and y1 > rys[r]]
        columns = [c for c in range(n_cols) if vxs[c] < x1 and vxs[c + 1] > x0]
        if not rows or not columns:
            continue
        text = _region_text(cols, cells)
        if text is None:
            return None
        for r in rows:
            for c in columns:
                if not grid[r][c]:
                    grid[r][c] = text
    return ["\t".join(row) for row in grid if any(row)]


def _region_text(cols: list[list[str]], cells: list[tuple[int, int]]) -> str | None:
    """The text of one region: its lines in order, each line's characters left to right,
    joined without a space between Chinese characters (wrapping is layout, not text).
    None when two of its lines are numbers."""
    by_line: dict[int, list[int]] = {}
    for y, x in cells:
        by_line.setdefault(y, []).append(x)
    pieces = []
    for y in sorted(by_line):
        row = cols[y]
        piece = "".join(row[x] for x in sorted(by_line[y]) if x < len(row)).strip()
        if piece:
            pieces.append(piece)
    if sum(1 for piece in pieces if _NUMBER.fullmatch(piece)) >= 2:
        return None
    text = ""
    for piece in pieces:
        if text and text[-1].isascii() and piece[0].isascii() and text[-1].isalnum() and piece[0].isalnum():
            text += " "
        text += piece
    return re.sub(r"[ \t]{2,}", " ", text)


# ----------------------------------------------------------------------------------- CSV
_QUOTED = re.compile(r'"[^"]*"')
# An unquoted comma between a digit and three digits: a thousands separator (474,394)
# or two fields (4 and 394)? See `_spaced_thousands`.
_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")


def _is_csv_line(line: str) -> bool:
    return ("," in line and "\t" not in line and bool(_CSV_LINE.match(line))
            and not _spaced_thousands(_QUOTED.sub("", line)))


def _spaced_thousands(unquoted: str) -> bool:
    """True for a line of words and numbers with thousands separators (`行政许可 474,394
    1,024`): a CSV writer quotes a field holding a comma and separates fields by commas
    alone, so a comma before three digits in a line with spaces is not a field break."""
    return bool(_THOUSANDS.search(unquoted)) and bool(re.search(r"\S\s+\S", unquoted))


def _csv_block(block: list[str]) -> list[str]:
    """Comma-separated rows as tab-separated ones, when they are a table: three or more
    lines of the same number of fields, with a number in a third of them or more, or as
    many numbers as lines."""
    try:
        rows = list(csv.reader(block))
    except csv.Error:
        return block
    counts = {len(r) for r in rows}
    numbers = [sum(1 for f in r if _NUMBER.fullmatch(f.strip())) for r in rows]
    if len(counts) != 1 or (3 * sum(1 for k in numbers if k) < len(rows) and sum(numbers) < len(rows)):
        return block
    return ["\t".join(f.strip().replace("\t", " ") for f in r) for r in rows]


# --------------------------------------------------------------------------- 序号 column
def drop_serial_column(text: str) -> str:
    """Drop a 序号 column: in a table whose header starts with 序号, the rows' leading
    numbers (1, 2, 3 …, counting from one) and the header's 序号 cell."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        head = lines[i].lstrip()
        if not head.startswith(_SERIAL_HEAD):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and lines[j].strip():
            j += 1
        heads = [k for k in range(i, j) if lines[k].lstrip().startswith(_SERIAL_HEAD)]
        numbered = [(k, m) for k in range(i + 1, j) if (m := _ROW_NUMBER.match(lines[k]))]
        numbers = [int(m.group(1)) for _, m in numbered]
        if numbers and numbers == list(range(1, len(numbers) + 1)):
            tabbed = "\t" in lines[i]
            numbered_at = {k for k, _ in numbered}
            for k in range(i, j):
                if k in heads:
                    lines[k] = _drop_first_cell(lines[k], tabbed)
                elif k in numbered_at:
                    lines[k] = lines[k][_ROW_NUMBER.match(lines[k]).end():]  # type: ignore[union-attr]
                elif tabbed and lines[k].startswith("\t"):
                    lines[k] = lines[k][1:]  # a header row under 序号's merged cell
        i = j
    return "\n".join(lines)


def _drop_first_cell(line: str, tabbed: bool) -> str:
    body = line.lstrip()
    if tabbed:
        return body.split("\t", 1)[1] if "\t" in body else ""
    for head in _SERIAL_HEAD:
        if body.startswith(head):
            return body[len(head):].lstrip()
    return body


# ------------------------------------------------------------------- fixed-width columns
_VALUE_PIECE = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?|[-—－–/／]{1,2}|无")
# How far (in lines) a short row looks for the full row whose columns it follows.
MAX_ROW_DISTANCE = 12


def _value_tail(line: str) -> list[tuple[int, int, int, int]]:
    """The values a line ends with, as (char start, char end, display start, display end),
    when two or more values end it; else []."""
    pieces = [(m.start(), m.end()) for m in re.finditer(r"\S+", line)]
    tail: list[tuple[int, int]] = []
    for start, end in reversed(pieces):
        if not _VALUE_PIECE.fullmatch(line[start:end]):
            break
        tail.append((start, end))
    if len(tail) < 2:
        return []
    tail.reverse()
    out = []
    pos, shown = 0, 0  # display column of `pos`, advanced once over the line
    for start, end in tail:
        shown += sum(_width(ch) for ch in line[pos:start])
        width = sum(_width(ch) for ch in line[start:end])
        out.append((start, end, shown, shown + width))
        pos, shown = end, shown + width
    return out


def align_columns(text: str) -> str:
    """Short rows of fixed-width tables written as tab-separated rows with their blank
    cells, when the full row nearest to them says, by position, which column each of their
    numbers is in (by character or by display column, the two agreeing). A row whose
    numbers do not each fall in exactly one column, or whose two nearest full rows are not
    aligned with each other, is left as it is."""
    lines = text.split("\n")
    if len(lines) > 200_000:
        return text
    tails = {i: t for i, line in enumerate(lines) if "\t" not in line and (t := _value_tail(line))}
    if not tails:
        return text
    for i, tail in tails.items():
        refs = _full_rows(tails, i, len(tail))
        if refs is not None:
            ref = refs[0]
            found = {_slots(tail, r, at) for r in refs for at in (0, 2)} - {None}
        else:
            heads = _header_leaves(lines, i, tails)
            ref = heads or []
            found = {_slots(tail, heads, 2)} - {None} if heads is not None else set()
        if not found:
            spaced = _even_gaps(lines, i, tails)
            if spaced is None:
                continue
            ref = [(0, 0, 0, 0)] * spaced[0]
            found = {spaced[1]}
        if len(found) != 1:
            continue
        slots = list(found.pop())  # type: ignore[arg-type]
        line = lines[i]
        cells = [""] * len(ref)
        for (start, end, _, _), slot in zip(tail, slots, strict=True):
            cells[slot] = line[start:end]
        label = line[:tail[0][0]].strip()
        lines[i] = (label + "\t" if label else "") + "\t".join(cells)
    return "\n".join(lines)


def _nearby(tails: dict[int, list[tuple[int, int, int, int]]], i: int) -> list[int]:
    """The lines within MAX_ROW_DISTANCE of line `i` that end with values."""
    return [j for j in range(i - MAX_ROW_DISTANCE, i + MAX_ROW_DISTANCE + 1) if j in tails]


def _full_rows(tails: dict[int, list[tuple[int, int, int, int]]], i: int,
               count: int) -> tuple[list[tuple[int, int, int, int]], ...] | None:
    """The two rows nearest to row `i` (within MAX_ROW_DISTANCE lines) that print more
    values than `count`, as many as each other and each in the other's columns: proof
    that the table's columns are aligned. None when there are no such two."""
    near = sorted((abs(j - i), j) for j in _nearby(tails, i) if j != i and len(tails[j]) > count)
    if len(near) < 2:
        return None
    a, b = tails[near[0][1]], tails[near[1][1]]
    if len(a) != len(b) or all(_slots(a, b, at) != tuple(range(len(a))) for at in (0, 2)):
        return None
    return a, b


def _gaps(line: str, tail: list[tuple[int, int, int, int]]) -> list[int]:
    """Spaces before each value of the tail (after the label, or the previous value)."""
    label_end = len(line[:tail[0][0]].rstrip())
    starts = [label_end] + [t[1] for t in tail[:-1]]
    return [t[0] - e for t, e in zip(tail, starts, strict=True)]


def _even_gaps(lines: list[str], i: int, tails: dict[int, list[tuple[int, int, int, int]]],
               ) -> tuple[int, tuple[int, ...]] | None:
    """(cells, column of each value) of a short row in a table whose cells are separated
    by one fixed run of spaces (`a  b  c`, not aligned): where the nearest full row's gaps
    are all that run, a gap of two runs is one blank cell, of three two. None unless the
    row's gaps are all whole runs and it then has exactly the full row's cells."""
    tail = tails[i]
    near = sorted((abs(j - i), j) for j in _nearby(tails, i) if len(tails[j]) > len(tail))
    if not near:
        return None
    full = tails[near[0][1]]
    full_gaps = _gaps(lines[near[0][1]], full)
    run = full_gaps[-1]
    if run < 2 or any(g != run for g in full_gaps[1:]) or full_gaps[0] not in (0, run):
        return None
    gaps = _gaps(lines[i], tail)
    if gaps[0] == 0 or any(g % run for g in gaps):
        return None
    columns, col = [], -1
    for k, g in enumerate(gaps):
        col += g // run if k or full_gaps[0] else 1
        columns.append(col)
    return (len(full), tuple(columns)) if columns[-1] == len(full) - 1 else None


def _header_leaves(lines: list[str], i: int, tails: dict[int, list[tuple[int, int, int, int]]],
                   ) -> list[tuple[int, int, int, int]] | None:
    """The lowest header cells above a row of values that has no full row to follow (the
    review table's one row): the labels of the header lines right above it that no label
    of a line further down sits under, left to right, by display column. None when there
    are fewer than three, or fewer than the row's values."""
    block: list[str] = []
    k = i - 1
    while k >= 0 and len(block) < 4 and lines[k].strip() and k not in tails:
        block.insert(0, lines[k])
        k -= 1
    if not block or "\t" in "".join(block):
        return None
    pieces = []
    for depth, line in enumerate(block):
        for m in re.finditer(r"\S+", line):
            shown = sum(_width(ch) for ch in line[:m.start()])
            end = shown + sum(_width(ch) for ch in m.group())
            pieces.append((depth, (m.start(), m.end(), shown, end)))
    leaves = [p for d, p in pieces
              if not any(d2 > d and p2[2] < p[3] and p[2] < p2[3] for d2, p2 in pieces)]
    leaves.sort(key=lambda p: p[2])
    if len(leaves) < max(3, len(tails[i])):
        return None
    return leaves


def _slots(tail: list[tuple[int, int, int, int]], ref: list[tuple[int, int, int, int]],
           at: int) -> tuple[int, ...] | None:
    """For each value of `tail`, the one column of `ref` its extent overlaps (measured
    by character, `at`=0, or by display column, `at`=2), in order; None when a value
    overlaps none or two columns."""
    out: list[int] = []
    if not ref:
        return None
    for value in tail:
        lo, hi = value[at], value[at + 1]
        hits = [k for k, r in enumerate(ref) if lo < r[at + 1] and r[at] < hi]
        if len(hits) != 1 or (out and hits[0] <= out[-1]):
            return None
        out.append(hits[0])
    return tuple(out)
