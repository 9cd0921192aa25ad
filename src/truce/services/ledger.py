"""The evidence ledger: checkpoints, cosignatures, proofs, tiles and the audit.

Serves ``truce ledger``, ``truce keys``, ``truce verify`` and the API's C2SP tlog-tiles
endpoints: :func:`tile` and :func:`entry_bundle` (C2SP tlog-tiles, from
:mod:`truce.services.tlog`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from truce.domain.ledger_kinds import LedgerKind
from truce.domain.proofs import ConsistencyProof, InclusionProof, KeyPair, TreeState
from truce.errors import InvalidInput, NotFound
from truce.ledger.checkpoint import Checkpoint, parse_note, verify_checkpoint
from truce.ledger.checkpoint import cosign as _cosign
from truce.ledger.keys import VerifierKey, generate, load_signer, load_verifier, write_key_pair
from truce.ledger.mission import keys_dir
from truce.ledger.verify import verify_consistency, verify_inclusion
from truce.services.integrity import DatabaseReport, verify_database
from truce.services.mission import Mission
from truce.services.tlog import entry_bundle, tile
from truce.settings import data_dir as resolve_data_dir
from truce.store import ledger as store_ledger
from truce.store.ledger_audit import AuditReport

__all__ = [
    "AuditReport",
    "Checkpoint",
    "audit",
    "checkpoint",
    "consistency_proof",
    "cosign",
    "entry_bundle",
    "generate_key",
    "inclusion_proof",
    "latest_checkpoint",
    "load_keys",
    "tile",
    "tree",
    "verify_checkpoint",
    "verify_consistency",
    "verify_inclusion",
]


def checkpoint(*, mission: Mission, origin: str | None = None) -> str:
    """Sign the committed tree as a C2SP checkpoint, store it and return the signed note.

    Creates the mission key on first use (named ``origin``, else the default origin).
    """
    signer = mission.signer(origin=origin)
    with mission.store.begin() as conn:
        return store_ledger.sign_current_tree(conn, signer=signer)


def latest_checkpoint(*, mission: Mission) -> str | None:
    """The latest stored signed checkpoint note, or ``None`` before the first."""
    with mission.store.connect() as conn:
        stored = store_ledger.latest_checkpoint(conn)
    return None if stored is None else stored.note


def checkpoint_size(*, note: str) -> int:
    """The tree size a signed checkpoint note states (C2SP tlog-checkpoint, second line);
    raises VerificationError when the note is malformed."""
    return Checkpoint.parse(parse_note(note).text).size


def cosign(*, note: str, key_file: Path, timestamp: int | None = None) -> str:
    """``note`` with a C2SP tlog-cosignature line of the key in ``key_file`` added."""
    stamp = int(time.time()) if timestamp is None else timestamp
    return _cosign(note, load_signer(key_file), timestamp=stamp)


def tree(*, mission: Mission) -> TreeState:
    """The committed tree size and root."""
    with mission.store.connect() as conn:
        head = store_ledger.current_tree(conn)
    return TreeState(head.size, head.root)


def inclusion_proof(
    *,
    mission: Mission,
    index: int | None = None,
    record_id: str | None = None,
    kind: LedgerKind | str | None = None,
    size: int | None = None,
) -> InclusionProof:
    """Inclusion proof of a leaf, by ``index`` or by ``record_id`` (of ``kind``, default
    ``observation``), in the tree of ``size`` (default: the committed size)."""
    if (index is None) == (record_id is None):
        raise InvalidInput("give either a leaf index or a record id")
    with mission.store.connect() as conn:
        if index is None:
            assert record_id is not None
            what = LedgerKind(kind or LedgerKind.OBSERVATION)
            found = store_ledger.leaf_index_of(conn, kind=what, record_id=record_id)
            if found is None:
                raise NotFound(f"no {what.value} {record_id} in the ledger")
            index = found
        size = store_ledger.current_tree(conn).size if size is None else size
        proof = store_ledger.inclusion_proof(conn, index, size)
        leaf = store_ledger.leaf_at(conn, index)
        root = store_ledger.root_at(conn, size)
    return InclusionProof(
        index, size, leaf.kind, leaf.record_id, leaf.leaf_hash, root, tuple(proof)
    )


def consistency_proof(*, mission: Mission, size1: int, size2: int) -> ConsistencyProof:
    """Consistency proof from tree size ``size1`` to ``size2`` (0 < size1 <= size2)."""
    with mission.store.connect() as conn:
        proof = store_ledger.consistency_proof(conn, size1, size2)
        root1 = store_ledger.root_at(conn, size1)
        root2 = store_ledger.root_at(conn, size2)
    return ConsistencyProof(size1, size2, root1, root2, tuple(proof))


def load_keys(specs: Sequence[str]) -> list[VerifierKey]:
    """Verifier keys given inline or as ``.pub`` files; comma-separated lists allowed."""
    return [load_verifier(s.strip()) for spec in specs for s in spec.split(",") if s.strip()]


def audit(
    *,
    mission: Mission,
    keys: Sequence[str] = (),
    threshold: int | None = None,
    checkpoints: Sequence[Path] = (),
    derived: bool = True,
) -> DatabaseReport:
    """What ``truce verify database`` runs: every record, column, tile and checkpoint checked
    (:func:`truce.services.integrity.verify_database`), against ``keys`` (default: the
    mission's pinned key) and the outside ``checkpoints``; derived records recomputed."""
    return verify_database(
        mission=mission,
        keys=load_keys(keys),
        threshold=threshold,
        checkpoints=checkpoints,
        derived=derived,
    )


def generate_key(
    *, name: str, out_dir: Path | None = None, data_dir: Path | None = None
) -> KeyPair:
    """A new cosigner key pair in ``out_dir`` (default ``<data>/keys``): NAME.key (0600) and
    NAME.pub, the C2SP tlog-cosignature vkey (type 0x04) of the lines :func:`cosign` writes."""
    signer = generate(name)
    path = write_key_pair(out_dir or keys_dir(resolve_data_dir(data_dir)), signer, cosigner=True)
    vkey = signer.verifier.as_cosigner().encode()
    return KeyPair(str(path), str(path.with_suffix(".pub")), vkey)
