"""Who watches: patrols at posts on schedules, fixed posts, cameras, UAV flights, sensors."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from truce.fusion.simulate.geography import ContactLine
from truce.fusion.simulate.scenario import Scenario
from truce.fusion.table import F64, I64


@dataclass(frozen=True)
class Posts:
    x: F64
    y: F64
    name: list[str]  # the team (patrol) or post id that reports from here
    fixed: np.ndarray  # manned around the clock (source type post) or by patrol visits
    bias: F64  # the team's systematic distance-estimation bias (a factor)


@dataclass(frozen=True)
class Visits:
    post: I64
    v0: F64
    v1: F64


@dataclass(frozen=True)
class Cameras:
    x: F64
    y: F64
    az: F64  # centre of the field of view, degrees
    fov: F64  # full width of the field of view, degrees
    name: list[str]


@dataclass(frozen=True)
class Flights:
    name: list[str]
    t0: F64
    t1: F64
    s0: F64  # arc length of the patrolled stretch's start
    span: F64  # length of the stretch, m
    off: F64  # offset from the line, m
    footprint: F64  # radius seen from the air, m
    speed: float = 25.0

    def position(self, k: I64, t: F64, line: ContactLine) -> tuple[F64, F64]:
        """Ground position of flight ``k`` at time ``t``: back and forth along its stretch."""
        dist = (t - self.t0[k]) * self.speed
        period = 2.0 * self.span[k]
        ph = np.mod(dist, period)
        s = self.s0[k] + np.where(ph < self.span[k], ph, period - ph)
        return line.offset(s, self.off[k])


@dataclass(frozen=True)
class Sensors:
    x: F64
    y: F64
    name: list[str]


def place_posts(rng: np.random.Generator, line: ContactLine, sc: Scenario, hot: F64) -> Posts:
    n = sc.posts
    near = hot[rng.integers(0, len(hot), n)] + rng.normal(0, 12000, n)
    s = np.where(rng.random(n) < 0.6, near, rng.uniform(0, line.length, n))
    side = np.where(rng.random(n) < 0.7, 1.0, -1.0)
    x, y = line.offset(s, side * rng.uniform(1000, 6000, n))
    fixed = np.arange(n) < sc.fixed_posts
    names = [f"post-{k:02d}" if fixed[k] else f"team-{chr(65 + k % 26)}{k:02d}" for k in range(n)]
    return Posts(x, y, names, fixed, rng.lognormal(0.0, 0.2, n))


def schedule(rng: np.random.Generator, posts: Posts, day0: float) -> Visits:
    """Fixed posts all day; patrols one or two visits of 2-5 h between 07:00 and 19:00."""
    post, v0, v1 = [], [], []
    for k in range(len(posts.x)):
        if posts.fixed[k]:
            post.append(k)
            v0.append(day0)
            v1.append(day0 + 86400.0)
            continue
        start = 7.0
        for _ in range(int(rng.integers(1, 3))):
            a = start + rng.uniform(0.0, 2.0)
            b = min(a + rng.uniform(2.0, 5.0), 19.0)
            if b - a < 1.0:
                break
            post.append(k)
            v0.append(day0 + a * 3600.0)
            v1.append(day0 + b * 3600.0)
            start = b + 0.5
    return Visits(np.asarray(post, np.int64), np.asarray(v0), np.asarray(v1))


def place_cameras(rng: np.random.Generator, line: ContactLine, sc: Scenario, hot: F64) -> Cameras:
    n = sc.cameras
    s = hot[rng.integers(0, len(hot), n)] + rng.normal(0, 8000, n)
    side = np.where(rng.random(n) < 0.8, 1.0, -1.0)
    x, y = line.offset(s, side * rng.uniform(500, 3000, n))
    _, _, nx, ny = line.at(s)
    towards = np.degrees(np.arctan2(-side * nx, -side * ny)) % 360.0
    az = (towards + rng.normal(0, 20, n)) % 360.0
    return Cameras(x, y, az, rng.uniform(60, 100, n), [f"cam-{k:02d}" for k in range(n)])


def plan_flights(
    rng: np.random.Generator, line: ContactLine, sc: Scenario, hot: F64, day0: float, day: int
) -> Flights:
    n = int(rng.poisson(sc.uav_flights))
    long_range = rng.random(n) < 0.3
    start = np.where(long_range, rng.uniform(16, 22, n), rng.uniform(8, 15, n))
    dur = np.where(long_range, rng.uniform(3, 5, n), rng.uniform(1, 2.5, n))
    s0 = hot[rng.integers(0, len(hot), n)] + rng.normal(0, 5000, n) - 7500
    return Flights(
        name=[f"uav-{'lr' if long_range[k] else 'mini'}-{day:03d}-{k}" for k in range(n)],
        t0=day0 + start * 3600.0,
        t1=day0 + (start + dur) * 3600.0,
        s0=np.clip(s0, 0, line.length - 15000),
        span=np.full(n, 15000.0),
        off=rng.normal(0, 1500, n),
        footprint=np.where(long_range, 3000.0, 1500.0),
    )


def place_sensors(rng: np.random.Generator, line: ContactLine, sc: Scenario, hot: F64) -> Sensors:
    """An array of acoustic sensors on side A, 3-4 km apart, at the busiest hot spot."""
    n = sc.sensors
    s = hot[0] + np.linspace(-1.0, 1.0, n) * 2000.0 * max(n - 1, 1) / 2
    d = np.where(np.arange(n) % 2 == 0, 2500.0, 6000.0) + rng.normal(0, 300, n)
    x, y = line.offset(s, d)
    return Sensors(x, y, [f"acoustic-{k:02d}" for k in range(n)])
