"""Limits on what extraction will read, as data, and the typed errors for bad input.

Every extractor takes a `Limits` and raises an `ExtractionError` subclass (one readable
line naming the problem) instead of running out of time or memory:

    >>> from parsers.limits import DEFAULT_LIMITS, Limits
    >>> small = Limits(max_bytes=1_000_000)      # a stricter copy for a batch job
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Limits:
    """Bounds on input size, work and memory; frozen so one instance can be shared."""

    max_bytes: int = 100 * 1024 * 1024  # any document, as fetched
    max_html_bytes: int = 20 * 1024 * 1024  # an HTML page (real report pages are < 2 MB)
    max_pages: int = 300  # PDF pages read
    max_ocr_pages: int = 60  # scanned pages sent to OCR
    max_image_pixels: int = 60_000_000  # one page image (A4 at 600 dpi is ~35 Mpx)
    max_render_pixels: int = 12_000_000  # a PDF page rendered for OCR
    max_unzipped_bytes: int = 300 * 1024 * 1024  # DOCX/XLSX: sum of member sizes
    max_zip_ratio: float = 200.0  # DOCX/XLSX: uncompressed / compressed size
    max_zip_members: int = 5_000
    max_archive_members: int = 200  # documents read from one ZIP/RAR/7z attachment
    max_archive_depth: int = 2  # an archive, and archives inside it down to this level
    max_table_cells: int = 200_000  # one table grid, after rowspan/colspan expansion
    max_span: int = 1_000  # a single rowspan or colspan
    max_sheet_cells: int = 500_000  # one spreadsheet
    max_seconds: float = 300.0  # wall time for one document (checked between pages)
    max_text_chars: int = 5_000_000  # extracted text handed to the parser
    convert_timeout: float = 120.0  # LibreOffice conversion of one .doc/.wps

    def with_(self, **changes: float) -> Limits:
        """A copy with some limits changed: `DEFAULT_LIMITS.with_(max_bytes=1024)`."""
        return replace(self, **changes)


DEFAULT_LIMITS = Limits()


class ExtractionError(Exception):
    """Bad or unreadable input. `code` is stable and machine-readable; str() is one line."""

    code = "extraction.failed"

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))


class UnsupportedType(ExtractionError):
    code = "extraction.unsupported"


class TooLarge(ExtractionError):
    code = "extraction.too_large"


class ZipBomb(TooLarge):
    code = "extraction.zip_bomb"


class ImageTooLarge(TooLarge):
    code = "extraction.image_too_large"


class TimeLimit(ExtractionError):
    code = "extraction.time_limit"


class IsArchive(UnsupportedType):
    """A ZIP, RAR or 7z attachment: it holds documents (parsers.archives), it is not one."""

    code = "extraction.archive"


class Malformed(ExtractionError):
    code = "extraction.malformed"


class Encrypted(ExtractionError):
    code = "extraction.encrypted"


class MissingTool(ExtractionError):
    """A reader the input needs is not installed (LibreOffice for .doc/.wps, OCR models)."""

    code = "extraction.missing_tool"


class Deadline:
    """A wall-clock budget: `check()` raises `TimeLimit` once it is spent."""

    def __init__(self, seconds: float, what: str = "document") -> None:
        self.seconds = seconds
        self.what = what
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise TimeLimit(f"{self.what}: gave up after {self.seconds:g} s (Limits.max_seconds)")


def check_size(data: bytes, limit: int, what: str, setting: str = "max_bytes") -> None:
    """Raise `TooLarge` when `data` is longer than `limit` bytes."""
    if len(data) > limit:
        raise TooLarge(
            f"{what} is {len(data):,} bytes, over the {limit:,} byte limit (Limits.{setting})"
        )
