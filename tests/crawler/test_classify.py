"""Classification rules: reports of every kind of publisher say yes, look-alikes say no, and
every decision names the rule that fired."""

from __future__ import annotations

import pytest

from crawler.classify import RULES, classify_page, classify_title, find_year

REPORTS = [
    ("北仑区人民政府2024年度政府信息公开工作年度报告", "北仑区人民政府", 2024),
    ("2024年北仑区人民政府政府信息公开工作年度报告", "北仑区人民政府", 2024),
    ("北关区红旗路街道办事处 2023 年政府信息公开工作年度报告", "北关区红旗路街道办事处", 2023),
    ("二〇二三年度北京市发展和改革委员会政府信息公开工作年度报告", "北京市发展和改革委员会", 2023),
    ("北关区工信局２０２４年政府信息公开工作年度报告", "北关区工信局", 2024),
    ("2024年北仑区政府信息公开工作年度报告", "北仑区政府", 2024),
    ("某某镇2022年政府信息公开年报", "某某镇", 2022),
    ("2015年度商务部信息公开年度报告", "商务部", 2015),
    ("莒峰县审计局2024年政府信息公开工作年度报告", "莒峰县审计局", 2024),
    ("某县职业技能培训中心2023年政府信息公开工作年度报告", "某县职业技能培训中心", 2023),
    ("关于2015年度政府信息公开工作情况的报告", None, 2015),
    ("柏津县人民政府关于2014年度政府信息公开工作的报告", "柏津县人民政府", 2014),
    ("新长县人民政府办公室关于新长县2023年政府信息公开工作年度报告的通知", "新长县人民政府办公室", 2023),
    ("关于公布《宝化县人民政府2025年度政府信息公开工作报告》的通知", "宝化县人民政府", 2025),
    ("关于公布《某县2022年政府信息公开工作年度报告》的公告", "某县", 2022),
]

LOOKALIKES = [
    ("2025年政务公开工作要点", "not.work_points"),
    ("示例市2024年法治政府建设年度报告", "not.rule_of_law"),
    ("北关区工信局2024年工作总结", "not.work_summary"),
    ("示例市2023年统计年报", "not.statistics"),
    ("模拟街道办事处2024年度决算公开", "not.budget"),
    ("关于《淮安市人民政府2024年政府信息公开工作年度报告》的解读", "not.interpretation"),
    ("我市召开政府信息公开工作年度报告编制培训会", "not.notice"),
    ("关于做好2024年度政府信息公开工作年度报告编制发布工作的通知", "not.notice"),
    ("关于召开2024年度政务公开工作会议的通知", "not.notice"),
    ("2024年度企业年报公示", "not.enterprise_report"),
    ("关于开展2017年度企业年度报告公示工作的通告", "not.enterprise_report"),
    ("关于督促市场主体按时报送2009年度年报的提示", "not.enterprise_report"),
    ("某县审计局关于2023年度县级预算执行情况的审计工作报告", "not.budget"),
    ("某县人民政府门户网站工作年度报表（2022年度）", "not.website_report"),
    ("某县人民政府2018年度政务新媒体工作年度报表", "not.website_report"),
    ("青远市住房公积金管理中心2024年住房公积金年度报告", "not.other_report"),
    ("国家边境口岸管理局2024年度安全生产工作年度报告", "not.other_work_report"),
    ("某市2024年度政府工作报告", "not.other_work_report"),
    ("某局2024年度优化营商环境工作报告", "not.other_work_report"),
    ("我市发布2024年度政府信息公开工作年度报告", "not.news_release"),
]


@pytest.mark.parametrize(("title", "agency", "year"), REPORTS)
def test_reports_are_recognised_with_agency_and_year(title: str, agency: str, year: int) -> None:
    d = classify_title(title)
    assert d.is_report and d.rule.startswith("report.")
    assert (d.agency, d.year) == (agency, year)


@pytest.mark.parametrize(("title", "rule"), LOOKALIKES)
def test_lookalikes_are_refused_by_a_named_rule(title: str, rule: str) -> None:
    d = classify_title(title)
    assert not d.is_report
    assert d.rule == rule


def test_a_column_name_without_a_year_is_not_a_report() -> None:
    d = classify_title("政府信息公开年报")
    assert not d.is_report and d.rule == "column.report.title"


def test_bare_year_titles_count_only_inside_a_column() -> None:
    assert not classify_title("2024年度报告").is_report
    d = classify_title("2024年度报告", in_column=True)
    assert d.is_report and d.year == 2024 and d.rule == "report.column_year_title"


def test_hanweb_endpoint_url_is_a_report_of_its_year() -> None:
    d = classify_title("", "http://x.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=1&fbtime=2021")
    assert d.is_report and d.year == 2021 and d.rule == "report.hanweb_endpoint"


def test_page_agency_from_the_line_before_the_title() -> None:
    d = classify_page("北仑区政府门户网站", "2024年度政府信息公开工作年度报告",
                      "北仑区人民政府\n2024年度政府信息公开工作年度报告\n编制说明")
    assert d.is_report and d.agency == "北仑区人民政府" and d.year == 2024
    assert d.to_dict()["rule"].startswith("page.headline:")


def test_rules_table_names_are_unique_and_ordered_negatives_first() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    first_positive = next(i for i, r in enumerate(RULES) if r.verdict)
    assert all(not r.verdict for r in RULES[:first_positive])


def test_find_year_reads_chinese_numerals() -> None:
    assert find_year("二〇一九年政府信息公开工作年度报告") == 2019


def test_a_notices_column_is_no_notice() -> None:
    assert classify_title("通知公告").rule == "none"
