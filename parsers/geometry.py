"""Ruled tables rebuilt from geometry (PDF text layers and OCR text boxes): `Glyph`s
(positioned characters) and ruling `Segment`s in, `Table`s (see `parsers.grid`) and
paragraphs out. Coordinates are top-down (y grows downwards) in whatever unit the caller
uses. Kept apart from `parsers.grid`, which knows nothing of positions: this module builds
on it, never the reverse.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from statistics import median

from parsers.grid import Block, Table, clean_cell, clean_line, is_cjk, join_pieces
from parsers.limits import TooLarge

_NUMERIC = re.compile(r"[-+]?[\d,，.０-９]+%?|[-—－/／无]")

Region = tuple[float, float, float, float]  # x0, y0, x1, y1 in points
#: OCR of cell regions as figures: (text, score) for each, ("", 0.0) where there is no ink.
Reader = Callable[[list[Region]], list[tuple[str, float]]]


@dataclass(frozen=True)
class Glyph:
    """One positioned character (or a run of them), top-down coordinates."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    score: float = 1.0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def h(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Segment:
    """An axis-parallel ruling line: horizontal when y0 == y1, vertical when x0 == x1."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) <= abs(self.x1 - self.x0)


@dataclass
class Line:
    """A line of text rebuilt from glyphs."""

    glyphs: list[Glyph]

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.glyphs)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def y0(self) -> float:
        return min(g.y0 for g in self.glyphs)

    @property
    def y1(self) -> float:
        return max(g.y1 for g in self.glyphs)

    @property
    def h(self) -> float:
        return median(g.h for g in self.glyphs)

    @property
    def text(self) -> str:
        out = ""
        prev: Glyph | None = None
        for g in self.glyphs:
            if prev is not None:
                gap = g.x0 - prev.x1
                if gap > 0.3 * max(prev.h, g.h, 1e-6) and not (
                    is_cjk(prev.text[-1]) and is_cjk(g.text[0])
                ):
                    out += " "
            out += g.text
            prev = g
        return out


def group_lines(glyphs: Iterable[Glyph]) -> list[Line]:
    """Glyphs into lines, top to bottom, each sorted left to right: a glyph joins the
    current line when its centre is within half a line height of the line's centre."""
    lines: list[list[Glyph]] = []
    ref = hh = 0.0
    for g in sorted(glyphs, key=lambda g: (g.cy, g.x0)):
        cy, h = g.cy, g.y1 - g.y0
        if lines and abs(cy - ref) < 0.5 * max(hh, h):
            line = lines[-1]
            line.append(g)
            ref += (cy - ref) / len(line)  # running mean of the centres
            hh = max(hh, h)
            continue
        lines.append([g])
        ref, hh = cy, h
    out = []
    for ln in lines:
        ln.sort(key=lambda g: g.x0)
        out.append(Line(ln))
    return out


