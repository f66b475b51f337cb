"""The record's cells as people name them: every template cell's dotted path
(`requests.new.total`) with the labels the official table prints for it, and the reading
of a cell written the way a clerk would write it.

A cell is a row × a column of a printed table, so it is named by its row's label and its
column's label, joined by `.` (or ` · `):

    本年新收政府信息公开申请数量.总计      一、本年新收政府信息公开申请数量 · 总计
    不予公开.属于国家秘密.自然人           行政复议.结果纠正          规章.本年制发件数

Any part of a printed label will do (`本年新收.总计`) as long as the name fits one cell;
numbering (一、 (三) 1.), spaces and punctuation are ignored, full-width characters read as
half-width. A row named without a column means its 总计 column (`本年新收政府信息公开申请数量`
is `requests.new.total`, `行政复议` is `review_litigation.review.total`); a table's title may
lead the name when a row label alone is not enough. Exact labels beat partial ones, so
`其他.总计` is the row 3.其他, not 2.其他法律行政法规禁止公开.

The cells and their labels come from `parsers.templates` and `parsers.layout` (the tables as
printed); nothing here repeats a label.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations

from parsers.layout import CELL_LABELS, LAYOUTS
from parsers.normalize import label_key
from parsers.templates import TEMPLATES, Field

#: The templates, newest first: a cell printed by both is described as the newer prints it.
FORMATS = ("2021", "2019")
#: How the parts of a cell's name are joined when it is shown.
SEPARATOR = " · "


@dataclass(frozen=True)
class CellName:
    """One cell of a template table: its path, its place and the labels printed for it."""

    path: str  # requests.new.total
    table: str  # requests
    row: str  # new (a row key, or a group of the review/litigation table)
    column: str  # total
    labels: tuple[str, ...]  # as printed, outermost first: row labels, then the column's
    kind: str  # count, amount or signed (parsers.templates)
    formats: tuple[str, ...]  # the templates that print it
    # other wordings of the same cell (the 2019 template's 处理决定数量 for 本年处理决定数量)
    aliases: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def name(self) -> str:
        """The labels as printed, joined: `一、本年新收政府信息公开申请数量 · 总计`."""
        return SEPARATOR.join(self.labels)

    @property
    def label_path(self) -> str:
        """The labels without their numbering, joined by `.`: the name a filter writes
        (`本年新收政府信息公开申请数量.总计`)."""
        return ".".join(_unnumbered(label) for label in self.labels)

    def words(self, translate: Callable[[str], str]) -> str:
        """The name with each label passed through `translate` (an English catalogue)."""
        return SEPARATOR.join(translate(label) for label in self.labels)


def _fields(fmt: str) -> dict[str, Field]:
    """Path → template field of every cell of a template (its variants included)."""
    template = TEMPLATES[fmt]
    tables = [*template.tables, *(v.table for v in template.variants)]
    return {f"{t.key}.{group}.{f.key}": f for t in tables for row in t.rows
            for group, f in row.cells}


def _catalogue() -> tuple[CellName, ...]:
    """Every cell, table by table: the 2021 template's in printed order, then the 2019
    template's own."""
    labels: dict[str, tuple[str, ...]] = {}
    aliases: dict[str, list[tuple[str, ...]]] = {}
    formats: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for fmt in FORMATS:
        fields = _fields(fmt)
        for layout in LAYOUTS[fmt]:
            for path in layout.paths():
                printed = CELL_LABELS[fmt][path]
                if path not in labels:
                    labels[path], kinds[path] = printed, fields[path].kind
                elif printed != labels[path] and printed not in aliases.get(path, []):
                    aliases.setdefault(path, []).append(printed)
                formats.setdefault(path, []).append(fmt)
    out = []
    for path, printed in labels.items():
        table, row, column = path.split(".")
        out.append(CellName(path, table, row, column, printed, kinds[path],
                            tuple(formats[path]), tuple(aliases.get(path, ()))))
    order = [t.key for t in TEMPLATES[FORMATS[0]].tables]
    return tuple(sorted(out, key=lambda c: order.index(c.table)))  # stable: printed order


