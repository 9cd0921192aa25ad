"""One router per resource; :data:`ROUTERS` lists them with where they are mounted.

``"api"`` routers are mounted under ``/api/v1``; ``"root"`` routers (tlog tiles, OGC API)
at the server's root.
"""

from __future__ import annotations

from fastapi import APIRouter

from truce.api.routes import (
    agreement,
    incidents,
    ledger,
    me,
    observations,
    ogc,
    tiles,
    violations,
)

ROUTERS: tuple[tuple[str, APIRouter], ...] = (
    ("api", me.router),
    ("api", observations.router),
    ("api", incidents.router),
    ("api", violations.router),
    ("api", agreement.router),
    ("api", ledger.router),
    ("root", tiles.router),
    ("root", ogc.router),
)
