"""Notifications: what a crawl run brought (reports published, changed, withdrawn, restored)
and a portal's change of health, sent to targets named by URL through apprise (webhooks,
email, 企业微信, 钉钉, 飞书 and many more), with retries, every delivery kept in
`notifications`. A failure to notify is recorded and never fails the crawl.

Targets, either or both:

- `NIANBAO_NOTIFY`: apprise URLs separated by spaces (or commas before a URL), each getting
  everything: `NIANBAO_NOTIFY="json://127.0.0.1:9000/hook mailto://user:pass@example.com"`;
- `NIANBAO_NOTIFY_FILE`: a TOML file of targets, each with filters (every filter left out
  passes all; a message must pass each one given, matching any of its values):

      [[targets]]
      url = "dingtalk://TOKEN/"
      portals = ["huaian", "ningbo"]      # portal keys
      agencies = ["洪泽区人民政府"]        # as printed, the registry's name or its key
      regions = ["江苏省淮安市", "3208"]   # on the agency's or the portal's region, or a code prefix
      events = ["published", "changed", "withdrawn", "restored", "health"]

A portal's health change passes the `portals`, `regions` and `events` filters ("health");
a target that names `agencies` gets no health changes.

Settings: `NIANBAO_NOTIFY_ATTEMPTS` (default 3) tries per message, waiting
`NIANBAO_NOTIFY_BACKOFF` seconds (default 2) doubled after each failure. A target that
fails a message for good is not tried again in the same run (its other messages are
recorded as skipped). More than `DIGEST_OVER` report events in one run for one target go
as one digest message.
"""

from __future__ import annotations

import logging
import os
import re
import time
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.catalogue.models import (
    Agency,
    CrawlRun,
    Document,
    Event,
    Notification,
    Portal,
    Report,
    utcnow,
)
from archive.errors import ConfigError
from archive.health import RUN_EVENT_KINDS, Health, run_event_filter
from archive.units import shown_time

if TYPE_CHECKING:
    from archive.catalogue.db import Catalogue

logger = logging.getLogger(__name__)

URLS_VAR = "NIANBAO_NOTIFY"
FILE_VAR = "NIANBAO_NOTIFY_FILE"
ATTEMPTS_VAR = "NIANBAO_NOTIFY_ATTEMPTS"
BACKOFF_VAR = "NIANBAO_NOTIFY_BACKOFF"
#: What a target may filter on, and the event kinds it may ask for.
FILTERS = ("portals", "agencies", "regions", "events")
TOPICS = (*RUN_EVENT_KINDS, "health")
#: More report events than this in one run, for one target, go as one digest.
DIGEST_OVER = 10
#: Lines of a digest that name single events.
DIGEST_LINES = 20
#: A target's URL query carries apprise's options, sometimes secrets: never shown.
_URL_START = re.compile(r"[A-Za-z][\w+.-]*://")
_SPLIT = re.compile(r"\s+|,\s*(?=[A-Za-z][\w+.-]*://)")

#: Sends one message to one URL: (delivered, error text).
Sender = Callable[[str, str, str], tuple[bool, str | None]]


@dataclass(frozen=True)
class Target:
    """A place messages go (an apprise URL) and the filters they must pass."""

    url: str
    portals: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    origin: str = URLS_VAR  # where it was configured, for errors

    @property
    def masked(self) -> str:
        """The URL as it may be shown and stored: secrets starred, options left out."""
        return mask(self.url)

    def wants(self, message: Message) -> bool:
        """Whether a message passes every filter this target gives."""
        if self.events and message.topic not in self.events:
            return False
        if self.portals and message.portal_key not in self.portals:
            return False
        if self.agencies and (message.topic == "health"
                              or not set(self.agencies) & set(message.agency_names)):
            return False
        return not self.regions or any(
            wanted in place or (wanted.isdigit() and code.startswith(wanted))
            for wanted in self.regions for place in message.regions
            for code in (message.region_codes or ("",)))


@dataclass
class Message:
    """One thing to tell: a report event or a portal's health change, with what filters
    look at."""

    topic: str  # an event kind, or "health"
    title: str
    body: str
    portal_id: int | None = None
    portal_key: str | None = None
    event_id: int | None = None
    agency_names: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    region_codes: tuple[str, ...] = ()


