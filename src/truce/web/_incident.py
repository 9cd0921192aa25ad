"""The incident page's data: the incident, its observations, its violations with their
decisions and responses, and the inclusion proofs of its records, each in the caller's view
(:mod:`truce.services.views`)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from truce.domain.filters import ViolationFilter
from truce.domain.principal import Principal
from truce.errors import NotFound, TruceError
from truce.services import decisions, intake, leaf_proofs, ledger, views
from truce.web import _data

__all__ = ["incident_page", "incident_proofs"]

Record = dict[str, Any]


def _observations(
    *, mission: Any, principal: Principal, ids: list[str]
) -> tuple[list[Record], int]:
    """The observations the caller may see, and how many it may not."""
    seen: list[Record] = []
    for oid in ids:
        try:
            seen.append(views.observation(mission=mission, principal=principal, observation_id=oid))
        except NotFound:
            pass
    return seen, len(ids) - len(seen)


def _threads(*, mission: Any, principal: Principal, incident: Record) -> list[Record]:
    window = incident["window"]
    marks = _data.incident_marks(
        _data.all_violations(
            mission=mission,
            principal=principal,
            filter=ViolationFilter(
                since=datetime.fromisoformat(window["start"]),
                until=datetime.fromisoformat(window["end"]),
            ),
        )
    ).get(str(incident["id"]), [])
    out = []
    for v in marks:
        full = views.violation_with_thread(
            mission=mission, principal=principal, violation_id=str(v["id"])
        )
        thread = full.get("thread", [])
        full["decisions"] = [t for t in thread if t.get("type") == "decision"]
        full["responses"] = [t for t in thread if t.get("type") == "response"]
        if "thread" in full:  # the caller sees the thread: the decisions' leaves with it
            _with_leaves(mission, str(v["id"]), full["decisions"])
        out.append(full)
    return out


def _with_leaves(mission: Any, violation_id: str, shown: list[Record]) -> None:
    """Set each shown decision's ``leaf_index`` (the thread lists them by time, as here)."""
    stored = decisions.decisions_with_leaves(mission=mission, violation_id=violation_id)
    stored.sort(key=lambda d: d[0].decided_at.timestamp())
    for record, (decision, leaf) in zip(shown, stored, strict=False):
        if record.get("decided_at") == decision.model_dump(mode="json")["decided_at"]:
            record["leaf_index"] = leaf


def incident_page(*, mission: Any, principal: Principal, incident_id: str) -> Record:
    """Everything the incident page shows (NotFound when the caller may not see it)."""
    incident = views.incident(mission=mission, principal=principal, incident_id=incident_id)
    seen, hidden = _observations(
        mission=mission, principal=principal, ids=[str(i) for i in incident["observation_ids"]]
    )
    note = ledger.latest_checkpoint(mission=mission)
    return {
        "incident": incident,
        "observations": seen,
        "hidden_observations": hidden,
        "violations": _threads(mission=mission, principal=principal, incident=incident),
        "checkpoint_size": 0 if note is None else ledger.checkpoint_size(note=note),
    }


def incident_proofs(*, mission: Any, principal: Principal, incident_id: str) -> Record:
    """The latest signed checkpoint, the mission's verifier key and, for each observation the
    incident rests on, its RFC 6962 inclusion proof in that checkpoint's tree (``proofs``);
    and by leaf index (``records``) the proofs of the decisions and responses the caller sees
    on its violations. A record's canonical JSON goes along only when the caller sees the
    whole record."""
    incident = views.incident(mission=mission, principal=principal, incident_id=incident_id)
    note = ledger.latest_checkpoint(mission=mission)
    verifier = mission.verifier
    if note is None or verifier is None:
        raise NotFound("the ledger has no signed checkpoint yet", hint="truce ledger checkpoint")
    size = ledger.checkpoint_size(note=note)
    ids = [str(i) for i in incident["observation_ids"]]
    entries = _whole_entries(mission=mission, principal=principal, ids=ids)
    proofs = []
    for oid in ids:
        try:
            p = ledger.inclusion_proof(mission=mission, record_id=oid, size=size)
        except TruceError:
            continue  # appended after the checkpoint: the next checkpoint proves it
        proof: Record = {
            "record_id": oid,
            "kind": p.kind,
            "index": p.index,
            "size": p.size,
            "leaf_hash": p.leaf_hash.hex(),
            "proof": [h.hex() for h in p.proof],
        }
        if oid in entries:
            proof["entry"] = entries[oid]
        proofs.append(proof)
    threads = _threads(mission=mission, principal=principal, incident=incident)
    leaves = [
        int(r["leaf_index"])
        for v in threads
        for r in (*v["decisions"], *v["responses"])
        if r.get("leaf_index") is not None
    ]
    whole = views.access_context(mission=mission, principal=principal).whole
    records = leaf_proofs.leaf_proofs(mission=mission, leaves=leaves, size=size, entries=whole)
    return {
        "checkpoint": note,
        "vkey": verifier.encode(),
        "origin": mission.origin,
        "proofs": proofs,
        "records": {str(k): p for k, p in records.items()},
    }


def _whole_entries(*, mission: Any, principal: Principal, ids: list[str]) -> dict[str, str]:
    """The stored canonical JSON of the records the caller sees whole (else: hashes only)."""
    stored = intake.stored_content(mission=mission, ids=ids)
    ctx = views.access_context(mission=mission, principal=principal)
    if ctx.whole:
        return stored
    out = {}
    for oid, text in stored.items():
        try:
            seen = views.observation(mission=mission, principal=principal, observation_id=oid)
        except NotFound:
            continue
        if seen == json.loads(text):
            out[oid] = text
    return out
