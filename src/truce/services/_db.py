"""What the API's services need of a mission: one write transaction and a read connection."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from sqlalchemy import Connection


class Database(Protocol):
    def begin(self) -> AbstractContextManager[Connection]: ...

    def connect(self) -> AbstractContextManager[Connection]: ...
