"""Counting: what the evidence supports, without double counting.

Reports of one incident come from different sources (association guarantees it), so they
describe the same rounds, bursts or objects several times over. The incident's count is not
their sum but the best-supported single figure:

* an exact count or a lower bound ("at least N") is evidence that N happened, so the total is
  at least the largest of them;
* estimates ("about N") are combined by their median, and never lower the total below the
  largest exact count or bound;
* a report without a number ("uncountable", "heard shots") supports one (``at_least``).

Per explosion subtype, the determined counts (impact, outgoing, airburst) are each the largest
one source gave, capped so that together they never exceed the total; the rest is
``undetermined``. This is how the OSCE SMM counted: overlapping reports of one salvo count once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from truce.domain.vocabulary import CountQualifier, ExplosionSubtype
from truce.fusion.table import F64, I64, QUALIFIERS, SUBTYPES, ObsTable

_ABOUT = QUALIFIERS.index(CountQualifier.ABOUT)
_AT_LEAST = QUALIFIERS.index(CountQualifier.AT_LEAST)
_DETERMINED = (ExplosionSubtype.IMPACT, ExplosionSubtype.OUTGOING, ExplosionSubtype.AIRBURST)


@dataclass(frozen=True)
class CountResult:
    """Per-incident integer arrays; ``lower_bound`` is True when the total is a bound."""

    total: I64
    by_subtype: dict[ExplosionSubtype, I64]
    lower_bound: np.ndarray
    estimated: np.ndarray


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


def count(t: ObsTable, lab: I64, m: int) -> CountResult:
    """De-duplicated counts of ``m`` incidents; ``lab[i]`` is row i's incident."""
    numberless = np.isnan(t.count)
    value = np.where(numberless, 1.0, t.count)
    about = (t.qual == _ABOUT) & ~numberless
    firm = _group_max(lab, np.where(about, 0.0, value), m)
    est = _group_median(lab, value, about, m)
    total = np.maximum(firm, np.round(est)).astype(np.int64)
    lower = np.bincount(lab, weights=(numberless | (t.qual == _AT_LEAST)), minlength=m) > 0
    estimated = np.bincount(lab, weights=about, minlength=m) > 0
    by_sub: dict[ExplosionSubtype, I64] = {}
    remaining = total.copy()
    # cap in a fixed order (impact, outgoing, airburst) so the split never exceeds the total
    for s in _DETERMINED:
        raw = _group_max(lab, np.where(t.sub == SUBTYPES.index(s), value, 0.0), m)
        take = np.minimum(raw.astype(np.int64), remaining)
        by_sub[s] = take
        remaining = remaining - take
    by_sub[ExplosionSubtype.UNDETERMINED] = remaining
    return CountResult(total, by_sub, lower, estimated)
