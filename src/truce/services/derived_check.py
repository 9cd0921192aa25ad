"""Recompute the derived records and compare them with the stored ones (``--derived``).

Incidents are recomputed by fusing every stored observation (what ``truce fuse --full``
computes; incremental fusion gives the same result), violations by checking those incidents and
the unfused observations against the stored agreement versions (what ``truce check``
computes). The inputs are the records the ledger audit has just verified, so a stored incident
or violation that differs from its recomputation, is missing, or is not derivable at all was
edited, deleted or forged, or is out of date: the message names it and says which.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from truce.agreement.models import Agreement
from truce.agreement.versions import AgreementHistory
from truce.compliance.batch import check_incidents_and_subjects
from truce.compliance.columns import IncidentColumns
from truce.compliance.engine import ComplianceEngine
from truce.compliance.subject import from_observation
from truce.domain.incident import Incident
from truce.domain.vocabulary import CEASEFIRE_VIOLATION_KINDS
from truce.errors import VerificationError
from truce.fusion.engine import fuse_incremental
from truce.services.fusion import plane_of
from truce.store import Store
from truce.store.audit_derived import (
    Row,
    incident_links,
    incident_row,
    stored_incident_rows,
    stored_versions,
    stored_violation_rows,
    violation_row,
)

__all__ = ["DerivedReport", "check_derived"]


@dataclass(frozen=True, slots=True)
class DerivedReport:
    incidents: int
    violations: int
    #: Codes with parameters (rendered at the edge): ``not_fused`` when no incident is stored
    #: but the observations give some, ``not_checked`` when no violation is stored but the
    #: check gives some. A database cannot tell "not derived yet" from "every derived record
    #: deleted": it says so instead of passing in silence.
    warnings: tuple[tuple[str, dict[str, int]], ...] = ()


_STALE = "or out of date (run truce fuse, then truce check)"


def check_derived(*, store: Store) -> DerivedReport:
    """Recompute incidents and violations from the stored records; raise on any difference."""
    observations = list(store.iter_observations())
    with store.connect() as conn:
        stored_incidents = stored_incident_rows(conn)
        links = incident_links(conn)
        stored_violations = stored_violation_rows(conn)
        documents = stored_versions(conn)
        plane = plane_of(conn)
    fresh: list[Incident] = []
    if observations:
        ids = [str(o.id) for o in observations]
        _, fresh = fuse_incremental(
            observations=observations, previous=[], new_ids=ids, plane=plane
        )
    warnings: list[tuple[str, dict[str, int]]] = []
    if fresh and not stored_incidents and not links:
        warnings.append(("not_fused", {"incidents": len(fresh)}))
        fresh = []
    _compare("incident", stored_incidents, {str(i.id): incident_row(i) for i in fresh})
    want_links = {str(o): str(i.id) for i in fresh for o in i.observation_ids}
    if links != want_links:
        obs = sorted(set(links.items()) ^ set(want_links.items()))[0][0]
        raise VerificationError(
            f"observation {obs}: its link to an incident is {links.get(obs)}, the recomputation "
            f"gives {want_links.get(obs)}: incident_observations was edited, {_STALE}"
        )
    violations = _violations(observations, fresh, documents)
    if violations and not stored_violations:
        warnings.append(("not_checked", {"violations": len(violations)}))
        violations = []
    _compare("violation", stored_violations, {r["id"]: r for r in violations})
    return DerivedReport(len(fresh), len(violations), tuple(warnings))


def _violations(observations: list[Any], incidents: list[Incident], docs: list[str]) -> list[Row]:
    if not docs:
        return []
    history = AgreementHistory.of([Agreement.model_validate(json.loads(d)) for d in docs])
    checked = [i for i in incidents if i.kind in CEASEFIRE_VIOLATION_KINDS]
    fused = {str(o) for i in checked for o in i.observation_ids}
    subjects = [from_observation(o) for o in observations if str(o.id) not in fused]
    result = check_incidents_and_subjects(
        engine=ComplianceEngine(history), incidents=IncidentColumns.of(checked), subjects=subjects
    )
    return [violation_row(v) for v in result.violations]


def _compare(kind: str, stored: dict[str, Row], fresh: dict[str, Row]) -> None:
    for rid in sorted(stored.keys() | fresh.keys()):
        got, want = stored.get(rid), fresh.get(rid)
        if got is None:
            raise VerificationError(
                f"{kind} {rid} is missing: the recomputation gives it; it was deleted, {_STALE}"
            )
        if want is None:
            raise VerificationError(
                f"{kind} {rid} is not derivable from the records: it was forged, {_STALE}"
            )
        for column, value in want.items():
            if got[column] != value:
                raise VerificationError(
                    f"{kind} {rid} was altered: {_what(column, got[column], value)}, {_STALE}"
                )


def _what(column: str, got: Any, want: Any) -> str:
    if column != "record":
        return f"column {column} holds {got!r}, the recomputation gives {want!r}"
    g, w = json.loads(got), json.loads(want)
    field = next((k for k in sorted(g.keys() | w.keys()) if g.get(k) != w.get(k)), "record")
    return f"its record's {field} is {g.get(field)!r}, the recomputation gives {w.get(field)!r}"
