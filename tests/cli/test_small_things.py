"""The small things a careful user trips on, each as the user meets it: a real `nianbao`
process on an archive holding one real report (北仑区人民政府 2024) published late on
28 February UTC (already 1 March in Beijing) and republished on 1 March with one table cell
and one sentence edited.

Times are Beijing time with the offset; a failing check with new numbers is "still failing",
not new and cleared; the word diff without colour marks its words; `show` reads at 80 columns
in the official order; `--since` is a date everywhere; `serve` on a busy port fails before
saying "serving"; `--help` names values, not Python types."""

from __future__ import annotations

import csv
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import typer
from rich.cells import cell_len
from typer.testing import CliRunner

from archive.cli.main import app
from archive.config import Settings
from archive.core import Archive
from archive.diffs import compare_checks
from parsers.templates import SECTION_TITLES
from tests.samples import REPORTS

NIANBAO = [sys.executable, "-c", "from archive.cli.main import main; main()"]
URL = "http://www.bl.gov.cn/art/2025/2/28/art_1229_1.html"
PUBLISHED = datetime(2025, 2, 28, 17, 30, tzinfo=UTC)  # 2025-03-01 01:30 in Beijing
EDITED = datetime(2025, 3, 1, 8, 10, tzinfo=UTC)  # 2025-03-01 16:10 in Beijing
SENTENCE = "政府开放活动形式有待进一步完善"  # in section 五; republished as below
EDITED_SENTENCE = "政府开放日活动形式有待完善"


def beilun() -> str:
    return (REPORTS / "002_0587ca1cc9f7563f.txt").read_text(encoding="utf-8")


def republished() -> str:
    """580 natural persons' requests become 581 (the balance check still fails, with other
    numbers; the row no longer adds up to its total) and a sentence gains 日 and loses 进一步."""
    text = beilun()
    assert "\t580\n" in text and SENTENCE in text
    return text.replace("\t580\n", "\t581\n", 1).replace(SENTENCE, EDITED_SENTENCE, 1)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("small") / "data"
    with Archive.open(Settings.from_env({"NIANBAO_HOME": str(data)})) as arc:
        for body, when in ((beilun(), PUBLISHED), (republished(), EDITED)):
            arc.ingest(URL, status=200, body=body.encode(), role="report", fetched_at=when,
                       response_headers={"Content-Type": "text/plain; charset=utf-8"})
    return {"NIANBAO_HOME": str(data), "COLUMNS": "200"}