CELLS: tuple[CellName, ...] = _catalogue()
BY_PATH: dict[str, CellName] = {c.path: c for c in CELLS}
#: Table key → its title as printed (二、主动公开政府信息情况 ...), in printed order.
TABLE_TITLES: dict[str, str] = {t.key: t.title for t in TEMPLATES["2021"].tables}


# ------------------------------------------------------------------------- reading names
class CellNameError(ValueError):
    """A name that is not exactly one cell; `candidates` are the cells it comes closest to
    (the nearest names for an unknown one, the cells it fits for an ambiguous one)."""

    def __init__(self, message: str, candidates: tuple[CellName, ...]) -> None:
        super().__init__(message)
        self.candidates = candidates


class UnknownCell(CellNameError):
    """No cell has this path or these labels."""


class AmbiguousCell(CellNameError):
    """The labels fit several cells."""


_ASCII_PATH = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$", re.ASCII)
_SEPARATORS = re.compile(r"\s*[.·・|。]\s*|\s+/\s+|\s+")  # a space too (本年新收 总计)
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.]|\(\s*[一二三四五六七八九十\d]+\s*\)"
                        r"|\d+\s*[.、])\s*")
_TRAILING_NUMBER = re.compile(r"\d+$")
_SHOWN = 4  # candidates named in a message


def _unnumbered(label: str) -> str:
    """A label without its leading numbering (一、 （三） 1.)."""
    while (m := _NUMBERING.match(unicodedata.normalize("NFKC", label))) and m.end():
        label = label[m.end():]
    return label.strip()


def term(text: str) -> str:
    """A label as names are compared: numbering (一、 (三) 1.) dropped, then its label key
    (no spaces or punctuation, half-width). Trailing digits go too: in `不予公开 1.属于…`
    split at the dot, the `1` numbers the next label."""
    return _TRAILING_NUMBER.sub("", label_key(_unnumbered(unicodedata.normalize("NFKC", text))))


def _label_sets(cell: CellName) -> list[tuple[tuple[str, ...], str]]:
    """(row terms, column term) of each wording of a cell; the table's title is a row
    term too, so it may lead a name."""
    title = term(TABLE_TITLES[cell.table])
    return [((title, *(term(x) for x in labels[:-1])), term(labels[-1]))
            for labels in (cell.labels, *cell.aliases)]


_TERMS = {c.path: _label_sets(c) for c in CELLS}


def _fit(parts: list[str], rows: tuple[str, ...], column: str | None
         ) -> tuple[int, int] | None:
    """How well `parts` name a cell: None if they do not; else (parts equal to a whole
    label, 1 if no row label is left unnamed), so exact and complete names win. With
    `column`, the last part names the column; the others name distinct row labels (the
    first of which is the table's title), in printed order."""
    if column is not None:
        if parts[-1] not in column:
            return None
        exact, parts = int(parts[-1] == column), parts[:-1]
    else:
        exact = 0
    best: tuple[int, int] | None = None
    for chosen in combinations(range(len(rows)), len(parts)):
        if all(p in rows[i] for p, i in zip(parts, chosen, strict=True)):
            score = (exact + sum(p == rows[i] for p, i in zip(parts, chosen, strict=True)),
                     int(set(range(1, len(rows))) <= set(chosen)))
            best = score if best is None else max(best, score)
    return best


