"""A resumed crawl first waits for any archive process an interrupted crawl left behind, so it
asks the archive what the run holds only once everything sent has been recorded."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from crawler.resume import ResumeState

HOLDER = ("import sys, time\n"
          "from crawler.resume import hold_lock\n"
          "hold_lock(sys.argv[1])\n"
          "print('held', flush=True)\n"
          "time.sleep(float(sys.argv[2]))\n")


def orphan(state: ResumeState, seconds: float) -> subprocess.Popen[str]:
    """A process holding the job's archive lock, as an orphaned archive process does."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(state.lock_path), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_resume_waits_until_the_orphaned_archive_process_is_gone(tmp_path: Path) -> None:
    state = ResumeState(tmp_path / "job", resume=True)
    proc = orphan(state, 1.5)
    started = time.monotonic()
    assert state.wait_for_archive(timeout=30)
    assert time.monotonic() - started >= 1.0  # it waited for the holder to exit
    proc.wait(timeout=10)


def test_resume_gives_up_waiting_after_the_timeout(tmp_path: Path) -> None:
    state = ResumeState(tmp_path / "job", resume=True)
    proc = orphan(state, 60)
    try:
        assert not state.wait_for_archive(timeout=0.3)
    finally:
        proc.kill()
        proc.wait()
    assert state.wait_for_archive(timeout=5)  # the lock dies with its holder


def test_no_wait_when_no_archive_process_is_left(tmp_path: Path) -> None:
    state = ResumeState(tmp_path / "job", resume=True)
    assert state.wait_for_archive(timeout=0)  # free at the first try
