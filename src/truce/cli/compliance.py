"""``truce check``, ``truce violations`` and ``truce decide``: compliance with the agreement."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from truce.cli import app
from truce.cli._common import DataOption, FormatOption, OutputFormat, open_mission
from truce.domain.formats import require_format
from truce.domain.reasons import render_reason
from truce.domain.results import DecidedViolation
from truce.domain.violation import DecisionStatus
from truce.services import agreement as agreement_service
from truce.services import compliance as compliance_service
from truce.services import decisions as decision_service

console = Console(highlight=False)
_FORMATS = (OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.GEOJSON)


@app.command("check")
def check(
    data: DataOption = None,
    agreement: Annotated[
        Path | None,
        typer.Option(
            "--agreement",
            help="Agreement folder (default: the mission's installed <data>/agreement).",
            show_default=False,
        ),
    ] = None,
    incidents: Annotated[
        bool,
        typer.Option(
            "--incidents/--no-incidents",
            help="Check fused incidents of fire instead of their observations.",
        ),
    ] = True,
) -> None:  # fmt: skip
    """Check stored observations and incidents against the agreement; store the violations."""
    with open_mission(data) as mission:
        history = None if agreement is None else agreement_service.load(folder=agreement)
        with _check_progress() as progress:
            rep = compliance_service.check(
                mission=mission, use_incidents=incidents, agreement=history, progress=progress
            )
    if rep.versions_registered:
        console.print(
            f"registered {rep.agreement_id} version(s) "
            f"{', '.join(map(str, rep.versions_registered))} in the ledger"
        )
    outcomes = ", ".join(f"{n} {k}" for k, n in sorted(rep.by_outcome.items())) or "none"
    console.print(
        f"checked {rep.subjects} subject(s) ({rep.incidents} incident(s)) against "
        f"{rep.agreement_id}: {rep.violations} violation(s) ({outcomes}); "
        f"{rep.unchecked} before the agreement"
    )


@contextmanager
def _check_progress() -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr while subjects are checked, only when stderr is a terminal
    (nothing in a pipe or a log)."""
    with Progress(
        TextColumn("check"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True, highlight=False),
        disable=not sys.stderr.isatty(),
        transient=True,
    ) as bar:
        task = bar.add_task("check", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total, refresh=True)


def _decision(item: DecidedViolation) -> object:
    return item.decision.model_dump(mode="json") if item.decision else None


@app.command("violations")
def violations(data: DataOption = None, format: FormatOption = OutputFormat.TABLE) -> None:
    """List the stored violations (with the latest analyst decision, if any)."""
    require_format(format, _FORMATS, what="violations")
    with open_mission(data) as mission:
        items = compliance_service.iter_violations_decided(mission=mission)
    if format is OutputFormat.JSON:
        out = [{**d.violation.model_dump(mode="json"), "decision": _decision(d)} for d in items]
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    elif format is OutputFormat.GEOJSON:
        feats = []
        for d in items:
            f = d.violation.feature()
            f["properties"]["decision"] = _decision(d)
            feats.append(f)
        typer.echo(json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False))
    else:
        console.print(_table(items))


def _table(items: list[DecidedViolation]) -> Table:
    t = Table(
        "start (UTC)", "clause", "outcome", "status", "attribution", "distance m", "zone", "why",
        "id",
    )  # fmt: skip
    for d in items:
        v = d.violation
        t.add_row(
            v.observed.start.astimezone().strftime("%Y-%m-%d %H:%M"), v.clause_id, v.outcome.value,
            d.status, v.attribution,
            "-" if v.facts.distance_m is None else f"{v.facts.distance_m:.0f}",
            v.facts.zone or "-", render_reason(v.facts.reason, v.facts.reason_params),
            str(v.id)[:8],
        )  # fmt: skip
    return t


@app.command("decide")
def decide(
    violation_id: Annotated[
        str, typer.Argument(help="Id of the violation (see truce violations --format json).")
    ],
    status: Annotated[DecisionStatus, typer.Argument(help="confirmed or dismissed.")],
    by: Annotated[str, typer.Option("--by", help="Who decides (analyst name or id).")],
    note: Annotated[str, typer.Option("--note", help="Why.")] = "",
    attribute: Annotated[
        str | None, typer.Option("--attribute", help="Attribute it to this party (party id).")
    ] = None,
    data: DataOption = None,
) -> None:  # fmt: skip
    """Record an analyst's decision on a violation (appended; earlier decisions are kept)."""
    with open_mission(data) as mission:
        decision_service.decide(
            mission=mission,
            violation_id=violation_id,
            status=status,
            principal=by,
            reason=note,
            attribution=attribute,
        )
    console.print(f"{status.value}: {violation_id}")
