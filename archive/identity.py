"""Who a report belongs to: agency names normalised so that trivial differences
(whitespace, full-width characters, a trailing 年度报告 fragment) do not split one agency."""

from __future__ import annotations

import re
import unicodedata

REPORT_KIND = "gov_info_disclosure"
_SPACE = re.compile(r"\s+")


def agency_key(agency: str) -> str:
    """The key reports are grouped under: NFKC-folded, without whitespace."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", agency or ""))
