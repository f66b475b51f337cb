"""Text that is no such report gives an `unknown` record in bounded time: never a crash,
never numbers from nowhere. Time bounds are CPU seconds of this process and generous (a
loaded CI machine must not fail them): they catch catastrophic backtracking, which takes
minutes, not a slow parser (bench/bench_parse.py measures speed)."""

from __future__ import annotations

import random
import time

import pytest

from parsers import parse_text
from tests.parsers.parser_helpers import fixture_text, sample_text


def assert_no_numbers(record) -> None:  # type: ignore[no-untyped-def]
    assert record.format in ("unknown", "legacy")
    assert "requests" not in record.tables and "active_disclosure" not in record.tables


def test_empty_text() -> None:
    record = parse_text("")
    assert record.to_dict()["format"] == "unknown"
    assert (record.title, record.agency, record.year, record.tables, record.checks) == (None, None, None, {}, [])


def test_not_text() -> None:
    with pytest.raises(TypeError):
        parse_text(b"bytes")  # type: ignore[arg-type]


def test_a_news_article_about_reports() -> None:
    record = parse_text(fixture_text("not_a_report_news.txt"))
    assert record.format == "unknown"
    assert record.title == "兰溪县召开2024年一季度政务公开工作推进会"
    assert record.sections["full_text"].startswith("兰溪县召开2024年一季度")


def test_a_rule_of_law_report_is_not_a_disclosure_report() -> None:
    record = parse_text(fixture_text("not_a_report_rule_of_law.txt"))
    assert (record.format, record.title, record.year) == ("unknown", "兰溪县2023年法治政府建设年度报告", 2023)
    assert record.tables == {}


def test_binary_junk_decoded_as_text() -> None:
    rng = random.Random(7)
    junk = bytes(rng.randrange(256) for _ in range(200_000)).decode("utf-8", errors="replace")
    record = parse_text(junk)
    assert_no_numbers(record)
    assert "\x00" not in record.sections["full_text"]


def test_junk_latin1_and_gbk_mojibake() -> None:
    text = sample_text("002_0587ca1cc9f7563f").encode("gbk", errors="replace").decode("latin-1")
    assert_no_numbers(parse_text(text))


def test_a_table_without_its_report_is_not_enough_for_numbers_from_nowhere() -> None:
    record = parse_text("0\t0\t0\t0\n" * 1000)
    assert_no_numbers(record)


@pytest.mark.slow
def test_ten_megabytes_of_noise_in_a_few_seconds() -> None:
    rng = random.Random(3)
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府理世车" + "0123456789" * 5 + " \t\n　，。、；：（）()-—／/无"
    noise = "".join(rng.choices(alphabet, k=10_000_000))
    started = time.process_time()
    record = parse_text(noise)
    elapsed = time.process_time() - started
    assert elapsed < 20, f"took {elapsed:.1f}s of CPU"
    assert record.format in ("unknown", "legacy")
    assert "requests" not in record.tables


@pytest.mark.slow
def test_ten_megabytes_of_repeated_report_fragments_in_bounded_time() -> None:
    piece = sample_text("001_d24b5322b0421a36")[1500:3000]
    text = (piece * (10_000_000 // len(piece) + 1))[:10_000_000]
    started = time.process_time()
    parse_text(text)
    assert time.process_time() - started < 30


@pytest.mark.parametrize("text", [
    "\n" * 10_000, "\t" * 10_000, "一、" * 50_000, "(" * 100_000, "0 " * 100_000,
    "第二十条" * 20_000, "其他" * 50_000, "总计\t" * 50_000, "本年新收政府信息公开申请数量 " * 5_000,
])
def test_pathological_repetitions_finish(text: str) -> None:
    started = time.process_time()
    parse_text(text)
    assert time.process_time() - started < 10
