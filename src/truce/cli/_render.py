"""How every command prints: tables, messages and times (issue 11, items 5 and 7).

* A table goes to a terminal as a Rich table over the terminal's full width; to a pipe or a
  file it is plain TSV (a header row, one row per line, cells separated by tabs, nothing cut,
  no box characters), so ``truce incidents | cut -f2`` and spreadsheets read it whole.
* Messages are never hard-wrapped (``soft_wrap``): a hint or error stays on one line however
  narrow the terminal or pipe.
* Times in tables are UTC, and the column header says so (``start (UTC)``), for observations,
  incidents and violations alike.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TextIO

from rich.console import Console
from rich.table import Table

__all__ = ["TIME_ZONE_LABEL", "err", "out", "print_table", "table_time"]

#: How table headers name the zone of their times.
TIME_ZONE_LABEL = "UTC"

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def table_time(value: datetime) -> str:
    """A time as tables print it: UTC, to the minute (``2021-03-03 16:30``)."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def _tsv_cell(value: str) -> str:
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def print_table(
    columns: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    title: str | None = None,
    show_header: bool = True,
    stderr: bool = False,
    right: Sequence[str] = (),
    stream: TextIO | None = None,
) -> None:
    """Print a table: Rich on a terminal, TSV otherwise (see the module docstring).

    To standard output, standard error (``stderr``) or ``stream`` (a file: TSV). ``right``
    names the columns aligned right on a terminal; ``title`` is shown on a terminal only (a
    TSV holds the header and the rows, nothing else).
    """
    if stream is None:
        stream = sys.stderr if stderr else sys.stdout
    if not stream.isatty():
        if show_header:
            stream.write("\t".join(_tsv_cell(c) for c in columns) + "\n")
        for row in rows:
            stream.write("\t".join(_tsv_cell(str(c)) for c in row) + "\n")
        stream.flush()
        return
    table = Table(title=title, show_header=show_header)
    for c in columns:
        table.add_column(c, justify="right" if c in right else "left")
    for row in rows:
        table.add_row(*(str(c) for c in row))
    Console(file=stream, highlight=False).print(table)
