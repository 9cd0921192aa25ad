"""CSV as people write it (issues 11.8, 12.11): a defect is its row's error, never a traceback."""

from __future__ import annotations

import io
import json
import uuid

import pytest

from truce.errors import InvalidInput
from truce.intake.csv_reader import MAX_ROW_BYTES, detect_delimiter
from truce.intake.normalise import DERIVED_ID_NAMESPACE, GazetteerSpec, PreparedBlock, prepare_block
from truce.intake.readers import read_csv

HEADER = "source.type,source.id,observed.start,observed.end,position.lat,position.lon,event.kind"
ROW = "post,OP-12,2025-03-12T18:00:00+02:00,2025-03-12T18:30:00+02:00,48.1,37.8,fire"


def _prepare(data: bytes) -> PreparedBlock:
    records = list(read_csv(io.BytesIO(data)))
    return prepare_block([(r.line, r.data) for r in records], GazetteerSpec())


def _errors(block: PreparedBlock) -> list[tuple[object, ...]]:
    return [e for errors in block.rejected for e in errors]


def test_rows_without_id_get_a_stable_uuid5_of_source_and_content() -> None:
    data = f"{HEADER}\n{ROW}\n".encode()
    reader = read_csv(io.BytesIO(data))
    records = list(reader)
    assert reader.stats.without_id == 1
    first = prepare_block([(r.line, r.data) for r in records], GazetteerSpec())
    again = _prepare(data)
    (ident,) = first.ids
    assert again.ids == [ident]
    assert uuid.UUID(ident).version == 5
    other = _prepare(f"{HEADER}\n{ROW.replace('OP-12', 'OP-13')}\n".encode())
    assert other.ids != [ident]
    assert DERIVED_ID_NAMESPACE.version is not None


def test_an_empty_id_cell_also_derives_the_id() -> None:
    block = _prepare(f"id,{HEADER}\n,{ROW}\n".encode())
    assert len(block.ids) == 1 and not block.rejected


def test_excel_semicolons_with_decimal_commas_and_a_bom() -> None:
    row = ROW.replace(",", ";").replace("48.1", "48,1").replace("37.8", "37,8")
    data = b"\xef\xbb\xbf" + f"{HEADER.replace(',', ';')}\r\n{row}\r\n".encode()
    reader = read_csv(io.BytesIO(data))
    records = list(reader)
    assert reader.stats.delimiter == ";"
    block = prepare_block([(r.line, r.data) for r in records], GazetteerSpec())
    assert not block.rejected, block.rejected
    assert block.rows[0][8:10] == (37.8, 48.1)


def _with(delimiter: str, *cells: str) -> str:
    return delimiter.join(cells)


