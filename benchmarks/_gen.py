"""Generated wire-format observations for benchmarks (varied, valid, deterministic), and
their ingest through the whole intake."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from truce.domain.intake import IngestReport
from truce.intake.normalise import GazetteerSpec
from truce.intake.readers import InputFormat, read_records
from truce.services.intake import store_records
from truce.store import Store

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


def ingest_jsonl(*, store: Store, path: Path, workers: int) -> IngestReport:
    """Ingest the JSONL file at ``path`` into ``store`` (what ``truce ingest`` does)."""
    with path.open("rb") as fh:
        return store_records(
            store=store,
            records=read_records(fh, InputFormat.JSONL),
            gazetteer=GazetteerSpec(),
            workers=workers,
        )
