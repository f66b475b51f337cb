"""Terminal renderings (rich) of timelines, diffs and the template's tables: colour for
people, JSON elsewhere."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from archive.catalogue.models import Event, Report
from archive.reports import VersionDiff
from parsers.layout import Cell, TableLayout, cell_value

EVENT_LABELS = {
    "published": "published (first seen)",
    "changed": "changed by the publisher",
    "reparsed": "changed by a newer parser",
    "new_source": "seen at a new URL",
    "withdrawn": "withdrawn",
    "restored": "restored",
    "merged": "merged",
    "split": "split",
}
EVENT_STYLES = {"changed": "bold yellow", "withdrawn": "bold red", "restored": "green",
                "reparsed": "cyan", "published": "bold"}


def event_line(event: Event, urls: dict[int, str] | None = None) -> Text:
    detail: dict[str, Any] = event.detail or {}
    text = Text(f"{event.at:%Y-%m-%d %H:%M}  ")
    text.append(EVENT_LABELS.get(event.kind, event.kind), style=EVENT_STYLES.get(event.kind, ""))
    if "number" in detail:
        text.append(f"  → v{detail['number']}")
        if "from" in detail:
            text.append(f" (from v{detail['from']})")
        if "same_as" in detail:
            text.append(f", identical to v{detail['same_as']}", style="magenta")
    if urls and event.document_id in urls:
        text.append(f"  {urls[event.document_id]}", style="dim")
    return text


def report_heading(report: Report) -> Text:
    return Text(f"report {report.id}: {report.agency} {report.year}"
                + ("  [withdrawn]" if report.status == "withdrawn" else ""), style="bold")


def render_diff(vd: VersionDiff) -> Group:
    d = vd.diff
    parts: list[Any] = [
        report_heading(vd.report),
        Text(f"v{vd.old.number} ({vd.old.first_seen_at:%Y-%m-%d}, {vd.old.cause}) → "
             f"v{vd.new.number} ({vd.new.first_seen_at:%Y-%m-%d}, {vd.new.cause})"),
    ]
    if d.empty:
        parts.append(Text("no differences in the record", style="green"))
    if d.cells:
        table = Table(title=f"{len(d.cells)} table cell(s) changed", title_justify="left")
        for col in ("cell", "old", "new"):
            table.add_column(col)
        for c in d.cells:
            table.add_row(c.path, Text(str(c.old), style="red"), Text(str(c.new), style="green"))
        parts.append(table)
    for label, checks, style in (("now failing", d.checks_started, "red"),
                                 ("no longer failing", d.checks_stopped, "green")):
        for c in checks:
            parts.append(Text(f"check {label}: {c.get('rule')} at {c.get('where')} "
                              f"{c.get('detail') or ''}", style=style))
    for name, ops in d.sections.items():
        text = Text(f"section {name}: ", style="bold")
        for op, chunk in ops:
            if op == "=":
                text.append(chunk if len(chunk) <= 40 else f"{chunk[:18]}…{chunk[-18:]}",
                            style="dim")
            elif op == "-":
                text.append(chunk, style="red strike")
            else:
                text.append(chunk, style="green underline")
        parts.append(text)
    for m in d.metadata:
        parts.append(Text(f"{m['field']}: {m['old']!r} → {m['new']!r}", style="yellow"))
    if vd.old_blobs != vd.new_blobs:
        parts.append(Text("bytes: " + ", ".join(b[:12] for b in vd.old_blobs) + " → "
                          + ", ".join(b[:12] for b in vd.new_blobs), style="dim"))
    return Group(*parts)


def layout_table(layout: TableLayout, tables: dict[str, Any], failing: set[str]) -> Table:
    """One table as the template prints it: merged cells placed in the grid they span, the
    row-label columns joined into one (a terminal is narrow), labels bold, values right-aligned,
    cells that fail a check red."""
    placed: dict[tuple[int, int], Cell | None] = {}
    for r, c, cell in layout.positions():
        placed.update({(r + dr, c + dc): None for dr in range(cell.rowspan)
                       for dc in range(cell.colspan)})
        placed[(r, c)] = cell
    width = 1 + max(c for _, c in placed)
    labels = min(c for (_, c), cell in placed.items() if cell is not None and cell.is_value)
    table = Table(title=layout.title, title_justify="left", show_header=False, show_lines=True)
    if labels:
        table.add_column(min_width=16, overflow="fold")
    for _ in range(labels, width):
        table.add_column(justify="right", overflow="fold")
    for r in range(1 + max(r for r, _ in placed)):
        cells = [placed.get((r, c)) for c in range(width)]
        label = " ".join(cell.text for cell in cells[:labels] if cell is not None and cell.text)
        bold = any(cell is not None and cell.head for cell in cells[:labels])
        table.add_row(*([Text(label, style="bold" if bold else "")] if labels else []),
                      *(_shown(cell, tables, failing) for cell in cells[labels:]))
    return table


def _shown(cell: Cell | None, tables: dict[str, Any], failing: set[str]) -> Text:
    if cell is None:
        return Text("")
    if cell.path is None:
        return Text(cell.text, style="bold" if cell.head else "")
    value = cell_value(tables, cell.path)
    shown = "—" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    return Text(shown, style="bold red" if cell.path in failing else "")
