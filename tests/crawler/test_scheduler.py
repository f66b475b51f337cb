"""Scheduled crawls: the rules' due times (pure functions), and `nianbao scheduler` run for real
against the sample portal served on 127.0.0.1 with a compressed clock
(NIANBAO_SCHEDULER_TIME_SCALE: a real second is hours of schedule time), each test on a fresh
NIANBAO_HOME, its crawls read back from crawl_runs."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from archive.units import BEIJING
from crawler.profiles import load_file
from crawler.sample_portal import SITE_DIR, site
from crawler.sample_portal.server import Hit, Reply, Site
from crawler.schedules import (
    ScheduleError,
    crontab,
    entries,
    next_due,
    rule_for,
    systemd_calendars,
    trigger_for,
)
from tests.clirun import NIANBAO


def bj(*args: int) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


SEASON = rule_for(None)
assert SEASON is not None


# ------------------------------------------------------------------ due times (pure)

@pytest.mark.parametrize(("after", "due"), [
    (bj(2025, 4, 29, 3, 0), bj(2025, 4, 30, 2, 0)),    # daily in April
    (bj(2025, 4, 30, 1, 59), bj(2025, 4, 30, 2, 0)),   # the season's last crawl
    (bj(2025, 4, 30, 2, 1), bj(2025, 5, 5, 2, 0)),     # then the first Monday of May
    (bj(2025, 5, 1, 0, 0), bj(2025, 5, 5, 2, 0)),
    (bj(2025, 5, 5, 2, 30), bj(2025, 5, 12, 2, 0)),    # weekly
    (bj(2025, 12, 29, 3, 0), bj(2026, 1, 1, 2, 0)),    # Monday 29 Dec, then 1 January: daily
    (bj(2025, 12, 31, 3, 0), bj(2026, 1, 1, 2, 0)),
    (bj(2026, 1, 1, 2, 1), bj(2026, 1, 2, 2, 0)),
])
def test_season_due_times_across_the_boundaries(after: datetime, due: datetime) -> None:
    assert next_due(SEASON, after) == due


def test_due_times_are_beijing_time_whatever_zone_asks() -> None:
    from datetime import UTC

    # 30 April 18:30 UTC is already 1 May 02:30 in Beijing: weekly from then on.
    assert next_due(SEASON, datetime(2025, 4, 30, 18, 30, tzinfo=UTC)) == bj(2025, 5, 5, 2, 0)


def test_jitter_delays_a_due_time_by_at_most_two_hours() -> None:
    random.seed(17)
    trigger = trigger_for(SEASON)
    dues = {trigger.get_next_fire_time(None, bj(2025, 3, 1, 12, 0)) for _ in range(50)}
    assert all(bj(2025, 3, 2, 2, 0) <= d <= bj(2025, 3, 2, 4, 0) for d in dues)
    assert len(dues) > 40  # spread, not one minute for a whole fleet


def test_a_crontab_rule_reads_as_cron_does() -> None:
    sunday = rule_for("30 6 * * 0")  # crontab's 0 is Sunday (APScheduler's would be Monday)
    assert sunday is not None
    assert next_due(sunday, bj(2025, 3, 5, 0, 0)) == bj(2025, 3, 9, 6, 30)
    both = rule_for("0 9 1 * 5")  # the 1st of the month or any Friday, as cron fires
    assert both is not None
    assert next_due(both, bj(2025, 2, 26, 0, 0)) == bj(2025, 2, 28, 9, 0)
    assert next_due(both, bj(2025, 2, 28, 10, 0)) == bj(2025, 3, 1, 9, 0)
    assert rule_for("off") is None


@pytest.mark.parametrize(("text", "says"), [
    ("0 2 * *", "5 fields, this has 4"),
    ("0 25 * * *", "hour '25' is not between 0 and 23"),
    ("0 2 * 9-3 *", "runs backwards"),
    ("daily", "5 fields"),
])
def test_a_bad_schedule_is_one_line_naming_portal_and_fix(text: str, says: str) -> None:
    with pytest.raises(ScheduleError) as exc:
        rule_for(text, portal="huaian")
    assert says in str(exc.value)
    assert str(exc.value).startswith("portal 'huaian': schedule")
    assert "\"season\", \"off\" or five crontab fields" in str(exc.value)


def test_a_profile_carries_its_schedule(tmp_path: Path) -> None:
    toml = tmp_path / "portals.toml"
    toml.write_text('[portals.a]\nname = "A"\nstart_urls = ["https://a.gov.cn/"]\n'
                    'schedule = "0 3 * * 1-5"\n[portals.b]\nname = "B"\n'
                    'start_urls = ["https://b.gov.cn/"]\n', encoding="utf-8")
    profiles = load_file(toml)
    assert profiles["a"].schedule == "0 3 * * 1-5" and profiles["b"].schedule is None
    toml.write_text('[portals.a]\nname = "A"\nstart_urls = ["https://a.gov.cn/"]\n'
                    'schedule = "sometimes"\n', encoding="utf-8")
    with pytest.raises(ScheduleError, match="portal 'a': schedule 'sometimes'"):
        load_file(toml)


def test_systemd_calendars_say_the_same_days() -> None:
    assert systemd_calendars("0 2 * 1-4 *") == ["*-01..04-* 02:00:00 Asia/Shanghai"]
    assert systemd_calendars("0 2 * 5-12 1") == ["Mon *-05..12-* 02:00:00 Asia/Shanghai"]
    assert systemd_calendars("*/30 8-17 * * 1-5") == [
        "Mon,Tue,Wed,Thu,Fri *-*-* 08..17:00,30:00 Asia/Shanghai"]
    assert systemd_calendars("0 9 1 * 5") == ["*-*-01 09:00:00 Asia/Shanghai",
                                              "Fri *-*-* 09:00:00 Asia/Shanghai"]


def test_crontab_runs_nianbao_crawl_once_per_rhythm() -> None:
    custom = rule_for("15 7 * * 1")
    items = entries([("a", SEASON), ("b", SEASON), ("c", custom), ("d", None)],
                    all_keys=["a", "b", "c", "d"])
    text = crontab(items, nianbao="/opt/nb/bin/nianbao", env={"NIANBAO_HOME": "/srv/nb"},
                   locks="/srv/nb/locks", rng=random.Random(1))
    jobs = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert jobs[:2] == ["CRON_TZ=Asia/Shanghai", "NIANBAO_HOME=/srv/nb"]
    assert [j.split(" sleep ")[0] for j in jobs[2:]] == ["0 2 * 1-4 *", "0 2 * 5-12 1",
                                                         "15 7 * * 1"]
    assert jobs[2].endswith("flock -n /srv/nb/locks/crawl-season.lock /opt/nb/bin/nianbao "
                            "crawl a b")
    assert jobs[4].endswith("flock -n /srv/nb/locks/crawl-c.lock /opt/nb/bin/nianbao crawl c")


# ------------------------------------------------------------------ the scheduler, for real

class SchedulerProcess:
    """`nianbao scheduler` in a process of its own, its output lines collected as they come."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen([*NIANBAO, "scheduler", *args], env=env, text=True,
                                     encoding="utf-8", stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def said(self, text: str) -> list[str]:
        return [line for line in self.lines if text in line]

    def wait_for(self, check: Callable[[], Any], timeout: float = 60) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = check()
            if found:
                return found
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError("not seen in time; scheduler said:\n" + "\n".join(self.lines))

    def terminate(self, timeout: float = 60) -> int:
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout)
        self.reader.join(5)
        return code

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def crawl_runs(home: Path) -> list[dict[str, Any]]:
    """(portal key, status, cause, started, finished) of every crawl run, in order."""
    if not (home / "nianbao.sqlite").exists():
        return []
    con = sqlite3.connect(home / "nianbao.sqlite")
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(
            "select r.id, p.key as portal, r.status, json_extract(r.stats, '$.cause') as cause,"
            " r.started_at, r.finished_at from crawl_runs r left join portals p on "
            "p.id = r.portal_id order by r.id")]
    except sqlite3.OperationalError:  # the archive is being made
        return []
    finally:
        con.close()


