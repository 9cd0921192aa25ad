"""RFC 6962 proofs: generated proofs equal the RFC's recursive definitions and verify;
every single-bit change to a proof, root or leaf hash is rejected."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from truce.errors import VerificationError
from truce.ledger import merkle
from truce.ledger.canonical import leaf_hash
from truce.ledger.verify import verify_consistency, verify_inclusion


def _leaves(n: int) -> list[bytes]:
    return [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def _mth(d: list[bytes]) -> bytes:  # RFC 6962 §2.1, written out independently
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return d[0]
    k = _k(len(d))
    return hashlib.sha256(b"\x01" + _mth(d[:k]) + _mth(d[k:])).digest()


def _path(m: int, d: list[bytes]) -> list[bytes]:  # RFC 6962 §2.1.1
    if len(d) == 1:
        return []
    k = _k(len(d))
    if m < k:
        return [*_path(m, d[:k]), _mth(d[k:])]
    return [*_path(m - k, d[k:]), _mth(d[:k])]


def _subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:  # RFC 6962 §2.1.2
    n = len(d)
    if m == n:
        return [] if b else [_mth(d)]
    k = _k(n)
    if m <= k:
        return [*_subproof(m, d[:k], b), _mth(d[k:])]
    return [*_subproof(m - k, d[k:], False), _mth(d[:k])]


def test_known_root() -> None:
    # RFC 6962 test tree of 8 leaves (transparency-dev testdata inclusion/1 root)
    d = [
        leaf_hash(bytes.fromhex(h))
        for h in [
            "",
            "00",
            "10",
            "2021",
            "3031",
            "40414243",
            "5051525354555657",
            "606162636465666768696a6b6c6d6e6f",
        ]
    ]
    assert merkle.mth(d).hex() == (
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    )


@pytest.mark.parametrize("n", range(1, 40))
def test_every_proof_matches_the_rfc_definition(n: int) -> None:
    d = _leaves(n)
    source = merkle.leaf_hashes_source(d)
    assert merkle.root(n, source) == _mth(d) == merkle.mth(d)
    for i in range(n):
        proof = merkle.inclusion_proof(i, n, source)
        assert proof == _path(i, d)
        verify_inclusion(leaf_hash=d[i], index=i, size=n, root=_mth(d), proof=proof)
    for m in range(1, n + 1):
        proof = merkle.consistency_proof(m, n, source)
        assert proof == _subproof(m, d, True)
        verify_consistency(size1=m, size2=n, root1=_mth(d[:m]), root2=_mth(d), proof=proof)


def _flips(value: bytes) -> list[bytes]:
    out = []
    for bit in range(len(value) * 8):
        b = bytearray(value)
        b[bit // 8] ^= 1 << (bit % 8)
        out.append(bytes(b))
    return out


_trees = st.integers(1, 300).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1)))


@settings(max_examples=25, deadline=None)
@given(_trees)
def test_inclusion_every_bit_flip_fails(case: tuple[int, int]) -> None:
    n, i = case
    d = _leaves(n)
    root = merkle.mth(d)
    proof = merkle.inclusion_proof(i, n, merkle.leaf_hashes_source(d))
    verify_inclusion(leaf_hash=d[i], index=i, size=n, root=root, proof=proof)
    for bad in _flips(d[i]):
        with pytest.raises(VerificationError):
            verify_inclusion(leaf_hash=bad, index=i, size=n, root=root, proof=proof)
    for bad in _flips(root):
        with pytest.raises(VerificationError):
            verify_inclusion(leaf_hash=d[i], index=i, size=n, root=bad, proof=proof)
    for pos, h in enumerate(proof):
        for bad in _flips(h):
            tampered = [*proof[:pos], bad, *proof[pos + 1 :]]
            with pytest.raises(VerificationError):
                verify_inclusion(leaf_hash=d[i], index=i, size=n, root=root, proof=tampered)


_pairs = st.integers(2, 300).flatmap(lambda n: st.tuples(st.integers(1, n - 1), st.just(n)))


@settings(max_examples=25, deadline=None)
@given(_pairs)
def test_consistency_every_bit_flip_fails(case: tuple[int, int]) -> None:
    m, n = case
    d = _leaves(n)
    r1, r2 = merkle.mth(d[:m]), merkle.mth(d)
    proof = merkle.consistency_proof(m, n, merkle.leaf_hashes_source(d))
    verify_consistency(size1=m, size2=n, root1=r1, root2=r2, proof=proof)
    for bad in _flips(r1):
        with pytest.raises(VerificationError):
            verify_consistency(size1=m, size2=n, root1=bad, root2=r2, proof=proof)
    for bad in _flips(r2):
        with pytest.raises(VerificationError):
            verify_consistency(size1=m, size2=n, root1=r1, root2=bad, proof=proof)
    for pos, h in enumerate(proof):
        for bad in _flips(h):
            tampered = [*proof[:pos], bad, *proof[pos + 1 :]]
            with pytest.raises(VerificationError):
                verify_consistency(size1=m, size2=n, root1=r1, root2=r2, proof=tampered)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 300).flatmap(lambda n: st.tuples(st.integers(0, n - 1), st.just(n))))
def test_proof_for_another_index_fails(case: tuple[int, int]) -> None:
    i, n = case
    d = _leaves(n)
    root = merkle.mth(d)
    proof = merkle.inclusion_proof(i, n, merkle.leaf_hashes_source(d))
    for j in {i - 1, i + 1} & set(range(n)):
        with pytest.raises(VerificationError):
            verify_inclusion(leaf_hash=d[i], index=j, size=n, root=root, proof=proof)
