"""Record ids as people type them: a full UUID or any unique prefix of one (as git does).

Tables print the first 8 characters of an id; every command that takes an id accepts those,
and any other prefix of at least :data:`MIN_PREFIX` characters that only one stored record
starts with. An ambiguous prefix is an error listing the candidates.
"""

from __future__ import annotations

import re
from uuid import UUID

from truce.errors import ErrorDetail, InvalidInput, NotFound
from truce.services.mission import Mission
from truce.store.ids import IdTable, ids_with_prefix

__all__ = ["MIN_PREFIX", "resolve_id"]

#: The shortest prefix accepted (git's minimum, too).
MIN_PREFIX = 4
_SHOWN = 10
_PREFIX = re.compile(r"^[0-9a-f-]+$")


def resolve_id(*, mission: Mission, table: IdTable, text: str | UUID, name: str) -> str:
    """The stored id of ``table`` that ``text`` names (a full id, or a unique prefix).

    A full UUID is returned as is (whether it is stored is the caller's check); a prefix
    must match exactly one stored id: none is :class:`~truce.errors.NotFound`, several an
    :class:`~truce.errors.InvalidInput` naming them. ``name`` is the field in messages.
    """
    if isinstance(text, UUID):
        return str(text)
    key = text.strip().lower()
    try:
        return str(UUID(key))
    except ValueError:
        pass
    if len(key) < MIN_PREFIX:
        raise InvalidInput(
            f"{name}: {text!r} is neither a UUID nor {MIN_PREFIX} or more of its characters",
            details=[ErrorDetail((name,), f"a UUID or at least {MIN_PREFIX} of its characters")],
        )
    found = []
    if _PREFIX.match(key) and len(key) <= 36:  # else no id can start with it
        with mission.store.connect() as conn:
            found = ids_with_prefix(conn, table, key, limit=_SHOWN + 1)
    if not found:
        raise NotFound(f"no {table} id starts with {text.strip()!r}", hint=f"run: truce {table}s")
    if len(found) > 1:
        more = ", …" if len(found) > _SHOWN else ""
        raise InvalidInput(
            f"{name}: {key} is ambiguous: it starts the ids {', '.join(found[:_SHOWN])}{more}",
            hint="give more characters of the id",
        )
    return found[0]
