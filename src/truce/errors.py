"""One error hierarchy for Truce.

Every error a user can cause is a :class:`TruceError`: it carries a stable ``code``, an HTTP
status, a user-safe message, an optional hint and a list of details (``loc``, ``msg``). The CLI
catches it once, prints the message and exits non-zero; the API renders it as the JSON envelope
``{"error": {"code", "message", "details": [{"loc", "msg"}]}}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class ErrorDetail:
    """One problem inside an error: where (``loc``, e.g. ``line 17: position.lat``) and why."""

    loc: str
    msg: str

    def __str__(self) -> str:
        return f"{self.loc}: {self.msg}" if self.loc else self.msg


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
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = tuple(details)

    def envelope(self) -> dict[str, Any]:
        """The JSON error envelope shared by the API and ``--format json`` output."""
        body: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "details": [{"loc": d.loc, "msg": d.msg} for d in self.details],
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
