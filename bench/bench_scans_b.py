"""OCR on the second scan generator (tests/scans_b): per degradation kind, how many table
cells of the scanned reports come back exact, null, or WRONG (a number other than the one
printed), and every wrong cell.

    .venv/bin/python bench/bench_scans_b.py [--n 2] [--seed 0] [--kinds scan,photo] [--numbers both]

--n reports per kind; report i draws real record i mod 5 (tests/fixtures/expected), with
varied numbers on even i by default. Not a timed test: it prints figures and exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parsers import parse_bytes  # noqa: E402
from tests.scans_b import KINDS, generate, judge, table_cells  # noqa: E402
from tests.scans_b.records import pick  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2, help="reports per kind")
    ap.add_argument("--seed", type=int, default=0, help="first seed")
    ap.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated, of: {', '.join(KINDS)}")
    ap.add_argument("--numbers", choices=("real", "varied", "both"), default="both")
    args = ap.parse_args()
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        sys.exit(f"unknown kinds {unknown}; known: {list(KINDS)}")
    header = f"{'kind':<11}{'reports':>8}{'pages':>7}{'cells':>7}{'exact':>7}{'null':>6}{'WRONG':>7}{'exact%':>8}{'seconds':>9}"
    rows, wrong_cells = [], []
    totals = [0, 0, 0, 0, 0, 0, 0.0]
    for k_index, kind in enumerate(kinds):
        t = [0, 0, 0, 0, 0, 0, 0.0]
        for j in range(args.n):
            seed = args.seed + k_index * 1000 + j
            scan = generate(pick(seed, args.numbers), seed, kind)
            started = time.perf_counter()
            try:
                got = table_cells(parse_bytes(scan.data, url=scan.url).to_dict()["tables"])
            except Exception as exc:  # a crash counts every cell as null, and is listed
                print(f"{kind} seed {seed}: parse failed: {exc!r}", file=sys.stderr)
                got = {}
            seconds = time.perf_counter() - started
            verdict = judge(scan.truth, got, scan.ambiguous)
            cells = sum(len(v) for v in verdict.values())
            for i, v in enumerate((1, scan.pages, cells, len(verdict["exact"]), len(verdict["null"]),
                                   len(verdict["wrong"]), seconds)):
                t[i] += v
            wrong_cells += [(kind, seed, *w) for w in verdict["wrong"]]
            print(f"  {kind} seed {seed}: {scan.pages} pages, {len(verdict['exact'])}/{cells} exact, "
                  f"{len(verdict['null'])} null, {len(verdict['wrong'])} wrong, {seconds:.0f}s "
                  f"(dpi {scan.recipe.get('dpi')}, q {scan.recipe.get('jpeg_quality')})", file=sys.stderr, flush=True)
        rows.append((kind, t))
        totals = [a + b for a, b in zip(totals, t, strict=True)]
    print(header)
    for kind, t in rows + [("all", totals)]:
        pct = 100 * t[3] / t[2] if t[2] else 0.0
        print(f"{kind:<11}{t[0]:>8}{t[1]:>7}{t[2]:>7}{t[3]:>7}{t[4]:>6}{t[5]:>7}{pct:>7.1f}%{t[6]:>9.0f}")
    print(f"\nwrong cells ({len(wrong_cells)}): kind, seed, path, truth, got")
    for kind, seed, path, want, have in wrong_cells:
        print(f"  {kind:<11}{seed:>6}  {path:<55} {want!s:>10} {have!s:>10}")


if __name__ == "__main__":
    main()
