"""What changed between two versions of a report: table cells (path, old, new), the checks
that started or stopped failing, section text word by word (Chinese compared character by
character, numbers and Latin words as whole tokens), metadata, and the raw bytes' hashes."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from typing import Any

from parsers.record import flatten_cells

#: Metadata compared between versions: (label, path into the record).
METADATA_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("title", ("title",)),
    ("agency", ("agency",)),
    ("year", ("year",)),
    ("format", ("format",)),
    ("published", ("source", "published")),
    ("url", ("source", "url")),
    ("attachments", ("source", "attachments")),
)
_TOKEN = re.compile(r"[0-9０-９]+(?:[.,][0-9]+)*|[A-Za-z]+|\s+|.", re.S)


@dataclass(frozen=True)
class CellChange:
    path: str
    old: Any
    new: Any


@dataclass
class RecordDiff:
    cells: list[CellChange] = field(default_factory=list)
    checks_started: list[dict[str, Any]] = field(default_factory=list)
    checks_stopped: list[dict[str, Any]] = field(default_factory=list)
    #: Still failing, with other numbers: the new check plus its `old_detail`.
    checks_changed: list[dict[str, Any]] = field(default_factory=list)
    sections: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    metadata: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.cells or self.checks_started or self.checks_stopped
                    or self.checks_changed or self.sections or self.metadata)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["sections"] = {k: [{"op": op, "text": t} for op, t in ops]
                           for k, ops in self.sections.items()}
        return out


def tokens(text: str) -> list[str]:
    """Word-level units for Chinese text: characters, with numbers and Latin words whole."""
    return _TOKEN.findall(text or "")


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) runs, op in "=", "-", "+": a paragraph with one changed figure shows that
    figure, not the whole paragraph, as changed."""
    a, b = tokens(old), tokens(new)
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("+", "".join(b[j1:j2])))
    return ops


def _sections(record: dict[str, Any]) -> dict[str, str]:
    sections = record.get("sections") or {}
    out = {k: v for k, v in sections.items() if isinstance(v, str)}
    for i, part in enumerate(sections.get("parts") or []):
        if isinstance(part, dict):
            out[f"parts[{part.get('heading') or i}]"] = part.get("text") or ""
    return out


def _get(record: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = record
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _check_key(check: dict[str, Any]) -> tuple[str, str, str]:
    return (check.get("rule", ""), check.get("where") or "", check.get("detail") or "")


def compare_checks(old: list[dict[str, Any]], new: list[dict[str, Any]]
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(started, stopped, changed): a rule failing at the same place in both versions with a
    different detail (580+9 != 587+1, then 580+9 != 590+1) is one check still failing with new
    numbers, not a new failure and a cleared one."""
    same = {_check_key(c) for c in old} & {_check_key(c) for c in new}
    left: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for c in old:
        if _check_key(c) not in same:
            left.setdefault(_check_key(c)[:2], []).append(c)
    started, changed = [], []
    for c in new:
        if _check_key(c) in same:
            continue
        earlier = left.get(_check_key(c)[:2])
        if earlier:
            changed.append({**c, "old_detail": earlier.pop(0).get("detail")})
        else:
            started.append(c)
    remaining = {id(c) for rest in left.values() for c in rest}
    stopped = [c for c in old if id(c) in remaining]
    return started, stopped, changed


def diff_records(old: dict[str, Any], new: dict[str, Any]) -> RecordDiff:
    """The differences between two records, cell by cell and word by word."""
    diff = RecordDiff()
    a, b = flatten_cells(old.get("tables")), flatten_cells(new.get("tables"))
    for path in sorted(a.keys() | b.keys(), key=lambda p: (p not in a, p)):
        if a.get(path) != b.get(path) or (path in a) != (path in b):
            diff.cells.append(CellChange(path, a.get(path), b.get(path)))
    diff.checks_started, diff.checks_stopped, diff.checks_changed = compare_checks(
        old.get("checks") or [], new.get("checks") or [])
    sa, sb = _sections(old), _sections(new)
    for name in list(sa) + [n for n in sb if n not in sa]:
        if sa.get(name, "") != sb.get(name, ""):
            diff.sections[name] = text_diff(sa.get(name, ""), sb.get(name, ""))
    for label, path in METADATA_FIELDS:
        va, vb = _get(old, path), _get(new, path)
        if va != vb:
            diff.metadata.append({"field": label, "old": va, "new": vb})
    return diff
