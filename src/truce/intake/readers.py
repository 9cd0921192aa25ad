"""Reading observation records from JSONL and CSV, each tagged with its line number.

CSV maps flat column names to the nested wire format: ``position.lat`` becomes
``{"position": {"lat": ...}}``; list columns (``direction.bearings``, ``event.weapons``, ...)
hold values separated by ``;`` (or ``,``); ``attachments`` holds a JSON array; an empty cell
means the field is absent.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from truce.errors import ErrorDetail, InvalidInput

LIST_COLUMNS = frozenset(
    {"direction.bearings", "direction.bearing_deg", "event.weapons", "narrative.span"}
)
JSON_COLUMNS = frozenset({"attachments"})


class InputFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as read: JSON text (``bytes``) or a nested ``dict`` built from CSV."""

    line: int
    data: bytes | dict[str, Any]

    @property
    def size(self) -> int:
        return len(self.data) if isinstance(self.data, bytes) else len(json.dumps(self.data))


def guess_format(path: Path | None, head: bytes) -> InputFormat:
    """JSONL or CSV from the file suffix, else from the first non-blank byte."""
    if path is not None:
        suffix = path.suffix.lower()
        if suffix in (".jsonl", ".ndjson", ".json"):
            return InputFormat.JSONL
        if suffix == ".csv":
            return InputFormat.CSV
    return InputFormat.JSONL if head.lstrip()[:1] in (b"{", b"") else InputFormat.CSV


#: A block of raw JSONL text: the number of its first line, and whole lines of bytes.
RawLines = tuple[int, bytes]


class JsonlRecords:
    """The records of a JSONL stream, one per non-blank line.

    Iterating gives :class:`RawRecord` objects. :meth:`blocks` gives the raw text in blocks
    of whole lines instead, so that a bulk import can hand them to worker processes untouched
    (split and numbered there, not in the process that writes to the database). Read it
    once, one way or the other.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[RawRecord]:
        for number, line in enumerate(self._stream, start=1):
            stripped = line.strip()
            if stripped:
                yield RawRecord(number, stripped)

    def blocks(self, size: int) -> Iterator[RawLines]:
        """Blocks of about ``size`` bytes that end at a line end (see :func:`split_block`)."""
        number = 1
        while data := self._stream.read(size):
            if not data.endswith(b"\n"):
                data += self._stream.readline()
            yield number, data
            number += data.count(b"\n")


def split_block(block: RawLines) -> Iterator[tuple[int, bytes]]:
    """The non-blank lines of a block, stripped, with their line numbers."""
    first, data = block
    for number, line in enumerate(data.split(b"\n"), start=first):
        stripped = line.strip()
        if stripped:
            yield number, stripped


def read_jsonl(stream: IO[bytes]) -> JsonlRecords:
    """One record per non-blank line."""
    return JsonlRecords(stream)


def read_csv(stream: IO[bytes]) -> Iterator[RawRecord]:
    """One record per data row; line numbers count the header as line 1."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    header = next(reader, None)
    if header is None:
        return
    columns = [h.strip() for h in header]
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            raise InvalidInput(
                f"line {start}: expected {len(columns)} columns, found {len(row)}",
                details=[ErrorDetail(f"line {start}", f"expected {len(columns)} columns")],
            )
        yield RawRecord(start, nest(dict(zip(columns, row, strict=True))))


def nest(flat: dict[str, str]) -> dict[str, Any]:
    """``{"position.lat": "48.1"}`` -> ``{"position": {"lat": "48.1"}}``; empty cells dropped."""
    out: dict[str, Any] = {}
    for key, raw in flat.items():
        value = raw.strip()
        if not key or value == "":
            continue
        parsed: Any = value
        if key in LIST_COLUMNS:
            parsed = [v.strip() for v in value.replace(",", ";").split(";") if v.strip()]
        elif key in JSON_COLUMNS:
            try:
                parsed = json.loads(value)
            except json.JSONDecodeError:
                parsed = value  # validation reports the field with the reason
        node = out
        *parents, leaf = key.split(".")
        for part in parents:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[leaf] = parsed
    return out


def read_records(stream: IO[bytes], fmt: InputFormat) -> Iterable[RawRecord]:
    return read_jsonl(stream) if fmt is InputFormat.JSONL else read_csv(stream)
