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


def open_archive() -> Archive:
    """The archive the settings point at, created or upgraded on first use."""
    from archive.core import Archive  # here, not at the top: `nianbao --help` stays quick

    return Archive.open()
