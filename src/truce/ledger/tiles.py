"""The stored tree: complete-subtree hashes in tiles of 256 (C2SP tlog-tiles, height 8).

A *row* ``(level, index)`` holds up to :data:`TILE_WIDTH` consecutive hashes of one tree level:
the hashes of nodes ``[index·256, index·256 + k)`` at that level, concatenated (32 bytes each);
only the right-most row of a level is partial. The rows at levels 0, 8, 16, … are exactly the
C2SP tlog-tiles of height 8 (``tile/L/N`` with L = level / 8, a partial tile being a row with
fewer than 256 hashes). The rows at the levels in between cache the tile's interior, so a
proof reads O(log n) hashes and hashes nothing but the fold of a right edge.

Appending is pure: given the right edge (the partial row of every level) and new leaf hashes,
:func:`append` returns every row that changes, in O(batch + log n) hashing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from truce.ledger.merkle import EMPTY_ROOT, HashSource, NodeId, node_hash, root

__all__ = [
    "HASH_SIZE",
    "TILE_WIDTH",
    "Row",
    "RowMismatch",
    "TreeHead",
    "TreeRebuild",
    "append",
    "edge_rows",
    "first_mismatch",
    "row_source",
]

#: C2SP tlog-tiles: a full tile holds 2^8 = 256 hashes.
TILE_WIDTH = 256
HASH_SIZE = 32
_ROW_BYTES = TILE_WIDTH * HASH_SIZE

Row = tuple[int, int]
"""A tile row: (tree level, row index); it holds nodes [index·256, (index+1)·256) of the level."""


@dataclass(frozen=True, slots=True)
class TreeHead:
    """A tree size and its RFC 6962 root hash (32 bytes)."""

    size: int
    root: bytes

    @classmethod
    def empty(cls) -> TreeHead:
        return cls(0, EMPTY_ROOT)


def row_of(node: NodeId) -> tuple[Row, int]:
    """The row that holds ``node`` and the node's byte offset in it."""
    level, index = node
    return (level, index // TILE_WIDTH), (index % TILE_WIDTH) * HASH_SIZE


def edge_rows(size: int) -> list[Row]:
    """The right-edge row of every level that an append to a tree of ``size`` may extend."""
    return [(level, (size >> level) // TILE_WIDTH) for level in range(size.bit_length() + 1)]


def row_source(rows: Mapping[Row, bytes]) -> HashSource:
    """A hash source over rows held in memory."""

    def source(nodes: Sequence[NodeId]) -> list[bytes]:
        out = []
        for node in nodes:
            row, offset = row_of(node)
            out.append(rows[row][offset : offset + HASH_SIZE])
        return out

    return source


def append(
    *, size: int, edge: Mapping[Row, bytes], leaf_hashes: Sequence[bytes]
) -> tuple[dict[Row, bytes], TreeHead]:
    """Append leaves to a stored tree of ``size`` leaves.

    ``edge`` holds the stored content of the rows :func:`edge_rows` names (a row that does not
    exist yet may be absent). Returns the new content of every row that changed and the new
    tree head. Cost: one hash per new node, i.e. fewer than 2 per leaf.
    """
    changed: dict[Row, bytes] = {}
    new = list(leaf_hashes)
    count = size  # nodes already stored at this level
    level = 0
    while new:
        first_row = count // TILE_WIDTH
        base = edge.get((level, first_row), b"")
        if len(base) != (count % TILE_WIDTH) * HASH_SIZE:
            raise ValueError(
                f"tile row ({level}, {first_row}) holds {len(base) // HASH_SIZE} hashes, "
                f"expected {count % TILE_WIDTH}"
            )
        data = base + b"".join(new)
        for i in range(0, len(data), _ROW_BYTES):
            changed[(level, first_row + i // _ROW_BYTES)] = data[i : i + _ROW_BYTES]
        seq = [base[-HASH_SIZE:], *new] if count & 1 else new
        new = [node_hash(seq[i], seq[i + 1]) for i in range(0, len(seq) - 1, 2)]
        count >>= 1
        level += 1
    new_size = size + len(leaf_hashes)
    merged = {**edge, **changed}
    return changed, TreeHead(new_size, root(new_size, row_source(merged)))


class TreeRebuild:
    """Rebuilds every tile row of a tree, at every level, from its leaf hashes in order.

    Feed leaf hashes with :meth:`extend` (in batches of any size); each call returns the rows
    it completed (256 hashes, final: no later leaf changes them) and leaves the partial right
    edge in :attr:`edge`. O(n) hashing and O(batch + log n) memory: the verifier of a stored
    tree (``truce verify database``) compares every row with the stored one as it goes.
    """

    def __init__(self) -> None:
        self.head = TreeHead.empty()
        #: The partial (right-edge) row of every level, as far as built.
        self.edge: dict[Row, bytes] = {}

    @property
    def size(self) -> int:
        return self.head.size

    def extend(self, leaf_hashes: Sequence[bytes]) -> dict[Row, bytes]:
        """Append leaves; return the rows completed by them."""
        if not leaf_hashes:
            return {}
        changed, self.head = append(size=self.head.size, edge=self.edge, leaf_hashes=leaf_hashes)
        done = {row: data for row, data in changed.items() if len(data) == _ROW_BYTES}
        merged = {**self.edge, **changed}
        self.edge = {row: data for row, data in merged.items() if len(data) < _ROW_BYTES}
        return done

    def row_count(self) -> int:
        """How many rows the tree of :attr:`size` leaves has, at all levels."""
        total, size, level = 0, self.head.size, 0
        while size >> level:
            total += -(-(size >> level) // TILE_WIDTH)
            level += 1
        return total


@dataclass(frozen=True, slots=True)
class RowMismatch:
    """The first node where a stored tile row differs from the recomputed one."""

    row: Row
    #: (level, index) of the first differing node, or ``None`` when only the length differs.
    node: NodeId | None
    expected: int  # hashes expected in the row
    found: int  # hashes found in the stored row

    def describe(self) -> str:
        level, idx = self.row
        where = f"tile row (level {level}, index {idx})"
        if self.node is None:
            return f"{where} holds {self.found} hashes, the tree has {self.expected} there"
        lv, i = self.node
        first, last = i << lv, ((i + 1) << lv) - 1
        leaves = f"leaf {first}" if lv == 0 else f"leaves {first}..{last}"
        return f"{where}: the hash of node ({lv}, {i}) over {leaves} differs from the recomputed"


def first_mismatch(row: Row, expected: bytes, stored: bytes | None) -> RowMismatch | None:
    """Where ``stored`` (``None``: the row is missing) differs from ``expected``, if anywhere."""
    if stored == expected:
        return None
    found = b"" if stored is None else stored
    for off in range(0, min(len(found), len(expected)), HASH_SIZE):
        if found[off : off + HASH_SIZE] != expected[off : off + HASH_SIZE]:
            return RowMismatch(
                row, (row[0], row[1] * TILE_WIDTH + off // HASH_SIZE), *_counts(expected, found)
            )
    return RowMismatch(row, None, *_counts(expected, found))


def _counts(expected: bytes, found: bytes) -> tuple[int, int]:
    return len(expected) // HASH_SIZE, len(found) // HASH_SIZE
