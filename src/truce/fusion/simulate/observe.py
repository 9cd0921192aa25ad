"""The observation model: who perceives what, and what they write down.

* Detection: the probability of noticing an event falls with distance as a logistic curve
  around the event's range R50 (hearing range for sound, sight range for flashes, flares and
  tracers at night), varied per observer and event (wind, terrain, attention). Given an event
  is noticed, its rounds in the observer's window are counted; with ``round_loss`` > 0 (an
  option, not in the issue's observation model) each round is also missed with a probability
  that grows to ``round_loss`` as the event's detection probability falls.
* Sound arrives ``distance / c`` later (c from the day's temperature).
* Monitors report a 16-point compass word (sometimes two) of a bearing perceived with error,
  a distance range around a biased estimate, a count (exact, or "about N" for large
  numbers), and misjudge explosion subtypes and weapons now and then.
* Cameras report precise bearings (pixel column) but guess distances; UAVs see what is under
  them; acoustic sensors give precise arrival times and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from truce.domain.vocabulary import CountQualifier, EventKind, ExplosionSubtype, SourceType, Weapon
from truce.fusion.simulate.reports import Detections
from truce.fusion.simulate.truth import K, S, W, night
from truce.fusion.table import F64, I64, QUALIFIERS, SOURCE_TYPES

Q = {q: QUALIFIERS.index(q) for q in CountQualifier}
ST = {s: SOURCE_TYPES.index(s) for s in SourceType}
_EXPLOSIVE = (W[Weapon.MORTAR], W[Weapon.ARTILLERY], W[Weapon.AUTOMATIC_GRENADE_LAUNCHER])


@dataclass(frozen=True)
class Day:
    """One day of truth: event columns (``ev`` global ids) and rounds sorted by (event, time)."""

    ev: I64
    cols: dict[str, np.ndarray]  # event columns restricted to ``ev``
    r_ev: I64  # global event id of each round
    r_t: F64
    r_x: F64
    r_y: F64
    c: float  # speed of sound today, m/s
    day0: float


def logistic(d: F64, r50: F64) -> F64:
    return 1.0 / (1.0 + np.exp(np.clip((d - r50) / np.maximum(0.15 * r50, 1.0), -50, 50)))


def bearing_deg(ox: F64, oy: F64, ex: F64, ey: F64) -> F64:
    return np.degrees(np.arctan2(ex - ox, ey - oy)) % 360.0


def compass(rng: np.random.Generator, b: F64, two_share: float) -> tuple[I64, I64]:
    """Compass word index and word count (1, or 2 for the word and the next clockwise)."""
    idx = np.round(b / 22.5).astype(np.int64) % 16
    off = ((b - idx * 22.5 + 180.0) % 360.0) - 180.0
    two = rng.random(len(b)) < two_share
    word = np.where(two & (off < 0), (idx - 1) % 16, idx)
    return word, np.where(two, 2, 1)


def distance_range(rng: np.random.Generator, d: F64, bias: F64, sigma: float) -> tuple[F64, F64]:
    """A range in km the way monitors write it ("3-5km"), around a biased estimate of ``d``."""
    est = d * bias * rng.lognormal(0.0, sigma, len(d)) / 1000.0
    lo = np.floor(est * 0.75 * 2.0) / 2.0
    hi = np.maximum(np.ceil(est * 1.3 * 2.0) / 2.0, lo + 1.0)
    small = est < 1.0
    lo = np.where(small, np.floor(est * 0.7 * 10.0) / 10.0, lo)
    hi = np.where(small, np.maximum(np.ceil(est * 1.4 * 10.0) / 10.0, lo + 0.2), hi)
    return lo, hi


def pairs_in_time(day: Day, v0: F64, v1: F64, ox: F64, oy: F64, reach: F64) -> tuple[I64, I64, F64]:
    """(event row, observer row, distance) of pairs overlapping in time and within reach."""
    c = day.cols
    ex, ey = c["x"][None, :], c["y"][None, :]
    d = np.hypot(ex - ox[:, None], ey - oy[:, None])
    ok = (c["t0"][None, :] + d / day.c <= v1[:, None]) & (
        c["t1"][None, :] + d / day.c >= v0[:, None]
    )
    ok &= d <= reach[None, :]
    o, e = np.nonzero(ok)
    return e, o, d[o, e]


def rounds_in_window(day: Day, e: I64, d: F64, v0: F64, v1: F64) -> tuple[I64, F64, F64]:
    """Rounds of event rows ``e`` whose sound arrives in [v0, v1]: (n, first, last arrival)."""
    gid = day.ev[e]
    key = day.r_ev.astype(float) * 1e10 + day.r_t
    lo = np.searchsorted(key, gid * 1e10 + v0 - d / day.c)
    hi = np.searchsorted(key, gid * 1e10 + v1 - d / day.c, side="right")
    n = hi - lo
    safe_lo = np.minimum(lo, len(key) - 1)
    safe_hi = np.clip(hi - 1, 0, len(key) - 1)
    return n, day.r_t[safe_lo] + d / day.c, day.r_t[safe_hi] + d / day.c


def episode_window(day: Day, e: I64, d: F64, v0: F64, v1: F64) -> tuple[F64, F64, F64]:
    """Share of an episode inside [v0, v1] and its first/last moment there (arrival times)."""
    c = day.cols
    a = np.maximum(c["t0"][e] + d / day.c, v0)
    b = np.minimum(c["t1"][e] + d / day.c, v1)
    share = np.clip((b - a) / np.maximum(c["t1"][e] - c["t0"][e], 1.0), 0.0, 1.0)
    return share, a, b


def perceive(
    rng: np.random.Generator, day: Day, e: I64, d: F64, v0: F64, v1: F64, *, sight_only: bool,
    day_sight: float = 0.0, round_loss: float = 0.0,
) -> tuple[np.ndarray, F64, F64, F64]:  # fmt: skip
    """Whether each pair notices its event, rounds counted, first and last arrival time."""
    c = day.cols
    kind = c["kind"][e]
    nite = night(c["t0"][e] - day.day0)
    sight = np.where(nite, c["vis"][e], c["vis"][e] * day_sight)
    hear = 0.0 if sight_only else c["r50"][e] * np.where(nite, 1.2, 1.0)
    r = np.maximum(hear, sight) * rng.lognormal(0.0, 0.2, len(e))
    p = logistic(d, np.maximum(r, 1.0)) * 0.93
    seen = rng.random(len(e)) < p
    expl = kind == K[EventKind.EXPLOSION]
    nr, fr, lr = rounds_in_window(day, e, d, v0, v1)
    share, fa, la = episode_window(day, e, d, v0, v1)
    avail = np.where(expl, nr, np.round(c["count"][e] * share)).astype(np.int64)
    counted = rng.binomial(np.maximum(avail, 0), 1.0 - round_loss * (1.0 - p / 0.93))
    seen &= counted > 0
    first = np.where(expl, fr, fa)
    last = np.where(expl, lr, la)
    return seen, counted.astype(float), first, last


def report_subtype(rng: np.random.Generator, sub: I64, d: F64, good: float) -> I64:
    """Monitors' subtype: right when close enough to tell, mostly undetermined, sometimes wrong."""
    u = rng.random(len(sub))
    p_right = np.where(d < 4000, good, good * 0.6)
    wrong = np.where(sub == S[ExplosionSubtype.IMPACT], S[ExplosionSubtype.OUTGOING],
                     np.where(sub == S[ExplosionSubtype.OUTGOING], S[ExplosionSubtype.IMPACT],
                              S[ExplosionSubtype.IMPACT]))  # fmt: skip
    out = np.where(u < p_right, sub, S[ExplosionSubtype.UNDETERMINED])
    return np.where(u > 0.95, wrong, out)


