from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import NAMESPACE_URL, uuid5

import pytest

from truce.domain.observation import Observation
from truce.fusion.simulate import get_scenario, observations, simulate_scenario
from truce.fusion.simulate.run import Simulation
from truce.geo.projection import LocalPlane

PLANE = LocalPlane(38.0, 48.0)
T0 = datetime(2021, 3, 1, 20, 0, tzinfo=UTC)


def make_obs(
    x: float, y: float, *, src: str, deg: float | None = None, words: list[str] | None = None,
    dist: tuple[float, float] | None = None, count: int = 5, kind: str = "explosion",
    subtype: str | None = "impact", minutes: float = 0.0, sigma: float = 2.0, key: str = "",
) -> Observation:  # fmt: skip
    """An observation by ``src`` standing at plane metres (x, y)."""
    lon, lat = PLANE.inverse(x, y)
    rec: dict[str, Any] = {
        "id": str(uuid5(NAMESPACE_URL, f"{src}/{x}/{y}/{deg}/{words}/{minutes}/{key}")),
        "source": {"type": "patrol", "id": src},
        "observed": {
            "start": (T0 + timedelta(minutes=minutes)).isoformat(),
            "end": (T0 + timedelta(minutes=minutes + 5)).isoformat(),
        },
        "position": {"lon": float(lon), "lat": float(lat)},
        "event": {"kind": kind, "count": {"value": count}},
    }
    if kind == "explosion" and subtype:
        rec["event"]["subtype"] = subtype
    if deg is not None:
        rec["direction"] = {"bearing_deg": [deg % 360.0], "sigma_deg": sigma}
    elif words:
        rec["direction"] = {"bearings": words}
    if dist:
        rec["distance_km"] = {"min": dist[0], "max": dist[1]}
    return Observation.model_validate(rec)


@pytest.fixture(scope="session")
def standard_sim() -> Simulation:
    return simulate_scenario(get_scenario("standard"), 7)


@pytest.fixture(scope="session")
def standard_obs(standard_sim: Simulation) -> list[Observation]:
    return list(observations(standard_sim))
