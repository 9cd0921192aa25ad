"""Options and helpers shared by every command group."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TextIO

import typer

from truce.domain.formats import OutputFormat, require_format
from truce.errors import InvalidInput
from truce.services.mission import Mission

__all__ = [
    "BBoxOption",
    "DataOption",
    "FormatOption",
    "OutputFormat",
    "OutputOption",
    "SinceOption",
    "UntilOption",
    "open_mission",
    "output_stream",
    "parse_bbox",
    "write_chunks",
    "write_records",
]

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="TRUCE_DATA",
        help="Data folder of the mission (default ./truce-data).",
        show_default=False,
    ),
]

FormatOption = Annotated[OutputFormat, typer.Option("--format", help="Output format.")]

#: One spelling of the output file everywhere: ``-o/--output``.
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file (default: standard output).", show_default=False
    ),
]

_TIME_HELP = (
    "ISO 8601 date-time with its offset (2021-03-03T18:00+02:00), or a date alone "
    "(2021-03-03: local midnight in the mission's time zone)."
)
SinceOption = Annotated[
    str | None, typer.Option("--since", help=f"Overlapping or after: {_TIME_HELP}")
]
UntilOption = Annotated[
    str | None, typer.Option("--until", help=f"Overlapping or before: {_TIME_HELP}")
]
BBoxOption = Annotated[
    str | None, typer.Option("--bbox", help="WEST,SOUTH,EAST,NORTH in degrees (WGS84).")
]


def open_mission(data: Path | None) -> Mission:
    """The mission in ``--data`` (an error naming ``truce init`` when there is none)."""
    return Mission.open(data_dir=data)


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """``--bbox WEST,SOUTH,EAST,NORTH`` (the filters check the ranges)."""
    if text is None:
        return None
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError:
        raise InvalidInput(
            f"--bbox: expected WEST,SOUTH,EAST,NORTH in degrees, got {text!r}"
        ) from None
    if not (west <= east and south <= north):
        raise InvalidInput("--bbox: WEST must not exceed EAST, nor SOUTH exceed NORTH")
    return west, south, east, north


@contextmanager
def output_stream(path: Path | None) -> Iterator[TextIO]:
    """Standard output, or the file ``-o/--output`` names (UTF-8)."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    try:
        fh = path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise InvalidInput(f"--output: cannot write {path}: {exc.strerror}") from None
    with fh:
        yield fh


def write_records(
    records: Sequence[dict[str, object]], fmt: OutputFormat, path: Path | None, *, what: str
) -> None:
    """``records`` as one JSON array (``json``) or one object per line (``jsonl``)."""
    require_format(fmt, (OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.JSONL), what=what)
    if fmt is OutputFormat.JSON:
        write_chunks([json.dumps(list(records), ensure_ascii=False) + "\n"], path)
    else:
        write_chunks((json.dumps(r, ensure_ascii=False) + "\n" for r in records), path)


def write_chunks(chunks: Iterable[str], path: Path | None) -> None:
    """Write ``chunks`` to standard output or ``path``."""
    with output_stream(path) as stream:
        for chunk in chunks:
            stream.write(chunk)
