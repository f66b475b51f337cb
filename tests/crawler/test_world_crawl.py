"""Discovery on a generated world, as a user would check it: from each portal's home page
alone, every annual report is archived, nothing else is taken for one, robots.txt is obeyed,
and a second crawl downloads no unchanged body. One portal of every CMS family (and one with a
trap) of a seed the crawler was not tuned on; `bench/bench_discovery.py` crawls whole worlds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crawler.runner import run_crawl
from tests.crawler.conftest import FAST
from tests.crawler.world import CRAWL_SETTINGS, Portal, World, county
from tests.crawler.world.scoring import archived, registry, score

pytestmark = pytest.mark.slow
SEED = 7


def sample(portals: list[Portal]) -> list[Portal]:
    """The first portal of each family, and the first one with a trap."""
    chosen: dict[str, Portal] = {}
    for p in portals:
        chosen.setdefault(p.family, p)
    trapped = next(p for p in portals if p.traps)
    chosen.setdefault("trap", trapped)
    return list({p.key: p for p in chosen.values()}.values())


def test_a_world_crawled_from_home_pages_alone(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    settings: dict[str, Any] = FAST | CRAWL_SETTINGS | {"DOWNLOAD_TIMEOUT": 8}
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "data"))
    with World.build(county, SEED) as world:
        portals = sample(world.portals)
        assert len({p.family for p in portals}) >= 5
        reg = tmp_path / "portals.toml"
        registry(portals, reg)
        monkeypatch.setenv("NIANBAO_PORTALS", str(reg))
        first = run_crawl([p.key for p in portals], settings_overrides=settings,
                          progress=False, parallel=4)
        assert first.ok, first.failures
        seen = {p.key: {(h, x.path + (f"?{x.query}" if x.query else ""))
                        for h, x in p.hits() if x.status == 200} for p in portals}
        scores = {p.key: score(p, archived(tmp_path / "data", first.run_ids[p.key]), p.hits())
                  for p in portals}
        for p in portals:
            p.clear_hits()
        second = run_crawl([p.key for p in portals], settings_overrides=settings,
                           progress=False, parallel=4)
        assert second.ok, second.failures
        again = {p.key: score(p, archived(tmp_path / "data", second.run_ids[p.key]), p.hits(),
                              seen[p.key]) for p in portals}
    for key, s in scores.items():
        assert s.found == s.expected, (key, s.missed)
        assert not s.false, (key, s.false)
        assert not s.violations, (key, s.violations)
        assert first.portals[key]["status"] == "finished", first.portals[key]
    for key, s in again.items():
        assert s.found == s.expected, (key, s.missed)
        assert not s.redownloads, (key, s.redownloads)
        assert not s.violations, (key, s.violations)
