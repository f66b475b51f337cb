"""Crawl health: is each portal still yielding its reports, judged after every finished run
from the figures the run stored (`crawl_runs.stats`) against the portal's last good run.

A portal turns unhealthy when a run

- finds no report where the last good run found some (the portal moved or changed layout);
- reads list pages that no longer match the list adapter that read them before (a TRS or
  Hanweb pager gone: `stats["adapters"]`, pages each adapter found items or pages on);
- is forbidden by robots.txt more than before, and finds fewer reports for it;
- is answered by a firewall's block or challenge page (`stats["challenge_pages"]`);
- sees more than a share of its requests fail (`NIANBAO_HEALTH_ERRORS`, default 0.3;
  missing pages, 404 and 410, are report events, not ill health);
- fails outright (no start URL answered), with the crawl's own cause.

It turns healthy again on its own when a later run is fine. An interrupted run says nothing
either way. The state is kept in `portal_health`; `judge` returns it with the state it left
(`was`) when it changed, which is what gets notified.

    >>> problems({"reports_ok": 0, "requests": 40, "failed": {}}, "finished",
    ...          {"reports_ok": 12}, 3)
    ['no report found, where run #3 found 12']
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.catalogue.models import (
    OK_OUTCOMES,
    CrawlRun,
    Event,
    Fetch,
    Portal,
    PortalHealth,
    Report,
    aware,
    utcnow,
)
from archive.errors import ConfigError
from archive.units import in_beijing

#: The setting: the share of a run's requests that may fail before the portal is unhealthy.
ERRORS_VAR = "NIANBAO_HEALTH_ERRORS"
DEFAULT_ERROR_SHARE = 0.3
#: Below this many requests a run's error share says nothing.
MIN_REQUESTS = 5
#: The share of answers that may be challenge pages before the portal is unhealthy (any
#: challenge page is enough when the run found no report).
CHALLENGE_SHARE = 0.1
#: Failed-fetch kinds (crawler.outcome.error_kind) with a rule of their own, or that are
#: news about reports rather than about the crawl.
ROBOTS_KIND = "forbidden by robots.txt"
CHALLENGE_KIND = "challenge page (WAF)"
NOT_ERRORS = frozenset({ROBOTS_KIND, CHALLENGE_KIND, "soft 404", "HTTP 404", "HTTP 410"})
#: Adapters whose silence is no sign of a changed list page (a sitemap is optional).
QUIET_ADAPTERS = frozenset({"sitemap"})
#: Runs that say nothing about health (stopped by the user, or still running).
UNJUDGED_STATUSES = frozenset({"interrupted", "running"})
#: Event kinds a run's figures count.
RUN_EVENT_KINDS = ("published", "changed", "withdrawn", "restored")
#: How states sort in a listing: trouble first.
STATE_ORDER = {"unhealthy": 0, "unknown": 1, "healthy": 2}


@dataclass(frozen=True)
class Health:
    """A portal's crawl health after a judgement; `was` is the state it left, when it
    changed (None when it stayed)."""

    portal_id: int
    state: str
    reason: str | None
    since: datetime
    last_run_id: int | None
    last_good_run_id: int | None
    was: str | None = None

    @property
    def changed(self) -> bool:
        return self.was is not None

    @property
    def newsworthy(self) -> bool:
        """A change people are told about: turning unhealthy, or well again after it (a
        portal's first good run is no news)."""
        return self.changed and (self.state == "unhealthy" or self.was == "unhealthy")


def error_share(env: dict[str, str] | None = None) -> float:
    """The error share threshold from `NIANBAO_HEALTH_ERRORS` (a fraction, 0 < x <= 1)."""
    text = (os.environ if env is None else env).get(ERRORS_VAR, "").strip()
    if not text:
        return DEFAULT_ERROR_SHARE
    try:
        value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
        if not 0 < value <= 1:
            raise ValueError(text)
    except ValueError:
        raise ConfigError(f"{ERRORS_VAR}={text!r} is not a share of requests; give a "
                          "fraction such as 0.3 (or 30%)") from None
    return value


def run_figures(session: Session, run: CrawlRun) -> dict[str, Any]:
    """What the archive knows about a finished run beyond the crawler's counts: the report
    pages and files it reached (`reports_ok`, distinct, answered below 400 or unchanged; a
    403 is kept as the answer it was, but it is no report), the report
    events it caused by kind, the new versions among them, and its duration in seconds."""
    reached = session.scalar(select(func.count(func.distinct(Fetch.document_id))).where(
        Fetch.run_id == run.id, Fetch.role == "report", Fetch.outcome.in_(OK_OUTCOMES),
        func.coalesce(Fetch.status, 200) < 400)) or 0
    events = {kind: n for kind, n in session.execute(
        select(Event.kind, func.count()).where(*run_event_filter(run)).group_by(Event.kind))}
    out: dict[str, Any] = {"reports_ok": int(reached), "events": events,
                           "new_versions": events.get("published", 0)
                           + events.get("changed", 0)}
    if run.finished_at is not None:
        out["duration_s"] = round((aware(run.finished_at) - aware(run.started_at))
                                  .total_seconds(), 1)
    return out


def run_event_filter(run: CrawlRun) -> list[Any]:
    """Conditions on `Event` for the report events a run of a portal caused: events of the
    portal's reports from its start to its end."""
    conds = [Event.kind.in_(RUN_EVENT_KINDS), Event.at >= run.started_at,
             Event.report_id.in_(select(Report.id).where(Report.portal_id == run.portal_id))]
    if run.finished_at is not None:
        conds.append(Event.at <= run.finished_at)
    return conds


def problems(stats: dict[str, Any], status: str, base: dict[str, Any] | None,
             base_run: int | None, *, since: int | None = None,
             share: float = DEFAULT_ERROR_SHARE) -> list[str]:
    """What is wrong with a run, one phrase per problem (none: the run is fine), from its
    stats and status against the stats of the portal's last good run (`base`, run
    `base_run`). `since`: the run asked only for recent years."""
    base = base or {}
    failed: dict[str, int] = {k: int(v) for k, v in (stats.get("failed") or {}).items()}
    base_failed: dict[str, int] = {k: int(v) for k, v in (base.get("failed") or {}).items()}
    requests = int(stats.get("requests") or 0)
    reports = int(stats.get("reports_ok", stats.get("reports")) or 0)
    base_reports = int(base.get("reports_ok", base.get("reports")) or 0)
    earlier = f"run #{base_run}" if base_run else "earlier runs"
    whole = status in ("finished", "failed") and not since
    out: list[str] = []

    forbidden, was_forbidden = failed.get(ROBOTS_KIND, 0), base_failed.get(ROBOTS_KIND, 0)
    if forbidden > was_forbidden and (reports == 0 or reports < base_reports):
        out.append(f"robots.txt now forbids {forbidden} page(s) the crawl wanted"
                   + (f" ({was_forbidden} in {earlier})" if base_run else ""))

    challenged = int(stats.get("challenge_pages") or failed.get(CHALLENGE_KIND) or 0)
    if challenged and (reports == 0 or challenged >= CHALLENGE_SHARE * max(requests, 1)):
        out.append(f"{challenged} of {requests} answer(s) were firewall or challenge pages")

    adapters: dict[str, int] = stats.get("adapters") or {}
    lost = {name: int(n) for name, n in (base.get("adapters") or {}).items()
            if int(n) and name not in QUIET_ADAPTERS and not adapters.get(name)}
    if status in ("finished", "failed") and lost and not challenged:
        out.append("the list pages no longer match the " + ", ".join(
            f"{name} adapter (it read {n} page(s) in {earlier}, none now)"
            for name, n in lost.items()))

    if whole and reports == 0 and base_reports > 0:
        out.append(f"no report found, where {earlier} found {base_reports}")

    errors = {k: n for k, n in failed.items() if k not in NOT_ERRORS}
    if requests >= MIN_REQUESTS and sum(errors.values()) >= share * requests:
        out.append(f"{sum(errors.values())} of {requests} requests failed ("
                   + ", ".join(f"{k} ×{n}" for k, n in errors.items()) + ")")

    unread = int(stats.get("unread") or 0)
    if unread:
        first = (stats.get("unread_reports") or [{}])[0]
        out.append(f"{unread} report document(s) could not be read"
                   + (f" (first: {first.get('url')}: {first.get('why')})" if first else ""))

    if status == "failed" and not out:
        out.append(str(stats.get("cause") or "the crawl failed"))
    return out


def last_finished_run(session: Session, portal_id: int) -> CrawlRun | None:
    """The portal's latest run that has finished, whatever its status."""
    return session.scalars(select(CrawlRun).where(
        CrawlRun.portal_id == portal_id, CrawlRun.finished_at.is_not(None))
        .order_by(CrawlRun.finished_at.desc(), CrawlRun.id.desc()).limit(1)).first()


def baseline(session: Session, record: PortalHealth | None, run: CrawlRun) -> CrawlRun | None:
    """The run to compare `run` with: the portal's last good run, or where health was never
    judged, its latest complete run before this one."""
    if record is not None and record.last_good_run_id and record.last_good_run_id != run.id:
        return session.get(CrawlRun, record.last_good_run_id)
    return session.scalars(select(CrawlRun).where(
        CrawlRun.portal_id == run.portal_id, CrawlRun.id < run.id,
        CrawlRun.status == "finished").order_by(CrawlRun.id.desc()).limit(1)).first()


def judge(session: Session, portal_id: int, *, env: dict[str, str] | None = None) -> Health:
    """Judge a portal's health from its latest finished run and keep it in `portal_health`:
    the state, why, since when, and the runs it rests on. Called after every finished run."""
    record = session.get(PortalHealth, portal_id)
    run = last_finished_run(session, portal_id)
    now = utcnow()
    if record is None:
        record = PortalHealth(portal_id=portal_id, state="unknown", since=now)
        session.add(record)
    before = record.state
    if run is not None and run.status not in UNJUDGED_STATUSES:
        base = baseline(session, record, run)
        found = problems(run.stats or {}, run.status, base.stats if base else None,
                         base.id if base else None, since=(run.args or {}).get("since"),
                         share=error_share(env))
        state = "unhealthy" if found else "healthy"
        record.reason = "; ".join(found) or None
        if not found:
            record.last_good_run_id = run.id
        if state != before:
            record.state, record.since = state, run.finished_at or now
    if run is not None:
        record.last_run_id = run.id
    record.checked_at = now
    session.flush()
    return Health(portal_id, record.state, record.reason, record.since, record.last_run_id,
                  record.last_good_run_id, was=before if record.state != before else None)


@dataclass(frozen=True)
class HealthRow:
    """One portal in the health listing: its state and the runs it rests on."""

    portal: Portal
    state: str
    reason: str | None
    since: datetime | None
    last_run: CrawlRun | None
    last_good_run: CrawlRun | None

    def as_dict(self) -> dict[str, Any]:
        """The row for programs (CLI --json, the API): times ISO 8601 in Beijing time."""
        return {"portal": self.portal.key, "name": self.portal.name,
                "region": self.portal.region, "state": self.state, "reason": self.reason,
                "since": iso(self.since), "last_run": run_dict(self.last_run),
                "last_good_run": run_dict(self.last_good_run)}


def iso(when: datetime | None) -> str | None:
    return None if when is None else in_beijing(when).isoformat()


def run_dict(run: CrawlRun | None) -> dict[str, Any] | None:
    """A run in brief: id, status, when it finished, the reports it reached, its cause."""
    if run is None:
        return None
    stats = run.stats or {}
    return {"id": run.id, "status": run.status, "finished_at": iso(run.finished_at),
            "reports": stats.get("reports_ok", stats.get("reports")),
            "cause": stats.get("cause")}


def health_rows(session: Session, *, every: bool = False) -> list[HealthRow]:
    """Portals by health, unhealthy first (longest ill first), then unknown, then healthy.
    Without `every`, portals never crawled are left out."""
    records = {h.portal_id: h for h in session.scalars(select(PortalHealth))}
    rows = []
    for portal in session.scalars(select(Portal).order_by(Portal.key)):
        h = records.get(portal.id)
        last = session.get(CrawlRun, h.last_run_id) if h and h.last_run_id else \
            last_finished_run(session, portal.id)
        if h is None and last is None and not every:
            continue
        good = session.get(CrawlRun, h.last_good_run_id) if h and h.last_good_run_id else None
        rows.append(HealthRow(portal, h.state if h else "unknown", h.reason if h else None,
                              h.since if h else None, last, good))
    rows.sort(key=lambda r: (STATE_ORDER.get(r.state, 1),
                             aware(r.since).timestamp() if r.since and r.state == "unhealthy"
                             else 0, r.portal.key))
    return rows


def health_counts(rows: list[HealthRow]) -> dict[str, int]:
    """{state: portals} over a listing, in listing order."""
    out = {state: 0 for state in STATE_ORDER}
    for row in rows:
        out[row.state] = out.get(row.state, 0) + 1
    return out
