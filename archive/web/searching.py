"""Search as the pages and the API use it: `archive.search.query.search` (text query and the
structured filters of `archive.filters`), with snippets made safe for HTML."""

from __future__ import annotations

from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from archive.filters import Filters
from archive.search.query import Hit, SearchError, SearchPage, search

#: Facet name → the filter key a facet value links to.
FACET_FILTERS = {"year": "year", "region": "region", "check": "check"}


def run_search(session: Session, query: str, filters: Filters, *, limit: int,
               offset: int) -> SearchPage:
    """Hits for `query` under `filters` (every chosen version when the query is empty)."""
    return search(session, query or None, filters, limit=limit, offset=offset)


def snippet_html(hit: Hit) -> Markup:
    """The hit's snippet escaped, its matches in <mark>."""
    return Markup(hit.marked("<mark>", "</mark>", escape=lambda s: str(escape(s))))


__all__ = ["FACET_FILTERS", "SearchError", "run_search", "snippet_html"]
