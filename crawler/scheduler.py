"""`nianbao scheduler`: crawls portals on their schedules (crawler/schedules.py), for as long as
it runs.

APScheduler 3 keeps one job per portal in the archive database (table `scheduler_jobs`, made
by migration 0007), so a restart neither loses nor repeats a due crawl: a crawl that came due
while the scheduler was down runs once when it is back (coalesce, no misfire limit). Each due
crawl runs in a process of its own (`crawler.runner`, in its own session), at most
`max_concurrent` at once, and never two of one portal: the job runs one instance at a time,
the portal's lock file (`$NIANBAO_HOME/locks/crawl-KEY.lock`, the one the cron lines of
`nianbao schedule --print cron` take) must be free, and no run of the portal may be going on
(a `nianbao crawl` started by hand). A crawl that fails, or whose process dies, is recorded
as a failed run and simply runs again at its next due time. SIGTERM (or Ctrl-C) stops the
scheduler: running crawls get `stop_timeout` seconds to finish, are then stopped (SIGTERM,
then SIGKILL) and recorded as interrupted; crawls that were due but waiting for a free slot
run first thing after a restart.

For tests, the schedule's clock can run faster than time (`NIANBAO_SCHEDULER_TIME_SCALE`,
e.g. 3600: a real second is an hour of schedule time) from a given start
(`NIANBAO_SCHEDULER_CLOCK`, an ISO 8601 time): a season of due times passes in seconds. Due
times in the job store and in the scheduler's output are schedule time; crawl runs keep real
times.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from subprocess import Popen
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from filelock import FileLock, Timeout
from sqlalchemy import select

from archive.catalogue.models import SCHEDULER_JOBS_TABLE, CrawlRun, Portal, aware, utcnow
from archive.errors import NianbaoError
from archive.units import BEIJING, shown_time
from crawler.profiles import Profile
from crawler.runner import CrawlSummary, build_spec, follow_child, start_child
from crawler.schedules import Rule, rule_for, trigger_for

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler

    from archive import Archive

#: Settings of the compressed clock (tests only): the speed, and the schedule time at start.
SCALE_VAR, CLOCK_VAR = "NIANBAO_SCHEDULER_TIME_SCALE", "NIANBAO_SCHEDULER_CLOCK"
#: A job's id in the job store: one job per portal.
JOB_PREFIX = "crawl:"
#: A run still marked running after this long is taken for dead (its process was killed).
STALE_RUN = timedelta(hours=12)
#: After `stop_timeout`, how long a crawl asked to stop may take before it is killed.
KILL_AFTER = 15.0


class SchedulerError(NianbaoError):
    """The scheduler cannot start as asked."""


# ------------------------------------------------------------------ the schedule's clock

@dataclass
class Clock:
    """Schedule time: real time, or (tests) time running `scale` times faster from `start`."""

    scale: float = 1.0
    start: datetime | None = None
    _real_start: float = field(default_factory=time.time, repr=False)

    @classmethod
    def from_env(cls) -> Clock:
        """The clock the settings name (real time unless NIANBAO_SCHEDULER_TIME_SCALE)."""
        raw_scale, raw_start = os.environ.get(SCALE_VAR), os.environ.get(CLOCK_VAR)
        try:
            scale = float(raw_scale) if raw_scale else 1.0
            if scale <= 0:
                raise ValueError
        except ValueError:
            raise SchedulerError(f"{SCALE_VAR}={raw_scale!r}: give a positive number (3600: a "
                                 "second is an hour of schedule time), or unset it") from None
        try:
            start = datetime.fromisoformat(raw_start) if raw_start else None
        except ValueError:
            raise SchedulerError(f"{CLOCK_VAR}={raw_start!r}: give an ISO 8601 time such as "
                                 "2025-04-29T23:00:00+08:00, or unset it") from None
        if start is not None and start.tzinfo is None:
            start = start.replace(tzinfo=BEIJING)
        return cls(scale, start)

    @property
    def real(self) -> bool:
        return self.scale == 1.0 and self.start is None

    def now(self, tz: tzinfo | None = None) -> datetime:
        """The schedule's present moment (aware; in `tz`, default UTC)."""
        real_now = time.time()
        if self.real:
            return datetime.fromtimestamp(real_now, tz or UTC)
        start = self.start or datetime.fromtimestamp(self._real_start, UTC)
        moment = start + timedelta(seconds=(real_now - self._real_start) * self.scale)
        return moment.astimezone(tz or UTC)

    def real_seconds(self, schedule_seconds: float) -> float:
        """How long `schedule_seconds` of schedule time take in real time."""
        return schedule_seconds / self.scale


