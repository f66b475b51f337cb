"""The compliance page (/compliance?year=2024): a table per portal of who published, on
time, complete, with numbers that add up (archive.compliance), sortable by plain links,
each finding linked to its evidence (the report, the archived bytes of its first fetch,
the diff of a late edit), and an SVG chart of the on-time share by year."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from archive.compliance import (
    FINDINGS,
    AgencyFindings,
    Compliance,
    ComplianceError,
    YearShare,
    compliance,
    on_time_by_year,
)
from archive.filters import FIRST_YEAR, LAST_YEAR
from archive.web.charts import FONT
from archive.web.i18n import translate
from archive.web.render import archive_of, render, request_language

router = APIRouter(include_in_schema=False)
#: Columns a table can be sorted by (plain links: ?sort=checks&desc=1).
SORTS = ("agency", "deadline", *FINDINGS)
#: Flags first when sorting by a finding, then what cannot be told, then fine.
STATUS_ORDER = {"flag": 0, "unknown": 1, "ok": 2, "n/a": 3}


def sort_rows(rows: list[AgencyFindings], sort: str, desc: bool) -> list[AgencyFindings]:
    """A portal's rows in the order asked (by a finding: flags first; ties by agency)."""
    if sort == "deadline":
        def key(r: AgencyFindings) -> tuple[object, ...]:
            return (r.deadline, r.agency)
    elif sort in FINDINGS:
        def key(r: AgencyFindings) -> tuple[object, ...]:
            return (STATUS_ORDER[r.findings[sort].status], r.agency)
    else:
        def key(r: AgencyFindings) -> tuple[object, ...]:
            return (r.agency,)
    return sorted(rows, key=key, reverse=desc)


def evidence_link(row: AgencyFindings, name: str, root: str) -> str | None:
    """Where a finding's evidence is shown: the report (at the version, part or section
    concerned), the archived bytes of the first fetch, last year's report, the diff."""
    finding, report = row.findings[name], row.report_id
    ev = finding.evidence
    if name == "published":
        last = ev.get("last_report")
        return f"{root}/reports/{report}" if report else (
            f"{root}/reports/{last['report_id']}" if last else None)
    if report is None or finding.status == "n/a":
        return None
    if name == "on_time" and ev.get("first_seen"):
        return f"{root}/blob/{ev['first_seen']['sha256']}"
    if name == "page_date" and ev.get("version"):
        return f"{root}/reports/{report}?v={ev['version']}"
    if name in ("cross_year", "recycled") and ev.get("previous"):
        return f"{root}/reports/{ev['previous']['report_id']}"
    if name == "edited" and ev.get("edits"):
        return root + ev["edits"][0]["diff"]
    anchors = {"format": "#text", "checks": "#checks", "withdrawn": "#timeline"}
    return f"{root}/reports/{report}{anchors.get(name, '')}"


def share_chart(shares: list[YearShare], title: str, *, width: int = 480,
                height: int = 200) -> Markup:
    """Bars of the on-time share per year, 0–100 %, each labelled with its counts."""
    left, right, top, bottom = 44, 12, 18, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    body = []
    for pct in (0, 25, 50, 75, 100):
        y = top + plot_h - plot_h * pct / 100
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
                    f'stroke="{"#555" if pct == 0 else "#e0e0e0"}"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                    f'fill="#555">{pct}%</text>')
    slot = plot_w / max(len(shares), 1)
    for i, share in enumerate(shares):
        x = left + i * slot + slot * 0.2
        h = plot_h * share.share
        label = f"{share.share:.0%} ({share.on_time}/{share.agencies})"
        body.append(
            f'<rect class="share" x="{x:.1f}" y="{top + plot_h - h:.1f}" '
            f'width="{slot * 0.6:.1f}" height="{h:.1f}" fill="#2e7d32" '
            f'data-year="{share.year}" data-on-time="{share.on_time}" '
            f'data-agencies="{share.agencies}"><title>{share.year}: {label}</title></rect>'
            f'<text x="{x + slot * 0.3:.1f}" y="{top + plot_h - h - 4:.1f}" '
            f'text-anchor="middle" fill="#222">{escape(label)}</text>'
            f'<text x="{x + slot * 0.3:.1f}" y="{height - 8}" '
            f'text-anchor="middle">{share.year}</text>')
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT}" font-size="12"><title>{escape(title)}</title>'
        f"{''.join(body)}</svg>")


@router.get("/compliance", response_class=HTMLResponse, name="compliance")
def compliance_page(
    request: Request,
    year: Annotated[int | None, Query(ge=FIRST_YEAR, le=LAST_YEAR,
                                      description="the year the reports cover")] = None,
    portal: str = "",
    region: str = "",
    sort: str = "agency",
    desc: bool = False,
) -> HTMLResponse:
    """The compliance report of a year (the latest year with reports by default)."""
    lang = request_language(request)
    error, report = None, None
    with archive_of(request).session() as s:
        shares = on_time_by_year(s)
        if year is None:
            year = shares[-1].year if shares else None
        if year is not None:
            try:
                report = compliance(s, year, portal=portal.strip() or None,
                                    region=region.strip() or None)
            except ComplianceError as exc:
                error = str(exc)
    if sort not in SORTS:
        sort = "agency"
    tables: list[tuple[str | None, str | None, list[AgencyFindings]]] = []
    if report is not None:
        for key, rows in report.by_portal().items():
            tables.append((key, rows[0].portal_name, sort_rows(rows, sort, desc)))
    title = translate("compliance.chart", lang)
    chart = share_chart(shares, title) if shares else None
    root = request.scope.get("root_path", "")
    return render(request, "compliance.html", status_code=400 if error else 200,
                  error=error, year=year, report=report, counts=_counts(report),
                  tables=tables, findings=FINDINGS, sorts=SORTS, sort=sort, desc=desc,
                  years=[sh.year for sh in shares], chart=chart, chart_title=title,
                  shares=shares, form=dict(portal=portal, region=region),
                  link=lambda row, name: evidence_link(row, name, root))


def _counts(report: Compliance | None) -> dict[str, int]:
    return report.counts() if report is not None else {}
