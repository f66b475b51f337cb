"""`nianbao agency ...` as a user runs it: a real `nianbao` process on the demo archive
(built once for the module; a test that changes the registry works on its own copy)."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.clirun import nianbao
from tests.fixtures import make_fixtures as mf

HONGZE = "320813|人民政府"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive `nianbao demo` makes (read-only for the tests that use it)."""
    home = tmp_path_factory.mktemp("agency-demo") / "data"
    proc = nianbao(["demo"], home=home, cwd=home.parent)
    assert proc.returncode == 0, proc.stderr
    return home


@pytest.fixture
def home(demo: Path, tmp_path: Path) -> Path:
    """A copy of the demo archive this test may change."""
    return Path(shutil.copytree(demo, tmp_path / "data"))


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """`nianbao ARGS` on the archive in `home`, expected to succeed."""
    proc = nianbao(args, home=home, cwd=home.parent)
    assert proc.returncode == 0, proc.stderr
    return proc


def fails(*args: str, home: Path) -> str:
    """`nianbao ARGS` expected to fail with one readable line on stderr; returns the line."""
    proc = nianbao(args, home=home, cwd=home.parent)
    assert proc.returncode == 1, proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nianbao: error: "), proc.stderr
    return lines[0]


def shown(name: str, home: Path) -> dict:
    return json.loads(run("agency", "show", name, "--json", home=home).stdout)


def listed(home: Path, *args: str) -> list[dict]:
    return json.loads(run("agency", "list", "--json", *args, home=home).stdout)


def test_list_shows_hongze_once_with_its_two_years(demo: Path) -> None:
    hongze = [a for a in listed(demo) if a["region_code"] == "320813"]
    assert [(a["key"], a["years"], a["reports"]) for a in hongze] == [(HONGZE, [2023, 2024], 2)]
    table = run("agency", "list", "--region", "淮安", home=demo).stdout
    assert table.startswith("2 agencies with --region 淮安")
    lines = table.splitlines()
    row = next(i for i, line in enumerate(lines) if "淮安市洪泽区人民政府" in line)
    assert "江苏省淮安市洪泽区" in lines[row] and "county" in lines[row]
    assert "2023–2024 (2)" in lines[row] and HONGZE in lines[row + 1]  # years (reports), key
    assert [a["name"] for a in listed(demo, "--level", "prefecture")] == ["淮安市人民政府"]
    assert {a["kind"] for a in listed(demo, "--kind", "department")} == {"department"}


def test_both_printed_names_show_one_agency_with_both_years_and_its_series(demo: Path) -> None:
    short, long = shown("洪泽区人民政府", demo), shown("淮安市洪泽区人民政府", demo)
    assert short == long
    assert short["agency"]["key"] == HONGZE
    assert short["agency"]["parent"] == "淮安市人民政府"
    assert {a["name"] for a in short["aliases"]} == {"洪泽区人民政府", "淮安市洪泽区人民政府"}
    assert [(r["year"], r["report"]) for r in short["reports"]] == [
        (2023, "洪泽区人民政府/2023"), (2024, "淮安市洪泽区人民政府/2024")]
    new = [(y["year"], y["values"]["requests.new.total"]) for y in short["series"]["years"]]
    assert new == [(2023, 21), (2024, 95)]
    text = run("agency", "show", "洪泽区人民政府", home=demo).stdout
    assert "江苏省淮安市洪泽区 (320813)" in text
    assert "key numbers across years" in text
    row = next(line for line in text.splitlines() if "新收申请" in line)
    assert [cell.strip() for cell in row.split("│")][2:4] == ["21", "95"]  # 2023, 2024


def test_an_unknown_agency_is_one_line_with_the_nearest_names(demo: Path) -> None:
    line = fails("agency", "show", "洪泽区人民法院", home=demo)
    assert "no agency '洪泽区人民法院'" in line and "did you mean 洪泽区人民政府" in line
    assert "nianbao agency list" in line


def test_merge_folds_an_agency_and_its_reports_into_another(home: Path) -> None:
    done = run("agency", "merge", "北关区工信局", "北关区行政审批和政务信息管理局", home=home).stdout
    assert "merged 北关区工信局" in done and "1 changed agency" in done
    merged = shown("北关区工信局", home)  # the old name leads to the agency it joined
    assert merged["agency"]["name"] == "北关区行政审批和政务信息管理局"
    assert merged["merged_in"] == ["北关区工信局"]
    assert {r["report"] for r in merged["reports"]} == {
        "北关区行政审批和政务信息管理局/2024", "北关区工信局/2024"}
    assert "北关区工信局" not in {a["name"] for a in listed(home)}
    history = run("history", "北关区工信局/2024", home=home).stdout
    moved = next(line for line in history.splitlines() if "filed under another agency" in line)
    assert "北关区工信局 → 北关区行政审批和政务信息管理局" in moved and "merged by hand" in moved
    again = fails("agency", "merge", "北关区工信局", "北关区行政审批和政务信息管理局", home=home)
    assert "already one agency" in again


