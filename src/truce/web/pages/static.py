"""The package's static files (``/static/…``) and the field form's service worker.

Served from ``truce/web/static`` inside the package: nothing comes from a CDN. Vendored
files are immutable per version and cached for a day; the interface's own scripts are
revalidated (ETag) so an update reaches the browser at once.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from truce.errors import NotFound

router = APIRouter()

STATIC = Path(str(resources.files("truce.web").joinpath("static"))).resolve()
_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".json": "application/json",
}


def _file(path: str) -> Path:
    target = (STATIC / path).resolve()
    if STATIC not in target.parents or not target.is_file() or target.suffix not in _TYPES:
        raise NotFound(f"no such static file: {path}")
    return target


@router.get("/static/{path:path}")
def static_file(path: str) -> FileResponse:
    target = _file(path)
    cache = "public, max-age=86400" if path.startswith("vendor/") else "no-cache"
    return FileResponse(target, media_type=_TYPES[target.suffix], headers={"Cache-Control": cache})


@router.get("/field-sw.js")
def field_service_worker() -> FileResponse:
    """At the root so that its scope may be ``/field`` (a worker's scope is below its URL)."""
    return FileResponse(
        _file("field-sw.js"),
        media_type=_TYPES[".js"],
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/field"},
    )
