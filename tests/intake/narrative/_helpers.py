"""Expected-observation builder for the table-driven tests."""

from __future__ import annotations

from typing import Any


def obs(kind: str, count: int | None = None, **kw: Any) -> dict[str, Any]:
    """An observation in the README schema; every field not given takes its empty value."""
    out: dict[str, Any] = {
        "source_type": "patrol",
        "place": None,
        "offset": None,
        "kind": kind,
        "subtype": "undetermined" if kind == "explosion" else None,
        "weapons": [],
        "count": count,
        "qualifier": "exact" if count is not None else "unstated",
        "distance_km": None,
        "bearings": [],
        "flight": None,
    }
    for key, value in kw.items():
        if key == "km":
            lo, hi = value if isinstance(value, tuple) else (value, value)
            out["distance_km"] = {"min": lo, "max": hi}
        elif key == "flight":
            out["flight"] = {"from": value[0], "to": value[1]}
        elif key == "offset":
            out["offset"] = {"km": value[0], "bearing": value[1]}
        else:
            assert key in out, key
            out[key] = value
    return out
