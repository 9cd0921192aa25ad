"""``truce init``, ``truce ingest --narrative`` and ``truce observations`` in a fresh folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def ingest_narrative(
    tmp_path: Path, path: Path, *, date: str, source: str
) -> subprocess.CompletedProcess[str]:
    """Ingest the narrative file ``path`` into a new mission under ``tmp_path``; the completed
    ``truce observations --format json`` (the caller checks its output)."""
    data = ["--data", str(tmp_path / "d")]
    args = ["--narrative", str(path), "--date", date, "--source", source]
    subprocess.run([sys.executable, "-m", "truce", "init", *data], check=True, capture_output=True)
    done = subprocess.run(
        [sys.executable, "-m", "truce", "ingest", *args, *data], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return subprocess.run(
        [sys.executable, "-m", "truce", "observations", "--format", "json", *data],
        capture_output=True,
        text=True,
    )