def _install_clock(clock: Clock) -> None:
    """Make APScheduler read the schedule's clock: its scheduler and executor modules ask
    `datetime.now(tz)` and nothing else of `datetime` (APScheduler 3.11); this process is the
    scheduler's own, so the change stays here."""
    if clock.real:
        return
    import apscheduler.executors.base as executors
    import apscheduler.schedulers.base as schedulers

    class ScheduleDatetime(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
            return clock.now(tz)

    schedulers.datetime = ScheduleDatetime  # type: ignore[misc]
    executors.datetime = ScheduleDatetime  # type: ignore[attr-defined]


# ------------------------------------------------------------------ what to schedule

@dataclass(frozen=True)
class Planned:
    """A portal the scheduler crawls, and on which rule."""

    profile: Profile
    rule: Rule

    @property
    def key(self) -> str:
        return self.profile.key

    @property
    def job_id(self) -> str:
        return JOB_PREFIX + self.key

    @property
    def job_name(self) -> str:
        """The rule as the job store remembers it: a job whose name differs is replaced."""
        return f"{self.key}: {self.rule.text} (jitter {self.rule.jitter}s)"


def plan(registry: dict[str, Profile], keys: Sequence[str] = ()) -> list[Planned]:
    """The portals to schedule: `keys`, or every portal `crawl --all` crawls; portals whose
    schedule is "off" are left out (named ones too: their profile says so)."""
    if keys:
        unknown = [k for k in keys if k not in registry]
        if unknown:
            raise SchedulerError(f"unknown portal(s): {', '.join(unknown)}; `nianbao portals` "
                                 "lists them")
        chosen = [registry[k] for k in keys]
    else:
        chosen = [p for p in registry.values() if p.kind != "sample"]
    out = []
    for profile in chosen:
        rule = rule_for(profile.schedule, portal=profile.key)
        if rule is not None:
            out.append(Planned(profile, rule))
    return out


def on_this_machine(profile: Profile) -> bool:
    """True when every start URL is on a loopback address (the sample portal, a test site)."""
    for url in profile.start_urls:
        host = urlsplit(url).hostname or ""
        try:
            if not ipaddress.ip_address(host).is_loopback:
                return False
        except ValueError:
            if host != "localhost":
                return False
    return True


# ------------------------------------------------------------------ the scheduler

@dataclass
class Running:
    """A crawl under way: its process and whether it has been asked to stop."""

    proc: Popen[str]
    started: float
    stopping: bool = False


class CrawlScheduler:
    """The long-running scheduler of `nianbao scheduler` (see the module's docstring)."""

    def __init__(self, arc: Archive, planned: Sequence[Planned], *, max_concurrent: int = 2,
                 stop_timeout: float = 60.0, clock: Clock | None = None,
                 local_settings: dict[str, Any] | None = None,
                 say: Callable[[str], None] | None = None) -> None:
        if max_concurrent < 1:
            raise SchedulerError("--max-concurrent must be 1 or more")
        self.arc = arc
        self.planned = {p.key: p for p in planned}
        self.clock = clock or Clock()
        self.stop_timeout = stop_timeout
        self.local_settings = dict(local_settings or {})
        self._say = say or (lambda line: print(line, flush=True))
        self.max_concurrent = max_concurrent
        self.slots = threading.BoundedSemaphore(max_concurrent)
        self.stopping = threading.Event()
        self.running: dict[str, Running] = {}
        self.waiting: set[str] = set()  # due, waiting for a free slot
        self.missed: set[str] = set()  # due, never started because the scheduler stopped
        self.lock = threading.Lock()
        self.db_lock = threading.Lock()
        self.locks_dir = arc.settings.home / "locks"
        self.aps: BackgroundScheduler | None = None

    # -- output
    def say(self, message: str) -> None:
        """One line of the scheduler's log, stamped with the schedule's time (Beijing)."""
        self._say(f"{shown_time(self.clock.now())}  {message}")

    # -- running
    def run(self, *, install_signals: bool = True) -> None:
        """Schedule, then run due crawls until SIGTERM/SIGINT (or `stop()`)."""
        global ACTIVE
        if install_signals:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: self.stopping.set())
        ACTIVE = self
        self.locks_dir.mkdir(parents=True, exist_ok=True)
        aps = self.aps = self._scheduler()
        aps.start(paused=True)
        try:
            self._sync_jobs(aps)
            for job in sorted(aps.get_jobs(), key=lambda j: j.next_run_time or self.clock.now()):
                key = job.id.removeprefix(JOB_PREFIX)
                self.say(f"{key}: next crawl due {shown_time(job.next_run_time)} "
                         f"({self.planned[key].rule.words})")
            aps.resume()
            self.say(f"scheduler running: {len(self.planned)} portal(s), at most "
                     f"{self.max_concurrent} crawl(s) at once; stop with SIGTERM or "
                     "Ctrl-C")
            while not self.stopping.wait(0.2):
                pass
            self.say("stopping: no new crawls")
            aps.pause()
            self._stop_crawls()
            self._keep_missed(aps)
        finally:
            aps.shutdown(wait=False)
            ACTIVE = None
        self.say("scheduler stopped")

    def stop(self) -> None:
        """Ask the scheduler to stop (what SIGTERM does)."""
        self.stopping.set()

    def _scheduler(self) -> BackgroundScheduler:
        from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MAX_INSTANCES
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
        from apscheduler.schedulers.background import BackgroundScheduler

        clock = self.clock
        _install_clock(clock)

        class ScheduleScheduler(BackgroundScheduler):
            """APScheduler's background scheduler, sleeping in real time between due times
            counted in schedule time."""

            def _process_jobs(self) -> float | None:
                wait = super()._process_jobs()
                return None if wait is None else clock.real_seconds(wait)

        aps = ScheduleScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=self.arc.engine,
                                                     tablename=SCHEDULER_JOBS_TABLE)},
            # A thread per portal: a due crawl waits for one of the `max_concurrent` slots
            # inside its job, so a stop knows which due crawls never started.
            executors={"default": ThreadPoolExecutor(max(1, len(self.planned)))},
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
            timezone=BEIJING)

        def listen(event: Any) -> None:
            key = event.job_id.removeprefix(JOB_PREFIX)
            if event.code == EVENT_JOB_MAX_INSTANCES:
                self.say(f"{key}: due, not started: its previous crawl is still running")
            elif getattr(event, "exception", None) is not None:
                self.say(f"{key}: the scheduled crawl failed in the scheduler: "
                         f"{event.exception}")

        aps.add_listener(listen, EVENT_JOB_MAX_INSTANCES | EVENT_JOB_ERROR)
        return aps

    def _sync_jobs(self, aps: BackgroundScheduler) -> None:
        """One job per planned portal: kept as stored (its next due time with it) when its
        rule is unchanged, else made anew; jobs of portals no longer planned are removed."""
        for job in aps.get_jobs():
            if job.id.startswith(JOB_PREFIX) and job.id.removeprefix(JOB_PREFIX) \
                    not in self.planned:
                aps.remove_job(job.id)
        for item in self.planned.values():
            job = aps.get_job(item.job_id)
            if job is not None and job.name == item.job_name:
                continue
            aps.add_job(scheduled_crawl, trigger=trigger_for(item.rule), args=[item.key],
                        id=item.job_id, name=item.job_name, replace_existing=True)

    # -- one due crawl (in a worker thread of APScheduler's pool)
    def crawl(self, key: str) -> None:
        """Run the due crawl of `key`: wait for a slot, check nothing crawls the portal,
        crawl it in a child process, make sure the run is recorded."""
        with self.lock:
            self.waiting.add(key)
        try:
            while not self.slots.acquire(timeout=0.2):
                if self.stopping.is_set():
                    with self.lock:
                        self.missed.add(key)
                    return
        finally:
            with self.lock:
                self.waiting.discard(key)
        try:
            if self.stopping.is_set():
                with self.lock:
                    self.missed.add(key)
                return
            with self._portal_lock(key) as free:
                busy = self._busy(key) if free else "its lock file is held (another " \
                    "scheduler or a cron line crawls it)"
                if busy:
                    self.say(f"{key}: due, not started: {busy}")
                    return
                self._crawl(key)
        finally:
            self.slots.release()

    @contextmanager
    def _portal_lock(self, key: str) -> Iterator[bool]:
        """The portal's lock file, held while it is crawled; False when someone holds it."""
        lock = FileLock(str(self.locks_dir / f"crawl-{key}.lock"), timeout=0)
        try:
            lock.acquire()
        except Timeout:
            yield False
            return
        try:
            yield True
        finally:
            lock.release()

    def _busy(self, key: str) -> str | None:
        """Why the portal cannot be crawled now (a run of it is going on), or None."""
        since = utcnow() - STALE_RUN
        with self.db_lock, self.arc.session() as s:
            run = s.scalars(select(CrawlRun).join(Portal, Portal.id == CrawlRun.portal_id)
                            .where(Portal.key == key, CrawlRun.status == "running",
                                   CrawlRun.finished_at.is_(None), CrawlRun.started_at >= since)
                            .order_by(CrawlRun.id.desc())).first()
            if run is None:
                return None
            return f"run #{run.id} of this portal, started {shown_time(aware(run.started_at))}, " \
                "is still going on"

    def _crawl(self, key: str) -> None:
        profile = self.planned[key].profile
        overrides = self.local_settings if on_this_machine(profile) else None
        spec = build_spec([key], settings_overrides=overrides)
        launched = utcnow()
        proc = start_child(spec, session=True)
        with self.lock:
            self.running[key] = Running(proc, time.monotonic())
        self.say(f"{key}: crawl started (process {proc.pid})")
        try:
            summary = follow_child(proc, log_file=spec["settings"].get("LOG_FILE"),
                                   progress=False)
        finally:
            with self.lock:
                entry = self.running.pop(key)
        self._settle(key, summary, launched, stopped=entry.stopping)

    def _settle(self, key: str, summary: CrawlSummary, launched: datetime, *,
                stopped: bool) -> None:
        """Make sure the crawl left a closed run, and say how it went: a process that died
        before recording one leaves a failed run; one killed mid-crawl, an interrupted one."""
        with self.db_lock:
            runs = self._runs_since(key, launched)
            if not runs:
                cause = "; ".join(summary.failures) or \
                    f"crawl process exited with {summary.returncode}"
                profile = self.planned[key].profile
                self.arc.ensure_portal(key, name=profile.name, region=profile.region,
                                       level=profile.level, base_url=profile.base_url)
                run_id = self.arc.start_run(key, args={"scheduled": True})
                self.arc.finish_run(run_id, status="failed",
                                    stats={"cause": cause, "returncode": summary.returncode})
                runs = self._runs_since(key, launched)
            for run in runs:
                if run.status == "running":
                    status = "interrupted" if stopped else "failed"
                    cause = "stopped with the scheduler" if stopped else \
                        f"crawl process exited with {summary.returncode}"
                    figures = summary.portals.get(key) or {}
                    self.arc.finish_run(run.id, status=status, stats={
                        k: v for k, v in figures.items() if k != "closed"} | {"cause": cause})
            runs = self._runs_since(key, launched)
        for run in runs:
            stats = run.stats or {}
            took = (aware(run.finished_at) - aware(run.started_at)).total_seconds() \
                if run.finished_at else summary.elapsed
            if run.status == "failed" or run.status == "interrupted":
                cause = stats.get("cause") or ("stopped before it finished" if stopped
                                               else "see the crawl log")
                self.say(f"{key}: crawl {run.status} (run #{run.id}): {cause}")
            else:
                self.say(f"{key}: crawl {run.status} (run #{run.id}): {stats.get('pages', 0)} "
                         f"pages, {stats.get('reports', 0)} reports in {took:.0f}s")

    def _runs_since(self, key: str, launched: datetime) -> list[CrawlRun]:
        """The portal's runs started since the crawl was launched (its child's)."""
        with self.arc.session() as s:
            runs = list(s.scalars(select(CrawlRun).join(Portal, Portal.id == CrawlRun.portal_id)
                                  .where(Portal.key == key,
                                         CrawlRun.started_at >= launched - timedelta(seconds=1))
                                  .order_by(CrawlRun.id)))
            s.expunge_all()
            return runs

    # -- stopping
    def _stop_crawls(self) -> None:
        """Let running crawls finish for `stop_timeout` seconds, then ask them to stop
        (Scrapy closes gracefully on SIGTERM; the run is recorded as interrupted), and kill
        those still there after KILL_AFTER seconds more."""
        deadline = time.monotonic() + self.stop_timeout
        if self.running:
            self.say(f"waiting up to {self.stop_timeout:.0f}s for {len(self.running)} "
                     f"running crawl(s): {', '.join(sorted(self.running))}")
        while self._busy_threads() and time.monotonic() < deadline:
            time.sleep(0.1)
        with self.lock:
            for key, entry in self.running.items():
                entry.stopping = True
                self.say(f"{key}: stopping its crawl")
                _signal_group(entry.proc, signal.SIGTERM, whole=False)
        deadline = time.monotonic() + KILL_AFTER
        while self._busy_threads() and time.monotonic() < deadline:
            time.sleep(0.1)
        with self.lock:
            for key, entry in self.running.items():
                self.say(f"{key}: killing its crawl")
                _signal_group(entry.proc, signal.SIGKILL, whole=True)
        while self._busy_threads():
            time.sleep(0.1)

    def _busy_threads(self) -> bool:
        with self.lock:
            return bool(self.running or self.waiting)

    def _keep_missed(self, aps: BackgroundScheduler) -> None:
        """Due crawls that never got a slot are due again at once, so a restart runs them
        (each once), as crawls missed while the scheduler was down."""
        for key in sorted(self.missed):
            job = aps.get_job(JOB_PREFIX + key)
            if job is not None:
                job.modify(next_run_time=self.clock.now(BEIJING))
                self.say(f"{key}: was due and waiting; it runs when the scheduler is back")