def _cluster(values: list[float], tol: float) -> list[float]:
    """Sorted cluster centres of `values`, merging neighbours closer than `tol`."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _merge_intervals(iv: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for a, b in sorted(iv):
        if out and a <= out[-1][1] + gap:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


@dataclass
class Rules:
    """Ruling lines snapped to shared coordinates: {y: [(x0, x1)]} and {x: [(y0, y1)]}."""

    h: dict[float, list[tuple[float, float]]]
    v: dict[float, list[tuple[float, float]]]

    def covers_h(self, y: float, a: float, b: float) -> bool:
        return _covered(self.h.get(y, ()), a, b)

    def covers_v(self, x: float, a: float, b: float) -> bool:
        return _covered(self.v.get(x, ()), a, b)


def _covered(ivs: Iterable[tuple[float, float]], a: float, b: float) -> bool:
    """Does one interval cover the middle 60 % of [a, b]?"""
    m0, m1 = a + 0.2 * (b - a), b - 0.2 * (b - a)
    return any(x0 <= m0 and x1 >= m1 for x0, x1 in ivs)


def snap_rules(segments: Iterable[Segment], tol: float, min_len: float) -> Rules:
    """Cluster segment coordinates within `tol` and merge collinear pieces."""
    hs = [s for s in segments if s.horizontal and abs(s.x1 - s.x0) >= min_len]
    vs = [s for s in segments if not s.horizontal and abs(s.y1 - s.y0) >= min_len]
    h: dict[float, list[tuple[float, float]]] = {}
    v: dict[float, list[tuple[float, float]]] = {}
    ys = _cluster([(s.y0 + s.y1) / 2 for s in hs], tol)
    xs = _cluster([(s.x0 + s.x1) / 2 for s in vs], tol)
    for s in hs:
        y = _nearest(ys, (s.y0 + s.y1) / 2)
        h.setdefault(y, []).append((min(s.x0, s.x1), max(s.x0, s.x1)))
    for s in vs:
        x = _nearest(xs, (s.x0 + s.x1) / 2)
        v.setdefault(x, []).append((min(s.y0, s.y1), max(s.y0, s.y1)))
    return Rules(
        {k: _merge_intervals(iv, tol * 1.5) for k, iv in h.items()},
        {k: _merge_intervals(iv, tol * 1.5) for k, iv in v.items()},
    )


def _nearest(sorted_vals: list[float], x: float) -> float:
    i = bisect_right(sorted_vals, x)
    cands = sorted_vals[max(0, i - 1) : i + 1]
    return min(cands, key=lambda c: abs(c - x))


@dataclass
class RuledTable:
    """A table found from ruling lines: its box and its grid."""

    x0: float
    y0: float
    x1: float
    y1: float
    xs: list[float]  # column boundaries
    table: Table


class _UF:
    def __init__(self) -> None:
        self.p: dict = {}

    def find(self, a):  # noqa: ANN001, ANN202 - any hashable
        self.p.setdefault(a, a)
        while self.p[a] != a:
            self.p[a] = self.p[self.p[a]]
            a = self.p[a]
        return a

    def union(self, a, b) -> None:  # noqa: ANN001
        self.p[self.find(a)] = self.find(b)


def find_tables(
    rules: Rules,
    glyphs: Sequence[Glyph],
    *,
    tol: float,
    min_score: float = 0.0,
    max_cells: int = 200_000,
    reread: Reader | None = None,
) -> tuple[list[RuledTable], list[Glyph]]:
    """Rebuild ruled tables: returns the tables and the glyphs that fell outside them.

    Cells are the regions the ruling lines enclose; where a separating line is missing,
    the neighbouring regions are one merged cell and its text is repeated in each. A cell
    holding no Chinese (a value, not a label) whose glyphs score below `min_score` (OCR
    confidence) is blanked and listed in `Table.unreadable`.
    """
    uf = _UF()
    hs = [(y, a, b) for y, ivs in rules.h.items() for a, b in ivs]
    vs = [(x, a, b) for x, ivs in rules.v.items() for a, b in ivs]
    for i, (y, a, b) in enumerate(hs):
        uf.find(("h", i))
        for j, (x, c, d) in enumerate(vs):
            if a - tol <= x <= b + tol and c - tol <= y <= d + tol:
                uf.union(("h", i), ("v", j))
    comps: dict = {}
    for i in range(len(hs)):
        comps.setdefault(uf.find(("h", i)), ([], []))[0].append(hs[i])
    for j in range(len(vs)):
        comps.setdefault(uf.find(("v", j)), ([], []))[1].append(vs[j])

    layouts: list[_Layout] = []
    for h_list, v_list in comps.values():
        ys = sorted({y for y, _, _ in h_list})
        xs = sorted({x for x, _, _ in v_list})
        if not ys or not xs:
            continue
        # a border the page break left undrawn: the rules run past the last line
        v_top, v_bottom = min(a for _, a, _ in v_list), max(b for _, _, b in v_list)
        h_left, h_right = min(a for _, a, _ in h_list), max(b for _, _, b in h_list)
        for y, beyond in (
            (v_top, v_top < ys[0] - 2 * tol),
            (v_bottom, v_bottom > ys[-1] + 2 * tol),
        ):
            if beyond:
                rules.h.setdefault(y, []).append((min(xs[0], h_left), max(xs[-1], h_right)))
                ys = sorted([*ys, y])
        for x, beyond in (
            (h_left, h_left < xs[0] - 2 * tol),
            (h_right, h_right > xs[-1] + 2 * tol),
        ):
            if beyond:
                rules.v.setdefault(x, []).append((ys[0], ys[-1]))
                xs = sorted([*xs, x])
        if len(ys) < 2 or len(xs) < 2:
            continue
        if (len(ys) - 1) * (len(xs) - 1) > max_cells:
            raise TooLarge(f"a ruled table has over {max_cells:,} cells (Limits.max_table_cells)")
        layouts.append(_layout(rules, xs, ys, tol))

    inside: list[list[Glyph]] = [[] for _ in layouts]
    outside: list[Glyph] = []
    for g in glyphs:
        for k, lay in enumerate(layouts):
            if lay.contains(g, tol):
                inside[k].append(g)
                break
        else:
            outside.append(g)
    tables = [_fill(lay, gl, min_score, reread) for lay, gl in zip(layouts, inside, strict=True)]
    return sorted(tables, key=lambda t: t.y0), outside


#: What whole-page OCR makes of a lone 0: Chinese-looking, yet the cell holds a figure.
_ZERO_SEEN_AS = frozenset({"。", "〇", "○"})


def _reread_values(layout: _Layout, texts: dict, scores: dict, reread: Reader,
                   min_score: float) -> None:
    """OCR reads text boxes found on the whole page, and misses or misreads a lone figure
    (a 0 taken for 。, a box cut short). Read every cell that holds no Chinese once more,
    cropped to its own ink and restricted to figures, and keep a reading only when it is
    sure: the two readings agree, or the one that is confident is the only one."""
    nr, nc = len(layout.ys) - 1, len(layout.xs) - 1
    spans: dict[tuple[int, int], list[int]] = {}  # merged cell -> [r0, c0, r1, c1]
    for r in range(nr):
        for c in range(nc):
            span = spans.setdefault(layout.group[(r, c)], [r, c, r, c])
            span[1], span[2], span[3] = min(span[1], c), max(span[2], r), max(span[3], c)
    keys = [key for key in spans
            if texts.get(key, "") in _ZERO_SEEN_AS or not any(is_cjk(ch) for ch in texts.get(key, ""))]
    regions = [(layout.xs[c0], layout.ys[r0], layout.xs[c1 + 1], layout.ys[r1 + 1])
               for r0, c0, r1, c1 in (spans[key] for key in keys)]
    for key, (again, again_score) in zip(keys, reread(regions), strict=True):
        again = clean_cell(again)
        if not again or not _NUMERIC.fullmatch(again):
            continue  # blank paper, or not a figure: what the page's reading said stands
        first, first_score = texts.get(key, ""), scores.get(key, 0.0)
        if _same_figure(first, again):
            texts[key], scores[key] = again, max(first_score, again_score, min_score)
        elif again_score >= min_score and (not first or first_score < min_score
                                           or not _NUMERIC.fullmatch(first)):
            texts[key], scores[key] = again, again_score
        else:  # two different figures, or none sure: not read
            texts[key], scores[key] = again, min(first_score, again_score, min_score / 2)


def _same_figure(a: str, b: str) -> bool:
    """Do two readings of a cell print the same figure (ignoring thousands separators)?"""
    return bool(a) and a.replace(",", "").replace("，", "") == b.replace(",", "").replace("，", "")


@dataclass
class _Layout:
    """Column and row boundaries, which elementary cell belongs to which merged cell, and
    which columns and rows carry information."""

    xs: list[float]
    ys: list[float]
    group: dict[tuple[int, int], tuple[int, int]]
    keep_r: list[int]
    keep_c: list[int]

    def contains(self, g: Glyph, tol: float) -> bool:
        return (
            self.xs[0] - tol <= g.cx <= self.xs[-1] + tol
            and self.ys[0] - tol <= g.cy <= self.ys[-1] + tol
        )


def _redundant(
    group: dict, bounds: list[float], m: int, transpose: bool, sliver: float
) -> list[int]:
    """Indices (of columns, or rows when `transpose`) to keep: drop the slivers that exist
    only because lines of different rows are misaligned, i.e. narrower than `sliver` and in
    every row the cell there also covers a neighbouring column."""
    n = len(bounds) - 1

    def g(i: int, j: int) -> tuple[int, int]:
        return group[(j, i)] if not transpose else group[(i, j)]

    keep = [
        i
        for i in range(n)
        if n == 1
        or bounds[i + 1] - bounds[i] >= sliver
        or not all(
            (i > 0 and g(i, j) == g(i - 1, j)) or (i + 1 < n and g(i, j) == g(i + 1, j))
            for j in range(m)
        )
    ]
    return keep or list(range(n))


def _layout(rules: Rules, xs: list[float], ys: list[float], tol: float) -> _Layout:
    """Elementary cells between the lines, joined where no line separates them."""
    uf = _UF()
    nr, nc = len(ys) - 1, len(xs) - 1
    for r in range(nr):
        for c in range(nc):
            uf.find((r, c))
            if c + 1 < nc and not rules.covers_v(xs[c + 1], ys[r], ys[r + 1]):
                uf.union((r, c), (r, c + 1))
            if r + 1 < nr and not rules.covers_h(ys[r + 1], xs[c], xs[c + 1]):
                uf.union((r, c), (r + 1, c))
    group = {(r, c): uf.find((r, c)) for r in range(nr) for c in range(nc)}
    sliver = max(3 * tol, 4.0)
    return _Layout(
        xs,
        ys,
        group,
        _redundant(group, ys, nc, True, sliver),
        _redundant(group, xs, nr, False, sliver),
    )


def _fill(
    layout: _Layout, glyphs: list[Glyph], min_score: float, reread: Reader | None = None
) -> RuledTable:
    """Put glyphs in their cells and read each cell's text."""
    xs, ys = layout.xs, layout.ys
    nr, nc = len(ys) - 1, len(xs) - 1
    by_group: dict[tuple[int, int], list[Glyph]] = {}
    for g in glyphs:
        r = min(max(bisect_right(ys, g.cy) - 1, 0), nr - 1)
        c = min(max(bisect_right(xs, g.cx) - 1, 0), nc - 1)
        by_group.setdefault(layout.group[(r, c)], []).append(g)
    texts: dict[tuple[int, int], str] = {}
    scores: dict[tuple[int, int], float] = {}
    for key, gl in by_group.items():
        texts[key] = clean_cell(join_pieces(line.text for line in group_lines(gl)))
        scores[key] = min(g.score for g in gl)
    if reread is not None:
        _reread_values(layout, texts, scores, reread, min_score)
    rows: list[list[str]] = []
    unreadable: list[tuple[int, int, str, float]] = []
    seen_bad: set = set()
    for ri, r in enumerate(layout.keep_r):
        row = []
        for ci, c in enumerate(layout.keep_c):
            key = layout.group[(r, c)]
            text = texts.get(key, "")
            if text and scores.get(key, 1.0) < min_score and not any(is_cjk(ch) for ch in text):
                if key not in seen_bad:
                    unreadable.append((ri, ci, text, scores[key]))
                    seen_bad.add(key)
                text = ""
            row.append(text)
        rows.append(row)
    col_xs = [xs[c] for c in layout.keep_c] + [xs[-1]]
    return RuledTable(xs[0], ys[0], xs[-1], ys[-1], col_xs, Table(rows, unreadable))


