"""Location of incidents in a local metric plane, batched over all incidents at once.

* Two or more observations: weighted least squares (Gauss-Newton with Huber reweighting) on
  bearing lines, distance ranges and, for acoustic sensors, arrival times (time-difference
  multilateration with the emission time profiled out). The covariance ``(J^T W J)^-1``,
  inflated by the a-posteriori variance factor when the fit is worse than the error model,
  gives the 95 % ellipse (chi-square, 2 degrees of freedom). The fit's error model
  (:func:`fit_bearing_sigma`, :func:`fit_distance_sigma`) treats a compass word, or the arc
  between two adjacent words, as uniform over +-11.25 deg plus the monitor's error, and a
  written distance range as one estimate with a relative error; arrival times that stay far
  off after the Huber iterations get no weight (another round's onset).
* One observation: the centroid of its sector (the reported bearing interval and distance
  range, widened by the reporting-error model) with an ellipse that covers the whole sector.

Every observation also contributes a weak prior (its sector centroid, 20 km sigma), so
parallel or coincident bearing lines give a large ellipse, never a point at infinity.
All arrays are in metres (x east, y north) and radians clockwise from north.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from truce.domain.incident import CHI2_2DOF_95
from truce.domain.vocabulary import SourceType
from truce.fusion.table import F64, I64, SOURCE_TYPES, ObsTable
from truce.fusion.tdoa import consensus

#: Speed of sound assumed by fusion, m/s: 331.3 + 0.606 T at T = 5 degC, the middle of the
#: -5..15 degC the monitors work in (340 m/s, the 15 degC value, put sources heard by a compact
#: sensor array kilometres too far on cold days; the simulator varies T the same way).
SOUND_SPEED = 334.3
#: Error of a monitor's bearing on top of the compass word's width, degrees (1 sigma).
BEARING_REPORT_SIGMA_DEG = 9.0
#: Relative error of a monitor's distance estimate (1 sigma, on the range's midpoint).
DISTANCE_REL_SIGMA = 0.30
#: Timing error of an acoustic sensor's arrival time, seconds (1 sigma).
ARRIVAL_SIGMA_S = 0.3
#: Sigma of the weak prior that keeps every system regular, metres.
PRIOR_SIGMA_M = 20_000.0
#: Sigma of an undirected report's disc in the fit, as a share of its radius (acoustic
#: sensors hear well beyond the nominal radius: a loose disc, not a pull onto the sensors).
UNDIRECTED_SIGMA_SHARE = 1.0
#: Half-width of the uniform part of a compass report's bearing in the fit, degrees: the
#: monitor's bearing lies within +-11.25 deg of the centre of one word or of two adjacent
#: words ("between NE and ENE").
WORD_HALF_DEG = 11.25
#: Relative error of a stated distance range's midpoint in the fit (1 sigma). A written range
#: is one estimate widened for writing, so its width adds nothing on top.
FIT_DISTANCE_REL_SIGMA = 0.30
#: Normalised arrival-time residual beyond which an arrival gets no weight (redescending:
#: a sensor whose first onset was another round), from iteration ``REJECT_FROM`` on.
TIME_REJECT = 5.0
REJECT_FROM = 6
#: Largest RMS of normalised arrival-time residuals for which arrival times are kept.
TDOA_MAX_RMS = 3.0
#: How many inconsistent arrival times may be dropped, one at a time, before giving up.
TDOA_DROPS = 3
#: Huber threshold on normalised residuals.
HUBER_K = 2.5
#: How many sigmas of bearing error and distance error widen a single observer's sector.
SECTOR_WIDEN = 2.0

_SENSOR = SOURCE_TYPES.index(SourceType.SENSOR)


@dataclass(frozen=True)
class Locations:
    """Per-incident results, arrays of length ``m`` (number of incidents)."""

    x: F64
    y: F64
    semi_major: F64
    semi_minor: F64
    orientation_deg: F64
    method: list[str]
    chi2: F64
    dof: F64


def bearing_sigma(t: ObsTable) -> F64:
    """Total 1-sigma bearing error (radians): uniform over the interval plus reporting error."""
    rep = np.where(np.isnan(t.bsig) | (t.bsig <= 0), math.radians(BEARING_REPORT_SIGMA_DEG), t.bsig)
    rep = np.where(t.half > 0, np.maximum(rep, math.radians(BEARING_REPORT_SIGMA_DEG)), rep)
    out: F64 = np.sqrt(t.half**2 / 3.0 + rep**2)
    return out


def fit_bearing_sigma(t: ObsTable) -> F64:
    """1-sigma bearing error (radians) used by the least-squares fit.

    A compass report names one 16-point word or the arc between two adjacent words; either way
    the bearing the monitor perceived lies within +-11.25 deg of the reported centre (uniform),
    on top of which comes the monitor's own perception error. (The association's sectors keep
    the conservative union of both words, :func:`bearing_sigma`.)
    """
    rep = np.where(np.isnan(t.bsig) | (t.bsig <= 0), math.radians(BEARING_REPORT_SIGMA_DEG), t.bsig)
    rep = np.where(t.half > 0, np.maximum(rep, math.radians(BEARING_REPORT_SIGMA_DEG)), rep)
    half = np.minimum(t.half, math.radians(WORD_HALF_DEG))
    out: F64 = np.sqrt(half**2 / 3.0 + rep**2)
    return out


def fit_distance_sigma(t: ObsTable) -> F64:
    """1-sigma distance error (metres) used by the least-squares fit.

    A written range ("3-5 km") is the monitor's one estimate widened for writing, not a
    uniform spread: the error is the estimate's relative error about the range's midpoint.
    An unstated range (the kind's default) is uniform over its width. Undirected reports are
    a disc around the observer with sigma ``UNDIRECTED_SIGMA_SHARE`` times its radius.
    """
    mid = 0.5 * (t.dmin + t.dmax)
    rel = np.where(t.dist_stated, FIT_DISTANCE_REL_SIGMA, 0.0)
    width = np.where(t.dist_stated, 0.0, 1.0) * (t.dmax - t.dmin) / 2.0
    ring = np.sqrt(width**2 / 3.0 + (rel * mid) ** 2 + 25.0**2)
    return np.where(np.isnan(t.brg), np.maximum(t.dmax * UNDIRECTED_SIGMA_SHARE, 25.0), ring)


def distance_sigma(t: ObsTable) -> F64:
    """Total 1-sigma distance error (metres): uniform over the range plus relative bias.

    An undirected report (no bearing) is a disc of radius ``dmax`` around the observer: its
    residual is the distance from the observer itself, with sigma ``dmax / 2``.
    """
    mid = 0.5 * (t.dmin + t.dmax)
    rel = np.where(t.dist_stated, DISTANCE_REL_SIGMA, 0.0)
    ring = np.sqrt(((t.dmax - t.dmin) / 2.0) ** 2 / 3.0 + (rel * mid) ** 2 + 25.0**2)
    return np.where(np.isnan(t.brg), np.maximum(t.dmax / 2.0, 25.0), ring)


def widened_sector(t: ObsTable) -> tuple[F64, F64, F64, F64]:
    """(centre, half-width, rmin, rmax) of each observation's sector widened by its errors."""
    rep = np.sqrt(np.maximum(bearing_sigma(t) ** 2 - t.half**2 / 3.0, 0.0))
    half = np.where(np.isnan(t.brg), math.pi, t.half + SECTOR_WIDEN * rep)
    half = np.minimum(half, math.pi)
    mid = 0.5 * (t.dmin + t.dmax)
    rel = np.where(t.dist_stated, SECTOR_WIDEN * DISTANCE_REL_SIGMA, 0.0) * mid
    rmin = np.maximum(t.dmin - rel, 0.0)
    rmax = t.dmax + rel
    return np.nan_to_num(t.brg), half, rmin, rmax


def sector_centroid(t: ObsTable) -> tuple[F64, F64]:
    """Area centroid of each widened sector (observer position for undirected reports)."""
    c, h, r1, r2 = widened_sector(t)
    # centroid of an annular sector: (2/3) (r2^3 - r1^3) / (r2^2 - r1^2) * sin(h) / h
    den = np.maximum(r2**2 - r1**2, 1e-9)
    sinc = np.where(h > 1e-9, np.sin(h) / np.maximum(h, 1e-9), 1.0)
    rho = np.where(
        r2 - r1 > 1e-6, (2.0 / 3.0) * (r2**3 - r1**3) / den * sinc, 0.5 * (r1 + r2) * sinc
    )
    return t.x + rho * np.sin(c), t.y + rho * np.cos(c)


def _covering_search(h: F64, r1: F64, r2: F64, k: int) -> tuple[F64, F64]:
    """Smallest centred, axis-aligned ellipse covering sampled boundary points of sectors of
    half-width ``h`` and radii ``r1``..``r2`` (apex at the origin, bisector along ``u``).

    For an ellipse u^2 A + v^2 B <= 1 covering the points (relative to the sector's area
    centroid), the smallest area maximises A B; the optimum lies where one constraint is tight
    (A = 1/(2u^2), B = 1/(2v^2)) or two are. Every candidate is tested against every point.
    """
    den = np.maximum(r2**2 - r1**2, 1e-9)
    sinc = np.where(h > 1e-9, np.sin(h) / np.maximum(h, 1e-9), 1.0)
    rho_c = np.where(
        r2 - r1 > 1e-6, (2.0 / 3.0) * (r2**3 - r1**3) / den * sinc, 0.5 * (r1 + r2) * sinc
    )
    ang = np.linspace(0.0, 1.0, (k + 1) // 2)[None, :] * h[:, None]  # symmetric: v >= 0 half
    us = np.concatenate([r1[:, None] * np.cos(ang), r2[:, None] * np.cos(ang)], axis=1)
    vs = np.concatenate([r1[:, None] * np.sin(ang), r2[:, None] * np.sin(ang)], axis=1)
    uu = (us - rho_c[:, None]) ** 2
    vv = vs**2 + 1e-6
    uu = uu + 1e-6
    n, p = uu.shape
    ia, ib = np.triu_indices(p, k=1)
    det = uu[:, ia] * vv[:, ib] - uu[:, ib] * vv[:, ia]
    with np.errstate(divide="ignore", invalid="ignore"):
        pa = (vv[:, ib] - vv[:, ia]) / det
        pb = (uu[:, ia] - uu[:, ib]) / det
    ca = np.concatenate([1.0 / (2.0 * uu), pa], axis=1)
    cb = np.concatenate([1.0 / (2.0 * vv), pb], axis=1)
    ok = np.isfinite(ca) & np.isfinite(cb) & (ca > 0) & (cb > 0)
    lhs = ca[:, :, None] * uu[:, None, :] + cb[:, :, None] * vv[:, None, :]
    ok &= np.all(lhs <= 1.0 + 1e-9, axis=2)
    score = np.where(ok, ca * cb, -1.0)
    best = np.argmax(score, axis=1)
    rows = np.arange(n)
    # sampled arcs bulge a little beyond their chords: grow by the sagitta ratio
    grow = 1.0 / np.cos(np.maximum(h, 1e-9) / (k - 1))  # half the angular spacing
    return grow / np.sqrt(ca[rows, best]), grow / np.sqrt(cb[rows, best])


def _covering_axes(h: F64, r1: F64, r2: F64, k: int = 5) -> tuple[F64, F64]:
    """Semi-axes (along, across the bearing) of the ellipse covering each sector, centred on
    its centroid; computed once per distinct (half-width, rmin, rmax).

    Sectors repeat: compass words, distance ranges written to the half kilometre and fixed
    error models give few distinct shapes, so the search runs on the distinct ones.
    """
    shape = np.stack([h, r1, r2], axis=1)
    uniq, inv = np.unique(shape, axis=0, return_inverse=True)
    a_ax, b_ax = _covering_search(uniq[:, 0], uniq[:, 1], uniq[:, 2], k)
    inv = inv.ravel()
    return a_ax[inv], b_ax[inv]


def locate_single(t: ObsTable) -> Locations:
    """One observation per incident: sector centroid and covering ellipse (rows of ``t``)."""
    c, h, r1, r2 = widened_sector(t)
    cx, cy = sector_centroid(t)
    a_ax, b_ax = _covering_axes(h, r1, r2)
    undirected = np.isnan(t.brg)
    a_ax = np.where(undirected, r2, a_ax)
    b_ax = np.where(undirected, r2, b_ax)
    along = np.degrees(c) % 180.0
    major = np.maximum(a_ax, b_ax)
    minor = np.minimum(a_ax, b_ax)
    orient = np.where(a_ax >= b_ax, along, (along + 90.0) % 180.0)
    method = ["position" if u else "sector" for u in undirected.tolist()]
    zeros = np.zeros(len(t))
    return Locations(cx, cy, major, minor, orient, method, zeros, zeros)


def _seg_sum(lab: I64, w: F64, m: int) -> F64:
    return np.bincount(lab, weights=w, minlength=m).astype(np.float64)


def locate_groups(t: ObsTable, lab: I64, m: int, *, iterations: int = 10) -> Locations:
    """Weighted least squares location of ``m`` incidents; ``lab[i]`` is row i's incident.

    Arrival times enter only where two or more sensors heard the incident. Where four or more
    did, the sensors that disagree with the consensus of the first onsets (or, when those have
    none, of the last onsets) leave the fit, which starts from the consensus point
    (:mod:`truce.fusion.tdoa`); a timed sensor's "within earshot" disc then leaves the fit too.
    Arrival times are dropped again for incidents whose times still contradict each other: RMS
    of the normalised time residuals above ``TDOA_MAX_RMS``.
    """
    sensor = t.stype == _SENSOR
    n_sens = _seg_sum(lab, sensor.astype(float), m)
    timed = sensor & (n_sens[lab] >= 2)
    # the first onsets' consensus, else the last onsets' (a sensor reports both)
    first = consensus(x=t.x, y=t.y, t=t.t0, lab=lab, m=m, timed=timed, speed=SOUND_SPEED)
    rest = timed & ~first.found[lab]
    last = consensus(x=t.x, y=t.y, t=t.t1, lab=lab, m=m, timed=rest, speed=SOUND_SPEED)
    use_last = ~first.found & last.found
    timed = np.where(use_last[lab], last.timed, first.timed)
    start = _Timing(
        arrival=np.where(use_last[lab], t.t1, t.t0),
        x=np.where(use_last, last.x, first.x),
        y=np.where(use_last, last.y, first.y),
        found=first.found | last.found,
    )
    fit = _solve(t, lab, m, timed, iterations, start)
    for attempt in range(TDOA_DROPS + 1):
        rt = np.abs(fit[3][6])
        n_timed = _seg_sum(lab, timed.astype(float), m)
        bad = _seg_sum(lab, rt**2, m) / np.maximum(n_timed - 1.0, 1.0) > TDOA_MAX_RMS**2
        if not bad.any():
            break
        if attempt == TDOA_DROPS:  # still inconsistent: no arrival times for these
            timed = timed & ~bad[lab]
        else:  # drop the worst arrival of each inconsistent incident (while 3 remain)
            worst = np.zeros(m)
            np.maximum.at(worst, lab, np.where(timed, rt, 0.0))
            drop = timed & bad[lab] & (rt >= worst[lab]) & (n_timed[lab] > 3)
            timed = timed & ~drop & ~(bad & (n_timed <= 3))[lab]
        fit = _resolve(t, lab, m, timed, iterations, fit, bad, start)
    px, py, hub, res = fit
    rb, jbx, jby, rd, jdx, jdy, rt, jtx, jty = res
    hub_b, hub_d, hub_t = hub
    directed = ~np.isnan(t.brg)
    prior_w = 1.0 / PRIOR_SIGMA_M**2
    chi2 = _seg_sum(lab, hub_b * rb**2 + hub_d * rd**2 + hub_t * rt**2, m)
    n_timed = _seg_sum(lab, timed.astype(float), m)
    n_res = _seg_sum(lab, directed + 1.0 + timed, m) - np.minimum(n_timed, 1)
    dof = np.maximum(n_res - 2.0, 0.0)
    a11 = _seg_sum(lab, hub_b * jbx**2 + hub_d * jdx**2 + hub_t * jtx**2, m) + prior_w
    a12 = _seg_sum(lab, hub_b * jbx * jby + hub_d * jdx * jdy + hub_t * jtx * jty, m)
    a22 = _seg_sum(lab, hub_b * jby**2 + hub_d * jdy**2 + hub_t * jty**2, m) + prior_w
    det = a11 * a22 - a12**2
    cxx, cxy, cyy = a22 / det, -a12 / det, a11 / det
    scale = np.where(dof >= 2, np.maximum(1.0, chi2 / np.maximum(dof, 1.0)), 1.0)
    major, minor, orient = ellipse_from_cov(cxx * scale, cxy * scale, cyy * scale)
    method = ["tdoa" if k >= 3 else "wls" for k in n_timed.tolist()]
    return Locations(px, py, major, minor, orient, method, chi2, dof)


_Res = tuple[F64, F64, F64, F64, F64, F64, F64, F64, F64]
_Fit = tuple[F64, F64, tuple[F64, F64, F64], _Res]


@dataclass(frozen=True)
class _Timing:
    """Arrival time of each row (first or last onset) and, per incident, the consensus point
    the fit starts from where ``found``."""

    arrival: F64
    x: F64
    y: F64
    found: np.ndarray


def _resolve(
    t: ObsTable, lab: I64, m: int, timed: np.ndarray, iterations: int, fit: _Fit, sel: np.ndarray,
    start: _Timing,
) -> _Fit:  # fmt: skip
    """``fit`` with the incidents ``sel`` solved again (with the new ``timed``)."""
    rows = np.flatnonzero(sel[lab])
    inc = np.flatnonzero(sel)
    dense = np.full(m, -1, np.int64)
    dense[inc] = np.arange(len(inc))
    sub_start = _Timing(start.arrival[rows], start.x[inc], start.y[inc], start.found[inc])
    sub = _solve(
        t.take(rows, ids=False), dense[lab[rows]], len(inc), timed[rows], iterations, sub_start
    )
    px, py = fit[0].copy(), fit[1].copy()
    px[inc], py[inc] = sub[0], sub[1]
    hub = tuple(h.copy() for h in fit[2])
    for h, hs in zip(hub, sub[2], strict=True):
        h[rows] = hs
    res = tuple(r.copy() for r in fit[3])
    for r, rs in zip(res, sub[3], strict=True):
        r[rows] = rs
    return px, py, (hub[0], hub[1], hub[2]), res  # type: ignore[return-value]


def _solve(
    t: ObsTable, lab: I64, m: int, timed: np.ndarray, iterations: int, start: _Timing
) -> _Fit:
    """Gauss-Newton with a step cap and Huber weights from the fourth iteration on.

    It starts from the weighted centroid of the sectors, or from ``start`` where given.
    """
    directed = ~np.isnan(t.brg)
    sb = fit_bearing_sigma(t)
    sd = fit_distance_sigma(t)
    cx, cy = sector_centroid(t)
    w0 = 1.0 / (sd**2 + 1.0)
    px = _seg_sum(lab, w0 * cx, m) / _seg_sum(lab, w0, m)
    py = _seg_sum(lab, w0 * cy, m) / _seg_sum(lab, w0, m)
    px, py = np.where(start.found, start.x, px), np.where(start.found, start.y, py)
    prior_x, prior_y = px.copy(), py.copy()
    ones = np.ones(len(t))
    hub_b, hub_d, hub_t = ones, ones, ones
    prior_w = 1.0 / PRIOR_SIGMA_M**2
    for it in range(iterations + 1):
        res = _residuals(t, lab, m, px, py, directed, sb, sd, timed, start.arrival)
        if it == iterations:
            break
        rb, jbx, jby, rd, jdx, jdy, rt, jtx, jty = res
        if it >= 3:  # Huber reweighting once the fit has settled
            hub_b, hub_d, hub_t = _huber(rb), _huber(rd), _huber(rt)
            if it >= REJECT_FROM:  # redescending for arrival times: another round's onset
                hub_t = np.where(np.abs(rt) > TIME_REJECT, 0.0, hub_t)
        a11 = _seg_sum(lab, hub_b * jbx**2 + hub_d * jdx**2 + hub_t * jtx**2, m) + prior_w
        a12 = _seg_sum(lab, hub_b * jbx * jby + hub_d * jdx * jdy + hub_t * jtx * jty, m)
        a22 = _seg_sum(lab, hub_b * jby**2 + hub_d * jdy**2 + hub_t * jty**2, m) + prior_w
        g1 = _seg_sum(lab, hub_b * jbx * rb + hub_d * jdx * rd + hub_t * jtx * rt, m)
        g2 = _seg_sum(lab, hub_b * jby * rb + hub_d * jdy * rd + hub_t * jty * rt, m)
        g1 += prior_w * (px - prior_x)
        g2 += prior_w * (py - prior_y)
        det = a11 * a22 - a12**2
        dx = -(a22 * g1 - a12 * g2) / det
        dy = -(a11 * g2 - a12 * g1) / det
        step = np.hypot(dx, dy)
        cap = np.minimum(1.0, 3000.0 / np.maximum(step, 1e-9))  # at most 3 km per iteration
        px = px + dx * cap
        py = py + dy * cap
    return px, py, (hub_b, hub_d, hub_t), res


def _huber(r: F64) -> F64:
    a = np.abs(r)
    return np.where(a <= HUBER_K, 1.0, HUBER_K / np.maximum(a, 1e-12))


def _residuals(
    t: ObsTable,
    lab: I64,
    m: int,
    px: F64,
    py: F64,
    directed: np.ndarray,
    sb: F64,
    sd: F64,
    timed: np.ndarray,
    arrival: F64,
) -> tuple[F64, F64, F64, F64, F64, F64, F64, F64, F64]:
    """Normalised residuals r = (observed - predicted) / sigma and their Jacobians d(-pred)/dp."""
    dx = px[lab] - t.x
    dy = py[lab] - t.y
    rho = np.maximum(np.hypot(dx, dy), 50.0)
    pred = np.arctan2(dx, dy)
    rb = np.where(directed, _wrap(np.nan_to_num(t.brg) - pred) / sb, 0.0)
    jbx = np.where(directed, -(dy / rho**2) / sb, 0.0)
    jby = np.where(directed, (dx / rho**2) / sb, 0.0)
    # directed: a ring at the reported range; undirected: a disc around the observer, except
    # for a sensor whose arrival time is fitted (the time says more than "within earshot")
    mid = np.where(directed, 0.5 * (t.dmin + t.dmax), 0.0)
    ux, uy = dx / rho, dy / rho
    ring = np.where(timed, 0.0, 1.0 / sd)
    rd = (mid - rho) * ring
    jdx, jdy = -ux * ring, -uy * ring
    # arrival times: t_i = te + rho_i / c; te profiled out as the incident's mean (computed on
    # the timed rows only: elsewhere the residual and its Jacobian are zero)
    rt, jtx, jty = np.zeros(len(lab)), np.zeros(len(lab)), np.zeros(len(lab))
    k = np.flatnonzero(timed)
    if len(k):
        lk = lab[k]
        cnt = np.maximum(np.bincount(lk, minlength=m), 1.0)
        emit = arrival[k] - rho[k] / SOUND_SPEED
        te = np.bincount(lk, weights=emit, minlength=m) / cnt
        mux = np.bincount(lk, weights=ux[k], minlength=m) / cnt
        muy = np.bincount(lk, weights=uy[k], minlength=m) / cnt
        rt[k] = (emit - te[lk]) / ARRIVAL_SIGMA_S
        jtx[k] = -(ux[k] - mux[lk]) / SOUND_SPEED / ARRIVAL_SIGMA_S
        jty[k] = -(uy[k] - muy[lk]) / SOUND_SPEED / ARRIVAL_SIGMA_S
    return rb, jbx, jby, rd, jdx, jdy, rt, jtx, jty


def _wrap(a: F64) -> F64:
    return (a + math.pi) % (2.0 * math.pi) - math.pi


def ellipse_from_cov(cxx: F64, cxy: F64, cyy: F64) -> tuple[F64, F64, F64]:
    """95 % ellipse (semi-major m, semi-minor m, azimuth of major axis deg in [0, 180))."""
    tr = 0.5 * (cxx + cyy)
    d = np.sqrt(np.maximum(0.25 * (cxx - cyy) ** 2 + cxy**2, 0.0))
    l1 = np.maximum(tr + d, 0.0)
    l2 = np.maximum(tr - d, 0.0)
    phi = 0.5 * np.arctan2(2.0 * cxy, cxx - cyy)  # angle of the major axis from +x (east)
    az = (90.0 - np.degrees(phi)) % 180.0
    return np.sqrt(CHI2_2DOF_95 * l1), np.sqrt(CHI2_2DOF_95 * l2), az
