"""Consistency rules over a record's tables (docs/record.md, "Consistency rules").

Rules only *flag*: a failing rule adds a `Check` naming the rule, where it fails and the
numbers involved; the numbers themselves are never changed. A rule that involves a null
cell is not evaluated (the null already has its `cell.missing` check).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parsers.record import Check, Record
from parsers.templates import TEMPLATES, Template

APPLICANT_COLUMNS = (
    "natural_person", "commercial_enterprise", "research_institution",
    "public_interest_org", "legal_service_org", "other_org",
)
ALL_COLUMNS = (*APPLICANT_COLUMNS, "total")


def missing_cells(template: Template, tables: dict[str, Any]) -> list[Check]:
    """A `cell.missing` check for every template cell that is null (tables that are
    absent altogether are reported once, as `table.missing`, by the caller)."""
    out: list[Check] = []
    for spec in template.tables:
        table = tables.get(spec.key)
        if table is None:
            continue
        for row in spec.rows:
            for group, f in row.cells:
                if table.get(group, {}).get(f.key) is None:
                    out.append(Check("cell.missing", f"{spec.key}.{group}.{f.key}"))
    return out


def outcome_rows(template: Template) -> tuple[str, ...]:
    """The request rows that add up to `total_handled`: from 予以公开 to the last
    其他处理 row, as the template prints them."""
    keys = [row.key for row in next(t for t in template.tables if t.key == "requests").rows]
    return tuple(keys[keys.index("granted"):keys.index("total_handled")])


def table_checks(template: Template, tables: dict[str, Any]) -> list[Check]:
    """All consistency rules of docs/record.md over the tables of one record."""
    out: list[Check] = []
    requests = tables.get("requests")
    if requests:
        out += _requests_checks(requests, outcome_rows(template))
    review = tables.get("review_litigation")
    if review:
        for group, cells in review.items():
            parts = [cells.get(k) for k in ("upheld", "corrected", "other", "pending")]
            total = cells.get("total")
            if total is None or any(p is None for p in parts):
                continue
            if sum(p for p in parts if p is not None) != total:
                out.append(Check("review_litigation.total", group, f"{'+'.join(map(str, parts))} != {total}"))
    return out


def _requests_checks(requests: dict[str, dict[str, Any]], outcomes: tuple[str, ...]) -> list[Check]:
    out: list[Check] = []

    def cell(row: str, col: str) -> Any:
        return requests.get(row, {}).get(col)

    for col in ALL_COLUMNS:
        values = [cell(r, col) for r in ("new", "carried_over", "total_handled", "carried_forward")]
        if None not in values:
            new, carried_over, handled, carried_forward = values
            if new + carried_over != handled + carried_forward:
                out.append(Check("requests.balance", col,
                                 f"{new}+{carried_over} != {handled}+{carried_forward}"))
    for col in ALL_COLUMNS:
        parts = [cell(r, col) for r in outcomes]
        handled = cell("total_handled", col)
        if None not in parts and handled is not None and sum(parts) != handled:
            out.append(Check("requests.total_handled", col, f"sum of outcomes {sum(parts)} != {handled}"))
    for row, cells in requests.items():
        parts = [cells.get(c) for c in APPLICANT_COLUMNS]
        total = cells.get("total")
        if None not in parts and total is not None and sum(parts) != total:
            out.append(Check("requests.row_total", row, f"{'+'.join(map(str, parts))} != {total}"))
    return out


#: The rules over a record's own tables that add cells up (see `sums`).
ADDING_RULES = ("requests.balance", "requests.total_handled", "requests.row_total",
                "review_litigation.total")


def sums(template: Template) -> list[tuple[str, str, list[str], list[str]]]:
    """Every sum the consistency rules check in a record of `template`, as (rule, where,
    cells on the left, cells on the right; dotted paths): the left adds up to the right."""
    out: list[tuple[str, str, list[str], list[str]]] = []
    spec = next((t for t in template.tables if t.key == "requests"), None)
    if spec is not None:
        for col in ALL_COLUMNS:
            out.append(("requests.balance", col, [f"requests.new.{col}", f"requests.carried_over.{col}"],
                        [f"requests.total_handled.{col}", f"requests.carried_forward.{col}"]))
            out.append(("requests.total_handled", col,
                        [f"requests.{r}.{col}" for r in outcome_rows(template)],
                        [f"requests.total_handled.{col}"]))
        for row in spec.rows:
            out.append(("requests.row_total", row.key,
                        [f"requests.{row.key}.{c}" for c in APPLICANT_COLUMNS], [f"requests.{row.key}.total"]))
    if any(t.key == "review_litigation" for t in template.tables):
        for group in ("review", "litigation_direct", "litigation_after_review"):
            out.append(("review_litigation.total", group,
                        [f"review_litigation.{group}.{c}" for c in ("upheld", "corrected", "other", "pending")],
                        [f"review_litigation.{group}.total"]))
    return out


def cross_year_checks(prev_record: Record | dict[str, Any], record: Record | dict[str, Any]) -> list[Check]:
    """The rule across two years of one agency's reports: what year N-1 carried forward
    (结转下年度继续办理) is what year N carried over (上年结转), column by column.

    The archive decides that the two records are the same agency's; this returns [] when
    the years are not consecutive or either record has no requests table.
    """
    prev = prev_record.to_dict() if isinstance(prev_record, Record) else prev_record
    cur = record.to_dict() if isinstance(record, Record) else record
    if prev.get("year") is None or cur.get("year") is None or cur["year"] != prev["year"] + 1:
        return []
    before = (prev.get("tables") or {}).get("requests") or {}
    now = (cur.get("tables") or {}).get("requests") or {}
    forward, over = before.get("carried_forward") or {}, now.get("carried_over") or {}
    out: list[Check] = []
    for col in ALL_COLUMNS:
        a, b = forward.get(col), over.get(col)
        if a is not None and b is not None and a != b:
            out.append(Check("requests.carried_over", col,
                             f"{cur['year']} carried over {b} != {prev['year']} carried forward {a}"))
    return out


def template_for(format_name: str) -> Template | None:
    """The template of a record format, None for legacy and unknown."""
    return TEMPLATES.get(format_name)


def failing_cells(checks: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Dotted cell paths (`requests.new.total`) touched by failing checks → the rules that
    touch them: the cells the terminal, the web page and the XLSX mark."""
    out: dict[str, list[str]] = {}

    def mark(path: str, rule: str) -> None:
        out.setdefault(path, []).append(rule)

    for check in checks or []:
        rule, where = check.get("rule") or "", check.get("where") or ""
        if rule in ("requests.balance", "requests.carried_over"):
            rows = ("new", "carried_over", "total_handled", "carried_forward") \
                if rule == "requests.balance" else ("carried_over",)
            for row in rows:
                mark(f"requests.{row}.{where}", rule)
        elif rule == "requests.total_handled":
            mark(f"requests.total_handled.{where}", rule)
        elif rule == "requests.row_total":
            mark(f"requests.{where}.total", rule)
        elif rule == "review_litigation.total":
            mark(f"review_litigation.{where}.total", rule)
        elif rule == "cell.missing" and where:
            mark(where.removeprefix("tables."), rule)
    return out


