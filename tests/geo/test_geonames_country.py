"""One country's GeoNames places are read without decoding the whole data set (issue 13 speed),
and are exactly the entries the whole data set gives for that country, in the same order."""

from __future__ import annotations

from typing import Any

import pytest

from truce.geo.gazetteer import _cities500, _country_cities


@pytest.fixture(scope="module")
def whole() -> dict[str, dict[str, Any]]:
    return _cities500()


def test_one_country_is_the_whole_set_filtered(whole: dict[str, dict[str, Any]]) -> None:
    for country in ("UA", "AD", "ZW", "RU"):
        expected = [c for c in whole.values() if c["countrycode"] == country]
        assert expected  # the data set has places there
        assert _country_cities(country) == expected
