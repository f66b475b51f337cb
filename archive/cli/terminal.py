"""Terminal renderings (rich) of timelines, diffs and the template's tables: colour for
people, JSON elsewhere."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text

from archive.catalogue.models import Event, Report
from archive.reports import VersionDiff
from archive.units import shown_time
from parsers.layout import Cell, TableLayout, cell_value, labels_of

EVENT_LABELS = {
    "published": "published (first seen)",
    "changed": "changed by the publisher",
    "reparsed": "changed by a newer parser",
    "imported": "imported from a local file (not a capture)",
    "new_source": "seen at a new URL",
    "withdrawn": "withdrawn",
    "restored": "restored",
    "merged": "merged",
    "split": "split",
    "identity": "filed under another agency",
}
EVENT_STYLES = {"changed": "bold yellow", "withdrawn": "bold red", "restored": "green",
                "reparsed": "cyan", "published": "bold", "imported": "blue"}


def event_line(event: Event, urls: dict[int, str] | None = None) -> Text:
    detail: dict[str, Any] = event.detail or {}
    text = Text(f"{shown_time(event.at)}  ")
    text.append(EVENT_LABELS.get(event.kind, event.kind), style=EVENT_STYLES.get(event.kind, ""))
    if "number" in detail:
        text.append(f"  → v{detail['number']}")
        if "from" in detail:
            text.append(f" (from v{detail['from']})")
        if "same_as" in detail:
            text.append(f", identical to v{detail['same_as']}", style="magenta")
    if event.kind == "identity":  # archive.registry: re-resolution moved the report
        before = detail.get("from_name") or detail.get("from")
        after = detail.get("to_name") or detail.get("to") or "none (awaiting review)"
        text.append(f"  {before} → {after}" if before else f"  → {after}")
        if detail.get("rule"):
            text.append(f" ({detail['rule']})", style="dim")
    if detail.get("imported_from"):
        text.append(f"  from {detail['imported_from']}")
        if detail.get("imported_by"):
            text.append(f" by {detail['imported_by']}")
    if urls and event.document_id in urls:
        text.append(f"  {urls[event.document_id]}", style="dim")
    return text


def report_heading(report: Report) -> Text:
    return Text(f"report {report.id}: {report.agency} {report.year}"
                + ("  [withdrawn]" if report.status == "withdrawn" else ""), style="bold")


def render_diff(vd: VersionDiff, marks: bool = False) -> Group:
    """A diff for the terminal. With `marks` (colour off: not a terminal, NO_COLOR,
    --no-color) deleted and inserted words are also bracketed the way `git diff
    --word-diff=plain` does, [-old-]{+new+}, since struck-out red and underlined green
    are then lost."""
    d = vd.diff
    parts: list[Any] = [
        report_heading(vd.report),
        Text(f"v{vd.old.number} ({shown_time(vd.old.first_seen_at)}, {vd.old.cause}) → "
             f"v{vd.new.number} ({shown_time(vd.new.first_seen_at)}, {vd.new.cause})"),
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
    for c in d.checks_changed:
        parts.append(Text(f"check still failing (numbers changed): {c.get('rule')} at "
                          f"{c.get('where')} {c.get('old_detail') or ''} → {c.get('detail') or ''}",
                          style="yellow"))
    for name, ops in d.sections.items():
        text = Text(f"section {name}: ", style="bold")
        for op, chunk in ops:
            if op == "=":
                text.append(chunk if len(chunk) <= 40 else f"{chunk[:18]}…{chunk[-18:]}",
                            style="dim")
            elif op == "-":
                text.append(f"[-{chunk}-]" if marks else chunk, style="red strike")
            else:
                text.append(f"{{+{chunk}+}}" if marks else chunk, style="green underline")
        parts.append(text)
    for m in d.metadata:
        parts.append(Text(f"{m['field']}: {m['old']!r} → {m['new']!r}", style="yellow"))
    if vd.old_blobs != vd.new_blobs:
        parts.append(Text("bytes: " + ", ".join(b[:12] for b in vd.old_blobs) + " → "
                          + ", ".join(b[:12] for b in vd.new_blobs), style="dim"))
    return Group(*parts)


class TemplateTable(Table):
    """A template's table that fits the terminal it is printed on: numbers are never broken
    across lines and labels wrap rather than being cut; when even that cannot fit (表四's
    fifteen columns at 80 columns), each value is printed on a line of its own with its full
    label (row label · column headings)."""

    #: Narrowest a value column gets (two Chinese characters of its heading on a line).
    MIN_VALUE_WIDTH = 4
    #: Narrowest the row-label column gets (six Chinese characters on a line).
    MIN_LABEL_WIDTH = 12

    def __init__(self, title: str, grid: list[list[Text]], values: list[list[bool]],
                 has_labels: bool, stacked: list[tuple[str, Text]]) -> None:
        super().__init__(title=title, title_justify="left", show_header=False, show_lines=True)
        self.grid, self.values, self.has_labels, self.stacked = grid, values, has_labels, stacked
        if has_labels:
            self.add_column(overflow="fold")
        for _ in range(len(grid[0]) - has_labels if grid else 0):
            self.add_column(justify="right", overflow="fold")
        for row in grid:
            self.add_row(*row)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self.fitted_widths(options.max_width)
        if widths is None:
            yield self.as_list()
            return
        for column, width in zip(self.columns, widths, strict=True):
            column.width = width
        yield from super().__rich_console__(console, options)

    def fitted_widths(self, max_width: int) -> list[int] | None:
        """Each column's width on a terminal `max_width` wide (None: the grid cannot fit):
        every column starts at its narrowest readable width and grows towards its natural
        width one cell at a time, so spare room goes where the text is."""
        columns = list(zip(*self.grid, strict=True))
        kinds = list(zip(*self.values, strict=True))
        natural = [max([1, *(cell_len(t.plain) for t in col)]) for col in columns]
        least = [max([self.MIN_VALUE_WIDTH,
                      *(cell_len(t.plain) for t, v in zip(col, kind, strict=True) if v)])
                 for col, kind in zip(columns, kinds, strict=True)]
        if self.has_labels and least:
            least[0] = self.MIN_LABEL_WIDTH
        least = [min(a, b) for a, b in zip(least, natural, strict=True)]
        room = max_width - 3 * len(columns) - 1  # a border and two spaces of padding each
        if sum(least) > room:
            return None
        widths, spare = least[:], room - sum(least)
        while spare > 0 and any(w < n for w, n in zip(widths, natural, strict=True)):
            for i, n in enumerate(natural):
                if spare and widths[i] < n:
                    widths[i] += 1
                    spare -= 1
        return widths

    def as_list(self) -> Table:
        """The table as a list: one line per value, its full label beside it."""
        table = Table(title=self.title, title_justify="left", show_header=False,
                      show_lines=False, box=None, padding=(0, 1, 0, 0))
        table.add_column(overflow="fold", ratio=1)
        table.add_column(justify="right", no_wrap=True)
        for label, value in self.stacked:
            table.add_row(label, value)
        return table


def layout_table(layout: TableLayout, tables: dict[str, Any], failing: set[str],
                 fmt: str | None = None) -> Table:
    """One table as the template (of format `fmt`) prints it: merged cells placed in the grid
    they span, the row-label columns joined into one (a terminal is narrow), labels bold,
    values right-aligned, cells that fail a check red; fitted to the terminal (TemplateTable).
    """
    placed: dict[tuple[int, int], Cell | None] = {}
    for r, c, cell in layout.positions():
        placed.update({(r + dr, c + dc): None for dr in range(cell.rowspan)
                       for dc in range(cell.colspan)})
        placed[(r, c)] = cell
    width = 1 + max(c for _, c in placed)
    labels = min(c for (_, c), cell in placed.items() if cell is not None and cell.is_value)
    grid: list[list[Text]] = []
    values: list[list[bool]] = []
    for r in range(1 + max(r for r, _ in placed)):
        cells = [placed.get((r, c)) for c in range(width)]
        label = " ".join(cell.text for cell in cells[:labels] if cell is not None and cell.text)
        bold = any(cell is not None and cell.head for cell in cells[:labels])
        grid.append([*([Text(label, style="bold" if bold else "")] if labels else []),
                     *(_shown(cell, tables, failing) for cell in cells[labels:])])
        values.append([*([False] if labels else []),
                       *(cell is not None and cell.is_value for cell in cells[labels:])])
    stacked = [(" · ".join(labels_of(cell.path, fmt) or (cell.path,)),
                _shown(cell, tables, failing))
               for _, _, cell in layout.positions() if cell.path]
    return TemplateTable(layout.title, grid, values, bool(labels), stacked)


def _shown(cell: Cell | None, tables: dict[str, Any], failing: set[str]) -> Text:
    if cell is None:
        return Text("")
    if cell.path is None:
        return Text(cell.text, style="bold" if cell.head else "")
    value = cell_value(tables, cell.path)
    shown = "—" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    return Text(shown, style="bold red" if cell.path in failing else "")
