"""Full-text search over report versions, combined with the structured filters.

The index holds the tokens of `archive.tokenize` (overlapping CJK bigrams, Latin words,
numbers), made in Python, so SQLite and PostgreSQL find exactly the same things:

- SQLite: a contentless FTS5 table `search_fts(meta, body)` whose rowid is the version id,
  fed with space-joined tokens (the `unicode61` tokenizer only splits them at the spaces),
  ranked with BM25. A phrase of several tokens is ranked by the BM25 of its rarest token
  (per `search_vocab`, an `fts5vocab` table over the index) among the rows that hold the
  whole phrase: which rows match, their counts and facets do not change, but bm25() of
  the phrase itself would first count its documents with a pass over every row holding
  its (often common) bigrams, which costs more than the rest of the search;
- PostgreSQL: a `tsvector` (config 'simple') in `search_docs.tsv` with a GIN index, the
  meta tokens at weight A and the text at weight D, ranked with ts_rank.

`search_docs` (both backends) has a row per version indexed: the tokenizer version that
did it, and the small columns results are counted by (`latest`, `year`, `portal_id`,
`rules`: the failing check rules, space-separated), plus `meta`, the filter tokens indexed
beside the text: `y2024` (year), `f2021` (format) and `latest` (the report's newest
version). The tokens let one index match answer "the latest 2024 versions saying 复议";
when a report gets a newer version (or a merge or split renumbers its versions) the older
version's tokens are rewritten (see `sync_reports`). Totals, facets and the first page are
all computed by the database: a GROUP BY over the matching rows' small columns and an
`ORDER BY rank LIMIT`; only the page's hits are loaded, and snippets are cut from their
records in Python.

A query is words and "quoted phrases", all of which must match. Every word is itself a
phrase of bigrams, so `行政复议` finds the four characters in a row (punctuation and spaces
between them aside), and a single character such as `税` finds every text containing it.
"""

from __future__ import annotations

import html
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Float,
    Integer,
    Text,
    cast,
    column,
    event,
    func,
    inspect,
    literal_column,
    null,
    select,
    table,
    text,
    true,
    union_all,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, aliased

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

search_docs = table("search_docs", column("version_id"), column("tokenizer"), column("latest"),
                    column("year"), column("portal_id"), column("rules"), column("meta"),
                    column("tsv"))
search_fts = table("search_fts", column("rowid"), column("meta"), column("body"))

#: Years in a range filter up to which the year goes into the index match as well.
MAX_META_YEARS = 40
#: The meta token of a report's newest version.
LATEST_TOKEN = "latest"
#: SQLite: the index's vocabulary, each token with the number of versions holding it.
VOCAB_DDL = ("CREATE VIRTUAL TABLE IF NOT EXISTS search_vocab "
             "USING fts5vocab(search_fts, 'row')")
#: Seconds a token's document count is reused, and how many counts are kept at most.
VOCAB_TTL = 600.0
VOCAB_CACHE_SIZE = 50_000
_VOCAB_CACHE: dict[tuple[str, str], tuple[int, float]] = {}
#: Ids per IN (...) list.
CHUNK = 500


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


def meta_tokens(year: int | None, fmt: str | None, latest: bool = False) -> str:
    """Filter tokens indexed beside the text."""
    tokens = []
    if year is not None:
        tokens.append(f"y{int(year)}")
    if fmt:
        tokens.append("f" + "".join(run for _, run in runs(str(fmt))))
    if latest:
        tokens.append(LATEST_TOKEN)
    return " ".join(tokens)


def _restamp(meta: str, year: int | None, latest: bool) -> str:
    """`meta` with its year and latest tokens set anew (the format token kept)."""
    kept = [t for t in meta.split() if t != LATEST_TOKEN and not t.startswith("y")]
    return " ".join(([f"y{int(year)}"] if year is not None else []) + kept
                    + ([LATEST_TOKEN] if latest else []))


def body_tokens(record: dict[str, Any]) -> str:
    """The space-joined tokens of the record's text, field after field."""
    return " ".join(" ".join(tokenize(t)) for _, t in document_text(record))


