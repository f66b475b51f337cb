"""Engines and sessions for the catalogue: SQLite (WAL, foreign keys on) or PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from archive.config import DB_VAR
from archive.errors import ConfigError

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
    "PRAGMA synchronous=NORMAL",
)


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    for pragma in SQLITE_PRAGMAS:
        cur.execute(pragma)
    cur.close()


def make_engine(db_url: str) -> Engine:
    """An engine for `db_url`; raises ConfigError with the setting to fix if unusable."""
    try:
        url = make_url(db_url)
        if url.get_backend_name() == "sqlite":
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise ConfigError(
            f"database URL {db_url!r} cannot be used ({exc}); set {DB_VAR} to "
            "sqlite:///path/file.sqlite or postgresql+psycopg://user@host/db "
            "(PostgreSQL needs: pip install 'nianbao[postgres]')"
        ) from None
    return engine


def check_reachable(engine: Engine) -> None:
    """Connect once, turning 'connection refused' into one readable line."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ConfigError(
            f"cannot reach the database {engine.url.render_as_string(hide_password=True)} "
            f"({reason}); check that it is running, or set {DB_VAR}"
        ) from None
