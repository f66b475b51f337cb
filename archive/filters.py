"""Structured filters over report versions, shared by search, the web interface, the API
and the exports, so "the 2024 district reports with more than 100 requests" means the same
rows everywhere.

A filter is written as short strings (the CLI's options, the web's query parameters):

    year=2024            years=2020-2024        agency=北仑          region=浙江
    level=county         format=2021            portal=beilun        check=requests.balance
    agency_region=江苏省淮安市                  agency_level=county
    check=any            check=none             all_versions
    requests.new.total>100                      review_litigation.review.corrected>=1
    本年新收政府信息公开申请数量>100            行政复议.结果纠正>=1      本年新收.总计>100

`region` and `level` are the publishing portal's; `agency_region` and `agency_level` are
the agency's own in the registry (`archive.registry`): a name on its region path or a
division-code prefix, and its region's level.

A cell is named by its path or by its printed row and column labels (see `parsers.cells`:
any part of a label will do if the name fits one cell; a row alone means its 总计). A name
that is no cell is an error naming the nearest cells, never a filter that matches nothing.

`Filters.parse(strings)` reads them; `select_versions(session, filters)` turns them into one
SQL query (cell comparisons included, via SQLite json_extract / PostgreSQL jsonb) that works
on both catalogue backends.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from sqlalchemy import (
    Float,
    Select,
    and_,
    case,
    cast,
    exists,
    func,
    literal_column,
    select,
    true,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from archive.agencies.regions import LEVELS
from archive.catalogue.models import Agency, CheckResult, Portal, Report, ReportVersion
from archive.errors import NianbaoError
from parsers.cells import CellNameError, resolve
from parsers.checks import RULES

#: Rules a `check=` filter can name, and the record formats a `format=` filter can.
RULE_NAMES = tuple(rule.name for rule in RULES)
RECORD_FORMATS = ("2021", "2019", "legacy", "unknown")
#: The most filters one search takes: each is a condition of one SQL statement, and a few
#: hundred exceed what a database parses ("Expression tree is too large" on SQLite).
MAX_FILTERS = 50
#: The years a report can cover; any other number names no report year.
FIRST_YEAR, LAST_YEAR = 1900, 2200


class FilterError(NianbaoError):
    """A filter string that cannot be read; the message names the filter and the fix."""


#: Tables whose cells can be compared, and how deep a cell path goes below `tables`.
CELL_TABLES = ("active_disclosure", "requests", "review_litigation")
OPERATORS = (">=", "<=", "!=", "==", "=", ">", "<")
#: NAME OP VALUE; a name is a key (year), a cell path or a cell's printed labels.
_CMP = re.compile(r"^\s*([^<>=!]+?)\s*(>=|<=|!=|==|=|>|<)\s*(.*?)\s*$")
_NAME = re.compile(r"^[A-Za-z_]\w*$", re.ASCII)
_PATHLIKE = re.compile(r"^[\w.]+$", re.ASCII)
#: Where the cells' names are listed (said in every unknown-cell message).
CELLS_HINT = "`nianbao cells` lists every cell"
#: `check=` values that are not rule names.
CHECK_ANY, CHECK_NONE = "any", "none"


@dataclass(frozen=True)
class CellFilter:
    """A comparison on one table cell of the record: `requests.new.total > 100`."""

    path: tuple[str, ...]  # below `tables`: (table, row, column)
    op: str  # one of > >= < <= = !=
    value: float

    @classmethod
    def parse(cls, text: str) -> CellFilter:
        """Read `requests.new.total>100` (a `tables.` prefix is allowed) or the same cell
        by its labels, `本年新收.总计>100`."""
        m = _CMP.match(_fold(text))
        if not m:
            raise FilterError(f"filter {text!r}: expected CELL OP NUMBER, e.g. "
                              "'requests.new.total>100' or '本年新收.总计>100'")
        name, op, raw = m.groups()
        return cls(cell_path(name, text), "=" if op == "==" else op, _number(raw, text))

    def __str__(self) -> str:
        value = int(self.value) if float(self.value).is_integer() else self.value
        return f"{'.'.join(self.path)}{self.op}{value}"

    def holds(self, actual: Any) -> bool:
        """The comparison evaluated in Python (for records already loaded)."""
        if isinstance(actual, bool) or not isinstance(actual, int | float):
            return False
        return _PY_OPS[self.op](actual, self.value)


_PY_OPS = {">": float.__gt__, ">=": float.__ge__, "<": float.__lt__, "<=": float.__le__,
           "=": float.__eq__, "!=": float.__ne__}


def cell_path(name: str, original: str | None = None) -> tuple[str, ...]:
    """A cell's path tuple from its path (`requests.new.total`, `tables.` allowed) or its
    printed labels (`本年新收.总计`); a FilterError naming the nearest cells otherwise."""
    shown = original if original is not None else name
    name = _fold(name).strip()
    if _PATHLIKE.match(name):
        parts = name.split(".")
        if parts and parts[0] == "tables":
            parts = parts[1:]
        if len(parts) != 3 or not all(_NAME.match(p) for p in parts):
            raise FilterError(f"filter {shown!r}: a cell is TABLE.ROW.COLUMN, e.g. "
                              "'requests.new.total' or 'review_litigation.review.corrected', "
                              f"or its labels, e.g. '本年新收.总计'; {CELLS_HINT}")
        if parts[0] not in CELL_TABLES:
            raise FilterError(f"filter {shown!r}: unknown table {parts[0]!r}; "
                              f"use one of {', '.join(CELL_TABLES)}; {CELLS_HINT}")
    try:
        return tuple(resolve(name).path.split("."))
    except CellNameError as exc:
        raise FilterError(f"filter {shown!r}: {exc}; {CELLS_HINT}") from None


@dataclass
class Filters:
    """What to select besides the text query. Empty filters select every report's latest
    version; `all_versions` selects earlier versions too."""

    year: int | None = None
    years: tuple[int, int] | None = None  # inclusive range
    agency: str | None = None  # substring of the agency name
    region: str | None = None  # substring of the portal's region
    level: str | None = None  # the portal's level, exactly
    format: str | None = None  # record format: 2021, 2019, legacy, unknown
    portal: str | None = None  # portal key
    check: str | None = None  # a rule name, "any" or "none"
    agency_region: str | None = None  # the registry agency's region: path name or code prefix
    agency_level: str | None = None  # the registry agency's level: province … township
    where: list[CellFilter] = field(default_factory=list)
    all_versions: bool = False

    # --- reading -----------------------------------------------------------------------
    @classmethod
    def parse(cls, items: Iterable[str]) -> Filters:
        """Filters from strings such as `year=2024`, `check=any`, `requests.new.total>100`;
        at most MAX_FILTERS of them (counted before any is read)."""
        f = cls()
        items = [item for item in items if item.strip()]
        if len(items) > MAX_FILTERS:
            raise FilterError(f"{len(items)} filters: a search takes at most {MAX_FILTERS}; "
                              "drop some or combine them (year=2020-2024)")
        for item in items:
            text = _fold(item).strip()
            if not text:
                continue
            if text.replace("-", "_") == "all_versions":
                f.all_versions = True
                continue
            m = _CMP.match(text)
            if not m:
                raise FilterError(f"filter {item!r}: expected KEY=VALUE (year=2024) or a cell "
                                  "comparison (requests.new.total>100)")
            name, op, value = m.groups()
            key = name.replace("-", "_")
            if key in _KEYS and op in ("=", "=="):
                f._set(key, value, item)
            elif key in _KEYS:
                raise FilterError(f"filter {item!r}: {key} takes '=', e.g. {key}={_EXAMPLES[key]}")
            elif "." in name or not name.isascii():
                f.where.append(CellFilter.parse(text))
            else:
                near = difflib.get_close_matches(key, sorted(_KEYS), n=1)
                raise FilterError(f"filter {item!r}: unknown filter {name!r}; "
                                  + (f"did you mean {near[0]}? " if near else "")
                                  + f"use one of {', '.join(sorted(_KEYS))} or a cell such "
                                  "as requests.new.total>100 or 本年新收.总计>100")
        f.validate()
        return f

    @classmethod
    def from_options(
        cls,
        *,
        year: int | str | None = None,
        agency: str | None = None,
        region: str | None = None,
        level: str | None = None,
        format: str | None = None,
        portal: str | None = None,
        check: str | None = None,
        where: Iterable[str] = (),
        all_versions: bool = False,
        agency_region: str | None = None,
        agency_level: str | None = None,
    ) -> Filters:
        """Filters from CLI options or web query parameters (`year` may be `2020-2024`)."""
        items = [f"{k}={v}" for k, v in (("year", year), ("agency", agency), ("region", region),
                                          ("level", level), ("format", format),
                                          ("portal", portal), ("check", check),
                                          ("agency_region", agency_region),
                                          ("agency_level", agency_level))
                 if v not in (None, "")]
        f = cls.parse([*items, *where])
        f.all_versions = all_versions
        return f

    def _set(self, key: str, value: str, original: str) -> None:
        if not value:
            raise FilterError(f"filter {original!r}: {key} needs a value, e.g. "
                              f"{key}={_EXAMPLES[key]}")
        if key in ("year", "years"):
            lo, hi = _year_range(value, original)
            if lo == hi:
                self.year, self.years = lo, None
            else:
                self.year, self.years = None, (lo, hi)
        elif key == "all_versions":
            self.all_versions = value.lower() in ("1", "true", "yes", "on")
        else:
            setattr(self, key, value)

    def validate(self) -> None:
        """Raise a FilterError for values that cannot select anything sensible."""
        if self.years is not None and self.years[0] > self.years[1]:
            raise FilterError(f"years {self.years[0]}-{self.years[1]}: the range is backwards")
        if self.check and self.check not in (CHECK_ANY, CHECK_NONE, *RULE_NAMES):
            near = difflib.get_close_matches(self.check, RULE_NAMES, n=3, cutoff=0.5)
            raise FilterError(
                f"filter 'check={self.check}': no such rule"
                + (f"; nearest: {', '.join(near)}" if near else "")
                + "; use any, none or a rule name (docs/record.md lists them)")
        if self.format and self.format not in RECORD_FORMATS:
            raise FilterError(f"filter 'format={self.format}': use one of "
                              f"{', '.join(RECORD_FORMATS)}")
        if self.agency_level and self.agency_level not in AGENCY_LEVELS:
            raise FilterError(f"filter 'agency_level={self.agency_level}': use one of "
                              f"{', '.join(AGENCY_LEVELS)}")

    # --- writing back ------------------------------------------------------------------
    def to_strings(self) -> list[str]:
        """The filter as strings `parse` reads back (for links, exports and logs)."""
        out: list[str] = []
        if self.year is not None:
            out.append(f"year={self.year}")
        if self.years is not None:
            out.append(f"years={self.years[0]}-{self.years[1]}")
        for key in ("agency", "region", "level", "format", "portal", "check", "agency_region",
                    "agency_level"):
            if getattr(self, key):
                out.append(f"{key}={getattr(self, key)}")
        out.extend(str(w) for w in self.where)
        if self.all_versions:
            out.append("all_versions")
        return out

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (for the API and `--json`)."""
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["years"] = list(self.years) if self.years else None
        d["where"] = [str(w) for w in self.where]
        return d

    def __bool__(self) -> bool:
        return bool(self.to_strings())

    def but(self, **changes: Any) -> Filters:
        """A copy with some fields changed (for facet links: "the same, but year=2023")."""
        return replace(self, **changes)


