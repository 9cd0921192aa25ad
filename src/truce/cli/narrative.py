"""``truce parse``: narrative sentences to observations (issues 6 and 16).

Prints a JSON array of observations in the schema of ``docs/narratives.md``; with
``--lines`` each input line is one passage and the output is an array of arrays, in input
order; with ``--report`` the input is a whole report body and the output is one object per
paragraph (its number, span, heading, observations with their spans and the span of the
sentence that placed their observer, and its warnings). Parser warnings (what could not be
read) go to standard error.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from truce.cli import app
from truce.cli._render import err, print_table
from truce.errors import InvalidInput, NotFound
from truce.services.intake import ParseResult, ReportParse, parse_narrative, parse_report


class ParseFormat(StrEnum):
    JSON = "json"
    TABLE = "table"


def _read(file: str) -> str:
    if file == "-":
        return sys.stdin.read()
    path = Path(file)
    if not path.is_file():
        raise NotFound(f"no such file: {file}", hint="give a text file, or - for standard input")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{file} is not UTF-8 text: {exc}") from exc


def _warn(results: list[ParseResult], *, lines: bool) -> None:
    for n, result in enumerate(results, start=1):
        where = f"line {n}, " if lines else ""
        for w in result.warnings:
            err.print(f"warning: {where}chars {w.span[0]}-{w.span[1]}: {w.reason}: {w.text!r}")


def _report_json(rep: ReportParse) -> list[dict[str, object]]:
    return [
        {
            "paragraph": p.number,
            "span": list(p.span),
            "heading": p.heading,
            "observations": [
                {
                    **o.fields,
                    "span": list(o.span),
                    "observer_span": list(o.observer_span) if o.observer_span else None,
                }
                for o in p.observations
            ],
            "warnings": [{"span": list(w.span), "reason": w.reason} for w in p.warnings],
        }
        for p in rep.paragraphs
    ]


def _report_warn(rep: ReportParse) -> None:
    for p in rep.paragraphs:
        for w in p.warnings:
            err.print(
                f"warning: paragraph {p.number}, chars {w.span[0]}-{w.span[1]}: "
                f"{w.reason}: {w.text!r}"
            )


_COLUMNS = ("source", "place", "kind", "subtype", "weapons", "count", "qualifier", "km",
            "bearings", "flight")  # fmt: skip


def _print_table(results: list[ParseResult], numbers: list[int] | None = None) -> None:
    rows = []
    for n, result in zip(numbers or range(1, len(results) + 1), results, strict=True):
        for o in result.observations:
            f = o.fields
            dist = f["distance_km"]
            flight = f["flight"]
            rows.append((
                str(n),
                f["source_type"] or "",
                (f["place"] or "")
                + (f" ({f['offset']['km']}km {f['offset']['bearing']})" if f["offset"] else ""),
                f["kind"],
                f["subtype"] or "",
                ", ".join(f["weapons"]),
                "" if f["count"] is None else str(f["count"]),
                f["qualifier"],
                "" if dist is None else f"{dist['min']}-{dist['max']}",
                ", ".join(f["bearings"]),
                "" if flight is None else f"{flight['from']}->{flight['to']}",
            ))  # fmt: skip
    print_table(("paragraph" if numbers else "#", *_COLUMNS), rows)


@app.command("parse")
def parse_command(
    file: Annotated[
        str, typer.Argument(help="Text file of narrative sentences, or - for stdin.")
    ] = "-",
    fmt: Annotated[
        ParseFormat, typer.Option("--format", help="json (README schema) or table.")
    ] = ParseFormat.JSON,
    lines: Annotated[
        bool, typer.Option("--lines", help="Each line is one passage; JSON is an array of arrays.")
    ] = False,
    report: Annotated[
        bool,
        typer.Option(
            "--report",
            help="The input is a whole report body: observations grouped by paragraph.",
        ),
    ] = False,
) -> None:
    """Parse monitors' narrative sentences into observations."""
    if report and lines:
        raise InvalidInput("--report and --lines exclude each other", hint="give one of them")
    text = _read(file)
    if report:
        _print_report(parse_report(text=text), fmt)
        return
    passages = text.splitlines() if lines else [text]
    results = [parse_narrative(text=p) for p in passages]
    _warn(results, lines=lines)
    if fmt is ParseFormat.TABLE:
        _print_table(results)
        return
    if lines:
        payload: object = [r.fields() for r in results]
    else:
        payload = results[0].fields()
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")


def _print_report(rep: ReportParse, fmt: ParseFormat) -> None:
    _report_warn(rep)
    if fmt is ParseFormat.TABLE:
        results = [ParseResult(p.observations, p.warnings, 0) for p in rep.paragraphs]
        numbers = [p.number for p in rep.paragraphs]
        _print_table(results, numbers)
        return
    sys.stdout.write(json.dumps(_report_json(rep), ensure_ascii=False) + "\n")
