"""The application factory: one FastAPI app per server process, on one open mission.

``truce serve`` runs :func:`app_from_env` under uvicorn (a factory, so that each worker
process opens its own mission from ``TRUCE_DATA`` / ``TRUCE_DATABASE_URL``). Everything of
the API is under ``/api/v1``; the C2SP tlog tiles under ``/ledger/``, OGC API Features under
``/ogc``; the dashboard (``truce.web.routes:router``) is included when it is installed.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from truce.api import errors
from truce.api.auth import RecentTokens
from truce.api.limits import BUCKETS_FILE, BodyLimit, RateLimit
from truce.api.routes import ROUTERS
from truce.services.group_commit import GroupCommit
from truce.services.mission import Mission
from truce.settings import number

API_PREFIX = "/api/v1"


def create_app(*, mission: Mission) -> FastAPI:
    """The HTTP application serving ``mission`` (closed when the app shuts down)."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # What is loaded by now lives as long as the process: out of the cyclic collector's
        # sight, so that its passes over the young objects of each request stay short.
        gc.freeze()
        yield
        close = getattr(mission, "close", None)
        if callable(close):
            close()

    app = FastAPI(
        title="Truce",
        summary="Ceasefire monitoring with a verifiable evidence ledger.",
        version="1",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.mission = mission
    app.state.group_commit = GroupCommit(mission)
    app.state.recent_tokens = RecentTokens()
    errors.install(app)
    for prefix, router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX if prefix == "api" else "")
    web = _web_router()
    if web is not None:
        app.include_router(web)
    # Middleware added last runs first: the rate limit answers before the body is read.
    app.add_middleware(BodyLimit, limit=int(number("body_limit")))
    buckets = mission.data_dir / BUCKETS_FILE
    app.add_middleware(RateLimit, rate=number("rate_limit"), buckets=buckets)
    return app


def _web_router() -> APIRouter | None:
    """The dashboard's router, when the ``truce.web`` package is there."""
    if importlib.util.find_spec("truce.web") is None:
        return None
    if importlib.util.find_spec("truce.web.routes") is None:
        return None
    router = importlib.import_module("truce.web.routes").router
    assert isinstance(router, APIRouter)
    return router


def app_from_env() -> FastAPI:
    """The app on the mission named by the settings (``TRUCE_DATA``, ``TRUCE_DATABASE_URL``)."""
    from truce.services.mission import Mission

    return create_app(mission=Mission.open())
