"""Versions of an agreement: an amendment is a new version with its effective time.

:class:`AgreementHistory` holds every version of one agreement, ordered by effective time;
:meth:`AgreementHistory.in_force` gives the version that governs a moment (the latest version
whose effective time is at or before it). Each version has a canonical hash: SHA-256 of the
version's RFC 8785 canonical JSON (document and layers), which is what the ledger records.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import uuid
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from truce.agreement.models import Agreement
from truce.agreement.spatial import SpatialIndex
from truce.errors import InvalidInput, NotFound
from truce.ledger.canonical import canonical_json


def canonical_document(agreement: Agreement) -> dict[str, Any]:
    """The JSON object whose canonical bytes define the version's hash."""
    return agreement.model_dump(mode="json", exclude_none=True)


def version_hash(agreement: Agreement) -> str:
    """Lower-case hex SHA-256 of the version's canonical JSON (RFC 8785)."""
    return hashlib.sha256(canonical_bytes(agreement)).hexdigest()


#: Feature layers of a version (their geometries are most of its bytes).
_LAYERS = ("contact_line", "controlled_areas", "regions", "zones", "holding_areas", "sites")
#: The standard library's C encoder with JCS's separators (as ``canonical_json`` uses it).
_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


def canonical_bytes(agreement: Agreement) -> bytes:
    """``canonical_json(canonical_document(agreement))``, the same bytes, about ten times faster
    on a long line: the document is dumped without its geometries' coordinates, and each list
    of positions is encoded by the C encoder straight from the parsed GeoJSON when every number
    in it is finite and either integral (written as an integer, as RFC 8785 writes it) or
    a float whose ``repr`` is not in exponent form (RFC 8785's form then: ``canonical_json``
    would pass it through unchanged). Anything else (exponent-form numbers, other values,
    unusual geometry objects) goes through ``canonical_json`` itself. Tests compare both on
    the shipped agreements and on coordinates of every kind."""
    token = f"@@truce-coordinates-{uuid.uuid4().hex}:"
    exclude: dict[str, Any] = {}
    blobs: dict[tuple[str, int], bytes] = {}
    for role in _LAYERS:
        for i, feature in enumerate(getattr(agreement, role)):
            g = feature.geometry
            if set(g) == {"type", "coordinates"} and isinstance(g["type"], str):
                blobs[(role, i)] = _coordinates(g["coordinates"])
                exclude.setdefault(role, {})[i] = {"geometry": {"coordinates"}}
    doc = agreement.model_dump(mode="json", exclude_none=True, exclude=exclude or None)
    parts: list[bytes] = []
    for k, (role, i) in enumerate(blobs):
        doc[role][i]["geometry"]["coordinates"] = f"{token}{k}"
        parts.append(blobs[(role, i)])
    out = canonical_json(doc)
    if not parts:
        return out
    pattern = re.compile(b'"' + re.escape(token.encode("ascii")) + rb'(\d+)"')
    return pattern.sub(lambda m: parts[int(m.group(1))], out)


def _coordinates(value: Any) -> bytes:
    """RFC 8785 bytes of a GeoJSON ``coordinates`` value (see :func:`canonical_bytes`)."""
    if isinstance(value, list) and value and isinstance(value[0], list):
        first = value[0]
        if first and isinstance(first[0], list):  # rings, polygons, ...: one level down
            return b"[" + b",".join(_coordinates(v) for v in value) + b"]"
        try:
            xy = np.array(value, dtype=float)
        except (TypeError, ValueError):
            return canonical_json(value)
        if xy.ndim == 2 and np.isfinite(xy).all():
            mag = np.abs(xy)
            whole = xy == np.floor(xy)
            if ((mag >= 1e-4) & (mag < 1e16) | whole & (mag < 2**53)).all():
                # integral numbers print as integers: those (few) positions are rewritten so
                if whole.any():
                    value = list(value)
                    for k in np.flatnonzero(whole.any(axis=1)).tolist():
                        if not all(type(v) in (int, float) for v in value[k]):
                            return canonical_json(value)
                        value[k] = [int(v) if float(v).is_integer() else v for v in value[k]]
                return _ENCODE(value).encode("utf-8")
    return canonical_json(value)


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
class LazyVersions:
    """The versions of an installed agreement, known by number and effective time until they
    are needed (:func:`truce.agreement.loader.load_installed`): ``load`` parses every version,
    ``index`` (when the installation has index caches) builds a version's
    :class:`~truce.agreement.spatial.SpatialIndex` without parsing it, given how to parse it."""

    agreement_id: str
    effective: Mapping[int, datetime]
    load: Callable[[], Sequence[Agreement]]
    index: Callable[[int, Callable[[], Agreement]], SpatialIndex] | None = None


