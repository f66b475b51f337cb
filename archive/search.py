"""Full-text search over report versions, combined with the structured filters.

The index holds the tokens of `archive.tokenize` (overlapping CJK bigrams, Latin words,
numbers), made in Python, so SQLite and PostgreSQL find exactly the same things:

- SQLite: a contentless FTS5 table `search_fts(meta, body)` whose rowid is the version id,
  fed with space-joined tokens (the `unicode61` tokenizer only splits them at the spaces),
  ranked with BM25;
- PostgreSQL: a `tsvector` (config 'simple') in `search_docs.tsv` with a GIN index, ranked
  with ts_rank.

`search_docs` (both backends) lists the versions indexed and the tokenizer version that
did it. `meta` holds filter tokens (`y2024`, `f2021`) so a year filter narrows the match
inside the index, before any join. Snippets are cut from the record's own text in Python.

A query is words and "quoted phrases", all of which must match. Every word is itself a
phrase of bigrams, so `行政复议` finds the four characters in a row (punctuation and spaces
between them aside), and a single character such as `税` finds every text containing it.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Float, column, func, literal, literal_column, select, table, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from archive.errors import NianbaoError
from archive.filters import Filters, conditions
from archive.models import CheckResult, Portal, Report, ReportVersion
from archive.tokenize import TOKENIZER_VERSION, Term, fold, parse_query, runs, tokenize

if TYPE_CHECKING:
    from archive.core import Archive

#: Every table of the search index starts with this (FTS5 adds its own shadow tables).
SEARCH_TABLE_PREFIX = "search_"
#: The record's text fields, in the order they are indexed and shown.
SECTION_KEYS = ("overview", "active_disclosure", "requests", "review_litigation",
                "problems", "other")

search_docs = table("search_docs", column("version_id"), column("tokenizer"), column("tsv"))
search_fts = table("search_fts", column("rowid"), column("meta"), column("body"))

#: Years in a range filter up to which the year goes into the index match as well.
MAX_META_YEARS = 40


class SearchError(NianbaoError):
    """A query that cannot be run (no letters or digits in it, no index)."""


def is_search_table(name: str | None) -> bool:
    """Is this one of the index's tables (not modelled in archive.models)?"""
    return bool(name) and str(name).startswith(SEARCH_TABLE_PREFIX)


def include_object(obj: Any, name: str | None, type_: str, reflected: bool,
                   compare_to: Any) -> bool:
    """Alembic autogenerate filter: leave the hand-made search tables alone."""
    if type_ == "table" and is_search_table(name):
        return False
    table_name = getattr(getattr(obj, "table", None), "name", None)
    return not (type_ in ("index", "column") and is_search_table(table_name))


# --- what is indexed ---------------------------------------------------------------------
def document_text(record: dict[str, Any]) -> list[tuple[str, str]]:
    """The record's searchable text as (field, text): title, agency, the six sections (or a
    legacy report's full text, else its parts)."""
    out: list[tuple[str, str]] = []
    for key in ("title", "agency"):
        if record.get(key):
            out.append((key, str(record[key])))
    sections = record.get("sections") or {}
    if isinstance(sections, dict):
        for key in SECTION_KEYS:
            if sections.get(key):
                out.append((key, str(sections[key])))
        if sections.get("full_text"):
            out.append(("full_text", str(sections["full_text"])))
        elif isinstance(sections.get("parts"), list):
            for part in sections["parts"]:
                if isinstance(part, dict):
                    joined = " ".join(str(part.get(k) or "") for k in ("heading", "text"))
                    if joined.strip():
                        out.append(("parts", joined))
    return out


def meta_tokens(year: int | None, fmt: str | None) -> str:
    """Filter tokens indexed beside the text."""
    tokens = []
    if year is not None:
        tokens.append(f"y{int(year)}")
    if fmt:
        tokens.append("f" + "".join(run for _, run in runs(str(fmt))))
    return " ".join(tokens)


