"""``truce ingest``: observations from JSONL, CSV or monitors' narrative into the mission."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from truce.cli import app
from truce.cli._common import DataOption, open_mission
from truce.cli._render import err, print_table
from truce.domain.intake import IngestReport
from truce.errors import InvalidInput
from truce.services import intake as intake_service
from truce.services.intake import InputFormat
from truce.services.mission import Mission

#: Inputs larger than this are validated in worker processes.
_PARALLEL_BYTES = 8 << 20


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


def _open_input(file: str) -> tuple[IO[bytes], Path | None]:
    if file == "-":
        return sys.stdin.buffer, None
    path = Path(file)
    if not path.is_file():
        raise InvalidInput(f"not a file: {file}" if path.exists() else f"no such file: {file}")
    return path.open("rb"), path


_SUMMARY = ("read", "accepted", "duplicates", "conflicts", "rejected")


def _summary(report: IngestReport) -> None:
    """The ingest summary on standard error (a table on a terminal, else TSV)."""
    row = (
        str(report.read),
        str(len(report.accepted)),
        str(len(report.duplicates)),
        str(len(report.conflicts)),
        str(report.rejected_records),
    )
    print_table(_SUMMARY, [row], title="ingest summary", stderr=True, right=_SUMMARY)


@app.command("ingest")
def ingest_command(
    file: Annotated[
        str | None, typer.Argument(help="JSONL or CSV file, or - for stdin.", show_default=False)
    ] = None,
    data: DataOption = None,
    fmt: Annotated[
        InputFormat | None, typer.Option("--format", help="Input format (default: guessed).")
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Store the valid records, report the rest.")
    ] = False,
    narrative: Annotated[
        Path | None,
        typer.Option(help="A text file of monitors' sentences to parse and store."),
    ] = None,
    report_date: Annotated[
        str | None, typer.Option("--date", help="Report date of --narrative (YYYY-MM-DD).")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Team or source id of --narrative.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    workers: Annotated[
        int | None,
        typer.Option(min=0, help="Processes that validate records (default: by input size)."),
    ] = None,
) -> None:
    """Validate and store observations (wire format v1). Exit 2 when any record is rejected."""
    with open_mission(data) as mission:
        if narrative is not None:
            if file is not None:
                raise InvalidInput("give either FILE or --narrative, not both")
            report = _ingest_narrative(mission, narrative, report_date, source, skip_invalid)
        elif file is None:
            raise InvalidInput("give a FILE (JSONL or CSV, - for stdin) or --narrative FILE")
        else:
            report = _ingest_file(mission, file, fmt, skip_invalid, quiet, workers)
    _finish(report)


def _ingest_file(
    mission: Mission,
    file: str,
    fmt: InputFormat | None,
    skip_invalid: bool,
    quiet: bool,
    workers: int | None,
) -> IngestReport:
    stream, path = _open_input(file)
    if fmt is None:
        head = stream.peek(64) if hasattr(stream, "peek") else b"{"
        fmt = intake_service.guess_input_format(path=path, head=head)
    total = _count_lines(path) if path is not None else None
    if workers is None:
        big = path is not None and path.stat().st_size > _PARALLEL_BYTES
        workers = min(2, os.cpu_count() or 1) if big else 0
    with Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or (total is not None and total < 10_000),
        transient=True,
    ) as bar:
        task = bar.add_task("ingest", total=total)
        report = intake_service.ingest(
            mission=mission,
            stream=stream,
            format=fmt,
            skip_invalid=skip_invalid,
            workers=workers,
            progress=lambda n: bar.update(task, completed=n),
        )
    for warning in report.warnings:  # e.g. an id mixing scripts (issue 11.11)
        err.print(str(warning), markup=False, soft_wrap=True)
    return report


def _ingest_narrative(
    mission: Mission,
    path: Path,
    report_date: str | None,
    source: str | None,
    skip_invalid: bool,
) -> IngestReport:
    if report_date is None or source is None:
        raise InvalidInput("--narrative needs --date YYYY-MM-DD and --source TEAM")
    try:
        day = date.fromisoformat(report_date)
    except ValueError:
        raise InvalidInput(f"--date: not a date (YYYY-MM-DD): {report_date!r}") from None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"--narrative: cannot read {path}: {exc}") from None
    report = intake_service.ingest_narrative(
        mission=mission, text=text, report_date=day, source_id=source, skip_invalid=skip_invalid
    )
    for warning in report.warnings:
        err.print(str(warning), markup=False)
    return report


def _finish(report: IngestReport) -> None:
    _print_report(report)
    if not report.ok:
        raise typer.Exit(2)


def _print_report(report: IngestReport) -> None:
    for detail in report.rejected:
        err.print(str(detail), markup=False)
    earlier = report.earlier_lines
    for line, ident in report.conflicts:
        if line in earlier:
            err.print(
                f"line {line}: id: {ident} conflicts with line {earlier[line]} of this input: "
                f"same id, different content (conflict; line {line} not stored)",
                markup=False,
                soft_wrap=True,
            )
            continue
        err.print(
            f"line {line}: id: {ident} is already stored with different content "
            "(conflict; nothing overwritten)",
            markup=False,
            soft_wrap=True,
        )
    for line, ident in report.duplicates[:20]:
        if line in earlier:
            err.print(
                f"line {line}: id: {ident} repeats line {earlier[line]} of this input (duplicate)",
                markup=False,
                soft_wrap=True,
            )
            continue
        err.print(
            f"line {line}: id: {ident} is already stored (duplicate)", markup=False, soft_wrap=True
        )
    if len(report.duplicates) > 20:
        err.print(f"... and {len(report.duplicates) - 20} more duplicates")
    if report.derived_ids:
        err.print(
            f"note: {report.derived_ids} row(s) without an id: ids derived as UUIDv5 of source "
            "and content (a re-import is a duplicate; README, Ingest rules)",
            markup=False,
        )
    _summary(report)
    if report.rolled_back:
        err.print("nothing was stored: fix the records above or use --skip-invalid")
