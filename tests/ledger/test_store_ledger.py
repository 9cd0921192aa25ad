"""The ledger in a real database (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from truce.errors import InvalidInput, NotFound
from truce.ledger import merkle, tiles
from truce.ledger.canonical import leaf_hash
from truce.ledger.verify import verify_consistency, verify_inclusion
from truce.store import Store
from truce.store import ledger as L


def _entries(start: int, n: int) -> list[tuple[str, bytes]]:
    return [(f"rec-{i}", f'{{"n":{i}}}'.encode()) for i in range(start, start + n)]


#: A kind with no record table of its own: one leaf per record is the ledger's unique index.
KIND = "entry"


def _append(store: Store, start: int, n: int) -> list[int]:
    with store.begin() as conn:
        return L.append_entries(conn, kind=KIND, records=_entries(start, n))


def test_batches_build_the_rfc6962_tree_and_proofs_verify(store: Store) -> None:
    rng = random.Random(7)
    total = 0
    while total < 700:
        n = rng.choice([1, 2, 3, 255, 256, 257, 40])
        assert _append(store, total, n) == list(range(total, total + n))
        total += n
    leaves = [leaf_hash(e) for _, e in _entries(0, total)]
    with store.connect() as conn:
        head = L.current_tree(conn)
        assert head == tiles.TreeHead(total, merkle.mth(leaves))
        for size in (1, 2, 255, 256, 257, 512, total):
            root = merkle.mth(leaves[:size])
            assert L.root_at(conn, size) == root
            for i in {0, size // 2, size - 1}:
                proof = L.inclusion_proof(conn, i, size)
                verify_inclusion(leaf_hash=leaves[i], index=i, size=size, root=root, proof=proof)
            for m in {1, size // 3 or 1, size}:
                proof = L.consistency_proof(conn, m, size)
                verify_consistency(
                    size1=m, size2=size, root1=merkle.mth(leaves[:m]), root2=root, proof=proof
                )
        leaf = L.leaf_at(conn, 5)
        assert (leaf.kind, leaf.record_id, leaf.leaf_hash) == (KIND, "rec-5", leaves[5])
        assert L.leaf_index_of(conn, kind=KIND, record_id="rec-9") == 9
        assert L.leaf_index_of(conn, kind=KIND, record_id="nope") is None
        assert L.leaf_index_of(conn, kind="other", record_id="rec-9") is None


def test_a_record_has_at_most_one_leaf(store: Store) -> None:
    _append(store, 0, 3)
    duplicate = (IntegrityError, store.engine.dialect.loaded_dbapi.IntegrityError)  # COPY: raw
    with pytest.raises(duplicate), store.begin() as conn:
        L.append_entries(conn, kind=KIND, records=_entries(1, 1))
    with store.connect() as conn:
        assert L.current_tree(conn).size == 3


def test_precomputed_leaf_hashes_build_the_same_tree(store: Store) -> None:
    entries = _entries(0, 300)
    with store.begin() as conn:
        indices = L.append_hashed(
            conn,
            kind=KIND,
            record_ids=[i for i, _ in entries],
            leaf_hashes=[leaf_hash(e) for _, e in entries],
        )
        assert indices == range(0, 300)
        with pytest.raises(InvalidInput):
            L.append_hashed(conn, kind=KIND, record_ids=["x"], leaf_hashes=[])
        with pytest.raises(InvalidInput):
            L.append_hashed(conn, kind=KIND, record_ids=["x"], leaf_hashes=[b"short"])
    with store.connect() as conn:
        assert L.current_tree(conn).root == merkle.mth([leaf_hash(e) for _, e in entries])


@pytest.mark.parametrize("cache_rows", [1024, 2])
def test_proofs_follow_the_tree_as_it_grows(
    store: Store, cache_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Proofs read low levels from the database and high levels through a per-connection
    cache of tile rows (a small cache puts most levels in the database); appends must not
    leave the cache stale."""
    monkeypatch.setattr(L, "_CACHE_ROWS", cache_rows)
    leaves = [leaf_hash(e) for _, e in _entries(0, 1500)]
    total = 0
    for n in (1, 300, 200, 999):
        _append(store, total, n)
        total += n
        with store.connect() as conn:
            root = merkle.mth(leaves[:total])
            for i in sorted({0, total // 2, total - 1}):
                proof = L.inclusion_proof(conn, i, total)
                verify_inclusion(leaf_hash=leaves[i], index=i, size=total, root=root, proof=proof)
            assert L.root_at(conn, total) == root


def test_tiles_are_c2sp_width(store: Store) -> None:
    _append(store, 0, 600)
    with store.connect() as conn:
        widths = dict(
            ((lv, ix), len(h) // 32)
            for lv, ix, h in conn.execute(text("SELECT level, idx, hashes FROM ledger_tiles"))
        )
    assert widths[(0, 0)] == widths[(0, 1)] == 256 and widths[(0, 2)] == 88
    assert widths[(1, 0)] == 256 and widths[(1, 1)] == 44
    assert widths[(9, 0)] == 1  # the complete subtree of the first 512 leaves


def test_rollback_discards_the_leaves(store: Store) -> None:
    _append(store, 0, 10)
    with pytest.raises(RuntimeError), store.begin() as conn:
        L.append_entries(conn, kind=KIND, records=_entries(10, 5))
        raise RuntimeError("the caller's record insert failed")
    with store.connect() as conn:
        assert L.current_tree(conn).size == 10
        count = conn.execute(text("SELECT count(*) FROM ledger_leaves")).scalar_one()
        assert count == 10
    assert _append(store, 10, 1) == [10]


def test_errors(store: Store) -> None:
    _append(store, 0, 3)
    with store.begin() as conn:
        with pytest.raises(InvalidInput):
            L.append_entries(conn, kind="", records=[("x", b"{}")])
        assert L.append_entries(conn, kind=KIND, records=[]) == []
    with store.connect() as conn:
        with pytest.raises(NotFound):
            L.inclusion_proof(conn, 3, 3)
        with pytest.raises(NotFound):
            L.root_at(conn, 4)
        with pytest.raises(InvalidInput):
            L.consistency_proof(conn, 0, 3)
        with pytest.raises(NotFound):
            L.leaf_at(conn, 99)


def test_concurrent_appenders_are_serialised(store: Store) -> None:
    """Two writers appending at once still build one RFC 6962 tree, no index used twice."""
    import threading

    errors: list[BaseException] = []

    def writer(tag: str) -> None:
        try:
            for b in range(8):
                with store.begin() as conn:
                    L.append_entries(
                        conn,
                        kind=KIND,
                        records=[(f"{tag}-{b}-{i}", f'"{tag}{b}{i}"'.encode()) for i in range(13)],
                    )
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(t,)) for t in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with store.connect() as conn:
        rows = conn.execute(
            text("SELECT record_id, leaf_hash FROM ledger_leaves ORDER BY leaf_index")
        ).all()
        head = L.current_tree(conn)
    assert head.size == len(rows) == 2 * 8 * 13
    assert head.root == merkle.mth([bytes(h) for _, h in rows])
