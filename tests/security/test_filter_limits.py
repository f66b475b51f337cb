"""A search takes at most 50 filters: 500 `filter=` parameters (or 1,000 `--where`) are one
clear refusal, not a database error ("Expression tree is too large") blamed on the database
URL; 50 still work, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from archive.config import Settings
from archive.core import Archive
from archive.filters import MAX_FILTERS, FilterError, Filters
from archive.web import create_app
from tests.clirun import nianbao
from tests.web.conftest import Filled, fill


def cell_filters(n: int) -> list[str]:
    """`n` different cell comparisons that every filled report passes."""
    return [f"requests.new.total>-{i + 1}" for i in range(n)]


@pytest.fixture(scope="module")
def client(web_arc: Archive, filled: Filled) -> Iterator[TestClient]:
    with TestClient(create_app(web_arc), raise_server_exceptions=False) as c:
        yield c


def test_fifty_filters_still_search(client: TestClient) -> None:
    response = client.get("/api/search", params={"filter": cell_filters(MAX_FILTERS)})
    assert response.status_code == 200, response.text[:300]
    assert response.json()["total"] >= 1


def test_five_hundred_filters_are_refused_in_one_line(client: TestClient) -> None:
    response = client.get("/api/search", params={"filter": cell_filters(500)})
    assert response.status_code == 400
    assert response.json()["detail"] == ("500 filters: a search takes at most 50; "
                                         "drop some or combine them (year=2020-2024)")


def test_the_search_page_refuses_them_on_the_page(client: TestClient) -> None:
    response = client.get("/", params={"where": "\n".join(cell_filters(500))})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "500 filters: a search takes at most 50" in response.text


def test_the_count_is_checked_before_any_filter_is_read() -> None:
    """1,000 filters that are not even filters: the count is the one complaint."""
    with pytest.raises(FilterError, match="^1000 filters: a search takes at most 50;"):
        Filters.parse(["no such thing"] * 1000)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("filters") / "home"
    with Archive.open(Settings.from_env({"NIANBAO_HOME": str(home)})) as arc:
        fill(arc)
    return home


@pytest.mark.parametrize("command", ["search", "export"])
def test_a_thousand_where_options_are_one_line(home: Path, command: str) -> None:
    args = [a for f in cell_filters(1000) for a in ("--where", f)]
    if command == "export":
        args += ["--out", str(home.parent / "out.csv")]
    proc = nianbao([command, *args], home=home, cwd=home.parent)
    assert proc.returncode == 1
    assert proc.stderr == ("nianbao: error: 1000 filters: a search takes at most 50; drop some "
                           "or combine them (year=2020-2024)\n")
    assert not (home.parent / "out.csv").exists()
