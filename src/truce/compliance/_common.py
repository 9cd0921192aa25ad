"""Helpers shared by the clause modules: attribution rules and fact records."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from truce.agreement.models import Agreement
from truce.compliance.columns import (
    KINDS,
    NOBODY,
    BoolArray,
    ClauseColumns,
    Code,
    FactColumns,
    IncidentColumns,
    IntArray,
)
from truce.compliance.facts import SubjectFacts
from truce.compliance.model import UNDETERMINED, Facts, Finding, Outcome
from truce.compliance.subject import Subject
from truce.domain.reasons import Reason, ReasonParams
from truce.domain.vocabulary import EventKind


class _KindParameters(Protocol):
    @property
    def kinds(self) -> tuple[EventKind, ...]: ...


class _KindClause(Protocol):
    @property
    def parameters(self) -> _KindParameters: ...


#: A clause module's ``check(*, subject, facts, clause, agreement)``.
Check = Callable[..., Finding | None]


def for_listed_kinds(check: Check) -> Check:
    """A clause check that runs only on the kinds its clause lists (``None`` for the others)
    and on located subjects (an unlocated one is undetermined: "the location is unknown")."""

    @functools.wraps(check)
    def wrapped(
        *, subject: Subject, facts: SubjectFacts, clause: _KindClause, agreement: Agreement
    ) -> Finding | None:
        if subject.kind not in clause.parameters.kinds:
            return None
        if not subject.located:
            return unlocated(facts)
        return check(subject=subject, facts=facts, clause=clause, agreement=agreement)

    return wrapped


def attribute_position(facts: SubjectFacts) -> str:
    """A party when the whole subject lies inside its controlled area, else undetermined."""
    return facts.wholly_on or UNDETERMINED


def attribute_fire(subject: Subject, facts: SubjectFacts) -> str:
    """A party only when the subject's location is the origin of the fire and lies wholly on
    that party's side; impacts, flights and observer positions say nothing about who fired."""
    return facts.wholly_on if subject.origin and facts.wholly_on else UNDETERMINED


def base_facts(
    facts: SubjectFacts,
    reason: Reason,
    params: ReasonParams | None = None,
    **extra: Any,
) -> Facts:
    """The :class:`Facts` record common to every clause: the reason code and its parameters,
    plus clause-specific ``extra``."""
    return Facts(
        reason=reason,
        reason_params=params or {},
        distance_m=None if facts.distance_m is None else round(facts.distance_m, 1),
        distance_range_m=facts.distance_range()
        if facts.min_distance_m != facts.max_distance_m
        else None,
        side=facts.side,
        sides=facts.sides,
        region=facts.region,
        zones=facts.zones_intersecting,
        **extra,
    )


def unlocated(facts: SubjectFacts) -> Finding:
    return Finding(Outcome.UNDETERMINED, base_facts(facts, Reason.LOCATION_UNKNOWN))


def area_outcome(facts: SubjectFacts) -> Outcome:
    """Breached-if-anywhere rules: in the agreement's area, partly, or outside it."""
    return {
        "yes": Outcome.BREACHED,
        "partly": Outcome.UNDETERMINED,
        "no": Outcome.NOT_BREACHED,
        "unknown": Outcome.UNDETERMINED,
    }[facts.in_area]


# -- the columnar forms (issue 11.4; :mod:`truce.compliance.columns`) ----------------------


def listed_kinds_batch(
    subjects: IncidentColumns, kinds: tuple[EventKind, ...]
) -> tuple[ClauseColumns, BoolArray]:
    """:func:`for_listed_kinds` over columns: empty results, with unlocated rows of a listed
    kind undetermined ("the location is unknown"), and the located rows of a listed kind."""
    listed = np.isin(subjects.kind, [KINDS.index(k) for k in kinds])
    out = ClauseColumns.empty(len(subjects))
    located = subjects.located
    out.set(listed & ~located, Code.UNDETERMINED, Reason.LOCATION_UNKNOWN)
    return out, listed & located


def area_outcome_batch(facts: FactColumns) -> IntArray:
    """:func:`area_outcome` of each row's ``in_area`` code."""
    table = np.array(
        [Code.NOT_BREACHED, Code.BREACHED, Code.UNDETERMINED, Code.UNDETERMINED], dtype=np.int64
    )
    out: IntArray = table[facts.in_area]
    return out


def attribute_fire_batch(subjects: IncidentColumns, facts: FactColumns) -> IntArray:
    """:func:`attribute_fire` of each row (a party index, or ``NOBODY``)."""
    out: IntArray = np.where(subjects.origin, facts.wholly_on, NOBODY)
    return out
