"""Taking data out of the archive: `export(arc, fmt, out_path, filters)`.

| format    | what                                                                    |
|-----------|-------------------------------------------------------------------------|
| `csv`     | one row per report version, one column per cell (UTF-8 with BOM)       |
| `parquet` | the same table with typed columns                                       |
| `xlsx`    | a sheet of reports (Chinese headers) and each report's tables as printed |
| `jsonl`   | full records (docs/record.md) with version metadata, one per line            |
| `warc`    | the raw fetches as WARC/1.1 (request, response and revisit records)     |

Every export is written to a temporary file beside `out_path` and renamed into place
when complete, so an interrupted export never leaves a half-written file behind.

    from archive import Archive
    from archive.exports import export
    from archive.filters import Filters

    with Archive.open() as arc:
        summary = export(arc, "csv", "reports.csv", Filters.parse(["year=2024"]))
        print(summary.line())
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from archive.catalogue.db import Catalogue
from archive.exports.common import (
    ExportError,
    ExportSummary,
    Progress,
    VersionRow,
    count_versions,
    iter_versions,
)
from archive.filters import Filters

#: Export formats and the file suffixes that name them.
FORMATS: dict[str, tuple[str, ...]] = {
    "csv": (".csv",),
    "xlsx": (".xlsx",),
    "jsonl": (".jsonl", ".ndjson"),
    "parquet": (".parquet",),
    "warc": (".warc.gz", ".warc"),
}

def format_for(fmt: str | None, out_path: str | os.PathLike[str]) -> str:
    """The export format: as given, or read from the file name's suffix."""
    if fmt:
        name = fmt.strip().lower()
        if name not in FORMATS:
            raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
        return name
    lower = str(out_path).lower()
    for name, suffixes in FORMATS.items():
        if lower.endswith(suffixes):
            return name
    raise ExportError(f"cannot tell the export format from {str(out_path)!r}; give --format "
                      f"({', '.join(FORMATS)})")


def check_writable(out_path: Path) -> None:
    """Fail early, in one line, when `out_path` cannot be written."""
    parent = out_path.parent
    if out_path.is_dir():
        raise ExportError(f"cannot write {out_path}: it is a directory")
    if not parent.is_dir():
        raise ExportError(f"cannot write {out_path}: no such directory {parent}")
    if not os.access(parent, os.W_OK) or (out_path.exists() and not os.access(out_path, os.W_OK)):
        raise ExportError(f"cannot write {out_path}: permission denied")


def export(cat: Catalogue, fmt: str | None, out_path: str | os.PathLike[str],
           filters: Filters | None = None, progress: Progress | None = None) -> ExportSummary:
    """Write the versions (or, for WARC, the fetches) `filters` choose to `out_path`."""
    path = Path(out_path)
    name = format_for(fmt, path)
    check_writable(path)
    filters = filters or Filters()
    summary = ExportSummary(name, path)
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex[:8]}.part"
    try:
        _writer(name)(cat, Path(tmp), filters, summary, progress)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    summary.bytes = path.stat().st_size
    return summary


Writer = Callable[[Any, Path, Filters, ExportSummary, Progress | None], None]


def _writer(name: str) -> Writer:
    if name == "csv":
        from archive.exports.tabular import write_csv as writer
    elif name == "parquet":
        from archive.exports.tabular import write_parquet as writer
    elif name == "jsonl":
        from archive.exports.tabular import write_jsonl as writer
    elif name == "xlsx":
        from archive.exports.xlsx import write_xlsx as writer
    else:
        from archive.exports.warc import write_warc as writer
    return writer


__all__ = ["FORMATS", "ExportError", "ExportSummary", "VersionRow", "check_writable",
           "count_versions", "export", "format_for", "iter_versions"]
