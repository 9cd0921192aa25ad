"""Benchmark: weapon-withdrawal checks of many sightings against the demo agreement.

Goal (issue 4): 1,000,000 weapon sightings against the demo agreement with its contact line
densified to 10,000 vertices in at most 2 s, and at least 20 times faster than a naive
per-point ``shapely.distance`` on the same data, measured in the same run.

The checked path is :func:`truce.compliance.weapon_withdrawal.check_points`: project, nearest
segment (candidate grid from the STRtree), geodesic refinement within 2 km of the line, side
(prepared polygons), holding-area exemption, per-category withdrawal limits. The index is built
once (reported separately, as it is per agreement version, not per batch). The naive peer
measures only the distance (``shapely.distance(line, Point)`` per point in the same plane), on
a random subsample, extrapolated linearly to the full size; it is a lower bound of a naive check.

The line is densified to 10,000 vertices and, by default, every inserted vertex is moved by
up to 10 m (``--jitter``), so that no vertex can be simplified away and the index really holds
about 10,000 segments. ``--jitter 0`` keeps inserted vertices on the straight lon/lat edges
(the index then merges them into a few hundred segments); ``--collinear`` densifies in the
plane instead.

Incidents (issue 11.4): ``--incidents`` fused incidents (default 1,000,000) with 95 % ellipses
(semi-major axes of 50 m to 3 km, as fusion produces) are checked as columns, the path
``truce check`` takes for them (:func:`truce.compliance.batch.assess_columns`: facts of every
centre, ellipses traced only where they may cross a boundary, every clause of the demo
agreement as shipped vectorised), measured at full size; the columns are built straight from
arrays, the form incidents are loaded in. The peer is the per-incident path
(:func:`~truce.compliance.subject.from_incidents` and
:meth:`~truce.compliance.engine.ComplianceEngine.assess`) on the first ``--peer`` of them, whose
violations the columnar result must reproduce (checked). Printed: the time for the whole set
(goal: 1,000,000 in at most 10 s), its ratio to the goal, to the point path per point, and the
speedup over the per-incident path; the violation records of a subsample are built apart
(records are built only for storage). Wall clock and CPU seconds, as the machine is shared.
Before issue 11.4 each incident built two pyproj transformers (about 5 ms); ``--old-ellipse``
times that construction for comparison.

Usage: python benchmarks/compliance.py [--n 1000000] [--naive 5000] [--repeat 3]
       [--incidents 1000000] [--peer 2000] [--old-ellipse]
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping, shape

from truce.agreement import (
    Agreement,
    AgreementHistory,
    SpatialIndex,
    demo_agreement_dir,
    load_agreement,
)
from truce.agreement.models import LineFeature
from truce.compliance.batch import assess_columns
from truce.compliance.columns import KINDS, Code, IncidentColumns, epoch_us, from_epoch_us
from truce.compliance.engine import ComplianceEngine
from truce.compliance.subject import from_incidents
from truce.compliance.weapon_withdrawal import BREACHED, UNDECIDED, WEAPON_CODES, check_points
from truce.domain.incident import Counts, Ellipse, Incident
from truce.domain.time import TimeWindow
from truce.domain.vocabulary import EventKind, ExplosionSubtype, Weapon
from truce.geo.projection import LocalPlane

VERTICES = 10_000
WEAPONS = (
    Weapon.TANK, Weapon.ARTILLERY, Weapon.HOWITZER, Weapon.MORTAR, Weapon.MLRS,
    Weapon.HEAVY_MLRS, Weapon.MISSILE_SYSTEM, Weapon.ANTI_TANK_WEAPON,
)  # fmt: skip


def densified(agreement: Agreement, *, collinear: bool, jitter_m: float = 0.0) -> Agreement:
    """The agreement with its contact line densified to about ``VERTICES`` vertices (moved at
    random by up to ``jitter_m`` metres, so that none can be simplified away)."""
    line = shape(agreement.contact_line[0].geometry)
    if jitter_m > 0:
        dense = densified(agreement, collinear=False)
        xy = np.asarray(dense.contact_line[0].geometry["coordinates"])
        rng = np.random.default_rng(0)
        deg = jitter_m / 111_000.0
        xy[1:-1] += rng.uniform(-deg, deg, (len(xy) - 2, 2)) * [1.5, 1.0]
        geom = shapely.LineString(xy)
        return agreement.model_copy(update={"contact_line": (LineFeature(geometry=mapping(geom)),)})
    if not collinear:
        step = line.length / (VERTICES - len(line.coords))
        geom = shapely.segmentize(line, step)
        while len(geom.coords) < VERTICES:  # segmentize rounds each edge up; shrink the step
            step *= 0.999
            geom = shapely.segmentize(line, step)
        return agreement.model_copy(update={"contact_line": (LineFeature(geometry=mapping(geom)),)})
    if collinear:
        plane = SpatialIndex(agreement).plane
        x, y = plane.forward(*np.asarray(line.coords).T)
        flat = shapely.LineString(np.column_stack([x, y]))
        dense = shapely.segmentize(flat, flat.length / (VERTICES - len(line.coords)))
        lon, lat = plane.inverse(*shapely.get_coordinates(dense).T)
        geom = shapely.LineString(np.column_stack([lon, lat]))
    return agreement.model_copy(update={"contact_line": (LineFeature(geometry=mapping(geom)),)})


def sightings(agreement: Agreement, n: int, seed: int) -> tuple[np.ndarray, ...]:
    """``n`` random weapon sightings inside the mission area (the union of its regions)."""
    area = shapely.union_all([shape(r.geometry) for r in agreement.regions])
    shapely.prepare(area)
    w, s, e, nn = area.bounds
    rng = np.random.default_rng(seed)
    lon, lat = np.empty(0), np.empty(0)
    while len(lon) < n:
        x, y = rng.uniform(w, e, 2 * n), rng.uniform(s, nn, 2 * n)
        keep = shapely.contains_xy(area, x, y)
        lon, lat = np.concatenate([lon, x[keep]]), np.concatenate([lat, y[keep]])
    codes = np.array([WEAPON_CODES.index(wp) for wp in WEAPONS])[rng.integers(0, len(WEAPONS), n)]
    calibre = np.where(rng.random(n) < 0.5, np.nan, rng.choice([82.0, 100.0, 122.0, 152.0], n))
    return lon[:n], lat[:n], codes, calibre


def incident_columns(history: AgreementHistory, n: int, seed: int) -> IncidentColumns:
    """``n`` explosion incidents in the mission area with random 95 % ellipses, as columns."""
    lon, lat, _, _ = sightings(history.latest, n, seed)
    rng = np.random.default_rng(seed)
    major = np.exp(rng.uniform(np.log(50.0), np.log(3000.0), n))
    minor = major * rng.uniform(0.2, 1.0, n)
    turn = rng.uniform(0.0, 180.0, n)
    start = epoch_us(datetime(2025, 3, 12, 18, tzinfo=UTC))
    k = np.arange(n)
    return IncidentColumns(
        ids=tuple(str(uuid.UUID(int=(1 << 126) + i)) for i in range(n)),
        kind=np.full(n, KINDS.index(EventKind.EXPLOSION), dtype=np.int64),
        subtype=(k % len(ExplosionSubtype)).astype(np.int64),
        lon=lon,
        lat=lat,
        semi_major_m=major,
        semi_minor_m=minor,
        orientation_deg=turn,
        start_us=np.full(n, start, dtype=np.int64),
        end_us=start + (k % 30) * 60_000_000,
        count=np.full(n, 3, dtype=np.int64),
        qualifier=np.zeros(n, dtype=np.int64),
        at_observer=np.zeros(n, dtype=bool),
        weapon_codes=np.zeros(0, dtype=np.int64),
        weapon_start=np.zeros(n + 1, dtype=np.int64),
    )


def as_incidents(cols: IncidentColumns, m: int) -> list[Incident]:
    """The first ``m`` rows as :class:`Incident` models (for the per-incident peer)."""
    subtypes = list(ExplosionSubtype)
    out = []
    for k in range(m):
        obs = (uuid.UUID(int=2 * k + 1), uuid.UUID(int=2 * k + 2))
        out.append(
            Incident(
                id=uuid.UUID(cols.ids[k]),
                kind=EventKind.EXPLOSION,
                subtype=subtypes[int(cols.subtype[k])],
                lon=float(cols.lon[k]),
                lat=float(cols.lat[k]),
                ellipse=Ellipse(
                    semi_major_m=float(cols.semi_major_m[k]),
                    semi_minor_m=float(cols.semi_minor_m[k]),
                    orientation_deg=float(cols.orientation_deg[k]),
                ),
                method="wls",
                window=TimeWindow(
                    start=from_epoch_us(int(cols.start_us[k])),
                    end=from_epoch_us(int(cols.end_us[k])),
                ),
                counts=Counts(total=3),
                observation_ids=obs,
                n_sources=2,
                confidence=0.8,
            )
        )
    return out


def _projected_polygon(incident: Incident) -> shapely.Polygon:
    """The ellipse polygon as built before issue 11.4: through a pyproj plane per incident."""
    x, y = incident.ellipse.plane_points(64)
    lon, lat = LocalPlane(incident.lon, incident.lat).inverse(x, y)
    return shapely.Polygon(np.column_stack([lon, lat]))


def _timed(fn: Any) -> tuple[Any, float, float]:
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def time_incidents(n: int, peer: int, seed: int, *, old_ellipse: bool) -> dict[str, float]:
    """Seconds for ``n`` incidents as columns, per incident for the per-incident peer."""
    history = load_agreement(demo_agreement_dir())
    cols = incident_columns(history, n, seed)
    engine = ComplianceEngine(history)
    # Once per agreement version, as the index: the candidate grids of the line and of the
    # boundaries (a first columnar call builds them).
    engine.index(history.latest).line.index.build_grids()
    assess_columns(engine, cols.take(np.arange(min(n, 30_000))))
    result, wall, cpu = _timed(lambda: assess_columns(engine, cols))
    counts = result.counts()
    m = min(peer, n)
    batch = as_incidents(cols, m)
    peer_engine = ComplianceEngine(history)
    peer_engine.index(history.latest).line.index.build_grids()
    got, peer_wall, peer_cpu = _timed(lambda: peer_engine.assess(from_incidents(batch)))
    sub = assess_columns(engine, cols.take(np.arange(m)))
    records, rec_wall, rec_cpu = _timed(sub.violations)
    same = sorted(v.model_dump_json() for v in records) == sorted(
        v.model_dump_json() for v in got.violations
    )
    out = {
        "wall_s": wall,
        "cpu_s": cpu,
        "breached": counts[Code.BREACHED],
        "undetermined": counts[Code.UNDETERMINED],
        "peer_wall_s": peer_wall / m,
        "peer_cpu_s": peer_cpu / m,
        "peer_n": m,
        "records_per_s": len(records) / max(rec_wall, 1e-9),
        "same": float(same),
    }
    if old_ellipse:
        k = min(m, 200)
        t0 = time.perf_counter()
        for i in batch[:k]:
            _projected_polygon(i)
        out["old_ellipse_s"] = (time.perf_counter() - t0) / k
    return out


def report_incidents(args: argparse.Namespace, check_s: float, check_cpu_s: float) -> str:
    """Time and print the incident check; the RESULT fields it adds."""
    per_point = check_s / args.n
    inc = time_incidents(args.incidents, args.peer, args.seed, old_ellipse=args.old_ellipse)
    n = args.incidents
    per_inc = inc["wall_s"] / n
    ratio_point = per_inc / per_point
    ratio_point_cpu = (inc["cpu_s"] / n) / (check_cpu_s / args.n)
    speedup_inc = inc["peer_wall_s"] / per_inc
    speedup_cpu = inc["peer_cpu_s"] / (inc["cpu_s"] / n)
    print(
        f"check {n:,} incidents with ellipses as columns (demo agreement as shipped): "
        f"{inc['wall_s']:.2f} s wall, {inc['cpu_s']:.2f} CPU s ({per_inc * 1e6:.2f} us "
        f"each); findings breached {int(inc['breached']):,}, undetermined "
        f"{int(inc['undetermined']):,}"
    )
    scale = "" if n == 1_000_000 else " (the goal is for 1,000,000: this run is smaller)"
    print(
        f"goal {n:,} in <= 10 s{scale}: ratio {inc['wall_s'] / 10:.2f} wall, "
        f"{inc['cpu_s'] / 10:.2f} CPU ({'met' if inc['wall_s'] <= 10 else 'NOT met'} "
        f"in wall time); ratio to a point of the point path: {ratio_point:.1f}x wall, "
        f"{ratio_point_cpu:.1f}x CPU"
    )
    print(
        f"per-incident path on {int(inc['peer_n']):,} of them: "
        f"{inc['peer_wall_s'] * 1e3:.3f} ms each ({inc['peer_cpu_s'] * 1e3:.3f} CPU ms): "
        f"columns {speedup_inc:.0f}x faster ({speedup_cpu:.0f}x in CPU time); same violations: "
        f"{'yes' if inc['same'] else 'NO'}; violation records built at "
        f"{inc['records_per_s']:,.0f}/s (for storage)"
    )
    if "old_ellipse_s" in inc:
        print(
            f"ellipse polygon with a projection per incident: {inc['old_ellipse_s'] * 1e3:.3f} ms"
        )
    extra = (
        f" incidents={n} incidents_s={inc['wall_s']:.2f} incidents_cpu_s={inc['cpu_s']:.2f} "
        f"incident_us={per_inc * 1e6:.2f} incident_point_ratio={ratio_point:.1f} "
        f"incident_point_ratio_cpu={ratio_point_cpu:.1f} "
        f"goal_incidents_s=10 incidents_goal_ratio={inc['wall_s'] / 10:.2f} "
        f"incidents_goal_ratio_cpu={inc['cpu_s'] / 10:.2f} "
        f"per_incident_ms={inc['peer_wall_s'] * 1e3:.3f} columnar_speedup={speedup_inc:.0f} "
        f"columnar_speedup_cpu={speedup_cpu:.0f} "
        f"same={int(inc['same'])}"
    )
    return extra


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="number of sightings")
    ap.add_argument("--naive", type=int, default=5_000, help="subsample size for the naive peer")
    ap.add_argument("--repeat", type=int, default=3, help="timed repetitions (median reported)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--incidents", type=int, default=1_000_000, help="incidents with ellipses (0: none)"
    )
    ap.add_argument("--peer", type=int, default=2000, help="incidents for the per-incident peer")
    ap.add_argument(
        "--old-ellipse", action="store_true", help="also time the per-incident projection"
    )
    ap.add_argument(
        "--collinear", action="store_true", help="densify in the plane (collinear vertices)"
    )
    ap.add_argument(
        "--jitter",
        type=float,
        default=10.0,
        help="move inserted vertices up to this many metres (0: keep them on the edges)",
    )
    args = ap.parse_args()

    base = load_agreement(demo_agreement_dir()).latest
    agreement = densified(base, collinear=args.collinear, jitter_m=args.jitter)
    clause = next(c for c in agreement.doc.clauses if c.type == "weapon_withdrawal")
    lon, lat, codes, calibre = sightings(agreement, args.n, args.seed)
    n_vertices = len(agreement.contact_line[0].geometry["coordinates"])

    t0 = time.perf_counter()
    index = SpatialIndex(agreement)
    index.line.index.build_grids()  # the candidate grids, built once per agreement version
    build_s = time.perf_counter() - t0

    times, cpu_times = [], []
    for _ in range(max(1, args.repeat)):
        t0, c0 = time.perf_counter(), time.process_time()
        outcome, dist, _ = check_points(
            index=index, clause=clause, lon=lon, lat=lat, weapon_code=codes, calibre_mm=calibre
        )
        times.append(time.perf_counter() - t0)
        cpu_times.append(time.process_time() - c0)
    check_s = statistics.median(times)
    check_cpu_s = statistics.median(cpu_times)

    # Naive peer: per-point shapely.distance to the dense line in the same plane.
    rng = np.random.default_rng(args.seed + 1)
    sample = rng.choice(args.n, size=min(args.naive, args.n), replace=False)
    line_plane = shapely.LineString(
        np.column_stack(
            index.plane.forward(*np.asarray(agreement.contact_line[0].geometry["coordinates"]).T)
        )
    )
    t0 = time.perf_counter()
    px, py = index.plane.forward(lon[sample], lat[sample])
    naive = np.array(
        [shapely.distance(line_plane, shapely.Point(x, y)) for x, y in zip(px, py, strict=True)]
    )
    naive_s = (time.perf_counter() - t0) * args.n / len(sample)
    fast_d = dist[sample]
    ok = ~np.isnan(fast_d)
    diff = np.abs(fast_d[ok] - naive[ok])
    far = naive[ok] >= 1000.0
    rel = diff[far] / naive[ok][far]

    speedup = naive_s / check_s
    how = "collinear, plane" if args.collinear else f"lon/lat edges, jitter {args.jitter:g} m"
    print(f"line: {n_vertices} vertices ({how}), "
          f"{index.line.index.n_segments} distinct segments after 5 cm simplification")  # fmt: skip
    print(f"index build (once per agreement version, incl. candidate grid): {build_s:.2f} s")
    print(f"check {args.n:,} sightings: median {check_s:.3f} s of {[round(t, 3) for t in times]} "
          f"({check_cpu_s:.3f} CPU s; {args.n / check_s / 1e6:.2f} M/s); "
          f"breached {int((outcome == BREACHED).sum()):,}, "
          f"undetermined {int((outcome == UNDECIDED).sum()):,}")  # fmt: skip
    print(
        f"naive shapely.distance per point: {len(sample):,} timed, "
        f"extrapolated to {args.n:,}: {naive_s:.1f} s"
    )
    print(
        f"speedup vs naive: {speedup:.0f}x (goal >= 20x); "
        f"time goal <= 2 s: {'met' if check_s <= 2.0 else 'NOT met'}"
    )
    print(
        f"agreement with the naive planar distance on the subsample: beyond 1 km max rel diff "
        f"{rel.max():.1e}; within 1 km (geodesic refinement vs plane) max abs diff "
        f"{diff[~far].max(initial=0):.2f} m"
    )
    extra = report_incidents(args, check_s, check_cpu_s) if args.incidents > 0 else ""
    print(
        f"RESULT n={args.n} vertices={n_vertices} segments={index.line.index.n_segments} "
        f"check_s={check_s:.3f} check_cpu_s={check_cpu_s:.3f} build_s={build_s:.2f} "
        f"naive_s_extrapolated={naive_s:.1f} "
        f"speedup={speedup:.1f} goal_s=2.0 goal_speedup=20" + extra
    )


if __name__ == "__main__":
    main()
