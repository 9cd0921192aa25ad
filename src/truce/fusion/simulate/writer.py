"""Reports as wire-format v1 observations (``observations.jsonl``), the sources' duty periods
as ``coverage/1`` records (``coverage.jsonl``) and the truth (``truth.json``)."""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from truce.domain.coverage import Coverage
from truce.domain.observation import Observation
from truce.domain.vocabulary import Compass16, EventKind, ExplosionSubtype
from truce.fusion.simulate.run import Simulation, cv_event
from truce.fusion.simulate.scenario import KYIV
from truce.fusion.table import KINDS, QUALIFIERS, SUBTYPES, WEAPONS

_WORDS = tuple(Compass16)


def _time(ts: float) -> str:
    spec = "seconds" if float(ts).is_integer() else "milliseconds"
    return datetime.fromtimestamp(float(ts), KYIV).isoformat(timespec=spec)


def lonlat(sim: Simulation) -> tuple[np.ndarray, np.ndarray]:
    """Observer positions in WGS84 degrees, rounded to 6 decimals as written."""
    lon, lat = sim.line.plane.inverse(sim.reports.cols["x"], sim.reports.cols["y"])
    return np.round(lon, 6), np.round(lat, 6)


def wire_dicts(sim: Simulation) -> Iterator[dict[str, Any]]:
    """One wire-format dict per report, in report order."""
    c = sim.reports.cols
    lon, lat = lonlat(sim)
    for i in range(len(sim.ids)):
        kind = KINDS[int(c["kind"][i])]
        event: dict[str, Any] = {"kind": kind.value}
        if kind is EventKind.EXPLOSION:
            sub = int(c["sub"][i])
            event["subtype"] = (SUBTYPES[sub] if sub >= 0 else ExplosionSubtype.UNDETERMINED).value
        if c["weapon"][i] >= 0:
            event["weapons"] = [WEAPONS[int(c["weapon"][i])].value]
        if math.isfinite(c["calibre"][i]):
            event["calibre_mm"] = float(c["calibre"][i])
        value = c["count"][i]
        event["count"] = {"qualifier": QUALIFIERS[int(c["qual"][i])].value}
        if math.isfinite(value):
            event["count"]["value"] = int(value)
        rec: dict[str, Any] = {
            "id": sim.ids[i],
            "source": {"type": sim.source_types[int(c["src"][i])].value,
                       "id": sim.source_names[int(c["src"][i])]},
            "observed": {"start": _time(c["t0"][i]), "end": _time(c["t1"][i])},
            "position": {"lon": float(lon[i]), "lat": float(lat[i]), "accuracy_m": 10.0},
            "event": event,
        }  # fmt: skip
        direction: dict[str, Any] = {}
        if c["word"][i] >= 0:
            w = int(c["word"][i])
            direction["bearings"] = [_WORDS[(w + k) % 16].value for k in range(int(c["nwords"][i]))]
        if math.isfinite(c["bdeg"][i]):
            direction["bearing_deg"] = [float(c["bdeg"][i]) % 360.0]
            direction["sigma_deg"] = float(c["bsig"][i])
        if c["from_w"][i] >= 0:
            direction["from"] = _WORDS[int(c["from_w"][i])].value
            direction["to"] = _WORDS[int(c["to_w"][i])].value
        if direction:
            rec["direction"] = direction
        if math.isfinite(c["dmin"][i]):
            rec["distance_km"] = {"min": float(c["dmin"][i]), "max": float(c["dmax"][i])}
        yield rec


def observations(sim: Simulation) -> Iterator[Observation]:
    """The reports as validated ``Observation`` models."""
    for rec in wire_dicts(sim):
        yield Observation.model_validate(rec)


#: Namespace of simulated coverage ids (UUIDv5 of scenario, seed and record number).
COVERAGE_NAMESPACE = uuid.UUID("0c6e7a0e-51d4-4a47-9a3e-6f3b1d2c9e85")


