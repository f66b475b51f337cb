"""Diff speed: two versions of a full report (200 cells and six sections).

    python bench/bench_diff.py [--n 200]

Times `archive.diffs.diff_records` on records parsed from each sample report (one cell and
one sentence edited), and `archive.reports.diff_versions` reading both versions from a
SQLite archive, against a baseline in the same run: a line diff (difflib.unified_diff) of
the two records' pretty-printed JSON. Target: well under 50 ms per diff.
"""

from __future__ import annotations

import argparse
import difflib
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive import Archive  # noqa: E402
from archive.config import Settings  # noqa: E402
from archive.diffs import diff_records  # noqa: E402
from archive.reports import diff_versions, find_report  # noqa: E402
from bench._samples import sample_files  # noqa: E402
from parsers import parse_text  # noqa: E402


def edit(text: str) -> str:
    """One number and one sentence changed, as an agency's correction would."""
    digits = next(tok for tok in text.split() if tok.isdigit() and tok != "0")
    return text.replace(digits, str(int(digits) + 1), 1).replace("。", "，并已整改。", 1)


def ms(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=20)
    return f"p50 {statistics.median(samples) * 1000:6.2f} ms  p95 {q[18] * 1000:6.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sample_files()]
    pairs = [(parse_text(t).to_dict(), parse_text(edit(t)).to_dict()) for t in texts]

    ours, base = [], []
    for i in range(args.n):
        old, new = pairs[i % len(pairs)]
        t0 = time.perf_counter()
        diff_records(old, new)
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        list(difflib.unified_diff(json.dumps(old, ensure_ascii=False, indent=1).splitlines(),
                                  json.dumps(new, ensure_ascii=False, indent=1).splitlines()))
        base.append(time.perf_counter() - t0)

    loaded = []
    with tempfile.TemporaryDirectory() as tmp:
        arc = Archive.open(Settings.from_env({"NIANBAO_HOME": tmp}))
        t = datetime(2025, 3, 1, tzinfo=UTC)
        for i, text in enumerate(texts):
            url = f"https://bench.example.gov.cn/ndbg/{i}.txt"
            for hours, body in ((0, text), (24, edit(text))):
                arc.ingest(url, status=200, body=body.encode(), role="report",
                           response_headers={"Content-Type": "text/plain; charset=utf-8"},
                           fetched_at=t + timedelta(hours=hours))
        urls = [f"https://bench.example.gov.cn/ndbg/{i}.txt" for i in range(len(texts))]
        for i in range(args.n):
            t0 = time.perf_counter()
            with arc.session() as s:
                diff_versions(s, find_report(s, urls[i % len(urls)]))
            loaded.append(time.perf_counter() - t0)
        arc.close()

    print(f"diff of two versions of a full report, {args.n} runs over {len(pairs)} samples")
    print(f"  diff_records (cells, checks, word-level sections)  {ms(ours)}")
    print(f"  diff_versions from SQLite (lookup + load + diff)   {ms(loaded)}")
    print(f"  baseline: unified_diff of pretty JSON              {ms(base)}")


if __name__ == "__main__":
    main()
