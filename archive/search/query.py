"""Searching: a query's words and phrases matched against the index, combined with the
structured filters, ranked, counted by year, portal and failing rule, and the page's hits
loaded with their snippets. How the index is laid out: `archive.search.index`."""

from __future__ import annotations

import html
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Float,
    Integer,
    Text,
    cast,
    column,
    func,
    literal_column,
    null,
    select,
    table,
    text,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from archive.agencies.regions import LEVELS, regions
from archive.catalogue.models import Agency, CheckResult, Portal, Report, ReportVersion
from archive.errors import NianbaoError
from archive.filters import Filters, conditions
from archive.search.index import LATEST_TOKEN, search_docs, search_fts
from archive.search.snippets import make_snippet
from archive.search.tokens import Term, parse_query

#: Years in a range filter up to which the year goes into the index match as well.
MAX_META_YEARS = 40
#: SQLite: the index's vocabulary, each token with the number of versions holding it.
VOCAB_DDL = ("CREATE VIRTUAL TABLE IF NOT EXISTS search_vocab "
             "USING fts5vocab(search_fts, 'row')")
#: Seconds a token's document count is reused, and how many counts are kept at most.
VOCAB_TTL = 600.0
VOCAB_CACHE_SIZE = 50_000
_VOCAB_CACHE: dict[tuple[str, str], tuple[int, float]] = {}


class SearchError(NianbaoError):
    """A query that cannot be run (no letters or digits in it, no index)."""


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
    if facets:  # the agency is the registry's, read from the report (it can change)
        groups = (select(literal_column("1").label("kind"), docs.c.year.label("a"),
                         cast(null(), Float).label("score"), docs.c.portal_id.label("portal"),
                         docs.c.rules.label("rules"), Report.agency_id.label("agency"),
                         func.count().label("n"))
                  .select_from(found.join(docs, docs.c.version_id == found.c.id)
                               .join(ReportVersion, ReportVersion.id == found.c.id)
                               .join(Report, Report.id == ReportVersion.report_id))
                  .group_by(docs.c.year, docs.c.portal_id, docs.c.rules, Report.agency_id))
    else:
        groups = select(literal_column("1"), cast(null(), Integer), cast(null(), Float),
                        cast(null(), Integer), cast(null(), Text), cast(null(), Integer),
                        func.count()).select_from(found)
    rows = session.execute(union_all(
        select(literal_column("0"), page.c.id, cast(page.c.score, Float), cast(null(), Integer),
               cast(null(), Text), cast(null(), Integer), cast(null(), Integer)), groups)).all()
    hits = sorted(((a, s) for kind, a, s, *_ in rows if kind == 0),
                  key=lambda r: (-(r[1] or 0.0), -r[0]))
    counted = [(a, portal, rules, agency, n)
               for kind, a, _, portal, rules, agency, n in rows if kind == 1]
    if facets:
        total, counts = _facet_counts(session, counted)
    else:
        total, counts = (counted[0][-1] if counted else 0), {}
    return SearchPage(query, filters, _load_hits(session, hits, terms), total, limit, offset,
                      counts)


def _fts_match(terms: list[Term], filters: Filters) -> Any:
    """SQLite: the MATCH, the score (BM25 of the text), the id column and the FROM. (A plain
    ORDER BY over bm25() beats FTS5's own `ORDER BY rank`, which works out the phrases'
    document frequencies twice.)"""
    match = literal_column("search_fts").op("MATCH")(fts5_query(terms, filters))
    return match, _fts_score(), search_fts.c.rowid, search_fts


def _fts_score() -> Any:
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


def _pg_match(terms: list[Term], filters: Filters) -> Any:
    """PostgreSQL: the @@ match, ts_rank of the text terms only, the id column, the FROM."""
    match = search_docs.c.tsv.op("@@")(func.to_tsquery("simple", tsquery(terms, filters)))
    score = func.ts_rank(search_docs.c.tsv, func.to_tsquery("simple", tsquery(terms)))
    return match, score, search_docs.c.version_id, search_docs


def _facet_counts(session: Session, groups: Sequence[Any],
                  ) -> tuple[int, dict[str, list[tuple[Any, int]]]]:
    """Total and facets from (year, portal id, rules, agency id, count) groups."""
    years: Counter[Any] = Counter()
    portals: Counter[Any] = Counter()
    rules: Counter[str] = Counter()
    agencies: Counter[Any] = Counter()
    total = 0
    for year, portal_id, rule_text, agency_id, n in groups:
        total += n
        years[year] += n
        portals[portal_id] += n
        agencies[agency_id] += n
        for rule in (rule_text or "").split():
            rules[rule] += n
    return total, _facets(session, years, portals, rules, agencies)


def _facets(session: Session, years: Counter[Any], portals: Counter[Any],
            rules: Counter[str], agencies: Counter[Any],
            ) -> dict[str, list[tuple[Any, int]]]:
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
        **_agency_facets(session, agencies),
    }


def _agency_facets(session: Session, agencies: Counter[Any],
                   ) -> dict[str, list[tuple[Any, int]]]:
    """Counts by the registry agency's province and prefecture (each a region path, the
    value `agency_region=` takes) and by its level; reports without an agency count under
    None."""
    places: dict[int, tuple[str | None, str | None]] = {}
    ids = [a for a in agencies if a is not None]
    for i in range(0, len(ids), 500):
        places.update((agency_id, (code, level)) for agency_id, code, level in session.execute(
            select(Agency.id, Agency.region_code, Agency.level)
            .where(Agency.id.in_(ids[i:i + 500]))))
    divisions = regions() if places else None  # the division table loads on first use
    by_region: Counter[Any] = Counter()
    by_level: Counter[Any] = Counter()
    for agency_id, n in agencies.items():
        code, level = places.get(agency_id, (None, None))
        by_level[level] += n
        if divisions is None or not code or divisions.get(code) is None:
            by_region[None] += n
            continue
        for place in (*divisions.ancestors(code), code):
            if divisions.by_code[place].level in ("province", "prefecture"):
                by_region[divisions.path(place)] += n
    order = {level: i for i, level in enumerate(LEVELS.values())}
    return {
        "agency_region": sorted(by_region.items(),
                                key=lambda kv: (kv[0] is None, kv[0] or "")),
        "agency_level": sorted(by_level.items(),
                               key=lambda kv: (kv[0] is None, order.get(kv[0] or "", 9))),
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
        groups = session.execute(select(Report.year, Report.portal_id, Report.agency_id,
                                        func.count())
                                 .select_from(source).where(true(), *conds)
                                 .group_by(Report.year, Report.portal_id,
                                           Report.agency_id)).all()
        total = sum(n for *_, n in groups)
        rules: Counter[str] = Counter()
        if total:
            ids = select(ReportVersion.id).select_from(source).where(true(), *conds)
            rules.update(dict(session.execute(
                select(CheckResult.rule, func.count(func.distinct(CheckResult.version_id)))
                .where(CheckResult.version_id.in_(ids.scalar_subquery()))
                .group_by(CheckResult.rule)).all()))
        counts = _facets(session, Counter(_sum_by(groups, 0)), Counter(_sum_by(groups, 1)),
                         rules, Counter(_sum_by(groups, 2)))
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
