"""Full-text search over report versions, combined with the structured filters.

The index holds the tokens of `archive.search.tokens` (overlapping CJK bigrams, Latin words,
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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import column, func, select, table, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, aliased

from archive.catalogue.db import Catalogue
from archive.catalogue.models import SCHEDULER_JOBS_TABLE, Report, ReportVersion
from archive.search.tokens import TOKENIZER_VERSION, runs, search_tokens
from parsers.templates import SECTION_KEYS

#: Every table of the search index starts with this (FTS5 adds its own shadow tables).
SEARCH_TABLE_PREFIX = "search_"

search_docs = table("search_docs", column("version_id"), column("tokenizer"), column("latest"),
                    column("year"), column("portal_id"), column("rules"), column("meta"),
                    column("tsv"))
search_fts = table("search_fts", column("rowid"), column("meta"), column("body"))

#: The meta token of a report's newest version.
LATEST_TOKEN = "latest"
#: Ids per IN (...) list.
CHUNK = 500


def is_search_table(name: str | None) -> bool:
    """Is this one of the index's tables (not modelled in archive.models)?"""
    return bool(name) and str(name).startswith(SEARCH_TABLE_PREFIX)


def include_object(obj: Any, name: str | None, type_: str, reflected: bool,
                   compare_to: Any) -> bool:
    """Alembic autogenerate filter: leave the hand-made tables alone (the search index's and
    the scheduler's job store)."""
    if type_ == "table" and (is_search_table(name) or name == SCHEDULER_JOBS_TABLE):
        return False
    table_name = getattr(getattr(obj, "table", None), "name", None)
    return not (type_ in ("index", "column")
                and (is_search_table(table_name) or table_name == SCHEDULER_JOBS_TABLE))


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
    return " ".join(" ".join(search_tokens(t)) for _, t in document_text(record))


def rule_tokens(record: dict[str, Any]) -> str:
    """The record's failing check rules as index tokens, space-separated, each once; a check
    without a rule is `?`, as `store_record` files it."""
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
                       "portal": portal_id, "rules": rule_tokens(r.record),
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


def reindex(cat: Catalogue, progress: Callable[[int, int], None] | None = None, *,
            batch: int = 500) -> int:
    """Rebuild the whole index from the stored records (after a tokenizer change, or for
    an archive made before search existed); returns the number of versions indexed."""
    with cat.session() as s:
        clear_index(s)
        ids = list(s.scalars(select(ReportVersion.id).order_by(ReportVersion.id)))
    done = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        with cat.session() as s:
            rows = s.execute(select(ReportVersion.id, Report.year, ReportVersion.record)
                             .join(Report, Report.id == ReportVersion.report_id)
                             .where(ReportVersion.id.in_(chunk)))
            done += index_rows(s, (IndexRow(*row) for row in rows))
        if progress:
            progress(min(start + batch, len(ids)), len(ids))
    optimize(cat.engine)
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
