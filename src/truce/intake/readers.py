"""Reading observation records from JSONL and CSV, each tagged with its line number.

CSV maps flat column names to the nested wire format: ``position.lat`` becomes
``{"position": {"lat": ...}}``; list columns (``direction.bearings``, ``event.weapons``, ...)
hold values separated by ``;`` (or ``,``); ``attachments`` holds a JSON array; an empty cell
means the field is absent.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO

from truce.intake.csv_reader import JSON_COLUMNS, LIST_COLUMNS, CsvRecords, nest
from truce.intake.raw import RawRecord, RowError

__all__ = [
    "JSON_COLUMNS",
    "LIST_COLUMNS",
    "CsvRecords",
    "InputFormat",
    "JsonlRecords",
    "RawRecord",
    "RowError",
    "guess_format",
    "nest",
    "read_csv",
    "read_jsonl",
    "read_records",
]


class InputFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"


def guess_format(path: Path | None, head: bytes) -> InputFormat:
    """JSONL or CSV from the file suffix, else from the first non-blank byte."""
    if path is not None:
        suffix = path.suffix.lower()
        if suffix in (".jsonl", ".ndjson", ".json"):
            return InputFormat.JSONL
        if suffix == ".csv":
            return InputFormat.CSV
    return InputFormat.JSONL if head.lstrip()[:1] in (b"{", b"") else InputFormat.CSV


_BOM = b"\xef\xbb\xbf"

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
            stripped = (line.removeprefix(_BOM) if number == 1 else line).strip()
            if stripped:
                yield RawRecord(number, stripped)

    def blocks(self, size: int) -> Iterator[RawLines]:
        """Blocks of about ``size`` bytes that end at a line end (see :func:`split_block`)."""
        number = 1
        while data := self._stream.read(size):
            if number == 1:
                data = data.removeprefix(_BOM)  # RFC 8259 §8.1: parsers may ignore a BOM
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


def read_csv(stream: IO[bytes]) -> CsvRecords:
    """One record per data row (see :mod:`truce.intake.csv_reader`)."""
    return CsvRecords(stream)


def read_records(stream: IO[bytes], fmt: InputFormat) -> Iterable[RawRecord]:
    if fmt is InputFormat.JSONL:
        return read_jsonl(stream)
    return read_csv(stream)
