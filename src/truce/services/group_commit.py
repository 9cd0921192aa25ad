"""Group commit of single submissions (``POST /api/v1/observations``).

Each submission waits until it is stored with its ledger leaf and committed, as with
:func:`truce.services.intake.submit_observation`; but submissions that arrive while a commit
is under way are stored together in the next transaction, so many concurrent requests share
one durable commit (one fsync on SQLite, one WAL flush on PostgreSQL) instead of queueing
for one each. A writer thread per :class:`GroupCommit` drains the queue; every submission
still gets its own result: created, duplicate (also of an earlier one in the same group),
conflict, or its own validation errors.

A submission may carry the bearer token it came with: the writer then checks, with one query
for the whole group just before storing it, that each token is still active and names the
submitting principal, and refuses the others (:class:`~truce.errors.Unauthenticated`). So
the server may take the caller's role from a recent look-up of the token while no write of
a revoked token is ever stored.
"""

from __future__ import annotations

import queue
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from truce.domain.intake import IngestReport, LineStatus, SubmitResult, SubmitStatus
from truce.errors import ErrorDetail, InvalidInput, Unauthenticated
from truce.intake.readers import RawRecord
from truce.services import users
from truce.services.intake import store_records, warnings_of_line
from truce.services.mission import Mission
from truce.store.tables import observations

__all__ = ["GroupCommit"]

#: Most submissions stored in one transaction.
MAX_GROUP = 256


@dataclass
class _Slot:
    record: dict[str, Any]
    principal: str | None
    token: str | None = None
    done: threading.Event = field(default_factory=threading.Event)
    result: SubmitResult | None = None
    error: BaseException | None = None


class GroupCommit:
    """Stores single submissions of one mission in groups; thread-safe."""

    def __init__(self, mission: Mission) -> None:
        self._mission = mission
        self._queue: queue.SimpleQueue[_Slot] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(
        self, *, record: dict[str, Any], principal: str | None, token: str | None = None
    ) -> SubmitResult:
        """Store one observation; return when it is committed (or raise its error).

        Raises :class:`~truce.errors.InvalidInput` with the record's problems when it does
        not validate, :class:`~truce.errors.Unauthenticated` when ``token`` is given and is
        no longer an active token of ``principal``; nothing of it is stored then.
        """
        slot = _Slot(record, principal, token)
        self._start()
        self._queue.put(slot)
        slot.done.wait()
        if slot.error is not None:
            raise slot.error
        assert slot.result is not None
        return slot.result

    def _start(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="group-commit", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            group = [self._queue.get()]
            while len(group) < MAX_GROUP:
                try:
                    group.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                self._store(group)
            except BaseException as exc:  # every waiter gets the failure, the writer goes on
                for slot in group:
                    if not slot.done.is_set():
                        slot.error = exc
                        slot.done.set()

    def _store(self, group: list[_Slot]) -> None:
        """Store the group: one transaction per submitting principal in it."""
        by_principal: dict[str | None, list[_Slot]] = defaultdict(list)
        for slot in self._authorised(group):
            by_principal[slot.principal].append(slot)
        for principal, slots in by_principal.items():
            report = store_records(
                store=self._mission.store,
                records=[RawRecord(n, s.record) for n, s in enumerate(slots, start=1)],
                gazetteer=self._mission.gazetteer,
                skip_invalid=True,
                principal=principal,
            )
            self._answer(slots, report)

    def _authorised(self, group: list[_Slot]) -> list[_Slot]:
        """The slots whose token (if any) is active and names their principal; the others
        are answered 401 here."""
        tokens = {s.token for s in group if s.token is not None}
        if not tokens:
            return group
        active = users.active_principals(mission=self._mission, tokens=tokens)
        kept = []
        for slot in group:
            found = None if slot.token is None else active.get(slot.token)
            if slot.token is None or (found is not None and found.name == slot.principal):
                kept.append(slot)
                continue
            slot.error = Unauthenticated("unknown or revoked token", hint="truce users token NAME")
            slot.done.set()
        return kept

    def _answer(self, group: list[_Slot], report: IngestReport) -> None:
        leaves = self._leaves([r.id for r in report.results() if r.id])
        for result in report.results():
            if not 1 <= result.line <= len(group):
                continue
            slot = group[result.line - 1]
            if result.status is LineStatus.REJECTED:
                details = [ErrorDetail(d.loc, d.msg) for d in result.errors]
                slot.error = InvalidInput(f"observation rejected: {details[0]}", details=details)
            else:
                status = SubmitStatus(result.status.value)
                leaf = None if status is SubmitStatus.CONFLICT else leaves.get(str(result.id))
                slot.result = SubmitResult(
                    status=status,
                    id=str(result.id),
                    leaf_index=leaf,
                    warnings=warnings_of_line(report, result.line),
                )
            slot.done.set()
        for slot in group:  # a record the report does not mention (cannot happen; never hang)
            if not slot.done.is_set():
                slot.error = InvalidInput("observation rejected")
                slot.done.set()

    def _leaves(self, ids: list[str]) -> dict[str, int]:
        if not ids:
            return {}
        c = observations.c
        with self._mission.store.read_statement() as conn:
            rows = conn.execute(select(c.id, c.leaf_index).where(c.id.in_(ids))).all()
        return {str(r[0]): int(r[1]) for r in rows if r[1] is not None}
