"""CSV, Parquet and JSONL: one report version per row (or line), streamed from the
catalogue so a large archive never has to fit in memory."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive.exports.columns import COLUMNS, Column, meta_values, row_values
from archive.exports.common import (
    ExportSummary,
    Progress,
    count_versions,
    iter_versions,
    sources_of,
    spreadsheet_safe,
)
from archive.filters import Filters
from archive.units import in_beijing
from parsers.record import failing_rules

if TYPE_CHECKING:
    from archive.catalogue.db import Catalogue

BATCH = 500


def _csv_value(value: Any) -> Any:
    """A cell of the CSV, which clerks open in a spreadsheet: times as ISO 8601 in Beijing
    time with the offset (2025-03-01T16:10:00+08:00), so they read as the clerk's clock and
    still parse exactly; archived text a spreadsheet would run as a formula opens as text."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return in_beijing(value).isoformat()
    return spreadsheet_safe(value)


def write_csv(arc: Catalogue, out: Path, filters: Filters, summary: ExportSummary,
              progress: Progress | None) -> None:
    """One row per version, UTF-8 with a byte-order mark so Excel reads the Chinese."""
    with arc.session() as s, out.open("w", encoding="utf-8-sig", newline="") as fh:
        total = count_versions(s, filters)
        writer = csv.writer(fh)
        writer.writerow([c.name for c in COLUMNS])
        for row in iter_versions(s, filters, BATCH):
            values = row_values(row.version, row.report, row.region, row.portal)
            writer.writerow([_csv_value(values[c.name]) for c in COLUMNS])
            summary.items += 1
            if progress:
                progress(summary.items, total)


# --------------------------------------------------------------------------- Parquet


def _arrow_type(col: Column) -> Any:
    import pyarrow as pa

    return {"int": pa.int64(), "float": pa.float64(), "str": pa.string(),
            "datetime": pa.timestamp("us", tz="UTC")}[col.type]


def _typed(col: Column, value: Any) -> tuple[Any, bool]:
    """(value in the column's type, whether it fitted); a misfit becomes None."""
    if value is None:
        return None, True
    if col.type == "int":
        if isinstance(value, bool):
            return None, False
        if isinstance(value, int):
            return value, True
        if isinstance(value, float) and value.is_integer():
            return int(value), True
        return None, False
    if col.type == "float":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value), True
        return None, False
    if col.type == "str":
        return str(value), True
    return value, True


def parquet_schema() -> Any:
    import pyarrow as pa

    fields = [pa.field(c.name, _arrow_type(c), metadata={"label": c.label}) for c in COLUMNS]
    return pa.schema(fields, metadata={"generator": "nianbao export"})


def write_parquet(arc: Catalogue, out: Path, filters: Filters, summary: ExportSummary,
                  progress: Progress | None) -> None:
    """The CSV table with typed columns (Int64 counts, float amounts, UTC timestamps); each
    column's Chinese header is kept as field metadata (`label`)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        from archive.exports.common import ExportError

        raise ExportError("Parquet export needs pyarrow: pip install 'nianbao[parquet]'") from None

    schema = parquet_schema()
    misfits = 0
    with arc.session() as s, pq.ParquetWriter(out, schema, compression="zstd") as writer:
        total = count_versions(s, filters)
        columns: dict[str, list[Any]] = {c.name: [] for c in COLUMNS}

        def flush() -> None:
            if columns["report_id"]:
                arrays = [pa.array(columns[c.name], type=_arrow_type(c)) for c in COLUMNS]
                writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
                for values in columns.values():
                    values.clear()

        for row in iter_versions(s, filters, BATCH):
            values = row_values(row.version, row.report, row.region, row.portal)
            for col in COLUMNS:
                value, fits = _typed(col, values[col.name])
                misfits += not fits
                columns[col.name].append(value)
            summary.items += 1
            if len(columns["report_id"]) >= BATCH:
                flush()
            if progress:
                progress(summary.items, total)
        flush()
    if misfits:
        summary.warnings.append(f"{misfits} cell(s) not of their column's type left empty "
                                "(the JSONL export has them as recorded)")


# ----------------------------------------------------------------------------- JSONL


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_jsonl(arc: Catalogue, out: Path, filters: Filters, summary: ExportSummary,
                progress: Progress | None) -> None:
    """One JSON object per line: the version's metadata, its sources and the record exactly
    as stored (`record`, see docs/record.md)."""
    with arc.session() as s, out.open("w", encoding="utf-8", newline="\n") as fh:
        total = count_versions(s, filters)
        pending: list[Any] = []

        def flush() -> None:
            sources = sources_of(s, [r.version.id for r in pending])
            for r in pending:
                line = meta_values(r.version, r.report, r.region, r.portal)
                line.update(failing_rules=failing_rules(r.version.record or {}),
                            version_id=r.version.id, kind=r.report.kind,
                            sources=sources[r.version.id], record=r.version.record)
                fh.write(json.dumps(line, ensure_ascii=False, default=_json_default))
                fh.write("\n")
                summary.items += 1
                if progress:
                    progress(summary.items, total)
            pending.clear()

        for row in iter_versions(s, filters, BATCH):
            pending.append(row)
            if len(pending) >= BATCH:
                flush()
        flush()
