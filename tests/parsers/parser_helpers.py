"""Shared helpers of the parser tests: where the samples and fixtures are, the expected
records, and `relayout`, which re-lays a report's text out the ways extraction does."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

from tests.samples import REPORTS as SAMPLES

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
EXPECTED = FIXTURES / "expected"
REPORTS = FIXTURES / "reports"

SAMPLE_STEMS = sorted(p.stem for p in EXPECTED.glob("*.json"))


def sample_text(stem: str) -> str:
    return (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8")


def expected(stem: str) -> dict[str, Any]:
    return json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))


def fixture_text(name: str) -> str:
    return (REPORTS / name).read_text(encoding="utf-8")


def cells(tables: dict[str, Any]) -> dict[str, Any]:
    """Every table cell of a record as {dotted path: value}."""
    out = {}
    for tkey, table in tables.items():
        for rkey, row in table.items():
            for ckey, value in row.items():
                out[f"{tkey}.{rkey}.{ckey}"] = value
    return out


def grid_text(record: dict[str, Any]) -> str:
    """002's tables as an HTML extractor renders them: one row per line, tabs between
    cells, every merged cell's text repeated in each grid position it covers."""
    req, rev, act = (record["tables"][k] for k in ("requests", "review_litigation", "active_disclosure"))
    cols = ["natural_person", "commercial_enterprise", "research_institution",
            "public_interest_org", "legal_service_org", "other_org", "total"]
    corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    labels = {
        "granted": ("（一）予以公开", "（一）予以公开"),
        "partially_granted": ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）",) * 2,
        "denied_state_secret": ("（三）不予公开", "1.属于国家秘密"),
        "denied_prohibited_by_law": ("（三）不予公开", "2.其他法律行政法规禁止公开"),
        "denied_security_stability": ("（三）不予公开", "3.危及“三安全一稳定”"),
        "denied_third_party_rights": ("（三）不予公开", "4.保护第三方合法权益"),
        "denied_internal_affairs": ("（三）不予公开", "5.属于三类内部事务信息"),
        "denied_process_info": ("（三）不予公开", "6.属于四类过程性信息"),
        "denied_enforcement_files": ("（三）不予公开", "7.属于行政执法案卷"),
        "denied_query_matters": ("（三）不予公开", "8.属于行政查询事项"),
        "unavailable_not_held": ("（四）无法提供", "1.本机关不掌握相关政府信息"),
        "unavailable_needs_creation": ("（四）无法提供", "2.没有现成信息需要另行制作"),
        "unavailable_unclear": ("（四）无法提供", "3.补正后申请内容仍不明确"),
        "not_processed_petition": ("（五）不予处理", "1.信访举报投诉类申请"),
        "not_processed_repeated": ("（五）不予处理", "2.重复申请"),
        "not_processed_publications": ("（五）不予处理", "3.要求提供公开出版物"),
        "not_processed_excessive": ("（五）不予处理", "4.无正当理由大量反复申请"),
        "not_processed_confirmation": ("（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
        "other_no_correction": ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        "other_fee_unpaid": ("（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        "other_other": ("（六）其他处理", "3.其他"),
        "total_handled": ("（七）总计", "（七）总计"),
    }

    def row(*cells: object) -> str:
        return "\t".join(str(c) for c in cells)

    lines = ["北仑区人民政府2024年度政府信息公开工作年度报告", "", "一、总体情况", "",
             "全年依法公开政府信息。", "", "二、主动公开政府信息情况", ""]
    for item, header, keys in (("（一）", ("本年制发件数", "本年废止件数", "现行有效件数"), ("rules", "normative_documents")),
                               ("（五）", ("本年处理决定数量",) * 3, ("licensing",)),
                               ("（六）", ("本年处理决定数量",) * 3, ("punishment", "enforcement")),
                               ("（八）", ("本年收费金额（单位：万元）",) * 3, ("fees",))):
        lines.append(row(*[f"第二十条第{item}项"] * 4))
        lines.append(row("信息内容", *header))
        names = {"rules": "规章", "normative_documents": "行政规范性文件", "licensing": "行政许可",
                 "punishment": "行政处罚", "enforcement": "行政强制", "fees": "行政事业性收费"}
        for key in keys:
            values = list(act[key].values())
            lines.append(row(names[key], *(values * 3)[:3]))  # a one-value row spans three columns
    lines += ["", "三、收到和处理政府信息公开申请情况", "",
              row(corner, corner, corner, *["申请人情况"] * 7),
              row(corner, corner, corner, "自然人", *["法人或其他组织"] * 5, "总计"),
              row(corner, corner, corner, "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"),
              row(*["一、本年新收政府信息公开申请数量"] * 3, *(req["new"][c] for c in cols)),
              row(*["二、上年结转政府信息公开申请数量"] * 3, *(req["carried_over"][c] for c in cols))]
    for key, (group, label) in labels.items():
        lines.append(row("三、本年度办理结果", group, label, *(req[key][c] for c in cols)))
    lines += [row(*["四、结转下年度继续办理"] * 3, *(req["carried_forward"][c] for c in cols)), "",
              "四、政府信息公开行政复议、行政诉讼情况", "",
              row(*["行政复议"] * 5, *["行政诉讼"] * 10),
              row("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", *["未经复议直接起诉"] * 5, *["复议后起诉"] * 5),
              row(*(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3)),
              row(*(v for g in rev.values() for v in g.values())), "",
              "五、存在的主要问题及改进情况", "", "无。", "", "六、其他需要报告的事项", "", "无。"]
    return "\n".join(lines)


# ------------------------------------------------------------------------- re-layout

_CJK = re.compile(r"[\u4e00-\u9fff]")
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_ZONE_START = re.compile(r"^[#\s]*(二、)?主动公开政府信息(的)?情况\s*$")
_ZONE_END = re.compile(r"^[#\s]*五、")
_KEEP = re.compile(r"^[#\s]*[三四]、(收到和处理|政府信息公开行政复议)")


def _cjk_gaps(line: str) -> list[int]:
    """Positions between two Chinese characters (where a wrap or a space is harmless)."""
    return [i for i in range(1, len(line)) if _CJK.match(line[i - 1]) and _CJK.match(line[i])]


def relayout(text: str, rng: random.Random, *, tabs: float = 0.3, wraps: float = 0.3,
             merges: float = 0.2, spaces: float = 0.2, fullwidth: float = 0.2) -> str:
    """The same report as another extractor might lay it out. Inside the tables (between
    the 主动公开 heading and the 五、 heading, headings kept): tabs become newlines or
    spaces, cells wrap between Chinese characters, rows are merged, spaces appear between
    characters. In narrative lines: one wrap per line, far from its ends. Anywhere:
    digits become full-width. Each change happens with the given probability."""
    lines = text.split("\n")
    start = next((i for i, ln in enumerate(lines) if _ZONE_START.match(ln)), None)
    end = next((i for i, ln in enumerate(lines) if _ZONE_END.match(ln) and start is not None and i > start), None)
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        in_zone = start is not None and end is not None and start < i < end and not _KEEP.match(line)
        if in_zone:
            if "\t" in line and rng.random() < tabs:
                line = "".join(rng.choice(["\n", " ", "\t"]) if c == "\t" else c for c in line)
            gaps = _cjk_gaps(line)
            if gaps and rng.random() < wraps:
                for pos in sorted(rng.sample(gaps, min(len(gaps), rng.randint(1, 3))), reverse=True):
                    line = line[:pos] + "\n" + line[pos:]
            gaps = _cjk_gaps(line)
            if gaps and rng.random() < spaces:
                pos = rng.choice(gaps)
                line = line[:pos] + rng.choice([" ", "  ", "\u3000"]) + line[pos:]
            nxt = i + 1
            if nxt < end and not _KEEP.match(lines[nxt]) and rng.random() < merges:
                line = line + rng.choice([" ", "\t"]) + lines[nxt]
                i += 1
        elif len(line) > 40 and rng.random() < wraps:
            gaps = [g for g in _cjk_gaps(line) if 12 <= g <= len(line) - 12]
            if gaps:
                pos = rng.choice(gaps)
                line = line[:pos] + "\n" + line[pos:]
        out.append(line)
        i += 1
    result = "\n".join(out)
    if rng.random() < fullwidth:
        result = "".join(c.translate(_FULLWIDTH_DIGITS) if c.isdigit() and rng.random() < 0.5 else c
                         for c in result)
    return result
