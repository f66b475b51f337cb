"""`nianbao search --where` as a clerk writes it: a cell named by its printed labels finds
the same reports as its path, and a cell that does not exist is an error naming the nearest
ones, never "no reports match" (SQLite archive, real process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.search.conftest import REPORTS

NIANBAO = [sys.executable, "-c", "from archive.cli.main import main; main()"]


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NIANBAO, *args], env={**os.environ, **env}, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An archive holding the five sample reports (only 北仑's numbers are not all 0)."""
    env = {"NIANBAO_HOME": str(tmp_path_factory.mktemp("cells") / "data"), "COLUMNS": "200"}
    for i, path in enumerate(REPORTS):
        proc = run("ingest", str(path), "--url", f"https://www.example.gov.cn/ndbg/{i}.html",
                   "--media-type", "text/plain", env=env)
        assert proc.returncode == 0, proc.stderr
    return env


def agencies(home: dict[str, str], *where: str) -> set[str]:
    args = [a for w in where for a in ("--where", w)]
    proc = run("search", *args, "--json", env=home)
    assert proc.returncode == 0, proc.stderr
    return {hit["agency"] for hit in json.loads(proc.stdout)["items"]}


@pytest.mark.parametrize(("path", "names"), [
    ("requests.new.total>100", ["本年新收.总计>100", "新收政府信息公开申请数量>100",
                                "一、本年新收政府信息公开申请数量 · 总计 > 100"]),
    ("requests.new.natural_person>=580", ["本年新收.自然人>=580"]),
    ("review_litigation.review.total>0", ["行政复议>0", "行政复议.总计>0"]),
    ("review_litigation.review.total<1", ["行政复议<1"]),
])
def test_a_cell_named_by_its_labels_finds_what_its_path_finds(
        home: dict[str, str], path: str, names: list[str]) -> None:
    expected = agencies(home, path)
    assert expected  # the filter selects something ...
    assert expected != agencies(home)  # ... and not everything
    for name in names:
        assert agencies(home, name) == expected, name


def test_a_misspelt_path_is_an_error_with_the_nearest_cell(home: dict[str, str]) -> None:
    proc = run("search", "--where", "requests.nwe.total>100", env=home)
    assert proc.returncode == 1
    assert "no reports match" not in proc.stdout
    message = proc.stderr.strip()
    assert "\n" not in message
    assert message.startswith("nianbao: error: filter 'requests.nwe.total>100': no cell")
    assert "nearest: requests.new.total (一、本年新收政府信息公开申请数量 · 总计)" in message
    assert "`nianbao cells` lists every cell" in message


def test_labels_that_fit_no_cell_or_several_are_errors_too(home: dict[str, str]) -> None:
    unknown = run("search", "--where", "本年新收申请.总计>100", env=home)
    assert unknown.returncode == 1 and "nearest: requests.new.total" in unknown.stderr
    several = run("search", "--where", "结果纠正>=1", env=home)
    assert several.returncode == 1 and "fits 3 cells" in several.stderr
    assert "e.g. '行政复议.结果纠正'" in several.stderr


def test_the_help_says_how_to_name_a_cell(home: dict[str, str]) -> None:
    shown = run("search", "--help", env={**home, "COLUMNS": "300"}).stdout
    assert "本年新收.总计>100" in shown and "nianbao cells" in shown
