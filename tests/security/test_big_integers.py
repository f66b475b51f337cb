"""Numbers too large for the database (2^31 for PostgreSQL's INTEGER ids and version
numbers, 2^63 for any 64-bit integer) never reach it: every route answers a 4xx that says
what is wrong (no report, no version, a number out of range), never a 500; every command
says it in one line, never "internal error"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from archive.config import Settings
from archive.core import Archive
from archive.web import create_app
from tests.clirun import nianbao
from tests.web.conftest import Filled, fill

HUGE = [2**31, 2**63, -(2**63) - 1]

#: Every integer parameter of every route: (route, parameter, a URL giving it `{n}`; `{id}`
#: is a report that exists, so the number reaches the parameter under test).
CASES = [
    ("/api/search", "offset", "/api/search?offset={n}"),
    ("/api/search", "limit", "/api/search?limit={n}"),
    ("/api/changes", "offset", "/api/changes?offset={n}"),
    ("/api/changes", "limit", "/api/changes?limit={n}"),
    ("/api/reports/{report_id}", "report_id", "/api/reports/{n}"),
    ("/api/reports/{report_id}/versions/{number}", "report_id", "/api/reports/{n}/versions/1"),
    ("/api/reports/{report_id}/versions/{number}", "number", "/api/reports/{id}/versions/{n}"),
    ("/api/reports/{report_id}/diff", "report_id", "/api/reports/{n}/diff"),
    ("/api/reports/{report_id}/diff", "from", "/api/reports/{id}/diff?from={n}"),
    ("/api/reports/{report_id}/diff", "to", "/api/reports/{id}/diff?to={n}"),
    ("/api/agencies", "offset", "/api/agencies?offset={n}"),
    ("/api/agencies", "limit", "/api/agencies?limit={n}"),
    ("/api/agencies/{agency_id}", "agency_id", "/api/agencies/{n}"),
    ("/", "offset", "/?offset={n}"),
    ("/reports/{report_id}", "report_id", "/reports/{n}"),
    ("/reports/{report_id}", "v", "/reports/{id}?v={n}"),
    ("/reports/{report_id}/diff", "report_id", "/reports/{n}/diff"),
    ("/reports/{report_id}/diff", "from", "/reports/{id}/diff?from={n}"),
    ("/reports/{report_id}/diff", "to", "/reports/{id}/diff?to={n}"),
    ("/changes", "offset", "/changes?offset={n}"),
    ("/agencies", "offset", "/agencies?offset={n}"),
    ("/agencies/{agency_id}", "agency_id", "/agencies/{n}"),
    ("/compliance", "year", "/compliance?year={n}"),
]


@pytest.fixture(scope="module")
def client(web_arc: Archive, filled: Filled) -> Iterator[TestClient]:
    """The app over the filled archive, answering a server error as a 500 (not raising)."""
    with TestClient(create_app(web_arc), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("n", HUGE, ids=["2^31", "2^63", "-2^63-1"])
@pytest.mark.parametrize(("route", "param", "url"), CASES, ids=[c[2] for c in CASES])
def test_a_huge_number_is_a_4xx_not_a_500(client: TestClient, filled: Filled, route: str,
                                          param: str, url: str, n: int) -> None:
    response = client.get(url.format(n=n, id=filled.beilun))
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:200])
    if route.startswith("/api/"):
        assert response.json()["detail"]


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # FastAPI ≥ 0.120 keeps included routers
            yield from _routes(route.original_router.routes)


def test_every_integer_parameter_is_tried(web_arc: Archive) -> None:
    """A new route with a number in it joins CASES, or this fails."""
    found = set()
    for route in _routes(create_app(web_arc).routes):
        for p in route.dependant.path_params + route.dependant.query_params:
            annotation = p.field_info.annotation
            if annotation is int or int in get_args(annotation):
                found.add((route.path, p.alias))
    assert found == {(route, param) for route, param, _ in CASES}


# --------------------------------------------------------------------------- the CLI
@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Filled]:
    home = tmp_path_factory.mktemp("big") / "home"
    with Archive.open(Settings.from_env({"NIANBAO_HOME": str(home)})) as arc:
        return home, fill(arc)


N = str(2**63)
COMMANDS = [
    ["show", N], ["show", "{id}", "--version", N], ["show", "{id}", "--version", str(2**31)],
    ["history", N], ["diff", "{id}", "--from", N], ["diff", "{id}", "--to", N],
    ["search", "--offset", N], ["search", "--limit", N],
    ["changes", "--since", "99999999d"], ["changes", "--since", f"{N}w"],
    ["changes", "--since", "0001-01-01"], ["changes", "--limit", N],
    ["compliance", "--year", N], ["agency", "show", N],
    ["agency", "expected", "北仑区人民政府", "--year", N], ["notify", "log", "--limit", N],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_a_huge_number_on_the_command_line_is_one_line(home: tuple[Path, Filled],
                                                       args: list[str]) -> None:
    folder, filled = home
    proc = nianbao([a.format(id=filled.beilun) for a in args], home=folder, cwd=folder.parent)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith("nianbao: error: ") and "internal error" not in proc.stderr
    assert proc.stderr.count("\n") == 1, proc.stderr
