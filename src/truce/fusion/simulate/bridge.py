"""From a simulation to fusion's inputs, and from fusion's outputs to a score.

``table`` builds fusion's columnar input straight from the simulated reports, exactly as
:func:`truce.fusion.table.from_observations` would from the written observations (a test checks
both agree); it lets the benchmark fuse a million reports without a million pydantic models.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from truce.domain.incident import Incident
from truce.domain.vocabulary import CEASEFIRE_VIOLATION_KINDS, EventKind, ExplosionSubtype
from truce.fusion.engine import FusionArrays
from truce.fusion.simulate.evaluate import Score, labels_from_incidents, score
from truce.fusion.simulate.run import Simulation, cv_event
from truce.fusion.simulate.writer import lonlat
from truce.fusion.table import (
    COMPASS_HALF_DEG,
    KINDS,
    SUBTYPES,
    UNDIRECTED_RADIUS_KM,
    UNSTATED_DISTANCE_KM,
    ObsTable,
)
from truce.geo.projection import LocalPlane

_CV = np.array([k in CEASEFIRE_VIOLATION_KINDS for k in KINDS])


def table(sim: Simulation, plane: LocalPlane) -> ObsTable:
    """Fusion's columnar input for every report, in report order (not canonical order)."""
    c = sim.reports.cols
    lon, lat = lonlat(sim)
    x, y = plane.forward(lon, lat)
    two = c["nwords"] == 2
    word_deg = np.where(c["word"] >= 0, c["word"] * 22.5, np.nan)
    has_deg = np.isfinite(c["bdeg"])
    centre = np.where(two, (word_deg + COMPASS_HALF_DEG) % 360.0, word_deg)
    centre = np.where(has_deg, c["bdeg"] % 360.0, centre)
    half = np.where(two, 2 * COMPASS_HALF_DEG, COMPASS_HALF_DEG)
    half = np.where(has_deg, 0.0, np.where(c["word"] >= 0, half, np.nan))
    bsig = np.where(has_deg, c["bsig"], np.where(c["word"] >= 0, 0.0, np.nan))
    kinds = c["kind"]
    lo = np.array([UNSTATED_DISTANCE_KM.get(k, (0.0, 2.0))[0] for k in KINDS])[kinds] * 1e3
    hi = np.array([UNSTATED_DISTANCE_KM.get(k, (0.0, 2.0))[1] for k in KINDS])[kinds] * 1e3
    rad = np.array([UNDIRECTED_RADIUS_KM.get(k, 2.0) for k in KINDS])[kinds] * 1e3
    stated = np.isfinite(c["dmin"])
    undirected = np.isnan(centre)
    dmin = np.where(stated, c["dmin"] * 1e3, np.where(undirected, 0.0, lo))
    dmax = np.where(stated, c["dmax"] * 1e3, np.where(undirected, rad, hi))
    sub = c["sub"].copy()
    expl = kinds == KINDS.index(EventKind.EXPLOSION)
    sub = np.where(expl & (sub < 0), SUBTYPES.index(ExplosionSubtype.UNDETERMINED), sub)
    sub = np.where(expl, sub, -1)
    uniq, src = np.unique(c["src"], return_inverse=True)
    return ObsTable(
        plane=plane, ids=list(sim.ids), t0=c["t0"].astype(float), t1=c["t1"].astype(float),
        x=x, y=y, kind=kinds.astype(np.int64), sub=sub.astype(np.int64),
        weapon=c["weapon"].astype(np.int64), brg=np.radians(centre), half=np.radians(half),
        bsig=np.radians(bsig), dmin=dmin, dmax=dmax, dist_stated=stated,
        count=c["count"].astype(float), qual=c["qual"].astype(np.int64),
        src=src.astype(np.int64), stype=c["stype"].astype(np.int64),
        weapons_mask=np.where(c["weapon"] >= 0, np.left_shift(1, np.maximum(c["weapon"], 0)), 0),
        source_names=[sim.source_names[int(u)] for u in uniq],
    )  # fmt: skip


def score_arrays(sim: Simulation, res: FusionArrays, order: np.ndarray | None = None) -> Score:
    """Score a columnar fusion result; ``order[i]`` is the report row of table row i."""
    from truce.fusion.counting import count

    t, lab, loc, m = res.table, res.labels, res.located, res.m
    rows = np.arange(len(lab)) if order is None else order
    labels = np.empty(len(lab), np.int64)
    labels[rows] = lab
    cnt = count(t, lab, m)
    kind = np.zeros(m, np.int64)
    kind[lab] = t.kind
    px, py = sim.line.plane.forward(*t.plane.inverse(loc.x, loc.y))
    nsrc = _n_sources(lab, t.src, m)
    return _score(sim, labels, px, py, loc.semi_major, loc.semi_minor, loc.orientation_deg,
                  cnt.total, _CV[kind], nsrc)  # fmt: skip


def score_incidents(sim: Simulation, incidents: Sequence[Incident]) -> Score:
    """Score incident models fused from the simulation's observations."""
    labels = labels_from_incidents(sim.ids, incidents)
    lon = np.array([i.lon for i in incidents])
    lat = np.array([i.lat for i in incidents])
    px, py = sim.line.plane.forward(lon, lat)
    return _score(
        sim, labels, px, py,
        np.array([i.ellipse.semi_major_m for i in incidents]),
        np.array([i.ellipse.semi_minor_m for i in incidents]),
        np.array([i.ellipse.orientation_deg for i in incidents]),
        np.array([i.counts.total for i in incidents], np.int64),
        np.array([i.kind in CEASEFIRE_VIOLATION_KINDS for i in incidents]),
        np.array([i.n_sources for i in incidents], np.int64),
    )  # fmt: skip


def _n_sources(lab: np.ndarray, src: np.ndarray, m: int) -> np.ndarray:
    pairs = np.unique(lab * (int(src.max()) + 1) + src)
    return np.bincount(pairs // (int(src.max()) + 1), minlength=m)


def _score(
    sim: Simulation, labels: np.ndarray, px: np.ndarray, py: np.ndarray, major: np.ndarray,
    minor: np.ndarray, orient: np.ndarray, total: np.ndarray, inc_cv: np.ndarray,
    nsrc: np.ndarray,
) -> Score:  # fmt: skip
    r = sim.reports
    fused = labels >= 0
    keep = fused[r.mix_report]
    return score(
        truth=sim.truth, cv=cv_event(sim.truth), mix_report=r.mix_report[keep],
        mix_event=r.mix_event[keep], mix_count=r.mix_count[keep], labels=labels, inc_x=px,
        inc_y=py, major=major, minor=minor, orient=orient, inc_total=total, inc_cv=inc_cv,
        n_sources=nsrc, report_counts=r.cols["count"], report_cv=_CV[r.cols["kind"]],
    )  # fmt: skip
