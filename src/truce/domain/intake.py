"""What an import did: per-line results and the summary (``truce ingest``, the API)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from truce.errors import ErrorDetail


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
    rolled_back: bool = False
    #: Parser warnings of a narrative import (what could not be read), as details.
    warnings: list[ErrorDetail] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.conflicts

    def results(self) -> list[LineResult]:
        """One result per line that held a record, in line order.

        A rolled-back import (``rolled_back``: nothing was stored) lists only its rejected
        lines, and what was found stored before the first rejection.
        """
        out = [
            LineResult(n, LineStatus.CREATED, i)
            for n, i in zip(self.accepted_lines, self.accepted, strict=False)
        ]
        out += [LineResult(n, LineStatus.DUPLICATE, i) for n, i in self.duplicates]
        out += [LineResult(n, LineStatus.CONFLICT, i) for n, i in self.conflicts]
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
            "conflicts": [{"line": n, "id": i} for n, i in self.conflicts],
            "rejected": [d.as_dict() for d in self.rejected],
            "stored": not self.rolled_back,
        }


@dataclass(frozen=True, slots=True)
class SubmitResult:
    """One observation submitted on its own (the field form, ``POST /observations``)."""

    status: SubmitStatus
    id: str
    #: The record's leaf in the evidence ledger (the stored one for a duplicate; ``None`` for
    #: a conflict).
    leaf_index: int | None
