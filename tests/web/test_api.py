"""The JSON API, every answer checked against the app's own OpenAPI schema."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from tests.web.conftest import Filled


@pytest.fixture
def spec(client: TestClient) -> dict[str, Any]:
    return client.get("/api/openapi.json").json()


def checked(client: TestClient, spec: dict[str, Any], route: str, url: str,
            status: int = 200, **params: Any) -> Any:
    """GET `url` and validate the body against the schema the spec gives `route` (a path
    template such as /api/reports/{report_id}) for that status."""
    response = client.get(url, params=params)
    assert response.status_code == status, response.text
    answer = spec["paths"][route]["get"]["responses"][str(status)]
    schema = answer["content"]["application/json"]["schema"]
    jsonschema.Draft202012Validator(
        {**schema, "components": spec["components"]},
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    ).validate(response.json())
    return response.json()


def test_the_openapi_document_is_valid(spec: dict[str, Any], client: TestClient) -> None:
    validate(spec)
    assert {"/api/search", "/api/reports/{report_id}", "/api/reports/{report_id}/versions/{number}",
            "/api/reports/{report_id}/diff", "/api/changes"} <= set(spec["paths"])
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    assert "script-src 'self' 'sha256-" in docs.headers["content-security-policy"]


def test_search_pages_and_facets(client: TestClient, spec: dict[str, Any]) -> None:
    first = checked(client, spec, "/api/search", "/api/search", q="政府信息", limit=3)
    assert first["total"] == 7 and len(first["items"]) == 3
    second = checked(client, spec, "/api/search", "/api/search", q="政府信息", limit=3, offset=3)
    seen = {(h["report_id"], h["version"]) for h in first["items"] + second["items"]}
    assert len(seen) == 6
    hit = first["items"][0]
    a, b = hit["highlights"][0]
    assert hit["snippet"][a:b] in "政府信息"
    years = {f["value"]: f["count"] for f in first["facets"]["year"]}
    assert years == {2024: 5, 2023: 2}

    cells = checked(client, spec, "/api/search", "/api/search",
                    filter=["requests.new.total>500", "year=2024"])
    assert [h["agency"] for h in cells["items"]] == ["北仑区人民政府"]
    assert cells["filters"] == ["year=2024", "requests.new.total>500"]
    history = checked(client, spec, "/api/search", "/api/search", agency="北仑",
                      all_versions=True)
    assert sorted((h["year"], h["version"]) for h in history["items"]) == [
        (2023, 1), (2024, 1), (2024, 2)]
    checked(client, spec, "/api/search", "/api/search", 400, filter=["nonsense"])


def test_report_version_and_diff(client: TestClient, spec: dict[str, Any],
                                 filled: Filled) -> None:
    rid = filled.beilun
    report = checked(client, spec, "/api/reports/{report_id}", f"/api/reports/{rid}")
    assert report["agency"] == "北仑区人民政府" and report["year"] == 2024
    assert [v["number"] for v in report["versions"]] == [1, 2]
    assert [e["kind"] for e in report["events"]] == ["published", "changed"]
    latest = report["latest"]
    assert latest["record"]["tables"]["requests"]["new"]["natural_person"] == 581
    assert latest["sources"][0]["download"] == f"/blob/{latest['sources'][0]['sha256']}"

    v1 = checked(client, spec, "/api/reports/{report_id}/versions/{number}",
                 f"/api/reports/{rid}/versions/1")
    assert [c["detail"] for c in v1["record"]["checks"]] == ["580+9 != 587+1", "0+0 != 1+0"]

    diff = checked(client, spec, "/api/reports/{report_id}/diff", f"/api/reports/{rid}/diff")
    assert diff["from"]["number"] == 1 and diff["to"]["number"] == 2
    assert diff["cells"] == [{"path": "requests.new.natural_person", "old": 580, "new": 581}]
    assert {"op": "+", "text": "共"} in diff["sections"]["overview"]

    checked(client, spec, "/api/reports/{report_id}", "/api/reports/999999", 404)
    checked(client, spec, "/api/reports/{report_id}/versions/{number}",
            f"/api/reports/{rid}/versions/7", 404)


def test_changes_are_paginated(client: TestClient, spec: dict[str, Any]) -> None:
    everything = checked(client, spec, "/api/changes", "/api/changes")
    assert everything["total"] == 8
    page = checked(client, spec, "/api/changes", "/api/changes", limit=3, offset=6)
    assert [c["id"] for c in page["items"]] == [c["id"] for c in everything["items"][6:8]]
    changed = checked(client, spec, "/api/changes", "/api/changes", kind="changed")
    assert [(c["agency"], c["version"]) for c in changed["items"]] == [("北仑区人民政府", 2)]