class AgreementHistory:
    """All versions of one agreement, ordered by effective time.

    Either given (``AgreementHistory.of(versions)``) or :class:`LazyVersions`: then the
    versions are parsed on first use of :attr:`versions` (or of anything that returns one), and
    :meth:`number_in_force` and :meth:`index` answer without parsing them."""

    def __init__(
        self,
        versions: Sequence[Agreement] = (),
        digests: dict[int, str] | None = None,
        *,
        lazy: LazyVersions | None = None,
    ) -> None:
        #: Canonical hashes already known (version -> hash): from the install manifest, or
        #: computed once by :meth:`digest` (hashing a 100k-vertex version takes seconds).
        self.digests: dict[int, str] = dict(digests or {})
        self._lazy = lazy
        self._lock = threading.Lock()
        self._indexes: dict[int, SpatialIndex] = {}
        self._versions: tuple[Agreement, ...] | None = None
        if lazy is None:
            if not versions:
                raise InvalidInput("an agreement needs at least one version")
            self._versions = tuple(sorted(versions, key=lambda a: a.effective))
            self._numbers = tuple(a.version for a in self._versions)
            self._starts = tuple(a.effective for a in self._versions)
        else:
            if not lazy.effective:
                raise InvalidInput("an agreement needs at least one version")
            order = sorted(lazy.effective.items(), key=lambda item: item[1])
            self._numbers = tuple(n for n, _ in order)
            self._starts = tuple(t for _, t in order)

    @classmethod
    def of(
        cls, versions: Sequence[Agreement], *, digests: dict[int, str] | None = None
    ) -> AgreementHistory:
        return cls(tuple(versions), dict(digests or {}))

    @property
    def versions(self) -> tuple[Agreement, ...]:
        """Every version, ordered by effective time (parsed on first use when lazy)."""
        if self._versions is None:
            with self._lock:
                if self._versions is None:
                    assert self._lazy is not None
                    loaded = tuple(sorted(self._lazy.load(), key=lambda a: a.effective))
                    if tuple(a.version for a in loaded) != self._numbers:
                        raise InvalidInput("the installed versions differ from the manifest's")
                    self._versions = loaded
        return self._versions

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AgreementHistory):
            return NotImplemented
        return self.versions == other.versions

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"AgreementHistory(id={self.id!r}, versions={self._numbers!r})"

    def digest(self, agreement: Agreement) -> str:
        """:func:`version_hash` of one of the versions, computed at most once."""
        known = self.digests.get(agreement.version)
        if known is None:
            known = self.digests[agreement.version] = version_hash(agreement)
        return known

    def number_in_force(self, at: datetime | None = None) -> int:
        """The number of the version in force at ``at`` (default: the latest), without
        parsing any version; raises like :meth:`in_force`."""
        if at is None:
            return self._numbers[-1]
        i = bisect_right(self._starts, at)
        if i == 0:
            raise NotFound(
                f"no version of agreement {self.id} is in force at {at.isoformat()}",
                hint=f"the first version is effective from {self._starts[0].isoformat()}",
            )
        return self._numbers[i - 1]

    def index(self, number: int) -> SpatialIndex:
        """The spatial index of version ``number``, built once: from the installation's index
        cache when there is one (no version parsed), else from the version."""
        got = self._indexes.get(number)
        if got is None:
            if number not in self._numbers:
                raise NotFound(f"agreement {self.id} has no version {number}")
            if self._lazy is not None and self._lazy.index is not None:
                got = self._lazy.index(number, lambda: self.version(number))
            else:
                got = SpatialIndex(self.version(number))
            got = self._indexes.setdefault(number, got)
        return got

    @property
    def id(self) -> str:
        return self._lazy.agreement_id if self._lazy is not None else self.versions[0].id

    @property
    def latest(self) -> Agreement:
        return self.versions[-1]

    def __iter__(self) -> Iterator[Agreement]:
        return iter(self.versions)

    def in_force(self, at: datetime) -> Agreement:
        """The version in force at ``at`` (timezone-aware).

        Raises :class:`~truce.errors.NotFound` before the first version's effective time.
        """
        return self.version(self.number_in_force(at))

    def version(self, number: int) -> Agreement:
        for a in self.versions:
            if a.version == number:
                return a
        raise NotFound(f"agreement {self.id} has no version {number}")
