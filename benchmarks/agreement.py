"""Benchmark: agreement validation, installation and a command after installation at 1k, 10k
and 100k vertices (issue 17, item 1).

Goals: a 100,000-vertex contact line validates in at most 10 s, near-linearly (growth
exponent near 1); after installation a command pays its start-up time plus milliseconds:
``truce agreement locate`` of 20 points at 100k vertices at most 50 ms more than the bare
start-up of the same CLI.

The folders are the demo agreement's latest version with its contact line densified to N
vertices: inserted vertices on the straight lon/lat edges, each moved by up to ``--jitter``
metres (default 10) so that none is redundant, and the same vertices substituted into both
controlled areas (whose boundaries follow the line), so that the folder stays valid.

Measured per size, CPU seconds of this process (on a shared machine the CPU time is the work's
own cost): ``validate_folder`` (every check), ``install`` (validate once, hash, copy, index
cache, manifest), ``load_installed`` (the quick manifest check, nothing parsed) and the index
from its cache. Then the command in fresh processes, ``--repeat`` times each, the least kept:
``truce agreement locate`` of 20 points with ``--data`` and, as the bare start-up of the same
CLI, a process that does what any ``truce`` command does first and runs none: imports the CLI
and its command modules and lets Typer build the command tree (``truce --help`` is no bare
start-up: Rich renders its help text, 0.1 s). Each process reports its CPU time from its first
line to its end (the interpreter's own start-up excluded), split into that start-up and
running the command; *locate minus start-up* is the locate process's time besides its
start-up: all that the command does (parsing its options, reading the points, loading the
installed agreement, the index, the answers, printing them). The start-up's CPU time varies
by +-0.3 s from process to process on a busy machine, so the difference of whole processes
(printed beside it) cannot show milliseconds.
Ratios: the 100k validation time to the 10 s limit and to a peer measured in the same run
(parse every layer and GEOS ``is_valid`` each geometry: the least any validator does), the
100k locate minus start-up to the 50 ms limit; growth exponents are slopes of log(time) over
log(vertices) from the first size to the last.

Usage: python benchmarks/agreement.py [--sizes 1000,10000,100000] [--jitter 10] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import math
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

from truce.agreement import demo_agreement_dir, validate_folder
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
    """CPU seconds of this process spent in ``fn()``, and its result."""
    t = time.process_time()
    out = fn()
    return time.process_time() - t, out


#: Run in a fresh process: CPU seconds of importing the CLI and of running one command.
_DRIVER = """
import json, sys, time
t0 = time.process_time()
import typer.main
import truce.cli
truce.cli._register()  # every command module: what any truce command imports first
built = [0.0]
_get_command = typer.main.get_command
def get_command(*args, **kwargs):  # Typer builds the Click command tree: start-up too
    t = time.process_time()
    try:
        return _get_command(*args, **kwargs)
    finally:
        built[0] += time.process_time() - t
typer.main.get_command = get_command
t1 = time.process_time()
sys.argv = ["truce", *sys.argv[1:]]
if sys.argv[1:]:
    try:
        truce.cli.main()
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
else:  # the bare start-up: the CLI built, no command run
    get_command(truce.cli.app)
