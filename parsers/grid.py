"""Table grids and the text contract with `parsers.text.parse_text`.

Every extractor ends with a list of blocks, each a paragraph (`str`) or a `Table` (rows of
cell strings, merged cells already expanded so a merged cell's text is repeated in every
grid position it covers), and renders them with `render`:

    >>> render(["一、总体情况", Table([["信息内容", "本年制发件数"], ["规章", "0"]])])
    '一、总体情况\\n\\n信息内容\\t本年制发件数\\n规章\\t0\\n'

Markup that declares merged cells (HTML, Word, spreadsheets) becomes a grid through
`expand_spans`; tables read from positioned glyphs and ruling lines (PDF, OCR) are
`parsers.geometry`'s.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from parsers.limits import TooLarge

# ---------------------------------------------------------------- text and the contract

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]")
_WS = re.compile(r"\s+")
# a space between two Chinese characters (or full-width punctuation), dropped in cells
_CJK_GAP = re.compile(
    r"(?<=[\u2e80-\u9fff\uff00-\uffef（）“”]) (?=[\u2e80-\u9fff\uff00-\uffef（）“”])"
)


def is_cjk(ch: str) -> bool:
    """True for Chinese characters and full-width punctuation."""
    return bool(ch) and bool(_CJK.match(ch))


def join_pieces(pieces: Iterable[str]) -> str:
    """Join wrapped pieces of one cell or paragraph: nothing between Chinese, else a space."""
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(piece[0])):
            out += " "
        out += piece
    return out


def clean_cell(text: str) -> str:
    """One cell's text on one line: newlines joined per `join_pieces`, spaces squeezed,
    and spaces between two Chinese characters dropped (a typesetting artefact)."""
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    text = join_pieces(text.splitlines())
    text = _WS.sub(" ", text).strip()
    return _CJK_GAP.sub("", text)


def clean_line(text: str) -> str:
    """A paragraph line: no tabs (they mean table cells), squeezed spaces."""
    return _WS.sub(" ", text.replace("\u00a0", " ").replace("\u3000", " ")).strip()


def strip_controls(text: str) -> str:
    """Light clean-up of extracted text (no NFKC): line ends unified to \\n, control
    characters other than \\n and \\t dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


@dataclass
class Table:
    """A table as a full grid of cell strings (merged cells repeated)."""

    rows: list[list[str]]
    # (row, col, ocr_text, score) of cells blanked because they could not be read reliably
    unreadable: list[tuple[int, int, str, float]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def padded(self) -> list[list[str]]:
        w = self.width
        return [[clean_cell(c) for c in r] + [""] * (w - len(r)) for r in self.rows]


Block = str | Table


def render(blocks: Sequence[Block]) -> str:
    """The text handed to `parse_text`: a paragraph per line, a table row per line with
    TAB-separated cells, and a blank line before and after each table."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            rows = [r for r in block.padded() if any(c for c in r)]
            if not rows:
                continue
            if out and out[-1] != "":
                out.append("")
            out.extend("\t".join(r) for r in rows)
            out.append("")
        else:
            line = clean_line(block)
            if line:
                out.append(line)
    return "\n".join(out).strip("\n") + "\n"


@dataclass
class SpanCell:
    """A cell as markup declares it (HTML td, Word tc, spreadsheet merge)."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def expand_spans(rows: Sequence[Sequence[SpanCell]], max_cells: int, max_span: int) -> Table:
    """Lay out cells with rowspan/colspan on a full grid, repeating a merged cell's text
    in every position it covers (the HTML table model, including ragged rows). Grid
    columns that hold no cell of their own (Word's width artefacts: in every row the
    cell there also covers a neighbouring column) are dropped, and rows likewise."""
    grid: list[list[int | None]] = []  # index into `origins` per position
    origins: list[str] = []
    n_rows = len(rows)
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        c = 0
        for cell in row:
            line = grid[r]
            while c < len(line) and line[c] is not None:
                c += 1
            rs = max(1, min(cell.rowspan, max_span, n_rows - r))
            cs = max(1, min(cell.colspan, max_span))
            if (len(grid) + rs) * (c + cs) > max_cells:
                raise TooLarge(f"a table grows past {max_cells:,} cells (Limits.max_table_cells)")
            origins.append(cell.text)
            ident = len(origins) - 1
            for dr in range(rs):
                while len(grid) <= r + dr:
                    grid.append([])
                target = grid[r + dr]
                if len(target) < c + cs:
                    target.extend([None] * (c + cs - len(target)))
                for dc in range(cs):
                    if target[c + dc] is None:
                        target[c + dc] = ident
            c += cs
    width = max((len(r) for r in grid), default=0)
    full = [r + [None] * (width - len(r)) for r in grid]

    def lone(here: int | None, left: int | None, right: int | None) -> bool:
        return here is None or (here != left and here != right)

    def keep(n: int, at: Callable[[int, int], int | None], m: int) -> list[int]:
        """Indices to keep, judged left to right against the last kept neighbour."""
        kept: list[int] = []
        for i in range(n):
            prev = kept[-1] if kept else None
            if n == 1 or any(
                lone(
                    at(i, j),
                    at(prev, j) if prev is not None else None,
                    at(i + 1, j) if i + 1 < n else None,
                )
                for j in range(m)
            ):
                kept.append(i)
        return kept or list(range(n))

    keep_c = keep(width, lambda c, r: full[r][c], len(full))
    keep_r = keep(len(full), lambda r, c: full[r][c], width)
    return Table(
        [[origins[full[r][c]] if full[r][c] is not None else "" for c in keep_c] for r in keep_r]
    )