def body_tokens(record: dict[str, Any]) -> str:
    """The space-joined tokens of the record's text, field after field."""
    return " ".join(" ".join(tokenize(t)) for _, t in document_text(record))


@dataclass(frozen=True)
class IndexRow:
    """What the index needs of one version."""

    version_id: int
    year: int | None
    record: dict[str, Any]


def _dialect(conn: Session | Connection) -> str:
    bind = conn.get_bind() if isinstance(conn, Session) else conn
    return bind.dialect.name


def index_rows(conn: Session | Connection, rows: Iterable[IndexRow]) -> int:
    """Add versions to the index (already indexed ones are skipped); returns how many."""
    rows = list(rows)
    if not rows:
        return 0
    ids = [r.version_id for r in rows]
    done = set(conn.execute(select(search_docs.c.version_id)
                            .where(search_docs.c.version_id.in_(ids))).scalars())
    todo = [r for r in rows if r.version_id not in done]
    if not todo:
        return 0
    params = [{"id": r.version_id, "tok": TOKENIZER_VERSION,
               "meta": meta_tokens(r.year, r.record.get("format")),
               "body": body_tokens(r.record)} for r in todo]
    if _dialect(conn) == "postgresql":
        conn.execute(text("INSERT INTO search_docs (version_id, tokenizer, tsv) VALUES "
                          "(:id, :tok, to_tsvector('simple', :meta || ' ' || :body))"), params)
    else:
        conn.execute(text("INSERT INTO search_docs (version_id, tokenizer) VALUES (:id, :tok)"),
                     params)
        conn.execute(text("INSERT INTO search_fts (rowid, meta, body) "
                          "VALUES (:id, :meta, :body)"), params)
    return len(todo)


def index_version(session: Session, version: ReportVersion) -> bool:
    """Make one version searchable (called by store_record for every new version)."""
    year = session.scalar(select(Report.year).where(Report.id == version.report_id))
    return bool(index_rows(session, [IndexRow(version.id, year, version.record)]))


def clear_index(conn: Session | Connection) -> None:
    """Empty the index (the tables stay)."""
    if _dialect(conn) != "postgresql":
        conn.execute(text("INSERT INTO search_fts (search_fts) VALUES ('delete-all')"))
    conn.execute(text("DELETE FROM search_docs"))


def reindex(arc: Archive, progress: Callable[[int, int], None] | None = None, *,
            batch: int = 500) -> int:
    """Rebuild the whole index from the stored records (after a tokenizer change, or for
    an archive made before search existed); returns the number of versions indexed."""
    with arc.session() as s:
        clear_index(s)
        ids = list(s.scalars(select(ReportVersion.id).order_by(ReportVersion.id)))
    done = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        with arc.session() as s:
            rows = s.execute(select(ReportVersion.id, Report.year, ReportVersion.record)
                             .join(Report, Report.id == ReportVersion.report_id)
                             .where(ReportVersion.id.in_(chunk)))
            done += index_rows(s, (IndexRow(*row) for row in rows))
        if progress:
            progress(min(start + batch, len(ids)), len(ids))
    if arc.engine.dialect.name == "sqlite":
        with arc.engine.begin() as conn:
            conn.execute(text("INSERT INTO search_fts (search_fts) VALUES ('optimize')"))
    return done


def unindexed(session: Session) -> int:
    """How many versions the index is missing (0 when it is complete)."""
    indexed = select(search_docs.c.version_id).where(
        search_docs.c.version_id == ReportVersion.id, search_docs.c.tokenizer == TOKENIZER_VERSION)
    return session.scalar(select(func.count()).select_from(ReportVersion)
                          .where(~indexed.exists())) or 0


# --- queries -----------------------------------------------------------------------------
def fts5_query(terms: Sequence[Term], filters: Filters | None = None) -> str:
    """The FTS5 MATCH expression: every term a phrase in `body`, years in `meta`."""
    parts = []
    for t in terms:
        parts.append(f'body : "{" ".join(t.tokens)}"' + (" *" if t.prefix else ""))
    years = _meta_years(filters)
    if years:
        parts.append("meta : (" + " OR ".join(f"y{y}" for y in years) + ")")
    return " AND ".join(parts)


