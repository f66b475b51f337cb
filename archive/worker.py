"""What a parse worker process runs: bytes to a record, or the one-line reason they could not
be read (a bad document must never stop ingest). It imports nothing but the parsers, so a
worker spawned by `archive.parsing` starts without loading the catalogue."""

from __future__ import annotations

from typing import Any


def parse_to_dict(data: bytes, media_type: str | None, url: str | None) -> dict[str, Any] | str:
    """The record of some bytes, or the one-line reason they could not be parsed."""
    import parsers

    try:
        return parsers.parse_bytes(data, media_type=media_type, url=url).to_dict()
    except Exception as exc:  # a bad document must never stop ingest
        return f"{type(exc).__name__}: {exc}"


def ocr_pages_to_dict(pages: list[bytes], url: str | None, title: str | None) -> dict[str, Any] | str:
    """The record of a report published as page images (OCR), or why it could not be read."""
    try:
        from parsers.document import to_record
        from parsers.ocr import extract_images

        extraction = extract_images(pages)
        extraction.title = extraction.title or title
        return to_record(extraction, url=url).to_dict()
    except Exception as exc:  # no OCR installed, unreadable images, limits
        return f"{type(exc).__name__}: {exc}"
