"""Group commit of single submissions (``POST /api/v1/observations``).

Each submission waits until it is stored with its ledger leaf and committed, as with
:func:`truce.services.intake.submit_observation`; but submissions that arrive while a commit
is under way are stored together in the next transaction, so many concurrent requests share
one durable commit (one fsync on SQLite, one WAL flush on PostgreSQL) instead of queueing
for one each. Every submission still gets its own result: created, duplicate (also of an
earlier one in the same group), conflict, or its own validation errors.

A record is validated and canonicalised by the caller (:meth:`GroupCommit.submit` or, from
an event loop, :meth:`GroupCommit.asubmit`, which waits without holding a thread); a writer
thread per :class:`GroupCommit` drains the queue and stores each group in one transaction
(:func:`truce.store.group_write.write_group`: two round trips on PostgreSQL).

A submission may carry the bearer token it came with: the writer then checks, inside the
group's transaction and after taking the ledger's lock, that each token is still active and
names the submitting principal, and refuses the others
(:class:`~truce.errors.Unauthenticated`). So the server may take the caller's role from a
recent look-up of the token while no write of a revoked token is ever stored.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from truce.domain.intake import SubmitResult, SubmitStatus
from truce.errors import ErrorDetail, InvalidInput, Unauthenticated
from truce.intake.normalise import GazetteerSpec, prepare_block
from truce.services import users
from truce.services.intake import source_id_warning
from truce.services.mission import Mission
from truce.store.group_write import Status, Submission, write_group

__all__ = ["GroupCommit", "Prepared"]

#: Most submissions stored in one transaction.
MAX_GROUP = 256

#: How long the mission's gazetteer recipe is reused before it is looked up again (seconds):
#: a mission gazetteer file added while the server runs counts from then on.
GAZETTEER_S = 10.0


class Prepared(NamedTuple):
    """A validated record ready for the queue, and what it is stored with but should be
    looked at (a source id mixing scripts, issue 11.11)."""

    submission: Submission
    warnings: tuple[ErrorDetail, ...] = ()


@dataclass
class _Slot:
    prepared: Prepared
    #: Set when the caller waits in a thread (:meth:`GroupCommit.submit`).
    done: threading.Event | None = None
    #: Set when the caller waits in an event loop (:meth:`GroupCommit.asubmit`).
    future: asyncio.Future[SubmitResult] | None = None
    loop: asyncio.AbstractEventLoop | None = None
    result: SubmitResult | None = None
    error: BaseException | None = None
    finished: bool = field(default=False)


def _revoked() -> Unauthenticated:
    return Unauthenticated("unknown or revoked token", hint="truce users token NAME")


class GroupCommit:
    """Stores single submissions of one mission in groups; thread-safe."""

    def __init__(self, mission: Mission) -> None:
        self._mission = mission
        self._queue: queue.SimpleQueue[_Slot] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._gazetteer: tuple[float, GazetteerSpec] | None = None

    def _gazetteer_spec(self) -> GazetteerSpec:
        """The mission's gazetteer recipe, looked up again after :data:`GAZETTEER_S` (it
        stats files: a cost per request otherwise)."""
        now = time.monotonic()
        if self._gazetteer is None or now - self._gazetteer[0] > GAZETTEER_S:
            self._gazetteer = (now, self._mission.gazetteer)
        return self._gazetteer[1]

    def prepare(
        self, *, record: bytes | dict[str, Any], principal: str | None, token: str | None = None
    ) -> Prepared:
        """Validate and canonicalise one record (a JSON object, as bytes or parsed).

        Raises :class:`~truce.errors.InvalidInput` with the record's problems when it does
        not validate, :class:`~truce.errors.Unauthenticated` for a token that cannot be one.
        """
        block = prepare_block([(1, record)], self._gazetteer_spec())
        if block.rejected:
            details = [ErrorDetail(loc, msg) for loc, msg, _ in block.rejected[0]]
            raise InvalidInput(f"observation rejected: {details[0]}", details=details)
        digest = None
        if token is not None:
            digest = users.token_hash(token)
            if digest is None:
                raise _revoked()
        row = block.rows[0]
        warning = source_id_warning(row.source_id)
        warnings = () if warning is None else (warning,)
        return Prepared(Submission(row, block.leaf_hashes[0], principal, digest), warnings)

    def submit(
        self, *, record: dict[str, Any], principal: str | None, token: str | None = None
    ) -> SubmitResult:
        """Store one observation; return when it is committed (or raise its error).

        Raises :class:`~truce.errors.InvalidInput` with the record's problems when it does
        not validate, :class:`~truce.errors.Unauthenticated` when ``token`` is given and is
        no longer an active token of ``principal``; nothing of it is stored then.
        """
        slot = _Slot(self.prepare(record=record, principal=principal, token=token))
        slot.done = threading.Event()
        self._put(slot)
        slot.done.wait()
        if slot.error is not None:
            raise slot.error
        assert slot.result is not None
        return slot.result

    async def asubmit(self, *, prepared: Prepared) -> SubmitResult:
        """:meth:`submit` of a prepared record, awaited in the running event loop."""
        loop = asyncio.get_running_loop()
        slot = _Slot(prepared, future=loop.create_future(), loop=loop)
        self._put(slot)
        assert slot.future is not None
        return await slot.future

    def _put(self, slot: _Slot) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="group-commit", daemon=True)
                self._thread.start()
        self._queue.put(slot)

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
                    if not slot.finished:
                        slot.error = exc
                        slot.finished = True
            _wake(group)

    def _store(self, group: list[_Slot]) -> None:
        submissions = [s.prepared.submission for s in group]
        outcomes = write_group(self._mission.store.engine, submissions)
        for slot, outcome in zip(group, outcomes, strict=True):
            if outcome.status is Status.REFUSED:
                slot.error = _revoked()
            else:
                slot.result = SubmitResult(
                    status=SubmitStatus(outcome.status.value),
                    id=slot.prepared.submission.row.id,
                    leaf_index=outcome.leaf_index,
                    warnings=slot.prepared.warnings,
                )
            slot.finished = True


def _wake(group: list[_Slot]) -> None:
    """Hand each finished slot to its waiter: one wake-up per event loop, not per slot."""
    by_loop: dict[asyncio.AbstractEventLoop, list[_Slot]] = defaultdict(list)
    for slot in group:
        if slot.loop is not None:
            by_loop[slot.loop].append(slot)
        elif slot.done is not None:
            slot.done.set()
    for loop, slots in by_loop.items():
        try:
            loop.call_soon_threadsafe(_resolve, slots)
        except RuntimeError:  # the loop has closed: nobody waits any more
            pass


def _resolve(slots: list[_Slot]) -> None:
    for slot in slots:
        future = slot.future
        if future is None or future.done():  # the request went away (cancelled)
            continue
        if slot.error is not None:
            future.set_exception(slot.error)
        else:
            assert slot.result is not None
            future.set_result(slot.result)
