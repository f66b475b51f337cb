"""Words of the `province` world: invented place names, departments (with their 2018-2019
renames), report titles of every era, report bodies in the old (2008-2018) and new (2019-)
formats, look-alike documents and news noise."""

from __future__ import annotations

import random
from dataclasses import dataclass

from tests.crawler.world.province_files import Block

# Invented place names: first syllable x second syllable, pinyin for host labels. Chosen to
# be unlike the place names other generators use.
FIRST = [("澜", "lan"), ("栖", "qi"), ("岫", "xiu"), ("沅", "yuan"), ("漓", "li"),
         ("霁", "ji"), ("苍", "cang"), ("翠", "cui"), ("鹭", "lu"), ("琼", "qiong"),
         ("泷", "shuang"), ("桐", "tong"), ("芷", "zhi"), ("澄", "cheng"), ("枫", "feng"),
         ("楠", "nan"), ("蓼", "liao"), ("汀", "ting"), ("渚", "zhu"), ("砚", "yan"),
         ("棠", "tang"), ("苓", "ling"), ("蘅", "heng"), ("岚", "lanr"), ("溆", "xu"),
         ("沣", "feng2"), ("峄", "yi"), ("郗", "chi"), ("鄞", "yin"), ("濮", "pu")]
SECOND = [("川", "chuan"), ("溪", "xi"), ("岭", "ling"), ("阳", "yang"), ("源", "yuan"),
          ("浦", "pu"), ("台", "tai"), ("江", "jiang"), ("山", "shan"), ("陵", "ling2"),
          ("塘", "tang"), ("湾", "wan"), ("峪", "yu"), ("坪", "ping"), ("泉", "quan"),
          ("桥", "qiao"), ("城", "cheng"), ("宁", "ning"), ("谷", "gu"), ("屏", "pingr")]

TOWN_A = ["石桥", "东关", "马坪", "白沙", "柳河", "青石", "龙潭", "杨柳", "桃源", "双河",
          "新街", "高桥", "长岭", "金竹", "水口", "梅溪", "三合", "中和", "松林", "大田",
          "兴隆", "清泉", "河口", "望江", "沙坝", "黄土", "团结", "红星", "和平", "太平"]
TOWN_B = ["镇", "镇", "镇", "乡", "街道"]


def clean_pinyin(p: str) -> str:
    return "".join(c for c in p if c.isalpha())


@dataclass
class Place:
    name: str  # 澜川
    py: str  # lanchuan


def places(rng: random.Random, n: int, taken: set[str]) -> list[Place]:
    out: list[Place] = []
    combos = [(a, b) for a in FIRST for b in SECOND]
    rng.shuffle(combos)
    for (a, pa), (b, pb) in combos:
        py = clean_pinyin(pa + pb)
        name = a + b
        if py in taken or name in {p.name for p in out}:
            continue
        taken.add(py)
        out.append(Place(name, py))
        if len(out) == n:
            break
    return out


def towns(rng: random.Random, n: int) -> list[str]:
    names = rng.sample(TOWN_A, n)
    return [a + rng.choice(TOWN_B) for a in names]


@dataclass(frozen=True)
class Dept:
    key: str  # host label / folder: "fgw"
    name: str  # stem: "发展和改革委员会"
    old: str = ""  # stem before the rename
    renamed: int = 0  # first report year under the new name
    since: int = 2008  # first report year at all (units created in the 2018 reform)


DEPTS = [
    Dept("fgw", "发展和改革委员会"),
    Dept("jy", "教育{t}"),
    Dept("kj", "科学技术{t}"),
    Dept("gx", "工业和信息化{t}", "经济和信息化委员会", 2019),
    Dept("mz", "民政{t}"),
    Dept("sf", "司法{t}"),
    Dept("cz", "财政{t}"),
    Dept("rs", "人力资源和社会保障{t}"),
    Dept("zrzy", "自然资源{t}", "国土资源{t}", 2019),
    Dept("sthj", "生态环境{t}", "环境保护{t}", 2019),
    Dept("zj", "住房和城乡建设{t}"),
    Dept("jt", "交通运输{t}"),
    Dept("sl", "水利{t}"),
    Dept("nync", "农业农村{t}", "农业{t}", 2019),
    Dept("sw", "商务{t}"),
    Dept("wl", "文化和旅游{t}", "文化广电新闻出版{t}", 2019),
    Dept("wsjk", "卫生健康委员会", "卫生和计划生育委员会", 2019),
    Dept("tyjr", "退役军人事务{t}", since=2019),
    Dept("yjgl", "应急管理{t}", "安全生产监督管理局", 2019),
    Dept("sj", "审计{t}"),
    Dept("scjg", "市场监督管理局", "工商行政管理局", 2019),
    Dept("tj", "统计局"),
    Dept("yb", "医疗保障局", since=2019),
    Dept("ly", "林业局"),
    Dept("xf", "信访局"),
    Dept("ga", "公安{t}"),
    Dept("mw", "民族宗教事务委员会"),
    Dept("dsj", "大数据管理局", since=2019),
]


