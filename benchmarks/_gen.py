"""Generated wire-format observations for benchmarks (varied, valid, deterministic)."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

_KINDS = [
    ("explosion", "undetermined", []),
    ("explosion", "impact", ["mortar"]),
    ("fire", None, ["small_arms", "heavy_machine_gun"]),
    ("projectile", None, []),
    ("flare", None, []),
]
_COMPASS = [
    "N",
    "NNE",
    "NE",
    "ENE",
    "E",
    "ESE",
    "SE",
    "SSE",
    "S",
    "SSW",
    "SW",
    "WSW",
    "W",
    "WNW",
    "NW",
    "NNW",
]


def records(n: int, *, seed: int = 1) -> Iterator[dict[str, object]]:
    rnd = random.Random(seed)
    t0 = datetime(2025, 3, 1, tzinfo=UTC)
    for i in range(n):
        kind, subtype, weapons = _KINDS[i % len(_KINDS)]
        start = t0 + timedelta(seconds=rnd.randrange(0, 30 * 86400))
        lo = rnd.randint(1, 5)
        event: dict[str, object] = {
            "kind": kind,
            "weapons": weapons,
            "count": {"value": rnd.randint(1, 40), "qualifier": "exact"},
        }
        if subtype:
            event["subtype"] = subtype
        yield {
            "id": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
            "source": {"type": "patrol", "id": f"team-{i % 40:02d}"},
            "observed": {
                "start": start.isoformat(),
                "end": (start + timedelta(minutes=rnd.randint(1, 90))).isoformat(),
            },
            "position": {
                "lon": round(37.5 + rnd.random() * 2, 5),
                "lat": round(47.5 + rnd.random() * 1.3, 5),
            },
            "event": event,
            "direction": {"bearings": rnd.sample(_COMPASS, 2)},
            "distance_km": {"min": lo, "max": lo + rnd.randint(1, 4)},
        }


def write_jsonl(path: str, n: int, *, seed: int = 1) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records(n, seed=seed):
            fh.write(json.dumps(rec, separators=(",", ":")))
            fh.write("\n")
