"""search index: FTS5 (SQLite) or tsvector + GIN (PostgreSQL) over report versions

Hand-written: the index tables are not modelled in archive.models (autogenerate skips every
table named search_*, see archive.search.include_object). Versions already in the catalogue
are indexed here (each report's newest version marked latest), so an upgraded archive is
searchable at once.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    # one row per indexed version: the small columns results are counted by (latest, year,
    # portal, failing rules) and the meta tokens indexed beside the text (y2024 f2021
    # latest), kept so they can be rewritten when a newer version comes
    columns = (
        " version_id INTEGER NOT NULL PRIMARY KEY"
        "  REFERENCES report_versions (id) ON DELETE CASCADE,"
        " tokenizer SMALLINT NOT NULL,"
        " latest BOOLEAN NOT NULL DEFAULT false,"
        " year INTEGER,"
        " portal_id INTEGER,"
        " rules TEXT NOT NULL DEFAULT '',"
        " meta TEXT NOT NULL DEFAULT ''")
    if bind.dialect.name == "postgresql":
        op.execute(f"CREATE TABLE search_docs ({columns}, tsv TSVECTOR NOT NULL)")
        op.execute("CREATE INDEX ix_search_docs_tsv ON search_docs USING GIN (tsv)")
    else:
        op.execute(f"CREATE TABLE search_docs ({columns.replace('false', '0')})")
        # contentless: the tokens are not stored twice; snippets come from the records
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5("
                   "meta, body, content='', tokenize='unicode61 remove_diacritics 0')")
        # its vocabulary (documents per token): a phrase is ranked by its rarest token
        op.execute("CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row')")
    _index_existing(bind)


def _index_existing(bind) -> None:  # type: ignore[no-untyped-def]
    import json

    from sqlalchemy import text

    from archive.search.index import IndexRow, index_rows

    rows = bind.execute(text(
        "SELECT v.id, r.year, v.record FROM report_versions v "
        "JOIN reports r ON r.id = v.report_id ORDER BY v.id")).all()
    batch = []
    for vid, year, record in rows:
        batch.append(IndexRow(vid, year, json.loads(record) if isinstance(record, str) else record))
        if len(batch) >= 500:
            index_rows(bind, batch)
            batch = []
    index_rows(bind, batch)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE IF EXISTS search_vocab")
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.execute("DROP TABLE IF EXISTS search_docs")
