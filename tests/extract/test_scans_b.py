"""OCR on scans from the second, independent generator (tests/scans_b), written without
reading the OCR code or the first generator: never a number other than the one printed (the
hard rule), and >= 99% of cells (not reached yet on one case: a strict xfail). Slow (OCR, about 9 s a page): a handful of seeds here,
the full measurement is bench/bench_scans_b.py."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from parsers import parse_bytes
from tests.extract.helpers import cells
from tests.scans_b import generate, judge, table_cells
from tests.scans_b.records import pick

# (kind, seed): seeds draw the record (even: varied numbers), the style and the damage.
CASES = [("scan", 2), ("seal", 4)]


def test_a_scan_is_image_only_and_its_truth_is_every_printed_cell() -> None:
    record = pick(0)
    scan = generate(record, 0, "scan")
    pdf = pdfium.PdfDocument(scan.data)
    assert len(pdf) == scan.pages >= 2
    assert all(not pdf[i].get_textpage().get_text_range().strip() for i in range(len(pdf)))
    assert scan.truth == cells(record["tables"]) and len(scan.truth) == 200
    assert generate(record, 0, "scan").data == scan.data  # a seed makes the same file


@pytest.fixture(scope="module", params=CASES, ids=[f"{k}-{s}" for k, s in CASES])
def verdict(request: pytest.FixtureRequest) -> tuple[str, dict]:
    """One independent scan read by OCR and judged cell by cell against what it prints."""
    kind, seed = request.param
    scan = generate(pick(seed), seed, kind)
    got = table_cells(parse_bytes(scan.data, url=scan.url).to_dict()["tables"])
    return f"{kind} seed {seed} ({scan.recipe})", judge(scan.truth, got, scan.ambiguous)


def test_ocr_never_reads_a_number_that_was_not_printed_there(verdict: tuple[str, dict]) -> None:
    name, cells_ = verdict
    assert cells_["wrong"] == [], f"{name}: wrong cells {cells_['wrong']}"


#: The cases that do not reach 99% yet: the open work of issue 18.
SHORT_OF_99 = {("scan", 2)}


def test_ocr_reads_99_percent_of_the_cells_printed_on_an_independent_scan(
        verdict: tuple[str, dict], request: pytest.FixtureRequest) -> None:
    if request.node.callspec.params["verdict"] in SHORT_OF_99:
        request.applymarker(pytest.mark.xfail(strict=True, reason=(
            "independent scans read 0% (faint toner) to 100% (office scans) of their cells, "
            "and this one stays under 99% (bench/bench_scans_b.py): the open work of issue 18")))
    name, cells_ = verdict
    total = sum(len(v) for v in cells_.values())
    assert len(cells_["exact"]) >= 0.99 * total, f"{name}: {len(cells_['exact'])}/{total} exact"