_KEYS = {"year", "years", "agency", "region", "level", "format", "portal", "check",
         "all_versions", "agency_region", "agency_level"}
_EXAMPLES = {"year": "2024", "years": "2020-2024", "agency": "北仑区", "region": "浙江",
             "level": "county", "format": "2021", "portal": "beilun",
             "check": "requests.balance", "all_versions": "true",
             "agency_region": "江苏省淮安市", "agency_level": "county"}
#: The levels of the registry's agencies (their region's), top down.
AGENCY_LEVELS = tuple(LEVELS.values())


def _fold(text: str) -> str:
    """Full-width operators and digits (＞１００) read as ASCII."""
    return unicodedata.normalize("NFKC", text)


def _number(raw: str, original: str) -> float:
    try:
        return float(raw.replace(",", ""))
    except ValueError:
        raise FilterError(f"filter {original!r}: {raw!r} is not a number") from None


def check_year(year: int, option: str = "--year") -> int:
    """`year` if a report can cover it, else a FilterError saying which years can (a huge
    number would otherwise fail in the database or the calendar)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise FilterError(f"{option} {year}: a report year is from {FIRST_YEAR} to {LAST_YEAR}")
    return year


def _year_range(value: str, original: str) -> tuple[int, int]:
    parts = re.split(r"\s*(?:\.\.|-|~|–|—|to)\s*", value.strip())
    try:
        years = [int(p) for p in parts if p]
    except ValueError:
        raise FilterError(f"filter {original!r}: a year is a number (2024) or a range "
                          "(2020-2024)") from None
    if len(years) not in (1, 2) or not all(FIRST_YEAR <= y <= LAST_YEAR for y in years):
        raise FilterError(f"filter {original!r}: a year is a number (2024) or a range "
                          "(2020-2024)")
    return years[0], years[-1]


# --- SQL ---------------------------------------------------------------------------------
def latest_only() -> ColumnElement[bool]:
    """True for a report's newest version."""
    newer = aliased(ReportVersion)
    return ~exists().where(newer.report_id == ReportVersion.report_id,
                           newer.number > ReportVersion.number)


