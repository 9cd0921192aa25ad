"""Inclusion proofs of ledger leaves by index, with the records' stored entries.

The incident page checks in the browser that each record it shows (observations, and the
decisions and responses on its violations) is a leaf of the signed tree (issue 15, item 2).
A proof is RFC 6962 §2.1.1's audit path of leaf ``index`` in the tree of ``size`` leaves
(:func:`truce.services.ledger.inclusion_proof`); with ``entries`` it carries the record's
stored entry (its canonical JSON, the exact bytes the leaf hashes), so that the leaf hash can
be recomputed from the record. Which leaves a caller may ask about, and whether it may read
their entries, the caller decides through :mod:`truce.services.views`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from truce.services import ledger
from truce.services.mission import Mission
from truce.store.audit_records import RECORD_KINDS, stored_entries

__all__ = ["leaf_proofs"]


def leaf_proofs(
    *, mission: Mission, leaves: Iterable[int], size: int, entries: bool
) -> dict[int, dict[str, Any]]:
    """The proof of each leaf below ``size`` in the tree of ``size`` leaves (others are not
    in that tree yet and are left out), keyed by leaf index."""
    out: dict[int, dict[str, Any]] = {}
    for index in sorted({k for k in leaves if 0 <= k < size}):
        p = ledger.inclusion_proof(mission=mission, index=index, size=size)
        proof: dict[str, Any] = {
            "record_id": p.record_id,
            "kind": p.kind,
            "index": p.index,
            "size": p.size,
            "leaf_hash": p.leaf_hash.hex(),
            "proof": [h.hex() for h in p.proof],
        }
        if entries and p.kind in RECORD_KINDS:
            with mission.store.connect() as conn:
                found = stored_entries(conn, kind=p.kind, first=index, end=index + 1)
            if index in found:
                proof["entry"] = found[index]
        out[index] = proof
    return out
