"""Commands over reports and their versions: `history`, `diff`, `changes`, `reparse`, and
the hand corrections `report merge|split`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer

from archive.cli.console import bounded, open_archive, out, progress_bar
from archive.errors import NianbaoError
from archive.units import BEIJING

REPORT_HELP = "A report: its id, AGENCY/YEAR (北仑区人民政府/2024) or any URL it was seen at."


def parse_since(value: str | None) -> datetime | None:
    """A date or time (2025-03-01, 2025-03-01T08:00), or a span back from now (7d, 12h). A
    date or time without an offset is Beijing time, the time every command shows."""
    if value is None:
        return None
    value = value.strip()
    units = {"d": "days", "h": "hours", "w": "weeks"}
    try:
        if value[:-1].isdigit() and value[-1:] in units:
            return datetime.now(UTC) - timedelta(**{units[value[-1]]: int(value[:-1])})
        when = datetime.fromisoformat(value)
        # in UTC, as stored: SQLite compares the digits and ignores an offset
        return (when if when.tzinfo else when.replace(tzinfo=BEIJING)).astimezone(UTC)
    except OverflowError:  # a span reaching back before year 1, or a time at its very edge
        raise NianbaoError(f"--since {value!r}: that reaches beyond the calendar; give a "
                           "later date (2025-03-01) or a shorter span (7d, 12h)") from None
    except ValueError:
        raise NianbaoError(f"--since {value!r}: give a date (2025-03-01) or a span (7d, 12h)") from None


def history(
    report: Annotated[str, typer.Argument(help=REPORT_HELP)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The timeline of a report: published, changed, imported by hand (with the file's path
    and who imported it; never a capture), seen at new URLs, withdrawn, restored.

    Examples:

      nianbao history 北仑区人民政府/2024

      nianbao history https://www.bl.gov.cn/art/2025/1/20/art_1229_1.html
    """
    from archive.catalogue.models import Document, aware
    from archive.cli.terminal import event_line, report_heading
    from archive.reports import find_report
    from archive.reports import history as timeline

    arc = open_archive()
    with arc.session() as s:
        rep = find_report(s, report)
        events = timeline(s, rep)
        doc_ids = {e.document_id for e in events if e.document_id}
        urls = {d.id: d.url for d in s.query(Document).filter(Document.id.in_(doc_ids))}
        if as_json:
            print(json.dumps({"report": {"id": rep.id, "agency": rep.agency, "year": rep.year,
                                         "status": rep.status},
                              "events": [{"at": aware(e.at).isoformat(), "kind": e.kind,
                                          "detail": e.detail, "url": urls.get(e.document_id)}
                                         for e in events]}, ensure_ascii=False))
            return
        out.print(report_heading(rep))
        for e in events:
            out.print(event_line(e, urls))


def diff(
    report: Annotated[str, typer.Argument(help=REPORT_HELP)],
    from_: Annotated[int | None, typer.Option("--from", help="Older version number.")] = None,
    to: Annotated[int | None, typer.Option("--to", help="Newer version number (default latest).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    no_color: Annotated[bool, typer.Option(
        "--no-color", help="No colour; deleted and inserted words marked [-like-]{+this+}.")] = False,
) -> None:
    """What changed between two versions: cells, checks, section text word by word, metadata.

    Without colour (--no-color, NO_COLOR set, or output that is not a terminal) deleted and
    inserted words are marked as in `git diff --word-diff=plain`: [-deleted-]{+inserted+}.

    Examples:

      nianbao diff 北仑区人民政府/2024

      nianbao diff 12 --from 1 --to 3 --json

      nianbao diff 12 --no-color | less
    """
    from rich.console import Console

    from archive.cli.terminal import render_diff
    from archive.reports import diff_versions, find_report

    arc = open_archive()
    with arc.session() as s:
        vd = diff_versions(s, find_report(s, report), from_, to)
        if as_json:
            print(json.dumps(vd.as_dict(), ensure_ascii=False, default=str))
            return
        console = Console(soft_wrap=True, no_color=True) if no_color else out
        plain = no_color or console.no_color or console.color_system is None
        console.print(render_diff(vd, marks=plain))


def changes(
    since: Annotated[str | None, typer.Option(
        metavar="WHEN", help="Only since this date or time (Beijing time) or span (7d, 12h).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines.")] = False,
) -> None:
    """Every change across the archive, newest first.

    Examples:

      nianbao changes --since 2025-03-01

      nianbao changes --since 7d --json
    """
    from archive.catalogue.models import aware
    from archive.cli.terminal import event_line
    from archive.reports import changes as feed

    arc = open_archive()
    with arc.session() as s:
        rows = feed(s, parse_since(since), limit=bounded("--limit", limit, 1))
        for event, rep in rows:
            if as_json:
                print(json.dumps({"at": aware(event.at).isoformat(), "kind": event.kind,
                                  "report": rep.id, "agency": rep.agency, "year": rep.year,
                                  "detail": event.detail}, ensure_ascii=False))
            else:
                line = event_line(event)
                line.append(f"  {rep.agency} {rep.year} (report {rep.id})")
                out.print(line)
        if not rows and not as_json:
            out.print("no changes" + (f" since {since}" if since else ""))


def reparse() -> None:
    """Re-derive every report's record from its stored blobs with the current parser.

    Changes it makes are versions caused by the parser, never counted as the agency's edits.

    Example: nianbao reparse
    """
    from archive.curation import reparse as run

    arc = open_archive()
    with progress_bar() as bar:
        task = bar.add_task("re-parsing reports", total=None)
        summary = run(arc, lambda i, n: bar.update(task, completed=i, total=n))
    out.print(f"{summary.reports} report(s) re-parsed: {summary.changed} changed by the new "
              f"parser, {summary.failed} could not be parsed")


def report_merge(
    keep: Annotated[str, typer.Argument(help=REPORT_HELP)],
    other: Annotated[str, typer.Argument(help="The report to fold into KEEP.")],
    note: Annotated[str | None, typer.Option(help="Why (kept with the decision).")] = None,
) -> None:
    """Treat two reports as one (e.g. the same agency printed under two names).

    Example: nianbao report merge 北关区工业和信息化局/2024 北关区工信局/2024
    """
    from archive.curation import merge
    from archive.reports import find_report

    arc = open_archive()
    with arc.session() as s:
        a, b = find_report(s, keep), find_report(s, other)
        label = f"{b.agency} {b.year} (report {b.id})"
        merged = merge(s, a, b, note)
        out.print(f"merged {label} into report {merged.id}; future records follow")


def report_split(
    report: Annotated[str, typer.Argument(help=REPORT_HELP)],
    agency: Annotated[str, typer.Argument(help="The agency whose versions leave REPORT.")],
) -> None:
    """Undo a merge: versions of AGENCY get a report of their own again.

    Example: nianbao report split 12 北关区工信局
    """
    from archive.curation import split
    from archive.reports import find_report

    arc = open_archive()
    with arc.session() as s:
        new = split(s, find_report(s, report), agency)
        out.print(f"split {agency} off into report {new.id}")


def register(app: typer.Typer) -> None:
    """Add `history`, `diff`, `changes`, `reparse` and `report merge|split`."""
    report_app = typer.Typer(help="Correct report identity by hand (merge, split).",
                             no_args_is_help=True)
    app.command()(history)
    app.command()(diff)
    app.command()(changes)
    app.command()(reparse)
    report_app.command("merge")(report_merge)
    report_app.command("split")(report_split)
    app.add_typer(report_app, name="report")
