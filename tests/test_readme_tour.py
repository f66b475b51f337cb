"""The README's "short tour of the CLI", run as written: every command of its code block
that works offline runs, in order, as a real `nianbao` process on a fresh demo archive, and
must exit 0 and print what a reader would look for. The commands come from README.md itself,
so the tour and this test cannot drift apart; the ones that are not run are listed in
NOT_RUN, each with why, and a stale entry fails too."""

from __future__ import annotations

import csv
import json
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.clirun import nianbao

ROOT = Path(__file__).resolve().parents[1]
TOUR_HEADING = "## A short tour of the CLI"

#: Tour commands not run here (by how they start), and why.
NOT_RUN = {
    "nianbao crawl ": "crawls real portals on the internet",
    "nianbao parse report.pdf": "names the reader's own files",
    "nianbao ingest report.pdf": "names the reader's own files",
    "nianbao serve": "serves until stopped (the web interface has its own tests in tests/web)",
    "nianbao report merge": "names two reports of the reader's archive; the demo has no such pair",
}


def tour() -> list[tuple[str, str]]:
    """(command as written, its comment) for each line of the tour's code block, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert TOUR_HEADING in text, f"README.md: no {TOUR_HEADING!r} section"
    block = re.search(r"```bash\n(.*?)```", text.split(TOUR_HEADING, 1)[1], re.S)
    assert block, f"README.md: no ```bash block under {TOUR_HEADING!r}"
    lines = []
    for raw in block.group(1).splitlines():
        command, _, comment = raw.partition(" #")
        if command.strip():
            lines.append((command.strip(), comment.strip()))
    return lines


def flat(value: Any, prefix: str = "") -> dict[str, str]:
    """A nested JSON object as {dotted.key: text of the value}."""
    if isinstance(value, dict):
        return {k: v for key, item in value.items()
                for k, v in flat(item, f"{prefix}{key}.").items()}
    return {prefix.rstrip("."): str(value)}


def exported(path: Path) -> list[dict[str, str]]:
    """The rows of an export, values as text (CSV, JSON Lines, Parquet, XLSX's first sheet)."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))
    if path.suffix == ".jsonl":  # the record nested: flattened to dotted keys
        return [flat(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return [{k: str(v) for k, v in row.items()} for row in pq.read_table(path).to_pylist()]
    if path.suffix == ".xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        rows = [[str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]
    raise AssertionError(f"no reader for {path.name}")


def check_export(path: Path) -> None:
    """The export holds 北仑区人民政府 2024 as corrected (version 2, 579 where it was 580) and
    only 2024 reports; a WARC holds the captures of the report's page."""
    if path.suffix == ".warc":
        data = path.read_bytes()
        assert data.startswith(b"WARC/1."), data[:20]
        assert b"http://sample-portal.nianbao.test/zwgk/zfxxgknb/202503/t20250331_1001.html" in data
        return
    rows = exported(path)
    beilun = [r for r in rows if "北仑区人民政府" in r.values()]
    assert len(beilun) == 1, f"{len(beilun)} rows of 北仑区人民政府"
    assert (beilun[0].get("version") or beilun[0].get("版本")) == "2", beilun[0]
    assert "579" in beilun[0].values() and "580" not in beilun[0].values()
    assert {r.get("year") or r.get("年度") for r in rows} == {"2024"}


def has(*patterns: str) -> Callable[[str], None]:
    """Every pattern (a regular expression) occurs in the output."""
    def check(output: str) -> None:
        for pattern in patterns:
            assert re.search(pattern, output), f"{pattern!r} not in the output"
    return check


#: What a reader checks in each command's output (commands as written in the tour).
EXPECT: dict[str, Callable[[str], None]] = {
    "nianbao demo": has("reports in the archive", "北仑区人民政府", r"nianbao demo --republish"),
    "nianbao demo --republish": has("withdrawn", r"580 → 579"),
    "nianbao portals --region 江苏": has(r"\bhuaian\b"),  # the portal the crawl example names
    "nianbao search 行政复议 --year 2024 --where 'requests.new.total>100'": has("北仑区人民政府"),
    "nianbao show 北仑区人民政府/2024": has(r"\b579\b"),
    "nianbao history 北仑区人民政府/2024": has("published", "changed"),
    "nianbao history 洪泽区人民政府/2023": has("withdrawn"),
    "nianbao diff 北仑区人民政府/2024 --from 1 --to 2": has(r"580\D+579", "balance"),
    "nianbao changes --since 7d": has(r"withdrawn.*洪泽区人民政府", r"changed.*北仑区人民政府"),
    "nianbao agency show 淮安市洪泽区人民政府": has("洪泽区人民政府", "淮安市洪泽区人民政府",
                                                   "2023", "2024", "320813"),
    "nianbao agency list --region 江苏": has("江苏省淮安市洪泽区", "江苏省淮安市"),
    "nianbao stats": has(r"reports\W+8\b"),
    "nianbao fsck": has(r"\b0 missing, 0 corrupt"),
}


def test_every_tour_command_is_run_or_says_why_not() -> None:
    commands = [c for c, _ in tour()]
    assert commands[:2] == ["nianbao demo", "nianbao demo --republish"], \
        "the tour starts with the demo, then its later state"
    for prefix in NOT_RUN:
        assert any(c.startswith(prefix) for c in commands), f"NOT_RUN {prefix!r}: not in the tour"
    for command in EXPECT:
        assert command in commands, f"EXPECT {command!r}: not in the tour (update the test)"


@pytest.mark.slow
def test_the_readme_tour_runs_offline(tmp_path: Path) -> None:
    home = tmp_path / "nianbao-data"
    failures: list[str] = []
    for command, comment in tour():
        if any(command.startswith(prefix) for prefix in NOT_RUN):
            continue
        runs = [command]
        if command.startswith("nianbao export"):  # "# also csv, parquet, jsonl, warc"
            also = re.search(r"also ([\w, ]+)", comment)
            fmt = re.search(r"--format (\w+)", command)
            assert also and fmt, command
            runs += [command.replace(f"--format {fmt.group(1)}", f"--format {other}")
                     .replace(f".{fmt.group(1)}", f".{other}")
                     for other in re.split(r",\s*", also.group(1).strip())]
        for run in runs:
            words = shlex.split(run)
            proc = nianbao(words[1:], home=home, cwd=tmp_path)
            if proc.returncode != 0:
                failures.append(f"{run}: exit {proc.returncode}: "
                                f"{(proc.stdout + proc.stderr).strip()[-400:]}")
                continue
            try:
                if run in EXPECT:
                    EXPECT[run](proc.stdout)
                if "--out" in words:
                    check_export(tmp_path / words[words.index("--out") + 1])
            except AssertionError as exc:
                failures.append(f"{run}: {exc}\n{proc.stdout[-1500:]}")
    assert not failures, "\n\n".join(failures)
