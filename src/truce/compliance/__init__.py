"""Compliance: one module per clause type, and the engine that runs them.

Pure computation: subjects (observations, incidents) and an agreement in, violations out.
"""

from truce.compliance.engine import CheckResult, ComplianceEngine, check
from truce.compliance.model import Decision, Facts, Finding, Outcome, Violation
from truce.compliance.subject import Subject, from_incident, from_observation

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
    "from_observation",
]
