"""The one error hierarchy: stable codes, statuses, exit codes and the JSON envelope."""

from __future__ import annotations

import pytest

from truce.errors import (
    ConfigurationError,
    Conflict,
    ErrorDetail,
    InvalidInput,
    NotFound,
    TruceError,
    VerificationError,
)


@pytest.mark.parametrize(
    ("cls", "code", "status", "exit_code"),
    [
        (InvalidInput, "invalid_input", 422, 2),
        (NotFound, "not_found", 404, 2),
        (Conflict, "conflict", 409, 2),
        (ConfigurationError, "configuration_error", 500, 2),
        (VerificationError, "verification_failed", 422, 1),
    ],
)
def test_each_error_presents_itself(
    cls: type[TruceError], code: str, status: int, exit_code: int
) -> None:
    err = cls("bad thing", hint="do this", details=[ErrorDetail(("position", "lat"), "no", line=3)])
    assert (err.code, err.status, err.exit_code) == (code, status, exit_code)
    assert err.envelope() == {
        "error": {
            "code": code,
            "message": "bad thing",
            "details": [{"loc": ["position", "lat"], "msg": "no", "line": 3}],
            "hint": "do this",
        }
    }
    assert err.diagnostics() == "bad thing\n  line 3: position.lat: no\nhint: do this"


def test_envelope_without_hint_or_details() -> None:
    assert NotFound("gone").envelope() == {
        "error": {"code": "not_found", "message": "gone", "details": []}
    }