def coverage_dicts(sim: Simulation) -> Iterator[dict[str, Any]]:
    """One ``coverage/1`` dict per duty period of a simulated source, in simulation order."""
    for n, d in enumerate(sim.duties):
        lon, lat = sim.line.plane.inverse(np.asarray(d.x), np.asarray(d.y))
        lon, lat = np.round(lon, 6), np.round(lat, 6)
        rec: dict[str, Any] = {
            "record": "coverage",
            "id": str(uuid.uuid5(COVERAGE_NAMESPACE, f"{sim.scenario.name}:{sim.seed}:{n}")),
            "source": {"type": sim.source_types[d.src].value, "id": sim.source_names[d.src]},
            "observed": {"start": _time(d.t0), "end": _time(d.t1)},
            "range_km": round(d.range_m / 1000.0, 3),
            "status": d.status.value,
        }
        if len(lon) == 1:
            rec["position"] = {"lon": float(lon[0]), "lat": float(lat[0]), "accuracy_m": 10.0}
        else:
            rec["track"] = {
                "type": "LineString",
                "coordinates": [[float(x), float(y)] for x, y in zip(lon, lat, strict=True)],
            }
        if d.note:
            rec["note"] = d.note
        yield rec


def coverage(sim: Simulation) -> Iterator[Coverage]:
    """The duty periods as validated ``Coverage`` models."""
    for rec in coverage_dicts(sim):
        yield Coverage.model_validate(rec)


def truth_document(sim: Simulation) -> dict[str, Any]:
    """Everything the evaluation needs: events, which reports mix which events, observers."""
    t = sim.truth
    lon, lat = sim.line.plane.inverse(t["x"], t["y"])
    cv = cv_event(t)
    events = []
    for k in range(len(t["kind"])):
        ev: dict[str, Any] = {
            "id": k, "kind": KINDS[int(t["kind"][k])].value,
            "lon": round(float(lon[k]), 6), "lat": round(float(lat[k]), 6),
            "start": _time(round(float(t["t0"][k]), 3)), "end": _time(round(float(t["t1"][k]), 3)),
            "count": int(t["count"][k]), "side": "B" if t["side"][k] else "A",
            "ceasefire_violation": bool(cv[k]),
        }  # fmt: skip
        if t["sub"][k] >= 0:
            ev["subtype"] = SUBTYPES[int(t["sub"][k])].value
        if t["weapon"][k] >= 0:
            ev["weapon"] = WEAPONS[int(t["weapon"][k])].value
            ev["calibre_mm"] = float(t["calibre"][k])
        if t["mission"][k] >= 0:
            ev["mission"] = int(t["mission"][k])
        if KINDS[int(t["kind"][k])] is EventKind.WEAPON:
            ev["distance_to_line_km"] = round(float(t["dline"][k]) / 1000.0, 3)
            ev["withdrawal_km"] = float(t["withdrawal"][k]) / 1000.0
            ev["in_breach"] = bool(t["breach"][k])
        events.append(ev)
    mix: dict[str, list[list[int]]] = {}
    r = sim.reports
    for rep, ev_id, n in zip(
        r.mix_report.tolist(), r.mix_event.tolist(), r.mix_count.tolist(), strict=True
    ):
        mix.setdefault(sim.ids[rep], []).append([int(ev_id), int(n)])
    return {
        "scenario": sim.scenario.name, "seed": sim.seed, "days": sim.scenario.days,
        "events": events, "observations": mix,
        "sources": [{"id": n, "type": s.value}
                    for n, s in zip(sim.source_names, sim.source_types, strict=True)],
    }  # fmt: skip


def write(sim: Simulation, out: Path) -> tuple[Path, Path]:
    """Write ``observations.jsonl`` (each Observation's ``.wire()`` JSON), ``coverage.jsonl``
    (each Coverage's) and ``truth.json``; return the observations' and the truth's paths."""
    out.mkdir(parents=True, exist_ok=True)
    obs_path = out / "observations.jsonl"
    with obs_path.open("w", encoding="utf-8") as fh:
        for o in observations(sim):
            fh.write(json.dumps(o.wire(), separators=(",", ":")) + "\n")
    with (out / "coverage.jsonl").open("w", encoding="utf-8") as fh:
        for c in coverage(sim):
            fh.write(json.dumps(c.wire(), separators=(",", ":")) + "\n")
    truth_path = out / "truth.json"
    truth_path.write_text(json.dumps(truth_document(sim), separators=(",", ":")), "utf-8")
    return obs_path, truth_path
