"""The compliance report: for a year, per portal and per agency, who published, on time,
complete, with numbers that add up — each finding with the evidence an evaluator needs to
defend it (ids, URLs, times, values). Pure reading over the catalogue: nothing is written.

Who is listed: every agency with a report for the year, and every agency expected to
publish one (archive.registry.expected_publishers under each government of the registry,
and any agency that published for one of the two years before) that has none — it is
"missing". An agency merged, or abolished before its deadline, is not expected.

The findings (FINDINGS, in this order), each "ok", "flag", "unknown" or "n/a":

- `published`: a report is in the archive, or it is missing.
- `on_time`: when the archive first fetched any source of the report's first version,
  against the legal deadline (archive.deadlines) in Beijing time. First seen after the
  deadline proves lateness only if the archive was looking: it is "flag" when a page of the
  same portal (or host) was fetched before the deadline, "unknown" otherwise.
- `page_date`: the publication date the page prints (record `source.published`, read by
  parsers.html.find_published) against the deadline; "unknown" when the page prints none.
- `format`: the template of the year (2021 for reports on 2021 and later), the six parts
  present, the three tables present.
- `checks`: the consistency rules the current version fails (informational rules aside).
- `cross_year`: 上年结转 this year equals 结转下年度继续办理 in the same agency's report
  for the year before (parsers.checks.cross_year_checks, column by column).
- `recycled`: a part of the text at least RECYCLED_THRESHOLD similar to the same part of
  the year before (numbers masked, so a copy with new figures still counts).
- `edited`: a version caused by the publisher's edit ("changed") first seen after the
  deadline.
- `withdrawn`: the report is withdrawn (every URL it was seen at is gone).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.catalogue.models import (
    Agency,
    Document,
    Event,
    Fetch,
    Portal,
    Report,
    ReportVersion,
    VersionSource,
    aware,
)
from archive.deadlines import deadline_kind, due_date, due_end, due_rule
from archive.errors import NianbaoError
from archive.registry import agency_reports, expected_publishers
from archive.units import in_beijing, shown_date
from parsers.checks import RULES, cross_year_checks
from parsers.templates import SECTION_KEYS, SECTION_TITLES, TABLE_SECTION

#: The findings, in the order every output gives them.
FINDINGS = ("published", "on_time", "page_date", "format", "checks", "cross_year",
            "recycled", "edited", "withdrawn")
#: What a finding can say: fine, something to look at, cannot tell, does not apply.
STATUSES = ("ok", "flag", "unknown", "n/a")
#: A part of the text this similar to last year's (0–1) is flagged as recycled.
RECYCLED_THRESHOLD = 0.9
#: Parts shorter than this (characters, numbers masked) are not compared: "无。" is no copy.
MIN_COMPARED_CHARS = 80
#: Rules that flag nothing wrong with the numbers (a known table variant, a row placed by
#: position), and rules the format finding covers.
NOT_CONSISTENCY = frozenset({r.name for r in RULES if r.informational}
                            | {"section.missing", "table.missing"})
#: The report kind the Regulation's annual reports are filed as (archive.identity).
REPORT_KIND = "gov_info_disclosure"
_DIGITS = re.compile(r"[0-9０-９]+(?:[.,][0-9]+)*")


class ComplianceError(NianbaoError):
    """A compliance report asked for something the archive does not have."""


@dataclass
class Finding:
    """One finding about one agency's report: its status, a short text for a table cell, a
    sentence for people, and the evidence (ids, URLs, times, values)."""

    name: str
    status: str
    short: str
    summary: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "short": self.short, "summary": self.summary,
                "evidence": self.evidence}


@dataclass
class AgencyFindings:
    """One row of the report: an agency (or a report whose agency awaits review) for the
    year, its portal, its deadline and the findings."""

    year: int
    agency: str  # the registry name, else the name the report prints
    agency_id: int | None
    agency_key: str | None
    kind: str
    region: str | None
    portal: str | None  # the portal key
    portal_name: str | None
    report_id: int | None
    report_name: str | None  # as printed: 北仑区人民政府/2024
    url: str | None  # where it was first seen
    deadline: date
    deadline_rule: str
    findings: dict[str, Finding]

    @property
    def flags(self) -> list[str]:
        """The findings that flag something, in FINDINGS order."""
        return [n for n in FINDINGS if self.findings[n].status == "flag"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year, "agency": self.agency, "agency_id": self.agency_id,
            "agency_key": self.agency_key, "kind": self.kind, "region": self.region,
            "portal": self.portal, "portal_name": self.portal_name,
            "report_id": self.report_id, "report": self.report_name, "url": self.url,
            "deadline": self.deadline.isoformat(), "deadline_rule": self.deadline_rule,
            "flags": self.flags,
            "findings": {n: self.findings[n].as_dict() for n in FINDINGS},
        }


@dataclass
class Compliance:
    """The compliance report of a year: its rows, by portal then agency."""

    year: int
    rows: list[AgencyFindings]
    threshold: float = RECYCLED_THRESHOLD

    def by_portal(self) -> dict[str | None, list[AgencyFindings]]:
        """The rows grouped by portal key (None: reports filed without a portal)."""
        out: dict[str | None, list[AgencyFindings]] = {}
        for row in self.rows:
            out.setdefault(row.portal, []).append(row)
        return out

    def counts(self) -> dict[str, int]:
        """How many agencies are listed, published, missing, on time (first seen before the
        deadline), late, and flagged by anything."""
        def count(name: str, status: str) -> int:
            return sum(r.findings[name].status == status for r in self.rows)
        return {"agencies": len(self.rows), "published": count("published", "ok"),
                "missing": count("published", "flag"), "on_time": count("on_time", "ok"),
                "late": count("on_time", "flag"), "on_time_unknown": count("on_time", "unknown"),
                "flagged": sum(bool(r.flags) for r in self.rows)}

    def as_dicts(self) -> list[dict[str, Any]]:
        return [row.as_dict() for row in self.rows]


# --- building the report --------------------------------------------------------------------

def compliance(session: Session, year: int, *, portal: str | None = None,
               region: str | None = None, threshold: float = RECYCLED_THRESHOLD) -> Compliance:
    """The compliance report of `year`, optionally for one portal (its key) or one region (a
    name on the agency's region path, a division-code prefix, or part of the portal's
    region)."""
    portals = {p.id: p for p in session.scalars(select(Portal))}
    if portal is not None and not any(p.key == portal for p in portals.values()):
        known = ", ".join(sorted(p.key for p in portals.values())) or "none yet"
        raise ComplianceError(f"no portal {portal!r} in the archive (crawled: {known}); "
                              "`nianbao portals` lists the registry")
    rows: list[AgencyFindings] = []
    reports = list(session.scalars(select(Report).where(
        Report.year == year, Report.kind == REPORT_KIND).order_by(Report.id)))
    published = {r.agency_id for r in reports if r.agency_id is not None}
    for report in reports:
        agency = session.get(Agency, report.agency_id) if report.agency_id else None
        rows.append(_report_row(session, report, agency, portals.get(report.portal_id),
                                threshold))
    for agency, reasons in _missing(session, year, published):
        rows.append(_missing_row(session, agency, year, reasons, portals))
    rows = [r for r in rows if _chosen(session, r, portal, region, portals)]
    rows.sort(key=lambda r: (r.portal or "~", r.agency, r.report_id or 0))
    return Compliance(year, rows, threshold)


def _chosen(session: Session, row: AgencyFindings, portal: str | None, region: str | None,
            portals: dict[int, Portal]) -> bool:
    """Is the row in the portal and region asked for?"""
    if portal is not None and row.portal != portal:
        return False
    if not region:
        return True
    text = region.strip()
    agency = session.get(Agency, row.agency_id) if row.agency_id else None
    if agency is not None and agency.region_code and text.isdigit() \
            and agency.region_code.startswith(text.rstrip("0") or text):
        return True
    if agency is not None and agency.region_path and text in agency.region_path:
        return True
    portal_region = next((p.region for p in portals.values() if p.key == row.portal), None)
    return bool(portal_region and text in portal_region)


def _missing(session: Session, year: int, published: set[int],
             ) -> list[tuple[Agency, tuple[str, ...]]]:
    """Agencies expected to publish for `year` that have no report: those the registry
    expects under each government, and any other that published for one of the two years
    before (an agency with no government in the registry), each with why it is expected."""
    reasons: dict[int, list[str]] = {}
    agencies: dict[int, Agency] = {}
    governments = session.scalars(select(Agency).where(
        Agency.kind == "government", Agency.status == "active"))
    for government in governments:
        for expected in expected_publishers(session, government, year):
            if not expected.published:
                agencies[expected.agency.id] = expected.agency
                reasons.setdefault(expected.agency.id, []).extend(
                    f"{why} ({government.name})" if why.startswith("under") else why
                    for why in expected.reasons)
    earlier = session.execute(select(Report.agency_id, Report.year).where(
        Report.year.in_((year - 1, year - 2)), Report.kind == REPORT_KIND,
        Report.agency_id.is_not(None)).order_by(Report.year.desc()))
    for agency_id, was in earlier:
        if agency_id in published:
            continue
        agency = agencies.get(agency_id) or session.get(Agency, agency_id)
        if agency.status == "merged" or (agency.ended_on is not None and agency.ended_on
                                         <= due_date(year, agency.kind, agency.name)):
            continue
        agencies[agency_id] = agency
        reasons.setdefault(agency_id, []).append(f"published for {was}")
    return [(agencies[i], tuple(dict.fromkeys(why))) for i, why in reasons.items()]


def _missing_row(session: Session, agency: Agency, year: int, reasons: tuple[str, ...],
                 portals: dict[int, Portal]) -> AgencyFindings:
    """The row of an expected agency with no report: missing, nothing else applies. Its
    portal is the one its latest earlier report came from."""
    last = session.scalars(select(Report).where(Report.agency_id == agency.id)
                           .order_by(Report.year.desc()).limit(1)).first()
    portal = portals.get(last.portal_id) if last is not None else None
    due = due_date(year, agency.kind, agency.name)
    looked = _looked_before(session, portal.id if portal else None,
                            last_url(session, last) if last is not None else None)
    evidence: dict[str, Any] = {"expected_because": list(reasons),
                                "deadline": due.isoformat()}
    if last is not None:
        evidence["last_report"] = {"report_id": last.id, "year": last.year,
                                   "report": f"{last.agency}/{last.year}"}
    evidence["last_fetch_of_portal"] = looked
    findings = {name: Finding(name, "n/a", "—", "no report") for name in FINDINGS}
    findings["published"] = Finding(
        "published", "flag", "MISSING",
        f"no report for {year} in the archive; expected because {'; '.join(reasons)}",
        evidence)
    return AgencyFindings(
        year=year, agency=agency.name, agency_id=agency.id, agency_key=agency.key,
        kind=agency.kind, region=agency.region_path, portal=portal.key if portal else None,
        portal_name=portal.name if portal else None, report_id=None, report_name=None,
        url=None, deadline=due, deadline_rule=due_rule(agency.kind, agency.name),
        findings=findings)


def _report_row(session: Session, report: Report, agency: Agency | None, portal: Portal | None,
                threshold: float) -> AgencyFindings:
    """The row of a report: every finding with its evidence."""
    year = report.year or 0
    name = agency.name if agency is not None else report.agency
    kind = agency.kind if agency is not None else deadline_kind(None, report.agency)
    due, end = due_date(year, kind, name), due_end(year, kind, name)
    versions = list(report.versions)
    first, latest = versions[0], versions[-1]
    seen = first_fetch(session, first)
    previous = _previous_report(session, report, agency)
    prev_latest = previous.versions[-1] if previous is not None and previous.versions else None
    findings = {
        "published": Finding("published", "ok", "yes", f"report {report.id}, "
                             f"{len(versions)} version(s)",
                             {"report_id": report.id, "versions": len(versions),
                              "status": report.status}),
        "on_time": _on_time(session, report, seen, due, end),
        "page_date": _page_date(versions, due),
        "format": _format(latest, year),
        "checks": _checks(latest),
        "cross_year": _cross_year(latest, previous, prev_latest),
        "recycled": _recycled(latest, previous, prev_latest, threshold),
        "edited": _edited(session, report, versions, end),
        "withdrawn": _withdrawn(session, report),
    }
    return AgencyFindings(
        year=year, agency=name, agency_id=agency.id if agency else None,
        agency_key=agency.key if agency else None, kind=kind,
        region=agency.region_path if agency else (portal.region if portal else None),
        portal=portal.key if portal else None, portal_name=portal.name if portal else None,
        report_id=report.id, report_name=f"{report.agency}/{report.year}",
        url=seen["url"] if seen else None, deadline=due, deadline_rule=due_rule(kind, name),
        findings=findings)


# --- evidence ---------------------------------------------------------------------------------

def iso(when: datetime | None) -> str | None:
    """A stored time as ISO 8601 in Beijing time, offset named (what JSON gives)."""
    return None if when is None else in_beijing(when).isoformat()


def first_fetch(session: Session, version: ReportVersion) -> dict[str, Any] | None:
    """The earliest fetch (not an imported file) of any source of a version: the moment the
    archive first saw it, with the fetch's id, URL and the bytes' digest."""
    row = session.execute(
        select(Fetch.id, Fetch.fetched_at, Fetch.url, Fetch.sha256, Fetch.run_id)
        .join(VersionSource, (VersionSource.document_id == Fetch.document_id)
              & (VersionSource.sha256 == Fetch.sha256))
        .where(VersionSource.version_id == version.id, Fetch.origin == "fetched")
        .order_by(Fetch.fetched_at, Fetch.id).limit(1)).first()
    if row is None:
        return None
    return {"fetch_id": row.id, "at": iso(row.fetched_at), "url": row.url,
            "sha256": row.sha256, "run_id": row.run_id}


def last_url(session: Session, report: Report) -> str | None:
    """A URL a report was seen at (its latest source)."""
    return session.scalar(select(Document.url).join(
        VersionSource, VersionSource.document_id == Document.id).join(ReportVersion).where(
        ReportVersion.report_id == report.id).order_by(VersionSource.last_seen_at.desc())
        .limit(1))


def _looked_before(session: Session, portal_id: int | None, url: str | None,
                   end: datetime | None = None) -> dict[str, Any] | None:
    """The last fetch of the same portal (or, without one, the same host) before `end`
    (the deadline passing; None: ever): proof the archive was looking, so a report first
    seen later was not there yet. None when the archive did not look."""
    stmt = select(Fetch.id, Fetch.fetched_at, Fetch.url).where(Fetch.origin == "fetched")
    if end is not None:
        stmt = stmt.where(Fetch.fetched_at < end)
    if portal_id is not None:
        stmt = stmt.join(Document, Document.id == Fetch.document_id).where(
            Document.portal_id == portal_id)
    elif url:
        parts = urlsplit(url)
        stmt = stmt.where(Fetch.url.startswith(f"{parts.scheme}://{parts.netloc}/",
                                               autoescape=True))
    else:
        return None
    row = session.execute(stmt.order_by(Fetch.fetched_at.desc(), Fetch.id.desc())
                          .limit(1)).first()
    return None if row is None else {"fetch_id": row.id, "at": iso(row.fetched_at),
                                     "url": row.url}


def _on_time(session: Session, report: Report, seen: dict[str, Any] | None, due: date,
             end: datetime) -> Finding:
    evidence: dict[str, Any] = {"deadline": due.isoformat(), "first_seen": seen}
    if seen is None:
        return Finding("on_time", "unknown", "?", "known only from imported files: no fetch "
                       "tells when it was online", evidence)
    at = datetime.fromisoformat(seen["at"])
    day = shown_date(at)
    if at < end:
        return Finding("on_time", "ok", day, f"first seen {day}, by the deadline {due}",
                       evidence)
    looked = _looked_before(session, report.portal_id, seen["url"], end)
    evidence["last_fetch_before_deadline"] = looked
    if looked is None:
        return Finding("on_time", "unknown", f"{day}?",
                       f"first seen {day}, after the deadline {due}, but the archive fetched "
                       "nothing from this portal before the deadline: cannot tell", evidence)
    return Finding("on_time", "flag", f"LATE {day}",
                   f"first seen {day}, after the deadline {due}; the portal was crawled "
                   f"before it ({shown_date(looked['at'])}) without it", evidence)


def _page_date(versions: list[ReportVersion], due: date) -> Finding:
    """The publication date the page prints (the earliest version that prints one)."""
    for version in versions:
        source = (version.record or {}).get("source") or {}
        printed = source.get("published")
        if not printed:
            continue
        evidence = {"published": printed, "version": version.number,
                    "url": source.get("url"), "deadline": due.isoformat()}
        try:
            day = date.fromisoformat(str(printed)[:10])
        except ValueError:
            return Finding("page_date", "unknown", "?", f"the page prints {printed!r}, "
                           "not a date", evidence)
        if day <= due:
            return Finding("page_date", "ok", day.isoformat(),
                           f"the page says published {day}, by the deadline {due}", evidence)
        return Finding("page_date", "flag", f"LATE {day}",
                       f"the page says published {day}, after the deadline {due}", evidence)
    return Finding("page_date", "unknown", "—", "the page prints no publication date",
                   {"deadline": due.isoformat()})


def expected_format(year: int) -> str | None:
    """The template a report on `year` must follow: 2021 (国办公开办函〔2021〕30号) from
    2021, 2019 (〔2019〕60号) for 2019 and 2020, none before."""
    return "2021" if year >= 2021 else "2019" if year >= 2019 else None


def _format(version: ReportVersion, year: int) -> Finding:
    record = version.record or {}
    fmt, wanted = record.get("format"), expected_format(year)
    sections = record.get("sections") or {}
    checks = record.get("checks") or []
    absent_parts = [k for k in SECTION_KEYS if sections.get(k) is None or any(
        c.get("rule") == "section.missing" and c.get("where") == k for c in checks)]
    tables = record.get("tables") or {}
    absent_tables = [k for k in TABLE_SECTION if not tables.get(k) or any(
        c.get("rule") == "table.missing" and c.get("where") == k for c in checks)]
    evidence = {"version": version.number, "format": fmt, "template": wanted,
                "parts_missing": absent_parts, "tables_missing": absent_tables}
    problems = []
    if wanted is not None and fmt != wanted:
        problems.append(f"template {fmt}, not {wanted}")
    if absent_parts:
        problems.append("no part " + ", ".join(SECTION_TITLES[k].split("、")[0]
                                               for k in absent_parts))
    if absent_tables and fmt not in ("legacy", "unknown"):
        problems.append("no table " + ", ".join(absent_tables))
    if not problems:
        return Finding("format", "ok", fmt or "ok",
                       f"{fmt} template, six parts, three tables", evidence)
    return Finding("format", "flag", "; ".join(problems), "; ".join(problems), evidence)


def _checks(version: ReportVersion) -> Finding:
    failing = [c for c in (version.record or {}).get("checks") or []
               if c.get("rule") not in NOT_CONSISTENCY]
    evidence = {"version": version.number, "failing": failing}
    if not failing:
        return Finding("checks", "ok", "—", "every consistency check holds", evidence)
    rules = list(dict.fromkeys(c["rule"] for c in failing))
    text = ", ".join(rules)
    return Finding("checks", "flag", f"{len(failing)}: {text}",
                   f"{len(failing)} failing: " + "; ".join(
                       f"{c['rule']} {c.get('where') or ''} ({c.get('detail') or ''})"
                       for c in failing), evidence)


def _previous_report(session: Session, report: Report, agency: Agency | None) -> Report | None:
    """The same agency's report for the year before (its registry series), or, for a report
    whose agency awaits review, the one printed under the same name."""
    if report.year is None:
        return None
    if agency is not None:
        return next((r for r in agency_reports(session, agency) if r.year == report.year - 1
                     and r.kind == REPORT_KIND and r.versions), None)
    return session.scalars(select(Report).where(
        Report.agency_key == report.agency_key, Report.year == report.year - 1,
        Report.kind == REPORT_KIND)).first()


def _prev_ref(previous: Report, version: ReportVersion) -> dict[str, Any]:
    return {"report_id": previous.id, "report": f"{previous.agency}/{previous.year}",
            "version": version.number}


def _cross_year(version: ReportVersion, previous: Report | None,
                prev_version: ReportVersion | None) -> Finding:
    if previous is None or prev_version is None:
        return Finding("cross_year", "n/a", "—", "no report for the year before")
    now = ((version.record or {}).get("tables") or {}).get("requests") or {}
    before = ((prev_version.record or {}).get("tables") or {}).get("requests") or {}
    over = (now.get("carried_over") or {}).get("total")
    forward = (before.get("carried_forward") or {}).get("total")
    evidence = {"previous": _prev_ref(previous, prev_version), "version": version.number,
                "requests.carried_over.total": over,
                "previous requests.carried_forward.total": forward}
    if over is None or forward is None:
        return Finding("cross_year", "unknown", "?", "a carried-over total is not printed",
                       evidence)
    failing = [c.to_dict() for c in cross_year_checks(prev_version.record, version.record)]
    evidence["failing"] = failing
    if not failing:
        return Finding("cross_year", "ok", f"{over}={forward}",
                       f"上年结转 {over} = {previous.year} 结转下年度继续办理 {forward}", evidence)
    return Finding("cross_year", "flag", f"{over}≠{forward}",
                   f"上年结转 {over} ≠ {previous.year} 结转下年度继续办理 {forward} ("
                   + ", ".join(c["where"] for c in failing) + ")", evidence)


def masked(text: str) -> str:
    """A part's text with every number as #, and no spaces: what stays when a report is
    copied with new figures."""
    return re.sub(r"\s+", "", _DIGITS.sub("#", text or ""))


def similarity(a: str, b: str) -> float:
    """How much of two texts is the same, in order (difflib's ratio, 0–1): about 1 ms for
    two parts of a thousand characters."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _recycled(version: ReportVersion, previous: Report | None,
              prev_version: ReportVersion | None, threshold: float) -> Finding:
    if previous is None or prev_version is None:
        return Finding("recycled", "n/a", "—", "no report for the year before")
    now = (version.record or {}).get("sections") or {}
    before = (prev_version.record or {}).get("sections") or {}
    ratios: dict[str, float] = {}
    for key in SECTION_KEYS:
        a, b = masked(now.get(key) or ""), masked(before.get(key) or "")
        if min(len(a), len(b)) >= MIN_COMPARED_CHARS:
            ratios[key] = round(similarity(a, b), 3)
    over = {k: v for k, v in ratios.items() if v >= threshold}
    evidence = {"previous": _prev_ref(previous, prev_version), "version": version.number,
                "similarity": ratios, "threshold": threshold,
                "method": "difflib ratio, numbers masked"}
    if not ratios:
        return Finding("recycled", "n/a", "—", "no part long enough to compare", evidence)
    if not over:
        top = max(ratios, key=lambda k: ratios[k])
        return Finding("recycled", "ok", f"max {ratios[top]:.0%}",
                       f"most similar part: {SECTION_TITLES[top]} {ratios[top]:.0%}", evidence)
    parts = sorted(over, key=lambda k: -over[k])
    names = ", ".join(f"{SECTION_TITLES[k]} {over[k]:.0%}" for k in parts)
    return Finding("recycled", "flag", f"{over[parts[0]]:.0%} {SECTION_TITLES[parts[0]]}",
                   f"text as in {previous.year}: {names}", evidence)


