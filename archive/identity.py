"""Who a report belongs to. Agency names are normalised so that one agency printed two
ways (北关区工信局 on its own site, 北关区工业和信息化局 in the title) files under one key,
while different agencies never share a key: only whole, known suffixes are expanded.
Hand-made decisions (`nianbao report merge/split`) override the rules."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.agencies.names import ABBREVIATIONS, expand_ending, fold
from archive.catalogue.db import insert_ignore
from archive.catalogue.models import IdentityOverride, Report
from archive.registry import Registry, report_of_agency

REPORT_KIND = "gov_info_disclosure"


def agency_key(agency: str) -> str:
    """The key reports are grouped under (abbreviated suffixes expanded)."""
    return agency_key_with_rule(agency)[0]


def agency_key_with_rule(agency: str) -> tuple[str, str]:
    """The key and the rule that made it, stored with the report so it can be explained."""
    name, short = expand_ending(fold(agency))
    if short is not None:
        return name, f"abbreviation {short}→{ABBREVIATIONS[short]}"
    return name, "exact name"


#: The shortest name that may match another by region prefix (洪泽区人民政府 = 7).
MIN_PREFIXED_NAME = 5
_REGION_END = re.compile(r"^.{2,}?(?:省|自治区|市|州|盟|地区)")


def same_agency_with_region_prefix(a: str, b: str) -> bool:
    """淮安市洪泽区人民政府 and 洪泽区人民政府: one key is the other with the parent region
    printed in front. Only applied within one portal and year."""
    short, long_ = sorted((a, b), key=len)
    if short == long_ or len(short) < MIN_PREFIXED_NAME or not long_.endswith(short):
        return False
    prefix = long_[: -len(short)]
    return bool(_REGION_END.fullmatch(prefix))


def overridden(session: Session, agency: str, year: int | None) -> Report | None:
    """The report a hand-made decision files this printed agency name under, if any."""
    override = session.scalars(select(IdentityOverride).where(
        IdentityOverride.agency_key == fold(agency), IdentityOverride.year == year,
        IdentityOverride.kind == REPORT_KIND)).first()
    return session.get(Report, override.report_id) if override is not None else None


def lookup_report(session: Session, agency: str, year: int | None) -> Report | None:
    """The existing report of `agency` for `year`: hand-made decisions first, then the rules."""
    report = overridden(session, agency, year)
    if report is None:
        report = session.scalars(select(Report).where(
            Report.agency_key == agency_key(agency), Report.year == year,
            Report.kind == REPORT_KIND)).first()
    if report is None and year is not None:  # another printing of the same agency
        report = report_of_agency(session, agency, year)
    return report


def resolve_report(
    session: Session, agency: str, year: int, *, portal_id: int | None, at: object
) -> tuple[Report, bool]:
    """The report a record of `agency` for `year` belongs to, created on first sight."""
    report = overridden(session, agency, year)
    if report is not None:
        return report, False
    key, rule = agency_key_with_rule(agency)
    report = session.scalars(select(Report).where(
        Report.agency_key == key, Report.year == year, Report.kind == REPORT_KIND)).first()
    if report is not None:
        return report, False
    registry = Registry(session)
    known, _ = registry.resolve(agency, portal_id, year)
    if known is not None:  # the same agency printed another way (淮安市洪泽区… / 洪泽区…)
        report = session.scalars(select(Report).where(
            Report.agency_id == known.id, Report.year == year,
            Report.kind == REPORT_KIND)).first()
        if report is not None:
            return report, False
    if portal_id is not None:
        for other in session.scalars(select(Report).where(
                Report.portal_id == portal_id, Report.year == year, Report.kind == REPORT_KIND)):
            if same_agency_with_region_prefix(key, other.agency_key):
                return other, False
    created = insert_ignore(session, Report, dict(
        agency=agency, agency_key=key, year=year, kind=REPORT_KIND, portal_id=portal_id,
        identity_rule=rule, created_at=at, status="online"), ["agency_key", "year", "kind"])
    report = session.scalars(select(Report).where(
        Report.agency_key == key, Report.year == year, Report.kind == REPORT_KIND)).one()
    if created:
        registry.assign_report(report, at=at if isinstance(at, datetime) else None,
                               events=False)
    return report, created
