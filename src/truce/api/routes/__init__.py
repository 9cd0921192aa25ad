"""One router per resource; :data:`ROUTERS` lists them with where they are mounted.

``"api"`` routers are mounted under ``/api/v1``; ``"root"`` routers (tlog tiles, OGC API)
at the server's root.
"""

from __future__ import annotations

from fastapi import APIRouter

from truce.api.routes import me, tiles

ROUTERS: tuple[tuple[str, APIRouter], ...] = (("api", me.router), ("root", tiles.router))