def _matches(parts: list[str]) -> tuple[list[CellName], bool]:
    """The cells `parts` fit best (ties kept), and whether the parts named their column.
    The last part is read as the column first; failing that, every part as a row label."""
    for with_column in (True, False):
        scores: dict[str, tuple[tuple[int, int], bool]] = {}
        for cell in CELLS:
            for rows, column in _TERMS[cell.path]:
                fits = [(_fit(parts, rows, column), True)] if with_column else []
                if not with_column or len(parts) == 1:  # one part: a row or a column
                    fits.append((_fit(parts, rows, None), False))
                for score, via_column in fits:
                    if score is not None and (score, via_column) > scores.get(
                            cell.path, ((-1, 0), False)):
                        scores[cell.path] = (score, via_column)
        if scores:
            top = max(score for score, _ in scores.values())
            best = [path for path, (score, _) in scores.items() if score == top]
            return [BY_PATH[p] for p in best], any(scores[p][1] for p in best)
    return [], False


def resolve(name: str) -> CellName:
    """The cell a path (`requests.new.total`, `tables.` allowed) or a Chinese name
    (`本年新收.总计`) stands for; UnknownCell or AmbiguousCell saying why not."""
    text = unicodedata.normalize("NFKC", name).strip()
    if _ASCII_PATH.match(text):
        cell = BY_PATH.get(text.removeprefix("tables."))
        if cell is None:
            near = nearest(text)
            raise UnknownCell(f"no cell {text!r}" + _listed("; nearest", near), near)
        return cell
    parts = [t for t in (term(p) for p in _SEPARATORS.split(text)) if t]
    found, named_column = _matches(parts) if parts else ([], False)
    if len(found) > 1 and not named_column and len({(c.table, c.row) for c in found}) == 1:
        found = [c for c in found if c.column == "total"] or found
    if len(found) == 1:
        return found[0]
    if not found:
        near = nearest(text)
        raise UnknownCell(f"no cell is named {name.strip()!r}" + _listed("; nearest", near),
                          near)
    raise AmbiguousCell(f"{name.strip()!r} fits {len(found)} cells"
                        + _listed("", tuple(found))
                        + f"; name its row and column, e.g. {found[0].label_path!r}",
                        tuple(found))


def nearest(name: str, n: int = 3) -> tuple[CellName, ...]:
    """The cells whose path or labels are closest to a name that is none of them."""
    text = unicodedata.normalize("NFKC", name).strip()
    if _ASCII_PATH.match(text):
        paths = difflib.get_close_matches(text.removeprefix("tables."), list(BY_PATH), n=n,
                                          cutoff=0.5)
        return tuple(BY_PATH[p] for p in paths)
    query = ".".join(t for t in (term(p) for p in _SEPARATORS.split(text)) if t)
    forms = {".".join(t for t in (*rows[1:], column) if t): path
             for path, sets in _TERMS.items() for rows, column in sets}
    found = difflib.get_close_matches(query, list(forms), n=n * 2, cutoff=0.35)
    return tuple(dict.fromkeys(BY_PATH[forms[f]] for f in found))[:n]


def _listed(lead: str, cells: tuple[CellName, ...]) -> str:
    if not cells:
        return ""
    shown = ", ".join(f"{c.path} ({c.name})" for c in cells[:_SHOWN])
    more = f" and {len(cells) - _SHOWN} more" if len(cells) > _SHOWN else ""
    return f"{lead}: {shown}{more}"


def search(words: str, cells: Iterable[CellName] = CELLS,
           translate: Callable[[str], str] | None = None) -> list[CellName]:
    """The cells whose path or name contains `words` (labels compared without numbering,
    spaces or punctuation; with `translate`, the translated name too, any case)."""
    needle = words.strip().lower()
    key = term(words)
    out = []
    for cell in cells:
        texts = [cell.path, cell.name, *(SEPARATOR.join(a) for a in cell.aliases)]
        if translate is not None:
            texts.append(cell.words(translate))
        if any(needle in t.lower() for t in texts) or (key and any(
                key in label_key(t) for t in texts[1:])):
            out.append(cell)
    return out


__all__ = ["BY_PATH", "CELLS", "FORMATS", "SEPARATOR", "TABLE_TITLES", "AmbiguousCell",
           "CellName", "CellNameError", "UnknownCell", "nearest", "resolve", "search", "term"]
