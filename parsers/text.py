"""Report text -> canonical record: `parse_text`.

The steps, each in its own module:
1. `normalize.sanitize` cleans the text (controls, rulings, page numbers);
2. `meta.read_meta` reads title, agency and year from the top;
3. `sections.find_sections` finds the six parts' headings;
4. the template (2021 or 2019) is chosen by the labels only it prints, and
   `tables.read_table` reads each table from its part (`tokens` forgets the layout),
   or `tables.read_variant` as a known variant of it prints it;
5. `checks` adds the consistency rules; sections keep the parts' narrative text.
Text that is no template report becomes a `legacy` record (a 政府信息公开 annual report
in free form: its own parts and any statistics rows) or an `unknown` one.

Every step is linear in the text, and table reading is bounded per table, so ten
megabytes of noise parse in a few seconds and produce no numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers import legacy
from parsers.checks import missing_cells, table_checks
from parsers.meta import Meta, read_meta
from parsers.normalize import label_key, normalize_text, sanitize
from parsers.record import Check, Record
from parsers.sections import Heading, find_legacy_headings, find_sections
from parsers.tables import TableRead, read_table, read_variant
from parsers.templates import (
    SECTION_KEYS,
    TABLE_SECTION,
    TEMPLATE_2019,
    TEMPLATE_2021,
    Table,
    Template,
    Variant,
)
from parsers.tokens import tokenize

# Largest stretch of text searched for a table whose part heading was not found.
MAX_FALLBACK_REGION = 300_000
# Largest stretch of text searched for the labels that tell the templates apart.
MAX_MARKER_WINDOW = 400_000
# Fewest standard part headings for a text without readable tables to count as a
# template report (its tables are then reported missing).
MIN_HEADINGS = 4


@dataclass
class _Doc:
    """The sanitised text cut into lines, with each line's offset."""

    text: str
    lines: list[str]
    offsets: list[int]

    @classmethod
    def of(cls, text: str) -> _Doc:
        lines = text.split("\n")
        offsets = []
        pos = 0
        for line in lines:
            offsets.append(pos)
            pos += len(line) + 1
        return cls(text, lines, offsets)

    def line_start(self, i: int) -> int:
        return self.offsets[i] if i < len(self.offsets) else len(self.text)


def parse_text(text: str, *, url: str | None = None, title: str | None = None) -> Record:
    """Parse the text of a report, however it was laid out by extraction, into the
    canonical record of docs/record.md. `title` is a title found outside the text (a page
    heading), used when the text prints none; `url` is noted in `record.source`."""
    if not isinstance(text, str):
        raise TypeError(f"parse_text needs str, not {type(text).__name__}")
    doc = _Doc.of(sanitize(text))
    meta = read_meta(doc.lines, doc.text[:4000], title)
    body_line = meta.title_line + 1 if meta.title_line is not None else 0
    headings = find_sections(doc.lines, body_line)
    source = {k: v for k, v in (("url", url), ("title", title)) if v is not None}
    record = Record(title=meta.title, agency=meta.agency, year=meta.year, source=source)

    template = _choose_template(doc, headings, meta)
    if template is not None:
        reads = _read_tables(doc, headings, body_line, template)
        found = {k: r for k, r in reads.items() if r.rows_found}
        enough = sum(r.rows_found for r in found.values()) >= 3
        if enough or (len(headings) >= MIN_HEADINGS and _template_year(meta)):
            _fill_template_record(record, doc, headings, body_line, template, found)
            return record
    if meta.is_report or len(headings) >= MIN_HEADINGS:
        _fill_legacy_record(record, doc, body_line)
        return record
    record.format = "unknown"
    record.sections = {"full_text": normalize_text(doc.text)}
    return record


def _template_year(meta: Meta) -> bool:
    """A report on 2019 or later follows a template even when its tables are unreadable."""
    return meta.year is not None and meta.year >= 2019


def _choose_template(doc: _Doc, headings: list[Heading], meta: Meta) -> Template | None:
    """The template whose own labels the text prints most; on a tie, the one in force
    for the report's year. None when the text prints no template label at all."""
    start = doc.line_start(headings[0].line) if headings else 0
    window = label_key(doc.text[start:start + MAX_MARKER_WINDOW])
    scores = {t.name: sum(1 for m in t.marker_keys if m in window) for t in (TEMPLATE_2021, TEMPLATE_2019)}
    if scores["2021"] > scores["2019"]:
        return TEMPLATE_2021
    if scores["2019"] > scores["2021"]:
        return TEMPLATE_2019
    if scores["2021"] == 0 and not _prints_request_rows(window) and not _template_year(meta):
        return None
    if meta.year is not None and meta.year <= 2020:
        return TEMPLATE_2019
    return TEMPLATE_2021