def run(*args: str, env: dict[str, str], ok: bool = True) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items()
            if k not in ("NO_COLOR", "FORCE_COLOR", "NIANBAO_DB_URL", "NIANBAO_STORE_URL")}
    proc = subprocess.run([*NIANBAO, *args], env={**full, **env}, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert (proc.returncode == 0) == ok, proc.stderr
    return proc


# ---------------------------------------------------------------------------- 1. times


def test_history_and_show_give_beijing_time_with_the_offset(home: dict[str, str]) -> None:
    history = run("history", "北仑区人民政府/2024", env=home).stdout
    assert "2025-03-01 01:30 +08:00  published" in history
    assert "2025-03-01 16:10 +08:00  changed by the publisher" in history
    assert "UTC" not in history and "2025-02-28" not in history
    shown = run("show", "北仑区人民政府/2024", env=home).stdout
    assert "first seen 2025-03-01 16:10 +08:00" in shown


def test_json_keeps_iso_8601_with_the_offset(home: dict[str, str]) -> None:
    events = json.loads(run("history", "北仑区人民政府/2024", "--json", env=home).stdout)["events"]
    assert [e["at"] for e in events] == ["2025-02-28T17:30:00+00:00", "2025-03-01T08:10:00+00:00"]
    info = json.loads(run("show", "北仑区人民政府/2024", "--json", env=home).stdout)
    assert info["version"]["first_seen"] == "2025-03-01T08:10:00+00:00"


def test_changes_since_a_date_means_that_day_in_beijing(home: dict[str, str]) -> None:
    """Published at 01:30 on 1 March Beijing time: a clerk asking for 1 March gets it."""
    day = run("changes", "--since", "2025-03-01", "--json", env=home).stdout.splitlines()
    assert [json.loads(line)["kind"] for line in day] == ["changed", "published"]
    afternoon = run("changes", "--since", "2025-03-01T16:00", "--json", env=home).stdout
    assert [json.loads(line)["kind"] for line in afternoon.splitlines()] == ["changed"]
    shown = run("changes", "--since", "2025-03-01", env=home).stdout
    assert "2025-03-01 01:30 +08:00" in shown


def test_the_csv_gives_times_in_beijing_time(home: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "reports.csv"
    run("export", "--out", str(out), env=home)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        [row] = list(csv.DictReader(fh))
    assert row["first_seen_at"] == "2025-03-01T16:10:00+08:00"


# ------------------------------------------------------------ 4. checks still failing


def test_a_check_failing_with_new_numbers_is_still_failing(home: dict[str, str]) -> None:
    diff = json.loads(run("diff", "北仑区人民政府/2024", "--json", env=home).stdout)
    assert diff["checks_stopped"] == []
    [started] = diff["checks_started"]  # 581 breaks the row's total too: a new failure
    assert (started["rule"], started["where"]) == ("requests.row_total", "new")
    [changed] = diff["checks_changed"]
    assert (changed["rule"], changed["where"]) == ("requests.balance", "natural_person")
    assert (changed["old_detail"], changed["detail"]) == ("580+9 != 587+1", "581+9 != 587+1")
    shown = run("diff", "北仑区人民政府/2024", env=home).stdout
    assert ("check still failing (numbers changed): requests.balance at natural_person "
            "580+9 != 587+1 → 581+9 != 587+1") in shown
    assert "check now failing: requests.row_total at new" in shown
    assert "check now failing: requests.balance" not in shown
    assert "no longer failing" not in shown


def test_checks_that_really_start_or_stop_failing_are_still_new_and_cleared() -> None:
    old = [{"rule": "requests.balance", "where": "total", "detail": "1 != 2"},
           {"rule": "requests.row_total", "where": "new", "detail": "3 != 4"}]
    new = [{"rule": "requests.balance", "where": "total", "detail": "1 != 3"},
           {"rule": "review.total", "where": "review", "detail": "5 != 6"}]
    started, stopped, changed = compare_checks(old, new)
    assert started == [new[1]] and stopped == [old[1]]
    assert changed == [{**new[0], "old_detail": "1 != 2"}]
    assert compare_checks(old, old) == ([], [], [])


# ------------------------------------------------------------- 5. word diff, no colour


def test_without_colour_the_word_diff_marks_deletions_and_insertions(home: dict[str, str]) -> None:
    piped = run("diff", "北仑区人民政府/2024", env=home).stdout  # not a terminal
    assert "政府开放{+日+}活动形式有待[-进一步-]完善" in piped
    no_color = run("diff", "北仑区人民政府/2024", env={**home, "NO_COLOR": "1"}).stdout
    assert "[-进一步-]" in no_color


def test_in_colour_the_word_diff_is_coloured_unless_no_color_is_asked(home: dict[str, str]) -> None:
    coloured = run("diff", "北仑区人民政府/2024", env={**home, "FORCE_COLOR": "1"}).stdout
    assert "\x1b[" in coloured and "[-进一步-]" not in coloured
    plain = run("diff", "北仑区人民政府/2024", "--no-color",
                env={**home, "FORCE_COLOR": "1"}).stdout
    assert "[-进一步-]" in plain and "{+日+}" in plain
    assert not re.search(r"\x1b\[[0-9;]*3[0-7]m", plain), "a colour code with --no-color"


# ------------------------------------------------------------------- 3. show at 80


def label_column(lines: list[str]) -> list[str]:
    """The row labels of a boxed table as a reader reads them: each row's first cell, its
    wrapped lines joined."""
    labels, current = [], ""
    for line in lines:
        if line.startswith(("├", "└")):
            labels.append(current)
            current = ""
        elif line.startswith("│"):
            current += line.split("│")[1].strip()
    return labels


def test_show_at_80_columns_fits_keeps_whole_labels_and_the_official_order(
        home: dict[str, str]) -> None:
    shown = run("show", "北仑区人民政府/2024", env={**home, "COLUMNS": "80"}).stdout
    lines = shown.splitlines()
    too_wide = [line for line in lines if line.startswith(("│", "┌", "├", "└"))
                and cell_len(line) > 80]
    assert too_wide == []
    headings = [lines.index(title) for title in SECTION_TITLES.values()]
    assert headings == sorted(headings), "sections not in the order 一二三四五六"
    requests = lines[headings[2]:headings[3]]
    labels = [re.sub(r"\s", "", label) for label in label_column(requests)]
    for label in ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
                  "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                  "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                  "四、结转下年度继续办理"):
        assert label in labels
    assert "…" not in "".join(requests)
    row = next(line for line in requests if line.startswith("│ 一、本年新收"))
    assert row.split("│")[2].strip() == "581"  # numbers whole, on the label's first line
    review = "\n".join(lines[headings[3]:headings[4]])
    assert re.search(r"行政复议 · 结果维持 +5\b", review)  # 15 columns: one line per value


# ------------------------------------------------------------- 6. --since and years


def test_crawl_takes_its_year_as_from_year_and_refuses_a_date_as_since(
        home: dict[str, str]) -> None:
    assert "--from-year" in run("crawl", "--help", env=home).stdout
    dated = run("crawl", "huaian", "--since", "2025-03-01", env=home, ok=False)
    assert dated.returncode == 1
    assert dated.stderr.strip() == ("nianbao: error: crawl --since '2025-03-01': a crawl picks "
                                    "reports by their year, not by a date; use --from-year 2022")
    both = run("crawl", "huaian", "--since", "2022", "--from-year", "2023", env=home, ok=False)
    assert "give --from-year only" in both.stderr


def test_the_old_crawl_since_year_still_works_with_a_warning(
        capsys: pytest.CaptureFixture[str]) -> None:
    from crawler.commands import _old_since

    assert _old_since(None, 2022) == 2022
    assert capsys.readouterr().err == ""
    assert _old_since("2022", None) == 2022
    assert capsys.readouterr().err.startswith(
        "nianbao: warning: `crawl --since 2022` is now `crawl --from-year 2022`")


# ---------------------------------------------------------------- 7. serve, port


def test_serve_on_a_busy_port_fails_in_one_line_before_saying_serving(
        home: dict[str, str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = run("serve", "--port", str(port), env=home, ok=False)
    assert proc.returncode == 1
    assert "serving" not in proc.stdout
    [line] = proc.stderr.strip().splitlines()
    assert f"port {port} on 127.0.0.1 is already in use" in line and "--port" in line


@pytest.fixture
def served(home: dict[str, str]) -> Iterator[tuple[subprocess.Popen[str], str]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([*NIANBAO, "serve", "--port", str(port)],
                            env={**os.environ, **home}, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        yield proc, proc.stdout.readline()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_serve_says_serving_once_the_port_is_bound(served: tuple[subprocess.Popen[str], str]
                                                   ) -> None:
    proc, first_line = served
    url = re.search(r"http://127\.0\.0\.1:\d+/", first_line)
    assert first_line.startswith("nianbao: serving on ") and url, first_line
    deadline = time.monotonic() + 30
    while True:  # the port is already listening: connecting never fails, uvicorn answers soon
        try:
            page = httpx.get(url.group(0) + "api/changes", timeout=30)
            break
        except httpx.ReadError:
            assert time.monotonic() < deadline and proc.poll() is None
    assert page.status_code == 200


# ------------------------------------------------------------------ 8. --help labels


def command_paths(command: typer.core.TyperGroup, prefix: tuple[str, ...] = ()
                  ) -> Iterator[tuple[str, ...]]:
    yield prefix
    for name, sub in getattr(command, "commands", {}).items():
        yield from command_paths(sub, (*prefix, name))


def test_no_help_shows_python_type_labels() -> None:
    runner = CliRunner()
    root = typer.main.get_command(app)
    paths = list(command_paths(root))
    assert ("search",) in paths and ("db", "upgrade") in paths and ("crawl",) in paths
    helps = {}
    for path in paths:
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "120"})
        assert result.exit_code == 0, (path, result.output)
        helps[path] = result.output
        labels = re.findall(r"<[a-zA-Z][\w\[\], .|]*>", result.output)
        assert "list[" not in result.output and labels == [], (path, labels)
    assert re.search(r"--where +FILTER", helps[("search",)])
    assert re.search(r"paths\.\.\. ", helps[("ingest",)])
    assert re.search(r"--port +PORT", helps[("serve",)])
    assert re.search(r"--json {2,}\S", helps[("search",)])  # a switch: no label after it
