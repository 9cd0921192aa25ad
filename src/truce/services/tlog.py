"""The ledger as C2SP tlog-tiles (https://c2sp.org/tlog-tiles): tiles and entry bundles.

A tile at level ``L`` index ``N`` is the stored row at tree level ``8·L`` (see
:mod:`truce.ledger.tiles`): up to 256 consecutive Merkle Tree Hashes, 32 bytes each. A full
tile has exactly 256; a partial tile of width ``W`` is the first ``W`` hashes of the row, and
exists only once the committed tree has at least ``W`` hashes there ("Empty tiles MUST NOT
be served"). An entry bundle is the entries of leaves ``[256·N, 256·N + W)``, each a
big-endian uint16 length followed by the entry bytes (the record's canonical JSON).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from truce.errors import InvalidInput, NotFound
from truce.ledger.tiles import HASH_SIZE, TILE_WIDTH
from truce.store.ledger import current_tree
from truce.store.ledger_audit import RECORD_KINDS

if TYPE_CHECKING:
    from truce.services._db import Database

__all__ = ["entry_bundle", "tile"]

#: Tile height of C2SP tlog-tiles: a tile spans 8 tree levels.
TILE_HEIGHT = 8
_MAX_LEVEL = 63


def _width(available: int, index: int, width: int | None) -> int:
    """The hashes (or entries) the tile holds: 256 for a full tile, else ``width``."""
    have = available - index * TILE_WIDTH
    want = TILE_WIDTH if width is None else width
    if have < want:
        what = "full tile" if width is None else f"partial tile of width {width}"
        raise NotFound(f"the ledger has no {what} at index {index} yet")
    return want


def _check(level: int, width: int | None) -> None:
    if not 0 <= level <= _MAX_LEVEL:
        raise InvalidInput(f"tile level {level} is outside 0..{_MAX_LEVEL}")
    if width is not None and not 1 <= width < TILE_WIDTH:
        raise InvalidInput(f"partial tile width {width} is outside 1..255")


def tile(*, mission: Database, level: int, index: int, width: int | None = None) -> bytes:
    """The bytes of tile ``level``/``index`` (full, or partial of ``width``).

    Raises :class:`~truce.errors.NotFound` when the committed tree does not hold it yet.
    """
    _check(level, width)
    with mission.connect() as conn:
        size = current_tree(conn).size
        w = _width(size >> (TILE_HEIGHT * level), index, width)
        m = "%s" if conn.dialect.name == "postgresql" else "?"
        data = conn.exec_driver_sql(
            f"SELECT hashes FROM ledger_tiles WHERE level = {m} AND idx = {m}",
            (TILE_HEIGHT * level, index),
        ).scalar()
    if data is None or len(data) < w * HASH_SIZE:
        raise NotFound(f"the ledger's store holds no tile {level}/{index}")
    return bytes(data[: w * HASH_SIZE])


def entry_bundle(*, mission: Database, index: int, width: int | None = None) -> bytes:
    """The entry bundle ``index`` (full, or partial of ``width``) of the committed tree."""
    _check(0, width)
    with mission.connect() as conn:
        w = _width(current_tree(conn).size, index, width)
        first = index * TILE_WIDTH
        m = "%s" if conn.dialect.name == "postgresql" else "?"
        leaves = conn.exec_driver_sql(
            "SELECT leaf_index, kind FROM ledger_leaves "
            f"WHERE leaf_index >= {m} AND leaf_index < {m}",
            (first, first + w),
        ).all()
        by_kind: dict[str, list[int]] = defaultdict(list)
        for leaf, kind in leaves:
            by_kind[str(kind)].append(int(leaf))
        entries: dict[int, bytes] = {}
        for kind in by_kind:
            spec = RECORD_KINDS.get(kind)
            if spec is None:
                raise NotFound(f"ledger kind {kind!r} has no registered table")
            rows = conn.exec_driver_sql(
                f"SELECT {spec.leaf_index_column}, {spec.content_column} FROM {spec.table} "
                f"WHERE {spec.leaf_index_column} >= {m} AND {spec.leaf_index_column} < {m}",
                (first, first + w),
            )
            entries.update((int(leaf), str(content).encode("utf-8")) for leaf, content in rows)
    out = bytearray()
    for leaf in range(first, first + w):
        entry = entries.get(leaf)
        if entry is None:
            raise NotFound(f"the record of ledger leaf {leaf} is missing")
        out += len(entry).to_bytes(2, "big") + entry
    return bytes(out)
