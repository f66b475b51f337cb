"""A printed agency name → one agency identity, precision first.

A name is read as a chain of printed regions and the agency's own part (江苏省淮安市洪泽区 +
人民政府, 洪泽区 + 教育局, 北关区红旗路街道 + 办事处). The innermost region is placed in the
division tree using the chain and the publishing portal's region; the key is that region's
code and the own part ("320813|人民政府"), so prefix variants fall together and homonyms in
different regions fall apart. A name that cannot be placed for certain is left for review
with its candidates: two agencies sharing a key is the worst outcome, a review the cheapest."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from archive.agencies.names import (
    ABBREVIATIONS,
    GOVERNMENT,
    expand_ending,
    expand_own,
    fold,
    generic_level,
    name_kind,
    own_part,
    trailing_note,
)
from archive.agencies.regions import Regions, Token, data_as_of, region_like, regions
from archive.errors import NianbaoError


class AgencyNameError(NianbaoError):
    """A registry fact about agency names cannot be used as given."""


@dataclass(frozen=True)
class Resolution:
    """Who a printed name is: `key` (same key ⇔ same agency) or, when uncertain, review=True
    with key None and the `candidates` it might be; `rule` says what decided."""

    key: str | None
    review: bool
    candidates: list[str] = field(default_factory=list)
    rule: str = ""
    region_code: str | None = None
    level: str | None = None
    kind: str = "other"


@dataclass(frozen=True)
class Renaming:
    """A registry fact: the agency printed as `old` became `new` on `on` (one agency)."""

    old: str
    new: str
    on: date
    region_code: str | None = None


def _review(rule: str, candidates: list[str] | None = None, kind: str = "other") -> Resolution:
    """An uncertain resolution: no key, the candidates and why."""
    return Resolution(None, True, sorted(set(candidates or ())), f"{rule}: review", kind=kind)


class Resolver:
    """Resolves printed agency names against the division tree and registered renamings."""

    def __init__(self, division_tree: Regions | None = None) -> None:
        """`division_tree`: the regions to read names with; the shipped MCA table by default."""
        self.regions = division_tree if division_tree is not None else regions()
        self._renamings: list[Renaming] = []
        self._renamed: dict[str | None, dict[str, tuple[Resolution, Renaming]]] = {}

    def add_renaming(self, old: str, new: str, *, on: date,
                     region_code: str | None = None) -> None:
        """Register that the agency printed `old` became `new` on `on`: both then resolve to
        the newest name's key. `region_code` places names that need it (鼓楼区…); without it
        each look-up's own portal region is used."""
        if not fold(old) or not fold(new) or fold(old) == fold(new):
            raise AgencyNameError(
                f"a renaming needs two different agency names, got {old!r} → {new!r}")
        if not isinstance(on, date):
            raise AgencyNameError(f"the date of the renaming {old} → {new} must be a date, "
                                  f"got {on!r}")
        self._renamings.append(Renaming(fold(old), fold(new), on, region_code))
        self._renamed.clear()

    def resolve(self, name: str, region_code: str | None = None,
                year: int | None = None) -> Resolution:
        """Who `name` is, as published on a portal of `region_code` (a 6- or 9-digit code, a
        city prefix like "3208", or None) in a report of `year`. The division table is one
        snapshot, so `year` does not change the answer; renamings hold for every year."""
        area = self.regions.area(region_code)
        found = self._resolve(fold(name), area)
        return self._follow_renamings(found, area)

    # -- reading one name ------------------------------------------------------------------

    def _resolve(self, text: str, area: str | None) -> Resolution:
        """The resolution of a folded name, renamings aside."""
        if not text:
            return _review("no agency name printed")
        if "|" in text:
            return _review(f"{text} is not an agency name (| separates the parts of a key)")
        tokens: list[Token] = []
        notes: list[str] = []
        text, parent_note = self._parent_after(text)
        if parent_note:
            notes.append(parent_note)
        pos = 0
        while True:
            chain = self.regions.place(text, pos, tokens[-1].codes if tokens else None)
            tokens.extend(chain.tokens)
            pos = chain.end
            if chain.conflict is not None:
                return self._conflict(text, tokens, chain.conflict)
            if tokens and text.startswith(GOVERNMENT, pos):
                office = self.regions.place(text, pos + len(GOVERNMENT), tokens[-1].codes)
                if office.tokens and office.conflict is None and self.regions.by_code[
                        office.tokens[0].codes[0]].level == "township":
                    notes.append(f"{GOVERNMENT} between {tokens[-1].name} and "
                                 f"{office.tokens[0].name} is the government it belongs to")
                    tokens.extend(office.tokens)
                    pos = office.end
            slip = self._slip(text, pos, tokens, area)
            if slip is None:
                break
            if isinstance(slip, Resolution):
                return slip
            tokens.append(slip[0])
            notes.append(slip[1])
            pos = slip[0].end
        if not tokens:
            return self._unplaced(text, area)
        printed_own = text[pos:]
        unknown = region_like(printed_own)
        if unknown is not None:
            return _review(f"{unknown} in {text} is not a region of the division table "
                           f"({data_as_of()}) inside {tokens[-1].name}", kind=name_kind(text))
        own, short = expand_own(printed_own, tokens[-1].name)
        if not own:
            notes.append("a bare region name stands for its government (a 街道 for its 办事处)")
        if short is not None:
            notes.append(f"abbreviation {short}→{ABBREVIATIONS[short]}")
        code, rule, candidates = self._place(tokens, area)
        if code is None:
            return _review(rule, [self._key(c, own) for c in candidates],
                           kind=self._kind(candidates[0], own) if candidates else "other")
        region = self.regions.by_code[code]
        kind, own_key = own_part(own, region.name, region.level)
        return Resolution(f"{code}|{own_key}", False, [], "; ".join([rule, *notes]),
                          code, region.level, kind)

    def _parent_after(self, text: str) -> tuple[str, str | None]:
        """A name with its parent region printed after it in brackets (洪泽区教育局(淮安市)),
        read with that region in front; a bracketed note that is no region stays as printed."""
        name, note = trailing_note(text)
        if note is None:
            return text, None
        parent = self.regions.place(note)
        if not parent.tokens or parent.end != len(note) or parent.conflict is not None:
            return text, None
        said = f"parent region ({note}) printed after the name"
        printed = self.regions.place(name).tokens
        if any(set(t.codes) & set(parent.tokens[-1].codes) for t in printed):
            return name, said
        return note + name, said

    def _key(self, code: str, own: str) -> str:
        """The key of the agency whose own part is `own` in region `code`."""
        region = self.regions.by_code[code]
        return f"{code}|{own_part(own, region.name, region.level)[1]}"

    def _kind(self, code: str, own: str) -> str:
        """The kind of the agency whose own part is `own` in region `code`."""
        region = self.regions.by_code[code]
        return own_part(own, region.name, region.level)[0]

    def _where(self, codes: list[str] | tuple[str, ...], most: int = 6) -> str:
        """Codes with their full paths, for a rule: 320106 江苏省南京市鼓楼区, … (the first
        `most` of them, then how many in all)."""
        unique = sorted(set(codes))
        shown = ", ".join(f"{c} {self.regions.path(c)}" for c in unique[:most])
        return shown if len(unique) <= most else f"{shown} … ({len(unique)} in all)"

    def _conflict(self, text: str, tokens: list[Token], conflict: Token) -> Resolution:
        """A region printed inside one that cannot contain it (南京市洪泽区)."""
        own, _ = expand_own(text[conflict.end:], conflict.name)
        outer = tokens[-1] if tokens else None
        where = f"{outer.name} ({', '.join(outer.codes)})" if outer else "the printed chain"
        return _review(f"printed chain contradicts itself: {conflict.name} "
                       f"({', '.join(conflict.codes)}) is not inside {where}",
                       [self._key(c, own) for c in conflict.codes],
                       kind=self._kind(conflict.codes[0], own))

    def _slip(self, text: str, pos: int, tokens: list[Token],
              area: str | None) -> tuple[Token, str] | Resolution | None:
        """A region name misprinted by one character at `pos` (沐阳县 for 沭阳县), or printed
        under the ending it had before its county became a district (洪泽县 for 洪泽区): matched
        when exactly one region inside the printed parent (or the portal's region, then its
        city) is that near; a review when several are, or when no region says where to look."""
        if tokens:
            outer = tokens[-1].codes
            if len(outer) != 1:
                return None
            parent = outer[0]
            scopes = [s for s in (area, parent) if s and self.regions.within(s, parent)]
            scopes = list(dict.fromkeys(scopes))
        elif area is not None:
            parent = None
            scopes = list(dict.fromkeys((area, self.regions.neighbourhood(area))))
        else:
            hits = self.regions.near(text, pos, None)
            if not hits:
                return None
            printed = hits[0][0]
            own, _ = expand_own(text[pos + len(printed):], printed)
            return _review(f"{printed} is not a region name; it is one character from "
                           f"{self._where([c for _, c in hits])} and no portal region says which",
                           [self._key(c, own) for _, c in hits])
        for root in scopes:
            found = [(p, c, "slip") for p, c in self.regions.near(text, pos, root)]
            found += [(p, c, "now") for p, c in self.regions.upgraded(text, pos, root)]
            found = [(p, c, how) for p, c, how in found
                     if parent is None or (c != parent and self.regions.within(c, parent))]
            codes = sorted({c for _, c, _ in found})
            if len(codes) == 1:
                printed, code, how = found[0]
                real = self.regions.by_code[code].name
                rule = (f"slip {printed}→{real} (only near name in {root})" if how == "slip" else
                        f"{printed} is now {real} (its county became a district or city; the "
                        f"only one of that stem in {root})")
                return Token(real, pos, pos + len(printed), (code,)), rule
            if codes:
                printed = found[0][0]
                own, _ = expand_own(text[pos + len(printed):], printed)
                return _review(f"{printed} is not a region name; it is close to each of "
                               f"{self._where(codes)}", [self._key(c, own) for c in codes])
        return None

    def _place(self, tokens: list[Token],
               area: str | None) -> tuple[str | None, str, tuple[str, ...]]:
        """(code, rule, ()) where the innermost printed region is certain, else (None, why,
        candidate codes). A printed chain that narrows to one region places it; a bare name
        (鼓楼区) needs to be unique in or around the portal's region (a county: in its province);
        a bare township needs the portal's region in any case; a bare name outside the
        portal's province is doubted (淮安's old 清河区 is not 铁岭's)."""
        inner = tokens[-1]
        codes = inner.codes
        bare = len(tokens) == 1
        township = self.regions.by_code[codes[0]].level == "township"
        if area is not None and (bare or len(codes) > 1):
            tiers = (("in or around", [c for c in codes if self.regions.within(c, area)
                                       or self.regions.within(area, c)]),
                     ("beside", [c for c in codes
                                 if self.regions.within(c, self.regions.neighbourhood(area))]),
                     ("in the province of", [] if township else [
                         c for c in codes if self.regions.within(c, self.regions.province(area))]))
            for how, found in tiers:
                if len(found) == 1:
                    return (found[0], f"region {inner.name} ({found[0]}): the only one {how} "
                            f"the portal's region {area}", ())
                if found:
                    return (None, f"{inner.name} names {len(found)} regions {how} the portal's "
                            f"region {area}: {self._where(found)}", tuple(found))
            if bare:
                return (None, f"{inner.name} ({self._where(codes)}) lies outside the portal's "
                        f"region {area} ({self.regions.path(area)})", codes)
        if len(codes) > 1:
            return (None, f"{inner.name} names {len(codes)} regions ({self._where(codes)}); "
                    f"a printed parent or the portal's region would tell which", codes)
        if bare and township:
            return (None, f"township {inner.name} ({codes[0]}) printed without its county and "
                    f"no portal region to confirm it", codes)
        if bare:
            return codes[0], f"region {inner.name} ({codes[0]}): the only region of that name", ()
        outer = tokens[-2]
        above = next(c for c in self.regions.ancestors(codes[0]) if c in outer.codes)
        prefix = "".join(t.name for t in tokens[:-1])
        return (codes[0], f"region prefix {prefix} ({above}) contains {inner.name} ({codes[0]})",
                ())

    def _unplaced(self, text: str, area: str | None) -> Resolution:
        """A name with no region printed: keyed on the folded name (国家统计局) unless it looks
        like a region the table lacks (清浦区人民政府) or names no agency by itself (区教育局)."""
        unknown = region_like(text)
        if unknown is not None:
            return _review(f"{unknown} is not a region of the division table ({data_as_of()})",
                           kind=name_kind(text))
        name, short = expand_ending(text)
        if text in ABBREVIATIONS:  # a short form standing alone: 区政府, 工信局
            name, short = ABBREVIATIONS[text], text
        note = f"; abbreviation {short}→{ABBREVIATIONS[short]}" if short else ""
        generic = generic_level(name)
        if generic is None:
            return Resolution(name, False, [], f"no region printed: key is the folded name{note}",
                              kind=name_kind(name))
        level_char, own = generic
        if area is not None and level_char:
            for code in (area, *self.regions.ancestors(area)):
                region = self.regions.by_code[code]
                if region.name.endswith(level_char):
                    kind, own_key = own_part(own, region.name, region.level)
                    return Resolution(f"{code}|{own_key}", False, [],
                                      f"no region printed: {level_char} is the portal's region "
                                      f"{region.name} ({code}){note}", code, region.level, kind)
        return _review(f"{text} names no agency by itself and the portal's region "
                       f"{'does not say whose' if area else 'is unknown'}", kind=name_kind(name))

    # -- renamings ---------------------------------------------------------------------------

    def _follow_renamings(self, found: Resolution, area: str | None) -> Resolution:
        """`found` moved onto the newest name's key when a renaming joins its key to others."""
        if found.key is None or not self._renamings:
            return found
        hit = self._renaming_table(area).get(found.key)
        if hit is None:
            return found
        newest, renaming = hit
        return replace(found, key=newest.key, region_code=newest.region_code,
                       level=newest.level, kind=newest.kind,
                       rule=f"{found.rule}; renamed {renaming.old}→{renaming.new} on "
                            f"{renaming.on.isoformat()}")

    def _renaming_table(self, area: str | None) -> dict[str, tuple[Resolution, Renaming]]:
        """Every key a renaming touches → (the resolution of the group's newest name, the
        latest renaming naming that key), for look-ups from `area`; built once per area."""
        table = self._renamed.get(area)
        if table is not None:
            return table
        parent: dict[str, str] = {}

        def root(key: str) -> str:
            while parent.get(key, key) != key:
                key = parent[key]
            return key

        newest: dict[str, Resolution] = {}
        naming: dict[str, Renaming] = {}
        for renaming in sorted(self._renamings, key=lambda r: r.on):
            where = self.regions.area(renaming.region_code) if renaming.region_code else area
            old = self._resolve(renaming.old, where)
            new = self._resolve(renaming.new, where)
            if old.key is None or new.key is None:
                continue
            a, b = root(old.key), root(new.key)
            parent[a] = parent.setdefault(b, b)
            newest[b] = new
            naming[old.key] = naming[new.key] = renaming
        table = {key: (newest[root(key)], renaming) for key, renaming in naming.items()}
        self._renamed[area] = table
        return table
