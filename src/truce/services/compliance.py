"""Checking what is in the store: the service behind ``truce check`` and ``truce violations``.

What is checked: fused incidents of the ceasefire-violation kinds (so that fire seen by several
monitors is one subject), plus every observation that no such incident rests on (weapon
sightings, inspections, restrictions, and fire not fused yet). Every agreement version is
registered first: stored with its canonical document and appended to the evidence ledger
(kind ``agreement_version``) the first time it is seen; a stored version whose content has
changed is a :class:`~truce.errors.Conflict` (an amendment must be a new version).
Violations are derived records: each check replaces them all, in one transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from truce.agreement.versions import (
    AgreementHistory,
    canonical_document,
    ledger_entry,
)
from truce.compliance.engine import ComplianceEngine
from truce.compliance.model import Decision, Violation
from truce.compliance.subject import Subject, from_incident, from_observation
from truce.domain.vocabulary import CEASEFIRE_VIOLATION_KINDS
from truce.errors import Conflict, NotFound
from truce.ledger.canonical import canonical_json
from truce.store import Store
from truce.store.compliance_tables import (
    append_decision,
    insert_version,
    iter_violations,
    latest_decisions,
    replace_violations,
    stored_version_hashes,
    violation_exists,
)
from truce.store.ledger import append_entries

LEDGER_KIND = "agreement_version"


@dataclass(frozen=True)
class CheckReport:
    subjects: int
    incidents: int
    unchecked: int
    versions_registered: tuple[int, ...]
    by_outcome: dict[str, int] = field(default_factory=dict)
    violations: int = 0


def register_versions(*, store: Store, history: AgreementHistory) -> tuple[int, ...]:
    """Store and ledger every version not stored yet; return their numbers."""
    new: list[int] = []
    with store.begin() as conn:
        known = stored_version_hashes(conn, history.id)
        for a in history:
            digest = history.digest(a)  # the install manifest's, else computed once
            if a.version in known:
                if known[a.version] != digest:
                    raise Conflict(
                        f"version {a.version} of agreement {a.id} differs from the registered one",
                        hint="an amendment must be a new version with its own effective time",
                    )
                continue
            entry = canonical_json(ledger_entry(a))
            (leaf,) = append_entries(
                conn, kind=LEDGER_KIND, records=[(f"{a.id}@{a.version}", entry)]
            )
            insert_version(
                conn,
                agreement_id=a.id,
                version=a.version,
                effective=a.effective.timestamp(),
                sha256=digest,
                document=canonical_json(canonical_document(a)).decode("utf-8"),
                record_id=f"{a.id}@{a.version}",
                entry=entry.decode("utf-8"),
                leaf_index=leaf,
            )
            new.append(a.version)
    return tuple(new)


def _subjects(store: Store, *, use_incidents: bool) -> tuple[list[Subject], int]:
    observations = list(store.iter_observations())
    incidents: list[Any] = []
    if use_incidents:
        from truce.store.fusion_tables import load_incidents

        with store.connect() as conn:
            incidents = [i for i in load_incidents(conn) if i.kind in CEASEFIRE_VIOLATION_KINDS]
    fused = {str(o) for i in incidents for o in i.observation_ids}
    subjects = [from_incident(i) for i in incidents]
    subjects += [from_observation(o) for o in observations if str(o.id) not in fused]
    return subjects, len(incidents)


def check_store(
    *, store: Store, history: AgreementHistory, use_incidents: bool = True
) -> CheckReport:
    """Register the agreement's versions, check every subject, store the violations."""
    registered = register_versions(store=store, history=history)
    subjects, n_incidents = _subjects(store, use_incidents=use_incidents)
    result = ComplianceEngine(history).assess(subjects)
    with store.begin() as conn:
        replace_violations(conn, result.violations)
    return CheckReport(
        subjects=len(subjects),
        incidents=n_incidents,
        unchecked=result.unchecked,
        versions_registered=registered,
        by_outcome=dict(Counter(v.outcome for v in result.violations)),
        violations=len(result.violations),
    )


def stored_violations(*, store: Store) -> list[tuple[Violation, Decision | None]]:
    """Every stored violation with the latest analyst decision on it, if any."""
    with store.connect() as conn:
        decisions = latest_decisions(conn)
        return [(v, decisions.get(str(v.id))) for v in iter_violations(conn)]


def decide(*, store: Store, decision: Decision) -> None:
    """Append an analyst's decision. Raises :class:`~truce.errors.NotFound` for an unknown id."""
    with store.begin() as conn:
        if not violation_exists(conn, str(decision.violation_id)):
            raise NotFound(f"no violation {decision.violation_id}", hint="run: truce violations")
        append_decision(conn, decision)
