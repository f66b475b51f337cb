"""Crawl health on the web: `/health`, a table of portals by health (unhealthy first) with
the reason, since when, the last run and the last good run; `/api/health`, the same as JSON
(archive.health.HealthRow.as_dict)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from archive.health import health_counts, health_rows
from archive.web.render import archive_of, render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["health"])


class RunBrief(BaseModel):
    """A crawl run in brief."""

    id: int
    status: str = Field(description="finished, partial, interrupted or failed")
    finished_at: str | None = Field(description="ISO 8601, Beijing time")
    reports: int | None = Field(description="report pages and files the run reached")
    cause: str | None = Field(description="why a failed run failed")


class PortalHealthItem(BaseModel):
    """One portal's crawl health."""

    portal: str = Field(description="the portal's key")
    name: str
    region: str | None
    state: str = Field(description="unhealthy, unknown or healthy")
    reason: str | None = Field(description="what looks wrong (unhealthy portals)")
    since: str | None = Field(description="when it entered this state, ISO 8601")
    last_run: RunBrief | None
    last_good_run: RunBrief | None


class HealthResponse(BaseModel):
    """Portals by crawl health, unhealthy first."""

    counts: dict[str, int] = Field(description="{state: portals} over crawled portals")
    items: list[PortalHealthItem]


def listing(request: Request, every: bool) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Counts over the crawled portals, and the rows shown."""
    with archive_of(request).session() as s:
        rows = health_rows(s, every=every)
        counts = health_counts([r for r in rows if r.last_run is not None])
        return counts, [r.as_dict() for r in rows]


@pages.get("/health", response_class=HTMLResponse, name="health")
def health_page(request: Request) -> HTMLResponse:
    """Every crawled portal by health, unhealthy first."""
    counts, rows = listing(request, every=False)
    return render(request, "health.html", rows=rows, counts=counts,
                  total=sum(counts.values()))


@api.get("/health", response_model=HealthResponse,
         summary="Portals by crawl health, unhealthy first")
def api_health(
    request: Request,
    every: Annotated[bool, Query(alias="all", description="Also portals never crawled")] = False,
    state: Annotated[str | None, Query(description="Only this state: unhealthy, unknown, "
                                       "healthy")] = None,
) -> HealthResponse:
    """Each portal's crawl health: the state, the reason, since when, its last run and its
    last good run."""
    counts, rows = listing(request, every=every)
    if state:
        rows = [r for r in rows if r["state"] == state]
    return HealthResponse(counts=counts, items=[PortalHealthItem(**r) for r in rows])
