"""What every command shares: the two consoles (results to stdout, messages to stderr), the
progress bar of long commands, and opening the archive the settings point at."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

if TYPE_CHECKING:
    from archive.core import Archive


out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def progress_bar(console: Console = err) -> Progress:
    """The progress bar every long command shows."""
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeRemainingColumn(), console=console, transient=True)


def bounded(option: str, value: int, low: int = 0) -> int:
    """`value` of a number option (a count, an offset, a version), or one line saying the
    range when it is below `low` or beyond what the catalogue's integers hold (a larger one
    would fail in the database, not find nothing)."""
    from archive.catalogue.models import MAX_INT
    from archive.errors import NianbaoError

    if not low <= value <= MAX_INT:
        raise NianbaoError(f"{option} {value}: give a number from {low} to {MAX_INT}")
    return value


def open_archive(*, create: bool = False) -> Archive:
    """The archive the settings point at (see archive.config for how it is found).

    Reading commands (the default) never make or change one: where there is none they stop
    with one line naming where they looked. Commands that write pass `create=True`: the
    archive is created or upgraded as needed. Either way, when the archive is not the obvious
    one (NIANBAO_HOME, or ./nianbao-data) a line on stderr names it."""
    from archive.config import FOUND_BY_VAR, FOUND_HERE, Settings
    from archive.core import Archive  # here, not at the top: `nianbao --help` stays quick

    settings = Settings.from_env()
    path = settings.sqlite_path
    is_new = path is not None and not path.exists()
    arc = Archive.open(settings, create=create)
    if settings.found_by in (FOUND_BY_VAR, FOUND_HERE):
        pass  # the archive the user named, or the one in this folder: nothing to say
    elif is_new:
        err.print(f"nianbao: created a new archive at {settings.where()}", markup=False,
                  highlight=False)
    else:
        err.print(f"nianbao: using the archive at {settings.where()}", markup=False,
                  highlight=False)
    return arc
