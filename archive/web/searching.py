"""Search as the pages and the API use it: `archive.search.query.search` (text query and the
structured filters of `archive.filters`), with snippets made safe for HTML, and the filter's
cell picker (every cell by its printed labels, `parsers.cells`)."""

from __future__ import annotations

from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from archive.filters import Filters
from archive.search.query import Hit, SearchError, SearchPage, search
from archive.web.i18n import DEFAULT_LANGUAGE, label
from parsers.cells import CELLS

#: Facet name → the filter key a facet value links to.
FACET_FILTERS = {"year": "year", "region": "region", "check": "check",
                 "agency_region": "agency_region", "agency_level": "agency_level"}


def run_search(session: Session, query: str, filters: Filters, *, limit: int,
               offset: int) -> SearchPage:
    """Hits for `query` under `filters` (every chosen version when the query is empty)."""
    return search(session, query or None, filters, limit=limit, offset=offset)


def cell_options(lang: str) -> list[tuple[str, str]]:
    """(path, name) of every cell for the filter's picker: the labels as printed, or their
    English; picking one puts its path in the box, typing either finds it."""
    if lang == DEFAULT_LANGUAGE:
        return [(c.path, c.name) for c in CELLS]
    return [(c.path, c.words(lambda zh: label(zh, lang))) for c in CELLS]


def cell_filter(cell: str, op: str, value: str) -> list[str]:
    """The picker's cell, comparison and number as one filter line (none when no cell is
    chosen); whatever is wrong with them, the filter's reading says."""
    if not cell.strip():
        return []
    return [f"{cell.strip()}{op.strip()}{value.strip()}"]


#: The comparisons the picker offers, in the order it shows them.
PICKER_OPERATORS = (">", ">=", "<", "<=", "=", "!=")


def snippet_html(hit: Hit) -> Markup:
    """The hit's snippet escaped, its matches in <mark>."""
    return Markup(hit.marked("<mark>", "</mark>", escape=lambda s: str(escape(s))))


__all__ = ["FACET_FILTERS", "PICKER_OPERATORS", "SearchError", "cell_filter", "cell_options",
           "run_search", "snippet_html"]
