"""Records to draw: the real expected records as they are, or with their numbers replaced by
plausible, self-consistent ones (most real records print 0 in every cell, which tells little
about how well digits are read).

A varied record keeps the real title, agency and year, and fills the tables so that every
consistency rule of docs/record.md holds (row totals, the 勾稽关系 balance, outcome sums,
review totals): a parser that nulls cells failing a rule then has no excuse.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

from parsers.templates import TEMPLATES

APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution",
              "public_interest_org", "legal_service_org", "other_org")
OUTCOMES = ("upheld", "corrected", "other", "pending")


def _count(rng: random.Random, scale: int) -> int:
    """A count as reports print them: many zeros, small numbers, now and then a large one."""
    r = rng.random()
    if r < 0.35:
        return 0
    if r < 0.8:
        return rng.randint(1, 9)
    if r < 0.95:
        return rng.randint(10, 99 * max(1, scale // 100))
    return rng.randint(100, max(101, scale))


def varied(record: dict[str, Any], seed: int) -> dict[str, Any]:
    """`record` with new numbers in every cell of its tables (same template, same keys)."""
    rng = random.Random(seed)
    out = copy.deepcopy(record)
    template = TEMPLATES[record.get("format") or "2021"]
    tables: dict[str, Any] = out.setdefault("tables", {})
    big = rng.choice((50, 500, 5000))

    ad = tables.setdefault("active_disclosure", {})
    for row in next(t for t in template.tables if t.key == "active_disclosure").rows:
        cells = ad.setdefault(row.key, {})
        for _, field in row.cells:
            if field.kind == "amount":
                cells[field.key] = rng.choice((0, rng.randint(1, 99999), round(rng.uniform(0, 999), 2)))
            elif field.kind == "signed":
                cells[field.key] = rng.randint(-20, 20)
            else:
                cells[field.key] = rng.choice((_count(rng, 300), rng.randint(0, 999999)))

    req_table = next(t for t in template.tables if t.key == "requests")
    keys = [r.key for r in req_table.rows]
    outcomes = keys[keys.index("granted"):keys.index("total_handled")]
    req: dict[str, dict[str, Any]] = {}
    for col in APPLICANTS:
        weight = 1.0 if col == "natural_person" else rng.choice((0.0, 0.0, 0.1, 0.3))
        parts = {k: int(_count(rng, big) * weight) for k in outcomes}
        handled = sum(parts.values())
        forward = int(_count(rng, 20) * weight)
        carried_over = rng.randint(0, handled + forward) if rng.random() < 0.5 else 0
        new = handled + forward - carried_over
        for k, v in parts.items():
            req.setdefault(k, {})[col] = v
        req.setdefault("new", {})[col] = new
        req.setdefault("carried_over", {})[col] = carried_over
        req.setdefault("total_handled", {})[col] = handled
        req.setdefault("carried_forward", {})[col] = forward
    tables["requests"] = {k: {**req[k], "total": sum(req[k].values())} for k in keys}

    review: dict[str, dict[str, int]] = {}
    for group in ("review", "litigation_direct", "litigation_after_review"):
        parts = {k: rng.choice((0, 0, rng.randint(1, 9), rng.randint(10, 60))) for k in OUTCOMES}
        review[group] = {**parts, "total": sum(parts.values())}
    tables["review_litigation"] = review
    return out


EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "expected"


def expected_records() -> list[dict[str, Any]]:
    """The five real records of tests/fixtures/expected, in name order."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXPECTED.glob("*.json"))]


def pick(i: int, numbers: str = "both") -> dict[str, Any]:
    """The i-th record to draw: real record i mod 5, its own numbers ("real"), varied ones
    ("varied", seed i), or alternately one and the other ("both": even i varied)."""
    records = expected_records()
    record = records[i % len(records)]
    if numbers == "varied" or numbers == "both" and i % 2 == 0:
        return varied(record, i)
    return record