@pytest.mark.parametrize(
    ("delimiter", "bom", "eol"),
    [(",", "", "\n"), (";", "", "\r\n"), ("\t", "", "\n"), (";", "\ufeff", "\r\n"),
     (",", "\ufeff", "\n"), ("\t", "\ufeff", "\r\n")],
    ids=["comma", "semicolon", "tab", "semicolon-bom", "comma-bom", "tab-bom"],
)  # fmt: skip
def test_every_delimiter_with_quoted_cells_reads_the_same_record(
    delimiter: str, bom: str, eol: str
) -> None:
    """Issue 11.8: the same spreadsheet saved with ``,``, ``;`` or tabs, with or without a BOM,
    quoted cells holding the delimiter, a quote and a line break: one record, one derived id."""
    columns = [*HEADER.split(","), "narrative.text", "direction.bearings"]
    text = f'"Shelling; heavy, ""close""{eol}then quiet"'
    cells = [*ROW.split(","), text, '"SE;S"']
    if delimiter != ",":  # a European Excel also writes decimal commas
        cells[4:6] = ["48,1", "37,8"]
    data = (bom + _with(delimiter, *columns) + eol + _with(delimiter, *cells) + eol).encode()
    reader = read_csv(io.BytesIO(data))
    records = list(reader)
    assert reader.stats.delimiter == delimiter and reader.stats.without_id == 1
    block = prepare_block([(r.line, r.data) for r in records], GazetteerSpec())
    assert not block.rejected, block.rejected
    plain = [*ROW.split(","), text, '"SE;S"']
    reference = _prepare(f"{','.join(columns)}\n{','.join(plain)}\n".encode())
    assert block.ids == reference.ids and block.rows[0].content == reference.rows[0].content
    assert '"text":"Shelling; heavy, \\"close\\"' in block.rows[0].content


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [("a,b,c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ('"x;y",b,c', ","), ("id", ",")],
)
def test_delimiter_detection(header: str, delimiter: str) -> None:
    assert detect_delimiter(header) == delimiter


def test_an_empty_file_is_an_error() -> None:
    for data in (b"", b"\n\n", b"\xef\xbb\xbf"):
        with pytest.raises(InvalidInput, match="the file is empty"):
            list(read_csv(io.BytesIO(data)))


def test_a_header_without_rows_is_an_error() -> None:
    with pytest.raises(InvalidInput, match="no observations"):
        list(read_csv(io.BytesIO(f"{HEADER}\n".encode())))


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (ROW.replace("OP-12", "OP-\xe912").encode("latin-1"), "not UTF-8 text (byte 0xe9"),
        (b"post,\xff\xfe," + ROW.split(",", 2)[2].encode(), "not UTF-8 text (byte 0xff"),
        (ROW.rsplit(",", 1)[0].encode(), "6 cells where the header has 7 columns"),
        ((ROW + ",extra").encode(), "8 cells where the header has 7 columns"),
        (ROW.replace("OP-12", '"OP-12').encode(), "never closed"),
        (ROW.replace("OP-12", '"OP"-12').encode(), "cannot be read as CSV"),
        (ROW.replace("OP-12", "x" * 200_000).encode(), "record is"),
        (ROW.replace("OP-12", "x" * (MAX_ROW_BYTES + 10)).encode(), "longer than"),
    ],
    ids=["latin-1", "invalid-utf8", "missing-cell", "extra-cell", "unclosed-quote", "bad-quote",
         "cell-over-128kb", "row-over-limit"],
)  # fmt: skip
def test_a_defective_row_is_that_rows_error_and_the_next_row_is_read(
    row: bytes, reason: str
) -> None:
    data = f"{HEADER}\n".encode() + row + b"\n" + f"{ROW}\n".encode()
    block = _prepare(data)
    errors = _errors(block)
    assert len(errors) == 1 and errors[0][-1] == 2 and reason in errors[0][1], errors
    assert block.lines == [3]


def test_a_trailing_empty_cell_is_tolerated_and_quoted_line_breaks_are_cells() -> None:
    row = ROW.replace("OP-12", '"OP\n12"') + ","
    block = _prepare(f"{HEADER}\n{row}\n{ROW}\n".encode())
    assert not block.rejected, block.rejected
    assert block.lines == [2, 4]


def test_a_repeated_column_is_an_error() -> None:
    with pytest.raises(InvalidInput, match="column source.id is repeated"):
        list(read_csv(io.BytesIO(f"{HEADER},source.id\n{ROW},x\n".encode())))


def test_the_derived_id_is_the_readme_uuid5_of_the_canonical_record_without_id() -> None:
    """The README states the namespace and the input; recompute it here without Truce's code
    (for this record, with integral numbers and ASCII text, RFC 8785 is sorted compact JSON)."""
    block = _prepare(f"{HEADER},event.count.value\n{ROW},12\n".encode())
    content = json.loads(block.rows[0].content)
    del content["id"]
    assert content["source"] == {"type": "post", "id": "OP-12"}
    assert content["event"]["count"]["value"] == 12
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    namespace = uuid.UUID("0f5a3c1e-7d2b-5e41-9a6c-3b8e2d4f1a07")
    assert block.ids == [str(uuid.uuid5(namespace, text))]
