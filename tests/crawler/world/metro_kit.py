"""Building blocks of the *metro* world (see `metro.py`): a site class that knows query pages,
redirects, session ids, slow and failing answers; a portal builder; the text of reports and
look-alikes; and the files (PDF, DOCX, XLSX, PNG, JPG) that carry them. Everything is drawn from
one `random.Random` per portal, so a seed always gives the same bytes."""

from __future__ import annotations

import html
import io
import json
import random
import re
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from crawler.sample_portal.server import TYPES, Hit, Reply, Site

from . import Portal, Report

HTML = "text/html; charset=utf-8"
MORE_TYPES = {
    ".jhtml": HTML, ".jsp": HTML, ".aspx": HTML, ".do": HTML, ".jspx": HTML, ".php": HTML,
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".gif": "image/gif", ".jpeg": "image/jpeg", ".js": "application/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".zip": "application/zip", ".ofd": "application/ofd",
}
ALL_TYPES = TYPES | MORE_TYPES
EXTERNAL = ["http://www.gov.cn/", "http://www.beijing.gov.cn/", "http://www.zj.gov.cn/",
            "http://www.sc.gov.cn/", "http://www.gd.gov.cn/", "http://www.shandong.gov.cn/",
            "http://www.hubei.gov.cn/", "http://www.yn.gov.cn/", "https://www.12345.gov.cn/",
            "http://www.npc.gov.cn/", "http://www.court.gov.cn/", "http://www.ccdi.gov.cn/"]

#: a prefix route: fn(site, path, query, hit, body) -> Reply | None
PrefixRoute = Callable[["MSite", str, dict[str, list[str]], Hit, bytes], "Reply | None"]


class MSite(Site):
    """A `Site` that also serves pages keyed by path + query, redirects, prefix routes,
    `;jsessionid=` path parameters, slow answers and answers that fail once."""

    def __init__(self) -> None:
        super().__init__(files={})
        self.ctypes: dict[str, str] = {}
        self.redirects: dict[str, tuple[int, str]] = {}
        self.prefix_routes: list[tuple[str, PrefixRoute]] = []
        self.query_paths: set[str] = set()  # paths whose query selects the content
        self.slow: dict[str, float] = {}
        self.fail_once: set[str] = set()
        self._failed: set[str] = set()
        self._flock = threading.Lock()

    def put(self, path: str, data: bytes | str, ctype: str | None = None) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        if path.endswith("/"):
            path += "index.html"
        self.files[path] = data
        if "?" in path:
            self.query_paths.add(path.split("?", 1)[0])
        if ctype:
            self.ctypes[path] = ctype

    def type_of(self, key: str) -> str:
        if key in self.ctypes:
            return self.ctypes[key]
        path = key.split("?", 1)[0]
        if path.endswith("/"):
            return HTML
        name = path.rsplit("/", 1)[-1]
        if "." not in name:
            return HTML
        return ALL_TYPES.get("." + name.rsplit(".", 1)[-1].lower(), "application/octet-stream")

    def answer(self, hit: Hit, body: bytes) -> Reply:
        path = hit.path.split(";", 1)[0]  # Java servers ignore ;jsessionid=...
        key = path + (f"?{hit.query}" if hit.query else "")
        if key in self.slow:
            time.sleep(self.slow[key])
        if key in self.fail_once:
            with self._flock:
                first = key not in self._failed
                self._failed.add(key)
            if first:
                return Reply(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>",
                             validators=False)
        if key in self.redirects or (path in self.redirects and not hit.query):
            status, target = self.redirects.get(key) or self.redirects[path]
            return Reply(status, b"", headers={"Location": target}, validators=False)
        route = self.routes.get(path)
        query = parse_qs(hit.query)
        if route is not None:
            reply = route(self, hit, query, body)
            if reply is not None:
                return reply
        for prefix, fn in self.prefix_routes:
            if path.startswith(prefix):
                reply = fn(self, path, query, hit, body)
                if reply is not None:
                    return reply
        if hit.query and key in self.files:
            return Reply(200, self.files[key], self.type_of(key))
        if hit.query and path in self.query_paths:
            return Reply(404, b"<html><head><title>404</title></head><body>Not Found</body></html>",
                         validators=False)
        data = self.lookup(path)
        if data is None:
            return Reply(404, b"<html><head><title>404</title></head><body>Not Found</body></html>",
                         validators=False)
        full = path + "index.html" if path.endswith("/") else path
        return Reply(200, data, self.type_of(full))


