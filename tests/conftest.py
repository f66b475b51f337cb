"""Shared fixtures: a real SQLite file, a real PostgreSQL server, a real S3-compatible
server on 127.0.0.1, and an `Archive` on each catalogue backend."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.config import Settings

PG_ADMIN_URL = os.environ.get("NIANBAO_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def pytest_configure(config: pytest.Config) -> None:
    """Keep the suite away from the user's own archive: a command that finds no archive
    falls back to the per-user data directory, here a folder of the test run."""
    import tempfile

    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="nianbao-test-xdg-")
    os.environ.pop("NIANBAO_HOME", None)
    # Starlette's TestClient sends `Host: testserver`; the web app answers loopback names
    # and NIANBAO_ALLOWED_HOSTS only (tests/security/test_hosts.py)
    os.environ["NIANBAO_ALLOWED_HOSTS"] = "testserver"


def _pg_connect():  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)


def _start_local_postgres() -> None:
    """Start this machine's PostgreSQL cluster if it is installed but stopped."""
    clusters = Path("/etc/postgresql")
    if shutil.which("pg_ctlcluster") and clusters.is_dir():
        for version in os.listdir(clusters):
            subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
                           capture_output=True, timeout=60)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The admin URL of a reachable PostgreSQL server, or a skip saying why there is none."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'nianbao[postgres]')")
    try:
        _pg_connect().close()
    except Exception:
        _start_local_postgres()
        try:
            _pg_connect().close()
        except Exception as exc:
            pytest.skip(f"no PostgreSQL server at {PG_ADMIN_URL} and none could be started: {exc}")
    return PG_ADMIN_URL


@pytest.fixture
def pg_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"nianbao_test_{uuid.uuid4().hex[:12]}"
    with _pg_connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = postgres_server.rsplit("/", 1)[0].split("://", 1)[1]
    yield f"postgresql+psycopg://{base}/{name}"
    with _pg_connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for an empty archive on each catalogue backend (blobs in a temp folder)."""
    env = {"NIANBAO_HOME": str(tmp_path / "home")}
    if request.param == "postgres":
        env["NIANBAO_DB_URL"] = request.getfixturevalue("pg_url")
    return Settings.from_env(env)


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return Settings.from_env({"NIANBAO_HOME": str(tmp_path / "home")})


@pytest.fixture
def arc(settings: Settings) -> Iterator[object]:
    from archive import Archive

    with Archive.open(settings) as archive:
        yield archive


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A real S3-compatible HTTP server (moto's) on 127.0.0.1."""
    server_mod = pytest.importorskip("moto.server", reason="moto[server] is not installed")
    server = server_mod.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_store_url(s3_endpoint: str) -> str:
    """An empty bucket on the S3 server; the store URL to reach it."""
    import boto3

    bucket = f"nianbao-{uuid.uuid4().hex[:10]}"
    boto3.client("s3", endpoint_url=s3_endpoint).create_bucket(Bucket=bucket)
    return f"s3://{bucket}/blobs"


@pytest.fixture(scope="session")
def cjk_font() -> None:
    """For a test whose generated PDFs must show their Chinese: skips where no Chinese
    font is installed, since pdfium then drops or blanks some of it."""
    from tests.fixtures import make_fixtures as mf

    reason = mf.cjk_font_missing()
    if reason:
        pytest.skip(reason)
