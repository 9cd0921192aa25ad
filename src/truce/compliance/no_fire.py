"""Clause type ``no_fire``: breached when any weapons fire is observed (the general ceasefire).

Fire means the clause's ``kinds`` (default: the ceasefire-violation kinds explosion, projectile,
flare, muzzle_flash, fire, as counted by the OSCE SMM). Breached when the subject lies in the
agreement's area; undetermined when it lies partly in it or has no location; not breached
outside it. Attribution: the side of origin when the location is the fire's origin and lies
wholly on one side, else undetermined.
"""

from __future__ import annotations

import numpy as np

from truce.agreement.clauses import NoFireClause
from truce.agreement.models import Agreement
from truce.compliance._common import (
    area_outcome,
    area_outcome_batch,
    attribute_fire,
    attribute_fire_batch,
    base_facts,
    for_listed_kinds,
    listed_kinds_batch,
)
from truce.compliance.columns import NOBODY, ClauseColumns, Code, FactColumns, IncidentColumns
from truce.compliance.facts import SubjectFacts
from truce.compliance.model import UNDETERMINED, Finding, Outcome
from truce.compliance.subject import Subject
from truce.domain.reasons import Reason

_REASONS = {
    Outcome.BREACHED: Reason.FIRE_IN_AREA,
    Outcome.UNDETERMINED: Reason.FIRE_PARTLY_IN_AREA,
    Outcome.NOT_BREACHED: Reason.FIRE_OUTSIDE_AREA,
}


@for_listed_kinds
def check(
    *, subject: Subject, facts: SubjectFacts, clause: NoFireClause, agreement: Agreement
) -> Finding | None:
    """The finding for one located subject of a kind the clause lists."""
    del agreement
    outcome = area_outcome(facts)
    who = attribute_fire(subject, facts) if outcome is not Outcome.NOT_BREACHED else UNDETERMINED
    return Finding(outcome, base_facts(facts, _REASONS[outcome]), who)


def check_batch(
    *, subjects: IncidentColumns, facts: FactColumns, clause: NoFireClause, agreement: Agreement
) -> ClauseColumns:
    """:func:`check` of every row (the columnar form: same outcome, reason, attribution)."""
    del agreement
    out, rows = listed_kinds_batch(subjects, clause.parameters.kinds)
    outcome = area_outcome_batch(facts)
    who = np.where(outcome != Code.NOT_BREACHED, attribute_fire_batch(subjects, facts), NOBODY)
    for code, reason in _REASONS.items():
        out.set(rows & (outcome == _CODES[code]), _CODES[code], reason)
    out.attribution[rows] = who[rows]
    return out


_CODES = {
    Outcome.BREACHED: Code.BREACHED,
    Outcome.UNDETERMINED: Code.UNDETERMINED,
    Outcome.NOT_BREACHED: Code.NOT_BREACHED,
}