def failing_rules(record: dict[str, Any]) -> str:
    """The record's failing check rules, space-separated, each once (what store_record
    files as CheckResult rows)."""
    rules: list[str] = []
    for check in record.get("checks") or []:
        rule = str(check.get("rule", "?")) if isinstance(check, dict) else "?"
        rule = "_".join(rule.split()) or "?"
        if rule not in rules:
            rules.append(rule)
    return " ".join(rules)


@dataclass(frozen=True)
class IndexRow:
    """What the index needs of one version."""

    version_id: int
    year: int | None
    record: dict[str, Any]


def _dialect(conn: Session | Connection) -> str:
    bind = conn.get_bind() if isinstance(conn, Session) else conn
    return bind.dialect.name


def _chunks(ids: Iterable[int], size: int = CHUNK) -> Iterable[list[int]]:
    ids = sorted(set(ids))
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _catalogue_state(conn: Session | Connection, version_ids: Sequence[int],
                     ) -> dict[int, tuple[int, int | None, int | None, bool]]:
    """version id → (report id, year, portal id, is the report's newest version)."""
    newer = aliased(ReportVersion)
    top = (select(func.max(newer.number)).where(newer.report_id == ReportVersion.report_id)
           .scalar_subquery())
    out = {}
    for chunk in _chunks(version_ids):
        for vid, rid, year, portal_id, latest in conn.execute(
                select(ReportVersion.id, Report.id, Report.year, Report.portal_id,
                       ReportVersion.number == top)
                .join(Report, Report.id == ReportVersion.report_id)
                .where(ReportVersion.id.in_(chunk))):
            out[vid] = (rid, year, portal_id, bool(latest))
    return out


def index_rows(conn: Session | Connection, rows: Iterable[IndexRow]) -> int:
    """Add versions to the index (already indexed ones are skipped); returns how many.
    Year, portal and "latest" are read from the catalogue, so the versions (and their
    reports) must be there; older versions of the same reports lose their latest mark."""
    rows = list(rows)
    if not rows:
        return 0
    ids = [r.version_id for r in rows]
    done: set[int] = set()
    for chunk in _chunks(ids):
        done.update(conn.execute(select(search_docs.c.version_id)
                                 .where(search_docs.c.version_id.in_(chunk))).scalars())
    todo = {r.version_id: r for r in rows if r.version_id not in done}
    if not todo:
        return 0
    state = _catalogue_state(conn, list(todo))
    params = []
    for vid, r in todo.items():
        rid, year, portal_id, latest = state.get(vid, (None, r.year, None, True))
        params.append({"id": vid, "tok": TOKENIZER_VERSION, "latest": latest, "year": year,
                       "portal": portal_id, "rules": failing_rules(r.record),
                       "meta": meta_tokens(year, r.record.get("format"), latest),
                       "body": body_tokens(r.record)})
    if _dialect(conn) == "postgresql":
        conn.execute(text(
            "INSERT INTO search_docs (version_id, tokenizer, latest, year, portal_id, rules, "
            "meta, tsv) VALUES (:id, :tok, :latest, :year, :portal, :rules, :meta, "
            "setweight(to_tsvector('simple', :meta), 'A') || to_tsvector('simple', :body))"),
            params)
    else:
        conn.execute(text(
            "INSERT INTO search_docs (version_id, tokenizer, latest, year, portal_id, rules, "
            "meta) VALUES (:id, :tok, :latest, :year, :portal, :rules, :meta)"), params)
        conn.execute(text("INSERT INTO search_fts (rowid, meta, body) "
                          "VALUES (:id, :meta, :body)"), params)
    sync_reports(conn, {s[0] for s in state.values()}, skip=set(todo))
    return len(todo)


