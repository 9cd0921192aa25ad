"""Reading hand-written and exported CSV: every defect of a row is that row's error.

A monitor's spreadsheet reaches us as whatever the program wrote: commas or, in most
European locales of Excel, semicolons (the delimiter is detected from the header row), decimal
commas beside semicolons, a UTF-8 byte order mark, ``\\r\\n`` line ends, cells with line
breaks inside quotes. Rows are assembled from physical lines by hand (a quoted cell may span
lines), so that a defect stays in its row: invalid UTF-8 (Latin-1 text looks like this), an
unclosed quote, a missing or extra cell, a row over :data:`MAX_ROW_BYTES`. Such a row is
yielded as a :class:`RowError` with its line; validation reports it like any invalid record,
and ``--skip-invalid`` skips it. Only a file without a usable header row is an error as a whole.

Rows without an ``id`` are marked; :mod:`truce.intake.normalise` derives a stable UUIDv5 for
them (:data:`~truce.intake.normalise.DERIVED_ID_NAMESPACE`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from truce.errors import ErrorDetail, InvalidInput
from truce.intake.raw import RawRecord, RowError

#: A CSV row (over one or more physical lines) longer than this is rejected: an unclosed
#: quote would otherwise swallow the rest of the file. Records themselves are limited to
#: ``MAX_RECORD_BYTES`` of JSON at validation.
MAX_ROW_BYTES = 1 << 20

# Cells up to a whole row: a long cell is then reported by the record size limit, by name.
csv.field_size_limit(max(csv.field_size_limit(), MAX_ROW_BYTES))

#: Delimiters recognised in the header row, in order of preference on a tie.
DELIMITERS = (",", ";", "\t")

#: Numeric columns where a decimal comma is read as a point when the delimiter is not a comma.
DECIMAL_COLUMNS = frozenset(
    {
        "position.lon",
        "position.lat",
        "position.accuracy_m",
        "event.calibre_mm",
        "distance_km.min",
        "distance_km.max",
        "direction.sigma_deg",
    }
)
#: Columns holding lists: values separated by ``;`` (or ``,``).
LIST_COLUMNS = frozenset(
    {"direction.bearings", "direction.bearing_deg", "event.weapons", "narrative.span"}
)
#: Columns holding JSON.
JSON_COLUMNS = frozenset({"attachments"})
_DECIMAL_COMMA = re.compile(r"^[+-]?[0-9]+,[0-9]+$")
_BOM = b"\xef\xbb\xbf"


@dataclass
class CsvStats:
    """What the reader found, for the summary: the delimiter and rows given no ``id``."""

    delimiter: str = ","
    without_id: int = 0


class _Lines:
    """Physical lines of a byte stream, numbered from 1, at most ``MAX_ROW_BYTES`` each,
    with push-back (to resume after an unclosed quote)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._number = 0
        self._back: list[tuple[int, bytes, bool]] = []

    def next(self) -> tuple[int, bytes, bool] | None:
        """``(number, bytes, too_long)`` of the next line, or ``None`` at the end."""
        if self._back:
            return self._back.pop()
        line = self._stream.readline(MAX_ROW_BYTES + 1)
        if not line:
            return None
        self._number += 1
        too_long = len(line) > MAX_ROW_BYTES
        if too_long:
            while (rest := self._stream.readline(MAX_ROW_BYTES)) and not rest.endswith(b"\n"):
                pass  # skip the rest of an over-long line
            line = line[:MAX_ROW_BYTES]
        return self._number, line, too_long

    def push(self, lines: list[tuple[int, bytes, bool]]) -> None:
        self._back.extend(reversed(lines))


def _physical_rows(stream: IO[bytes]) -> Iterator[tuple[int, bytes | RowError]]:
    """Rows as raw bytes (joined lines while a quote is open), or the row's error."""
    lines = _Lines(stream)
    while (first := lines.next()) is not None:
        number, data, too_long = first
        if too_long:
            yield number, RowError(f"the row is longer than {MAX_ROW_BYTES} bytes")
            continue
        parts, size, quotes = [first], len(data), data.count(b'"')
        while quotes % 2:
            nxt = lines.next()
            if nxt is None or nxt[2] or size + len(nxt[1]) > MAX_ROW_BYTES:
                # An unclosed quote: report it here and read on from the next line.
                lines.push(parts[1:] + ([nxt] if nxt is not None else []))
                yield number, RowError('a quote (") is opened and never closed')
                break
            parts.append(nxt)
            size += len(nxt[1])
            quotes += nxt[1].count(b'"')
        else:
            yield number, b"".join(p[1] for p in parts)


