"""Agency-name resolution speed: printed names → agency identities.

    python bench/bench_resolve.py [--n 10000] [--runs 5]

Resolves `n` printed names made from the division table (full region paths with 人民政府 and
教育局, bare county names with 财政局 on their own portal, abbreviated 工信局 on their city's
portal) with `archive.agencies.Resolver`, against a baseline in the same run: the folding and
abbreviation expansion alone (`archive.identity.agency_key_with_rule`, what identity was before
the registry). Loading the division table is timed apart. Target: 10,000 names well under a
second after loading.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.agencies.regions import regions  # noqa: E402
from archive.agencies.resolve import Resolver  # noqa: E402
from archive.identity import agency_key_with_rule  # noqa: E402


def names(n: int) -> list[tuple[str, str | None]]:
    """`n` printed names with the portal region each is read on."""
    tree = regions()
    counties = [c for c, r in tree.by_code.items() if r.level == "county"]
    made: list[tuple[str, str | None]] = []
    for code in counties:
        county = tree.by_code[code].name
        made += [(tree.path(code) + "人民政府", None), (tree.path(code) + "教育局", None),
                 (county + "财政局", code), (county + "工信局", code[:4])]
    return (made * (n // len(made) + 1))[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    started = time.perf_counter()
    tree = regions()
    loaded = time.perf_counter() - started
    batch = names(args.n)
    resolver = Resolver(tree)
    resolver.resolve("洪泽区人民政府")
    ours, base = [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        found = [resolver.resolve(name, region_code=rc) for name, rc in batch]
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        for name, _rc in batch:
            agency_key_with_rule(name)
        base.append(time.perf_counter() - t)
    review = sum(res.review for res in found)
    print(f"division table: {len(tree.by_code):,} divisions loaded in {loaded:.2f} s")
    print(f"resolver:  {args.n:,} names in {statistics.median(ours):.3f} s (median of "
          f"{args.runs}; {args.n / statistics.median(ours):,.0f} names/s), {review} left for "
          "review")
    print(f"baseline:  {args.n:,} names in {statistics.median(base):.3f} s (fold + abbreviations "
          f"only; {args.n / statistics.median(base):,.0f} names/s)")


if __name__ == "__main__":
    main()
