"""Searching the sample reports: recall and precision for one-, two- and four-character
queries and phrases, ranking, snippets, filters, facets and history, on both backends."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text

from archive.catalogue.models import ReportVersion
from archive.curation import merge
from archive.filters import FilterError, Filters
from archive.reports import find_report
from archive.search.index import document_text, reindex, unindexed
from archive.search.query import _VOCAB_CACHE, SearchError, search
from archive.search.tokens import parse_query, term
from tests.search.conftest import ADDED, republish_beilun


def agencies(arc: Any, query: str | None, *filters: str, **kw: Any) -> set[str]:
    with arc.session() as s:
        page = search(s, query, Filters.parse(filters), limit=100, **kw)
    assert page.total == len(page.items)
    return {h.agency for h in page.items}


def containing(arc: Any, text: str) -> set[str]:
    """Ground truth: the reports whose indexed text contains `text` (punctuation aside)."""
    needle = term(text)
    assert needle is not None
    with arc.session() as s:
        versions = s.scalars(select(ReportVersion)).all()
        found = set()
        for v in versions:
            compact = "".join(c for t in document_text(v.record)
                              for c in (term(t[1]).compact if term(t[1]) else ""))
            if needle.compact in compact:
                found.add(v.record["agency"])
    return found


@pytest.mark.parametrize("query", ["仑", "街", "诉", "公开", "复议", "工信", "街道",
                                   "行政复议", "政府信息", "行政诉讼", "依申请公开"])
def test_finds_exactly_the_reports_that_contain_the_query(samples: Any, query: str) -> None:
    expected = containing(samples, query)
    assert expected, f"pick a query some sample contains, not {query!r}"
    assert agencies(samples, query) == expected


def test_every_sample_is_indexed_and_found_by_a_common_word(samples: Any) -> None:
    with samples.session() as s:
        assert unindexed(s) == 0
    assert len(agencies(samples, "公开")) == 5


def test_a_phrase_matches_across_punctuation_but_not_out_of_order(samples: Any) -> None:
    assert agencies(samples, '"没有收到不满意评价 全年没有发生"') == {"北仑区人民政府"}
    assert agencies(samples, '"行政复议和行政诉讼"') == {"北仑区人民政府"}
    assert agencies(samples, '"复议行政"') == set()


def test_all_words_must_occur(samples: Any) -> None:
    assert agencies(samples, "街道 公开") == {"北关区红旗路街道办事处"}
    assert agencies(samples, "北仑 街道") == set()


def test_the_report_that_is_about_the_query_ranks_first(samples: Any) -> None:
    with samples.session() as s:
        assert search(s, "北仑", Filters()).items[0].agency == "北仑区人民政府"
        assert search(s, "工信", Filters()).items[0].agency == "北关区工信局"


def test_snippets_show_the_match_highlighted(samples: Any) -> None:
    with samples.session() as s:
        hit = search(s, "行政复议", Filters()).items[0]
    assert "[行政复议]" in hit.marked("[", "]")
    assert hit.snippet[slice(*hit.highlights[0])] == "行政复议"
    assert hit.marked().count("<mark>") == len(hit.highlights)


def test_filters_narrow_the_text_query(samples: Any) -> None:
    assert agencies(samples, "公开", "year=2023") == {"北关区红旗路街道办事处"}
    assert agencies(samples, "公开", "years=2020-2023") == {"北关区红旗路街道办事处"}
    assert agencies(samples, "公开", "check=requests.balance") == {"北仑区人民政府"}
    assert agencies(samples, "公开", "requests.new.total>100") == {"北仑区人民政府"}
    assert agencies(samples, "公开", "region=浙江") == {"北仑区人民政府"}
    assert agencies(samples, "公开", "portal=mengjin") == {"孟津区行政审批和政务信息管理局"}
    assert agencies(samples, "公开", "agency=北关", "year=2024") == \
        {"北关区行政审批和政务信息管理局", "北关区工信局"}
    assert len(agencies(samples, "公开", "region=河南", "level=county", "check=none",
                        "year=2024", "format=2021")) == 3
    assert agencies(samples, "公开", "review_litigation.review.total>=15",
                    "requests.carried_forward.total=2") == {"北仑区人民政府"}
    assert agencies(samples, "公开", "level=province") == set()


def test_filters_alone_list_reports_newest_year_first(samples: Any) -> None:
    with samples.session() as s:
        page = search(s, None, Filters.parse(["check=none"]))
    assert page.total == 4
    assert [h.year for h in page.items] == [2024, 2024, 2024, 2023]


def test_facets_count_the_whole_result_set_not_the_page(samples: Any) -> None:
    with samples.session() as s:
        page = search(s, "公开", Filters(), limit=1)
    assert len(page.items) == 1 and page.total == 5
    assert page.facets["year"] == [(2024, 4), (2023, 1)]
    assert dict(page.facets["region"]) == {"河南省安阳市": 3, "河南省洛阳市": 1, "浙江省宁波市": 1}
    assert page.facets["check"] == [("requests.balance", 1)]


def test_pages_do_not_overlap(samples: Any) -> None:
    with samples.session() as s:
        first = search(s, "公开", Filters(), limit=3)
        second = search(s, "公开", Filters(), limit=3, offset=3)
    ids = [h.version_id for h in first.items + second.items]
    assert len(ids) == len(set(ids)) == 5


def test_latest_versions_by_default_and_history_on_request(samples: Any) -> None:
    republish_beilun(samples)
    assert agencies(samples, ADDED) == {"北仑区人民政府"}
    assert agencies(samples, "以查促改") == set()  # only version 1 says it
    with samples.session() as s:
        old = search(s, "以查促改", Filters(all_versions=True)).items
        both = search(s, "北仑", Filters.parse(["all_versions"])).items
    assert [(h.version, h.latest) for h in old] == [(1, False)]
    assert sorted(h.version for h in both if h.agency == "北仑区人民政府") == [1, 2]


def test_reindex_rebuilds_the_same_index(samples: Any) -> None:
    before = agencies(samples, "复议")
    assert reindex(samples) == 5
    assert agencies(samples, "复议") == before


def test_bad_queries_and_filters_say_what_is_wrong(samples: Any) -> None:
    with samples.session() as s, pytest.raises(SearchError, match="no letters"):
        search(s, "，。", Filters())
    with pytest.raises(FilterError, match="TABLE.ROW.COLUMN"):
        Filters.parse(["requests.new>100"])
    with pytest.raises(FilterError, match="unknown filter 'yr'"):
        Filters.parse(["yr=2024"])


def test_a_newer_version_takes_the_latest_mark_in_the_index(samples: Any) -> None:
    republish_beilun(samples)
    with samples.session() as s:
        rows = s.execute(text("SELECT d.latest, v.number FROM search_docs d "
                              "JOIN report_versions v ON v.id = d.version_id "
                              "JOIN reports r ON r.id = v.report_id "
                              "WHERE r.agency = '北仑区人民政府' ORDER BY v.number")).all()
        assert [(bool(latest), n) for latest, n in rows] == [(False, 1), (True, 2)]
        page = search(s, "北仑", Filters(), limit=0)
        assert page.items == [] and page.total == 1
        assert search(s, "北仑", Filters(all_versions=True), facets=False).total == 2


def test_merging_reports_leaves_one_latest_version(samples: Any) -> None:
    with samples.session() as s:
        keep = find_report(s, "北关区工信局/2024")
        other = find_report(s, "北关区行政审批和政务信息管理局/2024")
        merge(s, keep, other, "test")
    with samples.session() as s:
        page = search(s, "公开", Filters.parse(["agency=北关"]))
        assert page.total == len(page.items) == 2  # the merged report once, the street office
        assert all(h.latest for h in page.items)
        assert page.total == sum(n for _, n in page.facets["year"])
        assert search(s, "公开", Filters.parse(["agency=北关", "all_versions"])).total == 3


@pytest.mark.parametrize("query", ['"政府信息公开"', '"行政复议和行政诉讼"', "依申请公开 复议",
                                   '"主动公开政府信息" 公'])
def test_phrase_hits_are_exactly_the_phrase_matches_best_first(samples: Any, query: str,
                                                               ) -> None:
    """Phrases rank by their rarest token (SQLite), but find, count and facet the rows
    holding the whole phrase, as a one-page search does."""
    expected = set.intersection(*(containing(samples, t.text) for t in parse_query(query)))
    assert expected, f"pick a query some sample contains, not {query!r}"
    with samples.session() as s:
        whole = search(s, query, Filters(all_versions=True), limit=100)
        paged = [h for offset in range(whole.total)
                 for h in search(s, query, Filters(all_versions=True), limit=1,
                                 offset=offset).items]
        for drop in ([], ["search_vocab"]):  # an index made before search_vocab existed
            for name in drop:
                s.execute(text(f"DROP TABLE IF EXISTS {name}"))
                _VOCAB_CACHE.clear()
            again = search(s, query, Filters(all_versions=True), limit=100)
            assert [h.version_id for h in again.items] == [h.version_id for h in whole.items]
    assert {h.agency for h in whole.items} == expected
    assert whole.total == len(whole.items) == sum(n for _, n in whole.facets["year"])
    assert [h.version_id for h in paged] == [h.version_id for h in whole.items]
    scores = [h.score for h in whole.items]
    assert scores == sorted(scores, reverse=True) and all(x > 0 for x in scores)
    assert all(h.highlights for h in whole.items)
