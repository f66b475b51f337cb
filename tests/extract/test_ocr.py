"""Scanned reports: OCR text boxes placed in the cells rebuilt from the page's ruling lines;
a value read with low confidence is null and flagged, never guessed. The scans embed named
TrueType fonts (tests/fixtures/scans.py), so what is read does not depend on which Chinese
fonts the machine has. Kept to a few pages: OCR is slow on two cores."""

import pytest

import parsers.ocr as ocr
from parsers import parse_bytes
from parsers.document import extract, to_record
from tests.extract.helpers import cells
from tests.fixtures import make_fixtures as mf
from tests.fixtures import scans

STEM = "002_0587ca1cc9f7563f"  # the sample with the most non-zero numbers
REQUESTS_PAGE = 2  # the page holding most of the requests table
#: A decent office scan of a report set in 黑体 (WenQuanYi Zen Hei).
CLEAN = scans.Style(font="hei", dpi=200, tilt=0.3, blur=0.3, grain=0, dust=0)
#: What portals publish: 宋体, 150 dpi, tilted, blurred, grainy, dusty, JPEG pages, a seal.
REALISTIC = scans.Style(font="song", dpi=150, tilt=0.7, blur=0.7, grain=10, dust=80, jpeg=40,
                        seal=True)


def _doc() -> mf.ReportDoc:
    return next(d for d in mf.samples() if d.stem == STEM)


def _scan(style: scans.Style, **kwargs):  # noqa: ANN003, ANN202
    for face in (style.font, style.digits):
        reason = face and scans.font_missing(face)
        if reason:
            pytest.skip(reason)
    return scans.make(_doc(), style, **kwargs)


def _gaps(record, want: dict) -> tuple[int, list, list]:  # noqa: ANN001
    """(exact cells, wrong cells, null cells not named by a check)."""
    got = cells(record.tables)
    flagged = {c.where for c in record.checks if c.rule in ("cell.unreadable", "cell.missing")}
    exact = sum(got.get(k) == v for k, v in want.items())
    wrong = [(k, v, got[k]) for k, v in want.items() if got.get(k) is not None and got[k] != v]
    silent = [k for k, v in want.items() if got.get(k) is None and v is not None and k not in flagged]
    return exact, wrong, silent


@pytest.fixture(scope="module")
def clean_record():
    return parse_bytes(_scan(CLEAN, seed=1), url="https://www.bl.gov.cn/scan.pdf")


@pytest.fixture(scope="module")
def realistic_record():
    return parse_bytes(_scan(REALISTIC, seed=1), url="https://www.bl.gov.cn/scan.pdf")


def test_a_clean_scan_reads_no_wrong_number_and_flags_every_cell_it_leaves_empty(
        clean_record, reference):
    exact, wrong, silent = _gaps(clean_record, reference(STEM))
    assert (wrong, silent) == ([], [])
    assert exact / len(reference(STEM)) >= 0.95
    assert clean_record.source["extractor"] == "ocr"
    assert clean_record.source["ocr_pages"] == 4


def test_a_clean_scan_reaches_99_percent_of_cells(clean_record, reference):
    exact, _, _ = _gaps(clean_record, reference(STEM))
    assert exact / len(reference(STEM)) >= 0.99


def test_a_realistic_scan_reads_no_wrong_number_and_flags_every_cell_it_leaves_empty(
        realistic_record, reference):
    exact, wrong, silent = _gaps(realistic_record, reference(STEM))
    assert wrong == []  # a number in the record was printed in that cell
    assert silent == []


def test_a_realistic_scan_reaches_99_percent_of_cells(realistic_record, reference):
    """150 dpi 宋体, blurred, dusty, JPEG, with a seal's strokes across some figures."""
    exact, _, _ = _gaps(realistic_record, reference(STEM))
    assert exact / len(reference(STEM)) >= 0.99


