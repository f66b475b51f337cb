"""Reading one template table out of a token stream.

For each row of the template, in printed order, the reader finds the row's label in the
label stream and takes the first run of values printed after it (before the next row's
label). The values are matched to the row's cells by position or by count, never by guessing:

- a tab-separated grid row (the extractors' text: merged cells repeated in every grid
  position they cover) whose label cells are all filled, under a header row that prints
  the row's column labels over its value cells: by the header's columns, so an empty
  cell is null in its own column and a value repeated over a merged cell (本年增/减 over
  two columns) is read once; when extraction wrapped the row, the lines right below it
  that print nothing but its last (merged) cell's value again are the row's rest;
- as many values as cells: each value goes to its cell (an empty cell reads as null);
- a tab-separated grid row whose label cells are all filled (merged cells repeated, as
  extractors render them) and which has exactly one cell per field: by position, so an
  empty cell is null in its own column;
- more values than cells, but exactly as many non-empty ones: the empties were padding;
- a short row whose last value repeats (a merged cell repeated by the extractor);
- anything else (digits run together, a lost cell): every cell of the row is null, with a
  `cell.ambiguous` check saying what was printed.

Because values are taken by order and not by column position, a row shifted by one
column (sample 003) or a row whose numbers continue on the next line (sample 001) reads
the same as a clean one. A row whose label is unreadable between two readable rows is
read by the template's order when exactly one run of values sits between them, with a
`row.by_position` check.

A table that departs from its template in a known way (`templates.Variant`) is read as
the variant prints it by `read_variant`, only where the template's own rows are absent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from parsers.normalize import label_key
from parsers.numbers import Number, to_field
from parsers.record import Check
from parsers.templates import Field, Row, Table, Variant
from parsers.tokens import EMPTY, TEXT, VALUE, Tokens

# How far (in label-stream characters) past the table start a row label may be found.
# Real tables span a few thousand characters; this bounds the work on megabytes of noise.
MAX_TABLE_STREAM = 20_000
# How many lines above a grid row its header row is looked for (the requests table's
# rows sit up to 25 lines below theirs).
MAX_HEADER_DISTANCE = 40
_UNIT = re.compile(r"(?:单位)?(万元|元)")
# Header labels that contain a column's label without being that column (法人或其他组织
# spans the organisation columns; its 其他 is not the 其他 column).
_WIDER_HEADS = ("法人或其他组织",)


@dataclass
class TableRead:
    """What was read of one table: cells (group -> field -> number or None), the checks
    raised while reading, how many rows were found (and the token of each one's label),
    the span of the region's text the table occupies (None when nothing of it was
    found), and the variant it was read as (None: as the template prints it)."""

    key: str
    cells: dict[str, dict[str, Number | str | None]]
    checks: list[Check] = field(default_factory=list)
    rows_found: int = 0
    span: tuple[int, int] | None = None
    labels: dict[str, int] = field(default_factory=dict)
    variant: Variant | None = None


def read_table(tokens: Tokens, spec: Table, *, require_anchor: bool = False) -> TableRead:
    """Read `spec` from `tokens`. With `require_anchor`, the table must open with one of
    its header labels (used when the region is the whole text, not the table's part)."""
    cells: dict[str, dict[str, Number | str | None]] = {}
    for row in spec.rows:
        for group, f in row.cells:
            cells.setdefault(group, {})[f.key] = None
            if f.units:
                cells[group][f"{f.key}_unit"] = None
    result = TableRead(spec.key, cells)

    anchor = _find_anchor(tokens, spec)
    if anchor is None and require_anchor:
        return result
    found = _locate_rows(tokens, spec, tokens.stream_starts[anchor] if anchor is not None else 0)
    if anchor is not None and found:
        printed = _printed_columns(tokens, spec, tokens.stream_starts[anchor], found[0][2])
        if printed is not None:
            return _read_columns(tokens, spec, printed, result, require_anchor)
    first_token, last_token = anchor, None
    order = {row.key: i for i, row in enumerate(spec.rows)}
    for n, (row, start, label_pos) in enumerate(found):
        result.rows_found += 1
        result.labels[row.key] = start
        following = found[n + 1] if n + 1 < len(found) else None
        stop = following[1] if following else len(tokens)
        if stop <= start:
            stop = start + 1  # the next label shares this token: no values between
        run = _value_run(tokens, start + 1, stop)
        if following and _ends_with_numbering(tokens, run, row, stop, following[0]):
            run.pop()  # `… 0 2 重复申请`: the next row's number, its dot lost in extraction
        shared = bool(run) and ((n > 0 and found[n - 1][1] == start)
                                or _label_over_two_rows(tokens, start, label_pos, following))
        if shared:
            # The rule between two rows' label cells was lost (a scan): one cell holds both
            # labels, or this label over the values of two lines. The values after it may
            # be either row's. Not guessed.
            result.checks.append(Check(
                "cell.ambiguous", f"{spec.key}.{row.key}",
                "its label cell spans another row's label or values; the values after it "
                "may be either row's, and are not placed"))
            run = []
        placed = None if shared else _under_header(tokens, start, run, row)
        if placed is not None:
            # A grid row under its header row: each cell read in its own column(s).
            cells, columns = placed
            _assign_columns(result, spec, row, columns, tokens, label_pos)
            # The row's wrapped remainder (its merged last cell repeated) is the table's.
            run = cells + _repeated_remainder(tokens, run, cells, columns[-1])
        else:
            grid = [] if shared else (
                _grid_cells(tokens, start) or _trailing_cells(tokens, start, len(row.cells))
                or (_value_line(tokens, run[0]) if run else []))
            if len(grid) == len(row.cells) and set(run) <= set(grid):
                run = grid  # a full grid row: an empty cell is a null in its own column
            if run and n and _stacked(tokens, found[n - 1][1], start):
                # The row above printed nothing between its label and this one: labels
                # printed apart from their values (text extracted column by column), so
                # these values may be any of the stacked rows'. Not guessed.
                result.checks.append(Check(
                    "cell.ambiguous", f"{spec.key}.{row.key}",
                    "labels printed one under another, apart from their values (text "
                    "extracted column by column?); the values are not placed"))
                run = []
            elif (run and not _one_line(tokens, run) and not _adds_up(tokens, row, run)
                  and _short_after(tokens, found, n)):
                # Read by order across lines, its total not the sum of its cells, and the
                # next row one value short: a value of the next row printed before its
                # label (pdftotext) may have been taken. Not guessed.
                result.checks.append(Check(
                    "cell.ambiguous", f"{spec.key}.{row.key}",
                    "values read by order across lines do not add up to the row's printed "
                    "total and the next row is short of values; not placed"))
                run = []
            _assign(result, spec, row, run, tokens, label_pos)
        first_token = start if first_token is None else min(first_token, start)
        end = run[-1] if run else start
        last_token = end if last_token is None else max(last_token, end)
        if run and following and order[following[0].key] == order[row.key] + 2:
            missing = spec.rows[order[row.key] + 1]
            gap = _unlabelled_run(tokens, run[-1] + 1, stop)
            if gap:
                # One row's label is unreadable (OCR), its neighbours are not, and one run
                # of values sits between them after some text: the template's order says
                # whose values they are. Read them, and say so.
                result.checks.append(Check("row.by_position", f"{spec.key}.{missing.key}",
                                           "label not recognised; values read by the template's row order"))
                _assign(result, spec, missing, gap, tokens, label_pos)

    if first_token is not None and first_token == anchor and spec.lead:
        first_token = _extend_lead(tokens, first_token, spec.lead)
    if first_token is not None and last_token is not None:
        result.span = (tokens.starts[first_token], tokens.ends[last_token])
    return result


def _printed_columns(tokens: Tokens, spec: Table, start: int, stop: int) -> tuple[str, ...] | None:
    """The columns a table whose rows all share one set of columns (表三's applicants)
    prints, by the labels of its header (the text from its anchor to its first row), when
    it prints some of them but not all (a department's 表三 with only the applicants it
    had); None when it prints all, or none can be told."""
    fields = [f for _, f in spec.rows[0].cells]
    if len(fields) < 3 or any([f.key for _, f in row.cells] != [f.key for f in fields] for row in spec.rows):
        return None
    header = tokens.stream[start:stop]
    for wider in _WIDER_HEADS:
        header = header.replace(wider, "")
    printed = tuple(f.key for f in fields if any(k in header for k in _field_keys(f)))
    # A column counts as not printed only if not even the start of its label is (a label
    # wrapped over two header lines, 社会公益 / 组织, is printed but not found whole).
    unclear = [f for f in fields if f.key not in printed
               and any(k[:2] in header for k in _field_keys(f))]
    return printed if 0 < len(printed) < len(fields) and not unclear else None


def _read_columns(tokens: Tokens, spec: Table, printed: tuple[str, ...], result: TableRead,
                  require_anchor: bool) -> TableRead:
    """The table read as printed with only the columns `printed`; the others are null,
    and a `table.columns` check says which were printed."""
    rows = tuple(replace(row, cells=tuple((g, f) for g, f in row.cells if f.key in printed))
                 for row in spec.rows)
    read = read_table(tokens, replace(spec, rows=rows), require_anchor=require_anchor)
    for group, cells in result.cells.items():
        read.cells[group] = {k: read.cells.get(group, {}).get(k) for k in cells}
    shown = ", ".join(printed)
    read.checks.insert(0, Check("table.columns", spec.key, f"prints only the columns {shown}"))
    return read


def read_variant(tokens: Tokens, read: TableRead, variant: Variant, *,
                 require_anchor: bool = False) -> TableRead | None:
    """The table read as `variant` prints it, or None when it is not so printed.

    `read` is the table read as the template prints it. The variant is taken only when
    (1) the template rows it replaces were none of them found by label, (2) its own row's
    label is found, and (3) exactly one run of values follows that label before the next
    row's label: one printed row of values, not sub-rows whose labels were lost (three
    runs) nor values run together (the one run is then flagged `cell.ambiguous` as any
    row's). The read carries a `table.variant` check, so such reports can be found."""
    if not read.rows_found or any(key in read.labels for key in variant.replaces):
        return None
    alt = read_table(tokens, variant.table, require_anchor=require_anchor)
    start = alt.labels.get(variant.row)
    if start is None:
        return None
    stop = min((t for t in alt.labels.values() if t > start), default=len(tokens))
    if _value_runs(tokens, start + 1, stop) != 1:
        return None
    alt.variant = variant
    alt.checks.insert(0, Check("table.variant", variant.table.key, variant.detail))
    return alt


def _value_runs(tokens: Tokens, start: int, stop: int) -> int:
    """How many separate runs of values (text between them) lie in [start, stop)."""
    kinds = tokens.kinds
    runs = 0
    in_run = False
    for i in range(start, stop):
        kind = kinds[i]
        if kind == TEXT:
            in_run = False
        elif kind == VALUE and not in_run:
            runs += 1
            in_run = True
    return runs


def _locate_rows(tokens: Tokens, spec: Table, cursor: int) -> list[tuple[Row, int, int]]:
    """The rows whose label is found, in order: (row, index of the label's first token,
    stream offset of the label). A row whose label is only found past the next row's
    label is taken as missing rather than allowed to swallow the rows between."""
    stream = tokens.stream
    limit = min(len(stream), cursor + MAX_TABLE_STREAM)
    rows = spec.rows
    found: list[tuple[Row, int, int]] = []
    for i, row in enumerate(rows):
        hit = _search(row, stream, cursor, limit)
        if hit is None:
            continue
        if i + 1 < len(rows) and _search(rows[i + 1], stream, cursor, hit[0]) is not None:
            continue
        found.append((row, tokens.token_at(hit[0]), hit[0]))
        cursor = hit[1]
    return found


def _label_over_two_rows(tokens: Tokens, start: int, label_pos: int,
                         following: tuple | None) -> bool:
    """True when the grid cell holding a row's label (token `start`, the label at stream
    offset `label_pos`) prints other text before the label (another row's, unrecognised),
    and is repeated in its column on the next line beside other values, the next row's
    label not on that line: one merged label cell over two printed rows of values. (A
    row's own label repeated on a wrapped line is not this.)"""
    line = tokens.line_ids[start]
    if line not in tokens.tabbed or line + 1 not in tokens.tabbed:
        return False
    if label_pos - tokens.stream_starts[start] < 4:
        return False
    if following is not None and tokens.line_ids[following[1]] == line + 1:
        return False
    text, col = tokens.text_of(start), tokens.cols[start]
    below = tokens.line_tokens(line + 1)
    if not any(tokens.cols[t] == col and tokens.text_of(t) == text for t in below):
        return False
    mine = [tokens.text_of(t) for t in tokens.line_tokens(line) if tokens.kinds[t] == VALUE]
    theirs = [tokens.text_of(t) for t in below if tokens.kinds[t] == VALUE]
    return bool(theirs) and theirs != mine


def _stacked(tokens: Tokens, above: int, start: int) -> bool:
    """True when nothing but text lies between the label of the row above (token `above`)
    and this row's label (token `start`): no value and no empty cell."""
    kinds = tokens.kinds
    return all(kinds[i] == TEXT for i in range(above + 1, start))


def _short_after(tokens: Tokens, found: list[tuple[Row, int, int]], n: int) -> bool:
    """True when the row after `found[n]` prints fewer values than it has cells."""
    if n + 1 >= len(found):
        return False
    row, start, _ = found[n + 1]
    stop = found[n + 2][1] if n + 2 < len(found) else len(tokens)
    run = _value_run(tokens, start + 1, max(stop, start + 1))
    return 0 < sum(1 for t in run if tokens.kinds[t] == VALUE) < len(row.cells)


def _one_line(tokens: Tokens, run: list[int]) -> bool:
    """True when the run's tokens are all on one line."""
    return tokens.line_ids[run[0]] == tokens.line_ids[run[-1]]


def _adds_up(tokens: Tokens, row: Row, run: list[int]) -> bool:
    """False only when the run fills every cell of the row in order and, in a group of
    cells ending with a `total`, the total is not the sum of the others (a reading by
    order that slipped a cell)."""
    values = [tokens.values[t] for t in run if tokens.kinds[t] == VALUE]
    if len(values) != len(row.cells):
        return True
    groups: dict[str, list[tuple[str, float]]] = {}
    for (group, f), v in zip(row.cells, values, strict=True):
        if v is not None:
            groups.setdefault(group, []).append((f.key, v.number))
    for cells in groups.values():
        if len(cells) >= 3 and cells[-1][0] == "total" and "total" not in dict(cells[:-1]):
            if sum(n for _, n in cells[:-1]) != cells[-1][1]:
                return False
    return True


def _ends_with_numbering(tokens: Tokens, run: list[int], row: Row, stop: int, following: Row) -> bool:
    """True when the run has one value too many and the last one is the next row's number
    printed without its dot right before the next row's label."""
    if not run or not following.number:
        return False
    last = run[-1]
    value = tokens.values[last]
    return (sum(1 for t in run if tokens.kinds[t] == VALUE) == len(row.cells) + 1
            and value is not None and value.text == following.number
            and last + 1 == stop and tokens.kinds[stop] == TEXT)


def _find_anchor(tokens: Tokens, spec: Table) -> int | None:
    """Index of the first TEXT token that opens with one of the table's header labels."""
    pattern = spec.anchor_pattern
    stream = tokens.stream
    for pos in tokens.text_stream_starts:
        if pattern.match(stream, pos):
            return tokens.token_at(pos)
    return None


def _extend_lead(tokens: Tokens, first: int, lead: tuple[str, ...]) -> int:
    """Move the table start back over header cells printed just before its anchor
    (行政复议 / 行政诉讼 above 结果维持), however they are wrapped or spaced."""
    pos = tokens.stream_starts[first]
    window = tokens.stream[max(0, pos - 200):pos]
    m = _lead_pattern(lead).search(window)
    if m is None:
        return first
    return min(first, tokens.token_at(pos - (len(window) - m.start())))


@lru_cache(maxsize=8)
def _lead_pattern(lead: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted({label_key(x) for x in lead}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, words)) + r")+\Z")


