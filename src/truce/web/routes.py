"""The dashboard's router (``truce.web.routes:router``), included by :mod:`truce.api.app`.

Server-rendered pages; each route parses the request, calls :mod:`truce.services` and
renders a template. Pages are left out of the OpenAPI document (the API describes itself).
"""

from __future__ import annotations

from fastapi import APIRouter

from truce.web.pages import auth, field, incident, map, party, reports, review, static

router = APIRouter(include_in_schema=False)
for _module in (static, auth, map, incident, review, party, reports, field):
    router.include_router(_module.router)
