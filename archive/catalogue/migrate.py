"""Create and upgrade the catalogue through Alembic, from the CLI as from the code."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from archive.errors import ConfigError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    """An Alembic config bound to this engine (env.py uses the connection it is handed)."""
    cfg = Config()
    # the config parser reads % as interpolation: a path or password with % must be escaped
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    cfg.set_main_option("sqlalchemy.url",
                        engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` (a no-op when it already is)."""
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()


def known_revisions() -> set[str]:
    """Every schema revision this nianbao ships."""
    return {rev.revision for rev in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}


def check_revision(engine: Engine) -> None:
    """Refuse a catalogue this nianbao cannot upgrade, in one line naming the fix: one made by
    a newer nianbao, or one with tables but no record of its schema revision."""
    url = engine.url.render_as_string(hide_password=True)
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise ConfigError(f"the catalogue {url} has schema revision {current}, made by a newer "
                          f"nianbao than this one (which knows up to {head_revision()}); "
                          "upgrade nianbao (pip install -U nianbao)")
    if current is None:
        tables = set(inspect(engine).get_table_names())
        if tables & {"blobs", "fetches", "reports"}:
            raise ConfigError(f"the catalogue {url} has tables but no record of its schema "
                              "revision (alembic_version); point NIANBAO_DB_URL at an empty "
                              "database, or, if it is a nianbao catalogue whose record was "
                              "lost, run `alembic stamp <its revision>` from the repository")


def upgrade_if_needed(engine: Engine, *, lock_dir: Path) -> None:
    """Upgrade unless already at head, serialised so that concurrent first opens don't race."""
    if is_current(engine):
        return
    check_revision(engine)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4242001)")
            cfg = alembic_config(engine)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        return
    from filelock import FileLock

    lock_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(lock_dir / ".migrate.lock"), timeout=120):
        if not is_current(engine):
            upgrade(engine)
