"""The search page's cell filter in a real headless Chromium (as in test_browser.py): a clerk
picks a cell by its Chinese labels, or types them, and gets the reports whose number in that
cell passes the comparison. No JavaScript is involved (the page runs none)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from archive.config import Settings
from archive.core import Archive
from archive.web import create_app
from tests.web.browser import browser_missing, chromium, serve
from tests.web.conftest import fill

pytestmark = pytest.mark.skipif(browser_missing() is not None,
                                reason=browser_missing() or "")

NEW_TOTAL = "一、本年新收政府信息公开申请数量 · 总计"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a filled SQLite archive, served on 127.0.0.1."""
    settings = Settings.from_env({"NIANBAO_HOME": str(tmp_path_factory.mktemp("web") / "h")})
    with Archive.open(settings) as arc:
        fill(arc)
        with serve(create_app(arc)) as url:
            yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as driver:
        yield driver


def css(driver: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, selector))


def search_by_cell(driver: Any, base: str, cell: str, op: str, value: str) -> list[str]:
    """Open the filters, put `cell` in the cell box, choose `op`, type `value`, search;
    the titles of the reports found."""
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver.get(base + "/")
    css(driver, "details.filters summary")[0].click()
    box = css(driver, "#cell")[0]
    box.clear()
    box.send_keys(cell)
    Select(css(driver, "#cell-op")[0]).select_by_visible_text(op)
    css(driver, "#cell-value")[0].send_keys(value)
    css(driver, "#search-button")[0].click()
    WebDriverWait(driver, 15).until(lambda d: "cell=" in d.current_url)
    return [a.text for a in css(driver, "li.hit a.title")]


def test_picking_a_chinese_cell_from_the_list_filters_the_reports(base: str,
                                                                  browser: Any) -> None:
    browser.get(base + "/")
    options = {o.get_attribute("label") or o.get_attribute("textContent"): o.get_attribute("value")
               for o in css(browser, "datalist#cell-names option")}
    assert len(options) == 226
    # Headless Chromium draws no drop-down for a datalist; choosing an option puts its value
    # in the box, so that is what the clerk's pick does here.
    picked = options[NEW_TOTAL]
    assert picked == "requests.new.total"
    found = search_by_cell(browser, base, picked, ">", "400")
    assert sorted(found) == ["北仑区人民政府2023年度政府信息公开工作年度报告",  # 480 new requests
                             "北仑区人民政府2024年度政府信息公开工作年度报告"]  # 585
    assert css(browser, "#cell")[0].get_attribute("value") == "requests.new.total"  # kept
    assert search_by_cell(browser, base, picked, ">", "500") == [
        "北仑区人民政府2024年度政府信息公开工作年度报告"]


def test_typing_the_chinese_labels_works_as_well(base: str, browser: Any) -> None:
    by_label = search_by_cell(browser, base, "本年新收.总计", ">=", "585")
    assert by_label == ["北仑区人民政府2024年度政府信息公开工作年度报告"]
    assert css(browser, "#search-error") == []


def test_a_misspelt_cell_shows_the_nearest_instead_of_an_empty_result(base: str,
                                                                       browser: Any) -> None:
    search_by_cell(browser, base, "本年新收申请.总计", ">", "1")
    error = css(browser, "#search-error")[0].text
    assert "筛选条件有误" in error and "nearest: requests.new.total" in error
    assert "没有符合条件的报告" not in browser.page_source
