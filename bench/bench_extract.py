"""Extraction throughput and peak memory, each against a baseline measured in the same run.

    .venv/bin/python bench/bench_extract.py            # all: html, pdf, ofd, ocr
    .venv/bin/python bench/bench_extract.py html pdf   # some

Each measurement runs in its own subprocess pinned to one core, so peak RSS
(`resource.getrusage`) belongs to that measurement alone. Inputs are generated from the
sample reports (tests/fixtures/make_fixtures.py) plus the three real WPS PDFs.
Baselines: BeautifulSoup `get_text()` of the whole page (HTML), pypdfium2 `get_text_range()`
of every page without any table handling (PDF), lxml's text of every page's Content.xml
(OFD: the PDFs converted by tests/extract/ofd_writer.py), and RapidOCR on the rendered page
without rules, deskew or re-reads (OCR).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

MIN_SECONDS = 3.0  # run each case at least this long


def _inputs(kind: str) -> list[bytes]:
    import make_fixtures as mf

    docs = mf.samples()
    if kind == "html":
        return [mf.make_html(d, cms) for d in docs for cms in mf.CMS_TEMPLATES]
    pdfs = [mf.make_pdf(d) for d in docs] + [p.read_bytes() for p in mf.REAL_PDFS]
    if kind == "pdf":
        return pdfs
    if kind == "ofd":  # the same PDFs converted to OFD (tests/extract/ofd_writer.py)
        from tests.extract.ofd_writer import from_pdf

        return [from_pdf(p) for p in pdfs]
    scan = mf.make_scan(pdfs[2], pages=[1, 2], seed=3, as_pdf=False)  # two table pages, as PNG
    return list(scan)  # type: ignore[arg-type]


def _work(kind: str, baseline: bool):  # noqa: ANN202
    if kind == "html" and baseline:
        from bs4 import BeautifulSoup

        return lambda data: BeautifulSoup(data, "lxml").get_text("\n")
    if kind == "pdf" and baseline:
        import pypdfium2 as pdfium

        def raw_text(data: bytes) -> str:
            pdf = pdfium.PdfDocument(data)
            return "".join(page.get_textpage().get_text_range() for page in pdf)

        return raw_text
    if kind == "ofd" and baseline:
        import io
        import zipfile

        from lxml import etree

        def ofd_text(data: bytes) -> str:
            z = zipfile.ZipFile(io.BytesIO(data))
            pages = [n for n in z.namelist() if n.endswith("Content.xml")]
            return "".join("".join(etree.fromstring(z.read(n)).itertext()) for n in pages)

        return ofd_text
    if kind == "ocr" and baseline:
        import io

        import numpy as np
        from PIL import Image

        from parsers.ocr import engine

        return lambda data: engine()(np.asarray(Image.open(io.BytesIO(data)).convert("RGB")))
    from parsers.document import extract

    return lambda data: extract(data)


def measure(kind: str, baseline: bool) -> dict:
    """Run one case in this process; returns items/s and peak RSS."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    inputs = _inputs(kind)
    work = _work(kind, baseline)
    work(inputs[0])  # warm up: imports, models, fonts
    n, start = 0, time.perf_counter()
    while True:
        for data in inputs:
            work(data)
            n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= MIN_SECONDS or kind == "ocr":
            break
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "kind": kind,
        "baseline": baseline,
        "items": n,
        "seconds": elapsed,
        "per_s": n / elapsed,
        "peak_mb": peak_kb / 1024,
    }


UNITS = {"html": "HTML reports/s", "pdf": "text-PDF reports/s", "ofd": "OFD reports/s",
         "ocr": "scanned pages/s (OCR)"}  # fmt: skip


def main(kinds: list[str]) -> None:
    from bench._samples import PDFS, sample_files

    sample_files()  # the inputs are made from these: stop with one line if they are missing
    sample_files(PDFS, "*.pdf")
    print(f"{'case':28} {'ours':>10} {'baseline':>10} {'ratio':>7} {'peak MB':>9} {'base MB':>9}")
    for kind in kinds:
        rows = []
        for baseline in (False, True):
            out = subprocess.run(
                [sys.executable, __file__, "--one", kind, "1" if baseline else "0"],
                capture_output=True, text=True, check=True, env={**os.environ, "OMP_NUM_THREADS": "1"},
            )  # fmt: skip
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        ours, base = rows
        print(
            f"{UNITS[kind]:28} {ours['per_s']:10.2f} {base['per_s']:10.2f} {ours['per_s'] / base['per_s']:7.2f}"
            f" {ours['peak_mb']:9.0f} {base['peak_mb']:9.0f}"
        )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2], sys.argv[3] == "1")))
    else:
        main(sys.argv[1:] or ["html", "pdf", "ofd", "ocr"])
