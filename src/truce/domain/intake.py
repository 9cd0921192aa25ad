"""What an import did: per-line results and the summary (``truce ingest``, the API)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from truce.errors import ErrorDetail


class ObservationRow(NamedTuple):
    """The columns of one prepared observation row, in insert order (``truce.store`` adds the
    receive time and turns ``leaf_offset`` into the leaf index)."""

    id: str
    #: Canonical JSON (RFC 8785) of the wire record: exactly the ledger entry's bytes.
    content: str
    source_type: str
    source_id: str
    kind: str
    subtype: str | None
    #: Observed window, UTC epoch seconds.
    start_ts: float
    end_ts: float
    lon: float
    lat: float
    count_value: int | None
    classification: str
    #: Offset of the row's leaf from the first leaf of its block.
    leaf_offset: int


#: A rejected record's problems, as (loc, msg, line) tuples (cheap to send between processes).
Rejected = list[tuple[tuple[str | int, ...], str, int]]


class PreparedBlock(NamedTuple):
    """The records of one block of an import, validated and canonicalised, ready to store.

    ``rows[k]`` is the k-th valid record (its ``leaf_offset`` is ``k``), ``lines[k]`` its input
    line, ``ids[k]`` its id and ``leaf_hashes[k]`` SHA-256(0x00 ‖ canonical JSON) (RFC 6962
    §2.1); ``rejected`` holds each rejected record's problems, in input order.
    """

    lines: list[int]
    ids: list[str]
    rows: list[ObservationRow]
    leaf_hashes: list[bytes]
    rejected: list[Rejected]

    @property
    def read(self) -> int:
        return len(self.lines) + len(self.rejected)


class LineStatus(StrEnum):
    CREATED = "created"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    REJECTED = "rejected"


class SubmitStatus(StrEnum):
    CREATED = "created"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"


@dataclass(frozen=True, slots=True)
class LineResult:
    """What happened to the record on one input line."""

    line: int
    status: LineStatus
    id: str | None = None
    errors: tuple[ErrorDetail, ...] = ()
    #: For a duplicate or conflict within the input: the earlier line holding the same id.
    earlier_line: int | None = None


@dataclass
class IngestReport:
    """What happened to each record of an import."""

    read: int = 0
    accepted: list[str] = field(default_factory=list)
    #: Input line of each accepted record (same order as ``accepted``).
    accepted_lines: list[int] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    conflicts: list[tuple[int, str]] = field(default_factory=list)
    rejected: list[ErrorDetail] = field(default_factory=list)
    #: Line of a duplicate or conflict -> the earlier line of the same input with its id (a
    #: repeat within one file, not a record stored before the import).
    earlier_lines: dict[int, int] = field(default_factory=dict)
    rolled_back: bool = False
    #: Parser warnings of a narrative import (what could not be read), as details.
    warnings: list[ErrorDetail] = field(default_factory=list)
    #: CSV rows given without an ``id``, whose id was derived (UUIDv5 of source and content,
    #: :func:`truce.intake.normalise.derived_id`).
    derived_ids: int = 0

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.conflicts

    @property
    def rejected_records(self) -> int:
        """Records rejected (one record may have several problems in ``rejected``)."""
        return len({d.line if d.line is not None else -k for k, d in enumerate(self.rejected)})

    def results(self) -> list[LineResult]:
        """One result per line that held a record, in line order.

        A rolled-back import (``rolled_back``: nothing was stored) lists only its rejected
        lines, and what was found stored before the first rejection.
        """
        out = [
            LineResult(n, LineStatus.CREATED, i)
            for n, i in zip(self.accepted_lines, self.accepted, strict=False)
        ]
        e = self.earlier_lines
        out += [LineResult(n, LineStatus.DUPLICATE, i, (), e.get(n)) for n, i in self.duplicates]
        out += [LineResult(n, LineStatus.CONFLICT, i, (), e.get(n)) for n, i in self.conflicts]
        by_line: dict[int, list[ErrorDetail]] = {}
        for d in self.rejected:
            by_line.setdefault(d.line or 0, []).append(d)
        out += [LineResult(n, LineStatus.REJECTED, None, tuple(ds)) for n, ds in by_line.items()]
        return sorted(out, key=lambda r: r.line)

    def as_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "accepted": len(self.accepted),
            "duplicates": len(self.duplicates),
            "conflicts": [
                {"line": n, "id": i}
                | ({"earlier_line": self.earlier_lines[n]} if n in self.earlier_lines else {})
                for n, i in self.conflicts
            ],
            "rejected": [d.as_dict() for d in self.rejected],
            "stored": not self.rolled_back,
            "derived_ids": self.derived_ids,
        }


@dataclass(frozen=True, slots=True)
class SubmitResult:
    """One observation submitted on its own (the field form, ``POST /observations``)."""

    status: SubmitStatus
    id: str
    #: The record's leaf in the evidence ledger (the stored one for a duplicate; ``None`` for
    #: a conflict).
    leaf_index: int | None
    #: What the record was stored with but should be looked at (e.g. a source id mixing
    #: scripts, issue 11.11): warnings, not errors.
    warnings: tuple[ErrorDetail, ...] = ()
