"""Readable `--help`. Typer labels every parameter with its Python type (`<list[str]>`,
`<int>`, `<bool>`); nianbao's help says instead what a value is, the way command-line tools
do: `--where FILTER`, `--port PORT`, `--max-pages MAX_PAGES`, nothing after a switch such as
`--json`, and arguments by their name (`paths...`). A parameter's own `metavar=` wins;
without one an option is named after itself. Applied to the whole command tree by the root
group (`ReadableGroup`), so every command a plug-in registers gets it."""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperGroup


class _NamedArgument(TyperArgument):
    """An argument shown by its name alone (`paths...`), without a Python type beside it."""

    def display_type_rich(self, ctx: Any) -> str | None:  # noqa: ARG002 - typer's signature
        return None


class ReadableGroup(TyperGroup):
    """The root command group: once its commands are in place, gives every parameter of the
    tree a readable label (see `readable_params`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        readable_params(self)

    def get_params(self, ctx: Any) -> list[Any]:
        """The group's own options, labelled too (typer adds --install-completion after the
        group is made)."""
        params = super().get_params(ctx)
        _label(params)
        return params


def option_metavar(param: Any) -> str:
    """The label of an option's value: none for a switch, else its long name in capitals
    (`--max-pages` → MAX_PAGES)."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    longest = max(param.opts, key=len)
    return longest.lstrip("-").replace("-", "_").upper()


def readable_params(command: Any) -> None:
    """Label every parameter of `command` and of the commands under it (the help option,
    made on demand, included)."""
    from typer import Context

    for sub in (getattr(command, "commands", None) or {}).values():
        readable_params(sub)
    _label(command.get_params(Context(command)))


def _label(params: list[Any]) -> None:
    for param in params:
        if isinstance(param, TyperArgument):
            if type(param) is TyperArgument:
                param.__class__ = _NamedArgument
        elif param.metavar is None:
            param.metavar = option_metavar(param)
