"""Taking data out of the archive: `export(arc, fmt, out_path, filters)`.

| format    | what                                                                    |
|-----------|-------------------------------------------------------------------------|
| `csv`     | one row per report version, one column per cell (UTF-8 with BOM)       |
| `parquet` | the same table with typed columns                                       |
| `xlsx`    | a sheet of reports (Chinese headers) and each report's tables as printed |
| `jsonl`   | full records (SCHEMA.md) with version metadata, one per line            |
| `warc`    | the raw fetches as WARC/1.1 (request, response and revisit records)     |

Every export is written to a temporary file beside `out_path` and renamed into place
when complete, so an interrupted export never leaves a half-written file behind.

    from archive import Archive
    from archive.exports import export
    from archive.filters import Filters

    with Archive.open() as arc:
        summary = export(arc, "csv", "reports.csv", Filters.parse(["year=2024"]))
        print(summary.line())
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.errors import NianbaoError
from archive.filters import Filters, select_versions
from archive.models import Document, Portal, Report, ReportVersion, VersionSource
from archive.stats import human_size

if TYPE_CHECKING:
    from archive.core import Archive

#: Export formats and the file suffixes that name them.
FORMATS: dict[str, tuple[str, ...]] = {
    "csv": (".csv",),
    "xlsx": (".xlsx",),
    "jsonl": (".jsonl", ".ndjson"),
    "parquet": (".parquet",),
    "warc": (".warc.gz", ".warc"),
}

#: `progress(done, total)`: called as rows (or fetches) are written.
Progress = Callable[[int, int], None]


class ExportError(NianbaoError):
    """An export that cannot be made as asked (format, path)."""


@dataclass
class ExportSummary:
    """What an export wrote."""

    format: str
    path: Path
    items: int = 0  # report versions (tables, JSONL) or fetches (WARC)
    records: int = 0  # WARC records written (warcinfo, request, response, revisit)
    revisits: int = 0
    skipped: int = 0  # fetches without a body to archive (network errors)
    bytes: int = 0
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        """A one-line summary for the terminal."""
        if self.format == "warc":
            what = (f"{self.items} fetch(es) as {self.records} WARC record(s), "
                    f"{self.revisits} revisit(s)")
            if self.skipped:
                what += f", {self.skipped} without a body skipped"
        else:
            what = f"{self.items} report version(s)"
        text = f"exported {what} to {self.path} ({self.format}, {human_size(self.bytes)})"
        return text + "".join(f"; {w}" for w in self.warnings)


def format_for(fmt: str | None, out_path: str | os.PathLike[str]) -> str:
    """The export format: as given, or read from the file name's suffix."""
    if fmt:
        name = fmt.strip().lower()
        if name not in FORMATS:
            raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
        return name
    lower = str(out_path).lower()
    for name, suffixes in FORMATS.items():
        if lower.endswith(suffixes):
            return name
    raise ExportError(f"cannot tell the export format from {str(out_path)!r}; give --format "
                      f"({', '.join(FORMATS)})")


@dataclass(frozen=True)
class VersionRow:
    """A version chosen for export, with its report and the report's portal."""

    version: ReportVersion
    report: Report
    region: str | None
    portal: str | None


def versions_query(session: Session, filters: Filters) -> Any:
    """The versions `filters` choose, with region and portal, in a stable order."""
    return (select_versions(session, filters)
            .add_columns(Portal.region, Portal.key)
            .outerjoin(Portal, Portal.id == Report.portal_id)
            .order_by(Report.year, Report.agency, Report.id, ReportVersion.number))


def count_versions(session: Session, filters: Filters) -> int:
    """How many versions `filters` choose."""
    stmt = select_versions(session, filters).with_only_columns(func.count(ReportVersion.id))
    return int(session.scalar(stmt) or 0)


def iter_versions(session: Session, filters: Filters, batch: int = 500) -> Iterator[VersionRow]:
    """The chosen versions, streamed from the catalogue `batch` at a time."""
    result = session.execute(versions_query(session, filters).execution_options(yield_per=batch))
    for version, report, region, portal in result:
        yield VersionRow(version, report, region, portal)


def sources_of(session: Session, version_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The sources (URL, SHA-256, sighting times) of some versions, by version id."""
    from archive.exports.columns import utc

    out: dict[int, list[dict[str, Any]]] = {i: [] for i in version_ids}
    if not version_ids:
        return out
    rows = session.execute(
        select(VersionSource, Document.url)
        .outerjoin(Document, Document.id == VersionSource.document_id)
        .where(VersionSource.version_id.in_(version_ids))
        .order_by(VersionSource.version_id, VersionSource.first_seen_at, VersionSource.id))
    for src, url in rows:
        first, last = utc(src.first_seen_at), utc(src.last_seen_at)
        out[src.version_id].append({
            "url": url, "sha256": src.sha256, "fetch_id": src.fetch_id,
            "first_seen_at": first.isoformat() if first else None,
            "last_seen_at": last.isoformat() if last else None,
        })
    return out


def check_writable(out_path: Path) -> None:
    """Fail early, in one line, when `out_path` cannot be written."""
    parent = out_path.parent
    if out_path.is_dir():
        raise ExportError(f"cannot write {out_path}: it is a directory")
    if not parent.is_dir():
        raise ExportError(f"cannot write {out_path}: no such directory {parent}")
    if not os.access(parent, os.W_OK) or (out_path.exists() and not os.access(out_path, os.W_OK)):
        raise ExportError(f"cannot write {out_path}: permission denied")


def export(arc: Archive, fmt: str | None, out_path: str | os.PathLike[str],
           filters: Filters | None = None, progress: Progress | None = None) -> ExportSummary:
    """Write the versions (or, for WARC, the fetches) `filters` choose to `out_path`."""
    path = Path(out_path)
    name = format_for(fmt, path)
    check_writable(path)
    filters = filters or Filters()
    summary = ExportSummary(name, path)
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex[:8]}.part"
    try:
        _writer(name)(arc, Path(tmp), filters, summary, progress)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    summary.bytes = path.stat().st_size
    return summary


Writer = Callable[[Any, Path, Filters, ExportSummary, Progress | None], None]


def _writer(name: str) -> Writer:
    if name == "csv":
        from archive.exports.tabular import write_csv as writer
    elif name == "parquet":
        from archive.exports.tabular import write_parquet as writer
    elif name == "jsonl":
        from archive.exports.tabular import write_jsonl as writer
    elif name == "xlsx":
        from archive.exports.xlsx import write_xlsx as writer
    else:
        from archive.exports.warc import write_warc as writer
    return writer


__all__ = ["FORMATS", "ExportError", "ExportSummary", "VersionRow", "check_writable",
           "count_versions", "export", "format_for", "iter_versions"]
