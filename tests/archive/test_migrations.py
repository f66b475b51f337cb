"""The schema is made only by Alembic, and the migrations agree with the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from archive import Archive
from archive.catalogue import migrate
from archive.catalogue.db import make_engine
from archive.catalogue.models import Base
from archive.config import Settings
from archive.search.index import include_object


def test_upgrade_creates_every_table_and_models_agree(settings: Settings) -> None:
    settings.ensure_home()
    engine = make_engine(settings.db_url)
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True,
                                                      "include_object": include_object})
        assert compare_metadata(ctx, Base.metadata) == []
    engine.dispose()


def test_upgrade_twice_is_a_no_op(settings: Settings) -> None:
    Archive.open(settings).close()
    with Archive.open(settings) as arc:
        assert migrate.is_current(arc.engine)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_settings: Settings) -> None:
    with Archive.open(sqlite_settings) as arc, arc.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
