"""What the agency pages and `/api/agencies` show, read from the registry
(`archive.registry`): the list of agencies with the years they have reports for, and one
agency with its place in the tree, its names, its reports and its key numbers by year."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.catalogue.models import (
    AGENCY_KINDS,
    MAX_INT,
    Agency,
    AgencyAlias,
    AgencyRenaming,
    Portal,
    Report,
)
from archive.errors import NotFoundError
from archive.filters import AGENCY_LEVELS, FilterError
from archive.registry import (
    SERIES_CELLS,
    agency_reports,
    children,
    list_agencies,
    predecessors,
    renamings,
    series,
)
from archive.web.charts import Line, Panel

#: The largest agency id the catalogue can hold (`agencies.id` is an INTEGER, 32 bits on
#: PostgreSQL); a larger one in a URL names no agency, and must not reach the database,
#: which would fail on it rather than find nothing.
MAX_ID = MAX_INT


@dataclass
class AgencyRow:
    """One agency of the list: the agency, the years it has reports for, how many."""

    agency: Agency
    years: list[int]
    reports: int


@dataclass
class AliasRow:
    """A printed name the agency was seen under, on which portal, decided how."""

    alias: AgencyAlias
    portal: Portal | None


@dataclass
class AgencyView:
    """Everything the agency page and `/api/agencies/{id}` show."""

    agency: Agency
    parent: Agency | None
    successor: Agency | None
    children: list[Agency]
    predecessors: list[Agency]
    renamings: list[AgencyRenaming]
    aliases: list[AliasRow]
    reports: list[Report]
    series: list[dict[str, Any]]
    cells: tuple[tuple[str, str], ...] = SERIES_CELLS
    years: list[int] = field(default_factory=list)


def check_choices(level: str | None, kind: str | None) -> None:
    """A level or kind the registry never uses is a mistake in the URL, not an empty list."""
    if level and level not in AGENCY_LEVELS:
        raise FilterError(f"level {level!r}: use one of {', '.join(AGENCY_LEVELS)}")
    if kind and kind not in AGENCY_KINDS:
        raise FilterError(f"kind {kind!r}: use one of {', '.join(AGENCY_KINDS)}")


def agency_rows(session: Session, *, region: str | None = None, level: str | None = None,
                kind: str | None = None) -> list[AgencyRow]:
    """The registry's agencies under the filters (see `registry.list_agencies`), each with
    the years of its reports and of those of agencies merged into it."""
    check_choices(level, kind)
    agencies = list_agencies(session, region=region or None, level=level or None,
                             kind=kind or None)
    merged = dict(session.execute(select(Agency.id, Agency.successor_id).where(
        Agency.status == "merged", Agency.successor_id.is_not(None))).all())
    years: dict[int, set[int]] = {}
    counts: dict[int, int] = {}
    for agency_id, year, n in session.execute(
            select(Report.agency_id, Report.year, func.count()).where(
                Report.agency_id.is_not(None)).group_by(Report.agency_id, Report.year)):
        target = _successor(agency_id, merged)
        counts[target] = counts.get(target, 0) + n
        if year is not None:
            years.setdefault(target, set()).add(year)
    return [AgencyRow(a, sorted(years.get(a.id, ())), counts.get(a.id, 0)) for a in agencies]


def _successor(agency_id: int, merged: dict[int, int]) -> int:
    """The agency a merged one stands for now (following chains of merges)."""
    seen = {agency_id}
    while agency_id in merged and merged[agency_id] not in seen:
        agency_id = merged[agency_id]
        seen.add(agency_id)
    return agency_id


def get_agency(session: Session, agency_id: int) -> Agency:
    """The agency with this id, or a NotFoundError saying where the list is."""
    agency = session.get(Agency, agency_id) if 0 < agency_id <= MAX_ID else None
    if agency is None:
        raise NotFoundError(f"no agency {agency_id} in the archive; /agencies lists them")
    return agency


def agency_view(session: Session, agency_id: int) -> AgencyView:
    """Gather the agency page's data."""
    agency = get_agency(session, agency_id)
    reports = agency_reports(session, agency)
    ids = [agency.id, *(a.id for a in session.scalars(select(Agency).where(
        Agency.successor_id == agency.id, Agency.status == "merged")))]
    aliases = [AliasRow(alias, session.get(Portal, alias.portal_id) if alias.portal_id else None)
               for alias in session.scalars(select(AgencyAlias).where(
                   AgencyAlias.agency_id.in_(ids)).order_by(AgencyAlias.first_seen_at,
                                                            AgencyAlias.id))]
    return AgencyView(
        agency=agency,
        parent=session.get(Agency, agency.parent_id) if agency.parent_id else None,
        successor=session.get(Agency, agency.successor_id) if agency.successor_id else None,
        children=children(session, agency), predecessors=predecessors(session, agency),
        renamings=renamings(session, agency), aliases=aliases, reports=reports,
        series=series(session, agency),
        years=sorted({r.year for r in reports if r.year is not None}))


def series_panels(view: AgencyView, label: Callable[[str], str],
                  panel_title: Callable[[str], str]) -> tuple[list[str], list[Panel]]:
    """The chart's columns (one per report, by year) and panels (one per table of the
    record: requests, then review and litigation, as their numbers differ in size), each
    line a key number by its label."""
    columns = [str(row["year"]) if row["year"] is not None else "?" for row in view.series]
    panels: dict[str, list[Line]] = {}
    for name, path in view.cells:
        panels.setdefault(path.split(".", 1)[0], []).append(
            (label(name), [row["values"].get(path) for row in view.series]))
    return columns, [(panel_title(table), lines) for table, lines in panels.items()]
