"""Pure parsing of the routes' parameters: bbox, times, OGC datetime, tile paths."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from truce.api.errors import BadRequest
from truce.api.params import parse_bbox, parse_datetime_interval, parse_time
from truce.api.routes.tiles import parse_index
from truce.errors import InvalidInput

T1 = datetime(2021, 3, 1, tzinfo=UTC)
T2 = datetime(2021, 3, 8, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, (None, None)),
        ("2021-03-01T00:00:00Z", (T1, T1)),
        ("2021-03-01T02:00:00+02:00/2021-03-08T00:00:00Z", (T1, T2)),
        ("../2021-03-08T00:00:00Z", (None, T2)),
        ("2021-03-01T00:00:00Z/..", (T1, None)),
        ("2021-03-01T00:00:00Z/", (T1, None)),
    ],
)
def test_datetime_interval(value: str | None, expected: tuple[object, object]) -> None:
    assert parse_datetime_interval(value) == expected


@pytest.mark.parametrize(
    "value", ["yesterday", "2021-03-01T00:00:00", "2021-03-08T00:00:00Z/2021-03-01T00:00:00Z"]
)
def test_bad_datetime_names_the_parameter(value: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_datetime_interval(value)
    assert [d.path for d in err.value.details] == ["query.datetime"]


@pytest.mark.parametrize("value", ["1,2,3", "a,b,c,d", "3,0,1,1", "0,95,1,96", "0,0,181,1"])
def test_bad_bbox(value: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_bbox(value)
    assert [d.path for d in err.value.details] == ["query.bbox"]


def test_bbox_and_time() -> None:
    assert parse_bbox("37.5,47.5,39.5,48.8") == (37.5, 47.5, 39.5, 48.8)
    assert parse_bbox(None) is None
    assert parse_time("2021-03-01T00:00:00z", name="since") == T1


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("000", (0, None)),
        ("067", (67, None)),
        ("x001/x234/067", (1234067, None)),
        ("x001/x234/067.p/8", (1234067, 8)),
        ("000.p/255", (0, 255)),
    ],
)
def test_tile_index_paths(path: str, expected: tuple[int, int | None]) -> None:
    assert parse_index(path) == expected


@pytest.mark.parametrize(
    "path", ["1", "0000", "x000/001", "001/002", "000.p/0", "000.p/256", "000.p/08", "x1/000"]
)
def test_bad_tile_index_paths(path: str) -> None:
    with pytest.raises(BadRequest):
        parse_index(path)
