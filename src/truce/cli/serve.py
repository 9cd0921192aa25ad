"""``truce serve``: the HTTP API (and the dashboard) on uvicorn."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from truce.cli import app
from truce.cli._common import DataOption
from truce.settings import data_dir as resolve_data_dir


def run_server(*, host: str, port: int, workers: int) -> None:
    """Serve the mission named by the environment (``TRUCE_DATA``, ``TRUCE_DATABASE_URL``)."""
    import uvicorn

    uvicorn.run(
        "truce.api.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        log_level="warning",
        access_log=False,
        server_header=False,
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.", min=0, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option("--workers", help="Server processes (PostgreSQL: share one database).")
    ] = 1,
    data: DataOption = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /openapi.json, docs at /docs) and the dashboard."""
    folder = resolve_data_dir(data).resolve()
    typer.echo(f"Truce serving {folder} at http://{host}:{port}/ (docs: /docs)", err=True)
    serve_mission(folder=folder, host=host, port=port, workers=max(1, workers))


def serve_mission(*, folder: Path, host: str, port: int, workers: int) -> None:
    """Serve the mission in ``folder`` (migrated once here, before the workers start)."""
    from truce.services.mission import Mission

    Mission.open(data_dir=folder).close()
    os.environ["TRUCE_DATA"] = str(folder.resolve())
    run_server(host=host, port=port, workers=workers)
