"""Offline verification of RFC 6962 proofs (algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2).

Pure functions: each returns ``None`` when the proof holds and raises
:class:`~truce.errors.VerificationError` naming the expected and the actual value otherwise.
No database, no network.
"""

from __future__ import annotations

from collections.abc import Sequence

from truce.errors import VerificationError
from truce.ledger.merkle import consistency_ranges, inclusion_ranges, node_hash

__all__ = ["root_from_inclusion_proof", "verify_consistency", "verify_inclusion"]

_HASH_LEN = 32


def _check_len(name: str, value: bytes) -> None:
    if len(value) != _HASH_LEN:
        raise VerificationError(
            f"{name} must be a {_HASH_LEN}-byte SHA-256 hash, got {len(value)} bytes"
        )


def root_from_inclusion_proof(
    *, leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes]
) -> bytes:
    """The root that ``proof`` implies for leaf ``index`` of a tree of ``size`` leaves.

    RFC 9162 §2.1.3.2 steps 1-5. Raises :class:`VerificationError` when the proof has the
    wrong length for (index, size) or the index is outside the tree.
    """
    if not 0 <= index < size:
        raise VerificationError(f"leaf index {index} is outside a tree of size {size}")
    _check_len("leaf hash", leaf_hash)
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            raise VerificationError(
                f"inclusion proof too long: expected {_inclusion_len(index, size)} hashes, "
                f"got {len(proof)}"
            )
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise VerificationError(
            f"inclusion proof too short: expected {_inclusion_len(index, size)} hashes, "
            f"got {len(proof)}"
        )
    return r


def verify_inclusion(
    *, leaf_hash: bytes, index: int, size: int, root: bytes, proof: Sequence[bytes]
) -> None:
    """Check that ``leaf_hash`` is leaf ``index`` of the tree of ``size`` leaves with ``root``.

    RFC 9162 §2.1.3.2. Hashes are raw 32-byte SHA-256 digests.
    """
    _check_len("root", root)
    got = root_from_inclusion_proof(leaf_hash=leaf_hash, index=index, size=size, proof=proof)
    if got != root:
        raise VerificationError(f"root mismatch: expected {root.hex()}, proof gives {got.hex()}")


def verify_consistency(
    *, size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]
) -> None:
    """Check that the tree of ``size2`` leaves with ``root2`` extends the one of ``size1``.

    RFC 9162 §2.1.4.2. Equal sizes need an empty proof and equal roots. An empty old tree
    (``size1 == 0``) is rejected: every tree extends it, so such a proof proves nothing.
    """
    if size1 > size2:
        raise VerificationError(f"size1 {size1} is greater than size2 {size2}")
    if size1 == 0:
        raise VerificationError("consistency with an empty tree (size1 = 0) proves nothing")
    if size1 == size2:
        if proof:
            raise VerificationError(
                f"sizes are equal: expected an empty proof, got {len(proof)} hashes"
            )
        if root1 != root2:
            raise VerificationError(
                f"sizes are equal but roots differ: expected {root1.hex()}, got {root2.hex()}"
            )
        return
    _check_len("root1", root1)
    _check_len("root2", root2)
    if not proof:
        raise VerificationError("empty consistency proof for different sizes")
    fr, sr = _consistency_roots(size1, size2, root1, proof)
    if fr != root1:
        raise VerificationError(f"root1 mismatch: expected {root1.hex()}, proof gives {fr.hex()}")
    if sr != root2:
        raise VerificationError(f"root2 mismatch: expected {root2.hex()}, proof gives {sr.hex()}")


def _consistency_roots(
    size1: int, size2: int, root1: bytes, proof: Sequence[bytes]
) -> tuple[bytes, bytes]:
    """RFC 9162 §2.1.4.2 steps 2-7: the (old, new) roots the proof implies."""
    path = list(proof)
    if size1 & (size1 - 1) == 0:  # an exact power of two: the old root is the first node
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise VerificationError(
                f"consistency proof too long: expected {_consistency_len(size1, size2)} hashes, "
                f"got {len(proof)}"
            )
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise VerificationError(
            f"consistency proof too short: expected {_consistency_len(size1, size2)} hashes, "
            f"got {len(proof)}"
        )
    return fr, sr


def _inclusion_len(index: int, size: int) -> int:
    return len(inclusion_ranges(index, size))


def _consistency_len(size1: int, size2: int) -> int:
    return len(consistency_ranges(size1, size2))
