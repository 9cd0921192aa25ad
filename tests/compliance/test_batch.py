"""The columnar check gives what the per-incident check gives (issue 11.4).

Every (incident, clause) finding of :func:`truce.compliance.batch.assess_columns` (outcome,
reason, attribution) and every violation record are compared with
:meth:`ComplianceEngine.assess` of :func:`from_incidents`, on the simulator's incidents and on
random incidents placed where the shortcuts could go wrong: ellipses straddling the line, the
coast and region edges, zones, holding areas and sites, weapons of every withdrawal limit,
times round the sites' windows and the version change.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from truce.agreement import AgreementHistory
from truce.compliance import batch
from truce.compliance.columns import (
    OUTCOME_CODES,
    REASONS,
    Code,
    IncidentColumns,
)
from truce.compliance.engine import CHECKS, ComplianceEngine
from truce.compliance.subject import from_incidents
from truce.domain.incident import Counts, Ellipse, Incident, incident_id
from truce.domain.time import TimeWindow
from truce.domain.vocabulary import EventKind, ExplosionSubtype, Weapon
from truce.fusion import fuse
from truce.fusion.simulate import get_scenario, observations, simulate_scenario

KINDS = (
    EventKind.EXPLOSION, EventKind.FIRE, EventKind.MUZZLE_FLASH, EventKind.FLARE,
    EventKind.PROJECTILE, EventKind.WEAPON, EventKind.PRESENCE, EventKind.RESTRICTION,
    EventKind.INTERFERENCE, EventKind.DAMAGE,
)  # fmt: skip
WEAPONS = (
    Weapon.TANK, Weapon.ARTILLERY, Weapon.HOWITZER, Weapon.MORTAR, Weapon.MLRS,
    Weapon.HEAVY_MLRS, Weapon.MISSILE_SYSTEM, Weapon.ANTI_TANK_WEAPON, Weapon.SMALL_ARMS,
)  # fmt: skip


def _per_incident(
    history: AgreementHistory, incidents: list[Incident]
) -> tuple[dict[tuple[str, str], tuple[Code, Any, Any]], list[Any], int]:
    result = ComplianceEngine(history).assess(from_incidents(incidents))
    found = {
        (a.subject.record_ids[0], a.clause_id): (
            OUTCOME_CODES[a.finding.outcome],
            a.finding.facts.reason,
            a.finding.attribution,
        )
        for a in result.assessed
    }
    return found, result.violations, result.unchecked


def _columnar(
    history: AgreementHistory, incidents: list[Incident]
) -> tuple[dict[tuple[str, str], tuple[Code, Any, Any]], list[Any], int]:
    cols = IncidentColumns.of(incidents)
    result = batch.assess_columns(ComplianceEngine(history), cols)
    found = {}
    for v in result.versions:
        parties = v.agreement.party_ids
        for cid, c in v.clauses.items():
            for k in np.flatnonzero(c.outcome != Code.NONE).tolist():
                who = int(c.attribution[k])
                found[(cols.ids[int(v.rows[k])], cid)] = (
                    Code(int(c.outcome[k])),
                    REASONS[int(c.reason[k])],
                    parties[who] if who >= 0 else "undetermined",
                )
    return found, result.violations(), result.unchecked


def assert_same(history: AgreementHistory, incidents: list[Incident]) -> dict[Code, int]:
    want, want_v, want_u = _per_incident(history, incidents)
    got, got_v, got_u = _columnar(history, incidents)
    assert got_u == want_u
    missing = want.keys() - got.keys()
    extra = got.keys() - want.keys()
    assert not missing and not extra, (sorted(missing)[:3], sorted(extra)[:3])
    diff = [(k, want[k], got[k]) for k in want if want[k] != got[k]]
    assert not diff, diff[:5]
    assert [v.model_dump() for v in got_v] == [v.model_dump() for v in want_v]
    tally: dict[Code, int] = dict.fromkeys(Code, 0)
    for code, _, _ in want.values():
        tally[code] += 1
    return tally


def test_every_clause_type_has_a_batch_form() -> None:
    assert set(batch.BATCH_CHECKS) == set(CHECKS)


@pytest.fixture(scope="module")
def simulated() -> list[Incident]:
    sim = simulate_scenario(get_scenario("standard", days=1), 3)
    return fuse(list(observations(sim)))


def test_simulated_incidents(demo: AgreementHistory, simulated: list[Incident]) -> None:
    tally = assert_same(demo, simulated)
    assert tally[Code.BREACHED] > 0 and tally[Code.UNDETERMINED] > 0


def _near(rng: np.random.Generator, geoms: list[Any], n: int, spread_deg: float) -> np.ndarray:
    """``n`` points near the boundaries of ``geoms`` (lon/lat)."""
    lines = [shapely.boundary(g) if g.geom_type.endswith("Polygon") else g for g in geoms]
    out = []
    for k in range(n):
        line = lines[k % len(lines)]
        p = line.interpolate(rng.random(), normalized=True)
        out.append((p.x, p.y))
    return np.asarray(out) + rng.normal(0.0, spread_deg, (n, 2))


def _random_incidents(history: AgreementHistory, n: int, seed: int) -> list[Incident]:
    a = history.latest
    rng = np.random.default_rng(seed)
    line = [shape(f.geometry) for f in a.contact_line]
    regions = [shape(r.geometry) for r in a.regions]
    named = [shape(z.geometry) for z in a.named_features]
    quarter = n // 4
    xy = np.concatenate(
        [
            _near(rng, line, quarter, 0.02),
            _near(rng, regions, quarter, 0.02),
            _near(rng, named, quarter, 0.01),
            np.column_stack(
                [
                    rng.uniform(
                        *shapely.bounds(shapely.union_all(regions))[[0, 2]], n - 3 * quarter
                    ),
                    rng.uniform(
                        *shapely.bounds(shapely.union_all(regions))[[1, 3]], n - 3 * quarter
                    ),
                ]
            ),
        ]
    )
    # Around the sites' daily windows (08-18, 09-17 Kyiv), the dated one, and the version
    # change (2016-09-21).
    bases = [
        datetime(2021, 3, 3, 5, 55, tzinfo=UTC), datetime(2021, 3, 3, 14, 58, tzinfo=UTC),
        datetime(2021, 3, 5, 16, 30, tzinfo=UTC), datetime(2016, 9, 20, 20, 50, tzinfo=UTC),
        datetime(2015, 1, 1, tzinfo=UTC), datetime(2021, 3, 2, 10, tzinfo=UTC),
    ]  # fmt: skip
    out = []
    for k in range(n):
        kind = KINDS[k % len(KINDS)]
        major = float(np.exp(rng.uniform(np.log(20.0), np.log(6000.0)))) if k % 7 else 0.0
        weapons: tuple[Weapon, ...] = ()
        if kind in (EventKind.WEAPON, EventKind.EXPLOSION) and k % 3:
            picked = rng.choice(len(WEAPONS), size=1 + (k % 5 == 0), replace=False)
            weapons = tuple(WEAPONS[int(i)] for i in picked)
        start = bases[k % len(bases)] + timedelta(minutes=float(rng.uniform(0, 12)))
        obs = (
            f"00000000-0000-4000-8000-{2 * k + 1:012d}",
            f"00000000-0000-4000-8000-{2 * k + 2:012d}",
        )
        out.append(
            Incident(
                id=incident_id(obs),
                kind=kind,
                subtype=list(ExplosionSubtype)[k % 4] if kind is EventKind.EXPLOSION else None,
                weapons=weapons,
                lon=float(xy[k, 0]),
                lat=float(xy[k, 1]),
                ellipse=Ellipse(
                    semi_major_m=major,
                    semi_minor_m=major * float(rng.uniform(0.05, 1.0)),
                    orientation_deg=float(rng.uniform(0.0, 180.0)),
                ),
                method="position" if k % 11 == 0 else "wls",
                window=TimeWindow(start=start, end=start + timedelta(minutes=int(k % 20))),
                counts=Counts(total=int(k % 6), qualifier="at_least" if k % 4 == 0 else "exact"),
                observation_ids=obs,
                n_sources=2,
                confidence=0.7,
            )
        )
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_random_incidents_where_shortcuts_could_fail(demo: AgreementHistory, seed: int) -> None:
    incidents = _random_incidents(demo, 1200, seed)
    tally = assert_same(demo, incidents)
    assert tally[Code.BREACHED] > 0 and tally[Code.UNDETERMINED] > 0
    assert tally[Code.NOT_BREACHED] > 0


def test_chunks_and_records_built_per_chunk_do_not_change_the_result(
    demo: AgreementHistory, monkeypatch: pytest.MonkeyPatch
) -> None:
    incidents = _random_incidents(demo, 300, 5)
    cols = IncidentColumns.of(incidents)
    whole = batch.assess_columns(ComplianceEngine(demo), cols).violations()
    monkeypatch.setattr(batch, "CHUNK", 37)
    seen: list[tuple[int, int]] = []
    chunked = batch.assess_columns(
        ComplianceEngine(demo), cols, progress=lambda d, t: seen.append((d, t)), records=True
    ).violations()
    assert sorted(v.model_dump_json() for v in chunked) == sorted(
        v.model_dump_json() for v in whole
    )
    assert seen[-1] == (300, 300)
