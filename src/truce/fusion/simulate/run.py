"""Run a scenario: truth, observers, detections, reports; deterministic by seed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import numpy as np

from truce.domain.vocabulary import EventKind, SourceType
from truce.fusion.simulate import coverage as cov
from truce.fusion.simulate.geography import ContactLine, load_contact_line
from truce.fusion.simulate.observe import (
    ST,
    Day,
    camera_detections,
    count_words,
    monitor_detections,
)
from truce.fusion.simulate.observe_machines import (
    restrictions,
    sensor_detections,
    uav_detections,
    weapon_sightings,
)
from truce.fusion.simulate.observers import (
    Cameras,
    Flights,
    Posts,
    Sensors,
    Visits,
    place_cameras,
    place_posts,
    place_sensors,
    plan_flights,
    schedule,
)
from truce.fusion.simulate.reports import Detections, Reports, aggregate
from truce.fusion.simulate.scenario import Scenario
from truce.fusion.simulate.truth import K, Truth, generate_day, weapon_sites


@dataclass(frozen=True)
class Simulation:
    """A simulated scenario: truth, observers and reports (columns), in ``line.plane``."""

    scenario: Scenario
    seed: int
    line: ContactLine
    truth: dict[str, np.ndarray]
    reports: Reports
    ids: list[str]
    source_names: list[str]
    source_types: list[SourceType]
    posts: Posts
    cameras: Cameras
    sensors: Sensors
    #: Duty periods of every source (coverage), in ``line.plane``.
    duties: tuple[cov.Duty, ...] = ()

    def __len__(self) -> int:
        return len(self.ids)


def simulate(scenario: Scenario, seed: int, *, line: ContactLine | None = None) -> Simulation:
    """Simulate ``scenario`` with ``seed`` along ``line`` (default: the demo line); the same
    inputs always give the same outputs."""
    rng = np.random.default_rng(seed)
    line = line if line is not None else load_contact_line()
    hot = np.sort(rng.uniform(0.04, 0.96, scenario.hotspots)) * line.length
    hot = hot[rng.permutation(len(hot))]
    posts = place_posts(rng, line, scenario, hot)
    cams = place_cameras(rng, line, scenario, hot)
    sens = place_sensors(rng, line, scenario, hot)
    sites = weapon_sites(rng, line, scenario, hot)
    names: list[str] = []
    types: list[SourceType] = []

    def register(ns: list[str], ts: list[SourceType]) -> np.ndarray:
        base = len(names)
        names.extend(ns)
        types.extend(ts)
        return np.arange(base, base + len(ns), dtype=np.int64)

    post_src = register(
        posts.name, [SourceType.POST if f else SourceType.PATROL for f in posts.fixed]
    )
    cam_src = register(cams.name, [SourceType.CAMERA] * len(cams.name))
    sens_src = register(sens.name, [SourceType.SENSOR] * len(sens.name))
    truth = Truth()
    det = Detections()
    machine = Detections()
    acoustic = Detections()
    duties = cov.Duties()
    # coverage mishaps draw from their own stream: the main stream stays as it was
    mishaps = np.random.default_rng([seed, 0xC0FE])
    for d in range(scenario.days):
        day0 = scenario.start.timestamp() + d * 86400.0
        first = len(truth.kind)
        first_round = len(truth.r_t)
        generate_day(truth=truth, rng=rng, line=line, sc=scenario, hot=hot, day0=day0, sites=sites)
        visits = schedule(rng, posts, day0)
        flights = plan_flights(rng, line, scenario, hot, day0, d)
        uav_src = register(flights.name, [SourceType.UAV] * len(flights.name))
        day = _day(truth, first, first_round, day0, 331.3 + 0.606 * rng.uniform(-5, 15))
        stype = np.where(posts.fixed, ST[SourceType.POST], ST[SourceType.PATROL])[visits.post]
        monitor_detections(
            rng, day, det, ox=posts.x[visits.post], oy=posts.y[visits.post], v0=visits.v0,
            v1=visits.v1, src=post_src[visits.post], stype=stype, bias=posts.bias[visits.post],
            round_loss=scenario.round_loss,
        )  # fmt: skip
        camera_detections(
            rng, day, det, ox=cams.x, oy=cams.y, az=cams.az, fov=cams.fov, src=cam_src,
            round_loss=scenario.round_loss,
        )  # fmt: skip
        uav_detections(rng, day, machine, fl=flights, line=line, src=uav_src)
        sensor_detections(rng, day, acoustic, se=sens, src=sens_src)
        weapon_sightings(
            rng, day, machine, posts=posts, visits=visits, fl=flights, line=line,
            post_src=post_src, uav_src=uav_src,
        )  # fmt: skip
        restricted = restrictions(
            rng, truth, machine, posts=posts, visits=visits, line=line,
            rate=scenario.restrictions, post_src=post_src,
        )  # fmt: skip
        _duties(duties, mishaps, scenario, day0=day0, line=line, posts=posts, visits=visits,
                post_src=post_src, cams=cams, cam_src=cam_src, flights=flights, uav_src=uav_src,
                sens=sens, sens_src=sens_src, restricted=restricted)  # fmt: skip
    merged = aggregate(duties.drop_blind(det.arrays()))
    value, qual = count_words(rng, merged.cols["kind"], merged.cols["count"])
    merged.cols["count"], merged.cols["qual"] = value, qual
    single = aggregate(duties.drop_blind(machine.arrays()), merge=False)
    single.cols["qual"] = np.zeros(len(single.cols["count"]), np.int64)
    # a sensor cannot tell events apart: onsets less than a minute apart form one detection
    heard = aggregate(acoustic.arrays(), gap_s=60.0)
    heard.cols["qual"] = np.zeros(len(heard.cols["count"]), np.int64)
    reports = _concat(_concat(merged, single), heard)
    ids = [str(uuid.UUID(bytes=rng.bytes(16), version=4)) for _ in range(len(reports.cols["t0"]))]
    return Simulation(
        scenario, seed, line, truth.arrays(), reports, ids, names, types, posts, cams, sens,
        tuple(duties.items),
    )  # fmt: skip


def _duties(
    duties: cov.Duties, rng: np.random.Generator, sc: Scenario, *, day0: float,
    line: ContactLine, posts: Posts, visits: Visits, post_src: np.ndarray, cams: Cameras,
    cam_src: np.ndarray, flights: Flights, uav_src: np.ndarray, sens: Sensors,
    sens_src: np.ndarray, restricted: tuple[np.ndarray, np.ndarray],
) -> None:  # fmt: skip
    """The day's coverage of every source (see :mod:`truce.fusion.simulate.coverage`)."""
    cov.visits_day(
        rng, duties, post=visits.post, v0=visits.v0, v1=visits.v1, x=posts.x, y=posts.y,
        src=post_src, restricted=restricted, share=sc.turn_back,
    )  # fmt: skip
    cov.camera_day(rng, duties, x=cams.x, y=cams.y, src=cam_src, day0=day0, share=sc.camera_outages)
    tracks = [
        line.offset(np.linspace(flights.s0[k], flights.s0[k] + flights.span[k], 16),
                    np.full(16, flights.off[k]))
        for k in range(len(flights.t0))
    ]  # fmt: skip
    cov.flights_day(
        duties,
        t0=flights.t0,
        t1=flights.t1,
        tracks=tracks,
        footprint=flights.footprint,
        src=uav_src,
    )
    cov.sensors_day(duties, x=sens.x, y=sens.y, src=sens_src, day0=day0)


