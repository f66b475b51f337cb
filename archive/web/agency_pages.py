"""The agency pages: the registry's agencies (filtered by region, level and kind) and one
agency across years and names, with its key numbers drawn as a chart and given as a table."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from archive.catalogue.models import AGENCY_KINDS, MAX_INT
from archive.filters import AGENCY_LEVELS, FilterError
from archive.web import charts
from archive.web.agency_views import agency_rows, agency_view, series_panels
from archive.web.i18n import label, translate
from archive.web.render import archive_of, render, request_language

router = APIRouter(include_in_schema=False)
#: Agencies per page of the list.
PAGE_SIZE = 50


@router.get("/agencies", response_class=HTMLResponse, name="agencies")
def agencies_page(
    request: Request,
    region: Annotated[str, Query(description="a name on the region path, or a code prefix")]
    = "",
    level: str = "",
    kind: str = "",
    offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
) -> HTMLResponse:
    """The registry's agencies with their region, level, kind and years with reports; a
    level or kind it does not know is said above the form, which keeps what was typed."""
    error = None
    try:
        with archive_of(request).session() as s:
            rows = agency_rows(s, region=region.strip(), level=level, kind=kind)
    except FilterError as exc:
        rows, error = [], str(exc)
    return render(request, "agencies.html", status_code=400 if error else 200, error=error,
                  rows=rows[offset:offset + PAGE_SIZE], total=len(rows), offset=offset,
                  page_size=PAGE_SIZE,
                  form=dict(region=region, level=level, kind=kind),
                  levels=AGENCY_LEVELS, kinds=AGENCY_KINDS)


@router.get("/agencies/{agency_id}", response_class=HTMLResponse, name="agency")
def agency_page(request: Request, agency_id: int) -> HTMLResponse:
    """One agency: where it sits, what it was called, its reports and key numbers by year."""
    lang = request_language(request)
    with archive_of(request).session() as s:
        view = agency_view(s, agency_id)
    columns, panels = series_panels(view, lambda zh: label(zh, lang),
                                    lambda table: translate(f"agency.panel.{table}", lang))
    title = translate("chart.series", lang, agency=view.agency.name)
    chart = charts.series_chart(columns, panels, title) if view.series else None
    return render(request, "agency.html", view=view, agency=view.agency, chart=chart,
                  chart_title=title, missing=any(
                      v is None for row in view.series for v in row["values"].values()))
