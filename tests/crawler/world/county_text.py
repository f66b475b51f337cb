"""Names and words for the county world (`county.py`): counties, departments, streets, report
titles in their many real forms, report bodies with the six statutory sections, look-alike
documents and ordinary news. Pure functions of a `random.Random`, so a seed fixes everything."""

from __future__ import annotations

import random
from dataclasses import dataclass

# ------------------------------------------------------------------ places

# (character, pinyin) pairs that make plausible county-level names.
FIRST = [("清", "qing"), ("安", "an"), ("临", "lin"), ("永", "yong"), ("长", "chang"),
         ("丰", "feng"), ("新", "xin"), ("东", "dong"), ("西", "xi"), ("南", "nan"),
         ("宝", "bao"), ("石", "shi"), ("兴", "xing"), ("华", "hua"), ("德", "de"),
         ("武", "wu"), ("建", "jian"), ("泰", "tai"), ("柳", "liu"), ("云", "yun"),
         ("梅", "mei"), ("鹤", "he"), ("富", "fu"), ("乐", "le"), ("嘉", "jia"),
         ("金", "jin"), ("桐", "tong"), ("龙", "long"), ("凤", "feng"), ("洪", "hong"),
         ("盘", "pan"), ("溧", "li"), ("崇", "chong"), ("邵", "shao"), ("汶", "wen"),
         ("郯", "tan"), ("莒", "ju"), ("睢", "sui"), ("沭", "shu"), ("彭", "peng")]
SECOND = [("河", "he"), ("平", "ping"), ("川", "chuan"), ("宁", "ning"), ("城", "cheng"),
          ("阳", "yang"), ("山", "shan"), ("江", "jiang"), ("湖", "hu"), ("泉", "quan"),
          ("林", "lin"), ("桥", "qiao"), ("化", "hua"), ("昌", "chang"), ("和", "he"),
          ("丘", "qiu"), ("溪", "xi"), ("峰", "feng"), ("源", "yuan"), ("定", "ding"),
          ("海", "hai"), ("沙", "sha"), ("台", "tai"), ("泽", "ze"), ("岭", "ling"),
          ("州", "zhou"), ("水", "shui"), ("口", "kou"), ("门", "men"), ("陵", "ling")]

# Host bases that belong to real governments the portals link to (never a portal of ours).
RESERVED = {"gov", "js", "zj", "sd", "gd", "jiangxi", "xinjiang", "beijing", "tj", "cq",
            "fujian", "hubei", "yn", "sc", "hunan", "henan", "hebei", "shanxi", "shaanxi",
            "ah", "gxzf", "hainan", "jl", "ln", "hlj", "nmg", "nx", "qh", "gansu", "xizang",
            "guizhou", "shanghai", "sh", "huaian", "wenzhou", "suqian", "ganzhou"}

PROVINCES = {  # family -> [(province, provincial portal host)]
    "trs": [("北京市", "www.beijing.gov.cn"), ("天津市", "www.tj.gov.cn"),
            ("重庆市", "www.cq.gov.cn"), ("福建省", "www.fujian.gov.cn"),
            ("湖北省", "www.hubei.gov.cn"), ("内蒙古自治区", "www.nmg.gov.cn")],
    "hanweb": [("浙江省", "www.zj.gov.cn"), ("江苏省", "www.jiangsu.gov.cn"),
               ("山东省", "www.shandong.gov.cn")],
    "ucap": [("江西省", "www.jiangxi.gov.cn"), ("新疆维吾尔自治区", "www.xinjiang.gov.cn"),
             ("山西省", "www.shanxi.gov.cn")],
    "gkmlpt": [("广东省", "www.gd.gov.cn")],
    "vsb": [("云南省", "www.yn.gov.cn"), ("甘肃省", "www.gansu.gov.cn"),
            ("青海省", "www.qinghai.gov.cn")],
    "plain": [("四川省", "www.sc.gov.cn"), ("河北省", "www.hebei.gov.cn"),
              ("河南省", "www.henan.gov.cn"), ("安徽省", "www.ah.gov.cn"),
              ("湖南省", "www.hunan.gov.cn"), ("辽宁省", "www.ln.gov.cn")],
}

