"""The repository is self-contained: no file reads, links or names a folder outside it.

A clone alone runs every command, test and benchmark: sample reports are vendored in
tests/fixtures/samples (tests/samples.py), never read from a sibling `shared/` folder or from
one machine's absolute paths (/work, /root, /home, /Users). System paths that exist on
every machine where the feature is used (/usr/bin/chromium, /etc, /tmp) are not looked for.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: What points outside the repository.
OUTSIDE = re.compile(
    r"\.\./shared\b"  # the sibling folder, relative
    r"|[\"']shared[\"']\s*/|/\s*[\"']shared[\"']"  # ... or built with pathlib: parents[2] / "shared"
    r"|\bshared/(?:samples|portals|SCHEMA|DESIGN|ARCHITECTURE|hooks)\b"  # ... or named in prose
    r"|(?<![\w.:/~-])/(?:work|root|home|Users)/"  # one machine's absolute paths (not URL paths)
    r"|\b[A-Za-z]:\\+Users\\"  # the same on Windows
)

#: Files allowed to match, each with why. Keep this minimal.
EXEMPT = {
    "tests/architecture/test_self_contained.py": "spells out the patterns it looks for",
}


def outside_references(text: str) -> list[tuple[int, str]]:
    """(line number, line) of every line of `text` that points outside the repository."""
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1)
            if OUTSIDE.search(line)]


def repository_files() -> list[str]:
    """Every file git knows of or would add (tracked, plus untracked and not ignored)."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, check=True, timeout=60).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"not a git checkout, nothing to list: {exc}")
    return sorted({name for name in out.decode("utf-8").split("\0") if name})


def text_of(path: Path) -> str | None:
    """The file's text, or None for a binary file (a PDF, an image) or one that is gone."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None  # deleted in the work tree but still in the index
    if b"\0" in data[:8192]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def test_no_file_points_outside_the_repository() -> None:
    found = []
    files = repository_files()
    assert "tests/samples.py" in files and "README.md" in files
    for name in files:
        text = None if name in EXEMPT else text_of(ROOT / name)
        found += [f"{name}:{n}: {line[:120]}" for n, line in outside_references(text or "")]
    assert not found, ("these lines point outside the repository (vendor the file under "
                       "tests/fixtures/samples or docs/ and use a repository path):\n"
                       + "\n".join(found))


@pytest.mark.parametrize("line", [
    "[the record](../shared/SCHEMA.md)",
    'SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"',
    'REAL = Path("/work/shared/samples/pdf")',
    "python -m crawler.seed_portals shared/portals/real-portals.csv",
    "cd /root/nianbao && make",
    "open('/home/alice/reports/a.pdf')",
    r"C:\Users\alice\nianbao",
])
def test_a_reference_outside_is_found(line: str) -> None:
    assert outside_references(f"first line\n{line}\n") == [(2, line)]


@pytest.mark.parametrize("line", [
    "http://www.example.gov.cn/home/xxgk/ndbg/index.html",  # a portal's URL path
    "https://fgw.beijing.gov.cn/work/2024/",
    'CHROMIUM = "/usr/bin/chromium"',
    'clusters = Path("/etc/postgresql")',
    "Helpers shared by the extraction tests.",
    "the shared frontier (Redis) of several crawlers",
    'href="tests/fixtures/samples/reports/002_0587ca1cc9f7563f.txt"',
])
def test_urls_system_paths_and_the_word_shared_are_fine(line: str) -> None:
    assert outside_references(line) == []
