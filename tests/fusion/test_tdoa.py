"""Arrival-time consensus of acoustic sensors, and location from sensors' onsets."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any
from uuid import NAMESPACE_URL, uuid5

import numpy as np
import pytest

from tests.fusion.conftest import PLANE, T0
from truce.domain.observation import Observation
from truce.fusion import fuse
from truce.fusion.location import SOUND_SPEED
from truce.fusion.tdoa import CONSENSUS_S, consensus

#: Six sensors around a hot spot, plane metres.
SENSORS = np.array(
    [[0.0, 0.0], [6000.0, 500.0], [2500.0, 5500.0], [-3000.0, 4000.0], [-2000.0, -3500.0],
     [4500.0, -4000.0]]
)  # fmt: skip
SOURCE = (1800.0, 9500.0)
EMIT = 100.0


def _arrivals(src: tuple[float, float], emit: float = EMIT) -> np.ndarray:
    d = np.hypot(SENSORS[:, 0] - src[0], SENSORS[:, 1] - src[1])
    out: np.ndarray = emit + d / SOUND_SPEED
    return out


def _run(t: np.ndarray, n: int | None = None):  # type: ignore[no-untyped-def]
    n = len(t) if n is None else n
    return consensus(
        x=SENSORS[:n, 0], y=SENSORS[:n, 1], t=t[:n], lab=np.zeros(n, np.int64), m=1,
        timed=np.ones(n, bool), speed=SOUND_SPEED,
    )  # fmt: skip


def test_consistent_onsets_give_the_source_and_keep_every_sensor() -> None:
    c = _run(_arrivals(SOURCE))
    assert c.found[0]
    assert math.hypot(c.x[0] - SOURCE[0], c.y[0] - SOURCE[1]) < 1.0
    assert c.timed.all()


@pytest.mark.parametrize("late", [[1], [2, 4]])
def test_sensors_that_heard_a_later_round_first_leave_the_fit(late: list[int]) -> None:
    t = _arrivals(SOURCE)
    t[late] += 7.0  # they missed the first round; the next one came 7 s later
    c = _run(t)
    assert c.found[0]
    assert math.hypot(c.x[0] - SOURCE[0], c.y[0] - SOURCE[1]) < 1.0
    assert c.timed.tolist() == [i not in late for i in range(len(t))]


def test_the_source_most_sensors_heard_first_wins() -> None:
    # an outgoing shot 6 km away from the impact, 25 s earlier: two sensors heard it first
    t = _arrivals(SOURCE)
    other = _arrivals((-4000.0, 12000.0), EMIT - 25.0)
    t[[3, 4]] = other[[3, 4]]
    c = _run(t)
    assert c.found[0] and math.hypot(c.x[0] - SOURCE[0], c.y[0] - SOURCE[1]) < 1.0
    assert not c.timed[3] and not c.timed[4]


def test_timing_error_within_the_tolerance_is_kept() -> None:
    rng = np.random.default_rng(3)
    t = _arrivals(SOURCE) + rng.uniform(-0.05, 0.05, len(SENSORS))
    c = _run(t)
    assert c.found[0] and c.timed.all()
    assert math.hypot(c.x[0] - SOURCE[0], c.y[0] - SOURCE[1]) < 300.0
    assert CONSENSUS_S > 0.1


def test_no_consensus_from_three_sensors_or_from_disagreeing_ones() -> None:
    three = _run(_arrivals(SOURCE), 3)
    assert not three.found[0] and three.timed.all()  # too few to check: left as they were
    t = _arrivals(SOURCE) + np.array([0.0, 9.0, -13.0, 21.0, 4.0, -30.0])
    c = _run(t)
    assert not c.found[0] and c.timed.all()


def _sensor_obs(k: int, first: float, last: float, count: int) -> Observation:
    x, y = SENSORS[k]
    lon, lat = PLANE.inverse(x, y)
    rec: dict[str, Any] = {
        "id": str(uuid5(NAMESPACE_URL, f"sensor/{k}/{first}")),
        "source": {"type": "sensor", "id": f"array-{k}"},
        "observed": {
            "start": (T0 + timedelta(seconds=first)).isoformat(timespec="milliseconds"),
            "end": (T0 + timedelta(seconds=last)).isoformat(timespec="milliseconds"),
        },
        "position": {"lon": float(lon), "lat": float(lat)},
        "event": {"kind": "explosion", "subtype": "undetermined", "count": {"value": count}},
    }
    return Observation.model_validate(rec)


def test_fusion_locates_a_salvo_heard_by_an_array_with_inconsistent_first_onsets() -> None:
    """Six sensors hear a four-round salvo; two missed the first round (their first onset is
    the second round's). The incident lies near the source (the two sensors still pull a little
    as "within earshot" discs; arrival times have a 0.3 s sigma), inside its ellipse."""
    first = _arrivals(SOURCE)
    last = first + 24.0  # the fourth round, 8 s apart
    first[[1, 5]] += 8.0
    obs = [_sensor_obs(k, first[k], last[k], 4 if k not in (1, 5) else 3) for k in range(6)]
    (inc,) = fuse(obs, plane=PLANE)
    x, y = PLANE.forward(inc.lon, inc.lat)
    assert math.hypot(float(x) - SOURCE[0], float(y) - SOURCE[1]) < 250.0
    assert inc.method == "tdoa"
    assert inc.ellipse.contains_offset(SOURCE[0] - float(x), SOURCE[1] - float(y))


def test_fusion_falls_back_on_the_last_onsets() -> None:
    """First onsets that fit no single source, last onsets (the salvo's final round, heard by
    all) that do: the incident lies at the source."""
    base = _arrivals(SOURCE)
    first = base + np.array([0.0, 8.0, 16.0, 0.0, 8.0, 16.0])
    last = base + 30.0
    obs = [_sensor_obs(k, first[k], last[k], 3) for k in range(6)]
    (inc,) = fuse(obs, plane=PLANE)
    x, y = PLANE.forward(inc.lon, inc.lat)
    assert math.hypot(float(x) - SOURCE[0], float(y) - SOURCE[1]) < 100.0
