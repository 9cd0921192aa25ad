"""``truce observations``: list stored observations (table, JSON, GeoJSON, CSV)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from truce.cli import app
from truce.cli._common import DataOption, OutputFormat, open_mission
from truce.domain.filters import ObservationFilter
from truce.domain.observation import Observation
from truce.domain.vocabulary import EventKind, SourceType
from truce.errors import InvalidInput
from truce.services import observations as observation_service

console = Console(highlight=False)


def _parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if text is None:
        return None
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError:
        raise InvalidInput(
            f"--bbox: expected WEST,SOUTH,EAST,NORTH in degrees, got {text!r}"
        ) from None
    if not (west <= east and south <= north):
        raise InvalidInput("--bbox: WEST must not exceed EAST, nor SOUTH exceed NORTH")
    return west, south, east, north


def parse_time(option: str, text: str | None) -> datetime | None:
    """An ISO 8601 date-time option with its UTC offset."""
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{option}: not an ISO 8601 date-time: {text!r}") from None
    if value.tzinfo is None:
        raise InvalidInput(f"{option}: must include a UTC offset, e.g. {text}+00:00")
    return value


@app.command()
def observations(
    data: DataOption = None,
    since: Annotated[str | None, typer.Option(help="Overlapping or after (ISO 8601).")] = None,
    until: Annotated[str | None, typer.Option(help="Overlapping or before (ISO 8601).")] = None,
    kind: Annotated[list[EventKind] | None, typer.Option(help="Event kind (repeatable).")] = None,
    source: Annotated[list[str] | None, typer.Option(help="Source id (repeatable).")] = None,
    source_type: Annotated[
        list[SourceType] | None, typer.Option(help="Source type (repeatable).")
    ] = None,
    bbox: Annotated[str | None, typer.Option(help="WEST,SOUTH,EAST,NORTH in degrees.")] = None,
    limit: Annotated[int | None, typer.Option(min=1)] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
) -> None:
    """List stored observations in the order they were accepted."""
    selection = ObservationFilter(
        since=parse_time("--since", since),
        until=parse_time("--until", until),
        kinds=tuple(kind or ()),
        source_ids=tuple(source or ()),
        source_types=tuple(source_type or ()),
        bbox=_parse_bbox(bbox),
    )
    with open_mission(data) as mission:
        found = observation_service.iter_observations(
            mission=mission, filter=selection, limit=limit
        )
        if fmt is OutputFormat.TABLE:
            console.print(_table(found))
            return
        for chunk in observation_service.export(observations=found, format=fmt):
            sys.stdout.write(chunk)


def _table(found: Iterable[Observation]) -> Table:
    table = Table(show_header=True)
    for col in ("id", "source", "start", "kind", "count", "where", "direction", "km"):
        table.add_column(col)
    for obs in found:
        ev, d, r = obs.event, obs.direction, obs.distance_km
        kind = ev.kind.value + (f"/{ev.subtype.value}" if ev.subtype else "")
        count = ev.count.qualifier.value if ev.count.value is None else str(ev.count.value)
        where = obs.position.place or f"{obs.position.lon:.4f},{obs.position.lat:.4f}"
        table.add_row(
            str(obs.id)[:8],
            f"{obs.source.type.value}:{obs.source.id}",
            obs.observed.start.isoformat(timespec="minutes"),
            kind,
            count,
            where,
            ",".join(b.value for b in d.bearings) if d else "",
            f"{r.min:g}-{r.max:g}" if r else "",
        )
    return table
