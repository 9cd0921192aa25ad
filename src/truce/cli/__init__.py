"""The ``truce`` command: one Typer app; each command group lives in its own module here.

Commands parse their options, call a service and render; no computation lives in this package.
Every :class:`~truce.errors.TruceError` is caught once, in :func:`main`, printed without a
stack trace, and turned into the error's exit code.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from truce.cli import _help
from truce.errors import TruceError

_help.install()  # --help shows TEXT, INTEGER, PATH as Click does (issue 11.11)

app = typer.Typer(
    name="truce",
    help="Truce: ceasefire monitoring with a verifiable evidence ledger.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

err_console = Console(stderr=True, highlight=False, soft_wrap=True)  # messages never wrap


def _register() -> None:
    # Each module registers its commands on ``app`` (or adds a sub-Typer) when imported.
    # Add one import per command group; keep the list sorted.
    from truce.cli import (  # noqa: F401
        agreement,
        compliance,
        demo,
        fusion,
        intake,
        ledger,
        mission,
        narrative,
        observations,
        report,
        serve,
        simulate,
        users,
    )


def main() -> None:
    """Entry point of the ``truce`` console script."""
    _register()
    try:
        rc = app(standalone_mode=False)
    except TruceError as exc:
        err_console.print(f"[bold red]error:[/] {exc.diagnostics()}", markup=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(130)
    except typer.TyperException as exc:  # usage errors: bad option, missing argument
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            err_console.print(f"error: {exc}", markup=False)
        sys.exit(int(getattr(exc, "exit_code", 2)))
    sys.exit(rc if isinstance(rc, int) else 0)
