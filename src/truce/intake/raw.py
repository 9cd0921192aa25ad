"""A record as read from an input file, before validation."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that could not be read as cells; ``msg`` says why."""

    msg: str


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as read: JSON text (``bytes``), a nested ``dict`` built from CSV, or the
    reason a CSV row could not be read (:class:`RowError`, rejected at validation)."""

    line: int
    data: bytes | dict[str, Any] | RowError

    @property
    def size(self) -> int:
        if isinstance(self.data, RowError):
            return 0
        return len(self.data) if isinstance(self.data, bytes) else len(json.dumps(self.data))
