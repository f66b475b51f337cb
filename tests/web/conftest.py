"""An archive filled the way a crawl fills it: the five real sample reports ingested as
fetched pages, one of them republished with an edited table cell and sentence (a second
version), the same agency's report for another year, and a hostile HTML page whose text
carries `<script>` and `onerror=` payloads."""

from __future__ import annotations

import html
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from archive.config import Settings
from archive.core import Archive
from archive.reports import find_report
from archive.web import create_app
from tests.samples import REPORTS as SAMPLES

BEILUN = "002_0587ca1cc9f7563f"  # 北仑区人民政府 2024: two genuine requests.balance failures
TEXT = {"Content-Type": "text/plain; charset=utf-8"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


@dataclass
class Filled:
    """What the filled archive holds, by the ids and digests tests need."""

    beilun: int  # 北仑区人民政府 2024: versions 1 and 2
    beilun_2023: int
    hostile: int  # the HTML page with script payloads
    beilun_url: str
    hostile_sha256: str


def sample(name: str) -> str:
    return (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")


def edited_beilun() -> str:
    """The 北仑 report as republished: 580 new requests by natural persons become 581 (the
    table cell) and one sentence gains a word."""
    text = sample(BEILUN)
    assert "\t580\n" in text and "北仑区全年通过" in text
    return text.replace("\t580\n", "\t581\n", 1).replace("北仑区全年通过", "北仑区全年共通过", 1)


def beilun_2023() -> str:
    """The same agency a year earlier (numbers shifted so the chart has two bars)."""
    return sample(BEILUN).replace("2024", "2023").replace("\t585\n", "\t480\n", 1)


def hostile_page() -> bytes:
    """A real report published as an HTML page that carries script payloads, live (tags)
    and as text the page shows (escaped entities, which extraction turns into text)."""
    text = sample("000_d707c82d816c5970").replace("北关区", "南关区")  # an agency of its own
    lines = text.splitlines()
    paragraphs = [f"<p>{html.escape(line)}</p>" for line in lines]
    paragraphs.insert(8, f"<p>本机关郑重说明：{html.escape(PAYLOAD)}</p>")
    page = (f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(lines[2])}'
            f"</title><script>window.__pwned=1</script></head><body>{PAYLOAD}"
            + "\n".join(paragraphs) + '<img src=x onerror="alert(1)"></body></html>')
    return page.encode("utf-8")


def fill(arc: Archive) -> Filled:
    """Ingest the samples (a day apart), the republished 北仑 report and the hostile page."""
    at = T0
    for path in sorted(SAMPLES.glob("*.txt")):
        arc.ingest(f"http://www.example.gov.cn/xxgk/{path.stem}.html", status=200,
                   body=path.read_bytes(), response_headers=TEXT, role="report", fetched_at=at)
        at += timedelta(hours=1)
    beilun_url = f"http://www.example.gov.cn/xxgk/{BEILUN}.html"
    arc.ingest(beilun_url, status=200, body=edited_beilun().encode(), response_headers=TEXT,
               role="report", fetched_at=T0 + timedelta(days=30))
    arc.ingest("http://www.example.gov.cn/xxgk/2023/beilun.html", status=200,
               body=beilun_2023().encode(), response_headers=TEXT, role="report",
               fetched_at=T0 - timedelta(days=300))
    hostile = arc.ingest("http://evil.example.gov.cn/report.html", status=200,
                         body=hostile_page(), response_headers=HTML, role="report",
                         fetched_at=T0 + timedelta(days=31))
    with arc.session() as s:
        return Filled(
            beilun=find_report(s, beilun_url).id,
            beilun_2023=find_report(s, "北仑区人民政府/2023").id,
            hostile=find_report(s, "http://evil.example.gov.cn/report.html").id,
            beilun_url=beilun_url,
            hostile_sha256=hostile.sha256 or "",
        )


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def web_arc(request: pytest.FixtureRequest,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """An archive on each catalogue backend, shared by one module's tests (they only read;
    filling it once per module keeps tests/web fast). Same setup as the `arc` fixture."""
    env = {"NIANBAO_HOME": str(tmp_path_factory.mktemp("web") / "home")}
    database = None
    if request.param == "postgres":
        from tests.conftest import _pg_connect

        admin = request.getfixturevalue("postgres_server")
        database = f"nianbao_web_{uuid.uuid4().hex[:12]}"
        with _pg_connect() as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        env["NIANBAO_DB_URL"] = (f"postgresql+psycopg://"
                                 f"{admin.rsplit('/', 1)[0].split('://', 1)[1]}/{database}")
    with Archive.open(Settings.from_env(env)) as archive:
        yield archive
    if database:
        with _pg_connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture(scope="module")
def filled(web_arc: Archive) -> Filled:
    """The module's archive filled as the docstring of this file says."""
    return fill(web_arc)


@pytest.fixture
def client(web_arc: Archive, filled: Filled) -> Iterator[TestClient]:
    """The web app over the filled archive, with a fresh cookie jar (so Chinese)."""
    with TestClient(create_app(web_arc)) as c:
        yield c
