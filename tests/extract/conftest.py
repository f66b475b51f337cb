"""Fixtures for the extraction tests: real documents generated from the sample reports
(tests/fixtures/make_fixtures.py), made once per session and cached in a temp folder."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from parsers import parse_text
from tests.extract.helpers import cells
from tests.fixtures import make_fixtures as mf


@pytest.fixture(scope="session")
def docs() -> dict[str, mf.ReportDoc]:
    """Each sample report read into title, paragraphs and the three template tables."""
    return {d.stem: d for d in mf.samples()}


@pytest.fixture(scope="session")
def make(tmp_path_factory: pytest.TempPathFactory, docs: dict) -> Callable[[str, str], bytes]:
    """make(stem, fmt) -> bytes of that sample in that format, generated once and cached."""
    folder = tmp_path_factory.mktemp("generated")

    def build(stem: str, fmt: str) -> bytes:
        path = folder / f"{stem}.{fmt}"
        if not path.exists():
            doc = docs[stem]
            if fmt in mf.CMS_TEMPLATES:
                data = mf.make_html(doc, fmt)
            elif fmt == "pdf":
                data = mf.make_pdf(doc)
            elif fmt == "docx":
                data = mf.make_docx(doc)
            elif fmt == "xlsx":
                data = mf.make_xlsx(doc)
            elif fmt == "doc":
                if not mf.soffice():
                    pytest.skip("LibreOffice is not installed (Debian: libreoffice-writer-nogui)")
                data = mf.convert_with_libreoffice(build(stem, "docx"), ".docx", "doc")
            elif fmt == "xls":
                if not mf.soffice():
                    pytest.skip("LibreOffice is not installed (Debian: libreoffice-calc-nogui)")
                data = mf.convert_with_libreoffice(build(stem, "xlsx"), ".xlsx", "xls")
            elif fmt == "scan.pdf":
                data = mf.make_scan(build(stem, "pdf"), seed=1)  # type: ignore[assignment]
            else:
                raise ValueError(fmt)
            path.write_bytes(data)
        return path.read_bytes()

    return build


@pytest.fixture(scope="session")
def reference() -> Callable[[str], dict]:
    """The cells parse_text reads from a sample's own text: what every format must match."""
    cache: dict[str, dict] = {}

    def ref(stem: str) -> dict:
        if stem not in cache:
            text = (mf.SAMPLES / "reports" / f"{stem}.txt").read_text(encoding="utf-8")
            cache[stem] = cells(parse_text(text).tables)
        return cache[stem]

    return ref
