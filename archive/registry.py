"""The agency registry: who published each report, across years, names and levels.

Every report points at an agency (`reports.agency_id`) found by resolving its printed name
with `archive.agencies.Resolver`, the publishing portal's region as evidence. A name that
cannot be resolved for certain leaves the report without an agency and opens a review with
the candidates: a false merge would corrupt every series built on it. Hand decisions
override the rules: `assign` (a printed name on a portal is this agency), `merge` (two
agencies are one), `rename` (an agency goes by a new name from a date), `retire` (abolished
on a date). After each, `resolve_all` re-resolves the archive's reports; a report whose
agency changes gets an "identity" event (no version is made)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from archive.agencies.names import GOVERNMENT, fold
from archive.agencies.resolve import Resolution, Resolver
from archive.catalogue.db import insert_ignore
from archive.catalogue.models import (
    Agency,
    AgencyAlias,
    AgencyRenaming,
    AgencyReview,
    Event,
    Portal,
    Report,
    TableCell,
    utcnow,
)
from archive.deadlines import due_date
from archive.errors import NianbaoError, NotFoundError
from archive.filters import agency_in_region

#: The event a report gets when re-resolution files it under another agency.
IDENTITY_EVENT = "identity"


class RegistryError(NianbaoError):
    """A registry change that cannot be made as asked."""


@dataclass
class Registry:
    """The registry as seen from one session: the resolver with the archive's renamings,
    and the portals' regions (both read once)."""

    session: Session
    _portal_regions: dict[int, str | None] = field(default_factory=dict)

    @cached_property
    def resolver(self) -> Resolver:
        resolver = Resolver()
        for row in self.session.scalars(select(AgencyRenaming).order_by(AgencyRenaming.on)):
            resolver.add_renaming(row.old_name, row.new_name, on=row.on,
                                  region_code=row.region_code)
        return resolver

    def portal_region(self, portal_id: int | None) -> str | None:
        """The division code of a portal, read from its name (淮安市洪泽区人民政府) or, failing
        that, its region (江苏省淮安市); None when neither places it."""
        if portal_id is None:
            return None
        if portal_id not in self._portal_regions:
            portal = self.session.get(Portal, portal_id)
            code = None
            for text in (portal.name, portal.region) if portal is not None else ():
                if text:
                    found = self.resolver.resolve(text)
                    if found.region_code is not None:
                        code = found.region_code
                        break
            self._portal_regions[portal_id] = code
        return self._portal_regions[portal_id]

    # --- resolving ----------------------------------------------------------------------
    def resolve(self, printed: str, portal_id: int | None, year: int | None = None,
                ) -> tuple[Agency | None, Resolution]:
        """The agency a printed name on a portal is (created on first sight), or None with
        the uncertain resolution. A hand assignment of the name wins over the rules."""
        name = fold(printed)
        hand = self.session.scalars(
            select(AgencyAlias).where(AgencyAlias.name == name, AgencyAlias.source == "hand",
                                      or_(AgencyAlias.portal_id == portal_id,
                                          AgencyAlias.portal_id.is_(None)))
            .order_by(AgencyAlias.portal_id.is_(None))).first()
        if hand is not None:
            agency = self._current(self.session.get(Agency, hand.agency_id))
            return agency, Resolution(agency.key, False, [], "assigned by hand",
                                      agency.region_code, agency.level, agency.kind)
        found = self.resolver.resolve(printed, self.portal_region(portal_id), year)
        if found.key is None:
            return None, found
        agency = self._ensure(found, name)
        current = self._current(agency)
        if current.id != agency.id:  # the decision that files it there is part of the rule
            found = replace(found, rule=f"{found.rule}; {agency.name} merged by hand into "
                                        f"{current.name}")
        return current, found

    def _ensure(self, found: Resolution, name: str) -> Agency:
        """The agency of a certain resolution, created with its place in the tree."""
        assert found.key is not None
        agency = self.session.scalars(select(Agency).where(Agency.key == found.key)).first()
        if agency is None:
            regions = self.resolver.regions
            insert_ignore(self.session, Agency, dict(
                key=found.key, name=name, region_code=found.region_code,
                region_path=regions.path(found.region_code) if found.region_code else None,
                level=found.level, kind=found.kind, status="active", rule=found.rule,
                created_at=utcnow()), ["key"])
            agency = self.session.scalars(select(Agency).where(Agency.key == found.key)).one()
            agency.parent_id = self._parent_id(agency)
            self._adopt(agency)
        return agency

    def _adopt(self, government: Agency) -> None:
        """A government seen after agencies under it becomes their parent."""
        if government.kind != "government" or government.region_code is None:
            return
        prefix = government.region_code.rstrip("0") or government.region_code
        for orphan in self.session.scalars(select(Agency).where(
                Agency.parent_id.is_(None), Agency.id != government.id,
                Agency.region_code.startswith(prefix))):
            if self._parent_id(orphan) == government.id:
                orphan.parent_id = government.id

    def _parent_id(self, agency: Agency) -> int | None:
        """The government an agency belongs to, when the registry has it: a department's is
        its region's government, a government's or street office's the one of the region
        above."""
        if agency.region_code is None:
            return None
        if agency.kind == "department":
            code: str | None = agency.region_code
        else:
            region = self.resolver.regions.get(agency.region_code)
            code = region.parent if region is not None else None
        if code is None:
            return None
        return self.session.scalar(select(Agency.id).where(Agency.key == f"{code}|{GOVERNMENT}"))

    def _name_by_fullest(self, agency: Agency, printed: str) -> None:
        """An agency goes by the fullest name it was printed under (淮安市洪泽区人民政府
        rather than 洪泽区人民政府), whatever order its reports came in; a name given by a
        renaming stays."""
        if agency.status != "active" or (len(printed), printed) <= (len(agency.name),
                                                                     agency.name):
            return
        renamed = self.session.scalar(select(AgencyRenaming.id).where(
            AgencyRenaming.new_name == agency.name).limit(1))
        if renamed is None:
            agency.name = printed

    def _current(self, agency: Agency) -> Agency:
        """An agency merged by hand into another stands for that one."""
        seen = {agency.id}
        while agency.status == "merged" and agency.successor_id is not None:
            agency = self.session.get(Agency, agency.successor_id)
            if agency.id in seen:
                break
            seen.add(agency.id)
        return agency

    def assign_report(self, report: Report, *, at: datetime | None = None,
                      events: bool = True) -> bool:
        """Point a report at its agency (or open its review); True if that changed."""
        agency, found = self.resolve(report.agency, report.portal_id, report.year)
        review = self.session.scalars(
            select(AgencyReview).where(AgencyReview.report_id == report.id)).first()
        new_id = agency.id if agency is not None else None
        if agency is not None:
            if review is not None:
                self.session.delete(review)
            known = self.session.scalar(select(AgencyAlias.id).where(  # NULL portals never
                AgencyAlias.agency_id == agency.id, AgencyAlias.name == fold(report.agency),
                AgencyAlias.portal_id.is_not_distinct_from(report.portal_id)).limit(1))
            if known is None:  # conflict in the unique key, so look first
                insert_ignore(self.session, AgencyAlias, dict(
                    agency_id=agency.id, name=fold(report.agency), portal_id=report.portal_id,
                    source="rule", rule=found.rule, first_seen_at=at or utcnow()),
                    ["agency_id", "name", "portal_id"])
            self._name_by_fullest(agency, fold(report.agency))
        elif review is None:
            self.session.add(AgencyReview(
                report_id=report.id, name=fold(report.agency),
                region_code=self.portal_region(report.portal_id),
                candidates=found.candidates, rule=found.rule, created_at=at or utcnow()))
        else:
            review.candidates, review.rule = found.candidates, found.rule
        if new_id == report.agency_id:
            return False
        old = self.session.get(Agency, report.agency_id) if report.agency_id else None
        report.agency_id = new_id
        if events and old is not None:
            self.session.add(Event(
                report_id=report.id, kind=IDENTITY_EVENT, at=at or utcnow(),
                detail={"from": old.key, "to": agency.key if agency else None,
                        "from_name": old.name, "to_name": agency.name if agency else None,
                        "rule": found.rule}))
        return True


