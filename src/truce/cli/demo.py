"""``truce demo``: a demo mission that shows the whole pipeline."""

from __future__ import annotations

import shlex
import shutil
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from truce.cli import app
from truce.cli._common import DataOption
from truce.cli._render import out as console
from truce.cli._render import print_table


def runnable_command() -> str:
    """How to run ``truce`` from here, as a shell takes it (issue 11.11): ``truce`` when that
    is this installation on PATH, else this environment's script (``.venv/bin/truce`` after
    ``./run demo``, relative to the working directory when inside it), else ``python -m``."""
    script = Path(sys.executable).with_name("truce")
    found = shutil.which("truce")
    if found is not None and script.is_file() and Path(found).resolve() == script.resolve():
        return "truce"
    if not script.is_file():
        return f"{shlex.quote(sys.executable)} -m truce"
    try:
        return shlex.quote(str(script.relative_to(Path.cwd())))
    except ValueError:
        return shlex.quote(str(script))


def _fresh_folder() -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = Path(f"truce-demo-{stamp}")
    n = 1
    while path.exists():
        n += 1
        path = Path(f"truce-demo-{stamp}-{n}")
    return path


@app.command()
def demo(
    data: DataOption = None,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Stop before starting the web server.")
    ] = False,
    scenario: Annotated[str, typer.Option(help="Simulator scenario of the day.")] = "standard",
    seed: Annotated[int, typer.Option(help="Simulator seed (same seed, same day).")] = 2015,
    port: Annotated[int, typer.Option(help="Port of the demo's server.", min=0, max=65535)] = 8000,
) -> None:
    """Create a demo mission (in DIR, or a fresh folder) and run a generated day through it."""
    from truce.services.demo import (
        run_demo,  # the pipeline's imports are heavy; load them only here
    )

    folder = data if data is not None else _fresh_folder()
    console.print(f"[bold]Truce demo[/] in {folder.resolve()}")
    summary = run_demo(data_dir=folder, scenario=scenario, seed=seed, say=console.print)
    rows = [
        (key.replace("_", " "), f"{value:,}" if isinstance(value, int) else value)
        for key, value in summary.figures.items()
    ]
    print_table(("figure", "value"), rows, title="demo mission", show_header=False)
    d, truce = f"--data {folder}", runnable_command()
    console.print(
        "next: "
        f"{truce} observations {d} | {truce} incidents {d} | {truce} violations {d} | "
        f"{truce} verify database {d}",
        soft_wrap=True,
    )
    if not no_serve:
        _serve(folder, port)


def _serve(folder: Path, port: int) -> None:
    """Serve the demo mission, printing its address and an analyst's token first."""
    from truce.cli.serve import serve_mission
    from truce.services import users
    from truce.services.mission import Mission

    with Mission.open(data_dir=folder) as mission:
        if "demo-analyst" not in {u.name for u in users.list_users(mission=mission)}:
            users.add_user(mission=mission, name="demo-analyst", role="analyst", by="truce demo")
        token = users.issue_token(mission=mission, name="demo-analyst", by="truce demo")
    console.print(f"serving the demo at http://127.0.0.1:{port}/ (Ctrl-C stops it)")
    console.print(f"analyst token: {token}", soft_wrap=True)
    sys.stdout.flush()
    serve_mission(folder=folder, host="127.0.0.1", port=port, workers=1)