def tsquery(terms: Sequence[Term], filters: Filters | None = None) -> str:
    """The PostgreSQL tsquery text: phrases with `<->`, terms and years with `&`."""
    parts = []
    for t in terms:
        lexemes = [f"'{tok}'" for tok in t.tokens]
        if t.prefix:
            lexemes[-1] += ":*"
        parts.append("(" + " <-> ".join(lexemes) + ")")
    years = _meta_years(filters)
    if years:
        parts.append("(" + " | ".join(f"'y{y}'" for y in years) + ")")
    return " & ".join(parts)


def _meta_years(filters: Filters | None) -> list[int]:
    if filters is None:
        return []
    if filters.year is not None:
        return [filters.year]
    if filters.years is not None and filters.years[1] - filters.years[0] < MAX_META_YEARS:
        return list(range(filters.years[0], filters.years[1] + 1))
    return []


@dataclass
class Hit:
    """One report version found."""

    report_id: int
    version_id: int
    version: int
    latest: bool
    agency: str
    year: int | None
    format: str | None
    title: str | None
    score: float
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)

    def marked(self, start: str = "<mark>", end: str = "</mark>",
               escape: Callable[[str], str] = html.escape) -> str:
        """The snippet, escaped, with the matches wrapped (HTML by default)."""
        out, pos = [], 0
        for a, b in self.highlights:
            out += [escape(self.snippet[pos:a]), start, escape(self.snippet[a:b]), end]
            pos = b
        out.append(escape(self.snippet[pos:]))
        return "".join(out)

    def as_dict(self) -> dict[str, Any]:
        return {"report_id": self.report_id, "version_id": self.version_id,
                "version": self.version, "latest": self.latest, "agency": self.agency,
                "year": self.year, "format": self.format, "title": self.title,
                "score": round(self.score, 6), "snippet": self.snippet,
                "highlights": [list(h) for h in self.highlights], "checks": self.checks}


@dataclass
class SearchPage:
    """A page of hits, how many there are in all, and the facets of all of them."""

    query: str | None
    filters: Filters
    items: list[Hit]
    total: int
    limit: int
    offset: int
    facets: dict[str, list[tuple[Any, int]]]

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "filters": self.filters.as_dict(), "total": self.total,
                "limit": self.limit, "offset": self.offset,
                "items": [h.as_dict() for h in self.items],
                "facets": {k: [{"value": v, "count": n} for v, n in vs]
                           for k, vs in self.facets.items()}}


def search(session: Session, query: str | None, filters: Filters | None = None, *,
           limit: int = 20, offset: int = 0, facets: bool = True) -> SearchPage:
    """Report versions matching `query` (None or "" for all) and `filters`, best first
    (newest year first without a query), with facets per year, region and failing rule."""
    filters = filters or Filters()
    if limit < 0 or offset < 0:
        raise SearchError("limit and offset cannot be negative")
    terms = parse_query(query) if query and query.strip() else []
    if query and query.strip() and not terms:
        raise SearchError(f"query {query!r} has no letters, digits or Chinese characters to "
                          "search for")
    dialect = session.get_bind().dialect.name
    hits = _hits_query(session, dialect, terms, filters)
    rows = session.execute(hits).all()
    if terms:
        rows.sort(key=lambda r: (-r.score, -r.version_id))
    else:
        rows.sort(key=lambda r: (-(r.year or 0), r.agency, -r.version_id))
    page_rows = rows[offset:offset + limit]
    facet_counts = _facets(session, rows, hits) if facets else {}
    return SearchPage(query, filters, _load_hits(session, page_rows, terms), len(rows),
                      limit, offset, facet_counts)


