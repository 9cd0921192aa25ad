"""Any bytes at all, as CSV or JSONL: rejected records or one clear error, never a traceback.

Issue 12.11. Hypothesis mixes valid rows with arbitrary bytes, delimiters, quotes and line ends.
"""

from __future__ import annotations

import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import wire
from truce.errors import InvalidInput
from truce.intake.normalise import GazetteerSpec, prepare_block
from truce.intake.readers import InputFormat, JsonlRecords, read_records

HEADER = (
    b"id,source.type,source.id,observed.start,observed.end,position.lat,position.lon,event.kind"
)
ROW = b",post,OP-12,2025-03-12T18:00:00+02:00,2025-03-12T18:30:00+02:00,48.1,37.8,fire"
PIECES = st.sampled_from(
    [HEADER, ROW, b",", b";", b'"', b'""', b"\n", b"\r\n", b"\r", b"\xef\xbb\xbf", b"\xe9",
     b"\xff", b"\x00", b"{", b"}", json.dumps(wire()).encode(), b"x" * 70_000]
)  # fmt: skip
INPUTS = st.one_of(
    st.binary(max_size=2000), st.lists(st.one_of(PIECES, st.binary(max_size=20))).map(b"".join)
)
GAZ = GazetteerSpec()


def _prepare_all(data: bytes, fmt: InputFormat) -> int:
    try:
        records = [(r.line, r.data) for r in read_records(io.BytesIO(data), fmt)]
    except InvalidInput as exc:
        assert exc.message
        return 0
    block = prepare_block(records, GAZ)
    assert block.read == len(records)
    return block.read


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(INPUTS)
def test_csv_reader_never_raises_anything_else(data: bytes) -> None:
    _prepare_all(data, InputFormat.CSV)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(INPUTS)
def test_jsonl_reader_never_raises_anything_else(data: bytes) -> None:
    n = _prepare_all(data, InputFormat.JSONL)
    blocks = JsonlRecords(io.BytesIO(data)).blocks(64)
    assert sum(prepare_block(b, GAZ).read for b in blocks) == n


def test_a_utf8_bom_is_accepted_in_jsonl() -> None:
    data = b"\xef\xbb\xbf" + json.dumps(wire()).encode() + b"\n"
    for block in (
        [(r.line, r.data) for r in read_records(io.BytesIO(data), InputFormat.JSONL)],
        next(JsonlRecords(io.BytesIO(data)).blocks(1 << 16)),
    ):
        prepared = prepare_block(block, GAZ)
        assert prepared.ids == [wire()["id"]] and not prepared.rejected


def test_invalid_utf8_in_jsonl_says_so() -> None:
    data = json.dumps(wire()).replace("team-D07", "team-\xe9").encode("latin-1")
    prepared = prepare_block([(4, data)], GAZ)
    ((_, msg, line),) = prepared.rejected[0]
    assert line == 4 and msg.startswith("not UTF-8 text (byte 0xe9"), msg
