"""`nianbao`: the command line's core: the app, the loading of its commands, and the error
policy.

Commands live beside their feature (`archive/cli/*.py`, `crawler/commands.py`) and join the
app through the `nianbao.commands` entry-point group: each entry names a `register(app)`
function. Command modules import the archive inside each command, so `nianbao --help` starts
in a fraction of a second. Every error reaches the user as one line naming the problem and the
setting or command that fixes it; no tracebacks.
"""

from __future__ import annotations

import os
import sys
from importlib.metadata import entry_points

import typer

from archive.cli.console import err
from archive.cli.help import ReadableGroup
from archive.errors import NianbaoError

#: The entry-point group through which features add their commands.
COMMAND_GROUP = "nianbao.commands"

app = typer.Typer(
    help="nianbao: crawl, archive, parse and diff government information-disclosure "
    "annual reports (政府信息公开工作年度报告).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    cls=ReadableGroup,  # readable --help labels (FILTER, PATH...) for every command
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"nianbao {version('nianbao')}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """nianbao: crawl, archive, parse and diff government information-disclosure annual
    reports (政府信息公开工作年度报告)."""


class CommandLoadError(NianbaoError):
    """A command plug-in that is declared but cannot be loaded."""


def load_commands(target: typer.Typer) -> list[str]:
    """Let every `nianbao.commands` entry add its commands to `target`; returns their names.
    A declared entry that cannot be imported or registered is an error, never skipped."""
    names = []
    for ep in sorted(entry_points(group=COMMAND_GROUP), key=lambda ep: ep.name):
        try:
            ep.load()(target)
        except Exception as exc:
            raise CommandLoadError(f"command plug-in {ep.name} ({ep.value}) failed to load: "
                                   f"{type(exc).__name__}: {exc}; reinstall nianbao "
                                   "(pip install -e .)") from exc
        names.append(ep.name)
    if not names:
        raise CommandLoadError(f"no commands are registered in the {COMMAND_GROUP!r} "
                               "entry-point group; install nianbao (pip install -e .)")
    return names


try:
    load_commands(app)
    _LOAD_ERROR: CommandLoadError | None = None
except CommandLoadError as exc:  # reported by main() as one line, not as a traceback
    _LOAD_ERROR = exc


def _db_reason(exc: Exception, limit: int = 200) -> str:
    """The database's own first line of an error, without the statement and its parameters
    (which SQLAlchemy appends, thousands of characters for a report record)."""
    orig = getattr(exc, "orig", None)
    lines = str(orig if orig is not None else exc).strip().splitlines()
    reason = lines[0] if lines else type(exc).__name__
    return reason if len(reason) <= limit else reason[:limit - 1] + "…"


def main() -> None:
    """Console entry point: run the app, turning known errors into one line."""
    from sqlalchemy.exc import DBAPIError, OperationalError

    if _LOAD_ERROR is not None:
        err.print(f"nianbao: error: {_LOAD_ERROR}", markup=False, highlight=False)
        sys.exit(1)
    try:
        app()
    except NianbaoError as exc:
        err.print(f"nianbao: error: {exc}", markup=False, highlight=False)
        sys.exit(1)
    except OperationalError as exc:
        err.print(f"nianbao: database error: {_db_reason(exc)}; check NIANBAO_DB_URL and that "
                  "the database is running", markup=False, highlight=False)
        sys.exit(1)
    except DBAPIError as exc:  # e.g. IntegrityError: the database refused a write
        err.print(f"nianbao: database error: {type(exc).__name__}: {_db_reason(exc)} (set "
                  "NIANBAO_DEBUG=1 to see the traceback, and please report it)",
                  markup=False, highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("nianbao: interrupted", markup=False)
        sys.exit(130)
    except Exception as exc:  # a bug: still one line, with the way to see more
        if os.environ.get("NIANBAO_DEBUG"):
            raise
        err.print(f"nianbao: internal error: {type(exc).__name__}: {exc} (set NIANBAO_DEBUG=1 "
                  "to see the traceback, and please report it)", markup=False, highlight=False)
        sys.exit(2)
