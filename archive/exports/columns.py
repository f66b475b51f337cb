"""The one wide table every tabular export shares (CSV, Parquet, the XLSX overview): one
row per report version, metadata columns first, then one column per table cell by its
dotted path.

Cell columns come from the templates (`parsers.templates`), not from the data, so every
export has the same columns in the same order whatever the filters chose: the 2021
template's cells in printed order, then the 2019 template's extra cells. Free-form legacy
tables (`tables.legacy`) have no fixed cells; they are in the JSONL export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from archive.catalogue.models import Report, ReportVersion
from parsers.record import failing_rules, flatten_cells
from parsers.templates import AMOUNT, REVIEW_GROUPS, TEMPLATE_2019, TEMPLATE_2021, Template


@dataclass(frozen=True)
class Column:
    """One column of the wide table: its name, its Chinese header and its type
    (`int`, `float`, `str` or `datetime`)."""

    name: str
    label: str
    type: str
    cell: bool = False


META_COLUMNS: tuple[Column, ...] = (
    Column("report_id", "报告编号", "int"),
    Column("version", "版本", "int"),
    Column("agency", "机关", "str"),
    Column("year", "年度", "int"),
    Column("format", "格式", "str"),
    Column("title", "标题", "str"),
    Column("region", "地区", "str"),
    Column("portal", "网站", "str"),
    Column("status", "状态", "str"),
    Column("cause", "版本来由", "str"),
    Column("first_seen_at", "首次发现时间", "datetime"),
    Column("last_seen_at", "最后发现时间", "datetime"),
    Column("record_hash", "记录哈希（SHA-256）", "str"),
    Column("parser_version", "解析器版本", "str"),
    Column("source_url", "来源网址", "str"),
    Column("failing_checks", "未通过校验数", "int"),
    Column("failing_rules", "未通过的校验规则", "str"),
)

_GROUP_LABELS = dict(REVIEW_GROUPS)
_SUB_ITEM = re.compile(r"^(?P<group>.*[)）]\s*\S+?)\s+(?P<item>\d\..*)$")


def _row_labels(template: Template) -> dict[tuple[str, str], str]:
    """(table, row or group key) → the row's official label, sub-items (`2.重复申请`)
    prefixed with their group (`(五) 不予处理`) so every label says what it counts."""
    out: dict[tuple[str, str], str] = {}
    for table in template.tables:
        group = ""
        for row in table.rows:
            m = _SUB_ITEM.match(row.label)
            if m:
                group = m.group("group")
            elif row.label[:1].isdigit() and group:
                out[(table.key, row.key)] = f"{group} {row.label}"
                continue
            else:
                group = ""
            out[(table.key, row.key)] = row.label
    return out


def _template_columns(template: Template) -> list[Column]:
    labels = _row_labels(template)
    cols: list[Column] = []
    for table in template.tables:
        for row in table.rows:
            for group, f in row.cells:
                row_label = _GROUP_LABELS.get(group) if table.key == "review_litigation" \
                    else labels[(table.key, row.key)]
                path = f"{table.key}.{group}.{f.key}"
                cols.append(Column(path, f"{row_label}：{f.label}",
                                   "float" if f.kind == AMOUNT else "int", cell=True))
                if f.units:
                    cols.append(Column(f"{path}_unit", f"{row_label}：{f.label}（单位）", "str",
                                       cell=True))
    return cols


def cell_columns() -> tuple[Column, ...]:
    """The 2021 template's cells in printed order, then the 2019 template's extras."""
    seen: dict[str, Column] = {}
    for template in (TEMPLATE_2021, TEMPLATE_2019):
        for col in _template_columns(template):
            seen.setdefault(col.name, col)
    return tuple(seen.values())


CELL_COLUMNS: tuple[Column, ...] = cell_columns()
COLUMNS: tuple[Column, ...] = META_COLUMNS + CELL_COLUMNS


def utc(when: datetime | None) -> datetime | None:
    """A catalogue time as an aware UTC datetime (SQLite hands them back naive)."""
    if when is None:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def meta_values(version: ReportVersion, report: Report, region: str | None,
                portal: str | None) -> dict[str, Any]:
    """The metadata columns of one version."""
    record = version.record or {}
    source = record.get("source") if isinstance(record.get("source"), dict) else {}
    return {
        "report_id": report.id,
        "version": version.number,
        "agency": report.agency,
        "year": report.year,
        "format": record.get("format"),
        "title": record.get("title"),
        "region": region,
        "portal": portal,
        "status": report.status,
        "cause": version.cause,
        "first_seen_at": utc(version.first_seen_at),
        "last_seen_at": utc(version.last_seen_at),
        "record_hash": version.record_hash,
        "parser_version": version.parser_version,
        "source_url": (source or {}).get("url"),
        "failing_checks": len(record.get("checks") or []),
        "failing_rules": "; ".join(failing_rules(record)),
    }


def row_values(version: ReportVersion, report: Report, region: str | None,
               portal: str | None) -> dict[str, Any]:
    """Every column of one version's row; absent cells are None."""
    row = meta_values(version, report, region, portal)
    cells = flatten_cells((version.record or {}).get("tables"))
    for col in CELL_COLUMNS:
        row[col.name] = cells.get(col.name)
    return row
