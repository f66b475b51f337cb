"""Shared parts of the held-out world (`holdout.py`): a `Site` with a few more server habits,
a per-portal builder, Chinese names, report and look-alike texts, and the files that carry
them (PDF, scanned PDF, DOCX, XLSX, page scans, ZIP). Everything is deterministic for a seed:
randomness comes from `random.Random` objects seeded by strings, binary files carry fixed
dates.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import html
import io
import itertools
import json
import posixpath
import random
import re
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote

from crawler.sample_portal.server import TYPES, Hit, Reply, Site
from tests.crawler.world import Portal, Report

Route = Callable[[Site, Hit, dict[str, list[str]], bytes], "Reply | None"]

#: The day the world is seen: reports for 2024 are out, nothing later.
NOW = date(2025, 3, 31)
FIRST_YEAR, LAST_YEAR = 2008, 2024
ORACLE_HEADER = "X-Holdout-Oracle"  # the self-check's own reader skips slow answers

JSESSION = re.compile(r";jsessionid=[^/?#]*", re.I)
ASP_SESSION = re.compile(r"^/\(S\([A-Za-z0-9]+\)\)(?=/)")

NOT_FOUND = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404 页面不存在</title>"
             "</head><body><h1>404</h1><p>您访问的页面不存在或已被删除。</p>"
             "<a href=\"/\">返回首页</a></body></html>").encode()


# ======================================================================== the server side

class HSite(Site):
    """A `Site` that also: strips `;jsessionid=` and ASP.NET `/(S(...))` session markers from
    paths (as Tomcat and IIS do), matches routes by prefix, types extension-less pages by an
    exact-path table, answers some paths slowly and some with one 500 first."""

    def __init__(self, name: str, *, files: dict[str, bytes], routes: dict[str, Route],
                 prefixes: list[tuple[str, Route]], ctypes: dict[str, str],
                 slow: dict[str, float], flaky: set[str], traps: list[str]) -> None:
        super().__init__(files=files, routes=routes)
        self.name = name
        self.prefixes = prefixes
        self.ctypes = ctypes
        self.slow = slow
        self.flaky = flaky
        self.failed: set[str] = set()
        self.trap_patterns = [re.compile(p) for p in traps]  # for the self-check's reader
        self.qpages: dict[str, dict[str, tuple[bytes, str, dict[str, str]]]] = {}
        self.counter = itertools.count(1)
        self.state_lock = threading.Lock()

    def answer(self, hit: Hit, body: bytes) -> Reply:
        path = ASP_SESSION.sub("", JSESSION.sub("", hit.path))
        if path != hit.path:
            hit = dataclasses.replace(hit, path=path)
        oracle = any(k.lower() == ORACLE_HEADER.lower() for k in hit.headers)
        delay = self.slow.get(path)
        if delay and not oracle:
            time.sleep(delay)
        if path in self.flaky:
            with self.state_lock:
                first = path not in self.failed
                self.failed.add(path)
            if first:
                return Reply(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>",
                             validators=False)
        query = parse_qs(hit.query, keep_blank_values=True)
        route = self.routes.get(path)
        if route is None:
            route = next((fn for prefix, fn in self.prefixes if path.startswith(prefix)), None)
        if route is not None:
            reply = route(self, hit, query, body)
            if reply is not None:
                return reply
        data = self.lookup(path)
        if data is None:
            return Reply(404, NOT_FOUND, validators=False)
        ctype = self.ctypes.get(path)
        if ctype is None:
            name = path if not path.endswith("/") else path + "index.html"
            ctype = TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
            if name.endswith(".zip"):
                ctype = "application/zip"
            elif name.endswith(".xlsx"):
                ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            elif name.endswith(".js"):
                ctype = "application/javascript"
            elif name.endswith(".css"):
                ctype = "text/css"
        return Reply(200, data, ctype)

    def tick(self) -> int:
        with self.state_lock:
            return next(self.counter)


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, b"", "text/html; charset=utf-8", {"Location": location},
                 validators=False)


def canon_query(query: str) -> str:
    """Parameters sorted, percent-escapes decoded: how dynamic pages match a query."""
    if not query:
        return ""
    pairs = parse_qs(query, keep_blank_values=True)
    return "&".join(f"{k}={v}" for k in sorted(pairs) for v in pairs[k])


def disposition(filename: str, style: str = "rfc5987") -> str:
    """Content-Disposition as servers write it: `rfc5987` (filename*=UTF-8''…), `java`
    (URLEncoder: filename=%E5…), `aspnet` (HttpUtility.UrlEncode: lower-case %e5…), `utf8`
    and `gbk` (raw bytes; carried through http.server's latin-1 header encoding)."""
    if style == "java":
        return f"attachment;filename={quote(filename)}"
    if style == "aspnet":
        return "attachment; filename=" + re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(),
                                                 quote(filename))
    if style in ("utf8", "gbk"):
        raw = filename.encode("utf-8" if style == "utf8" else "gbk", "replace").decode("latin-1")
        return f'attachment; filename="{raw}"'
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


@dataclasses.dataclass
class Host:
    """What one host name serves, collected while a portal is built."""

    name: str
    port: int
    files: dict[str, bytes] = dataclasses.field(default_factory=dict)
    routes: dict[str, Route] = dataclasses.field(default_factory=dict)
    prefixes: list[tuple[str, Route]] = dataclasses.field(default_factory=list)
    ctypes: dict[str, str] = dataclasses.field(default_factory=dict)
    slow: dict[str, float] = dataclasses.field(default_factory=dict)
    flaky: set[str] = dataclasses.field(default_factory=set)
    traps: list[str] = dataclasses.field(default_factory=list)
    qpages: dict[str, dict[str, tuple[bytes, str, dict[str, str]]]] = \
        dataclasses.field(default_factory=dict)
    qfallback: dict[str, Route] = dataclasses.field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"http://{self.name}:{self.port}{path}"

    @property
    def base(self) -> str:
        return f"http://{self.name}:{self.port}"

    def put(self, path: str, content: str | bytes, *, charset: str = "utf-8",
            ctype: str | None = None, header_charset: bool = True) -> str:
        """Store a file; returns its absolute URL. Text is encoded with `charset`; pages whose
        suffix the server does not know (.aspx, .jhtml, none) are typed text/html. A path
        with a query becomes a dynamic page (`qput`)."""
        if "?" in path:
            p, q = path.split("?", 1)
            return self.qput(p, q, content, charset=charset,
                             ctype=ctype or (None if header_charset else "text/html"))
        if isinstance(content, str):
            content = content.encode(charset, "xmlcharrefreplace")
            if ctype is None:
                suffix = Path(path if not path.endswith("/") else path + "index.html").suffix
                if suffix not in (".xml", ".json", ".txt", ".js", ".css") and (
                        suffix not in TYPES or charset != "utf-8" or not header_charset):
                    ctype = f"text/html; charset={charset}" if header_charset else "text/html"
        self.files[path] = content
        if ctype:
            self.ctypes[path if not path.endswith("/") else path + "index.html"] = ctype
        return self.url(quote(path, safe="/%;=()!$&'*+,:@~"))

    def qput(self, path: str, query: str, content: str | bytes, *, charset: str = "utf-8",
             ctype: str | None = None, headers: dict[str, str] | None = None) -> str:
        """A dynamic page: `path?query` (parameters in any order) answers `content`."""
        table = self.qpages.get(path)
        if table is None:
            table = self.qpages[path] = {}
            fallback = self.qfallback

            def serve(site: Site, hit: Hit, q: dict[str, list[str]], body: bytes,
                      table: dict[str, tuple[bytes, str, dict[str, str]]] = table,
                      path: str = path) -> Reply | None:
                found = table.get(canon_query(hit.query))
                if found is None:
                    fb = fallback.get(path)
                    if fb is not None:
                        return fb(site, hit, q, body)
                    return Reply(404, NOT_FOUND, validators=False)
                data, ct, hdrs = found
                return Reply(200, data, ct, dict(hdrs))

            self.routes[path] = serve
        if isinstance(content, str):
            content = content.encode(charset, "xmlcharrefreplace")
            ctype = ctype or f"text/html; charset={charset}"
        table[canon_query(query)] = (content, ctype or "application/octet-stream",
                                     headers or {})
        return self.url(f"{path}?{query}" if query else path)

    def download(self, path: str, params: tuple[str, ...], values: tuple[str, ...],
                 data: bytes, filename: str, ctype: str,
                 shown: tuple[str, ...] | None = None, style: str = "rfc5987") -> str:
        """A download script at `path` answering `?p1=v1&p2=v2` with `data` as an attachment
        named `filename` (no file name in the URL). `shown`: the values as the link writes
        them (percent-encoded), if not plain. Returns the absolute URL."""
        shown = shown or values
        query = "&".join(f"{p}={v}" for p, v in zip(params, shown, strict=True))
        return self.qput(path, query, data, ctype=ctype,
                         headers={"Content-Disposition": disposition(filename, style)})

    def site(self) -> HSite:
        site = HSite(self.name, files=self.files, routes=self.routes, prefixes=self.prefixes,
                     ctypes=self.ctypes, slow=self.slow, flaky=self.flaky, traps=self.traps)
        site.qpages = self.qpages  # what the query routes answer (for the self-checks)
        return site


