"""Filtering by a cell on the web, through FastAPI's TestClient on SQLite and PostgreSQL: the
search page offers every cell by its printed labels, a cell may be named in Chinese, and a
cell that does not exist is a 400 naming the nearest ones (never "no report matches")."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

NO_MATCH = "没有符合条件的报告"


def titles(page: str) -> list[str]:
    return re.findall(r'<a class="title"[^>]*>([^<]*)</a>', page)


def test_the_filter_offers_every_cell_by_its_printed_labels(client: TestClient) -> None:
    page = client.get("/").text
    datalist = page.split('<datalist id="cell-names">', 1)[1].split("</datalist>", 1)[0]
    options = dict(re.findall(r'<option value="([a-z_.]+)">([^<]*)</option>', datalist))
    assert len(options) == 226
    assert html.unescape(options["requests.new.total"]) == "一、本年新收政府信息公开申请数量 · 总计"
    assert html.unescape(options["review_litigation.review.corrected"]) == "行政复议 · 结果纠正"
    assert 'list="cell-names"' in page
    english = client.get("/", params={"lang": "en"}).text
    assert '<option value="requests.new.total">1. New requests this year · Total</option>' \
        in english


def test_a_cell_named_in_chinese_filters_like_its_path(client: TestClient) -> None:
    by_path = titles(client.get("/", params={"where": "requests.new.total>500"}).text)
    assert by_path and len(by_path) < len(titles(client.get("/").text))
    for params in ({"where": "本年新收.总计>500"},
                   {"cell": "本年新收政府信息公开申请数量 · 总计", "op": ">", "value": "500"},
                   {"cell": "requests.new.total", "op": ">", "value": "500"}):
        page = client.get("/", params=params)
        assert page.status_code == 200 and titles(page.text) == by_path, params
    api = client.get("/api/search", params={"filter": "本年新收.总计>500"}).json()
    assert api["filters"] == ["requests.new.total>500"]
    assert sorted(h["title"] for h in api["items"]) == sorted(by_path)


def test_an_unknown_cell_is_a_400_naming_the_nearest(client: TestClient) -> None:
    api = client.get("/api/search", params={"filter": "requests.nwe.total>100"})
    assert api.status_code == 400
    detail = api.json()["detail"]
    assert detail.startswith("filter 'requests.nwe.total>100': no cell 'requests.nwe.total'")
    assert "nearest: requests.new.total (一、本年新收政府信息公开申请数量 · 总计)" in detail

    page = client.get("/", params={"where": "requests.nwe.total>100"})
    assert page.status_code == 400 and NO_MATCH not in page.text
    shown = html.unescape(re.search(r'<p class="error" id="search-error">([^<]*)</p>',
                                    page.text).group(1))
    assert "筛选条件有误" in shown and "nearest: requests.new.total" in shown

    picked = client.get("/", params={"cell": "本年新收申请 · 总计", "op": ">", "value": "1"})
    assert picked.status_code == 400 and NO_MATCH not in picked.text
    assert "nearest: requests.new.total" in html.unescape(picked.text)