def sync_reports(conn: Session | Connection, report_ids: Iterable[int], *,
                 skip: set[int] | None = None) -> int:
    """Bring the indexed year, portal and latest mark of these reports' versions in line
    with the catalogue (after a new version, a merge or a split); returns how many versions
    changed. A version indexed by an older tokenizer keeps its tokens until `reindex`."""
    changed = 0
    pg = _dialect(conn) == "postgresql"
    for chunk in _chunks(report_ids):
        top = dict(conn.execute(select(ReportVersion.report_id, func.max(ReportVersion.number))
                                .where(ReportVersion.report_id.in_(chunk))
                                .group_by(ReportVersion.report_id)).all())
        rows = conn.execute(
            select(ReportVersion.id, ReportVersion.report_id, ReportVersion.number, Report.year,
                   Report.portal_id, search_docs.c.latest, search_docs.c.year,
                   search_docs.c.portal_id, search_docs.c.meta, search_docs.c.tokenizer)
            .join(Report, Report.id == ReportVersion.report_id)
            .join(search_docs, search_docs.c.version_id == ReportVersion.id)
            .where(ReportVersion.report_id.in_(chunk))).all()
        for vid, rid, number, year, portal_id, was_latest, was_year, was_portal, meta, tok in rows:
            if skip and vid in skip:
                continue
            latest = number == top.get(rid)
            if (bool(was_latest), was_year, was_portal) == (latest, year, portal_id):
                continue
            new_meta = _restamp(meta or "", year, latest)
            if new_meta != meta:
                if pg:
                    conn.execute(text(
                        "UPDATE search_docs SET tsv = ts_filter(tsv, '{b,c,d}') || "
                        "setweight(to_tsvector('simple', :meta), 'A') WHERE version_id = :id"),
                        {"id": vid, "meta": new_meta})
                elif tok == TOKENIZER_VERSION:
                    record = conn.execute(select(ReportVersion.record)
                                          .where(ReportVersion.id == vid)).scalar_one()
                    body = body_tokens(record)
                    conn.execute(text("INSERT INTO search_fts (search_fts, rowid, meta, body) "
                                      "VALUES ('delete', :id, :old, :body)"),
                                 {"id": vid, "old": meta, "body": body})
                    conn.execute(text("INSERT INTO search_fts (rowid, meta, body) "
                                      "VALUES (:id, :meta, :body)"),
                                 {"id": vid, "meta": new_meta, "body": body})
                else:
                    new_meta = meta  # tokens of an older tokenizer: left for reindex
            conn.execute(text("UPDATE search_docs SET latest = :latest, year = :year, "
                              "portal_id = :portal, meta = :meta WHERE version_id = :id"),
                         {"id": vid, "latest": latest, "year": year, "portal": portal_id,
                          "meta": new_meta})
            changed += 1
    return changed


@event.listens_for(Session, "after_flush")
def _versions_moved(session: Session, _context: Any) -> None:
    """Versions renumbered or moved to another report (merge, split): sync their reports."""
    report_ids: set[int] = set()
    for obj in session.dirty:
        if not isinstance(obj, ReportVersion):
            continue
        state = inspect(obj)
        hist_report = state.attrs.report_id.history
        hist_number = state.attrs.number.history
        if hist_report.has_changes() or hist_number.has_changes():
            report_ids.update(r for r in (*hist_report.deleted, *hist_report.added,
                                          obj.report_id) if isinstance(r, int))
    if report_ids:
        sync_reports(session.connection(), report_ids)


def index_version(session: Session, version: ReportVersion) -> bool:
    """Make one version searchable (called by store_record for every new version); the
    report's earlier versions stop being its latest."""
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
    optimize(arc.engine)
    return done