def dept_name(d: Dept, level: str, year: int, prefix: str) -> str:
    """`prefix` is the government's name (澜川省 / 青崖市 / 桐溪县)."""
    t = "厅" if level == "province" else "局"
    stem = d.old if d.old and year < d.renamed else d.name
    return prefix + stem.replace("{t}", t)


def dept_current(d: Dept, level: str, prefix: str) -> str:
    return dept_name(d, level, 2099, prefix)


# ------------------------------------------------------------------------- titles

CN_DIGITS = "〇一二三四五六七八九"
FW_DIGITS = "０１２３４５６７８９"


def cn_year(y: int, zero: str = "〇") -> str:
    return "".join(CN_DIGITS[int(c)] if c != "0" else zero for c in str(y))


def fw_year(y: int) -> str:
    return "".join(FW_DIGITS[int(c)] for c in str(y))


TITLE_STYLES = ["std", "std", "std", "year_first", "ndgz", "nb_paren", "fullwidth", "cn",
                "cn_circle", "about", "notice", "bare_nb", "bare_ndbg", "gongkai_nb", "space"]


def report_title(agency: str, year: int, style: str) -> str:
    y = str(year)
    return {
        "std": f"{agency}{y}年政府信息公开工作年度报告",
        "year_first": f"{y}年{agency}政府信息公开工作年度报告",
        "ndgz": f"{agency}{y}年度政府信息公开工作报告",
        "nb_paren": f"{y}年政府信息公开工作年度报告（{agency}）",
        "fullwidth": f"{agency}{fw_year(year)}年政府信息公开工作年度报告",
        "cn": f"{agency}{cn_year(year)}年政府信息公开工作年度报告",
        "cn_circle": f"{agency}{cn_year(year, '○')}年度政府信息公开年报",
        "about": f"{agency}关于{y}年度政府信息公开工作情况的报告",
        "notice": f"关于公布{agency}{y}年政府信息公开工作年度报告的公告",
        "bare_nb": f"{y}年年报",
        "bare_ndbg": f"{y}年度报告",
        "gongkai_nb": f"{agency}政府信息公开{y}年度报告",
        "space": f"{agency} {y}年政府信息公开 工作年度报告",
        "town_only": f"{agency}{y}年",
        "town_paren": f"{agency}（{y}年度）",
        "town_first": f"{y}年{agency}",
        "yinfa": f"关于印发《{agency}{y}年政府信息公开工作年度报告》的通知",
    }[style]


def pick_style(rng: random.Random, year: int, bare_ok: bool = False) -> str:
    pool = ["std"] * 6 + ["year_first", "ndgz", "nb_paren", "gongkai_nb", "space"]
    if year <= 2012:
        pool += ["cn", "cn_circle", "yinfa", "about", "about"]
    elif year <= 2018:
        pool += ["fullwidth", "cn", "notice"]
    else:
        pool += ["fullwidth", "notice"]
    if bare_ok:
        pool += ["bare_nb", "bare_ndbg", "bare_ndbg"]
    return rng.choice(pool)


# --------------------------------------------------------------------- report text

def _n(rng: random.Random, lo: int, hi: int) -> str:
    return str(rng.randint(lo, hi))


