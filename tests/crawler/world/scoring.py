"""How well one crawl of a generated portal did: reports found and missed, false reports,
requests, robots violations, re-downloads. Shared by the world tests and
`bench/bench_discovery.py`."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from protego import Protego

from tests.crawler.world import Portal, url_key

UA = "nianbao"


@dataclass
class Score:
    """What one crawl of one portal achieved."""

    expected: int = 0
    found: int = 0
    false: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    requests: int = 0
    violations: list[str] = field(default_factory=list)
    redownloads: list[str] = field(default_factory=list)
    traps: dict[str, int] = field(default_factory=dict)
    status: str = ""
    cause: str = ""

    def add(self, other: Score) -> None:
        self.expected += other.expected
        self.found += other.found
        self.false += other.false
        self.missed += other.missed
        self.requests += other.requests
        self.violations += other.violations
        self.redownloads += other.redownloads


def registry(portals: list[Portal], path: Path) -> None:
    """A NIANBAO_PORTALS file naming each portal by its home page only."""
    lines = []
    for p in portals:
        lines += [f"[portals.{p.key}]", f'name = "{p.key}"', f'start_urls = ["{p.home}"]', ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def archived(home: Path, run_id: int | None) -> list[dict[str, Any]]:
    con = sqlite3.connect(home / "nianbao.sqlite")
    con.row_factory = sqlite3.Row
    rows = [dict(r) for r in con.execute(
        "select url, final_url, role, status, outcome, sha256 from fetches where run_id = ?",
        (run_id,))]
    con.close()
    return rows


def robots_of(portal: Portal) -> dict[str, Protego]:
    return {host: Protego.parse((site.files.get("/robots.txt") or b"").decode("utf-8", "replace"))
            for host, site in portal.sites.items()}


def score(portal: Portal, rows: list[dict[str, Any]], hits: list[tuple[str, Any]],
          first_hits: set[tuple[str, str]] | None = None) -> Score:
    """Score one crawl of one portal from the archive's fetch rows and the server's hits."""
    s = Score(expected=len(portal.reports))
    ok = {}
    for r in rows:
        if r["status"] in (200, 304) and r["role"] in ("report", "attachment", "image"):
            for u in (r["url"], r["final_url"]):
                if u:
                    ok[url_key(u)] = r
    expected_urls = {url_key(u) for rep in portal.reports for u in rep.urls}
    expected_bodies = {ok[k]["sha256"] for k in expected_urls if k in ok and ok[k]["sha256"]}
    for rep in portal.reports:
        if all(url_key(u) in ok for u in rep.urls):
            s.found += 1
        else:
            gone = [u for u in rep.urls if url_key(u) not in ok]
            s.missed.append(f"{rep.agency} {rep.year}: {url_key(gone[0])} ({rep.where})")
    for r in rows:
        k = url_key(r["url"])
        if (r["role"] == "report" and r["status"] == 200 and k not in expected_urls
                and url_key(r["final_url"] or r["url"]) not in expected_urls
                and r["sha256"] not in expected_bodies):
            s.false.append(k)
    robots = robots_of(portal)
    for host, hit in hits:
        s.requests += 1
        path = hit.path + (f"?{hit.query}" if hit.query else "")
        if hit.path != "/robots.txt" and not robots[host].can_fetch(f"http://{host}{path}", UA):
            s.violations.append(f"{host}{path}")
        if (first_hits is not None and hit.status == 200 and hit.validators
                and hit.path != "/robots.txt" and (host, path) in first_hits):
            s.redownloads.append(f"{host}{path}")
    return s


