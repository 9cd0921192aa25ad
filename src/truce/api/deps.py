"""The mission a request works on (set once on the app at startup)."""

from __future__ import annotations

from typing import Any

from fastapi import Request


def mission_of(request: Request) -> Any:
    """The open mission of the application serving ``request``."""
    return request.app.state.mission
