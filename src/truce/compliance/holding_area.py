"""Clause type ``holding_area``: a registered weapon is missing from its holding area at an
inspection.

An inspection is a ``weapon`` observation by one of the clause's ``inspection_sources``
(default patrol, UAV, camera) located inside a holding area the clause covers, counting one
weapon category registered there. Breached when the exact count is below the registered
number; not breached when the count (exact, or ``at_least``) reaches it; undetermined when the
count is approximate, unstated or uncountable, when one observation counts several categories
at once, or when its location only overlaps the holding area. Attribution: the party that
registered the holding area.
"""

from __future__ import annotations

from typing import Any

from truce.agreement.clauses import HoldingAreaClause
from truce.agreement.models import Agreement, HoldingArea
from truce.compliance._common import base_facts
from truce.compliance.columns import ClauseColumns, FactColumns, IncidentColumns
from truce.compliance.facts import SubjectFacts
from truce.compliance.model import Finding, Outcome
from truce.compliance.subject import Subject
from truce.domain.reasons import Reason, ReasonParams
from truce.domain.vocabulary import CountQualifier, EventKind


def _area(
    facts: SubjectFacts, clause: HoldingAreaClause, agreement: Agreement
) -> tuple[HoldingArea | None, bool]:
    scope = set(clause.parameters.holding_areas)
    areas = [h for h in agreement.holding_areas if not scope or h.id in scope]
    inside = next((h for h in areas if h.id in facts.zones_covering), None)
    if inside is not None:
        return inside, True
    return next((h for h in areas if h.id in facts.zones_intersecting), None), False


def _counted(subject: Subject, registered: int) -> tuple[Outcome, Reason, ReasonParams]:
    n, q = subject.count, subject.count_qualifier
    if n is not None and q is CountQualifier.EXACT:
        if n < registered:
            missing: ReasonParams = {"missing": registered - n, "registered": registered}
            return Outcome.BREACHED, Reason.REGISTERED_MISSING, missing
        return Outcome.NOT_BREACHED, Reason.ALL_REGISTERED_PRESENT, {}
    if n is not None and q is CountQualifier.AT_LEAST and n >= registered:
        return Outcome.NOT_BREACHED, Reason.AT_LEAST_REGISTERED_PRESENT, {}
    params: ReasonParams = {"qualifier": q.value, "registered": registered}
    return Outcome.UNDETERMINED, Reason.COUNT_NOT_COMPARABLE, params


def check(
    *, subject: Subject, facts: SubjectFacts, clause: HoldingAreaClause, agreement: Agreement
) -> Finding | None:
    """The finding for one inspection, or ``None`` if the subject is not one."""
    if (
        subject.kind is not EventKind.WEAPON
        or subject.source_type not in clause.parameters.inspection_sources
    ):
        return None
    if not subject.located:
        return None
    area, wholly = _area(facts, clause, agreement)
    if area is None:
        return None
    registered_here = [w for w in subject.weapons if w in area.inventory]
    if not registered_here:
        return None
    extra: dict[str, Any] = {"holding_area": area.id, "zone": area.id}
    if not wholly:
        return Finding(
            Outcome.UNDETERMINED,
            base_facts(facts, Reason.OVERLAPS_HOLDING_AREA, {"area": area.id}, **extra),
            area.party,
        )
    if len(subject.weapons) != 1:
        reason = Reason.ONE_COUNT_SEVERAL_CATEGORIES
        return Finding(Outcome.UNDETERMINED, base_facts(facts, reason, **extra), area.party)
    weapon = registered_here[0]
    registered = area.inventory[weapon]
    outcome, reason, params = _counted(subject, registered)
    facts_out = base_facts(
        facts, reason, params, weapon=weapon, registered=registered, counted=subject.count, **extra
    )
    return Finding(outcome, facts_out, area.party)


def check_batch(
    *,
    subjects: IncidentColumns,
    facts: FactColumns,
    clause: HoldingAreaClause,
    agreement: Agreement,
) -> ClauseColumns:
    """:func:`check` of every row: no finding, as an inspection is an observation by one of
    the clause's sources and an incident has no source type."""
    del facts, clause, agreement
    return ClauseColumns.empty(len(subjects))