# (name, host/path abbreviation, [(old name, last year under the old name)])
DEPTS: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("发展和改革局", "fgj", [("发展和改革委员会", 2018)]),
    ("教育局", "jyj", [("教育体育局", 2018)]),
    ("科学技术局", "kjj", []),
    ("工业和信息化局", "gxj", [("经济和信息化局", 2018)]),
    ("公安局", "gaj", []),
    ("民政局", "mzj", []),
    ("司法局", "sfj", []),
    ("财政局", "czj", []),
    ("人力资源和社会保障局", "rsj", []),
    ("自然资源和规划局", "zrzyj", [("国土资源局", 2018)]),
    ("住房和城乡建设局", "zjj", [("住房和城乡建设委员会", 2017)]),
    ("交通运输局", "jtysj", []),
    ("水利局", "slj", [("水务局", 2016)]),
    ("农业农村局", "nyncj", [("农业委员会", 2018)]),
    ("商务局", "swj", []),
    ("文化广电和旅游局", "wgly", [("文化广电新闻出版局", 2018)]),
    ("卫生健康委员会", "wjw", [("卫生和计划生育局", 2018)]),
    ("退役军人事务局", "tyjrswj", []),
    ("应急管理局", "yjglj", [("安全生产监督管理局", 2018)]),
    ("审计局", "sjj", []),
    ("市场监督管理局", "scjgj", [("工商行政管理局", 2017)]),
    ("统计局", "tjj", []),
    ("医疗保障局", "ybj", []),
    ("城市管理局", "cgj", []),
    ("信访局", "xfj", []),
    ("民族宗教事务局", "mzzjj", []),
    ("政务服务管理办公室", "zwfw", []),
    ("机关事务服务中心", "jgsw", []),
    ("生态环境分局", "sthjj", [("环境保护局", 2018)]),
    ("林业局", "lyj", []),
    ("体育局", "tyj", []),
    ("数据局", "sjglj", [("大数据管理局", 2023)]),
    ("投资促进局", "tzcjj", []),
    ("人民防空办公室", "rfb", []),
    ("供销合作社联合社", "gxs", []),
    ("行政审批局", "xzspj", []),
    ("乡村振兴局", "xczxj", [("扶贫开发办公室", 2020)]),
    ("地方金融监督管理局", "jrj", []),
    ("粮食和物资储备局", "lsj", []),
    ("档案馆", "dag", []),
]
SHORT = {"发展和改革局": "发改局", "人力资源和社会保障局": "人社局", "自然资源和规划局": "自然资源局",
         "住房和城乡建设局": "住建局", "文化广电和旅游局": "文旅局", "卫生健康委员会": "卫健委",
         "市场监督管理局": "市场监管局", "工业和信息化局": "工信局", "农业农村局": "农业农村局",
         "卫生和计划生育局": "卫计局", "安全生产监督管理局": "安监局", "环境保护局": "环保局",
         "国土资源局": "国土局", "发展和改革委员会": "发改委", "工商行政管理局": "工商局",
         "退役军人事务局": "退役军人局", "文化广电新闻出版局": "文广新局",
         "住房和城乡建设委员会": "住建委", "经济和信息化局": "经信局", "扶贫开发办公室": "扶贫办",
         "教育体育局": "教体局", "农业委员会": "农委", "大数据管理局": "大数据局"}

