"""A plain install works: the wheel, installed into a fresh virtualenv outside the repository,
carries its migrations and data and runs the everyday commands."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_REPORT = ROOT / "tests" / "fixtures" / "samples" / "pdf" / "13_hongze_2024.pdf"
REPORT_URL = "https://www.hongze.gov.cn/hzqrmzf/zfxxgknb/content/2024.html"

pytestmark = pytest.mark.slow


def _sh(*args: str | Path, cwd: Path, env: dict[str, str] | None = None,
        ) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, f"{args}: {proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built from a copy of its sources (the checkout stays clean)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for package in ("archive", "parsers", "crawler"):
        shutil.copytree(ROOT / package, src / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = tmp_path_factory.mktemp("dist")
    _sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
        "-w", dist, src, cwd=src)
    return next(dist.glob("nianbao-*.whl"))


def test_the_wheel_carries_migrations_templates_and_the_sample_portal(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    migrations = {n for n in names if n.startswith("archive/catalogue/migrations/versions/")}
    shipped = {Path(n).name for n in migrations}
    in_tree = {p.name for p in (ROOT / "archive/catalogue/migrations/versions").glob("*.py")}
    assert in_tree and in_tree <= shipped
    assert {"archive/catalogue/migrations/env.py",
            "archive/catalogue/migrations/script.py.mako"} <= names
    assert any(n.startswith("archive/web/templates/") for n in names)
    assert "crawler/portals.toml" in names
    assert any(n.startswith("crawler/sample_portal/") and n.endswith(".html") for n in names)


def test_a_fresh_virtualenv_with_the_wheel_runs_the_everyday_commands(
        wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _sh(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    py = venv / "bin" / "python"
    # the dependencies come from the test environment (no download); nianbao itself only
    # from the wheel: a .pth line adds a folder without running that folder's .pth files,
    # so the checkout's editable install is not visible
    site = Path(_sh(py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                    cwd=tmp_path).stdout.strip())
    deps = [p for p in sys.path if p.endswith("site-packages")] or [
        sysconfig.get_paths()["purelib"]]
    (site / "test-deps.pth").write_text("\n".join(deps) + "\n")
    _sh(sys.executable, "-m", "pip", "--python", py, "install", "--no-deps", "-q", wheel,
        cwd=tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NIANBAO_HOME")}
    env |= {"NIANBAO_HOME": str(work / "data"), "XDG_DATA_HOME": str(tmp_path / "xdg"),
            "COLUMNS": "200"}
    where = _sh(py, "-c", "import archive, parsers; print(archive.__file__)", cwd=work, env=env)
    assert where.stdout.startswith(str(site)), where.stdout

    nianbao = venv / "bin" / "nianbao"
    upgrade = _sh(nianbao, "db", "upgrade", cwd=work, env=env)
    assert "upgraded from empty to" in upgrade.stdout
    _sh(nianbao, "ingest", SAMPLE_REPORT, "--url", REPORT_URL, cwd=work, env=env)
    found = _sh(nianbao, "search", "行政复议", cwd=work, env=env)
    assert "洪泽区" in found.stdout and "2024" in found.stdout
    _sh(nianbao, "export", "--format", "warc", "--out", work / "a.warc.gz", cwd=work, env=env)
    assert (work / "a.warc.gz").stat().st_size > 1000
    _sh(nianbao, "export", "--format", "xlsx", "--out", work / "a.xlsx", cwd=work, env=env)
    assert zipfile.is_zipfile(work / "a.xlsx")
