"""Clause type ``infrastructure_window``: fire inside the area and hours of an agreed local
ceasefire for repairs at a critical-infrastructure site.

Breached when a site named by the clause covers the whole subject and the whole observation
time lies inside one of the site's windows; not breached when the subject is away from every
site or outside every window; undetermined otherwise (partial overlap in space or time; see
:mod:`truce.compliance.timewindows`: a window that starts exactly at the observation's end is a
partial overlap). Attribution: the side of origin, as for ``no_fire``.
"""

from __future__ import annotations

import numpy as np

from truce.agreement.clauses import InfrastructureWindowClause
from truce.agreement.models import Agreement, Site
from truce.compliance._common import (
    attribute_fire,
    base_facts,
    for_listed_kinds,
    listed_kinds_batch,
)
from truce.compliance.columns import ClauseColumns, Code, FactColumns, IncidentColumns, encode
from truce.compliance.facts import SubjectFacts
from truce.compliance.model import UNDETERMINED, Finding, Outcome, worst
from truce.compliance.subject import Subject
from truce.compliance.timewindows import best_relation
from truce.domain.reasons import Reason
from truce.domain.time import TimeWindow


def _site_finding(subject: Subject, facts: SubjectFacts, site: Site) -> Finding | None:
    if site.id in facts.zones_covering:
        space = "inside"
    elif site.id in facts.zones_intersecting:
        space = "partial"
    else:
        return None
    rel, span = best_relation(site.windows, subject.start, subject.end)
    if rel == "outside":
        return Finding(
            Outcome.NOT_BREACHED,
            base_facts(facts, Reason.AT_SITE_OUTSIDE_WINDOWS, {"site": site.id}, zone=site.id),
        )
    window = TimeWindow(start=span[0], end=span[1]) if span else None
    if space == "inside" and rel == "inside":
        outcome, reason = Outcome.BREACHED, Reason.FIRE_AT_SITE_IN_WINDOW
    else:
        outcome, reason = Outcome.UNDETERMINED, Reason.FIRE_POSSIBLY_AT_SITE_IN_WINDOW
    return Finding(
        outcome,
        base_facts(facts, reason, {"site": site.id}, zone=site.id, time_window=window),
        attribute_fire(subject, facts),
    )


@for_listed_kinds
def check(
    *,
    subject: Subject,
    facts: SubjectFacts,
    clause: InfrastructureWindowClause,
    agreement: Agreement,
) -> Finding | None:
    """The finding for one located subject of a kind the clause lists."""
    sites = [s for s in agreement.sites if s.id in clause.parameters.sites]
    found = [f for s in sites if (f := _site_finding(subject, facts, s)) is not None]
    result = worst(found)
    if result is None:
        return Finding(
            Outcome.NOT_BREACHED, base_facts(facts, Reason.AWAY_FROM_SITES), UNDETERMINED
        )
    return result


def check_batch(
    *,
    subjects: IncidentColumns,
    facts: FactColumns,
    clause: InfrastructureWindowClause,
    agreement: Agreement,
) -> ClauseColumns:
    """:func:`check` of every row: vectorised for the rows away from every site of the
    clause (not breached); the few at a site are checked one by one (their time windows)."""
    out, rows = listed_kinds_batch(subjects, clause.parameters.kinds)
    sites = [s.id for s in agreement.sites if s.id in clause.parameters.sites]
    columns = [c for c in (facts.zone_column(z) for z in sites) if c >= 0]
    touching = facts.zones_intersecting[:, columns].any(axis=1) & rows
    out.set(rows & ~touching, Code.NOT_BREACHED, Reason.AWAY_FROM_SITES)
    for k in np.flatnonzero(touching).tolist():
        finding = check(
            subject=subjects.subject(k), facts=facts.row(k), clause=clause, agreement=agreement
        )
        encode(out, k, finding, agreement.party_ids)
    return out