def report_blocks(agency: str, year: int, rng: random.Random) -> list[Block]:
    """The body of an annual report in the format of its era."""
    if year >= 2019:
        return [
            ("p", f"本报告由{agency}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）"
                  f"和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开"
                  f"工作年度报告格式〉的通知》要求编制。报告所列数据的统计期限自{year}年1月1日起"
                  f"至{year}年12月31日止。"),
            ("h", "一、总体情况"),
            ("p", f"{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实"
                  f"政务公开工作部署，全年主动公开政府信息{_n(rng, 80, 4000)}条，"
                  f"受理依申请公开{_n(rng, 0, 300)}件。"),
            ("h", "二、主动公开政府信息情况"),
            ("table", [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                       ["规章", _n(rng, 0, 5), _n(rng, 0, 3), _n(rng, 0, 40)],
                       ["行政规范性文件", _n(rng, 0, 30), _n(rng, 0, 10), _n(rng, 5, 120)],
                       ["行政许可", "—", "—", _n(rng, 0, 9000)],
                       ["行政处罚", "—", "—", _n(rng, 0, 3000)]]),
            ("h", "三、收到和处理政府信息公开申请情况"),
            ("table", [["本年新收政府信息公开申请数量", _n(rng, 0, 400)],
                       ["上年结转政府信息公开申请数量", _n(rng, 0, 20)],
                       ["予以公开", _n(rng, 0, 200)], ["部分公开", _n(rng, 0, 50)],
                       ["不予公开", _n(rng, 0, 30)], ["本机关不掌握相关政府信息", _n(rng, 0, 60)]]),
            ("h", "四、政府信息公开行政复议、行政诉讼情况"),
            ("table", [["行政复议结果维持", _n(rng, 0, 9)], ["结果纠正", _n(rng, 0, 3)],
                       ["行政诉讼未经复议直接起诉结果维持", _n(rng, 0, 5)]]),
            ("h", "五、存在的主要问题及改进情况"),
            ("p", "政务公开工作仍存在公开内容不够全面、政策解读形式较为单一等问题。下一步将"
                  "进一步加强政策解读和回应关切，提升政府网站信息发布质量。"),
            ("h", "六、其他需要报告的事项"),
            ("p", f"本年度{agency}未收取信息处理费。"),
        ]
    return [
        ("p", f"根据《中华人民共和国政府信息公开条例》规定，特向社会公布{year}年度"
              f"{agency}政府信息公开工作年度报告。本报告由概述，主动公开政府信息情况，"
              f"依申请公开政府信息情况，咨询处理情况，复议、诉讼和申诉情况，收费及减免情况，"
              f"存在的主要问题和改进措施等部分组成。"),
        ("h", "一、概述"),
        ("p", f"{year}年，{agency}认真贯彻落实《条例》，进一步健全政府信息公开工作机制。"),
        ("h", "二、主动公开政府信息情况"),
        ("p", f"全年共主动公开政府信息{_n(rng, 30, 2500)}条，其中通过政府网站公开"
              f"{_n(rng, 20, 2000)}条。"),
        ("h", "三、依申请公开政府信息情况"),
        ("p", f"全年共受理政府信息公开申请{_n(rng, 0, 120)}件，均已按期答复。"),
        ("h", "四、政府信息公开的收费及减免情况"),
        ("p", "本年度未收取任何费用。"),
        ("h", "五、因政府信息公开申请提起行政复议、行政诉讼的情况"),
        ("p", f"全年发生政府信息公开行政复议{_n(rng, 0, 4)}件，行政诉讼{_n(rng, 0, 2)}件。"),
        ("h", "六、存在的主要问题和改进措施"),
        ("p", "主要问题是公开内容还不够全面、及时。下一步将继续深化政府信息公开工作。"),
    ]


def blocks_html(blocks: list[Block]) -> str:
    out = []
    for kind, value in blocks:
        if kind == "h":
            out.append(f"<p style=\"text-indent:2em\"><strong>{value}</strong></p>")
        elif kind == "p":
            out.append(f"<p style=\"text-indent:2em\">{value}</p>")
        else:
            rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>"
                           for r in value)  # type: ignore[attr-defined]
            out.append(f"<table border=\"1\" cellspacing=\"0\" class=\"MsoTableGrid\">"
                       f"{rows}</table>")
    return "\n".join(out)


# -------------------------------------------------------------------- look-alikes

LOOK_KINDS = ["yaodian", "fazhi", "juesuan", "yusuan", "tongji", "jiedu", "yitu", "bianzhi",
              "peixun", "qiye", "gzbg", "wangzhan", "zhinan", "yishenqing", "jianyi",
              "zhifa", "kaohe", "zongjie"]