def _search(row: Row, stream: str, start: int, limit: int) -> tuple[int, int] | None:
    """Stream span of the row's label at or after `start` (and before `limit`)."""
    m = row.pattern.search(stream, start, limit)
    return (m.start(), m.end()) if m else None


def _grid_cells(tokens: Tokens, start: int) -> list[int]:
    """The value cells of a grid row, by position: on a tab-separated line whose label
    cells are all filled (merged labels repeated, as extractors render them), every cell
    after the label up to the next text, empty ones included. [] for other layouts
    (label areas with blank padding, one cell per line, PDF text), where an empty cell's
    column cannot be told."""
    kinds, line_ids = tokens.kinds, tokens.line_ids
    line = line_ids[start]
    if line not in tokens.tabbed:
        return []
    i = start
    while i > 0 and line_ids[i - 1] == line:
        i -= 1
        if kinds[i] != TEXT:
            return []  # a blank or a value before the label: not a filled label area
    i = start
    end = len(kinds)
    while i < end and line_ids[i] == line and kinds[i] == TEXT:
        i += 1
    cells = []
    while i < end and line_ids[i] == line and kinds[i] != TEXT:
        cells.append(i)
        i += 1
    return cells if any(kinds[t] == VALUE for t in cells) else []


def _trailing_cells(tokens: Tokens, start: int, n: int) -> list[int]:
    """The value cells of a full-width grid row, by position, when its label area has
    blanks (a merged label printed once, as spreadsheets and Markdown converters do): the
    last `n` cells of a tab-separated line as wide as its table, with nothing but labels
    and blanks before them (so no value merged over the blanks that follow it). []
    otherwise: then an empty cell may be a merged cell's continuation or a dropped cell,
    and its column cannot be told."""
    kinds, line_ids = tokens.kinds, tokens.line_ids
    line = line_ids[start]
    if line not in tokens.tabbed or tokens.cell_counts[line] != _table_width(tokens, line):
        return []
    by_col: dict[int, list[int]] = {}
    for i in tokens.line_tokens(line):
        by_col.setdefault(tokens.cols[i], []).append(i)
    width = tokens.cell_counts[line]
    tail = list(range(width - n, width))
    if width - n < 1 or any(len(by_col.get(c, [])) != 1 for c in tail):
        return []
    out = [by_col[c][0] for c in tail]
    if any(kinds[i] == TEXT for i in out) or not any(kinds[i] == VALUE for i in out):
        return []
    if any(kinds[i] == VALUE for c in range(width - n) for i in by_col.get(c, [])):
        return []
    return out if start < out[0] else []