def resolve_report_agency(session: Session, report: Report, at: datetime | None = None) -> None:
    """File a new report under its agency (the write path calls this once per report)."""
    Registry(session).assign_report(report, at=at, events=False)


@dataclass
class Resolved:
    """What re-resolving the archive did."""

    reports: int = 0
    changed: int = 0
    reviews: int = 0


def resolve_all(session: Session, *, at: datetime | None = None,
                events: bool = True) -> Resolved:
    """Re-resolve every report's agency (after a registry change, or to fill the registry
    of an upgraded archive); reports whose agency changes get an identity event."""
    registry = Registry(session)
    done = Resolved()
    for report in session.scalars(select(Report).order_by(Report.id)):
        done.reports += 1
        done.changed += registry.assign_report(report, at=at, events=events)
    session.flush()
    done.reviews = session.scalar(select(func.count()).select_from(AgencyReview)) or 0
    for agency in session.scalars(select(Agency).where(Agency.parent_id.is_(None))):
        agency.parent_id = registry._parent_id(agency)
    return done


# --- finding ------------------------------------------------------------------------------

def find_agency(session: Session, name: str) -> Agency:
    """The agency a user names: its key, its name or any printed alias, or what the name
    resolves to. An unknown name is an error suggesting the nearest ones."""
    text = fold(name)
    agency = session.scalars(select(Agency).where(
        or_(Agency.key == name, Agency.name == text))).first()
    if agency is None:
        alias = session.scalars(select(AgencyAlias).where(AgencyAlias.name == text)).all()
        registry = Registry(session)  # a name seen before and after a merge is one agency
        ids = {registry._current(session.get(Agency, a.agency_id)).id for a in alias}
        if len(ids) > 1:
            raise NotFoundError(f"agency {name!r} names {len(ids)} agencies in different "
                                "places; give its key (nianbao agency list shows them)")
        if ids:
            agency = session.get(Agency, ids.pop())
    if agency is None:
        found = Registry(session).resolver.resolve(name)
        if found.key is not None:
            agency = session.scalars(select(Agency).where(Agency.key == found.key)).first()
    if agency is None:
        names = list(session.scalars(select(AgencyAlias.name).distinct()))
        near = difflib.get_close_matches(text, names, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise NotFoundError(f"no agency {name!r} in the archive{hint} "
                            "(nianbao agency list shows them)")
    return Registry(session)._current(agency)


def agency_reports(session: Session, agency: Agency) -> list[Report]:
    """The reports of an agency and of those merged into it, by year."""
    ids = [agency.id, *session.scalars(select(Agency.id).where(
        Agency.successor_id == agency.id, Agency.status == "merged"))]
    return list(session.scalars(select(Report).where(Report.agency_id.in_(ids))
                                .order_by(Report.year, Report.id)))


def report_of_agency(session: Session, name: str, year: int) -> Report | None:
    """The report of the agency a printed name resolves to, for `year` (so 淮安市洪泽区人民政府
    /2024 finds the report filed as 洪泽区人民政府/2024)."""
    try:
        agency = find_agency(session, name)
    except NotFoundError:
        return None
    return next((r for r in agency_reports(session, agency) if r.year == year), None)


def list_agencies(session: Session, *, region: str | None = None,
                  level: str | None = None, kind: str | None = None) -> list[Agency]:
    """The registry's agencies (merged ones folded into their successor), filtered by a
    region (its name anywhere on the path, or a code prefix), level or kind."""
    stmt = select(Agency).where(Agency.status != "merged").order_by(
        Agency.region_code, Agency.name)
    if region:
        stmt = stmt.where(agency_in_region(region))
    if level:
        stmt = stmt.where(Agency.level == level)
    if kind:
        stmt = stmt.where(Agency.kind == kind)
    return list(session.scalars(stmt))


def open_reviews(session: Session) -> list[tuple[AgencyReview, Report]]:
    """Reports whose agency awaits a decision, with the candidates and why."""
    return list(session.execute(select(AgencyReview, Report).join(
        Report, Report.id == AgencyReview.report_id).order_by(Report.agency, Report.year)))


# --- hand decisions -----------------------------------------------------------------------

def assign(session: Session, report: Report, agency: Agency, *, portal_only: bool = True,
           ) -> None:
    """A hand decision: the name this report printed (on its portal) is `agency`. The
    latest decision wins: an earlier hand decision on the same name and portal is dropped,
    and the rules' alias of the name for `agency`, if any, becomes the hand one."""
    name, portal_id = fold(report.agency), report.portal_id if portal_only else None
    same_place = (AgencyAlias.name == name,
                  AgencyAlias.portal_id.is_not_distinct_from(portal_id))
    session.execute(delete(AgencyAlias).where(*same_place, AgencyAlias.source == "hand",
                                              AgencyAlias.agency_id != agency.id))
    alias = session.scalars(select(AgencyAlias).where(
        *same_place, AgencyAlias.agency_id == agency.id)).first()
    if alias is None:
        session.add(AgencyAlias(agency_id=agency.id, name=name, portal_id=portal_id,
                                source="hand", rule="assigned by hand", first_seen_at=utcnow()))
    else:
        alias.source, alias.rule = "hand", "assigned by hand"
    session.flush()


def merge(session: Session, source: Agency, target: Agency) -> None:
    """A hand decision: `source` and `target` are one agency; `source` stands for `target`
    from now on (its reports, aliases and series join target's)."""
    if source.id == target.id:
        raise RegistryError(f"{source.name} and {target.name} are already one agency")
    if Registry(session)._current(target).id == source.id:
        raise RegistryError(f"{target.name} is already merged into {source.name}")
    source.status, source.successor_id = "merged", target.id
    session.flush()


def rename(session: Session, old: str, new: str, on: date) -> None:
    """A registry fact: the agency printed `old` goes by `new` from `on` (one agency)."""
    agency = find_agency(session, old)
    insert_ignore(session, AgencyRenaming, dict(
        old_name=fold(old), new_name=fold(new), on=on, region_code=agency.region_code,
        created_at=utcnow()), ["old_name", "new_name"])
    session.flush()
    # a bad renaming fails here, before anything else changes
    new_key = Registry(session).resolver.resolve(new, agency.region_code).key
    agency.name = fold(new)
    if new_key is not None and new_key != agency.key:  # the agency's key follows its name
        same = session.scalars(select(Agency).where(Agency.key == new_key)).first()
        if same is None:
            agency.key = new_key
        elif same.id != agency.id:  # the new name was filed apart already: one agency
            merge(session, agency, same)


def retire(session: Session, agency: Agency, on: date, successor: Agency | None = None) -> None:
    """A registry fact: the agency was abolished on `on` (its duties going to `successor`):
    not expected to publish after that date."""
    agency.status, agency.ended_on = "abolished", on
    agency.successor_id = successor.id if successor is not None else None
    session.flush()


# --- what the registry says -----------------------------------------------------------------

def predecessors(session: Session, agency: Agency) -> list[Agency]:
    """Agencies whose duties went to this one (abolished with it as successor)."""
    return list(session.scalars(select(Agency).where(
        Agency.successor_id == agency.id, Agency.status == "abolished")))


def renamings(session: Session, agency: Agency) -> list[AgencyRenaming]:
    """The renamings that lead to this agency's names."""
    names = {agency.name, *session.scalars(select(AgencyAlias.name).where(
        AgencyAlias.agency_id == agency.id))}
    return list(session.scalars(select(AgencyRenaming).where(or_(
        AgencyRenaming.new_name.in_(names), AgencyRenaming.old_name.in_(names)))
        .order_by(AgencyRenaming.on)))


def children(session: Session, agency: Agency) -> list[Agency]:
    """The agencies under a government: its departments, and the governments and street
    offices of the regions inside its own."""
    return list(session.scalars(select(Agency).where(
        Agency.parent_id == agency.id, Agency.status != "merged").order_by(Agency.name)))


@dataclass(frozen=True)
class Expected:
    """An agency expected to publish for a year, why, and whether it did."""

    agency: Agency
    reasons: tuple[str, ...]
    published: bool


def expected_publishers(session: Session, government: Agency, year: int) -> list[Expected]:
    """Who under a government should publish a report for `year`: the registry's children
    and the agencies under it that published in either of the two years before; an agency
    abolished (or merged) before the deadline of its report for `year` (archive.deadlines)
    is not expected."""
    reasons: dict[int, list[str]] = {}
    for child in children(session, government):
        reasons.setdefault(child.id, []).append("under it in the registry")
    earlier = session.execute(select(Report.agency_id, Report.year).join(
        Agency, Agency.id == Report.agency_id).where(
        Agency.parent_id == government.id, Report.year.in_((year - 1, year - 2))))
    for agency_id, was in earlier:
        reasons.setdefault(agency_id, []).append(f"published for {was}")
    published = set(session.scalars(select(Report.agency_id).where(Report.year == year)))
    out: list[Expected] = []
    for agency_id, why in reasons.items():
        agency = session.get(Agency, agency_id)
        if agency.status == "merged" or (agency.ended_on is not None and agency.ended_on
                                         <= due_date(year, agency.kind, agency.name)):
            continue
        out.append(Expected(agency, tuple(dict.fromkeys(why)), agency_id in published))
    return sorted(out, key=lambda e: (e.published, e.agency.name))


#: The key numbers of an agency's series: (label, cell path).
SERIES_CELLS: tuple[tuple[str, str], ...] = (
    ("新收申请", "requests.new.total"),
    ("予以公开", "requests.granted.total"),
    ("行政复议", "review_litigation.review.total"),
    ("直接起诉", "review_litigation.litigation_direct.total"),
    ("复议后起诉", "review_litigation.litigation_after_review.total"),
)


def series(session: Session, agency: Agency, cells: Iterable[tuple[str, str]] = SERIES_CELLS,
           ) -> list[dict[str, Any]]:
    """An agency's key numbers year by year, from the latest version of each report:
    [{"year": 2023, "report": "洪泽区人民政府/2023", "values": {path: number or None}}]."""
    paths = [path for _, path in cells]
    rows: list[dict[str, Any]] = []
    for report in agency_reports(session, agency):
        values = dict.fromkeys(paths)
        for path, value in session.execute(select(TableCell.path, TableCell.value).where(
                TableCell.report_id == report.id, TableCell.latest.is_(True),
                TableCell.path.in_(paths))):
            values[path] = value
        rows.append({"year": report.year, "report": f"{report.agency}/{report.year}",
                     "report_id": report.id, "values": values})
    return rows
