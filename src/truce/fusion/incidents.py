"""Incident models from the columnar fusion result, in bulk.

Everything per incident (counts, window, location, ellipse, confidence, kind, weapons) is
computed on arrays first; the one Python loop left builds the models. The values are valid by
construction, so the models are built as trusted: what pydantic's ``model_construct`` does
(set ``__dict__``, the fields set and the empty extras), without its per-field alias and
default handling. ``validate=True`` runs full pydantic validation instead, and a test checks
that both give equal incidents.

Incident ids are UUIDv5 of the algorithm version and the sorted observation ids
(:func:`truce.domain.incident.incident_id`); here the SHA-1 is taken directly and the ids'
string order is their integer order, so the output is sorted on arrays.
"""

from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

from truce.domain.incident import (
    FUSION_ALGORITHM_VERSION,
    INCIDENT_NAMESPACE,
    Counts,
    Ellipse,
    Incident,
    uuid_from_int,
)
from truce.domain.time import TimeWindow
from truce.domain.vocabulary import EventKind, ExplosionSubtype, SourceType, Weapon
from truce.fusion.counting import count
from truce.fusion.location import SOUND_SPEED, Locations
from truce.fusion.table import (
    F64,
    I64,
    KINDS,
    SOURCE_TYPES,
    SUBTYPES,
    WEAPONS,
    ObsTable,
    sorted_unique,
)

#: How much one report of each source type adds to an incident's confidence.
SOURCE_RELIABILITY: dict[SourceType, float] = {
    SourceType.PATROL: 0.55,
    SourceType.POST: 0.55,
    SourceType.CAMERA: 0.6,
    SourceType.UAV: 0.75,
    SourceType.SENSOR: 0.45,
    SourceType.MEDIA: 0.2,
    SourceType.PARTY: 0.15,
}

_DETERMINED = [
    SUBTYPES.index(s)
    for s in (ExplosionSubtype.IMPACT, ExplosionSubtype.OUTGOING, ExplosionSubtype.AIRBURST)
]


@dataclass(frozen=True)
class FusionArrays:
    """The columnar result: one label per table row and per-incident arrays."""

    table: ObsTable
    labels: I64
    located: Locations
    m: int


@dataclass(frozen=True)
class IncidentColumns:
    """Per-incident arrays, in output order (window start, then id)."""

    order: I64  # incident label of each output position
    id_int: list[int]
    start: F64  # seconds, rounded to milliseconds
    end: F64
    lon: F64
    lat: F64
    major: F64
    minor: F64
    orient: F64
    kind: I64
    subtype: I64  # index in SUBTYPES, -1 none
    wmask: I64
    total: I64
    by_subtype: dict[ExplosionSubtype, I64]
    qualifier: I64  # 0 exact, 1 about, 2 at_least
    nsrc: I64
    conf: F64
    method: list[str]  # location method
    members: I64  # table rows sorted by (label, observation id)
    member_int: list[int]  # those rows' observation ids as integers
    bounds: I64  # members of label k: members[bounds[k]:bounds[k + 1]]


