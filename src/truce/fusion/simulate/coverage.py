"""Who could observe when: duty periods of the simulated sources, as ``coverage/1`` records.

Every post, patrol visit, camera, UAV flight and acoustic sensor of a simulated day gets its
duty periods. Two things go wrong on purpose, drawn from their own random stream (seeded from
the scenario's seed) so that the rest of the simulation draws exactly what it drew before:

* **camera outages**: a camera is out for 1-6 h on a share of its days
  (:attr:`Scenario.camera_outages`); it detects nothing then, and its coverage says
  ``non_operational`` for the outage.
* **patrols turned back**: a share of the patrols denied passage at a checkpoint
  (:attr:`Scenario.turn_back`) end their visit there; they report nothing afterwards and
  their coverage says ``restricted`` for the rest of the planned visit.

Ranges (how far a source is taken to hear or see, in metres) are round figures of the
simulator's observation model: monitors hear most fire within about 10 km, a camera sees
flashes within about 5 km, a sensor's onsets carry about 8 km, a UAV sees its footprint.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from truce.domain.coverage import CoverageStatus
from truce.fusion.table import F64, I64

MONITOR_RANGE_M = 10_000.0
CAMERA_RANGE_M = 5_000.0
SENSOR_RANGE_M = 8_000.0


@dataclass(frozen=True, slots=True)
class Duty:
    """One coverage record in the simulation's plane: source index, times (epoch s), where."""

    src: int
    t0: float
    t1: float
    status: CoverageStatus
    x: tuple[float, ...]
    y: tuple[float, ...]
    range_m: float
    note: str | None = None


@dataclass
class Duties:
    """Coverage collected while simulating, and the windows in which detections are dropped."""

    items: list[Duty] = field(default_factory=list)
    #: (source index, from, to): the source detects nothing in (from, to).
    blind: list[tuple[int, float, float]] = field(default_factory=list)

    def add(self, *args: object, **kwargs: object) -> None:
        self.items.append(Duty(*args, **kwargs))  # type: ignore[arg-type]

    def drop_blind(self, det: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Detection columns without the rows that start while their source was blind (after
        the start of the blind window: a restriction reported as it happened stays)."""
        if not self.blind or len(det["t0"]) == 0:
            return det
        keep = np.ones(len(det["t0"]), dtype=bool)
        for src, a, b in self.blind:
            keep &= ~((det["src"] == src) & (det["t0"] > a) & (det["t0"] < b))
        return {k: v[keep] for k, v in det.items()}


def camera_day(
    rng: np.random.Generator, duties: Duties, *, x: F64, y: F64, src: I64, day0: float,
    share: float,
) -> None:  # fmt: skip
    """Each camera's day, with an outage of 1-6 h on a ``share`` of camera-days."""
    end = day0 + 86400.0
    for k in range(len(x)):
        pos = ((float(x[k]),), (float(y[k]),))
        if rng.random() >= share:
            duties.add(int(src[k]), day0, end, CoverageStatus.OPERATIONAL, *pos, CAMERA_RANGE_M)
            continue
        o0 = day0 + float(rng.uniform(0.0, 18.0)) * 3600.0
        o1 = o0 + float(rng.uniform(1.0, 6.0)) * 3600.0
        duties.add(int(src[k]), day0, o0, CoverageStatus.OPERATIONAL, *pos, CAMERA_RANGE_M)
        duties.add(
            int(src[k]), o0, o1, CoverageStatus.NON_OPERATIONAL, *pos, CAMERA_RANGE_M, "outage"
        )
        duties.add(int(src[k]), o1, end, CoverageStatus.OPERATIONAL, *pos, CAMERA_RANGE_M)
        duties.blind.append((int(src[k]), o0, o1))


def visits_day(
    rng: np.random.Generator, duties: Duties, *, post: I64, v0: F64, v1: F64, x: F64, y: F64,
    src: I64, restricted: tuple[I64, F64], share: float,
) -> None:  # fmt: skip
    """Posts' and patrols' visits; a ``share`` of restricted patrols is turned back."""
    cut = dict.fromkeys(range(len(v0)), np.inf)
    for v, t in zip(restricted[0].tolist(), restricted[1].tolist(), strict=True):
        if rng.random() < share:
            cut[v] = float(np.floor(t / 60.0) * 60.0)
    for v in range(len(v0)):
        k = int(post[v])
        pos = ((float(x[k]),), (float(y[k]),))
        a, b, c = float(v0[v]), float(v1[v]), min(cut[v], float(v1[v]))
        duties.add(int(src[k]), a, c, CoverageStatus.OPERATIONAL, *pos, MONITOR_RANGE_M)
        if c < b:
            duties.add(
                int(src[k]), c, b, CoverageStatus.RESTRICTED, *pos, MONITOR_RANGE_M, "turned back"
            )
            duties.blind.append((int(src[k]), c, b))


def flights_day(
    duties: Duties, *, t0: F64, t1: F64, tracks: list[tuple[F64, F64]], footprint: F64,
    src: I64,
) -> None:  # fmt: skip
    for k in range(len(t0)):
        tx, ty = tracks[k]
        duties.add(
            int(src[k]), float(t0[k]), float(t1[k]), CoverageStatus.OPERATIONAL,
            tuple(tx.tolist()), tuple(ty.tolist()), float(footprint[k]),
        )  # fmt: skip


def sensors_day(duties: Duties, *, x: F64, y: F64, src: I64, day0: float) -> None:
    for k in range(len(x)):
        duties.add(
            int(src[k]), day0, day0 + 86400.0, CoverageStatus.OPERATIONAL,
            (float(x[k]),), (float(y[k]),), SENSOR_RANGE_M,
        )  # fmt: skip
