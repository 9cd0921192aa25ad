"""Full verification of a 1M-observation mission vs the ingest that stored it (issue #12).

Builds the store once in a cache folder (``--cache``, default ``~/.cache/truce-bench``): a
generated JSONL file ingested into SQLite (2 workers) and a signed checkpoint; the ingest's
wall time is recorded there with it. Then times ``verify_database`` (every leaf, column, tile
and checkpoint, recomputed from the records) on that store, and prints its ratio to the
ingest. Goal: at most 3x. ``--derived`` also recomputes incidents and violations (a full fuse
and check) and reports that time separately. Run it ``nice``'d on a shared machine.

Usage: ``nice python benchmarks/verify.py [--n 1000000] [--derived]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._gen import ingest_jsonl, write_jsonl  # noqa: E402

from truce.services.derived_check import check_derived  # noqa: E402
from truce.services.integrity import pin_mission, signing_key, verify_database  # noqa: E402
from truce.services.mission import Mission  # noqa: E402
from truce.store import open_store  # noqa: E402
from truce.store.ledger import sign_current_tree  # noqa: E402


def _build(folder: Path, n: int, workers: int) -> float:
    """Ingest ``n`` generated observations into ``folder``; return the ingest's wall time."""
    meta = folder / "built.json"
    if meta.is_file():
        return float(json.loads(meta.read_text())["ingest_s"])
    folder.mkdir(parents=True, exist_ok=True)
    src = folder / "observations.jsonl"
    write_jsonl(str(src), n)
    store = open_store(folder / "data")
    pin_mission(mission=Mission(data_dir=folder / "data", store=store))
    t0 = time.perf_counter()
    report = ingest_jsonl(store=store, path=src, workers=workers)
    elapsed = time.perf_counter() - t0
    assert report.ok and len(report.accepted) == n, report.rejected[:3]
    with store.begin() as conn:
        sign_current_tree(
            conn, signer=signing_key(mission=Mission(data_dir=folder / "data", store=store))
        )
    store.close()
    src.unlink()
    meta.write_text(json.dumps({"n": n, "ingest_s": elapsed}))
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "truce-bench")
    parser.add_argument("--derived", action="store_true", help="also time --derived")
    args = parser.parse_args()
    folder = args.cache / f"verify-{args.n}"
    ingest_s = _build(folder, args.n, args.workers)
    print(f"store: {args.n:,} observations in SQLite; its ingest took {ingest_s:.2f} s")
    store = open_store(folder / "data")
    t0 = time.perf_counter()
    report = verify_database(mission=Mission(data_dir=folder / "data", store=store), derived=False)
    verify_s = time.perf_counter() - t0
    assert report.audit.head.size == args.n
    ratio = verify_s / ingest_s
    print(
        f"truce verify database --no-derived: {verify_s:.2f} s "
        f"({args.n / verify_s:,.0f} leaves/s), ratio to the ingest {ratio:.2f} (goal <= 3)"
    )
    result = {
        "n": str(args.n),
        "verify_s": f"{verify_s:.2f}",
        "ingest_s": f"{ingest_s:.2f}",
        "ratio_to_ingest": f"{ratio:.3f}",
    }
    if args.derived:
        t0 = time.perf_counter()
        derived = check_derived(store=store)
        derived_s = time.perf_counter() - t0
        print(
            f"--derived (fuse and check recomputed, {derived.incidents:,} incidents, "
            f"{derived.violations:,} violations): {derived_s:.2f} s more"
        )
        result["derived_s"] = f"{derived_s:.2f}"
    store.close()
    print("RESULT " + " ".join(f"{k}={v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
