"""``truce observations``: list stored observations (table, JSON, JSON lines, GeoJSON, CSV)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated

import typer

from truce.cli import app
from truce.cli._common import (
    BBoxOption,
    DataOption,
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
from truce.domain.filters import ObservationFilter
from truce.domain.observation import Observation
from truce.domain.vocabulary import EventKind, SourceType
from truce.services import observations as observation_service
from truce.services.times import parse_moment

_COLUMNS = ("id", "source", f"start ({TIME_ZONE_LABEL})", "kind", "count", "where", "direction",
            "km")  # fmt: skip


@app.command()
def observations(
    data: DataOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: Annotated[list[EventKind] | None, typer.Option(help="Event kind (repeatable).")] = None,
    source: Annotated[list[str] | None, typer.Option(help="Source id (repeatable).")] = None,
    source_type: Annotated[
        list[SourceType] | None, typer.Option(help="Source type (repeatable).")
    ] = None,
    bbox: BBoxOption = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="At most this many (default: all).")
    ] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="Output format.")
    ] = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """List stored observations in the order they were accepted."""
    with open_mission(data) as mission:
        selection = ObservationFilter(
            since=parse_moment(mission=mission, text=since, name="--since"),
            until=parse_moment(mission=mission, text=until, name="--until"),
            kinds=tuple(kind or ()),
            source_ids=tuple(source or ()),
            source_types=tuple(source_type or ()),
            bbox=parse_bbox(bbox),
        )
        found = observation_service.iter_observations(
            mission=mission, filter=selection, limit=limit
        )
        if fmt is OutputFormat.TABLE:
            with output_stream(output) as stream:
                print_table(_COLUMNS, _rows(found), stream=stream)
            return
        write_chunks(observation_service.export(observations=found, format=fmt), output)


def _rows(found: Iterable[Observation]) -> Iterator[tuple[str, ...]]:
    for obs in found:
        ev, d, r = obs.event, obs.direction, obs.distance_km
        kind = ev.kind.value + (f"/{ev.subtype.value}" if ev.subtype else "")
        count = ev.count.qualifier.value if ev.count.value is None else str(ev.count.value)
        where = obs.position.place or f"{obs.position.lon:.4f},{obs.position.lat:.4f}"
        yield (
            str(obs.id)[:8],
            f"{obs.source.type.value}:{obs.source.id}",
            table_time(obs.observed.start),
            kind,
            count,
            where,
            ",".join(b.value for b in d.bearings) if d else "",
            f"{r.min:g}-{r.max:g}" if r else "",
        )
