"""``truce init``, ``truce ingest`` and ``truce observations``."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import IO, Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from truce.agreement.loader import DOC_FILE, read_yaml, version_folders
from truce.agreement.models import AgreementDoc
from truce.cli import app
from truce.cli._common import DataOption, OutputFormat
from truce.domain import Observation
from truce.errors import ErrorDetail, InvalidInput
from truce.intake import from_narrative
from truce.intake.export import iter_csv, iter_geojson, iter_json_array
from truce.intake.from_narrative import ReportContext, line_of
from truce.intake.narrative import parse
from truce.intake.normalise import GazetteerSpec
from truce.intake.readers import InputFormat, RawRecord, guess_format, read_records
from truce.intake.service import IngestReport, ingest
from truce.settings import setting
from truce.store import ObservationQuery, Store, open_store

console = Console(highlight=False)
err = Console(stderr=True, highlight=False)

_MISSION_GAZETTEERS = ("gazetteer.csv", "gazetteer.geojson")
#: Inputs larger than this are validated in worker processes.
_PARALLEL_BYTES = 8 << 20


def _agreement_doc(store: Store) -> AgreementDoc | None:
    """The latest version's ``agreement.yaml`` of the mission's installed agreement, if any."""
    return _latest_doc(store.data_dir / "agreement")


@cache
def _latest_doc(folder: Path) -> AgreementDoc | None:
    # Read once per command: the gazetteer's country and the report time zone both need it.
    if not (folder / DOC_FILE).is_file():
        return None
    docs = [AgreementDoc.model_validate(read_yaml(f / DOC_FILE)) for f in version_folders(folder)]
    return max(docs, key=lambda d: d.version)


def gazetteer_for(store: Store) -> GazetteerSpec:
    """GeoNames for the agreement's country (else ``TRUCE_COUNTRY``) plus the mission's named
    positions in ``<data>/gazetteer.csv|.geojson`` if present."""
    mission = next(
        (store.data_dir / n for n in _MISSION_GAZETTEERS if (store.data_dir / n).exists()), None
    )
    doc = _agreement_doc(store)
    country = doc.country if doc is not None else setting("country") or "UA"
    installed = store.data_dir / "agreement" if doc is not None else None
    return GazetteerSpec(country=country, mission_file=mission, agreement=installed)


def report_time_zone(store: Store) -> ZoneInfo:
    """The agreement's reporting time zone, else ``TRUCE_TIMEZONE``."""
    doc = _agreement_doc(store)
    name = doc.reporting_period.time_zone if doc else setting("timezone") or "Europe/Kyiv"
    return ZoneInfo(name)


@app.command()
def init(
    data: DataOption = None,
    agreement: Annotated[
        Path | None,
        typer.Option(help="An agreement folder to validate, install and enter in the ledger."),
    ] = None,
    replace: Annotated[
        bool, typer.Option(help="Replace the installed agreement (e.g. with new versions).")
    ] = False,
) -> None:
    """Create the data folder and its database (idempotent); optionally install an agreement."""
    store = open_store(data)
    console.print(f"mission data in {store.data_dir.resolve()} ({store.dialect})")
    if agreement is not None:
        from truce.agreement.install import install
        from truce.services.compliance import register_versions

        folder, history = install(source=agreement, data_dir=store.data_dir, replace=replace)
        new = register_versions(store=store, history=history)
        console.print(f"agreement installed in {folder}; versions entered in the ledger: {new}")


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


def _open_input(file: str) -> tuple[IO[bytes], Path | None]:
    if file == "-":
        return sys.stdin.buffer, None
    path = Path(file)
    if not path.is_file():
        raise InvalidInput(f"no such file: {file}")
    return path.open("rb"), path


def _summary(report: IngestReport) -> Table:
    table = Table(title="ingest summary", show_header=True)
    for col in ("read", "accepted", "duplicates", "conflicts", "rejected"):
        table.add_column(col, justify="right")
    table.add_row(
        str(report.read),
        str(len(report.accepted)),
        str(len(report.duplicates)),
        str(len(report.conflicts)),
        str(len(report.rejected)),
    )
    return table


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
    store = open_store(data)
    gazetteer = gazetteer_for(store)
    if narrative is not None:
        if file is not None:
            raise InvalidInput("give either FILE or --narrative, not both")
        records, problems = _narrative_records(
            narrative, report_date, source, gazetteer, report_time_zone(store)
        )
        report = ingest(
            store=store,
            records=records,
            gazetteer=gazetteer,
            skip_invalid=skip_invalid,
            prior_rejections=problems,
        )
        _finish(report)
        return
    if file is None:
        raise InvalidInput("give a FILE (JSONL or CSV, - for stdin) or --narrative FILE")
    stream, path = _open_input(file)
    if fmt is None:
        fmt = guess_format(path, stream.peek(64) if hasattr(stream, "peek") else b"{")
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
        report = ingest(
            store=store,
            records=read_records(stream, fmt),
            gazetteer=gazetteer,
            skip_invalid=skip_invalid,
            workers=workers,
            progress=lambda n: bar.update(task, completed=n),
        )
    _finish(report)


