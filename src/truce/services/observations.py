"""Listing stored observations (``truce observations``, the API): filters, cursor pages."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from truce.domain.filters import ObservationFilter
from truce.domain.formats import OutputFormat, require_format
from truce.domain.observation import Observation
from truce.domain.page import Page, check_limit, encode_cursor, seq_cursor
from truce.errors import NotFound
from truce.intake.export import iter_csv, iter_geojson, iter_json_array
from truce.services.mission import Mission
from truce.store.observations import ObservationQuery, content_of, iter_rows, submitter_of

__all__ = [
    "ObservationFilter",
    "export",
    "get_observation",
    "iter_observations",
    "list_observations",
]


def _query(f: ObservationFilter, *, limit: int | None, after: int | None) -> ObservationQuery:
    released = None
    if f.released is not None:
        periods = tuple((a.timestamp(), b.timestamp()) for a, b in f.released.periods)
        released = (f.released.ended_by.timestamp(), periods)
    return ObservationQuery(
        since=f.since,
        until=f.until,
        kinds=tuple(k.value for k in f.kinds),
        source_ids=f.source_ids,
        source_types=tuple(t.value for t in f.source_types),
        bbox=f.bbox,
        limit=limit,
        after_seq=after,
        released=released,
        or_submitted_by=f.or_submitted_by,
    )


def iter_observations(
    *, mission: Mission, filter: ObservationFilter | None = None, limit: int | None = None
) -> Iterator[Observation]:
    """Every matching observation (up to ``limit``), in the order they were accepted, streamed."""
    query = _query(filter or ObservationFilter(), limit=limit, after=None)
    with mission.store.connect() as conn:
        for _, content in iter_rows(conn, query):
            yield Observation.model_validate_json(content)


def list_observations(
    *,
    mission: Mission,
    filter: ObservationFilter | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[Observation]:
    """One page of matching observations in the order they were accepted."""
    size = check_limit(limit)
    after = None if cursor is None else seq_cursor(cursor)
    query = _query(filter or ObservationFilter(), limit=size + 1, after=after)
    with mission.store.connect() as conn:
        rows = list(iter_rows(conn, query))
    more = len(rows) > size
    rows = rows[:size]
    items = tuple(Observation.model_validate_json(c) for _, c in rows)
    return Page(items, encode_cursor([rows[-1][0]]) if more else None)


def get_observation(*, mission: Mission, observation_id: str) -> Observation:
    """One stored observation; raises :class:`~truce.errors.NotFound`."""
    with mission.store.connect() as conn:
        content = content_of(conn, str(observation_id))
    if content is None:
        raise NotFound(f"no observation {observation_id}")
    return Observation.model_validate_json(content)


def submitter(*, mission: Mission, observation_id: str) -> str | None:
    """Who submitted an observation (the principal of ``submit_observation``), or ``None``."""
    with mission.store.connect() as conn:
        return submitter_of(conn, str(observation_id))


def count_observations(*, mission: Mission) -> int:
    return mission.store.count_observations()


def _iter_jsonl(observations: Iterable[Observation]) -> Iterator[str]:
    for obs in observations:
        yield json.dumps(obs.wire(), ensure_ascii=False) + "\n"


def export(*, observations: Iterable[Observation], format: OutputFormat) -> Iterator[str]:
    """Chunks of the observations as a JSON array, JSON lines (wire format v1, one record a
    line), a GeoJSON FeatureCollection or flat CSV (JSON lines and CSV read back by
    ``truce ingest``: stored records come back as duplicates)."""
    render = {
        OutputFormat.JSON: iter_json_array,
        OutputFormat.JSONL: _iter_jsonl,
        OutputFormat.GEOJSON: iter_geojson,
        OutputFormat.CSV: iter_csv,
    }
    require_format(format, render, what="observations")
    return render[format](observations)
