"""Incidents, their facts and clause results as columns (issue 11.4: 1,000,000 incidents).

The columnar form of the compliance check: :class:`IncidentColumns` holds many incidents as
NumPy arrays (as they are loaded from the store), :class:`FactColumns` their geometric facts
(:mod:`truce.compliance.batch`), and :class:`ClauseColumns` what one clause finds for each of
them (status, reason, attribution), each clause module's ``check_batch`` the vectorised form
of its ``check``. Enumerations are integer codes: the index in the tuples below.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from functools import cached_property
from operator import itemgetter
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from truce.compliance._areas import InArea
from truce.compliance.facts import SubjectFacts
from truce.compliance.model import UNDETERMINED as NOBODY_ID
from truce.compliance.model import Finding, Outcome
from truce.compliance.subject import Subject
from truce.domain.reasons import Reason
from truce.domain.vocabulary import CountQualifier, EventKind, ExplosionSubtype, Weapon

if TYPE_CHECKING:
    from truce.domain.incident import Incident

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
BoolMatrix = npt.NDArray[np.bool_]

KINDS: tuple[EventKind, ...] = tuple(EventKind)
SUBTYPES: tuple[ExplosionSubtype, ...] = tuple(ExplosionSubtype)
WEAPONS: tuple[Weapon, ...] = tuple(Weapon)
QUALIFIERS: tuple[CountQualifier, ...] = tuple(CountQualifier)
REASONS: tuple[Reason, ...] = tuple(Reason)
#: ``in_area`` codes.
IN_AREA_NAMES: tuple[InArea, ...] = ("no", "yes", "partly", "unknown")
NO, YES, PARTLY, UNKNOWN = 0, 1, 2, 3


class Code(IntEnum):
    """Outcome codes: no finding (the clause does not apply), then as the point form of
    :mod:`truce.compliance.weapon_withdrawal`."""

    NONE = -1
    NOT_BREACHED = 0
    BREACHED = 1
    UNDETERMINED = 2


#: Attribution code of ``undetermined`` (else an index into the agreement's ``party_ids``).
NOBODY = -1

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)


def epoch_us(at: datetime) -> int:
    """Microseconds since 1970-01-01 UTC, exactly."""
    return (at - _EPOCH) // _US


def from_epoch_us(us: int) -> datetime:
    return _EPOCH + timedelta(microseconds=us)


@dataclass(frozen=True)
class IncidentColumns:
    """Fused incidents as columns, one row per incident (see :meth:`of`).

    ``semi_major_m`` is 0 for a point estimate (no ellipse); ``count`` is -1 when unknown;
    ``weapon_codes[weapon_start[k]:weapon_start[k + 1]]`` are row ``k``'s weapons, in order.
    Times are microseconds since the epoch; records built from the columns carry them in UTC,
    as fusion gives every incident's window."""

    ids: tuple[str, ...]
    kind: IntArray
    subtype: IntArray
    lon: FloatArray
    lat: FloatArray
    semi_major_m: FloatArray
    semi_minor_m: FloatArray
    orientation_deg: FloatArray
    start_us: IntArray
    end_us: IntArray
    count: IntArray
    qualifier: IntArray
    at_observer: BoolArray
    weapon_codes: IntArray
    weapon_start: IntArray

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of(cls, incidents: Sequence[Incident]) -> IncidentColumns:
        """The columns of incidents (in order)."""
        kinds = {k: i for i, k in enumerate(KINDS)}
        subtypes = {k: i for i, k in enumerate(SUBTYPES)}
        weapons = {k: i for i, k in enumerate(WEAPONS)}
        qualifiers = {k.value: i for i, k in enumerate(QUALIFIERS)}
        n_weapons = [len(i.weapons) for i in incidents]
        return cls(
            ids=tuple(str(i.id) for i in incidents),
            kind=np.array([kinds[i.kind] for i in incidents], dtype=np.int64),
            subtype=np.array(
                [-1 if i.subtype is None else subtypes[i.subtype] for i in incidents],
                dtype=np.int64,
            ),
            lon=np.array([i.lon for i in incidents], dtype=float),
            lat=np.array([i.lat for i in incidents], dtype=float),
            semi_major_m=np.array([i.ellipse.semi_major_m for i in incidents], dtype=float),
            semi_minor_m=np.array([i.ellipse.semi_minor_m for i in incidents], dtype=float),
            orientation_deg=np.array([i.ellipse.orientation_deg for i in incidents], dtype=float),
            start_us=np.array([epoch_us(i.window.start) for i in incidents], dtype=np.int64),
            end_us=np.array([epoch_us(i.window.end) for i in incidents], dtype=np.int64),
            count=np.array([i.counts.total for i in incidents], dtype=np.int64),
            qualifier=np.array([qualifiers[i.counts.qualifier] for i in incidents], dtype=np.int64),
            at_observer=np.array([i.method == "position" for i in incidents], dtype=bool),
            weapon_codes=np.array(
                [weapons[w] for i in incidents for w in i.weapons], dtype=np.int64
            ),
            weapon_start=np.concatenate([[0], np.cumsum(n_weapons, dtype=np.int64)]),
        )

    def take(self, rows: IntArray) -> IncidentColumns:
        """The given rows, in that order."""
        if len(rows) == len(self) and np.array_equal(rows, np.arange(len(self))):
            return self
        lengths = np.diff(self.weapon_start)[rows]
        # Row r's weapons are weapon_codes[weapon_start[r] + 0 .. lengths - 1].
        first = np.repeat(self.weapon_start[rows], lengths)
        within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        ids = self.ids
        return IncidentColumns(
            ids=tuple(ids[r] for r in rows.tolist()) if len(rows) < 2 else itemgetter(*rows)(ids),
            kind=self.kind[rows],
            subtype=self.subtype[rows],
            lon=self.lon[rows],
            lat=self.lat[rows],
            semi_major_m=self.semi_major_m[rows],
            semi_minor_m=self.semi_minor_m[rows],
            orientation_deg=self.orientation_deg[rows],
            start_us=self.start_us[rows],
            end_us=self.end_us[rows],
            count=self.count[rows],
            qualifier=self.qualifier[rows],
            at_observer=self.at_observer[rows],
            weapon_codes=self.weapon_codes[first + within],
            weapon_start=np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)]),
        )

    @cached_property
    def located(self) -> BoolArray:
        located: BoolArray = ~(np.isnan(self.lon) | np.isnan(self.lat))
        return located

    @cached_property
    def origin(self) -> BoolArray:
        """Whether the location marks the origin of fire (:mod:`truce.compliance.subject`)."""
        kinds = [KINDS.index(k) for k in (EventKind.MUZZLE_FLASH, EventKind.FIRE)]
        outgoing = (self.kind == KINDS.index(EventKind.EXPLOSION)) & (
            self.subtype == SUBTYPES.index(ExplosionSubtype.OUTGOING)
        )
        origin: BoolArray = ~self.at_observer & (np.isin(self.kind, kinds) | outgoing)
        return origin

    def weapons(self, row: int) -> tuple[Weapon, ...]:
        codes = self.weapon_codes[self.weapon_start[row] : self.weapon_start[row + 1]]
        return tuple(WEAPONS[int(c)] for c in codes)

    def subject(self, row: int) -> Subject:
        """Row ``row`` as the :class:`Subject` :func:`~truce.compliance.subject.from_incident`
        gives (without its traced area: clause checks do not read it)."""
        return self.subjects(np.array([row]))[0]

    def subjects(self, rows: IntArray) -> list[Subject]:
        """:meth:`subject` of each of ``rows`` (their columns converted once)."""
        kind, subtype = self.kind[rows].tolist(), self.subtype[rows].tolist()
        at_observer, count = self.at_observer[rows].tolist(), self.count[rows].tolist()
        start, end = self.start_us[rows].tolist(), self.end_us[rows].tolist()
        lon, lat, qualifier = (
            self.lon[rows].tolist(),
            self.lat[rows].tolist(),
            self.qualifier[rows].tolist(),
        )
        origin = self.origin[rows].tolist()
        out = []
        for j, r in enumerate(rows.tolist()):
            code = subtype[j]
            out.append(
                Subject(
                    record_ids=(self.ids[r],),
                    record_type="incident",
                    kind=KINDS[kind[j]],
                    start=from_epoch_us(start[j]),
                    end=from_epoch_us(end[j]),
                    lon=lon[j],
                    lat=lat[j],
                    basis="observer" if at_observer[j] else "estimate",
                    origin=origin[j],
                    subtype=None if code < 0 else SUBTYPES[code],
                    weapons=self.weapons(r),
                    count=None if count[j] < 0 else count[j],
                    count_qualifier=QUALIFIERS[qualifier[j]],
                )
            )
        return out


