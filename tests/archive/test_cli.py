"""The command line as a user runs it: a real `nianbao` process, real files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

NIANBAO = [sys.executable, "-c", "from archive.cli.main import main; main()"]


def run(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **env}
    proc = subprocess.run([*NIANBAO, *args], env=full_env, capture_output=True, text=True,
                          timeout=120)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    return {"NIANBAO_HOME": str(tmp_path / "data"), "COLUMNS": "200"}


def test_ingest_stats_and_fsck(tmp_path: Path, home: dict[str, str]) -> None:
    report = tmp_path / "report.txt"
    report.write_text("某某区人民政府2024年政府信息公开工作年度报告", encoding="utf-8")
    first = run("ingest", str(report), "--url", "https://www.example.gov.cn/ndbg/1.txt",
                "--no-parse", env=home)
    assert "1 new blob(s)" in first.stdout
    again = run("ingest", str(report), "--no-parse", env=home)
    assert "1 already stored" in again.stdout
    stats = run("stats", "--json", env=home)
    assert '"blobs": 1' in stats.stdout and '"fetches": 2' in stats.stdout
    assert "0 missing, 0 corrupt" in run("fsck", env=home).stdout


def test_fsck_names_a_corrupt_blob_and_fails(tmp_path: Path, home: dict[str, str]) -> None:
    report = tmp_path / "r.txt"
    report.write_bytes(b"bytes that will rot" * 50)
    run("ingest", str(report), "--no-parse", env=home)
    blob = next((tmp_path / "data" / "blobs").rglob("*.zst"))
    blob.write_bytes(blob.read_bytes()[:-8])
    proc = run("fsck", env=home, check=False)
    assert proc.returncode == 1
    assert blob.stem in proc.stderr and "corrupt" in proc.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"NIANBAO_HOME": "/proc/nianbao-cannot-be-here"}, "NIANBAO_HOME"),
        ({"NIANBAO_DB_URL": "postgresql://postgres@127.0.0.1:9/none"}, "NIANBAO_DB_URL"),
        ({"NIANBAO_DB_URL": "nosuchdb://x"}, "NIANBAO_DB_URL"),
        ({"NIANBAO_STORE_URL": "nosuchscheme://bucket"}, "NIANBAO_STORE_URL"),
        ({"NIANBAO_STORE_OPTIONS": "[1"}, "NIANBAO_STORE_OPTIONS"),
    ],
)
def test_bad_settings_give_one_line_naming_the_setting(
    home: dict[str, str], env: dict[str, str], expected: str
) -> None:
    proc = run("db", "upgrade", env={**home, **env}, check=False)  # a command that creates
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nianbao: error:")
    assert expected in lines[0]


def test_missing_file_and_misused_url(tmp_path: Path, home: dict[str, str]) -> None:
    proc = run("ingest", str(tmp_path / "nope.pdf"), env=home, check=False)
    assert proc.returncode == 1 and "nope.pdf: no such file" in proc.stderr
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("a")
    b.write_text("b")
    proc = run("ingest", str(a), str(b), "--url", "https://x.gov.cn/a", env=home, check=False)
    assert proc.returncode == 1 and "one PATH" in proc.stderr


@pytest.mark.parametrize("command", [[], ["db"], ["ingest"], ["fsck"], ["stats"], ["db", "upgrade"]])
def test_every_command_has_help_with_an_example(command: list[str], home: dict[str, str]) -> None:
    proc = run(*command, "--help", env=home)
    assert "Usage" in proc.stdout
    if command and command != ["db"]:
        assert "nianbao" in proc.stdout.split("Usage", 1)[1]


def test_db_upgrade_reports_the_revision(home: dict[str, str]) -> None:
    first = run("db", "upgrade", env=home)
    assert "upgraded from empty" in first.stdout
    assert "up to date" in run("db", "upgrade", env=home).stdout
