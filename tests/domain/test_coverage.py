"""The coverage/1 wire model: position or track, statuses, CSV cells, canonical order."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from pydantic import ValidationError

from truce.domain.coverage import Coverage, CoverageStatus
from truce.intake.export import COVERAGE_CSV_COLUMNS as CSV_COLUMNS
from truce.intake.export import coverage_csv_row as csv_row
from truce.intake.readers import read_csv


def record(**over: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "record": "coverage",
        "id": "0b7c1c55-1d4e-4c43-a8f4-3f1a2b9e0c11",
        "source": {"type": "camera", "id": "cam-07"},
        "observed": {"start": "2021-03-01T00:00:00+02:00", "end": "2021-03-01T06:00:00+02:00"},
        "position": {"lon": 38.1, "lat": 48.0},
        "range_km": 5,
        "status": "operational",
    }
    rec.update(over)
    return {k: v for k, v in rec.items() if v is not None}


def test_position_record() -> None:
    c = Coverage.model_validate(record())
    assert c.operational and c.points() == ((38.1, 48.0),)


def test_track_record() -> None:
    track = {"type": "LineString", "coordinates": [[38.0, 48.0], [38.2, 48.1]]}
    c = Coverage.model_validate(record(position=None, track=track, status="restricted"))
    assert c.status is CoverageStatus.RESTRICTED and not c.operational
    assert c.points() == ((38.0, 48.0), (38.2, 48.1))


@pytest.mark.parametrize(
    ("over", "loc", "needle"),
    [
        ({"track": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}}, (), "not both"),
        ({"position": None}, (), "position"),
        ({"status": "sleeping"}, ("status",), "operational"),
        ({"range_km": -1}, ("range_km",), "greater than or equal"),
        ({"record": "observation"}, ("record",), "coverage"),
        ({"observed": {"start": "2021-03-01T06:00:00+02:00", "end": "2021-03-01T00:00:00+02:00"}},
         ("observed",), "end must not be before start"),
        ({"position": None, "track": {"type": "LineString", "coordinates": [[1, 2]]}},
         ("track", "coordinates"), "at least 2"),
        ({"position": None, "track": {"type": "Point", "coordinates": [[1, 2], [3, 4]]}},
         ("track", "type"), "LineString"),
    ],
)  # fmt: skip
def test_invalid(over: dict[str, Any], loc: tuple[str, ...], needle: str) -> None:
    with pytest.raises(ValidationError) as err:
        Coverage.model_validate(record(**over))
    first = err.value.errors()[0]
    assert tuple(str(p) for p in first["loc"])[: len(loc)] == loc
    assert needle in str(err.value)


def test_wire_json_is_sorted_and_round_trips() -> None:
    c = Coverage.model_validate(record(note="night shift"))
    text = c.wire_json()
    assert list(json.loads(text)) == sorted(json.loads(text))
    assert Coverage.model_validate_json(text) == c


def test_csv_round_trip_through_the_intake_reader() -> None:
    track = {"type": "LineString", "coordinates": [[38.0, 48.0], [38.2, 48.1], [38.3, 48.1]]}
    recs = [
        Coverage.model_validate(record()),
        Coverage.model_validate(record(id="1b7c1c55-1d4e-4c43-a8f4-3f1a2b9e0c11", position=None,
                                       track=track, note="turned back", status="restricted")),
    ]  # fmt: skip
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for c in recs:
        writer.writerow(csv_row(c))
    raw = list(read_csv(io.BytesIO(buf.getvalue().encode())))
    assert [Coverage.model_validate(r.data) for r in raw] == recs
