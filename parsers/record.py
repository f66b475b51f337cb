"""The canonical report record (docs/record.md) as a typed object.

`Record.to_dict()` is the JSON docs/record.md describes, with its two provenance keys:
`parser` (which parser and version made the record) and `source` (what the extraction
layer knows of the document: extractor, media type, URL, publication date...). `Record.from_dict()`
reads it back, so records round-trip through JSON unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parsers.version import PARSER_VERSION

SCHEMA = "nianbao.report/1"
FORMATS = ("2021", "2019", "legacy", "unknown")


def _parser_info() -> dict[str, str]:
    return {"name": "nianbao", "version": PARSER_VERSION}


@dataclass
class Check:
    """One failed consistency rule (or unreadable cell): the rule, where it fails, and a
    short human-readable detail (`580+9 != 587+1`)."""

    rule: str
    where: str
    detail: str | None = None

    def to_dict(self) -> dict[str, str]:
        out = {"rule": self.rule, "where": self.where}
        if self.detail is not None:
            out["detail"] = self.detail
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Check:
        return cls(data["rule"], data["where"], data.get("detail"))


@dataclass
class Record:
    """A parsed report. `tables` and `sections` are plain JSON-ready dicts, shaped as
    docs/record.md describes for the record's `format`."""

    format: str = "unknown"
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    tables: dict[str, Any] = field(default_factory=dict)
    sections: dict[str, Any] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    parser: dict[str, str] = field(default_factory=_parser_info)
    source: dict[str, Any] = field(default_factory=dict)
    schema: str = SCHEMA

    def to_dict(self) -> dict[str, Any]:
        """The record as docs/record.md JSON, keys in its order (provenance keys last)."""
        return {
            "schema": self.schema,
            "format": self.format,
            "title": self.title,
            "agency": self.agency,
            "year": self.year,
            "tables": self.tables,
            "sections": self.sections,
            "checks": [c.to_dict() for c in self.checks],
            "parser": dict(self.parser),
            "source": dict(self.source),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        """Read a record back from its JSON form (unknown extra keys are ignored)."""
        return cls(
            format=data.get("format", "unknown"),
            title=data.get("title"),
            agency=data.get("agency"),
            year=data.get("year"),
            tables=data.get("tables") or {},
            sections=data.get("sections") or {},
            checks=[Check.from_dict(c) for c in data.get("checks") or []],
            parser=dict(data.get("parser") or _parser_info()),
            source=dict(data.get("source") or {}),
            schema=data.get("schema", SCHEMA),
        )

    def failing(self, rule: str) -> list[Check]:
        """The checks of one rule (`record.failing("requests.balance")`)."""
        return [c for c in self.checks if c.rule == rule]


def flatten_cells(tables: dict[str, Any] | None) -> dict[str, Any]:
    """Every table cell by its dotted path (`requests.new.total`); legacy rows by label."""
    out: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(f"{prefix}.{key}" if prefix else key, sub)
        elif isinstance(value, list):
            for i, row in enumerate(value):
                label = row.get("label") if isinstance(row, dict) else None
                walk(f"{prefix}[{label if label else i}]",
                     row.get("values") if isinstance(row, dict) and "values" in row else row)
        else:
            out[prefix] = value

    walk("", tables or {})
    return out


def failing_rules(record: dict[str, Any]) -> list[str]:
    """The rules a record's checks report, each once, in the order they were reported."""
    rules: dict[str, None] = {}
    for check in record.get("checks") or []:
        if isinstance(check, dict) and check.get("rule"):
            rules.setdefault(str(check["rule"]), None)
    return list(rules)
