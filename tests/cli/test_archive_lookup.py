"""Which archive a command opens: NIANBAO_HOME, else the nearest nianbao-data in the current
folder or above it (as git finds .git), else the per-user archive; and a reading command
never makes one where there is none."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

NIANBAO = [sys.executable, "-c", "from archive.cli.main import main; main()"]
REPORT_URL = "https://www.example.gov.cn/xxgk/ndbg/t20250131_1.html"


def run(*args: str, cwd: Path, xdg: Path, home: str | None = None,
        ok: bool = True) -> subprocess.CompletedProcess[str]:
    """A real `nianbao` process in `cwd`, with its per-user data directory under `xdg`."""
    env = {k: v for k, v in os.environ.items() if k != "NIANBAO_HOME"}
    env |= {"XDG_DATA_HOME": str(xdg), "COLUMNS": "200"}
    if home is not None:
        env["NIANBAO_HOME"] = home
    proc = subprocess.run([*NIANBAO, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=180)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    """An empty working folder and an empty per-user data directory."""
    work, xdg = tmp_path / "work", tmp_path / "xdg"
    work.mkdir()
    xdg.mkdir()
    return work, xdg


def _report(folder: Path) -> Path:
    page = folder / "report.html"
    page.write_text("<html><body><h1>某某区人民政府2024年政府信息公开工作年度报告</h1>"
                    "<p>一、总体情况</p></body></html>", encoding="utf-8")
    return page


@pytest.mark.parametrize("command", [
    ["search", "复议"],
    ["stats"],
    ["changes"],
    ["show", "北仑区人民政府/2024"],
    ["history", "北仑区人民政府/2024"],
    ["export", "--format", "warc", "--out", "a.warc.gz"],
    ["fsck"],
    ["db", "current"],
    ["serve", "--port", "8"],
])
def test_a_reading_command_in_an_empty_folder_says_there_is_no_archive(
        places: tuple[Path, Path], command: list[str]) -> None:
    work, xdg = places
    proc = run(*command, cwd=work, xdg=xdg, ok=False)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nianbao: error: no archive"), proc.stderr
    assert str(work) in lines[0] and "nianbao init" in lines[0]
    assert "Traceback" not in proc.stderr
    assert list(work.iterdir()) == [], "a reading command made files"
    assert list(xdg.rglob("*")) == [], "a reading command made the per-user archive"


def test_commands_below_an_archive_find_it_and_say_where(places: tuple[Path, Path]) -> None:
    work, xdg = places
    run("init", cwd=work, xdg=xdg)
    run("ingest", str(_report(work)), "--url", REPORT_URL, cwd=work, xdg=xdg)
    deeper = work / "notes" / "2024"
    deeper.mkdir(parents=True)
    proc = run("stats", "--json", cwd=deeper, xdg=xdg)
    assert '"fetches": 1' in proc.stdout
    assert f"using the archive at {work / 'nianbao-data'} (found above" in proc.stderr
    assert not (deeper / "nianbao-data").exists()
    # in the archive's own folder it is the obvious one: nothing to say
    assert "using the archive" not in run("stats", cwd=work, xdg=xdg).stderr


def test_without_any_archive_a_writing_command_makes_the_per_user_one(
        places: tuple[Path, Path], tmp_path: Path) -> None:
    work, xdg = places
    proc = run("ingest", str(_report(work)), "--url", REPORT_URL, cwd=work, xdg=xdg)
    assert "created a new archive at" in proc.stderr and "per-user archive" in proc.stderr
    assert (xdg / "nianbao" / "nianbao.sqlite").is_file()
    assert not (work / "nianbao-data").exists()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    found = run("stats", "--json", cwd=elsewhere, xdg=xdg)
    assert '"fetches": 1' in found.stdout and "per-user archive" in found.stderr


def test_nianbao_home_that_does_not_exist_is_named(places: tuple[Path, Path]) -> None:
    work, xdg = places
    missing = work / "typo-data"
    proc = run("search", "复议", cwd=work, xdg=xdg, home=str(missing), ok=False)
    assert proc.returncode == 1
    assert f"no archive: {missing} (set by NIANBAO_HOME)" in proc.stderr
    assert not missing.exists()


def test_a_reading_command_does_not_upgrade_an_older_schema(places: tuple[Path, Path]) -> None:
    from archive.catalogue import migrate
    from archive.catalogue.db import make_engine

    work, xdg = places
    data = work / "nianbao-data"
    data.mkdir()
    engine = make_engine(f"sqlite:///{data / 'nianbao.sqlite'}")
    migrate.upgrade(engine, "0003")
    engine.dispose()
    proc = run("stats", cwd=work, xdg=xdg, ok=False)
    assert proc.returncode == 1
    assert "schema revision 0003" in proc.stderr and "nianbao db upgrade" in proc.stderr
    with sqlite3.connect(data / "nianbao.sqlite") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
    run("db", "upgrade", cwd=work, xdg=xdg)
    run("stats", cwd=work, xdg=xdg)


def test_a_percent_sign_in_the_data_directory_works(places: tuple[Path, Path]) -> None:
    work, xdg = places
    home = str(work / "data%dir" / "home")
    run("ingest", str(_report(work)), "--url", REPORT_URL, cwd=work, xdg=xdg, home=home)
    assert '"fetches": 1' in run("stats", "--json", cwd=work, xdg=xdg, home=home).stdout


def test_searching_an_empty_archive_says_it_is_empty(places: tuple[Path, Path]) -> None:
    work, xdg = places
    run("init", cwd=work, xdg=xdg)
    proc = run("search", "复议", cwd=work, xdg=xdg)
    assert "holds no reports yet" in proc.stdout and "no reports match" not in proc.stdout
