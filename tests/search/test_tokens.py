"""The tokenizer: the same bigrams for documents and queries."""

from __future__ import annotations

from archive.search.tokens import parse_query, search_tokens, term


def test_chinese_runs_become_overlapping_pairs_and_their_last_character() -> None:
    assert search_tokens("行政复议") == ["行政", "政复", "复议", "议"]
    assert search_tokens("税") == ["税"]


def test_latin_words_and_numbers_are_words_and_full_width_is_folded() -> None:
    assert search_tokens("２０２４年 ＧＯＶ.cn，474,394件") == \
        ["2024", "年", "gov", "cn", "474", "394", "件"]


def test_a_word_query_is_a_phrase_of_pairs() -> None:
    t = term("行政复议")
    assert t is not None and t.tokens == ("行政", "政复", "复议") and not t.prefix


def test_one_character_is_a_prefix_query() -> None:
    t = term("税")
    assert t is not None and t.tokens == ("税",) and t.prefix


def test_quoted_phrases_keep_their_spaces_and_words_are_separate_terms() -> None:
    terms = parse_query('公开 “行政复议 纠正” 2024')
    assert [t.text for t in terms] == ["公开", "行政复议 纠正", "2024"]
    assert terms[1].tokens == ("行政", "政复", "复议", "议", "纠正")


def test_a_query_without_letters_has_no_terms() -> None:
    assert parse_query("，。！ ") == []
