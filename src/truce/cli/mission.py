"""``truce init``: create the mission (data folder, database) and install its agreement."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from truce.cli import app
from truce.cli._common import DataOption
from truce.cli._render import out as console
from truce.services import agreement as agreement_service
from truce.services.integrity import pin_mission
from truce.services.mission import Mission
from truce.settings import setting


@app.command()
def init(
    data: DataOption = None,
    agreement: Annotated[
        Path | None,
        typer.Option(help="An agreement folder to validate, install and enter in the ledger."),
    ] = None,
    replace: Annotated[
        bool, typer.Option(help="Replace the installed agreement (e.g. with new versions).")
    ] = False,
) -> None:
    """Create the data folder and its database (idempotent); optionally install an agreement."""
    # A broken agreement folder is refused before anything is created (issue 11.11).
    validated = None if agreement is None else agreement_service.checked(folder=agreement)
    with Mission.create(data_dir=data) as mission:
        console.print(f"mission data in {mission.data_dir.resolve()} ({mission.database})")
        pinned = pin_mission(mission=mission, origin=setting("ledger_origin"))
        if pinned is not None:
            typer.echo(
                "mission verifier key (printed once: keep a copy outside the mission, "
                f"with the parties): {pinned.encode()}"
            )
        if agreement is not None:
            done = agreement_service.install(
                mission=mission, source=agreement, replace=replace, validated=validated
            )
            console.print(
                f"agreement installed in {done.folder}; "
                f"versions entered in the ledger: {done.registered}"
            )
