"""TreeRebuild (every tile row at every level, streamed) against the stored-tree code and MTH."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from truce.ledger import tiles
from truce.ledger.merkle import mth
from truce.ledger.tiles import TreeRebuild, first_mismatch


def _leaves(n: int) -> list[bytes]:
    return [hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(n)]


def _stored(leaves: list[bytes], batch: int) -> dict[tiles.Row, bytes]:
    rows: dict[tiles.Row, bytes] = {}
    size = 0
    for k in range(0, len(leaves), batch):
        edge = {r: rows[r] for r in tiles.edge_rows(size) if r in rows}
        changed, head = tiles.append(size=size, edge=edge, leaf_hashes=leaves[k : k + batch])
        rows.update(changed)
        size = head.size
    return rows


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 1300), st.integers(1, 700), st.integers(1, 700))
def test_rebuild_gives_the_stored_rows_and_root(n: int, batch: int, feed: int) -> None:
    leaves = _leaves(n)
    tree = TreeRebuild()
    rebuilt: dict[tiles.Row, bytes] = {}
    for k in range(0, n, feed):
        done = tree.extend(leaves[k : k + feed])
        assert all(len(v) == tiles.TILE_WIDTH * tiles.HASH_SIZE for v in done.values())
        assert not set(done) & set(rebuilt)  # a completed row is final
        rebuilt.update(done)
    rebuilt.update(tree.edge)
    assert rebuilt == _stored(leaves, batch)
    assert tree.row_count() == len(rebuilt)
    assert tree.head.root == mth(leaves)


def test_first_mismatch_names_the_node_and_its_leaves() -> None:
    tree = TreeRebuild()
    tree.extend(_leaves(600))
    row = tree.edge[(1, 1)]  # level-1 nodes 256..299
    flipped = row[: 3 * 32] + bytes([row[3 * 32] ^ 1]) + row[3 * 32 + 1 :]
    bad = first_mismatch((1, 1), row, flipped)
    assert bad is not None and bad.node == (1, 259)
    assert "node (1, 259) over leaves 518..519" in bad.describe()
    short = first_mismatch((1, 1), row, row[:-32])
    assert short is not None and short.node is None and "holds 43 hashes" in short.describe()
    assert first_mismatch((1, 1), row, None) is not None
    assert first_mismatch((1, 1), row, row) is None
