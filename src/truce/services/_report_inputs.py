"""Reading what a report rests on from the store: the thin I/O half of report building."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select

from truce.agreement.models import Agreement, ReportingPeriod
from truce.agreement.versions import AgreementHistory
from truce.domain.incident import Incident
from truce.domain.observation import Observation
from truce.domain.violation import Decision, Violation
from truce.errors import InvalidInput, NotFound
from truce.reports import period as periods
from truce.reports.coverage import LineSamples
from truce.reports.model import CHART_DAYS, ReportInputs
from truce.reports.period import Period
from truce.reports.places import NamedPlace, PlaceIndex, from_gazetteer
from truce.services import coverage as coverage_service
from truce.services.mission import Mission
from truce.store import ObservationQuery, Store
from truce.store.coverage_tables import decision_leaves, observation_leaves
from truce.store.ledger import current_tree, latest_checkpoint
from truce.store.tables import observations

#: Degrees added round the contact line's extent when choosing gazetteer places.
_PLACE_MARGIN_DEG = 0.5


def agreement_for(history: AgreementHistory, p: Period) -> Agreement:
    """The agreement version in force at the end of the period (the latest if none was)."""
    try:
        return history.in_force(p.end - timedelta(microseconds=1))
    except Exception:  # noqa: BLE001 - before the first version: report with the first
        return next(iter(history))


def reporting(history: AgreementHistory) -> ReportingPeriod:
    return history.latest.doc.reporting_period


def choose_period(
    mission: Mission, *, date: Any = None, start: Any = None, end: Any = None
) -> Period:
    """``date`` -> that day's period; ``start``/``end`` -> between their evenings; neither ->
    the latest period holding observations (NotFound when there are none)."""
    rp = reporting(mission.agreement)
    if start is not None or end is not None:
        if start is None or end is None:
            raise InvalidInput("give both --from and --to", hint="or --date for one day")
        return periods.between(start, end, rp)
    if date is not None:
        return periods.daily(date, rp)
    latest = _latest_observation(mission.store)
    if latest is None:
        raise NotFound("no observations are stored, so there is no period to report",
                       hint="give --date YYYY-MM-DD, or ingest observations first")  # fmt: skip
    return periods.containing(latest, rp)


def _latest_observation(store: Store) -> datetime | None:
    with store.connect() as conn:
        ts = conn.execute(select(func.max(observations.c.start_ts))).scalar_one_or_none()
    if ts is None:
        return None
    return datetime.fromtimestamp(float(ts), UTC)


_SAMPLES: dict[tuple[str, int, int], LineSamples] = {}


def line_samples(agreement: Agreement) -> LineSamples:
    """The contact line in pieces, computed once per agreement version (and content)."""
    key = (agreement.id, agreement.version, hash(str(agreement.contact_line)))
    if key not in _SAMPLES:
        _SAMPLES[key] = LineSamples.of(agreement)
    return _SAMPLES[key]


@lru_cache(maxsize=4)
def _places(country: str, bounds: tuple[float, float, float, float]) -> tuple[NamedPlace, ...]:
    from truce.geo.gazetteer import geonames_places

    places, aliases = geonames_places(country)
    alternates: dict[str, list[str]] = {}
    for alt, place in aliases:
        alternates.setdefault(place.name, []).append(alt)
    rows = [(p.name, p.lon, p.lat) for p in places]
    return tuple(from_gazetteer(rows, alternates, bounds=bounds))


def place_index(agreement: Agreement, samples: LineSamples) -> PlaceIndex:
    m = _PLACE_MARGIN_DEG
    w, s = float(samples.lon.min()) - m, float(samples.lat.min()) - m
    e, n = float(samples.lon.max()) + m, float(samples.lat.max()) + m
    return PlaceIndex(list(_places(agreement.doc.country, (w, s, e, n))), samples.plane)


@dataclass(frozen=True)
class Stored:
    incidents: list[Incident]
    violations: list[tuple[Violation, Decision | None]]


def load_stored(mission: Mission, *, since: datetime | None = None) -> Stored:
    """Incidents (whose window reaches past ``since``) and every violation with its decision."""
    from truce.domain.filters import IncidentFilter
    from truce.services.compliance import iter_violations_decided
    from truce.services.fusion import iter_incidents

    incidents = iter_incidents(mission=mission, filter=IncidentFilter(since=since))
    decided = iter_violations_decided(mission=mission)
    return Stored(incidents, [(d.violation, d.decision) for d in decided])


def checkpoint_of(store: Store) -> dict[str, Any]:
    """The tree the report is computed against: the current tree head, and whether a signed
    checkpoint of that size exists (publishing signs one first)."""
    with store.connect() as conn:
        head = current_tree(conn)
        signed = latest_checkpoint(conn)
    return {
        "size": head.size,
        "root": head.root.hex(),
        "signed": signed is not None and signed.size == head.size,
    }


def gather(mission: Mission, p: Period) -> ReportInputs:
    """Everything :func:`~truce.reports.model.build_daily_report` needs for period ``p``."""
    history = mission.agreement
    rp = reporting(history)
    agreement = agreement_for(history, p)
    first = periods.previous(p, rp).start
    chart_from = periods.daily(periods.ended_on(p, rp) - timedelta(days=CHART_DAYS), rp).start
    lo = min(first, chart_from)
    stored = load_stored(mission, since=lo)
    incidents = [i for i in stored.incidents if lo <= i.window.start < p.end]
    observations: list[Observation] = list(
        mission.store.iter_observations(ObservationQuery(since=p.start, until=p.end))
    )
    cov = coverage_service.list_coverage(store=mission.store, since=p.start, until=p.end)
    obs_ids = [str(o) for i in incidents for o in i.observation_ids]
    with mission.store.connect() as conn:
        leaf_of = observation_leaves(conn, obs_ids)
        decisions = decision_leaves(conn)
    leaf_of.update(coverage_service.stored_entries(cov))
    samples = line_samples(agreement)
    return ReportInputs(
        agreement=agreement,
        reporting=rp,
        period=p,
        incidents=incidents,
        violations=stored.violations,
        observations=observations,
        coverage=[c for c, _ in cov],
        samples=samples,
        places=place_index(agreement, samples),
        leaf_of=leaf_of,
        decision_leaf_of=decisions,
        checkpoint=checkpoint_of(mission.store),
    )
