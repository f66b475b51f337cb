"""`nianbao search` and `nianbao show` as a user runs them (SQLite archive, real process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.search.conftest import REPORTS

NIANBAO = [sys.executable, "-c", "from archive.cli.main import main; main()"]


def run(*args: str, env: dict[str, str], ok: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([*NIANBAO, *args], env={**os.environ, **env}, capture_output=True,
                          text=True, timeout=120)
    assert (proc.returncode == 0) == ok, proc.stderr
    return proc


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    env = {"NIANBAO_HOME": str(tmp_path / "data"), "COLUMNS": "200"}
    for i, path in enumerate(REPORTS):
        run("ingest", str(path), "--url", f"https://www.example.gov.cn/ndbg/{i}.html",
            "--media-type", "text/plain", env=env)
    return env


def test_search_prints_hits_and_facets_and_json_for_programs(home: dict[str, str]) -> None:
    shown = run("search", "行政复议", "--year", "2024", env=home).stdout
    assert "北仑区人民政府" in shown and "year: 2024: 1" in shown
    page = json.loads(run("search", "公开", "--where", "requests.new.total>100", "--json",
                          env=home).stdout)
    assert page["total"] == 1 and page["items"][0]["agency"] == "北仑区人民政府"
    assert page["facets"]["check"] == [{"value": "requests.balance", "count": 1}]


def test_show_lays_out_the_template_and_the_versions(home: dict[str, str]) -> None:
    shown = run("show", "北仑区人民政府/2024", env=home).stdout
    for label in ("三、收到和处理政府信息公开申请情况", "结果纠正", "requests.balance",
                  "一、总体情况", "versions"):
        assert label in shown
    record = json.loads(run("show", "北仑区人民政府/2024", "--json", env=home).stdout)
    assert record["version"]["number"] == 1 and record["record"]["year"] == 2024


def test_mistakes_are_one_line(home: dict[str, str]) -> None:
    bad = run("search", "公开", "--where", "requests.new>1", env=home, ok=False)
    assert bad.stderr.strip().count("\n") == 0 and "TABLE.ROW.COLUMN" in bad.stderr
    missing = run("show", "9999", env=home, ok=False)
    assert "no report '9999'" in missing.stderr
    assert "Examples" in run("search", "--help", env=home).stdout
