"""Every stored tile row, at every level, against the tree rebuilt from the records.

The audit feeds the leaf hashes it recomputed from the records, in ledger order, to a
:class:`~truce.ledger.tiles.TreeRebuild`; each completed row is compared with the stored one
(one range query per level and batch), then the partial right edge, then the number of rows:
a flipped byte anywhere in the tree, or a row that is not part of it, is named. The roots at
the sizes of the checkpoints are kept, to compare with what they signed.
"""

from __future__ import annotations

from collections.abc import Collection
from itertools import groupby

from sqlalchemy import Connection

from truce.errors import VerificationError
from truce.ledger.tiles import Row, TreeRebuild, first_mismatch

__all__ = ["TreeCheck"]

#: Leaves per rebuild batch: about 512 rows to compare at a time.
_BATCH = 1 << 16


class TreeCheck:
    """Rebuilds the tree from leaf hashes and compares it with the stored tiles."""

    def __init__(self, conn: Connection, *, sizes: Collection[int] = ()) -> None:
        self._conn = conn
        self._tree = TreeRebuild()
        self._pending: list[bytes] = []
        self._targets = sorted(set(s for s in sizes if s > 0))
        #: Root of the rebuilt tree at each of ``sizes`` reached so far.
        self.roots: dict[int, bytes] = {}
        self._next_flush = self._flush_at()

    def _flush_at(self) -> int:
        """How many pending hashes trigger the next flush: a batch, or the next target size."""
        until_target = self._targets[0] - self._tree.size if self._targets else _BATCH
        return min(_BATCH, until_target) if until_target > 0 else _BATCH

    @property
    def size(self) -> int:
        return self._tree.size + len(self._pending)

    def push(self, leaf_hash: bytes) -> None:
        pending = self._pending
        pending.append(leaf_hash)
        if len(pending) >= self._next_flush:
            self._flush()

    def _flush(self) -> None:
        done = self._tree.extend(self._pending)
        self._pending = []
        self._compare(done)
        while self._targets and self._targets[0] <= self._tree.size:
            if self._targets[0] == self._tree.size:
                self.roots[self._tree.size] = self._tree.head.root
            self._targets.pop(0)
        self._next_flush = self._flush_at()

    def finish(self) -> bytes:
        """Compare the right edge and the row count; return the root of the whole tree."""
        self._flush()
        self._compare(self._tree.edge)
        stored = int(self._conn.exec_driver_sql("SELECT count(*) FROM ledger_tiles").scalar_one())
        if stored != self._tree.row_count():
            self._name_extra_row()
        return self._tree.head.root

    def _compare(self, rows: dict[Row, bytes]) -> None:
        for level, group in groupby(sorted(rows), key=lambda r: r[0]):
            idxs = [idx for _, idx in group]
            stored = self._stored(level, idxs[0], idxs[-1])
            for idx in idxs:
                bad = first_mismatch((level, idx), rows[level, idx], stored.get(idx))
                if bad is not None:
                    raise VerificationError(bad.describe())

    def _stored(self, level: int, lo: int, hi: int) -> dict[int, bytes]:
        m = "%s" if self._conn.dialect.name == "postgresql" else "?"
        rows = self._conn.exec_driver_sql(
            f"SELECT idx, hashes FROM ledger_tiles WHERE level = {m} AND idx BETWEEN {m} AND {m}",
            (level, lo, hi),
        )
        return {int(idx): bytes(data) for idx, data in rows}

    def _name_extra_row(self) -> None:
        size = self._tree.size
        for level, idx in self._conn.exec_driver_sql(
            "SELECT level, idx FROM ledger_tiles ORDER BY level, idx"
        ):
            count = size >> int(level)
            if int(idx) * 256 >= count:
                raise VerificationError(
                    f"tile row (level {level}, index {idx}) is not part of the tree of {size} "
                    "leaves: a leftover of a truncated tree, or added"
                )
        raise VerificationError("the stored tiles have rows the tree does not have")
