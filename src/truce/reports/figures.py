"""The numbers a report states, from incidents, violations, decisions and coverage (pure).

Counting rules (issue #13; stated in every report's footnotes):

* Ceasefire violations are the fused incidents of the kinds explosion, projectile, flare,
  muzzle_flash and fire, each contributing its ``counts.total``; explosions are counted in
  that total and also on their own.
* An incident belongs to the period (half-open ``[start, end)``) that contains the start of
  its time window, and to the region (agreement ``regions`` layer, ``covers``: a point on an
  edge is inside; the first region listed wins) that contains its estimated location;
  incidents outside every region are reported under ``other``.
* Incidents whose every violation an analyst dismissed are left out and counted apart.
* Incidents are counted once however many observers reported them; ``observations`` says how
  many observations they rest on, ``leaves`` lists those observations' ledger leaves.

The ``figures`` object (:func:`figures_json`) is language-independent and is what
``truce report verify`` recomputes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from truce.agreement.models import Agreement
from truce.domain.incident import Incident
from truce.domain.violation import Decision, Violation
from truce.domain.vocabulary import CEASEFIRE_VIOLATION_KINDS, EventKind
from truce.reports.coverage import CoverageResult
from truce.reports.coverage import Regions as Regions  # re-exported: services.report_spot
from truce.reports.period import Period

#: Version of the figures object; part of every published figures record.
FIGURES_FORMAT = "truce-report-figures/1"


def dismissed_incidents(
    violations: Iterable[tuple[Violation, Decision | None]],
) -> dict[str, list[str]]:
    """Incident id -> its violation ids, for incidents whose every violation was dismissed."""
    per: dict[str, list[tuple[str, bool]]] = {}
    for v, d in violations:
        if v.record_type != "incident":
            continue
        gone = d is not None and d.status == "dismissed"
        for rid in v.record_ids:
            per.setdefault(rid, []).append((str(v.id), gone))
    return {i: [vid for vid, _ in vs] for i, vs in per.items() if all(g for _, g in vs)}


@dataclass
class Tally:
    """What one region's (or the whole period's) counting gave."""

    ceasefire_violations: int = 0
    explosions: int = 0
    incidents: list[Incident] = field(default_factory=list)
    dismissed: list[Incident] = field(default_factory=list)

    def add(self, inc: Incident) -> None:
        self.ceasefire_violations += inc.counts.total
        if inc.kind is EventKind.EXPLOSION:
            self.explosions += inc.counts.total
        self.incidents.append(inc)

    @property
    def observations(self) -> int:
        return sum(len(i.observation_ids) for i in self.incidents)

    def short(self) -> dict[str, int]:
        return {"ceasefire_violations": self.ceasefire_violations, "explosions": self.explosions}


def tally(
    *,
    incidents: Iterable[Incident],
    period: Period,
    regions: Regions,
    dismissed: Mapping[str, Any],
) -> dict[str, Tally]:
    """Count the ceasefire-violation incidents of ``period`` per region (and ``other``)."""
    return Tallier(incidents=incidents, regions=regions, dismissed=dismissed).count(period)


class Tallier:
    """:func:`tally` for the many periods of one report (the days, the previous period, the
    30 days of the charts): the incidents are chosen, sorted and located in their regions
    once, and each period takes its slice of them."""

    def __init__(
        self, *, incidents: Iterable[Incident], regions: Regions, dismissed: Mapping[str, Any]
    ) -> None:
        chosen = [i for i in incidents if i.kind in CEASEFIRE_VIOLATION_KINDS]
        chosen.sort(key=lambda i: (i.window.start, str(i.id)))
        self._chosen = chosen
        self._starts = [i.window.start for i in chosen]
        self._where = regions.of([i.lon for i in chosen], [i.lat for i in chosen])
        self._keys = regions.keys
        self._gone = [str(i.id) in dismissed for i in chosen]

    def count(self, period: Period) -> dict[str, Tally]:
        """The tallies of ``period`` (half-open: incidents starting in ``[start, end)``)."""
        lo = bisect_left(self._starts, period.start)
        hi = bisect_left(self._starts, period.end)
        out = {k: Tally() for k in self._keys}
        for k in range(lo, hi):
            inc, t = self._chosen[k], out[self._where[k]]
            if self._gone[k]:
                t.dismissed.append(inc)
            else:
                t.add(inc)
        return out


def total(tallies: Mapping[str, Tally]) -> Tally:
    t = Tally()
    for v in tallies.values():
        t.ceasefire_violations += v.ceasefire_violations
        t.explosions += v.explosions
        t.incidents += v.incidents
        t.dismissed += v.dismissed
    return t


def leaf_ranges(leaves: Iterable[int]) -> list[int | list[int]]:
    """Sorted leaf indices, runs of three or more as ``[first, last]`` (inclusive)."""
    xs = sorted(set(leaves))
    out: list[int | list[int]] = []
    k = 0
    while k < len(xs):
        j = k
        while j + 1 < len(xs) and xs[j + 1] == xs[j] + 1:
            j += 1
        if j - k >= 2:
            out.append([xs[k], xs[j]])
        else:
            out.extend(xs[k : j + 1])
        k = j + 1
    return out


def expand_leaves(items: Iterable[int | Sequence[int]]) -> list[int]:
    """The inverse of :func:`leaf_ranges`."""
    out: list[int] = []
    for it in items:
        if isinstance(it, int):
            out.append(it)
        else:
            out.extend(range(int(it[0]), int(it[1]) + 1))
    return out


@dataclass(frozen=True)
class Counted:
    """Everything the figures are made of, kept for the text and the annex."""

    period: Period
    days: list[tuple[Period, dict[str, Tally]]]
    current: dict[str, Tally]
    previous: dict[str, Tally]
    coverage: CoverageResult
    dismissed: Mapping[str, list[str]]


def figures_json(
    counted: Counted,
    *,
    checkpoint: Mapping[str, Any],
    agreement: Agreement,
    leaf_of: Mapping[str, int],
    decision_leaf_of: Mapping[str, int],
    coverage_leaves: Iterable[int],
) -> dict[str, Any]:
    """The language-independent ``figures`` object (every number the report states)."""

    def leaves(incidents: Iterable[Incident]) -> list[int | list[int]]:
        ids = [str(o) for i in incidents for o in i.observation_ids]
        return leaf_ranges(leaf_of[o] for o in ids if o in leaf_of)

    regions: dict[str, Any] = {}
    for rid, t in counted.current.items():
        cov = counted.coverage.regions.get(rid)
        prev_t = counted.previous[rid]
        regions[rid] = {
            **t.short(),
            "previous": {**prev_t.short(), "leaves": leaves(prev_t.incidents)},
            "coverage_share": cov.share if cov is not None else None,
            "hours_uncovered": len(cov.uncovered_hours) if cov is not None else None,
            "incidents": len(t.incidents),
            "observations": t.observations,
            "dismissed_incidents": len(t.dismissed),
            "leaves": leaves(t.incidents),
        }
    cur, prev = total(counted.current), total(counted.previous)
    gone = cur.dismissed + prev.dismissed
    decisions = [
        decision_leaf_of[vid]
        for inc in gone
        for vid in counted.dismissed.get(str(inc.id), [])
        if vid in decision_leaf_of
    ]
    gone_obs = [str(o) for i in gone for o in i.observation_ids]
    decisions += [leaf_of[o] for o in gone_obs if o in leaf_of]
    return {
        "format": FIGURES_FORMAT,
        "period": counted.period.as_json(),
        "checkpoint": dict(checkpoint),
        "agreement": {"id": agreement.id, "version": agreement.version},
        "totals": {
            **cur.short(),
            "previous": prev.short(),
            "incidents": len(cur.incidents),
            "observations": cur.observations,
            "dismissed_incidents": len(cur.dismissed),
        },
        "regions": regions,
        "days": [
            {
                "period": p.as_json(),
                **total(ts).short(),
                "regions": {k: v.short() for k, v in ts.items()},
            }
            for p, ts in counted.days
        ],
        "coverage_leaves": leaf_ranges(coverage_leaves),
        "dismissal_leaves": leaf_ranges(decisions),
    }


def first_difference(expected: Any, actual: Any, path: str = "") -> str | None:
    """The dotted path of the first value that differs between two figures objects."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in list(expected) + [k for k in actual if k not in expected]:
            sub = f"{path}.{key}" if path else str(key)
            if key not in expected or key not in actual:
                return sub
            found = first_difference(expected[key], actual[key], sub)
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return path
        for k, (a, b) in enumerate(zip(expected, actual, strict=True)):
            found = first_difference(a, b, f"{path}[{k}]")
            if found:
                return found
        return None
    return None if expected == actual else path
