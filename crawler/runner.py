"""Run crawls from Python (the CLI's `nianbao crawl` / `nianbao demo` call this).

    from crawler.runner import run_crawl
    summary = run_crawl(["beijing"], max_pages=200)
    summary = run_crawl([], urls=["http://127.0.0.1:8765/"])   # any portal by URL

Scrapy's reactor starts once per process, so every crawl runs in a child process
(`python -m crawler.runner --child JSON`); the child prints one JSON line per progress tick
and one per finished portal on stdout, logs go to `$NIANBAO_HOME/logs/`, and the parent draws
a live progress line (pages, reports found, bytes, errors) and returns a `CrawlSummary`.
With `resume=True` each portal keeps a job directory under `$NIANBAO_HOME/jobs/` (see
`crawler.resume`), so a crawl killed at any point continues where it stopped.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from archive.config import Settings
from archive.units import human_size
from crawler.profiles import UnknownPortalError, load_registry

#: The child's progress lines on stdout start with this (anything else printed there is not).
PROGRESS_PREFIX = "@nianbao "
#: The counts a progress line carries, summed over portals in a `CrawlSummary`.
SUMMARY_KEYS = ("pages", "reports", "attachments", "images", "lists", "bytes", "errors",
                "not_modified", "missing", "new_blobs", "requests")


@dataclass
class CrawlSummary:
    """What a crawl did, summed over its portals (and per portal in `portals`)."""

    pages: int = 0
    reports: int = 0
    attachments: int = 0
    images: int = 0
    lists: int = 0
    bytes: int = 0
    errors: int = 0
    not_modified: int = 0
    missing: int = 0
    new_blobs: int = 0
    requests: int = 0
    elapsed: float = 0.0
    returncode: int = 0
    log_file: str | None = None
    portals: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a user should know: partial, traps

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.failures

    @property
    def run_ids(self) -> dict[str, int | None]:
        return {k: v.get("run_id") for k, v in self.portals.items()}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def failed_kinds(self) -> dict[str, int]:
        """{kind: count} of failed fetches over all portals, most frequent first."""
        out: dict[str, int] = {}
        for portal in self.portals.values():
            for kind, n in (portal.get("failed") or {}).items():
                out[kind] = out.get(kind, 0) + int(n)
        return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))

    def line(self) -> str:
        """One line for a terminal."""
        kinds = self.failed_kinds
        failed = f" ({', '.join(f'{n} {k}' for k, n in kinds.items())})" if kinds else ""
        return (f"{len(self.portals)} portal(s): {self.pages} pages, {self.reports} reports, "
                f"{self.attachments} attachments, {self.images} images, {human_size(self.bytes)}, "
                f"{self.not_modified} unchanged (304), {self.errors} errors{failed} "
                f"in {self.elapsed:.1f}s")


def child_main(spec: dict[str, Any]) -> int:
    """Run the crawls described by `spec` in this process (the reactor starts here once)."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("NIANBAO_PROGRESS", True, priority="cmdline")
    for name, value in (spec.get("settings") or {}).items():
        settings.set(name, value, priority="cmdline")
    from scrapy.utils.reactor import install_reactor

    install_reactor(settings["TWISTED_REACTOR"])
    process = CrawlerProcess(settings, install_root_handler=True)
    from twisted.internet import defer, reactor

    sem = defer.DeferredSemaphore(max(1, int(spec.get("parallel", 4))))
    failures: list[str] = []

    def crawl(kwargs: dict[str, Any]) -> Any:
        d = sem.run(process.crawl, "portal", **kwargs)

        def failed(failure: Any) -> None:
            failures.append(f"{kwargs.get('portal') or kwargs.get('url')}: "
                            f"{failure.getErrorMessage()}")
            sys.stdout.write(PROGRESS_PREFIX + json.dumps(
                {"event": "failed", "portal": kwargs.get("portal") or kwargs.get("url"),
                 "error": failure.getErrorMessage()}) + "\n")
            sys.stdout.flush()

        d.addErrback(failed)
        return d

    def stop(_: Any) -> None:
        if reactor.running:
            reactor.stop()

    def begin() -> None:
        jobs = [crawl(kw) for kw in spec["jobs"]]
        defer.DeferredList(jobs, consumeErrors=True).addBoth(stop)

    reactor.callWhenRunning(begin)
    process.start(stop_after_crawl=False)
    return 1 if failures else 0


