"""The pages in a real headless Chromium (Debian's chromium, driven by Selenium) served
by uvicorn: search, report, diff, and the XSS case (an archived page with `<script>` and
`onerror=` payloads is shown as text and runs nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.responses import HTMLResponse

from archive.config import Settings
from archive.core import Archive
from archive.web import create_app
from tests.web.browser import browser_missing, chromium, serve
from tests.web.conftest import Filled, fill, hostile_page

pytestmark = pytest.mark.skipif(browser_missing() is not None,
                                reason=browser_missing() or "")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Filled]]:
    """The app over a filled SQLite archive, served on 127.0.0.1; plus, for the control
    case, one route that serves the hostile page raw, as a careless archive would."""
    settings = Settings.from_env({"NIANBAO_HOME": str(tmp_path_factory.mktemp("web") / "h")})
    with Archive.open(settings) as arc:
        filled = fill(arc)
        app = create_app(arc)
        app.add_api_route("/careless", lambda: HTMLResponse(
            hostile_page(), headers={"Content-Security-Policy": "default-src * 'unsafe-inline'"}))
        with serve(app) as base:
            yield base, filled


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as driver:
        yield driver


def pwned(driver: Any) -> str:
    return str(driver.execute_script("return typeof window.__pwned"))


def no_alert(driver: Any) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        driver.switch_to.alert.dismiss()
    except NoAlertPresentException:
        return True
    return False


def wait_for_url(driver: Any, part: str) -> None:
    """Wait until a click's navigation has reached a URL containing `part`."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 15).until(lambda d: part in d.current_url)


def css(driver: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, selector))


def test_search_by_typing_a_query(site: tuple[str, Filled], browser: Any) -> None:
    base, _ = site
    browser.get(base + "/")
    box = css(browser, "#q")[0]
    box.send_keys("复议")
    css(browser, "#search-button")[0].click()
    wait_for_url(browser, "q=%E5%A4%8D%E8%AE%AE")
    titles = [a.text for a in css(browser, "li.hit a.title")]
    assert "北仑区人民政府2024年度政府信息公开工作年度报告" in titles
    assert css(browser, "li.hit mark")[0].text in "复议"
    css(browser, "aside.facets a")[0].click()  # the newest year's facet
    wait_for_url(browser, "year=2024")
    assert len(css(browser, "li.hit")) < len(titles)


def test_report_page_reads_like_the_form(site: tuple[str, Filled], browser: Any,
                                        tmp_path_factory: pytest.TempPathFactory) -> None:
    base, filled = site
    browser.get(f"{base}/reports/{filled.beilun}")
    assert browser.find_element("id", "report-title").text == \
        "北仑区人民政府2024年度政府信息公开工作年度报告"
    failing = [td.get_attribute("data-path") for td in css(browser, "#table-requests td.fail")]
    assert "requests.new.natural_person" in failing and "requests.new.total" in failing
    red = css(browser, "td.fail")[0].value_of_css_property("background-color")
    assert red != "rgba(0, 0, 0, 0)"  # the stylesheet loaded under the CSP
    assert len(css(browser, "svg.chart rect")) > 4
    assert not [e for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]
    height = browser.execute_script("return document.body.scrollHeight")
    browser.set_window_size(1280, min(height + 100, 8000))
    browser.save_screenshot(str(tmp_path_factory.mktemp("shots") / "report.png"))
    browser.set_window_size(1280, 2000)
    css(browser, "#lang-switch")[0].click()
    wait_for_url(browser, "lang=en")
    assert "Natural persons" in browser.page_source


def test_diff_page_side_by_side(site: tuple[str, Filled], browser: Any) -> None:
    base, filled = site
    browser.get(f"{base}/reports/{filled.beilun}?lang=zh")
    browser.find_element("id", "compare-link").click()
    wait_for_url(browser, "/diff?from=1")
    old = css(browser, ".side.old td.del")
    new = css(browser, ".side.new td.ins")
    assert [td.text for td in old] == ["580"] and [td.text for td in new] == ["581"]
    assert [e.text for e in css(browser, "ins")] == ["共"]


def test_archived_scripts_never_run(site: tuple[str, Filled], browser: Any) -> None:
    base, filled = site
    browser.get(f"{base}/careless")  # control: served raw, the payloads do run
    assert not no_alert(browser)  # the onerror alert(1) fired (and is dismissed now)
    assert browser.execute_script("return window.__pwned") == 1

    browser.get(f"{base}/reports/{filled.hostile}")
    assert "<script>window.__pwned=1</script>" in css(browser, "#part-overview")[0].text
    assert pwned(browser) == "undefined" and no_alert(browser)
    css(browser, "details.preview summary")[0].click()  # the original, in its sandbox
    frame = css(browser, "details.preview iframe")[0]
    assert frame.get_attribute("sandbox") == ""
    browser.switch_to.frame(frame)
    assert "南关区" in browser.find_element("tag name", "body").text
    assert pwned(browser) == "undefined"
    browser.switch_to.default_content()
    assert pwned(browser) == "undefined" and no_alert(browser)

    browser.get(f"{base}/blob/{filled.hostile_sha256}/preview")  # even opened on its own
    assert pwned(browser) == "undefined" and no_alert(browser)
    assert any("Blocked script execution" in e["message"] for e in browser.get_log("browser"))