def _table_width(tokens: Tokens, line: int) -> int:
    """Most cells of any tab-separated line in the run of such lines around `line` (blank
    lines do not end the run): the width of the table the line belongs to."""
    width = tokens.cell_counts.get(line, 0)
    for step in (-1, 1):
        k, gap = line + step, 0
        while gap <= 1 and 0 <= k and (k in tokens.cell_counts or gap < 1):
            if k in tokens.cell_counts:
                width = max(width, tokens.cell_counts[k])
                gap = 0
            elif tokens.line_tokens(k):
                break
            else:
                gap += 1
            k += step
            if k > line + 400 or k < line - 400:
                break
    return width


def _under_header(tokens: Tokens, start: int, run: list[int], row: Row) -> tuple[list[int], list[list[int]]] | None:
    """A grid row read by its header: (the cells of the row's value area, and for each
    of the row's fields the cells under its column(s)), or None when the row is not laid
    out so (see `_value_area` and `_header_columns`)."""
    area = _value_area(tokens, start, run)
    if area is None:
        return None
    line, first_col, cells = area
    columns = _header_columns(tokens, line, first_col, row)
    if columns is None:
        return None
    by_col = {tokens.cols[t]: t for t in cells}
    if any(c not in by_col for cols in columns for c in cols):
        return None
    return cells, [[by_col[c] for c in cols] for cols in columns]


