"""Scanned reports: OCR text boxes and ruling lines rebuilt into cells; unreadable values
are null and flagged, never guessed. Kept to a few pages: OCR is slow on two cores."""

import pytest

import parsers.ocr as ocr
from parsers import parse_bytes
from parsers.document import extract, to_record
from tests.extract.helpers import cells
from tests.fixtures import make_fixtures as mf

STEM = "002_0587ca1cc9f7563f"  # the sample with the most non-zero numbers


@pytest.fixture(scope="module")
def scanned_record(make):
    return parse_bytes(make(STEM, "scan.pdf"), url="https://www.bl.gov.cn/scan.pdf")


@pytest.mark.usefixtures("cjk_font")
def test_a_scanned_pdf_reaches_99_percent_of_cells_and_flags_the_rest(scanned_record, reference):
    want = reference(STEM)
    got = cells(scanned_record.tables)
    exact = sum(got.get(k) == v for k, v in want.items())
    assert exact / len(want) >= 0.99
    flagged = {
        c.where for c in scanned_record.checks if c.rule in ("cell.unreadable", "cell.missing")
    }
    failing = {c.rule for c in scanned_record.checks}
    for path, value in want.items():
        if got.get(path) != value:  # every wrong cell is null-and-flagged or caught by a check
            assert (got.get(path) is None and path in flagged) or failing - {"requests.balance"}
    assert scanned_record.source["extractor"] == "ocr"
    assert scanned_record.source["ocr_pages"] == 4


def test_page_images_with_low_confidence_values_become_null_with_cell_unreadable(make, monkeypatch):
    page = mf.make_scan(make(STEM, "pdf"), seed=2, pages=[2], as_pdf=False)[0]  # the requests table
    monkeypatch.setattr(ocr, "MIN_SCORE", 0.9995)  # pretend the scanner was poor
    ex = extract(page, media_type="image/png")
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