@pytest.mark.parametrize(("face", "digits"), [("song", ""), ("kai", ""), ("hei", "times")])
def test_no_typeface_makes_a_wrong_number(face: str, digits: str, reference) -> None:
    """宋体, 楷体, 黑体 with Times figures: the requests page of each, read into a record in
    which every figure is either the printed one or null."""
    style = scans.Style(font=face, digits=digits, dpi=200, tilt=0.5, jpeg=50)
    page = _scan(style, seed=2, pages=[REQUESTS_PAGE], as_pdf=False)[0]
    ex = extract(page, media_type="image/jpeg")
    # the page in its report: the title and the part's heading printed on earlier pages
    ex.blocks[:0] = [_doc().title, "三、收到和处理政府信息公开申请情况"]
    record = to_record(ex)
    assert record.format == "2021"
    got, want = cells(record.tables), reference(STEM)
    assert [(k, v, got[k]) for k, v in want.items() if got.get(k) is not None and got[k] != v] == []
    assert any(got.get(k) is not None for k in want)  # the page was read at all


def test_page_images_with_low_confidence_values_become_null_with_cell_unreadable(monkeypatch):
    page = _scan(CLEAN, seed=2, pages=[REQUESTS_PAGE], as_pdf=False)[0]
    monkeypatch.setattr(ocr, "MIN_SCORE", 0.9995)  # pretend the scanner was poor
    ex = extract(page, media_type="image/jpeg")
    assert ex.extractor == "ocr" and ex.unreadable
    for _table, _row, _col, guess, score in ex.unreadable:
        assert score < 0.9995 and guess  # the blanked cell's reading is kept for review
    assert all(
        "" in t.rows[r]
        for t_i, t in enumerate(ex.tables)
        for i, r, _c, _g, _s in ex.unreadable
        if i == t_i
    )


def test_unreadable_cells_are_named_in_the_record(make):
    """What the OCR path does with a doubtful value, shown on a text PDF's extraction:
    the cell is blank in the text, its reading kept aside; the record has null there and
    a `cell.unreadable` check naming the cell."""
    ex = extract(make(STEM, "pdf"))
    requests = ex.tables[1]
    row = next(i for i, r in enumerate(requests.rows) if r[0].startswith("一、本年新收"))
    guess = requests.rows[row][3]
    requests.rows[row][3] = ""
    requests.unreadable.append((row, 3, guess, 0.41))
    record = to_record(ex)
    assert record.tables["requests"]["new"]["natural_person"] is None
    assert [c.where for c in record.checks if c.rule == "cell.unreadable"] == [
        "requests.new.natural_person"
    ]
    assert {"where": "requests.new.natural_person", "ocr_text": "580"} in record.source[
        "unreadable"
    ]


def test_an_ocr_figure_that_breaks_a_sum_nulls_the_cells_it_adds_up(make):
    """OCR read 580 as 680 with confidence: neither its row nor its column adds up any more,
    so in a record read by OCR it is null and flagged, not published wrong; the figures a
    sum that holds confirms stay."""
    ex = extract(make(STEM, "pdf"))
    requests = ex.tables[1]
    row = next(i for i, r in enumerate(requests.rows) if r[0].startswith("一、本年新收"))
    assert requests.rows[row][3] == "580"
    requests.rows[row][3] = "680"
    as_text = to_record(ex)
    assert as_text.tables["requests"]["new"]["natural_person"] == 680  # a text layer is trusted
    ex.ocr_pages = 1
    record = to_record(ex)
    new = record.tables["requests"]["new"]
    assert new["natural_person"] is None
    unreadable = {c.where: c.detail for c in record.checks if c.rule == "cell.unreadable"}
    assert unreadable["requests.new.natural_person"].startswith("OCR readings break requests.")
    assert (new["commercial_enterprise"], new["total"]) == (3, 585)  # their columns add up
    assert record.tables["requests"]["granted"]["natural_person"] == 350
    assert not [c for c in record.checks if c.rule.startswith("requests.")]


