"""The system of record: catalogue, blob store, ingest, versions, diffs, search, exports.

    >>> from archive import Archive
    >>> with Archive.open() as arc:
    ...     arc.ingest("https://example.gov.cn/ndbg/t1.html", status=200, body=b"...")
"""

from archive.core import Archive
from archive.errors import (
    BlobCorruptError,
    BlobMissingError,
    ConfigError,
    NianbaoError,
    NotFoundError,
)
from archive.ingest import IngestResult

__all__ = [
    "Archive",
    "BlobCorruptError",
    "BlobMissingError",
    "ConfigError",
    "IngestResult",
    "NianbaoError",
    "NotFoundError",
]