class Build:
    """Collects one portal: its hosts, expected reports, forbidden and look-alike URLs."""

    def __init__(self, seed: int, port: int, key: str, family: str, taken: set[str],
                 names: Names) -> None:
        self.seed, self.port, self.key, self.family = seed, port, key, family
        self.rng = random.Random(f"holdout/{seed}/{key}")
        self.taken = taken
        self.names = names
        self.hosts: dict[str, Host] = {}
        self.reports: list[Report] = []
        self.never: set[str] = set()
        self.lookalikes: set[str] = set()
        self.traps: list[str] = []
        self.notes: list[str] = []
        self.ids = itertools.count(self.rng.randrange(10_000, 90_000) * 10)
        self.day = NOW  # the publication day of the item being written (upload paths use it)

    def host(self, name: str) -> Host:
        name = name.lower()
        if name in self.hosts:
            return self.hosts[name]
        if name in self.taken:
            raise ValueError(f"host {name} taken twice")
        self.taken.add(name)
        host = self.hosts[name] = Host(name, self.port)
        return host

    def next_id(self, step: int = 7) -> int:
        n = next(self.ids)
        for _ in range(self.rng.randrange(0, step)):
            next(self.ids)
        return n

    def report(self, agency: str, year: int, urls: Iterable[str], where: str) -> None:
        urls = frozenset(urls)
        assert urls, (agency, year)
        self.reports.append(Report(agency, year, urls, where))

    def trap(self, name: str) -> None:
        if name not in self.traps:
            self.traps.append(name)

    def portal(self, home: str) -> Portal:
        sites = {name: h.site() for name, h in self.hosts.items()}
        return Portal(key=self.key, family=self.family, home=home, sites=sites,
                      reports=self.reports, never=self.never, lookalikes=self.lookalikes,
                      traps=list(self.traps), notes="; ".join(self.notes))


# ======================================================================== names

SYLLABLES = [
    ("安", "an"), ("宁", "ning"), ("平", "ping"), ("清", "qing"), ("溪", "xi"), ("泰", "tai"),
    ("和", "he"), ("丰", "feng"), ("兴", "xing"), ("华", "hua"), ("永", "yong"), ("昌", "chang"),
    ("隆", "long"), ("江", "jiang"), ("源", "yuan"), ("阳", "yang"), ("山", "shan"),
    ("城", "cheng"), ("定", "ding"), ("远", "yuan"), ("富", "fu"), ("临", "lin"), ("泉", "quan"),
    ("桐", "tong"), ("柏", "bai"), ("乐", "le"), ("嘉", "jia"), ("庆", "qing"), ("崇", "chong"),
    ("德", "de"), ("康", "kang"), ("怀", "huai"), ("仁", "ren"), ("广", "guang"), ("明", "ming"),
    ("武", "wu"), ("沙", "sha"), ("湾", "wan"), ("峰", "feng"), ("岭", "ling"), ("梅", "mei"),
    ("桃", "tao"), ("金", "jin"), ("石", "shi"), ("玉", "yu"), ("凤", "feng"), ("龙", "long"),
    ("鹤", "he"), ("云", "yun"), ("松", "song"), ("津", "jin"), ("潭", "tan"), ("浦", "pu"),
    ("陵", "ling"), ("瑞", "rui"), ("祥", "xiang"), ("绥", "sui"), ("靖", "jing"), ("海", "hai"),
    ("新", "xin"), ("东", "dong"), ("西", "xi"), ("南", "nan"), ("北", "bei"), ("长", "chang"),
    ("青", "qing"), ("白", "bai"), ("黄", "huang"), ("红", "hong"), ("汉", "han"), ("普", "pu"),
]

PROVINCES = [
    ("浙江省", "zj"), ("安徽省", "ah"), ("河北省", "hebei"), ("云南省", "yn"), ("江西省", "jx"),
    ("湖北省", "hubei"), ("湖南省", "hunan"), ("山东省", "sd"), ("甘肃省", "gansu"),
    ("四川省", "sc"), ("福建省", "fujian"), ("辽宁省", "ln"), ("吉林省", "jl"),
    ("贵州省", "guizhou"), ("陕西省", "shaanxi"), ("河南省", "henan"), ("山西省", "shanxi"),
    ("江苏省", "jiangsu"), ("黑龙江省", "hlj"), ("广西壮族自治区", "gxzf"),
]

# abbreviation, current name, [(first year, name)…]; a name holds until the next entry.
DEPTS: list[tuple[str, str, list[tuple[int, str]]]] = [
    ("fgj", "发展和改革局", [(2008, "发展和改革局")]),
    ("jyj", "教育局", [(2008, "教育局"), (2016, "教育体育局")]),
    ("wjj", "卫生健康局", [(2008, "卫生局"), (2014, "卫生和计划生育局"), (2019, "卫生健康局")]),
    ("sthj", "生态环境分局", [(2008, "环境保护局"), (2019, "生态环境分局")]),
    ("zrzyj", "自然资源局", [(2008, "国土资源局"), (2019, "自然资源局")]),
    ("yjj", "应急管理局", [(2008, "安全生产监督管理局"), (2019, "应急管理局")]),
    ("scjgj", "市场监督管理局", [(2008, "工商行政管理局"), (2015, "市场和质量监督管理局"),
                            (2019, "市场监督管理局")]),
    ("rsj", "人力资源和社会保障局", [(2008, "人事局"), (2010, "人力资源和社会保障局")]),
    ("mzj", "民政局", [(2008, "民政局")]),
    ("sfj", "司法局", [(2008, "司法局")]),
    ("czj", "财政局", [(2008, "财政局")]),
    ("zjj", "住房和城乡建设局", [(2008, "建设局"), (2011, "住房和城乡建设局")]),
    ("jtj", "交通运输局", [(2008, "交通局"), (2010, "交通运输局")]),
    ("slj", "水利局", [(2008, "水利局")]),
    ("nyj", "农业农村局", [(2008, "农业局"), (2019, "农业农村局")]),
    ("swj", "商务局", [(2008, "商务局")]),
    ("wlj", "文化和旅游局", [(2008, "文化广电新闻出版局"), (2019, "文化和旅游局")]),
    ("tyjrj", "退役军人事务局", [(2019, "退役军人事务局")]),
    ("sjj", "审计局", [(2008, "审计局")]),
    ("tjj", "统计局", [(2008, "统计局")]),
    ("ybj", "医疗保障局", [(2019, "医疗保障局")]),
    ("cgj", "城市管理局", [(2008, "城市管理行政执法局"), (2019, "城市管理局")]),
    ("xfj", "信访局", [(2008, "信访局")]),
    ("lyj", "林业局", [(2008, "林业局")]),
    ("zwfw", "政务服务管理局", [(2016, "政务服务管理局")]),
    ("kjj", "科学技术局", [(2008, "科学技术局")]),
    ("gxj", "工业和信息化局", [(2008, "经济贸易局"), (2013, "工业和信息化局")]),
]


def dept_name(dept: tuple[str, str, list[tuple[int, str]]], year: int) -> str | None:
    name = None
    for first, n in dept[2]:
        if year >= first:
            name = n
    return name


