"""The catalogue as a handle: engine and sessions (SQLite with WAL and foreign keys on, or
PostgreSQL), the blob store beside it, and INSERT … ON CONFLICT DO NOTHING on both databases,
the primitive that makes ingest idempotent and safe with several writers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Self

from sqlalchemy import Engine, create_engine, event, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from archive.catalogue import migrate
from archive.catalogue.blobs import BlobStore
from archive.catalogue.models import Portal, utcnow
from archive.config import DB_VAR, FOUND_BY_VAR, HOME_VAR, Settings
from archive.errors import ArchiveNotFoundError, ConfigError

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
    "PRAGMA synchronous=NORMAL",
)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
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


_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def insert_ignore(
    session: Session, model: type, values: dict[str, Any], conflict: list[str],
    *, returning: bool = False,
) -> Any:
    """Insert a row unless one with the same `conflict` columns exists. Returns whether it
    was inserted, or with `returning` its primary key (None when it already existed)."""
    insert = _INSERTS[session.get_bind().dialect.name]
    table = model.__table__
    stmt = (insert(table).on_conflict_do_nothing(index_elements=conflict)
            .returning(*table.primary_key.columns))
    row = session.connection().execute(stmt, values).first()
    if returning:
        return row[0] if row is not None else None
    return row is not None


def lock_row(session: Session, model: type, row_id: int) -> None:
    """Hold `model`'s row `row_id` until the transaction ends, so that writers that read and
    then write what hangs off it (a report's next version number) take turns: SELECT … FOR
    UPDATE on PostgreSQL; on SQLite, which locks the whole database, a no-op UPDATE takes the
    write lock (waiting up to busy_timeout) and every read after it sees the newest rows."""
    if session.get_bind().dialect.name == "sqlite":
        table = model.__table__
        key = table.primary_key.columns[0]
        session.execute(update(table).where(key == row_id).values({key.name: key}))
    else:
        session.get(model, row_id, with_for_update=True)


def _require_current(engine: Engine, settings: Settings) -> None:
    """Refuse to read a catalogue that is empty or on another schema revision."""
    current, head = migrate.current_revision(engine), migrate.head_revision()
    if current == head:
        return
    migrate.check_revision(engine)
    url = engine.url.render_as_string(hide_password=True)
    if current is None:
        raise ArchiveNotFoundError(
            f"no archive: the catalogue {url} has no nianbao tables; "
            "create it with `nianbao db upgrade`")
    engine.dispose()
    raise ConfigError(f"the archive at {settings.where()} has schema revision {current}, this "
                      f"nianbao reads {head}: run `nianbao db upgrade`")


class Catalogue:
    """Settings, catalogue engine and blob store, opened once: what every part of the
    archive reads and writes through. `archive.Archive` adds the write path on top."""

    def __init__(self, settings: Settings, engine: Engine, store: BlobStore) -> None:
        self.settings = settings
        self.engine = engine
        self.store = store
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self._portal_ids: dict[str, int] = {}

    @classmethod
    def open(cls, settings: Settings | None = None, *, upgrade: bool = True,
             create: bool = True) -> Self:
        """Open the archive the settings point at. By default it is created or upgraded as
        needed; with `create=False` (what reading commands use) nothing is made or changed:
        a missing archive or an older schema is an error naming the fix."""
        settings = settings or Settings.from_env()
        if not create:
            path = settings.sqlite_path
            if path is not None and not path.is_file() and settings.found_by == FOUND_BY_VAR:
                raise ArchiveNotFoundError(
                    f"no archive: {settings.looked_in()}; check or unset {HOME_VAR}, or make "
                    "an empty archive there with `nianbao db upgrade`")
            if path is not None and not path.is_file():
                raise ArchiveNotFoundError(
                    f"no archive: {settings.looked_in()}; make one with `nianbao demo`, "
                    "`nianbao crawl PORTAL` or `nianbao ingest FILE`, start one in this folder "
                    f"with `nianbao init`, or set {HOME_VAR}")
        elif settings.uses_sqlite or "://" not in settings.store_url:
            settings.ensure_home()
        engine = make_engine(settings.db_url)
        check_reachable(engine)
        store = BlobStore(settings.store_url, create=create, **settings.store_options)
        if upgrade and create:
            migrate.upgrade_if_needed(engine, lock_dir=settings.home)
        elif upgrade:
            _require_current(engine, settings)
        return cls(settings, engine, store)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on error."""
        with self.sessions.begin() as session:
            yield session

    def ensure_portal(
        self,
        key: str,
        *,
        name: str,
        region: str | None = None,
        level: str | None = None,
        base_url: str | None = None,
    ) -> int:
        """The id of the portal `key`, registering it on first sight."""
        with self.session() as s:
            values = dict(key=key, name=name, region=region, level=level, base_url=base_url)
            insert_ignore(s, Portal, values, ["key"])
            return s.scalars(select(Portal.id).where(Portal.key == key)).one()

    def portal_id(self, session: Session, key: str | None) -> int | None:
        """The id of a registered portal (remembered: it is asked for on every fetch)."""
        if key is None:
            return None
        if key not in self._portal_ids:
            found = session.scalars(select(Portal.id).where(Portal.key == key)).first()
            if found is None:
                return None
            self._portal_ids[key] = found
        return self._portal_ids[key]

    def now(self) -> datetime:
        return utcnow()