def report_weapon(rng: np.random.Generator, kind: I64, weapon: I64, share: float) -> I64:
    """Weapons named in some reports, misjudged in some of those."""
    u = rng.random(len(kind))
    expl = kind == K[EventKind.EXPLOSION]
    fire = kind == K[EventKind.FIRE]
    alt_e = np.asarray(_EXPLOSIVE)[rng.integers(0, 3, len(kind))]
    alt_f = np.where(
        weapon == W[Weapon.SMALL_ARMS], W[Weapon.HEAVY_MACHINE_GUN], W[Weapon.SMALL_ARMS]
    )
    wrong = rng.random(len(kind)) < 0.2
    named = np.where(wrong, np.where(expl, alt_e, alt_f), weapon)
    out = np.where(expl & (u < share), named, -1)
    return np.where(fire, np.where(u < 0.85, weapon, alt_f), out)


def count_words(rng: np.random.Generator, kind: I64, n: F64) -> tuple[F64, I64]:
    """Counts as written: exact when small, "about N" (rounded, estimated) when large."""
    expl = kind == K[EventKind.EXPLOSION]
    big = np.where(expl, n > 15, n > 10)
    est = np.where(expl, n * rng.lognormal(0, 0.05, len(n)), n * rng.lognormal(0, 0.15, len(n)))
    about = big & ((~expl) | (rng.random(len(n)) < 0.6))
    value = np.where(about, np.maximum(5.0, np.round(est / 5.0) * 5.0), n)
    qual = np.where(about, Q[CountQualifier.ABOUT], Q[CountQualifier.EXACT])
    uncountable = (kind == K[EventKind.FIRE]) & (n > 40) & (rng.random(len(n)) < 0.05)
    return np.where(uncountable, np.nan, value), np.where(
        uncountable, Q[CountQualifier.UNCOUNTABLE], qual
    )


