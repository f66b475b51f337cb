"""Several `nianbao ingest` processes filing versions of the same report at the same time:
none of them dies, every file is filed, and the report's versions are numbered 1..K.

Each process imports files of 北仑区人民政府's 2024 report that differ in one number (the
applications from natural persons, 580 in the sample), so every file is a new version of the
one report and all writers compete for the next version number and for version sources."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from archive import Archive
from archive.catalogue.models import Report, ReportVersion, VersionSource
from archive.config import Settings

SAMPLE = next((Path(__file__).parent.parent / "fixtures/samples/reports").glob("002_*.txt"))
PROCESSES = 4
FILES_EACH = 6
INGEST = [sys.executable, "-c", "from archive.cli.main import main; main()", "ingest"]


@pytest.fixture(params=["sqlite", "postgres"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """The environment of an archive that exists and is empty, on each catalogue backend."""
    env = {"NIANBAO_HOME": str(tmp_path / "home")}
    if request.param == "postgres":
        env["NIANBAO_DB_URL"] = request.getfixturevalue("pg_url")
    Archive.open(Settings.from_env(env)).close()
    return env


def report_files(folder: Path) -> list[list[Path]]:
    """PROCESSES lists of FILES_EACH report texts, each with its own number of applications."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert text.count("\t580\n") == 1, "the sample's table cell to vary has moved"
    folder.mkdir()
    batches = []
    for p in range(PROCESSES):
        batch = []
        for i in range(FILES_EACH):
            path = folder / f"beilun_{p}_{i}.txt"
            path.write_text(text.replace("\t580\n", f"\t{1000 + p * FILES_EACH + i}\n"),
                            encoding="utf-8")
            batch.append(path)
        batches.append(batch)
    return batches


def test_parallel_ingests_number_versions_without_gaps(env: dict[str, str],
                                                        tmp_path: Path) -> None:
    batches = report_files(tmp_path / "files")
    procs = [subprocess.Popen([*INGEST, *map(str, batch)], env={**os.environ, **env},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for batch in batches]
    outputs = [proc.communicate(timeout=300) for proc in procs]
    for proc, (_, stderr) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, stderr
        assert len(stderr) < 2000  # whatever it printed is lines, not a statement dump

    files = PROCESSES * FILES_EACH
    with Archive.open(Settings.from_env(env)) as arc, arc.session() as s:
        reports = s.scalars(select(Report)).all()
        assert [(r.agency, r.year) for r in reports] == [("北仑区人民政府", 2024)]
        numbers = s.scalars(select(ReportVersion.number).where(
            ReportVersion.report_id == reports[0].id).order_by(ReportVersion.number)).all()
        assert numbers == list(range(1, files + 1))
        versions_per_blob = s.execute(
            select(VersionSource.sha256, func.count(func.distinct(VersionSource.version_id)))
            .group_by(VersionSource.sha256)).all()
        assert len(versions_per_blob) == files  # every file is filed
        assert {count for _, count in versions_per_blob} == {1}


def test_a_refused_write_is_one_short_line_without_the_parameters(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import IntegrityError

    from archive.cli.main import _db_reason

    engine = create_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (k INTEGER UNIQUE, record TEXT)"))
        conn.execute(text("INSERT INTO t VALUES (1, 'a')"))
    with pytest.raises(IntegrityError) as caught, engine.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (1, :record)"), {"record": "北仑" * 10_000})
    reason = _db_reason(caught.value)
    assert reason == "UNIQUE constraint failed: t.k"
    assert "北仑" not in reason and "\n" not in reason
