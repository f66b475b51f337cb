"""What the spider hands to the pipeline: one `FetchItem` per response (or failed request)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class FetchItem:
    """One HTTP exchange, as `archive.ingest` records it. `body_digest` is the digest of the
    request's body (`crawler.resume.body_digest`, None without a body): with the method and
    the original URL it makes the exchange key, stable within a run, so a resumed crawl
    records each exchange once."""

    url: str
    status: int | None
    body: bytes | None = None
    request_headers: dict[str, str] = field(default_factory=dict)
    response_headers: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    fetched_at: datetime | None = None
    final_url: str | None = None
    error: str | None = None
    role: str = "other"
    parent_url: str | None = None
    decision: dict[str, Any] | None = None
    body_digest: str | None = None
    is_html: bool = False
    probe: bool = False  # a guessed address (/sitemap.xml): its absence is no failure

    @property
    def is_report(self) -> bool:
        return bool(self.decision and self.decision.get("is_report"))
