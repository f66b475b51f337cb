"""Generated worlds of government portals for measuring discovery (issue 13).

A *world* is a set of portals served by one real HTTP server on 127.0.0.1. Each portal may
span several host names (`www.hzq.gov.cn`, `fgw.hzq.gov.cn`, a street office's site…): every
name resolves to 127.0.0.1 in the crawl process through `LoopbackResolver` (Scrapy's
`DNS_RESOLVER` setting, see `CRAWL_SETTINGS`), and the server answers by the `Host` header.
Names ending in `.invalid` do not resolve, as in real DNS.

A generator is a module with `generate(seed: int, port: int) -> list[Portal]`: deterministic
for a seed, every URL absolute (`http://host:port/...`), each portal knowing its expected
reports. `World.build(generator, seed)` binds the port, generates, and serves.

    with World.build(county, seed=1) as world:
        for portal in world.portals:
            ...crawl portal.home, compare the archive with portal.reports...
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import urlsplit

from crawler.sample_portal.server import Site, SiteHandler

#: Scrapy settings a crawl of a world needs: its host names resolve to 127.0.0.1.
CRAWL_SETTINGS: dict[str, Any] = {"DNS_RESOLVER": "tests.crawler.world.dns.LoopbackResolver"}


@dataclass(frozen=True)
class Report:
    """One annual report a portal publishes. Found when the archive holds a successful fetch of
    every one of `urls` (its page, if it has one, and every file carrying its content) with
    role report, attachment or image."""

    agency: str
    year: int
    urls: frozenset[str]
    where: str = ""  # why it is hard to find ("dept sub-site, 7 clicks, page 2 of a list")


@dataclass
class Portal:
    """One generated portal: where to start, what it holds, what must never be fetched."""

    key: str
    family: str  # trs, hanweb, ucap, gkmlpt, plain, ...
    home: str  # absolute URL of the home page
    sites: dict[str, Site]  # host name (no port) -> its files and routes
    reports: list[Report]
    never: set[str] = field(default_factory=set)  # absolute URLs robots.txt forbids
    lookalikes: set[str] = field(default_factory=set)  # must never be archived as a report
    traps: list[str] = field(default_factory=list)  # e.g. ["calendar", "page"]
    notes: str = ""

    @property
    def hosts(self) -> set[str]:
        return set(self.sites)

    def hits(self) -> list[tuple[str, Any]]:
        """(host, Hit) of every request any of the portal's hosts received."""
        return [(host, hit) for host, site in self.sites.items() for hit in list(site.hits)]

    def clear_hits(self) -> None:
        for site in self.sites.values():
            site.hits.clear()


class Generator(Protocol):
    def generate(self, seed: int, port: int) -> list[Portal]: ...


def url_key(url: str) -> str:
    """`http://Host:port/p?q#f` -> `host/p?q`: how fetched URLs and expected URLs compare."""
    p = urlsplit(url)
    return f"{(p.hostname or '').lower()}{p.path or '/'}" + (f"?{p.query}" if p.query else "")


class WorldServer:
    """One threaded HTTP server on 127.0.0.1 that answers for many host names."""

    def __init__(self) -> None:
        self.sites: dict[str, Site] = {}
        world = self

        class Handler(SiteHandler):
            @property
            def site(self) -> Site:  # type: ignore[override]
                host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
                return world.sites.get(host) or world.unknown

        self.unknown = Site(files={})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.1}, daemon=True,
                                       name="nianbao-world")

    def start(self) -> WorldServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class World:
    portals: list[Portal]
    server: WorldServer

    @classmethod
    @contextmanager
    def build(cls, generator: Generator | Callable[[int, int], list[Portal]],
              seed: int) -> Iterator[World]:
        """Generate the world for `seed` and serve it until the block ends."""
        server = WorldServer()
        gen = getattr(generator, "generate", generator)
        portals = gen(seed, server.port)
        for portal in portals:
            for host, site in portal.sites.items():
                if host in server.sites:
                    raise ValueError(f"host {host} belongs to two portals")
                server.sites[host] = site
        server.start()
        try:
            yield cls(portals, server)
        finally:
            server.stop()