t2 = time.process_time()
startup = t1 - t0 + built[0]
print("BENCH " + json.dumps({"startup": startup, "command": t2 - t1 - built[0]}), file=sys.stderr)
"""


def command_cpu(args: list[str]) -> dict[str, float]:
    """CPU seconds of a fresh ``truce`` process: its start-up (importing the CLI and its
    commands, Typer building the command tree) and running the command."""
    done = subprocess.run(
        [sys.executable, "-c", _DRIVER, *args], check=True, capture_output=True, text=True
    )
    line = next(x for x in done.stderr.splitlines()[::-1] if x.startswith("BENCH "))
    got: dict[str, float] = json.loads(line[len("BENCH ") :])
    return {**got, "process": got["startup"] + got["command"]}


def least(args: list[str], repeat: int) -> dict[str, float]:
    """The least of each figure over ``repeat`` fresh processes."""
    runs = [command_cpu(args) for _ in range(repeat)]
    return {k: min(r[k] for r in runs) for k in runs[0]}


def peer(folder: Path) -> None:
    """The least any validator does: parse every layer and ask GEOS whether each geometry is
    valid (no cross-layer check)."""
    for path in sorted(folder.glob("*.geojson")):
        for f in json.loads(path.read_bytes())["features"]:
            shapely.is_valid(shape(f["geometry"]))


def measure(root: Path, n: int, jitter_m: float, repeat: int) -> dict[str, float]:
    folder = root / f"a{n}"
    vertices = build(folder, n, jitter_m)
    t_peer, _ = timed(lambda: peer(folder))
    t_val, problems = timed(lambda: validate_folder(folder))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise SystemExit(f"{n}: the densified folder does not validate: {errors[0]}")
    data = root / f"d{n}"
    t_inst, (target, _) = timed(lambda: install(source=folder, data_dir=data))
    t_load, history = timed(lambda: load_installed(target))
    t_index, index = timed(lambda: history.index(history.number_in_force()))
    lon, lat = zip(*POINTS, strict=True)
    t_q, _ = timed(lambda: index.locate(list(lon), list(lat)))
    pts = root / "points.csv"
    pts.write_text("lon,lat\n" + "".join(f"{x},{y}\n" for x, y in POINTS), "utf-8")
    bare = least([], repeat)
    cmd = least(["agreement", "locate", str(pts), "--data", str(data)], repeat)
    return {
        "vertices": vertices, "peer_s": t_peer, "validate_s": t_val, "install_s": t_inst,
        "load_ms": t_load * 1000, "index_ms": t_index * 1000, "locate20_ms": t_q * 1000,
        "startup_s": bare["process"], "command_s": cmd["process"],
        "over_ms": (cmd["command"] - bare["command"]) * 1000,
        "process_over_ms": (cmd["process"] - bare["process"]) * 1000,
    }  # fmt: skip


def _growth(rows: list[dict[str, float]], key: str) -> float:
    first, last = rows[0], rows[-1]
    span = math.log(last["vertices"] / first["vertices"])
    if span <= 0 or first[key] <= 0 or last[key] <= 0:
        return math.nan
    return math.log(last[key] / first[key]) / span


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--jitter", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    root = Path(tempfile.mkdtemp(prefix="truce-bench-agreement-"))
    try:
        rows = [measure(root, n, args.jitter, args.repeat) for n in sizes]
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("CPU seconds (ms where marked); command figures: least of", args.repeat, "processes")
    print(
        "vertices  peer s  validate s  install s  load ms  index ms  locate(20) ms  "
        "start-up s  locate s  locate - start-up ms  (whole processes ms)"
    )
    for r in rows:
        print(
            f"{r['vertices']:>8,}  {r['peer_s']:>6.2f}  {r['validate_s']:>10.2f}  "
            f"{r['install_s']:>9.2f}  {r['load_ms']:>7.1f}  {r['index_ms']:>8.1f}  "
            f"{r['locate20_ms']:>13.1f}  {r['startup_s']:>10.2f}  {r['command_s']:>8.2f}  "
            f"{r['over_ms']:>20.1f}  {r['process_over_ms']:>20.0f}"
        )
    last = rows[-1]
    growth = _growth(rows, "validate_s")
    print(
        f"validation at {last['vertices']:,} vertices: {last['validate_s']:.2f} CPU s, ratio "
        f"{last['validate_s'] / 10.0:.2f} to the 10 s limit; growth exponent {growth:.2f} "
        f"(1 = linear); {last['validate_s'] / last['peer_s']:.1f}x the peer (parse + GEOS "
        f"is_valid only, {last['peer_s']:.2f} s); installation growth exponent "
        f"{_growth(rows, 'install_s'):.2f}"
    )
    print(
        f"locate of 20 points at {last['vertices']:,} vertices: start-up plus "
        f"{last['over_ms']:.1f} ms, ratio {last['over_ms'] / 50.0:.2f} to the 50 ms limit; "
        f"growth exponent {_growth(rows, 'over_ms'):.2f}; whole processes "
        f"{last['command_s']:.2f} s against {last['startup_s']:.2f} s for the bare start-up"
    )
    print(
        f"RESULT validate_100k_cpu_s={last['validate_s']:.2f} "
        f"validate_ratio_to_limit={last['validate_s'] / 10.0:.2f} "
        f"ratio_to_peer={last['validate_s'] / last['peer_s']:.2f} growth_exponent={growth:.2f} "
        f"install_100k_cpu_s={last['install_s']:.2f} load_ms={last['load_ms']:.1f} "
        f"locate_over_startup_ms={last['over_ms']:.1f} "
        f"locate_ratio_to_limit={last['over_ms'] / 50.0:.2f} "
        f"locate_growth_exponent={_growth(rows, 'over_ms'):.2f} "
        f"startup_s={last['startup_s']:.2f} "
        f"process_over_startup_ms={last['process_over_ms']:.0f}"
    )


if __name__ == "__main__":
    main()
