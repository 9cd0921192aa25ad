"""Hand-made incidents, violations and decisions on the toy line (tests/reports/conftest.py).

Period P = [P0, P1): 2021-03-01 19:30 to 2021-03-02 19:30 Kyiv time. Expected figures are
computed by hand in the tests from the counts written here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from tests.reports.conftest import P0, P1
from truce.domain.incident import Counts, Ellipse, Incident
from truce.domain.reasons import Reason
from truce.domain.time import TimeWindow
from truce.domain.violation import Decision, Facts, Violation
from truce.domain.vocabulary import EventKind


def oid(n: int) -> UUID:
    return UUID(f"00000000-0000-4000-8000-{n:012d}")


def incident(
    name: str, kind: str, total: int, lon: float, start: datetime, obs: list[int],
    minutes: float = 10.0, lat: float = 48.0,
) -> Incident:  # fmt: skip
    return Incident(
        id=uuid5(NAMESPACE_URL, f"incident:{name}"),
        kind=EventKind(kind),
        lon=lon,
        lat=lat,
        ellipse=Ellipse(semi_major_m=300, semi_minor_m=200, orientation_deg=30),
        method="wls",
        window=TimeWindow(start=start, end=start + timedelta(minutes=minutes)),
        counts=Counts(total=total),
        observation_ids=tuple(oid(k) for k in obs),
        n_sources=len(obs),
        confidence=0.9,
    )


H = timedelta(hours=1)
INCIDENTS = {
    "A": incident("A", "explosion", 10, 38.1, P0 + H, [1, 2]),  # donetsk
    "B": incident("B", "fire", 7, 38.3, P0 + 2 * H, [3]),  # luhansk
    "C": incident("C", "explosion", 4, 38.6, P0 + 3 * H, [4]),  # outside every region
    "D": incident("D", "explosion", 6, 38.15, P1 - timedelta(minutes=10), [5], 30),  # straddles
    "E": incident("E", "explosion", 100, 38.1, P1, [20]),  # starts at the end: next period
    "F": incident("F", "flare", 2, 38.05, P0, [6]),  # starts at the start: counted
    "G": incident("G", "explosion", 50, 38.35, P0 + 5 * H, [7]),  # dismissed
    "H": incident("H", "fire", 3, 38.25, P0 + 6 * H, [8, 9]),  # one of two violations dismissed
    "W": incident("W", "weapon", 9, 38.1, P0 + 7 * H, [10]),  # not a ceasefire violation
    "I": incident("I", "explosion", 8, 38.1, P0 - 2 * H, [11]),  # previous period, donetsk
    "J": incident("J", "fire", 5, 38.3, P0 - 23 * H, [12]),  # previous period, luhansk
    "K": incident("K", "explosion", 9, 38.1, P0 - 25 * H, [13]),  # the period before that
}
LEAF_OF = {str(oid(k)): 100 + k for k in range(1, 21)}


def violation(n: int, inc: Incident, clause: str = "c01-ceasefire") -> Violation:
    return Violation(
        id=UUID(int=n),
        agreement_id="demo-minsk",
        agreement_version=2,
        agreement_sha256="0" * 64,
        clause_id=clause,
        clause_type="no_fire",
        record_type="incident",
        record_ids=(str(inc.id),),
        outcome="breached",
        attribution="undetermined",
        observed=TimeWindow(start=inc.window.start, end=inc.window.end),
        lon=inc.lon,
        lat=inc.lat,
        facts=Facts(reason=Reason.FIRE_IN_AREA),
    )


def dismissal(v: Violation) -> Decision:
    return Decision(
        violation_id=v.id,
        status="dismissed",
        decided_by="analyst",
        decided_at=datetime(2021, 3, 3, tzinfo=UTC),
    )


def violations() -> list[tuple[Violation, Decision | None]]:
    g = violation(1, INCIDENTS["G"])
    h1, h2 = violation(2, INCIDENTS["H"]), violation(3, INCIDENTS["H"], "c05-zone")
    a = violation(4, INCIDENTS["A"])
    return [(g, dismissal(g)), (h1, dismissal(h1)), (h2, None), (a, None)]