def _edited(session: Session, report: Report, versions: list[ReportVersion],
            end: datetime) -> Finding:
    edits = []
    for version in versions[1:]:
        if version.cause != "changed" or aware(version.first_seen_at) < end:
            continue
        event = session.execute(select(Event.id, Event.detail).where(
            Event.version_id == version.id, Event.kind == "changed")).first()
        base = ((event.detail or {}).get("from") if event else None) or version.number - 1
        edits.append({"version": version.number, "from": base,
                      "first_seen": iso(version.first_seen_at),
                      "event_id": event.id if event else None,
                      "fetch": first_fetch(session, version),
                      "diff": f"/reports/{report.id}/diff?from={base}&to={version.number}"})
    evidence = {"edits": edits}
    if not edits:
        return Finding("edited", "ok", "—", "no edit after the deadline", evidence)
    days = ", ".join(f"v{e['version']} {shown_date(e['first_seen'])}" for e in edits)
    return Finding("edited", "flag", days, f"edited after the deadline: {days}", evidence)


def _withdrawn(session: Session, report: Report) -> Finding:
    events = [{"event_id": e.id, "kind": e.kind, "at": iso(e.at), "detail": e.detail}
              for e in session.scalars(select(Event).where(
                  Event.report_id == report.id, Event.kind.in_(("withdrawn", "restored")))
                  .order_by(Event.at, Event.id))]
    evidence = {"status": report.status, "events": events}
    if report.status == "withdrawn":
        last = next((e for e in reversed(events) if e["kind"] == "withdrawn"), None)
        day = shown_date(last["at"]) if last else "?"
        return Finding("withdrawn", "flag", f"WITHDRAWN {day}",
                       f"taken down: withdrawn {day}", evidence)
    if events:
        return Finding("withdrawn", "ok", "restored", "withdrawn once, online again", evidence)
    return Finding("withdrawn", "ok", "—", "online", evidence)


