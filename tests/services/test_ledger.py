"""The ledger service: checkpoints, proofs by index or record id, C2SP tiles and entry bundles."""

from __future__ import annotations

import hashlib
import struct

import pytest

from tests.factories import new_id, wire
from truce.errors import InvalidInput, NotFound
from truce.services import intake, ledger
from truce.services.mission import Mission


def _entries(bundle: bytes) -> list[bytes]:
    out, k = [], 0
    while k < len(bundle):
        (n,) = struct.unpack(">H", bundle[k : k + 2])
        out.append(bundle[k + 2 : k + 2 + n])
        k += 2 + n
    return out


def test_tiles_and_entry_bundles_match_the_leaves(mission: Mission) -> None:
    records = [wire(id=new_id()) for _ in range(5)]
    assert intake.ingest_records(mission=mission, records=records).ok
    tile = ledger.tile(mission=mission, level=0, index=0, width=5)
    bundle = _entries(ledger.entry_bundle(mission=mission, index=0, width=5))
    assert len(tile) == 5 * 32 and len(bundle) == 5
    for k, entry in enumerate(bundle):
        assert hashlib.sha256(b"\x00" + entry).digest() == tile[32 * k : 32 * (k + 1)]
        proof = ledger.inclusion_proof(mission=mission, index=k)
        assert (
            proof.leaf_hash == tile[32 * k : 32 * (k + 1)] and proof.record_id == records[k]["id"]
        )
    assert ledger.tile(mission=mission, level=0, index=0, width=3) == tile[: 3 * 32]
    with pytest.raises(NotFound):
        ledger.tile(mission=mission, level=0, index=0)  # no full tile yet
    with pytest.raises(NotFound):
        ledger.entry_bundle(mission=mission, index=0, width=6)
    with pytest.raises(InvalidInput):
        ledger.tile(mission=mission, level=0, index=0, width=257)


def test_proof_by_record_id_and_checkpoint(mission: Mission) -> None:
    records = [wire(id=new_id()) for _ in range(3)]
    assert intake.ingest_records(mission=mission, records=records).ok
    by_id = ledger.inclusion_proof(mission=mission, record_id=records[1]["id"])
    assert by_id == ledger.inclusion_proof(mission=mission, index=1)
    ledger.verify_inclusion(
        leaf_hash=by_id.leaf_hash, index=1, size=3, root=by_id.root, proof=list(by_id.proof)
    )
    with pytest.raises(NotFound):
        ledger.inclusion_proof(mission=mission, record_id=new_id())
    with pytest.raises(InvalidInput):
        ledger.inclusion_proof(mission=mission)
    assert ledger.latest_checkpoint(mission=mission) is None
    note = ledger.checkpoint(mission=mission)
    assert ledger.latest_checkpoint(mission=mission) == note
    assert note.splitlines()[:2] == [mission.origin, "3"]
    report = ledger.audit(mission=mission).audit
    assert report.head.size == 3 and report.checkpoint is not None
    consistency = ledger.consistency_proof(mission=mission, size1=1, size2=3)
    ledger.verify_consistency(
        size1=1, size2=3, root1=consistency.root1, root2=consistency.root2,
        proof=list(consistency.proof),
    )  # fmt: skip