# ------------------------------------------------------------------ portal builder

@dataclass
class PB:
    """Collects one portal while it is being built."""

    key: str
    family: str
    port: int
    rng: random.Random
    domain: str  # registrable domain, e.g. lanchuan.gov.cn
    sites: dict[str, MSite] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    never: set[str] = field(default_factory=set)
    lookalikes: set[str] = field(default_factory=set)
    traps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    robots: dict[str, list[str]] = field(default_factory=dict)  # host -> disallowed prefixes
    sitemap: dict[str, list[str]] = field(default_factory=dict)  # host -> urls
    counter: int = 0

    def host(self, sub: str) -> str:
        return f"{sub}.{self.domain}" if sub else self.domain

    def site(self, host: str) -> MSite:
        if host not in self.sites:
            self.sites[host] = MSite()
            self.robots.setdefault(host, [])
        return self.sites[host]

    def url(self, host: str, path: str) -> str:
        return f"http://{host}:{self.port}{path}"

    def put(self, host: str, path: str, data: bytes | str, ctype: str | None = None) -> str:
        self.site(host).put(path, data, ctype)
        return self.url(host, path)

    def next_id(self, lo: int = 1000, step: int = 37) -> int:
        self.counter += self.rng.randint(1, step)
        return lo + self.counter

    def report(self, agency: str, year: int, urls: list[str], where: str) -> None:
        self.reports.append(Report(agency, year, frozenset(urls), where))

    def disallow(self, host: str, prefix: str) -> None:
        self.site(host)
        if prefix not in self.robots[host]:
            self.robots[host].append(prefix)

    def finish(self, home: str, extra_robots: dict[str, str] | None = None) -> Portal:
        for host, site in self.sites.items():
            if "/robots.txt" in site.files:
                continue
            lines = []
            if self.rng.random() < 0.4:
                lines += ["User-agent: Baiduspider", "Allow: /", ""]
            lines.append("User-agent: *")
            lines += [f"Disallow: {p}" for p in self.robots.get(host, [])] or ["Disallow:"]
            if host in self.sitemap:
                lines.append(f"Sitemap: {self.url(host, '/sitemap.xml')}")
                urls = "".join(f"<url><loc>{html.escape(u)}</loc></url>"
                               for u in self.sitemap[host])
                site.put("/sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?>'
                         '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                         f"{urls}</urlset>")
            if extra_robots and host in extra_robots:
                lines.append(extra_robots[host])
            site.put("/robots.txt", "\n".join(lines) + "\n", "text/plain; charset=utf-8")
        return Portal(self.key, self.family, home, dict(self.sites), list(self.reports),
                      set(self.never), set(self.lookalikes), list(self.traps),
                      "; ".join(self.notes))


# ------------------------------------------------------------------ names

SYL = [("岚", "lan"), ("澄", "cheng"), ("榆", "yu"), ("桐", "tong"), ("溪", "xi"),
       ("川", "chuan"), ("泽", "ze"), ("阳", "yang"), ("宁", "ning"), ("丰", "feng"),
       ("源", "yuan"), ("湖", "hu"), ("岭", "ling"), ("浦", "pu"), ("霖", "lin"),
       ("枫", "feng"), ("禾", "he"), ("沁", "qin"), ("鹤", "he"), ("翠", "cui"), ("汀", "ting"),
       ("蔚", "wei"), ("璋", "zhang"), ("澜", "lan"), ("岑", "cen"), ("濂", "lian"),
       ("峤", "qiao"), ("晗", "han"), ("棠", "tang"), ("嵩", "song"), ("漪", "yi"),
       ("琅", "lang"), ("苒", "ran"), ("泓", "hong"), ("槐", "huai"), ("栎", "li"),
       ("潼", "tong"), ("芷", "zhi"), ("砚", "yan"), ("郗", "xi"), ("滢", "ying"),
       ("茗", "ming"), ("渥", "wo"), ("珞", "luo"), ("梧", "wu"), ("蓟", "ji"),
       ("澍", "shu"), ("岫", "xiu"), ("陂", "bei"), ("邡", "fang"), ("渼", "mei")]
TAIL = [("州", "zhou"), ("城", "cheng"), ("江", "jiang"), ("山", "shan"), ("平", "ping"),
        ("安", "an"), ("口", "kou"), ("原", "yuan"), ("水", "shui"), ("峰", "feng"),
        ("台", "tai"), ("关", "guan"), ("滨", "bin"), ("林", "lin"), ("津", "jin")]


class Names:
    """Invented place names, unique within one world."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used_names: set[str] = set()
        self.used_codes: set[str] = set()

    def place(self, initials: bool | None = None) -> tuple[str, str]:
        """(name, host code) e.g. ('岚江', 'lanjiang') or ('岚江', 'lj')."""
        for _ in range(1000):
            a = self.rng.choice(SYL)
            b = self.rng.choice(TAIL if self.rng.random() < 0.6 else SYL)
            if a[0] == b[0]:
                continue
            name = a[0] + b[0]
            short = initials if initials is not None else self.rng.random() < 0.3
            code = (a[1][0] + b[1][0] + self.rng.choice(["", "x", "q", "s"])) if short \
                else a[1] + b[1]
            if name in self.used_names or code in self.used_codes or len(code) < 3:
                continue
            self.used_names.add(name)
            self.used_codes.add(code)
            return name, code
        raise RuntimeError("ran out of names")

    def small(self, suffix: str) -> str:
        """A township or street name (unique in the world)."""
        for _ in range(1000):
            a, b = self.rng.choice(SYL), self.rng.choice(SYL + TAIL)
            name = a[0] + b[0] + suffix
            if a[0] != b[0] and name not in self.used_names:
                self.used_names.add(name)
                return name
        raise RuntimeError("ran out of names")


def pinyin_initials(name: str) -> str:
    table = dict(SYL + TAIL)
    return "".join(table.get(ch, "x")[0] for ch in name if ch in table) or "x"


# (code, names by first year) of county/city departments; renamed over the years
DEPTS: list[tuple[str, list[tuple[int, str]]]] = [
    ("fgw", [(2008, "发展和改革局")]),
    ("jyj", [(2008, "教育局"), (2019, "教育体育局")]),
    ("kjj", [(2008, "科学技术局"), (2019, "科学技术和工业信息化局")]),
    ("mzj", [(2008, "民政局")]),
    ("sfj", [(2008, "司法局")]),
    ("czj", [(2008, "财政局")]),
    ("rsj", [(2008, "人事局"), (2011, "人力资源和社会保障局")]),
    ("zrzyj", [(2008, "国土资源局"), (2019, "自然资源局")]),
    ("sthjj", [(2008, "环境保护局"), (2019, "生态环境分局")]),
    ("zjj", [(2008, "建设局"), (2010, "住房和城乡建设局")]),
    ("jtj", [(2008, "交通局"), (2012, "交通运输局")]),
    ("slj", [(2008, "水务局")]),
    ("nyj", [(2008, "农业局"), (2019, "农业农村局")]),
    ("swj", [(2008, "商务局")]),
    ("wlj", [(2008, "文化广电新闻出版局"), (2019, "文化和旅游局")]),
    ("wjw", [(2008, "卫生局"), (2014, "卫生和计划生育局"), (2019, "卫生健康局")]),
    ("yjj", [(2008, "安全生产监督管理局"), (2019, "应急管理局")]),
    ("sjj", [(2008, "审计局")]),
    ("scjgj", [(2008, "工商行政管理局"), (2015, "市场监督管理局")]),
    ("tjj", [(2008, "统计局")]),
    ("ybj", [(2019, "医疗保障局")]),
    ("tyjrswj", [(2019, "退役军人事务局")]),
    ("cgj", [(2012, "城市管理局"), (2019, "综合行政执法局")]),
    ("lyj", [(2008, "林业局")]),
    ("xfj", [(2008, "信访局")]),
    ("mzzj", [(2008, "民族宗教事务局")]),
    ("zwfwj", [(2015, "行政审批局"), (2019, "政务服务管理局")]),
    ("sjzx", [(2024, "数据局")]),
]


def dept_name(hist: list[tuple[int, str]], year: int) -> str:
    name = hist[0][1]
    for y, n in hist:
        if year >= y:
            name = n
    return name


# ------------------------------------------------------------------ dates and text

def pub_date(year: int, rng: random.Random) -> tuple[int, int, int]:
    """When the report on `year` came out: by 31 March before 2019, by 31 January after."""
    y = year + 1
    if year >= 2019:
        m, d = (1, rng.randint(6, 31)) if rng.random() < 0.85 else (2, rng.randint(1, 27))
    else:
        m = rng.choice([1, 2, 3, 3, 3])
        d = rng.randint(1, 28 if m == 2 else 31)
    return y, m, d


def dstr(d: tuple[int, int, int]) -> str:
    return f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}"


def report_title(unit: str, year: int, rng: random.Random, style: str | None = None) -> str:
    """A title of the kind used in `year`'s era."""
    forms = ["{u}{y}年政府信息公开工作年度报告", "{u}{y}年度政府信息公开工作年度报告",
             "{u}{y}年政府信息公开工作年度报告"]
    if year <= 2013:
        forms += ["{u}{y}年度政府信息公开工作报告", "{u}政府信息公开{y}年度报告",
                  "{u}{y}年度政府信息公开年报"]
    elif year <= 2018:
        forms += ["{u}{y}年度政府信息公开年度报告", "{y}年{u}政府信息公开工作年度报告",
                  "{u}关于{y}年度政府信息公开工作情况的报告"]
    else:
        forms += ["{y}年{u}政府信息公开工作年度报告", "{u}{y}年政府信息公开工作年度报告（全文）",
                  "{u}{y}年度政务公开和政府信息公开工作年度报告"]
    form = style or rng.choice(forms)
    return form.format(u=unit, y=year)


def bare_title(unit: str, year: int, rng: random.Random) -> str:
    """What a 年报 column shows when the column name already says it all."""
    return rng.choice([f"{year}年度报告", f"{year}年", f"{year}年度", unit, f"{unit}（{year}年度）",
                       f"{year}年{unit}", f"{year}年度年报"])


LOOKALIKES = [
    ("{u}{y1}年政务公开工作要点", False),
    ("{u}{y}年法治政府建设年度报告", True),
    ("{u}{y}年度部门决算公开", True),
    ("{u}{y1}年部门预算公开说明", True),
    ("{p}{y}年国民经济和社会发展统计公报", True),
    ("一图读懂《{u}{y}年政府信息公开工作年度报告》", False),
    ("《{u}{y}年政府信息公开工作年度报告》解读", False),
    ("关于举办{y1}年全区政务公开业务培训班的通知", False),
    ("关于做好{y}年度政府信息公开工作年度报告编制和发布工作的通知", False),
    ("关于开展{y}年度企业年度报告公示工作的通告", False),
    ("{y1}年{p}人民政府工作报告", True),
    ("{u}政府网站工作年度报表（{y}年度）", False),
    ("{u}政府信息公开指南（{y1}年修订）", False),
    ("{u}{y}年工作总结和{y1}年工作计划", False),
    ("{u}{y}年度政府信息公开工作考核结果的通报", False),
    ("{u}{y}年度人大代表建议和政协提案办理情况报告", False),
    ("{u}{y}年度优化营商环境工作报告", False),
    ("{u}{y}年度安全生产工作年度报告", True),
]


def lookalike_title(unit: str, place: str, year: int, rng: random.Random) -> tuple[str, bool]:
    form, attach = rng.choice(LOOKALIKES)
    return form.format(u=unit, p=place, y=year, y1=year + 1), attach


NEWS = ["{p}召开{y}年安全生产工作会议", "{p}开展“我为群众办实事”实践活动", "{p}举行重点项目集中开工仪式",
        "{p}部署冬春季森林防火工作", "{p}召开优化营商环境推进会", "市领导到{p}调研乡村振兴工作",
        "{p}开展防汛应急演练", "{p}举办就业援助月专场招聘会", "{p}推进“一网通办”改革",
        "{p}召开人大代表建议督办会", "{p}组织开展食品安全检查", "{p}举办全民健身运动会",
        "关于{p}{y}年春节期间烟花爆竹燃放管理的通告", "{p}公布{y}年民生实事项目",
        "{p}开展消防安全宣传月活动", "{p}召开河湖长制工作会议", "{p}启动第三次全国土壤普查工作",
        "{p}发布{y}年第二季度空气质量状况", "{p}开展“双随机、一公开”抽查", "{p}举行招商引资签约仪式"]


def news_title(place: str, year: int, rng: random.Random) -> str:
    return rng.choice(NEWS).format(p=place, y=year)


def para(rng: random.Random, n: int = 3) -> str:
    bits = ["坚持以人民为中心的发展思想", "认真贯彻落实上级决策部署", "持续推进政务公开标准化规范化建设",
            "进一步提升服务效能", "加强统筹协调和督促检查", "不断完善工作机制", "扎实做好各项工作",
            "聚焦群众关切", "推动各项任务落地见效", "着力优化营商环境", "强化责任落实",
            "全面提升治理能力和水平"]
    return "，".join(rng.sample(bits, n)) + "。"


@dataclass
class Doc:
    """The text of one report: headings, paragraphs and tables."""

    title: str
    blocks: list[tuple[str, Any]]  # ("h"|"p", str) or ("t", rows)

    def text(self) -> str:
        out = [self.title]
        for kind, val in self.blocks:
            out.append(" ".join(" ".join(r) for r in val) if kind == "t" else val)
        return "\n".join(out)


def report_doc(unit: str, year: int, title: str, site_name: str, rng: random.Random) -> Doc:
    r = rng.randint
    b: list[tuple[str, Any]] = []
    b.append(("p", f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定编制。本报告中所列数据"
                   f"的统计期限自{year}年1月1日起至{year}年12月31日止。本报告电子版可在“{site_name}”"
                   f"下载。如对本报告有疑问，请与{unit}办公室联系（电话：0{r(310, 999)}-{r(2000000, 8999999)}）。"))
    if year >= 2019:
        b.append(("h", "一、总体情况"))
        b.append(("p", f"{year}年，{unit}{para(rng, 4)}全年主动公开政府信息{r(40, 900)}条，"
                       f"其中政策文件{r(3, 60)}件，政策解读{r(2, 30)}篇。"))
        b.append(("h", "二、主动公开政府信息情况"))
        b.append(("t", [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                        ["规章", "0", "0", "0"],
                        ["行政规范性文件", str(r(0, 9)), str(r(0, 4)), str(r(5, 40))]]))
        b.append(("t", [["信息内容", "本年处理决定数量"], ["行政许可", str(r(0, 3000))],
                        ["行政处罚", str(r(0, 900))], ["行政强制", str(r(0, 90))]]))
        b.append(("h", "三、收到和处理政府信息公开申请情况"))
        new, carry = r(0, 120), r(0, 6)
        b.append(("t", [["申请人情况", "自然人", "法人或其他组织", "总计"],
                        ["一、本年新收政府信息公开申请数量", str(new), "0", str(new)],
                        ["二、上年结转政府信息公开申请数量", str(carry), "0", str(carry)],
                        ["三、本年度办理结果（予以公开）", str(new // 2), "0", str(new // 2)],
                        ["四、结转下年度继续办理", "0", "0", "0"]]))
        b.append(("h", "四、政府信息公开行政复议、行政诉讼情况"))
        b.append(("t", [["行政复议结果维持", "结果纠正", "尚未审结", "行政诉讼总计"],
                        [str(r(0, 5)), str(r(0, 2)), "0", str(r(0, 3))]]))
        b.append(("h", "五、存在的主要问题及改进情况"))
        b.append(("p", "一是公开内容的全面性还需加强；二是政策解读形式较为单一。下一步，" + para(rng)))
        b.append(("h", "六、其他需要报告的事项"))
        b.append(("p", f"本年度未收取信息处理费。{unit}无其他需要报告的事项。"))
    else:
        b.append(("h", "一、概述"))
        b.append(("p", f"{year}年，{unit}{para(rng, 3)}"))
        b.append(("h", "二、主动公开政府信息情况"))
        b.append(("p", f"本年度共主动公开政府信息{r(30, 600)}条，其中通过政府网站公开{r(20, 400)}条。"))
        b.append(("h", "三、依申请公开政府信息情况"))
        b.append(("t", [["统计指标", "单位", "统计数"], ["受理申请总数", "件", str(r(0, 60))],
                        ["其中：当面申请数", "件", str(r(0, 20))], ["网络申请数", "件", str(r(0, 30))],
                        ["同意公开答复数", "件", str(r(0, 30))]]))
        b.append(("h", "四、政府信息公开的收费及减免情况"))
        b.append(("p", "本年度未收取任何费用。"))
        b.append(("h", "五、因政府信息公开申请行政复议、提起行政诉讼的情况"))
        b.append(("p", f"本年度发生政府信息公开行政复议{r(0, 3)}件，行政诉讼{r(0, 2)}件。"))
        b.append(("h", "六、存在的主要问题及改进措施"))
        b.append(("p", para(rng, 3)))
    return Doc(title, b)


def other_doc(title: str, unit: str, rng: random.Random, kind: str = "") -> Doc:
    """A non-report text (news, look-alike): paragraphs, maybe one table."""
    b: list[tuple[str, Any]] = [("p", f"{unit}{para(rng, 4)}")]
    if "决算" in title or "预算" in title:
        b.append(("t", [["项目", "预算数", "决算数"], ["一般公共预算财政拨款收入",
                                                   str(rng.randint(100, 9000)), str(rng.randint(100, 9000))]]))
    if "解读" in title or "一图读懂" in title:
        b.append(("p", "近日，" + title.strip("《》") + "正式发布。现就有关内容解读如下：" + para(rng, 3)))
    b.append(("p", para(rng, 3)))
    return Doc(title, b)


def doc_html(doc: Doc, tables: list[str] | None = None) -> str:
    """The body of a report page; `tables`, if given, are image URLs shown instead of tables."""
    out, ti = [], 0
    for kind, val in doc.blocks:
        if kind == "h":
            out.append(f"<p><strong>{html.escape(val)}</strong></p>")
        elif kind == "p":
            out.append(f"<p style=\"text-indent:2em\">{html.escape(val)}</p>")
        elif tables is not None:
            out.append(f'<p style="text-align:center"><img src="{tables[ti]}" border="0"></p>')
            ti += 1
        else:
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                           for row in val)
            out.append(f'<table border="1" cellspacing="0" cellpadding="2">{rows}</table>')
    return "\n".join(out)


def n_tables(doc: Doc) -> int:
    return sum(1 for k, _ in doc.blocks if k == "t")


# ------------------------------------------------------------------ files

FIXED_ZIP_DATE = (2024, 1, 31, 9, 0, 0)
_CORE_DATE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms)")


def _fixed_zip(data: bytes) -> bytes:
    """The same OOXML package with fixed timestamps (python-docx/openpyxl stamp the time)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.endswith("core.xml"):
                body = _CORE_DATE.sub(rb"\g<1>2024-01-31T09:00:00Z\g<2>", body)
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_ZIP_DATE), body,
                         zipfile.ZIP_DEFLATED)
    return out.getvalue()


_PDF_FONT = "STSong-Light"
_pdf_ready = False


def pdf_bytes(doc: Doc) -> bytes:
    global _pdf_ready
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    if not _pdf_ready:
        pdfmetrics.registerFont(UnicodeCIDFont(_PDF_FONT))
        _pdf_ready = True
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setTitle(doc.title)
    y = 790.0
    c.setFont(_PDF_FONT, 15)
    for chunk in _wrap(doc.title, 30):
        c.drawString(60, y, chunk)
        y -= 24
    c.setFont(_PDF_FONT, 10.5)
    for kind, val in doc.blocks:
        lines = ([" | ".join(r) for r in val] if kind == "t" else _wrap(val, 44))
        for line in lines:
            if y < 60:
                c.showPage()
                c.setFont(_PDF_FONT, 10.5)
                y = 790.0
            c.drawString(60, y, line)
            y -= 16
        y -= 4
    c.showPage()
    c.save()
    return buf.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


@lru_cache(maxsize=1)
def _docx_template() -> dict[str, bytes]:
    import docx
    buf = io.BytesIO()
    docx.Document().save(buf)
    z = zipfile.ZipFile(io.BytesIO(_fixed_zip(buf.getvalue())))
    return {n: z.read(n) for n in z.namelist()}


@lru_cache(maxsize=1)
def _xlsx_template() -> dict[str, bytes]:
    import openpyxl
    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    z = zipfile.ZipFile(io.BytesIO(_fixed_zip(buf.getvalue())))
    return {n: z.read(n) for n in z.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(zipfile.ZipInfo(name, FIXED_ZIP_DATE), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _x(text: str) -> str:
    return html.escape(text, quote=False)


def docx_bytes(doc: Doc) -> bytes:
    """A Word document (python-docx's own package with our body, written fast)."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def p(text: str, bold: bool = False) -> str:
        rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
        return f'<w:p><w:r>{rpr}<w:t xml:space="preserve">{_x(text)}</w:t></w:r></w:p>'
    body = [p(doc.title, True)]
    for kind, val in doc.blocks:
        if kind == "t":
            rows = "".join("<w:tr>" + "".join(f"<w:tc>{p(c)}</w:tc>" for c in row) + "</w:tr>"
                           for row in val)
            body.append('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>'
                        '<w:top w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/>'
                        '<w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/>'
                        f"</w:tblBorders></w:tblPr>{rows}</w:tbl>")
        else:
            body.append(p(val, kind == "h"))
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {w}><w:body>'
           + "".join(body) + "<w:sectPr/></w:body></w:document>")
    parts = dict(_docx_template())
    parts["word/document.xml"] = xml.encode("utf-8")
    return _zip(parts)


def xlsx_bytes(doc: Doc) -> bytes:
    """A workbook (openpyxl's own package with our sheet, written fast)."""
    rows: list[list[str]] = [[doc.title]]
    for kind, val in doc.blocks:
        if kind == "t":
            rows += val + [[]]
        elif kind == "h":
            rows.append([val])
    cells = []
    for i, row in enumerate(rows, 1):
        cs = "".join(f'<c r="{chr(65 + j)}{i}" t="inlineStr"><is><t>{_x(v)}</t></is></c>'
                     for j, v in enumerate(row))
        cells.append(f'<row r="{i}">{cs}</row>')
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns='
           '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           + "".join(cells) + "</sheetData></worksheet>")
    parts = dict(_xlsx_template())
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[sheet] = xml.encode("utf-8")
    return _zip(parts)


@lru_cache(maxsize=8)
def _font(size: int) -> Any:
    from PIL import ImageFont
    for path in ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                 "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
                 "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"]:
        if Path(path).exists():
            try:
                return ImageFont.truetype(path, size)
            except OSError:
                continue
    return None