class Names:
    """Unique Chinese place names and pinyin for one world."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"holdout-names/{seed}")
        self.used: set[str] = set()

    def place(self) -> tuple[str, str]:
        for _ in range(1000):
            (c1, p1), (c2, p2) = self.rng.sample(SYLLABLES, 2)
            if c1 + c2 not in self.used and p1 + p2 not in self.used:
                self.used.update((c1 + c2, p1 + p2))
                return c1 + c2, p1 + p2
        raise RuntimeError("out of names")

    def province(self) -> tuple[str, str]:
        return self.rng.choice(PROVINCES)


def initials(pinyin_parts: str) -> str:
    return pinyin_parts[:1]


def towns(rng: random.Random, n: int, names: Names) -> list[tuple[str, str]]:
    """`n` townships and street offices: (full name, pinyin)."""
    out = []
    for _ in range(n):
        cn, py = names.place()
        kind = rng.choice(["镇", "镇", "乡", "街道"])
        full = cn + ("街道办事处" if kind == "街道" else kind + "人民政府")
        out.append((full, py + ("jd" if kind == "街道" else "z" if kind == "镇" else "x")))
    return out


# ======================================================================== dates, years, ids

def pub_date(rng: random.Random, year: int) -> date:
    """When the report for `year` went out: January to March of the next year."""
    if year + 1 > NOW.year:
        raise ValueError(year)
    limit = 30 if year >= 2019 else 88
    d = date(year + 1, 1, 8) + timedelta(days=rng.randrange(0, limit))
    return min(d, NOW - timedelta(days=1))


def cn_year(year: int) -> str:
    digits = "〇一二三四五六七八九"
    return "".join(digits[int(c)] for c in str(year))


def fw(text: str) -> str:
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})


def hexid(rng: random.Random, n: int = 32) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def uuid_like(rng: random.Random) -> str:
    h = hexid(rng, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


# ======================================================================== titles and texts

REPORT_TITLES = [
    "{a}{y}年政府信息公开工作年度报告",
    "{a}{y}年度政府信息公开工作年度报告",
    "{y}年度{a}政府信息公开工作报告",
    "{a}{y}年度政府信息公开工作报告",
    "{a}政府信息公开工作{y}年度报告",
    "{y}年{a}政府信息公开年报",
]
OLD_REPORT_TITLES = [
    "{a}{y}年政府信息公开年度报告",
    "{a}关于{y}年度政府信息公开工作的报告",
    "{a}{y}年政府信息公开工作年度报告",
]
BARE_TITLES = ["{y}年年报", "{y}年度报告", "{y}年度政府信息公开年报", "{y}年报告"]


def report_title(rng: random.Random, agency: str, year: int, *, bare: bool = False,
                 odd_digits: bool = False) -> str:
    if bare and year <= 2018:
        return rng.choice(BARE_TITLES).format(y=year)
    pool = REPORT_TITLES if year >= 2016 else REPORT_TITLES[:3] + OLD_REPORT_TITLES
    title = rng.choice(pool).format(a=agency, y=year)
    if odd_digits:
        title = title.replace(str(year), cn_year(year) if rng.random() < 0.5 else fw(str(year)))
    return title


LOOKALIKE_KINDS = [
    "要点", "法治", "预算", "决算", "统计公报", "解读", "一图读懂", "培训", "网站报表",
    "政府工作报告", "指南", "依申请", "企业年报", "建议提案", "工作总结半年",
]


def lookalike_title(kind: str, agency: str, year: int, place: str = "") -> str:
    return {
        "要点": f"{agency}{year + 1}年政务公开工作要点",
        "法治": f"{agency}{year}年法治政府建设年度报告",
        "预算": f"{agency}{year + 1}年部门预算公开说明",
        "决算": f"{agency}{year}年度部门决算公开",
        "统计公报": f"{place or agency}{year}年国民经济和社会发展统计公报",
        "解读": f"《{agency}{year}年政府信息公开工作年度报告》解读",
        "一图读懂": f"一图读懂{agency}{year}年政府信息公开工作年度报告",
        "培训": f"关于做好{year}年度政府信息公开工作年度报告编制和发布工作的通知",
        "网站报表": f"{agency}{year}年政府网站工作年度报表",
        "政府工作报告": f"{year + 1}年{place or agency}人民政府工作报告",
        "指南": f"{agency}政府信息公开指南（{year + 1}年修订）",
        "依申请": f"{agency}依申请公开政府信息工作流程",
        "企业年报": f"关于开展{year}年度市场主体年报公示工作的通告",
        "建议提案": f"{agency}{year}年度人大代表建议和政协委员提案办理工作总结",
        "工作总结半年": f"{agency}{year}年上半年政务公开工作总结",
    }[kind]


def lookalike_paras(kind: str, agency: str, year: int) -> list[str]:
    rng = random.Random(f"look/{kind}/{agency}/{year}")
    n = rng.randrange(30, 900)
    base = {
        "要点": [f"为深入贯彻落实党中央、国务院关于全面推进政务公开的决策部署，结合{agency}工作实际，"
                 f"制定{year + 1}年政务公开工作要点如下。", "一、围绕稳定经济增长加强政策发布解读",
                 "二、围绕优化营商环境加强信息公开", "三、持续加强政务公开平台建设"],
        "法治": [f"{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
                 "全面推进法治政府建设。现将有关情况报告如下。", "一、主要举措和成效",
                 "二、存在的不足和原因", "三、党政主要负责人履行推进法治建设第一责任人职责情况",
                 f"四、{year + 1}年推进法治政府建设的主要安排"],
        "预算": ["一、部门主要职责", f"二、{year + 1}年部门预算收支总体情况：收入预算{n}.3万元。",
                 "三、一般公共预算“三公”经费支出情况说明", "四、政府采购预算情况"],
        "决算": ["第一部分 部门概况", f"第二部分 {year}年度部门决算表：本年收入合计{n}.6万元。",
                 "第三部分 决算情况说明", "第四部分 名词解释"],
        "统计公报": [f"{year}年，全年实现地区生产总值{n}.2亿元，比上年增长5.{n % 9}%。", "一、农业",
                     "二、工业和建筑业", "三、固定资产投资", "四、国内贸易", "五、人民生活和社会保障"],
        "解读": [f"近日，{agency}发布了{year}年政府信息公开工作年度报告，现就报告主要内容解读如下。",
                 f"一、主动公开情况：全年主动公开政府信息{n}条。", "二、依申请公开情况。",
                 "三、下一步工作打算。"],
        "一图读懂": [f"一图读懂{year}年政府信息公开工作年度报告。", "（图解）"],
        "培训": ["各乡镇人民政府、街道办事处，县政府各部门：",
                 f"根据《中华人民共和国政府信息公开条例》规定，现就做好{year}年度政府信息公开工作年度报告"
                 f"编制和发布工作通知如下：请于{year + 1}年1月31日前在本单位政府信息公开专栏发布。",
                 "一、严格执行年报格式要求", "二、认真核对统计数据", "三、按时报送发布"],
        "网站报表": ["政府网站工作年度报表", f"（{year}年度）", f"填报单位：{agency}",
                     f"网站名称：{agency}门户网站", f"独立用户访问总量：{n * 97}个", f"网站总访问量：{n * 881}次"],
        "政府工作报告": ["各位代表：", "现在，我代表人民政府，向大会报告工作，请予审议，并请政协委员提出意见。",
                         f"一、{year}年工作回顾", f"二、{year + 1}年工作安排"],
        "指南": ["为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。",
                 "一、主动公开", "二、依申请公开", "三、监督和救济", f"本指南自{year + 1}年1月1日起实施。"],
        "依申请": ["申请人可以通过当面、邮寄、在线等方式提出政府信息公开申请。", "一、申请", "二、受理",
                   "三、答复", "四、收费"],
        "企业年报": [f"根据《企业信息公示暂行条例》，现就{year}年度市场主体年报公示工作通告如下：",
                     f"一、年报时间：{year + 1}年1月1日至6月30日。", "二、年报内容", "三、年报方式"],
        "建议提案": [f"{year}年，{agency}共承办人大代表建议{n % 40}件、政协委员提案{n % 33}件，均已按时办结。"],
        "工作总结半年": [f"{year}年上半年，{agency}认真落实政务公开各项要求。", "一、主要工作",
                         "二、下半年工作打算"],
    }[kind]
    return base


STREETS = ["人民路", "建设路", "解放路", "中山路", "府前街", "文化路", "迎宾大道", "朝阳路"]


def report_paras(agency: str, year: int, site_name: str = "") -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) of the report for `year`: the 2019 format for 2019 and later,
    the 2008 one before."""
    rng = random.Random(f"report/{agency}/{year}")
    n_pub = rng.randrange(40, 4000)
    n_req = rng.randrange(0, 60)
    phone = f"0{rng.randrange(310, 999)}-{rng.randrange(2000000, 8999999)}"
    intro = (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由{agency}编制。"
             f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。本报告电子版可在"
             f"{site_name or agency + '门户网站'}政府信息公开专栏查阅或下载。如对本报告有疑问，请与{agency}"
             f"联系（地址：{rng.choice(STREETS)}{rng.randrange(1, 300)}号；电话：{phone}）。")
    if year >= 2019:
        return [
            ("一、总体情况", [intro,
                        f"{year}年，{agency}深入贯彻落实《条例》和上级关于政务公开工作的部署要求，"
                        f"全年主动公开政府信息{n_pub}条，收到政府信息公开申请{n_req}件，均在法定期限内答复。",
                        "（一）主动公开。围绕重点领域信息公开，及时发布政策文件及解读。",
                        "（二）依申请公开。规范受理、办理、答复流程。",
                        "（三）政府信息管理。严格落实信息发布保密审查机制。",
                        "（四）平台建设。持续优化政府信息公开专栏。",
                        "（五）监督保障。将政务公开纳入年度绩效考核。"]),
            ("二、主动公开政府信息情况", ["第二十条第（一）项：规章、行政规范性文件制发及现行有效情况见下表。"]),
            ("三、收到和处理政府信息公开申请情况",
             [f"本年新收政府信息公开申请{n_req}件，上年结转{rng.randrange(0, 4)}件。"]),
            ("四、政府信息公开行政复议、行政诉讼情况",
             [f"本年因政府信息公开被申请行政复议{rng.randrange(0, 3)}件，提起行政诉讼{rng.randrange(0, 2)}件。"]),
            ("五、存在的主要问题及改进情况",
             ["一是公开内容的全面性还需加强；二是政策解读形式较为单一。下一步将持续改进。"]),
            ("六、其他需要报告的事项",
             [f"本年度未收取信息处理费。{agency}无其他需要报告的事项。"]),
        ]
    return [
        ("一、概述", [intro, f"{year}年，{agency}认真贯彻落实《条例》，不断完善政府信息公开工作机制。"]),
        ("二、主动公开政府信息情况", [f"全年主动公开政府信息{n_pub}条，其中通过门户网站公开{n_pub - n_pub // 7}条。"]),
        ("三、依申请公开政府信息情况", [f"全年共受理政府信息公开申请{n_req}件，已全部办结。"]),
        ("四、政府信息公开的收费及减免情况", ["本年度未收取检索、复制、邮寄等费用。"]),
        ("五、因政府信息公开申请行政复议、提起行政诉讼的情况", ["本年度未发生因政府信息公开引起的行政复议和行政诉讼。"]),
        ("六、政府信息公开工作存在的主要问题及改进措施", ["工作机制有待进一步健全，公开内容有待进一步丰富。"]),
        ("七、其他需要报告的事项", ["无。"]),
    ]


