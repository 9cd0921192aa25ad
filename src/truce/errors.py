"""One error hierarchy for Truce.

Every error a user can cause is a :class:`TruceError`: it carries a stable ``code``, an HTTP
status, a user-safe message, an optional hint and a list of details (``loc``, ``msg``,
``line``). The CLI
catches it once, prints the message and exits non-zero; the API renders it as the JSON envelope
``{"error": {"code", "message", "details": [{"loc", "msg", "line"}]}}``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

#: What pydantic puts before the message of a validator's ``ValueError`` / ``assert``.
_PYDANTIC_PREFIX = re.compile(r"\b(?:Value error|Assertion failed), ")


def plain(message: str) -> str:
    """``message`` without pydantic's prefixes (``Value error, ...``): a reader sees the
    reason, not the library that found it (issue 11.11)."""
    return _PYDANTIC_PREFIX.sub("", message)


#: Where a problem is: a path of field names and list indices, e.g. ``("position", "lat")``.
Loc = tuple[str | int, ...]


def path_text(loc: Loc) -> str:
    """A dotted path: ``("direction", "bearings", 0)`` -> ``direction.bearings[0]``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True, slots=True)
class ErrorDetail:
    """One problem inside an error: where and why.

    ``loc`` is the path of the field (``("position", "lat")``; empty for the whole record or
    file), ``line`` the input line when the problem is in a line of an input file. Edges
    render it: the CLI as ``line 17: position.lat: must be between -90 and 90``, the API as
    JSON ``{"loc": ["position", "lat"], "line": 17, "msg": …}``. A location that is not a
    field path (a file and its JSON path, say) is one element.
    """

    loc: Loc
    msg: str
    line: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "msg", plain(self.msg))

    @property
    def path(self) -> str:
        """``loc`` as a dotted path (``position.lat``, ``direction.bearings[0]``)."""
        return path_text(self.loc)

    @property
    def where(self) -> str:
        """``line 17: position.lat``, ``line 17``, ``position.lat`` or ``""``."""
        parts = [f"line {self.line}"] if self.line is not None else []
        if self.loc:
            parts.append(self.path)
        return ": ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.msg}" if self.where else self.msg

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: ``{"loc": [...], "msg": ..., "line": n}`` (``line`` when known)."""
        out: dict[str, Any] = {"loc": list(self.loc), "msg": self.msg}
        if self.line is not None:
            out["line"] = self.line
        return out


class TruceError(Exception):
    """Root of every error Truce raises on purpose."""

    code: ClassVar[str] = "truce_error"
    status: ClassVar[int] = 500
    exit_code: ClassVar[int] = 1

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        details: Sequence[ErrorDetail] = (),
    ) -> None:
        message = plain(message)
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = tuple(details)

    def envelope(self) -> dict[str, Any]:
        """The JSON error envelope shared by the API and ``--format json`` output."""
        body: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "details": [d.as_dict() for d in self.details],
        }
        if self.hint:
            body["hint"] = self.hint
        return {"error": body}

    def diagnostics(self) -> str:
        """Human-readable text: message, details one per line, then the hint."""
        lines = [self.message, *(f"  {d}" for d in self.details)]
        if self.hint:
            lines.append(f"hint: {self.hint}")
        return "\n".join(lines)


class InvalidInput(TruceError):
    """The caller sent something that does not validate."""

    code = "invalid_input"
    status = 422
    exit_code = 2


class NotFound(TruceError):
    """A named thing (record, place, key, file) does not exist."""

    code = "not_found"
    status = 404
    exit_code = 2


class Conflict(TruceError):
    """The request contradicts what is stored (e.g. same id, different content)."""

    code = "conflict"
    status = 409
    exit_code = 2


class ConfigurationError(TruceError):
    """A setting or data folder is missing or wrong."""

    code = "configuration_error"
    status = 500
    exit_code = 2


class VerificationError(TruceError):
    """A proof, signature or stored record failed verification.

    Verification functions return ``None`` or raise this; they never return ``False``.
    """

    code = "verification_failed"
    status = 422
    exit_code = 1


class Unauthenticated(TruceError):
    """No valid credentials where the operation needs them (unknown or revoked token)."""

    code = "unauthenticated"
    status = 401
    exit_code = 2


class Forbidden(TruceError):
    """The caller is known but its role may not do this."""

    code = "forbidden"
    status = 403
    exit_code = 2


class DatabaseUnavailable(ConfigurationError):
    """The database cannot be reached (server down, wrong host, port, name or password)."""

    code = "database_unavailable"
    status = 503


class NoMission(ConfigurationError):
    """The data folder holds no mission (no database made by ``truce init``)."""

    code = "no_mission"


class NoAgreement(ConfigurationError):
    """The mission has no agreement installed."""

    code = "no_agreement"
