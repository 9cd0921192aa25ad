"""The rate limit's buckets are shared by the server's processes (``--workers N``)."""

from __future__ import annotations

import multiprocessing
from multiprocessing.queues import Queue
from pathlib import Path

from truce.api.limits import SharedBuckets


def _take(path: Path, key: str, out: Queue[float]) -> None:
    buckets = SharedBuckets(path)
    try:
        out.put(buckets.take(key, rate=0.001, burst=2.0))
    finally:
        buckets.close()


def _take_in_new_process(path: Path, key: str) -> float:
    ctx = multiprocessing.get_context("spawn")
    out: Queue[float] = ctx.Queue()
    proc = ctx.Process(target=_take, args=(path, key, out))
    proc.start()
    wait = out.get(timeout=60)
    proc.join(timeout=60)
    return float(wait)


def test_processes_take_from_one_bucket(tmp_path: Path) -> None:
    path = tmp_path / "buckets"
    # three processes, one after the other: a burst of 2, then the third must wait
    waits = [_take_in_new_process(path, "t:Bearer a") for _ in range(3)]
    assert waits[:2] == [0.0, 0.0]
    assert waits[2] > 100  # one token per 1,000 s: about that long
    assert _take_in_new_process(path, "t:Bearer b") == 0.0