def report_tables(agency: str, year: int) -> list[tuple[str, list[list[str]]]]:
    if year < 2019:
        return []
    rng = random.Random(f"tables/{agency}/{year}")
    r = lambda a=0, b=30: str(rng.randrange(a, b))  # noqa: E731
    return [
        ("第二十条第（一）项", [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                           ["规章", "0", "0", "0"], ["行政规范性文件", r(), r(0, 5), r(5, 90)]]),
        ("第二十条第（五）项", [["信息内容", "本年处理决定数量"], ["行政许可", r(0, 900)]]),
        ("第二十条第（六）项", [["信息内容", "本年处理决定数量"], ["行政处罚", r(0, 500)],
                           ["行政强制", r(0, 40)]]),
        ("第二十条第（八）项", [["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费", f"{r(0, 900)}.{r(0, 9)}"]]),
        ("收到和处理政府信息公开申请情况", [["本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和",
                                     "自然人", "法人或其他组织", "总计"],
                                    ["一、本年新收政府信息公开申请数量", r(0, 40), r(0, 9), r(0, 49)],
                                    ["二、上年结转政府信息公开申请数量", "0", "0", "0"],
                                    ["三、本年度办理结果", r(0, 40), r(0, 9), r(0, 49)],
                                    ["四、结转下年度继续办理", "0", "0", "0"]]),
        ("政府信息公开行政复议、行政诉讼情况", [["行政复议结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
                                      [r(0, 2), "0", "0", "0", r(0, 2)]]),
    ]


def report_lines(agency: str, year: int, title: str, site_name: str = "") -> list[str]:
    lines = [title, ""]
    tables = dict(report_tables(agency, year))
    for head, paras in report_paras(agency, year, site_name):
        lines.append(head)
        lines.extend(paras)
        if head.startswith("二、") and tables:
            for cap in list(tables)[:4]:
                lines.append(cap)
                lines.extend("  ".join(row) for row in tables[cap])
        if head.startswith("三、") and tables:
            lines.extend("  ".join(row)[:60] for row in tables["收到和处理政府信息公开申请情况"])
    lines += ["", agency, f"{year + 1}年1月"]
    return lines


def esc(s: str) -> str:
    return html.escape(s, quote=True)


def table_html(rows: list[list[str]], cls: str = "") -> str:
    out = [f'<table border="1" cellspacing="0" cellpadding="4" class="{cls}">']
    for i, row in enumerate(rows):
        tag = "th" if i == 0 else "td"
        out.append("<tr>" + "".join(f"<{tag}>{esc(c)}</{tag}>" for c in row) + "</tr>")
    out.append("</table>")
    return "".join(out)


def report_fragment(agency: str, year: int, site_name: str = "", *, tables: bool = True,
                    table_imgs: list[str] | None = None, style: str = "p") -> str:
    """The report as HTML: headings, paragraphs, the statistical tables (or `<img>`s of
    them, as many portals paste tables as pictures)."""
    parts = []
    tabs = report_tables(agency, year)
    for head, paras in report_paras(agency, year, site_name):
        if style == "p":
            parts.append(f'<p style="text-indent:2em"><strong>{esc(head)}</strong></p>')
        else:
            parts.append(f"<h3>{esc(head)}</h3>")
        parts.extend(f'<p style="text-indent:2em">{esc(p)}</p>' for p in paras)
        if head.startswith(("二、", "三、", "四、")) and tabs:
            if table_imgs:
                k = "二三四".index(head[0])
                if k < len(table_imgs):
                    parts.append(f'<p style="text-align:center"><img src="{table_imgs[k]}" '
                                 f'border="0" alt=""/></p>')
            elif tables:
                chosen = tabs[:4] if head.startswith("二") else tabs[4:5] \
                    if head.startswith("三") else tabs[5:]
                for cap, rows in chosen:
                    parts.append(f"<p>{esc(cap)}</p>" + table_html(rows))
    return "\n".join(parts)


def lookalike_fragment(kind: str, agency: str, year: int) -> str:
    return "\n".join(f'<p style="text-indent:2em">{esc(p)}</p>'
                     for p in lookalike_paras(kind, agency, year))


FILLER_NEWS = [
    "会议强调，要坚持稳中求进工作总基调，扎实推动高质量发展。",
    "活动现场，工作人员向群众发放宣传资料，解答政策咨询。",
    "检查组一行实地查看了项目建设进度和安全生产情况。",
    "据了解，该项目总投资约{n}亿元，建成后将有效带动周边就业。",
    "近年来，我们持续优化营商环境，不断提升政务服务效能。",
    "下一步，将进一步压实责任，确保各项任务落地见效。",
]

NEWS_TITLES = [
    "{p}召开{y}年经济运行分析会", "{p}开展安全生产大检查", "{p}举行重点项目集中开工仪式",
    "{p}召开防汛抗旱工作部署会", "{p}组织开展消防应急演练", "{p}推进农村人居环境整治",
    "{p}举办政策宣讲进社区活动", "{p}召开优化营商环境推进会", "{p}开展文明城市创建督查",
    "{p}举办农民丰收节庆祝活动", "{p}召开疫情防控工作会议", "{p}部署森林防火工作",
    "{p}开展“我为群众办实事”实践活动", "{p}召开民营企业座谈会", "{p}开展普法宣传活动",
    "{p}全力做好春运保障工作", "{p}召开乡村振兴工作推进会", "{p}调研教育工作",
]


def news_title(rng: random.Random, place: str, year: int) -> str:
    return rng.choice(NEWS_TITLES).format(p=place, y=year)


def news_fragment(rng: random.Random) -> str:
    n = rng.randrange(2, 90)
    return "".join(f"<p>{esc(rng.choice(FILLER_NEWS).format(n=n))}</p>"
                   for _ in range(rng.randrange(3, 7)))


# ======================================================================== binary files

FIXED_ZIP_TIME = (2025, 1, 15, 9, 30, 0)


@functools.cache
def _cid_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def wrap(line: str, width: int) -> list[str]:
    if not line:
        return [""]
    return [line[i:i + width] for i in range(0, len(line), width)]


@contextlib.contextmanager
def _no_a85() -> Iterator[None]:
    """reportlab wraps every stream in pure-Python ASCII85 unless told not to: 5x slower."""
    from reportlab import rl_config
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    return _pdf_bytes(title, tuple(lines))


@functools.lru_cache(maxsize=4096)
def _pdf_bytes(title: str, lines: tuple[str, ...]) -> bytes:
    """A text PDF (CJK via the STSong-Light CID font, not embedded: small files)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    font = _cid_font()
    buf = io.BytesIO()
    with _no_a85():
        c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
        c.setTitle(title)
        c.setAuthor("")
        y = 800
        c.setFont(font, 15)
        for part in wrap(title, 30):
            c.drawString(60, y, part)
            y -= 24
        c.setFont(font, 10.5)
        for line in lines:
            for part in wrap(line, 44):
                if y < 60:
                    c.showPage()
                    c.setFont(font, 10.5)
                    y = 800
                c.drawString(60, y, part)
                y -= 16
        c.showPage()
        c.save()
    return buf.getvalue()


@functools.cache
def _pil_font(size: int) -> Any:
    from PIL import ImageFont
    for path in ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
                 "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                 "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                 "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


@functools.lru_cache(maxsize=8192)
def _line_image(text: str) -> Any:
    from PIL import Image, ImageDraw
    im = Image.new("L", (560, 26), 244)
    ImageDraw.Draw(im).text((0, 0), text, font=_pil_font(17), fill=25)
    return im


def page_images(lines: list[str], *, width: int = 620, height: int = 860,
                per_page: int = 28, skew: bool = True, max_pages: int = 3) -> list[Any]:
    """Render lines as grey 'scanned' page images (PIL images)."""
    from PIL import Image
    wrapped = [p for line in lines for p in wrap(line, 32)]
    pages = []
    for start in range(0, max(len(wrapped), 1), per_page):
        if len(pages) == max_pages:
            break
        im = Image.new("L", (width, height), 244)
        for i, line in enumerate(wrapped[start:start + per_page]):
            im.paste(_line_image(line), (38, 40 + i * 28))
        if skew:
            im = im.rotate(0.6, fillcolor=244)
        pages.append(im)
    return pages


def image_bytes(im: Any, fmt: str = "JPEG") -> bytes:
    buf = io.BytesIO()
    if fmt == "JPEG":
        im.save(buf, "JPEG", quality=55)
    else:
        im.save(buf, "PNG")
    return buf.getvalue()


def scan_images(lines: list[str], fmt: str = "JPEG", max_pages: int = 3) -> list[bytes]:
    return list(_scan_images(tuple(lines), fmt, max_pages))


@functools.lru_cache(maxsize=1024)
def _scan_images(lines: tuple[str, ...], fmt: str, max_pages: int) -> tuple[bytes, ...]:
    return tuple(image_bytes(im, fmt) for im in page_images(list(lines), max_pages=max_pages))


def table_image(caption: str, rows: list[list[str]]) -> bytes:
    from PIL import Image, ImageDraw
    font = _pil_font(14)
    cols = max(len(r) for r in rows)
    cw, rh = 150, 30
    im = Image.new("L", (cw * cols + 20, rh * (len(rows) + 1) + 20), 255)
    d = ImageDraw.Draw(im)
    d.text((10, 8), caption, font=font, fill=0)
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            x, y = 10 + j * cw, 10 + (i + 1) * rh
            d.rectangle([x, y, x + cw, y + rh], outline=0)
            d.text((x + 4, y + 6), cell[:10], font=font, fill=0)
    return image_bytes(im, "PNG")


def scanned_pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A PDF holding only page pictures (JPEG, no text layer), as a scanner makes."""
    return _scanned_pdf(title, tuple(lines))


@functools.lru_cache(maxsize=1024)
def _scanned_pdf(title: str, lines: tuple[str, ...]) -> bytes:
    pages = []
    for im in page_images([title, *lines], max_pages=3):
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=50)
        pages.append((buf.getvalue(), im.width, im.height))
    return image_pdf(pages)


