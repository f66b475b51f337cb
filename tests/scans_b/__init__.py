"""A second, independent generator of scanned annual reports, to measure OCR on scans
nobody tuned on.

    >>> from tests.scans_b import generate
    >>> scan = generate(record, seed=7)             # kind drawn from the seed
    >>> scan = generate(record, seed=7, kind="photo")
    >>> parsers.parse_bytes(scan.data, url=scan.url)  # compare with scan.truth

`render` typesets the record (tests/scans_b/render.py), `degrade` makes it look scanned or
photographed (tests/scans_b/degrade.py, KINDS), and the pages are written as an image-only
PDF (each page a JPEG inside the PDF, by Pillow). `truth` is every table cell of the record
as printed; a cell a handwritten correction made ambiguous is left out of `truth` and listed
in `ambiguous` as (printed, written): either value, or null, is an acceptable reading.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tests.scans_b.degrade import KINDS, scan
from tests.scans_b.records import varied
from tests.scans_b.render import Style, render

#: the PDFs' dates, fixed so that a seed always makes the same bytes
PRINTED = datetime(2025, 1, 20, 9, 0, 0)

__all__ = ["KINDS", "Scan", "generate", "judge", "varied"]


@dataclass
class Scan:
    data: bytes
    media_type: str
    url: str
    truth: dict[str, Any]
    recipe: dict[str, Any]
    pages: int = 0
    ambiguous: dict[str, tuple[Any, Any]] = field(default_factory=dict)


def table_cells(tables: dict[str, Any] | None) -> dict[str, Any]:
    """{"requests.new.total": 585, …}: every cell of a record's tables by dotted path
    (a `legacy` table, a list of rows, has no template cells and is skipped)."""
    return {f"{t}.{r}.{c}": v
            for t, table in (tables or {}).items() if isinstance(table, dict)
            for r, row in table.items() if isinstance(row, dict) for c, v in row.items()}


def generate(record: dict[str, Any], seed: int, kind: str | None = None) -> Scan:
    """The report of `record` printed in a seed's style and degraded the seed's way."""
    rng = random.Random(seed)
    kind = kind or sorted(KINDS)[seed % len(KINDS)]
    style = Style.pick(rng)
    rendered = render(record, style)
    truth = {p: v for p, v in table_cells(record.get("tables")).items() if p in rendered.printed}
    scanned = scan(rendered, kind, rng, truth, record.get("agency") or "")
    for path in scanned.ambiguous:
        truth.pop(path, None)
    buf = io.BytesIO()
    first, *rest = scanned.images
    first.save(buf, format="PDF", save_all=True, append_images=rest, resolution=float(scanned.dpi),
               quality=scanned.quality, creationDate=PRINTED.timetuple(), modDate=PRINTED.timetuple())
    recipe = {**scanned.recipe, "style": style.to_dict(), "pages": len(scanned.images)}
    return Scan(buf.getvalue(), "application/pdf", f"https://www.example.gov.cn/xxgk/ndbg/scan-b-{kind}-{seed}.pdf",
                truth, recipe, len(scanned.images), scanned.ambiguous)


def judge(truth: dict[str, Any], got: dict[str, Any],
          ambiguous: dict[str, tuple[Any, Any]] | None = None) -> dict[str, list[tuple[str, Any, Any]]]:
    """Sort every truth cell into exact / null / wrong: (path, truth, got). A cell left
    null when a number was printed is `null`; any other difference is `wrong`. An
    ambiguous cell is exact when read as either value, null when null, else wrong."""
    out: dict[str, list[tuple[str, Any, Any]]] = {"exact": [], "null": [], "wrong": []}
    for path, want in truth.items():
        have = got.get(path)
        if have == want and (have is None) == (want is None):
            out["exact"].append((path, want, have))
        elif have is None:
            out["null"].append((path, want, have))
        else:
            out["wrong"].append((path, want, have))
    for path, values in (ambiguous or {}).items():
        have = got.get(path)
        bucket = "exact" if have in values else "null" if have is None else "wrong"
        out[bucket].append((path, values, have))
    return out
