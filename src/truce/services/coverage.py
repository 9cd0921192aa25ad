"""Coverage records: ingest (validate, resolve places, store with ledger leaves) and list.

The same rules as observations (README "Ingest rules"): each invalid record is reported with
its line, field and reason; by default an import is atomic (nothing is stored when any record
is rejected); the same ``id`` with the same canonical content is a duplicate, with other
content a conflict, and nothing is overwritten. A record and its leaf (kind ``coverage``)
are written in one transaction.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import IO, Any, Protocol

from pydantic import ValidationError

from truce.domain.coverage import Coverage
from truce.domain.intake import IngestReport
from truce.domain.observation import Position
from truce.errors import ErrorDetail, InvalidInput, TruceError
from truce.intake.raw import RowError
from truce.intake.readers import InputFormat, read_records
from truce.ledger.canonical import canonical_json
from truce.services.mission import Mission
from truce.store import Store
from truce.store.coverage_tables import (
    CoverageRow,
    existing_coverage,
    insert_coverage,
    iter_coverage,
)
from truce.store.ledger import append_entries

#: The ledger kind of coverage records.
KIND = "coverage"


class _Gazetteer(Protocol):
    def resolve(self, name: str) -> Any: ...


#: What happened to each record of a coverage import (the observations' report type).
CoverageIngest = IngestReport


def is_coverage_stream(stream: IO[bytes], fmt: InputFormat) -> bool:
    """Whether an input holds coverage records: its first record (JSONL) or its header and
    first row (CSV) say ``record`` = ``coverage``. Looks without consuming (``peek``)."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        return False
    head = bytes(peek(65536))[:65536].lstrip()
    first = head.split(b"\n", 1)[0]
    if fmt is InputFormat.JSONL:
        return b'"record"' in first and b'"coverage"' in first
    rows = head.decode("utf-8", "replace").lstrip("\ufeff").splitlines()
    if len(rows) < 2:
        return False
    header = [c.strip() for c in next(csv.reader([rows[0]]))]
    if "record" not in header:
        return False
    cells = next(csv.reader([rows[1]]), [])
    k = header.index("record")
    return k < len(cells) and cells[k].strip() == "coverage"


def ingest_stream(
    *, mission: Mission, stream: IO[bytes], fmt: InputFormat, skip_invalid: bool = False
) -> IngestReport:
    """Coverage records from a JSONL or CSV stream (``truce ingest`` of a coverage file)."""
    records = ((r.line, r.data) for r in read_records(stream, fmt))
    return ingest(
        store=mission.store, records=records, gazetteer=_Lazy(mission.gazetteer),
        skip_invalid=skip_invalid,
    )  # fmt: skip


class _Lazy:
    """The gazetteer, loaded only when a record names a place (it takes seconds)."""

    def __init__(self, load: Any) -> None:
        self._load = load

    def resolve(self, name: str) -> Any:
        return self._load().resolve(name)


def is_coverage(data: bytes | dict[str, Any]) -> bool:
    """Whether a raw record says ``"record": "coverage"`` (an observation may omit it)."""
    if isinstance(data, dict):
        return data.get("record") == "coverage"
    if b'"coverage"' not in data:
        return False
    try:
        return bool(json.loads(data).get("record") == "coverage")
    except (ValueError, AttributeError):
        return False


def parse(
    line: int, data: bytes | dict[str, Any] | RowError, gazetteer: _Gazetteer | None
) -> Coverage:
    """One record; raises :class:`InvalidInput` naming the line, field and reason."""
    if isinstance(data, RowError):
        raise InvalidInput(f"line {line}: {data.msg}", details=[ErrorDetail((), data.msg, line)])
    try:
        rec = (
            Coverage.model_validate_json(data)
            if isinstance(data, bytes)
            else Coverage.model_validate(data)
        )
    except ValidationError as exc:
        details = [ErrorDetail(tuple(e["loc"]), e["msg"], line) for e in exc.errors()]
        raise InvalidInput(str(details[0]), details=details) from None
    pos = rec.position
    if pos is not None and not pos.resolved and pos.place is not None and gazetteer is not None:
        try:
            place = gazetteer.resolve(pos.place)
        except TruceError as exc:
            raise InvalidInput(
                f"line {line}: position.place: {exc.message}",
                details=[ErrorDetail(("position", "place"), exc.message, line)],
            ) from None
        fixed = Position(lon=place.lon, lat=place.lat, place=pos.place, accuracy_m=pos.accuracy_m)
        rec = rec.model_copy(update={"position": fixed})
    return rec


def ingest(
    *,
    store: Store,
    records: Iterable[tuple[int, bytes | dict[str, Any] | RowError]],
    gazetteer: _Gazetteer | None = None,
    skip_invalid: bool = False,
) -> CoverageIngest:
    """Validate and store coverage records (``(line, raw)`` pairs), each with its leaf."""
    report = IngestReport()
    good: list[tuple[int, Coverage, bytes]] = []
    for line, data in records:
        report.read += 1
        try:
            rec = parse(line, data, gazetteer)
        except TruceError as exc:
            report.rejected.extend(exc.details or [ErrorDetail((), exc.message, line)])
            continue
        good.append((line, rec, canonical_json(rec.wire())))
    if report.rejected and not skip_invalid:
        report.rolled_back = True
        return report
    with store.begin() as conn:
        known = existing_coverage(conn, [str(r.id) for _, r, _ in good])
        fresh: list[tuple[Coverage, bytes]] = []
        seen: dict[str, bytes] = {}
        for line, rec, entry in good:
            rid = str(rec.id)
            before = known.get(rid, seen.get(rid, b"").decode() or None)
            if before is not None:
                if before == entry.decode():
                    report.duplicates.append((line, rid))
                else:
                    report.conflicts.append((line, rid))
                continue
            seen[rid] = entry
            fresh.append((rec, entry))
        if report.conflicts and not skip_invalid:
            report.rolled_back = True
            return report  # the transaction holds nothing yet
        leaves = append_entries(conn, kind=KIND, records=[(str(r.id), e) for r, e in fresh])
        insert_coverage(conn, [_row(r, e, k) for (r, e), k in zip(fresh, leaves, strict=True)])
    report.accepted = [str(r.id) for r, _ in fresh]
    lines = {str(r.id): n for n, r, _ in good}
    report.accepted_lines = [lines[i] for i in report.accepted]
    return report


def _row(rec: Coverage, entry: bytes, leaf: int) -> CoverageRow:
    return CoverageRow(
        id=str(rec.id),
        content=entry.decode("utf-8"),
        source_type=rec.source.type.value,
        source_id=rec.source.id,
        status=rec.status.value,
        start_ts=rec.observed.start.timestamp(),
        end_ts=rec.observed.end.timestamp(),
        leaf_index=leaf,
    )


def list_coverage(
    *, store: Store, since: datetime | None = None, until: datetime | None = None
) -> list[tuple[Coverage, int | None]]:
    """Stored coverage records overlapping ``[since, until)`` with their leaf indices."""
    with store.connect() as conn:
        rows = list(
            iter_coverage(
                conn,
                since=since.timestamp() if since else None,
                until=until.timestamp() if until else None,
            )
        )
    return [(Coverage.model_validate_json(c), leaf) for c, leaf in rows]


def stored_entries(rows: Sequence[tuple[Coverage, int | None]]) -> dict[str, int]:
    return {str(c.id): leaf for c, leaf in rows if leaf is not None}