def _decode(data: bytes) -> str | RowError:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        return RowError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at column {column}; Latin-1 or "
            "Windows-1252 text looks like this): save the file as UTF-8 (Excel: CSV UTF-8)"
        )


def _cells(text: str, delimiter: str) -> list[str] | RowError:
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        return RowError(f"cannot be read as CSV: {exc}")
    if not rows:
        return []
    if len(rows) > 1 and any(any(c.strip() for c in r) for r in rows[1:]):
        return RowError("a line break outside quotes splits the row")
    return rows[0]


def detect_delimiter(header: str) -> str:
    """The delimiter that splits the header row into the most columns (``,`` on a tie)."""
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header(rows: Iterator[tuple[int, bytes | RowError]]) -> tuple[list[str], str]:
    for number, raw in rows:
        if isinstance(raw, RowError):
            raise InvalidInput(f"line {number}: header row: {raw.msg}")
        text = _decode(raw.removeprefix(_BOM) if number == 1 else raw)
        if isinstance(text, RowError):
            raise InvalidInput(f"line {number}: header row: {text.msg}")
        if not text.strip():
            continue
        delimiter = detect_delimiter(text)
        cells = _cells(text, delimiter)
        if isinstance(cells, RowError):
            raise InvalidInput(f"line {number}: header row: {cells.msg}")
        columns = [c.strip() for c in cells]
        seen = {c for c in columns if columns.count(c) > 1 and c}
        if seen:
            raise InvalidInput(f"line {number}: header row: column {sorted(seen)[0]} is repeated")
        return columns, delimiter
    raise InvalidInput(
        "the file is empty: a CSV file needs a header row of column names and one row per "
        "observation",
        details=[ErrorDetail((), "no header row", line=1)],
    )


class CsvRecords:
    """The records of a CSV stream, one per data row; line numbers count the header as line 1.

    Iterating gives :class:`~truce.intake.readers.RawRecord` objects whose ``data`` is the
    nested record or a :class:`RowError`. ``stats`` is complete once iteration ends.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self.stats = CsvStats()

    def __iter__(self) -> Iterator[RawRecord]:
        rows = _physical_rows(self._stream)
        columns, delimiter = _header(rows)
        self.stats.delimiter = delimiter
        decimal = delimiter != ","
        any_rows = False
        for number, raw in rows:
            text = raw if isinstance(raw, RowError) else _decode(raw)
            cells = text if isinstance(text, RowError) else _cells(text, delimiter)
            if isinstance(cells, RowError):
                any_rows = True
                yield RawRecord(number, cells)
                continue
            if not any(c.strip() for c in cells):
                continue
            any_rows = True
            problem = _count_problem(cells, len(columns))
            if problem is not None:
                yield RawRecord(number, problem)
                continue
            flat = dict(zip(columns, cells, strict=False))
            if decimal:
                for key in DECIMAL_COLUMNS.intersection(flat):
                    if _DECIMAL_COMMA.match(flat[key].strip()):
                        flat[key] = flat[key].strip().replace(",", ".")
            record = nest(flat)
            if "id" not in record:
                self.stats.without_id += 1
            yield RawRecord(number, record)
        if not any_rows:
            raise InvalidInput(
                "the file has a header row but no observations",
                details=[ErrorDetail((), "no data rows", line=2)],
            )


def _count_problem(cells: list[str], expected: int) -> RowError | None:
    found = len(cells)
    if found < expected:
        return RowError(f"{found} cells where the header has {expected} columns (one is missing)")
    if found > expected and any(c.strip() for c in cells[expected:]):
        return RowError(
            f"{found} cells where the header has {expected} columns (an extra cell, or a "
            "cell holding the delimiter without quotes)"
        )
    return None


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
