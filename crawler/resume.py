"""Resumable crawls that survive kill -9.

Scrapy's JOBDIR persists its queue position (queuelib `info.json`) and its seen-request set
(buffered `requests.seen`) only on a clean shutdown; after kill -9 a resumed crawl would skip
requests it never made. So a nianbao job directory keeps its own state, written as it goes:

- `run.json`: the archive run being resumed (the same run id, so fetch keys repeat and the
  archive records each exchange once);
- `done.log`: one line per exchange the archive has recorded, appended and flushed after
  `ingest` returns (a line can only be missing, never wrong: a missing line means one
  exchange is fetched again and recorded once, thanks to the fetch key).

On `--resume` the spider walks the portal again from its start URLs: it does not request
finished leaves (attachments, images, non-HTML reports) again, and re-reads finished HTML
pages unconditionally so every link they hold is found again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO


class ResumeState:
    """The state of one portal's job directory."""

    def __init__(self, path: str | Path, *, resume: bool) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.run_id: int | None = None
        self.done_leaves: set[str] = set()
        self.done_pages: set[str] = set()
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
    def resuming(self) -> bool:
        return self.run_id is not None

    def start(self, run_id: int) -> None:
        """Remember the run this job directory belongs to."""
        self.run_id = run_id
        tmp = self.path / "run.json.tmp"
        tmp.write_text(json.dumps({"run_id": run_id}))
        os.replace(tmp, self.path / "run.json")

    def record(self, key: str, *, page: bool) -> None:
        """Note one exchange as recorded by the archive."""
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
