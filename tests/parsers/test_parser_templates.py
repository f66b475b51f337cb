"""The templates are data: their shape is docs/record.md's, and each label finds its row."""

from __future__ import annotations

import pytest

from parsers.normalize import label_key
from parsers.templates import TEMPLATE_2019, TEMPLATE_2021, TEMPLATES


def test_2021_has_200_cells_and_2019_its_own() -> None:
    assert [t.cell_count for t in TEMPLATE_2021.tables] == [10, 175, 15]
    assert [t.cell_count for t in TEMPLATE_2019.tables] == [22, 161, 15]


def test_the_other_handling_rows_differ() -> None:
    def keys(template):  # type: ignore[no-untyped-def]
        return [r.key for r in template.tables[1].rows]

    assert keys(TEMPLATE_2021)[20:23] == ["other_no_correction", "other_fee_unpaid", "other_other"]
    assert keys(TEMPLATE_2019)[20] == "other_handling"


def test_markers_belong_to_one_template_only() -> None:
    assert not set(TEMPLATE_2021.marker_keys) & set(TEMPLATE_2019.marker_keys)


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_official_label_matches_its_own_row(name: str) -> None:
    for table in TEMPLATES[name].tables:
        for row in table.rows:
            if table.key == "review_litigation":
                continue
            official = label_key(row.label.split(" ")[-1])
            assert row.pattern.search(official), (row.key, row.label)


@pytest.mark.parametrize(("printed", "key"), [
    ("1.属于国家****", "denied_state_secret"), ("属于国家＊＊", "denied_state_secret"),
    ("二、上年转结政府信息公开申请数量", "carried_over"), ("四、转结下年度继续办理", "carried_forward"),
    ("3.危及\"三安全一稳定\"", "denied_security_stability"), ("(七)合计", "total_handled"),
    ("2.其他法律行政止公开", "denied_prohibited_by_law"),
])
def test_known_variants(printed: str, key: str) -> None:
    rows = {r.key: r for r in TEMPLATE_2021.tables[1].rows}
    assert rows[key].pattern.search(label_key(printed))


def test_other_does_not_match_other_handling_or_a_header() -> None:
    other = next(r for r in TEMPLATE_2021.tables[1].rows if r.key == "other_other")
    assert not other.pattern.search(label_key("（六）其他处理"))
    assert not other.pattern.search(label_key("法律服务机构\t其他"))
    assert other.pattern.search(label_key("3.其他"))
