"""Fixed-layout documents (PDF, OFD): the extraction built from their pages' geometry, with
the OCR that read any scanned page named in its version."""

from __future__ import annotations

from typing import Any

from parsers.document import Extraction
from parsers.geometry import layout_pages
from parsers.limits import Limits


def laid_out(pages: list[Any], scanned: list[int], *, extractor: str, version: str,
             media_type: str, title: str | None, limits: Limits) -> Extraction:
    """The extraction of a fixed-layout document (PDF, OFD) from its pages' geometry: its
    blocks laid out, the OCR named in its version when pages were scanned, and `ocr` as
    its extractor when every page was."""
    if scanned:
        from parsers.ocr import VERSION as OCR_VERSION
        from parsers.ocr import ocr_library

        version += f" {OCR_VERSION} {ocr_library()}"
    return Extraction(
        extractor="ocr" if scanned and len(scanned) == len(pages) else extractor,
        extractor_version=version,
        media_type=media_type,
        blocks=layout_pages(pages, limits.max_table_cells),
        title=title,
        pages=len(pages),
        ocr_pages=len(scanned),
        notes=[f"scanned pages: {', '.join(str(i + 1) for i in scanned)}"] if scanned else [],
    )