def test_an_unread_cell_does_not_cost_its_row_and_column_when_their_sums_agree_on_it(make):
    """OCR left one cell of the requests table unread. Its row and its column each say what
    it must be; they agree, so the rest of that row and column is confirmed and published,
    and the unread cell stays null. A misreading beside it is still not published."""
    ex = extract(make(STEM, "pdf"))
    requests = ex.tables[1]
    row = next(i for i, r in enumerate(requests.rows) if r[0].startswith("一、本年新收"))
    assert requests.rows[row][3:6] == ["580", "3", "0"]
    requests.rows[row][4] = ""  # commercial_enterprise unread
    ex.ocr_pages = 1
    record = to_record(ex)
    new = record.tables["requests"]["new"]
    assert (new["natural_person"], new["commercial_enterprise"], new["total"]) == (580, None, 585)
    assert record.tables["requests"]["total_handled"]["commercial_enterprise"] is not None

    requests.rows[row][3] = "680"  # and the cell beside it misread
    record = to_record(ex)
    new = record.tables["requests"]["new"]
    assert (new["natural_person"], new["commercial_enterprise"]) == (None, None)
    assert new["total"] == 585  # its own column still adds up


@pytest.mark.parametrize(("weak", "published"), [("3", 3), ("8", None)])
def test_a_figure_read_without_confidence_stands_when_two_sums_say_the_same(make, weak, published):
    """OCR read the cell as 3 with too little confidence to publish it (a seal's stroke
    across it). Its row and its column both say it must be 3: the reading and the arithmetic
    agree, so 3 is published, with a check saying how it was settled. Read as 8, it stays
    null: nothing but the arithmetic says 3, and the record never prints what was not read."""
    ex = extract(make(STEM, "pdf"))
    requests = ex.tables[1]
    row = next(i for i, r in enumerate(requests.rows) if r[0].startswith("一、本年新收"))
    requests.rows[row][4] = ""
    requests.unreadable.append((row, 4, weak, 0.62))
    ex.ocr_pages = 1
    record = to_record(ex)
    assert record.tables["requests"]["new"]["commercial_enterprise"] == published
    checks = {c.rule for c in record.checks if c.where == "requests.new.commercial_enterprise"}
    if published:
        assert checks == {"cell.settled_by_sums"}
    else:
        assert "cell.unreadable" in checks


def test_a_label_cell_that_lost_its_rule_over_two_rows_places_neither_rows_values(make):
    """Faint toner broke the rule between the labels 2.其他法律行政法规禁止公开 and 3.危及
    “三安全一稳定”, and OCR garbled the first: the rebuilt grid repeats one merged cell,
    holding both labels, on both rows. Whose values follow which label cannot be told, so
    neither row is placed (once the 3. row took the 2. row's zeros, and its sum held)."""
    ex = extract(make(STEM, "pdf"))
    requests = ex.tables[1]
    first = next(i for i, r in enumerate(requests.rows) if "其他法律" in "".join(r))
    label = next(c for c, text in enumerate(requests.rows[first]) if "其他法律" in text)
    merged = "2.其他法律行政法夫规禁止公开3.危及“三安全一稳定”"
    requests.rows[first][label] = requests.rows[first + 1][label] = merged
    assert requests.rows[first][label + 1 :] != requests.rows[first + 1][label + 1 :]
    record = to_record(ex)
    denied = record.tables["requests"]
    assert set(denied["denied_security_stability"].values()) == {None}
    assert set(denied["denied_prohibited_by_law"].values()) == {None}
    assert "cell.ambiguous" in {c.rule for c in record.checks
                                if c.where.startswith("requests.denied_security_stability")}
    assert denied["denied_third_party_rights"] == to_record(extract(make(STEM, "pdf"))).tables[
        "requests"]["denied_third_party_rights"]  # the rows around are read as before


def test_a_scan_whose_sums_mostly_fail_to_confirm_publishes_nothing_it_read(make):
    """A faint copy read as garbage: its requests table was hardly read, so no sum confirms
    what OCR made of the page. Then the 主动公开 figures, which have no sum of their own,
    are not trusted either (OCR once made 80 of a garbled line ‘性 80’)."""
    ex = extract(make(STEM, "pdf"))
    requests = ex.tables[1]
    for r in requests.rows[2:]:
        r[3:] = [""] * len(r[3:])  # most of the requests table unread
    ex.ocr_pages = 1
    record = to_record(ex)
    assert all(v is None for row in record.tables["active_disclosure"].values() for v in row.values())
    why = {c.where: c.detail for c in record.checks if c.rule == "cell.unreadable"}
    assert "nothing read from this scan is trusted" in why["active_disclosure.licensing.decisions"]
    ex.ocr_pages = 0
    as_text = to_record(ex)  # the same tables in a text layer are what the report printed
    assert as_text.tables["active_disclosure"]["licensing"]["decisions"] is not None


