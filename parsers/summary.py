"""A record as a few readable lines, for `nianbao parse FILE` without `--json`: what the
report is, how many cells were read, and every failing check."""

from __future__ import annotations

from typing import Any

from parsers.record import Record


def summarize(record: Record | dict[str, Any], name: str | None = None) -> str:
    """Title, format, agency and year; cells read out of cells expected; failing checks."""
    data = record.to_dict() if isinstance(record, Record) else record
    head = name + ": " if name else ""
    lines = [f"{head}{data.get('title') or '(no title)'}",
             f"  format {data.get('format')}, agency {data.get('agency') or '?'}, year {data.get('year') or '?'}"]
    tables = data.get("tables") or {}
    cells = [v for t, table in tables.items() if t != "legacy" for row in table.values()
             for k, v in row.items() if not k.endswith("_unit")]
    if cells:
        read = sum(1 for v in cells if v is not None)
        lines.append(f"  cells read: {read}/{len(cells)} in {', '.join(t for t in tables if t != 'legacy')}")
    if "legacy" in tables:
        lines.append(f"  statistics rows: {len(tables['legacy'])}")
    checks = data.get("checks") or []
    if data.get("format") == "unknown" and not cells:
        lines.append("  not recognised as an information-disclosure annual report")
    elif checks:
        lines.append(f"  failing checks ({len(checks)}):")
        lines += [f"    {c['rule']} at {c['where']}" + (f": {c['detail']}" if c.get("detail") else "") for c in checks]
    else:
        lines.append("  all checks pass")
    return "\n".join(lines)
