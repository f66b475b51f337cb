"""Resumable crawls that survive kill -9.

Scrapy's JOBDIR persists its queue position (queuelib `info.json`) and its seen-request set
(buffered `requests.seen`) only on a clean shutdown; after kill -9 a resumed crawl would skip
requests it never made. So a nianbao job directory keeps its own state, written as it goes:

- `run.json`: the archive run being resumed (the same run id, so fetch keys repeat and the
  archive records each exchange once);
- `archive.lock`: held (shared) by every archive process writing for this job, until it
  exits; a resumed crawl takes it exclusively first, so an archive process orphaned by
  kill -9 has recorded all it was sent before the resumed crawl asks what the run holds;
- `done.log`: one line per exchange the archive has recorded, appended and flushed after
  `ingest` returns (a line can only be missing, never wrong: a missing line means one
  exchange is fetched again and recorded once, thanks to the fetch key). A line says "page"
  for HTML pages and every list response (also XML and JSON list pages, whose items must
  be found again), "leaf" for the rest.

On `--resume` the spider walks the portal again from its start URLs: it does not request
finished leaves (attachments, images, non-HTML reports) again, and re-reads finished HTML
pages unconditionally so every link they hold is found again. What is finished is what the
log says and also what the archive holds for the run: the archive process records every
exchange it was sent even when the crawl process was killed before hearing back.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from pathlib import Path
from typing import IO

#: Media types of pages whose links a resumed crawl must read again.
PAGE_TYPES = ("text/html", "application/xhtml+xml")


def is_page(role: str, html: bool | None) -> bool:
    """Whether a resumed crawl must read this exchange again for its links (a page) or may
    skip it (a leaf): every list response, and any HTML. `html` is None when the type is not
    known (a 304 carries no Content-Type): then attachments and images are leaves."""
    if role == "list":
        return True
    return role not in ("attachment", "image") if html is None else html


def body_digest(body: bytes | None) -> str | None:
    """A short digest of a POST body, part of its exchange key."""
    return hashlib.sha1(body).hexdigest()[:16] if body else None


def exchange_key(method: str, url: str, digest: str | None) -> str:
    """Method + original URL (+ POST body digest): the same exchange within one run. The
    spider computes it from a request, the pipeline from the `FetchItem`; both must agree."""
    return f"{method} {url} {digest}" if digest else f"{method} {url}"


def run_fetch_key(run_id: int | None, key: str) -> str:
    """The archive's idempotency key of one exchange in one run: a sha256, since the
    catalogue's column holds 64 characters (PostgreSQL enforces it, SQLite does not)."""
    return hashlib.sha256(f"run{run_id}:{key}".encode()).hexdigest()


def hold_lock(path: str | Path) -> int:
    """Take `path` shared for as long as this process lives (or until the fd is closed)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


class ResumeState:
    """The state of one portal's job directory."""

    def __init__(self, path: str | Path, *, resume: bool) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.run_id: int | None = None
        self.done_leaves: set[str] = set()
        self.done_pages: set[str] = set()
        self.archived: dict[str, bool] = {}  # run fetch key -> is a page
        run_file = self.path / "run.json"
        if resume and run_file.exists():
            self.run_id = json.loads(run_file.read_text())["run_id"]
            self._load()
        else:
            for name in ("run.json", "done.log"):
                (self.path / name).unlink(missing_ok=True)
        self._log: IO[str] | None = None

    def _load(self) -> None:
        log = self.path / "done.log"
        if not log.exists():
            return
        for line in log.read_text(encoding="utf-8").splitlines():
            kind, _, key = line.partition("\t")
            if not key:
                continue  # a torn last line after kill -9
            (self.done_pages if kind == "page" else self.done_leaves).add(key)

    @property
    def lock_path(self) -> Path:
        return self.path / "archive.lock"

    def wait_for_archive(self, timeout: float = 120.0) -> bool:
        """Wait until no archive process of an earlier crawl of this job is still writing;
        False if one still is after `timeout` seconds."""
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return True
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        return False
                    time.sleep(0.05)
        finally:
            os.close(fd)  # releases the lock

    @property
    def resuming(self) -> bool:
        return self.run_id is not None

    def add_archived(self, exchanges: list[tuple[str, str | None, str]]) -> None:
        """Also count as done the run's exchanges the archive holds: (fetch key, media
        type, role) each."""
        for key, media_type, role in exchanges:
            self.archived[key] = is_page(role, None if media_type is None
                                         else media_type in PAGE_TYPES)

    def done(self, key: str) -> str | None:
        """"page" or "leaf" when the exchange `key` is already recorded, else None."""
        if key in self.done_leaves:
            return "leaf"
        if key in self.done_pages:
            return "page"
        page = self.archived.get(run_fetch_key(self.run_id, key))
        return None if page is None else "page" if page else "leaf"

    def start(self, run_id: int) -> None:
        """Remember the run this job directory belongs to."""
        self.run_id = run_id
        tmp = self.path / "run.json.tmp"
        tmp.write_text(json.dumps({"run_id": run_id}))
        os.replace(tmp, self.path / "run.json")

    def record(self, key: str, *, page: bool) -> None:
        """Note one exchange as recorded by the archive (`page`: see `is_page`)."""
        if self._log is None:
            self._log = open(self.path / "done.log", "a", encoding="utf-8")  # noqa: SIM115
        self._log.write(f"{'page' if page else 'leaf'}\t{key}\n")
        self._log.flush()

    def finish(self, *, complete: bool) -> None:
        """Close the log; a complete crawl clears the directory so the next one starts anew."""
        if self._log is not None:
            self._log.close()
            self._log = None
        if complete:
            for name in ("run.json", "done.log"):
                (self.path / name).unlink(missing_ok=True)
