"""Storing observations: idempotent, all-or-nothing per import, each with its ledger leaf.

The same ``id`` with the same canonical content is a duplicate (nothing changes); the same
``id`` with different content is a conflict (reported, nothing overwritten). A record and its
ledger leaf are written in one transaction. By default an import is atomic: when any record
is rejected, nothing of the import is stored. With ``skip_invalid`` the valid records are
stored batch by batch, each batch committed before its records count as accepted.

Bulk imports prepare records (validate, resolve, canonicalise) in ``workers`` processes
while this process writes; the order of records, and so of ledger leaves, is the input order.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from itertools import islice

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from truce.domain.intake import IngestReport
from truce.domain.ledger_kinds import LedgerKind
from truce.errors import ErrorDetail
from truce.intake.normalise import GazetteerSpec, PreparedBlock, RecordBlock, prepare_block
from truce.intake.readers import JsonlRecords, RawLines, RawRecord
from truce.store import Store
from truce.store.ledger import append_hashed, current_tree
from truce.store.observations import existing_contents, insert_block

ProgressCallback = Callable[[int], None]

#: Records (lines) handed to a worker at a time; also the unit of a savepoint.
CHUNK = 2000

#: Typical JSONL bytes per record, to size blocks of raw text.
BYTES_PER_RECORD = 400

#: The ledger kind of observations.
KIND = LedgerKind.OBSERVATION


class _Rollback(Exception):
    pass


def _blocks(records: Iterable[RawRecord], size: int) -> Iterator[RecordBlock | RawLines]:
    if isinstance(records, JsonlRecords):  # raw lines: workers split and number them
        yield from records.blocks(size * BYTES_PER_RECORD)
        return
    it = ((r.line, r.data) for r in records)
    while chunk := list(islice(it, size)):
        yield chunk


def _prepared_blocks(
    records: Iterable[RawRecord], gazetteer: GazetteerSpec, workers: int, report: IngestReport
) -> Iterator[PreparedBlock]:
    """Prepared blocks, in input order; rejections go to ``report``."""
    work = partial(prepare_block, gazetteer=gazetteer)
    blocks = _blocks(records, CHUNK)
    if workers > 0:
        pool = multiprocessing.get_context("fork").Pool(workers)
        results: Iterator[PreparedBlock] = pool.imap(work, blocks)
    else:
        pool, results = None, map(work, blocks)
    try:
        for block in results:
            report.read += block.read
            for errors in block.rejected:
                report.rejected.extend(ErrorDetail(loc, msg, line) for loc, msg, line in errors)
            yield block
    finally:
        if pool is not None:
            pool.terminate()


class _Writer:
    """Stores blocks in the caller's transaction: a record and its leaf, or nothing.

    Most blocks of an import are all new records: they are written straight away (on
    PostgreSQL inside a savepoint); if one of them turns out to be stored already (the unique
    ``id``), what the block wrote is undone and the block is stored record by record against
    what the database holds (duplicates and conflicts are reported). After such a block, the next
    ones are checked first, until one has nothing stored (a re-import of a file stays cheap).
    """

    def __init__(self, report: IngestReport) -> None:
        self.report = report
        self.expect_new = True

    def store(self, conn: Connection, block: PreparedBlock) -> list[int]:
        """Store ``block``; return the positions in it of the records stored."""
        if not block.ids:
            return []
        if self.expect_new and self._store_new(conn, block):
            return list(range(len(block.ids)))
        stored = store_batch(conn, block, self.report)
        self.expect_new = len(stored) == len(block.ids)
        return stored

    def _store_new(self, conn: Connection, block: PreparedBlock) -> bool:
        duplicate = (IntegrityError, conn.dialect.loaded_dbapi.IntegrityError)
        if conn.dialect.name == "sqlite":
            # No savepoint: in a long SQLite transaction it copies every index page the
            # block touches (9 us per record at 1M rows). Rows go first, numbered from the
            # current tree size; on a duplicate id the block's rows (above the last ``seq``)
            # are deleted, and nothing else was written.
            first = current_tree(conn).size
            last = conn.exec_driver_sql("SELECT coalesce(max(seq), 0) FROM observations").scalar()
            try:
                insert_block(conn, block.rows, first_leaf=first, received_ts=time.time())
            except duplicate:
                conn.exec_driver_sql("DELETE FROM observations WHERE seq > ?", (last,))
                self.expect_new = False
                return False
            leaves = append_hashed(
                conn, kind=KIND, record_ids=block.ids, leaf_hashes=block.leaf_hashes
            )
            assert leaves.start == first  # the write lock is held: nobody appended since
            return True
        try:
            with conn.begin_nested():
                leaves = append_hashed(
                    conn, kind=KIND, record_ids=block.ids, leaf_hashes=block.leaf_hashes
                )
                insert_block(conn, block.rows, first_leaf=leaves.start, received_ts=time.time())
        except duplicate:
            self.expect_new = False
            return False
        return True


def store_batch(conn: Connection, block: PreparedBlock, report: IngestReport) -> list[int]:
    """Insert the new records of ``block`` with their ledger leaves; return their positions.

    A record already stored with the same content is a duplicate; with other content, a
    conflict (both reported with their line, nothing written for them).
    """
    stored = existing_contents(conn, block.ids)
    fresh: list[int] = []
    for k, (line, ident, row) in enumerate(zip(block.lines, block.ids, block.rows, strict=True)):
        previous = stored.get(ident)
        if previous is None:
            stored[ident] = row[1]
            fresh.append(k)
        elif previous == row[1]:
            report.duplicates.append((line, ident))
        else:
            report.conflicts.append((line, ident))
    if not fresh:
        return []
    ids = [block.ids[k] for k in fresh]
    leaves = append_hashed(
        conn, kind=KIND, record_ids=ids, leaf_hashes=[block.leaf_hashes[k] for k in fresh]
    )
    rows = [(*block.rows[k][:-1], j) for j, k in enumerate(fresh)]
    insert_block(conn, rows, first_leaf=leaves.start, received_ts=time.time())
    return fresh


def ingest(
    *,
    store: Store,
    records: Iterable[RawRecord],
    gazetteer: GazetteerSpec,
    skip_invalid: bool = False,
    workers: int = 0,
    progress: ProgressCallback | None = None,
    prior_rejections: Sequence[ErrorDetail] = (),
) -> IngestReport:
    """Validate and store ``records``; see the module docstring for the rules.

    ``prior_rejections`` are records the caller already rejected (e.g. a narrative sentence
    whose place is unknown): they count like any other rejection.
    """
    report = IngestReport(read=len(prior_rejections), rejected=list(prior_rejections))
    blocks = _prepared_blocks(records, gazetteer, workers, report)
    writer = _Writer(report)
    if skip_invalid:
        for block in blocks:
            with store.begin() as conn:
                stored = writer.store(conn, block)
            _accept(report, block, stored)
            if progress:
                progress(report.read)
        return report
    pending = IngestReport()  # what is stored once the transaction commits
    try:
        with store.begin() as conn:
            for block in blocks:
                if report.ok:  # after the first rejection, only validate
                    _accept(pending, block, writer.store(conn, block))
                if progress:
                    progress(report.read)
            if not report.ok:
                raise _Rollback
    except _Rollback:
        report.rolled_back = True
        return report
    report.accepted, report.accepted_lines = pending.accepted, pending.accepted_lines
    return report


def _accept(report: IngestReport, block: PreparedBlock, stored: list[int]) -> None:
    if len(stored) == len(block.ids):
        report.accepted.extend(block.ids)
        report.accepted_lines.extend(block.lines)
        return
    report.accepted.extend(block.ids[k] for k in stored)
    report.accepted_lines.extend(block.lines[k] for k in stored)