def cell_value(dialect: str, path: tuple[str, ...]) -> ColumnElement[Any]:
    """The record cell at `tables.<path>` as a number, NULL when absent or not a number."""
    if dialect == "postgresql":
        pg_path = "{" + ",".join(("tables", *path)) + "}"
        node = ReportVersion.record.op("#>")(literal_column(f"'{pg_path}'"))
        text = ReportVersion.record.op("#>>")(literal_column(f"'{pg_path}'"))
        return _pg_number(node, text)
    json_path = "$." + ".".join(f'"{p}"' for p in ("tables", *path))
    kind = func.json_type(ReportVersion.record, json_path)
    value = func.json_extract(ReportVersion.record, json_path)
    return case((kind.in_(("integer", "real")), value), else_=None)


def _pg_number(node: ColumnElement[Any], text: ColumnElement[Any]) -> ColumnElement[Any]:
    return case((func.jsonb_typeof(node) == "number", cast(text, Float)), else_=None)


def _compare(value: ColumnElement[Any], op: str, number: float) -> ColumnElement[bool]:
    return {">": value > number, ">=": value >= number, "<": value < number,
            "<=": value <= number, "=": value == number, "!=": value != number}[op]


def conditions(session: Session, filters: Filters) -> list[ColumnElement[bool]]:
    """The WHERE conditions of `filters` over ReportVersion joined to Report."""
    dialect = session.get_bind().dialect.name
    conds: list[ColumnElement[bool]] = []
    if not filters.all_versions:
        conds.append(latest_only())
    if filters.year is not None:
        conds.append(Report.year == filters.year)
    if filters.years is not None:
        conds.append(Report.year.between(*filters.years))
    if filters.agency:
        conds.append(Report.agency.contains(filters.agency, autoescape=True))
    if filters.region or filters.level or filters.portal:
        portal = select(Portal.id).where(Portal.id == Report.portal_id)
        if filters.region:
            portal = portal.where(Portal.region.contains(filters.region, autoescape=True))
        if filters.level:
            portal = portal.where(Portal.level == filters.level)
        if filters.portal:
            portal = portal.where(Portal.key == filters.portal)
        conds.append(portal.exists())
    if filters.agency_region or filters.agency_level:
        agency = select(Agency.id).where(Agency.id == Report.agency_id)
        if filters.agency_region:
            agency = agency.where(agency_in_region(filters.agency_region))
        if filters.agency_level:
            agency = agency.where(Agency.level == filters.agency_level)
        conds.append(agency.exists())
    if filters.format:
        conds.append(record_format(dialect) == filters.format)
    if filters.check:
        failing = select(CheckResult.id).where(CheckResult.version_id == ReportVersion.id)
        if filters.check == CHECK_NONE:
            conds.append(~failing.exists())
        elif filters.check == CHECK_ANY:
            conds.append(failing.exists())
        else:
            conds.append(failing.where(CheckResult.rule == filters.check).exists())
    for w in filters.where:
        conds.append(_compare(cell_value(dialect, w.path), w.op, w.value))
    return conds