@dataclass(frozen=True)
class FactColumns:
    """The geometric facts of many subjects (:class:`~truce.compliance.facts.SubjectFacts`
    as columns). Names are indices: ``side``, ``wholly_on`` into ``parties`` (-1 none),
    ``region`` into ``regions``; matrices have one column per party or zone."""

    parties: tuple[str, ...]
    regions: tuple[str, ...]
    zones: tuple[str, ...]
    distance_m: FloatArray
    min_distance_m: FloatArray
    max_distance_m: FloatArray
    side: IntArray
    wholly_on: IntArray
    region: IntArray
    sides: BoolMatrix
    zones_covering: BoolMatrix
    zones_intersecting: BoolMatrix
    in_area: IntArray

    def __len__(self) -> int:
        return len(self.distance_m)

    def row(self, k: int) -> SubjectFacts:
        """Row ``k`` as :class:`~truce.compliance.facts.SubjectFacts`."""
        return self.rows(np.array([k]))[0]

    def rows(self, ks: IntArray) -> list[SubjectFacts]:
        """:meth:`row` of each of ``ks`` (their columns converted once)."""
        parties, regions = (*self.parties, None), (*self.regions, None)  # -1: none
        side, wholly = self.side[ks].tolist(), self.wholly_on[ks].tolist()
        region, in_area = self.region[ks].tolist(), self.in_area[ks].tolist()
        d, lo, hi = (
            x[ks].tolist() for x in (self.distance_m, self.min_distance_m, self.max_distance_m)
        )
        sides = _name_rows(self.parties, self.sides[ks])
        cover = _name_rows(self.zones, self.zones_covering[ks])
        inter = _name_rows(self.zones, self.zones_intersecting[ks])
        return [
            SubjectFacts(
                distance_m=d[j],
                min_distance_m=lo[j],
                max_distance_m=hi[j],
                side=parties[side[j]],
                sides=sides[j],
                wholly_on=parties[wholly[j]],
                region=regions[region[j]],
                zones_covering=cover[j],
                zones_intersecting=inter[j],
                in_area=IN_AREA_NAMES[in_area[j]],
            )
            for j in range(len(d))
        ]

    def zone_column(self, zone: str) -> int:
        """The column of a zone, holding area or site (-1 if the index has none of that id)."""
        return self.zones.index(zone) if zone in self.zones else -1


