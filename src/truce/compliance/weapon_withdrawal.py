"""Clause type ``weapon_withdrawal``: a weapon of a listed category stands closer to the contact
line than its withdrawal distance, on its party's side, outside that party's holding areas.

"Closer than" is strict: a weapon exactly at the withdrawal distance complies. A limit with a
calibre range applies for certain when the calibre is known and inside it, and only possibly
when the calibre is unknown: then a weapon between the certain and the possible distance is
``undetermined``. So is a subject whose area (sector, ellipse) straddles the distance or a
holding area's edge. Weapons inside a registered holding area of the party whose side they are
on are exempt (``exempt_holding_areas``). Outside the agreement's area the clause does not bite.
Attribution: the party on whose side the whole subject stands, else undetermined (a weapon
exactly on the line has no side).

:func:`check_points` is the vectorised form for many point sightings at once (same rules),
:func:`check_batch` the columnar form of :func:`check`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from truce.agreement.clauses import WeaponWithdrawalClause, WithdrawalLimit
from truce.agreement.models import Agreement
from truce.agreement.spatial import SpatialIndex
from truce.compliance._common import attribute_position, base_facts, unlocated
from truce.compliance.columns import (
    KINDS,
    NO,
    NOBODY,
    REASONS,
    ClauseColumns,
    Code,
    FactColumns,
    IncidentColumns,
)
from truce.compliance.facts import SubjectFacts
from truce.compliance.model import UNDETERMINED, Finding, Outcome, worst
from truce.compliance.subject import Subject
from truce.domain.reasons import Reason, ReasonParams
from truce.domain.vocabulary import EventKind, Weapon

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Weapon categories as integer codes (index in this tuple) for the vectorised form.
WEAPON_CODES: tuple[Weapon, ...] = tuple(Weapon)
#: Outcome codes of :func:`check_points`.
NOT_BREACHED, BREACHED, UNDECIDED = 0, 1, 2
#: A point nearer the line than this (metres) is on it.
ON_LINE_M = 0.01
#: Relative band round a limit within which bulk distances are measured again exactly
#: (above the fast mode's error bound).
NEAR_LIMIT = 3e-3


def _applicable_m(
    limits: tuple[WithdrawalLimit, ...], weapon: Weapon, calibre: float | None
) -> float:
    """Largest distance (m) of the limits that apply to ``weapon`` of ``calibre`` (known)."""
    best = 0.0
    for lim in limits:
        if weapon not in lim.weapons:
            continue
        lo, hi = lim.calibre_mm_min, lim.calibre_mm_max
        if calibre is None and (lo is not None or hi is not None):
            continue
        if calibre is not None and (
            (lo is not None and calibre < lo) or (hi is not None and calibre >= hi)
        ):
            continue
        best = max(best, lim.distance_km * 1000.0)
    return best


def _unknown_calibre_m(limits: tuple[WithdrawalLimit, ...], weapon: Weapon) -> tuple[float, float]:
    """(certain, possible) distance for ``weapon`` of unknown calibre: the least and the
    largest applicable distance over every calibre band the limits distinguish."""
    cuts = sorted(
        {
            c
            for lim in limits
            if weapon in lim.weapons
            for c in (lim.calibre_mm_min, lim.calibre_mm_max)
            if c is not None
        }
    )
    if not cuts:
        d = _applicable_m(limits, weapon, None)
        return d, d
    probes = [
        cuts[0] / 2,
        *cuts,
        *((a + b) / 2 for a, b in zip(cuts, cuts[1:], strict=False)),
        cuts[-1] * 2,
    ]
    values = [_applicable_m(limits, weapon, c) for c in probes]
    return min(values), max(values)


def limit_arrays(
    limits: tuple[WithdrawalLimit, ...], weapon_code: IntArray, calibre_mm: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Per weapon, the withdrawal distance in metres that certainly applies and the largest
    that possibly applies (0 where none does). ``calibre_mm`` is NaN where unknown: then the
    certain distance is the least over the calibre bands the limits distinguish."""
    certain = np.zeros(len(weapon_code))
    possible = np.zeros(len(weapon_code))
    known = ~np.isnan(calibre_mm)
    for code in np.unique(weapon_code):
        weapon = WEAPON_CODES[int(code)]
        of_code = weapon_code == code
        unknown = of_code & ~known
        if unknown.any():
            certain[unknown], possible[unknown] = _unknown_calibre_m(limits, weapon)
        for cal in np.unique(calibre_mm[of_code & known]):
            mask = of_code & (calibre_mm == cal)
            certain[mask] = possible[mask] = _applicable_m(limits, weapon, float(cal))
    return certain, possible


