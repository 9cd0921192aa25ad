"""From a raw record to a validated, resolved observation and its canonical ledger entry."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError

from truce.domain import Observation
from truce.domain.observation import Position
from truce.domain.types import MAX_RECORD_BYTES
from truce.errors import ErrorDetail, InvalidInput, NotFound
from truce.geo.gazetteer import Gazetteer
from truce.intake.messages import details
from truce.intake.readers import RawRecord
from truce.ledger.canonical import canonical_json

GazetteerFactory = Callable[[], Gazetteer]


def validate(record: RawRecord) -> Observation:
    """Parse one record; raises :class:`InvalidInput` naming the line, field and reason."""
    prefix = f"line {record.line}: "
    if record.size > MAX_RECORD_BYTES:
        msg = f"record is {record.size} bytes; the limit is {MAX_RECORD_BYTES}"
        raise InvalidInput(prefix + msg, details=[ErrorDetail(f"line {record.line}", msg)])
    try:
        if isinstance(record.data, bytes):
            return Observation.model_validate_json(record.data)
        return Observation.model_validate(record.data)
    except ValidationError as exc:
        found = details(exc, prefix=prefix)
        raise InvalidInput(str(found[0]), details=found) from None


def resolve_place(obs: Observation, gazetteer: GazetteerFactory, *, line: int) -> Observation:
    """Fill ``position.lon/lat`` from ``position.place`` when only the place was given."""
    pos = obs.position
    if pos.resolved:
        return obs
    assert pos.place is not None
    try:
        place = gazetteer().resolve(pos.place)
    except NotFound as exc:
        msg = exc.details[0].msg if exc.details else exc.message
        raise InvalidInput(
            f"line {line}: position.place: {msg}",
            details=[ErrorDetail(f"line {line}: position.place", msg)],
        ) from None
    resolved = Position(lon=place.lon, lat=place.lat, accuracy_m=pos.accuracy_m, place=pos.place)
    return obs.model_copy(update={"position": resolved})


def canonical_entry(obs: Observation) -> bytes:
    """The ledger entry: RFC 8785 canonical JSON of the wire record."""
    return canonical_json(obs.wire())
