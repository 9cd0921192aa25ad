"""Cosignatures of the ledger's checkpoints by the parties and witnesses (C2SP
tlog-cosignature, c2sp.org/tlog-cosignature), received through the API.

A cosigner sends the checkpoint with its signature line added. Each line by a *registered*
key (a ``NAME.pub`` verifier key in the mission's ``keys`` folder, other than the mission's
own) is verified over the stored checkpoint's body and kept as a ledger record (kind
``cosignature``) naming the principal who sent it; the served checkpoint then carries it.
A line that does not verify, a key that is not registered or a checkpoint the mission never
signed is refused, and nothing is stored.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from truce.domain.ledger_kinds import LedgerKind
from truce.domain.principal import Principal
from truce.errors import ErrorDetail, InvalidInput, NotFound
from truce.ledger.canonical import canonical_json
from truce.ledger.checkpoint import NoteSignature, SignedNote, parse_note, verify_checkpoint
from truce.ledger.keys import VerifierKey, load_verifier
from truce.services.mission import Mission
from truce.store.api_tables import cosignatures
from truce.store.ledger import append_entries
from truce.store.ledger_tables import ledger_checkpoints

__all__ = ["LEDGER_KIND", "Accepted", "add", "checkpoint_text"]

LEDGER_KIND = "cosignature"


@dataclass(frozen=True, slots=True)
class Accepted:
    key_names: tuple[str, ...]
    leaf_indices: tuple[int, ...]


def _registered(data_dir: Path, mission_key: str) -> dict[str, VerifierKey]:
    keys = {}
    for path in sorted((data_dir / "keys").glob("*.pub")):
        key = load_verifier(str(path))
        if key.name != mission_key:
            keys[key.name] = key
    return keys


def add(*, mission: Mission, principal: Principal, note: str) -> Accepted:
    """Verify and store the new cosignature lines of a cosigned checkpoint.

    Raises :class:`NotFound` for a checkpoint the mission did not sign,
    :class:`VerificationError` for a line that does not verify, :class:`InvalidInput` when
    no line is by a registered key.
    """
    parsed = parse_note(note)
    with mission.store.connect() as conn:
        c = ledger_checkpoints.c
        rows = conn.execute(select(c.id, c.note).order_by(c.id.desc())).all()
    stored = next(
        ((int(r.id), r.note) for r in rows if parse_note(r.note).text == parsed.text), None
    )
    if stored is None:
        raise NotFound("the mission signed no checkpoint with this body")
    checkpoint_id, stored_note = stored
    known = {s.line() for s in parse_note(stored_note).signatures} | set(
        _lines(checkpoint_id, mission)
    )
    new = [s for s in parsed.signatures if s.line() not in known]
    origin = parse_note(stored_note).signatures[0].name
    keys = _registered(mission.data_dir, origin)
    unknown = [s.name for s in new if s.name not in keys]
    if unknown or not new:
        names = ", ".join(sorted(keys)) or "none"
        msg = f"no new signature line by a registered key (registered: {names})"
        raise InvalidInput(
            msg, details=[ErrorDetail(("note",), f"unregistered key {n}") for n in unknown]
        )
    for sig in new:
        verify_checkpoint(SignedNote(parsed.text, (sig,)).encode(), keys=[keys[sig.name]])
    return _store(mission, principal, checkpoint_id, new)


def _store(
    mission: Mission, principal: Principal, checkpoint_id: int, new: list[NoteSignature]
) -> Accepted:
    leaves = []
    with mission.store.begin() as conn:
        for sig in new:
            rid = str(uuid.uuid4())
            record = {
                "kind": LEDGER_KIND,
                "id": rid,
                "checkpoint_id": checkpoint_id,
                "key_name": sig.name,
                "line": sig.line().rstrip("\n"),
                "by": principal.name,
                "at": round(time.time(), 3),
            }
            entry = canonical_json(record)
            (leaf,) = append_entries(conn, kind=LedgerKind.COSIGNATURE, records=[(rid, entry)])
            conn.execute(
                cosignatures.insert().values(
                    id=rid,
                    checkpoint_id=checkpoint_id,
                    key_name=sig.name,
                    record=entry.decode("utf-8"),
                    leaf_index=leaf,
                )
            )
            leaves.append(leaf)
    return Accepted(tuple(s.name for s in new), tuple(leaves))


def _lines(checkpoint_id: int, mission: Mission) -> list[str]:
    c = cosignatures.c
    with mission.store.connect() as conn:
        rows = conn.execute(
            select(c.record).where(c.checkpoint_id == checkpoint_id).order_by(c.seq)
        ).scalars()
        return [str(json.loads(r)["line"]) + "\n" for r in rows]


def checkpoint_text(*, mission: Mission) -> str:
    """The latest signed checkpoint with the cosignatures received for it."""
    with mission.store.connect() as conn:
        c = ledger_checkpoints.c
        row = conn.execute(
            select(c.id, c.note).order_by(c.size.desc(), c.id.desc()).limit(1)
        ).first()
    if row is None:
        raise NotFound("the ledger has no signed checkpoint yet", hint="truce ledger checkpoint")
    extra = [line for line in _lines(int(row.id), mission) if line not in row.note]
    return str(row.note) + "".join(extra)
