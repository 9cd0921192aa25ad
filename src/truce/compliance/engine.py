"""The compliance engine: every subject against every clause of the version in force.

For each subject the engine picks the agreement version in force at the subject's *start*
time (:meth:`~truce.agreement.versions.AgreementHistory.in_force`), computes its geometric facts
once (:mod:`truce.compliance.facts`, vectorised per version), and asks the module of each clause
type for a finding. Breached and undetermined findings become
:class:`~truce.domain.violation.Violation` records with status ``detected`` and a deterministic id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from truce.agreement.models import Agreement
from truce.agreement.spatial import SpatialIndex
from truce.agreement.versions import AgreementHistory, version_hash
from truce.compliance import (
    freedom_of_movement,
    holding_area,
    infrastructure_window,
    no_fire,
    weapon_withdrawal,
    zone_exclusion,
)
from truce.compliance._common import Check
from truce.compliance.facts import SubjectFacts, compute_facts
from truce.compliance.model import Finding
from truce.compliance.subject import Subject, from_incident, from_observation
from truce.domain.observation import Observation
from truce.domain.time import TimeWindow
from truce.domain.violation import Outcome, Violation, violation_id
from truce.errors import NotFound

#: Clause type -> the module function that checks it.
#: Clause type -> its module, which has ``check`` (one subject) and ``check_batch`` (columns).
CLAUSE_MODULES: dict[str, ModuleType] = {
    "no_fire": no_fire,
    "weapon_withdrawal": weapon_withdrawal,
    "zone_exclusion": zone_exclusion,
    "holding_area": holding_area,
    "freedom_of_movement": freedom_of_movement,
    "infrastructure_window": infrastructure_window,
}
CHECKS: dict[str, Check] = {t: m.check for t, m in CLAUSE_MODULES.items()}

#: Subjects measured together (bounds the memory of a large check).
BATCH = 20_000
#: ``progress(done, total)``: subjects checked so far, of how many.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Assessed:
    """One clause checked against one subject, with the version it was checked under."""

    subject: Subject
    agreement: Agreement
    clause_id: str
    clause_type: str
    finding: Finding


@dataclass
class CheckResult:
    violations: list[Violation] = field(default_factory=list)
    assessed: list[Assessed] = field(default_factory=list)
    #: Subjects earlier than the first version of the agreement.
    unchecked: int = 0


class ComplianceEngine:
    """Checks subjects against an agreement's history; caches one spatial index per version."""

    def __init__(self, history: AgreementHistory) -> None:
        self.history = history
        self._indexes: dict[int, SpatialIndex] = {}
        self._hashes: dict[int, str] = {}

    def index(self, agreement: Agreement) -> SpatialIndex:
        if agreement.version not in self._indexes:
            self._indexes[agreement.version] = SpatialIndex(agreement)
        return self._indexes[agreement.version]

    def sha256(self, agreement: Agreement) -> str:
        """:func:`version_hash` of a version: the history's (from the install manifest when
        installed, else computed once per history) for one of its own versions."""
        if agreement.version not in self._hashes:
            self._hashes[agreement.version] = (
                self.history.digest(agreement) if self._own(agreement) else version_hash(agreement)
            )
        return self._hashes[agreement.version]

    def _own(self, agreement: Agreement) -> bool:
        try:
            return self.history.version(agreement.version) is agreement
        except NotFound:
            return False

    def assess(
        self, subjects: Sequence[Subject], *, progress: Progress | None = None
    ) -> CheckResult:
        """Every applicable (subject, clause) finding, and the violations among them.

        Subjects are measured in batches of :data:`BATCH` (the facts of a subject do not
        depend on its batch); ``progress(done, total)`` is called after each batch."""
        result = CheckResult()
        groups: dict[int, list[Subject]] = defaultdict(list)
        versions: dict[int, Agreement] = {}
        for s in subjects:
            try:
                a = self.history.in_force(s.start)
            except NotFound:
                result.unchecked += 1
                continue
            groups[a.version].append(s)
            versions[a.version] = a
        done, total = result.unchecked, len(subjects)
        for number, members in sorted(groups.items()):
            agreement = versions[number]
            for k in range(0, len(members), BATCH):
                batch = members[k : k + BATCH]
                facts = compute_facts(self.index(agreement), batch)
                for subject, f in zip(batch, facts, strict=True):
                    self._assess_one(agreement, subject, f, result)
                done += len(batch)
                if progress is not None:
                    progress(done, total)
        return result

    def _assess_one(
        self, agreement: Agreement, subject: Subject, facts: SubjectFacts, result: CheckResult
    ) -> None:
        for clause in agreement.doc.clauses:
            finding = CHECKS[clause.type](
                subject=subject, facts=facts, clause=clause, agreement=agreement
            )
            if finding is None:
                continue
            result.assessed.append(Assessed(subject, agreement, clause.id, clause.type, finding))
            if finding.outcome is not Outcome.NOT_BREACHED:
                result.violations.append(
                    self.violation(agreement, clause.id, clause.type, subject, finding)
                )

    def violation(
        self,
        agreement: Agreement,
        clause_id: str,
        clause_type: str,
        subject: Subject,
        finding: Finding,
    ) -> Violation:
        """The violation record of a breached or undetermined finding."""
        return Violation(
            id=violation_id(
                agreement_id=agreement.id,
                version=agreement.version,
                clause_id=clause_id,
                record_type=subject.record_type,
                record_ids=subject.record_ids,
            ),
            agreement_id=agreement.id,
            agreement_version=agreement.version,
            agreement_sha256=self.sha256(agreement),
            clause_id=clause_id,
            clause_type=clause_type,
            record_type=subject.record_type,
            record_ids=subject.record_ids,
            outcome=finding.outcome,
            attribution=finding.attribution,
            observed=TimeWindow(start=subject.start, end=subject.end),
            lon=None if subject.lon is None else round(subject.lon, 6),
            lat=None if subject.lat is None else round(subject.lat, 6),
            facts=finding.facts,
        )


def check(
    *,
    history: AgreementHistory,
    observations: Iterable[Observation] = (),
    incidents: Iterable[Any] = (),
) -> CheckResult:
    """Check observations and fused incidents (:class:`truce.domain.incident.Incident`)."""
    subjects = [from_observation(o) for o in observations] + [from_incident(i) for i in incidents]
    return ComplianceEngine(history).assess(subjects)