def check_points(
    *,
    index: SpatialIndex,
    clause: WeaponWithdrawalClause,
    lon: npt.ArrayLike,
    lat: npt.ArrayLike,
    weapon_code: npt.ArrayLike,
    calibre_mm: npt.ArrayLike | None = None,
) -> tuple[npt.NDArray[np.int8], FloatArray, IntArray]:
    """Outcome codes (``NOT_BREACHED``, ``BREACHED``, ``UNDECIDED``), distances in metres and
    side indices (into ``party_ids``; -1 none) for many point weapon sightings.

    Distances come from the index's fast mode; those within :data:`NEAR_LIMIT` (relative) of a
    limit that applies are measured again exactly, so every decision is the exact one."""
    lo, la = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    code = np.asarray(weapon_code, dtype=np.int64)
    cal = np.full(len(lo), np.nan) if calibre_mm is None else np.asarray(calibre_mm, dtype=float)
    certain, possible = limit_arrays(clause.parameters.limits, code, cal)
    relevant = np.flatnonzero(possible > 0)
    out = np.zeros(len(lo), dtype=np.int8)
    dist = np.full(len(lo), np.nan)
    side = np.full(len(lo), -1, dtype=np.int64)
    if not len(relevant):
        return out, dist, side
    rl, ra = lo[relevant], la[relevant]
    c, p = certain[relevant], possible[relevant]
    d = index.distance_m(rl, ra, exact=False)
    close = np.zeros(len(d), dtype=bool)
    for limit in (c, p):
        close |= (limit > 0) & (np.abs(d - limit) <= NEAR_LIMIT * limit + 1.0)
    if close.any():
        d[close] = index.distance_m(rl[close], ra[close], exact=True)
    s = index.side_index(rl, ra)
    covered = (s >= 0) | (d <= ON_LINE_M)
    if clause.parameters.exempt_holding_areas:
        parties = index.agreement.party_ids
        for ha in index.agreement.holding_areas:
            own = s == parties.index(ha.party)
            covered &= ~(index.zone_mask(ha.id, rl, ra) & own)
    breached = covered & (c > 0) & (d < c)
    undecided = covered & ~breached & (d < p)
    out[relevant] = np.where(breached, BREACHED, np.where(undecided, UNDECIDED, NOT_BREACHED))
    dist[relevant], side[relevant] = d, s
    return out, dist, side


def _holding_state(facts: SubjectFacts, agreement: Agreement) -> tuple[str | None, bool]:
    """(holding area of the subject's own party covering it, partly-in-one flag)."""
    own = [h for h in agreement.holding_areas if h.party == facts.wholly_on]
    covering = next((h.id for h in own if h.id in facts.zones_covering), None)
    partly = any(h.id in facts.zones_intersecting for h in agreement.holding_areas)
    return covering, partly and covering is None


def _one_weapon(
    subject: Subject, facts: SubjectFacts, certain: float, possible: float, weapon: Weapon
) -> Finding:
    assert facts.min_distance_m is not None and facts.max_distance_m is not None
    d_lo, d_hi = facts.min_distance_m, facts.max_distance_m
    limit_km = (certain or possible) / 1000.0
    extra = {"weapon": weapon, "limit_km": limit_km}
    params: ReasonParams = {"weapon": weapon.value}
    if certain > 0 and d_hi < certain:
        outcome, reason = Outcome.BREACHED, Reason.WEAPON_WITHIN_LIMIT
        params |= {"distance_km": round(d_hi / 1000, 1), "limit_km": certain / 1000}
    elif d_lo < possible:
        outcome = Outcome.UNDETERMINED
        straddles = d_hi >= possible
        reason = Reason.WEAPON_STRADDLES_LIMIT if straddles else Reason.WEAPON_CALIBRE_UNKNOWN
        params |= {"limit_km": possible / 1000}
    else:
        outcome, reason = Outcome.NOT_BREACHED, Reason.WEAPON_BEYOND_LIMIT
    who = attribute_position(facts) if outcome is not Outcome.NOT_BREACHED else UNDETERMINED
    return Finding(outcome, base_facts(facts, reason, params, **extra), who)


