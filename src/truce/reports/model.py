"""A daily report as data: the figures and every section's content, no words (pure).

:func:`build_daily_report` takes models (incidents, violations with their latest decisions,
observations, coverage, gazetteer places, ledger leaf indices, the checkpoint) and returns a
:class:`DailyReport`; :mod:`truce.reports.render` turns it into text in one language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from truce.agreement.models import Agreement, ReportingPeriod
from truce.domain.coverage import Coverage
from truce.domain.incident import Incident
from truce.domain.observation import Observation
from truce.domain.violation import Decision, Violation
from truce.domain.vocabulary import EventKind
from truce.reports import period as periods
from truce.reports.coverage import CoverageResult, LineSamples, Regions, compute_coverage
from truce.reports.figures import (
    Counted,
    Tallier,
    Tally,
    dismissed_incidents,
    figures_json,
)
from truce.reports.period import Period
from truce.reports.places import PlaceFigure, PlaceIndex, most_violations

#: Days of history in the charts.
CHART_DAYS = 30
#: Notable incidents named per report (largest first), besides those inside zones.
NOTABLE = 5


@dataclass(frozen=True)
class ReportInputs:
    agreement: Agreement
    reporting: ReportingPeriod
    period: Period
    incidents: Sequence[Incident]
    violations: Sequence[tuple[Violation, Decision | None]]
    observations: Sequence[Observation]
    coverage: Sequence[Coverage]
    samples: LineSamples
    places: PlaceIndex
    leaf_of: Mapping[str, int]
    decision_leaf_of: Mapping[str, int] = field(default_factory=dict)
    checkpoint: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DailyReport:
    agreement: Agreement
    reporting: ReportingPeriod
    period: Period
    figures: dict[str, Any]
    counted: Counted
    places: dict[str, list[PlaceFigure]]
    notable: list[Incident]
    violations: list[tuple[Violation, Decision | None]]
    observations: list[Observation]
    series: list[tuple[Period, dict[str, Tally]]]
    leaf_of: Mapping[str, int]
    multi_day: bool = False
    #: Rendered images per language, so that HTML and PDF draw them once.
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def coverage(self) -> CoverageResult:
        return self.counted.coverage

    def violations_of(self, clause_type: str) -> list[tuple[Violation, Decision | None]]:
        return [(v, d) for v, d in self.violations if v.clause_type == clause_type]

    def observations_of(self, *kinds: EventKind) -> list[Observation]:
        return [o for o in self.observations if o.event.kind in kinds]


def build_daily_report(inputs: ReportInputs) -> DailyReport:
    """Count, locate, compare and gather every section of the report of ``inputs.period``."""
    rp, p = inputs.reporting, inputs.period
    regions = Regions(inputs.agreement)
    dismissed = dismissed_incidents(inputs.violations)
    # Chosen, sorted and located once for every period of the report.
    count = Tallier(incidents=inputs.incidents, regions=regions, dismissed=dismissed).count

    days = [(d, count(d)) for d in periods.days_of(p, rp)]
    current = count(p)
    coverage = compute_coverage(
        samples=inputs.samples, records=inputs.coverage, start=p.start, end=p.end
    )
    counted = Counted(p, days, current, count(periods.previous(p, rp)), coverage, dismissed)
    in_period = [r for r in inputs.coverage if _overlaps(r, p)]
    figures = figures_json(
        counted,
        checkpoint=inputs.checkpoint,
        agreement=inputs.agreement,
        leaf_of=inputs.leaf_of,
        decision_leaf_of=inputs.decision_leaf_of,
        coverage_leaves=[
            inputs.leaf_of[str(r.id)] for r in in_period if str(r.id) in inputs.leaf_of
        ],
    )
    counted_incidents = [i for t in current.values() for i in t.incidents]
    zone_ids = {
        rid
        for v, _ in inputs.violations
        if v.clause_type == "zone_exclusion"
        for rid in v.record_ids
    }
    largest = sorted(counted_incidents, key=lambda i: (-i.counts.total, i.window.start))[:NOTABLE]
    notable = (
        largest
        + [i for i in counted_incidents if str(i.id) in zone_ids and i not in largest][:NOTABLE]
    )
    return DailyReport(
        agreement=inputs.agreement,
        reporting=rp,
        period=p,
        figures=figures,
        counted=counted,
        places={k: most_violations(t.incidents, inputs.places) for k, t in current.items()},
        notable=sorted(notable, key=lambda i: i.window.start),
        violations=[(v, d) for v, d in inputs.violations if p.contains(v.observed.start)],
        observations=[o for o in inputs.observations if p.contains(o.observed.start)],
        series=_series(inputs, count),
        leaf_of=inputs.leaf_of,
        multi_day=len(days) > 1,
    )


def _series(
    inputs: ReportInputs, count: Callable[[Period], dict[str, Tally]]
) -> list[tuple[Period, dict[str, Tally]]]:
    rp = inputs.reporting
    last = periods.ended_on(inputs.period, rp)
    out = []
    for k in range(CHART_DAYS - 1, -1, -1):
        q = periods.daily(last - timedelta(days=k), rp)
        out.append((q, count(q)))
    return out


def _overlaps(rec: Coverage, p: Period) -> bool:
    return rec.observed.start < p.end and rec.observed.end > p.start