# ------------------------------------------------------------------ parent side

def build_spec(portal_keys: Sequence[str], *, urls: Sequence[str] = (), all_portals: bool = False,
               resume: bool = False, max_pages: int | None = None, since: int | None = None,
               settings_overrides: dict[str, Any] | None = None, parallel: int = 4,
               url_key: str | None = None, url_name: str | None = None,
               budget: int | None = None) -> dict[str, Any]:
    """The child's instructions: one job per portal, and the settings they share."""
    registry = load_registry((settings_overrides or {}).get("NIANBAO_PORTALS") or None)
    keys = list(portal_keys)
    if all_portals:
        keys = [k for k, p in registry.items() if p.kind != "sample"]
    unknown = [k for k in keys if k not in registry]
    if unknown:
        raise UnknownPortalError(f"unknown portal(s): {', '.join(unknown)}; `nianbao portals` "
                                 "lists them")
    jobs: list[dict[str, Any]] = []
    common: dict[str, Any] = {}
    if since:
        common["since"] = since
    if budget:
        common["budget"] = budget
    if keys:
        for key in keys:
            job = {"portal": key} | common
            if urls and len(keys) == 1:
                job["url"] = " ".join(urls)
            jobs.append(job)
    elif urls:
        job = {"url": " ".join(urls)} | common
        if url_key:
            job["key"] = url_key
        if url_name:
            job["name"] = url_name
        jobs.append(job)
    else:
        raise ValueError("nothing to crawl: name portals, give --url, or --all")
    settings: dict[str, Any] = {}
    home = Settings.from_env().home
    settings["NIANBAO_JOBDIR"] = str(home / "jobs")
    settings["NIANBAO_RESUME"] = bool(resume)
    if max_pages:
        settings["NIANBAO_MAX_PAGES"] = int(max_pages)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    (home / "logs").mkdir(parents=True, exist_ok=True)
    settings["LOG_FILE"] = str(home / "logs" / f"crawl-{stamp}-{os.getpid()}.log")
    settings.update(settings_overrides or {})
    return {"jobs": jobs, "settings": settings, "parallel": parallel}


def run_crawl(portal_keys: Sequence[str], *, urls: Sequence[str] = (), all_portals: bool = False,
              resume: bool = False, max_pages: int | None = None, since: int | None = None,
              settings_overrides: dict[str, Any] | None = None, progress: bool = True,
              parallel: int = 4, url_key: str | None = None, url_name: str | None = None,
              env: dict[str, str] | None = None, budget: int | None = None) -> CrawlSummary:
    """Crawl portals (by registry key) and/or URLs in a child process; draw a live progress
    line on stderr when `progress`; return what was done. `url_key`/`url_name` name the portal
    of a URL-only crawl (default: its host)."""
    spec = build_spec(portal_keys, urls=urls, all_portals=all_portals, resume=resume,
                      max_pages=max_pages, since=since, settings_overrides=settings_overrides,
                      parallel=parallel, url_key=url_key, url_name=url_name, budget=budget)
    proc = start_child(spec, env=env)
    return follow_child(proc, log_file=spec["settings"].get("LOG_FILE"), progress=progress)


