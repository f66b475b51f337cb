"""`nianbao agency ...`: the agency registry on the command line. Who published each report
across years, names and levels (`list`, `show`), the hand decisions that override the
resolver's rules (`merge`, `rename`, `retire`, `assign`), the reports awaiting one
(`review`), re-resolving the archive (`resolve`) and who under a government should publish
(`expected`). A thin layer over archive.registry."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Group
from rich.table import Table
from rich.text import Text

from archive.cli.console import open_archive, out
from archive.errors import NianbaoError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from archive.catalogue.models import Agency, Report
    from archive.registry import Resolved

#: How a user may name an agency (`archive.registry.find_agency` takes each).
NAMED = ("its name as printed in any report (洪泽区人民政府, 淮安市洪泽区人民政府), its current "
         "name, or its key (320813|人民政府).")
AGENCY_HELP = "An agency: " + NAMED
#: Bars of a series' trend, lowest to highest.
BARS = "▁▂▃▄▅▆▇█"
#: How many candidates of a review are shown before "… N in all".
SHOWN_CANDIDATES = 5


class AgencyCommandError(NianbaoError):
    """An `agency` command was given something it cannot use."""


def register(app: typer.Typer) -> None:
    """Add `agency list|show|merge|rename|retire|assign|review|resolve|expected`."""
    agency_app = typer.Typer(
        help="The agency registry: who published each report across years, names and "
        "levels; hand decisions that override the rules.", no_args_is_help=True)
    agency_app.command("list")(list_command)
    agency_app.command("show")(show_command)
    agency_app.command("merge")(merge_command)
    agency_app.command("rename")(rename_command)
    agency_app.command("retire")(retire_command)
    agency_app.command("assign")(assign_command)
    agency_app.command("review")(review_command)
    agency_app.command("resolve")(resolve_command)
    agency_app.command("expected")(expected_command)
    app.add_typer(agency_app, name="agency")


# --- small pieces ---------------------------------------------------------------------------

def parse_day(value: str | None, option: str, meaning: str) -> date:
    """A calendar day given as YYYY-MM-DD; a missing or malformed one is a one-line error
    naming the option (`meaning` says what the day is, for the missing case)."""
    if value is None:
        raise AgencyCommandError(f"give {option} YYYY-MM-DD: {meaning}")
    text = value.strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise AgencyCommandError(f"{option} {value} is not a date (YYYY-MM-DD)") from None


def year_span(years: Iterable[int]) -> str:
    """Years as runs: 2023–2024, or 2019, 2021–2024 (gaps show)."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def number(value: float | None) -> str:
    """A table value for people: 12, 2.5, or — when the report does not print it."""
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def trend(values: Sequence[float | None]) -> str:
    """A one-line bar chart of a series (a space where a year has no value)."""
    known = [v for v in values if v is not None]
    top = max(known, default=0) or 1
    return "".join(" " if v is None else BARS[round(max(v, 0) / top * (len(BARS) - 1))]
                   for v in values)


def status_text(agency: Agency, names: dict[int, str]) -> str:
    """An agency's standing in words: active, abolished on a date (duties to …), merged into."""
    successor = names.get(agency.successor_id) if agency.successor_id else None
    if agency.status == "abolished":
        return (f"abolished {agency.ended_on.isoformat() if agency.ended_on else ''}".strip()
                + (f", duties to {successor}" if successor else ""))
    if agency.status == "merged":
        return f"merged into {successor}" if successor else "merged"
    return agency.status


def region_of_key(key: str) -> str:
    """A resolver key (320813|人民政府) as a place and a name: 江苏省淮安市洪泽区 人民政府."""
    from archive.agencies.regions import regions

    code, _, own = key.partition("|")
    if regions().get(code) is None:
        return key
    return f"{regions().path(code)} {own}".strip()


def region_path(code: str | None) -> str:
    """The printed path of a division code, or — when there is none."""
    from archive.agencies.regions import regions

    return regions().path(code) if code and regions().get(code) is not None else "—"


