"""Fixtures for the extraction tests: real documents generated from the sample reports
(tests/fixtures/make_fixtures.py), made once per session and cached in a temp folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from parsers import parse_text
from tests.extract.helpers import cells
from tests.fixtures import make_fixtures as mf
from tests.samples import REPORTS


@pytest.fixture(scope="session")
def docs() -> dict[str, mf.ReportDoc]:
    """Each sample report read into title, paragraphs and the three template tables."""
    return {d.stem: d for d in mf.samples()}


# reportlab settings that change a generated PDF's bytes. They are process-wide, and other
# tests' file makers change them without putting them back (tests/crawler/world/county_files.py
# sets useA85 = 0 for good: the sample PDFs then lose about 15% of their size, and
# test_an_oversized_document_is_refused_before_reading's 10,000-byte limit no longer refuses
# a 10,511-byte sample). The sample files are made with reportlab's own defaults whatever ran
# before in the worker.
PDF_SETTINGS = ("useA85", "pageCompression", "invariant")


@contextmanager
def reportlab_defaults() -> Iterator[None]:
    """reportlab's default PDF_SETTINGS while generating, then whatever was set before."""
    from reportlab import rl_config, rl_settings

    saved = {k: getattr(rl_config, k) for k in PDF_SETTINGS}
    for k in PDF_SETTINGS:
        setattr(rl_config, k, getattr(rl_settings, k))
    try:
        yield
    finally:
        for k, v in saved.items():
            setattr(rl_config, k, v)


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
                with reportlab_defaults():
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
            text = (REPORTS / f"{stem}.txt").read_text(encoding="utf-8")
            cache[stem] = cells(parse_text(text).tables)
        return cache[stem]

    return ref
