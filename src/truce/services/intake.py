"""Intake: observations into the store, each with its ledger leaf (``truce ingest``, the API).

Rules (README "Ingest rules"): the same ``id`` with the same canonical content is a duplicate
(nothing changes); with different content a conflict (reported, nothing overwritten). By
default an import is atomic: when any record is rejected nothing is stored; with
``skip_invalid`` the valid records are stored. A record and its ledger leaf are written in
one transaction (:func:`truce.store.observations.insert_observations`).

Records are prepared (validated, resolved, canonicalised: :mod:`truce.intake.normalise`) in
this process unless the caller asks for ``workers`` (the CLI does for large files: they
prepare blocks while this process writes; the order of records, and so of ledger leaves, is
the input order). A library call never forks by default.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from functools import partial
from itertools import islice
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection

from truce.domain.intake import IngestReport, PreparedBlock, SubmitResult, SubmitStatus
from truce.domain.ledger_kinds import LedgerKind
from truce.errors import ErrorDetail, InvalidInput
from truce.intake import from_narrative
from truce.intake.from_narrative import ReportContext, line_of
from truce.intake.narrative import ParseResult, parse
from truce.intake.narrative.report import ReportParse, read_report
from truce.intake.normalise import GazetteerSpec, RecordBlock, prepare_block
from truce.intake.readers import (
    CsvRecords,
    InputFormat,
    JsonlRecords,
    RawLines,
    RawRecord,
    guess_format,
    read_records,
)
from truce.intake.scripts import mixed_scripts_message
from truce.procs import die_with_parent
from truce.services.mission import Mission
from truce.store import Store
from truce.store.ledger import leaf_index_of
from truce.store.observations import existing_contents, insert_observations, record_submitter

__all__ = [
    "InputFormat",
    "IngestReport",
    "ParseResult",
    "ReportParse",
    "SubmitResult",
    "SubmitStatus",
    "guess_input_format",
    "ingest",
    "ingest_narrative",
    "ingest_records",
    "parse_narrative",
    "parse_report",
    "store_records",
    "submit_observation",
]

ProgressCallback = Callable[[int], None]

#: Records (lines) handed to a worker at a time; also the unit of a savepoint.
CHUNK = 2000

#: Typical JSONL bytes per record, to size blocks of raw text.
BYTES_PER_RECORD = 400


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
    records: Iterable[RawRecord],
    gazetteer: GazetteerSpec,
    workers: int,
    report: IngestReport,
    *,
    warn_scripts: bool = True,
) -> Iterator[PreparedBlock]:
    """Prepared blocks, in input order (on ``workers`` processes when > 0); rejections go to
    ``report``, and (``warn_scripts``) a warning for each record whose source id mixes
    scripts."""
    work = partial(prepare_block, gazetteer=gazetteer)
    blocks = _blocks(records, CHUNK)
    if workers > 0:
        pool = multiprocessing.get_context("fork").Pool(
            workers, initializer=die_with_parent, initargs=(os.getpid(),)
        )
        results: Iterator[PreparedBlock] = pool.imap(work, blocks)
    else:
        pool, results = None, map(work, blocks)
    try:
        for block in results:
            report.read += block.read
            for errors in block.rejected:
                report.rejected.extend(ErrorDetail(loc, msg, line) for loc, msg, line in errors)
            if warn_scripts:
                _warn_mixed_scripts(block, report)
            yield block
    finally:
        if pool is not None:
            pool.terminate()


def source_id_warning(source_id: str, line: int | None = None) -> ErrorDetail | None:
    """The warning for a source id mixing scripts (``team-К1``, Cyrillic К: the same-looking
    id of another source, issue 11.11), or ``None``. Not an error: the record is stored as
    given."""
    message = mixed_scripts_message(source_id)
    return None if message is None else ErrorDetail(("source", "id"), message, line)


def _warn_mixed_scripts(block: PreparedBlock, report: IngestReport) -> None:
    for line, row in zip(block.lines, block.rows, strict=True):
        warning = source_id_warning(row.source_id, line)
        if warning is not None:
            report.warnings.append(warning)


def warnings_of_line(report: IngestReport, line: int) -> tuple[ErrorDetail, ...]:
    """The warnings of one input line of ``report``, without the line (a single record's)."""
    return tuple(ErrorDetail(w.loc, w.msg) for w in report.warnings if w.line == line)


class _Writer:
    """Stores blocks, reporting duplicates and conflicts; remembers whether the last block
    held stored records (then the next ones are checked first).

    A duplicate or conflict whose id an earlier line of the same input holds is a repeat
    within the file: its earlier line goes to ``report.earlier_lines``, so it is reported as
    "conflicts with line N", not as a record stored before (in an atomic import nothing of
    the file is stored). The id -> line index of the import's records is built only when a
    first duplicate or conflict appears.
    """

    def __init__(self, report: IngestReport, principal: str | None) -> None:
        self.report = report
        self.principal = principal
        self.expect_new = True
        self._ids: list[str] = []
        self._lines: list[int] = []
        self._line_of: dict[str, int] | None = None
        #: Leaf hash of each record only checked (not stored) so far, by id.
        self._checked: dict[str, bytes] = {}

    def check(self, conn: Connection, block: PreparedBlock) -> None:
        """Report the duplicates and conflicts of ``block`` without storing it: an atomic import
        that will be rolled back still names every conflict in its first run (issue 11.8),
        against stored records and against earlier lines of the same input."""
        stored = existing_contents(conn, block.ids)
        self._seen([], [], repeats=True)  # the id -> line index, to name earlier lines
        assert self._line_of is not None
        for k, row in enumerate(block.rows):
            line = block.lines[k]
            previous = stored.get(row.id)
            if previous is not None:
                same = previous == row.content
            elif row.id in self._checked:
                same = self._checked[row.id] == block.leaf_hashes[k]
            else:
                self._checked[row.id] = block.leaf_hashes[k]
                self._line_of[row.id] = line
                continue
            self._repeat(line, row.id, self.report.duplicates if same else self.report.conflicts)

    def store(self, conn: Connection, block: PreparedBlock, into: IngestReport) -> None:
        """Store ``block``; its accepted records go to ``into`` (committed or not yet)."""
        done = insert_observations(conn, block, expect_new=self.expect_new)
        self.expect_new = len(done.stored) == len(block.ids)
        if self.expect_new:
            ids, lines = block.ids, block.lines
        else:
            ids = [block.ids[k] for k in done.stored]
            lines = [block.lines[k] for k in done.stored]
        self._seen(ids, lines, repeats=bool(done.duplicates or done.conflicts))
        for k in done.duplicates:
            self._repeat(block.lines[k], block.ids[k], self.report.duplicates)
        for k in done.conflicts:
            self._repeat(block.lines[k], block.ids[k], self.report.conflicts)
        if self.principal is not None:
            record_submitter(conn, ids, self.principal)
        into.accepted.extend(ids)
        into.accepted_lines.extend(lines)

    def _seen(self, ids: Sequence[str], lines: Sequence[int], *, repeats: bool) -> None:
        if self._line_of is None and not repeats:
            self._ids.extend(ids)
            self._lines.extend(lines)
            return
        if self._line_of is None:
            self._line_of = dict(zip(self._ids, self._lines, strict=True))
            self._ids, self._lines = [], []
        self._line_of.update(zip(ids, lines, strict=True))

    def _repeat(self, line: int, ident: str, into: list[tuple[int, str]]) -> None:
        into.append((line, ident))
        earlier = self._line_of.get(ident) if self._line_of is not None else None
        if earlier is not None:
            self.report.earlier_lines[line] = earlier


def store_records(
    *,
    store: Store,
    records: Iterable[RawRecord],
    gazetteer: GazetteerSpec,
    skip_invalid: bool = False,
    workers: int = 0,
    progress: ProgressCallback | None = None,
    prior_rejections: Sequence[ErrorDetail] = (),
    principal: str | None = None,
    warn_scripts: bool = True,
) -> IngestReport:
    """Validate and store ``records`` in ``store``; see the module docstring for the rules.

    ``prior_rejections`` are records the caller already rejected (e.g. a narrative sentence
    whose place is unknown): they count like any other rejection. With ``skip_invalid`` the
    valid records are stored block by block, each block committed before its records count
    as accepted; otherwise in one transaction, rolled back when any record is rejected.
    ``principal`` (who submits) is recorded with each new record, in the same transaction.
    A record whose source id mixes scripts (``team-К1``, Cyrillic К) is stored as given, with
    a warning in ``report.warnings`` naming its line and ``source.id`` (issue 11.11; not with
    ``warn_scripts=False``, for a caller that warns of its one source itself).
    """
    report = IngestReport(read=len(prior_rejections), rejected=list(prior_rejections))
    blocks = _prepared_blocks(records, gazetteer, workers, report, warn_scripts=warn_scripts)
    writer = _Writer(report, principal)
    if skip_invalid:
        for block in blocks:
            done = IngestReport()
            with store.begin() as conn:
                writer.store(conn, block, done)
            report.accepted.extend(done.accepted)
            report.accepted_lines.extend(done.accepted_lines)
            if progress:
                progress(report.read)
        return report
    pending = IngestReport()  # what is stored once the transaction commits
    try:
        with store.begin() as conn:
            for block in blocks:
                if report.ok:
                    writer.store(conn, block, pending)
                else:  # after the first rejection, validate and check, store nothing
                    writer.check(conn, block)
                if progress:
                    progress(report.read)
            if not report.ok:
                raise _Rollback
    except _Rollback:
        report.rolled_back = True
        return report
    report.accepted, report.accepted_lines = pending.accepted, pending.accepted_lines
    return report


def guess_input_format(*, path: Path | None, head: bytes) -> InputFormat:
    """JSONL or CSV from the file suffix, else from the first bytes."""
    return guess_format(path, head)


def ingest(
    *,
    mission: Mission,
    stream: IO[bytes],
    format: InputFormat,
    skip_invalid: bool = False,
    workers: int = 0,
    progress: ProgressCallback | None = None,
    principal: str | None = None,
) -> IngestReport:
    """Validate and store the JSONL or CSV records of ``stream`` (see the module docstring).

    ``workers`` > 0 prepares records in that many processes (the caller asks for it; the
    default runs in this thread, safe in a web server). A stream of coverage records
    (``"record": "coverage"``, issue #13) goes to :mod:`truce.services.coverage`.
    """
    from truce.services import coverage as coverage_service

    if coverage_service.is_coverage_stream(stream, format):
        return coverage_service.ingest_stream(
            mission=mission, stream=stream, fmt=format, skip_invalid=skip_invalid
        )
    records = read_records(stream, format)
    report = store_records(
        store=mission.store,
        records=records,
        gazetteer=mission.gazetteer,
        skip_invalid=skip_invalid,
        workers=workers,
        progress=progress,
        principal=principal,
    )
    if isinstance(records, CsvRecords):
        report.derived_ids = records.stats.without_id
    return report


def ingest_records(
    *,
    mission: Mission,
    records: Iterable[dict[str, Any]],
    skip_invalid: bool = False,
    workers: int = 0,
    principal: str | None = None,
) -> IngestReport:
    """Validate and store wire records (dicts); line numbers count them from 1.

    ``principal`` (who submits) is recorded with each new record, in the same transaction.
    """
    raw = (RawRecord(n, rec) for n, rec in enumerate(records, start=1))
    return store_records(
        store=mission.store,
        records=raw,
        gazetteer=mission.gazetteer,
        skip_invalid=skip_invalid,
        workers=workers,
        principal=principal,
    )


def submit_observation(
    *, mission: Mission, record: dict[str, Any], principal: str | None = None
) -> SubmitResult:
    """Store one observation (the field form, the API).

    Raises :class:`~truce.errors.InvalidInput` (with one detail per problem) when the record
    does not validate; nothing is stored then. ``principal`` is who submitted it (recorded
    beside the record, in the same transaction; never in the ledgered record itself).
    """
    report = store_records(
        store=mission.store,
        records=[RawRecord(1, record)],
        gazetteer=mission.gazetteer,
        principal=principal,
    )
    if report.rejected:
        details = [ErrorDetail(d.loc, d.msg) for d in report.rejected]
        raise InvalidInput(f"observation rejected: {details[0]}", details=details)
    if report.accepted:
        status, ident = SubmitStatus.CREATED, report.accepted[0]
    elif report.duplicates:
        status, ident = SubmitStatus.DUPLICATE, report.duplicates[0][1]
    else:
        status, ident = SubmitStatus.CONFLICT, report.conflicts[0][1]
    leaf = None
    if status is not SubmitStatus.CONFLICT:
        with mission.store.connect() as conn:
            leaf = leaf_index_of(conn, kind=LedgerKind.OBSERVATION, record_id=ident)
    return SubmitResult(
        status=status, id=ident, leaf_index=leaf, warnings=warnings_of_line(report, 1)
    )


def parse_narrative(*, text: str, lang: str = "en") -> ParseResult:
    """Monitors' sentences to parsed observations (no store: ``truce parse``)."""
    return parse(text, lang=lang)


def parse_report(*, text: str, lang: str = "en") -> ReportParse:
    """A whole report body (paragraphs, headings, footnote markers) parsed paragraph by
    paragraph, the observer carried within each (no store: ``truce parse --report``)."""
    return read_report(text, lang=lang)


def ingest_narrative(
    *,
    mission: Mission,
    text: str,
    report_date: date,
    source_id: str,
    skip_invalid: bool = False,
    lang: str = "en",
    principal: str | None = None,
) -> IngestReport:
    """Parse a monitors' passage and store its observations.

    Times are read on ``report_date`` in the mission's time zone; a sentence without a time
    phrase covers the reporting period ending on that date (its end from the agreement).
    Parser warnings are in ``report.warnings``; sentences that cannot be located are rejected.
    """
    result = parse(text, lang=lang)
    warnings = [
        ErrorDetail((), f"warning: {w.reason}: {w.text!r}", line=line_of(text, w.span[0]))
        for w in result.warnings
    ]
    mixed = mixed_scripts_message(source_id)  # once for the passage, not once per record
    if mixed is not None:
        warnings.insert(0, ErrorDetail(("source",), mixed))
    period = mission.reporting_period
    ctx = ReportContext(
        report_date=report_date,
        source_id=source_id,
        tz=period.time_zone,
        period_end=period.end,
        lang=lang,
    )
    gazetteer = mission.gazetteer
    pairs, problems = from_narrative.records(text, result, ctx, gazetteer())
    report = store_records(
        store=mission.store,
        records=[RawRecord(line, rec) for line, rec in pairs],
        gazetteer=gazetteer,
        skip_invalid=skip_invalid,
        prior_rejections=problems,
        principal=principal,
        warn_scripts=False,
    )
    report.warnings.extend(warnings)
    return report


def stored_content(*, mission: Mission, ids: Iterable[str]) -> dict[str, str]:
    """The stored canonical JSON of each of ``ids`` that is stored."""
    with mission.store.connect() as conn:
        return existing_contents(conn, ids)