def _value_area(tokens: Tokens, start: int, run: list[int]) -> tuple[int, int, list[int]] | None:
    """(line, first value column, value cells) of the grid row holding the row label
    `start`: a tab-separated line whose leading cells are all label text (none blank)
    and whose other cells each hold one value or nothing; or, when the label is in a
    header (行政复议 / 行政诉讼), the line of values its run starts on. None otherwise."""
    kinds, cols = tokens.kinds, tokens.cols
    for line in (tokens.line_ids[start], tokens.line_ids[run[0]] if run else None):
        if line is None or line not in tokens.cell_counts:
            continue
        labels = -1  # columns of label text before the first value cell
        cells: list[int] = []
        for t in tokens.line_tokens(line):
            if kinds[t] == TEXT:
                if cells:
                    return None  # text after a value: not one row of values
                labels = cols[t]
                continue
            if cells and cols[cells[-1]] == cols[t]:
                return None  # two values in one cell
            if not cells and cols[t] != labels + 1:
                return None  # a blank label cell: 000's layout, where a column can't be told
            cells.append(t)
        if line == tokens.line_ids[start]:
            if not cells or cols[start] > labels:
                continue  # the label's line holds no values (a header)
        elif labels >= 0:
            return None  # the values follow another label: not this row's
        if any(kinds[t] == VALUE for t in cells):
            return line, labels + 1, cells
    return None