def optimize(engine: Any) -> None:
    """Merge the index's segments (SQLite) or refresh the planner's statistics (PostgreSQL)."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE search_docs"))
    else:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO search_fts (search_fts) VALUES ('optimize')"))
            conn.execute(text("ANALYZE"))


def unindexed(session: Session) -> int:
    """How many versions the index is missing (0 when it is complete)."""
    indexed = select(search_docs.c.version_id).where(
        search_docs.c.version_id == ReportVersion.id, search_docs.c.tokenizer == TOKENIZER_VERSION)
    return session.scalar(select(func.count()).select_from(ReportVersion)
                          .where(~indexed.exists())) or 0


# --- queries -----------------------------------------------------------------------------
def fts5_query(terms: Sequence[Term], filters: Filters | None = None) -> str:
    """The FTS5 MATCH expression: every term a phrase in `body`; the latest mark (unless
    `all_versions`) and the years in `meta`."""
    parts = []  # the meta tokens first: FTS5 then checks phrases in fewer rows
    if filters is not None and not filters.all_versions:
        parts.append(f"meta : {LATEST_TOKEN}")
    years = _meta_years(filters)
    if years:
        parts.append("meta : (" + " OR ".join(f"y{y}" for y in years) + ")")
    for t in terms:
        parts.append(f'body : "{" ".join(t.tokens)}"' + (" *" if t.prefix else ""))
    return " AND ".join(parts)


def tsquery(terms: Sequence[Term], filters: Filters | None = None) -> str:
    """The PostgreSQL tsquery text: phrases with `<->`, terms with `&`; the latest mark
    (unless `all_versions`) and the years as weight-A (meta) lexemes."""
    parts = []
    for t in terms:
        lexemes = [f"'{tok}'" for tok in t.tokens]
        if t.prefix:
            lexemes[-1] += ":*"
        parts.append("(" + " <-> ".join(lexemes) + ")")
    if filters is not None and not filters.all_versions:
        parts.append(f"'{LATEST_TOKEN}':A")
    years = _meta_years(filters)
    if years:
        parts.append("(" + " | ".join(f"'y{y}':A" for y in years) + ")")
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
    (newest year first without a query), with facets per year, region and failing rule.
    On SQLite a phrase ranks as its rarest token among the rows holding the whole phrase
    (see `_fts_ranking`)."""
    filters = filters or Filters()
    if limit < 0 or offset < 0:
        raise SearchError("limit and offset cannot be negative")
    terms = parse_query(query) if query and query.strip() else []
    if query and query.strip() and not terms:
        raise SearchError(f"query {query!r} has no letters, digits or Chinese characters to "
                          "search for")
    if not terms:
        return _list(session, query, filters, limit, offset, facets)
    dialect = session.get_bind().dialect.name
    ranking = None  # SQLite with phrases: the MATCH the page is ranked by (see _fts_ranking)
    if dialect == "postgresql":
        match, score, ids, source = _pg_match(terms, filters)
    else:
        match, score, ids, source = _fts_match(terms, filters)
        ranking = _fts_ranking(session, terms)
        if ranking is not None:
            score = literal_column("0.0")  # the phrases' BM25 is not worked out here
    conds = [match]
    years = _meta_years(filters)
    if filters.year is not None and not years:
        conds.append(search_docs.c.year == filters.year)
    if filters.years is not None and not years:
        conds.append(search_docs.c.year.between(*filters.years))
    if len(conds) > 1 and dialect != "postgresql":
        source = source.join(search_docs, search_docs.c.version_id == ids)
    # filters on the catalogue (agency, region, checks, cells…) join it; the latest mark and
    # the years are in the index match
    extra = conditions(session, filters.but(all_versions=True, year=None, years=None))
    if extra:
        source = (source.join(ReportVersion, ReportVersion.id == ids)
                  .join(Report, Report.id == ReportVersion.report_id))
    # one statement, one index match: the matches (id, score) once, then the page of them
    # and their counts per (year, portal, failing rules)
    found = (select(ids.label("id"), score.label("score")).select_from(source)
             .where(*conds, *extra).cte("found").prefix_with("MATERIALIZED"))
    if ranking is None:
        page = (select(found.c.id, found.c.score)
                .order_by(found.c.score.desc(), found.c.id.desc())
                .limit(limit).offset(offset).subquery())
    else:  # BM25 of the reduced MATCH, over the rows the full one found
        rank = _fts_score().label("score")
        page = (select(search_fts.c.rowid.label("id"), rank).select_from(search_fts)
                .where(literal_column("search_fts").op("MATCH")(ranking),
                       # unary + : scan the MATCH and look the ids up, rather than one
                       # MATCH (and one IDF pass) per id
                       literal_column("+search_fts.rowid").in_(select(found.c.id)))
                .order_by(rank.desc(), search_fts.c.rowid.desc())
                .limit(limit).offset(offset).subquery())
    docs = search_docs.alias("d")
    if facets:
        groups = (select(literal_column("1").label("kind"), docs.c.year.label("a"),
                         cast(null(), Float).label("score"), docs.c.portal_id.label("portal"),
                         docs.c.rules.label("rules"), func.count().label("n"))
                  .select_from(found.join(docs, docs.c.version_id == found.c.id))
                  .group_by(docs.c.year, docs.c.portal_id, docs.c.rules))
    else:
        groups = select(literal_column("1"), cast(null(), Integer), cast(null(), Float),
                        cast(null(), Integer), cast(null(), Text), func.count()
                        ).select_from(found)
    rows = session.execute(union_all(
        select(literal_column("0"), page.c.id, cast(page.c.score, Float), cast(null(), Integer),
               cast(null(), Text), cast(null(), Integer)), groups)).all()
    hits = sorted(((a, s) for kind, a, s, *_ in rows if kind == 0),
                  key=lambda r: (-(r[1] or 0.0), -r[0]))
    counted = [(a, portal, rules, n) for kind, a, _, portal, rules, n in rows if kind == 1]
    if facets:
        total, counts = _facet_counts(session, counted)
    else:
        total, counts = (counted[0][3] if counted else 0), {}
    return SearchPage(query, filters, _load_hits(session, hits, terms), total, limit, offset,
                      counts)