STREET_WORDS = [("城关", "cg"), ("东关", "dg"), ("西城", "xc"), ("南湖", "nh"), ("北园", "by"),
                ("高桥", "gq"), ("青山", "qs"), ("白塔", "bt"), ("马坊", "mf"), ("三河", "sh"),
                ("岔河", "ch"), ("黄集", "hj"), ("老子山", "lzs"), ("双沟", "sg"), ("朱坝", "zb"),
                ("仁和", "rh"), ("万福", "wf"), ("石桥", "sq"), ("新街", "xj"), ("龙泉", "lq"),
                ("长安", "ca"), ("杨庄", "yz"), ("桃源", "ty"), ("古城", "gc"), ("柳林", "ll")]


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


def chinese_year(year: int) -> str:
    digits = "〇一二三四五六七八九"
    return "".join(digits[int(c)] for c in str(year))


# ------------------------------------------------------------------ report titles

def modern_title(rng: random.Random, agency: str, year: int, *, county: str = "",
                 is_gov: bool = False) -> str:
    y = str(year)
    forms = [f"{agency}{y}年政府信息公开工作年度报告",
             f"{y}年度{agency}政府信息公开工作年度报告",
             f"{agency}{fullwidth(y)}年政府信息公开工作年度报告",
             f"{agency}{chinese_year(year)}年政府信息公开工作年度报告",
             f"{agency}关于{y}年度政府信息公开工作的年度报告",
             f"{agency}{y}年度政府信息公开工作报告",
             f"{y}年{agency}政府信息公开工作年度报告",
             f"{agency}{y}年度政府信息公开年报"]
    if is_gov and county:
        forms += [f"{county}{y}年政府信息公开工作年度报告", f"{y}年度{county}政府信息公开工作年度报告",
                  f"{county}人民政府{y}年度政府信息公开工作年度报告"]
    weights = [5, 3, 1, 1, 1, 2, 1, 1] + ([4, 2, 2] if is_gov and county else [])
    return rng.choices(forms, weights)[0]


def old_title(rng: random.Random, agency: str, short: str, year: int, *,
              own_column: bool) -> str:
    """2010-2018 reports were titled freely; inside the unit's own 年报 column a bare
    "2016年度报告" is common."""
    y = str(year)
    named = [f"{agency}{y}年度政府信息公开工作报告", f"{short}{y}年信息公开工作年报",
             f"{agency}{y}年政府信息公开工作年度报告", f"{agency}{y}年政府信息公开年报"]
    bare = [f"{y}年度报告", f"{y}年报", f"{y}年政府信息公开年报", f"{y}年度政府信息公开工作年度报告",
            f"{y}年度信息公开工作报告"]
    if own_column and rng.random() < 0.6:
        return rng.choice(bare)
    return rng.choice(named)


# ------------------------------------------------------------------ report bodies

MODERN_SECTIONS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                   "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                   "六、其他需要报告的事项"]
OLD_SECTIONS = ["一、概述", "二、主动公开政府信息情况", "三、依申请公开政府信息情况",
                "四、政府信息公开的收费及减免情况", "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
                "六、存在的主要问题及改进措施"]


@dataclass
class ReportText:
    title: str
    agency: str
    year: int
    date: str  # 2024-01-20
    sections: list[tuple[str, list[str]]]  # heading, paragraphs
    tables: list[tuple[str, list[list[str]]]]  # caption, rows (first row = header)

    def lines(self) -> list[str]:
        out = [self.title, ""]
        for head, paras in self.sections:
            out.append(head)
            out.extend(paras)
        out += ["", self.agency, self.date_cn()]
        return out

    def date_cn(self) -> str:
        y, m, d = self.date.split("-")
        return f"{y}年{int(m)}月{int(d)}日"

    def plain(self) -> str:
        return "\n".join(self.lines())


