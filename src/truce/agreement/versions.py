"""Versions of an agreement: an amendment is a new version with its effective time.

:class:`AgreementHistory` holds every version of one agreement, ordered by effective time;
:meth:`AgreementHistory.in_force` gives the version that governs a moment (the latest version
whose effective time is at or before it). Each version has a canonical hash: SHA-256 of the
version's RFC 8785 canonical JSON (document and layers), which is what the ledger records.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from truce.agreement.models import Agreement
from truce.errors import InvalidInput, NotFound
from truce.ledger.canonical import canonical_json


def canonical_document(agreement: Agreement) -> dict[str, Any]:
    """The JSON object whose canonical bytes define the version's hash."""
    return agreement.model_dump(mode="json", exclude_none=True)


def version_hash(agreement: Agreement) -> str:
    """Lower-case hex SHA-256 of the version's canonical JSON (RFC 8785)."""
    return hashlib.sha256(canonical_json(canonical_document(agreement))).hexdigest()


def ledger_entry(agreement: Agreement) -> dict[str, Any]:
    """The record appended to the evidence ledger for one version."""
    return {
        "type": "agreement_version",
        "agreement": agreement.id,
        "version": agreement.version,
        "effective": agreement.effective.isoformat(),
        "sha256": version_hash(agreement),
    }


@dataclass(frozen=True)
class AgreementHistory:
    """All versions of one agreement, ordered by effective time."""

    versions: tuple[Agreement, ...]
    #: Canonical hashes already known (version -> hash): from the install manifest, or
    #: computed once by :meth:`digest` (hashing a 100k-vertex version takes seconds).
    digests: dict[int, str] = field(default_factory=dict, repr=False, compare=False)
    _starts: tuple[datetime, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.versions:
            raise InvalidInput("an agreement needs at least one version")
        ordered = tuple(sorted(self.versions, key=lambda a: a.effective))
        object.__setattr__(self, "versions", ordered)
        object.__setattr__(self, "_starts", tuple(a.effective for a in ordered))

    @classmethod
    def of(
        cls, versions: Sequence[Agreement], *, digests: dict[int, str] | None = None
    ) -> AgreementHistory:
        return cls(tuple(versions), dict(digests or {}))

    def digest(self, agreement: Agreement) -> str:
        """:func:`version_hash` of one of the versions, computed at most once."""
        known = self.digests.get(agreement.version)
        if known is None:
            known = self.digests[agreement.version] = version_hash(agreement)
        return known

    @property
    def id(self) -> str:
        return self.versions[0].id

    @property
    def latest(self) -> Agreement:
        return self.versions[-1]

    def __iter__(self) -> Iterator[Agreement]:
        return iter(self.versions)

    def in_force(self, at: datetime) -> Agreement:
        """The version in force at ``at`` (timezone-aware).

        Raises :class:`~truce.errors.NotFound` before the first version's effective time.
        """
        i = bisect_right(self._starts, at)
        if i == 0:
            raise NotFound(
                f"no version of agreement {self.id} is in force at {at.isoformat()}",
                hint=f"the first version is effective from {self._starts[0].isoformat()}",
            )
        return self.versions[i - 1]

    def version(self, number: int) -> Agreement:
        for a in self.versions:
            if a.version == number:
                return a
        raise NotFound(f"agreement {self.id} has no version {number}")
