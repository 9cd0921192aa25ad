"""``truce agreement validate|locate``: agreement folders and points against them."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from truce.cli import app
from truce.cli._common import DataOption, FormatOption, OutputFormat
from truce.cli._render import out as console
from truce.cli._render import print_table
from truce.domain.formats import require_format
from truce.errors import ErrorDetail, InvalidInput
from truce.services import agreement as agreement_service

agreement_app = typer.Typer(
    help="The ceasefire agreement: validate a folder, locate points.", no_args_is_help=True
)
app.add_typer(agreement_app, name="agreement")
_LOCATE_FORMATS = (OutputFormat.JSON, OutputFormat.TABLE, OutputFormat.CSV)

AgreementOption = Annotated[
    Path | None,
    typer.Option(
        "--agreement",
        help="Agreement folder (default: the mission's installed <data>/agreement, else the demo).",
        show_default=False,
    ),
]


@agreement_app.command("validate")
def validate(
    folder: Annotated[Path, typer.Argument(help="Agreement folder (with agreement.yaml).")],
) -> None:
    """Report every problem of an agreement folder, with its file and path."""
    problems = agreement_service.validate(folder=folder)
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        if p.severity == "warning":
            console.print(str(p))
    if errors:
        raise InvalidInput(
            f"{len(errors)} problem(s) in {folder}",
            details=[ErrorDetail(loc=(p.location,), msg=p.message) for p in errors],
        )
    console.print(f"ok: {folder} ({len(problems)} warning(s))")


#: The points read: longitudes, latitudes and each input record (every column or field).
Points = tuple[list[float], list[float], list[dict[str, Any]]]


def _read_points(text: str, name: str) -> Points:
    stripped = text.lstrip()
    if name.endswith((".jsonl", ".json", ".ndjson")) or stripped.startswith("{"):
        return _read_jsonl(text)
    return _read_csv(text)


def _read_jsonl(text: str) -> Points:
    lon: list[float] = []
    lat: list[float] = []
    rows: list[dict[str, Any]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            where = obj.get("position", obj) if isinstance(obj, dict) else {}
            lon.append(float(where["lon"]))
            lat.append(float(where["lat"]))
            rows.append(obj)
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidInput(f"line {n}: need an object with lon and lat ({exc})") from exc
    return lon, lat, rows


def _read_csv(text: str) -> Points:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"lon", "lat"} <= set(reader.fieldnames):
        raise InvalidInput("CSV needs a header with lon and lat columns")
    lon: list[float] = []
    lat: list[float] = []
    rows: list[dict[str, Any]] = []
    for n, row in enumerate(reader, 2):
        try:
            lon.append(float(row["lon"]))
            lat.append(float(row["lat"]))
        except (TypeError, ValueError) as exc:
            raise InvalidInput(f"line {n}: lon and lat must be numbers") from exc
        rows.append({k: v for k, v in row.items() if k is not None})
    return lon, lat, rows


@agreement_app.command("locate")
def locate(
    file: Annotated[
        Path, typer.Argument(help="Points: CSV with lon,lat columns, or JSONL; '-' for stdin.")
    ],
    format: FormatOption = OutputFormat.JSON,
    agreement: AgreementOption = None,
    at: Annotated[
        datetime | None,
        typer.Option("--at", help="Use the version in force at this time (default: the latest)."),
    ] = None,
    data: DataOption = None,
) -> None:  # fmt: skip
    """Distance to the contact line (metres, geodesic), side, region and zones of each point."""
    require_format(format, _LOCATE_FORMATS, what="located points")
    text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    lon, lat, inputs = _read_points(text, file.name)
    history = agreement_service.load(folder=agreement, data_dir=data)
    when = None if at is None else (at if at.tzinfo else at.astimezone())
    records = agreement_service.locate(agreement=history, lon=lon, lat=lat, at=when)
    if format is OutputFormat.JSON:  # each input record, its coordinates as numbers, the facts
        out_records = [
            {**row, "lon": x, "lat": y, **r}
            for row, x, y, r in zip(inputs, lon, lat, records, strict=True)
        ]
        typer.echo(json.dumps(out_records, ensure_ascii=False))
    elif format is OutputFormat.CSV:
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["lon", "lat", "distance_m", "side", "region", "zones"])
        for x, y, r in zip(lon, lat, records, strict=True):
            w.writerow(
                [x, y, r["distance_m"], r["side"] or "", r["region"] or "", ";".join(r["zones"])]
            )
        typer.echo(out.getvalue(), nl=False)
    else:
        rows = [
            (
                str(i),
                f"{x:.5f}",
                f"{y:.5f}",
                f"{r['distance_m']:.1f}",
                r["side"] or "-",
                r["region"] or "-",
                ", ".join(r["zones"]),
            )
            for i, (x, y, r) in enumerate(zip(lon, lat, records, strict=True), 1)
        ]
        print_table(("#", "lon", "lat", "distance m", "side", "region", "zones"), rows)
