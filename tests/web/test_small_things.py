"""Two things a careful reader of the web pages trips on, on SQLite and on PostgreSQL:
times are Beijing time with the offset named (the API keeps ISO 8601 with its offset), and a
check that fails in both versions with other numbers is "still failing", not new and
cleared. The filled archive's 北仑 report: version 1 fetched 2025-03-01 10:00 UTC, version 2
(580 → 581) on 2025-03-31 08:00 UTC."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.conftest import Filled


def test_pages_show_beijing_time_with_the_offset(client: TestClient, filled: Filled) -> None:
    page = client.get(f"/reports/{filled.beilun}").text
    assert "2025-03-31 16:00 +08:00" in page  # version 2, first seen
    assert "2025-03-01 18:00 +08:00" in page  # version 1 in the list of versions
    assert not re.search(r"\d\d:\d\d UTC", page)
    feed = client.get("/changes").text
    assert re.search(r'<time datetime="2025-03-31T08:00:00Z">2025-03-31 16:00 \+08:00</time>', feed)


def test_the_api_keeps_iso_8601_with_the_offset(client: TestClient, filled: Filled) -> None:
    report = client.get(f"/api/reports/{filled.beilun}").json()
    first_seen = {v["number"]: v["first_seen_at"] for v in report["versions"]}
    assert re.fullmatch(r"2025-03-31T08:00:00(Z|\+00:00)", first_seen[2])


def test_the_diff_page_lists_a_check_with_new_numbers_as_still_failing(
        client: TestClient, filled: Filled) -> None:
    page = client.get(f"/reports/{filled.beilun}/diff").text
    still = re.search(r"仍未通过（数字有变化）</h2>\s*<ul[^>]*>(.*?)</ul>", page, re.S)
    assert still, "no still-failing list"
    assert "580+9 != 587+1" in still.group(1) and "581+9 != 587+1" in still.group(1)
    assert "已消除的校验错误" not in page  # nothing cleared
    api = client.get(f"/api/reports/{filled.beilun}/diff").json()
    assert [(c["rule"], c["old_detail"], c["detail"]) for c in api["checks_changed"]] == [
        ("requests.balance", "580+9 != 587+1", "581+9 != 587+1")]