@dataclass
class Delivery:
    """What became of one message to one target."""

    target: str  # masked
    title: str
    status: str  # sent, failed
    attempts: int
    error: str | None = None


@dataclass
class Settings:
    """How hard to try: attempts per message and the first wait between them (seconds)."""

    attempts: int = 3
    backoff: float = 2.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        try:
            attempts = int(env.get(ATTEMPTS_VAR) or 3)
            backoff = float(env.get(BACKOFF_VAR) or 2.0)
            if attempts < 1 or backoff < 0:
                raise ValueError
        except ValueError:
            raise ConfigError(f"{ATTEMPTS_VAR} must be a whole number of at least 1 and "
                              f"{BACKOFF_VAR} a number of seconds (0 or more)") from None
        return cls(attempts=attempts, backoff=backoff)


# --- targets --------------------------------------------------------------------------------

def mask(url: str) -> str:
    """A target URL without its secrets: apprise's privacy form (tokens and passwords
    starred), its options dropped."""
    try:
        import apprise

        plugin = apprise.Apprise.instantiate(url)
        shown = plugin.url(privacy=True) if plugin is not None else url
    except Exception:  # noqa: BLE001 - a URL apprise cannot read is still masked below
        shown = url
    parts = urlsplit(shown)
    netloc = parts.netloc
    if "@" in netloc:  # user:password@host -> user:****@host
        cred, _, host = netloc.rpartition("@")
        user = cred.split(":", 1)[0]
        netloc = f"{user}:****@{host}" if ":" in cred else f"{cred}@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


def _usable(url: str, where: str) -> None:
    """A URL apprise can send to, or a one-line error naming where it was configured."""
    import apprise

    if not _URL_START.match(url) or apprise.Apprise.instantiate(url) is None:
        raise ConfigError(f"{where}: {mask(url)!r} is not a notification URL apprise knows "
                          "(e.g. json://host/path, mailto://user:pass@host, dingtalk://TOKEN/;"
                          " see https://github.com/caronc/apprise/wiki)")


def load_targets(env: Mapping[str, str] | None = None) -> list[Target]:
    """The targets `NIANBAO_NOTIFY` and `NIANBAO_NOTIFY_FILE` name (none when neither is
    set); a bad URL, file, filter or event kind is a `ConfigError` naming it."""
    env = os.environ if env is None else env
    targets = [Target(url) for url in _SPLIT.split(env.get(URLS_VAR, "").strip()) if url]
    for t in targets:
        _usable(t.url, URLS_VAR)
    name = env.get(FILE_VAR, "").strip()
    if name:
        targets.extend(read_targets_file(Path(name).expanduser()))
    return targets


def read_targets_file(path: Path) -> list[Target]:
    """The `[[targets]]` of a TOML file (see the module)."""
    where = f"{FILE_VAR}={path}"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read it ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML ({exc})") from None
    entries = data.get("targets")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{where}: no [[targets]] in it (each with url = \"…\")")
    out = []
    for n, entry in enumerate(entries, 1):
        here = f"{where}, target {n}"
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            raise ConfigError(f"{here}: give its url = \"…\" (an apprise URL)")
        unknown = sorted(set(entry) - {"url", *FILTERS})
        if unknown:
            raise ConfigError(f"{here}: unknown key {unknown[0]!r}; a target has url and "
                              f"the filters {', '.join(FILTERS)}")
        _usable(entry["url"], here)
        lists: dict[str, tuple[str, ...]] = {}
        for key in FILTERS:
            value = entry.get(key, [])
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
                raise ConfigError(f"{here}: {key} must be a list of names")
            lists[key] = tuple(str(v).strip() for v in value if str(v).strip())
        bad = [e for e in lists["events"] if e not in TOPICS]
        if bad:
            raise ConfigError(f"{here}: unknown event {bad[0]!r}; events are "
                              f"{', '.join(TOPICS)}")
        out.append(Target(entry["url"], origin=here, **lists))
    return out


# --- messages ---------------------------------------------------------------------------------