@dataclass(frozen=True)
class Rule:
    """A rule a record's `checks` can name: what must hold (or what went wrong), and what
    the check's `where` names. Informational rules flag nothing wrong with the numbers."""

    name: str
    meaning: str
    where: str
    informational: bool = False


#: Every rule a check can name (docs/record.md is generated from this list).
RULES: tuple[Rule, ...] = (
    Rule("requests.balance", "per column: `new + carried_over == total_handled + "
         "carried_forward` (the 勾稽关系 printed on the table)", "a column key"),
    Rule("requests.total_handled", "per column: `total_handled` equals the sum of the outcome "
         "rows, from `granted` to the last （六）其他处理 row", "a column key"),
    Rule("requests.row_total", "per row: `total` equals the sum of the six applicant columns",
         "a row key"),
    Rule("review_litigation.total", "per group: `upheld + corrected + other + pending == total`",
         "a group key"),
    Rule("requests.carried_over", "across years: 上年结转 this year equals 结转下年度继续办理 of "
         "the same agency's report for the year before", "a column key"),
    Rule("cell.missing", "a cell could not be read; it is null", "the cell's path"),
    Rule("cell.ambiguous", "the text ran cells together or placed them so that two readings "
         "remain; the cell is null, never guessed", "the cell's path"),
    Rule("cell.unreadable", "OCR confidence too low for the cell; it is null", "the cell's path"),
    Rule("cell.settled_by_sums", "OCR read the figure without confidence; it stands because "
         "two sums of the table, holding, say the cell is that figure", "the cell's path",
         informational=True),
    Rule("row.by_position", "a row was placed by its position in the template, its label "
         "being unreadable", "TABLE.ROW", informational=True),
    Rule("table.missing", "a table of the template is absent from the report", "a table key"),
    Rule("table.variant", "the report prints a known variant of the template's table",
         "a table key", informational=True),
    Rule("table.columns", "the table prints only some of the template's columns (a "
         "department's 表三 with only the applicants it had); the others are null",
         "a table key", informational=True),
    Rule("section.missing", "one of the six parts is absent", "a section key"),
    Rule("text.damaged", "some bytes were invalid in the document's charset and were replaced "
         "(U+FFFD); text next to them may be lost, so its cells may be null", "the encoding"),
)