def statuses(home: Path) -> list[tuple[str, str]]:
    return [(r["portal"], r["status"]) for r in crawl_runs(home)]


@pytest.fixture
def served() -> Iterator[Callable[[Site], str]]:
    """Serve sites on 127.0.0.1 for the test's length: serve(site) -> base URL."""
    stops: list[Callable[[], None]] = []

    def serve(s: Site) -> str:
        url, stop = s.serve()
        stops.append(stop)
        return url

    yield serve
    for stop in stops:
        stop()


@pytest.fixture
def scheduler_env(tmp_path: Path) -> Callable[..., dict[str, str]]:
    """The environment of a scheduler on a fresh NIANBAO_HOME with portals `{key: url}` in a
    NIANBAO_PORTALS file and the clock compressed `scale` times from `start`."""

    def make(portals: dict[str, str], *, start: str, scale: float,
             **extra: str) -> dict[str, str]:
        toml = tmp_path / "portals.toml"
        toml.write_text("".join(f'[portals.{key}]\nname = "示例市人民政府"\n'
                                f'start_urls = ["{url}"]\n' for key, url in portals.items()),
                        encoding="utf-8")
        env = {k: v for k, v in os.environ.items()
               if k not in ("NIANBAO_DB_URL", "NIANBAO_STORE_URL", "NIANBAO_STORE_OPTIONS")}
        return env | {"NIANBAO_HOME": str(tmp_path / "data"), "NIANBAO_PORTALS": str(toml),
                      "NIANBAO_SCHEDULER_TIME_SCALE": str(scale),
                      "NIANBAO_SCHEDULER_CLOCK": start, "COLUMNS": "200", "NO_COLOR": "1"} | extra

    return make


