"""Commands join the CLI through the `nianbao.commands` entry-point group: the crawler's
commands arrive without the CLI naming the crawler, and a broken plug-in fails loudly, in one
line, instead of silently leaving its commands out."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest
import typer

from archive.cli import main as cli


def group(*entries: tuple[str, str]) -> list[EntryPoint]:
    return [EntryPoint(name=n, value=v, group=cli.COMMAND_GROUP) for n, v in entries]


def test_every_feature_adds_its_commands_including_the_crawler() -> None:
    names = {c.name or c.callback.__name__ for c in cli.app.registered_commands}
    assert {"ingest", "parse", "history", "diff", "search", "show", "serve", "export",
            "crawl", "portals", "demo"} <= names
    assert {g.name for g in cli.app.registered_groups} == {"agency", "db", "notify", "report"}


def test_a_plug_in_that_cannot_be_imported_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "entry_points", lambda group: group_of_broken)
    group_of_broken = group(("catalogue", "archive.cli.catalogue:register"),
                            ("ghost", "nianbao_no_such_module:register"))
    with pytest.raises(cli.CommandLoadError, match=r"ghost \(nianbao_no_such_module:register\)"):
        cli.load_commands(typer.Typer())


def test_no_plug_ins_at_all_is_an_error_not_an_empty_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "entry_points", lambda group: [])
    with pytest.raises(cli.CommandLoadError, match="pip install -e ."):
        cli.load_commands(typer.Typer())


def test_a_load_error_reaches_the_user_as_one_line(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli, "_LOAD_ERROR", cli.CommandLoadError("command plug-in ghost failed"))
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 1
    assert capsys.readouterr().err.strip() == "nianbao: error: command plug-in ghost failed"
