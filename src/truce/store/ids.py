"""Stored record ids by prefix (``truce decide 3f2a9c1b``): as git takes a short commit id."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import Connection, select

from truce.store.compliance_tables import violations
from truce.store.fusion_tables import incidents
from truce.store.tables import observations

IdTable = Literal["observation", "incident", "violation"]

_COLUMNS = {
    "observation": observations.c.id,
    "incident": incidents.c.id,
    "violation": violations.c.id,
}


def ids_with_prefix(conn: Connection, table: IdTable, prefix: str, *, limit: int) -> list[str]:
    """Up to ``limit`` stored ids of ``table`` that start with ``prefix``, sorted.

    ``prefix`` holds only hex digits and hyphens (the caller checks), so it has no ``LIKE``
    wildcard in it; ids are stored in lower case (``str(UUID)``).
    """
    column = _COLUMNS[table]
    q = select(column).where(column.like(f"{prefix}%")).order_by(column).limit(limit)
    return [str(r[0]) for r in conn.execute(q)]
