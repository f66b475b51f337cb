"""Faults that used to read as success or as an internal error, each now one line naming the
fix: a catalogue made by a newer nianbao, a catalogue that lost its revision record, and a
folder given to `ingest`. Nothing already archived is changed by the attempt."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

NIANBAO = [sys.executable, "-c", "from archive.cli.main import main; main()"]


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NIANBAO_HOME": str(home), "COLUMNS": "200"}
    return subprocess.run([*NIANBAO, *args], env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty archive at the newest schema."""
    data = tmp_path / "data"
    assert run("db", "upgrade", home=data).returncode == 0
    return data


def one_line(proc: subprocess.CompletedProcess[str]) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert lines[0].startswith("nianbao: error: "), lines
    return lines[0]


@pytest.mark.parametrize("command", [["stats"], ["db", "upgrade"],
                                     ["ingest", "--no-parse", "{file}"]])
def test_a_catalogue_from_a_newer_nianbao_is_refused_in_one_line(
        home: Path, tmp_path: Path, command: list[str]) -> None:
    with sqlite3.connect(home / "nianbao.sqlite") as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    page = tmp_path / "report.html"
    page.write_text("<p>年度报告</p>", encoding="utf-8")
    proc = run(*[c.format(file=page) for c in command], home=home)
    assert proc.returncode == 1
    line = one_line(proc)
    assert "schema revision 9999" in line and "newer" in line and "pip install -U" in line
    with sqlite3.connect(home / "nianbao.sqlite") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("9999",)]
        assert db.execute("SELECT count(*) FROM fetches").fetchone() == (0,)


@pytest.mark.parametrize("command", [["stats"], ["db", "upgrade"]])
def test_a_catalogue_without_its_revision_record_is_named(home: Path,
                                                          command: list[str]) -> None:
    with sqlite3.connect(home / "nianbao.sqlite") as db:
        db.execute("DROP TABLE alembic_version")
    proc = run(*command, home=home)
    assert proc.returncode == 1
    line = one_line(proc)
    assert "no record of its schema revision" in line and "already exists" not in line


def test_ingesting_a_folder_says_to_give_its_files(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    proc = run("ingest", str(folder), home=home)
    assert proc.returncode == 1
    assert "is a folder; give the files in it" in one_line(proc)