def check(
    *, subject: Subject, facts: SubjectFacts, clause: WeaponWithdrawalClause, agreement: Agreement
) -> Finding | None:
    """The finding for one subject, or ``None`` if no listed weapon category is involved."""
    if subject.kind is not EventKind.WEAPON or not subject.weapons:
        return None
    codes = np.array([WEAPON_CODES.index(w) for w in subject.weapons], dtype=np.int64)
    cal = np.full(len(codes), np.nan if subject.calibre_mm is None else subject.calibre_mm)
    certain, possible = limit_arrays(clause.parameters.limits, codes, cal)
    if not (possible > 0).any():
        return None
    if not subject.located:
        return unlocated(facts)
    if facts.in_area == "no":
        return Finding(Outcome.NOT_BREACHED, base_facts(facts, Reason.OUTSIDE_AREA))
    if clause.parameters.exempt_holding_areas:
        holding, partly = _holding_state(facts, agreement)
        if holding is not None:
            return Finding(
                Outcome.NOT_BREACHED,
                base_facts(facts, Reason.IN_HOLDING_AREA, {"area": holding}, holding_area=holding),
            )
        if partly:
            return Finding(Outcome.UNDETERMINED, base_facts(facts, Reason.PARTLY_IN_HOLDING_AREA))
    findings = [
        _one_weapon(subject, facts, float(c), float(p), w)
        for w, c, p in zip(subject.weapons, certain, possible, strict=True)
        if p > 0
    ]
    result = worst(findings)
    assert result is not None
    return result


def check_batch(
    *,
    subjects: IncidentColumns,
    facts: FactColumns,
    clause: WeaponWithdrawalClause,
    agreement: Agreement,
) -> ClauseColumns:
    """:func:`check` of every row (the columnar form: same outcome, reason, attribution).

    Each (row, weapon) pair is decided as :func:`_one_weapon` does; a row's finding is its
    pairs' worst, the first of them on a tie."""
    n = len(subjects)
    out = ClauseColumns.empty(n)
    per_row = np.diff(subjects.weapon_start)
    of_pair = np.repeat(np.arange(n), per_row)
    wanted = ((subjects.kind == KINDS.index(EventKind.WEAPON)) & (per_row > 0))[of_pair]
    pair_row, codes = of_pair[wanted], subjects.weapon_codes[wanted]
    certain, possible = limit_arrays(clause.parameters.limits, codes, np.full(len(codes), np.nan))
    rows = np.bincount(pair_row[possible > 0], minlength=n) > 0
    located = subjects.located
    out.set(rows & ~located, Code.UNDETERMINED, Reason.LOCATION_UNKNOWN)
    rows &= located
    outside = rows & (facts.in_area == NO)
    out.set(outside, Code.NOT_BREACHED, Reason.OUTSIDE_AREA)
    rows &= ~outside
    if clause.parameters.exempt_holding_areas:
        holding, partly = _holding_batch(facts, agreement)
        out.set(rows & holding, Code.NOT_BREACHED, Reason.IN_HOLDING_AREA)
        out.set(rows & partly, Code.UNDETERMINED, Reason.PARTLY_IN_HOLDING_AREA)
        rows &= ~(holding | partly)
    pick = rows[pair_row] & (possible > 0)
    pair_row, c, p = pair_row[pick], certain[pick], possible[pick]
    lo, hi = facts.min_distance_m[pair_row], facts.max_distance_m[pair_row]
    breached = (c > 0) & (hi < c)
    undecided = ~breached & (lo < p)
    rank = np.where(breached, 0, np.where(undecided, 1, 2))
    reason = np.select(
        [breached, undecided & (hi >= p), undecided],
        [REASONS.index(r) for r in (Reason.WEAPON_WITHIN_LIMIT, Reason.WEAPON_STRADDLES_LIMIT,
                                    Reason.WEAPON_CALIBRE_UNKNOWN)],
        REASONS.index(Reason.WEAPON_BEYOND_LIMIT),
    )  # fmt: skip
    if len(pair_row):
        # The worst pair of each row, the first on a tie: the least (rank, position).
        key = rank * len(pair_row) + np.arange(len(pair_row))
        starts = np.flatnonzero(np.r_[True, pair_row[1:] != pair_row[:-1]])
        best = np.minimum.reduceat(key, starts) % len(pair_row)
        r = pair_row[best]
        code = np.array([Code.BREACHED, Code.UNDETERMINED, Code.NOT_BREACHED])[rank[best]]
        out.outcome[r], out.reason[r] = code, reason[best]
        out.attribution[r] = np.where(code != Code.NOT_BREACHED, facts.wholly_on[r], NOBODY)
    return out


def _holding_batch(facts: FactColumns, agreement: Agreement) -> tuple[BoolArray, BoolArray]:
    """:func:`_holding_state` of every row: (in a holding area of its own party, partly in
    one and in none of its own party's)."""
    n = len(facts)
    covering = np.zeros(n, dtype=bool)
    meets = np.zeros(n, dtype=bool)
    parties = agreement.party_ids
    for h in agreement.holding_areas:
        col = facts.zone_column(h.id)
        if col < 0:
            continue
        own = facts.wholly_on == parties.index(h.party)
        covering |= own & facts.zones_covering[:, col]
        meets |= facts.zones_intersecting[:, col]
    return covering, meets & ~covering
