"""Re-hash every stored blob against the catalogue: what is missing, what is corrupt, what
the store holds that the catalogue does not know."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from archive.catalogue.db import Catalogue
from archive.catalogue.models import Blob
from archive.errors import BlobCorruptError, BlobMissingError


@dataclass
class FsckReport:
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    corrupt: list[tuple[str, str]] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    temporary: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.corrupt


def fsck(arc: Catalogue, progress: Callable[[int, int], None] | None = None) -> FsckReport:
    """Read back and re-hash every blob the catalogue names; never modifies anything."""
    report = FsckReport()
    with arc.session() as s:
        digests = list(s.scalars(select(Blob.sha256).order_by(Blob.sha256)))
    for i, digest in enumerate(digests, 1):
        try:
            arc.store.get(digest)
        except BlobMissingError:
            report.missing.append(digest)
        except BlobCorruptError as exc:
            report.corrupt.append((digest, str(exc)))
        report.checked += 1
        if progress:
            progress(i, len(digests))
    known = set(digests)
    report.orphans = sorted(d for d in arc.store.digests() if d not in known)
    report.temporary = arc.store.temporary_files()
    return report
