"""Consensus of acoustic sensors' arrival times: which sensors heard the same first onset.

An acoustic sensor reports when the first onset it heard arrived. Sensors that heard different
first onsets (one missed the first round; one nearer the firing point heard the outgoing shot
before the impact) give times that fit no single source, and a least-squares fit over all of
them is pulled kilometres off. In the manner of RANSAC (Fischler and Bolles 1981), each set of
four sensors proposes a source by the closed-form *spherical interpolation* of the
time-difference equations (Smith and Abel 1987): with the range ``r0`` to a reference sensor as a
third unknown, ``r_i = r0 + c (t_i - t_0)`` and ``r_i^2 - r0^2`` are linear in (x, y, r0), so four
sensors give three linear equations. The proposal whose emission time most sensors agree with
(within ``CONSENSUS_S``; ties to the smallest squared disagreement) wins; the sensors that
disagree with it leave the fit, and the fit starts from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from truce.fusion.table import F64, I64

#: Sensors needed for a consensus: four propose, and all four must agree (the fourth checks).
MIN_SENSORS = 4
#: At most this many sensors per incident (the earliest onsets) propose sources.
MAX_PROPOSERS = 8
#: Largest disagreement of a sensor's emission time with the proposal's, seconds: rounds of
#: one salvo are seconds apart, the speed of sound is known to about 2 %.
CONSENSUS_S = 0.8
#: A proposed source farther than this from the sensors' centroid is implausible, metres.
MAX_RANGE_M = 30_000.0
#: Incidents solved per batch (bounds memory: batch x proposals x sensors).
BATCH = 4096


@dataclass(frozen=True)
class Consensus:
    """``timed`` with disagreeing sensors removed, and a start point where one was found."""

    timed: np.ndarray
    x: F64
    y: F64
    found: np.ndarray  # per incident


def consensus(
    *, x: F64, y: F64, t: F64, lab: I64, m: int, timed: np.ndarray, speed: float
) -> Consensus:
    """Arrival-time consensus per incident (see the module docstring).

    ``x``, ``y`` are the sensors' positions (metres), ``t`` their first arrival times
    (seconds), ``lab`` each row's incident and ``timed`` which rows carry an arrival time.
    """
    keep = timed.copy()
    sx, sy = np.zeros(m), np.zeros(m)
    found = np.zeros(m, bool)
    rows = np.flatnonzero(timed)
    n_timed = np.bincount(lab[rows], minlength=m)
    rows = rows[n_timed[lab[rows]] >= MIN_SENSORS]
    if len(rows) == 0:
        return Consensus(keep, sx, sy, found)
    rows = rows[np.lexsort((t[rows], lab[rows]))]
    lr = lab[rows]
    first = np.r_[True, lr[1:] != lr[:-1]]
    start = np.flatnonzero(first)
    k_of = np.minimum(np.diff(np.r_[start, len(rows)]), MAX_PROPOSERS)
    incs = lr[start]
    te = np.zeros(m)
    for k in np.unique(k_of).tolist():
        sel = np.flatnonzero(k_of == k)
        combos = np.array(list(combinations(range(k), 4)), np.int64)
        for b in range(0, len(sel), BATCH):
            part = sel[b : b + BATCH]
            idx = start[part][:, None] + np.arange(k)[None, :]  # (G, k) rows, earliest first
            r = rows[idx]
            px, py, pe, ok = _best(x[r], y[r], t[r], combos, speed)
            g = incs[part]
            sx[g], sy[g], te[g], found[g] = px, py, pe, ok
    in_any = rows[found[lr]]
    li = lab[in_any]
    emit = t[in_any] - np.hypot(sx[li] - x[in_any], sy[li] - y[in_any]) / speed
    keep[in_any[np.abs(emit - te[li]) > CONSENSUS_S]] = False
    return Consensus(keep, sx, sy, found)


def _best(x: F64, y: F64, t: F64, combos: I64, speed: float) -> tuple[F64, F64, F64, np.ndarray]:
    """Best proposal of each row of (G, k) sensors: position, emission time, whether found."""
    g = x.shape[0]
    ox, oy = x.mean(axis=1, keepdims=True), y.mean(axis=1, keepdims=True)
    t_first = t[:, 0].copy()
    x, y, t = x - ox, y - oy, t - t[:, :1]  # local coordinates: better conditioned
    cx, cy, ct = x[:, combos], y[:, combos], t[:, combos]  # (G, C, 4)
    dx = cx[..., 1:] - cx[..., :1]
    dy = cy[..., 1:] - cy[..., :1]
    tau = ct[..., 1:] - ct[..., :1]
    a = np.stack([2.0 * dx, 2.0 * dy, 2.0 * speed * tau], axis=-1)  # (G, C, 3, 3)
    kk = cx**2 + cy**2
    rhs = (kk[..., 1:] - kk[..., :1]) - (speed * tau) ** 2
    det = np.linalg.det(a)
    scale = np.maximum(np.abs(a).max(axis=(-1, -2)), 1e-9) ** 3
    good = np.abs(det) > 1e-9 * scale
    a = np.where(good[..., None, None], a, np.eye(3))
    # r_i^2 - r_0^2 = -2 (x_i - x_0) x - 2 (y_i - y_0) y + K_i - K_0 (K = x^2 + y^2) and
    # = 2 r0 c tau_i + c^2 tau_i^2, so [2 dx, 2 dy, 2 c tau] . (x, y, r0) = dK - c^2 tau^2
    sol = np.linalg.solve(a, rhs[..., None])[..., 0]
    px, py, r0 = sol[..., 0], sol[..., 1], sol[..., 2]
    good &= (r0 >= 0.0) & (np.hypot(px, py) <= MAX_RANGE_M)
    emit = (
        t[:, None, :]
        - np.hypot(px[..., None] - x[:, None, :], py[..., None] - y[:, None, :]) / speed
    )
    ref = np.median(np.take_along_axis(emit, np.broadcast_to(combos, emit.shape[:2] + (4,)), 2), -1)
    dev = np.abs(emit - ref[..., None])
    inl = dev <= CONSENSUS_S
    n_in = np.where(good, inl.sum(axis=-1), 0)
    sse = np.where(inl, dev**2, 0.0).sum(axis=-1)
    score = n_in * 1e6 - np.minimum(sse, 1e5)
    best = np.argmax(score, axis=1)
    row = np.arange(g)
    ok = n_in[row, best] >= MIN_SENSORS
    return px[row, best] + ox[:, 0], py[row, best] + oy[:, 0], ref[row, best] + t_first, ok