def _cell_image(text: str, face: str, size: int = 25) -> "np.ndarray":  # noqa: F821
    """A ruled table cell printing `text` in `face`, as a 200 dpi scan would show it."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    reason = scans.font_missing(face)
    if reason:
        pytest.skip(reason)
    font = ImageFont.truetype(scans.FONTS[face].path, size, index=scans.FONTS[face].index)
    img = Image.new("L", (120, 50), 255)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, 119, 49), outline=0, width=2)  # the cell's rules
    draw.text((60, 25), text, font=font, fill=0, anchor="mm")
    return np.asarray(img)


@pytest.mark.parametrize("face", ["song", "kai", "hei", "times"])
def test_a_lone_zero_in_its_cell_is_read_as_a_figure_not_a_full_stop(face: str) -> None:
    """Alone in its cell a 0 looks like 。 or O to the recogniser; read as a figure it is 0."""
    crop = ocr.ink(_cell_image("0", face)[4:-4, 4:-4])
    assert crop is not None and crop.shape[0] < 45  # the cell's rules are not part of its ink
    [(text, score)] = ocr.read_figures([crop])
    assert (text, score >= ocr.MIN_SCORE) == ("0", True)


def test_a_lone_figure_is_as_sure_as_its_rivals_among_figures_allow():
    """A lone 0 in a condensed face: the recogniser gives 0 0.55, a point 0.35 (a lone 0
    looks like one), 8 0.05, nothing 0.05. No cell prints a point alone, so the 0 is
    measured against the 8 and nothing: sure. Between two figures the doubt stands."""
    import numpy as np

    keep, alphabet = ocr._figure_alphabet()
    chars = ocr.engine().text_rec.postprocess_op.character
    width = int(keep.max()) + 1

    def steps(*peak: tuple[str, float]) -> np.ndarray:
        out = np.zeros((3, width), np.float32)
        out[[0, 2], 0] = 1.0  # blank before and after
        out[1, 0] = 1.0 - sum(p for _, p in peak)
        for ch, p in peak:
            out[1, chars.index(ch)] = p
        return out

    text, score = ocr._decode_figure(steps(("0", 0.55), (".", 0.35), ("8", 0.05)), keep, alphabet, chars)
    assert text == "0" and score >= ocr.MIN_SCORE
    text, score = ocr._decode_figure(steps(("0", 0.45), ("8", 0.35)), keep, alphabet, chars)
    assert text == "0" and score < ocr.MIN_SCORE


@pytest.mark.parametrize(("printed", "read"), [("593", "593"), ("9116.36", "9116.36"), ("无", "无")])
def test_a_cell_is_read_as_printed_and_words_are_not_forced_into_figures(printed: str, read: str):
    crop = ocr.ink(_cell_image(printed, "song")[4:-4, 4:-4])
    [(text, _score)] = ocr.read_figures([crop])
    assert text == read


def test_specks_of_dust_in_a_cell_are_not_part_of_its_figure_but_its_decimal_point_is():
    """A scanner's dust in a corner of the cell once left a lone 0 small in a crop of
    paper, or its ink taller than a line of text, and the cell unread."""
    cell = _cell_image("9116.36", "song").copy()
    cell[6:12, 6:12] = 0  # dust, top left
    cell[40:46, 108:114] = 0  # and bottom right
    crop = ocr.ink(cell[4:-4, 4:-4], line=30)
    assert crop is not None and crop.shape[0] < 30  # the figure's line, not the specks
    [(text, score)] = ocr.read_figures([crop])
    assert (text, score >= ocr.MIN_SCORE) == ("9116.36", True)
    alone = _cell_image("0", "song").copy()
    alone[6:12, 6:12] = 0
    crop = ocr.ink(alone[4:-4, 4:-4], line=30)
    assert ocr.read_figures([crop])[0][0] == "0"


def test_a_red_seal_over_the_figures_fades_to_paper_and_black_ink_stays():
    """Portals publish colour scans with the agency's red seal stamped across a table."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (200, 100), (250, 248, 240))
    draw = ImageDraw.Draw(img)
    draw.ellipse((20, 5, 180, 95), outline=(210, 30, 40), width=8)  # the seal's ring
    draw.rectangle((90, 40, 110, 60), fill=(20, 20, 20))  # a figure's ink
    gray = ocr.image_ink(img)
    assert gray[50, 24] >= 200  # the ring, where no figure is
    assert gray[50, 100] <= 40


