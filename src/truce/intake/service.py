"""Storing observations: idempotent, all-or-nothing per import, each with its ledger leaf.

The same ``id`` with the same canonical content is a duplicate (nothing changes); the same
``id`` with different content is a conflict (reported, nothing overwritten). A record and its
ledger leaf are written in one transaction. By default an import is atomic: when any record
is rejected, nothing of the import is stored. With ``skip_invalid`` the valid records are
stored, batch by batch, each batch committed before it is counted as accepted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from sqlalchemy import Connection

from truce.domain import Observation
from truce.errors import ErrorDetail, InvalidInput
from truce.intake.normalise import GazetteerFactory, canonical_entry, resolve_place, validate
from truce.intake.readers import RawRecord
from truce.store import Store
from truce.store.ledger import append_entries
from truce.store.observations import existing_contents, insert_rows, observation_row

ProgressCallback = Callable[[int], None]


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


@dataclass(frozen=True, slots=True)
class _Prepared:
    line: int
    obs: Observation
    content: str


class _Rollback(Exception):
    pass


def prepare(
    records: Iterable[RawRecord], gazetteer: GazetteerFactory, report: IngestReport
) -> Iterator[_Prepared]:
    """Validate and normalise records; rejected ones go to ``report.rejected``."""
    for record in records:
        report.read += 1
        try:
            obs = resolve_place(validate(record), gazetteer, line=record.line)
        except InvalidInput as exc:
            report.rejected.extend(exc.details or [ErrorDetail(f"line {record.line}", exc.message)])
            continue
        yield _Prepared(record.line, obs, canonical_entry(obs).decode("utf-8"))


def store_batch(conn: Connection, batch: list[_Prepared], report: IngestReport) -> list[str]:
    """Insert the new records of ``batch`` with their ledger leaves; return the accepted ids."""
    stored = existing_contents(conn, (str(p.obs.id) for p in batch))
    fresh: list[_Prepared] = []
    for p in batch:
        key = str(p.obs.id)
        previous = stored.get(key)
        if previous is None:
            stored[key] = p.content
            fresh.append(p)
        elif previous == p.content:
            report.duplicates.append((p.line, key))
        else:
            report.conflicts.append((p.line, key))
    if not fresh:
        return []
    leaves = append_entries(
        conn,
        kind="observation",
        records=[(str(p.obs.id), p.content.encode("utf-8")) for p in fresh],
    )
    now = time.time()
    insert_rows(
        conn,
        [
            observation_row(p.obs, content=p.content, received_ts=now, leaf_index=leaf)
            for p, leaf in zip(fresh, leaves, strict=True)
        ],
    )
    return [str(p.obs.id) for p in fresh]


def _batches(items: Iterator[_Prepared], size: int) -> Iterator[list[_Prepared]]:
    while batch := list(islice(items, size)):
        yield batch


def ingest(
    *,
    store: Store,
    records: Iterable[RawRecord],
    gazetteer: GazetteerFactory,
    skip_invalid: bool = False,
    batch_size: int = 5000,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Validate and store ``records``; see the module docstring for the rules."""
    report = IngestReport()
    prepared = prepare(records, gazetteer, report)
    if skip_invalid:
        for batch in _batches(prepared, batch_size):
            with store.begin() as conn:
                ids = store_batch(conn, batch, report)
            report.accepted.extend(ids)
            if progress:
                progress(report.read)
        return report
    pending: list[str] = []
    try:
        with store.begin() as conn:
            for batch in _batches(prepared, batch_size):
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


def ingest_observations(
    *, store: Store, observations: Iterable[Observation], gazetteer: GazetteerFactory
) -> IngestReport:
    """Store already-built observations (the demo, the simulator, the API), atomically."""
    records = (
        RawRecord(n, obs.model_dump(mode="json", by_alias=True, exclude_none=True))
        for n, obs in enumerate(observations, start=1)
    )
    return ingest(store=store, records=records, gazetteer=gazetteer)
