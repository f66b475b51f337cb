"""Exports take the same filters as search (archive.filters): year, agency, report format,
failing checks, cell comparisons and every version instead of the latest."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from archive.exports import export
from archive.filters import Filters
from tests.exports.conftest import EDITED_FROM, EDITED_TO, Built


def exported(built: Built, tmp_path: Path, *filters: str) -> pd.DataFrame:
    out = tmp_path / "filtered.csv"
    export(built.arc, "csv", out, Filters.parse(filters))
    return pd.read_csv(out, encoding="utf-8-sig")


def test_year_agency_and_report_format(built: Built, tmp_path: Path) -> None:
    assert set(exported(built, tmp_path, "year=2023")["agency"]) == {"北关区红旗路街道办事处"}
    assert set(exported(built, tmp_path, "agency=北关区")["agency"]) == {
        "北关区行政审批和政务信息管理局", "北关区工信局", "北关区红旗路街道办事处"}
    assert set(exported(built, tmp_path, "format=2019")["agency"]) == {"青石县自然资源局"}
    assert len(exported(built, tmp_path, "years=2019-2024")) == 6


def test_failing_checks_and_cell_comparisons(built: Built, tmp_path: Path) -> None:
    assert set(exported(built, tmp_path, "check=requests.balance")["agency"]) == {"北仑区人民政府"}
    busy = exported(built, tmp_path, "requests.new.total>100")
    assert set(busy["agency"]) == {"北仑区人民政府"}
    assert (busy["requests.new.total"] > 100).all()
    assert len(exported(built, tmp_path, "requests.new.total>100", "year=2023")) == 0


def test_all_versions_adds_the_version_before_the_republication(built: Built,
                                                                tmp_path: Path) -> None:
    df = exported(built, tmp_path, "agency=北仑区", "all_versions")

    assert df["version"].tolist() == [1, 2]
    assert df["active_disclosure.licensing.decisions"].tolist() == [int(EDITED_FROM),
                                                                     int(EDITED_TO)]
    assert df["record_hash"].nunique() == 2