def _draw_text(draw: Any, xy: tuple[int, int], text: str, size: int) -> None:
    font = _font(size)
    if font is not None:
        draw.text(xy, text, fill=0, font=font)
    else:  # no CJK font on this machine: digits and latin only
        draw.text(xy, "".join(ch for ch in text if ord(ch) < 128) or "#", fill=0)


def table_png(rows: list[list[str]]) -> bytes:
    from PIL import Image, ImageDraw
    cw, rh = 150, 26
    w, h = cw * len(rows[0]) + 2, rh * len(rows) + 2
    img = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(img)
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            d.rectangle([j * cw, i * rh, (j + 1) * cw, (i + 1) * rh], outline=0)
            _draw_text(d, (j * cw + 4, i * rh + 5), cell[:9], 13)
    buf = io.BytesIO()
    img.convert("1").save(buf, "PNG", optimize=True)
    return buf.getvalue()


def scan_jpgs(doc: Doc, pages: int, rng: random.Random) -> list[bytes]:
    """A scanned paper copy: grey pages with the text lines, slightly skewed."""
    from PIL import Image, ImageDraw
    lines = [doc.title]
    for kind, val in doc.blocks:
        lines += ([" ".join(r) for r in val] if kind == "t" else _wrap(val, 30))
    per = max(1, -(-len(lines) // pages))
    out = []
    for p in range(pages):
        img = Image.new("L", (420, 594), 236)
        d = ImageDraw.Draw(img)
        for i, line in enumerate(lines[p * per:(p + 1) * per][:34]):
            _draw_text(d, (28, 24 + i * 16), line, 12)
        d.text((200, 570), f"- {p + 1} -", fill=60)
        img = img.rotate(rng.uniform(-1.2, 1.2), fillcolor=236)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=35)
        out.append(buf.getvalue())
    return out


def hexid(rng: random.Random, n: int = 32) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def jdump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def esc(s: str) -> str:
    return html.escape(s, quote=True)
