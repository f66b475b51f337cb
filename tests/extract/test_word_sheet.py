"""Word and spreadsheet attachments: merged cells expanded to full grids."""

import pytest

from parsers import word
from parsers.document import extract
from parsers.limits import MissingTool
from tests.extract.helpers import STEMS, expected_grids


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_docx_and_xlsx_give_the_source_grids(make, docs, stem, fmt):
    ex = extract(make(stem, fmt), media_type="application/octet-stream")
    assert [t.padded() for t in ex.tables] == expected_grids(docs[stem])


@pytest.mark.parametrize("fmt", ["doc", "xls"])
def test_legacy_binary_formats(make, docs, fmt):
    stem = "002_0587ca1cc9f7563f"
    ex = extract(make(stem, fmt), media_type="application/octet-stream")
    got, want = [t.padded() for t in ex.tables], expected_grids(docs[stem])
    if fmt == "doc":
        assert ex.extractor == "doc" and "libreoffice/" in ex.extractor_version
        # LibreOffice re-lays the review table's top header one grid column off
        # (行政复议 4 wide, 行政诉讼 11); every other row is as written
        got[2], want[2] = got[2][1:], want[2][1:]
    assert got == want


def test_doc_without_libreoffice_is_a_clear_missing_tool_error(make, monkeypatch):
    data = make("002_0587ca1cc9f7563f", "doc")
    monkeypatch.setattr(word, "soffice", lambda: None)
    with pytest.raises(MissingTool, match="needs LibreOffice"):
        extract(data)
