"""Portal profiles: a declarative registry of where annual reports are published.

The registry is `crawler/portals.toml` (shipped, seeded from
tests/fixtures/samples/portals/real-portals.csv by `crawler/seed_portals.py`) plus any TOML
files named by the `NIANBAO_PORTALS` environment variable or Scrapy setting (paths separated
by the OS path separator); a later file's entry replaces an earlier one with the same key.
One table per portal:

    [portals.beijing-fgw]
    name = "北京市发展和改革委员会"
    region = "北京市"
    level = "provincial-department"
    start_urls = ["https://fgw.beijing.gov.cn/fgwzwgk/zfxxgk/zfxxgknb/"]
    # optional: allowed_domains, adapters, budget, max_depth, cms, hanweb_areas, json_api,
    # first_year, schedule ("season", "off" or "0 2 * * 1": see crawler/schedules.py)

A crawl stays within `allowed_domains`: by default the portal's own site, that is the start
URL's host without `www.`, or the whole registrable domain when the start host is only a
sub-system of it (`xxgk.`, `zwgk.` …: see `SUBSYSTEM_LABELS`), with every sub-site below it
(`fgw.hzq.gov.cn`, `jd.hzq.gov.cn` …). List other hosts in `allowed_domains`.

A crawl also works with nothing but a home page: `profile_for_url(url)` makes one.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from archive.errors import NianbaoError


class UnknownPortalError(NianbaoError, KeyError):
    """A portal key that is not in the registry."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""

PACKAGED = Path(__file__).with_name("portals.toml")
ENV_VAR = "NIANBAO_PORTALS"


@dataclass
class Profile:
    """One portal: who publishes there and where to start."""

    key: str
    name: str
    start_urls: list[str]
    region: str | None = None
    level: str | None = None
    allowed_domains: list[str] = field(default_factory=list)
    adapters: list[str] | None = None
    budget: int | None = None  # pages the crawl may spend walking the portal
    max_depth: int | None = None  # safety bound on navigation depth
    cms: str | None = None
    kind: str | None = None
    evidence: str | None = None
    hanweb_areas: list[str] = field(default_factory=list)
    hanweb_base: str | None = None
    json_api: dict[str, Any] | None = None
    first_year: int | None = None
    schedule: str | None = None  # "season" (default), "off" or crontab fields: crawler.schedules

    def __post_init__(self) -> None:
        if not self.start_urls:
            raise ValueError(f"portal {self.key!r} has no start_urls")
        if self.schedule is not None:
            from crawler.schedules import rule_for

            rule_for(self.schedule, portal=self.key)  # a bad expression fails on loading
        if not self.allowed_domains:
            self.allowed_domains = default_domains(self.start_urls)

    @property
    def base_url(self) -> str:
        p = urlsplit(self.start_urls[0])
        return f"{p.scheme}://{p.netloc}/"

    def with_start_urls(self, urls: Iterable[str]) -> Profile:
        """The same portal started from other URLs (allowed domains follow the URLs)."""
        data = asdict(self)
        data["start_urls"] = list(urls)
        data["allowed_domains"] = sorted(set(default_domains(data["start_urls"])))
        return Profile(**data)


# Host labels that name a sub-system of a portal's site, not another organ's site: a crawl
# started at `xxgk.hzq.gov.cn` belongs to `hzq.gov.cn`. One label a line.
SUBSYSTEM_LABELS = frozenset({
    "www", "xxgk", "zwgk", "zfxxgk", "gk", "gkml", "zw", "zfgk", "open", "wap", "m",
    "www2", "web", "portal", "xxgkml",
})


def site_domain(host: str) -> str:
    """The domain that holds a portal's whole site: the host without sub-system labels, but
    never above the registrable domain (`xxgk.hzq.gov.cn` -> `hzq.gov.cn`; `jtyst.jiangsu.
    gov.cn` stays itself, another organ's site under the province's domain)."""
    host = host.lower().rstrip(".")
    top = registrable(host)
    while "." in host and host.split(".", 1)[0] in SUBSYSTEM_LABELS and host != top:
        host = host.split(".", 1)[1]
    return host


def registrable(host: str) -> str:
    """The registrable domain of a host (public suffix list shipped with tldextract; offline)."""
    global _EXTRACT
    if _EXTRACT is None:
        import tldextract

        _EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    parts = _EXTRACT(host)
    return ".".join(p for p in (parts.domain, parts.suffix) if p) if parts.suffix else host


_EXTRACT: Any = None


def default_domains(urls: Iterable[str]) -> list[str]:
    """The site domains of the URLs (Scrapy's allowed_domains also admit subdomains)."""
    out: list[str] = []
    for url in urls:
        host = site_domain(urlsplit(url).hostname or "")
        if host and host not in out:
            out.append(host)
    return out


def in_domains(url: str, domains: Iterable[str]) -> bool:
    """True when the URL's host is one of `domains` or a subdomain (ports ignored, as Scrapy's
    OffsiteMiddleware does)."""
    host = (urlsplit(url).hostname or "").lower()
    return bool(host) and any(host == d or host.endswith("." + d)
                              for d in (x.lower() for x in domains))


def slug_for_url(url: str) -> str:
    """A portal key for an ad-hoc URL: its host (and port), dots to dashes."""
    p = urlsplit(url)
    host = (p.hostname or "portal").lower().removeprefix("www.")
    host = re.sub(r"\.gov\.cn$", "", host)
    key = re.sub(r"[^a-z0-9]+", "-", host).strip("-")
    return f"{key}-{p.port}" if p.port else key


def profile_for_url(url: str, *, key: str | None = None, name: str | None = None) -> Profile:
    """A profile for a portal known only by one URL (a home page or a column)."""
    return Profile(key=key or slug_for_url(url), name=name or (urlsplit(url).hostname or url),
                   start_urls=[url])


def _fields() -> set[str]:
    return set(Profile.__dataclass_fields__)


def load_file(path: str | Path) -> dict[str, Profile]:
    """Profiles of one TOML file (`[portals.<key>]` tables)."""
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    out: dict[str, Profile] = {}
    known = _fields()
    for key, table in (data.get("portals") or {}).items():
        unknown = set(table) - known
        if unknown:
            raise ValueError(f"{path}: portal {key!r}: unknown keys {sorted(unknown)}")
        out[key] = Profile(key=key, **table)
    return out


def registry_paths(extra: str | Iterable[str] | None = None) -> list[Path]:
    """The packaged registry, then the user's files (setting/argument, then environment)."""
    paths = [PACKAGED]
    for source in (extra, os.environ.get(ENV_VAR)):
        if not source:
            continue
        items = source.split(os.pathsep) if isinstance(source, str) else list(source)
        paths.extend(Path(p).expanduser() for p in items if p)
    return paths


def load_registry(extra: str | Iterable[str] | None = None) -> dict[str, Profile]:
    """All portals, by key."""
    out: dict[str, Profile] = {}
    for path in registry_paths(extra):
        if path.exists():
            out.update(load_file(path))
        elif path != PACKAGED:
            raise FileNotFoundError(f"portal registry {path} not found")
    return out


def get_profile(key: str, extra: str | Iterable[str] | None = None) -> Profile:
    """One portal by key, with a helpful error for a typo."""
    reg = load_registry(extra)
    if key not in reg:
        close = [k for k in reg if key in k or k in key][:5]
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UnknownPortalError(f"unknown portal {key!r}{hint}; `nianbao portals` lists them")
    return reg[key]