@dataclass(frozen=True)
class ClauseColumns:
    """What one clause finds for each subject: ``outcome`` (``NONE`` where it does not
    apply), ``reason`` (index into :data:`REASONS`, -1 none) and ``attribution``
    (index into the agreement's ``party_ids``, ``NOBODY`` for undetermined)."""

    outcome: npt.NDArray[np.int8]
    reason: IntArray
    attribution: IntArray

    @classmethod
    def empty(cls, n: int) -> ClauseColumns:
        return cls(
            np.full(n, Code.NONE, dtype=np.int8),
            np.full(n, -1, dtype=np.int64),
            np.full(n, NOBODY, dtype=np.int64),
        )

    def set(self, rows: BoolArray | IntArray, outcome: int, reason: Reason) -> None:
        """Give ``rows`` an outcome and reason (attribution unchanged)."""
        self.outcome[rows] = outcome
        self.reason[rows] = REASONS.index(reason)


def _name_rows(names: tuple[str, ...], mask: BoolMatrix) -> list[tuple[str, ...]]:
    """Per row of ``mask``, the names of its true columns (in column order)."""
    if not names:
        return [()] * len(mask)
    keys = np.packbits(mask, axis=1)
    cache: dict[bytes, tuple[str, ...]] = {}
    out = []
    for k, key in enumerate(keys):
        b = key.tobytes()
        got = cache.get(b)
        if got is None:
            got = cache[b] = tuple(n for n, hit in zip(names, mask[k].tolist(), strict=True) if hit)
        out.append(got)
    return out


OUTCOME_CODES: dict[Outcome, Code] = {
    Outcome.NOT_BREACHED: Code.NOT_BREACHED,
    Outcome.BREACHED: Code.BREACHED,
    Outcome.UNDETERMINED: Code.UNDETERMINED,
}


def encode(out: ClauseColumns, row: int, finding: Finding | None, parties: tuple[str, ...]) -> None:
    """Store a per-subject finding in row ``row`` of the columns."""
    if finding is None:
        out.outcome[row], out.reason[row], out.attribution[row] = Code.NONE, -1, NOBODY
        return
    out.outcome[row] = OUTCOME_CODES[finding.outcome]
    out.reason[row] = REASONS.index(finding.facts.reason)
    who = finding.attribution
    out.attribution[row] = NOBODY if who == NOBODY_ID else parties.index(who)