def _header_columns(tokens: Tokens, line: int, first_col: int, row: Row) -> list[list[int]] | None:
    """For each field of `row`, the columns of `line` under its header (`_header_line`).
    Adjacent cells printing the same header are one merged column; the header's columns
    must print the row's fields' labels, in order, one column (or merged column) each.
    None otherwise."""
    above = _header_line(tokens, line, first_col)
    if above is None:
        return None
    heads = tokens.line_heads[above]
    assert heads is not None
    merged: list[tuple[str, list[int]]] = []
    for c in range(first_col, len(heads)):
        if merged and merged[-1][0] == heads[c]:
            merged[-1][1].append(c)
        else:
            merged.append((heads[c], [c]))
    fields = [f for _, f in row.cells]
    if len(merged) != len(fields):
        return None
    for (head, _), f in zip(merged, fields, strict=True):
        if not any(k in head for k in _field_keys(f)):
            return None
    return [c for _, c in merged]


def _header_line(tokens: Tokens, line: int, first_col: int) -> int | None:
    """The header row of a grid row: the nearest line above with as many cells, no
    values and every cell from `first_col` on filled, passing over rows of values and
    rows left blank. None when a line with another number of cells or a sparse header
    (merged cells not repeated) comes first, or none is near. Remembered per line."""
    key = (line, first_col)
    if key in tokens.header_lines:
        return tokens.header_lines[key]
    count = tokens.cell_counts[line]
    found = None
    for above in range(line - 1, max(-1, line - MAX_HEADER_DISTANCE), -1):
        if tokens.cell_counts.get(above) != count:
            break
        heads = _line_heads(tokens, above)
        if heads is None:
            known = tokens.header_lines.get((above, first_col), -1)
            if known != -1:  # a row of values whose header is already known
                found = known if known is None or line - known < MAX_HEADER_DISTANCE else None
                break
            continue  # a row of values
        if not any(heads[first_col:]):
            continue  # a row whose values are all blank
        if all(heads[first_col:]):
            found = above
        break  # the header, or a sparse one
    tokens.header_lines[key] = found
    return found


