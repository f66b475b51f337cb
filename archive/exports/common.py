"""What every export writer shares: the versions a filter chooses, streamed from the
catalogue; their sources; the summary a writer fills in; progress callbacks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.catalogue.models import Document, Fetch, Portal, Report, ReportVersion, VersionSource
from archive.errors import NianbaoError
from archive.exports.columns import utc
from archive.filters import Filters, select_versions
from archive.units import human_size

#: `progress(done, total)`: called as rows (or fetches) are written.
Progress = Callable[[int, int], None]


#: First characters that make a spreadsheet read a text cell as a formula (OWASP, "CSV
#: injection"): archived text is the publisher's, and must never run in a clerk's Excel.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: Any) -> bool:
    """Whether `value` is text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that opens as text: formula-like text behind an apostrophe, as OWASP
    advises (Excel hides it); numbers, times and other text unchanged."""
    return "'" + value if formula_like(value) else value


def keep_text(cell: Any) -> Any:
    """An openpyxl cell holding formula-like text, marked as text: stored as a string (not a
    formula) with Excel's quote prefix, so editing it keeps it text; the text itself is kept
    exactly. Other cells unchanged. Returns the cell."""
    if formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


class ExportError(NianbaoError):
    """An export that cannot be made as asked (format, path)."""


@dataclass
class ExportSummary:
    """What an export wrote."""

    format: str
    path: Path
    items: int = 0  # report versions (tables, JSONL) or fetches (WARC)
    records: int = 0  # WARC records written (warcinfo, request, response, revisit, ...)
    revisits: int = 0
    imported: int = 0  # files imported by hand, written as WARC resource records
    skipped: int = 0  # fetches without a body to archive (network errors)
    bytes: int = 0
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        """A one-line summary for the terminal."""
        if self.format == "warc":
            what = (f"{self.items} fetch(es) as {self.records} WARC record(s), "
                    f"{self.revisits} revisit(s)")
            if self.imported:
                what += f", {self.imported} imported file(s) as resource records"
            if self.skipped:
                what += f", {self.skipped} without a body skipped"
        else:
            what = f"{self.items} report version(s)"
        text = f"exported {what} to {self.path} ({self.format}, {human_size(self.bytes)})"
        return text + "".join(f"; {w}" for w in self.warnings)


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
    """The sources (URL, SHA-256, sighting times; for a file imported by hand, the path it
    was imported from and by whom) of some versions, by version id."""
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in version_ids}
    if not version_ids:
        return out
    rows = session.execute(
        select(VersionSource, Document.url, Fetch.imported_from, Fetch.imported_by)
        .outerjoin(Document, Document.id == VersionSource.document_id)
        .outerjoin(Fetch, (Fetch.id == VersionSource.fetch_id) & (Fetch.origin == "imported"))
        .where(VersionSource.version_id.in_(version_ids))
        .order_by(VersionSource.version_id, VersionSource.first_seen_at, VersionSource.id))
    for src, url, imported_from, imported_by in rows:
        first, last = utc(src.first_seen_at), utc(src.last_seen_at)
        out[src.version_id].append({
            "url": url, "sha256": src.sha256, "fetch_id": src.fetch_id,
            "first_seen_at": first.isoformat() if first else None,
            "last_seen_at": last.isoformat() if last else None,
            "imported_from": imported_from, "imported_by": imported_by,
        })
    return out
