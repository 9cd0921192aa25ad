"""Benchmark: ``truce fuse`` after a new day of observations, against a full recompute.

A mission fuses every day, and its store grows. ``services.fusion.fuse`` (the service behind
``truce fuse``) reads only the time around the observations no incident rests on yet, widened
until the time islands they touch are complete, and recomputes those islands; a full recompute
(``truce fuse --full``) reads and fuses every stored observation. Both are timed on the same
store (SQLite in a temporary folder): ``--days`` days of the intense scenario are ingested and
fused, then one more day is ingested and fused incrementally; the full recompute follows. The
goal (issue 5: "recomputes them, incrementally for new observations") is that the daily fuse
costs about one day's share of the store, not the whole store: the printed ratio is
incremental / full, beside the new day's share of the observations.

    .venv/bin/python benchmarks/fuse_store.py [--days 120] [--seed 1]
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

from truce.domain.observation import Observation
from truce.fusion.simulate import get_scenario, observations, simulate_scenario
from truce.services import intake
from truce.services.fusion import fuse
from truce.services.intake import InputFormat
from truce.services.mission import Mission


def _ingest(mission: Mission, obs: list[Observation]) -> None:
    data = "".join(o.wire_json() + "\n" for o in obs).encode()
    rep = intake.ingest(mission=mission, stream=io.BytesIO(data), format=InputFormat.JSONL)
    assert rep.ok, rep.rejected[:3]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, default=120, help="days already in the store")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    sim = simulate_scenario(get_scenario("intense", days=args.days + 1), args.seed)
    obs = list(observations(sim))
    first = min(o.observed.start for o in obs)
    old = [o for o in obs if (o.observed.start - first).days < args.days]
    new = [o for o in obs if (o.observed.start - first).days >= args.days]
    with tempfile.TemporaryDirectory() as tmp:
        mission = Mission.create(data_dir=Path(tmp) / "data")
        _ingest(mission, old)
        fuse(mission=mission)
        _ingest(mission, new)
        t = time.perf_counter()
        inc = fuse(mission=mission)
        inc_s = time.perf_counter() - t
        t = time.perf_counter()
        full = fuse(mission=mission, full=True)
        full_s = time.perf_counter() - t
        mission.close()
    share = len(new) / len(obs)
    print(f"store: {len(obs)} observations ({args.days} days of the intense scenario + 1 new "
          f"day of {len(new)}, {100 * share:.1f} %)")  # fmt: skip
    print(f"  incremental fuse: {inc_s:.2f} s, read {inc.read} observations, replaced "
          f"{inc.deleted} incidents by {inc.inserted}")  # fmt: skip
    print(f"  full recompute:   {full_s:.2f} s, read {full.read} observations, "
          f"{full.inserted} incidents")  # fmt: skip
    print(f"  incremental / full: {inc_s / full_s:.3f} (time), {inc.read / full.read:.3f} "
          f"(observations read); the new day is {share:.3f} of the store")  # fmt: skip
    print(f"RESULT n={len(obs)} new={len(new)} incremental_s={inc_s:.3f} full_s={full_s:.3f} "
          f"ratio={inc_s / full_s:.3f} read_ratio={inc.read / full.read:.3f} "
          f"new_share={share:.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
