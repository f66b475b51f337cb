"""OFD (GB/T 33190) reports: the real published PDFs converted to OFD read to the same
record as the PDFs themselves; character placement follows DeltaX (`g` repeats) and CTM;
broken and hostile packages give one readable line; an OFD is recognised by its content.
The OFDs are written by tests/extract/ofd_writer.py from what pypdfium2 reads out of the
PDFs (characters, font sizes, path objects), as a PDF-to-OFD converter would."""

from __future__ import annotations

import io
import zipfile

import pytest

from parsers import parse_bytes
from parsers.document import extract
from parsers.limits import DEFAULT_LIMITS, ExtractionError, Malformed, TooLarge, ZipBomb
from parsers.sniff import OFD, sniff
from tests.extract.helpers import STEMS, cells, expected_grids
from tests.extract.ofd_writer import NS, OfdWriter, from_pdf
from tests.fixtures import make_fixtures as mf
from tests.samples import PDFS as REAL

NAMES = sorted(p.name for p in REAL.glob("*.pdf"))
PAGE = "Doc_0/Pages/Page_0/Content.xml"


@pytest.fixture(scope="module")
def converted() -> dict[str, bytes]:
    """Each real PDF converted to OFD once for the module."""
    return {name: from_pdf((REAL / name).read_bytes(), title=name) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_a_real_report_converted_to_ofd_reads_as_its_pdf(converted, name):
    pdf = parse_bytes((REAL / name).read_bytes(), url=f"https://www.huaian.gov.cn/{name}")
    ofd = parse_bytes(converted[name], url=f"https://www.huaian.gov.cn/{name[:-4]}.ofd")
    want, got = pdf.to_dict(), ofd.to_dict()
    assert got["tables"] == want["tables"]
    assert got["checks"] == want["checks"]
    assert len(cells(got["tables"])) >= 186  # every printed cell of the three tables
    assert got["source"]["extractor"] == "ofd"
    assert got["source"]["extractor_version"].startswith("ofd/1 lxml/")
    assert got["source"]["media_type"] == OFD
    assert got["source"]["pages"] == want["source"]["pages"]


@pytest.mark.usefixtures("cjk_font")
@pytest.mark.parametrize("stem", STEMS)
def test_generated_reports_converted_to_ofd_give_the_source_tables(make, docs, stem):
    """The five sample reports as reportlab PDFs, converted: the generator's own grids."""
    ex = extract(from_pdf(make(stem, "pdf")), url=f"https://www.gov.cn/{stem}.ofd")
    assert ex.extractor == "ofd" and ex.ocr_pages == 0
    assert [t.padded() for t in ex.tables] == expected_grids(docs[stem])
    assert "- 2 -" not in ex.text  # page footers


def test_page_footers_are_dropped_and_tables_keep_their_cells(converted):
    """As for the PDF: the rowspan label 三、本年度办理结果 sits in its own cell, and the
    page footer - 3 - that cuts through the table is gone."""
    text = extract(converted["12_hongze_2023.pdf"], url="https://www.hongze.gov.cn/a.ofd").text
    assert (
        "三、本年度办理结果\t（四）无法提供\t2.没有现成信息需要另行制作\t3\t0\t0\t0\t0\t0\t3"
        in text
    )
    assert "- 3 -" not in text


def test_scaled_and_translated_text_reads_the_same(converted):
    """Every TextObject written with its Boundary at the page's corner, its CTM scaling by
    2.5 and moving it into place: X, Y, DeltaX and Size are all in the scaled space, the
    record is not changed by it."""
    name = "13_hongze_2024.pdf"

    def by_ctm(box: list[float]) -> tuple[list[float], float, float, float]:
        return [0.0, 0.0, 210.0, 297.0], 2.5, box[0] + 1.5, box[1] - 2.0

    data = from_pdf((REAL / name).read_bytes(), text_ctm=by_ctm)
    page = zipfile.ZipFile(io.BytesIO(data)).read("Doc_0/Pages/Page_1/Content.xml").decode()
    assert 'Boundary="0 0 210 297"' in page and 'CTM="2.5 0 0 2.5 ' in page
    assert 'DeltaX="g ' in page
    got = parse_bytes(data, url="https://www.hongze.gov.cn/r.ofd").to_dict()
    assert got["tables"] == parse_bytes(converted[name], url="https://x/r.ofd").to_dict()["tables"]


def _ruled(text_objects: list[dict]) -> bytes:
    """One page with a 2-row x 2-column ruled table (cells 20-120-190 mm by 30-45-60 mm)
    and the given TextObjects."""
    w = OfdWriter()
    layer = w.page(210, 297)
    # outer frame as one stroked rectangle, inner rules as thin filled bars
    w.path(layer, "M 0 0 L 170 0 L 170 30 L 0 30 C", boundary=(20, 30, 170, 30), line_width=0.5)
    w.path(
        layer,
        "M 0 0 L 170 0 L 170 0.3 L 0 0.3 C",
        boundary=(20, 45, 170, 0.3),
        stroke=False,
        fill=True,
    )
    w.path(
        layer,
        "M 0 0 L 0.3 0 L 0.3 30 L 0 30 C",
        boundary=(120, 30, 0.3, 30),
        stroke=False,
        fill=True,
    )
    for obj in text_objects:
        w.text(layer, **obj)
    return w.to_bytes()


def test_deltax_repeats_and_ctm_place_characters_in_their_cells():
    data = _ruled(
        [
            # label: 12 characters 4.2 mm apart, written as "g 11 4.2"
            dict(
                x=0,
                y=4,
                chars="新收政府信息公开申请数量",
                size=4.2,
                delta_x=[4.2] * 11,
                boundary=(22, 34, 95, 8),
            ),
            # value drawn at half size and moved by the CTM: 2 x (70, 5) + (8, 2) = (148, 12)
            # inside the boundary at (0, 30) -> the right-hand cell of row 1
            dict(
                x=70,
                y=5,
                chars="585",
                size=2.1,
                delta_x=[1.05, 1.05],
                boundary=(0, 30, 190, 15),
                ctm=(2, 0, 0, 2, 8, 2),
            ),
            dict(
                x=0,
                y=4,
                chars="本年度办理结果",
                size=4.2,
                delta_x=[4.2] * 6,
                boundary=(22, 49, 95, 8),
            ),
            # DeltaX shorter than the text: the last step repeats
            dict(x=0, y=4, chars="1,024", size=4.2, delta_x=[2.1], boundary=(150, 49, 30, 8)),
        ]
    )
    content = zipfile.ZipFile(io.BytesIO(data)).read(PAGE).decode()
    assert 'DeltaX="g 11 4.2"' in content
    ex = extract(data, url="https://www.gov.cn/t.ofd")
    assert [t.rows for t in ex.tables] == [
        [["新收政府信息公开申请数量", "585"], ["本年度办理结果", "1,024"]]
    ]


def _error(data: bytes, url: str = "https://www.gov.cn/r.ofd", **limits: float) -> ExtractionError:
    with pytest.raises(ExtractionError) as info:
        parse_bytes(data, url=url, limits=DEFAULT_LIMITS.with_(**limits))
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message and len(message) < 300
    return info.value


def _doc() -> OfdWriter:
    w = OfdWriter(title="测试")
    for k in range(3):
        layer = w.page(210, 297)
        w.text(layer, 20, 30, f"第{k + 1}页正文", size=4.2, delta_x=[4.2, 2.1, 4.2, 4.2])
    return w


@pytest.mark.parametrize(
    ("make", "error", "says"),
    [
        (lambda w: b"PK\x03\x04" + b"\x00" * 200, Malformed, "not a readable zip"),
        (
            lambda w: w.to_bytes(drop=["Doc_0/Pages/Page_1/Content.xml"]),
            Malformed,
            "Page_1/Content.xml",
        ),
        (lambda w: w.to_bytes(drop=["OFD.xml"]), Malformed, "OFD.xml"),
        (
            lambda w: w.to_bytes(swap={PAGE: b"<ofd:Page xmlns:ofd='x'><ofd:Content>"}),
            Malformed,
            "not well-formed",
        ),
        (
            lambda w: w.to_bytes(swap={"OFD.xml": f"<ofd:OFD xmlns:ofd='{NS}'/>".encode()}),
            Malformed,
            "DocRoot",
        ),
        (
            lambda w: w.to_bytes(
                swap={"Doc_0/Document.xml": f"<ofd:Document xmlns:ofd='{NS}'/>".encode()}
            ),
            Malformed,
            "no pages",
        ),
        (
            lambda w: w.to_bytes(swap={PAGE: _page_with(boundary="20 30 a b")}),
            Malformed,
            "Boundary",
        ),
        (lambda w: w.to_bytes(swap={PAGE: _page_with(delta_x="g x 4.2")}), Malformed, "DeltaX"),
        (
            lambda w: w.to_bytes(swap={"Doc_0/Res/filler.xml": b" " * 20_000_000}),
            ZipBomb,
            "inflates",
        ),
    ],
    ids=[
        "not-a-zip",
        "missing-page",
        "no-entry-file",
        "broken-xml",
        "no-docroot",
        "no-pages",
        "bad-boundary",
        "bad-deltax",
        "zip-bomb",
    ],
)
def test_broken_or_hostile_ofds_give_one_readable_line(make, error, says):
    exc = _error(make(_doc()))
    assert isinstance(exc, error) and says in str(exc)


def _page_with(boundary: str = "20 30 50 8", delta_x: str = "4.2") -> bytes:
    """A page's Content.xml with one TextObject, written by hand to carry bad values."""
    return (
        f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="1">'
        f'<ofd:TextObject ID="2" Boundary="{boundary}" Font="1" Size="4.2">'
        f'<ofd:TextCode X="0" Y="4" DeltaX="{delta_x}">正文</ofd:TextCode></ofd:TextObject>'
        "</ofd:Layer></ofd:Content></ofd:Page>"
    ).encode()


def test_too_many_pages_is_refused_before_reading_them():
    exc = _error(_doc().to_bytes(), max_pages=2)
    assert isinstance(exc, TooLarge) and "3 pages" in str(exc)


def test_entities_are_not_expanded_and_files_not_read():
    """An external entity naming a local file, and nested entities (billion laughs): the
    parser resolves neither, so the page reads as if they were absent."""
    evil = (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY f SYSTEM "file:///etc/passwd">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="1">'
        '<ofd:TextObject ID="2" Boundary="20 30 150 8" Font="1" Size="4.2">'
        '<ofd:TextCode X="0" Y="4" DeltaX="g 30 4.2">正文&f;&c;结束</ofd:TextCode></ofd:TextObject>'
        "</ofd:Layer></ofd:Content></ofd:Page>"
    ).encode()
    text = extract(_doc().to_bytes(swap={PAGE: evil}), url="https://x/r.ofd").text
    assert "正文结束" in text and "root:" not in text and "aaa" not in text


def test_a_huge_repeat_count_in_deltax_does_not_allocate_it():
    data = _doc().to_bytes(swap={PAGE: _page_with(delta_x="g 4000000000 4.2")})
    assert "正文" in extract(data, url="https://x/r.ofd").text


@pytest.mark.parametrize(
    ("media_type", "url"),
    [
        ("application/octet-stream", "https://www.gov.cn/download?id=42"),
        (None, "https://www.gov.cn/files/report.ofd"),
        ("application/zip", None),
    ],
)
def test_an_ofd_is_recognised_by_its_content(converted, media_type, url):
    data = converted["13_hongze_2024.pdf"]
    assert sniff(data, media_type, url) == OFD
    record = parse_bytes(data, media_type=media_type, url=url)
    assert record.source["extractor"] == "ofd"
    assert record.tables["requests"]["new"]["total"] == 95


def test_an_ofd_without_ofd_xml_is_still_an_ofd_by_its_url():
    data = _doc().to_bytes(drop=["OFD.xml"])
    assert sniff(data, None, "https://x/r.ofd") == OFD


def test_a_scanned_ofd_page_goes_to_ocr():
    """A page that is only an image (a scanned OFD) is OCRed, placed where the page draws
    it: the printed numbers of the table on page 2 of the 2024 report are read."""
    pytest.importorskip("rapidocr_onnxruntime")
    import parsers.ocr as ocr

    png = mf.make_scan((REAL / "13_hongze_2024.pdf").read_bytes(), pages=[1], seed=4, as_pdf=False)[
        0
    ]
    w = OfdWriter()
    w.image(w.page(210, 297), png, (0, 0, 210, 297))
    ex = extract(w.to_bytes(), url="https://x/scan.ofd")
    assert ex.extractor == "ocr" and ex.ocr_pages == 1
    assert ex.extractor_version.startswith("ofd/1 lxml/") and ocr.VERSION in ex.extractor_version
    printed = [[c for c in r if c] for t in ex.tables for r in t.rows]  # label, then values
    rows = {r[0]: r[1:] for r in printed if len(r) > 1}
    assert rows["规章"] == ["0", "0", "0"] and rows["行政许可"][0] == "9487"
    assert "政府信息管理" in ex.text and "运用第三方检测平台" in ex.text
