"""Clause type ``freedom_of_movement``: monitors denied access, delayed, or their UAV jammed.

Breached for a ``restriction`` or ``interference`` (the clause's ``kinds``) in the agreement's
area; undetermined partly in it or without a location; not breached outside it. Attribution: a
restriction to the party on whose side the monitors stood (wholly); jamming is never attributed
by geometry (its emitter is not where the UAV is).
"""

from __future__ import annotations

import numpy as np

from truce.agreement.clauses import FreedomOfMovementClause
from truce.agreement.models import Agreement
from truce.compliance._common import (
    area_outcome,
    area_outcome_batch,
    attribute_position,
    base_facts,
    for_listed_kinds,
    listed_kinds_batch,
)
from truce.compliance.columns import (
    KINDS,
    NOBODY,
    REASONS,
    ClauseColumns,
    Code,
    FactColumns,
    IncidentColumns,
)
from truce.compliance.facts import SubjectFacts
from truce.compliance.model import UNDETERMINED, Finding, Outcome
from truce.compliance.subject import Subject
from truce.domain.reasons import Reason
from truce.domain.vocabulary import EventKind


@for_listed_kinds
def check(
    *, subject: Subject, facts: SubjectFacts, clause: FreedomOfMovementClause, agreement: Agreement
) -> Finding | None:
    """The finding for one located subject of a kind the clause lists."""
    del agreement
    outcome = area_outcome(facts)
    who = UNDETERMINED
    if outcome is not Outcome.NOT_BREACHED and subject.kind is EventKind.RESTRICTION:
        who = attribute_position(facts)
    what = (
        Reason.MOVEMENT_RESTRICTED
        if subject.kind is EventKind.RESTRICTION
        else Reason.UAV_INTERFERED
    )
    where = {"yes": "in", "partly": "partly in", "no": "outside", "unknown": "near"}[facts.in_area]
    return Finding(outcome, base_facts(facts, what, {"where": where}), who)


def check_batch(
    *,
    subjects: IncidentColumns,
    facts: FactColumns,
    clause: FreedomOfMovementClause,
    agreement: Agreement,
) -> ClauseColumns:
    """:func:`check` of every row (the columnar form: same outcome, reason, attribution)."""
    del agreement
    out, rows = listed_kinds_batch(subjects, clause.parameters.kinds)
    outcome = area_outcome_batch(facts)
    restriction = subjects.kind == KINDS.index(EventKind.RESTRICTION)
    who = np.where((outcome != Code.NOT_BREACHED) & restriction, facts.wholly_on, NOBODY)
    reason = np.where(
        restriction,
        REASONS.index(Reason.MOVEMENT_RESTRICTED),
        REASONS.index(Reason.UAV_INTERFERED),
    )
    out.outcome[rows] = outcome[rows]
    out.reason[rows] = reason[rows]
    out.attribution[rows] = who[rows]
    return out
