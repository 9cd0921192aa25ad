"""UAVs, acoustic sensors, weapon sightings and restrictions of movement."""

from __future__ import annotations

import numpy as np

from truce.domain.vocabulary import EventKind, ExplosionSubtype, SourceType
from truce.fusion.simulate.geography import ContactLine
from truce.fusion.simulate.observe import ST, Day, bearing_deg, compass, distance_range, logistic
from truce.fusion.simulate.observers import Flights, Posts, Sensors, Visits
from truce.fusion.simulate.reports import Detections
from truce.fusion.simulate.truth import K, S, Truth
from truce.fusion.table import F64, I64


def uav_detections(
    rng: np.random.Generator, day: Day, out: Detections, *, fl: Flights, line: ContactLine,
    src: I64,
) -> None:  # fmt: skip
    """Explosions under a UAV while it flies, and weapons its path passes over."""
    if len(fl.t0) == 0:
        return
    sel = np.isin(day.r_ev, day.ev[day.cols["kind"] == K[EventKind.EXPLOSION]])
    r_ev, r_t, r_x, r_y = day.r_ev[sel], day.r_t[sel], day.r_x[sel], day.r_y[sel]
    for k in range(len(fl.t0)):
        inflight = (r_t >= fl.t0[k]) & (r_t <= fl.t1[k])
        if not inflight.any():
            continue
        kk = np.full(int(inflight.sum()), k)
        ux, uy = fl.position(kk, r_t[inflight], line)
        d = np.hypot(r_x[inflight] - ux, r_y[inflight] - uy)
        seen = (d <= fl.footprint[k]) & (rng.random(len(d)) < 0.85)
        if not seen.any():
            continue
        ev, t = r_ev[inflight][seen], r_t[inflight][seen]
        gx, gy = ux[seen], uy[seen]
        uniq, first = np.unique(ev, return_index=True)
        n = np.bincount(np.searchsorted(uniq, ev), minlength=len(uniq)).astype(float)
        last_t = np.zeros(len(uniq))
        np.maximum.at(last_t, np.searchsorted(uniq, ev), t)
        row = np.searchsorted(day.ev, uniq)
        ex, ey = day.cols["x"][row], day.cols["y"][row]
        dd = np.hypot(ex - gx[first], ey - gy[first])
        b = (bearing_deg(gx[first], gy[first], ex, ey) + rng.normal(0, 2.0, len(uniq))) % 360.0
        sub = day.cols["sub"][row]
        sub_rep = np.where(rng.random(len(uniq)) < 0.8, sub, S[ExplosionSubtype.UNDETERMINED])
        out.append(
            src=src[k], stype=ST[SourceType.UAV], ev=uniq, kind=K[EventKind.EXPLOSION],
            x=gx[first], y=gy[first], t0=np.floor(t[first]), t1=np.ceil(last_t), count=n,
            sub=sub_rep, bdeg=np.round(b), bsig=3.0,
            dmin=np.floor(dd * 0.9 / 100.0) / 10.0, dmax=np.ceil(dd * 1.1 / 100.0) / 10.0 + 0.1,
            key=np.arange(len(uniq)),
        )  # fmt: skip


def sensor_detections(
    rng: np.random.Generator, day: Day, out: Detections, *, se: Sensors, src: I64
) -> None:
    """Acoustic sensors: every onset they hear, with a precise arrival time; no direction."""
    if len(se.x) == 0:
        return
    ev_row = np.searchsorted(day.ev, day.r_ev)
    r50 = day.cols["r50"][ev_row] * 1.4
    for k in range(len(se.x)):
        d = np.hypot(day.r_x - se.x[k], day.r_y - se.y[k])
        heard = rng.random(len(d)) < logistic(d, np.maximum(r50, 1.0))
        if not heard.any():
            continue
        arr = day.r_t[heard] + d[heard] / day.c + rng.normal(0, 0.01, int(heard.sum()))
        ev = day.r_ev[heard]
        uniq, inv = np.unique(ev, return_inverse=True)
        t0 = np.full(len(uniq), np.inf)
        t1 = np.full(len(uniq), -np.inf)
        np.minimum.at(t0, inv, arr)
        np.maximum.at(t1, inv, arr)
        out.append(
            src=src[k], stype=ST[SourceType.SENSOR], ev=uniq, kind=K[EventKind.EXPLOSION],
            x=se.x[k], y=se.y[k], t0=np.round(t0, 3), t1=np.round(t1, 3),
            count=np.bincount(inv).astype(float), sub=S[ExplosionSubtype.UNDETERMINED], key=0,
        )  # fmt: skip


