"""An archive holding the sample reports, filed the way a crawl files them, on SQLite and on
PostgreSQL (the `arc` fixture runs every test on both)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.samples import REPORTS as SAMPLE_REPORTS

REPORTS = sorted(SAMPLE_REPORTS.glob("*.txt"))

#: Where each sample's agency sits: (portal key, region, level).
PORTALS = {
    "北仑": ("beilun", "浙江省宁波市", "county"),
    "北关": ("beiguan", "河南省安阳市", "county"),
    "孟津": ("mengjin", "河南省洛阳市", "county"),
}
BEILUN_URL = "https://www.bl.gov.cn/art/2025/1/20/art_1229_5.html"
#: A sentence the publisher added to 北仑's report later (a second version).
ADDED = "本年度新增政务公开示范点建设。"


def portal_of(text: str) -> tuple[str, str, str]:
    return next(p for name, p in PORTALS.items() if name in text.split("年")[0])


def ingest_samples(arc: Any) -> None:
    """File every sample report (HTML-free text) under its portal."""
    for i, path in enumerate(REPORTS):
        body = path.read_bytes()
        key, region, level = portal_of(body.decode("utf-8"))
        arc.ensure_portal(key, name=key, region=region, level=level)
        url = BEILUN_URL if key == "beilun" else f"https://www.{key}.gov.cn/ndbg/{i}.html"
        arc.ingest(url, status=200, body=body, role="report", portal_key=key,
                   response_headers={"Content-Type": "text/plain; charset=utf-8"},
                   fetched_at=datetime(2025, 2, 1, tzinfo=UTC))


def republish_beilun(arc: Any) -> None:
    """北仑 edits its report: one sentence more, so the report gets a version 2."""
    path = next(p for p in REPORTS if "北仑" in p.read_text(encoding="utf-8")[:200])
    text = path.read_text(encoding="utf-8")
    text = text.replace("（二）依申请公开。", ADDED + "（二）依申请公开。", 1)
    text = text.replace("强化“以查促改”", "强化“以查促建”", 1)
    arc.ingest(BEILUN_URL, status=200, body=text.encode("utf-8"), role="report",
               portal_key="beilun", response_headers={"Content-Type": "text/plain; charset=utf-8"},
               fetched_at=datetime(2025, 3, 1, tzinfo=UTC))


@pytest.fixture
def samples(arc: Any) -> Any:
    """The archive with the five sample reports in it."""
    ingest_samples(arc)
    return arc