def lookalike(kind: str, agency: str, place: str, year: int) -> tuple[str, list[Block]]:
    """(title, body) of a document that resembles an annual report and is not one."""
    y = year
    t = {
        "yaodian": f"{agency}{y}年政务公开工作要点",
        "fazhi": f"{agency}{y}年度法治政府建设情况报告",
        "juesuan": f"{agency}{y}年度部门决算公开",
        "yusuan": f"{agency}{y + 1}年部门预算公开说明",
        "tongji": f"{place}{y}年国民经济和社会发展统计公报",
        "jiedu": f"图解：{agency}{y}年政府信息公开工作年度报告",
        "yitu": f"一图读懂{agency}{y}年政府信息公开工作年度报告",
        "bianzhi": f"关于做好{y}年政府信息公开工作年度报告编制和发布工作的通知",
        "peixun": f"{place}举办{y}年度政府信息公开工作年度报告编制培训会",
        "qiye": f"关于开展{y}年度企业年报公示工作的通告",
        "gzbg": f"{y + 1}年{place}人民政府工作报告",
        "wangzhan": f"{agency}{y}年政府网站工作年度报表",
        "zhinan": f"{agency}政府信息公开指南",
        "yishenqing": f"{agency}依申请公开政府信息目录",
        "jianyi": f"{agency}关于{y}年度人大代表建议和政协提案办理情况的报告",
        "zhifa": f"{agency}{y}年度行政执法数据统计年报",
        "kaohe": f"关于{y}年度政务公开工作考核结果的通报",
        "zongjie": f"{agency}{y}年工作总结和{y + 1}年工作计划",
    }[kind]
    body: list[Block] = {
        "yaodian": [("p", f"为深入贯彻落实国务院办公厅关于{y}年政务公开工作要点的部署，"
                          "结合实际，制定本工作要点。"), ("h", "一、围绕稳增长加强政策公开")],
        "fazhi": [("p", f"{y}年，{agency}深入学习贯彻习近平法治思想，全面推进依法行政。"),
                  ("h", "一、主要举措和成效")],
        "juesuan": [("h", "第一部分 部门概况"), ("p", f"{y}年度收入总计{y % 97 + 300}.52万元。"),
                    ("table", [["项目", "决算数"], ["一般公共预算财政拨款收入", "1234.56"]])],
        "yusuan": [("p", f"{y + 1}年部门预算收入总计2345.67万元。")],
        "tongji": [("p", f"初步核算，全年地区生产总值{y % 50 + 900}.3亿元，比上年增长5.6%。")],
        "jiedu": [("p", f"{agency}{y}年政府信息公开工作年度报告已正式发布，下面用图表解读"
                        "报告要点。"), ("p", "一、主动公开：全年主动公开信息较上年有所增长。")],
        "yitu": [("p", "（图解）")],
        "bianzhi": [("p", f"各县（市、区）人民政府、各部门：根据《条例》规定，现就做好{y}年"
                          "政府信息公开工作年度报告编制和发布工作通知如下。"),
                    ("p", f"一、年度报告应于{y + 1}年1月31日前向社会公布。")],
        "peixun": [("p", f"为提高年度报告编制质量，{place}组织开展政府信息公开工作年度报告"
                         "编制培训，各单位政务公开工作人员参加培训。")],
        "qiye": [("p", f"根据《企业信息公示暂行条例》，各类企业应于{y + 1}年1月1日至6月30日"
                       f"报送{y}年度年度报告。")],
        "gzbg": [("p", "各位代表：现在，我代表市人民政府，向大会报告政府工作，请予审议。")],
        "wangzhan": [("table", [["网站名称", agency + "门户网站"], ["首页页面总访问量", "123456"],
                                ["信息发布总数", str(y % 400 + 100)]])],
        "zhinan": [("p", "为了更好地提供政府信息公开服务，根据《条例》编制本指南。"),
                   ("h", "一、主动公开"), ("h", "二、依申请公开")],
        "yishenqing": [("table", [["序号", "信息名称", "公开方式"], ["1", "行政许可档案", "依申请"]])],
        "jianyi": [("p", f"{y}年，共承办人大代表建议和政协提案{y % 60 + 20}件，已全部办结。")],
        "zhifa": [("p", f"{y}年度，{agency}共办理行政许可{y % 300 + 50}件，行政处罚"
                        f"{y % 90 + 10}件。"), ("table", [["执法类别", "数量"], ["行政处罚", "36"]])],
        "kaohe": [("p", f"根据年度考核办法，现将{y}年度政务公开工作考核结果通报如下。")],
        "zongjie": [("p", f"{y}年，在市委、市政府的坚强领导下，{agency}各项工作取得新成效。")],
    }[kind]
    return t, body


NEWS_WORDS = ["召开", "调研", "部署", "推进", "举行", "开展", "检查", "座谈", "观摩", "考察"]
NEWS_TOPICS = ["安全生产工作", "优化营商环境", "乡村振兴", "防汛抗旱", "项目建设", "招商引资",
               "文明城市创建", "森林防火", "疫情防控", "民生实事", "河长制", "校园安全",
               "人居环境整治", "数字政府建设", "重点项目", "消防安全", "耕地保护", "就业创业"]


def news_title(rng: random.Random, place: str) -> str:
    return f"{place}{rng.choice(NEWS_WORDS)}{rng.choice(NEWS_TOPICS)}" + rng.choice(
        ["会议", "工作", "专题会", "推进会", ""])
