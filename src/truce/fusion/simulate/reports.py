"""Detections become reports the way monitors write them.

A *detection* is one observer perceiving one true event: when (first and last round heard,
sound delay included), how many rounds, in which direction and how far it seemed. Monitors do
not write one line per event: they aggregate per time window, kind and direction ("between
19:10 and 19:45, 23 undetermined explosions 3-5 km south-east"). ``aggregate`` merges a
source's detections with the same kind, reported subtype and direction while they follow each
other within ``GAP_S``; each report remembers which true events it mixes, and how many rounds
of each, for the evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from truce.fusion.table import F64, I64

#: Detections of one kind in one direction less than this apart are written as one report.
GAP_S = 600.0

FIELDS_F = ("t0", "t1", "x", "y", "count", "bdeg", "bsig", "dmin", "dmax", "calibre")
FIELDS_I = ("src", "stype", "kind", "sub", "weapon", "qual", "word", "nwords", "from_w", "to_w")


@dataclass
class Detections:
    """Columns of detections or of reports (same fields); ``key`` groups what may merge."""

    cols: dict[str, list[np.ndarray]] = field(default_factory=dict)

    def append(self, **arrays: np.ndarray | float | int) -> None:
        n = max(np.size(v) for v in arrays.values())
        for name in (*FIELDS_F, *FIELDS_I, "ev", "key"):
            default = np.nan if name in FIELDS_F else -1
            v = arrays.get(name)
            arr = np.full(n, default) if v is None else np.broadcast_to(np.asarray(v), (n,))
            self.cols.setdefault(name, []).append(np.array(arr))

    def arrays(self) -> dict[str, np.ndarray]:
        """Every field as one array (empty arrays when nothing was detected)."""
        out = {}
        for name in (*FIELDS_F, *FIELDS_I, "ev", "key"):
            parts = self.cols.get(name, [])
            a = np.concatenate(parts) if parts else np.zeros(0)
            out[name] = a.astype(np.int64) if name in FIELDS_I or name in ("ev", "key") else a
        return out


@dataclass(frozen=True)
class Reports:
    """Aggregated reports (one row each) and the truth they mix: (report, event, rounds)."""

    cols: dict[str, np.ndarray]
    mix_report: I64
    mix_event: I64
    mix_count: F64


def aggregate(det: dict[str, np.ndarray], *, merge: bool = True, gap_s: float = GAP_S) -> Reports:
    """Merge detections into reports (see module docstring); ``merge=False`` keeps one each."""
    n = len(det["t0"])
    if n == 0:
        return Reports(
            {k: v[:0] for k, v in det.items()}, *(np.zeros(0, np.int64),) * 2, np.zeros(0)
        )
    grp_key = np.stack([det["src"], det["kind"], det["sub"], det["key"]], axis=1)
    order = np.lexsort(
        (det["ev"], det["t0"], grp_key[:, 3], grp_key[:, 2], grp_key[:, 1], grp_key[:, 0])
    )
    gk = grp_key[order]
    t0, t1 = det["t0"][order], det["t1"][order]
    same = np.r_[False, np.all(gk[1:] == gk[:-1], axis=1)]
    key_rank = np.cumsum(~same)
    # running max of t1 within each key: offset by key rank so the max never leaks across keys
    reach = np.maximum.accumulate(t1 + key_rank * 1e11) - key_rank * 1e11
    new = ~same | (t0 > np.r_[-np.inf, reach[:-1]] + gap_s) if merge else np.ones(n, bool)
    rid = np.cumsum(new) - 1
    m = int(rid[-1]) + 1
    first = np.flatnonzero(new)
    cols: dict[str, np.ndarray] = {}
    for name, v in det.items():
        cols[name] = v[order][first]
    cols["t0"] = _red(np.minimum, rid, t0, m, np.inf)
    cols["t1"] = _red(np.maximum, rid, t1, m, -np.inf)
    cnt = det["count"][order]
    cols["count"] = np.bincount(rid, weights=cnt, minlength=m)
    cols["dmin"] = _red(np.fmin, rid, det["dmin"][order], m, np.nan)
    cols["dmax"] = _red(np.fmax, rid, det["dmax"][order], m, np.nan)
    cols["weapon"] = _red(np.maximum, rid, det["weapon"][order].astype(float), m, -1.0).astype(
        np.int64
    )
    w = np.bincount(rid, minlength=m).astype(float)
    bd = det["bdeg"][order]
    if np.isfinite(bd).any():  # circular mean of precise bearings
        sx = np.bincount(rid, weights=np.nan_to_num(np.sin(np.radians(bd))), minlength=m)
        sy = np.bincount(rid, weights=np.nan_to_num(np.cos(np.radians(bd))), minlength=m)
        mean = np.degrees(np.arctan2(sx / w, sy / w)) % 360.0
        cols["bdeg"] = np.where(np.isfinite(cols["bdeg"]), np.round(mean * 2) / 2 % 360.0, np.nan)
    return Reports(cols, rid, det["ev"][order], cnt)


def _red(fn: np.ufunc, rid: I64, v: F64, m: int, init: float) -> F64:
    out = np.full(m, init)
    fn.at(out, rid, v)
    return out
