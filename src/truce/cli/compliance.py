"""``truce check``, ``truce violations`` and ``truce decide``: compliance with the agreement."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from truce.cli import app
from truce.cli._common import (
    BBoxOption,
    DataOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    SinceOption,
    UntilOption,
    open_mission,
    output_stream,
    parse_bbox,
    write_chunks,
)
from truce.cli._render import TIME_ZONE_LABEL, print_table, table_time
from truce.cli._render import out as console
from truce.domain.filters import ViolationFilter
from truce.domain.reasons import render_reason
from truce.domain.results import DecidedViolation
from truce.domain.violation import DecisionStatus
from truce.errors import InvalidInput
from truce.services import agreement as agreement_service
from truce.services import compliance as compliance_service
from truce.services import decisions as decision_service
from truce.services.compliance import CLAUSE_TYPES
from truce.services.exports import export_violations
from truce.services.times import parse_moment


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


_STATUSES = ("detected", *(s.value for s in DecisionStatus))


@app.command("violations")
def violations(
    data: DataOption = None,
    format: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(help=f"Clause type ({', '.join(CLAUSE_TYPES)}); repeatable."),
    ] = None,
    clause: Annotated[list[str] | None, typer.Option(help="Clause id (repeatable).")] = None,
    region: Annotated[
        list[str] | None,
        typer.Option(help="Agreement region id, or other (outside every region); repeatable."),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(help=f"Latest decision status ({', '.join(_STATUSES)}); repeatable."),
    ] = None,
    bbox: BBoxOption = None,
) -> None:
    """List the stored violations (with the latest analyst decision, if any), filtered."""
    for name, given, valid in (("--kind", kind, CLAUSE_TYPES), ("--status", status, _STATUSES)):
        for value in given or ():
            if value not in valid:
                raise InvalidInput(f"{name}: {value!r} is not one of: {', '.join(valid)}")
    with open_mission(data) as mission:
        selection = ViolationFilter(
            since=parse_moment(mission=mission, text=since, name="--since"),
            until=parse_moment(mission=mission, text=until, name="--until"),
            clause_ids=tuple(clause or ()),
            clause_types=tuple(kind or ()),
            statuses=tuple(status or ()),
            bbox=parse_bbox(bbox),
            regions=tuple(region or ()),
        )
        items = compliance_service.iter_violations_decided(mission=mission, filter=selection)
    if format is OutputFormat.TABLE:
        with output_stream(output) as stream:
            print_table(_COLUMNS, _rows(items), stream=stream)
        return
    write_chunks(export_violations(violations=items, format=format), output)


_COLUMNS = ("id", f"start ({TIME_ZONE_LABEL})", "clause", "outcome", "status", "attribution",
            "distance m", "zone", "why")  # fmt: skip


def _rows(items: list[DecidedViolation]) -> Iterator[tuple[str, ...]]:
    for d in items:
        v = d.violation
        yield (
            str(v.id)[:8], table_time(v.observed.start), v.clause_id, v.outcome.value,
            d.status, v.attribution,
            "-" if v.facts.distance_m is None else f"{v.facts.distance_m:.0f}",
            v.facts.zone or "-", render_reason(v.facts.reason, v.facts.reason_params),
        )  # fmt: skip


@app.command("decide")
def decide(
    violation_id: Annotated[
        str,
        typer.Argument(help="Id of the violation, or any unique prefix of it (truce violations)."),
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
        receipt = decision_service.decide(
            mission=mission,
            violation_id=violation_id,
            status=status,
            principal=by,
            reason=note,
            attribution=attribute,
        )
    console.print(
        f"{status.value}: violation {receipt.decision.violation_id} "
        f"(ledger leaf {receipt.leaf_index})"
    )