def same_columns(a: Sequence[float], b: Sequence[float], tol: float) -> bool:
    """Do two table parts share their column boundaries (a table continued on a new page)?"""
    return len(a) == len(b) and all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def paragraphs(lines: Sequence[Line], right: float, left: float) -> list[str]:
    """Join wrapped lines into paragraphs: a line that reaches the right margin continues
    on the next one unless that one is indented (a new paragraph starts)."""
    out: list[str] = []
    joining = False
    for ln in lines:
        text = clean_line(ln.text)
        if not text:
            continue
        h = max(ln.h, 1.0)
        indented = ln.x0 > left + 1.2 * h
        if joining and out and not indented:
            out[-1] = join_pieces([out[-1], text])
        else:
            out.append(text)
        joining = ln.x1 >= right - 1.8 * h and not text.endswith(("。", "：", ":"))
    return out


# ---------------------------------------------------------------- pages to blocks

_FOOTER = re.compile(
    r"^(?:[-－—–]\s*\d{1,3}\s*[-－—–]|第\s*\d{1,3}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})$"
)


@dataclass
class Page:
    """One page's geometry in points, top-down: glyphs and ruling segments."""

    width: float
    height: float
    glyphs: list[Glyph]
    segments: list[Segment]
    tol: float = 2.0  # how far apart two lines may be and still be one ruling
    min_score: float = 0.0  # OCR confidence below which a cell is left blank
    reread: Reader | None = None  # OCR of value cells by their regions (see _reread_values)


