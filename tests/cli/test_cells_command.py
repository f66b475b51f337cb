"""`nianbao cells`: every cell a filter can name, with the labels the template prints for
it, listed without any archive (a real process, pointed at a data directory that does not
exist and must not be made)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NIANBAO = [sys.executable, "-c", "from archive.cli.main import main; main()"]


@pytest.fixture
def nowhere(tmp_path: Path) -> Path:
    return tmp_path / "no-archive-here"


def cells(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NIANBAO_HOME": str(home), "COLUMNS": "250"}
    return subprocess.run([*NIANBAO, "cells", *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=home.parent)


def test_lists_every_cell_by_table_with_its_printed_labels(nowhere: Path) -> None:
    proc = cells(home=nowhere)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    titles = [line for line in lines if line and not line.startswith(" ")]
    assert titles == ["二、主动公开政府信息情况  (active_disclosure)",
                      "三、收到和处理政府信息公开申请情况  (requests)",
                      "四、政府信息公开行政复议、行政诉讼情况  (review_litigation)"]
    rows = {line.split()[0]: line for line in lines if line.startswith("  ")}
    assert len(rows) == 226
    assert rows["requests.new.total"].endswith("一、本年新收政府信息公开申请数量 · 总计")
    assert rows["requests.other_handling.total"].endswith("（六）其他处理 · 总计  [2019]")
    assert not nowhere.exists()  # no archive opened, none made


def test_english_meanings_and_one_table(nowhere: Path) -> None:
    proc = cells("--lang", "en", "--table", "review_litigation", home=nowhere)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("4. Administrative review and litigation  (review_litigation)")
    assert "review_litigation.review.corrected" in proc.stdout
    assert "Administrative review · Corrected" in proc.stdout
    assert "requests." not in proc.stdout


def test_words_pick_the_cells_whose_path_or_labels_contain_them(nowhere: Path) -> None:
    shown = cells("不予公开", home=nowhere).stdout
    paths = [line.split()[0] for line in shown.splitlines() if line.startswith("  ")]
    assert len(paths) == 8 * 7 and all(p.startswith("requests.denied_") for p in paths)
    by_title = cells("--table", "申请", "--json", home=nowhere)
    found = json.loads(by_title.stdout)
    assert {c["table"] for c in found} == {"requests"}
    new = next(c for c in found if c["path"] == "requests.new.total")
    assert new["label_path"] == "本年新收政府信息公开申请数量.总计"
    assert new["english"] == "1. New requests this year · Total"


def test_asking_for_what_no_cell_is_is_one_line(nowhere: Path) -> None:
    no_table = cells("--table", "fees", home=nowhere)
    assert no_table.returncode == 1
    assert no_table.stderr.strip() == ("nianbao: error: --table 'fees': no such table; use one "
                                       "of active_disclosure, requests, review_litigation")
    nothing = cells("requests.nwe", home=nowhere)
    assert nothing.returncode == 1 and "\n" not in nothing.stderr.strip()
    assert "nearest: requests.new" in nothing.stderr
    bad_lang = cells("--lang", "fr", home=nowhere)
    assert bad_lang.returncode == 1 and "use zh" in bad_lang.stderr