def _line_heads(tokens: Tokens, line: int) -> list[str] | None:
    """The label key of each cell of a tab-separated line, None when it prints a value."""
    if line in tokens.line_heads:
        return tokens.line_heads[line]
    kinds, cols = tokens.kinds, tokens.cols
    span = tokens.line_tokens(line)
    if any(kinds[t] == VALUE for t in span):
        tokens.line_heads[line] = None
        return None
    texts = [""] * tokens.cell_counts[line]
    for t in span:
        if kinds[t] == TEXT:
            texts[cols[t]] += label_key(tokens.text_of(t))
    tokens.line_heads[line] = texts
    return texts


@lru_cache(maxsize=256)
def _field_keys(f: Field) -> tuple[str, ...]:
    return tuple({label_key(x) for x in (f.label, *f.variants)} - {""})


def _assign_columns(result: TableRead, spec: Table, row: Row, columns: list[list[int]], tokens: Tokens,
                    label_start: int) -> None:
    """Put each field's value into its cell: the cells under its (merged) column print
    one value, or nothing (null). Different values under one merged column are not
    chosen between."""
    chosen: list[int | None] = []
    for (group, f), cells in zip(row.cells, columns, strict=True):
        filled = [t for t in cells if tokens.kinds[t] == VALUE]
        numbers = {v.number for t in filled if (v := tokens.values[t]) is not None}
        if len(numbers) > 1:
            shown = " ".join(tokens.text_of(t) for t in filled)
            result.checks.append(Check("cell.ambiguous", f"{spec.key}.{group}.{f.key}",
                                       f"different values in one merged cell: {shown!r}"))
            chosen.append(None)
        else:
            chosen.append(filled[0] if filled else None)
    _put(result, spec, row, chosen, tokens, label_start)


