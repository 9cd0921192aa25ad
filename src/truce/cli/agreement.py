"""``truce agreement validate|locate``, ``truce check``, ``truce violations``, ``truce decide``."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from truce.cli import app
from truce.cli._common import DataOption
from truce.errors import ErrorDetail, InvalidInput

console = Console(highlight=False)
agreement_app = typer.Typer(
    help="The ceasefire agreement: validate a folder, locate points.", no_args_is_help=True
)
app.add_typer(agreement_app, name="agreement")

AgreementOption = Annotated[
    Path | None,
    typer.Option(
        "--agreement",
        help="Agreement folder (default: the mission's installed <data>/agreement, else the demo).",
        show_default=False,
    ),
]


class LocateFormat(StrEnum):
    JSON = "json"
    TABLE = "table"
    CSV = "csv"


class ViolationFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    GEOJSON = "geojson"


class DecisionStatus(StrEnum):
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


def _history(folder: Path | None, data: Path | None) -> Any:
    from truce.agreement import load_agreement
    from truce.agreement.loader import load_default
    from truce.settings import data_dir

    # A folder given by hand is validated; the installed one was validated when installed.
    return load_agreement(folder) if folder else load_default(data_dir(data))


@agreement_app.command("validate")
def validate(
    folder: Annotated[Path, typer.Argument(help="Agreement folder (with agreement.yaml).")],
) -> None:
    """Report every problem of an agreement folder, with its file and path."""
    from truce.agreement import validate_folder

    problems = validate_folder(folder)
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        if p.severity == "warning":
            console.print(str(p))
    if errors:
        raise InvalidInput(
            f"{len(errors)} problem(s) in {folder}",
            details=[ErrorDetail(loc=p.location, msg=p.message) for p in errors],
        )
    console.print(f"ok: {folder} ({len(problems)} warning(s))")


def _read_points(text: str, name: str) -> tuple[list[float], list[float]]:
    stripped = text.lstrip()
    if name.endswith((".jsonl", ".json", ".ndjson")) or stripped.startswith("{"):
        return _read_jsonl(text)
    return _read_csv(text)


def _read_jsonl(text: str) -> tuple[list[float], list[float]]:
    lon: list[float] = []
    lat: list[float] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            where = obj.get("position", obj) if isinstance(obj, dict) else {}
            lon.append(float(where["lon"]))
            lat.append(float(where["lat"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidInput(f"line {n}: need an object with lon and lat ({exc})") from exc
    return lon, lat


def _read_csv(text: str) -> tuple[list[float], list[float]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"lon", "lat"} <= set(reader.fieldnames):
        raise InvalidInput("CSV needs a header with lon and lat columns")
    lon: list[float] = []
    lat: list[float] = []
    for n, row in enumerate(reader, 2):
        try:
            lon.append(float(row["lon"]))
            lat.append(float(row["lat"]))
        except (TypeError, ValueError) as exc:
            raise InvalidInput(f"line {n}: lon and lat must be numbers") from exc
    return lon, lat


@agreement_app.command("locate")
def locate(
    file: Annotated[
        Path, typer.Argument(help="Points: CSV with lon,lat columns, or JSONL; '-' for stdin.")
    ],
    format: Annotated[
        LocateFormat, typer.Option("--format", help="Output format.")
    ] = LocateFormat.JSON,
    agreement: AgreementOption = None,
    at: Annotated[
        datetime | None,
        typer.Option("--at", help="Use the version in force at this time (default: the latest)."),
    ] = None,
    data: DataOption = None,
) -> None:  # fmt: skip
    """Distance to the contact line (metres, geodesic), side, region and zones of each point."""
    from truce.agreement import SpatialIndex

    text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    lon, lat = _read_points(text, file.name)
    history = _history(agreement, data)
    version = (
        history.latest if at is None else history.in_force(at if at.tzinfo else at.astimezone())
    )
    records = SpatialIndex(version).locate(lon, lat).records() if lon else []
    if format is LocateFormat.JSON:
        typer.echo(json.dumps(records, ensure_ascii=False))
    elif format is LocateFormat.CSV:
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["lon", "lat", "distance_m", "side", "region", "zones"])
        for x, y, r in zip(lon, lat, records, strict=True):
            w.writerow(
                [x, y, r["distance_m"], r["side"] or "", r["region"] or "", ";".join(r["zones"])]
            )
        typer.echo(out.getvalue(), nl=False)
    else:
        t = Table("#", "lon", "lat", "distance m", "side", "region", "zones")
        for i, (x, y, r) in enumerate(zip(lon, lat, records, strict=True), 1):
            t.add_row(
                str(i),
                f"{x:.5f}",
                f"{y:.5f}",
                f"{r['distance_m']:.1f}",
                r["side"] or "-",
                r["region"] or "-",
                ", ".join(r["zones"]),
            )
        console.print(t)


@app.command("check")
def check(
    data: DataOption = None,
    agreement: AgreementOption = None,
    incidents: Annotated[
        bool,
        typer.Option(
            "--incidents/--no-incidents",
            help="Check fused incidents of fire instead of their observations.",
        ),
    ] = True,
) -> None:  # fmt: skip
    """Check stored observations and incidents against the agreement; store the violations."""
    from truce.services.compliance import check_store
    from truce.store import open_store

    history = _history(agreement, data)
    rep = check_store(store=open_store(data), history=history, use_incidents=incidents)
    if rep.versions_registered:
        console.print(
            f"registered {history.id} version(s) "
            f"{', '.join(map(str, rep.versions_registered))} in the ledger"
        )
    outcomes = ", ".join(f"{n} {k}" for k, n in sorted(rep.by_outcome.items())) or "none"
    console.print(
        f"checked {rep.subjects} subject(s) ({rep.incidents} incident(s)) against {history.id}: "
        f"{rep.violations} violation(s) ({outcomes}); {rep.unchecked} before the agreement"
    )


@app.command("violations")
def violations(
    data: DataOption = None,
    format: Annotated[
        ViolationFormat, typer.Option("--format", help="Output format.")
    ] = ViolationFormat.TABLE,
) -> None:  # fmt: skip
    """List the stored violations (with the latest analyst decision, if any)."""
    from truce.services.compliance import stored_violations
    from truce.store import open_store

    items = stored_violations(store=open_store(data))
    if format is ViolationFormat.JSON:
        out = [
            {**v.model_dump(mode="json"), "decision": d.model_dump(mode="json") if d else None}
            for v, d in items
        ]
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    elif format is ViolationFormat.GEOJSON:
        feats = []
        for v, d in items:
            f = v.feature()
            f["properties"]["decision"] = d.model_dump(mode="json") if d else None
            feats.append(f)
        typer.echo(json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False))
    else:
        t = Table(
            "start (UTC)", "clause", "outcome", "status", "attribution", "distance m", "zone", "id"
        )
        for v, d in items:
            t.add_row(
                v.observed.start.astimezone().strftime("%Y-%m-%d %H:%M"), v.clause_id, v.outcome,
                d.status if d else v.status, v.attribution,
                "-" if v.facts.distance_m is None else f"{v.facts.distance_m:.0f}",
                v.facts.zone or "-", str(v.id)[:8],
            )  # fmt: skip
        console.print(t)


@app.command("decide")
def decide(
    violation_id: Annotated[
        str, typer.Argument(help="Id of the violation (see truce violations --format json).")
    ],
    status: Annotated[DecisionStatus, typer.Argument(help="confirmed or dismissed.")],
    by: Annotated[str, typer.Option("--by", help="Who decides (analyst name or id).")],
    note: Annotated[str, typer.Option("--note", help="Why.")] = "",
    data: DataOption = None,
) -> None:  # fmt: skip
    """Record an analyst's decision on a violation (appended; earlier decisions are kept)."""
    from uuid import UUID

    from pydantic import ValidationError

    from truce.compliance.model import Decision, now_utc
    from truce.services.compliance import decide as decide_service
    from truce.store import open_store

    try:
        decision = Decision(
            violation_id=UUID(violation_id),
            status=status.value,
            decided_by=by,
            decided_at=now_utc(),
            note=note,
        )
    except (ValueError, ValidationError) as exc:
        raise InvalidInput(f"bad decision: {exc}") from exc
    decide_service(store=open_store(data), decision=decision)
    console.print(f"{status.value}: {violation_id}")
