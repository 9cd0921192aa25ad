"""Valid wire-format records for tests, built fresh each call."""

from __future__ import annotations

import copy
import uuid
from typing import Any

_BASE: dict[str, Any] = {
    "id": "8c5e2f1e-3b1c-4b8e-9c61-2f4b9a0d1e11",
    "source": {"type": "patrol", "id": "team-D07"},
    "observed": {"start": "2025-03-12T18:00:00+02:00", "end": "2025-03-12T19:30:00+02:00"},
    "position": {"lon": 38.43, "lat": 48.71, "accuracy_m": 50},
    "event": {
        "kind": "explosion",
        "subtype": "undetermined",
        "weapons": [],
        "count": {"value": 14, "qualifier": "exact"},
    },
    "direction": {"bearings": ["SE", "S"]},
    "distance_km": {"min": 2, "max": 4},
    "classification": "mission",
}


def wire(**overrides: Any) -> dict[str, Any]:
    """A valid record; ``overrides`` use dotted paths (``position__lat=48``) or top-level keys."""
    record = copy.deepcopy(_BASE)
    for key, value in overrides.items():
        *parents, leaf = key.split("__")
        node = record
        for part in parents:
            node = node.setdefault(part, {})
        if value is _DELETE:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    return record


_DELETE = object()
DELETE: Any = _DELETE


def new_id() -> str:
    return str(uuid.uuid4())
