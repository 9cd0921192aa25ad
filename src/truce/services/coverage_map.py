"""Which parts of the contact line were observed in a period: the map's coverage overlay.

Issue 15, item 1 ("a covered/uncovered overlay from the coverage records"). The contact line
of the agreement the map draws (the latest version) is cut into the pieces of
:mod:`truce.reports.coverage`; a piece is *covered* when an operational source of a coverage
record overlapping the period had it within range at some time of the period (the daily
report's map, ``CoverageResult.covered_any``). The answer is a GeoJSON FeatureCollection
(RFC 7946) of LineStrings, consecutive pieces of the same state and region merged, each with
``covered``, ``region`` and ``km``; foreign members give the totals.

What a role may see (:mod:`truce.services.access`): inside the mission (analyst, admin) every
record counts. Anyone else sees only the coverage the published reports already show: that of
the records overlapping a published reporting period that ended longer than the publication
delay ago, and nothing at all (``None``) when no such period meets the period asked for.
Only line pieces leave the server: never a source, its position, track or range.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from truce.domain.principal import Principal
from truce.reports.coverage import line_runs, observed_pieces
from truce.services import agreement, views
from truce.services import coverage as coverage_service
from truce.services._report_inputs import line_samples
from truce.services.mission import Mission

__all__ = ["line_coverage"]

#: Decimal places of the coordinates sent (1e-5 degrees: about a metre).
_DECIMALS = 5


def line_coverage(
    *,
    mission: Mission,
    principal: Principal,
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict[str, Any] | None:
    """The contact line in covered and uncovered runs over ``[since, until)`` (see above)."""
    ctx = views.access_context(mission=mission, principal=principal)
    rows = coverage_service.list_coverage(store=mission.store, since=since, until=until)
    records = [c for c, _ in rows]
    scope = "mission"
    if not ctx.whole:
        released = ctx.now - ctx.publication_delay
        shown = [p for p in ctx.published if _meets(p, since, until) and p[1] <= released]
        if not shown:
            return None
        records = [
            c for c in records if any(_meets(p, c.observed.start, c.observed.end) for p in shown)
        ]
        scope = "published"
    samples = line_samples(agreement.history(mission=mission).latest)
    covered = observed_pieces(samples, records)
    runs = line_runs(samples, covered)
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "LineString",
                "coordinates": [
                    [round(x, _DECIMALS), round(y, _DECIMALS)] for x, y in r.coordinates
                ],
            },
            "properties": {
                "covered": r.covered,
                "region": r.region,
                "km": round(r.length_m / 1000, 3),
            },
        }
        for r in runs
    ]
    return {
        "type": "FeatureCollection",
        "features": features,
        "records": sum(1 for c in records if c.operational),
        "scope": scope,
        "line_km": round(float(samples.length_m.sum()) / 1000, 3),
        "covered_km": round(float(samples.length_m[covered].sum()) / 1000, 3),
    }


def _meets(
    period: tuple[datetime, datetime], since: datetime | None, until: datetime | None
) -> bool:
    start, end = period
    return (until is None or start < until) and (since is None or end > since)
