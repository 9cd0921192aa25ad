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


def test_pydantic_prefixes_never_reach_a_reader() -> None:
    """Issue 11.11: ``Value error, ...`` is pydantic's wording, not a reason."""
    from truce.errors import ErrorDetail, InvalidInput

    detail = ErrorDetail(("track",), "Value error, give a position or a track", line=3)
    assert str(detail) == "line 3: track: give a position or a track"
    err = InvalidInput("line 3: Assertion failed, x must be positive", details=[detail])
    assert err.message == "line 3: x must be positive"
    assert "Value error" not in err.diagnostics() and "Value error" not in str(err.envelope())


def test_a_coverage_record_with_a_validator_error_reads_plainly() -> None:
    import pytest

    from tests.domain.test_coverage import record
    from truce.errors import InvalidInput
    from truce.services import coverage

    both = record(track={"type": "LineString", "coordinates": [[38.0, 48.0], [38.2, 48.1]]})
    with pytest.raises(InvalidInput) as caught:
        coverage.parse(2, both, None)
    text = caught.value.diagnostics()
    assert "give a position" in text and "Value error" not in text, text
