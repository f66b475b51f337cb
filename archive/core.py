"""The `Archive` handle: settings, catalogue engine and blob store, opened once and shared
by the CLI, the crawler's pipeline and the web app."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from archive import migrate
from archive.blobs import BlobStore
from archive.config import Settings
from archive.db import check_reachable, make_engine
from archive.events import after_run
from archive.models import CrawlRun, Portal, utcnow
from archive.parsing import Parsing
from archive.upsert import insert_ignore


class Archive:
    """The system of record. Open with `Archive.open()`; close when done."""

    def __init__(self, settings: Settings, engine: Engine, store: BlobStore) -> None:
        self.settings = settings
        self.engine = engine
        self.store = store
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.parsing = Parsing(self)
        self._portal_ids: dict[str, int] = {}

    @classmethod
    def open(cls, settings: Settings | None = None, *, upgrade: bool = True) -> Archive:
        """Open (and by default create or upgrade) the archive the settings point at."""
        settings = settings or Settings.from_env()
        if settings.uses_sqlite or "://" not in settings.store_url:
            settings.ensure_home()
        engine = make_engine(settings.db_url)
        check_reachable(engine)
        store = BlobStore(settings.store_url, **settings.store_options)
        if upgrade:
            migrate.upgrade_if_needed(engine, lock_dir=settings.home)
        return cls(settings, engine, store)

    @classmethod
    def open_for_crawl(cls) -> Archive:
        """The archive a crawl writes to: new reports are parsed in a worker process, so
        fetching goes on while they are read."""
        arc = cls.open()
        arc.parsing.background(workers=1)
        return arc

    def drain(self) -> None:
        """Wait for background parsing and file every record it made."""
        self.parsing.drain()

    def close(self) -> None:
        self.parsing.close()
        self.engine.dispose()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on error."""
        with self.sessions.begin() as session:
            yield session

    # --- the ingest API (see archive.ingest) ---------------------------------------
    def ingest(self, url: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        from archive.ingest import ingest

        return ingest(self, url, **kwargs)

    def ingest_many(self, calls: list[dict[str, Any]]) -> list[Any]:
        """Several `ingest(**call)` in one transaction; each result or the exception it raised
        in its place (a bad call does not sink the others)."""
        from archive.ingest import exchange, ingest_many

        prepared: list[Any] = []
        for call in calls:
            try:
                prepared.append(exchange(self, **call))
            except Exception as exc:  # noqa: BLE001 - handed back in its place
                prepared.append(exc)
        good = [x for x in prepared if not isinstance(x, Exception)]
        results = iter(ingest_many(self, good) if good else [])
        return [x if isinstance(x, Exception) else next(results) for x in prepared]

    def run_exchanges(self, run_id: int) -> list[tuple[str, str | None, str]]:
        """(fetch key, media type, role) of every exchange a crawl run recorded, failures
        left out: what a resumed crawl need not fetch again."""
        from archive.models import Fetch

        with self.session() as s:
            rows = s.execute(select(Fetch.fetch_key, Fetch.content_type, Fetch.role)
                             .where(Fetch.run_id == run_id, Fetch.outcome != "error"))
            return [tuple(row) for row in rows]

    def portal_report_count(self, portal_key: str) -> int:
        """How many report pages and files earlier crawls of the portal fetched: a crawl that
        finds none of them is a failure, not news."""
        from sqlalchemy import func

        from archive.events import OK_OUTCOMES
        from archive.models import Fetch

        with self.session() as s:
            portal = self.portal_id(s, portal_key)
            if portal is None:
                return 0
            runs = select(CrawlRun.id).where(CrawlRun.portal_id == portal)
            return int(s.scalar(select(func.count(func.distinct(Fetch.document_id))).where(
                Fetch.run_id.in_(runs), Fetch.role == "report",
                Fetch.outcome.in_(OK_OUTCOMES))) or 0)

    def stored_response(self, url: str) -> tuple[bytes, dict[str, Any]] | None:
        """The body and headers of the last full response at `url`, so a page answered 304
        is read again from the archive instead of the network."""
        from archive.ingest import stored_response

        return stored_response(self, url)

    def last_validators(self, url: str) -> tuple[str | None, str | None] | None:
        from archive.ingest import last_validators

        return last_validators(self, url)

    # --- portals and runs ---------------------------------------------------------
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

    def start_run(self, portal_key: str | None, *, args: dict[str, Any] | None = None) -> int:
        with self.session() as s:
            run = CrawlRun(portal_id=self.portal_id(s, portal_key), args=args or {})
            s.add(run)
            s.flush()
            return run.id

    def finish_run(self, run_id: int, *, status: str, stats: dict[str, Any]) -> None:
        """Close a crawl run; after a complete one, withdraw the reports it no longer reached."""
        self.drain()
        with self.session() as s:
            run = s.get(CrawlRun, run_id)
            if run is None:
                raise ValueError(f"no crawl run {run_id}")
            run.status = status
            run.stats = stats
            run.finished_at = utcnow()
            s.flush()
            after_run(s, run, run.finished_at)

    def now(self) -> datetime:
        return utcnow()
