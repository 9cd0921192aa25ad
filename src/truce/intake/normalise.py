"""From a raw record to a validated, resolved observation and its canonical ledger entry.

Everything here is pure and picklable, so that bulk imports can prepare records in worker
processes while the parent writes to the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from uuid import UUID, uuid5

from pydantic import ValidationError

from truce.domain import Observation
from truce.domain.intake import ObservationRow, PreparedBlock, Rejected
from truce.domain.observation import Position
from truce.domain.types import MAX_RECORD_BYTES
from truce.errors import ErrorDetail, InvalidInput, NotFound
from truce.geo.gazetteer import Gazetteer, load_gazetteer
from truce.intake.messages import details
from truce.intake.raw import RawRecord, RowError
from truce.intake.readers import RawLines, split_block
from truce.ledger.canonical import canonical_json, leaf_hash


@dataclass(frozen=True, slots=True)
class GazetteerSpec:
    """A picklable recipe for the gazetteer; calling it loads it once per process."""

    country: str = "UA"
    mission_file: Path | None = None
    #: The installed agreement folder: ambiguous names prefer places in its area.
    agreement: Path | None = None

    def __call__(self) -> Gazetteer:
        return _load(self)


@lru_cache(maxsize=4)
def _load(spec: GazetteerSpec) -> Gazetteer:
    focus = None
    if spec.agreement is not None:
        from truce.agreement.loader import load_installed
        from truce.agreement.spatial import gazetteer_focus

        focus = gazetteer_focus(load_installed(spec.agreement).latest)
    return load_gazetteer(country=spec.country, mission_file=spec.mission_file, focus=focus)


def validate(record: RawRecord) -> Observation:
    """Parse one record; raises :class:`InvalidInput` naming the line, field and reason."""
    return _parse(record.line, record.data, record.size)


#: Namespace of the ids derived for CSV rows without an ``id`` (UUIDv5 of the record's
#: canonical JSON without ``id``: its source and content), so a re-import is a duplicate.
DERIVED_ID_NAMESPACE = UUID("0f5a3c1e-7d2b-5e41-9a6c-3b8e2d4f1a07")


def derived_id(obs: Observation) -> UUID:
    """The stable id of an observation given without one: UUIDv5 of its source and content."""
    content = {k: v for k, v in obs.wire().items() if k != "id"}
    return uuid5(DERIVED_ID_NAMESPACE, canonical_json(content).decode("utf-8"))


def _parse(line: int, data: bytes | dict[str, Any] | RowError, size: int) -> Observation:
    if isinstance(data, RowError):
        raise InvalidInput(
            f"line {line}: {data.msg}", details=[ErrorDetail((), data.msg, line=line)]
        )
    if size > MAX_RECORD_BYTES:
        msg = f"record is {size} bytes; the limit is {MAX_RECORD_BYTES}"
        raise InvalidInput(f"line {line}: {msg}", details=[ErrorDetail((), msg, line=line)])
    try:
        if isinstance(data, bytes):
            return Observation.model_validate_json(data)
        if "id" not in data:  # a hand-written CSV row: derive a stable id
            obs = Observation.model_validate({**data, "id": _NIL})
            return obs.model_copy(update={"id": derived_id(obs)})
        return Observation.model_validate(data)
    except ValidationError as exc:
        found = details(exc, line=line)
        if isinstance(data, bytes) and found[0].msg.startswith("invalid JSON"):
            found = [ErrorDetail(found[0].loc, _not_utf8(data) or found[0].msg, line=line)]
        raise InvalidInput(str(found[0]), details=found) from None


_NIL = UUID(int=0)


def _not_utf8(data: bytes) -> str | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at column {exc.start + 1}); "
            "save the file as UTF-8"
        )
    return None


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
            details=[ErrorDetail(("position", "place"), msg, line=line)],
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


def _row(obs: Observation, line: int, offset: int) -> tuple[ObservationRow, bytes]:
    """The row of a valid, resolved observation (its leaf ``offset`` in the block), and its
    canonical JSON as bytes."""
    try:
        content = canonical_text(obs)
        entry = content.encode("utf-8")  # lone surrogates (from \ud800 escapes) cannot be stored
    except (UnicodeEncodeError, InvalidInput) as exc:
        msg = f"cannot be canonicalised: {exc}"
        raise InvalidInput(msg, details=[ErrorDetail((), msg, line=line)]) from None
    event, pos, observed = obs.event, obs.position, obs.observed
    assert pos.lon is not None and pos.lat is not None
    # ``_value_`` is the member's plain string: cheaper than ``.value`` on Python 3.11.
    row = ObservationRow(
        str(obs.id),
        content,
        obs.source.type._value_,
        obs.source.id,
        event.kind._value_,
        event.subtype._value_ if event.subtype is not None else None,
        observed.start.timestamp(),
        observed.end.timestamp(),
        pos.lon,
        pos.lat,
        event.count.value,
        obs.classification._value_,
        offset,
    )
    return row, entry


#: Numbered records, as ``(line, data)`` pairs.
RecordBlock = list[tuple[int, bytes | dict[str, Any] | RowError]]

__all__ = ["GazetteerSpec", "PreparedBlock", "RecordBlock", "Rejected", "prepare_block"]


def prepare_block(block: RecordBlock | RawLines, gazetteer: GazetteerSpec) -> PreparedBlock:
    """Prepare a block of records: ``(line, data)`` pairs, or a block of raw JSONL text.

    Pure and picklable: bulk imports run it in worker processes.
    """
    out = PreparedBlock([], [], [], [], [])
    for line, data in _numbered(block):
        size = len(data) if isinstance(data, bytes) else RawRecord(line, data).size
        try:
            obs = _parse(line, data, size)
            if not obs.position.resolved:
                obs = resolve_place(obs, gazetteer, line=line)
            row, entry = _row(obs, line, len(out.ids))
        except InvalidInput as exc:
            found = exc.details or (ErrorDetail((), exc.message, line=line),)
            out.rejected.append([(d.loc, d.msg, line) for d in found])
            continue
        out.rows.append(row)
        out.ids.append(row.id)
        out.lines.append(line)
        out.leaf_hashes.append(leaf_hash(entry))
    return out


def _numbered(
    block: RecordBlock | RawLines,
) -> Iterable[tuple[int, bytes | dict[str, Any] | RowError]]:
    return split_block(block) if isinstance(block, tuple) else block
