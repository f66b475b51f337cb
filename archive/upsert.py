"""INSERT … ON CONFLICT DO NOTHING on SQLite and PostgreSQL alike: the primitive that makes
ingest idempotent and safe with several writers."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def insert_ignore(
    session: Session, model: type, values: dict[str, Any], conflict: list[str],
    *, returning: bool = False,
) -> Any:
    """Insert a row unless one with the same `conflict` columns exists. Returns whether it
    was inserted, or with `returning` its primary key (None when it already existed)."""
    insert = _INSERTS[session.get_bind().dialect.name]
    table = model.__table__  # type: ignore[attr-defined]
    stmt = (insert(table).on_conflict_do_nothing(index_elements=conflict)
            .returning(*table.primary_key.columns))
    row = session.connection().execute(stmt, values).first()
    if returning:
        return row[0] if row is not None else None
    return row is not None
