"""``truce fuse`` and ``truce incidents``: fused incidents of the mission."""

from __future__ import annotations

import json
import os
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from truce.cli import app
from truce.cli._common import DataOption, FormatOption, OutputFormat, open_mission
from truce.domain.formats import require_format
from truce.domain.incident import Incident
from truce.services import fusion as fusion_service

console = Console(highlight=False)
_FORMATS = (OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.GEOJSON)


@app.command()
def fuse(
    data: DataOption = None,
    full: Annotated[bool, typer.Option("--full", help="Recompute every incident.")] = False,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Processes for large inputs (default: up to 2 cores)."),
    ] = None,
) -> None:
    """Fuse stored observations into incidents (only what new observations touch)."""
    procs = workers if workers is not None else min(2, os.cpu_count() or 1)
    with open_mission(data) as mission:
        rep = fusion_service.fuse(mission=mission, full=full, workers=procs)
    console.print(
        f"{rep.new_observations} new of {rep.observations} observations ({rep.read} read); "
        f"{rep.deleted} incidents replaced by {rep.inserted}; {rep.incidents} incidents"
    )


@app.command()
def incidents(
    data: DataOption = None,
    format: FormatOption = OutputFormat.TABLE,
) -> None:
    """List the fused incidents."""
    require_format(format, _FORMATS, what="incidents")
    with open_mission(data) as mission:
        items = fusion_service.iter_incidents(mission=mission)
    if format is OutputFormat.JSON:
        typer.echo(json.dumps([i.model_dump(mode="json") for i in items], indent=2))
    elif format is OutputFormat.GEOJSON:
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
