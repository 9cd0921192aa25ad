"""``truce report``: daily and spot reports, publishing and verification (issue #13)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from truce.cli import app
from truce.cli._common import (
    DataOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    open_mission,
    output_stream,
    write_records,
)
from truce.cli._render import TIME_ZONE_LABEL, print_table, table_time
from truce.cli._render import err as console
from truce.errors import InvalidInput
from truce.services import reports as reports_service

report_app = typer.Typer(
    help="Daily and spot reports: write, publish, verify.", no_args_is_help=True
)
app.add_typer(report_app, name="report")

LangOption = Annotated[str, typer.Option("--lang", help="Language: en, de, uk or ru.")]
FormatOpt = Annotated[str, typer.Option("--format", help="Format: html, pdf, md or json.")]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        "--out",
        help="File to write (default: standard output).",
        show_default=False,
    ),
]


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{option}: {value!r} is not a date", hint="use YYYY-MM-DD") from None


def _write(data: bytes, out: Path | None) -> None:
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        out.write_bytes(data)
        console.print(f"wrote {out} ({len(data):,} bytes)")


@report_app.command("daily")
def daily(
    data: DataOption = None,
    day: Annotated[
        str | None, typer.Option("--date", help="The period ending on this date.")
    ] = None,
    first: Annotated[
        str | None, typer.Option("--from", help="From the evening of this date.")
    ] = None,
    last: Annotated[str | None, typer.Option("--to", help="To the evening of this date.")] = None,
    lang: LangOption = "en",
    fmt: FormatOpt = "html",
    out: OutOption = None,
) -> None:
    """The daily report of a reporting period (default: the latest holding observations)."""
    if day is not None and (first is not None or last is not None):
        raise InvalidInput("give --date or --from/--to, not both")
    with open_mission(data) as mission:
        report = reports_service.build_daily(
            mission=mission, date=_day(day, "--date"), start=_day(first, "--from"),
            end=_day(last, "--to"),
        )  # fmt: skip
        _write(reports_service.render(report=report, lang=lang, fmt=fmt), out)


@report_app.command("publish")
def publish(
    data: DataOption = None,
    day: Annotated[
        str | None, typer.Option("--date", help="The period ending on this date.")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who publishes (recorded).")] = None,
) -> None:
    """Write the report in every language and format to DATA/reports/ and ledger it."""
    with open_mission(data) as mission:
        pub = reports_service.publish(mission=mission, date=_day(day, "--date"), principal=by)
        folder = reports_service.report_folder(mission, pub.date)
    print(f"published the report of {pub.date} ({len(pub.files)} files) in {folder}")
    print(f"ledger leaf {pub.leaf_index}; verify with: truce report verify "
          f"{folder / f'daily-{pub.date}.en.json'}")  # fmt: skip


@report_app.command("verify")
def verify(
    file: Annotated[Path, typer.Argument(help="A report's JSON (its figures name their leaves).")],
    data: DataOption = None,
) -> None:
    """Recompute a report's figures from the ledger records it names; exit 1 naming the first
    figure that differs."""
    try:
        text = file.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {file}: {exc.strerror}") from None
    with open_mission(data) as mission:
        result = reports_service.verify(mission=mission, figures_json=text)
    cp = result.checkpoint
    print(
        f"verified: every figure of {result.period['start']} .. {result.period['end']} follows "
        f"from {result.leaves:,} ledger records in the tree of size {cp['size']} "
        f"(root {cp['root']})"
    )


@report_app.command("spot")
def spot(
    incident: Annotated[str, typer.Option("--incident", help="Incident id (or its prefix).")],
    data: DataOption = None,
    lang: LangOption = "en",
    fmt: FormatOpt = "html",
    out: OutOption = None,
) -> None:
    """A spot report of one incident: what, where, when, who observed, violations, proof."""
    with open_mission(data) as mission:
        report = reports_service.build_spot(mission=mission, incident_id=incident)
        _write(reports_service.render_spot(report=report, lang=lang, fmt=fmt), out)


@report_app.command("published")
def published(
    data: DataOption = None, format: FormatOption = OutputFormat.TABLE, output: OutputOption = None
) -> None:
    """The published periods, oldest first."""
    with open_mission(data) as mission:
        found = reports_service.list_published(mission=mission)
    if format is not OutputFormat.TABLE:
        records: list[dict[str, object]] = [
            {"date": p.date, "period": {"start": p.period_start.isoformat(),
             "end": p.period_end.isoformat()}, "published_at": p.published_at.isoformat(),
             "leaf_index": p.leaf_index, "files": p.files}
            for p in found
        ]  # fmt: skip
        write_records(records, format, output, what="published reports")
        return
    rows = [(p.date, table_time(p.published_at), str(p.leaf_index), str(len(p.files)))
            for p in found]  # fmt: skip
    with output_stream(output) as stream:
        print_table(("date", f"published ({TIME_ZONE_LABEL})", "leaf", "files"), rows,
                    stream=stream)  # fmt: skip