# --- across years -------------------------------------------------------------------------------

@dataclass(frozen=True)
class YearShare:
    """How many of a year's listed agencies were first seen by their deadline."""

    year: int
    on_time: int
    agencies: int

    @property
    def share(self) -> float:
        return self.on_time / self.agencies if self.agencies else 0.0


def on_time_by_year(session: Session, years: Iterable[int] | None = None, *,
                    portal: str | None = None, region: str | None = None) -> list[YearShare]:
    """The on-time share of each year with reports (or of `years`): agencies first seen by
    their deadline, of all listed (the missing count as not on time)."""
    if years is None:
        years = sorted(y for y in session.scalars(select(Report.year).where(
            Report.kind == REPORT_KIND, Report.year.is_not(None)).distinct()))
    out = []
    for year in years:
        counts = compliance(session, year, portal=portal, region=region).counts()
        out.append(YearShare(year, counts["on_time"], counts["agencies"]))
    return out


# --- flat rows (CSV, XLSX) ----------------------------------------------------------------------

#: The columns of one agency's row before the findings.
ROW_COLUMNS = ("year", "portal", "portal_name", "agency", "agency_key", "kind", "region",
               "report_id", "report", "url", "deadline", "deadline_rule", "flags")


def flat_columns() -> list[str]:
    """Every column of a flat row: the agency's, then per finding its status, its sentence
    and its evidence (JSON)."""
    return [*ROW_COLUMNS, *(f"{name}{part}" for name in FINDINGS
                            for part in ("", "_summary", "_evidence"))]


def flat_row(row: AgencyFindings) -> dict[str, Any]:
    """One agency as one row of plain values (the evidence as JSON text)."""
    data = row.as_dict()
    out: dict[str, Any] = {k: data[k] for k in ROW_COLUMNS}
    out["flags"] = " ".join(row.flags)
    for name in FINDINGS:
        finding = row.findings[name]
        out[name] = finding.status
        out[f"{name}_summary"] = finding.summary
        out[f"{name}_evidence"] = json.dumps(finding.evidence, ensure_ascii=False,
                                             sort_keys=True) if finding.evidence else ""
    return out
