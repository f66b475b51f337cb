"""Snippets: the passage of a record around the words a search matched, and where they are
in it, found as the index matches them (folded, punctuation and spaces between characters
allowed)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from archive.search.index import document_text
from archive.search.tokens import Term, fold


def _compact(source: str) -> tuple[str, list[int]]:
    """The text's letters and digits, folded, and where each came from in `source`."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(source):
        for c in fold(ch):
            if c.isalnum():
                chars.append(c)
                where.append(i)
    return "".join(chars), where


def find_matches(source: str, terms: Sequence[Term]) -> list[tuple[int, int, int]]:
    """(start, end, term index) of every occurrence of the terms in `source`, punctuation
    and spaces between their characters allowed, as the index matches them."""
    folded = fold(source)
    if len(folded) != len(source):  # folding moved characters: map them one by one
        compact, where = _compact(source)
        found = []
        for n, t in enumerate(terms):
            needle, pos = t.compact, compact.find(t.compact) if t.compact else -1
            while pos >= 0:
                found.append((where[pos], where[pos + len(needle) - 1] + 1, n))
                pos = compact.find(needle, pos + len(needle))
        return sorted(found)
    found = []
    for n, t in enumerate(terms):
        if t.compact:
            pattern = r"[\W_]*".join(re.escape(c) for c in t.compact)
            found += [(m.start(), m.end(), n) for m in re.finditer(pattern, folded)]
    return sorted(found)


def make_snippet(record: dict[str, Any], terms: Sequence[Term], width: int = 120,
                 ) -> tuple[str, list[tuple[int, int]]]:
    """A passage of the record around the matches (most different terms first, then the
    earliest), and the matches' spans within it."""
    fields = document_text(record)
    best: tuple[int, int, str, int, list[tuple[int, int, int]]] | None = None
    for order, (_, source) in enumerate(fields):
        if not terms:
            break
        matches = find_matches(source, terms)
        if not matches:
            continue
        for first in matches:
            window = [m for m in matches if first[0] <= m[0] and m[1] <= first[0] + width]
            distinct = len({m[2] for m in window})
            if best is None or (distinct, -order) > (best[0], best[1]):
                best = (distinct, -order, source, first[0], matches)
    if best is None:
        source = next((t for k, t in fields if k not in ("title", "agency")), "")
        source = source or (fields[0][1] if fields else "")
        cut = " ".join(source.split())[:width]
        return cut + ("…" if len(source) > width else ""), []
    _, _, source, first, matches = best
    start = max(0, first - width // 4)
    end = min(len(source), start + width)
    start = max(0, min(start, end - width))
    marks = [(a - start, b - start) for a, b, _ in _merge(matches) if a >= start and b <= end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(source) else ""
    piece = source[start:end]
    return prefix + piece + suffix, [(a + len(prefix), b + len(prefix)) for a, b in marks]


def _merge(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []
    for a, b, n in sorted(matches):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b), out[-1][2])
        else:
            out.append((a, b, n))
    return out
