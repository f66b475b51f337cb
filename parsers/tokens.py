"""A region of report text as a stream of tokens: label text, cell values and empty cells.

The same table reaches the parser in many layouts: tab-separated rows (with merged cells
repeated), PDF text with wrapped cells and labels broken mid-word, one cell per line.
What they share is the *order*: labels, then the values of their row. So the tokeniser
forgets the layout and keeps the order:

- a line is split into cells on tabs, a cell into pieces on whitespace;
- a piece that prints a value (`12`, `无`, `－`) is a VALUE token, any other piece TEXT;
- a cell that is empty in a tab-separated line is an EMPTY token (a blank cell);
- a line that is a single tab-indented cell (`\\t12`) is just that cell;
- a number glued to the end of a label (`行政事业性收费9116.36`, extraction having lost the
  cell border between them) is split off as the VALUE it prints, so the row reads it or,
  if it cannot be placed, is left null; it is never skipped in favour of a later value.

Tokens of a tab-separated line also know their column (the cell's position in the
line) and the line its number of cells, so a grid row can be read against its header
rows by position (see `parsers.tables`).

All TEXT tokens, joined as label keys, form `stream`: labels are found by searching it,
whatever line breaks or spaces cut them up, and each token knows where it starts in the
stream and in the region's text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from parsers.normalize import label_key
from parsers.numbers import Value, is_mark, read_value

TEXT, VALUE, EMPTY = 0, 1, 2
# A label of two or more Chinese characters (its closing bracket or quote allowed) with a
# number glued to its end.
_GLUED = re.compile(r"(.*[\u4e00-\u9fff]{2}[）)」”】]?)(\d[\d,]*(?:\.\d+)?(?:件|条|个|项|次|人次|万元|元)?)")


@dataclass
class Tokens:
    """The token stream of one region of text (parallel lists, for speed)."""

    kinds: list[int] = field(default_factory=list)
    values: list[Value | None] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # offset in the region text
    ends: list[int] = field(default_factory=list)
    stream_starts: list[int] = field(default_factory=list)  # offset in `stream`
    line_ids: list[int] = field(default_factory=list)  # line number in the region
    tabbed: set[int] = field(default_factory=set)  # lines whose cells are tab-separated
    cols: list[int] = field(default_factory=list)  # column of the token's cell in its line
    cell_counts: dict[int, int] = field(default_factory=dict)  # tabbed line -> its cells
    # Tabbed line -> label key of each of its cells, or None when it prints a value
    # (filled in by the table reader as it looks for header rows).
    line_heads: dict[int, list[str] | None] = field(default_factory=dict)
    # (line, first value column) -> the line of its header row, or None (table reader).
    header_lines: dict[tuple[int, int], int | None] = field(default_factory=dict)
    stream: str = ""
    source: str = ""
    # Stream offsets and token indexes of the TEXT tokens, to map a stream offset back.
    text_stream_starts: list[int] = field(default_factory=list)
    text_index: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.kinds)

    def text_of(self, i: int) -> str:
        """The printed text of token `i`."""
        return self.source[self.starts[i]:self.ends[i]]

    def line_tokens(self, line: int) -> range:
        """Indexes of the tokens of line `line` (empty when it has none)."""
        return range(bisect_left(self.line_ids, line), bisect_right(self.line_ids, line))

    def token_at(self, stream_pos: int) -> int:
        """Index of the TEXT token whose label key covers `stream_pos`."""
        i = bisect_right(self.text_stream_starts, stream_pos) - 1
        return self.text_index[max(i, 0)] if self.text_index else 0


def tokenize(text: str) -> Tokens:
    """Tokenise a region of (sanitised) report text."""
    toks = Tokens(source=text)
    kinds, values, starts, ends, sstarts = toks.kinds, toks.values, toks.starts, toks.ends, toks.stream_starts
    line_ids, cols = toks.line_ids, toks.cols
    parts: list[str] = []
    stream_len = 0
    offset = 0
    for line_no, line in enumerate(text.split("\n")):
        line_start = offset
        offset += len(line) + 1
        if not line or line.isspace() and "\t" not in line:
            continue
        cells = line.split("\t")
        tabbed = len(cells) > 1
        cell_start = line_start
        first_col = 0
        if len(cells) == 2 and not cells[0].strip():
            # `\tcell`: one cell per line, indented; the tab is not an empty cell.
            cell_start += len(cells[0]) + 1
            cells = cells[1:]
            tabbed = not cells[0].strip()
            first_col = 1
        if tabbed:
            toks.tabbed.add(line_no)
            toks.cell_counts[line_no] = first_col + len(cells)
        for col, cell in enumerate(cells, first_col):
            here = cell_start
            cell_start += len(cell) + 1
            pieces = _split_glued(cell.split())
            if not pieces:
                if tabbed:
                    kinds.append(EMPTY)
                    values.append(None)
                    starts.append(here)
                    ends.append(here)
                    sstarts.append(stream_len)
                    line_ids.append(line_no)
                    cols.append(col)
                continue
            # Offsets of the pieces inside the cell.
            pos = 0
            read = [read_value(p) for p in pieces]
            for k, piece in enumerate(pieces):
                pos = cell.find(piece, pos)
                value = read[k]
                if value is not None and value.mark and 0 < k < len(pieces) - 1:
                    # A dash or slash between two words of a cell is punctuation: 增 / 减.
                    if read[k - 1] is None and read[k + 1] is None and is_mark(piece):
                        value = None
                start = here + pos
                pos += len(piece)
                if value is not None:
                    kinds.append(VALUE)
                    values.append(value)
                    starts.append(start)
                    ends.append(start + len(piece))
                    sstarts.append(stream_len)
                    line_ids.append(line_no)
                    cols.append(col)
                    continue
                key = label_key(piece)
                kinds.append(TEXT)
                values.append(None)
                starts.append(start)
                ends.append(start + len(piece))
                sstarts.append(stream_len)
                line_ids.append(line_no)
                cols.append(col)
                if key:
                    toks.text_stream_starts.append(stream_len)
                    toks.text_index.append(len(kinds) - 1)
                    parts.append(key)
                    stream_len += len(key)
    toks.stream = "".join(parts)
    return toks


def _split_glued(pieces: list[str]) -> list[str]:
    """The pieces of a cell with every number glued to the end of a label split off."""
    if not any(p[-1].isdigit() or p[-1] in "件条个项次元" for p in pieces):
        return pieces
    out: list[str] = []
    for piece in pieces:
        m = _GLUED.fullmatch(piece) if len(piece) > 2 and read_value(piece) is None else None
        if m:
            out += [m.group(1), m.group(2)]
        else:
            out.append(piece)
    return out
