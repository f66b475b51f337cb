"""`nianbao health`: portals by crawl health, with the reason and the last good run; and
`nianbao notify test|log`: reach every notification target once, and see what was sent.
Thin layers over archive.health and archive.notify."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from archive.cli.console import bounded, open_archive, out
from archive.errors import NianbaoError
from archive.units import shown_time

#: How each state is drawn.
STATE_STYLE = {"unhealthy": "bold red", "unknown": "yellow", "healthy": "green"}


class NotifyCommandError(NianbaoError):
    """A `notify` command cannot do what it was asked."""


def register(app: typer.Typer) -> None:
    """Add `health` and `notify test|log`."""
    app.command("health")(health_command)
    notify_app = typer.Typer(help="Notification targets (NIANBAO_NOTIFY, NIANBAO_NOTIFY_FILE): "
                             "test them, see what was sent.", no_args_is_help=True)
    notify_app.command("test")(notify_test_command)
    notify_app.command("log")(notify_log_command)
    app.add_typer(notify_app, name="notify")


def health_command(
    every: Annotated[bool, typer.Option(
        "--all", help="Every portal: the healthy ones too, and those never crawled.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
) -> None:
    """List the portals whose crawls look wrong, with the reason, since when and their last
    good run; --all lists every portal, unhealthy first. A portal turns unhealthy when a run
    finds no report where the last good run found some, its list pages no longer match
    their adapter, robots.txt now forbids what it crawled, a firewall answers with
    challenge pages, or too many requests fail (NIANBAO_HEALTH_ERRORS, default 0.3); it
    turns healthy again when a later run is fine.

    Examples:

      nianbao health

      nianbao health --all

      nianbao health --all --json
    """
    from archive.health import health_counts, health_rows

    arc = open_archive()
    try:
        with arc.session() as s:
            rows = health_rows(s, every=True)
            counts = health_counts([r for r in rows if r.last_run is not None])
            shown = rows if every else [r for r in rows if r.state == "unhealthy"]
            data = [r.as_dict() for r in shown]
    finally:
        arc.close()
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return
    crawled = sum(counts.values())
    summary = (f"{crawled} portal(s) crawled: {counts['unhealthy']} unhealthy, "
               f"{counts['healthy']} healthy, {counts['unknown']} not judged yet")
    if not data:
        out.print(summary + ("" if every else "; nianbao health --all lists every portal")
                  if crawled else "no portal has been crawled yet (nianbao crawl PORTAL)",
                  markup=False, highlight=False)
        return
    table = Table(title=summary, title_justify="left")
    table.add_column("portal", overflow="fold", min_width=10)
    table.add_column("health", no_wrap=True)
    table.add_column("why", overflow="fold", min_width=20)
    table.add_column("since", no_wrap=True)
    table.add_column("last run", overflow="fold")
    table.add_column("last good run", overflow="fold")
    for row in data:
        table.add_row(Text(row["portal"]) + Text(f"\n{row['name']}", style="dim"),
                      Text(row["state"], style=STATE_STYLE.get(row["state"], "")),
                      row["reason"] or "—", shown_time(row["since"]) or "—",
                      run_text(row["last_run"]), run_text(row["last_good_run"]))
    out.print(table)
    if not every:
        out.print("nianbao health --all lists every portal", style="dim")


def run_text(run: dict | None) -> str:
    """A run in one cell, a line each: #12 finished, 2025-03-01 16:10 +08:00, 14 reports."""
    if run is None:
        return "—"
    reports = f"\n{run['reports']} reports" if run.get("reports") is not None else ""
    return f"#{run['id']} {run['status']}\n{shown_time(run['finished_at'])}{reports}"


def notify_test_command() -> None:
    """Send a test message to every notification target (NIANBAO_NOTIFY, NIANBAO_NOTIFY_FILE;
    filters aside) and say, per target, whether it arrived. Exits 1 when one did not.

    Examples:

      NIANBAO_NOTIFY=json://127.0.0.1:9000/hook nianbao notify test

      NIANBAO_NOTIFY_FILE=notify.toml nianbao notify test
    """
    from archive.notify import FILE_VAR, URLS_VAR, load_targets, send_test

    if not load_targets():
        raise NotifyCommandError(f"no notification target: set {URLS_VAR} to apprise URLs "
                                 f"(json://host/hook, mailto://…) or {FILE_VAR} to a TOML "
                                 "file of [[targets]] (see the README)")
    arc = open_archive(create=True)
    try:
        done = send_test(arc)
    finally:
        arc.close()
    table = Table(title=f"{len(done)} target(s)", title_justify="left")
    for col in ("target", "result", "attempts"):
        table.add_column(col, overflow="fold")
    table.add_column("error", overflow="fold")
    for d in done:
        table.add_row(d.target, Text(d.status, style="green" if d.status == "sent" else "red"),
                      str(d.attempts), d.error or "")
    out.print(table)
    if any(d.status != "sent" for d in done):
        raise typer.Exit(1)


def notify_log_command(
    limit: Annotated[int, typer.Option(metavar="N", help="How many, newest first.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
) -> None:
    """Show the latest notifications: when, to which target (secrets masked), what, whether
    it was sent, after how many attempts, and the error.

    Examples:

      nianbao notify log

      nianbao notify log --limit 100 --json
    """
    from archive.health import iso
    from archive.notify import recent

    arc = open_archive()
    try:
        with arc.session() as s:
            rows = [{"at": iso(n.created_at), "target": n.target, "topic": n.topic,
                     "title": n.title, "status": n.status, "attempts": n.attempts,
                     "error": n.error} for n in recent(s, bounded("--limit", limit, 1))]
    finally:
        arc.close()
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        out.print("no notification yet (set NIANBAO_NOTIFY; nianbao notify test)",
                  markup=False, highlight=False)
        return
    table = Table(title=f"latest {len(rows)} notification(s)", title_justify="left")
    for col in ("when", "target", "what", "result", "error"):
        table.add_column(col, overflow="fold")
    for r in rows:
        result = f"{r['status']} ({r['attempts']} attempt{'s' if r['attempts'] != 1 else ''})"
        table.add_row(shown_time(r["at"]), r["target"], r["title"],
                      Text(result, style="green" if r["status"] == "sent" else "red"),
                      r["error"] or "")
    out.print(table)
