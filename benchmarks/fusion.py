"""Fusion benchmark: quality against the simulator's truth, and speed beside DBSCAN.

Quality (issue 5): the standard scenario (``--days`` days, seed ``--seed``), fused from
wire-format ``Observation`` models exactly as ``truce fuse`` does: event-level precision,
recall and F1; total ceasefire-violation count against truth beside the naive sum of reports;
median and 90th-percentile location error (all, and incidents seen by 3+ observers); the
share of true locations inside the 95 % ellipses. Then the same on the ``lossy`` scenario,
where monitors also miss single rounds of what they heard (not in the issue's observation
model): there no count from the reports can reach the truth, and the figure to compare the
fused count with is what the best-placed observer of each event perceived.

Speed: ``--n`` reports (default 1,000,000) of the intense scenario over as many days as it
takes, as columns (``truce.fusion.simulate.table``, the same columns ``from_observations``
builds). Timed: the path ``truce fuse`` / ``fuse()`` runs after building the table: canonical
order, association, location, counting and every ``Incident`` model
(``truce.fusion.parallel.fuse_parallel`` on 2 processes; the same result as one process).
Beside it scikit-learn's DBSCAN with the haversine metric on each report's best point (its
sector centroid). DBSCAN has no time axis, so it runs per kind and per hour of report start
(which helps it); ``--dbscan-share`` runs it on the first share of the hours only, and says so.
Both runs' adjusted Rand index against the true event of each report. The machine may be
shared: beside the wall time the benchmark prints its own CPU time and the cores other
processes used meanwhile (``/proc/stat``), and the 1-minute load average (which includes this
benchmark's own simulation just before).

    .venv/bin/python benchmarks/fusion.py [--n 1000000] [--days 5] [--seed 1]
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import time

import numpy as np

from truce.fusion import fuse
from truce.fusion.engine import canonical_order, default_plane
from truce.fusion.location import sector_centroid
from truce.fusion.parallel import fuse_parallel
from truce.fusion.simulate import (
    get_scenario,
    observations,
    score_arrays,
    score_incidents,
    simulate_scenario,
    table,
)
from truce.fusion.simulate.evaluate import adjusted_rand_index, primary_event

#: DBSCAN neighbourhood radius, km (the best ARI of 0.3-15 km on a 20-day sample).
EPS_KM = 6.0


def quality(days: int, seed: int, scenario: str = "standard") -> dict[str, float]:
    sim = simulate_scenario(get_scenario(scenario, days=days), seed)
    obs = list(observations(sim))
    t = time.perf_counter()
    incidents = fuse(obs)
    dt = time.perf_counter() - t
    s = score_incidents(sim, incidents)
    print(f"== quality: {scenario} scenario, {days} day(s), seed {seed}: {len(obs)} observations "
          f"-> {len(incidents)} incidents in {dt:.2f} s")  # fmt: skip
    for line in s.lines():
        print("  " + line)
    goals = [
        ("F1 >= 0.9", s.f1 >= 0.9),
        ("count within 5 % of truth", abs(s.count_error) <= 0.05),
        ("median error <= 500 m (3+ observers)", s.median_error_3plus_m <= 500),
        ("coverage in [90 %, 98 %]", 0.90 <= s.coverage <= 0.98),
    ]
    print("  goals: " + "; ".join(f"{g}: {'met' if ok else 'NOT met'}" for g, ok in goals))
    return {"f1": s.f1, "precision": s.precision, "recall": s.recall,
            "count_fused": s.count_fused, "count_truth": s.count_truth_observed,
            "count_perceived": s.count_truth_perceived, "count_naive": s.count_naive,
            "count_err_pct": 100 * s.count_error,
            "count_err_multi_pct": 100 * s.count_error_multi,
            "count_err_single_pct": 100 * s.count_error_single,
            "med_err_m": s.median_error_m, "p90_err_m": s.p90_error_m,
            "med_err_3plus_m": s.median_error_3plus_m, "p90_err_3plus_m": s.p90_error_3plus_m,
            "coverage_pct": 100 * s.coverage}  # fmt: skip


def _simulate_n(n: int, seed: int):  # type: ignore[no-untyped-def]
    probe = simulate_scenario(get_scenario("intense", days=2), seed)
    days = int(np.ceil(n / (len(probe) / 2) * 1.05)) + 1
    sim = simulate_scenario(get_scenario("intense", days=days), seed)
    return sim, days


def speed(n: int, seed: int, dbscan_share: float) -> dict[str, float]:
    t = time.perf_counter()
    sim, days = _simulate_n(n, seed)
    plane = default_plane([])
    plane = type(plane).for_bounds(37.5, 47.0, 40.0, 49.0)
    full = table(sim, plane)
    keep = np.argsort(full.t0, kind="stable")[:n]
    keep.sort()
    tab = full.take(keep)
    print(f"== speed: {len(tab)} reports (intense scenario, {days} days, seed {seed}; "
          f"simulated in {time.perf_counter() - t:.0f} s)")  # fmt: skip
    del full
    gc.collect()
    load0 = os.getloadavg()[0]
    cpu0, busy0 = _cpu(), _machine_busy()
    t0 = time.perf_counter()
    order = canonical_order(tab)
    fused = fuse_parallel(tab, order=order, workers=2)  # exact: whole time islands
    fuse_s = time.perf_counter() - t0
    cpu1, busy1 = _cpu(), _machine_busy()
    load1 = os.getloadavg()[0]
    cpu_parent, cpu_workers = cpu1[0] - cpu0[0], cpu1[1] - cpu0[1]
    others = max(busy1 - busy0 - cpu_parent - cpu_workers, 0.0) / fuse_s  # cores, on average
    incidents = fused.incidents
    res = fused.columns(tab, order)
    rows = keep[order]
    primary = primary_event(
        len(sim), sim.reports.mix_report, sim.reports.mix_event, sim.reports.mix_count
    )
    ari_f = adjusted_rand_index(primary[rows], res.labels)
    s = score_arrays(_Sub(sim, rows), res, np.arange(len(rows)))  # type: ignore[arg-type]
    print(f"  truce fusion (order, association, location, counting, {len(incidents)} Incident "
          f"models; 2 processes): {fuse_s:.2f} s; ARI {ari_f:.3f}; F1 {s.f1:.3f}\n"
          f"    [load average {load0:.2f} before, {load1:.2f} after; CPU time "
          f"{cpu_parent:.2f} s in this process (order, Incident models) + {cpu_workers:.2f} s "
          f"in the 2 workers (association, location, counting); other processes used "
          f"{others:.2f} of the {os.cpu_count()} cores meanwhile]")  # fmt: skip
    del incidents
    gc.collect()
    db_s, ari_d, share_used = _dbscan(tab, primary[keep], dbscan_share)
    scale = 1.0 / share_used
    note = (
        ""
        if share_used >= 1.0
        else f" on the first {100 * share_used:.0f} % of hours, x{scale:.1f} ="
    )
    print(f"  sklearn DBSCAN (haversine, eps {EPS_KM:g} km, per kind and hour):{note} "
          f"{db_s * scale:.2f} s; ARI {ari_d:.3f}")  # fmt: skip
    goal = "n/a (smaller n)" if len(tab) < 1_000_000 else ("met" if fuse_s <= 10 else "NOT met")
    better = "met" if fuse_s < db_s * scale and ari_f > ari_d else "NOT met"
    print(
        f"  fusion with every Incident model is {db_s * scale / fuse_s:.1f}x as fast as "
        f"DBSCAN's labels alone; 1M in <= 10 s: {goal}; faster than DBSCAN with a higher ARI: "
        f"{better}"
    )
    return {
        "n": len(tab),
        "fuse_full_s": fuse_s,
        "load_avg_1min": load0,
        "cpu_parent_s": cpu_parent,
        "cpu_workers_s": cpu_workers,
        "other_procs_cores": others,
        "dbscan_s": db_s * scale,
        "ari_fusion": ari_f,
        "ari_dbscan": ari_d,
        "speedup": db_s * scale / fuse_s,
        "speed_f1": s.f1,
    }


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def _machine_busy() -> float:
    """CPU seconds all processes on the machine have used so far (Linux ``/proc/stat``)."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            fields = [float(v) for v in fh.readline().split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0.0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class _Sub:
    """A view of a simulation restricted to some report rows (for scoring a subset)."""

    def __init__(self, sim, rows):  # type: ignore[no-untyped-def]
        from truce.fusion.simulate.reports import Reports

        pos = np.full(len(sim), -1, np.int64)
        pos[rows] = np.arange(len(rows))
        keep = pos[sim.reports.mix_report] >= 0
        r = sim.reports
        self.reports = Reports({k: v[rows] for k, v in r.cols.items()}, pos[r.mix_report[keep]],
                               r.mix_event[keep], r.mix_count[keep])  # fmt: skip
        self.truth, self.line, self.ids = sim.truth, sim.line, [sim.ids[i] for i in rows]

    def __len__(self) -> int:
        return len(self.ids)


