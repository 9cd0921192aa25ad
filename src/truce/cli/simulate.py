"""``truce simulate``: deterministic scenarios along an agreement's line, with ground truth."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from truce.cli import app
from truce.cli._common import DataOption
from truce.cli._render import out as console
from truce.services import simulation as simulation_service

_SCENARIO_HELP = "Scenario name (standard, quiet, intense, no-sensors, lossy)."
_EVALUATE_HELP = "Fuse the observations, score them against the truth (evaluation.json)."


@app.command()
def simulate(
    scenario: Annotated[str, typer.Option("--scenario", help=_SCENARIO_HELP)] = "standard",
    seed: Annotated[int, typer.Option("--seed", help="Random seed; same seed, same output.")] = 1,
    out: Annotated[
        Path, typer.Option("--output", "-o", "--out", help="Folder for the output files.")
    ] = Path("sim"),
    evaluate: Annotated[bool, typer.Option("--evaluate", help=_EVALUATE_HELP)] = False,
    days: Annotated[int | None, typer.Option("--days", help="Days (default: scenario's).")] = None,
    agreement: Annotated[
        Path | None,
        typer.Option(
            "--agreement",
            help="Agreement folder whose line to simulate along (default: the mission's "
            "installed agreement with --data, else the demo line).",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Simulate a scenario along an agreement's line: observations (wire format v1), truth."""
    done = simulation_service.simulate(
        scenario=scenario,
        seed=seed,
        out=out,
        days=days,
        evaluate=evaluate,
        agreement_dir=agreement,
        data_dir=data,
        workers=min(2, os.cpu_count() or 1),
    )
    console.print(f"{done.observations} observations -> {done.observations_path}; "
                  f"truth -> {done.truth_path}")  # fmt: skip
    for text in done.evaluation:
        console.print(text)
