"""A page is read in the charset it declares, even with a few damaged bytes; the damage is
a check on the record, and a page that really is in another charset is still recognised."""

from parsers import parse_bytes
from parsers.charset import decode_text
from tests.fixtures import make_fixtures as mf

STEM = "002_0587ca1cc9f7563f"


def _damaged(page: bytes, at: bytes, junk: bytes = b"\xff") -> bytes:
    """`page` with `junk` inserted right after the first occurrence of `at`."""
    i = page.index(at) + len(at)
    return page[:i] + junk + page[i:]


def test_one_invalid_byte_in_a_utf8_page_is_read_as_utf8_with_the_damage_recorded(docs):
    page = mf.make_html(docs[STEM]).replace(b"<head>", b'<head><meta charset="utf-8">', 1)
    clean = parse_bytes(page, url="https://www.bl.gov.cn/2024.html")
    broken = parse_bytes(_damaged(page, "五、存在的主要问题".encode()),
                         media_type="text/html; charset=utf-8", url="https://www.bl.gov.cn/2024.html")
    assert broken.format == "2021" and broken.agency == clean.agency == "北仑区人民政府"
    assert broken.tables == clean.tables
    damaged = broken.failing("text.damaged")
    assert [(c.where, c.detail) for c in damaged] == [
        ("utf-8", "1 invalid byte sequence in utf-8 replaced with U+FFFD")]
    assert "encoding: utf-8" in broken.source["notes"]
    assert not clean.failing("text.damaged")


def test_a_declared_gbk_page_with_a_bad_byte_stays_gbk():
    text = "北仑区人民政府2024年度政府信息公开工作年度报告。本年新收申请585件。"
    data = _damaged(text.encode("gbk"), "报告".encode("gbk"), b"\xff")
    got = decode_text(data, "text/html; charset=GB2312")
    assert got.encoding == "gb18030" and got.damaged == 1
    assert got.text.startswith("北仑区人民政府2024年度") and got.text.endswith("本年新收申请585件。")


def test_gbk_under_a_utf8_declaration_is_not_read_as_damaged_utf8():
    text = "北仑区人民政府2024年度政府信息公开工作年度报告" * 5
    got = decode_text(text.encode("gbk"), "text/html; charset=utf-8")
    assert (got.text, got.encoding, got.damaged) == (text, "gb18030", 0)


def test_undeclared_utf8_with_a_damaged_byte_is_not_mojibake():
    text = "宁波市北仑区人民政府2024年政府信息公开工作年度报告，一、总体情况。" * 20
    data = _damaged(text.encode(), "总体".encode())
    got = decode_text(data)
    assert got.encoding == "utf-8" and got.damaged == 1
    assert got.text.replace("\ufffd", "") == text
