"""How a crawl went, in words: the kind of each failed fetch, and whether the crawl as a whole
failed (no start URL answered, nothing could be crawled, a portal that had reports yields
none). A failed crawl is recorded as such (it withdraws nothing) and exits non-zero with one
line naming the cause.

    >>> error_kind(None, "ConnectionRefusedError: Connection was refused by other side")
    'connection refused'
    >>> error_kind(404, None)
    'HTTP 404'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Failure texts (Twisted and Scrapy exceptions) -> a kind a user understands. First match wins.
ERROR_KINDS: tuple[tuple[str, str], ...] = (
    (r"^challenge page", "challenge page (WAF)"),
    (r"ConnectionRefused", "connection refused"),
    (r"DNSLookupError|getaddrinfo|Name or service not known", "DNS lookup failed"),
    (r"Timeout|TimedOut|took longer than", "timeout"),
    (r"max redirections|redirect loop", "redirect loop"),
    (r"robots\.txt", "forbidden by robots.txt"),
    (r"larger than download max size|maxsize|exceeded DOWNLOAD_MAXSIZE", "too large"),
    (r"redirect off the allowed domains", "redirected off the portal"),
    (r"SSL|TLS|certificate", "TLS error"),
    (r"ConnectionLost|ConnectionDone|ResponseNeverReceived|ResponseFailed|PotentialDataLoss",
     "connection lost"),
    (r"not a web address|Missing scheme|Unsupported URL scheme", "not a web address"),
)
_KINDS = [(re.compile(p, re.I), kind) for p, kind in ERROR_KINDS]


def error_kind(status: int | None, error: str | None) -> str:
    """The kind of one failed fetch, from its error text or its HTTP status."""
    for regex, kind in _KINDS:
        if error and regex.search(error):
            return kind
    if status:
        return f"HTTP {status}"
    return "error" if error else "ok"


def failed_kinds(stats: dict[str, Any]) -> dict[str, int]:
    """{kind: count} of the crawl's failed fetches, most frequent first."""
    prefix = "nianbao/failed/"
    kinds = {k[len(prefix):]: int(v) for k, v in stats.items() if k.startswith(prefix)}
    return dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))


def adapter_matches(stats: dict[str, Any]) -> dict[str, int]:
    """{adapter: pages} of the list adapters that found items or further pages, per page."""
    prefix = "nianbao/adapter/"
    return {k[len(prefix):]: int(v) for k, v in sorted(stats.items()) if k.startswith(prefix)}


def traps(stats: dict[str, Any]) -> dict[str, int]:
    """{rule: count} of the traps the crawl cut (calendars, stale lists, endless lists)."""
    prefix = "nianbao/traps/"
    out = {k[len(prefix):]: int(v) for k, v in stats.items() if k.startswith(prefix)}
    dropped = "nianbao/links_dropped/"
    for k, v in stats.items():
        if k.startswith(dropped + "trap."):
            out[k[len(dropped):]] = out.get(k[len(dropped):], 0) + int(v)
    return out


@dataclass(frozen=True)
class Outcome:
    """A crawl's verdict: the run status to record and, for a failure, its one-line cause."""

    status: str  # finished, partial, interrupted, failed
    cause: str | None = None

    @property
    def failed(self) -> bool:
        return self.status == "failed"


#: Run status by Scrapy's close reason. Only "finished" means the whole portal was walked, so
#: only then can a report's absence withdraw it; a crawl stopped at --max-pages is partial.
FINISH_STATUS = {"finished": "finished", "shutdown": "interrupted", "max_pages": "partial",
                 "closespider_pagecount": "partial", "cancelled": "interrupted"}


def assess(stats: dict[str, Any], reason: str, *, since: int | None = None,
           shared: bool = False) -> Outcome:
    """The outcome of one portal's crawl from its Scrapy stats and close reason. `shared`: one
    of several processes sharing a frontier, which sees only part of the portal and so judges
    only its own start."""
    status = FINISH_STATUS.get(reason, reason)
    if status != "finished":
        return Outcome(status)
    get = stats.get
    reports = int(get("nianbao/reports") or 0)
    ok_pages = int(get("nianbao/pages_ok") or 0)
    if not get("nianbao/start_ok") and not ok_pages and (get("nianbao/start_error")
                                                          or not shared):
        where = get("nianbao/start_error") or "no start URL was requested"
        return Outcome("failed", f"no start URL could be fetched: {where}")
    if shared:
        return Outcome("partial" if get("nianbao/budget_exhausted") or since else "finished")
    before = int(get("nianbao/reports_before") or 0)
    if reports == 0 and before and not since:
        return Outcome("failed", f"no report found, though earlier crawls found {before}: the "
                                 "portal may have moved or changed its layout (see the log)")
    if reports == 0 and ok_pages <= int(get("nianbao/start_ok") or 0):
        forbidden = int(get("nianbao/ignored") or 0)
        kinds = failed_kinds(stats)
        errors = sum(n for kind, n in kinds.items() if kind != "forbidden by robots.txt")
        if forbidden or errors:
            if forbidden and not errors:
                why = f"robots.txt forbids every page linked from the start ({forbidden})"
            else:
                why = "every page linked from the start failed (" + ", ".join(
                    f"{n} {k}" for k, n in kinds.items()) + ")"
            return Outcome("failed", f"the portal answered but nothing could be crawled: {why}")
    if get("nianbao/budget_exhausted") or since:
        return Outcome("partial")
    return Outcome("finished")