def _dbscan(tab, truth, share):  # type: ignore[no-untyped-def]
    from sklearn.cluster import DBSCAN

    cx, cy = sector_centroid(tab)
    lon, lat = tab.plane.inverse(cx, cy)
    pts = np.radians(np.column_stack([lat, lon]))
    hour = np.floor(tab.t0 / 3600.0).astype(np.int64)
    key = hour * 16 + tab.kind
    order = np.argsort(key, kind="stable")
    ks = key[order]
    starts = np.flatnonzero(np.r_[True, ks[1:] != ks[:-1]])
    ends = np.r_[starts[1:], len(ks)]
    hours = np.unique(hour)
    last_hour = hours[min(len(hours) - 1, int(np.ceil(len(hours) * share)) - 1)]
    labels = np.full(len(tab), -1, np.int64)
    nxt = 0
    used = np.zeros(len(tab), bool)
    model = DBSCAN(eps=EPS_KM / 6371.0, min_samples=1, metric="haversine", algorithm="ball_tree")
    t = time.perf_counter()
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        if ks[s] // 16 > last_hour:
            break
        rows = order[s:e]
        lab = model.fit_predict(pts[rows]) if len(rows) > 1 else np.zeros(1, np.int64)
        labels[rows] = lab + nxt
        nxt += int(lab.max()) + 1
        used[rows] = True
    dt = time.perf_counter() - t
    return dt, adjusted_rand_index(truth[used], labels[used]), max(used.mean(), 1e-9)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="reports for the speed run")
    ap.add_argument("--days", type=int, default=5, help="days of the standard scenario")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dbscan-share", type=float, default=1.0, help="share of hours for DBSCAN")
    ap.add_argument(
        "--seeds", type=str, default="", help="also score these seeds, e.g. 2,3 (quality only)"
    )
    ap.add_argument("--no-speed", action="store_true", help="skip the speed run")
    ap.add_argument(
        "--no-lossy", dest="lossy", action="store_false",
        help="skip the count on the lossy scenario (monitors also miss single rounds)",
    )  # fmt: skip
    args = ap.parse_args()
    q = quality(args.days, args.seed)
    extra: dict[str, float] = {}
    if args.lossy:
        ql = quality(args.days, args.seed, "lossy")
        extra |= {f"{k}_lossy": ql[k] for k in ("count_fused", "count_truth", "count_perceived",
                                                "count_err_pct")}  # fmt: skip
    for sd in (int(v) for v in args.seeds.split(",") if v.strip()):
        qs = quality(args.days, sd)
        extra |= {f"{k}_seed{sd}": qs[k] for k in ("f1", "count_err_pct", "med_err_3plus_m",
                                                    "coverage_pct")}  # fmt: skip
    s = {} if args.no_speed else speed(args.n, args.seed, args.dbscan_share)
    fields = {**q, **extra, **s}
    print("RESULT " + " ".join(
        f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in fields.items()
    ))  # fmt: skip


if __name__ == "__main__":
    main()
