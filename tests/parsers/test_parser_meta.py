"""Title, agency and year, however the top of a report prints them."""

from __future__ import annotations

import pytest

from parsers.meta import read_meta


def meta(text: str, title: str | None = None):  # type: ignore[no-untyped-def]
    return read_meta(text.split("\n"), text, title)


@pytest.mark.parametrize(("top", "title", "agency", "year"), [
    ("青石县财政局2024年度政府信息公开工作年度报告", "青石县财政局2024年度政府信息公开工作年度报告", "青石县财政局", 2024),
    ("青石县财政局 2024 年政府信息公开工作年度报告", "青石县财政局2024年政府信息公开工作年度报告", "青石县财政局", 2024),
    ("青石县财政局二〇二三年政府信息公开工作年度报告", "青石县财政局二〇二三年政府信息公开工作年度报告", "青石县财政局", 2023),
    ("青石县财政局二零二二年度政府信息公开工作年度报告", "青石县财政局二零二二年度政府信息公开工作年度报告", "青石县财政局", 2022),
    ("国家示例局政府信息公开工作2024年度报告", "国家示例局政府信息公开工作2024年度报告", "国家示例局", 2024),
    ("青石县人民政府\n\n2024年度政府信息公开工作年度报告", "青石县人民政府2024年度政府信息公开工作年度报告", "青石县人民政府", 2024),
    ("# 青石县人民政府 2024 年政府信息公开工作年度报告", "青石县人民政府2024年政府信息公开工作年度报告", "青石县人民政府", 2024),
    ("首页 > 政务公开 > 年度报告\n青石镇2021年政府信息公开工作年度报告", "青石镇2021年政府信息公开工作年度报告", "青石镇", 2021),
])
def test_title_agency_year(top: str, title: str, agency: str, year: int) -> None:
    from parsers.normalize import sanitize

    m = meta(sanitize(top + "\n\n一、总体情况\n\n正文。"))
    assert (m.title, m.agency, m.year) == (title, agency, year)
    assert m.is_report


def test_a_title_from_outside_the_text_when_it_prints_none() -> None:
    m = meta("一、总体情况\n\n本年度，全县依法公开政府信息。", title="青石县2024年政府信息公开工作年度报告")
    assert (m.title, m.agency, m.year) == ("青石县2024年政府信息公开工作年度报告", "青石县", 2024)


def test_the_year_from_the_statistical_period_when_the_title_has_none() -> None:
    m = meta("青石县政府信息公开工作年度报告\n\n本报告所列数据的统计期限自2022年1月1日起至12月31日止。")
    assert m.year == 2022


def test_no_title_no_numbers() -> None:
    m = meta("")
    assert (m.title, m.agency, m.year, m.is_report) == (None, None, None, False)
