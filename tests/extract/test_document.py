"""End to end: every sample, in every generated format, parses to the same cells as its
text version, and the record says which extractor read it."""

import pytest

from parsers import parse_bytes
from tests.extract.helpers import STEMS, cells

FORMATS = ["trs", "hanweb", "ucap", "pdf", "docx", "xlsx"]


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_parses_to_the_cells_of_the_text_version(make, reference, stem, fmt):
    record = parse_bytes(
        make(stem, fmt), media_type="application/octet-stream", url=f"https://x.gov.cn/{stem}.{fmt}"
    )
    assert cells(record.tables) == reference(stem)
    assert record.format == "2021"


def test_doc_parses_too(make, reference):
    stem = "003_ed60ee903ad4e3a2"
    assert cells(parse_bytes(make(stem, "doc")).tables) == reference(stem)


def test_the_record_says_how_it_was_read(make):
    record = parse_bytes(
        make("002_0587ca1cc9f7563f", "ucap"),
        media_type="text/html",
        url="https://www.bl.gov.cn/a.shtml",
    )
    src = record.source
    assert src["extractor"] == "html"
    assert src["extractor_version"].startswith("html/1 beautifulsoup4/")
    assert src["media_type"] == "text/html"
    assert src["url"] == "https://www.bl.gov.cn/a.shtml"
    assert src["title"] == "北仑区人民政府2024年度政府信息公开工作年度报告"
    assert src["published"] == "2025-01-20"
    assert src["attachments"] == [] and src["images"] == [] and src["body"] == "text"
    # the two real arithmetic errors of this sample survive every format
    assert [(c.rule, c.where) for c in record.checks if c.rule == "requests.balance"] == [
        ("requests.balance", "natural_person"),
        ("requests.balance", "research_institution"),
    ]
