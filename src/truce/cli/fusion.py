"""``truce fuse`` and ``truce incidents``: fused incidents of the mission."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Annotated

import typer

from truce.cli import app
from truce.cli._common import (
    BBoxOption,
    DataOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    SinceOption,
    UntilOption,
    open_mission,
    output_stream,
    parse_bbox,
    write_chunks,
)
from truce.cli._render import TIME_ZONE_LABEL, print_table, table_time
from truce.cli._render import out as console
from truce.domain.filters import IncidentFilter
from truce.domain.formats import IncidentGeometry
from truce.domain.incident import Incident
from truce.domain.vocabulary import EventKind
from truce.services import fusion as fusion_service
from truce.services.exports import check_incident_geometry, export_incidents
from truce.services.times import parse_moment


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
    output: OutputOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: Annotated[list[EventKind] | None, typer.Option(help="Event kind (repeatable).")] = None,
    region: Annotated[
        list[str] | None,
        typer.Option(help="Agreement region id, or other (outside every region); repeatable."),
    ] = None,
    bbox: BBoxOption = None,
    geometry: Annotated[
        IncidentGeometry,
        typer.Option(
            "--geometry",
            help="GeoJSON geometry: the point, or the 95 % ellipse as a Polygon (RFC 7946).",
        ),
    ] = IncidentGeometry.POINT,
) -> None:
    """List the fused incidents (window start, id order), optionally filtered."""
    check_incident_geometry(format=format, geometry=geometry)
    with open_mission(data) as mission:
        selection = IncidentFilter(
            since=parse_moment(mission=mission, text=since, name="--since"),
            until=parse_moment(mission=mission, text=until, name="--until"),
            kinds=tuple(kind or ()),
            bbox=parse_bbox(bbox),
            regions=tuple(region or ()),
        )
        items = fusion_service.iter_incidents(mission=mission, filter=selection)
    if format is OutputFormat.TABLE:
        with output_stream(output) as stream:
            print_table(_COLUMNS, _rows(items), stream=stream)
        return
    write_chunks(export_incidents(incidents=items, format=format, geometry=geometry), output)


_COLUMNS = ("id", f"start ({TIME_ZONE_LABEL})", "kind", "count", "lon", "lat", "ellipse m",
            "sources", "method", "conf")  # fmt: skip


def _rows(items: list[Incident]) -> Iterator[tuple[str, ...]]:
    for i in items:
        kind = i.kind.value + (f"/{i.subtype.value}" if i.subtype else "")
        yield (
            str(i.id)[:8], table_time(i.window.start), kind, str(i.counts.total),
            f"{i.lon:.4f}", f"{i.lat:.4f}",
            f"{i.ellipse.semi_major_m:.0f}x{i.ellipse.semi_minor_m:.0f}",
            str(i.n_sources), i.method, f"{i.confidence:.2f}",
        )  # fmt: skip