def _repeated_remainder(tokens: Tokens, run: list[int], cells: list[int], last: list[int]) -> list[int]:
    """The rest of a grid row read by its header that extraction wrapped onto the next
    line(s): the tokens of `run` past the row's value cells `cells`, when they are whole
    lines right below the row's line that print nothing but the one value read for the
    row's last (merged) column `last`, repeated (`行政事业性收费\t33608` + `33608 33608`: an
    extractor's grid repeats a merged cell in every position it covers), blank cells
    aside. [] otherwise: a different number, text on those lines or a blank line between
    leave the values to the text."""
    if not cells or not run or run[-1] <= cells[-1]:
        return []
    kinds, values, line_ids = tokens.kinds, tokens.values, tokens.line_ids
    numbers = {v.number for t in last if (v := values[t]) is not None}
    if len(numbers) != 1:
        return []
    rest = [t for t in run if t > cells[-1]]  # `run` is contiguous: so is `rest`
    line = line_ids[cells[-1]]
    if rest[0] != cells[-1] + 1 or line_ids[rest[0]] != line + 1:
        return []  # not on the line right below the row's
    for t in rest:
        if line_ids[t] not in (line, line + 1):
            return []  # a blank line between: not the row's wrapped remainder
        line = line_ids[t]
        if kinds[t] == EMPTY:
            continue
        value = values[t]
        if kinds[t] != VALUE or value is None or value.number not in numbers:
            return []
    after = rest[-1] + 1
    while after < len(kinds) and line_ids[after] == line:
        if kinds[after] != EMPTY:
            return []  # the last line goes on with text: not a line of the row's values only
        after += 1
    return rest


def _value_line(tokens: Tokens, first: int) -> list[int]:
    """All cells of the tab-separated line holding token `first` when that line holds
    nothing but values and blanks (the number row under the review table's header)."""
    kinds, line_ids = tokens.kinds, tokens.line_ids
    line = line_ids[first]
    if line not in tokens.tabbed:
        return []
    i = first
    while i > 0 and line_ids[i - 1] == line:
        i -= 1
    cells = []
    while i < len(kinds) and line_ids[i] == line:
        if kinds[i] == TEXT:
            return []
        cells.append(i)
        i += 1
    return cells


