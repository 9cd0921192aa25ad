"""``truce simulate``, ``truce fuse`` and ``truce incidents``."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from truce.cli import app
from truce.cli._common import DataOption
from truce.fusion.model import Incident
from truce.store import open_store

if TYPE_CHECKING:
    from truce.fusion.simulate.geography import ContactLine

console = Console(highlight=False)
_SCENARIO_HELP = "Scenario name (standard, quiet, intense, no-sensors, lossy)."
_EVALUATE_HELP = "Fuse the observations, score them against the truth (evaluation.json)."


class IncidentFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    GEOJSON = "geojson"


@app.command()
def simulate(
    scenario: Annotated[str, typer.Option("--scenario", help=_SCENARIO_HELP)] = "standard",
    seed: Annotated[int, typer.Option("--seed", help="Random seed; same seed, same output.")] = 1,
    out: Annotated[Path, typer.Option("--out", help="Folder for the output files.")] = Path("sim"),
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
    from truce.fusion import fuse
    from truce.fusion.simulate import get_scenario, score_incidents, simulate_scenario, write
    from truce.fusion.simulate.writer import observations

    line = _simulation_line(agreement, data)
    sim = simulate_scenario(get_scenario(scenario, days=days), seed, line=line)
    obs_path, truth_path = write(sim, out)
    console.print(f"{len(sim)} observations -> {obs_path}; truth -> {truth_path}")
    if evaluate:
        incidents = fuse(list(observations(sim)))
        score = score_incidents(sim, incidents)
        for text in score.lines():
            console.print(text)
        (out / "evaluation.json").write_text(json.dumps(score.as_dict(), indent=2), "utf-8")


def _simulation_line(agreement: Path | None, data: Path | None) -> ContactLine | None:
    from truce.agreement import load_agreement, load_installed
    from truce.agreement.install import INSTALLED
    from truce.agreement.spatial import simulation_geometry
    from truce.fusion.simulate import contact_line_from
    from truce.settings import data_dir

    if agreement is not None:
        version = load_agreement(agreement).latest
    elif data is not None and (data_dir(data) / INSTALLED / "agreement.yaml").is_file():
        version = load_installed(data_dir(data) / INSTALLED).latest
    else:
        return None
    parts, side_b = simulation_geometry(version)
    return contact_line_from(parts, side_b)


@app.command()
def fuse(
    data: DataOption = None,
    full: Annotated[bool, typer.Option("--full", help="Recompute every incident.")] = False,
) -> None:
    """Fuse stored observations into incidents (only what new observations touch)."""
    from truce.services.fusion import fuse_store

    rep = fuse_store(store=open_store(data), full=full)
    console.print(
        f"{rep.new_observations} new of {rep.observations} observations ({rep.read} read); "
        f"{rep.deleted} incidents replaced by {rep.inserted}; {rep.incidents} incidents"
    )


@app.command()
def incidents(
    data: DataOption = None,
    format: Annotated[IncidentFormat, typer.Option("--format", help="Output format.")] = (
        IncidentFormat.TABLE
    ),
) -> None:
    """List the fused incidents."""
    from truce.services.fusion import stored_incidents

    items = stored_incidents(store=open_store(data))
    if format is IncidentFormat.JSON:
        typer.echo(json.dumps([i.model_dump(mode="json") for i in items], indent=2))
    elif format is IncidentFormat.GEOJSON:
        fc = {"type": "FeatureCollection", "features": [i.feature() for i in items]}
        typer.echo(json.dumps(fc))
    else:
        console.print(_table(items))


def _table(items: list[Incident]) -> Table:
    t = Table(
        "start (UTC)", "kind", "count", "lon", "lat", "ellipse m", "sources", "method", "conf"
    )
    for i in items:
        kind = i.kind.value + (f"/{i.subtype.value}" if i.subtype else "")
        t.add_row(
            i.window.start.strftime("%Y-%m-%d %H:%M"), kind, str(i.counts.total),
            f"{i.lon:.4f}", f"{i.lat:.4f}",
            f"{i.ellipse.semi_major_m:.0f}x{i.ellipse.semi_minor_m:.0f}",
            str(i.n_sources), i.method, f"{i.confidence:.2f}",
        )  # fmt: skip
    return t
