"""The benchmarks' inputs: the sample reports vendored in tests/fixtures/samples (their one
home is tests/samples.py), or a clear stop when they are not there. Benchmarks put the
repository root on sys.path, then `from bench._samples import sample_files`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.samples import PDFS, REPORTS, SAMPLES

__all__ = ["PDFS", "REPORTS", "RESTORE", "SAMPLES", "sample_files"]

RESTORE = (f"they ship with the repository in {SAMPLES.relative_to(SAMPLES.parents[2])} "
           "(restore them with `git checkout -- tests/fixtures/samples`)")


def sample_files(folder: Path = REPORTS, pattern: str = "*.txt", fix: str = RESTORE) -> list[Path]:
    """The files of `folder` matching `pattern`, sorted; or exit 1 with one line naming the
    benchmark, the folder and `fix`, so that no benchmark measures an empty or made-up input."""
    found = sorted(folder.glob(pattern))
    if not found:
        bench = Path(sys.argv[0]).name or "benchmark"
        sys.exit(f"{bench}: no sample files ({pattern}) in {folder}; {fix}")
    return found
