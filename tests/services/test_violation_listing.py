"""Violation listings filtered, keyed and paged in the database (SQLite, and PostgreSQL when
configured): every filter gives what the same test on each record gives, pages follow one
another without gaps or repeats, with and without a view that drops records."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.agreement.conftest import point_from_line
from tests.factories import new_id, wire
from truce.agreement import AgreementHistory, SpatialIndex
from truce.domain.filters import ViolationFilter
from truce.domain.results import DecidedViolation
from truce.services import intake
from truce.services.compliance import check, iter_violations_decided, list_violations
from truce.services.decisions import decide
from truce.services.intake import InputFormat
from truce.services.mission import Mission
from truce.services.regions import OTHER

T0 = datetime(2021, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def checked(mission: Mission, demo: AgreementHistory, index: SpatialIndex) -> Mission:
    """Tanks near the line on both sides at hourly times; checked; some decided."""
    tanks = {"kind": "weapon", "weapons": ["tank"], "count": {"value": 2, "qualifier": "exact"}}
    records = []
    for k in range(14):
        lon, lat = point_from_line(index, "side-a" if k % 2 else "side-b", 3000 + 500 * k)
        start = T0 + timedelta(hours=k // 2)  # pairs share a start: the id breaks the tie
        observed = {"start": start.isoformat(), "end": (start + timedelta(minutes=5)).isoformat()}
        records.append(
            wire(
                id=new_id(),
                event=tanks,
                observed=observed,
                position={"lon": lon, "lat": lat},
                direction=None,
                distance_km=None,
            )  # fmt: skip
        )
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    report = intake.ingest(mission=mission, stream=io.BytesIO(data), format=InputFormat.JSONL)
    assert report.ok, report.rejected
    mission.use_agreement(demo)
    check(mission=mission, agreement=demo)
    found = iter_violations_decided(mission=mission)
    assert len(found) >= 10
    for k, item in enumerate(found[:6]):  # a later decision supersedes an earlier one
        first = "confirmed" if k % 2 else "dismissed"
        decide(mission=mission, violation_id=item.violation.id, status=first, principal="a")
        if k % 3 == 0:
            decide(mission=mission, violation_id=item.violation.id, status="confirmed",
                   principal="a", attribution="side-a")  # fmt: skip
    return mission


def _expected(items: list[DecidedViolation], f: ViolationFilter) -> list[str]:
    """The reference: each filter as a test on one record."""
    out = []
    for d in items:
        v = d.violation
        if f.since is not None and v.observed.end < f.since:
            continue
        if f.until is not None and v.observed.start > f.until:
            continue
        if f.clause_ids and v.clause_id not in f.clause_ids:
            continue
        if f.outcomes and v.outcome not in f.outcomes:
            continue
        if f.statuses and d.status not in f.statuses:
            continue
        if f.regions and (v.facts.region or OTHER) not in f.regions:
            continue
        if f.bbox is not None:
            w, s, e, n = f.bbox
            if v.lon is None or v.lat is None or not (w <= v.lon <= e and s <= v.lat <= n):
                continue
        out.append(str(v.id))
    return out


def _pages(mission: Mission, f: ViolationFilter, size: int, keep: object = None) -> list[str]:
    seen, cursor = [], None
    while True:
        page = list_violations(mission=mission, filter=f, limit=size, cursor=cursor, keep=keep)  # type: ignore[arg-type]
        assert len(page.items) <= size
        seen += [str(d.violation.id) for d in page.items]
        if page.next_cursor is None:
            return seen
        assert len(page.items) == size  # a page before the last is full
        cursor = page.next_cursor


def test_every_filter_is_matched_in_the_database(checked: Mission) -> None:
    everything = iter_violations_decided(mission=checked)
    regions = sorted({d.violation.facts.region or OTHER for d in everything})
    lons = sorted(d.violation.lon for d in everything if d.violation.lon is not None)
    lats = sorted(d.violation.lat for d in everything if d.violation.lat is not None)
    filters = [
        ViolationFilter(),
        ViolationFilter(statuses=("detected",)),
        ViolationFilter(statuses=("confirmed",)),
        ViolationFilter(statuses=("dismissed", "detected")),
        ViolationFilter(regions=(regions[0],)),
        ViolationFilter(regions=(OTHER,)),
        ViolationFilter(since=T0 + timedelta(hours=2), until=T0 + timedelta(hours=4)),
        ViolationFilter(clause_ids=(everything[0].violation.clause_id,)),
        ViolationFilter(outcomes=(everything[-1].violation.outcome,)),
        ViolationFilter(bbox=(lons[0], lats[0], lons[len(lons) // 2], lats[-1])),
        ViolationFilter(statuses=("confirmed",), regions=tuple(regions), since=T0),
    ]
    assert any(d.status == "confirmed" for d in everything)
    assert any(d.status == "dismissed" for d in everything)
    for f in filters:
        want = _expected(everything, f)
        assert [
            str(d.violation.id) for d in iter_violations_decided(mission=checked, filter=f)
        ] == want
        for size in (1, 3, 100):
            assert _pages(checked, f, size) == want


def test_pages_stay_full_when_the_view_drops_records(checked: Mission) -> None:
    everything = iter_violations_decided(mission=checked)

    def keep(d: DecidedViolation) -> bool:
        return d.status != "detected" or str(d.violation.id) < "8"

    want = [str(d.violation.id) for d in everything if keep(d)]
    assert 0 < len(want) < len(everything)
    for size in (1, 2, 5):
        assert _pages(checked, ViolationFilter(), size, keep) == want
