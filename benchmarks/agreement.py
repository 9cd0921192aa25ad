"""Benchmark: agreement validation and loading at 1k, 10k and 100k vertices (issue 17, item 1).

Goal: a 100,000-vertex contact line validates in at most 10 s, validation grows near-linearly
with the number of vertices (growth exponent near 1), and after installation a command pays
its start-up time plus milliseconds (``truce agreement locate`` of 20 points).

The folders are the demo agreement's latest version with its contact line densified to N
vertices: inserted vertices on the straight lon/lat edges, each moved by up to ``--jitter``
metres (default 10) so that none is redundant, and the same vertices substituted into both
controlled areas (whose boundaries follow the line), so that the folder stays valid.

Measured per size: ``validate_folder`` (every check), ``install`` (validate once, copy,
manifest), ``load_installed`` (hash check, parse, no validation), building the spatial index,
and ``truce agreement locate`` of 20 points as a process, against ``truce --help`` (start-up):
wall clock and CPU seconds of the process (the best of three each; on a shared machine the CPU
time is the command's own cost).
Ratios: the 100k validation time to the 10 s limit, and to a peer measured in the same run
(parse every layer and GEOS ``is_valid`` each geometry: the least any validator does), which
shows how much of the time is the checks rather than a loaded machine; the growth exponent is
the slope of log(time) over log(vertices) from 1k to 100k.

Usage: python benchmarks/agreement.py [--sizes 1000,10000,100000] [--jitter 10]
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape

from truce.agreement import SpatialIndex, demo_agreement_dir, validate_folder
from truce.agreement.install import install
from truce.agreement.loader import load_installed
from truce.geo.distance import WGS84

POINTS = [
    (37.7497, 48.0159), (38.0364, 48.1383), (37.6127, 47.7323), (39.4657, 48.6381),
    (38.5330, 48.6874), (37.5556, 47.1003), (38.4300, 48.7100), (38.2000, 48.3000),
    (39.0000, 48.5000), (37.9000, 47.9000), (38.7000, 48.4000), (37.4000, 47.6000),
    (38.1000, 47.5000), (39.3000, 48.2000), (37.8000, 48.3000), (38.6000, 48.9000),
    (39.6000, 48.7000), (37.6500, 47.4000), (38.9000, 48.1000), (38.3000, 48.5500),
]  # fmt: skip


def densify(coords: list[list[float]], n: int, jitter_m: float, rng: Any) -> list[list[float]]:
    """``coords`` with points inserted on each edge (lon/lat straight) up to ``n`` vertices,
    inserted points moved by up to ``jitter_m`` metres."""
    xy = np.asarray(coords, dtype=float)
    seg = np.hypot(*np.diff(xy, axis=0).T)
    per = np.maximum(1, np.round(seg / seg.sum() * (n - 1)).astype(int))
    out = [xy[0]]
    for k in range(len(xy) - 1):
        t = np.arange(1, per[k] + 1) / per[k]
        pts = xy[k] + t[:, None] * (xy[k + 1] - xy[k])
        if jitter_m > 0 and per[k] > 1:
            # at most a fifth of the spacing, so that the jittered line never crosses itself
            step = float(WGS84.inv(*xy[k], *xy[k + 1])[2]) / per[k]
            az = rng.uniform(0, 360, per[k] - 1)
            d = rng.uniform(0, min(jitter_m, step / 5), per[k] - 1)
            lon, lat, _ = WGS84.fwd(pts[:-1, 0], pts[:-1, 1], az, d)
            pts[:-1] = np.column_stack([lon, lat])
        out.extend(pts)
    return [[float(x), float(y)] for x, y in out]


def _substitute(ring: list[list[float]], line: list[list[float]], dense: list[list[float]]) -> Any:
    """``ring`` with its run of ``line``'s vertices (either direction) replaced by ``dense``."""
    body = [tuple(c) for c in ring[:-1]]
    if tuple(line[0]) not in body:
        return ring
    k = body.index(tuple(line[0]))
    body = body[k:] + body[:k]  # start the ring at the line's first vertex
    m = len(line)
    if body[1] == tuple(line[1]):
        assert body[:m] == [tuple(c) for c in line]
        out = [list(c) for c in dense] + [list(c) for c in body[m:]]
    else:
        assert body[-(m - 1) :] == [tuple(c) for c in line[:0:-1]]
        out = [list(c) for c in body[: len(body) - (m - 1)]] + [list(c) for c in dense[:0:-1]]
    return [*out, out[0]]


def build(dest: Path, n: int, jitter_m: float) -> int:
    """The demo's latest version at ``dest`` with its line densified to ``n`` vertices."""
    shutil.copytree(demo_agreement_dir(), dest, ignore=shutil.ignore_patterns("versions"))
    fc = json.loads((dest / "contact_line.geojson").read_text("utf-8"))
    line = fc["features"][0]["geometry"]["coordinates"]
    dense = densify(line, n, jitter_m, np.random.default_rng(1))
    fc["features"][0]["geometry"]["coordinates"] = dense
    (dest / "contact_line.geojson").write_text(json.dumps(fc), "utf-8")
    areas = json.loads((dest / "controlled_areas.geojson").read_text("utf-8"))
    for f in areas["features"]:
        rings = f["geometry"]["coordinates"]
        f["geometry"]["coordinates"] = [_substitute(r, line, dense) for r in rings]
    (dest / "controlled_areas.geojson").write_text(json.dumps(areas), "utf-8")
    return len(dense)


