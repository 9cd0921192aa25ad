"""``holding_area``: registered weapons missing at an inspection."""

from __future__ import annotations

import pytest
import shapely
from shapely.geometry import shape

from tests.compliance.conftest import clause_of, run, subject
from truce.agreement import Agreement, SpatialIndex
from truce.compliance import holding_area
from truce.compliance.model import Outcome
from truce.domain.vocabulary import CountQualifier, SourceType, Weapon


def _inspect(
    v2: Agreement, weapons: tuple[Weapon, ...], count: int | None, q: CountQualifier, **kw: object
):  # type: ignore[no-untyped-def]
    ha = next(h for h in v2.holding_areas if h.id == "ha-a-kramatorsk")  # howitzer 18
    c = shapely.centroid(shape(ha.geometry))
    fields: dict[str, object] = {
        "weapons": weapons,
        "count": count,
        "count_qualifier": q,
        "source_type": SourceType.PATROL,
    }
    return subject("weapon", c.x, c.y, **{**fields, **kw})


@pytest.mark.parametrize(
    ("count", "qualifier", "outcome"),
    [
        (10, CountQualifier.EXACT, Outcome.BREACHED),
        (18, CountQualifier.EXACT, Outcome.NOT_BREACHED),
        (18, CountQualifier.AT_LEAST, Outcome.NOT_BREACHED),
        (15, CountQualifier.ABOUT, Outcome.UNDETERMINED),
        (None, CountQualifier.UNCOUNTABLE, Outcome.UNDETERMINED),
    ],
)
def test_counts(
    v2: Agreement,
    index: SpatialIndex,
    count: int | None,
    qualifier: CountQualifier,
    outcome: Outcome,
) -> None:
    s = _inspect(v2, (Weapon.HOWITZER,), count, qualifier)
    f = run(holding_area, s, clause_of(v2, "holding_area"), v2, index)
    assert f is not None and f.outcome is outcome and f.attribution == "side-a"
    if outcome is Outcome.BREACHED:
        assert (f.facts.registered, f.facts.counted, f.facts.holding_area) == (
            18,
            10,
            "ha-a-kramatorsk",
        )


def test_several_categories_in_one_count_are_undetermined(
    v2: Agreement, index: SpatialIndex
) -> None:
    s = _inspect(v2, (Weapon.HOWITZER, Weapon.ARTILLERY), 20, CountQualifier.EXACT)
    f = run(holding_area, s, clause_of(v2, "holding_area"), v2, index)
    assert f is not None and f.outcome is Outcome.UNDETERMINED


def test_not_an_inspection(v2: Agreement, index: SpatialIndex) -> None:
    clause = clause_of(v2, "holding_area")
    media = _inspect(v2, (Weapon.HOWITZER,), 1, CountQualifier.EXACT, source_type=SourceType.MEDIA)
    assert run(holding_area, media, clause, v2, index) is None
    elsewhere = subject(
        "weapon", 38.0, 48.0, weapons=(Weapon.HOWITZER,), source_type=SourceType.PATROL
    )
    assert run(holding_area, elsewhere, clause, v2, index) is None
