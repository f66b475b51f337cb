"""Counts and sizes of what the archive holds."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import func, select

from archive.catalogue.db import Catalogue
from archive.catalogue.models import Blob, CrawlRun, Document, Fetch, Portal, Report, ReportVersion


@dataclass
class Stats:
    portals: int
    crawl_runs: int
    documents: int
    fetches: int
    fetches_by_outcome: dict[str, int]
    blobs: int
    blob_bytes: int
    blob_stored_bytes: int
    reports: int
    report_versions: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def stats(arc: Catalogue) -> Stats:
    """One pass of aggregate queries over the catalogue."""
    with arc.session() as s:
        def count(model: type) -> int:
            return s.scalar(select(func.count()).select_from(model)) or 0

        by_outcome = dict(
            s.execute(select(Fetch.outcome, func.count()).group_by(Fetch.outcome)).all()
        )
        sizes = s.execute(select(func.coalesce(func.sum(Blob.size), 0),
                                 func.coalesce(func.sum(Blob.compressed_size), 0))).one()
        return Stats(
            portals=count(Portal), crawl_runs=count(CrawlRun), documents=count(Document),
            fetches=count(Fetch), fetches_by_outcome={k: int(v) for k, v in by_outcome.items()},
            blobs=count(Blob), blob_bytes=int(sizes[0]), blob_stored_bytes=int(sizes[1]),
            reports=count(Report), report_versions=count(ReportVersion),
        )