def event_message(session: Session, event: Event) -> Message:
    """The message telling one report event."""
    report = session.get(Report, event.report_id)
    assert report is not None
    portal = session.get(Portal, report.portal_id) if report.portal_id else None
    agency = session.get(Agency, report.agency_id) if report.agency_id else None
    doc = session.get(Document, event.document_id) if event.document_id else None
    detail = event.detail or {}
    name = f"{report.agency} {report.year}" if report.year else report.agency
    what = event.kind + (f" (version {detail['number']})" if detail.get("number") else "")
    lines = [f"{name}: {what}", f"when: {shown_time(event.at)}"]
    if portal is not None:
        lines.append(f"portal: {portal.key} ({portal.name})")
    if doc is not None:
        lines.append(f"url: {doc.url}")
    lines.append(f"see: nianbao history {report.id}")
    names = {report.agency} | ({agency.name, agency.key} if agency else set())
    regions = {r for r in (agency.region_path if agency else None,
                           portal.region if portal else None) if r}
    return Message(event.kind, f"[nianbao] {name}: {what}", "\n".join(lines),
                   portal_id=report.portal_id, portal_key=portal.key if portal else None,
                   event_id=event.id, agency_names=tuple(sorted(names)),
                   regions=tuple(sorted(regions)),
                   region_codes=(agency.region_code,) if agency and agency.region_code else ())


def health_message(session: Session, health: Health) -> Message:
    """The message telling a portal's change of health."""
    portal = session.get(Portal, health.portal_id)
    assert portal is not None
    good = session.get(CrawlRun, health.last_good_run_id) if health.last_good_run_id else None
    lines = [f"portal {portal.key} ({portal.name}) is {health.state}, since "
             f"{shown_time(health.since)}"]
    if health.reason:
        lines.append(f"why: {health.reason}")
    lines.append("last good run: " + (f"#{good.id}, {shown_time(good.finished_at)}" if good
                                      else "none"))
    lines.append("see: nianbao health")
    return Message("health", f"[nianbao] portal {portal.key} is {health.state}",
                   "\n".join(lines), portal_id=portal.id, portal_key=portal.key,
                   regions=(portal.region,) if portal.region else ())


def run_messages(session: Session, run: CrawlRun, health: Health | None) -> list[Message]:
    """What a finished run has to tell: its report events (in the order they happened),
    then the portal's change of health when there is one worth telling."""
    out: list[Message] = []
    if run.portal_id is not None:
        events = session.scalars(select(Event).where(*run_event_filter(run))
                                 .order_by(Event.at, Event.id))
        out = [event_message(session, e) for e in events]
    if health is not None and health.newsworthy:
        out.append(health_message(session, health))
    return out


def digest(messages: list[Message]) -> Message:
    """Many report events of one run as one message: counts by kind, then the first lines."""
    counts: dict[str, int] = {}
    for m in messages:
        counts[m.topic] = counts.get(m.topic, 0) + 1
    portal = messages[0].portal_key or "?"
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    lines = [f"portal {portal}: {summary}"] + [m.title.removeprefix("[nianbao] ")
                                               for m in messages[:DIGEST_LINES]]
    if len(messages) > DIGEST_LINES:
        lines.append(f"… and {len(messages) - DIGEST_LINES} more: nianbao changes --since 1d")
    return Message("digest", f"[nianbao] {portal}: {summary}", "\n".join(lines),
                   portal_id=messages[0].portal_id, portal_key=messages[0].portal_key)


# --- sending ----------------------------------------------------------------------------------

def apprise_send(url: str, title: str, body: str) -> tuple[bool, str | None]:
    """Send one message to one apprise URL: (delivered, what apprise said when it failed)."""
    import apprise

    sender = apprise.Apprise()
    if not sender.add(url):
        return False, "not a notification URL apprise knows"
    with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as log:
        ok = bool(sender.notify(body=body, title=title))
    said = " ".join(line.strip() for line in log.getvalue().splitlines() if line.strip())
    return ok, None if ok else (said or "apprise could not deliver it")


def send_with_retries(target: Target, message: Message, settings: Settings,
                      sender: Sender = apprise_send) -> Delivery:
    """Try a message up to `settings.attempts` times, waiting backoff·2ⁿ between tries."""
    error: str | None = None
    for attempt in range(1, settings.attempts + 1):
        try:
            ok, error = sender(target.url, message.title, message.body)
        except Exception as exc:  # noqa: BLE001 - whatever a target does, the run goes on
            ok, error = False, f"{type(exc).__name__}: {exc}"
        if ok:
            return Delivery(target.masked, message.title, "sent", attempt)
        if attempt < settings.attempts and settings.backoff:
            settings.sleep(settings.backoff * 2 ** (attempt - 1))
    return Delivery(target.masked, message.title, "failed", settings.attempts, error)


