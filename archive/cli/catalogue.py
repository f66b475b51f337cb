"""Commands over the catalogue and the blob store: `db upgrade|current`, `ingest`, `parse`,
`fsck`, `stats`."""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

import parsers
from archive.cli.console import err, open_archive, out, progress_bar
from archive.errors import NianbaoError
from archive.units import human_size
from parsers.summary import summarize


def db_upgrade() -> None:
    """Create the catalogue or upgrade it to the newest schema.

    Example: NIANBAO_DB_URL=postgresql+psycopg://postgres@127.0.0.1/nianbao nianbao db upgrade
    """
    from archive.catalogue import migrate
    from archive.core import Archive

    arc = Archive.open(upgrade=False)
    before = migrate.current_revision(arc.engine)
    migrate.upgrade_if_needed(arc.engine, lock_dir=arc.settings.home)
    after = migrate.current_revision(arc.engine)
    url = arc.engine.url.render_as_string(hide_password=True)
    if before == after:
        out.print(f"catalogue {url} is up to date (revision {after})")
    else:
        out.print(f"catalogue {url} upgraded from {before or 'empty'} to {after}")


def db_current() -> None:
    """Print the schema revision of the catalogue and the newest one available."""
    from archive.catalogue import migrate
    from archive.core import Archive

    arc = Archive.open(upgrade=False, create=False)
    out.print(f"current: {migrate.current_revision(arc.engine) or 'empty'}  "
              f"head: {migrate.head_revision()}")


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Local files to import into the archive.")],
    url: Annotated[str | None, typer.Option(
        help="The URL the file is said to come from, to file it there (one file only).")] = None,
    media_type: Annotated[str | None, typer.Option(help="Media type, if not guessed from the name.")] = None,
    role: Annotated[str, typer.Option(help="report | attachment | list | image | other")] = "report",
    no_parse: Annotated[bool, typer.Option("--no-parse", help="Store only; do not parse.")] = False,
) -> None:
    """Import local files (stored under their SHA-256), kept as imported, never as captures.

    Each file is recorded with its absolute path, who imported it (user@host) and when, and
    no HTTP status: history, changes, the web pages and the WARC export say "imported", not
    "published" or "changed by the publisher".

    Examples:

      nianbao ingest report.pdf --url https://www.example.gov.cn/xxgk/ndbg/t20250131_1.html

      nianbao ingest downloads/*.pdf
    """
    from archive.catalogue.models import ROLES

    if url and len(paths) > 1:
        raise NianbaoError("--url names the origin of one file; give one PATH with it")
    if url and not url.lower().startswith(("http://", "https://")):
        raise NianbaoError(f"--url {url!r}: give the full address the file was published at, "
                           "e.g. https://www.example.gov.cn/xxgk/ndbg/t20250131_1.html")
    if role not in ROLES:
        raise NianbaoError(f"--role {role!r}: use one of {', '.join(ROLES)}")
    for path in paths:
        if path.is_dir():
            raise NianbaoError(f"{path} is a folder; give the files in it, e.g. {path}/*.pdf")
        if not path.is_file():
            raise NianbaoError(f"{path}: no such file")
    arc = open_archive(create=True)
    new = repeat = 0
    with progress_bar() as bar:
        task = bar.add_task("ingesting", total=len(paths))
        for path in paths:
            res = arc.import_file(path, url=url, media_type=media_type, role=role,
                                  parse=False if no_parse else None)
            new += res.new_blob
            repeat += not res.new_blob
            bar.advance(task)
            if len(paths) <= 20:
                mark = "new" if res.new_blob else "already stored"
                out.print(f"{path}  sha256:{res.sha256}  ({mark})")
    out.print(f"{len(paths)} file(s) imported: {new} new blob(s), {repeat} already stored")