def _signal_group(proc: Popen[str], sig: int, *, whole: bool) -> None:
    """Send `sig` to the crawl's process (or its whole process group: the crawl and the
    archive process it started)."""
    try:
        if whole:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
    except ProcessLookupError:
        pass


#: The scheduler running in this process (the jobs in the store name `scheduled_crawl`).
ACTIVE: CrawlScheduler | None = None


def scheduled_crawl(key: str) -> None:
    """The job of every portal in the job store: crawl `key` now (a module-level function, so
    the job store can keep a reference to it)."""
    if ACTIVE is None:
        raise RuntimeError("no scheduler is running in this process")
    ACTIVE.crawl(key)


# ------------------------------------------------------------------ what runs next, what ran

@dataclass
class PortalSchedule:
    """One portal's line of `nianbao schedule`."""

    key: str
    rule: Rule | None
    next_due: datetime | None
    stored: bool  # the due time is the scheduler's (job store), not the rule's
    last_started: datetime | None = None
    last_seconds: float | None = None
    last_status: str | None = None
    last_cause: str | None = None


def stored_due_times(arc: Archive) -> dict[str, datetime | None]:
    """{portal key: next due time} of the jobs in the scheduler's job store (None: paused)."""
    from sqlalchemy import Column, Float, MetaData, Table, Unicode

    table = Table(SCHEDULER_JOBS_TABLE, MetaData(), Column("id", Unicode(191)),
                  Column("next_run_time", Float))
    with arc.session() as s:
        rows = s.execute(select(table.c.id, table.c.next_run_time)).all()
    return {job_id.removeprefix(JOB_PREFIX): (datetime.fromtimestamp(when, UTC)
                                             if when is not None else None)
            for job_id, when in rows if job_id.startswith(JOB_PREFIX)}


