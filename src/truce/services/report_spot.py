"""The spot report service: one incident, its observations with their ledger leaves and
inclusion proofs, the violations on it, where it lies."""

from __future__ import annotations

from datetime import datetime

from truce.errors import NotFound
from truce.reports.figures import Regions
from truce.reports.period import Period
from truce.reports.spot import SpotReport, build_spot_report
from truce.services._report_inputs import (
    agreement_for,
    checkpoint_of,
    line_samples,
    load_stored,
    place_index,
    reporting,
)
from truce.services.ids import resolve_id
from truce.services.mission import Mission
from truce.store import ObservationQuery
from truce.store.coverage_tables import observation_leaves
from truce.store.ledger import inclusion_proof


def build_spot(*, mission: Mission, incident_id: str) -> SpotReport:
    """The spot report of the incident with this id (or unique id prefix, 4+ characters)."""
    key = resolve_id(mission=mission, table="incident", text=incident_id, name="--incident")
    stored = load_stored(mission)
    found = [i for i in stored.incidents if str(i.id) == key]
    if not found:
        raise NotFound(f"no incident {incident_id!r}", hint="run: truce incidents")
    inc = found[0]
    p = Period(inc.window.start, max(inc.window.end, inc.window.start) + _SECOND)
    history = mission.agreement
    agreement = agreement_for(history, p)
    ids = {str(o) for o in inc.observation_ids}
    q = ObservationQuery(since=inc.window.start - _DAY, until=inc.window.end + _DAY)
    obs = [o for o in mission.store.iter_observations(q) if str(o.id) in ids]
    checkpoint = checkpoint_of(mission.store)
    with mission.store.connect() as conn:
        leaves = observation_leaves(conn, sorted(ids))
        proofs = {
            k: [h.hex() for h in inclusion_proof(conn, k, checkpoint["size"])]
            for k in leaves.values()
        }
    related = ids | {str(inc.id)}
    violations = [(v, d) for v, d in stored.violations if related & set(v.record_ids)]
    samples = line_samples(agreement)
    (region,) = Regions(agreement).of([inc.lon], [inc.lat])
    return build_spot_report(
        agreement=agreement, reporting=reporting(history), incident=inc, region=region,
        observations=[(o, leaves.get(str(o.id))) for o in obs], violations=violations,
        places=place_index(agreement, samples), proofs=proofs, checkpoint=checkpoint,
    )  # fmt: skip


_SECOND = datetime.resolution * 1_000_000
_DAY = _SECOND * 86400
