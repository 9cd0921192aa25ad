"""Options and helpers shared by every command group."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from truce.domain.formats import OutputFormat
from truce.services.mission import Mission

__all__ = ["DataOption", "FormatOption", "OutputFormat", "open_mission"]

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="TRUCE_DATA",
        help="Data folder of the mission (default ./truce-data).",
        show_default=False,
    ),
]

FormatOption = Annotated[OutputFormat, typer.Option("--format", help="Output format.")]


def open_mission(data: Path | None) -> Mission:
    """The mission in ``--data`` (an error naming ``truce init`` when there is none)."""
    return Mission.open(data_dir=data)