def _prints_request_rows(window: str) -> bool:
    """True when the text prints the requests table common to both templates."""
    return "本年新收政府信息公开申请数量" in window and "结转下年度继续办理" in window


def _part_range(doc: _Doc, headings: list[Heading], key: str) -> tuple[int, int] | None:
    """Character range of a part's body (after its heading line, up to the next one)."""
    for i, h in enumerate(headings):
        if h.key == key:
            end = doc.line_start(headings[i + 1].line) if i + 1 < len(headings) else len(doc.text)
            start = doc.line_start(h.line) + h.body if h.body is not None else doc.line_start(h.line + 1)
            return start, end
    return None


def _read_tables(doc: _Doc, headings: list[Heading], body_line: int, template: Template) -> dict[str, TableRead]:
    """Read each table of the template from its part, or from the whole text (anchored
    on its header) when the part is missing or does not hold it."""
    reads: dict[str, TableRead] = {}
    for spec in template.tables:
        part = _part_range(doc, headings, TABLE_SECTION[spec.key])
        variants = tuple(v for v in template.variants if v.table.key == spec.key)
        read = None
        if part is not None:
            read = _read_region(doc, part[0], min(part[1], part[0] + MAX_FALLBACK_REGION), spec, variants, False)
        if read is None or not read.rows_found:
            start = doc.line_start(body_line)
            fallback = _read_region(doc, start, min(len(doc.text), start + MAX_FALLBACK_REGION), spec, variants,
                                    True)
            if read is None or fallback.rows_found:
                read = fallback
        reads[spec.key] = read
    return reads


def _read_region(doc: _Doc, start: int, end: int, spec: Table, variants: tuple[Variant, ...],
                 require_anchor: bool) -> TableRead:
    """Read one table from doc.text[start:end], as the template prints it or as one of
    its known variants does; its span in whole-text offsets."""
    tokens = tokenize(doc.text[start:end])
    read = read_table(tokens, spec, require_anchor=require_anchor)
    for variant in variants:
        varied = read_variant(tokens, read, variant, require_anchor=require_anchor)
        if varied is not None:
            read = varied
            break
    if read.span is not None:
        read.span = (read.span[0] + start, read.span[1] + start)
    return read


def _fill_template_record(record: Record, doc: _Doc, headings: list[Heading], body_line: int,
                          template: Template, found: dict[str, TableRead]) -> None:
    """A 2021 or 2019 record: tables, the parts' narrative text, checks."""
    record.format = template.name
    # A table read as a variant is checked as that variant prints it.
    template = template.with_variants(tuple(r.variant for r in found.values() if r.variant is not None))
    checks: list[Check] = []
    for spec in template.tables:
        read = found.get(spec.key)
        if read is None:
            checks.append(Check("table.missing", spec.key, f"no {spec.title} table found"))
            continue
        record.tables[spec.key] = read.cells
        checks += read.checks
    checks += missing_cells(template, record.tables)
    checks += table_checks(template, record.tables)

    spans = sorted(r.span for r in found.values() if r.span is not None)
    first = doc.line_start(headings[0].line) if headings else len(doc.text)
    sections: dict[str, str | None] = {"preface": _narrative(doc.text, doc.line_start(body_line), first, spans)}
    for key in SECTION_KEYS:
        part = _part_range(doc, headings, key)
        sections[key] = _narrative(doc.text, part[0], part[1], spans) if part else None
        if part is None:
            checks.append(Check("section.missing", key))
    record.sections = sections
    record.checks = checks


def _narrative(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """Normalised text of [start, end) without the tables printed in it."""
    pieces = []
    pos = start
    for s, e in spans:
        if e <= pos or s >= end:
            continue
        pieces.append(text[pos:max(pos, s)])
        pos = max(pos, e)
    pieces.append(text[pos:end])
    return normalize_text("\n".join(pieces))


def _fill_legacy_record(record: Record, doc: _Doc, body_line: int) -> None:
    """A free-form report: its own parts, its statistics rows, its full text."""
    record.format = "legacy"
    headings = find_legacy_headings(doc.lines, body_line)
    parts = []
    bounds = [h.line for h in headings] + [len(doc.lines)]
    preface = normalize_text(doc.text[doc.line_start(body_line):doc.line_start(bounds[0])])
    if preface:
        parts.append({"heading": "", "text": preface})
    for h, end in zip(headings, bounds[1:], strict=True):
        parts.append({"heading": normalize_text(h.text),
                      "text": normalize_text(doc.text[doc.line_start(h.line + 1):doc.line_start(end)])})
    record.sections = {"parts": parts, "full_text": normalize_text(doc.text)}
    rows = legacy.statistics_rows(doc.lines[body_line:])
    record.tables = {"legacy": rows} if rows else {}
