"""What validation finds: one :class:`Problem` per defect, with its file and JSON path."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in an agreement folder: ``file`` (relative), JSON ``path``, message."""

    file: str
    path: str
    message: str
    severity: Severity = "error"

    @property
    def location(self) -> str:
        return f"{self.file}: {self.path}" if self.path else self.file

    def __str__(self) -> str:
        return f"{self.severity}: {self.location}: {self.message}"


def json_path(parts: Iterable[Any]) -> str:
    """``$.clauses[2].parameters.zones[0]`` style path."""
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


def warning(file: str, path: str, message: str) -> Problem:
    return Problem(file, path, message, "warning")
