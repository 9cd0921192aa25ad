"""Clause type ``zone_exclusion``: forces, weapons or fire observed inside a named zone.

Breached when a zone named by the clause covers the whole subject (a point on the zone's edge
is inside); undetermined when the subject's area only overlaps a zone, or it has no location;
not breached otherwise. Attribution: weapons and presence to the side they stand on (wholly);
fire to the side of its origin (wholly); else undetermined.
"""

from __future__ import annotations

import numpy as np

from truce.agreement.clauses import ZoneExclusionClause
from truce.agreement.models import Agreement
from truce.compliance._common import (
    attribute_fire,
    attribute_fire_batch,
    attribute_position,
    base_facts,
    for_listed_kinds,
    listed_kinds_batch,
)
from truce.compliance.columns import KINDS, ClauseColumns, Code, FactColumns, IncidentColumns
from truce.compliance.facts import SubjectFacts
from truce.compliance.model import Finding, Outcome
from truce.compliance.subject import Subject
from truce.domain.reasons import Reason, ReasonParams
from truce.domain.vocabulary import CEASEFIRE_VIOLATION_KINDS


@for_listed_kinds
def check(
    *, subject: Subject, facts: SubjectFacts, clause: ZoneExclusionClause, agreement: Agreement
) -> Finding | None:
    """The finding for one located subject of a kind the clause lists."""
    del agreement
    zones = clause.parameters.zones
    inside = [z for z in zones if z in facts.zones_covering]
    overlap = [z for z in zones if z in facts.zones_intersecting]
    if inside:
        outcome, zone, reason = Outcome.BREACHED, inside[0], Reason.INSIDE_ZONE
    elif overlap:
        outcome, zone, reason = Outcome.UNDETERMINED, overlap[0], Reason.POSSIBLY_INSIDE_ZONE
    else:
        return Finding(Outcome.NOT_BREACHED, base_facts(facts, Reason.OUTSIDE_ZONES))
    fire = subject.kind in CEASEFIRE_VIOLATION_KINDS
    who = attribute_fire(subject, facts) if fire else attribute_position(facts)
    params: ReasonParams = {"kind": subject.kind.value, "zone": zone}
    return Finding(outcome, base_facts(facts, reason, params, zone=zone), who)


def check_batch(
    *,
    subjects: IncidentColumns,
    facts: FactColumns,
    clause: ZoneExclusionClause,
    agreement: Agreement,
) -> ClauseColumns:
    """:func:`check` of every row (the columnar form: same outcome, reason, attribution)."""
    del agreement
    out, rows = listed_kinds_batch(subjects, clause.parameters.kinds)
    columns = [c for c in (facts.zone_column(z) for z in clause.parameters.zones) if c >= 0]
    inside = facts.zones_covering[:, columns].any(axis=1) & rows
    overlap = facts.zones_intersecting[:, columns].any(axis=1) & rows & ~inside
    out.set(rows & ~inside & ~overlap, Code.NOT_BREACHED, Reason.OUTSIDE_ZONES)
    out.set(inside, Code.BREACHED, Reason.INSIDE_ZONE)
    out.set(overlap, Code.UNDETERMINED, Reason.POSSIBLY_INSIDE_ZONE)
    fire = np.isin(subjects.kind, [KINDS.index(k) for k in CEASEFIRE_VIOLATION_KINDS])
    who = np.where(fire, attribute_fire_batch(subjects, facts), facts.wholly_on)
    found = inside | overlap
    out.attribution[found] = who[found]
    return out