def report_text(rng: random.Random, title: str, agency: str, year: int, date: str) -> ReportText:
    n_pub = rng.randint(120, 2600)
    n_doc = rng.randint(3, 40)
    n_app = rng.randint(0, 60)
    done = max(0, n_app - rng.randint(0, 3))
    if year >= 2019:
        sections = [
            (MODERN_SECTIONS[0], [
                f"{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实"
                f"《中华人民共和国政府信息公开条例》和上级关于政务公开工作的部署要求，"
                f"以公开促落实、促规范、促服务，政府信息公开工作取得新成效。",
                f"（一）主动公开。全年主动公开政府信息{n_pub}条，其中政策文件{n_doc}件，"
                f"政策解读{rng.randint(1, 20)}篇，通过政务新媒体发布信息{rng.randint(50, 900)}条。",
                f"（二）依申请公开。全年共收到政府信息公开申请{n_app}件，办结{done}件，"
                f"结转下年度继续办理{n_app - done}件。",
                "（三）政府信息管理。严格落实公开属性源头认定和保密审查机制，动态更新政府信息公开目录。",
                "（四）平台建设。持续优化政府网站信息公开专栏，确保信息发布及时、准确、规范。",
                "（五）监督保障。将政务公开纳入年度绩效考核，组织开展业务培训。"]),
            (MODERN_SECTIONS[1], [f"本年制发规范性文件{rng.randint(0, 8)}件，现行有效"
                                  f"{rng.randint(5, 60)}件。"]),
            (MODERN_SECTIONS[2], [f"本年新收政府信息公开申请{n_app}件，上年结转{rng.randint(0, 3)}件。"]),
            (MODERN_SECTIONS[3], [f"因政府信息公开工作被申请行政复议{rng.randint(0, 3)}件，"
                                  f"被提起行政诉讼{rng.randint(0, 2)}件。"]),
            (MODERN_SECTIONS[4], ["一是公开内容的全面性有待提升；二是政策解读形式较为单一。"
                                  "下一步，将进一步加强业务培训，丰富解读形式，提升公开质效。"]),
            (MODERN_SECTIONS[5], [f"本年度未收取信息处理费。{agency}"
                                  f"{rng.choice(['积极落实政务公开工作要点', '按要求办理人大代表建议和政协提案', '持续推进基层政务公开标准化规范化'])}。"]),
        ]
        tables = [
            ("第二十条第（一）项", [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                                 ["规章", "0", "0", "0"],
                                 ["行政规范性文件", str(rng.randint(0, 8)), str(rng.randint(0, 3)),
                                  str(rng.randint(5, 60))]]),
            ("收到和处理政府信息公开申请情况", [["本年新收政府信息公开申请数量", str(n_app)],
                                             ["上年结转政府信息公开申请数量", str(rng.randint(0, 3))],
                                             ["予以公开", str(rng.randint(0, max(0, done)))],
                                             ["结转下年度继续办理", str(n_app - done)]]),
        ]
    else:
        sections = [
            (OLD_SECTIONS[0], [f"{year}年，{agency}按照《中华人民共和国政府信息公开条例》要求，"
                               f"健全工作机制，扎实推进政府信息公开工作。"]),
            (OLD_SECTIONS[1], [f"全年主动公开政府信息{n_pub}条，其中通过政府网站公开{n_pub - n_doc}条。"]),
            (OLD_SECTIONS[2], [f"全年共受理政府信息公开申请{n_app}件，均在规定期限内答复。"]),
            (OLD_SECTIONS[3], ["本年度未收取任何政府信息公开费用。"]),
            (OLD_SECTIONS[4], ["本年度未发生因政府信息公开申请提起行政复议和行政诉讼的情况。"]),
            (OLD_SECTIONS[5], ["主要问题是公开的及时性有待加强。下一步将完善制度，提高公开质量。"]),
        ]
        tables = []
    return ReportText(title, agency, year, date, sections, tables)


# ------------------------------------------------------------------ look-alikes

@dataclass
class Looka:
    kind: str
    title: str
    paras: list[str]