def _narrative_records(
    path: Path,
    report_date: str | None,
    source: str | None,
    gazetteer: GazetteerSpec,
    tz: ZoneInfo,
) -> tuple[list[RawRecord], list[ErrorDetail]]:
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
    result = parse(text)
    for warning in result.warnings:
        line = line_of(text, warning.span[0])
        err.print(f"line {line}: warning: {warning.reason}: {warning.text!r}", markup=False)
    ctx = ReportContext(report_date=day, source_id=source, tz=tz)
    pairs, problems = from_narrative.records(text, result, ctx, gazetteer())
    return [RawRecord(line, rec) for line, rec in pairs], problems


def _finish(report: IngestReport) -> None:
    _print_report(report)
    if not report.ok:
        raise typer.Exit(2)


def _print_report(report: IngestReport) -> None:
    for detail in report.rejected:
        err.print(f"{detail.loc}: {detail.msg}", markup=False)
    for line, ident in report.conflicts:
        err.print(
            f"line {line}: id: {ident} is already stored with different content "
            "(conflict; nothing overwritten)",
            markup=False,
        )
    for line, ident in report.duplicates[:20]:
        err.print(f"line {line}: id: {ident} is already stored (duplicate)", markup=False)
    if len(report.duplicates) > 20:
        err.print(f"... and {len(report.duplicates) - 20} more duplicates")
    err.print(_summary(report))
    if report.rolled_back:
        err.print("nothing was stored: fix the records above or use --skip-invalid")


def _parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
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


def _parse_time(option: str, text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{option}: not an ISO 8601 date-time: {text!r}") from None
    if value.tzinfo is None:
        raise InvalidInput(f"{option}: must include a UTC offset, e.g. {text}+00:00")
    return value


@app.command()
def observations(
    data: DataOption = None,
    since: Annotated[str | None, typer.Option(help="Overlapping or after (ISO 8601).")] = None,
    until: Annotated[str | None, typer.Option(help="Overlapping or before (ISO 8601).")] = None,
    kind: Annotated[list[str] | None, typer.Option(help="Event kind (repeatable).")] = None,
    source: Annotated[list[str] | None, typer.Option(help="Source id (repeatable).")] = None,
    source_type: Annotated[list[str] | None, typer.Option(help="Source type (repeatable).")] = None,
    bbox: Annotated[str | None, typer.Option(help="WEST,SOUTH,EAST,NORTH in degrees.")] = None,
    limit: Annotated[int | None, typer.Option(min=1)] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
) -> None:
    """List stored observations in the order they were accepted."""
    query = ObservationQuery(
        since=_parse_time("--since", since),
        until=_parse_time("--until", until),
        kinds=tuple(kind or ()),
        source_ids=tuple(source or ()),
        source_types=tuple(source_type or ()),
        bbox=_parse_bbox(bbox),
        limit=limit,
    )
    found = open_store(data).iter_observations(query)
    if fmt is OutputFormat.TABLE:
        console.print(_table(found))
        return
    render = {
        OutputFormat.JSON: iter_json_array,
        OutputFormat.GEOJSON: iter_geojson,
        OutputFormat.CSV: iter_csv,
    }[fmt]
    for chunk in render(found):
        sys.stdout.write(chunk)


def _table(found: Iterable[Observation]) -> Table:
    table = Table(show_header=True)
    for col in ("id", "source", "start", "kind", "count", "where", "direction", "km"):
        table.add_column(col)
    for obs in found:
        ev, d, r = obs.event, obs.direction, obs.distance_km
        kind = ev.kind.value + (f"/{ev.subtype.value}" if ev.subtype else "")
        count = ev.count.qualifier.value if ev.count.value is None else str(ev.count.value)
        where = obs.position.place or f"{obs.position.lon:.4f},{obs.position.lat:.4f}"
        table.add_row(
            str(obs.id)[:8],
            f"{obs.source.type.value}:{obs.source.id}",
            obs.observed.start.isoformat(timespec="minutes"),
            kind,
            count,
            where,
            ",".join(b.value for b in d.bearings) if d else "",
            f"{r.min:g}-{r.max:g}" if r else "",
        )
    return table