def flight_words(rng: np.random.Generator, az: F64) -> tuple[I64, I64]:
    """Projectile flight "from W to E" as compass words."""
    noisy = (az + rng.normal(0, 20, len(az))) % 360.0
    to = np.round(noisy / 22.5).astype(np.int64) % 16
    return (to + 8) % 16, to


def monitor_detections(
    rng: np.random.Generator, day: Day, out: Detections, *, ox: F64, oy: F64, v0: F64, v1: F64,
    src: I64, stype: I64, bias: F64, round_loss: float = 0.0,
) -> None:  # fmt: skip
    """Patrols and posts: hear and see; compass words, distance ranges, aggregated counts."""
    c = day.cols
    reach = np.maximum(c["r50"], c["vis"]) * 2.5
    e, o, d = pairs_in_time(day, v0, v1, ox, oy, reach)
    seen, n, first, last = perceive(
        rng, day, e, d, v0[o], v1[o], sight_only=False, round_loss=round_loss
    )
    e, o, d, n, first, last = e[seen], o[seen], d[seen], n[seen], first[seen], last[seen]
    kind = c["kind"][e]
    sound = c["r50"][e] > 0
    true_b = bearing_deg(ox[o], oy[o], c["x"][e], c["y"][e])
    b = (true_b + rng.normal(0, 1, len(e)) * np.where(sound, 10.0, 6.0)) % 360.0
    word, nwords = compass(rng, b, 0.3)
    dlo, dhi = distance_range(rng, d, bias[o], 0.25)
    omit = rng.random(len(e)) < 0.1
    fw, tw = flight_words(rng, np.nan_to_num(c["flight"][e]))
    proj = kind == K[EventKind.PROJECTILE]
    out.append(
        src=src[o], stype=stype[o], ev=day.ev[e], kind=kind, x=ox[o], y=oy[o],
        t0=np.floor(first / 60.0) * 60.0, t1=np.ceil(last / 60.0) * 60.0, count=n,
        sub=np.where(kind == K[EventKind.EXPLOSION], report_subtype(rng, c["sub"][e], d, 0.45), -1),
        weapon=report_weapon(rng, kind, c["weapon"][e], 0.3), word=word, nwords=nwords,
        dmin=np.where(omit, np.nan, dlo), dmax=np.where(omit, np.nan, dhi),
        from_w=np.where(proj, fw, -1), to_w=np.where(proj, tw, -1), key=word * 4 + nwords,
    )  # fmt: skip


def camera_detections(
    rng: np.random.Generator, day: Day, out: Detections, *, ox: F64, oy: F64, az: F64, fov: F64,
    src: I64, round_loss: float = 0.0,
) -> None:  # fmt: skip
    """Fixed cameras: flashes and flares in their field of view, precise bearing, guessed range."""
    c = day.cols
    v0 = np.full(len(ox), day.day0 - 3600.0)
    v1 = np.full(len(ox), day.day0 + 90000.0)
    visible_kind = c["kind"] != K[EventKind.FIRE]
    reach = np.where(visible_kind, c["vis"] * 2.0, 0.0)
    e, o, d = pairs_in_time(day, v0, v1, ox, oy, reach)
    true_b = bearing_deg(ox[o], oy[o], c["x"][e], c["y"][e])
    inview = np.abs((true_b - az[o] + 180.0) % 360.0 - 180.0) <= fov[o] / 2.0
    e, o, d, true_b = e[inview], o[inview], d[inview], true_b[inview]
    # light travels at once; the 'sound delay' of perceive() is undone for cameras
    seen, n, first, last = perceive(
        rng, day, e, d, v0[o], v1[o], sight_only=True, day_sight=0.5, round_loss=round_loss
    )
    lag = d / day.c
    e, o, d, n, true_b = e[seen], o[seen], d[seen], n[seen], true_b[seen]
    first, last = first[seen] - lag[seen], last[seen] - lag[seen]
    b = (true_b + rng.normal(0, 1.5, len(e))) % 360.0
    dlo, dhi = distance_range(rng, d, np.ones(len(e)), 0.35)
    kind = c["kind"][e]
    out.append(
        src=src[o], stype=ST[SourceType.CAMERA], ev=day.ev[e], kind=kind, x=ox[o], y=oy[o],
        t0=np.floor(first / 60.0) * 60.0, t1=np.ceil(last / 60.0) * 60.0, count=n,
        sub=np.where(kind == K[EventKind.EXPLOSION], report_subtype(rng, c["sub"][e], d, 0.6), -1),
        weapon=-1, bdeg=np.round(b * 2.0) / 2.0 % 360.0, bsig=2.0, dmin=dlo, dmax=dhi,
        key=np.round(b / 5.0).astype(np.int64),
    )  # fmt: skip