def _hits_query(session: Session, dialect: str, terms: list[Term], filters: Filters):  # type: ignore[no-untyped-def]
    conds = conditions(session, filters)
    cols = [ReportVersion.id.label("version_id"), Report.year.label("year"),
            Report.agency.label("agency"), Report.portal_id.label("portal_id")]
    if not terms:
        return (select(*cols, literal(0.0, Float).label("score"))
                .join(Report, Report.id == ReportVersion.report_id).where(*conds))
    if dialect == "postgresql":
        q = func.to_tsquery("simple", tsquery(terms, filters))
        return (select(*cols, func.ts_rank(search_docs.c.tsv, q).label("score"))
                .select_from(search_docs)
                .join(ReportVersion, ReportVersion.id == search_docs.c.version_id)
                .join(Report, Report.id == ReportVersion.report_id)
                .where(search_docs.c.tsv.op("@@")(q), *conds))
    score = -func.bm25(literal_column("search_fts"), literal_column("0.0"),
                       literal_column("1.0"))
    return (select(*cols, score.label("score"))
            .select_from(search_fts)
            .join(ReportVersion, ReportVersion.id == search_fts.c.rowid)
            .join(Report, Report.id == ReportVersion.report_id)
            .where(literal_column("search_fts").op("MATCH")(fts5_query(terms, filters)), *conds))


def _facets(session: Session, rows: Sequence[Any], hits: Any) -> dict[str, list[tuple[Any, int]]]:
    years = Counter(r.year for r in rows)
    portal_ids = {r.portal_id for r in rows if r.portal_id is not None}
    regions_of: dict[int, str | None] = {}
    if portal_ids:
        regions_of = {pid: region for pid, region in session.execute(
            select(Portal.id, Portal.region).where(Portal.id.in_(portal_ids)))}
    regions = Counter(regions_of.get(r.portal_id) for r in rows)
    rules: list[tuple[Any, int]] = []
    if rows:
        ids = hits.with_only_columns(ReportVersion.id).scalar_subquery()
        rules = [(rule, n) for rule, n in session.execute(
            select(CheckResult.rule, func.count(func.distinct(CheckResult.version_id)))
            .where(CheckResult.version_id.in_(ids)).group_by(CheckResult.rule))]
    return {
        "year": sorted(years.items(), key=lambda kv: (kv[0] is None, -(kv[0] or 0))),
        "region": sorted(regions.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or "")),
        "check": sorted(rules, key=lambda kv: (-kv[1], kv[0])),
    }


def _load_hits(session: Session, rows: Sequence[Any], terms: list[Term]) -> list[Hit]:
    if not rows:
        return []
    ids = [r.version_id for r in rows]
    versions = {v.id: v for v in session.scalars(select(ReportVersion)
                                                 .where(ReportVersion.id.in_(ids)))}
    report_ids = {v.report_id for v in versions.values()}
    latest = {rid: top for rid, top in session.execute(
        select(ReportVersion.report_id, func.max(ReportVersion.number))
        .where(ReportVersion.report_id.in_(report_ids)).group_by(ReportVersion.report_id))}
    checks: dict[int, list[str]] = {}
    for vid, rule in session.execute(select(CheckResult.version_id, CheckResult.rule)
                                     .where(CheckResult.version_id.in_(ids))
                                     .order_by(CheckResult.id)):
        if rule not in checks.setdefault(vid, []):
            checks[vid].append(rule)
    out = []
    for r in rows:
        v = versions[r.version_id]
        snippet, marks = make_snippet(v.record, terms)
        out.append(Hit(report_id=v.report_id, version_id=v.id, version=v.number,
                       latest=latest.get(v.report_id) == v.number, agency=r.agency,
                       year=r.year, format=v.record.get("format"), title=v.record.get("title"),
                       score=float(r.score or 0.0), snippet=snippet, highlights=marks,
                       checks=checks.get(v.id, [])))
    return out


# --- snippets ----------------------------------------------------------------------------
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
