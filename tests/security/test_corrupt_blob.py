"""A stored copy damaged or lost on disk: its download and its preview say so in a page
naming the fix (`nianbao fsck`), never a bare "Internal Server Error", and never serve the
damaged bytes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from archive.config import Settings
from archive.core import Archive
from archive.web import create_app

TEXT = {"Content-Type": "text/plain; charset=utf-8"}
BODY = "北仑区人民政府2024年政府信息公开工作年度报告：全年受理申请585件。\n".encode() * 40


@pytest.fixture
def archived(tmp_path: Path) -> Iterator[tuple[TestClient, str, Path]]:
    """A client over an archive of one page, its digest and its file in the blob store."""
    settings = Settings.from_env({"NIANBAO_HOME": str(tmp_path / "home")})
    with Archive.open(settings) as arc:
        sha = arc.ingest("http://www.example.gov.cn/ndbg/1.txt", status=200, body=BODY,
                         response_headers=TEXT, role="report").sha256 or ""
        stored = next((tmp_path / "home" / "blobs").rglob(f"{sha}*"))
        with TestClient(create_app(arc), raise_server_exceptions=False) as client:
            yield client, sha, stored


def test_the_intact_copy_downloads_and_previews(archived: tuple[TestClient, str, Path]) -> None:
    client, sha, _ = archived
    assert client.get(f"/blob/{sha}").content == BODY
    assert client.get(f"/blob/{sha}/preview").content == BODY


@pytest.mark.parametrize("path", ["/blob/{sha}", "/blob/{sha}/preview"])
def test_a_damaged_copy_is_a_page_naming_fsck(archived: tuple[TestClient, str, Path],
                                              path: str) -> None:
    client, sha, stored = archived
    stored.write_bytes(stored.read_bytes()[:-8])  # bit rot: the end of the file is lost
    response = client.get(path.format(sha=sha))
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")
    assert (f"the stored copy of {sha} is damaged (its bytes no longer match their SHA-256); "
            "run `nianbao fsck` to list every damaged copy") in response.text
    assert "北仑区" not in response.text and str(stored) not in response.text
    assert "immutable" not in response.headers.get("cache-control", "")


@pytest.mark.parametrize("path", ["/blob/{sha}", "/blob/{sha}/preview"])
def test_a_lost_copy_is_a_page_naming_fsck(archived: tuple[TestClient, str, Path],
                                           path: str) -> None:
    client, sha, stored = archived
    stored.unlink()
    response = client.get(path.format(sha=sha))
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")
    assert (f"the stored copy of {sha} is missing from the blob store; run `nianbao fsck` to "
            "list every missing copy") in response.text
    assert str(stored) not in response.text
