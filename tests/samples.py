"""Where the vendored sample reports live: the one place tests look them up.

They are real published reports (see tests/fixtures/samples/README.md), checked into the
repository so that a clone alone runs every test; nothing reads files outside it.
"""

from __future__ import annotations

from pathlib import Path

#: tests/fixtures/samples: README.md, reports/, pdf/, portals/
SAMPLES = Path(__file__).resolve().parent / "fixtures" / "samples"
#: report texts (*.txt), extracted by three different methods
REPORTS = SAMPLES / "reports"
#: original published PDFs with a text layer
PDFS = SAMPLES / "pdf"
#: the real portal list that crawler/portals.toml was seeded from
PORTALS_CSV = SAMPLES / "portals" / "real-portals.csv"
