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
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import Any

from sqlalchemy import Connection

from truce.errors import ErrorDetail
from truce.intake.normalise import GazetteerSpec, Prepared, Rejected, prepare_chunk
from truce.intake.readers import RawRecord
from truce.store import Store
from truce.store.ledger import append_entries
from truce.store.observations import existing_contents, insert_rows

ProgressCallback = Callable[[int], None]

#: Records handed to a worker at a time.
CHUNK = 2000


@dataclass
class IngestReport:
    """What happened to each record of an import."""

    read: int = 0
    accepted: list[str] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    conflicts: list[tuple[int, str]] = field(default_factory=list)
    rejected: list[ErrorDetail] = field(default_factory=list)
    rolled_back: bool = False

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.conflicts

    def as_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "accepted": len(self.accepted),
            "duplicates": len(self.duplicates),
            "conflicts": [{"line": n, "id": i} for n, i in self.conflicts],
            "rejected": [{"loc": d.loc, "msg": d.msg} for d in self.rejected],
            "stored": not self.rolled_back,
        }


class _Rollback(Exception):
    pass


def _chunks(
    records: Iterable[RawRecord], size: int
) -> Iterator[list[tuple[int, bytes | dict[str, Any]]]]:
    it = ((r.line, r.data) for r in records)
    while chunk := list(islice(it, size)):
        yield chunk


def _prepared_batches(
    records: Iterable[RawRecord], gazetteer: GazetteerSpec, workers: int, report: IngestReport
) -> Iterator[list[Prepared]]:
    """Prepared records chunk by chunk, in input order; rejections go to ``report``."""
    work = partial(prepare_chunk, gazetteer=gazetteer)
    chunks = _chunks(records, CHUNK)
    if workers > 0:
        pool = multiprocessing.get_context("fork").Pool(workers)
        results: Iterator[list[Prepared | Rejected]] = pool.imap(work, chunks)
    else:
        pool, results = None, map(work, chunks)
    try:
        for result in results:
            batch = []
            for item in result:
                report.read += 1
                if isinstance(item, Prepared):
                    batch.append(item)
                else:
                    report.rejected.extend(ErrorDetail(loc, msg) for loc, msg in item)
            yield batch
    finally:
        if pool is not None:
            pool.terminate()


def store_batch(conn: Connection, batch: list[Prepared], report: IngestReport) -> list[str]:
    """Insert the new records of ``batch`` with their ledger leaves; return the accepted ids."""
    stored = existing_contents(conn, (p.id for p in batch))
    fresh: list[Prepared] = []
    for p in batch:
        previous = stored.get(p.id)
        if previous is None:
            stored[p.id] = p.content
            fresh.append(p)
        elif previous == p.content:
            report.duplicates.append((p.line, p.id))
        else:
            report.conflicts.append((p.line, p.id))
    if not fresh:
        return []
    leaves = append_entries(
        conn, kind="observation", records=[(p.id, p.content.encode("utf-8")) for p in fresh]
    )
    now = time.time()
    insert_rows(conn, [(*p.row, now, leaf) for p, leaf in zip(fresh, leaves, strict=True)])
    return [p.id for p in fresh]


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
    batches = _prepared_batches(records, gazetteer, workers, report)
    if skip_invalid:
        for batch in batches:
            with store.begin() as conn:
                ids = store_batch(conn, batch, report)
            report.accepted.extend(ids)
            if progress:
                progress(report.read)
        return report
    pending: list[str] = []
    try:
        with store.begin() as conn:
            for batch in batches:
                if report.ok:  # after the first rejection, only validate
                    pending.extend(store_batch(conn, batch, report))
                if progress:
                    progress(report.read)
            if not report.ok:
                raise _Rollback
    except _Rollback:
        report.rolled_back = True
        return report
    report.accepted.extend(pending)
    return report