def lookalike(rng: random.Random, kind: str, agency: str, county: str, year: int) -> Looka:
    """A document that sits next to annual reports and must never be taken for one."""
    y = str(year)
    if kind == "fzzf":
        return Looka(kind, f"{agency}{y}年法治政府建设年度报告", [
            f"一、{y}年推进法治政府建设的主要举措和成效", "健全依法决策机制，深化行政执法体制改革。",
            "二、存在的不足和原因", "三、党政主要负责人履行推进法治建设第一责任人职责情况",
            f"四、{year + 1}年推进法治政府建设的主要安排"])
    if kind == "gzyd":
        return Looka(kind, f"{county}{year + 1}年政务公开工作要点", [
            "一、围绕稳定经济运行加强政策发布解读", "二、围绕优化营商环境推进公开",
            "三、持续深化基层政务公开标准化规范化建设", "四、加强政务公开平台建设"])
    if kind == "ys":
        return Looka(kind, f"{agency}{year + 1}年部门预算公开", [
            "第一部分 部门概况", "一、主要职能", "二、部门预算单位构成",
            f"第二部分 {year + 1}年部门预算表", "第三部分 情况说明", "第四部分 名词解释"])
    if kind == "js":
        return Looka(kind, f"{agency}{y}年度部门决算公开", [
            "第一部分 部门概况", f"第二部分 {y}年度部门决算表", "第三部分 情况说明",
            f"{y}年度收入总计{rng.randint(800, 9000)}万元。"])
    if kind == "tjgb":
        return Looka(kind, f"{county}{y}年国民经济和社会发展统计公报", [
            "一、综合", f"初步核算，全年地区生产总值{rng.randint(200, 900)}亿元。", "二、农业",
            "三、工业和建筑业", "四、固定资产投资", "五、国内贸易"])
    if kind == "tjnb":
        return Looka(kind, f"{county}{y}年统计年报（摘要）", [
            "一、人口", "二、国民经济核算", "三、农业", "四、工业", "五、能源"])
    if kind == "pxh":
        return Looka(kind, rng.choice([f"我{county[-1]}召开政府信息公开年报编制培训会",
                                       f"{county}举办{y}年度政府信息公开工作年度报告编制培训",
                                       f"{county}召开政府信息公开年报编制培训会"]), [
            f"近日，{county}召开{y}年度政府信息公开工作年度报告编制培训会，"
            "对年度报告格式要求、数据统计口径等进行了详细讲解。",
            "会议要求，各单位要按照统一格式认真编制年度报告，确保按时发布。"])
    if kind == "tz":
        return Looka(kind, f"关于做好{y}年度政府信息公开工作年度报告编制和发布工作的通知", [
            "各镇（街道）、区各部门：",
            f"根据《中华人民共和国政府信息公开条例》规定，现就做好{y}年度政府信息公开工作年度报告"
            "编制和发布工作通知如下：", "一、发布时间", f"各单位须于{year + 1}年1月31日前发布。",
            "二、格式要求"])
    if kind == "yitu":
        return Looka(kind, f"一图读懂《{agency}{y}年政府信息公开工作年度报告》", [
            f"图解：{agency}{y}年政府信息公开工作年度报告。"])
    if kind == "jd":
        return Looka(kind, f"关于《{agency}{y}年政府信息公开工作年度报告》的解读", [
            "一、年度报告的主要内容", "二、工作亮点", "三、下一步工作打算"])
    if kind == "qynb":
        return Looka(kind, rng.choice([f"关于开展{y}年度企业年报公示工作的通告",
                                       f"{y}年度企业年度报告公示工作提醒"]), [
            f"根据《企业信息公示暂行条例》，企业应当于{year + 1}年1月1日至6月30日报送{y}年度报告并向社会公示。",
            "个体工商户、农民专业合作社年度报告同步进行。"])
    if kind == "ysqgk":
        return Looka(kind, f"{agency}依申请公开政府信息指南", [
            "一、受理机构", "二、申请方式", "三、办理程序", "四、收费标准"])
    if kind == "zn":
        return Looka(kind, f"{agency}政府信息公开指南", [
            "一、主动公开", "二、依申请公开", "三、监督方式"])
    if kind == "wzbb":
        return Looka(kind, f"{county}人民政府门户网站工作年度报表（{y}年度）", [
            f"网站名称：{county}人民政府", f"总访问量：{rng.randint(100000, 9000000)}",
            "信息发布总数", "办事服务", "互动交流"])
    if kind == "kh":
        return Looka(kind, f"关于{y}年度政务公开工作考核结果的通报", [
            f"根据{y}年度政务公开工作考核办法，现将考核结果通报如下。"])
    if kind == "zj":
        return Looka(kind, f"{agency}{y}年工作总结和{year + 1}年工作计划", [
            f"一、{y}年工作总结", f"二、{year + 1}年工作计划"])
    raise ValueError(kind)


