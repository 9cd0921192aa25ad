"""Splitting explosion groups that join an outgoing shot and its impact (issue 5, "Association").

Two steps, both vectorised over all groups and depending only on the rows' order and labels:
:func:`split_by_subtype` (stated subtypes) and :func:`split_two_places` (geometry).

One fire mission is two true events: the OUTGOING shots at the firing position and the IMPACTS
kilometres away, seconds apart. Their sectors (a compass word, a distance range) are wide enough
to intersect, so association often joins them, and one location fitted to both lies between.
A group is split in two when some of its reports state *outgoing* and others *impact* and the
two sides' search discs are far apart: the outgoing reports form one group, the impact reports
the other, and each undetermined report joins the side whose centre is nearer its own disc
centre. Subtypes are misjudged now and then (a few per cent), so sides that point to the same
place stay together. Groups the reports' subtypes do not split (most reports say
*undetermined*) are split by geometry when the directed reports' sector centres form two
clusters kilometres apart (undirected reports, whose discs are centred on the observer, stay in
the first).
"""

from __future__ import annotations

import numpy as np

from truce.domain.vocabulary import EventKind, ExplosionSubtype
from truce.fusion.table import F64, I64, KINDS, SUBTYPES

#: The two sides' mean disc centres must be at least this far apart to split, metres.
SPLIT_MIN_M = 1500.0

_EXPL = KINDS.index(EventKind.EXPLOSION)
_OUT = SUBTYPES.index(ExplosionSubtype.OUTGOING)
_IMP = SUBTYPES.index(ExplosionSubtype.IMPACT)


def split_by_subtype(*, labels: I64, kind: I64, sub: I64, cx: F64, cy: F64) -> I64:
    """Labels where groups mixing far-apart outgoing and impact reports are split in two.

    ``labels`` are group numbers 0..m-1, ``cx``/``cy`` each row's search-disc centre. Returns
    labels that are not renumbered (callers relabel): a split group's impact side gets a new
    number ``m + label``.
    """
    m = int(labels.max()) + 1 if len(labels) else 0
    expl = kind == _EXPL
    is_out = expl & (sub == _OUT)
    is_imp = expl & (sub == _IMP)
    n_out = np.bincount(labels, weights=is_out, minlength=m)
    n_imp = np.bincount(labels, weights=is_imp, minlength=m)
    mixed = (n_out > 0) & (n_imp > 0)
    if not mixed.any():
        return labels
    rows = np.flatnonzero(mixed[labels] & expl)
    lab = labels[rows]
    o, i = is_out[rows], is_imp[rows]
    x, y = cx[rows], cy[rows]
    ox = np.bincount(lab, weights=x * o, minlength=m) / np.maximum(n_out, 1)
    oy = np.bincount(lab, weights=y * o, minlength=m) / np.maximum(n_out, 1)
    ix = np.bincount(lab, weights=x * i, minlength=m) / np.maximum(n_imp, 1)
    iy = np.bincount(lab, weights=y * i, minlength=m) / np.maximum(n_imp, 1)
    far = np.hypot(ox - ix, oy - iy) >= SPLIT_MIN_M
    d_out = np.hypot(x - ox[lab], y - oy[lab])
    d_imp = np.hypot(x - ix[lab], y - iy[lab])
    to_imp = i | (~o & (d_imp < d_out))
    move = far[lab] & to_imp
    out = labels.copy()
    out[rows[move]] = m + lab[move]
    return out


#: Geometric split: groups of at least this many explosion reports are tested.
GEO_MIN_ROWS = 3
#: The two sides' centres must be this far apart, metres ...
GEO_MIN_SEP_M = 3000.0
#: ... and this many times the sides' pooled RMS spread about their centres.
GEO_SEP_RATIO = 3.0
#: Lloyd iterations of the two-means split.
GEO_ITER = 4


def split_two_places(*, labels: I64, kind: I64, directed: np.ndarray, cx: F64, cy: F64) -> I64:
    """Labels where explosion groups whose sector centres form two distant clusters are split.

    Per group (vectorised): split along the principal axis of the reports' search-disc centres,
    refine by a few two-means rounds, and keep the split when the two centres are far apart
    compared with the spread about them. The second side gets the number ``m + label``.
    """
    m = int(labels.max()) + 1 if len(labels) else 0
    expl = (kind == _EXPL) & directed
    size = np.bincount(labels, weights=expl, minlength=m)
    rows = np.flatnonzero(expl & (size[labels] >= GEO_MIN_ROWS))
    if len(rows) == 0:
        return labels
    lab, x, y = labels[rows], cx[rows], cy[rows]
    n = size
    mx = np.bincount(lab, weights=x, minlength=m) / np.maximum(n, 1)
    my = np.bincount(lab, weights=y, minlength=m) / np.maximum(n, 1)
    dx, dy = x - mx[lab], y - my[lab]
    sxx = np.bincount(lab, weights=dx * dx, minlength=m)
    syy = np.bincount(lab, weights=dy * dy, minlength=m)
    sxy = np.bincount(lab, weights=dx * dy, minlength=m)
    ang = 0.5 * np.arctan2(2.0 * sxy, sxx - syy)  # principal axis
    side = dx * np.cos(ang)[lab] + dy * np.sin(ang)[lab] > 0.0
    for _ in range(GEO_ITER):
        cen = _side_centres(lab, side, x, y, m)
        d0 = np.hypot(x - cen[0][lab], y - cen[1][lab])
        d1 = np.hypot(x - cen[2][lab], y - cen[3][lab])
        side = d1 < d0
    ax, ay, bx, by, na, nb = _side_centres(lab, side, x, y, m, counts=True)
    ss = np.bincount(
        lab,
        weights=np.where(side, (x - bx[lab]) ** 2 + (y - by[lab]) ** 2,
                         (x - ax[lab]) ** 2 + (y - ay[lab]) ** 2),
        minlength=m,
    )  # fmt: skip
    spread = np.sqrt(ss / np.maximum(n, 1))
    sep = np.hypot(ax - bx, ay - by)
    ok = (na > 0) & (nb > 0) & (sep >= GEO_MIN_SEP_M) & (sep >= GEO_SEP_RATIO * spread)
    move = ok[lab] & side
    out = labels.copy()
    out[rows[move]] = m + lab[move]
    return out


def _side_centres(
    lab: I64, side: np.ndarray, x: F64, y: F64, m: int, *, counts: bool = False
) -> tuple[F64, ...]:
    """Per group, the centres of side 0 and side 1 (and their sizes when ``counts``)."""
    nb: F64 = np.bincount(lab, weights=side, minlength=m).astype(np.float64)
    na: F64 = np.bincount(lab, minlength=m) - nb
    ax: F64 = np.bincount(lab, weights=x * ~side, minlength=m) / np.maximum(na, 1)
    ay: F64 = np.bincount(lab, weights=y * ~side, minlength=m) / np.maximum(na, 1)
    bx: F64 = np.bincount(lab, weights=x * side, minlength=m) / np.maximum(nb, 1)
    by: F64 = np.bincount(lab, weights=y * side, minlength=m) / np.maximum(nb, 1)
    return (ax, ay, bx, by, na, nb) if counts else (ax, ay, bx, by)
