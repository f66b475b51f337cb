"""docs/record.md and docs/datasette-metadata.json are made from the code (templates,
labels, rules, the `cells` table): when the code changes they must be made again."""

from __future__ import annotations

import json
import re
from pathlib import Path

import parsers
from archive.catalogue.cells import COLUMN_NOTES
from archive.catalogue.models import TableCell
from archive.cli import docs
from parsers.cells import CELLS
from parsers.checks import RULES

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"


def test_the_generated_documents_are_up_to_date() -> None:
    assert docs.stale(DOCS) == [], f"docs/ is out of date: run {docs.REGENERATE}"


def test_the_record_doc_names_every_cell_with_its_labels_and_meaning() -> None:
    text = (DOCS / "record.md").read_text(encoding="utf-8")
    for cell in CELLS:
        assert f"| `{cell.path}` | {cell.name}" in text, cell.path
    assert ("| `requests.new.total` | 一、本年新收政府信息公开申请数量 · 总计 | "
            "1. New requests this year · Total | count | both |") in text
    assert "| `本年新收.总计` | `requests.new.total`" in text
    assert "SCHEMA.md" not in text  # the repository documents the record itself


def test_every_rule_a_parser_reports_is_documented() -> None:
    source = "".join(p.read_text(encoding="utf-8")
                     for p in Path(parsers.__file__).parent.glob("*.py"))
    reported = set(re.findall(r'Check\((?:rule=)?"([a-z_.]+)"', source))
    assert reported and reported <= {r.name for r in RULES}
    text = (DOCS / "record.md").read_text(encoding="utf-8")
    assert all(f"| `{r.name}` |" in text for r in RULES)


def test_datasette_metadata_describes_every_column_of_cells() -> None:
    meta = json.loads((DOCS / "datasette-metadata.json").read_text(encoding="utf-8"))
    table = meta["databases"]["nianbao"]["tables"]["cells"]
    columns = [c.name for c in TableCell.__table__.columns]
    assert list(table["columns"]) == columns == list(COLUMN_NOTES)
    assert table["columns"]["value"].startswith("数值")


def test_a_stale_document_is_reported_and_rewritten(tmp_path: Path) -> None:
    assert docs.main([str(tmp_path), "--check"]) == 1
    assert docs.main([str(tmp_path)]) == 0
    assert docs.stale(tmp_path) == [] and docs.main([str(tmp_path), "--check"]) == 0
    (tmp_path / "record.md").write_text("edited by hand\n", encoding="utf-8")
    assert docs.stale(tmp_path) == ["record.md"]


def test_the_readme_links_the_record_doc() -> None:
    # (tests/architecture/test_self_contained.py: no file links outside the repository)
    assert "[the record](docs/record.md)" in (REPO / "README.md").read_text(encoding="utf-8")
