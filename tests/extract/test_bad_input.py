"""Bad input: a typed, one-line error (or an unknown record) within bounded time and
memory, never a crash. Limits are data; tests lower them instead of allocating 200 MB."""

import struct
import zlib

import pytest

from parsers.document import extract
from parsers.limits import (
    DEFAULT_LIMITS,
    Encrypted,
    ExtractionError,
    ImageTooLarge,
    Malformed,
    TimeLimit,
    TooLarge,
    UnsupportedType,
    ZipBomb,
)
from tests.fixtures import make_fixtures as mf


def one_line(exc: pytest.ExceptionInfo) -> str:
    msg = str(exc.value)
    assert "\n" not in msg and len(msg) < 300
    return msg


def test_default_limits_refuse_a_200_mb_attachment_and_a_50_mb_page():
    assert DEFAULT_LIMITS.max_bytes < 200 * 1024 * 1024
    assert DEFAULT_LIMITS.max_html_bytes < 50 * 1024 * 1024


def test_an_oversized_document_is_refused_before_reading(make):
    with pytest.raises(TooLarge) as exc:
        extract(make("000_d707c82d816c5970", "pdf"), limits=DEFAULT_LIMITS.with_(max_bytes=10_000))
    assert "Limits.max_bytes" in one_line(exc)


def test_an_oversized_html_page_is_refused(make):
    with pytest.raises(TooLarge, match="max_html_bytes"):
        extract(
            make("000_d707c82d816c5970", "trs"), limits=DEFAULT_LIMITS.with_(max_html_bytes=20_000)
        )


def test_truncated_pdf(make):
    data = make("001_d24b5322b0421a36", "pdf")
    with pytest.raises(ExtractionError) as exc:
        extract(data[: len(data) // 3])
    assert isinstance(exc.value, Malformed)
    one_line(exc)


def test_garbage_after_a_pdf_header():
    with pytest.raises(Malformed) as exc:
        extract(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    assert "PDF" in one_line(exc)


def test_encrypted_pdf():
    import io

    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    c.drawString(100, 700, "annual report")
    c.save()
    with pytest.raises(Encrypted) as exc:
        extract(buf.getvalue())
    assert "password" in one_line(exc)


def test_zip_bomb_disguised_as_docx():
    bomb = mf.zip_bomb_docx(unzipped=64 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ZipBomb) as exc:
        extract(bomb, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                limits=DEFAULT_LIMITS.with_(max_unzipped_bytes=32 * 1024 * 1024))  # fmt: skip
    assert "inflates" in one_line(exc)
    with pytest.raises(ZipBomb, match="max_zip_ratio"):
        extract(bomb)  # 64 MB of spaces packs ~1000x


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 100))
        + chunk(b"IEND", b"")
    )


def test_a_20000_by_20000_image_is_refused_from_its_header():
    with pytest.raises(ImageTooLarge) as exc:
        extract(_png_header(20_000, 20_000), media_type="image/png")
    assert "20,000" in one_line(exc) or "too large" in one_line(exc)


def test_a_broken_image():
    with pytest.raises(Malformed):
        extract(_png_header(800, 600)[:40], media_type="image/png")


def test_unknown_binary_is_unsupported():
    with pytest.raises(UnsupportedType):
        extract(bytes(range(256)) * 10, media_type="application/pdf")


def test_the_time_limit_is_checked_between_pages(make):
    with pytest.raises(TimeLimit, match="max_seconds"):
        extract(make("000_d707c82d816c5970", "pdf"), limits=DEFAULT_LIMITS.with_(max_seconds=0.0))


def test_a_page_too_large_to_render_for_ocr_is_rendered_smaller():
    from parsers.ocr import DPI

    assert DPI >= 150


def test_wrong_encodings_never_crash():
    page = "<html><head><meta charset='big5'></head><body><div class='TRS_Editor'><p>一、总体情况</p></div></body></html>"
    for data in (
        page.encode("gbk"),
        page.encode("utf-16"),
        page.encode("gbk")[:-7] + b"\xff\xfe\xfa",
    ):
        ex = extract(data, media_type="text/html; charset=shift_jis")
        assert ex.extractor == "html"
    assert "一、总体情况" in extract(page.encode("gbk")).text
