"""A report published as a series of scanned page images inside an article: the page says
it holds only images, the images are fetched as its children, and when the crawl is done the
archive reads them by OCR into one record filed under the page."""

from __future__ import annotations

import json

import pytest

from archive import Archive
from archive.config import Settings
from archive.reports import find_report, get_version
from tests.fixtures import make_fixtures as mf
from tests.fixtures import scans as scan_fonts

pytest.importorskip("rapidocr_onnxruntime", reason="OCR extra not installed (nianbao[ocr])")

PAGE = "https://www.example.gov.cn/xxgk/ndbg/202503/t20250331_7.html"


@pytest.mark.slow
def test_image_only_report_is_read_by_ocr_after_its_images_arrive(
        sqlite_settings: Settings) -> None:
    if scan_fonts.font_missing("song"):
        pytest.skip(scan_fonts.font_missing("song"))
    doc = next(d for d in mf.samples() if d.stem.startswith("000"))
    scans = scan_fonts.make(doc, scan_fonts.Style(font="song", dpi=200), as_pdf=False)
    image_urls = [f"https://www.example.gov.cn/xxgk/ndbg/202503/W0202503{i}.png"
                  for i in range(len(scans))]
    html = mf.make_image_page(doc.title, n=len(scans)).decode()
    for i, url in enumerate(image_urls, 1):
        html = html.replace(f"../../images/2025/p{i}.jpg", url)

    with Archive.open(sqlite_settings) as arc:
        arc.ingest(PAGE, status=200, body=html.encode(), role="report",
                   response_headers={"Content-Type": "text/html; charset=utf-8"})
        for url, png in zip(image_urls, scans, strict=True):
            arc.ingest(url, status=200, body=png, role="image", parent_url=PAGE,
                       response_headers={"Content-Type": "image/png"})
        arc.drain()  # what the end of a crawl does
        with arc.session() as s:
            record = get_version(s, find_report(s, PAGE)).record
    expected = json.loads((mf.Path(__file__).resolve().parent.parent / "fixtures" / "expected"
                           / f"{doc.stem}.json").read_text(encoding="utf-8"))
    assert record["source"]["extractor"] == "ocr"
    assert (record["agency"], record["year"]) == (expected["agency"], expected["year"])
    got, want = record["tables"]["requests"], expected["tables"]["requests"]
    pairs = [(got[r][c], v) for r, row in want.items() for c, v in row.items()]
    assert [(g, w) for g, w in pairs if g is not None and g != w] == []  # never a wrong number
    assert sum(g == w for g, w in pairs) >= 0.35 * len(pairs)  # 40% on 2026-12-07 (issue 18)
