"""Findings (DESIGN.md "Violation"): what a clause module says about one subject.

A clause module returns a :class:`Finding` for each subject it applies to: ``breached``,
``not_breached`` or ``undetermined`` (the evidence cannot decide: partial overlap in space or
time, an uncertain count or calibre). The engine turns breached and undetermined findings into
:class:`~truce.domain.violation.Violation` records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from truce.domain.violation import UNDETERMINED, Facts, Outcome

__all__ = ["UNDETERMINED", "Assessment", "Facts", "Finding", "Outcome", "worst"]


@dataclass(frozen=True, slots=True)
class Finding:
    outcome: Outcome
    facts: Facts
    attribution: str = UNDETERMINED


@dataclass(frozen=True)
class Assessment:
    """One clause checked against one subject."""

    clause_id: str
    clause_type: str
    finding: Finding
    agreement_id: str
    agreement_version: int
    record_ids: tuple[str, ...] = field(default=())


def worst(findings: list[Finding]) -> Finding | None:
    """The most severe finding: breached, then undetermined, then not breached."""
    rank = {Outcome.BREACHED: 0, Outcome.UNDETERMINED: 1, Outcome.NOT_BREACHED: 2}
    return min(findings, key=lambda f: rank[f.outcome]) if findings else None


def now_utc() -> datetime:
    return datetime.now(UTC)
