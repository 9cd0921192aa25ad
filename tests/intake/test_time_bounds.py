"""Times are bounded at intake (issue 12.8), so every later stage handles what intake accepts."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import new_id, wire
from truce.agreement import demo_agreement_dir, load_agreement
from truce.domain.observation import EARLIEST_OBSERVED, MAX_AHEAD, MAX_WINDOW
from truce.errors import InvalidInput
from truce.intake.normalise import validate
from truce.intake.readers import RawRecord
from truce.services import compliance, fusion, intake
from truce.services.intake import InputFormat
from truce.services.mission import Mission
from truce.services.observations import iter_observations


def _message(record: dict[str, object]) -> str:
    with pytest.raises(InvalidInput) as exc:
        validate(RawRecord(1, json.dumps(record).encode()))
    return exc.value.message


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        # year 10000 in UTC, as found in issue 12.8
        ("9999-12-31T20:00-05:00", "9999-12-31T21:00-05:00", "ahead of the clock"),
        ("0001-01-01T00:00+02:00", "0001-01-01T01:00+02:00", "before 1990-01-01"),
        ("1989-12-31T23:59:59+00:00", "1990-01-01T01:00+00:00", "before 1990-01-01"),
        ("2025-03-01T00:00+02:00", "2025-03-12T00:00+02:00", "must not exceed 4 days"),
        ("2025-03-12T00:00+02:00", "9999-12-31T23:59:59+00:00", "ahead of the clock"),
    ],
)
def test_implausible_times_are_rejected_naming_the_field(start: str, end: str, reason: str) -> None:
    msg = _message(wire(observed={"start": start, "end": end}))
    assert msg.startswith("line 1: observed: ") and reason in msg, msg


def test_the_bounds_themselves_are_accepted() -> None:
    soon = datetime.now(UTC) + MAX_AHEAD - timedelta(minutes=5)
    for start, end in (
        (EARLIEST_OBSERVED, EARLIEST_OBSERVED + MAX_WINDOW),
        (soon - timedelta(hours=1), soon),
    ):
        record = wire(observed={"start": start.isoformat(), "end": end.isoformat()})
        obs = validate(RawRecord(1, json.dumps(record).encode()))
        assert obs.observed.start == start


def test_every_stage_handles_the_extremes_intake_accepts(mission: Mission) -> None:
    """The earliest and the latest accepted windows go through fuse, check and listing."""
    soon = datetime.now(UTC) + MAX_AHEAD - timedelta(minutes=5)
    kyiv = "+02:00"
    records = [
        wire(
            id=new_id(),
            observed={"start": "1990-01-01T02:00" + kyiv, "end": "1990-01-05T01:59" + kyiv},
        ),
        wire(
            id=new_id(),
            observed={"start": (soon - MAX_WINDOW).isoformat(), "end": soon.isoformat()},
        ),
        wire(
            id=new_id(),
            observed={"start": "2025-03-12T18:00+14:00", "end": "2025-03-12T18:05-12:00"},
        ),
    ]
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    report = intake.ingest(mission=mission, stream=io.BytesIO(data), format=InputFormat.JSONL)
    assert report.ok, report.rejected
    fused = fusion.fuse(mission=mission, full=True)
    assert fused.incidents >= 1
    compliance.check(mission=mission, agreement=load_agreement(demo_agreement_dir()))
    for item in compliance.iter_violations_decided(mission=mission):
        assert item.violation.observed.start <= item.violation.observed.end
    assert len(list(iter_observations(mission=mission))) == 3
