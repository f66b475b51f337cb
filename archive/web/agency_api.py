"""The registry in the JSON API: `/api/agencies` (filtered, paginated) and
`/api/agencies/{id}` (its place in the tree, names, reports and key numbers by year)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from archive.catalogue.models import MAX_INT, Agency
from archive.web import schemas
from archive.web.agency_views import AgencyRow, agency_rows, agency_view
from archive.web.render import archive_of

router = APIRouter(prefix="/api", tags=["agencies"],
                   responses={404: {"model": schemas.ErrorResponse},
                              400: {"model": schemas.ErrorResponse}})


def ref(agency: Agency) -> schemas.AgencyRef:
    return schemas.AgencyRef(id=agency.id, name=agency.name, url=f"/api/agencies/{agency.id}")


def summary(row: AgencyRow) -> schemas.AgencySummary:
    a = row.agency
    return schemas.AgencySummary(
        **ref(a).model_dump(), key=a.key, region_code=a.region_code, region_path=a.region_path,
        level=a.level, kind=a.kind, status=a.status, years=row.years, reports=row.reports,
        page=f"/agencies/{a.id}")


def number(value: Any) -> int | float | None:
    """A cell as JSON has it in the record: whole numbers as integers."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@router.get("/agencies", response_model=schemas.AgenciesResponse,
            summary="The agency registry, filtered by region, level and kind")
def api_agencies(
    request: Request,
    region: Annotated[str | None, Query(
        description="A name on the region path (江苏省淮安市, 洪泽区) or a division-code prefix "
                    "(3208)")] = None,
    level: Annotated[str | None, Query(
        description="province, prefecture, county or township")] = None,
    kind: Annotated[str | None, Query(
        description="government, department, street_office, township or other")] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="Items per page")] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_INT, description="Items to skip")] = 0,
) -> schemas.AgenciesResponse:
    """Agencies (merged ones folded into their successor) with the years they have reports
    for, ordered by division code and name."""
    with archive_of(request).session() as s:
        rows = agency_rows(s, region=(region or "").strip(), level=level, kind=kind)
    return schemas.AgenciesResponse(total=len(rows), limit=limit, offset=offset,
                                    items=[summary(r) for r in rows[offset:offset + limit]])


@router.get("/agencies/{agency_id}", response_model=schemas.AgencyResponse,
            summary="An agency: its place, names, reports and key numbers by year")
def api_agency(request: Request, agency_id: int) -> schemas.AgencyResponse:
    with archive_of(request).session() as s:
        view = agency_view(s, agency_id)
        portals = {row.alias.id: row.portal.key if row.portal else None for row in view.aliases}
        row = AgencyRow(view.agency, view.years, len(view.reports))
        return schemas.AgencyResponse(
            **summary(row).model_dump(),
            parent=ref(view.parent) if view.parent else None,
            successor=ref(view.successor) if view.successor else None,
            ended_on=view.agency.ended_on, rule=view.agency.rule,
            children=[ref(c) for c in view.children],
            predecessors=[ref(p) for p in view.predecessors],
            renamings=[schemas.RenamingOut(old_name=r.old_name, new_name=r.new_name, on=r.on)
                       for r in view.renamings],
            aliases=[schemas.AgencyAliasOut(
                name=a.alias.name, portal=portals[a.alias.id], source=a.alias.source,
                rule=a.alias.rule, first_seen_at=a.alias.first_seen_at) for a in view.aliases],
            reports_by_year=[schemas.AgencyReportOut(
                id=r.id, agency=r.agency, year=r.year, status=r.status,
                url=f"/api/reports/{r.id}") for r in view.reports],
            series_cells=[schemas.SeriesCell(path=path, label=name)
                          for name, path in view.cells],
            series=[schemas.SeriesPoint(
                year=p["year"], report_id=p["report_id"], report=p["report"],
                values={k: number(v) for k, v in p["values"].items()})
                for p in view.series])
