"""`nianbao demo` shows the headline feature: after `nianbao demo --republish` (the sample
portal as its agencies later changed it) the archive holds a corrected report's second
version, a page recaptured without a new version, and a withdrawn report. The demo's
addresses do not depend on the port it was served on, so a rerun on another port (the
usual one busy) sees the same documents, never "seen at a new URL"."""

from __future__ import annotations

import difflib
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select

from archive import Archive
from archive.catalogue.models import Document, Event, Fetch, Report
from archive.reports import diff_versions, find_report, history
from crawler.sample_portal import SAMPLE_URL, serve, site
from crawler.sample_portal.republish import (
    BEIGUAN_PAGE,
    BEILUN_PAGE,
    HONGZE_2023_PAGE,
    HONGZE_2023_PDF,
    StaleEditError,
    republished,
)
from parsers.record import failing_rules
from tests.clirun import nianbao

LIST_PAGE_2 = "/zwgk/zfxxgknb/index_1.html"


def changed_lines(old: bytes, new: bytes) -> list[str]:
    """The lines of `new` that differ from `old` (+) and those it lost (-)."""
    return [line for line in difflib.unified_diff(old.decode().splitlines(),
                                                  new.decode().splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_the_later_portal_is_the_published_one_with_three_edits() -> None:
    published, later = site().files, site(later=True).files
    assert {p for p in published if later.get(p) != published[p]} == {
        BEILUN_PAGE, BEIGUAN_PAGE, LIST_PAGE_2, HONGZE_2023_PAGE, HONGZE_2023_PDF}
    # 北仑区: two cells of one row of the requests table, nothing else
    assert changed_lines(published[BEILUN_PAGE], later[BEILUN_PAGE]) == [
        "-<p>580</p>", "+<p>579</p>", "-<p>0</p>", "+<p>1</p>"]
    # 北关区: the footer only, the report's text untouched
    footer = changed_lines(published[BEIGUAN_PAGE], later[BEIGUAN_PAGE])
    assert len(footer) == 2 and all('class="footer"' in line for line in footer)
    assert "更新日期：2025-04-07" in footer[1]
    # 洪泽区 2023: off the list, its page and PDF gone
    assert HONGZE_2023_PAGE.encode() in published[LIST_PAGE_2]
    assert HONGZE_2023_PAGE.encode() not in later[LIST_PAGE_2]
    assert HONGZE_2023_PAGE not in later and HONGZE_2023_PDF not in later


def test_the_later_portal_answers_404_for_the_report_taken_down() -> None:
    url, stop = serve(later=True)
    try:
        with pytest.raises(urllib.error.HTTPError) as gone:
            urllib.request.urlopen(url + HONGZE_2023_PAGE.lstrip("/"), timeout=10)
        assert gone.value.code == 404
        with urllib.request.urlopen(url + BEILUN_PAGE.lstrip("/"), timeout=10) as page:
            assert "<p>579</p>" in page.read().decode()
    finally:
        stop()


def test_an_edit_the_rebuilt_site_no_longer_matches_says_where_to_fix_it() -> None:
    files = dict(site().files)
    files[BEILUN_PAGE] = "<p>一个重新生成的页面</p>".encode()
    with pytest.raises(StaleEditError, match=re.escape(BEILUN_PAGE) + ".*republish.py"):
        republished(files)


@contextmanager
def busy(port: int) -> Iterator[None]:
    """`port` on 127.0.0.1 taken by another program for the duration (or already taken)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", port))
        sock.listen(1)
    except OSError:
        pass  # someone else holds it: just as busy
    try:
        yield
    finally:
        sock.close()


def served_port(stdout: str) -> int:
    found = re.search(r"served on 127\.0\.0\.1:(\d+)", stdout)
    assert found, stdout
    return int(found.group(1))


def archive_at(home: Path, monkeypatch: pytest.MonkeyPatch) -> Archive:
    monkeypatch.setenv("NIANBAO_HOME", str(home))
    for name in ("NIANBAO_DB_URL", "NIANBAO_STORE_URL", "NIANBAO_STORE_OPTIONS"):
        monkeypatch.delenv(name, raising=False)
    return Archive.open()


def event_kinds(arc: Archive) -> list[str]:
    with arc.session() as s:
        return list(s.scalars(select(Event.kind).order_by(Event.id)))


@pytest.mark.slow
def test_demo_on_busy_ports_then_republished(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "data"
    with busy(8765):  # the port the demo used to insist on, and the registry's sample entry
        first = nianbao(["demo"], home=home, cwd=tmp_path)
        assert first.returncode == 0, first.stderr
        with busy(served_port(first.stdout)):  # so the rerun is surely on another port
            again = nianbao(["demo"], home=home, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert served_port(again.stdout) != served_port(first.stdout)
    assert "nianbao demo --republish" in first.stdout  # the hint to the headline feature

    arc = archive_at(home, monkeypatch)
    with arc.session() as s:
        urls = list(s.scalars(select(Document.url)))
        assert len(s.scalars(select(Report)).all()) == 8
    assert urls and all(u.startswith(SAMPLE_URL) for u in urls), urls
    assert event_kinds(arc) == ["published"] * 8, "a rerun on another port moved nothing"
    arc.close()

    later = nianbao(["demo", "--republish"], home=home, cwd=tmp_path)
    assert later.returncode == 0, later.stderr
    assert "withdrawn" in later.stdout
    assert "nianbao diff 北仑区人民政府/2024 --from 1 --to 2" in later.stdout

    arc = archive_at(home, monkeypatch)
    with arc.session() as s:
        # 北仑区: a second version; the two corrected cells; both balance checks clear
        beilun = find_report(s, SAMPLE_URL + BEILUN_PAGE.lstrip("/"))
        vd = diff_versions(s, beilun, 1, 2)
        assert (vd.old.cause, vd.new.cause) == ("published", "changed")
        assert sorted((c.old, c.new) for c in vd.diff.cells) == [(0, 1), (580, 579)]
        assert "requests.balance" in failing_rules(vd.old.record)
        assert "requests.balance" not in failing_rules(vd.new.record)
        # 北关区: the page captured twice (new bytes), still one version
        beiguan = find_report(s, SAMPLE_URL + BEIGUAN_PAGE.lstrip("/"))
        assert [e.kind for e in history(s, beiguan)] == ["published"]
        captures = set(s.scalars(select(Fetch.sha256).where(
            Fetch.url == SAMPLE_URL + BEIGUAN_PAGE.lstrip("/"), Fetch.sha256.is_not(None))))
        assert len(captures) == 2
        # 洪泽区 2023: withdrawn
        hongze = find_report(s, SAMPLE_URL + HONGZE_2023_PAGE.lstrip("/"))
        assert hongze.status == "withdrawn"
        assert [e.kind for e in history(s, hongze)] == ["published", "withdrawn"]
        assert len(s.scalars(select(Report)).all()) == 8
    assert "new_source" not in event_kinds(arc)
    arc.close()
