"""The intake service: one record at a time, per-line results, and validation details."""

from __future__ import annotations

import io
import json

import pytest

from tests.factories import new_id, wire
from truce.domain.intake import LineStatus, SubmitStatus
from truce.errors import InvalidInput
from truce.services import intake
from truce.services.intake import InputFormat
from truce.services.mission import Mission
from truce.services.observations import get_observation, submitter


def test_submit_one_observation_created_duplicate_conflict(mission: Mission) -> None:
    record = wire(id=new_id())
    first = intake.submit_observation(mission=mission, record=record, principal="monitor-1")
    assert (first.status, first.id, first.leaf_index) == (SubmitStatus.CREATED, record["id"], 0)
    again = intake.submit_observation(mission=mission, record=record)
    assert (again.status, again.leaf_index) == (SubmitStatus.DUPLICATE, 0)
    changed = wire(id=record["id"], event__count__value=3)
    clash = intake.submit_observation(mission=mission, record=changed)
    assert (clash.status, clash.leaf_index) == (SubmitStatus.CONFLICT, None)
    assert get_observation(mission=mission, observation_id=record["id"]).event.count.value == 14
    other = intake.submit_observation(mission=mission, record=wire(id=new_id()))
    assert other.leaf_index == 1
    assert submitter(mission=mission, observation_id=record["id"]) == "monitor-1"
    assert submitter(mission=mission, observation_id=other.id) is None


def test_submit_rejects_with_field_paths_and_stores_nothing(mission: Mission) -> None:
    with pytest.raises(InvalidInput) as caught:
        intake.submit_observation(mission=mission, record=wire(id=new_id(), position__lat=95))
    (detail,) = caught.value.details
    assert detail.loc == ("position", "lat") and "between -90 and 90" in detail.msg
    body = caught.value.envelope()["error"]["details"][0]
    assert body["loc"] == ["position", "lat"]
    assert mission.store.count_observations() == 0


def test_per_line_results_of_an_import(mission: Mission) -> None:
    a, b = wire(id=new_id()), wire(id=new_id())
    intake.submit_observation(mission=mission, record=a)
    lines = [a, b, wire(id=new_id(), position__lon=500), wire(id=a["id"], event__count__value=1)]
    data = "".join(json.dumps(r) + "\n" for r in lines).encode()
    report = intake.ingest(
        mission=mission, stream=io.BytesIO(data), format=InputFormat.JSONL, skip_invalid=True
    )
    got = [(r.line, r.status, r.id) for r in report.results()]
    assert got == [
        (1, LineStatus.DUPLICATE, a["id"]),
        (2, LineStatus.CREATED, b["id"]),
        (3, LineStatus.REJECTED, None),
        (4, LineStatus.CONFLICT, a["id"]),
    ]
    rejected = report.results()[2].errors[0]
    assert rejected.line == 3 and rejected.loc == ("position", "lon")
    assert str(rejected) == "line 3: position.lon: must be between -180 and 180"
    assert report.as_dict()["rejected"] == [
        {"loc": ["position", "lon"], "msg": "must be between -180 and 180", "line": 3}
    ]


def test_ingest_records_numbers_lines_from_one(mission: Mission) -> None:
    report = intake.ingest_records(mission=mission, records=[wire(id=new_id()), {"id": "x"}])
    assert report.rolled_back and report.accepted_lines == []
    assert {d.line for d in report.rejected} == {2}
    assert mission.store.count_observations() == 0
