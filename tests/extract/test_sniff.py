"""The type comes from the bytes: servers lie."""

import pytest

from parsers import sniff as s


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("pdf", s.PDF),
        ("docx", s.DOCX),
        ("xlsx", s.XLSX),
        ("trs", s.HTML),
        ("hanweb", s.HTML),
        ("ucap", s.HTML),
    ],
)
def test_generated_documents_are_recognised_whatever_the_server_says(make, fmt, expected):
    data = make("002_0587ca1cc9f7563f", fmt)
    assert s.sniff(data, media_type="application/octet-stream") == expected
    assert (
        s.sniff(data, media_type="text/html; charset=utf-8", url="https://x.gov.cn/a.doc")
        == expected
    )


def test_a_pdf_served_as_html_is_a_pdf():
    assert s.sniff(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", media_type="text/html") == s.PDF


def test_doc_is_told_from_its_ole_streams(make):
    data = make("000_d707c82d816c5970", "doc")
    assert s.sniff(data, media_type="application/octet-stream") == s.DOC
    assert s.sniff(data, url="https://x.gov.cn/report.wps") == s.WPS


def test_images_text_and_junk():
    assert s.sniff(b"\x89PNG\r\n\x1a\n....") == s.PNG
    assert s.sniff(b"\xff\xd8\xff\xe0..JFIF") == s.JPEG
    assert s.sniff("一、总体情况\n".encode("gbk")) == s.TEXT
    assert s.sniff(bytes(range(256)) * 4) == s.UNKNOWN