def image_pdf(pages: list[tuple[bytes, int, int]]) -> bytes:
    """A minimal PDF: one grey JPEG (DCTDecode) per A4 page."""
    objs: list[bytes] = []
    n = len(pages)
    kids = " ".join(f"{3 + 3 * i} 0 R" for i in range(n))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    for i, (jpeg, w, h) in enumerate(pages):
        content, image = 4 + 3 * i, 5 + 3 * i
        draw = b"q 555 0 0 800 20 20 cm /Im0 Do Q"
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R "
                    f"/Resources << /XObject << /Im0 {image} 0 R >> >> >>".encode())
        objs.append(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
        objs.append(f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace "
                    f"/DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpeg)} >>\n"
                    .encode() + b"stream\n" + jpeg + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for k, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(f"{k} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
              .encode())
    return out.getvalue()


_TIMESTAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a ZIP (DOCX/XLSX) with fixed member dates and fixed core-property dates."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = _TIMESTAMP.sub(b"2025-01-15T09:30:00Z", blob)
            zi = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, blob)
    return out.getvalue()


@functools.cache
def _docx_template() -> dict[str, bytes]:
    """The parts of python-docx's blank document (read once)."""
    import docx
    buf = io.BytesIO()
    docx.Document().save(buf)
    z = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    return {name: z.read(name) for name in z.namelist()}


def _w_p(text: str, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{esc(text)}</w:t></w:r></w:p>'


def docx_bytes(title: str, agency: str, year: int, site_name: str = "") -> bytes:
    return _docx_bytes(title, agency, year, site_name)


@functools.lru_cache(maxsize=1024)
def _docx_bytes(title: str, agency: str, year: int, site_name: str) -> bytes:
    """A DOCX: python-docx's blank package with our own document.xml and core properties."""
    parts = dict(_docx_template())
    body = [_w_p(title, "Heading1")]
    tabs = dict(report_tables(agency, year))
    for head, paras in report_paras(agency, year, site_name):
        body.append(_w_p(head, "Heading2"))
        body.extend(_w_p(p) for p in paras)
        if head.startswith("二、") and tabs:
            rows = "".join("<w:tr>" + "".join(f"<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/>"
                                               f"</w:tcPr>{_w_p(c)}</w:tc>" for c in row) + "</w:tr>"
                           for row in tabs["第二十条第（一）项"])
            body.append('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" '
                        f'w:type="auto"/></w:tblPr>{rows}</w:tbl>')
    parts["word/document.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<w:body>{"".join(body)}<w:sectPr/></w:body></w:document>').encode()
    parts["docProps/core.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(title)}</dc:title><dc:creator>{esc(agency)}</dc:creator>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2025-01-15T09:30:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2025-01-15T09:30:00Z</dcterms:modified>'
        "</cp:coreProperties>").encode()
    return zip_bytes(parts, utf8_names=False)


def xlsx_bytes(title: str, agency: str, year: int) -> bytes:
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "统计表"
    ws.append([title])
    for cap, rows in report_tables(agency, year) or [("统计", [["项目", "数量"],
                                                             ["主动公开政府信息", "120"]])]:
        ws.append([cap])
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return normalize_zip(buf.getvalue())


def zip_bytes(members: dict[str, bytes], *, utf8_names: bool = True) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in members.items():
            zi = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            if utf8_names:
                zi.flag_bits |= 0x800  # UTF-8 member names
            z.writestr(zi, blob)
    return out.getvalue()


PNG_LOGO = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082")


# ======================================================================== page chrome

@dataclasses.dataclass
class Skin:
    """How one site's pages look: name, navigation, footer, charset, template quirks."""

    site_name: str
    nav: list[tuple[str, str]]
    charset: str = "utf-8"
    flavor: str = "generic"
    head_extra: str = ""
    foot_extra: str = ""
    externals: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    search_action: str = "/search.html"
    logo: str = "/images/logo.png"

    def page(self, title: str, body: str, crumbs: Iterable[tuple[str, str]] = (), *,
             head: str = "", side: str = "", nav_links: list[tuple[str, str]] | None = None
             ) -> str:
        nav = nav_links if nav_links is not None else self.nav
        navhtml = "".join(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' for t, h in nav)
        crumbhtml = " &gt; ".join(f'<a href="{esc(h)}">{esc(t)}</a>' for t, h in crumbs)
        ext = "".join(f'<a href="{esc(h)}" target="_blank">{esc(t)}</a> ' for t, h in
                      self.externals)
        sidehtml = f'<div class="side">{side}</div>' if side else ""
        cls = {"vsb": "main_content", "trs": "TRS_Editor", "jee": "content-box",
               "dede": "viewbox", "php": "content", "asp": "ContentBox"}.get(self.flavor,
                                                                             "article")
        return (
            f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="{self.charset}">'
            f'<meta http-equiv="X-UA-Compatible" content="IE=edge">'
            f'<meta name="SiteName" content="{esc(self.site_name)}">'
            f"<title>{esc(title)}-{esc(self.site_name)}</title>{self.head_extra}{head}</head>"
            f'<body><div class="top"><a href="javascript:void(0)" id="wza">无障碍</a> '
            f'<a href="javascript:void(0)" id="zhangbei">长者模式</a> '
            f'<img src="{self.logo}" alt="{esc(self.site_name)}"/>'
            f'<form action="{self.search_action}" method="get" name="searchform">'
            f'<input type="text" name="q"/><input type="submit" value="搜索"/></form></div>'
            f'<ul class="nav">{navhtml}</ul>'
            f'<div class="position">当前位置：{crumbhtml}</div>{sidehtml}'
            f'<div class="{cls}"><h1 class="title">{esc(title)}</h1>{body}</div>'
            f'<div class="footer"><div class="links">{ext}</div>'
            f"<p>主办：{esc(self.site_name)}　网站标识码：{abs(hash_str(self.site_name)) % 10**10:010d}"
            f"　<a href=\"https://beian.miit.gov.cn/\" target=\"_blank\">ICP备05012345号</a></p>"
            f"{self.foot_extra}</div></body></html>")


def hash_str(s: str) -> int:
    h = 0
    for ch in s:
        h = (h * 131 + ord(ch)) % (1 << 61)
    return h


def externals(prov: str, prov_py: str) -> list[tuple[str, str]]:
    return [("中国政府网", "https://www.gov.cn/"),
            (prov + "人民政府", f"http://www.{prov_py}.gov.cn/"),
            ("国家政务服务平台", "https://gjzwfw.www.gov.cn/"),
            ("我为政府网站找错", "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteId.action?"
                          f"siteCode={hash_str(prov) % 10**10:010d}"),
            ("党政机关", "http://bszs.conac.cn/sitename?method=show&id=0E12AB34")]


def items_html(items: Iterable[tuple[str, str, str]], cls: str = "list") -> str:
    """`<ul>` of (href, title, date)."""
    return (f'<ul class="{cls}">' + "".join(
        f'<li><a href="{esc(h)}" target="_blank" title="{esc(t)}">{esc(t)}</a>'
        f"<span>{d}</span></li>" for h, t, d in items) + "</ul>")


def robots_txt(disallow: Iterable[str] = (), sitemaps: Iterable[str] = (), *,
               baidu_allow_all: bool = False, allow: Iterable[str] = ()) -> str:
    out = []
    if baidu_allow_all:
        out += ["User-agent: Baiduspider", "Allow: /", ""]
    out.append("User-agent: *")
    out += [f"Allow: {p}" for p in allow]
    out += [f"Disallow: {p}" for p in disallow]
    if not list(disallow) and not list(allow):
        out.append("Disallow:")
    out.append("")
    out += [f"Sitemap: {s}" for s in sitemaps]
    return "\n".join(out) + "\n"


def sitemap_xml(urls: Iterable[str]) -> str:
    body = "".join(f"<url><loc>{esc(u)}</loc><lastmod>2025-03-01</lastmod></url>" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + body + "</urlset>")


def sitemap_index(urls: Iterable[str]) -> str:
    body = "".join(f"<sitemap><loc>{esc(u)}</loc></sitemap>" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + body +
            "</sitemapindex>")


def js_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


# ======================================================================== publishing a report

MODES_NEW = ["html", "html+pdf", "stub+pdf", "html+docx", "pdfjs", "embed", "onclick",
             "table-images", "html+xlsx", "script", "images", "scan-pdf"]
MODES_OLD = ["html", "html", "html+doc", "stub+pdf", "images", "zip"]


@dataclasses.dataclass
class Attach:
    """Where a site puts an uploaded file: `place(ext, n) -> path on host`, and how a page
    points at it (root path or a path relative to the page)."""

    host: Host
    place: Callable[[str, int], str]
    download: Callable[[bytes, str, str], str] | None = None  # (data, filename, ctype) -> url

    def put(self, data: bytes, ext: str, n: int = 0, ctype: str | None = None) -> str:
        path = self.place(ext, n)
        return self.host.put(path, data, ctype=ctype)


def root_path(url: str) -> str:
    """`http://host:port/a/b?q` -> `/a/b?q`."""
    return "/" + url.split("/", 3)[3]


def relpath(from_path: str, to_path: str) -> str:
    """A relative reference from the page at `from_path` to `to_path` (both root paths)."""
    query = ""
    if "?" in to_path:
        to_path, query = to_path.split("?", 1)
        query = "?" + query
    base = posixpath.dirname(from_path) or "/"
    rel = posixpath.relpath(to_path, base)
    if to_path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    if not rel.startswith("."):
        rel = "./" + rel if rel.rsplit("/", 1)[-1].startswith("P0") else rel
    return rel + query


def link(host: Host, page_path: str, url: str, style: str = "root") -> str:
    """How the page at `page_path` on `host` writes a link to `url`: `root` (/a/b.html),
    `rel` (../b.html), `abs` (http://host:port/a/b.html). Other hosts: always absolute."""
    if not url.startswith(host.base + "/"):
        return url
    if style == "abs":
        return url
    path = root_path(url)
    if style == "rel":
        return relpath(page_path, unquote(path.split("?", 1)[0])) + (
            "?" + path.split("?", 1)[1] if "?" in path else "")
    return path


def publish(b: Build, host: Host, path: str, *, skin: Skin, agency: str, year: int,
            title: str, mode: str, attach: Attach, crumbs: list[tuple[str, str]],
            where: str, date_s: str, site_name: str = "", expect: bool = True,
            lookalike: str = "", head: str = "", charset: str | None = None,
            meta_html: str = "", style: str = "root", url_query: str = "",
            header_charset: bool = True, doc_title: str | None = None) -> str:
    """Write a detail page at `path` that carries the report in `mode`; record it as an
    expected report (or, with `lookalike`, as a look-alike). Returns the page URL."""
    urls: list[str] = []
    page_url = host.url(path) + (f"?{url_query}" if url_query else "")
    with contextlib.suppress(ValueError):
        b.day = date.fromisoformat(date_s[:10])

    def rel_href(_page_url: str, target: str) -> str:
        return link(host, path, target, style)

    doc_title = doc_title or title
    lines = report_lines(agency, year, doc_title, site_name) if not lookalike else \
        [title, *lookalike_paras(lookalike, agency, year)]
    text = report_fragment(agency, year, site_name) if not lookalike else \
        lookalike_fragment(lookalike, agency, year)
    info = (f'<div class="info">发布日期：{date_s}　来源：{esc(agency)}　'
            f'<span id="views">浏览次数：<script>document.write({b.rng.randrange(30, 3000)})</script>'
            f"</span></div>{meta_html}")
    fname = doc_title
    body = ""
    if mode == "html":
        body = text
    elif mode in ("html+pdf", "stub+pdf", "onclick", "pdfjs", "embed", "object", "script",
                  "dl"):
        pdf = pdf_bytes(doc_title, lines)
        if attach.download is not None and mode in ("dl", "html+pdf", "stub+pdf"):
            furl = attach.download(pdf, fname + ".pdf", "application/pdf")
        else:
            furl = attach.put(pdf, "pdf")
        href = rel_href(page_url, furl)
        urls.append(furl)
        if mode == "html+pdf":
            body = text + (f'<div class="attach"><p>附件：<a href="{esc(href)}">{esc(fname)}.pdf'
                           "</a></p></div>")
        elif mode in ("stub+pdf", "dl"):
            body = (f'<p style="text-indent:2em">{esc(doc_title)}全文请见附件。</p>'
                    f'<p>附件：<a href="{esc(href)}" target="_blank">点击下载</a></p>')
        elif mode == "onclick":
            body = (f'<p>{esc(title)}</p><p><a href="javascript:void(0);" '
                    f"onclick=\"window.open('{esc(href)}')\">【点击查看报告全文】</a></p>")
        elif mode == "pdfjs":
            viewer = "/static/pdfjs/web/viewer.html"
            host.put(viewer, PDFJS_VIEWER)
            body = (f'<iframe src="{viewer}?file={quote(href, safe="")}" width="100%" '
                    f'height="900" frameborder="0"></iframe>')
        elif mode == "embed":
            body = f'<embed src="{esc(href)}" type="application/pdf" width="100%" height="800"/>'
        elif mode == "object":
            body = (f'<object data="{esc(href)}" type="application/pdf" width="100%" '
                    f'height="800"><p>您的浏览器不支持在线阅读，请安装PDF阅读器。</p></object>')
        elif mode == "script":
            body = text + (f"<script>var fjhref = {js_str(href)}; var fjname = {js_str(fname)};"
                           "if (fjhref != '') { document.write('<p>附件：<a href=\"' + fjhref + "
                           "'\">' + fjname + '</a></p>'); }</script>")
    elif mode in ("html+docx", "html+doc", "html+xlsx", "docx-only"):
        blob = docx_bytes(title, agency, year, site_name)
        if attach.download is not None and b.rng.random() < 0.5:
            furl = attach.download(blob, fname + ".docx", TYPES[".docx"])
        else:
            furl = attach.put(blob, "docx")
        urls.append(furl)
        href = rel_href(page_url, furl)
        links = f'<p>附件1：<a href="{esc(href)}">{esc(fname)}.docx</a></p>'
        if mode == "html+xlsx":
            xurl = attach.put(xlsx_bytes(title, agency, year), "xlsx", 1)
            urls.append(xurl)
            links += f'<p>附件2：<a href="{esc(rel_href(page_url, xurl))}">统计表.xlsx</a></p>'
        body = (text if mode != "docx-only" else
                f"<p>现将{esc(title)}予以公布。</p>") + f'<div class="attach">{links}</div>'
    elif mode == "table-images":
        tabs = report_tables(agency, year)
        imgs = []
        groups = [tabs[:4], tabs[4:5], tabs[5:]] if tabs else []
        for k, group in enumerate(groups):
            cap = group[0][0]
            rows = [r for _, rs in group for r in rs]
            iurl = attach.put(table_image(cap, rows), "png", k)
            urls.append(iurl)
            imgs.append(rel_href(page_url, iurl))
        body = report_fragment(agency, year, site_name, table_imgs=imgs)
    elif mode == "images":
        imgs = scan_images(lines, "JPEG" if b.rng.random() < 0.7 else "PNG")
        tags = []
        for k, blob in enumerate(imgs):
            ext = "jpg" if blob[:2] == b"\xff\xd8" else "png"
            iurl = attach.put(blob, ext, k)
            urls.append(iurl)
            tags.append(f'<p style="text-align:center"><img src="{esc(rel_href(page_url, iurl))}"'
                        f' width="600" border="0"/></p>')
        body = "".join(tags)
    elif mode == "scan-pdf":
        furl = attach.put(scanned_pdf_bytes(title, lines), "pdf")
        urls.append(furl)
        body = (f"<p>{esc(title)}（扫描件）</p>"
                f'<p><a href="{esc(rel_href(page_url, furl))}">{esc(fname)}.pdf</a></p>')
    elif mode == "zip":
        members = {f"{title}.pdf": pdf_bytes(title, lines),
                   f"{title}.docx": docx_bytes(title, agency, year, site_name)}
        furl = attach.put(zip_bytes(members), "zip")
        urls.append(furl)
        body = (f"<p>{esc(title)}（含PDF及Word版本，压缩包）</p>"
                f'<p>附件：<a href="{esc(rel_href(page_url, furl))}">{esc(fname)}.zip</a></p>')
    else:
        raise ValueError(mode)
    page_html = skin.page(title, info + body, crumbs, head=head)
    if "?" in path:
        p, q = path.split("?", 1)
        host.qput(p, q, page_html, charset=charset or skin.charset)
    else:
        host.put(path, page_html, charset=charset or skin.charset, header_charset=header_charset)
    urls.append(page_url)
    if lookalike:
        b.lookalikes.update(urls)
    elif expect:
        b.report(agency, year, urls, where)
    return page_url


def publish_file(b: Build, attach: Attach, *, agency: str, year: int, title: str,
                 kind: str, where: str, lookalike: str = "", expect: bool = True) -> str:
    """A report that is only a file linked from a list (no page): kind pdf/docx/scan."""
    b.day = date(min(year + 1, NOW.year), 1, 10 + year % 17)
    if lookalike:
        lines = lookalike_paras(lookalike, agency, year)
        url = attach.put(pdf_bytes(title, lines), "pdf")
        b.lookalikes.add(url)
        return url
    lines = report_lines(agency, year, title)
    if kind == "docx":
        blob, ext, ctype = docx_bytes(title, agency, year), "docx", TYPES[".docx"]
    elif kind == "scan":
        blob, ext, ctype = scanned_pdf_bytes(title, lines), "pdf", "application/pdf"
    else:
        blob, ext, ctype = pdf_bytes(title, lines), "pdf", "application/pdf"
    if attach.download is not None and kind == "dl":
        url = attach.download(blob, title + "." + ext, ctype)
    else:
        url = attach.put(blob, ext)
    if expect:
        b.report(agency, year, [url], where)
    return url


PDFJS_VIEWER = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>PDF.js viewer</title>"
                "<script src=\"viewer.js\"></script></head><body><div id=\"outerContainer\">"
                "<div id=\"viewerContainer\"><div id=\"viewer\" class=\"pdfViewer\"></div></div>"
                "</div></body></html>")


def pick_mode(rng: random.Random, year: int, pool: list[str] | None = None) -> str:
    if pool:
        return rng.choice(pool)
    return rng.choice(MODES_NEW if year >= 2019 else MODES_OLD).replace("html+doc", "html+docx")


def news_block(b: Build, host: Host, skin: Skin, *, place: str, count: int,
               article_path: Callable[[int, date], str], crumbs: list[tuple[str, str]],
               column: str = "本地要闻", lookalike_every: int = 0, agency: str = "",
               charset: str | None = None, header_charset: bool = True) -> list[Item]:
    """News articles (filler; every `lookalike_every`-th one a look-alike notice);
    returns all items newest first, for the caller's own list pages."""
    rng = random.Random(f"news/{b.seed}/{b.key}/{host.name}/{column}")
    day = NOW - timedelta(days=1)
    items = []
    for i in range(count):
        day -= timedelta(days=rng.randrange(0, 4))
        aid = b.next_id()
        path = article_path(aid, day)
        title = news_title(rng, place, day.year)
        if lookalike_every and i % lookalike_every == lookalike_every - 1:
            kind = rng.choice(["培训", "要点", "工作总结半年"])
            title = lookalike_title(kind, agency or place, day.year - 1, place)
            url = host.put(path, skin.page(title, lookalike_fragment(kind, agency or place,
                                                                     day.year - 1), crumbs),
                           charset=charset or skin.charset, header_charset=header_charset)
            b.lookalikes.add(url)
        else:
            url = host.put(path, skin.page(title, f"<div class=\"info\">{day}</div>" +
                                           news_fragment(rng), crumbs),
                           charset=charset or skin.charset, header_charset=header_charset)
        items.append((url, title, str(day)))
    return items


def counter_route(kind: str) -> Route:
    """A click counter (`dynclicks.jsp`, `count.php`): tiny JS, different each time."""

    def route(site: Site, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply:
        n = site.tick() if isinstance(site, HSite) else 1
        js = f"document.write({100 + n});" if kind == "js" else json.dumps({"clicks": 100 + n})
        return Reply(200, js.encode(), "application/javascript" if kind == "js"
                     else "application/json", validators=False)

    return route


def endless_search(page_html: Callable[[str, int, int], str], *, pname: str = "page",
                   qname: str = "q", charset: str = "utf-8") -> Route:
    """A search page that links to itself with ever-new query strings (page N+1 and a
    'related search' built from the counter)."""

    def route(site: Site, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply:
        q = (query.get(qname) or ["年报"])[0]
        try:
            n = int((query.get(pname) or ["1"])[0])
        except ValueError:
            n = 1
        tick = site.tick() if isinstance(site, HSite) else 0
        return Reply(200, page_html(q, n, tick).encode(charset, "xmlcharrefreplace"),
                     f"text/html; charset={charset}", validators=False)

    return route


def calendar_route(skin: Skin, path: str, param: str = "date") -> Route:
    """An activity calendar: every day links to the day before and after, forever."""

    def route(site: Site, hit: Hit, query: dict[str, list[str]], body: bytes) -> Reply:
        raw = (query.get(param) or [str(NOW)])[0]
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            day = NOW
        prev_d, next_d = day - timedelta(days=1), day + timedelta(days=1)
        month = day.replace(day=1)
        cells = "".join(f'<a href="{path}?{param}={month + timedelta(days=i)}">{i + 1}</a> '
                        for i in range(28))
        body_html = (f"<p>{day} 领导活动安排：暂无</p><div class=\"cal\">{cells}</div>"
                     f'<a href="{path}?{param}={prev_d}">前一天</a> '
                     f'<a href="{path}?{param}={next_d}">后一天</a>')
        return Reply(200, skin.page("领导日程", body_html).encode(skin.charset,
                                                                  "xmlcharrefreplace"),
                     f"text/html; charset={skin.charset}", validators=False)

    return route


# ======================================================================== lists, pagers, homes

Item = tuple[str, str, str]  # absolute URL, title, date


def write_lists(host: Host, skin: Skin, *, title: str, items: list[Item], per: int,
                path_of: Callable[[int, int], str], pager: Callable[[int, int, str], str],
                crumbs: list[tuple[str, str]], style: str = "root", before: str = "",
                head: str = "", charset: str | None = None, header_charset: bool = True,
                side: str = "") -> list[str]:
    """Static list pages: page p (0-based) of n at `path_of(p, n)`; returns their URLs."""
    n = max(1, -(-len(items) // per))
    urls = []
    for p in range(n):
        path = path_of(p, n)
        chunk = items[p * per:(p + 1) * per]
        body = before + items_html([(link(host, path, u, style), t, d) for u, t, d in chunk]) + \
            pager(p, n, path)
        page_html = skin.page(title, body, crumbs, head=head, side=side)
        if "?" in path:
            urls.append(host.qput(path.split("?", 1)[0], path.split("?", 1)[1], page_html,
                                  charset=charset or skin.charset))
        else:
            urls.append(host.put(path, page_html, charset=charset or skin.charset,
                                 header_charset=header_charset))
    return urls


def link_pager(path_of: Callable[[int, int], str], style: str = "rel",
               labels: tuple[str, str, str, str] = ("首页", "上一页", "下一页", "尾页"),
               numbers: bool = True, total: int | None = None) -> Callable[[int, int, str], str]:
    """First/previous/next/last (and numbered) links, as plain anchors."""

    def pager(p: int, n: int, path: str) -> str:
        if n <= 1:
            return ""

        def ref(k: int) -> str:
            target = path_of(k, n)
            if style == "rel":
                return relpath(path, target)
            return target

        out = ['<div class="page">']
        if total is not None:
            out.append(f"<span>共{total}条</span>")
        first, prev, nxt, last = labels
        out.append(f'<a href="{esc(ref(0))}">{first}</a>' if p else f"<span>{first}</span>")
        out.append(f'<a href="{esc(ref(p - 1))}">{prev}</a>' if p else f"<span>{prev}</span>")
        if numbers:
            for k in range(n):
                out.append(f"<b>{k + 1}</b>" if k == p else
                           f'<a href="{esc(ref(k))}">{k + 1}</a>')
        out.append(f'<a href="{esc(ref(p + 1))}">{nxt}</a>' if p < n - 1 else
                   f"<span>{nxt}</span>")
        out.append(f'<a href="{esc(ref(n - 1))}">{last}</a>' if p < n - 1 else
                   f"<span>{last}</span>")
        out.append("</div>")
        return "".join(out)

    return pager


TRS_PAGER_JS = (
    '<script type="text/javascript">function createPageHTML(_nPageCount, _nCurrIndex, '
    "_sPageName, _sPageExt){if(_nPageCount == null || _nPageCount<=1){return;}"
    "var nCurrIndex = _nCurrIndex || 0;if(nCurrIndex == 0){document.write(\"<span>首页</span> \");}"
    "else{document.write(\"<a href=\\\"\"+_sPageName+\".\"+_sPageExt+\"\\\">首页</a> \");}"
    "if(nCurrIndex < _nPageCount-1){document.write(\"<a href=\\\"\"+_sPageName+\"_\" + "
    "(nCurrIndex+1) + \".\"+_sPageExt+\"\\\">下一页</a> \");}}</script>")


def trs_pager(prefix: str = "index", ext: str = "html") -> Callable[[int, int, str], str]:
    """TRS WCM: `createPageHTML(n, current, "index", "html")` writes the links in the
    browser; pages are index.html, index_1.html … index_{n-1}.html."""

    def pager(p: int, n: int, path: str) -> str:
        return (f'<div class="page"><script type="text/javascript">createPageHTML({n}, {p}, '
                f'"{prefix}", "{ext}");</script></div>')

    return pager


def trs_var_pager(prefix: str = "index", ext: str = "html") -> Callable[[int, int, str], str]:
    """The other TRS template: `var countPage = n` and string concatenation."""

    def pager(p: int, n: int, path: str) -> str:
        return ('<div class="page"><script type="text/javascript">\n'
                f"var currentPage = {p};//所在页从0开始\nvar prevPage = currentPage-1//上一页\n"
                f"var nextPage = currentPage+1//下一页\nvar countPage = {n}//共多少页\n"
                'document.write("共"+countPage+"页&nbsp;&nbsp;");\n'
                "if(countPage>1&&currentPage!=(countPage-1)){document.write(\"<a href=\\\""
                f"{prefix}_\" + nextPage + \".{ext}\\\">下一页</a>\");}}\n"
                "if(currentPage>1){document.write(\"<a href=\\\""
                f"{prefix}_\" + prevPage + \".{ext}\\\">上一页</a>\");}}\n"
                "</script></div>")

    return pager


def trs_path(base: str, prefix: str = "index", ext: str = "html") -> Callable[[int, int], str]:
    return lambda p, n: f"{base}{prefix}.{ext}" if p == 0 else f"{base}{prefix}_{p}.{ext}"


SERVICES = ["户籍办理", "社保查询", "公积金查询", "不动产登记", "企业开办", "医保报销", "义务教育入学",
            "婚姻登记", "出入境证件", "税务办理", "公共资源交易", "住房保障", "就业创业", "交通违法查询",
            "法律援助", "养老服务", "残疾人服务", "殡葬服务", "食品安全投诉", "营业执照办理"]


def service_links(prov_py: str) -> list[tuple[str, str]]:
    return [(name, f"http://zwfw.{prov_py}.gov.cn/col/col{3100 + i}/index.html")
            for i, name in enumerate(SERVICES)]


def blocks_html(blocks: list[tuple[str, list[tuple[str, str]]]]) -> str:
    out = []
    for head, links in blocks:
        lis = "".join(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' for t, h in links)
        out.append(f'<div class="block"><h2>{esc(head)}</h2><ul>{lis}</ul></div>')
    return "".join(out)


ABOUT = ["概况", "历史沿革", "自然地理", "行政区划", "人口民族", "领导之窗", "机构设置说明"]
HDJL = ["领导信箱", "在线访谈", "征集调查", "常见问题", "12345热线", "意见建议"]


def about_pages(host: Host, skin: Skin, place: str, path_of: Callable[[str, int], str],
                crumbs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """走进/互动 pages: static filler; returns (title, root path) for menus."""
    out = []
    rng = random.Random(f"about/{host.name}")
    for k, t in enumerate(ABOUT + HDJL):
        path = path_of(t, k)
        host.put(path, skin.page(t, f"<p>{esc(place)}{t}。</p>" + news_fragment(rng), crumbs))
        out.append((t, path))
    return out


TOPICS = ["学习贯彻党的二十大精神", "优化营商环境", "乡村振兴", "安全生产月", "全国文明城市创建",
          "双随机一公开", "扫黑除恶专项斗争", "政务公开专栏", "营商环境投诉", "民生实事"]
FOOTER = ["网站地图", "联系我们", "隐私声明", "使用帮助", "网站纠错"]


def home_extras(b: Build, host: Host, prov_py: str, news: list[Item]) -> list[
        tuple[str, list[tuple[str, str]]]]:
    """What makes a real home page long: notices, topics on the province's site, neighbouring
    governments (names reserved so no portal of the world answers them), footer pages."""
    rng = random.Random(f"extras/{b.seed}/{b.key}")
    neighbours = []
    for _ in range(rng.randrange(10, 16)):
        cn, py = b.names.place()
        neighbours.append((cn + rng.choice(["县", "区", "市"]) + "人民政府", f"http://www.{py}.gov.cn/"))
    topics = [(t, f"http://www.{prov_py}.gov.cn/zt/{k:02d}/index.html") for k, t in enumerate(TOPICS)]
    notices = [(t, link(host, "/", u)) for u, t, _ in news[8:22]]
    footer = []
    for k, t in enumerate(FOOTER):
        path = f"/footer/{k}.html"
        if path not in host.files:
            host.put(path, f"<html><head><meta charset=\"utf-8\"><title>{t}</title></head><body>"
                           f"<h1>{t}</h1><p>{t}</p><a href=\"/\">首页</a></body></html>")
        footer.append((t, path))
    return [("通知公告", notices), ("专题专栏", topics), ("友情链接", neighbours), ("底部", footer)]


def simple_search(b: Build, host: Host, skin: Skin, path: str, *, qname: str = "q",
                  pname: str = "page") -> str:
    """A site search linking to its next page and to a 'related' query, forever; returns
    the link the home page carries."""

    def page(q: str, n: int, tick: int) -> str:
        nxt = f"{path}?{qname}={quote(q)}&amp;{pname}={n + 1}"
        rel = f"{path}?{qname}={quote(q)}{tick % 97}&amp;{pname}=1"
        return skin.page("搜索结果", f"<p>“{esc(q)}”第{n}页</p><a href=\"{nxt}\">下一页</a> "
                                     f'<a href="{rel}">相关搜索</a>')

    host.routes[path] = endless_search(page, pname=pname, qname=qname)
    host.traps.append("^" + re.escape(path) + r"(\?|$)")
    b.trap("search")
    return f"{path}?{qname}=%E5%B9%B4%E6%8A%A5&{pname}=1"