def test_a_long_rule_left_slanted_by_deskewing_is_still_a_rule():
    """A table rule drawn 1,600 px long that leans 9 px over its length is thin but spans
    a box wider than 12 px: it is one vertical rule, not lost."""
    import cv2
    import numpy as np

    page = np.full((1800, 600), 250, np.uint8)
    cv2.line(page, (300, 100), (309, 1700), 30, 3)
    rules = ocr.rules_from_image(page)
    vertical = [s for s in rules if s.x0 == s.x1 and s.y1 - s.y0 > 1500]
    assert len(vertical) == 1 and 300 <= vertical[0].x0 <= 310


def test_a_faint_copys_rule_is_found_whole_and_its_grain_makes_no_rules():
    """Faint toner prints a rule a dozen grey levels darker than the paper; it is one rule
    still, and the grain around it is no rule at all."""
    import cv2
    import numpy as np

    rng = np.random.default_rng(7)
    page = np.clip(rng.normal(245, 4, (900, 1400)), 0, 255).astype(np.uint8)
    cv2.line(page, (200, 450), (1200, 450), 233, 2)
    rules = ocr.rules_from_image(page)
    assert [(round(s.x0, -1), round(s.x1, -1)) for s in rules] == [(200, 1200)]


def test_strokes_of_large_characters_are_not_ruling_lines():
    """At 300 dpi a title's 一 is as long and thin as a rule; with a 丨 crossing it, it made a
    one-cell table that tore the title apart. Lines inside a box read as Chinese are strokes,
    unless they continue a line that runs outside the boxes; a box of figures keeps its own."""
    from parsers.geometry import Segment

    title = ([[100, 100], [400, 100], [400, 160], [100, 160]], "北关区人民政府", 0.99)
    figures = ([[100, 300], [400, 300], [400, 340], [100, 340]], "13,710", 0.99)
    stroke_h, stroke_v = Segment(120, 130, 170, 130), Segment(145, 108, 145, 152)
    table_rule = Segment(410, 158, 900, 158)  # a rule the title's box just reaches
    rule_piece = Segment(350, 158, 398, 158)  # the same rule, broken under a descender
    in_figures = Segment(250, 305, 250, 335)  # a column rule a box of figures straddles
    kept = ocr.not_strokes([stroke_h, stroke_v, table_rule, rule_piece, in_figures],
                           [title, figures])
    assert kept == [table_rule, in_figures, rule_piece]


def test_a_sheet_holding_two_pages_side_by_side_is_read_as_two_pages(reference):
    """A book-style copy: two pages on each landscape sheet, cut apart at the gutter."""
    pdf = _scan(scans.with_(CLEAN, two_up=True), seed=1)
    record = parse_bytes(pdf, url="https://www.bl.gov.cn/scan.pdf")
    exact, wrong, silent = _gaps(record, reference(STEM))
    assert (wrong, silent) == ([], [])
    assert exact / len(reference(STEM)) >= 0.95
    assert record.source["ocr_pages"] == 4  # two sheets, four pages


def test_a_portrait_page_with_a_blank_middle_is_not_cut():
    import numpy as np

    page = np.full((1200, 800), 250, np.uint8)
    page[100:1100, 50:300] = 20
    page[100:1100, 500:750] = 20
    assert len(ocr.printed_pages(page)) == 1
    sheet = np.full((800, 1200), 250, np.uint8)
    sheet[100:700, 100:500] = 20
    sheet[100:700, 700:1100] = 20
    halves = ocr.printed_pages(sheet)
    assert [h.shape[1] for h in halves] in ([x, 1200 - x] for x in range(500, 700))
