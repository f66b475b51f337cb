"""Bytes as fetched into a record: sniff the real type, extract text with tables intact,
hand it to `parsers.text.parse_text`, and record which extractor did it.

    >>> from parsers import parse_bytes
    >>> record = parse_bytes(open("report.pdf", "rb").read(), url="https://…/report.pdf")
    >>> record.source["extractor"], record.source["extractor_version"]
    ('pdf', 'pdf/1 pypdfium2/5.15.2')

Extractors are listed in `EXTRACTORS` (media type -> "module:function"), each a function
`(data, *, media_type, url, limits) -> Extraction`; add a format in one line.
`extract()` stops before the text parser, for callers that only want the text, the
attachments or the images of a page.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from dataclasses import dataclass, field
from typing import Any, Protocol

from parsers import sniff as s
from parsers.grid import Block, Table, render
from parsers.limits import DEFAULT_LIMITS, IsArchive, Limits, UnsupportedType, check_size
from parsers.record import Check


@dataclass
class Extraction:
    """What an extractor read from a document, before the text parser sees it."""

    extractor: str  # "html", "pdf", "ocr", "docx", "doc", "sheet", "text"
    extractor_version: str
    media_type: str
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    published: str | None = None  # ISO date, from the page
    attachments: list[str] = field(default_factory=list)  # absolute URLs of linked files
    images: list[str] = field(default_factory=list)  # absolute URLs of body images
    body: str = "text"  # "text", "attachment" (only a link), "images" (only images), "empty"
    pages: int | None = None
    ocr_pages: int = 0
    notes: list[str] = field(default_factory=list)  # one-line remarks worth keeping
    # What went wrong reading the bytes (`text.damaged`), carried into the record's checks.
    checks: list[Check] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text in the parser's contract (see `parsers.grid.render`)."""
        return render(self.blocks)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def unreadable(self) -> list[tuple[int, int, int, str, float]]:
        """(table index, row, col, OCR text, score) of every cell left blank as unreadable."""
        return [
            (i, r, c, t, sc) for i, tb in enumerate(self.tables) for r, c, t, sc in tb.unreadable
        ]


class Extractor(Protocol):
    def __call__(
        self, data: bytes, *, media_type: str, url: str | None, limits: Limits
    ) -> Extraction: ...


EXTRACTORS: dict[str, str] = {
    s.HTML: "parsers.html:extract_html",
    s.TEXT: "parsers.html:extract_plain",
    s.PDF: "parsers.pdf:extract_pdf",
    s.OFD: "parsers.ofd:extract_ofd",
    s.DOCX: "parsers.word:extract_docx",
    s.DOC: "parsers.word:extract_doc",
    s.WPS: "parsers.word:extract_doc",
    s.RTF: "parsers.word:extract_doc",
    s.XLSX: "parsers.sheet:extract_xlsx",
    s.XLS: "parsers.sheet:extract_xls",
    s.PNG: "parsers.ocr:extract_image",
    s.JPEG: "parsers.ocr:extract_image",
    s.GIF: "parsers.ocr:extract_image",
    s.BMP: "parsers.ocr:extract_image",
    s.TIFF: "parsers.ocr:extract_image",
    s.WEBP: "parsers.ocr:extract_image",
}


#: Containers of documents, never documents themselves (parsers.archives reads them).
ARCHIVES = (s.ZIP, s.RAR, s.SEVENZIP)


def library_version(*dists: str) -> str:
    """'name/version' of installed distributions, for `extractor_version`."""
    out = []
    for d in dists:
        try:
            out.append(f"{d}/{importlib.metadata.version(d)}")
        except importlib.metadata.PackageNotFoundError:
            out.append(f"{d}/none")
    return " ".join(out)


def extractor_for(media_type: str) -> Extractor:
    """The extraction function registered for a media type."""
    target = EXTRACTORS.get(media_type)
    if target is None:
        raise UnsupportedType(f"no extractor for {media_type} (not a report format nianbao reads)")
    module, _, func = target.partition(":")
    return getattr(importlib.import_module(module), func)


