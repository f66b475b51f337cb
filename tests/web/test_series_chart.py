"""The series chart of the agency page (archive.web.charts.series_chart), a pure function:
its SVG read back as XML, as a person would read the picture."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from archive.web.charts import series_chart

SVG = "{http://www.w3.org/2000/svg}"
YEARS = ["2021", "2022", "2023", "2024"]
PANELS = [
    ("申请", [("新收申请", [3119.0, 2500.0, None, 95.0]), ("予以公开", [1362.0, 0.0, 7.0, 50.0])]),
    ("复议诉讼", [("行政复议", [None, None, 0.0, 2.5])]),
]


def drawn(columns: list[str] = YEARS, panels: list = PANELS) -> ET.Element:  # type: ignore[type-arg]
    return ET.fromstring(str(series_chart(columns, panels, "洪泽区人民政府 <历年>")))


def points(svg: ET.Element) -> dict[str, dict[str, str]]:
    """line name → column → the value the point is labelled with."""
    out: dict[str, dict[str, str]] = {}
    for p in svg.iter(f"{SVG}circle"):
        out.setdefault(p.get("data-line") or "", {})[p.get("data-column") or ""] = \
            p.get("data-value") or ""
    return out


def test_every_value_is_a_labelled_point_and_a_missing_one_a_gap() -> None:
    svg = drawn()
    assert points(svg) == {
        "新收申请": {"2021": "3119", "2022": "2500", "2024": "95"},
        "予以公开": {"2021": "1362", "2022": "0", "2023": "7", "2024": "50"},  # 0 is drawn
        "行政复议": {"2023": "0", "2024": "2.5"},
    }
    segments = [s.get("data-line") for s in svg.iter(f"{SVG}line") if s.get("class") == "segment"]
    # 新收申请 breaks at 2023 (2021–2022 only; nothing reaches 2024 across the gap)
    assert segments.count("新收申请") == 1 and segments.count("予以公开") == 3
    assert segments.count("行政复议") == 1
    values = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "value"]
    assert sorted(values) == sorted(["3119", "2500", "95", "1362", "0", "7", "50", "0", "2.5"])


def test_axes_years_and_legend_are_written_out() -> None:
    svg = drawn()
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "column"] == YEARS * 2
    assert {"申请", "复议诉讼"} <= set(texts)  # a panel per group, each with its own axis
    assert {"0", "1000", "2000", "3000", "4000"} <= set(texts)  # round ticks above 3119
    legend = [g.find(f"{SVG}text").text for g in svg.iter(f"{SVG}g")  # type: ignore[union-attr]
              if g.get("class") == "legend"]
    assert legend == ["新收申请", "予以公开", "行政复议"]
    assert svg.find(f"{SVG}title").text == "洪泽区人民政府 <历年>"  # type: ignore[union-attr]
    assert svg.get("role") == "img" and int(svg.get("width") or 0) >= 2 * 380


def test_points_stay_inside_their_panel_and_above_the_axis() -> None:
    svg = drawn()
    width, height = int(svg.get("width") or 0), int(svg.get("height") or 0)
    for p in svg.iter(f"{SVG}circle"):
        assert 0 < float(p.get("cx") or 0) < width and 0 < float(p.get("cy") or 0) < height
    zero = [p for p in svg.iter(f"{SVG}circle") if p.get("data-value") == "0"]
    top = min(float(p.get("cy") or 0) for p in svg.iter(f"{SVG}circle"))
    assert all(float(p.get("cy") or 0) > top for p in zero)  # 0 sits on the axis, low


def test_a_line_with_nothing_known_draws_no_point_and_all_zero_still_has_an_axis() -> None:
    svg = drawn(["2024"], [("复议诉讼", [("行政复议", [None]), ("直接起诉", [0.0])])])
    assert points(svg) == {"直接起诉": {"2024": "0"}}
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "0" in texts and "1" in texts  # an axis from 0 to 1, not a division by zero
