"""Fixtures for clause tests: the demo agreement, its index, and a subject builder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import tests.agreement.conftest as _agreement
from truce.agreement import Agreement, AgreementHistory, SpatialIndex
from truce.compliance.facts import SubjectFacts, compute_facts
from truce.compliance.model import Finding
from truce.compliance.subject import Subject
from truce.domain.vocabulary import CountQualifier, EventKind

# The agreement fixtures, shared with tests/agreement.
demo = _agreement.demo
index = _agreement.index

T0 = datetime(2021, 3, 2, 10, 0, tzinfo=UTC)


def subject(kind: EventKind | str, lon: float | None, lat: float | None, **kw: Any) -> Subject:
    fields: dict[str, Any] = {
        "record_ids": ("rec-1",),
        "record_type": "observation",
        "kind": EventKind(kind),
        "start": T0,
        "end": T0 + timedelta(minutes=5),
        "lon": lon,
        "lat": lat,
        "count": 1,
        "count_qualifier": CountQualifier.EXACT,
    }
    fields.update(kw)
    return Subject(**fields)


def facts(index: SpatialIndex, s: Subject) -> SubjectFacts:
    return compute_facts(index, [s])[0]


def run(
    module: Any, s: Subject, clause: Any, agreement: Agreement, index: SpatialIndex
) -> Finding | None:
    result: Finding | None = module.check(
        subject=s, facts=facts(index, s), clause=clause, agreement=agreement
    )
    return result


@pytest.fixture(scope="session")
def v2(demo: AgreementHistory) -> Agreement:
    return demo.latest


def clause_of(agreement: Agreement, type_: str) -> Any:
    return next(c for c in agreement.doc.clauses if c.type == type_)
