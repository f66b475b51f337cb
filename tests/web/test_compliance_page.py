"""The compliance page over the synthetic archive of tests/archive/test_compliance.py: a
table per portal, sortable by plain links, every finding linked to its evidence, and the
on-time share by year drawn as SVG."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from archive.config import Settings
from archive.core import Archive
from archive.web import create_app
from tests.archive.test_compliance import fill


@pytest.fixture
def client(sqlite_settings: Settings) -> Iterator[TestClient]:
    with Archive.open(sqlite_settings) as arc:
        fill(arc)
        with TestClient(create_app(arc)) as c:
            yield c


def rows(html: str) -> list[str]:
    return re.findall(r'<tr data-agency="([^"]+)"', html)


def cell(html: str, agency: str, finding: str) -> str:
    row = html.split(f'<tr data-agency="{agency}">', 1)[1].split("</tr>", 1)[0]
    return re.search(rf'<td [^>]*data-finding="{finding}".*?</td>', row, re.S).group()


def test_a_table_per_portal_with_each_finding_linked_to_its_evidence(client) -> None:
    page = client.get("/compliance?year=2024")
    assert page.status_code == 200
    assert '<h2>宁波市人民政府 (ningbo)</h2>' in page.text
    assert len(rows(page.text)) == 8
    late = cell(page.text, "镇海区人民政府", "on_time")
    assert 'data-status="flag"' in late and "LATE 2025-04-15" in late
    assert re.search(r'href="/blob/[0-9a-f]{64}"', late)  # the bytes first fetched
    edited = cell(page.text, "奉化区人民政府", "edited")
    assert re.search(r'href="/reports/\d+/diff\?from=1&amp;to=2"', edited)
    assert "#checks" in cell(page.text, "海曙区人民政府", "checks")
    assert "MISSING" in cell(page.text, "江北区人民政府", "published")


def test_sorting_by_a_finding_puts_its_flags_first(client) -> None:
    page = client.get("/compliance?year=2024&sort=checks")
    assert rows(page.text)[0] == "海曙区人民政府"
    assert 'href="/compliance?year=2024&amp;sort=checks&amp;desc=1"' in page.text
    page = client.get("/compliance?year=2024&sort=on_time&desc=1")
    assert set(rows(page.text)[-2:]) == {"北仑区教育局", "镇海区人民政府"}  # the late two


def test_the_on_time_share_by_year_is_drawn(client) -> None:
    page = client.get("/compliance?year=2024&lang=en")
    bars = re.findall(r'<rect class="share"[^>]*data-year="(\d+)" data-on-time="(\d+)" '
                      r'data-agencies="(\d+)"', page.text)
    assert ("2024", "5", "8") in bars
    assert "On-time share by year" in page.text and "<script" not in page.text


def test_an_unknown_portal_is_said_in_one_line(client) -> None:
    page = client.get("/compliance?year=2024&portal=nope")
    assert page.status_code == 400
    assert re.search(r'id="compliance-error">no portal &#39;nope&#39; in the archive', page.text)
