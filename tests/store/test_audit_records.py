"""The audit's re-derivation of observation columns agrees with what intake stores."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import new_id, wire
from truce.domain import Observation
from truce.intake.normalise import _row
from truce.store.audit_records import RECORD_KINDS


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(["explosion", "fire", "flare"]),
    count=st.one_of(st.none(), st.integers(1, 500)),
    lon=st.floats(22, 40, allow_nan=False),
    lat=st.floats(44, 52, allow_nan=False),
    offset=st.sampled_from(["+02:00", "Z", "-05:30", "+00:00"]),
    minute=st.integers(0, 59),
    classification=st.sampled_from(["mission", "restricted"]),
)
def test_derived_columns_are_the_stored_ones(
    kind: str,
    count: int | None,
    lon: float,
    lat: float,
    offset: str,
    minute: int,
    classification: str,
) -> None:
    counted = {"value": count, "qualifier": "exact"} if count else {"qualifier": "unstated"}
    event = {"kind": kind, "count": counted}
    if kind == "explosion":
        event["subtype"] = "impact"
    rec = wire(
        id=new_id(),
        event=event,
        position={"lon": lon, "lat": lat},
        observed={
            "start": f"2025-03-12T18:{minute:02d}:00.25{offset}",
            "end": f"2025-03-12T19:{minute:02d}:00{offset}",
        },
        classification=classification,
    )
    row, _ = _row(Observation.model_validate(rec), 1, 0)
    stored = row._asdict()
    spec = RECORD_KINDS["observation"]
    derived = spec.derive(stored["content"], stored["id"])
    assert dict(zip(spec.columns, derived, strict=True)) == {c: stored[c] for c in spec.columns}
