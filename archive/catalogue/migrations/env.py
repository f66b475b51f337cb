"""Alembic environment: the URL comes from nianbao's settings unless a connection or an
explicit sqlalchemy.url is handed in (as archive.catalogue.migrate does)."""

from alembic import context

from archive.catalogue.db import make_engine
from archive.catalogue.models import Base
from archive.config import Settings
from archive.search.index import include_object

config = context.config
target_metadata = Base.metadata


def run_with(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,  # the search index's tables are hand-made
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or Settings.from_env().db_url
    if url.startswith("sqlite"):
        Settings.from_env().ensure_home()
    engine = make_engine(url)
    with engine.begin() as conn:
        run_with(conn)


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url") or Settings.from_env().db_url
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True,
                      include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