def agency_in_region(region: str) -> ColumnElement[bool]:
    """True for a registry agency in `region`: a name on its path (江苏, 淮安市, 江苏省淮安市)
    or a division-code prefix (320800 or 3208 for 淮安市)."""
    text = region.strip()
    if text.isdigit():
        return Agency.region_code.startswith(text.rstrip("0") or text, autoescape=True)
    return Agency.region_path.contains(text, autoescape=True)


def record_format(dialect: str) -> ColumnElement[Any]:
    """The record's `format` as text."""
    if dialect == "postgresql":
        return ReportVersion.record.op("->>")(literal_column("'format'"))
    return func.json_extract(ReportVersion.record, "$.format")


def select_versions(session: Session, filters: Filters) -> Select[tuple[ReportVersion, Report]]:
    """SELECT (ReportVersion, Report) for the versions `filters` choose: each report's latest
    version, or every version with `all_versions`. Order is left to the caller; add columns
    with `.add_columns()` or narrow with `.with_only_columns()`."""
    conds = conditions(session, filters)
    return (select(ReportVersion, Report)
            .join(Report, Report.id == ReportVersion.report_id)
            .where(and_(true(), *conds)))


__all__ = ["AGENCY_LEVELS", "CHECK_ANY", "CHECK_NONE", "CellFilter", "FilterError", "Filters",
           "agency_in_region", "cell_path", "cell_value", "conditions", "latest_only",
           "select_versions"]