def _day(truth: Truth, first: int, first_round: int, day0: float, c: float) -> Day:
    arr = {name: np.asarray(getattr(truth, name)[first:]) for name in ("kind", "sub", "weapon",
           "calibre", "x", "y", "t0", "t1", "count", "r50", "vis", "flight")}  # fmt: skip
    ev = np.arange(first, len(truth.kind), dtype=np.int64)
    parts = slice(first_round, None)
    r_ev = np.concatenate(truth.r_event[parts]) if truth.r_event[parts] else np.zeros(0, np.int64)
    r_t = np.concatenate(truth.r_t[parts]) if truth.r_t[parts] else np.zeros(0)
    r_x = np.concatenate(truth.r_x[parts]) if truth.r_x[parts] else np.zeros(0)
    r_y = np.concatenate(truth.r_y[parts]) if truth.r_y[parts] else np.zeros(0)
    keep = r_ev >= first
    order = np.lexsort((r_t[keep], r_ev[keep]))
    return Day(ev, arr, r_ev[keep][order].astype(np.int64), r_t[keep][order], r_x[keep][order],
               r_y[keep][order], c, day0)  # fmt: skip


def _concat(a: Reports, b: Reports) -> Reports:
    n_a = len(a.cols["t0"])
    cols = {k: np.concatenate([a.cols[k], b.cols[k]]) for k in a.cols}
    return Reports(
        cols,
        np.concatenate([a.mix_report, b.mix_report + n_a]),
        np.concatenate([a.mix_event, b.mix_event]),
        np.concatenate([a.mix_count, b.mix_count]),
    )


def cv_event(truth: dict[str, np.ndarray]) -> np.ndarray:
    """Which truth events are ceasefire violations (explosion, projectile, flare, fire)."""
    cv = [K[k] for k in (EventKind.EXPLOSION, EventKind.PROJECTILE, EventKind.FLARE,
                         EventKind.MUZZLE_FLASH, EventKind.FIRE)]  # fmt: skip
    return np.isin(truth["kind"], cv)