def deliver(session: Session, targets: Iterable[Target], messages: list[Message],
            settings: Settings, sender: Sender = apprise_send) -> list[Delivery]:
    """Send each target the messages it wants (many report events as one digest) and record
    every delivery in `notifications`. A target that failed for good is not tried again
    here: its remaining messages are recorded as skipped failures."""
    done: list[Delivery] = []
    for target in targets:
        wanted = [m for m in messages if target.wants(m)]
        events = [m for m in wanted if m.topic != "health"]
        if len(events) > DIGEST_OVER:
            wanted = [digest(events)] + [m for m in wanted if m.topic == "health"]
        broken: str | None = None
        for message in wanted:
            if broken is None:
                delivery = send_with_retries(target, message, settings, sender)
                if delivery.status == "failed":
                    broken = delivery.error or "failed"
            else:
                delivery = Delivery(target.masked, message.title, "failed", 0,
                                    f"not tried: the target failed just before ({broken})")
            record(session, delivery, message)
            done.append(delivery)
    return done


def record(session: Session, delivery: Delivery, message: Message) -> Notification:
    """Keep one delivery in `notifications`."""
    topic = message.topic if message.topic in ("health", "test") else "event"
    row = Notification(target=delivery.target, topic=topic, event_id=message.event_id, portal_id=message.portal_id,
                       title=message.title, body=message.body, status=delivery.status,
                       attempts=delivery.attempts, error=delivery.error,
                       sent_at=utcnow() if delivery.status == "sent" else None)
    session.add(row)
    session.flush()
    return row


def notify_run(catalogue: Catalogue, run_id: int, health: Health | None = None, *,
               env: Mapping[str, str] | None = None,
               sender: Sender = apprise_send) -> list[Delivery]:
    """Tell every target what a finished run brought. Never raises: a bad configuration or a
    target that cannot be reached is recorded in `notifications` and logged."""
    try:
        targets = load_targets(env)
        settings = Settings.from_env(env)
    except ConfigError as exc:
        logger.error("notifications not sent: %s", exc)
        try:
            with catalogue.session() as s:
                record(s, Delivery(f"({URLS_VAR} / {FILE_VAR})", f"crawl run #{run_id}",
                                   "failed", 0, str(exc)),
                       Message("event", f"crawl run #{run_id}", str(exc)))
        except Exception:  # noqa: BLE001 - the record is a courtesy; the run goes on
            logger.exception("could not record the notification failure")
        return []
    if not targets:
        return []
    try:
        with catalogue.session() as s:
            run = s.get(CrawlRun, run_id)
            if run is None:
                return []
            messages = run_messages(s, run, health)
        if not messages:
            return []
        with catalogue.session() as s:
            done = deliver(s, targets, messages, settings, sender)
    except Exception:  # noqa: BLE001 - a failure to notify never fails a crawl
        logger.exception("notifications for crawl run #%s failed", run_id)
        return []
    for d in done:
        if d.status == "failed" and d.attempts:
            logger.warning("notification to %s failed after %s attempt(s): %s", d.target,
                           d.attempts, d.error)
    return done


def probe_message() -> Message:
    """The message `nianbao notify test` sends."""
    return Message("test", "[nianbao] test notification",
                   f"A test from nianbao at {shown_time(utcnow())}: this target is reached.")


def send_test(catalogue: Catalogue, env: Mapping[str, str] | None = None,
              sender: Sender = apprise_send) -> list[Delivery]:
    """Send the test message to every target (filters aside) and record each delivery; a
    bad configuration raises its `ConfigError`."""
    targets = load_targets(env)
    settings = Settings.from_env(env)
    message = probe_message()
    out = []
    with catalogue.session() as s:
        for target in targets:
            delivery = send_with_retries(target, message, settings, sender)
            record(s, delivery, message)
            out.append(delivery)
    return out


def recent(session: Session, limit: int = 50) -> list[Notification]:
    """The latest deliveries, newest first."""
    return list(session.scalars(select(Notification).order_by(Notification.id.desc())
                                .limit(limit)))
