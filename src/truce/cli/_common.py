"""Options and helpers shared by every command group."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="TRUCE_DATA",
        help="Data folder of the mission (default ./truce-data).",
        show_default=False,
    ),
]


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    GEOJSON = "geojson"
    CSV = "csv"
