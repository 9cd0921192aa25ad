"""The mission a request works on (set once on the app at startup)."""

from __future__ import annotations

from fastapi import Request

from truce.services.callers import mission_in
from truce.services.group_commit import GroupCommit
from truce.services.mission import Mission


def mission_of(request: Request) -> Mission:
    """The open mission of the application serving ``request``."""
    return mission_in(request.app.state)


def group_commit_of(request: Request) -> GroupCommit:
    """The application's group commit of single submissions."""
    group = request.app.state.group_commit
    assert isinstance(group, GroupCommit)
    return group
