"""Typed response models of the JSON API, so /api/openapi.json says what each answer holds."""

from __future__ import annotations

from datetime import UTC, date, datetime
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
        description="Counts per year, region (the portal's) and failing rule (`check`), and "
                    "per the registry agency's province and prefecture (`agency_region`, a "
                    "region path) and level (`agency_level`); value null = none")


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
    agency_id: int | None = Field(None, description=(
        "Its agency in the registry (/api/agencies/{id}); null while the name awaits review"))
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


# --- agencies (the registry) ---------------------------------------------------------------

class AgencyRef(BaseModel):
    """Another agency, by id and name, with its page in the API."""

    id: int
    name: str
    url: str = Field(description="Its entry in the API (/api/agencies/{id})")


class AgencySummary(AgencyRef):
    """An agency of the registry: who it is, where it sits, whether it still exists."""

    key: str = Field(description="The registry key: division code and own part")
    region_code: str | None = Field(description="行政区划代码 of its region (6 or 9 digits)")
    region_path: str | None = Field(description="Its region with those above it: 江苏省淮安市洪泽区")
    level: str | None = Field(description="Its region's level: province, prefecture, county, "
                                          "township")
    kind: str = Field(description="government, department, street_office, township or other")
    status: str = Field(description="active, merged (into `successor`) or abolished")
    years: list[int] = Field(description="Years it has reports for")
    reports: int = Field(description="How many reports it has")
    page: str = Field(description="Its web page")


class AgenciesResponse(Page):
    items: list[AgencySummary]


class AgencyAliasOut(BaseModel):
    """A name the agency was printed as, where, and by what decision."""

    name: str
    portal: str | None = Field(description="Key of the portal it was seen on")
    source: str = Field(description="rule (the resolver) or hand (a person decided)")
    rule: str | None
    first_seen_at: Timestamp


class RenamingOut(BaseModel):
    old_name: str
    new_name: str
    on: date


class AgencyReportOut(BaseModel):
    id: int
    agency: str = Field(description="The name as the report printed it")
    year: int | None
    status: str
    url: str = Field(description="The report in the API")


class SeriesCell(BaseModel):
    path: str = Field(description="The record cell (docs/record.md)")
    label: str = Field(description="Its short Chinese name")


class SeriesPoint(BaseModel):
    year: int | None
    report_id: int
    report: str = Field(description="AGENCY/YEAR as the report printed its name")
    values: dict[str, int | float | None] = Field(
        description="Cell path → number in the report's latest version; null: not in it")


class AgencyResponse(AgencySummary):
    parent: AgencyRef | None
    successor: AgencyRef | None
    ended_on: date | None
    rule: str | None = Field(description="How the registry first resolved it")
    children: list[AgencyRef]
    predecessors: list[AgencyRef]
    renamings: list[RenamingOut]
    aliases: list[AgencyAliasOut]
    reports_by_year: list[AgencyReportOut]
    series_cells: list[SeriesCell]
    series: list[SeriesPoint] = Field(description="Its key numbers, one point per report")
