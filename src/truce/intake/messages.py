"""Turning pydantic validation errors into short messages that name the field and the reason.

``position.lat: must be between -90 and 90`` rather than pydantic's wording, with the bounds
read from the model's own constraints so that the message and the rule never drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from functools import lru_cache
from types import UnionType
from typing import Any, Union, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from truce.domain import Observation
from truce.errors import ErrorDetail

_BOUND_ERRORS = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}


def _fmt(x: object) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in get_args(annotation):
        yield from _models_in(arg)


@lru_cache(maxsize=1)
def _bounds() -> dict[str, tuple[Any, Any]]:
    """Dotted field path (list indices dropped) -> (lower, upper) bound, for every field."""
    out: dict[str, tuple[Any, Any]] = {}

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, field in model.model_fields.items():
            key = field.alias or name
            path = f"{prefix}{key}"
            lo = hi = None
            for meta in field.metadata + _item_metadata(field.annotation):
                if isinstance(meta, at.Ge | at.Gt):
                    lo = getattr(meta, "ge", None) if isinstance(meta, at.Ge) else meta.gt
                if isinstance(meta, at.Le | at.Lt):
                    hi = getattr(meta, "le", None) if isinstance(meta, at.Le) else meta.lt
            if lo is not None or hi is not None:
                out[path] = (lo, hi)
            for sub in _models_in(field.annotation):
                walk(sub, f"{path}.")

    walk(Observation, "")
    return out


def _item_metadata(annotation: Any) -> list[Any]:
    # Constraints of list items, e.g. tuple[BearingDegrees, ...], and of Optional[...] members.
    raw: list[Any] = []
    if get_origin(annotation) in (tuple, list, Union, UnionType):
        for arg in get_args(annotation):
            raw.extend(getattr(arg, "__metadata__", ()))
            for inner in get_args(arg):
                raw.extend(getattr(inner, "__metadata__", ()))
    metas: list[Any] = []
    for meta in raw:
        # ``Annotated[float, Field(ge=...)]`` inside a union keeps a FieldInfo: unpack it.
        metas.extend(meta.metadata if isinstance(meta, FieldInfo) else (meta,))
    return metas


def field_path(loc: tuple[int | str, ...]) -> str:
    """A dotted path: ``('direction', 'bearings', 0)`` -> ``direction.bearings[0]``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.startswith(("function-", "tagged-union")):
            continue
        else:
            text += f".{part}" if text else str(part)
    return text


def _enum_values(loc: tuple[int | str, ...]) -> list[str] | None:
    model: type[BaseModel] = Observation
    annotation: Any = None
    for part in loc:
        if isinstance(part, int):
            continue
        fields = {f.alias or n: f for n, f in model.model_fields.items()}
        if part not in fields:
            return None
        annotation = fields[part].annotation
        sub = next(_models_in(annotation), None)
        if sub is not None:
            model = sub
    for candidate in (annotation, *get_args(annotation)):
        for inner in (candidate, *get_args(candidate)):
            if isinstance(inner, type) and issubclass(inner, Enum):
                return [str(m.value) for m in inner]
    return None


def message(err: ErrorDetails) -> str:
    """A short reason for one pydantic error."""
    kind, ctx, loc = err["type"], err.get("ctx") or {}, err["loc"]
    if kind in _BOUND_ERRORS:
        key = field_path(tuple(p for p in loc if not isinstance(p, int)))
        lo, hi = _bounds().get(key, (None, None))
        if lo is not None and hi is not None:
            return f"must be between {_fmt(lo)} and {_fmt(hi)}"
        op = {"greater_than_equal": ">=", "less_than_equal": "<=", "greater_than": ">"}
        limit = next(iter(ctx.values()), "?")
        return f"must be {op.get(kind, '<')} {_fmt(limit)}"
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a field of the observation format (unknown field)"
    if kind == "finite_number":
        return "must be a finite number"
    if kind in (
        "timezone_aware",
        "datetime_from_date_parsing",
        "datetime_parsing",
        "datetime_type",
    ):
        reason = "must include a UTC offset" if kind == "timezone_aware" else "must be a date-time"
        return f"{reason} (ISO 8601 such as 2025-03-12T18:00:00+02:00)"
    if kind == "enum":
        values = _enum_values(tuple(loc))
        got = err.get("input")
        if values:
            return f"{got!r} is not one of: {', '.join(values)}"
    if kind == "string_too_short":
        n = ctx.get("min_length", 1)
        return "must not be empty" if n == 1 else f"must be at least {n} characters"
    if kind == "string_pattern_mismatch":
        return f"must match the pattern {ctx.get('pattern')}"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    if kind == "too_long":
        return f"must have at most {ctx.get('max_length')} items"
    if kind == "uuid_parsing" or kind == "uuid_type":
        return "must be a UUID"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "json_invalid":
        return f"invalid JSON: {ctx.get('error', err['msg'])}"
    return str(err["msg"]).removeprefix("Value error, ")


def details(exc: ValidationError, *, line: int | None = None) -> list[ErrorDetail]:
    """One :class:`ErrorDetail` per pydantic error, with its field path and ``line``."""
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(
            p for p in err["loc"] if isinstance(p, int) or not p.startswith(_INTERNAL_PARTS)
        )
        out.append(ErrorDetail(loc, message(err), line=line))
    return out


_INTERNAL_PARTS = ("function-", "tagged-union")
