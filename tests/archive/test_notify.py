"""Notifications: a webhook receiver on 127.0.0.1 gets exactly one JSON message per report
published, changed and withdrawn by a crawl; a dead receiver does not fail the crawl and
its failure is recorded with the attempts made; targets filter by portal, agency, region
and event kind; `nianbao notify test` reaches every target."""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from archive.errors import ConfigError
from archive.notify import Message, Target, load_targets, mask
from crawler.runner import CrawlSummary, run_crawl
from crawler.sample_portal import site as sample_site
from tests.clirun import nianbao
from tests.crawler.conftest import FAST

#: The sample portal's reports, as published (crawler/sample_portal).
PUBLISHED = ["北仑区人民政府 2024", "北关区工信局 2024", "北关区红旗路街道办事处 2023",
             "北关区行政审批和政务信息管理局 2024", "孟津区行政审批和政务信息管理局 2024",
             "洪泽区人民政府 2023", "淮安市人民政府 2024", "淮安市洪泽区人民政府 2024"]


class Receiver:
    """A webhook endpoint on 127.0.0.1 that keeps every JSON body posted to it."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - stdlib naming
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.posts.append(json.loads(body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"json://127.0.0.1:{self.server.server_address[1]}/hook"

    def take(self) -> list[dict[str, Any]]:
        posts, self.posts = self.posts, []
        return posts

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "data"))
    for name in ("NIANBAO_DB_URL", "NIANBAO_STORE_URL", "NIANBAO_NOTIFY_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NIANBAO_NOTIFY_BACKOFF", "0.05")
    return tmp_path / "data"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def crawl(url: str) -> CrawlSummary:
    return run_crawl([], urls=[url], url_key="mock", progress=False, settings_overrides=FAST)


def notifications(home: Path) -> list[dict[str, Any]]:
    con = sqlite3.connect(home / "nianbao.sqlite")
    con.row_factory = sqlite3.Row
    rows = [dict(r) for r in con.execute(
        "select target, topic, title, status, attempts, error, event_id from notifications "
        "order by id")]
    con.close()
    return rows


@pytest.mark.slow
def test_a_webhook_gets_one_message_per_report_event(home: Path, receiver: Receiver,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_NOTIFY", receiver.url)
    portal = sample_site()
    url, stop = portal.serve()
    try:
        assert crawl(url).ok
        first = receiver.take()
        portal.files = sample_site(later=True).files  # a table corrected, a report taken down
        assert crawl(url).ok
        second = receiver.take()
        assert crawl(url).ok  # the report gone from two complete crawls: withdrawn
        third = receiver.take()
    finally:
        stop()

    assert sorted(p["title"] for p in first) == [
        f"[nianbao] {name}: published (version 1)" for name in PUBLISHED]
    assert [p["title"] for p in second] == ["[nianbao] 北仑区人民政府 2024: changed (version 2)"]
    assert [p["title"] for p in third] == ["[nianbao] 洪泽区人民政府 2023: withdrawn"]
    for post in first + second + third:
        assert set(post) == {"version", "title", "message", "attachments", "type"}
        lines = post["message"].splitlines()
        assert lines[0] == post["title"].removeprefix("[nianbao] ")
        assert lines[1].startswith("when: ") and lines[1].endswith("+08:00")
        assert lines[2].startswith("portal: mock (")
        assert lines[-1].startswith("see: nianbao history ")
    assert any(line.startswith(f"url: {url}") for line in second[0]["message"].splitlines())
    kept = notifications(home)
    assert [(n["topic"], n["status"], n["attempts"]) for n in kept] == [("event", "sent", 1)] * 10
    assert all(n["target"] == mask(receiver.url) and n["event_id"] for n in kept)


@pytest.mark.slow
def test_a_dead_receiver_does_not_fail_the_crawl(home: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    dead = f"json://127.0.0.1:{closed_port()}/hook"
    monkeypatch.setenv("NIANBAO_NOTIFY", dead)
    url, stop = sample_site().serve()
    try:
        summary = crawl(url)
    finally:
        stop()
    assert summary.ok and summary.failures == []
    kept = notifications(home)
    assert [(n["status"], n["attempts"]) for n in kept] == [("failed", 3)] + [("failed", 0)] * 7
    assert "Connection error" in kept[0]["error"]
    assert all(n["error"].startswith("not tried: the target failed just before")
               for n in kept[1:])
    # the crawl's run is recorded as finished, with its reports
    con = sqlite3.connect(home / "nianbao.sqlite")
    assert con.execute("select status from crawl_runs").fetchall() == [("finished",)]
    assert con.execute("select count(*) from reports").fetchone() == (8,)
    con.close()


def message(topic: str = "published", **kw: Any) -> Message:
    fields: dict[str, Any] = dict(title="t", body="b", portal_key="huaian",
                                  agency_names=("洪泽区人民政府", "320813|人民政府"),
                                  regions=("江苏省淮安市洪泽区",), region_codes=("320813",))
    return Message(topic, **(fields | kw))


def test_targets_filter_by_portal_agency_region_and_event() -> None:
    url = "json://127.0.0.1:9/hook"
    assert Target(url).wants(message())
    assert Target(url, portals=("huaian",)).wants(message())
    assert not Target(url, portals=("ningbo",)).wants(message())
    assert Target(url, agencies=("洪泽区人民政府",)).wants(message())
    assert not Target(url, agencies=("北仑区人民政府",)).wants(message())
    assert not Target(url, agencies=("洪泽区人民政府",)).wants(message("health"))
    assert Target(url, regions=("淮安市",)).wants(message())
    assert Target(url, regions=("3208",)).wants(message())
    assert not Target(url, regions=("宁波",)).wants(message())
    assert Target(url, events=("withdrawn", "health")).wants(message("health"))
    assert not Target(url, events=("withdrawn",)).wants(message("changed"))


def test_targets_come_from_the_variable_and_the_file(tmp_path: Path) -> None:
    file = tmp_path / "notify.toml"
    file.write_text('[[targets]]\nurl = "json://127.0.0.1:9/a"\nportals = ["huaian"]\n'
                    'events = ["published", "health"]\n', encoding="utf-8")
    targets = load_targets({"NIANBAO_NOTIFY": "json://127.0.0.1:9/x, json://127.0.0.1:9/y",
                            "NIANBAO_NOTIFY_FILE": str(file)})
    assert [t.url for t in targets] == ["json://127.0.0.1:9/x", "json://127.0.0.1:9/y",
                                        "json://127.0.0.1:9/a"]
    assert targets[2].portals == ("huaian",) and targets[2].events == ("published", "health")
    assert mask("mailto://clerk:secret@mail.example.gov.cn") == \
        "mailto://clerk:****@mail.example.gov.cn"
    assert mask("dingtalk://abcdef1234567890/") == "dingtalk://a...0"


@pytest.mark.parametrize(("text", "error"), [
    ('[[targets]]\nurl = "json://h/a"\nevents = ["moved"]\n', "unknown event 'moved'"),
    ('[[targets]]\nurl = "json://h/a"\nportal = ["x"]\n', "unknown key 'portal'"),
    ('[[targets]]\nurl = "nonsense://h/a"\n', "is not a notification URL apprise knows"),
    ("targets = 3\n", "no [[targets]] in it"),
])
def test_a_bad_targets_file_is_one_line(tmp_path: Path, text: str, error: str) -> None:
    file = tmp_path / "notify.toml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"NIANBAO_NOTIFY_FILE=.*notify\.toml") as exc:
        load_targets({"NIANBAO_NOTIFY_FILE": str(file)})
    assert error in str(exc.value) and "\n" not in str(exc.value)


def test_notify_test_reports_per_target(home: Path, receiver: Receiver,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    dead = f"json://127.0.0.1:{closed_port()}/hook"
    env_file = home.parent / "notify.toml"
    env_file.write_text(f'[[targets]]\nurl = "{receiver.url}"\n\n[[targets]]\nurl = "{dead}"\n'
                        'events = ["health"]\n', encoding="utf-8")
    monkeypatch.setenv("NIANBAO_NOTIFY_FILE", str(env_file))
    done = nianbao(["notify", "test"], home=home, cwd=home.parent)
    assert done.returncode == 1, done.stderr
    assert [p["title"] for p in receiver.take()] == ["[nianbao] test notification"]
    lines = done.stdout.splitlines()
    assert any(mask(receiver.url) in line and " sent " in line for line in lines)
    assert any(mask(dead) in line and "failed" in line and "Connection error" in line
               for line in lines)
    log = nianbao(["notify", "log", "--json"], home=home, cwd=home.parent)
    assert [(r["status"], r["topic"]) for r in json.loads(log.stdout)] == [
        ("failed", "test"), ("sent", "test")]


def test_notify_test_without_targets_says_how_to_set_them(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NIANBAO_NOTIFY", raising=False)
    done = nianbao(["notify", "test"], home=home, cwd=home.parent)
    assert done.returncode != 0
    assert "no notification target: set NIANBAO_NOTIFY" in done.stderr
    assert "Traceback" not in done.stderr
