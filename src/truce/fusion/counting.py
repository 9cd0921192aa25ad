"""Counting: what the evidence supports, without double counting.

Reports of one incident come from different sources (association guarantees it), so they
often describe the same rounds, bursts or objects several times over. The incident's count is
built from three rules:

* **Direction first.** A report without a direction (an acoustic sensor's onsets, "heard
  explosions") counts everything within earshot, other events included. When some report
  with a direction gives a number, only reports with a direction count; undirected numbers
  count only when nothing directed does.
* **Time slices.** Each report covers an emission-time window: its observed window moved back
  by the longest sound travel time its sector allows (never shortened at the end: light
  arrives at once). Reports whose windows overlap, directly or through a chain, form one
  *slice* and may have counted the same rounds, so a slice counts once: the largest exact
  count or lower bound ("at least N"), or the median of the estimates ("about N") when that
  is larger. Disjoint slices cannot share rounds (a patrol that left before another arrived),
  so the incident's total is the sum over its slices.
* A report without a number ("uncountable", "heard shots") supports one (``at_least``).

Per explosion subtype, each slice's determined counts (impact, outgoing, airburst) are each the
largest one report gave, capped so that together they never exceed the slice's total; the rest
is ``undetermined``; slices add up. This is how the OSCE SMM counted: overlapping reports of one
salvo count once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from truce.domain.vocabulary import CountQualifier, ExplosionSubtype
from truce.fusion.location import widened_sector
from truce.fusion.table import F64, I64, QUALIFIERS, SUBTYPES, ObsTable

_ABOUT = QUALIFIERS.index(CountQualifier.ABOUT)
_AT_LEAST = QUALIFIERS.index(CountQualifier.AT_LEAST)
_DETERMINED = (ExplosionSubtype.IMPACT, ExplosionSubtype.OUTGOING, ExplosionSubtype.AIRBURST)
#: Slowest speed of sound considered when moving a report's window back, m/s.
SLOW_SOUND = 320.0
#: Padding of each report's emission window for counting, seconds (times are to the minute).
COUNT_PAD_S = 60.0


@dataclass(frozen=True)
class CountResult:
    """Per-incident integer arrays; ``lower_bound`` is True when the total is a bound."""

    total: I64
    by_subtype: dict[ExplosionSubtype, I64]
    lower_bound: np.ndarray
    estimated: np.ndarray
    slices: I64  # number of disjoint time slices the total adds up


def _group_max(lab: I64, v: F64, m: int) -> F64:
    out = np.zeros(m)
    np.maximum.at(out, lab, v)
    return out


def _group_median(lab: I64, v: F64, use: np.ndarray, m: int) -> F64:
    """Median of ``v`` over rows with ``use`` per group (0 where a group has none)."""
    rows = np.flatnonzero(use)
    out = np.zeros(m)
    if rows.size == 0:
        return out
    order = np.lexsort((v[rows], lab[rows]))
    g, vals = lab[rows][order], v[rows][order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    ends = np.r_[starts[1:], len(g)]
    lo = vals[starts + (ends - starts - 1) // 2]
    hi = vals[starts + (ends - starts) // 2]
    out[g[starts]] = 0.5 * (lo + hi)
    return out


def counted_rows(t: ObsTable, lab: I64, m: int) -> np.ndarray:
    """Rows whose numbers count: the directed ones where a directed report gives a number."""
    directed = ~np.isnan(t.brg)
    numbered = directed & ~np.isnan(t.count)
    has = np.bincount(lab, weights=numbered, minlength=m) > 0
    use: np.ndarray = directed | ~has[lab]
    return use


def time_slices(t: ObsTable, lab: I64) -> tuple[I64, I64]:
    """(slice of each row, incident of each slice): chains of overlapping emission windows.

    Slices are numbered in (incident, window start) order.
    """
    n = len(lab)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    r2 = widened_sector(t)[3]
    a = t.t0 - r2 / SLOW_SOUND - COUNT_PAD_S
    b = t.t1 + COUNT_PAD_S
    order = np.lexsort((a, lab))
    la, aa, bb = lab[order], a[order], b[order]
    first = np.r_[True, la[1:] != la[:-1]]
    group = np.cumsum(first) - 1
    # running max of window ends within each incident: shift each incident above the last
    base = float(bb.max() - aa.min()) + 1.0
    shifted = bb - aa.min() + group * base
    reach = np.maximum.accumulate(shifted) - group * base + aa.min()
    new = first | (aa > np.r_[-np.inf, reach[:-1]])
    sl_sorted = np.cumsum(new) - 1
    sl = np.empty(n, np.int64)
    sl[order] = sl_sorted
    return sl, la[new]


def count(t: ObsTable, lab: I64, m: int) -> CountResult:
    """De-duplicated counts of ``m`` incidents; ``lab[i]`` is row i's incident."""
    rows = np.flatnonzero(counted_rows(t, lab, m))
    sub = t.take(rows, ids=False)
    sl, sl_inc = time_slices(sub, lab[rows])
    k = len(sl_inc)
    numberless = np.isnan(sub.count)
    value = np.where(numberless, 1.0, sub.count)
    about = (sub.qual == _ABOUT) & ~numberless
    firm = _group_max(sl, np.where(about, 0.0, value), k)
    est = _group_median(sl, value, about, k)
    s_total = np.maximum(firm, np.round(est)).astype(np.int64)
    total = np.bincount(sl_inc, weights=s_total, minlength=m).astype(np.int64)
    lower = np.bincount(lab, weights=(np.isnan(t.count) | (t.qual == _AT_LEAST)), minlength=m) > 0
    estimated = np.bincount(lab[rows], weights=about, minlength=m) > 0
    by_sub: dict[ExplosionSubtype, I64] = {}
    remaining = s_total.copy()
    # cap in a fixed order (impact, outgoing, airburst) so the split never exceeds the total
    for s in _DETERMINED:
        raw = _group_max(sl, np.where(sub.sub == SUBTYPES.index(s), value, 0.0), k)
        take = np.minimum(raw.astype(np.int64), remaining)
        by_sub[s] = np.bincount(sl_inc, weights=take, minlength=m).astype(np.int64)
        remaining = remaining - take
    by_sub[ExplosionSubtype.UNDETERMINED] = np.bincount(
        sl_inc, weights=remaining, minlength=m
    ).astype(np.int64)
    slices = np.bincount(sl_inc, minlength=m).astype(np.int64)
    return CountResult(total, by_sub, lower, estimated, slices)
