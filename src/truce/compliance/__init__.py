"""Compliance: one module per clause type, and the engine that runs them.

Pure computation: subjects (observations, incidents) and an agreement in, violations out.
"""

from truce.compliance.engine import CheckResult, ComplianceEngine, check
from truce.compliance.model import Finding
from truce.compliance.subject import Subject, from_incident, from_incidents, from_observation
from truce.domain.violation import Decision, Facts, Outcome, Violation

__all__ = [
    "CheckResult",
    "ComplianceEngine",
    "Decision",
    "Facts",
    "Finding",
    "Outcome",
    "Subject",
    "Violation",
    "check",
    "from_incident",
    "from_incidents",
    "from_observation",
]