def _fts_match(terms: list[Term], filters: Filters):  # type: ignore[no-untyped-def]
    """SQLite: the MATCH, the score (BM25 of the text), the id column and the FROM. (A plain
    ORDER BY over bm25() beats FTS5's own `ORDER BY rank`, which works out the phrases'
    document frequencies twice.)"""
    match = literal_column("search_fts").op("MATCH")(fts5_query(terms, filters))
    return match, _fts_score(), search_fts.c.rowid, search_fts


def _fts_score():  # type: ignore[no-untyped-def]
    """BM25 of the text (the meta column weighs nothing), higher is better."""
    return -func.bm25(literal_column("search_fts"), literal_column("0.0"),
                      literal_column("1.0"))


def _fts_ranking(session: Session, terms: Sequence[Term]) -> str | None:
    """SQLite: the MATCH a page with phrases is ranked by, or None when the query has no
    phrase of several tokens (then the finding MATCH ranks it, as it costs nothing more).

    bm25() works out every phrase's document frequency with a pass over all the rows that
    hold its tokens, checking their positions: for a phrase of common bigrams that pass
    costs more than the whole search. So a phrase counts in the ranking as its rarest token
    (fewest documents, read from `search_vocab`), which bm25() weighs from its doclist
    alone; the rows ranked are the ones the full MATCH found, all of which hold it."""
    if all(len(t.tokens) < 2 or t.prefix for t in terms):
        return None
    docs = _token_docs(session, {tok for t in terms if len(t.tokens) > 1 and not t.prefix
                                 for tok in t.tokens})
    parts = []
    for t in terms:
        if len(t.tokens) > 1 and not t.prefix:
            rarest = min(t.tokens, key=lambda tok: (docs.get(tok, 0), t.tokens.index(tok)))
            parts.append(f'body : "{rarest}"')
        else:
            parts.append(f'body : "{" ".join(t.tokens)}"' + (" *" if t.prefix else ""))
    return " AND ".join(parts)


def _token_docs(session: Session, tokens: Iterable[str]) -> dict[str, int]:
    """SQLite: how many indexed versions hold each token, from the `search_vocab` table
    (made here for an index that predates it). fts5vocab counts a token's documents by
    reading its whole doclist (~10 ms for a bigram most reports hold), so the counts are
    kept for VOCAB_TTL seconds per database: a stale count only changes which token a
    phrase is ranked by."""
    db = session.get_bind().url.render_as_string(hide_password=True)
    now = time.monotonic()
    out, missing = {}, []
    for tok in sorted(set(tokens)):
        hit = _VOCAB_CACHE.get((db, tok))
        if hit is not None and now - hit[1] < VOCAB_TTL:
            out[tok] = hit[0]
        else:
            missing.append(tok)
    if not missing:
        return out
    if session.scalar(text("SELECT 1 FROM sqlite_master WHERE name = 'search_vocab'")) is None:
        session.execute(text(VOCAB_DDL))
    counts = dict(session.execute(
        select(column("term"), column("doc")).select_from(table("search_vocab"))
        .where(column("term").in_(missing))).all())
    if len(_VOCAB_CACHE) > VOCAB_CACHE_SIZE:
        _VOCAB_CACHE.clear()
    for tok in missing:
        out[tok] = counts.get(tok, 0)
        _VOCAB_CACHE[(db, tok)] = (out[tok], now)
    return out


def _pg_match(terms: list[Term], filters: Filters):  # type: ignore[no-untyped-def]
    """PostgreSQL: the @@ match, ts_rank of the text terms only, the id column, the FROM."""
    match = search_docs.c.tsv.op("@@")(func.to_tsquery("simple", tsquery(terms, filters)))
    score = func.ts_rank(search_docs.c.tsv, func.to_tsquery("simple", tsquery(terms)))
    return match, score, search_docs.c.version_id, search_docs