def home_of(env: dict[str, str]) -> Path:
    return Path(env["NIANBAO_HOME"])


def schedule_shown(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`nianbao schedule ARGS` on the scheduler's archive and portals."""
    shown = subprocess.run([*NIANBAO, "schedule", *args], env=env, capture_output=True,
                           text=True, encoding="utf-8", timeout=60)
    assert shown.returncode == 0, shown.stderr
    return shown


def schedule_time(line: str) -> datetime:
    """The schedule time a scheduler line starts with ("2025-04-29 02:44 +08:00  …")."""
    return datetime.strptime(line[:23], "%Y-%m-%d %H:%M %z")


@pytest.mark.slow
def test_scheduler_runs_the_expected_crawls_and_nothing_else(
        served: Callable[[Site], str], scheduler_env: Callable[..., dict[str, str]],
        tmp_path: Path) -> None:
    # 28 April 23:00 Beijing, a real second = two hours: due on 29 and 30 April (daily, the
    # season), then not before Monday 5 May (weekly). Stopped on 1 May around noon.
    env = scheduler_env({"town": served(site())}, start="2025-04-28T23:00:00+08:00", scale=7200)
    sched = SchedulerProcess(["town"], env)
    try:
        time.sleep(37 * 3600 / 7200)  # until 1 May, noon (or a little before)
        sched.wait_for(lambda: len(sched.said("town: crawl finished")) >= 2)
        assert sched.terminate() == 0
    finally:
        sched.kill()
    assert statuses(home_of(env)) == [("town", "finished"), ("town", "finished")]
    started = [schedule_time(line) for line in sched.said("town: crawl started")]
    assert [(d.month, d.day) for d in started] == [(4, 29), (4, 30)]
    assert all(2 <= d.hour < 5 for d in started)  # 02:00 plus up to two hours of jitter
    assert sched.said("scheduler stopped")
    # The job store keeps the next due time: the first Monday of May, in schedule time.
    shown = schedule_shown(env)
    assert "2025-05-05 0" in shown.stdout and "1 portal(s) scheduled" in shown.stdout
    assert "finished" in shown.stdout


@pytest.mark.slow
def test_restart_keeps_the_due_time_and_runs_a_missed_crawl_once(
        served: Callable[[Site], str], scheduler_env: Callable[..., dict[str, str]],
        tmp_path: Path) -> None:
    url = served(site())
    env = scheduler_env({"town": url}, start="2025-03-10T23:00:00+08:00", scale=7200)
    home = home_of(env)
    first = SchedulerProcess(["town"], env)
    try:
        first.wait_for(lambda: first.said("town: crawl finished"))
        assert first.terminate() == 0  # before 12 March's crawl was due
    finally:
        first.kill()
    assert statuses(home) == [("town", "finished")]
    shown = schedule_shown(env, "town")
    assert "2025-03-12 0" in shown.stdout, shown.stdout  # the stored next due time

    # Back on 14 March 04:30: the crawls of 12, 13 and 14 March were missed; one runs now.
    env["NIANBAO_SCHEDULER_CLOCK"] = "2025-03-14T04:30:00+08:00"
    second = SchedulerProcess(["town"], env)
    try:
        second.wait_for(lambda: second.said("town: crawl finished"))
        assert second.terminate() == 0  # before 15 March 02:00
    finally:
        second.kill()
    assert statuses(home) == [("town", "finished"), ("town", "finished")]
    assert len(second.said("town: crawl started")) == 1
    assert second.said("town: next crawl due 2025-03-12 0")  # as stored, not recomputed


@pytest.mark.slow
def test_overlapping_runs_are_refused(served: Callable[[Site], str],
                                      scheduler_env: Callable[..., dict[str, str]]) -> None:
    # A day of schedule passes every half second, a crawl takes seconds: the due times that
    # come while the portal is crawled start nothing.
    env = scheduler_env({"town": served(site())}, start="2025-03-10T23:00:00+08:00",
                        scale=172800)
    sched = SchedulerProcess(["town"], env)
    try:
        sched.wait_for(lambda: len(sched.said("town: crawl finished")) >= 2, timeout=90)
        assert sched.terminate() == 0
    finally:
        sched.kill()
    assert sched.said("town: due, not started: its previous crawl is still running")
    runs = crawl_runs(home_of(env))
    assert {r["status"] for r in runs} == {"finished"}
    for before, after in zip(runs, runs[1:], strict=False):
        assert after["started_at"] >= before["finished_at"]  # one at a time


@pytest.mark.slow
def test_a_portal_crawled_elsewhere_is_not_crawled_again(
        served: Callable[[Site], str], scheduler_env: Callable[..., dict[str, str]]) -> None:
    env = scheduler_env({"town": served(site())}, start="2025-03-10T23:00:00+08:00", scale=7200)
    home = home_of(env)
    (home / "locks").mkdir(parents=True)
    held = FileLock(str(home / "locks" / "crawl-town.lock"))  # as a cron line's flock holds it
    held.acquire()
    sched = SchedulerProcess(["town"], env)
    try:
        sched.wait_for(lambda: sched.said("town: due, not started: its lock file is held"))
        held.release()
        assert sched.terminate() == 0
    finally:
        held.release()
        sched.kill()
    assert statuses(home) == []

    # A `nianbao crawl town` going on (its run is open in the archive) is not doubled either.
    from archive import Archive
    from archive.config import Settings

    arc = Archive.open(Settings.from_env(env), create=True)
    arc.ensure_portal("town", name="示例市人民政府")
    by_hand = arc.start_run("town", args={"by": "hand"})
    arc.close()
    sched = SchedulerProcess(["town"], env)
    try:
        sched.wait_for(lambda: sched.said(f"town: due, not started: run #{by_hand} of this "
                                          "portal"))
        assert sched.terminate() == 0
    finally:
        sched.kill()
    assert statuses(home) == [("town", "running")]


@pytest.mark.slow
def test_a_failing_crawl_is_recorded_and_retried_at_its_next_due_time(
        scheduler_env: Callable[..., dict[str, str]]) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/"
    env = scheduler_env({"town": closed}, start="2025-03-10T23:00:00+08:00", scale=7200)
    sched = SchedulerProcess(["town"], env)
    try:
        sched.wait_for(lambda: len(sched.said("town: crawl failed")) >= 2, timeout=90)
        assert sched.terminate() == 0
    finally:
        sched.kill()
    runs = crawl_runs(home_of(env))
    assert [(r["status"], "connection refused" in (r["cause"] or "")) for r in runs] == [
        ("failed", True), ("failed", True)]
    days = [schedule_time(line).day for line in sched.said("town: crawl started")]
    assert days == [11, 12]  # 11 March, then again at 12 March's due time


@pytest.mark.slow
def test_a_crawl_process_that_dies_is_recorded_as_failed(
        served: Callable[[Site], str], scheduler_env: Callable[..., dict[str, str]]) -> None:
    # The crawl's process cannot even start Scrapy (its settings module is missing): it
    # records no run itself, so the scheduler does.
    env = scheduler_env({"town": served(site())}, start="2025-03-10T23:00:00+08:00",
                        scale=7200, SCRAPY_SETTINGS_MODULE="crawler.no_such_settings")
    sched = SchedulerProcess(["town"], env)
    try:
        sched.wait_for(lambda: sched.said("town: crawl failed"))
        assert sched.terminate() == 0
    finally:
        sched.kill()
    runs = crawl_runs(home_of(env))
    assert [r["status"] for r in runs] == ["failed"]
    assert "crawl process exited with 1" in runs[0]["cause"]


class SlowSite(Site):
    """The sample portal answering every request after half a second."""

    def answer(self, hit: Hit, body: bytes) -> Reply:
        time.sleep(0.5)
        return super().answer(hit, body)


@pytest.mark.slow
def test_sigterm_during_a_crawl_stops_it_and_records_it_interrupted(
        served: Callable[[Site], str], scheduler_env: Callable[..., dict[str, str]],
        tmp_path: Path) -> None:
    env = scheduler_env({"town": served(SlowSite(SITE_DIR))},
                        start="2025-03-11T01:00:00+08:00", scale=3600)
    sched = SchedulerProcess(["town", "--stop-timeout", "1"], env)
    try:
        sched.wait_for(lambda: statuses(home_of(env)) == [("town", "running")])
        time.sleep(1)
        assert sched.terminate(timeout=60) == 0
    finally:
        sched.kill()
    assert statuses(home_of(env)) == [("town", "interrupted")]
    assert sched.said("waiting up to 1s for 1 running crawl(s): town")
    assert sched.said("town: stopping its crawl")
    assert sched.said("town: crawl interrupted")
    assert sched.said("scheduler stopped")
