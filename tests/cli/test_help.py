"""Every option of every command says what it is for, and its value reads as Click writes it
(``TEXT``, ``INTEGER``, ``PATH``), not Typer 0.29's ``<bool>``, ``<list[str]>`` (issue 11.11)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from truce.cli import _register, app

_register()
ROOT = get_command(app)


def _commands(node: Any = ROOT, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    if hasattr(node, "commands"):
        for name, child in node.commands.items():
            yield from _commands(child, (*path, name))
    else:
        yield " ".join(path), node


COMMANDS = sorted(_commands(), key=lambda c: c[0])


def test_the_walk_finds_every_command() -> None:
    names = {name for name, _ in COMMANDS}
    assert {"ingest", "observations", "verify consistency", "verify database"} <= names
    assert len(names) >= 30


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_option_and_argument_has_help(name: str, command: Any) -> None:
    missing = [p.name for p in command.params if not (getattr(p, "help", None) or "").strip()]
    assert not missing, f"truce {name}: no --help text for {missing}"


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_metavars_read_as_click_writes_them(name: str, command: Any) -> None:
    result = CliRunner().invoke(app, [*name.split(), "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    typer_style = r"<(?:bool|int|str|float|path|file|uuid|datetime|list\[|[a-z_]+\|)[^>]*>"
    assert not re.search(typer_style, result.output), result.output


def test_metavars_by_type() -> None:
    out = CliRunner().invoke(app, ["observations", "--help"], env={"COLUMNS": "200"}).output
    assert re.search(r"--limit\s+INTEGER RANGE", out), out
    assert re.search(r"--data\s+PATH", out) and re.search(r"--since\s+TEXT", out), out
    assert re.search(r"--kind\s+\[explosion\|", out), out
    assert not re.search(r"--help\s+\S+\s+Show", out), out  # a flag takes no value
