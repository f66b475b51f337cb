"""An archive whose process dies abruptly (as under an out-of-memory kill) on its third batch
of fetches: `NIANBAO_ARCHIVE_FACTORY=tests.crawler.dying_archive:DyingArchive.open`."""

from __future__ import annotations

import os
from typing import Any

from archive.core import Archive


class DyingArchive(Archive):
    batches = 0

    def ingest_many(self, calls: list[dict[str, Any]]) -> list[Any]:
        DyingArchive.batches += 1
        if DyingArchive.batches == 3:
            os._exit(3)
        return super().ingest_many(calls)