def layout_pages(pages: Sequence[Page], max_cells: int = 200_000) -> list[Block]:
    """Pages -> paragraphs and tables in reading order. Page numbers in the top or bottom
    margin (- 3 -, 第3页) are dropped; a table that continues on the next page with the
    same columns is joined into one; lines wrapped at the right margin are joined."""
    items: list[Line | RuledTable] = []
    for page in pages:
        rules = snap_rules(page.segments, page.tol, min_len=3 * page.tol)
        tables, outside = find_tables(
            rules,
            page.glyphs,
            tol=page.tol,
            min_score=page.min_score,
            max_cells=max_cells,
            reread=page.reread,
        )
        lines = [
            ln
            for ln in group_lines(outside)
            if not (
                _FOOTER.match(clean_line(ln.text))
                and (ln.y0 > 0.85 * page.height or ln.y1 < 0.12 * page.height)
            )
        ]
        page_items: list[tuple[float, Line | RuledTable]] = [(ln.y0, ln) for ln in lines] + [
            (t.y0, t) for t in tables
        ]
        page_items.sort(key=lambda it: it[0])
        for k, (_, item) in enumerate(page_items):
            prev = items[-1] if items else None
            if (
                k == 0
                and isinstance(item, RuledTable)
                and isinstance(prev, RuledTable)
                and continues(prev, item, 3 * page.tol)
            ):
                items[-1] = join_tables(prev, item, page.tol)
                continue
            items.append(item)
    body = [it for it in items if isinstance(it, Line) and len(it.glyphs) >= 8]
    left = min((ln.x0 for ln in body), default=0.0)
    rights = sorted(ln.x1 for ln in body)
    right = rights[int(0.9 * (len(rights) - 1))] if rights else 0.0
    blocks: list[Block] = []
    run: list[Line] = []
    for it in items + [None]:
        if isinstance(it, Line):
            run.append(it)
            continue
        blocks.extend(paragraphs(run, right, left))
        run = []
        if isinstance(it, RuledTable):
            blocks.append(it.table)
    return blocks


