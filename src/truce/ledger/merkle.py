"""RFC 6962 §2.1 Merkle tree maths: tree hash, inclusion and consistency proofs.

Hashing (RFC 6962 §2.1): a leaf hash is SHA-256(0x00 ‖ entry), an interior node is
SHA-256(0x01 ‖ left ‖ right), the hash of the empty tree is SHA-256(""). A tree of n > 1
leaves splits at k, the largest power of two smaller than n: MTH(D[n]) =
node(MTH(D[0:k]), MTH(D[k:n])).

Proofs are generated over a *hash source*: a function that returns the hashes of complete
subtrees, addressed as ``(level, index)`` — the node at level ``l`` and index ``i`` is the root
of the perfect subtree over leaves ``[i·2^l, (i+1)·2^l)`` (the "stored hash" coordinates of
C2SP tlog-tiles). Every subtree an RFC 6962 proof needs starts at a multiple of a power of two
at least its width, so it is the fold of O(log n) complete subtrees; a proof therefore needs
O(log n) stored hashes and no rebuild. Verification is in :mod:`truce.ledger.verify`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from truce.ledger.canonical import NODE_PREFIX

__all__ = [
    "EMPTY_ROOT",
    "HashSource",
    "NodeId",
    "complete_subtrees",
    "consistency_proof",
    "consistency_ranges",
    "inclusion_proof",
    "inclusion_ranges",
    "mth",
    "node_hash",
    "root",
    "split_point",
]

#: RFC 6962 §2.1: MTH({}) = SHA-256().
EMPTY_ROOT = hashlib.sha256(b"").digest()

NodeId = tuple[int, int]
"""A complete subtree: (level, index); it covers leaves [index·2^level, (index+1)·2^level)."""

HashSource = Callable[[Sequence[NodeId]], Sequence[bytes]]
"""Returns the stored hash of each requested complete subtree, in request order."""

Range = tuple[int, int]


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 6962 §2.1 interior node: SHA-256(0x01 ‖ left ‖ right)."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly smaller than ``n`` (``n >= 2``), RFC 6962 §2.1."""
    return 1 << ((n - 1).bit_length() - 1)


def mth(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH of a list of leaf hashes, straight from the RFC 6962 §2.1 definition.

    O(n) hashing; the reference that the stored-tree code is tested against.
    """
    n = len(leaf_hashes)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaf_hashes[0]
    k = split_point(n)
    return node_hash(mth(leaf_hashes[:k]), mth(leaf_hashes[k:]))


def complete_subtrees(start: int, end: int) -> list[NodeId]:
    """The complete subtrees that make up leaves [start, end), left to right.

    ``start`` must be a multiple of a power of two at least ``end - start`` (true of every
    subtree in an RFC 6962 proof and of every prefix [0, n)); the sizes then strictly decrease,
    and the hash of the range is the right-to-left fold of their hashes (:func:`fold`).
    """
    nodes: list[NodeId] = []
    while start < end:
        width = end - start
        level = width.bit_length() - 1
        # the largest aligned power of two that fits
        while start & ((1 << level) - 1):
            level -= 1
        nodes.append((level, start >> level))
        start += 1 << level
    return nodes


def fold(hashes: Sequence[bytes]) -> bytes:
    """Hash of a range from its complete subtrees (largest first), RFC 6962 §2.1 shape."""
    if not hashes:
        return EMPTY_ROOT
    acc = hashes[-1]
    for h in reversed(hashes[:-1]):
        acc = node_hash(h, acc)
    return acc


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """Leaf ranges whose subtree hashes form PATH(index, D[size]), RFC 6962 §2.1.1, in order."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    out: list[Range] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = split_point(hi - lo)
        if index - lo < k:
            out.append((lo + k, hi))
            hi = lo + k
        else:
            out.append((lo, lo + k))
            lo += k
    out.reverse()  # the recursion emits the deepest sibling first
    return out


def consistency_ranges(m: int, n: int) -> list[Range]:
    """Leaf ranges whose subtree hashes form PROOF(m, D[n]), RFC 6962 §2.1.2, in order."""
    if not 0 < m <= n:
        raise ValueError(f"no consistency proof from size {m} to size {n}")
    out: list[Range] = []
    lo, hi, whole = 0, n, True
    while True:
        width = hi - lo
        if m - lo == width:  # SUBPROOF(m, D[m], b)
            if not whole:
                out.append((lo, hi))
            break
        k = split_point(width)
        if m - lo <= k:
            out.append((lo + k, hi))
            hi = lo + k
        else:
            out.append((lo, lo + k))
            lo += k
            whole = False
    out.reverse()
    return out


def resolve(ranges: Sequence[Range], source: HashSource) -> list[bytes]:
    """The hash of each leaf range, reading all needed complete subtrees in one call."""
    parts: list[list[NodeId]] = []
    for a, b in ranges:
        width = b - a
        if width & (width - 1) or a % width:
            parts.append(complete_subtrees(a, b))
        else:  # an aligned power of two (all but at most one range of a proof): one node
            level = width.bit_length() - 1
            parts.append([(level, a >> level)])
    wanted = list(dict.fromkeys(node for nodes in parts for node in nodes))
    got = dict(zip(wanted, source(wanted), strict=True))
    return [got[nodes[0]] if len(nodes) == 1 else fold([got[n] for n in nodes]) for nodes in parts]


def root(size: int, source: HashSource) -> bytes:
    """MTH of the first ``size`` leaves, from O(log size) stored hashes."""
    if size == 0:
        return EMPTY_ROOT
    return resolve([(0, size)], source)[0]


def inclusion_proof(index: int, size: int, source: HashSource) -> list[bytes]:
    """The RFC 6962 §2.1.1 audit path of leaf ``index`` in the tree of ``size`` leaves."""
    return resolve(inclusion_ranges(index, size), source)


def consistency_proof(m: int, n: int, source: HashSource) -> list[bytes]:
    """The RFC 6962 §2.1.2 consistency proof between tree sizes ``m`` and ``n``."""
    return resolve(consistency_ranges(m, n), source)


def leaf_hashes_source(leaves: Sequence[bytes]) -> HashSource:
    """An in-memory hash source over a list of leaf hashes (for tests and small trees)."""
    cache: dict[NodeId, bytes] = {}

    def get(level: int, index: int) -> bytes:
        key = (level, index)
        if key not in cache:
            if level == 0:
                cache[key] = leaves[index]
            else:
                cache[key] = node_hash(get(level - 1, 2 * index), get(level - 1, 2 * index + 1))
        return cache[key]

    def source(nodes: Sequence[NodeId]) -> list[bytes]:
        return [get(level, index) for level, index in nodes]

    return source
