"""Reader accuracy on text laid out the ways other tools lay it out: for every layout of
tests/parsers/renderings.py, the sample records rendered with N seeds, parsed back and
compared cell by cell (exact, null where a number was printed, WRONG number).

    .venv/bin/python bench/bench_renderings.py [--seeds 5] [--layout NAME ...] [--examples 3]

Not a timed test: it prints the accuracy table and exits 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parsers.text import parse_text  # noqa: E402
from tests.parsers.renderings import LAYOUTS, Tally, measure, sample_records, summary, unavailable  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, default=5, help="renderings per record and layout")
    ap.add_argument("--layout", action="append", choices=list(LAYOUTS),
                    help="only this layout (repeatable); default: all")
    ap.add_argument("--examples", type=int, default=0,
                    help="print this many wrong/null cells per layout")
    args = ap.parse_args()
    records = sample_records()
    tallies: dict[str, Tally | str] = {}
    for name in args.layout or LAYOUTS:
        reason = unavailable(name)
        tallies[name] = reason if reason else measure(name, records, range(args.seeds), parse_text)
    print(f"{len(records)} records x {args.seeds} seeds per layout")
    print(summary(tallies))
    total = [t for t in tallies.values() if isinstance(t, Tally)]
    cells = sum(t.cells for t in total)
    print(f"{'all':<22}{cells:>7}{sum(t.exact for t in total):>7}{sum(t.null for t in total):>6}"
          f"{'':>7}{sum(t.wrong for t in total):>7}")
    if args.examples:
        for name, t in tallies.items():
            if isinstance(t, Tally) and t.examples:
                print(f"\n{name}:")
                for rec, seed, path, want, have in (
                        [e for e in t.examples if e[4] is not None][:args.examples]
                        + [e for e in t.examples if e[4] is None][:args.examples]):
                    print(f"  {rec} seed {seed}: {path} printed {want!r}, read {have!r}")


if __name__ == "__main__":
    main()
