"""``truce users add|token|revoke|list``: accounts and bearer tokens of the API."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer

from truce.cli import app
from truce.cli._common import (
    DataOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    output_stream,
    write_records,
)
from truce.cli._render import print_table
from truce.domain.principal import USER_ROLES
from truce.services.mission import Mission

users_app = typer.Typer(help="Accounts and bearer tokens of the API.", no_args_is_help=True)
app.add_typer(users_app, name="users")
_ROLES = "|".join(r.value for r in USER_ROLES)


def _by() -> str:
    """Who runs the command, as recorded in the ledger (the operating-system user)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _mission(data: Path | None) -> Mission:
    return Mission.open(data_dir=data)


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Account name.")],
    role: Annotated[str, typer.Option("--role", help=f"One of {_ROLES}.")],
    party: Annotated[
        str | None, typer.Option("--party", help="Party id (required for role party).")
    ] = None,
    data: DataOption = None,
) -> None:
    """Create an account (then issue it a token with ``truce users token NAME``)."""
    from truce.services import users

    user = users.add_user(mission=_mission(data), name=name, role=role, party=party, by=_by())
    suffix = f" of party {user.party}" if user.party else ""
    typer.echo(f"added {user.name} ({user.role.value}{suffix})", err=True)


@users_app.command("token")
def users_token(
    name: Annotated[str, typer.Argument(help="Account name.")], data: DataOption = None
) -> None:
    """Print one new bearer token for NAME on stdout (shown once; only its hash is kept)."""
    from truce.services import users

    typer.echo(users.issue_token(mission=_mission(data), name=name, by=_by()))


@users_app.command("revoke")
def users_revoke(
    name: Annotated[str, typer.Argument(help="Account name.")], data: DataOption = None
) -> None:
    """Revoke every token and session of NAME."""
    from truce.services import users

    n = users.revoke_user(mission=_mission(data), name=name, by=_by())
    typer.echo(f"revoked {name} ({n} active token{'s' if n != 1 else ''})", err=True)


@users_app.command("list")
def users_list(
    data: DataOption = None, format: FormatOption = OutputFormat.TABLE, output: OutputOption = None
) -> None:
    """The accounts with role, party, state and active tokens."""
    from truce.services import users

    found = users.list_users(mission=_mission(data))
    if format is not OutputFormat.TABLE:
        records: list[dict[str, object]] = [
            {"name": u.name, "role": u.role.value, "party": u.party,
             "state": "revoked" if u.revoked else "active", "active_tokens": u.active_tokens}
            for u in found
        ]  # fmt: skip
        write_records(records, format, output, what="users")
        return
    rows = [
        (u.name, u.role.value, u.party or "", "revoked" if u.revoked else "active",
         str(u.active_tokens))
        for u in found
    ]  # fmt: skip
    with output_stream(output) as stream:
        print_table(("name", "role", "party", "state", "tokens"), rows, stream=stream)
