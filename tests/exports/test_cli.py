"""`nianbao export` as a user runs it: a real process on the test archive."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.exports.conftest import Built

NIANBAO = [sys.executable, "-c", "from archive.cli.main import main; main()"]


def run(built: Built, *args: str) -> subprocess.CompletedProcess[str]:
    settings = built.arc.settings
    env = {**os.environ, "NIANBAO_HOME": str(settings.home), "NIANBAO_DB_URL": settings.db_url,
           "NIANBAO_STORE_URL": settings.store_url, "COLUMNS": "200"}
    return subprocess.run([*NIANBAO, "export", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_export_with_filters_prints_one_summary_line(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "busy.csv"
    proc = run(built, "--out", str(out), "--year", "2024", "--where", "requests.new.total>100")

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines() == [f"exported 1 report version(s) to {out} (csv, "
                                                f"{proc.stdout.split('(csv, ')[1].strip()}"]
    assert pd.read_csv(out, encoding="utf-8-sig")["agency"].tolist() == ["北仑区人民政府"]


def test_format_comes_from_the_option_or_the_suffix(built: Built, tmp_path: Path) -> None:
    proc = run(built, "--format", "jsonl", "--out", str(tmp_path / "records.txt"),
               "--report-format", "2019", "--check", "none")
    assert proc.returncode == 0, proc.stderr
    assert "exported 1 report version(s)" in proc.stdout
    proc = run(built, "--out", str(tmp_path / "all.warc.gz"))
    assert "12 fetch(es) as 24 WARC record(s), 3 revisit(s), 1 without a body skipped" \
        in proc.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--format", "docx", "--out", "x.docx"], "unknown export format 'docx'"),
        (["--out", "reports.txt"], "cannot tell the export format"),
        (["--out", "/proc/nianbao/x.csv"], "cannot write /proc/nianbao/x.csv"),
        (["--out", "x.csv", "--where", "requests.new>1"], "a cell is TABLE.ROW.COLUMN"),
        (["--out", "x.csv", "--year", "last"], "a year is a number"),
    ],
)
def test_bad_input_gives_one_line(built: Built, tmp_path: Path, args: list[str],
                                  expected: str) -> None:
    args = [str(tmp_path / a) if a.startswith("x.") or a == "reports.txt" else a for a in args]
    proc = run(built, *args)

    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and expected in proc.stderr, proc.stderr
    assert proc.stderr.startswith("nianbao: error: ")
    assert not list(tmp_path.glob("*.part"))