def resolved_line(done: Resolved) -> str:
    """What re-resolving the archive did, in one line."""
    line = (f"re-resolved {done.reports} report(s): {done.changed} changed agency"
            + (" (nianbao history REPORT says from which, and why)" if done.changed else ""))
    if done.reviews:
        line += f"; {done.reviews} await a decision (nianbao agency review)"
    return line


def versions_by_report(session: Session, reports: Sequence[Report]) -> dict[int, int]:
    """How many versions each report has."""
    from sqlalchemy import func, select

    from archive.catalogue.models import ReportVersion

    rows = session.execute(select(ReportVersion.report_id, func.count()).where(
        ReportVersion.report_id.in_([r.id for r in reports])).group_by(ReportVersion.report_id))
    return {report_id: n for report_id, n in rows}


def agency_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """The names of the agencies with these ids."""
    from sqlalchemy import select

    from archive.catalogue.models import Agency

    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(Agency.id, Agency.name).where(Agency.id.in_(wanted)))
    return {agency_id: name for agency_id, name in rows}


# --- reading --------------------------------------------------------------------------------

def list_command(
    region: Annotated[str | None, typer.Option(
        help="Part of the region's path (淮安, 江苏省淮安市) or a division code prefix (3208).")] = None,
    level: Annotated[str | None, typer.Option(
        help="The level of its region: province, prefecture, county or township.")] = None,
    kind: Annotated[str | None, typer.Option(
        help="government, department, street_office, township or other.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
) -> None:
    """List the agencies of the registry: name, region, level, kind, the years it has
    reports for, and its status. Agencies merged by hand are folded into the one they joined.

    Examples:

      nianbao agency list

      nianbao agency list --region 淮安 --level county

      nianbao agency list --kind department --json
    """
    from archive.agencies.regions import LEVELS
    from archive.catalogue.models import AGENCY_KINDS
    from archive.registry import agency_reports, list_agencies, open_reviews

    if level is not None and level not in LEVELS.values():
        raise AgencyCommandError(f"--level {level!r}: use one of {', '.join(LEVELS.values())}")
    if kind is not None and kind not in AGENCY_KINDS:
        raise AgencyCommandError(f"--kind {kind!r}: use one of {', '.join(AGENCY_KINDS)}")
    arc = open_archive()
    with arc.session() as s:
        agencies = list_agencies(s, region=region, level=level, kind=kind)
        names = agency_names(s, (a.successor_id for a in agencies))
        rows = []
        for agency in agencies:
            reports = agency_reports(s, agency)
            years = [r.year for r in reports if r.year is not None]
            rows.append({"key": agency.key, "name": agency.name,
                         "region_code": agency.region_code, "region": agency.region_path,
                         "level": agency.level, "kind": agency.kind,
                         "years": sorted(set(years)), "reports": len(reports),
                         "status": agency.status,
                         "ended_on": agency.ended_on.isoformat() if agency.ended_on else None,
                         "status_text": status_text(agency, names)})
        reviews = len(open_reviews(s))
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    filters = " ".join(f"--{k} {v}" for k, v in (("region", region), ("level", level),
                                                  ("kind", kind)) if v)
    if not rows:
        out.print("no agencies" + (f" with {filters}" if filters else " in the archive yet"))
    else:
        table = Table(title=f"{len(rows)} agenc{'y' if len(rows) == 1 else 'ies'}"
                      + (f" with {filters}" if filters else ""), title_justify="left")
        table.add_column("agency (key)", overflow="fold", min_width=12)
        table.add_column("region", overflow="fold", min_width=8)
        for col in ("level", "kind", "years (reports)"):  # words and years stay whole
            table.add_column(col, no_wrap=True)
        table.add_column("status", overflow="fold")
        for row in rows:
            years = f"{year_span(row['years'])} ({row['reports']})" if row["years"] else \
                f"— ({row['reports']})"
            table.add_row(Text(row["name"]) + Text(f"\n{row['key']}", style="dim"),
                          row["region"] or "—", row["level"] or "—", row["kind"], years,
                          row["status_text"])
        out.print(table)
    if reviews:
        out.print(f"{awaiting(reviews)} an agency decision: nianbao agency review")


def awaiting(n: int) -> str:
    """"1 report awaits" or "3 reports await"."""
    return f"{n} report awaits" if n == 1 else f"{n} reports await"


def without_lists(rule: str, longest: int = 30) -> str:
    """A rule without its long bracketed lists (the 30 regions a name fits), which the
    candidates column shows: 新城街道 names 30 regions; … would tell which: review."""
    kept, depth, group = [], 0, ""
    for char in rule:
        if char == "(":
            depth += 1
        if depth:
            group += char
        else:
            kept.append(char)
        if char == ")" and depth:
            depth -= 1
            if not depth:
                kept.append(group if len(group) <= longest else "")
                group = ""
    text = re.sub(r" +([;,])", r"\1", "".join(kept) + group).strip()
    return re.sub(r": review$", "", text)  # the table is the list of what awaits review


def agency_info(session: Session, agency: Agency) -> dict[str, Any]:
    """Everything `agency show` prints (and its --json gives) about one agency."""
    from sqlalchemy import select

    from archive.catalogue.models import Agency as AgencyRow
    from archive.catalogue.models import AgencyAlias, Portal
    from archive.registry import (
        SERIES_CELLS,
        agency_reports,
        children,
        predecessors,
        renamings,
        series,
    )

    merged_in = list(session.scalars(select(AgencyRow).where(
        AgencyRow.successor_id == agency.id, AgencyRow.status == "merged")))
    ids = [agency.id, *(m.id for m in merged_in)]
    names = agency_names(session, [agency.parent_id, agency.successor_id])
    portals = {p.id: p for p in session.scalars(select(Portal))}
    aliases: dict[tuple[str, int | None], dict[str, Any]] = {}
    for alias in session.scalars(select(AgencyAlias).where(AgencyAlias.agency_id.in_(ids))
                                 .order_by(AgencyAlias.source, AgencyAlias.first_seen_at)):
        portal = portals.get(alias.portal_id) if alias.portal_id else None
        aliases.setdefault((alias.name, alias.portal_id), {
            "name": alias.name, "portal": portal.key if portal else None,
            "portal_name": portal.name if portal else None, "source": alias.source,
            "rule": alias.rule})
    reports = agency_reports(session, agency)
    versions = versions_by_report(session, reports)
    return {
        "agency": {
            "id": agency.id, "key": agency.key, "name": agency.name,
            "region_code": agency.region_code, "region": agency.region_path,
            "level": agency.level, "kind": agency.kind, "status": agency.status,
            "status_text": status_text(agency, names),
            "ended_on": agency.ended_on.isoformat() if agency.ended_on else None,
            "successor": names.get(agency.successor_id) if agency.successor_id else None,
            "parent": names.get(agency.parent_id) if agency.parent_id else None,
            "rule": agency.rule},
        "children": [c.name for c in children(session, agency)],
        "merged_in": [m.name for m in merged_in],
        "predecessors": [{"name": p.name, "ended_on": p.ended_on.isoformat()
                          if p.ended_on else None} for p in predecessors(session, agency)],
        "renamings": [{"old": r.old_name, "new": r.new_name, "on": r.on.isoformat()}
                      for r in renamings(session, agency)],
        "aliases": list(aliases.values()),
        "reports": [{"id": r.id, "report": f"{r.agency}/{r.year}", "year": r.year,
                     "versions": versions.get(r.id, 0), "status": r.status} for r in reports],
        "series": {"cells": [{"label": label, "path": path} for label, path in SERIES_CELLS],
                   "years": series(session, agency)},
    }


def show_command(
    name: Annotated[str, typer.Argument(help=AGENCY_HELP)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
) -> None:
    """Show one agency: its name, key, region and level, parent and children, status,
    predecessors and renamings, every name it was printed under (where, and by which rule),
    its reports by year and its key numbers across the years.

    Examples:

      nianbao agency show 洪泽区人民政府

      nianbao agency show 淮安市洪泽区人民政府 --json

      nianbao agency show '320813|人民政府'
    """
    from archive.registry import find_agency

    arc = open_archive()
    with arc.session() as s:
        info = agency_info(s, find_agency(s, name))
    if as_json:
        print(json.dumps(info, ensure_ascii=False, indent=1))
        return
    out.print(render_agency(info))


def render_agency(info: dict[str, Any]) -> Group:
    """The terminal rendering of `agency show`."""
    a = info["agency"]
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    place = f"{a['region'] or '—'}" + (f" ({a['region_code']})" if a["region_code"] else "")
    for label, value in (
            ("key", a["key"]), ("region", place), ("level", a["level"] or "—"),
            ("kind", a["kind"]), ("status", a["status_text"]), ("parent", a["parent"] or "—"),
            ("children", str(len(info["children"]))
             + (f": {', '.join(info['children'][:8])}" if info["children"] else "")
             + (" …" if len(info["children"]) > 8 else "")),
            ("merged in", ", ".join(info["merged_in"])),
            ("predecessors", ", ".join(
                p["name"] + (f" (abolished {p['ended_on']})" if p["ended_on"] else "")
                for p in info["predecessors"])),
            ("renamings", "; ".join(f"{r['old']} → {r['new']} on {r['on']}"
                                    for r in info["renamings"])),
            ("first resolved", a["rule"] or "—")):
        if value or label in ("parent",):
            facts.add_row(label, value)
    parts: list[Any] = [Text(a["name"], style="bold"), facts]
    names = Table(title="printed as", title_justify="left")
    for col in ("name", "portal", "decided by"):
        names.add_column(col, overflow="fold")
    for alias in info["aliases"]:
        portal = alias["portal"] and f"{alias['portal_name']} ({alias['portal']})"
        decided = "by hand" if alias["source"] == "hand" else (alias["rule"] or "rule")
        names.add_row(alias["name"], portal or "—", decided)
    parts.append(names)
    if not info["reports"]:
        parts.append(Text("no reports yet"))
        return Group(*parts)
    reports = Table(title=f"reports ({year_span(r['year'] for r in info['reports'] if r['year'])})",
                    title_justify="left")
    for col in ("year", "report", "id", "versions", "status"):
        reports.add_column(col)
    for r in info["reports"]:
        reports.add_row(str(r["year"] or "—"), r["report"], str(r["id"]), str(r["versions"]),
                        r["status"])
    parts.append(reports)
    years = info["series"]["years"]
    chart = Table(title="key numbers across years", title_justify="left")
    chart.add_column("")
    twice = {row["year"] for row in years if [r["year"] for r in years].count(row["year"]) > 1}
    for row in years:  # a year with two reports (agencies merged by hand) names each
        chart.add_column(f"{row['year']} (id {row['report_id']})" if row["year"] in twice
                         else str(row["year"]), justify="right")
    chart.add_column("trend")
    for cell in info["series"]["cells"]:
        values = [row["values"].get(cell["path"]) for row in years]
        chart.add_row(cell["label"], *(number(v) for v in values), trend(values))
    parts.append(chart)
    return Group(*parts)


def review_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
) -> None:
    """List the reports whose printed agency name could not be resolved for certain: the name,
    the region of the portal it was found on, the candidates with their places, and why it
    was left open. Settle one with `nianbao agency assign`.

    Examples:

      nianbao agency review

      nianbao agency assign 新城街道办事处/2024 太原市尖草坪区新城街道办事处
    """
    from archive.registry import open_reviews

    arc = open_archive()
    with arc.session() as s:
        rows = [{"report_id": rep.id, "report": f"{rep.agency}/{rep.year}",
                 "name": review.name, "region_code": review.region_code,
                 "portal_region": region_path(review.region_code),
                 "candidates": [{"key": key, "place": region_of_key(key)}
                                for key in review.candidates or []],
                 "rule": review.rule} for review, rep in open_reviews(s)]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        out.print("no reports await an agency decision")
        return
    table = Table(title=f"{awaiting(len(rows))} an agency decision",
                  title_justify="left", show_lines=True)
    for col in ("report", "printed name", "portal region", "candidates", "why"):
        table.add_column(col, overflow="fold")
    for row in rows:
        candidates = [f"{c['place']} ({c['key']})"
                      for c in row["candidates"][:SHOWN_CANDIDATES]]
        if len(row["candidates"]) > SHOWN_CANDIDATES:
            candidates.append(f"… {len(row['candidates'])} in all (--json lists them)")
        table.add_row(f"{row['report']} (id {row['report_id']})", row["name"],
                      row["portal_region"], "\n".join(candidates) or "—",
                      without_lists(row["rule"] or ""))
    out.print(table)
    out.print("settle one: nianbao agency assign AGENCY/YEAR NAME")


def expected_command(
    government: Annotated[str, typer.Argument(help="A government: " + NAMED)],
    year: Annotated[int | None, typer.Option(
        help="The report year (the report is due by 31 March of the next year).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
) -> None:
    """Who under a government should publish a report for a year, why (under it in the
    registry, or published in one of the two years before), and whether each has. An agency
    abolished or merged before the report's deadline is not expected.

    Examples:

      nianbao agency expected 淮安市人民政府 --year 2025

      nianbao agency expected 淮安市人民政府 --year 2024 --json
    """
    from archive.filters import check_year
    from archive.registry import expected_publishers, find_agency

    if year is None:
        raise AgencyCommandError("give --year YEAR: the year of the reports expected")
    check_year(year)
    arc = open_archive()
    with arc.session() as s:
        agency = find_agency(s, government)
        rows = [{"name": e.agency.name, "key": e.agency.key, "region": e.agency.region_path,
                 "kind": e.agency.kind, "reasons": list(e.reasons), "published": e.published}
                for e in expected_publishers(s, agency, year)]
        head = agency.name
    if as_json:
        print(json.dumps({"government": head, "year": year, "expected": rows},
                         ensure_ascii=False, indent=1))
        return
    if not rows:
        out.print(f"no agency under {head} is expected to publish for {year}: none under it "
                  f"in the registry or publishing for {year - 2} or {year - 1} is still active")
        return
    missing = sum(not r["published"] for r in rows)
    table = Table(title=f"{len(rows)} expected to publish for {year} under {head}: "
                  f"{len(rows) - missing} published, {missing} not (yet)", title_justify="left")
    for col in ("agency", "region", "kind", "why expected", f"published for {year}"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["name"], r["region"] or "—", r["kind"], "; ".join(r["reasons"]),
                      Text("yes", style="green") if r["published"] else Text("no", style="red"))
    out.print(table)


# --- writing: hand decisions and re-resolution ----------------------------------------------

def merge_command(
    source: Annotated[str, typer.Argument(help="The agency that joins TARGET. " + AGENCY_HELP)],
    target: Annotated[str, typer.Argument(help="The agency it is one with.")],
) -> None:
    """Decide by hand that two agencies are one: SOURCE stands for TARGET from now on (its
    reports, printed names and series join TARGET's). Reports that change agency get an
    identity event; no version is made.

    Example: nianbao agency merge 北关区工信局 北关区工业和信息化局
    """
    from archive.registry import find_agency, merge, resolve_all

    arc = open_archive(create=False)
    with arc.session() as s:
        a, b = find_agency(s, source), find_agency(s, target)
        label = f"{a.name} ({a.key})"
        merge(s, a, b)
        done = resolve_all(s)
        out.print(f"merged {label} into {b.name} ({b.key}): one agency from now on")
        out.print(resolved_line(done))


def rename_command(
    old: Annotated[str, typer.Argument(help="The name it went by. " + AGENCY_HELP)],
    new: Annotated[str, typer.Argument(help="The name it goes by from --on.")],
    on: Annotated[str | None, typer.Option(
        "--on", metavar="YYYY-MM-DD", help="The day the new name took effect.")] = None,
) -> None:
    """Record that an agency goes by a new name from a date (one agency, both names):
    reports printed under either name are filed under it.

    Example: nianbao agency rename 北关区政务服务中心 北关区行政审批和政务信息管理局 --on 2019-03-01
    """
    from archive.registry import find_agency, rename, resolve_all

    day = parse_day(on, "--on", "the day the new name took effect")
    arc = open_archive(create=False)
    with arc.session() as s:
        rename(s, old, new, day)
        done = resolve_all(s)
        agency = find_agency(s, new)
        out.print(f"{old} is called {agency.name} from {day.isoformat()} "
                  f"(one agency, key {agency.key})")
        out.print(resolved_line(done))


def retire_command(
    name: Annotated[str, typer.Argument(help=AGENCY_HELP)],
    on: Annotated[str | None, typer.Option(
        "--on", metavar="YYYY-MM-DD", help="The day it was abolished.")] = None,
    successor: Annotated[str | None, typer.Option(
        metavar="AGENCY", help="The agency its duties went to.")] = None,
) -> None:
    """Record that an agency was abolished on a date (its duties going to a successor, if
    given): it is not expected to publish reports due after that day.

    Examples:

      nianbao agency retire 洪泽区人民政府 --on 2025-01-01

      nianbao agency retire 北关区政务服务中心 --on 2019-03-01 --successor 北关区行政审批和政务信息管理局
    """
    from archive.registry import find_agency, retire

    day = parse_day(on, "--on", "the day it was abolished")
    arc = open_archive(create=False)
    with arc.session() as s:
        agency = find_agency(s, name)
        heir = find_agency(s, successor) if successor else None
        if heir is not None and heir.id == agency.id:
            raise AgencyCommandError(f"--successor {successor} is {agency.name} itself; name "
                                     "the agency its duties went to")
        retire(s, agency, day, heir)
        out.print(f"{agency.name} abolished on {day.isoformat()}"
                  + (f", its duties to {heir.name}" if heir else "")
                  + ": not expected to publish reports due after that day")


def assign_command(
    report: Annotated[str, typer.Argument(
        help="A report: its id, AGENCY/YEAR (新城街道办事处/2024) or any URL it was seen at.")],
    name: Annotated[str, typer.Argument(
        help="The agency it is: " + NAMED + " A name that places one agency for "
        "certain (太原市尖草坪区新城街道办事处) adds it to the registry.")],
) -> None:
    """Decide by hand which agency a report is (one under review, or any): the name the report
    printed, on its portal, is that agency from now on, for this report and any other that
    prints it there. Hand decisions override the rules.

    Examples:

      nianbao agency assign 新城街道办事处/2024 太原市尖草坪区新城街道办事处

      nianbao agency assign 8 北关区工业和信息化局
    """
    from archive.registry import assign, resolve_all
    from archive.reports import find_report

    arc = open_archive(create=False)
    with arc.session() as s:
        rep = find_report(s, report)
        agency = named_agency(s, name)
        assign(s, rep, agency)
        done = resolve_all(s)
        portal = " on its portal" if rep.portal_id is not None else ""
        out.print(f"report {rep.id} ({rep.agency}/{rep.year}): {rep.agency}{portal} is "
                  f"{agency.name} ({agency.key}), decided by hand")
        out.print(resolved_line(done))


def named_agency(session: Session, name: str) -> Agency:
    """The agency a user names for a hand decision: one in the registry, or else one the name
    places for certain (added to the registry then)."""
    from archive.errors import NotFoundError
    from archive.registry import Registry, find_agency

    try:
        return find_agency(session, name)
    except NotFoundError:
        agency, found = Registry(session).resolve(name, None)
        if agency is not None:
            return agency
        if found.candidates:
            raise AgencyCommandError(
                f"{name} is not one agency for certain ({without_lists(found.rule)}); name it "
                "with its region in front (nianbao agency review lists the candidates)"
                ) from None
        raise


def resolve_command() -> None:
    """Re-resolve every report's agency with the registry as it is now (its renamings and
    hand decisions): reports filed under another agency get an identity event, names that
    cannot be resolved for certain are listed by `nianbao agency review`.

    Example: nianbao agency resolve
    """
    from archive.registry import resolve_all

    arc = open_archive(create=False)
    with arc.session() as s:
        done = resolve_all(s)
        out.print(resolved_line(done))