def weapon_sightings(
    rng: np.random.Generator, day: Day, out: Detections, *, posts: Posts, visits: Visits,
    fl: Flights, line: ContactLine, post_src: I64, uav_src: I64,
) -> None:  # fmt: skip
    """Weapons seen by patrols within 2.5 km of their post and by UAVs flying over them."""
    c = day.cols
    wrow = np.flatnonzero(c["kind"] == K[EventKind.WEAPON])
    if len(wrow) == 0:
        return
    px, py = posts.x[visits.post], posts.y[visits.post]
    d = np.hypot(c["x"][wrow][None, :] - px[:, None], c["y"][wrow][None, :] - py[:, None])
    v, w = np.nonzero((d < 2500.0) & (rng.random(d.shape) < 0.35))
    if len(v):
        dd = d[v, w]
        e = wrow[w]
        t = visits.v0[v] + rng.random(len(v)) * (visits.v1[v] - visits.v0[v])
        b = (bearing_deg(px[v], py[v], c["x"][e], c["y"][e]) + rng.normal(0, 6, len(v))) % 360.0
        word, nw = compass(rng, b, 0.1)
        lo, hi = distance_range(rng, dd, posts.bias[visits.post[v]], 0.2)
        out.append(
            src=post_src[visits.post[v]], stype=np.where(posts.fixed[visits.post[v]],
            ST[SourceType.POST], ST[SourceType.PATROL]), ev=day.ev[e], kind=K[EventKind.WEAPON],
            x=px[v], y=py[v], t0=np.floor(t / 60) * 60, t1=np.floor(t / 60) * 60 + 300,
            count=np.maximum(1, rng.binomial(c["count"][e].astype(np.int64), 0.8)).astype(float),
            weapon=c["weapon"][e],
            calibre=np.where(rng.random(len(v)) < 0.5, c["calibre"][e], np.nan),
            word=word, nwords=nw, dmin=lo, dmax=hi, key=np.arange(len(v)),
        )  # fmt: skip
    for k in range(len(fl.t0)):
        ts = np.arange(fl.t0[k], fl.t1[k], 20.0)
        ux, uy = fl.position(np.full(len(ts), k), ts, line)
        dist = np.hypot(c["x"][wrow][:, None] - ux[None, :], c["y"][wrow][:, None] - uy[None, :])
        j = np.argmin(dist, axis=1)
        dmin = dist[np.arange(len(wrow)), j]
        seen = (dmin <= fl.footprint[k]) & (rng.random(len(wrow)) < 0.8)
        e, j, dd = wrow[seen], j[seen], dmin[seen]
        if not len(e):
            continue
        b = (bearing_deg(ux[j], uy[j], c["x"][e], c["y"][e]) + rng.normal(0, 2, len(e))) % 360.0
        out.append(
            src=uav_src[k], stype=ST[SourceType.UAV], ev=day.ev[e], kind=K[EventKind.WEAPON],
            x=ux[j], y=uy[j], t0=np.floor(ts[j]), t1=np.floor(ts[j]) + 60, count=c["count"][e],
            weapon=c["weapon"][e], calibre=c["calibre"][e], bdeg=np.round(b), bsig=3.0,
            dmin=np.floor(dd * 0.9 / 100.0) / 10.0, dmax=np.ceil(dd * 1.1 / 100.0) / 10.0 + 0.1,
            key=np.arange(len(e)),
        )  # fmt: skip


def restrictions(
    rng: np.random.Generator, truth: Truth, out: Detections, *, posts: Posts, visits: Visits,
    line: ContactLine, rate: float, post_src: I64,
) -> tuple[I64, F64]:  # fmt: skip
    """Patrols denied passage at a checkpoint on their way: one event, one report each.

    Returns the restricted visits (indices into ``visits``) and the times of the restrictions.
    """
    patrol_visits = np.flatnonzero(~posts.fixed[visits.post])
    n = min(int(rng.poisson(rate)), len(patrol_visits))
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0)
    v = rng.choice(patrol_visits, n, replace=False)
    ang = rng.uniform(0, 2 * np.pi, n)
    r = rng.uniform(500, 3000, n)
    x = posts.x[visits.post[v]] + r * np.sin(ang)
    y = posts.y[visits.post[v]] + r * np.cos(ang)
    t = visits.v0[v] + rng.random(n) * (visits.v1[v] - visits.v0[v])
    side = line.on_side_b(x, y)
    ids = [
        truth.add(kind=K[EventKind.RESTRICTION], x=float(x[i]), y=float(y[i]), t0=float(t[i]),
                  t1=float(t[i]) + 1800.0, count=1, side=int(side[i]))
        for i in range(n)
    ]  # fmt: skip
    out.append(
        src=post_src[visits.post[v]], stype=ST[SourceType.PATROL], ev=np.asarray(ids),
        kind=K[EventKind.RESTRICTION], x=x, y=y, t0=np.floor(t / 60) * 60,
        t1=np.floor(t / 60) * 60 + 1800.0, count=1.0, key=np.arange(n),
    )  # fmt: skip
    return np.asarray(v, np.int64), np.asarray(t, float)
