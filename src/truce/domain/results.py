"""What the services report back: summaries of fusing, checking and ledger operations."""

from __future__ import annotations

from dataclasses import dataclass, field

from truce.domain.violation import Decision, Outcome, Violation


@dataclass(frozen=True)
class FuseReport:
    observations: int
    new_observations: int
    deleted: int
    inserted: int
    incidents: int
    #: observations read from the store to do it (all of them for a full recompute)
    read: int = 0


@dataclass(frozen=True)
class CheckReport:
    subjects: int
    incidents: int
    unchecked: int
    versions_registered: tuple[int, ...]
    by_outcome: dict[Outcome, int] = field(default_factory=dict)
    violations: int = 0
    agreement_id: str = ""


@dataclass(frozen=True, slots=True)
class DecidedViolation:
    """A violation with the latest analyst decision on it (``None``: not decided yet)."""

    violation: Violation
    decision: Decision | None = None

    @property
    def status(self) -> str:
        """``detected``, or the latest decision's status."""
        return self.violation.status if self.decision is None else self.decision.status.value


@dataclass(frozen=True, slots=True)
class DecisionReceipt:
    """A stored decision: its record id and ledger leaf."""

    id: str
    leaf_index: int
    decision: Decision