def timed(fn: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def command(args: list[str]) -> float:
    return command_times(args)[0]


def command_times(args: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system of the child) of one ``truce`` process: on a
    shared machine the CPU time is the command's own cost, the wall clock adds the wait."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "truce", *args], check=True, capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def peer(folder: Path) -> None:
    """The least any validator does: parse every layer and ask GEOS whether each geometry is
    valid (no cross-layer check)."""
    for path in sorted(folder.glob("*.geojson")):
        for f in json.loads(path.read_bytes())["features"]:
            shapely.is_valid(shape(f["geometry"]))


def measure(root: Path, n: int, jitter_m: float) -> dict[str, float]:
    folder = root / f"a{n}"
    vertices = build(folder, n, jitter_m)
    t_peer, _ = timed(lambda: peer(folder))
    cpu0 = time.process_time()
    t_val, problems = timed(lambda: validate_folder(folder))
    cpu_val = time.process_time() - cpu0
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise SystemExit(f"{n}: the densified folder does not validate: {errors[0]}")
    data = root / f"d{n}"
    t_inst, (target, _) = timed(lambda: install(source=folder, data_dir=data))
    t_load, history = timed(lambda: load_installed(target))
    t_index, index = timed(lambda: SpatialIndex(history.latest))
    lon, lat = zip(*POINTS, strict=True)
    t_q, _ = timed(lambda: index.locate(list(lon), list(lat)))
    pts = root / "points.csv"
    pts.write_text("lon,lat\n" + "".join(f"{x},{y}\n" for x, y in POINTS), "utf-8")
    t_cmd, cpu_cmd = min(
        command_times(["agreement", "locate", str(pts), "--data", str(data)]) for _ in range(3)
    )
    return {
        "vertices": vertices, "peer_s": t_peer, "validate_s": t_val, "validate_cpu_s": cpu_val,
        "install_s": t_inst,
        "load_s": t_load, "index_s": t_index, "locate20_ms": t_q * 1000, "command_s": t_cmd,
        "command_cpu_s": cpu_cmd,
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--jitter", type=float, default=10.0)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    root = Path(tempfile.mkdtemp(prefix="truce-bench-agreement-"))
    try:
        startup, startup_cpu = min(command_times(["--help"]) for _ in range(3))
        rows = [measure(root, n, args.jitter) for n in sizes]
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"start-up (truce --help): {startup:.2f} s, {startup_cpu:.2f} CPU s")
    print(
        "vertices  peer s  validate s  install s  load s  index s  locate(20) ms  command s  "
        "over start-up s  command CPU s  CPU over start-up s"
    )
    for r in rows:
        print(
            f"{r['vertices']:>8,}  {r['peer_s']:>6.2f}  {r['validate_s']:>10.2f}  "
            f"{r['install_s']:>9.2f}  "
            f"{r['load_s']:>6.3f}  {r['index_s']:>7.2f}  {r['locate20_ms']:>13.1f}  "
            f"{r['command_s']:>9.2f}  {r['command_s'] - startup:>15.2f}  "
            f"{r['command_cpu_s']:>13.2f}  {r['command_cpu_s'] - startup_cpu:>19.2f}"
        )
    first, last = rows[0], rows[-1]
    span = math.log(last["vertices"] / first["vertices"])
    growth = math.log(last["validate_s"] / first["validate_s"]) / span if span > 0 else float("nan")
    cpu_growth = (
        math.log(last["validate_cpu_s"] / first["validate_cpu_s"]) / span if span > 0 else math.nan
    )
    load_growth = math.log(last["load_s"] / first["load_s"]) / span if span > 0 else float("nan")
    print(
        f"validation at {last['vertices']:,} vertices: {last['validate_s']:.2f} s, "
        f"ratio {last['validate_s'] / 10.0:.2f} to the 10 s limit; growth exponent {growth:.2f} "
        f"(1 = linear); loading growth exponent {load_growth:.2f}; "
        f"{last['validate_s'] / last['peer_s']:.1f}x the peer (parse + GEOS is_valid only, "
        f"{last['peer_s']:.2f} s); CPU time of validation "
        + " / ".join(f"{r['validate_cpu_s']:.2f}" for r in rows)
        + f" s, growth exponent {cpu_growth:.2f}"
    )
    print(
        f"RESULT validate_100k_s={last['validate_s']:.2f} "
        f"validate_100k_cpu_s={last['validate_cpu_s']:.2f} "
        f"cpu_ratio_to_limit={last['validate_cpu_s'] / 10.0:.2f} ratio_to_peer="
        f"{last['validate_s'] / last['peer_s']:.2f} ratio_to_limit="
        f"{last['validate_s'] / 10.0:.2f} growth_exponent={growth:.2f} "
        f"cpu_growth_exponent={cpu_growth:.2f} "
        f"load_s={last['load_s']:.3f} command_s={last['command_s']:.2f} "
        f"startup_s={startup:.2f} command_over_startup_s={last['command_s'] - startup:.2f} "
        f"command_cpu_over_startup_s={last['command_cpu_s'] - startup_cpu:.2f}"
    )


if __name__ == "__main__":
    main()
