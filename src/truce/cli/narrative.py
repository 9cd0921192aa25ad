"""``truce parse``: narrative sentences to observations (issue 6).

Prints a JSON array of observations in the schema of ``shared/data/narratives/README.md``;
with ``--lines`` each input line is one passage and the output is an array of arrays, in
input order. Parser warnings (what could not be read) go to standard error.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from truce.cli import app
from truce.errors import InvalidInput, NotFound
from truce.services.intake import ParseResult, parse_narrative

err = Console(stderr=True, highlight=False, soft_wrap=True)


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


def _table(results: list[ParseResult]) -> Table:
    table = Table(
        "#",
        "source",
        "place",
        "kind",
        "subtype",
        "weapons",
        "count",
        "qualifier",
        "km",
        "bearings",
        "flight",
    )
    for n, result in enumerate(results, start=1):
        for o in result.observations:
            f = o.fields
            dist = f["distance_km"]
            flight = f["flight"]
            table.add_row(
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
            )
    return table


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
) -> None:
    """Parse monitors' narrative sentences into observations."""
    text = _read(file)
    passages = text.splitlines() if lines else [text]
    results = [parse_narrative(text=p) for p in passages]
    _warn(results, lines=lines)
    if fmt is ParseFormat.TABLE:
        # piped output keeps whole cells (Rich would otherwise wrap to 80 columns)
        Console(highlight=False, width=None if sys.stdout.isatty() else 200).print(_table(results))
        return
    if lines:
        payload: object = [r.fields() for r in results]
    else:
        payload = results[0].fields()
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
