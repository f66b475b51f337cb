"""Typed response models of the JSON API, so /api/openapi.json says what each answer holds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def _utc(when: datetime) -> datetime:
    """The catalogue stores UTC; SQLite hands datetimes back without their zone."""
    return when if when.tzinfo else when.replace(tzinfo=UTC)


#: A timestamp, always with its zone (RFC 3339), whichever backend it came from.
Timestamp = Annotated[datetime, AfterValidator(_utc)]


class Check(BaseModel):
    """A consistency rule that failed (docs/record.md, "Consistency rules")."""

    model_config = ConfigDict(extra="allow")
    rule: str
    where: str | None = None
    detail: str | None = None


class ChangedCheck(Check):
    """A check failing in both versions at the same place, with other numbers."""

    old_detail: str | None = None


class Record(BaseModel):
    """The canonical report record (docs/record.md, `nianbao.report/1`), printed as stored."""

    model_config = ConfigDict(extra="allow")
    schema_: str | None = Field(None, alias="schema")
    format: str | None = None
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    tables: dict[str, Any] = Field(default_factory=dict)
    sections: dict[str, Any] = Field(default_factory=dict)
    checks: list[Check] = Field(default_factory=list)


class Page(BaseModel):
    """Pagination of a list answer."""

    total: int = Field(description="How many items match in all")
    limit: int
    offset: int


class FacetCount(BaseModel):
    value: str | int | None
    count: int


class SearchHit(BaseModel):
    report_id: int
    agency: str
    year: int | None
    version: int = Field(description="The version number the hit is in")
    latest: bool = Field(description="Is this the report's newest version?")
    format: str | None
    title: str | None
    score: float
    snippet: str = Field(description="Plain text around the best match")
    highlights: list[tuple[int, int]] = Field(
        description="Matches in the snippet as [start, end) character offsets")
    checks: list[str] = Field(description="Rules that fail in this version")
    url: str = Field(description="The hit's report page")


class SearchResponse(Page):
    query: str
    filters: list[str] = Field(description="The filters as strings `Filters.parse` reads")
    items: list[SearchHit]
    facets: dict[str, list[FacetCount]] = Field(
        description="Counts per year, region and failing rule (`check`); value null = none")


class VersionSummary(BaseModel):
    number: int
    cause: str
    same_as: int | None
    record_hash: str
    parser_version: str
    first_seen_at: Timestamp
    last_seen_at: Timestamp
    checks: int = Field(description="How many checks fail in this version")


class Source(BaseModel):
    """Archived bytes behind a version, with the URL they were fetched from (or, for a file
    imported by hand, the URL it was filed under and where it was imported from)."""

    url: str | None
    sha256: str
    size: int | None
    media_type: str | None
    first_seen_at: Timestamp
    last_seen_at: Timestamp
    download: str = Field(description="Path of the exact archived bytes")
    imported_from: str | None = Field(
        None, description="Not fetched: the local path `nianbao ingest` read the bytes from")
    imported_by: str | None = Field(None, description="Who imported them (user@host)")


class EventOut(BaseModel):
    id: int
    kind: str
    at: Timestamp
    version: int | None = Field(None, description="Version number the event made, if any")
    detail: dict[str, Any] = Field(default_factory=dict, description=(
        "number, from, same_as; for kind `imported` (a file imported by hand, not a capture) "
        "imported_from (its local path) and imported_by (user@host)"))


class VersionResponse(VersionSummary):
    report_id: int
    record: Record
    sources: list[Source]


class ReportResponse(BaseModel):
    id: int
    agency: str
    year: int | None
    kind: str
    status: str
    portal: str | None
    region: str | None
    versions: list[VersionSummary]
    events: list[EventOut]
    latest: VersionResponse


class CellChange(BaseModel):
    path: str
    old: Any = None
    new: Any = None


class TextOp(BaseModel):
    op: str = Field(description='"=" unchanged, "-" removed, "+" added')
    text: str


class MetadataChange(BaseModel):
    field: str
    old: Any = None
    new: Any = None


class DiffSide(BaseModel):
    number: int
    cause: str
    first_seen: Timestamp
    record_hash: str
    blobs: list[str]


class DiffResponse(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    report: dict[str, Any]
    from_: DiffSide = Field(alias="from")
    to: DiffSide
    cells: list[CellChange]
    checks_started: list[Check]
    checks_stopped: list[Check]
    checks_changed: list[ChangedCheck] = Field(default_factory=list)
    sections: dict[str, list[TextOp]]
    metadata: list[MetadataChange]


class Change(BaseModel):
    id: int
    kind: str
    at: Timestamp
    report_id: int
    agency: str
    year: int | None
    version: int | None
    detail: dict[str, Any] = Field(default_factory=dict)
    url: str


class ChangesResponse(Page):
    items: list[Change]


class ErrorResponse(BaseModel):
    detail: str
