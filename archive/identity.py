"""Who a report belongs to. Agency names are normalised so that one agency printed two
ways (北关区工信局 on its own site, 北关区工业和信息化局 in the title) files under one key,
while different agencies never share a key: only whole, known suffixes are expanded.
Hand-made decisions (`nianbao report merge/split`) override the rules."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.catalogue.db import insert_ignore
from archive.catalogue.models import IdentityOverride, Report

REPORT_KIND = "gov_info_disclosure"

#: Short forms agencies use for themselves, as a suffix of the name → the full form.
#: One line per abbreviation; only a name's ending is ever replaced.
ABBREVIATIONS: dict[str, str] = {
    "工信局": "工业和信息化局",
    "经信局": "经济和信息化局",
    "发改委": "发展和改革委员会",
    "发改局": "发展和改革局",
    "人社局": "人力资源和社会保障局",
    "住建局": "住房和城乡建设局",
    "市监局": "市场监督管理局",
    "市场监管局": "市场监督管理局",
    "卫健委": "卫生健康委员会",
    "卫健局": "卫生健康局",
    "文旅局": "文化和旅游局",
    "文广旅局": "文化广电和旅游局",
    "文广新局": "文化广电新闻出版局",
    "交通局": "交通运输局",
    "自规局": "自然资源和规划局",
    "应急局": "应急管理局",
    "医保局": "医疗保障局",
    "退役军人局": "退役军人事务局",
    "城管局": "城市管理局",
    "综合执法局": "综合行政执法局",
    "审批局": "行政审批服务局",
    "政数局": "政务服务和数据管理局",
    "大数据局": "大数据管理局",
    "科技局": "科学技术局",
    "教体局": "教育和体育局",
    "农业局": "农业农村局",
    "国资委": "国有资产监督管理委员会",
    "侨办": "侨务办公室",
    "区政府": "区人民政府",
    "县政府": "县人民政府",
    "市政府": "市人民政府",
    "镇政府": "镇人民政府",
    "乡政府": "乡人民政府",
}
_SPACE = re.compile(r"\s+")
_BRACKETS = str.maketrans({"（": "(", "）": ")"})


def fold(agency: str) -> str:
    """NFKC-folded, without whitespace: the name as printed, minus typography."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", agency or "")).translate(_BRACKETS)


def agency_key(agency: str) -> str:
    """The key reports are grouped under (abbreviated suffixes expanded)."""
    return agency_key_with_rule(agency)[0]


def agency_key_with_rule(agency: str) -> tuple[str, str]:
    """The key and the rule that made it, stored with the report so it can be explained."""
    name = fold(agency)
    for short in sorted(ABBREVIATIONS, key=len, reverse=True):
        if name.endswith(short) and len(name) > len(short):
            return name[: -len(short)] + ABBREVIATIONS[short], f"abbreviation {short}→{ABBREVIATIONS[short]}"
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
    return report, created