def continues(prev: RuledTable, nxt: RuledTable, tol: float) -> bool:
    """Is `nxt` (first on its page) the rest of `prev` (last on the previous page)?"""
    return abs(prev.x0 - nxt.x0) <= tol and abs(prev.x1 - nxt.x1) <= tol


def reproject(table: Table, old: Sequence[float], new: Sequence[float]) -> Table:
    """The same table on finer column boundaries: each new column takes the cell of the
    old column under its middle (merged text repeats, as the contract wants)."""
    pick = [
        min(max(bisect_right(old, (a + b) / 2) - 1, 0), len(old) - 2)
        for a, b in zip(new, new[1:], strict=False)
    ]
    rows = [[row[c] if c < len(row) else "" for c in pick] for row in table.rows]
    unreadable = [(r, pick.index(c), t, sc) for r, c, t, sc in table.unreadable if c in pick]
    return Table(rows, unreadable)


def join_tables(a: RuledTable, b: RuledTable, tol: float) -> RuledTable:
    """One table from two parts split by a page break, on the union of their columns."""
    xs = _cluster(list(a.xs) + list(b.xs), 3 * tol)
    xs[0], xs[-1] = min(a.x0, b.x0), max(a.x1, b.x1)
    ta, tb = reproject(a.table, a.xs, xs), reproject(b.table, b.xs, xs)
    if ta.rows and tb.rows:
        # a merged label cell cut by the page break: its empty remainder takes its text
        last = ta.rows[-1]
        for c in range(min(len(last), len(tb.rows[0]))):
            if not last[c] or _NUMERIC.fullmatch(last[c]):
                break
            for row in tb.rows:
                if c >= len(row) or row[c]:
                    break
                row[c] = last[c]
    shifted = [(r + len(ta.rows), c, t, sc) for r, c, t, sc in tb.unreadable]
    return RuledTable(
        xs[0], a.y0, xs[-1], b.y1, xs, Table(ta.rows + tb.rows, ta.unreadable + shifted)
    )
