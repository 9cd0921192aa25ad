"""Intake: observations into the store, each with its ledger leaf (``truce ingest``, the API).

Rules (README "Ingest rules"): the same ``id`` with the same canonical content is a duplicate
(nothing changes); with different content a conflict (reported, nothing overwritten). By
default an import is atomic: when any record is rejected nothing is stored; with
``skip_invalid`` the valid records are stored. Records are prepared in this process unless
the caller asks for ``workers`` (the CLI does for large files): a library call never forks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import IO, Any

from truce.domain.intake import IngestReport, SubmitResult, SubmitStatus
from truce.domain.ledger_kinds import LedgerKind
from truce.errors import ErrorDetail, InvalidInput
from truce.intake import from_narrative
from truce.intake import service as _intake
from truce.intake.from_narrative import ReportContext, line_of
from truce.intake.narrative import ParseResult, parse
from truce.intake.readers import InputFormat, RawRecord, guess_format, read_records
from truce.services.mission import Mission
from truce.store.ledger import leaf_index_of
from truce.store.observations import existing_contents

__all__ = [
    "InputFormat",
    "IngestReport",
    "SubmitResult",
    "SubmitStatus",
    "guess_input_format",
    "ingest",
    "ingest_narrative",
    "ingest_records",
    "parse_narrative",
    "submit_observation",
]

ProgressCallback = Callable[[int], None]


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
) -> IngestReport:
    """Validate and store the JSONL or CSV records of ``stream`` (see the module docstring).

    ``workers`` > 0 prepares records in that many processes (the caller asks for it; the
    default runs in this thread, safe in a web server).
    """
    return _intake.ingest(
        store=mission.store,
        records=read_records(stream, format),
        gazetteer=mission.gazetteer,
        skip_invalid=skip_invalid,
        workers=workers,
        progress=progress,
    )


def ingest_records(
    *,
    mission: Mission,
    records: Iterable[dict[str, Any]],
    skip_invalid: bool = False,
    workers: int = 0,
) -> IngestReport:
    """Validate and store wire records (dicts); line numbers count them from 1."""
    raw = (RawRecord(n, rec) for n, rec in enumerate(records, start=1))
    return _intake.ingest(
        store=mission.store,
        records=raw,
        gazetteer=mission.gazetteer,
        skip_invalid=skip_invalid,
        workers=workers,
    )


def submit_observation(
    *, mission: Mission, record: dict[str, Any], principal: str | None = None
) -> SubmitResult:
    """Store one observation (the field form, the API).

    Raises :class:`~truce.errors.InvalidInput` (with one detail per problem) when the record
    does not validate; nothing is stored then. ``principal`` is who submitted it (recorded
    with the receipt, never in the ledgered record itself).
    """
    del principal  # no table holds who submitted yet (see docs/architecture.md)
    report = _intake.ingest(
        store=mission.store, records=[RawRecord(1, record)], gazetteer=mission.gazetteer
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
    return SubmitResult(status=status, id=ident, leaf_index=leaf)


def parse_narrative(*, text: str, lang: str = "en") -> ParseResult:
    """Monitors' sentences to parsed observations (no store: ``truce parse``)."""
    return parse(text, lang=lang)


def ingest_narrative(
    *,
    mission: Mission,
    text: str,
    report_date: date,
    source_id: str,
    skip_invalid: bool = False,
    lang: str = "en",
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
    report = _intake.ingest(
        store=mission.store,
        records=[RawRecord(line, rec) for line, rec in pairs],
        gazetteer=gazetteer,
        skip_invalid=skip_invalid,
        prior_rejections=problems,
    )
    report.warnings.extend(warnings)
    return report


def stored_content(*, mission: Mission, ids: Iterable[str]) -> dict[str, str]:
    """The stored canonical JSON of each of ``ids`` that is stored."""
    with mission.store.connect() as conn:
        return existing_contents(conn, ids)
