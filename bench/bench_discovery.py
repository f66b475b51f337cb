"""Discovery on generated worlds: does a crawl from each portal's home page alone find every
annual report, and nothing else, politely and without downloading anything twice?

    .venv/bin/python bench/bench_discovery.py [--world county] [--seeds 1 2 3]
                                              [--baseline N] [--only KEY ...]

For each seed, the world (`tests/crawler/world/<world>.py`, a generator written apart from
the crawler) is served on 127.0.0.1 and every portal is crawled from its home page into a
fresh archive, all portals in one crawl process (politeness off, robots.txt obeyed), then
crawled a second time. Printed per portal and in all:

- recall: expected reports found (a report is found when the archive holds a successful
  fetch of every URL it needs, as report, attachment or image);
- false reports: report fetches of pages that are no expected report (same bytes as an
  expected URL excepted: the same report under a second address is no false report);
- requests per report found (every request the portal's hosts received, robots.txt included);
- robots violations: requests for paths the host's robots.txt disallows;
- re-downloads: second-crawl answers with a full body, for static content the first crawl had
  already fetched (robots.txt excepted: it is read afresh each crawl, as it must be);
- traps cut and the crawl's own status and cause.

Baseline, in the same run: the same crawler made unfocused (links with no signal followed as
far as the depth bound allows, `NIANBAO_TUNNEL_HOPS=12`) on the first N portals (`--baseline`,
default 6; 0 for none): what focus saves in requests, at what recall.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from crawler.runner import run_crawl  # noqa: E402
from tests.crawler.world import CRAWL_SETTINGS, Portal, World  # noqa: E402
from tests.crawler.world.scoring import Score, archived, registry, score  # noqa: E402

FAST: dict[str, Any] = {
    "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4, "NIANBAO_RETRY_BACKOFF_BASE": 0.05,
    "DOWNLOAD_TIMEOUT": 8, "RETRY_TIMES": 2, "LOG_LEVEL": "INFO",
} | CRAWL_SETTINGS
console = Console()


def crawl_world(portals: list[Portal], data: Path, settings: dict[str, Any],
                reg: Path) -> tuple[Any, float]:
    os.environ["NIANBAO_HOME"] = str(data)
    os.environ["NIANBAO_PORTALS"] = str(reg)
    started = time.monotonic()
    summary = run_crawl([p.key for p in portals], settings_overrides=settings, progress=True,
                        parallel=4)
    return summary, time.monotonic() - started


def run_seed(world_mod: Any, seed: int, only: list[str], baseline: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with World.build(world_mod, seed) as world, tempfile.TemporaryDirectory() as tmp:
        portals = [p for p in world.portals if not only or p.key in only]
        reg = Path(tmp) / "portals.toml"
        registry(portals, reg)
        first, t1 = crawl_world(portals, Path(tmp) / "a", FAST, reg)
        first_hits = {p.key: {(h, x.path + (f"?{x.query}" if x.query else ""))
                              for h, x in p.hits() if x.status == 200} for p in portals}
        scores1 = {p.key: score(p, archived(Path(tmp) / "a", first.run_ids.get(p.key)),
                                p.hits()) for p in portals}
        for p in portals:
            info = first.portals.get(p.key, {})
            scores1[p.key].traps = info.get("traps") or {}
            scores1[p.key].status = info.get("status") or "?"
            scores1[p.key].cause = info.get("cause") or ""
            p.clear_hits()
        second, t2 = crawl_world(portals, Path(tmp) / "a", FAST, reg)
        scores2 = {p.key: score(p, archived(Path(tmp) / "a", second.run_ids.get(p.key)),
                                p.hits(), first_hits[p.key]) for p in portals}
        out.update(portals=portals, first=scores1, second=scores2, t1=t1, t2=t2,
                   summary=first)
        if baseline:
            sample = portals[:baseline]
            for p in sample:
                p.clear_hits()
            unfocused = FAST | {"NIANBAO_TUNNEL_HOPS": 12}
            base, tb = crawl_world(sample, Path(tmp) / "b", unfocused, reg)
            out["baseline"] = {p.key: score(p, archived(Path(tmp) / "b", base.run_ids.get(p.key)),
                                            p.hits()) for p in sample}
            out["tb"] = tb
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--world", default="county", help="generator module in tests/crawler/world")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--only", nargs="*", default=[], help="portal keys")
    ap.add_argument("--baseline", type=int, default=6, help="portals crawled unfocused too")
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args()
    world_mod = importlib.import_module(f"tests.crawler.world.{args.world}")
    total, total2, base_total = Score(), Score(), Score()
    focused_on_sample = Score()
    walls: list[tuple[float, float]] = []
    missed: list[str] = []
    false: list[str] = []
    for seed in args.seeds:
        r = run_seed(world_mod, seed, args.only, args.baseline)
        walls.append((r["t1"], r["t2"]))
        table = Table(title=f"world {args.world}, seed {seed}: first crawl {r['t1']:.0f}s, "
                            f"second {r['t2']:.0f}s")
        for col in ("portal", "family", "found", "false", "requests", "req/report", "robots",
                    "re-dl", "traps", "status"):
            table.add_column(col)
        for p in r["portals"]:
            s, s2 = r["first"][p.key], r["second"][p.key]
            total.add(s)
            total2.add(s2)
            missed += [f"seed {seed} {p.key}: {m}" for m in s.missed]
            false += [f"seed {seed} {p.key}: {f}" for f in s.false]
            table.add_row(p.key, p.family, f"{s.found}/{s.expected}", str(len(s.false)),
                          str(s.requests), f"{s.requests / max(1, s.found):.1f}",
                          str(len(s.violations)), str(len(s2.redownloads)),
                          ", ".join(f"{k}×{v}" for k, v in s.traps.items()),
                          s.status + (f": {s.cause}" if s.cause else ""))
        console.print(table)
        for key, b in (r.get("baseline") or {}).items():
            base_total.add(b)
            focused_on_sample.add(r["first"][key])
    console.print(f"\n[bold]{args.world} world, seeds {args.seeds}[/]")
    rows = [
        ("recall", f"{total.found}/{total.expected} = {total.found / max(1, total.expected):.1%}"),
        ("false reports", str(len(total.false))),
        ("requests per report found", f"{total.requests / max(1, total.found):.1f}"),
        ("robots violations", str(len(total.violations) + len(total2.violations))),
        ("re-downloads on the second crawl", str(len(total2.redownloads))),
        ("second crawl recall", f"{total2.found}/{total2.expected}"),
        ("wall time, first / second crawl",
         " + ".join(f"{a:.0f}s/{b:.0f}s" for a, b in walls)),
    ]
    if base_total.expected:
        rows.append(("baseline (unfocused) on the same portals",
                     f"recall {base_total.found}/{base_total.expected}, "
                     f"{base_total.requests / max(1, base_total.found):.1f} requests/report "
                     f"(focused: {focused_on_sample.found}/{focused_on_sample.expected}, "
                     f"{focused_on_sample.requests / max(1, focused_on_sample.found):.1f})"))
    for name, value in rows:
        console.print(f"  {name:<40} {value}")
    for label, items in (("missed", missed), ("false reports", false),
                         ("robots violations", total.violations + total2.violations),
                         ("re-downloads", total2.redownloads)):
        if items:
            console.print(f"\n[red]{label}[/] ({len(items)}):")
            for item in items[:40]:
                console.print(f"  {item}", markup=False)
    if args.json:
        Path(args.json).write_text(json.dumps({
            "recall": total.found / max(1, total.expected), "found": total.found,
            "expected": total.expected, "false": len(total.false),
            "requests_per_report": total.requests / max(1, total.found),
            "robots_violations": len(total.violations) + len(total2.violations),
            "redownloads": len(total2.redownloads), "walls": walls,
            "missed": missed, "false_reports": false}, ensure_ascii=False, indent=1))
    ok = (total.found == total.expected and not total.false and not total.violations
          and not total2.violations and not total2.redownloads)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