def start_child(spec: dict[str, Any], env: dict[str, str] | None = None, *,
                session: bool = False) -> subprocess.Popen[str]:
    """Start `python -m crawler.runner --child SPEC` with stdout piped; with `session`, in a
    session of its own, so a terminal's Ctrl-C reaches only its parent (the scheduler), which
    stops it once and, if need be, kills its whole process group."""
    child_env = dict(os.environ)
    child_env.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    root = str(Path(__file__).resolve().parent.parent)
    child_env["PYTHONPATH"] = root + (os.pathsep + child_env["PYTHONPATH"]
                                      if child_env.get("PYTHONPATH") else "")
    child_env.update(env or {})
    return subprocess.Popen([sys.executable, "-m", "crawler.runner", "--child", json.dumps(spec)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8", env=child_env, bufsize=1,
                            start_new_session=session)


def progress_events(lines: Iterable[str]) -> Iterable[dict[str, Any]]:
    """The child's JSON events among its stdout lines."""
    for line in lines:
        if line.startswith(PROGRESS_PREFIX):
            try:
                yield json.loads(line[len(PROGRESS_PREFIX):])
            except ValueError:
                continue


def follow_child(proc: subprocess.Popen[str], *, log_file: str | None,
                 progress: bool = True) -> CrawlSummary:
    """Read the child's events until it exits, drawing the live line; the summary."""
    started = time.monotonic()
    summary = CrawlSummary(log_file=log_file)
    live = _live() if progress else None
    latest: dict[str, dict[str, Any]] = {}
    try:
        if live is not None:
            live.start()
        assert proc.stdout is not None
        for event in progress_events(proc.stdout):
            name = event.get("portal") or "?"
            if event["event"] == "failed":
                summary.failures.append(f"{name}: {event.get('error')}")
                continue
            if event["event"] == "closed" and event.get("error"):
                summary.failures.append(f"{name}: {event['error']}; continue with --resume")
            elif event["event"] == "closed" and event.get("cause"):
                summary.failures.append(f"{name}: {event['cause']}")
            if event["event"] == "closed":
                summary.notes.extend(f"{name}: {note}" for note in closing_notes(event))
            latest[name] = event
            if live is not None:
                live.update(_progress_text(latest, time.monotonic() - started))
        proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)  # Scrapy closes gracefully on the first SIGINT
        proc.wait()
        summary.failures.append("interrupted (resume with --resume)")
    finally:
        if live is not None:
            live.stop()
    stderr = proc.stderr.read() if proc.stderr is not None else ""
    summary.returncode = proc.returncode
    summary.elapsed = time.monotonic() - started
    for name, event in latest.items():
        summary.portals[name] = {k: event.get(k) for k in SUMMARY_KEYS} | {
            k: event.get(k) for k in ("run_id", "reason", "status", "cause", "crawl_seconds",
                                      "failed", "traps", "budget_exhausted")} | {
            "closed": event["event"] == "closed"}
        for k in SUMMARY_KEYS:
            setattr(summary, k, getattr(summary, k) + int(event.get(k) or 0))
    if proc.returncode not in (0, None) and not summary.failures:
        tail = stderr.strip().splitlines()[-5:]
        summary.failures.append(f"crawl process exited with {proc.returncode}: "
                                + " | ".join(tail))
    return summary


def closing_notes(event: dict[str, Any]) -> list[str]:
    """What a user should know about a portal's finished crawl besides its figures."""
    notes = []
    if event.get("budget_exhausted"):
        notes.append(f"page budget of {event['budget_exhausted']} spent; the crawl is partial "
                     "(raise it with --budget)")
    cut = event.get("traps") or {}
    if cut:
        notes.append("traps cut: " + ", ".join(f"{rule} ×{n}" for rule, n in cut.items()))
    if event.get("status") == "finished" and not event.get("reports"):
        notes.append("no annual report found")
    return notes


def _live() -> Any:
    from rich.console import Console
    from rich.live import Live

    return Live("starting crawl…", console=Console(stderr=True), refresh_per_second=4,
                transient=True)


def _progress_text(latest: dict[str, dict[str, Any]], elapsed: float) -> str:
    tot = {k: sum(int(e.get(k) or 0) for e in latest.values()) for k in SUMMARY_KEYS}
    running = [n for n, e in latest.items() if e["event"] != "closed"]
    where = f" · crawling {', '.join(running[:3])}{'…' if len(running) > 3 else ''}" \
        if running else ""
    return (f"[bold]{tot['pages']}[/] pages · [bold green]{tot['reports']}[/] reports found · "
            f"{tot['attachments']} attachments · {human_size(tot['bytes'])} · "
            f"{tot['not_modified']} unchanged · [red]{tot['errors']}[/] errors · "
            f"{elapsed:.0f}s{where}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) == 2 and argv[0] == "--child":
        return child_main(json.loads(argv[1]))
    print("usage: python -m crawler.runner --child SPEC_JSON  (use `nianbao crawl` instead)",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
