"""``freedom_of_movement``: restrictions and UAV interference."""

from __future__ import annotations

import shapely

from tests.agreement.conftest import point_from_line
from tests.compliance.conftest import clause_of, run, subject
from truce.agreement import Agreement, SpatialIndex
from truce.compliance import freedom_of_movement
from truce.compliance.model import UNDETERMINED, Outcome


def test_restriction_is_attributed_to_the_side_it_happened_on(
    v2: Agreement, index: SpatialIndex
) -> None:
    lon, lat = point_from_line(index, "side-b", 5000)
    f = run(
        freedom_of_movement,
        subject("restriction", lon, lat),
        clause_of(v2, "freedom_of_movement"),
        v2,
        index,
    )
    assert f is not None and f.outcome is Outcome.BREACHED and f.attribution == "side-b"


def test_jamming_is_breached_but_never_attributed_by_geometry(
    v2: Agreement, index: SpatialIndex
) -> None:
    lon, lat = point_from_line(index, "side-a", 5000)
    f = run(
        freedom_of_movement,
        subject("interference", lon, lat),
        clause_of(v2, "freedom_of_movement"),
        v2,
        index,
    )
    assert f is not None and f.outcome is Outcome.BREACHED and f.attribution == UNDETERMINED


def test_undetermined_and_not_breached(v2: Agreement, index: SpatialIndex) -> None:
    clause = clause_of(v2, "freedom_of_movement")
    straddle = shapely.Point(39.80, 48.60).buffer(0.2)
    f = run(
        freedom_of_movement, subject("restriction", 39.80, 48.60, area=straddle), clause, v2, index
    )
    assert f is not None and f.outcome is Outcome.UNDETERMINED
    f = run(freedom_of_movement, subject("restriction", 30.5, 50.45), clause, v2, index)
    assert f is not None and f.outcome is Outcome.NOT_BREACHED
    assert run(freedom_of_movement, subject("explosion", 38.0, 48.0), clause, v2, index) is None
