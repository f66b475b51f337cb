"""The catalogue: SQLAlchemy 2.0 typed models. Alembic (archive/catalogue/migrations/versions) creates and
upgrades these tables; tests check that models and migrations agree."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Json = JSON().with_variant(JSONB(), "postgresql")
Digest = String(64)
#: The largest number an INTEGER column (ids, version numbers, years) holds on every backend
#: (32 bits on PostgreSQL). A larger one names nothing, and must be refused before it reaches
#: the database, which would fail on it (SQLite past 2^63, PostgreSQL past 2^31) rather than
#: find nothing; offsets are bounded by it too.
MAX_INT = 2**31 - 1


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(when: datetime) -> datetime:
    """A stored time as UTC-aware (SQLite hands back naive datetimes)."""
    return when if when.tzinfo else when.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: Json, list[Any]: Json, datetime: DateTime(timezone=True)}


class Portal(Base):
    """A site being crawled (a government portal or one of its sub-sites)."""

    __tablename__ = "portals"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(100))
    level: Mapped[str | None] = mapped_column(String(40))
    base_url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CrawlRun(Base):
    """One crawl of one portal (or of a list of URLs)."""

    __tablename__ = "crawl_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    portal_id: Mapped[int | None] = mapped_column(ForeignKey("portals.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")
    args: Mapped[dict[str, Any] | None]
    stats: Mapped[dict[str, Any] | None]


class Document(Base):
    """A URL the archive has seen; other URLs that lead to it are its aliases."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    url_hash: Mapped[str] = mapped_column(Digest, unique=True)
    role: Mapped[str] = mapped_column(String(20), default="other")
    portal_id: Mapped[int | None] = mapped_column(ForeignKey("portals.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    aliases: Mapped[list[DocumentAlias]] = relationship(back_populates="document")


class DocumentAlias(Base):
    """Another URL of a document (a redirect source, a mirror)."""

    __tablename__ = "document_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    url_hash: Mapped[str] = mapped_column(Digest, unique=True)
    document: Mapped[Document] = relationship(back_populates="aliases")


class Blob(Base):
    """Bytes received, stored once under their SHA-256."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(Digest, primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    compressed_size: Mapped[int | None] = mapped_column(BigInteger)
    media_type: Mapped[str | None] = mapped_column(String(200))
    stored_at: Mapped[datetime] = mapped_column(default=utcnow)


#: What a fetched URL is to the crawl that fetched it.
ROLES = ("list", "report", "attachment", "image", "other")
#: Fetch outcomes that mean the address answered with its content (or that it was unchanged).
OK_OUTCOMES = ("new", "repeat", "not_modified")


class Fetch(Base):
    """Every request's outcome: new bytes, repeats, 304s, errors and soft 404s alike."""

    __tablename__ = "fetches"
    __table_args__ = (Index(None, "document_id", "fetched_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    fetch_key: Mapped[str] = mapped_column(Digest, unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(10), default="GET")
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(20), default="other")
    request_headers: Mapped[dict[str, Any] | None]
    response_headers: Mapped[dict[str, Any] | None]
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(100))
    content_type: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"), index=True)
    parent_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    decision: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(Text)
    #: "fetched" from the web, or "imported" by `nianbao ingest` from a local file (never
    #: presented as a capture: no request was made, nothing was answered)
    origin: Mapped[str] = mapped_column(String(20), default="fetched", server_default="fetched")
    imported_from: Mapped[str | None] = mapped_column(Text)  # the local path it was read from
    imported_by: Mapped[str | None] = mapped_column(String(200))  # user@host who imported it


class Report(Base):
    """A report's identity: (agency, year, kind), whatever URLs it was found at."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("agency_key", "year", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency: Mapped[str] = mapped_column(String(200))
    agency_key: Mapped[str] = mapped_column(String(200), index=True)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(40), default="gov_info_disclosure")
    portal_id: Mapped[int | None] = mapped_column(ForeignKey("portals.id"), index=True)
    identity_rule: Mapped[str | None] = mapped_column(String(200))
    #: the agency in the registry (NULL while its printed name awaits review)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="online")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    versions: Mapped[list[ReportVersion]] = relationship(
        back_populates="report", order_by="ReportVersion.number"
    )


class ReportVersion(Base):
    """One state of a report's canonical record; a new one only when the record changes."""

    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("report_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    number: Mapped[int] = mapped_column(Integer)
    record: Mapped[dict[str, Any]]
    record_hash: Mapped[str] = mapped_column(Digest, index=True)
    parser_version: Mapped[str] = mapped_column(String(40))
    cause: Mapped[str] = mapped_column(String(20), default="published")
    same_as: Mapped[int | None] = mapped_column(Integer)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    report: Mapped[Report] = relationship(back_populates="versions")
    sources: Mapped[list[VersionSource]] = relationship(back_populates="version")
    checks: Mapped[list[CheckResult]] = relationship(back_populates="version")


class VersionSource(Base):
    """A blob (and the fetch that brought it) behind a report version."""

    __tablename__ = "version_sources"
    __table_args__ = (UniqueConstraint("version_id", "sha256", "document_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id"))
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), index=True)
    fetch_id: Mapped[int | None] = mapped_column(ForeignKey("fetches.id"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    record_hash: Mapped[str | None] = mapped_column(Digest)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[ReportVersion] = relationship(back_populates="sources")


class CheckResult(Base):
    """A consistency rule that failed for a version (one row per failure)."""

    __tablename__ = "check_results"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id"), index=True)
    rule: Mapped[str] = mapped_column(String(60), index=True)
    where: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[str | None] = mapped_column(Text)
    version: Mapped[ReportVersion] = relationship(back_populates="checks")


class Event(Base):
    """Something that happened to a report: published, changed, withdrawn, restored,
    reparsed (a change made by a better parser, not by the agency), merged, split."""

    __tablename__ = "events"
    __table_args__ = (Index(None, "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("report_versions.id"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    detail: Mapped[dict[str, Any] | None]


class IdentityOverride(Base):
    """A hand-made identity decision (`nianbao report merge/split`): records whose agency
    key, year and kind match are filed under `report_id`."""

    __tablename__ = "identity_overrides"
    __table_args__ = (UniqueConstraint("agency_key", "year", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_key: Mapped[str] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TableCell(Base):
    """One table cell of a version's record as a plain row, for SQL and Datasette (the
    record keeps its numbers inside JSON): its path and printed labels, its number (NULL
    when the report leaves it empty or unreadable) and the report it belongs to.
    `archive.catalogue.cells` writes a version's cells when it is filed and keeps the
    report columns right when merges and splits move versions."""

    __tablename__ = "cells"
    __table_args__ = (UniqueConstraint("version_id", "path"), Index(None, "path", "value"))
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id"))
    report_id: Mapped[int] = mapped_column(Integer, index=True)
    version: Mapped[int] = mapped_column(Integer)  # the version's number
    latest: Mapped[bool] = mapped_column(Boolean)  # the report's newest version
    agency: Mapped[str] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    table_key: Mapped[str] = mapped_column(String(40))
    row_key: Mapped[str] = mapped_column(String(60))
    column_key: Mapped[str] = mapped_column(String(60))
    path: Mapped[str] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(Text)  # the printed labels: 一、本年新收… · 总计
    value: Mapped[float | None] = mapped_column(Numeric(asdecimal=False))


#: What an agency is: a people's government, one of its departments, a street office, a
#: township (or town) government, or something else.
AGENCY_KINDS = ("government", "department", "street_office", "township", "other")
#: An agency's standing: publishing, folded into its successor by hand (one agency printed
#: two ways), or abolished on `ended_on` (not expected to publish after it).
AGENCY_STATUSES = ("active", "merged", "abolished")


class Agency(Base):
    """An agency across years, names and levels: its key (see archive.agencies.resolve), the
    name it goes by now, where it sits in the division tree, and what became of it."""

    __tablename__ = "agencies"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str | None] = mapped_column(String(12), index=True)
    region_path: Mapped[str | None] = mapped_column(Text)  # 江苏省淮安市洪泽区
    level: Mapped[str | None] = mapped_column(String(20))  # of its region
    kind: Mapped[str] = mapped_column(String(20), default="other")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    status: Mapped[str] = mapped_column(String(20), default="active")
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    ended_on: Mapped[date | None] = mapped_column(Date)
    rule: Mapped[str | None] = mapped_column(Text)  # how it was first resolved
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgencyAlias(Base):
    """A printed name an agency was seen under, where (portal) and by what decision: a
    resolver rule, or a hand assignment (`source` "hand") that overrides the rules."""

    __tablename__ = "agency_aliases"
    __table_args__ = (UniqueConstraint("agency_id", "name", "portal_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)  # folded, as printed
    portal_id: Mapped[int | None] = mapped_column(ForeignKey("portals.id"))
    source: Mapped[str] = mapped_column(String(10), default="rule")
    rule: Mapped[str | None] = mapped_column(Text)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgencyRenaming(Base):
    """A registry fact: the agency printed `old_name` goes by `new_name` from `on`."""

    __tablename__ = "agency_renamings"
    __table_args__ = (UniqueConstraint("old_name", "new_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    old_name: Mapped[str] = mapped_column(String(200))
    new_name: Mapped[str] = mapped_column(String(200))
    on: Mapped[date] = mapped_column(Date)
    region_code: Mapped[str | None] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgencyReview(Base):
    """A report whose printed agency name could not be resolved for certain: the candidates
    and the reason, until `nianbao agency assign` or a registry change settles it."""

    __tablename__ = "agency_reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str | None] = mapped_column(String(12))
    candidates: Mapped[list[Any] | None]
    rule: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


#: The table of APScheduler's job store (`nianbao scheduler`): made by migration 0007 in
#: APScheduler's own layout, not modelled here.
SCHEDULER_JOBS_TABLE = "scheduler_jobs"

#: A portal's crawl health: it has reports as expected, or something looks wrong.
HEALTH_STATES = ("healthy", "unhealthy", "unknown")


class PortalHealth(Base):
    """A portal's crawl health as last judged from its runs (archive.health): the state, the
    reason, since when, and the runs it rests on. A change of state is notified."""

    __tablename__ = "portal_health"
    portal_id: Mapped[int] = mapped_column(ForeignKey("portals.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(20), default="unknown")
    reason: Mapped[str | None] = mapped_column(Text)
    since: Mapped[datetime] = mapped_column(default=utcnow)
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    last_good_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)


class Notification(Base):
    """One message sent (or that failed to send) to one notification target: about a report
    event or a portal's health change. A failure is kept here and never fails a crawl."""

    __tablename__ = "notifications"
    __table_args__ = (Index(None, "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    target: Mapped[str] = mapped_column(Text)  # the target URL with its secrets masked
    topic: Mapped[str] = mapped_column(String(20))  # "event" or "health"
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    portal_id: Mapped[int | None] = mapped_column(ForeignKey("portals.id"))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))  # "sent" or "failed"
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
