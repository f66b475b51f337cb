"""OCR of realistic scans: speed (pages/s on one core and on two) and cell accuracy (exact /
null / WRONG), against plain whole-page RapidOCR measured in the same run.

    .venv/bin/python bench/bench_ocr.py --reports 3 --seed 0

Scans come from tests/fixtures/scans.py (`variant(seed + i)`: typeface, 100-300 dpi, tilt,
blur, grain, dust, faint toner, JPEG, seal, phone photo, two-up). Each run happens in its own
subprocess, pinned to one core or allowed two. "nianbao" is `parse_bytes` (parsers/ocr.py:
RapidOCR's boxes placed in the cells rebuilt from the page's ruling lines, every value cell
read again cropped and restricted to figures, unsure values left null, sums confirming); "plain" is whole-page RapidOCR read in line order through the same text
parser (`baseline_record`). WRONG counts cells read as a number other than the printed one.
Pages are read one after another: parsers/ocr.py does not yet spread pages over cores.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def scans_for(reports: int, seed: int) -> list[tuple[str, str, bytes]]:
    """(stem, style, image-only PDF) for `reports` sample reports."""
    from tests.fixtures import make_fixtures as mf
    from tests.fixtures import scans

    docs = mf.samples()
    out = []
    for i in range(reports):
        style = scans.variant(seed + i)
        doc = docs[(seed + i) % len(docs)]
        out.append((doc.stem, repr(style), scans.make(doc, style, seed=seed + i)))
    return out


def baseline_record(pdf: bytes):  # noqa: ANN201
    """Plain whole-page RapidOCR, as a tool without table reading uses it: every page's
    text boxes in reading order (lines by their middle, left to right), two spaces between
    boxes of a line, through the same text parser. No ruling lines, no cell geometry."""
    import numpy as np
    import pypdfium2 as pdfium
    from rapidocr_onnxruntime import RapidOCR

    from parsers import ocr, parse_text

    eng = baseline_record.__dict__.setdefault("eng", RapidOCR())
    doc = pdfium.PdfDocument(pdf)
    lines: list[str] = []
    for page in doc:
        gray = page.render(scale=ocr.DPI / 72, grayscale=True).to_numpy()
        gray = np.ascontiguousarray(gray if gray.ndim == 2 else gray[:, :, 0])
        result, _ = eng(np.dstack([gray] * 3))
        boxes = sorted(((sum(p[1] for p in box) / 4, min(p[0] for p in box), text,
                         max(p[1] for p in box) - min(p[1] for p in box))
                        for box, text, _score in result or []))
        row: list[tuple[float, str]] = []
        mid = None
        for y, x, text, h in boxes:
            if mid is not None and abs(y - mid) > h / 2:
                lines.append("  ".join(t for _, t in sorted(row)))
                row = []
            row.append((x, text))
            mid = y
        if row:
            lines.append("  ".join(t for _, t in sorted(row)))
    n = len(doc)
    doc.close()
    record = parse_text("\n".join(lines))
    record.source = {"ocr_pages": n}
    return record


def worker(approach: str, cores: int, reports: int, seed: int) -> dict:
    """One measurement, in this process: seconds, pages and per-cell outcome."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[:cores]))
    from parsers import parse_bytes, parse_text
    from tests.extract.helpers import cells
    from tests.samples import REPORTS

    items = scans_for(reports, seed)
    read = baseline_record if approach == "baseline" else lambda pdf: parse_bytes(pdf)
    read(items[0][2])  # warm up: models, worker processes
    tally = {"exact": 0, "null": 0, "wrong": 0, "cells": 0}
    wrong = []
    pages = 0
    start = time.perf_counter()
    for stem, _style, pdf in items:
        rec = read(pdf)
        pages += rec.source.get("ocr_pages") or 0
        want = cells(parse_text((REPORTS / f"{stem}.txt").read_text(encoding="utf-8")).tables)
        got = cells(rec.tables)
        for key, value in want.items():
            tally["cells"] += 1
            if got.get(key) == value:
                tally["exact"] += 1
            elif got.get(key) is None:
                tally["null"] += 1
            else:
                tally["wrong"] += 1
                wrong.append(f"{stem}:{key} printed {value} read {got.get(key)}")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "pages": pages, **tally, "wrong_cells": wrong[:10]}


def run(approach: str, cores: int, reports: int, seed: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", approach, str(cores), "--reports", str(reports),
         "--seed", str(seed)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--cores", default="1,2", help="core counts to measure, e.g. 1,2")
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker[0], int(args.worker[1]), args.reports, args.seed)))
        return
    for i, (stem, style, _) in enumerate(scans_for(args.reports, args.seed)):
        print(f"scan {i}: {stem} {style}")
    print(f"{'approach':<10} {'cores':>5} {'pages/s':>8} {'exact':>7} {'null':>6} {'WRONG':>6}")
    for cores in [int(c) for c in args.cores.split(",")]:
        for approach in ("baseline", "nianbao"):
            r = run(approach, cores, args.reports, args.seed)
            print(
                f"{'plain' if approach == 'baseline' else approach:<10} {cores:>5} {r['pages'] / r['seconds']:>8.3f} "
                f"{r['exact']:>4}/{r['cells']:<4} {r['null']:>4} {r['wrong']:>6}",
                flush=True,
            )
            for w in r["wrong_cells"]:
                print(f"    WRONG {w}")


if __name__ == "__main__":
    main()