def test_rename_keeps_the_agency_and_its_reports_under_the_new_name(home: Path) -> None:
    done = run("agency", "rename", "北关区行政审批和政务信息管理局", "北关区政务服务和数据管理局",
               "--on", "2025-01-01", home=home).stdout
    assert "is called 北关区政务服务和数据管理局 from 2025-01-01" in done
    assert "0 changed agency" in done  # the same agency: no report moves
    renamed = shown("北关区政务服务和数据管理局", home)
    assert renamed == shown("北关区行政审批和政务信息管理局", home)
    assert renamed["renamings"] == [{"old": "北关区行政审批和政务信息管理局",
                                     "new": "北关区政务服务和数据管理局", "on": "2025-01-01"}]
    assert [r["report"] for r in renamed["reports"]] == ["北关区行政审批和政务信息管理局/2024"]
    text = run("agency", "show", "北关区政务服务和数据管理局", home=home).stdout
    assert "北关区行政审批和政务信息管理局 → 北关区政务服务和数据管理局 on 2025-01-01" in text


def test_a_retired_agency_is_no_longer_expected(home: Path) -> None:
    before = run("agency", "expected", "淮安市人民政府", "--year", "2025", home=home).stdout
    row = next(line for line in before.splitlines() if "淮安市洪泽区人民政府" in line)
    assert "under it in the registry" in row and "published for 2024" in row and "no" in row
    done = run("agency", "retire", "洪泽区人民政府", "--on", "2025-01-01",
               "--successor", "淮安市人民政府", home=home).stdout
    assert "淮安市洪泽区人民政府 abolished on 2025-01-01, its duties to 淮安市人民政府" in done
    after = run("agency", "expected", "淮安市人民政府", "--year", "2025", home=home).stdout
    assert "洪泽区" not in after and "no agency under 淮安市人民政府" in after
    earlier = json.loads(run("agency", "expected", "淮安市人民政府", "--year", "2023", "--json",
                             home=home).stdout)  # the year it still existed
    assert [(e["name"], e["published"]) for e in earlier["expected"]] == [
        ("淮安市洪泽区人民政府", True)]
    assert shown("淮安市人民政府", home)["predecessors"] == [
        {"name": "淮安市洪泽区人民政府", "ended_on": "2025-01-01"}]


def test_assign_settles_a_report_left_for_review(home: Path, tmp_path: Path) -> None:
    sample = next(d for d in mf.samples() if d.title.startswith("北关区红旗路街道办事处"))
    page = mf.edited(sample, "北关区红旗路街道办事处", "新城街道办事处")
    page = dataclasses.replace(page, title=sample.title.replace("北关区红旗路街道办事处",
                                                                "新城街道办事处"))
    (tmp_path / "xc.html").write_bytes(mf.make_html(page))
    run("ingest", str(tmp_path / "xc.html"), "--url", "https://www.xc.example.gov.cn/1.html",
        home=home)
    review = json.loads(run("agency", "review", "--json", home=home).stdout)
    assert [(r["report"], r["name"]) for r in review] == [("新城街道办事处/2023", "新城街道办事处")]
    places = {c["place"] for c in review[0]["candidates"]}
    assert "山西省太原市尖草坪区新城街道 街道办事处" in places and len(places) > 5
    table = run("agency", "review", home=home).stdout
    assert "1 report awaits an agency decision" in table and "in all" in table
    vague = fails("agency", "assign", "新城街道办事处/2023", "新城街道办事处", home=home)
    assert "is not one agency for certain" in vague and "region in front" in vague
    done = run("agency", "assign", "新城街道办事处/2023", "太原市尖草坪区新城街道办事处",
               home=home).stdout
    assert "is 太原市尖草坪区新城街道办事处 (140108009|街道办事处), decided by hand" in done
    assert "no reports await" in run("agency", "review", home=home).stdout
    settled = shown("新城街道办事处", home)
    assert settled["agency"]["region"] == "山西省太原市尖草坪区新城街道"
    assert [r["report"] for r in settled["reports"]] == ["新城街道办事处/2023"]


def test_assign_moves_a_filed_report_and_the_latest_decision_wins(home: Path) -> None:
    run("agency", "assign", "北关区工信局/2024", "北关区行政审批和政务信息管理局", home=home)
    reports = [r["report"] for r in shown("北关区行政审批和政务信息管理局", home)["reports"]]
    assert "北关区工信局/2024" in reports
    history = run("history", "北关区工信局/2024", home=home).stdout
    assert "filed under another agency  北关区工信局 → 北关区行政审批和政务信息管理局 " \
           "(assigned by hand)" in history
    run("agency", "assign", "北关区工信局/2024", "410503|工业和信息化局", home=home)  # back
    back = shown("410503|工业和信息化局", home)
    assert [r["report"] for r in back["reports"]] == ["北关区工信局/2024"]
    assert run("agency", "resolve", home=home).stdout.strip() == \
        "re-resolved 8 report(s): 0 changed agency"


@pytest.mark.parametrize(("args", "expected"), [
    (("rename", "北关区工信局", "北关区数据局", "--on", "2024-13-01"),
     "--on 2024-13-01 is not a date (YYYY-MM-DD)"),
    (("retire", "北关区工信局", "--on", "2025/01/01"), "--on 2025/01/01 is not a date"),
    (("rename", "北关区工信局", "北关区数据局"), "give --on YYYY-MM-DD"),
    (("expected", "淮安市人民政府"), "give --year YEAR"),
    (("list", "--level", "city"), "--level 'city': use one of province, prefecture, county"),
])
def test_bad_input_is_one_line(demo: Path, args: tuple[str, ...], expected: str) -> None:
    assert expected in fails("agency", *args, home=demo)