def _unlabelled_run(tokens: Tokens, start: int, stop: int) -> list[int]:
    """The one run of values in [start, stop) that follows some text, or [] when there
    is no such run or more than one."""
    kinds = tokens.kinds
    runs: list[list[int]] = []
    seen_text = False
    i = start
    while i < stop:
        if kinds[i] == TEXT:
            seen_text = True
            i += 1
            continue
        if kinds[i] == EMPTY:
            i += 1
            continue
        if not seen_text:
            return []  # values right after the previous row's: not a separate row
        run = _value_run(tokens, i, stop)
        runs.append(run)
        i = (run[-1] if run else i) + 1
        while i < stop and kinds[i] != TEXT:
            i += 1
    return runs[0] if len(runs) == 1 else []


def _value_run(tokens: Tokens, start: int, stop: int) -> list[int]:
    """Token indexes of the first run of values in [start, stop): leading empties and
    text skipped, the run ends at the next text; trailing empty cells dropped."""
    kinds = tokens.kinds
    i = start
    while i < stop and kinds[i] != VALUE:
        i += 1
    run: list[int] = []
    while i < stop and kinds[i] != TEXT:
        run.append(i)
        i += 1
    while run and kinds[run[-1]] == EMPTY:
        run.pop()
    return run


def _assign(result: TableRead, spec: Table, row: Row, run: list[int], tokens: Tokens,
            label_start: int) -> None:
    """Put the run's values into the row's cells, or flag the row as unreadable."""
    if not run:
        return
    n = len(row.cells)
    kinds = tokens.kinds
    printed = {t: v.text for t in run if (v := tokens.values[t]) is not None}
    numbers = {t: v.number for t in run if (v := tokens.values[t]) is not None}
    chosen: list[int | None] | None = None
    if len(run) == n:
        chosen = [t if kinds[t] == VALUE else None for t in run]
    else:
        filled = [t for t in run if kinds[t] == VALUE]
        if len(filled) == n:
            chosen = list(filled)
        elif 0 < n <= 3 and len(filled) > n and len({numbers[t] for t in filled[n - 1:]}) == 1:
            # A short row in a wider grid: its last cell spans the rest and the extractor
            # repeated it (行政许可 5 5 5; 采购总金额 85.6 85.6).
            chosen = list(filled[:n])
    where = f"{spec.key}.{row.key}" if all(g == row.key for g, _ in row.cells) else spec.key
    if chosen is None:
        shown = " ".join(printed.get(t, "_") for t in run)
        long_digits = any(len(text) >= 4 for text in printed.values())
        why = f"{len(printed)} values for {n} cells: {shown!r}"
        if len(run) < n and long_digits:
            why += " (digits of adjacent cells may have run together)"
        result.checks.append(Check("cell.ambiguous", where, why))
        return
    _put(result, spec, row, chosen, tokens, label_start)


def _put(result: TableRead, spec: Table, row: Row, chosen: list[int | None], tokens: Tokens,
         label_start: int) -> None:
    """Store the chosen value token of each of the row's cells (None: left null)."""
    for (group, f), t in zip(row.cells, chosen, strict=True):
        if t is None:
            continue
        value = tokens.values[t]
        assert value is not None
        number, problem = to_field(value, f.kind)
        if problem is not None:
            result.checks.append(Check("cell.ambiguous", f"{spec.key}.{group}.{f.key}", problem))
            continue
        result.cells[group][f.key] = number
        if f.units:
            unit = value.unit if value.unit and value.unit in f.units else _header_unit(tokens, f, label_start)
            result.cells[group][f"{f.key}_unit"] = unit


def _header_unit(tokens: Tokens, f: Field, before: int) -> str | None:
    """The unit printed with a field's column header (采购总金额（万元）), searched in the
    label stream before the row's label."""
    stream = tokens.stream
    head = label_key(f.label)
    pos = stream.rfind(head, max(0, before - 2_000), before)
    if pos < 0:
        return None
    m = _UNIT.match(stream, pos + len(head))
    if m and m.group(1) in f.units:
        return m.group(1)
    return None