def _facet_counts(session: Session, groups: Sequence[Any],
                  ) -> tuple[int, dict[str, list[tuple[Any, int]]]]:
    """Total and facets from (year, portal id, rules, count) groups."""
    years: Counter[Any] = Counter()
    portals: Counter[Any] = Counter()
    rules: Counter[str] = Counter()
    total = 0
    for year, portal_id, rule_text, n in groups:
        total += n
        years[year] += n
        portals[portal_id] += n
        for rule in (rule_text or "").split():
            rules[rule] += n
    return total, _facets(session, years, portals, rules)


def _facets(session: Session, years: Counter[Any], portals: Counter[Any],
            rules: Counter[str]) -> dict[str, list[tuple[Any, int]]]:
    regions_of: dict[int, str | None] = {}
    ids = [p for p in portals if p is not None]
    if ids:
        regions_of = dict(session.execute(select(Portal.id, Portal.region)
                                          .where(Portal.id.in_(ids))).all())
    regions: Counter[Any] = Counter()
    for portal_id, n in portals.items():
        regions[regions_of.get(portal_id)] += n
    return {
        "year": sorted(years.items(), key=lambda kv: (kv[0] is None, -(kv[0] or 0))),
        "region": sorted(regions.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or "")),
        "check": sorted(rules.items(), key=lambda kv: (-kv[1], kv[0])),
    }


def _list(session: Session, query: str | None, filters: Filters, limit: int, offset: int,
          facets: bool) -> SearchPage:
    """No text query: the versions the filters choose, newest year first."""
    conds = conditions(session, filters)
    source = ReportVersion.__table__.join(Report.__table__, Report.id == ReportVersion.report_id)
    page = session.execute(
        select(ReportVersion.id, literal_column("0.0")).select_from(source)
        .where(true(), *conds)
        .order_by(func.coalesce(Report.year, 0).desc(), Report.agency, ReportVersion.id.desc())
        .limit(limit).offset(offset)).all() if limit else []
    counts: dict[str, list[tuple[Any, int]]] = {}
    if facets:
        groups = session.execute(select(Report.year, Report.portal_id, func.count())
                                 .select_from(source).where(true(), *conds)
                                 .group_by(Report.year, Report.portal_id)).all()
        total = sum(n for *_, n in groups)
        rules: Counter[str] = Counter()
        if total:
            ids = select(ReportVersion.id).select_from(source).where(true(), *conds)
            rules.update(dict(session.execute(
                select(CheckResult.rule, func.count(func.distinct(CheckResult.version_id)))
                .where(CheckResult.version_id.in_(ids.scalar_subquery()))
                .group_by(CheckResult.rule)).all()))
        counts = _facets(session, Counter(_sum_by(groups, 0)), Counter(_sum_by(groups, 1)),
                         rules)
    else:
        total = session.scalar(select(func.count()).select_from(source)
                               .where(true(), *conds)) or 0
    return SearchPage(query, filters, _load_hits(session, page, []), total, limit, offset,
                      counts)


def _sum_by(groups: Sequence[Any], key: int) -> dict[Any, int]:
    out: dict[Any, int] = {}
    for g in groups:
        out[g[key]] = out.get(g[key], 0) + g[-1]
    return out


def _load_hits(session: Session, page: Sequence[Any], terms: list[Term]) -> list[Hit]:
    """The page's hits, in the page's order, with their snippets."""
    if not page:
        return []
    ids = [vid for vid, _ in page]
    found = {v.id: (v, agency, year) for v, agency, year in session.execute(
        select(ReportVersion, Report.agency, Report.year)
        .join(Report, Report.id == ReportVersion.report_id)
        .where(ReportVersion.id.in_(ids)))}
    report_ids = {v.report_id for v, _, _ in found.values()}
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
    for vid, score in page:
        if vid not in found:  # an index entry without its version
            continue
        v, agency, year = found[vid]
        snippet, marks = make_snippet(v.record, terms)
        out.append(Hit(report_id=v.report_id, version_id=v.id, version=v.number,
                       latest=latest.get(v.report_id) == v.number, agency=agency,
                       year=year, format=v.record.get("format"), title=v.record.get("title"),
                       score=float(score or 0.0), snippet=snippet, highlights=marks,
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
