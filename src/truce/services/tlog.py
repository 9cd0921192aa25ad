"""The ledger as C2SP tlog-tiles (https://c2sp.org/tlog-tiles): tiles and entry bundles.

A tile at level ``L`` index ``N`` is the stored row at tree level ``8·L`` (see
:mod:`truce.ledger.tiles`): up to 256 consecutive Merkle Tree Hashes, 32 bytes each. A full
tile has exactly 256; a partial tile of width ``W`` is the first ``W`` hashes of the row, and
exists only once the committed tree has at least ``W`` hashes there ("Empty tiles MUST NOT
be served"). An entry bundle is the entries of leaves ``[256·N, 256·N + W)``, each a
big-endian uint16 length followed by the entry bytes (the record's canonical JSON).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from truce.errors import InvalidInput, NotFound
from truce.ledger.tiles import HASH_SIZE, TILE_WIDTH
from truce.store.audit_records import RECORD_KINDS, stored_entries
from truce.store.ledger import current_tree, leaf_kinds, tile_row

if TYPE_CHECKING:
    from truce.services.mission import Mission

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


def tile(*, mission: Mission, level: int, index: int, width: int | None = None) -> bytes:
    """The bytes of tile ``level``/``index`` (full, or partial of ``width``).

    Raises :class:`~truce.errors.NotFound` when the committed tree does not hold it yet.
    """
    _check(level, width)
    with mission.store.connect() as conn:
        size = current_tree(conn).size
        w = _width(size >> (TILE_HEIGHT * level), index, width)
        data = tile_row(conn, level=TILE_HEIGHT * level, index=index)
    if data is None or len(data) < w * HASH_SIZE:
        raise NotFound(f"the ledger's store holds no tile {level}/{index}")
    return data[: w * HASH_SIZE]


def entry_bundle(*, mission: Mission, index: int, width: int | None = None) -> bytes:
    """The entry bundle ``index`` (full, or partial of ``width``) of the committed tree."""
    _check(0, width)
    with mission.store.connect() as conn:
        w = _width(current_tree(conn).size, index, width)
        first = index * TILE_WIDTH
        entries: dict[int, str] = {}
        for kind in dict.fromkeys(leaf_kinds(conn, first=first, end=first + w).values()):
            if kind not in RECORD_KINDS:
                raise NotFound(f"ledger kind {kind!r} has no registered table")
            entries.update(stored_entries(conn, kind=kind, first=first, end=first + w))
    out = bytearray()
    for leaf in range(first, first + w):
        entry = entries.get(leaf)
        if entry is None:
            raise NotFound(f"the record of ledger leaf {leaf} is missing")
        data = entry.encode("utf-8")
        out += len(data).to_bytes(2, "big") + data
    return bytes(out)