LOOK_KINDS = ["fzzf", "gzyd", "ys", "js", "tjgb", "tjnb", "pxh", "tz", "yitu", "jd", "qynb",
              "ysqgk", "zn", "wzbb", "kh", "zj"]

# ------------------------------------------------------------------ news

TOPICS = ["安全生产", "防汛抗旱", "乡村振兴", "优化营商环境", "森林防火", "文明城市创建", "重大项目建设",
          "招商引资", "河长制", "垃圾分类", "消防安全", "粮食安全", "义务教育", "医疗保障", "民生实事",
          "双拥共建", "食品安全", "信访维稳", "人才引进", "数字政府", "政务服务", "农村人居环境整治",
          "高标准农田", "城市更新", "养老服务", "就业创业", "生态环境保护", "校园安全", "燃气安全",
          "老旧小区改造", "秸秆禁烧", "冬春火灾防控", "国家安全教育", "普法宣传", "全民健身"]
NEWS_FORMS = ["{c}召开{t}工作推进会", "{c}部署{t}工作", "{s}扎实推进{t}", "{d}举办{t}业务培训班",
              "{c}领导调研{t}工作", "{s}开展{t}宣传活动", "{c}{t}工作获上级肯定", "{d}召开{t}专题会议",
              "{c}{t}工作现场观摩会举行", "{s}多措并举抓好{t}", "{d}开展{t}专项检查",
              "{c}召开常务会议研究{t}等工作", "{d}：{t}见实效", "{s}召开{t}动员大会"]


def news_title(rng: random.Random, county: str, street: str, dept: str) -> str:
    return rng.choice(NEWS_FORMS).format(c=county, s=street, d=dept, t=rng.choice(TOPICS))


def news_paras(rng: random.Random, title: str) -> list[str]:
    t = rng.choice(TOPICS)
    return [f"{title}。会议强调，要进一步提高思想认识，压紧压实责任，确保{t}各项工作落到实处。",
            f"会上，相关单位负责同志汇报了近期工作开展情况，并就下一步{t}工作作了安排。",
            "会议要求，各级各部门要强化协同配合，加强督促检查，以实干实绩推动各项任务落地见效。"]


SERVICE_ITEMS = ["个人办事", "法人办事", "部门服务", "主题服务", "便民服务", "社保查询", "公积金查询",
                 "不动产登记", "户籍办理", "出入境", "婚姻登记", "医保服务", "教育入学", "企业开办",
                 "工程建设项目审批", "水电气报装", "证照办理", "办件查询", "预约办理", "好差评",
                 "一件事一次办", "跨省通办"]
INTERACT_ITEMS = ["书记信箱", "区长信箱", "12345热线", "在线访谈", "征集调查", "网上调查",
                  "常见问题", "留言选登"]
TOPIC_ITEMS = ["学习贯彻党的二十届三中全会精神", "优化营商环境", "乡村振兴", "安全生产月",
               "平安建设", "全国文明城市创建", "民法典宣传", "扫黑除恶常态化"]