def id_ints(ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The 128-bit value of each canonical UUID string (``str(UUID)``: lower-case, dashed) as
    (high, low) uint64, vectorised. Such strings sort like these values.

    Raises ValueError for any other id format.
    """
    joined = "".join(ids)
    bad = len(joined) != 36 * len(ids) or joined != joined.lower()
    if not bad:
        try:
            raw = bytes.fromhex(joined.replace("-", ""))
            bad = len(raw) != 16 * len(ids) or bool(joined[8::36].strip("-"))
        except ValueError:
            bad = True
    if bad:
        raise ValueError("observation ids must be canonical UUID strings")
    words = np.frombuffer(raw, ">u8").reshape(-1, 2).astype(np.uint64)
    hi, lo = words[:, 0].copy(), words[:, 1].copy()
    return hi, lo


def incident_columns(res: FusionArrays) -> IncidentColumns:
    """Everything per incident, on arrays; see :class:`IncidentColumns`."""
    t, lab, loc, m = res.table, res.labels, res.located, res.m
    hi, lo = id_ints(t.ids)
    members = np.lexsort((lo, hi, lab))
    bounds = np.r_[0, np.cumsum(np.bincount(lab, minlength=m))]
    digests = _id_digests(t.ids, members, bounds)
    ihi, ilo = _uuid5_bits(digests)
    start, end = _windows(t, lab, m)
    out = np.lexsort((ilo, ihi, start))
    cnt = count(t, lab, m)
    lon, lat = t.plane.inverse(loc.x, loc.y)
    kind = np.zeros(m, np.int64)
    kind[lab] = t.kind
    wmask = np.zeros(m, np.int64)
    np.bitwise_or.at(wmask, lab, t.weapons_mask)
    major = np.round(loc.semi_major, 1)
    qual = np.where(cnt.lower_bound, 2, np.where(cnt.estimated, 1, 0))
    expl = kind == KINDS.index(EventKind.EXPLOSION)
    id_int = _ints(ihi[out], ilo[out])
    return IncidentColumns(
        order=out, id_int=id_int, start=start[out], end=end[out], lon=lon[out], lat=lat[out],
        major=major[out], minor=np.minimum(np.round(loc.semi_minor, 1), major)[out],
        orient=(np.round(loc.orientation_deg, 2) % 180.0)[out], kind=kind[out],
        subtype=np.where(expl, _subtype(cnt.by_subtype), -1)[out], wmask=wmask[out],
        total=cnt.total[out], by_subtype={s: v[out] for s, v in cnt.by_subtype.items()},
        qualifier=qual[out], nsrc=_n_sources(lab, t.src, m)[out],
        conf=_confidence(res)[out], method=[loc.method[k] for k in out.tolist()],
        members=members, bounds=bounds,
        member_int=_ints(hi[members], lo[members]),
    )  # fmt: skip


def _ints(hi: np.ndarray, lo: np.ndarray) -> list[int]:
    """Python ints ``hi << 64 | lo`` of uint64 arrays."""
    out: list[int] = ((hi.astype(object) << 64) | lo.astype(object)).tolist()
    return out


def _id_digests(ids: list[str], members: I64, bounds: I64) -> list[bytes]:
    """SHA-1 of namespace + "version:" + sorted ids joined by ",", per incident (UUIDv5).

    The ids are joined once; incident k's key is a slice of that buffer (37 bytes per id).
    """
    big = memoryview(",".join([ids[r] for r in members.tolist()]).encode("ascii"))
    base = hashlib.sha1(INCIDENT_NAMESPACE.bytes + (FUSION_ALGORITHM_VERSION + ":").encode())
    b = (bounds * 37).tolist()
    out = []
    for s, e in zip(b[:-1], b[1:], strict=True):
        h = base.copy()
        h.update(big[s : e - 1])
        out.append(h.digest()[:16])
    return out


def _uuid5_bits(digests: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """(high, low) uint64 of UUIDs made from 16-byte digests with version 5 (RFC 4122)."""
    if not digests:
        return np.zeros(0, np.uint64), np.zeros(0, np.uint64)
    words = np.frombuffer(b"".join(digests), ">u8").reshape(-1, 2).astype(np.uint64)
    hi = (words[:, 0] & ~np.uint64(0xF000)) | np.uint64(0x5000)
    lo = (words[:, 1] & ~np.uint64(0xC000 << 48)) | np.uint64(0x8000 << 48)
    return hi, lo


def _windows(t: ObsTable, lab: I64, m: int) -> tuple[F64, F64]:
    """Event window: the reports' windows moved back by the sound's travel time; their
    intersection when they agree, else their union; seconds rounded to milliseconds."""
    ev0 = t.t0 - 0.5 * (t.dmin + t.dmax) / SOUND_SPEED
    lo, hi = np.full(m, -np.inf), np.full(m, np.inf)
    np.maximum.at(lo, lab, ev0)
    np.minimum.at(hi, lab, t.t1)
    ulo, uhi = np.full(m, np.inf), np.full(m, -np.inf)
    np.minimum.at(ulo, lab, ev0)
    np.maximum.at(uhi, lab, t.t1)
    start = np.asarray(np.round(np.where(lo <= hi, lo, ulo), 3), dtype=np.float64)
    end = np.asarray(np.round(np.where(lo <= hi, hi, uhi), 3), dtype=np.float64)
    return start, np.maximum(end, start)


def _confidence(res: FusionArrays) -> F64:
    t, lab, loc, m = res.table, res.labels, res.located, res.m
    rel = np.array([SOURCE_RELIABILITY.get(s, 0.3) for s in SOURCE_TYPES])[t.stype]
    miss = np.exp(np.bincount(lab, weights=np.log1p(-rel), minlength=m))  # P(all wrong)
    fit = np.where(
        loc.dof > 0, np.exp(-np.maximum(0.0, loc.chi2 / np.maximum(loc.dof, 1) - 1) / 8), 1.0
    )
    return np.asarray(np.round(np.clip((1.0 - miss) * fit, 0.0, 1.0), 4), dtype=np.float64)


def _subtype(by: dict[ExplosionSubtype, I64]) -> I64:
    """The dominant determined subtype (first in SUBTYPES order on ties), unless undetermined
    rounds outnumber it."""
    stack = np.stack([by[SUBTYPES[s]] for s in _DETERMINED])
    best = np.argmax(stack, axis=0)  # first maximum: SUBTYPES order breaks ties
    n = stack[best, np.arange(stack.shape[1])]
    und = by[ExplosionSubtype.UNDETERMINED]
    return np.where(
        (n > 0) & (n >= und),
        np.asarray(_DETERMINED)[best],
        SUBTYPES.index(ExplosionSubtype.UNDETERMINED),
    )


def _n_sources(lab: I64, src: I64, m: int) -> I64:
    base = int(src.max()) + 1 if len(src) else 1
    pairs = sorted_unique(lab * base + src)
    return np.bincount(pairs // base, minlength=m)


def build_incidents(res: FusionArrays, *, validate: bool = False) -> list[Incident]:
    """Incident models from the columnar result, sorted by (window start, id)."""
    if res.m == 0:
        return []
    return models(incident_columns(res), validate=validate)


def models(c: IncidentColumns, *, validate: bool = False) -> list[Incident]:
    """The one Python loop: a model per incident from the columns, in their order.

    The cyclic garbage collector is paused meanwhile: the models hold no cycles, and its
    passes over millions of new objects would cost more than building them.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _models(c, validate)
    finally:
        if paused:
            gc.enable()


def _models(c: IncidentColumns, validate: bool) -> list[Incident]:
    uuids = list(map(uuid_from_int, c.member_int))
    bounds = c.bounds.tolist()
    weapons: dict[int, tuple[Weapon, ...]] = {}
    quals = ("exact", "about", "at_least")
    by = {s.value: v.tolist() for s, v in c.by_subtype.items()}
    imp, out_, air, und = (by[s] for s in ("impact", "outgoing", "airburst", "undetermined"))
    make = _validated if validate else _trusted
    result = []
    for p, (k, idn, s0, s1, lon, lat, a, b, o, kd, st, wm, tot, q, ns, cf, mth) in enumerate(
        zip(
            c.order.tolist(), c.id_int, c.start.tolist(), c.end.tolist(), c.lon.tolist(),
            c.lat.tolist(), c.major.tolist(), c.minor.tolist(), c.orient.tolist(),
            c.kind.tolist(), c.subtype.tolist(), c.wmask.tolist(), c.total.tolist(),
            c.qualifier.tolist(), c.nsrc.tolist(), c.conf.tolist(), c.method, strict=True,
        )
    ):  # fmt: skip
        if wm not in weapons:
            weapons[wm] = tuple(w for i, w in enumerate(WEAPONS) if wm >> i & 1)
        result.append(make(
            idn, KINDS[kd], SUBTYPES[st] if st >= 0 else None, weapons[wm], lon, lat, a, b, o,
            mth, s0, s1, tot, imp[p], out_[p], air[p], und[p], quals[q],
            tuple(uuids[bounds[k] : bounds[k + 1]]), ns, cf,
        ))  # fmt: skip
    return result


_fromts = datetime.fromtimestamp
_UTC = UTC


def _dt(ts: float) -> datetime:
    return _fromts(ts, _UTC)


_new = object.__new__
_set = object.__setattr__
# one fields-set per class, shared: pydantic copies it before any change (``model_copy``) and
# frozen models never change it
_FS_INCIDENT = set(Incident.model_fields)
_FS_ELLIPSE = set(Ellipse.model_fields)
_FS_WINDOW = set(TimeWindow.model_fields)
_FS_COUNTS = set(Counts.model_fields)


def _trusted(
    idn: int, kind: EventKind, sub: ExplosionSubtype | None, weapons: tuple[Weapon, ...],
    lon: float, lat: float, a: float, b: float, o: float, method: str, s0: float, s1: float,
    total: int, imp: int, out: int, air: int, und: int, qual: str, obs: tuple[Any, ...],
    nsrc: int, conf: float,
) -> Incident:  # fmt: skip
    """The incident and its three parts as trusted models (``model_construct``, inlined)."""
    e = _new(Ellipse)
    _set(e, "__dict__", {"semi_major_m": a, "semi_minor_m": b, "orientation_deg": o})
    _set(e, "__pydantic_fields_set__", _FS_ELLIPSE)
    _set(e, "__pydantic_extra__", None)
    _set(e, "__pydantic_private__", None)
    w = _new(TimeWindow)
    _set(w, "__dict__", {"end": _fromts(s1, _UTC), "start": _fromts(s0, _UTC)})  # field order
    _set(w, "__pydantic_fields_set__", _FS_WINDOW)
    _set(w, "__pydantic_extra__", None)
    _set(w, "__pydantic_private__", None)
    c = _new(Counts)
    _set(c, "__dict__", {"total": total, "impact": imp, "outgoing": out, "airburst": air,
                         "undetermined": und, "qualifier": qual})  # fmt: skip
    _set(c, "__pydantic_fields_set__", _FS_COUNTS)
    _set(c, "__pydantic_extra__", None)
    _set(c, "__pydantic_private__", None)
    i = _new(Incident)
    _set(i, "__dict__", {
        "id": uuid_from_int(idn), "algorithm_version": FUSION_ALGORITHM_VERSION, "kind": kind,
        "subtype": sub, "weapons": weapons, "lon": lon, "lat": lat, "ellipse": e,
        "method": method, "window": w, "counts": c, "observation_ids": obs,
        "n_sources": nsrc, "confidence": conf,
    })  # fmt: skip
    _set(i, "__pydantic_fields_set__", _FS_INCIDENT)
    _set(i, "__pydantic_extra__", None)
    _set(i, "__pydantic_private__", None)
    return i


def _validated(
    idn: int, kind: EventKind, sub: ExplosionSubtype | None, weapons: tuple[Weapon, ...],
    lon: float, lat: float, a: float, b: float, o: float, method: str, s0: float, s1: float,
    total: int, imp: int, out: int, air: int, und: int, qual: str, obs: tuple[Any, ...],
    nsrc: int, conf: float,
) -> Incident:  # fmt: skip
    return Incident.model_validate({
        "id": uuid_from_int(idn), "algorithm_version": FUSION_ALGORITHM_VERSION, "kind": kind,
        "subtype": sub, "weapons": weapons, "lon": lon, "lat": lat,
        "ellipse": {"semi_major_m": a, "semi_minor_m": b, "orientation_deg": o},
        "method": method, "window": {"start": _dt(s0), "end": _dt(s1)},
        "counts": {"total": total, "impact": imp, "outgoing": out, "airburst": air,
                   "undetermined": und, "qualifier": qual},
        "observation_ids": obs, "n_sources": nsrc, "confidence": conf,
    })  # fmt: skip
