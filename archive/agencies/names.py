"""Agency names as printed: typography folded away, the short forms agencies use for
themselves expanded, and the kind of agency an own part names (government, street office,
township, department). Pure string functions; the regions live in `regions`."""

from __future__ import annotations

import re
import unicodedata

#: Short forms agencies use for themselves, as a suffix of the name → the full form.
#: One line per abbreviation; only a name's ending (or a whole own part) is ever replaced.
ABBREVIATIONS: dict[str, str] = {
    "工信局": "工业和信息化局",
    "经信局": "经济和信息化局",
    "发改委": "发展和改革委员会",
    "发改局": "发展和改革局",
    "人社局": "人力资源和社会保障局",
    "住建局": "住房和城乡建设局",
    "市监局": "市场监督管理局",
    "市场监管局": "市场监督管理局",
    "卫健委": "卫生健康委员会",
    "卫健局": "卫生健康局",
    "文旅局": "文化和旅游局",
    "文广旅局": "文化广电和旅游局",
    "文广新局": "文化广电新闻出版局",
    "交通局": "交通运输局",
    "自规局": "自然资源和规划局",
    "应急局": "应急管理局",
    "医保局": "医疗保障局",
    "退役军人局": "退役军人事务局",
    "城管局": "城市管理局",
    "综合执法局": "综合行政执法局",
    "审批局": "行政审批服务局",
    "政数局": "政务服务和数据管理局",
    "大数据局": "大数据管理局",
    "科技局": "科学技术局",
    "教体局": "教育和体育局",
    "农业局": "农业农村局",
    "国资委": "国有资产监督管理委员会",
    "侨办": "侨务办公室",
    "省政府": "省人民政府",
    "区政府": "区人民政府",
    "县政府": "县人民政府",
    "市政府": "市人民政府",
    "旗政府": "旗人民政府",
    "州政府": "州人民政府",
    "镇政府": "镇人民政府",
    "乡政府": "乡人民政府",
    "街道办": "街道办事处",
}

GOVERNMENT = "人民政府"
STREET_OFFICE = "街道办事处"

#: Endings of a region name that an abbreviation may start with (区政府: 洪泽区 + 政府).
GLUE = ("街道", "省", "市", "区", "县", "旗", "州", "镇", "乡")

#: Endings of an own part that make it a department of a government.
DEPARTMENT_ENDINGS = ("局", "委员会", "委", "办公室", "办公厅", "办", "中心", "厅", "署", "处",
                      "所", "站", "队", "会", "部", "室", "馆", "社")

#: Own parts that name no agency by themselves: every county has a 教育局. A name that is only
#: one of these (perhaps after 省/市/区/县) needs a region from somewhere else.
GENERIC_OWN_PARTS = frozenset({
    GOVERNMENT, "人民政府办公室", "人民政府办公厅", STREET_OFFICE, "办事处",
    "教育局", "财政局", "公安局", "民政局", "司法局", "审计局", "统计局", "税务局", "水利局",
    "水务局", "商务局", "林业局", "林业和草原局", "信访局", "档案局", "体育局", "外事办公室",
    "机关事务管理局", "残疾人联合会", "政务服务中心", "行政审批局", "数据局", "数据管理局",
    "粮食和物资储备局", "地方志办公室", "民族宗教事务局", "乡村振兴局", "人民防空办公室",
    "公共资源交易中心", "住房公积金管理中心", "自然资源局", "规划局", "国土资源局",
    "环境保护局", "生态环境局", "卫生和计划生育委员会", "食品药品监督管理局", "人民法院",
    "人民检察院", "物价局", "广播电视局", "文化广电旅游局", "投资促进局", "营商环境局",
    "城市管理委员会", "人民代表大会常务委员会", "政府办公室", "政府办",
}) | frozenset(ABBREVIATIONS) | frozenset(ABBREVIATIONS.values())

_SPACE = re.compile(r"\s+")
_BRACKETS = str.maketrans({"（": "(", "）": ")"})
_LEVEL_CHAR = re.compile(r"^[省市区县旗州镇乡]")
_NOTE = re.compile(r"\([^()]*\)$")
_TRAILING = re.compile(r"(?P<name>.+)\((?P<note>[^()]+)\)")


def fold(agency: str) -> str:
    """NFKC-folded, without whitespace: the name as printed, minus typography."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", agency or "")).translate(_BRACKETS)


def trailing_note(name: str) -> tuple[str, str | None]:
    """A folded name and the note in brackets at its end, if any: 洪泽区教育局(淮安市) →
    (洪泽区教育局, 淮安市). Whether the note is a region is for the caller to say."""
    match = _TRAILING.fullmatch(name)
    return (match.group("name"), match.group("note")) if match else (name, None)


def expand_ending(name: str) -> tuple[str, str | None]:
    """`name` with an abbreviated ending expanded (北关区工信局 → 北关区工业和信息化局), and
    the abbreviation used (None when there was none). The longest known ending wins."""
    for short in sorted(ABBREVIATIONS, key=len, reverse=True):
        if name.endswith(short) and len(name) > len(short):
            return name[: -len(short)] + ABBREVIATIONS[short], short
    return name, None


def expand_own(own: str, region: str) -> tuple[str, str | None]:
    """The agency's own part with a whole abbreviation expanded, and the abbreviation used.
    Only whole own parts are replaced (工信局, never the 审批局 inside 行政审批局); `region` is
    the printed region in front, whose ending an abbreviation may share (洪泽区 + 政府 = 区政府)."""
    if own in ABBREVIATIONS:
        return ABBREVIATIONS[own], own
    for glue in GLUE:
        short = glue + own
        if own and region.endswith(glue) and ABBREVIATIONS.get(short, "").startswith(glue):
            return ABBREVIATIONS[short][len(glue):], short
    return own, None


def department_kind(own: str) -> str:
    """The kind of an own part: a department when it ends like one (…局, …委员会, …办公室,
    …中心), else other (courts, zones, unnamed units). A trailing note in brackets is ignored."""
    bare = _NOTE.sub("", own)
    return "department" if bare.endswith(DEPARTMENT_ENDINGS) and not bare.endswith("院") else "other"


def own_part(own: str, region: str, level: str) -> tuple[str, str]:
    """The kind of agency `own` names inside the region printed as `region` (at `level`), and
    the own part as keyed: a bare region or its 人民政府 is its government; a 街道 with or
    without 办事处 is one street office; a 镇/乡 with or without 人民政府 is one township."""
    if level == "township":
        if region.endswith(("街道", "公所")) and own in ("", "办事处", STREET_OFFICE):
            return "street_office", STREET_OFFICE
        if not region.endswith(("街道", "公所")) and own in ("", GOVERNMENT):
            return "township", GOVERNMENT
    elif own in ("", GOVERNMENT):
        return "government", GOVERNMENT
    return department_kind(own), own


def name_kind(name: str) -> str:
    """The kind of agency a whole name says it is, when no region could be read from it."""
    if name.endswith(("镇人民政府", "乡人民政府", "苏木人民政府")):
        return "township"
    if name.endswith(GOVERNMENT):
        return "government"
    if name.endswith((STREET_OFFICE, "街道")):
        return "street_office"
    return department_kind(name)


def generic_level(name: str) -> tuple[str, str] | None:
    """(level char, own part) when `name` names no agency by itself: a generic own part
    (教育局, 人民政府), perhaps after the level of its region (区教育局 → ("区", "教育局"))."""
    if _LEVEL_CHAR.match(name) and name[1:] in GENERIC_OWN_PARTS:
        return name[0], name[1:]
    if name in GENERIC_OWN_PARTS:
        return "", name
    return None