def parse(
    paths: Annotated[list[Path], typer.Argument(help="Report files: text, HTML, PDF, Word, images.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON record per line.")] = False,
) -> None:
    """Parse report files into the canonical record, without archiving them.

    Examples:

      nianbao parse report.pdf

      nianbao parse *.html --json > records.jsonl
    """

    failed = 0
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            err.print(f"nianbao: error: {path}: {exc.strerror}", markup=False)
            failed += 1
            continue
        try:
            record = parsers.parse_bytes(data, media_type=mimetypes.guess_type(path.name)[0],
                                         url=path.resolve().as_uri()).to_dict()
        except Exception as exc:  # extraction errors name the problem in one line
            err.print(f"nianbao: error: {path}: {exc}", markup=False, highlight=False)
            failed += 1
            continue
        if as_json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            out.print(summarize(record, str(path)), markup=False, highlight=False)
    if failed:
        raise typer.Exit(1)


def fsck(
    clean_tmp: Annotated[bool, typer.Option(help="Delete leftovers of interrupted writes.")] = False,
) -> None:
    """Re-hash every blob; list missing and corrupt ones (exit status 1 if any).

    Example: nianbao fsck
    """
    from archive.fsck import fsck as run_fsck

    arc = open_archive()
    with progress_bar() as bar:
        task = bar.add_task("re-hashing blobs", total=None)
        report = run_fsck(arc, lambda i, n: bar.update(task, completed=i, total=n))
    for digest in report.missing:
        err.print(f"missing: blob {digest} is in the catalogue but not in the store")
    for _digest, why in report.corrupt:
        err.print(f"corrupt: {why}")
    for digest in report.orphans:
        out.print(f"orphan: blob {digest} is stored but not catalogued (harmless)")
    if report.temporary:
        if clean_tmp:
            for path in report.temporary:
                arc.store.fs.rm(path)
        out.print(f"{len(report.temporary)} leftover temporary file(s) from interrupted writes"
                  + (" removed" if clean_tmp else "; run `nianbao fsck --clean-tmp` to remove"))
    out.print(f"{report.checked} blob(s) checked: {len(report.missing)} missing, "
              f"{len(report.corrupt)} corrupt")
    if not report.ok:
        raise typer.Exit(1)


def stats(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Counts and sizes of what the archive holds.

    Example: nianbao stats --json
    """
    from archive.stats import stats as collect

    s = collect(open_archive())
    if as_json:
        out.print_json(json.dumps(s.as_dict()))
        return
    table = Table(title="nianbao archive", show_header=False)
    table.add_row("portals", str(s.portals))
    table.add_row("crawl runs", str(s.crawl_runs))
    table.add_row("documents (URLs)", str(s.documents))
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(s.fetches_by_outcome.items()))
    table.add_row("fetches", f"{s.fetches}" + (f" ({outcomes})" if outcomes else ""))
    ratio = f", {s.blob_stored_bytes / s.blob_bytes:.0%} stored" if s.blob_bytes else ""
    table.add_row("blobs", f"{s.blobs} ({human_size(s.blob_bytes)}{ratio})")
    table.add_row("reports", str(s.reports))
    table.add_row("report versions", str(s.report_versions))
    out.print(table)


def init(
    folder: Annotated[Path, typer.Argument(help="Where to make nianbao-data (default: here).",
                                           metavar="FOLDER")] = Path("."),
) -> None:
    """Start an archive in FOLDER/nianbao-data; commands run in FOLDER or below use it.

    Without one, commands use NIANBAO_HOME, the nearest nianbao-data above the current
    folder, or the per-user archive. Example: nianbao init ~/research
    """
    from archive.config import DEFAULT_HOME, HOME_VAR, Settings
    from archive.core import Archive

    home = (folder / DEFAULT_HOME).expanduser().absolute()
    if (home / "nianbao.sqlite").exists():
        out.print(f"{home} already holds an archive")
        return
    Archive.open(Settings.from_env({HOME_VAR: str(home)})).close()
    out.print(f"made an empty archive at {home}")


def register(app: typer.Typer) -> None:
    """Add `init`, `db upgrade|current`, `ingest`, `parse`, `fsck` and `stats`."""
    db_app = typer.Typer(help="Create and upgrade the catalogue schema.", no_args_is_help=True)
    db_app.command("upgrade")(db_upgrade)
    db_app.command("current")(db_current)
    app.command()(init)
    app.command()(ingest)
    app.command()(parse)
    app.command()(fsck)
    app.command()(stats)
    app.add_typer(db_app, name="db")
