"""Option values in ``--help`` as Click writes them: ``TEXT``, ``INTEGER``, ``PATH``,
``[table|json]``, nothing for a flag (issue 11.11).

Typer 0.29 renders the value of every parameter from its Python annotation instead
(``typer.core.TyperOption.display_type``: ``<str>``, ``<list[str]>``, ``<int range>``, and
``<bool>`` beside flags such as ``--help`` that take no value). :func:`install` replaces that
one method on Typer's parameter classes; nothing else of Typer changes.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin
from uuid import UUID

from typer.core import TyperArgument, TyperOption

#: Click's names of the value types (``click.types``: ``STRING.name`` is ``text`` ...).
_NAMES: dict[Any, str] = {
    str: "TEXT",
    int: "INTEGER",
    float: "FLOAT",
    bool: "BOOLEAN",
    Path: "PATH",
    datetime: "DATETIME",
    date: "DATE",
    UUID: "UUID",
}


def _element(annotation: Any) -> Any:
    """``list[X]`` and ``X | None`` -> ``X``."""
    while get_origin(annotation) is not None and get_args(annotation):
        args = [a for a in get_args(annotation) if a is not type(None)]
        annotation = args[0]
    return annotation


def value_name(param: Any) -> str:
    """The Click-style name of ``param``'s value: ``TEXT``, ``INTEGER RANGE``, ``[a|b]``..."""
    desc = param.type_descriptor
    if desc.is_choice:
        values = [c.value if isinstance(c, Enum) else c for c in desc.choices or ()]
        return "[" + "|".join(str(v) for v in values) + "]"
    if desc.is_file:
        return "FILENAME"
    if desc.is_path:
        return "PATH"
    name = _NAMES.get(_element(desc.annotation), "TEXT")
    return f"{name} RANGE" if desc.is_ranged else name


def _display_type(self: Any, ctx: Any) -> str:
    return value_name(self)


def _option_display_type_rich(self: Any, ctx: Any) -> str | None:
    if self.metavar is not None:
        return str(self.metavar)
    if self.is_flag or self.count:
        return None  # a flag takes no value
    name = value_name(self)
    return f"{name}..." if self.nargs != 1 else name


def install() -> None:
    """Render parameter values the Click way in every ``--help`` of this process."""
    setattr(TyperArgument, "display_type", _display_type)  # noqa: B010
    setattr(TyperOption, "display_type", _display_type)  # noqa: B010
    setattr(TyperOption, "display_type_rich", _option_display_type_rich)  # noqa: B010
