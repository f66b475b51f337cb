"""End to end on real published PDFs of 淮安市洪泽区 (2023, 2024): 2021-template reports
that print （六）其他处理 as one row with its own values. Every printed cell is read (186 =
200 - the three 其他处理 sub-rows + the one row), nothing is reported missing, and the
only checks are the variant note and the report's own errors."""

from __future__ import annotations

import pytest

from parsers import parse_bytes, parse_text
from tests.extract.helpers import cells
from tests.samples import PDFS as REAL

VARIANT = {"rule": "table.variant", "where": "requests", "detail": "（六）其他处理 printed as one row"}
CHECKS = {
    # The 2023 report prints review totals of 0 next to 10 upheld + 1 corrected, and
    # next to 5 upheld after review: genuine errors of the published table.
    "12_hongze_2023.pdf": [
        VARIANT,
        {"rule": "review_litigation.total", "where": "review", "detail": "10+1+0+0 != 0"},
        {"rule": "review_litigation.total", "where": "litigation_after_review", "detail": "5+0+0+0 != 0"},
    ],
    "13_hongze_2024.pdf": [VARIANT],
}
OTHER_HANDLING = {c: 0 for c in ("natural_person", "commercial_enterprise", "research_institution",
                                 "public_interest_org", "legal_service_org", "other_org", "total")}


@pytest.fixture(scope="module", params=sorted(CHECKS))
def real(request: pytest.FixtureRequest) -> tuple[str, dict]:
    return request.param, parse_bytes((REAL / request.param).read_bytes()).to_dict()


def test_every_printed_cell_is_read(real: tuple[str, dict]) -> None:
    _, record = real
    assert record["format"] == "2021"
    values = cells(record["tables"])
    assert len(values) == 186 and None not in values.values()
    requests = record["tables"]["requests"]
    assert requests["other_handling"] == OTHER_HANDLING
    assert not {"other_no_correction", "other_fee_unpaid", "other_other"} & set(requests)


def test_only_genuine_checks(real: tuple[str, dict]) -> None:
    name, record = real
    assert record["checks"] == CHECKS[name]


def test_a_label_with_characters_lost_is_read_by_its_label(real: tuple[str, dict]) -> None:
    # the PDFs print 2.其他法律行政止公开 (法规禁 lost): read by label, not by position
    _, record = real
    assert record["tables"]["requests"]["denied_prohibited_by_law"]["total"] == 0
    assert all(c["rule"] != "row.by_position" for c in record["checks"])


def test_the_pdf_text_layer_and_one_cell_per_line_read_the_same(real: tuple[str, dict]) -> None:
    """The same reports in the parser's other layouts: the PDF's own text layer (values
    after their label, labels wrapped) and the extracted grid one cell per line."""
    pdfium = pytest.importorskip("pypdfium2")
    name, record = real
    from parsers.document import extract

    grid = extract((REAL / name).read_bytes(), media_type="application/pdf").text
    pdf = pdfium.PdfDocument(str(REAL / name))
    try:
        layer = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    per_line = "\n".join("\n".join("\t" + c for c in line.split("\t")) if "\t" in line else line
                         for line in grid.split("\n"))
    for text in (layer, per_line):
        parsed = parse_text(text).to_dict()
        assert parsed["tables"] == record["tables"]
        assert parsed["checks"] == record["checks"]
