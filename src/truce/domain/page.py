"""One page of a listing and its cursor (keyset pagination).

A cursor is opaque to callers: the service that made it decodes it. It encodes the sort key of
the last item of the page, so a page never repeats or skips an item when rows are added before
the next request.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from truce.errors import InvalidInput

T = TypeVar("T")

#: Largest page a listing returns.
MAX_PAGE = 10_000
DEFAULT_PAGE = 100


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """``items`` of one page; ``next_cursor`` fetches the next page, ``None`` on the last."""

    items: tuple[T, ...]
    next_cursor: str | None = None


def encode_cursor(key: Sequence[Any]) -> str:
    """The cursor of a sort key (JSON values)."""
    raw = json.dumps(list(key), separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, *, size: int) -> list[Any]:
    """The sort key of ``cursor``; raises :class:`InvalidInput` for a cursor no service made."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        key = None
    if not isinstance(key, list) or len(key) != size:
        raise InvalidInput(f"cursor: not a cursor of this listing: {cursor[:40]!r}")
    return key


def check_limit(limit: int | None) -> int:
    """The page size: ``limit`` or the default, validated."""
    if limit is None:
        return DEFAULT_PAGE
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit: must be between 1 and {MAX_PAGE}, got {limit}")
    return limit


def seq_cursor(cursor: str) -> int:
    """The row number a one-integer cursor holds."""
    (value,) = decode_cursor(cursor, size=1)
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidInput(f"cursor: not a cursor of this listing: {cursor[:40]!r}")
    return value
