"""Ground truth: what really happened along the line, as columns of NumPy arrays.

Fire missions (mortar, artillery, automatic grenade launcher) give two events each: the
outgoing rounds at the firing position and the impacts (or airbursts) at the target, one
round at a time. Direct-fire episodes (small arms, heavy machine guns), projectiles in flight,
illumination flares, weapons deployed (some in breach of the Minsk withdrawal distances) and
restrictions of the monitors' movement complete the picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from truce.domain.vocabulary import EventKind, ExplosionSubtype, Weapon
from truce.fusion.simulate.geography import ContactLine
from truce.fusion.simulate.scenario import Scenario
from truce.fusion.table import F64, I64, KINDS, SUBTYPES, WEAPONS

K = {k: KINDS.index(k) for k in EventKind}
S = {s: SUBTYPES.index(s) for s in ExplosionSubtype}
W = {w: WEAPONS.index(w) for w in Weapon}

#: Minsk withdrawal distances from the line, metres, by weapon category.
WITHDRAWAL_M = {
    W[Weapon.TANK]: 15_000.0,
    W[Weapon.MORTAR]: 15_000.0,
    W[Weapon.ARTILLERY]: 15_000.0,  # artillery under 100 mm (addendum)
    W[Weapon.HOWITZER]: 25_000.0,  # artillery of 100 mm and more
    W[Weapon.MLRS]: 35_000.0,
}
_CALIBRE = {
    W[Weapon.TANK]: 125.0,
    W[Weapon.MORTAR]: 120.0,
    W[Weapon.ARTILLERY]: 85.0,
    W[Weapon.HOWITZER]: 152.0,
    W[Weapon.MLRS]: 122.0,
}

# per weapon of a fire mission: share, firing distance behind the line (m), rounds mean,
# interval between rounds (s), projectile speed (m/s), impact scatter (m),
# hearing range R50 (m) of impact / outgoing, sight range of the flash at night (m)
_MISSION = {
    W[Weapon.MORTAR]: (0.55, (1000, 5000), 6.0, (6, 20), 200.0, 80.0, 6000, 3500, 6000),
    W[Weapon.ARTILLERY]: (0.20, (4000, 14000), 4.0, (15, 40), 500.0, 150.0, 9000, 9000, 8000),
    W[Weapon.AUTOMATIC_GRENADE_LAUNCHER]: (
        0.25, (300, 1200), 12.0, (0.6, 2.5), 180.0, 40.0, 2500, 900, 3000,
    ),
}  # fmt: skip


@dataclass
class Truth:
    """Events (one row each) and, for explosions, their individual rounds."""

    kind: list[int] = field(default_factory=list)
    sub: list[int] = field(default_factory=list)
    weapon: list[int] = field(default_factory=list)
    calibre: list[float] = field(default_factory=list)
    x: list[float] = field(default_factory=list)
    y: list[float] = field(default_factory=list)
    t0: list[float] = field(default_factory=list)
    t1: list[float] = field(default_factory=list)
    count: list[int] = field(default_factory=list)
    r50: list[float] = field(default_factory=list)  # hearing range (m); 0 = silent
    vis: list[float] = field(default_factory=list)  # sight range at night (m)
    side: list[int] = field(default_factory=list)  # 0 side A, 1 side B (where it happened)
    mission: list[int] = field(default_factory=list)
    flight: list[float] = field(default_factory=list)  # projectile flight azimuth, deg
    breach: list[bool] = field(default_factory=list)
    dline: list[float] = field(default_factory=list)
    withdrawal: list[float] = field(default_factory=list)
    # rounds of explosion events
    r_event: list[I64] = field(default_factory=list)
    r_t: list[F64] = field(default_factory=list)
    r_x: list[F64] = field(default_factory=list)
    r_y: list[F64] = field(default_factory=list)

    def add(self, **cols: object) -> int:
        n = len(self.kind)
        for name in (
            "kind", "sub", "weapon", "calibre", "x", "y", "t0", "t1", "count", "r50", "vis",
            "side", "mission", "flight", "breach", "dline", "withdrawal",
        ):  # fmt: skip
            getattr(self, name).append(cols.get(name, _DEFAULTS.get(name, 0)))
        return n

    def arrays(self) -> dict[str, np.ndarray]:
        out = {name: np.asarray(getattr(self, name)) for name in _COLS}
        for name in ("r_event", "r_t", "r_x", "r_y"):
            parts = getattr(self, name)
            out[name] = np.concatenate(parts) if parts else np.zeros(0)
        out["r_event"] = out["r_event"].astype(np.int64)
        return out


_COLS = (
    "kind", "sub", "weapon", "calibre", "x", "y", "t0", "t1", "count", "r50", "vis", "side",
    "mission", "flight", "breach", "dline", "withdrawal",
)  # fmt: skip
_DEFAULTS: dict[str, object] = {"sub": -1, "weapon": -1, "calibre": 0.0, "mission": -1,
                                "flight": np.nan, "breach": False, "dline": 0.0,
                                "withdrawal": 0.0}  # fmt: skip


def _hour(rng: np.random.Generator, n: int) -> F64:
    """Seconds into the day: fighting peaks in the evening and at night."""
    evening = (rng.normal(21.5, 3.0, n) % 24.0) * 3600.0
    anytime = rng.uniform(0.0, 86400.0, n)
    return np.where(rng.random(n) < 0.7, evening, anytime)


def night(t_of_day: F64) -> np.ndarray:
    h = (t_of_day % 86400.0) / 3600.0
    return (h >= 18.0) | (h < 6.5)


def _along(rng: np.random.Generator, line: ContactLine, hot: F64, n: int) -> F64:
    pick = rng.integers(0, len(hot), n)
    near = hot[pick] + rng.normal(0.0, 9000.0, n)
    return np.where(rng.random(n) < 0.75, near, rng.uniform(0.0, line.length, n))


def generate_day(
    *, truth: Truth, rng: np.random.Generator, line: ContactLine, sc: Scenario, hot: F64,
    day0: float, sites: dict[str, F64],
) -> None:  # fmt: skip
    """Append one day of events starting at epoch seconds ``day0``."""
    _missions(truth, rng, line, sc, hot, day0)
    _episodes(truth, rng, line, sc, hot, day0)
    _weapons(truth, rng, sites, day0)


def _missions(
    truth: Truth, rng: np.random.Generator, line: ContactLine, sc: Scenario, hot: F64, day0: float
) -> None:
    n = rng.poisson(sc.fire_missions)
    s = _along(rng, line, hot, n)
    start = day0 + _hour(rng, n)
    shooter = rng.integers(0, 2, n)  # 0: side A fires, 1: side B
    weapons = list(_MISSION)
    share = np.array([_MISSION[w][0] for w in weapons])
    wpick = rng.choice(len(weapons), n, p=share / share.sum())
    for k in range(n):
        w = weapons[int(wpick[k])]
        _, (dlo, dhi), mean_n, (ilo, ihi), speed, scatter, r_imp, r_out, vis = _MISSION[w]
        sign = 1.0 if shooter[k] == 0 else -1.0  # +: side A
        fx, fy = line.offset(np.array([s[k]]), np.array([sign * rng.uniform(dlo, dhi)]))
        tx, ty = line.offset(
            np.array([s[k] + rng.normal(0, 800.0)]), np.array([-sign * rng.uniform(200, 2000)])
        )
        rounds = int(min(1 + rng.geometric(1.0 / mean_n), 4 * mean_n))
        fire_t = start[k] + np.r_[0.0, np.cumsum(rng.uniform(ilo, ihi, rounds - 1))]
        dist = float(np.hypot(tx[0] - fx[0], ty[0] - fy[0]))
        hit_t = fire_t + dist / speed
        airburst = w != W[Weapon.AUTOMATIC_GRENADE_LAUNCHER] and rng.random() < 0.12
        cal = {W[Weapon.MORTAR]: 82.0 if rng.random() < 0.5 else 120.0,
               W[Weapon.ARTILLERY]: 122.0 if rng.random() < 0.6 else 152.0,
               W[Weapon.AUTOMATIC_GRENADE_LAUNCHER]: 30.0}[w]  # fmt: skip
        mid = len(truth.kind)
        out = truth.add(
            kind=K[EventKind.EXPLOSION], sub=S[ExplosionSubtype.OUTGOING], weapon=w, calibre=cal,
            x=float(fx[0]), y=float(fy[0]), t0=float(fire_t[0]), t1=float(fire_t[-1]),
            count=rounds, r50=r_out, vis=vis * 0.6, side=int(shooter[k]), mission=mid,
        )  # fmt: skip
        sub = S[ExplosionSubtype.AIRBURST] if airburst else S[ExplosionSubtype.IMPACT]
        imp = truth.add(
            kind=K[EventKind.EXPLOSION], sub=sub, weapon=w, calibre=cal, x=float(tx[0]),
            y=float(ty[0]), t0=float(hit_t[0]), t1=float(hit_t[-1]), count=rounds,
            r50=r_imp * (0.85 if airburst else 1.0), vis=vis, side=1 - int(shooter[k]),
            mission=mid,
        )  # fmt: skip
        truth.r_event += [np.full(rounds, out), np.full(rounds, imp)]
        truth.r_t += [fire_t, hit_t]
        truth.r_x += [fx[0] + rng.normal(0, 10.0, rounds), tx[0] + rng.normal(0, scatter, rounds)]
        truth.r_y += [fy[0] + rng.normal(0, 10.0, rounds), ty[0] + rng.normal(0, scatter, rounds)]


def _episodes(
    truth: Truth, rng: np.random.Generator, line: ContactLine, sc: Scenario, hot: F64, day0: float
) -> None:
    # direct fire: small arms and heavy machine guns, near the line
    n = rng.poisson(sc.fire_episodes)
    s = _along(rng, line, hot, n)
    d = rng.uniform(100, 700, n) * rng.choice([-1.0, 1.0], n)
    x, y = line.offset(s, d)
    t = day0 + _hour(rng, n)
    dur = rng.uniform(60, 1800, n)
    hmg = rng.random(n) < 0.35
    cnt = np.maximum(1, np.round(rng.lognormal(np.log(25), 0.9, n))).astype(int)
    for k in range(n):
        w = W[Weapon.HEAVY_MACHINE_GUN] if hmg[k] else W[Weapon.SMALL_ARMS]
        truth.add(
            kind=K[EventKind.FIRE], weapon=w, calibre=12.7 if hmg[k] else 7.62, x=x[k], y=y[k],
            t0=t[k], t1=t[k] + dur[k], count=int(cnt[k]), r50=3000.0 if hmg[k] else 1500.0,
            vis=2500.0, side=int(line.on_side_b(x[k:k + 1], y[k:k + 1])[0]),
        )  # fmt: skip
    # projectiles in flight (mostly tracers) and illumination flares: seen at night
    for kind, rate, vis, cmean in (
        (EventKind.PROJECTILE, sc.projectile_episodes, 3500.0, 8.0),
        (EventKind.FLARE, sc.flare_episodes, 7000.0, 1.5),
    ):
        n = rng.poisson(rate)
        s = _along(rng, line, hot, n)
        x, y = line.offset(s, rng.normal(0, 800, n))
        t = day0 + (18.0 + rng.uniform(0.0, 11.5, n)) % 24.0 * 3600.0
        dur = rng.uniform(30, 900, n)
        cnt = np.maximum(1, rng.poisson(cmean, n))
        _, _, nx, ny = line.at(s)
        across = (np.degrees(np.arctan2(nx, ny)) + np.where(rng.random(n) < 0.5, 0, 180)) % 360
        for k in range(n):
            truth.add(
                kind=K[kind], x=x[k], y=y[k], t0=t[k], t1=t[k] + dur[k], count=int(cnt[k]),
                r50=0.0, vis=vis, flight=float(across[k] + rng.normal(0, 15)) % 360.0,
                side=int(line.on_side_b(x[k:k + 1], y[k:k + 1])[0]),
            )  # fmt: skip


def weapon_sites(
    rng: np.random.Generator, line: ContactLine, sc: Scenario, hot: F64
) -> dict[str, F64]:
    """Static positions of weapons; about 40 % stand closer than their withdrawal distance."""
    n = sc.weapon_sites
    cats = np.array(list(WITHDRAWAL_M))
    w = cats[rng.integers(0, len(cats), n)]
    lim = np.array([WITHDRAWAL_M[int(c)] for c in w])
    breach = rng.random(n) < 0.4
    d = np.where(breach, rng.uniform(1500, lim), lim + rng.uniform(500, 8000, n))
    side = rng.integers(0, 2, n)
    s = _along(rng, line, hot, n)
    x, y = _on_their_side(line, s, np.where(side == 0, d, -d), side)
    return {"weapon": w.astype(float), "x": x, "y": y, "side": side.astype(float),
            "pieces": rng.integers(1, 6, n).astype(float), "withdrawal": lim,
            "dline": line.distance(x, y)}  # fmt: skip


#: Attempts to move a weapon site that an offset from the line left on the wrong side.
_SITE_TRIES = 50


def _on_their_side(line: ContactLine, s: F64, d: F64, side: I64) -> tuple[F64, F64]:
    """``line.offset(s, d)``, except that a site the offset carries off its party's side (out
    of side B's area across a state border or a coast, or a side-A site into side B where the
    line bends) moves along the line until it lands there (its own random stream, so that the
    other draws of the day stay as they are)."""
    x, y = line.offset(s, d)
    bad = np.flatnonzero(line.on_side_b(x, y) != (side == 1))
    again = np.random.default_rng(len(s))
    for _ in range(_SITE_TRIES):
        if not len(bad):
            break
        nx, ny = line.offset(again.uniform(0.0, line.length, len(bad)), d[bad])
        x[bad], y[bad] = nx, ny
        bad = bad[line.on_side_b(nx, ny) != (side[bad] == 1)]
    return x, y


def _weapons(truth: Truth, rng: np.random.Generator, sites: dict[str, F64], day0: float) -> None:
    """One event per site and day when the weapons are there that day."""
    here = rng.random(len(sites["x"])) < 0.6
    for k in np.flatnonzero(here).tolist():
        w = int(sites["weapon"][k])
        truth.add(
            kind=K[EventKind.WEAPON], weapon=w, calibre=_CALIBRE[w], x=float(sites["x"][k]),
            y=float(sites["y"][k]), t0=day0, t1=day0 + 86399.0, count=int(sites["pieces"][k]),
            side=int(sites["side"][k]), breach=bool(sites["dline"][k] < sites["withdrawal"][k]),
            dline=float(sites["dline"][k]), withdrawal=float(sites["withdrawal"][k]),
        )  # fmt: skip
