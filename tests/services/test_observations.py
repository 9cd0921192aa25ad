"""Listing observations: cursor pages in acceptance order, validated filters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.factories import new_id, wire
from truce.domain.filters import ObservationFilter
from truce.domain.formats import OutputFormat
from truce.errors import InvalidInput, NotFound
from truce.services import intake
from truce.services.mission import Mission
from truce.services.observations import (
    export,
    get_observation,
    iter_observations,
    list_observations,
)


def test_pages_follow_the_cursor(mission: Mission) -> None:
    records = [wire(id=new_id()) for _ in range(7)]
    records.append(wire(id=new_id(), event={"kind": "weapon", "weapons": ["tank"]}))
    assert intake.ingest_records(mission=mission, records=records).ok
    seen, cursor = [], None
    while True:
        page = list_observations(mission=mission, limit=3, cursor=cursor)
        seen += [str(o.id) for o in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == [r["id"] for r in records]
    weapons = list_observations(mission=mission, filter=ObservationFilter(kinds=("weapon",)))
    assert [str(o.id) for o in weapons.items] == [records[-1]["id"]]
    assert weapons.next_cursor is None
    assert (
        str(get_observation(mission=mission, observation_id=records[2]["id"]).id)
        == (records[2]["id"])
    )
    with pytest.raises(NotFound):
        get_observation(mission=mission, observation_id=new_id())
    with pytest.raises(InvalidInput, match="cursor"):
        list_observations(mission=mission, cursor="eyJ4IjoxfQ")
    with pytest.raises(InvalidInput, match="limit"):
        list_observations(mission=mission, limit=0)
    csv_text = "".join(export(observations=iter_observations(mission=mission), format="csv"))  # type: ignore[arg-type]
    assert csv_text.count("\n") == 9
    with pytest.raises(InvalidInput, match="observations have no table output"):
        export(observations=[], format=OutputFormat.TABLE)


def test_filters_reject_unknown_values_listing_the_valid_ones() -> None:
    with pytest.raises(InvalidInput, match="kind: 'explsion' is not one of: explosion, "):
        ObservationFilter(kinds=("explsion",))  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="source_type: 'spy'"):
        ObservationFilter(source_types=("spy",))  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="since: must include a UTC offset"):
        ObservationFilter(since=datetime(2025, 1, 1))
    with pytest.raises(InvalidInput, match="until: must not be before since"):
        ObservationFilter(
            since=datetime(2025, 1, 2, tzinfo=UTC), until=datetime(2025, 1, 1, tzinfo=UTC)
        )
    with pytest.raises(InvalidInput, match="bbox"):
        ObservationFilter(bbox=(10, 0, 5, 1))
