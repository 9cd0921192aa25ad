"""From a raw record to a validated, resolved observation and its canonical ledger entry.

Everything here is pure and picklable, so that bulk imports can prepare records in worker
processes while the parent writes to the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from truce.domain import Observation
from truce.domain.observation import Position
from truce.domain.types import MAX_RECORD_BYTES
from truce.errors import ErrorDetail, InvalidInput, NotFound
from truce.geo.gazetteer import Gazetteer, load_gazetteer
from truce.intake.messages import details
from truce.intake.readers import RawRecord
from truce.ledger.canonical import canonical_json
from truce.store.observations import PreparedRow


@dataclass(frozen=True, slots=True)
class GazetteerSpec:
    """A picklable recipe for the gazetteer; calling it loads it once per process."""

    country: str = "UA"
    mission_file: Path | None = None

    def __call__(self) -> Gazetteer:
        return _load(self)


@lru_cache(maxsize=4)
def _load(spec: GazetteerSpec) -> Gazetteer:
    return load_gazetteer(country=spec.country, mission_file=spec.mission_file)


class Prepared(NamedTuple):
    """A valid record ready to store: its line, id, canonical content and row values.

    A plain tuple, so that it crosses process boundaries cheaply.
    """

    line: int
    id: str
    content: str
    row: PreparedRow


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


def resolve_place(obs: Observation, gazetteer: GazetteerSpec, *, line: int) -> Observation:
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


_EXPONENT = re.compile(r"[:,[]-?[0-9]+(?:\.[0-9]+)?[eE]")


def canonical_text(obs: Observation) -> str:
    """RFC 8785 canonical JSON of an observation's wire record, as text.

    pydantic's encoder already writes what JCS asks for: the models declare their fields in
    JCS key order (ASCII field names), integral floats are ints (``JsonNumber``), strings are
    escaped the JCS way and non-exponent numbers print as ECMAScript does. Numbers printed in
    exponent form go to the reference implementation. A property test checks the result equals
    ``canonical_json(obs.wire())`` for arbitrary observations.
    """
    text = obs.wire_json()
    # Substring tests first: they run at C speed and are almost always false.
    if ("e-" in text or "e+" in text) and _EXPONENT.search(text):
        return canonical_json(obs.wire()).decode("utf-8")
    return text


def prepare(record: RawRecord, gazetteer: GazetteerSpec) -> Prepared:
    """Validate, resolve and canonicalise one record; raises :class:`InvalidInput`."""
    obs = resolve_place(validate(record), gazetteer, line=record.line)
    try:
        content = canonical_text(obs)
        content.encode("utf-8")  # lone surrogates (from \ud800 escapes) cannot be stored
    except (UnicodeEncodeError, InvalidInput) as exc:
        msg = f"cannot be canonicalised: {exc}"
        raise InvalidInput(msg, details=[ErrorDetail(f"line {record.line}", msg)]) from None
    event, pos, ident = obs.event, obs.position, str(obs.id)
    assert pos.lon is not None and pos.lat is not None
    row: PreparedRow = (
        ident,
        content,
        obs.source.type.value,
        obs.source.id,
        event.kind.value,
        event.subtype.value if event.subtype is not None else None,
        obs.observed.start.timestamp(),
        obs.observed.end.timestamp(),
        pos.lon,
        pos.lat,
        event.count.value,
        obs.classification.value,
    )
    return Prepared(record.line, ident, content, row)


#: A rejected record, as (loc, msg) pairs (plain tuples cross processes cheaply).
Rejected = list[tuple[str, str]]


def prepare_chunk(
    chunk: list[tuple[int, bytes | dict[str, Any]]], gazetteer: GazetteerSpec
) -> list[Prepared | Rejected]:
    """:func:`prepare` over ``(line, data)`` pairs; a rejected record becomes its errors."""
    out: list[Prepared | Rejected] = []
    for line, data in chunk:
        try:
            out.append(prepare(RawRecord(line, data), gazetteer))
        except InvalidInput as exc:
            found = exc.details or (ErrorDetail(f"line {line}", exc.message),)
            out.append([(d.loc, d.msg) for d in found])
    return out
