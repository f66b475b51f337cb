"""Parser throughput: records per second on one core, over the five sample reports
repeated, next to a baseline measured in the same process (a plain pass that only
splits the same texts into lines and cells and finds their numbers with one regex), so
the figure can be compared across machines.

    .venv/bin/python bench/bench_parse.py [--rounds 200] [--samples DIR]

Not a timed test: it prints figures and exits 0.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._samples import REPORTS, RESTORE, sample_files  # noqa: E402
from parsers.text import parse_text  # noqa: E402

_NUMBER = re.compile(r"\d+")


def baseline(text: str) -> int:
    """The least any parser must do: every line, every cell, every number."""
    found = 0
    for line in text.split("\n"):
        for cell in line.split("\t"):
            found += len(_NUMBER.findall(cell))
    return found


def throughput(func: Callable[[str], object], texts: list[str], rounds: int) -> float:
    """Texts per second: the best of three runs of `rounds` passes over `texts`."""
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(rounds):
            for text in texts:
                func(text)
        runs.append(len(texts) * rounds / (time.perf_counter() - started))
    return max(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=100, help="passes over the samples per run")
    ap.add_argument("--samples", type=Path, default=REPORTS,
                    help="a folder of report texts (*.txt); default: the vendored samples")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    fix = RESTORE if args.samples == REPORTS else "pass --samples DIR, a folder of report texts"
    texts = [p.read_text(encoding="utf-8") for p in sample_files(args.samples, fix=fix)]
    for text in texts:  # warm up imports and caches the way a long crawl would
        parse_text(text)
    sizes = [len(t) for t in texts]
    per_parse = []
    for text in texts:
        started = time.perf_counter()
        parse_text(text)
        per_parse.append((time.perf_counter() - started) * 1000)
    parsed = throughput(parse_text, texts, args.rounds)
    base = throughput(baseline, texts, args.rounds)
    print(f"samples: {len(texts)} texts, {statistics.mean(sizes):.0f} characters on average; "
          f"{args.rounds} rounds, best of 3, one core")
    print(f"parse_text: {parsed:8.0f} records/s  ({1000 / parsed:.2f} ms per record; target >= 300/s)")
    print(f"baseline:   {base:8.0f} texts/s    (split lines and cells, regex for numbers)")
    print(f"parse_text costs {base / parsed:.1f}x the baseline pass")
    print("first parse of each sample (ms): " + ", ".join(f"{ms:.2f}" for ms in per_parse))


if __name__ == "__main__":
    main()
