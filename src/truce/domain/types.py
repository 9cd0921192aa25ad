"""Constrained scalar types, as ``Annotated`` aliases: parse at the boundary, trust inside."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, PlainSerializer, StringConstraints

_EXACT_INT_LIMIT = 2.0**53


def _json_number(value: float) -> float | int:
    # RFC 8785 (and ECMAScript) print an integral number without ".0": serialise 2.0 as 2 so
    # that the wire JSON of a record is already in canonical form for its numbers.
    return int(value) if value.is_integer() and abs(value) < _EXACT_INT_LIMIT else value


#: Serialise integral floats as integers in JSON mode.
JsonNumber = PlainSerializer(_json_number, when_used="json")

#: WGS84 latitude in degrees, finite, in [-90, 90].
Latitude = Annotated[float, Field(ge=-90.0, le=90.0, allow_inf_nan=False), JsonNumber]
#: WGS84 longitude in degrees, finite, in [-180, 180].
Longitude = Annotated[float, Field(ge=-180.0, le=180.0, allow_inf_nan=False), JsonNumber]
#: A non-negative distance in kilometres.
Kilometres = Annotated[float, Field(ge=0.0, le=20_000.0, allow_inf_nan=False), JsonNumber]
#: A non-negative distance in metres.
Metres = Annotated[float, Field(ge=0.0, le=20_000_000.0, allow_inf_nan=False), JsonNumber]
#: A bearing clockwise from true north, in degrees, in [0, 360].
BearingDegrees = Annotated[float, Field(ge=0.0, le=360.0, allow_inf_nan=False), JsonNumber]
#: A standard deviation of a bearing, in degrees.
SigmaDegrees = Annotated[float, Field(gt=0.0, le=180.0, allow_inf_nan=False), JsonNumber]
#: A non-negative count of events, objects or persons.
Count = Annotated[int, Field(ge=0, le=1_000_000_000)]
#: Index of a leaf in the evidence ledger (0-based).
LeafIndex = Annotated[int, Field(ge=0)]
#: A short identifier (source id, place name).
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
#: Free text (a narrative sentence), bounded.
LongText = Annotated[str, StringConstraints(max_length=32_768)]
#: Lower-case hex SHA-256.
Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
#: An IETF language tag such as ``en`` or ``uk``.
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
#: A media type such as ``image/jpeg``.
MediaType = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9.+-]+/[a-zA-Z0-9.+-]+$", max_length=127)
]

#: Largest accepted observation record, in bytes of its JSON text.
MAX_RECORD_BYTES = 64 * 1024