def extract(
    data: bytes,
    *,
    media_type: str | None = None,
    url: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Extraction:
    """Sniff and extract, without parsing: the text, tables, title, date, links."""
    check_size(data, limits.max_bytes, "the document")
    kind = s.sniff(data, media_type, url)
    if kind in ARCHIVES:
        raise IsArchive(f"{kind} is an archive: each document in it is read on its own "
                        "(parsers.archives.unpack), the archive is no record")
    declared = media_type if kind == s.HTML or kind == s.TEXT else kind
    return extractor_for(kind)(data, media_type=declared or kind, url=url, limits=limits)


def parse_bytes(
    data: bytes,
    *,
    media_type: str | None = None,
    url: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Any:
    """Bytes exactly as fetched -> a `Record` (docs/record.md), with `record.source` telling
    which extractor read it. Bad input raises an `ExtractionError` subclass."""
    return to_record(extract(data, media_type=media_type, url=url, limits=limits), url=url)


def to_record(ex: Extraction, *, url: str | None = None) -> Any:
    """An extraction through the text parser, with `record.source` filled in and every
    cell the extractor could not read named by a `cell.unreadable` check."""
    from parsers.text import parse_text

    record = parse_text(ex.text, url=url, title=ex.title)
    unreadable = _unreadable_paths(ex, record, parse_text) if ex.unreadable else []
    source = dict(getattr(record, "source", None) or {})
    source.update(
        {
            "extractor": ex.extractor,
            "extractor_version": ex.extractor_version,
            "media_type": ex.media_type,
            "url": url,
            "title": ex.title,
            "published": ex.published,
            "attachments": ex.attachments,
            "images": ex.images,
            "body": ex.body,
            "pages": ex.pages,
            "ocr_pages": ex.ocr_pages,
            "notes": ex.notes,
        }
    )
    if unreadable:
        source["unreadable"] = unreadable
    record.source = source
    record.checks[:0] = ex.checks
    if ex.ocr_pages:
        _distrust_sums(record)
    return record


def _distrust_sums(record: Any) -> None:
    """OCR misreads a figure now and then with confidence (9 as 6, 31 as 3). Printed tables
    add up far more often than a misreading happens to keep a sum, so in a record read by
    OCR a figure of the requests and review tables stands only when a sum the rules check
    holds with it (its row, its column or its group, every cell of that sum read); every
    other figure of those tables is null with a `cell.unreadable` check saying why. The
    sum rules that fail go with the cells they named. Tables without sums (主动公开) keep
    what OCR read with confidence, unless most figures the sums check are not confirmed:
    then the scan was not read, and nothing read from it stands."""
    from parsers.checks import ADDING_RULES, sums, table_checks, template_for

    template = template_for(record.format)
    if template is None:
        return

    def value(path: str) -> Any:
        table, row, col = path.split(".")
        return (record.tables.get(table, {}).get(row) or {}).get(col)

    rules = sums(template)
    confirmed, broken, settled = confirmed_by_sums(rules, value)
    for path in _settled_weak_readings(record, settled):
        confirmed.add(path)
    doubted: dict[str, str] = dict(broken)
    for _rule, _where, left, right in rules:
        for path in left + right:
            if path not in confirmed:
                doubted.setdefault(path, "OCR reading not confirmed by any sum (a cell of its row, "
                                         "column and group is unread); not trusted")
    checked = {p for _r, _w, left, right in rules for p in left + right}
    if len(confirmed) < len(checked) / 2:
        # most of what the sums check was not read or does not add up: the scan was not
        # read, and what OCR made of its tables without sums (主动公开) is no better
        why = (f"OCR confirmed only {len(confirmed)} of the {len(checked)} figures the sums "
               "check; nothing read from this scan is trusted")
        for table, rows in record.tables.items():
            for row, cells in rows.items():
                for col in cells:
                    doubted.setdefault(f"{table}.{row}.{col}", why)
    kept = [c for c in record.checks if c.rule not in ADDING_RULES]
    for path, why in doubted.items():
        table, row, col = path.split(".")
        cells = record.tables.get(table, {}).get(row)
        if cells is not None and cells.get(col) is not None and path not in confirmed:
            cells[col] = None
            kept.append(Check("cell.unreadable", path, why))
    # what still fails holds between confirmed figures: the report's own arithmetic
    record.checks = kept + table_checks(template, record.tables)


def _settled_weak_readings(record: Any, settled: dict[str, int]) -> list[str]:
    """Cells OCR read without confidence (null, their reading kept aside) whose reading is
    the value two holding sums say the cell must have: the reading and the arithmetic
    agree, so the figure is put in the record, with a `cell.settled_by_sums` check."""
    weak = {u["where"]: u["ocr_text"] for u in record.source.get("unreadable", ())}
    out = []
    for path, must in settled.items():
        try:
            read = float(weak.get(path, ""))
        except ValueError:
            continue
        table, row, col = path.split(".")
        cells = record.tables.get(table, {}).get(row)
        if read != must or cells is None or cells.get(col) is not None:
            continue
        cells[col] = int(must)
        record.checks = [c for c in record.checks
                         if not (c.rule in ("cell.unreadable", "cell.missing") and c.where == path)]
        record.source["unreadable"] = [u for u in record.source["unreadable"] if u["where"] != path]
        record.checks.append(Check("cell.settled_by_sums", path,
                                   f"OCR read {weak[path]} without confidence; two sums hold with it"))
        out.append(path)
    return out


def confirmed_by_sums(
    rules: list[tuple[str, str, list[str], list[str]]], value: Any
) -> tuple[set[str], dict[str, str], dict[str, int]]:
    """Which read figures a sum confirms, why the others that a sum names are doubted, and
    what the unread cells that two holding sums agree on must be.

    A sum with every cell read confirms them when it holds. A sum missing one cell says
    what that cell must be; when another sum, holding with that value, agrees, both sums'
    figures are confirmed (a misreading would have to be cancelled exactly by another),
    and the cell's value is settled. A settled value is only put in the record where OCR
    read that very figure, without confidence (`_settled_weak_readings`)."""
    known = {p: value(p) for r in rules for p in r[2] + r[3] if value(p) is not None}
    implied: dict[str, tuple[int, int]] = {}  # path -> (value, the sum that implied it)

    def of(path: str) -> Any:
        return known[path] if path in known else implied[path][0]

    changed = True
    while changed:
        changed = False
        for i, (_rule, _where, left, right) in enumerate(rules):
            missing = [p for p in left + right if p not in known and p not in implied]
            if len(missing) != 1:
                continue
            gap = missing[0]
            lsum = sum(of(p) for p in left if p != gap)
            rsum = sum(of(p) for p in right if p != gap)
            must = rsum - lsum if gap in left else lsum - rsum
            if must >= 0 and must == int(must):
                implied[gap] = (must, i)
                changed = True
    deriving = {i for _v, i in implied.values()}
    confirmed: set[str] = set()
    broken: dict[str, str] = {}
    holding: list[int] = []
    for i, (rule, where, left, right) in enumerate(rules):
        cells = left + right
        if i in deriving or any(p not in known and p not in implied for p in cells):
            continue
        if sum(of(p) for p in left) == sum(of(p) for p in right):
            holding.append(i)
        else:
            for p in cells:
                if p in known:
                    broken.setdefault(p, f"OCR readings break {rule} ({where}); not trusted")
    seen: set[int] = set()
    settled: dict[str, int] = {}
    while holding:
        i = holding.pop()
        if i in seen:
            continue
        seen.add(i)
        for p in rules[i][2] + rules[i][3]:
            if p in known:
                confirmed.add(p)
            else:
                settled[p] = implied[p][0]
                holding.append(implied[p][1])
    return confirmed, broken, settled


def _unreadable_paths(ex: Extraction, record: Any, parse_text: Any) -> list[dict]:
    """Name the record cells that OCR could not read: parse once more with the OCR's
    guesses filled in; cells null in the record but set in the guess are the unreadable
    ones. Each gets a `cell.unreadable` check (the record keeps them null)."""
    guessed_blocks: list[Block] = []
    for b in ex.blocks:
        if isinstance(b, Table) and b.unreadable:
            rows = [list(r) for r in b.rows]
            for r, c, text, _ in b.unreadable:
                rows[r][c] = text
            guessed_blocks.append(Table(rows))
        else:
            guessed_blocks.append(b)
    guess = parse_text(render(guessed_blocks), title=ex.title)
    found: list[dict] = []
    for path, value in _cells(_as_dict(guess)):
        if value is not None and _get(_as_dict(record), path) is None:
            found.append({"where": path, "ocr_text": str(value)})
    for item in found:
        record.checks.append(Check(rule="cell.unreadable", where=item["where"]))
    return found


def _as_dict(record: Any) -> dict:
    return record.to_dict() if hasattr(record, "to_dict") else dict(record)


def _cells(record: dict) -> list[tuple[str, Any]]:
    out = []
    for tname, table in (record.get("tables") or {}).items():
        if not isinstance(table, dict):
            continue  # a legacy table is a list of rows: no cell paths
        for rkey, row in table.items():
            if isinstance(row, dict):
                out.extend((f"{tname}.{rkey}.{ck}", v) for ck, v in row.items())
    return out


def _get(record: dict, path: str) -> Any:
    node: Any = record.get("tables") or {}
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node
