"""Texts of the *outer* world (see `outer.py`): annual reports in the two formats in use (the
2008 条例's seven parts until 2018, the 2021 国办 format with its four tables from 2019), their
titles as different offices write them, the look-alikes that share their words (工作要点,
法治政府建设年度报告, 决算, 统计公报, 解读, 企业年报公示, 住房公积金年度报告, 网站年度报表, ...),
news and notices. All sentences are written here; none is copied from a real report."""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from typing import Any


@dataclass
class Doc:
    """One text: a title and blocks ("h", heading) ("p", paragraph) ("t", table rows)."""

    title: str
    blocks: list[tuple[str, Any]]
    unit: str = ""
    year: int = 0

    def lines(self, width: int = 40) -> list[str]:
        """The text as printed lines (tables one row a line)."""
        out = [self.title, ""]
        for kind, val in self.blocks:
            if kind == "t":
                out += ["  ".join(row) for row in val]
            elif kind == "h":
                out.append(val)
            else:
                out += [val[i:i + width] for i in range(0, len(val), width)]
        return out

    def split(self, parts: int) -> list[Doc]:
        """The blocks cut into `parts` consecutive pieces (a report printed over pages)."""
        n = max(1, -(-len(self.blocks) // parts))
        return [Doc(self.title, self.blocks[i * n:(i + 1) * n], self.unit, self.year)
                for i in range(parts) if self.blocks[i * n:(i + 1) * n]]


def _pick(rng: random.Random, options: list[str], k: int) -> str:
    return "；".join(rng.sample(options, k)) + "。"


EFFORTS = ["健全信息发布协调机制", "压实各科室信息公开主体责任", "落实公开属性源头认定", "严格执行“三审三校”",
           "定期开展网站内容巡查", "围绕重点领域细化公开清单", "加强政策解读与回应关切", "推动基层政务公开标准化",
           "完善依申请公开登记受理流程", "做好政府信息公开保密审查", "规范行政规范性文件备案管理", "拓展政务新媒体传播渠道"]
PROBLEMS = ["公开内容更新频率不够均衡", "政策解读形式仍较单一，图解、视频类解读偏少", "部分栏目信息归类不够准确",
            "基层工作人员业务能力有待提升", "依申请公开答复文书规范性需进一步加强", "政务新媒体互动回应不够及时"]
REMEDIES = ["组织专题业务培训，提升工作人员能力", "建立栏目维护责任清单，定期自查整改", "丰富解读形式，提高解读质量",
            "加强对依申请公开答复的合法性审查", "强化考核督导，推动问题整改到位", "优化网站栏目设置，方便公众查阅"]


def report_doc(unit: str, year: int, title: str, rng: random.Random) -> Doc:
    """The full text of `unit`'s report on `year`."""
    doc = (new_format if year >= 2019 else old_format)(unit, year, rng)
    return Doc(title, doc, unit, year)


def old_format(unit: str, year: int, rng: random.Random) -> list[tuple[str, Any]]:
    """The 2008 条例's seven parts (reports on 2008-2018)."""
    r = rng.randint
    b: list[tuple[str, Any]] = []
    opening = (f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，现公布{unit}{year}年度"
               f"政府信息公开工作年度报告。本报告由概述，主动公开政府信息情况，依申请公开政府信息情况，"
               f"政府信息公开的收费及减免情况，因政府信息公开申请行政复议、提起行政诉讼的情况，"
               f"存在的主要问题及改进措施，其他需要报告的事项等七部分组成。")
    if year == 2008:
        opening += "自2008年5月1日《条例》施行以来，我单位按照上级统一部署，建立了信息公开工作制度。"
    b.append(("p", opening))
    b.append(("p", f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。如对本报告有任何疑问，"
                   f"请与{unit}政府信息公开工作机构联系（地址：{unit}办公楼{r(1, 6)}楼，"
                   f"电话：0{r(310, 999)}-{r(2100000, 8899999)}）。"))
    b.append(("h", "一、概述"))
    b.append(("p", f"{year}年，{unit}" + _pick(rng, EFFORTS, 3)))
    total = r(40, 700)
    b.append(("h", "二、主动公开政府信息情况"))
    b.append(("p", f"全年共主动公开政府信息{total}条，其中机构职能类{r(3, 30)}条，政策法规类{r(5, 80)}条，"
                   f"规划计划类{r(2, 20)}条，业务工作类{r(20, 300)}条。主要通过政府门户网站、"
                   f"政务公开栏、档案馆和公共图书馆查阅点等渠道公开。"))
    apps = r(0, 40)
    agree = r(0, apps)
    part = r(0, apps - agree)
    rest = apps - agree - part
    b.append(("h", "三、依申请公开政府信息情况"))
    b.append(("t", [["指标", "单位", "数量"], ["收到申请总数", "件", str(apps)],
                    ["其中：当面申请", "件", str(apps // 2)], ["网络申请", "件", str(apps - apps // 2)],
                    ["同意公开", "件", str(agree)], ["同意部分公开", "件", str(part)],
                    ["不予公开及其他", "件", str(rest)]]))
    b.append(("h", "四、政府信息公开的收费及减免情况"))
    b.append(("p", "本年度在政府信息公开工作中未收取任何费用，也未发生减免收费情况。"))
    b.append(("h", "五、因政府信息公开申请行政复议、提起行政诉讼的情况"))
    b.append(("p", f"本年度因政府信息公开申请行政复议{r(0, 2)}件，提起行政诉讼{r(0, 1)}件。"))
    b.append(("h", "六、存在的主要问题及改进措施"))
    b.append(("p", "存在的问题：" + _pick(rng, PROBLEMS, 2) + "改进措施：" + _pick(rng, REMEDIES, 2)))
    b.append(("h", "七、其他需要报告的事项"))
    b.append(("p", "无。"))
    return b


def new_format(unit: str, year: int, rng: random.Random) -> list[tuple[str, Any]]:
    """The six parts and tables of the 2021 format (reports on 2019 on)."""
    r = rng.randint
    b: list[tuple[str, Any]] = []
    b.append(("p", f"本报告依据《中华人民共和国政府信息公开条例》（国务院令第711号）和《中华人民共和国政府信息"
                   f"公开工作年度报告格式》编制，所列数据的统计期限为{year}年1月1日至{year}年12月31日。"
                   f"本报告电子版可在{unit}门户网站“政府信息公开年报”栏目查阅或下载。"))
    b.append(("h", "一、总体情况"))
    b.append(("p", f"（一）主动公开。{year}年，{unit}通过门户网站发布各类政府信息{r(60, 3000)}条，"
                   f"发布政策解读{r(2, 60)}篇，" + _pick(rng, EFFORTS, 2)))
    b.append(("p", "（二）依申请公开。" + _pick(rng, EFFORTS, 1)))
    b.append(("p", "（三）政府信息管理。" + _pick(rng, EFFORTS, 2)))
    b.append(("p", "（四）平台建设。" + _pick(rng, EFFORTS, 1)))
    b.append(("p", "（五）监督保障。" + _pick(rng, EFFORTS, 1)))
    b.append(("h", "二、主动公开政府信息情况"))
    b.append(("t", [["第二十条第（一）项", "", "", ""],
                    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                    ["规章", "0", "0", "0"],
                    ["行政规范性文件", str(r(0, 12)), str(r(0, 5)), str(r(3, 60))],
                    ["第二十条第（五）项", "", "", ""], ["信息内容", "本年处理决定数量", "", ""],
                    ["行政许可", str(r(0, 4000)), "", ""],
                    ["第二十条第（六）项", "", "", ""], ["信息内容", "本年处理决定数量", "", ""],
                    ["行政处罚", str(r(0, 800)), "", ""], ["行政强制", str(r(0, 60)), "", ""],
                    ["第二十条第（八）项", "", "", ""], ["信息内容", "本年收费金额（单位：万元）", "", ""],
                    ["行政事业性收费", f"{r(0, 900)}.{r(0, 99):02d}", "", ""]]))
    b.append(("h", "三、收到和处理政府信息公开申请情况"))
    b.append(("t", application_table(rng)))
    b.append(("h", "四、政府信息公开行政复议、行政诉讼情况"))
    fy = [r(0, 3), r(0, 1), 0, r(0, 1)]
    ss = [r(0, 2), 0, 0, 0, r(0, 1)]
    b.append(("t", [["行政复议", "", "", "", "", "行政诉讼", "", "", "", ""],
                    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
                     "未经复议直接起诉：结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
                    [str(fy[0]), str(fy[1]), str(fy[2]), str(fy[3]), str(sum(fy)),
                     str(ss[0]), str(ss[1]), str(ss[2]), str(ss[4]), str(ss[0] + ss[4])]]))
    b.append(("h", "五、存在的主要问题及改进情况"))
    b.append(("p", f"{year}年，我单位政府信息公开工作仍存在一些不足：" + _pick(rng, PROBLEMS, 2)
                   + f"{year + 1}年，我们将" + _pick(rng, REMEDIES, 2)))
    b.append(("h", "六、其他需要报告的事项"))
    b.append(("p", "本年度未收取政府信息公开信息处理费。" + rng.choice([
        "本年度无其他需要报告的事项。", f"{year}年共办理人大代表建议{r(0, 20)}件、政协提案{r(0, 20)}件，均已按期办结。",
        "本单位落实政务公开工作要点情况已在门户网站专栏公开。"])))
    return b


def application_table(rng: random.Random) -> list[list[str]]:
    """The 收到和处理政府信息公开申请情况 table, its totals adding up."""
    cols = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    new = [rng.randint(0, 60), rng.randint(0, 6), 0, 0, rng.randint(0, 2), rng.randint(0, 1)]
    carry = [rng.randint(0, 3), 0, 0, 0, 0, 0]
    handled = [n + c for n, c in zip(new, carry, strict=True)]
    rows_spec = ["（一）予以公开", "（二）部分公开", "（三）不予公开", "（四）本机关不掌握相关政府信息",
                 "（五）不予处理", "（六）其他处理"]
    shares: list[list[int]] = [[0] * 6 for _ in rows_spec]
    left = [0] * 6
    for j, h in enumerate(handled):
        rest = h
        for i in range(len(rows_spec)):
            take = rest if i == len(rows_spec) - 1 else rng.randint(0, rest)
            shares[i][j] = take
            rest -= take
        left[j] = 0

    def row(label: str, vals: list[int]) -> list[str]:
        return [label] + [str(v) for v in vals] + [str(sum(vals))]
    out = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] + cols,
           row("一、本年新收政府信息公开申请数量", new), row("二、上年结转政府信息公开申请数量", carry),
           ["三、本年度办理结果", "", "", "", "", "", "", ""]]
    out += [row(label, shares[i]) for i, label in enumerate(rows_spec)]
    out.append(row("（七）总计", handled))
    out.append(row("四、结转下年度继续办理", left))
    return out


# ------------------------------------------------------------------ titles

def report_title(unit: str, year: int, rng: random.Random) -> str:
    """A report's title in the wording of its era."""
    forms = ["{u}{y}年政府信息公开工作年度报告", "{u}{y}年度政府信息公开工作年度报告"]
    if year <= 2012:
        forms += ["{u}{y}年度政府信息公开工作报告", "{u}政府信息公开工作{y}年度报告",
                  "{u}{y}年政府信息公开年度报告"]
    elif year <= 2018:
        forms += ["{y}年度{u}政府信息公开工作年度报告", "{u}{y}年度政府信息公开年报",
                  "{u}关于{y}年政府信息公开工作的年度报告"]
    else:
        forms += ["{y}年{u}政府信息公开工作年度报告", "{u}{y}年政府信息公开工作年度报告（全文）",
                  "{u}{y}年度政府信息公开工作报告"]
    return rng.choice(forms).format(u=unit, y=year)


def bare_title(unit: str, year: int, rng: random.Random) -> str:
    """What a unit's own 年报 column shows when its name says the rest."""
    return rng.choice([f"{year}年度报告", f"{year}年度", f"{year}年", f"{year}年度年报",
                       f"{year}年政府信息公开年报", f"（{year}年度）"])


def notice_title(unit: str, year: int, report: str, rng: random.Random) -> str:
    """关于公布…年度报告的通知 and its variants."""
    return rng.choice([f"关于公布《{report}》的通知", f"{unit}关于公布{year}年度政府信息公开工作年度报告的通知",
                       f"关于发布《{report}》的公告", f"{unit}关于公开{year}年政府信息公开工作年度报告的通知"])


#: (title pattern, kind): kinds decide the text and whether a file comes with it
LOOKALIKES: list[tuple[str, str]] = [
    ("{u}{y1}年政务公开工作要点", "plan"),
    ("{u}{y}年法治政府建设年度报告", "law"),
    ("{u}关于{y}年度法治政府建设情况的报告", "law"),
    ("{u}{y}年度部门决算公开", "money"),
    ("{u}{y1}年部门预算公开说明", "money"),
    ("{u}{y}年度部门整体支出绩效自评报告", "money"),
    ("{p}{y}年国民经济和社会发展统计公报", "stats"),
    ("{p}{y}年统计年报主要数据解读", "stats"),
    ("{y1}年{p}人民政府工作报告", "gov"),
    ("{u}{y}年安全生产工作年度报告", "other"),
    ("{u}{y}年度优化营商环境工作报告", "other"),
    ("{u}{y}年度社会信用体系建设工作年度报告", "other"),
    ("{u}{y}年度行政执法工作年度报告", "other"),
    ("我{lvl}发布{y}年度政府信息公开工作年度报告", "news"),
    ("{p}召开政府信息公开工作年度报告编制工作推进会", "news"),
    ("关于举办{y1}年全{lvl}政务公开业务培训班的通知", "train"),
    ("关于做好{y}年度政府信息公开工作年度报告编制和发布工作的通知", "train"),
    ("《{u}{y}年政府信息公开工作年度报告》解读", "read"),
    ("图解：{u}{y}年政府信息公开工作年度报告", "read"),
    ("一图读懂{u}{y}年度政府信息公开工作年度报告", "read"),
    ("关于开展{y}年度企业年度报告公示工作的通告", "firm"),
    ("关于督促市场主体按时报送{y}年度年报的提示", "firm"),
    ("{p}住房公积金{y}年年度报告", "fund"),
    ("{u}{y}年政府网站工作年度报表", "site"),
    ("{u}政府网站工作年度报表（{y}年度）", "site"),
    ("{u}{y}年度政务新媒体工作年度报表", "site"),
    ("{u}{y}年度政府信息公开工作考核结果通报", "other"),
    ("{p}{y}年度国有资产管理情况综合报告", "money"),
]
FILE_KINDS = {"law", "money", "stats", "gov", "fund", "site", "other"}


def lookalike_title(unit: str, place: str, year: int, rng: random.Random,
                    kinds: set[str] | None = None) -> tuple[str, str]:
    """(title, kind) of a text that is not an annual report on information disclosure."""
    options = [x for x in LOOKALIKES if kinds is None or x[1] in kinds]
    form, kind = rng.choice(options)
    lvl = "区" if place.endswith("区") else "县" if place.endswith(("县", "旗")) else "市"
    return form.format(u=unit, p=place, y=year, y1=year + 1, lvl=lvl), kind


def other_doc(title: str, unit: str, year: int, kind: str, rng: random.Random) -> Doc:
    """The text of a look-alike or a news item."""
    r = rng.randint
    b: list[tuple[str, Any]] = []
    if kind == "money":
        b.append(("p", f"按照预决算公开有关要求，现将{unit}{year}年度部门预决算情况公开如下。"))
        b.append(("t", [["项目", "预算数（万元）", "决算数（万元）"],
                        ["一般公共预算财政拨款收入", str(r(300, 9000)), str(r(300, 9000))],
                        ["政府性基金预算财政拨款收入", str(r(0, 900)), str(r(0, 900))],
                        ["“三公”经费支出", str(r(5, 90)), str(r(5, 90))]]))
    elif kind == "stats":
        b.append(("p", f"{year}年，全{unit[-1:] or '县'}地区生产总值{r(80, 900)}.{r(0, 9)}亿元，"
                       f"比上年增长{r(1, 9)}.{r(0, 9)}%。"))
        b.append(("t", [["指标", "绝对数", "比上年增长（%）"], ["规模以上工业增加值", str(r(20, 300)), str(r(1, 12))],
                        ["社会消费品零售总额", str(r(20, 400)), str(r(1, 9))]]))
    elif kind == "law":
        b.append(("h", "一、主要举措和成效"))
        b.append(("p", f"{year}年，{unit}深入学习贯彻习近平法治思想，扎实推进依法行政，" + _pick(rng, EFFORTS, 2)))
        b.append(("h", "二、存在的不足和下一步工作安排"))
        b.append(("p", _pick(rng, REMEDIES, 2)))
    elif kind == "read":
        b.append(("p", f"近日，{unit}正式发布{year}年政府信息公开工作年度报告。为便于公众理解，现将报告要点解读如下："))
        b.append(("p", f"一是主动公开政府信息{r(100, 3000)}条；二是办理依申请公开{r(0, 80)}件；三是" + _pick(rng, EFFORTS, 1)))
    elif kind == "firm":
        b.append(("p", f"根据《企业信息公示暂行条例》，各类企业应于{year + 1}年1月1日至6月30日通过国家企业信用信息"
                       f"公示系统报送{year}年度年度报告并向社会公示。逾期未报送的，将被列入经营异常名录。"))
    elif kind == "fund":
        b.append(("p", f"根据《住房公积金管理条例》和住房公积金年度报告制度的规定，现将{year}年住房公积金运行情况公布如下："
                       f"全年实缴单位{r(900, 9000)}家，实缴职工{r(2, 90)}万人，缴存额{r(5, 90)}亿元。"))
    elif kind == "site":
        b.append(("t", [["网站名称", unit + "门户网站"], ["首页网址", "略"], ["独立用户访问总量（单位：个）", str(r(1000, 900000))],
                        ["网站总访问量（单位：次）", str(r(10000, 9000000))], ["信息发布（单位：条）", str(r(100, 9000))]]))
    elif kind == "train":
        b.append(("p", f"各{rng.choice(['乡镇（街道）', '部门', '单位'])}：为进一步做好政府信息公开工作年度报告编制发布工作，"
                       f"经研究，定于{year + 1}年1月{r(3, 20)}日组织开展专题培训。请各单位分管负责同志和信息公开工作人员准时参加。"))
    elif kind == "plan":
        b.append(("p", f"为深入推进政务公开工作，结合{unit}实际，制定{year + 1}年政务公开工作要点如下："))
        b.append(("p", "一、" + _pick(rng, EFFORTS, 2) + "二、" + _pick(rng, EFFORTS, 2)))
    else:
        b.append(("p", f"{unit}" + _pick(rng, EFFORTS, 3)))
        b.append(("p", _pick(rng, REMEDIES, 2)))
    return Doc(title, b, unit, year)


NEWS = ["{p}召开{y}年经济运行分析会", "{p}开展防汛抗旱应急演练", "{p}举办{y}年春风行动招聘会",
        "{p}部署秋冬季大气污染防治工作", "{p}召开重点项目建设推进会", "{p}开展“双随机、一公开”联合抽查",
        "{p}召开全体会议研究部署近期重点工作", "{p}扎实推进农村人居环境整治", "{p}召开安全生产专题会议",
        "{p}启动{y}年“放心消费”创建活动", "{p}举行新时代文明实践志愿服务活动", "{p}调研督导森林防灭火工作",
        "{p}召开优化营商环境工作推进会", "{p}开展“12345”热线工作培训", "{p}集中签约{n}个招商引资项目",
        "{p}全面开展城乡环境卫生整治", "{p}召开{y}年度河湖长制工作会议", "{p}举办政务服务“一网通办”业务培训",
        "关于{p}{y}年度公开招聘事业单位工作人员的公告", "{p}关于{y}年春节期间禁止燃放烟花爆竹的通告",
        "关于调整{p}部分公交线路的通告", "{p}{y}年第{n}季度“双公示”信息汇总"]


def news_title(place: str, year: int, rng: random.Random) -> str:
    """An ordinary news title."""
    return rng.choice(NEWS).format(p=place, y=year, n=rng.randint(2, 4))


def news_doc(title: str, unit: str, year: int, rng: random.Random) -> Doc:
    """An ordinary news text."""
    return Doc(title, [("p", f"近日，{unit}" + _pick(rng, EFFORTS, 2)),
                       ("p", _pick(rng, REMEDIES, 2))], unit, year)


# ------------------------------------------------------------------ html

def doc_html(doc: Doc, with_title: bool = False) -> str:
    """A text as a content block of an article page."""
    out = [f'<p style="text-align:center"><strong>{html.escape(doc.title)}</strong></p>'] \
        if with_title else []
    for kind, val in doc.blocks:
        if kind == "h":
            out.append(f'<p style="text-indent:2em"><strong>{html.escape(val)}</strong></p>')
        elif kind == "p":
            out.append(f'<p style="text-indent:2em">{html.escape(val)}</p>')
        else:
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                           for row in val)
            out.append('<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
                       f'style="border-collapse:collapse" width="100%"><tbody>{rows}</tbody></table>')
    return "\n".join(out)


def summary_html(doc: Doc, rng: random.Random) -> str:
    """What a page shows above an attachment that carries the full text."""
    return rng.choice([
        '<p style="text-indent:2em">详见附件。</p>',
        f'<p style="text-indent:2em">现将《{html.escape(doc.title)}》予以公布，全文见附件。</p>',
        f'<p style="text-indent:2em">{html.escape(doc.title)}全文请点击下方附件下载查看。</p>',
        "",
    ])
