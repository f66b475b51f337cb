"""The system of record: catalogue, blob store, ingest, versions, diffs, search, exports.

    >>> from archive import Archive
    >>> with Archive.open() as arc:
    ...     arc.ingest("https://example.gov.cn/ndbg/t1.html", status=200, body=b"...")
"""

from typing import TYPE_CHECKING, Any

from archive.errors import (
    BlobCorruptError,
    BlobMissingError,
    ConfigError,
    NianbaoError,
    NotFoundError,
)

if TYPE_CHECKING:
    from archive.core import Archive
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


def __getattr__(name: str) -> Any:
    """`Archive` and `IngestResult` load the catalogue code (SQLAlchemy, Alembic) on first
    use, so a process that only needs `archive.errors` or `archive.config` stays light."""
    if name == "Archive":
        from archive.core import Archive

        return Archive
    if name == "IngestResult":
        from archive.ingest import IngestResult

        return IngestResult
    raise AttributeError(f"module 'archive' has no attribute {name!r}")
