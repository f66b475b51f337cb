"""The API docs page works on a machine with no internet: Swagger UI's files come from the
package, and the page asks no other host for anything (a real Chromium whose every host
name but 127.0.0.1 fails to resolve)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from archive.config import Settings
from archive.core import Archive
from archive.web import create_app
from tests.web.browser import browser_missing, chromium, serve

pytestmark = pytest.mark.skipif(browser_missing() is not None,
                                reason=browser_missing() or "")

#: Every host name fails to resolve except the test server's address: "offline".
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = Settings.from_env({"NIANBAO_HOME": str(tmp_path_factory.mktemp("docs") / "h")})
    with Archive.open(settings) as arc, serve(create_app(arc)) as base:
        yield base


@pytest.fixture(scope="module")
def offline_browser() -> Iterator[Any]:
    with chromium(OFFLINE) as driver:
        yield driver


def test_the_api_docs_list_every_operation_with_the_network_off(site: str,
                                                                offline_browser: Any) -> None:
    import httpx
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    spec = httpx.get(f"{site}/api/openapi.json").json()
    operations = sorted((method.upper(), path) for path, item in spec["paths"].items()
                        for method in item)
    offline_browser.get(f"{site}/api/docs")
    WebDriverWait(offline_browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary"))
    shown = sorted(
        (block.find_element(By.CSS_SELECTOR, ".opblock-summary-method").text,
         block.find_element(By.CSS_SELECTOR, ".opblock-summary-path").get_attribute("data-path"))
        for block in offline_browser.find_elements(By.CSS_SELECTOR, ".opblock-summary"))
    assert ("GET", "/api/changes") in shown
    assert shown == operations
    assert offline_browser.find_element(By.CSS_SELECTOR, ".info .title").text.startswith(
        "nianbao API")


def test_the_docs_page_names_no_other_host(site: str) -> None:
    import httpx

    page = httpx.get(f"{site}/api/docs")
    assert page.status_code == 200
    assert "http" not in page.text  # every file it loads is a path on this server
    csp = page.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in csp and "https:" not in csp
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert httpx.get(f"{site}/static/swagger-ui/{asset}").status_code == 200
