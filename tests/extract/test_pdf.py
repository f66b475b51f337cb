"""Text PDFs: ruled tables rebuilt from geometry, page footers dropped, split tables joined."""

import pytest

from parsers import parse_bytes
from parsers.document import extract
from tests.extract.helpers import STEMS, expected_grids
from tests.samples import PDFS as REAL


@pytest.mark.usefixtures("cjk_font")
@pytest.mark.parametrize("stem", STEMS)
def test_generated_pdfs_give_the_same_grids_as_the_source_tables(make, docs, stem):
    ex = extract(make(stem, "pdf"))
    assert ex.extractor == "pdf" and ex.ocr_pages == 0
    assert [t.padded() for t in ex.tables] == expected_grids(docs[stem])
    assert "- 2 -" not in ex.text  # page footers


def test_a_table_split_over_two_pages_is_one_table(make):
    # reportlab breaks the requests table across pages 2 and 3 of this sample
    ex = extract(make("002_0587ca1cc9f7563f", "pdf"))
    assert ex.pages == 4
    assert [len(t.rows) for t in ex.tables] == [14, 28, 4]


@pytest.mark.parametrize(
    ("name", "new_total", "handled_total", "review_total"),
    [
        ("10_huaian_szf_2024.pdf", 3119, 3050, 351),
        ("12_hongze_2023.pdf", 21, 21, 0),
        ("13_hongze_2024.pdf", 95, 95, 2),
    ],
)
def test_real_wps_pdfs(name, new_total, handled_total, review_total):
    record = parse_bytes((REAL / name).read_bytes(), url=f"https://www.huaian.gov.cn/{name}")
    req = record.tables["requests"]
    assert req["new"]["total"] == new_total
    assert req["total_handled"]["total"] == handled_total
    assert record.tables["review_litigation"]["review"]["total"] == review_total
    assert record.source["extractor"] == "pdf"
    assert record.source["extractor_version"].startswith("pdf/1 pypdfium2/")


def test_real_wps_pdf_labels_land_in_their_own_cells():
    """WPS writes the vertical label 三、本年度办理结果 after the numbers in the text stream;
    geometry puts it back in its rowspan cell, and a page break inside it is bridged."""
    text = extract((REAL / "12_hongze_2023.pdf").read_bytes()).text
    assert (
        "三、本年度办理结果\t（四）无法提供\t2.没有现成信息需要另行制作\t3\t0\t0\t0\t0\t0\t3"
        in text
    )
    assert "三、本年度办理结果\t（四）无法提供\t3.补正后申请内容仍不明确\t0" in text
    assert "- 3 -" not in text