def schedule_table(arc: Archive, registry: dict[str, Profile], keys: Sequence[str] = (),
                   *, now: datetime | None = None) -> list[PortalSchedule]:
    """Per portal, what runs next and what ran last: the portals in the job store (what
    `nianbao scheduler` runs), or, before it ever ran, what it would run; `keys` narrows."""
    from crawler.schedules import next_due

    now = now or datetime.now(UTC)
    stored = stored_due_times(arc)
    names = list(keys) or (sorted(stored) if stored else [p.key for p in plan(registry)])
    rows = []
    for key in names:
        profile = registry.get(key)
        rule = rule_for(profile.schedule, portal=key) if profile else None
        if key in stored:
            rows.append(PortalSchedule(key, rule, stored[key], True))
        else:
            rows.append(PortalSchedule(key, rule, next_due(rule, now) if rule else None, False))
    last = last_runs(arc, names)
    for row in rows:
        run = last.get(row.key)
        if run is not None:
            row.last_started = aware(run.started_at)
            row.last_status = run.status
            row.last_cause = (run.stats or {}).get("cause")
            if run.finished_at is not None:
                row.last_seconds = (aware(run.finished_at) - aware(run.started_at)
                                    ).total_seconds()
    return rows


def last_runs(arc: Archive, keys: Sequence[str]) -> dict[str, CrawlRun]:
    """The latest crawl run of each portal named."""
    with arc.session() as s:
        rows = s.execute(select(Portal.key, CrawlRun).join(CrawlRun,
                                                           CrawlRun.portal_id == Portal.id)
                         .where(Portal.key.in_(list(keys))).order_by(CrawlRun.id)).all()
        out = {key: run for key, run in rows}
        s.expunge_all()
        return out


def nianbao_command() -> str:
    """How cron and systemd should call nianbao: this installation's script, by full path."""
    script = Path(sys.argv[0])
    if script.name == "nianbao" and script.exists():
        return str(script.resolve())
    import shutil

    found = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or \
        shutil.which("nianbao")
    return found or f"{sys.executable} -c 'from archive.cli.main import main; main()'"
