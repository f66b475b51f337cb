"""The architecture is a checked rule: `lint-imports` (import-linter, contracts in
pyproject.toml) keeps `crawler -> archive -> parsers`, the archive's floors and no cycles."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("archive", "crawler", "parsers")

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")


def lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    return subprocess.run([str(LINT), "--no-cache"], cwd=tree, env=env, capture_output=True,
                          text=True, timeout=300)


def copy_of_tree(tmp_path: Path) -> Path:
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pdf", "*.png", "*.docx"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_keeps_every_contract() -> None:
    proc = lint(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


#: (file, the import added to it, what lint-imports must then say)
BREAKS = [
    ("archive/stats.py", "from crawler.runner import run_crawl",
     "archive.stats -> crawler.runner"),  # the archive reaching up into the crawler
    ("archive/catalogue/models.py", "from archive.versions import store_record",
     "archive.catalogue.models -> archive.versions"),  # the bottom floor reaching up
    ("archive/web/render.py", "import archive.web.app",
     ".render -> .app"),  # a route helper importing the app factory: a cycle
]


@pytest.mark.parametrize(("path", "line", "named"), BREAKS)
def test_an_import_that_runs_back_up_breaks_a_contract(tmp_path: Path, path: str, line: str,
                                                        named: str) -> None:
    tree = copy_of_tree(tmp_path)
    module = tree / path
    module.write_text(module.read_text() + f"\n{line}  # noqa\n")
    proc = lint(tree)
    assert proc.returncode != 0
    assert named in proc.stdout
