"""A toy agreement with a straight contact line, for hand-computed report figures.

The line runs along latitude 48 N from 38.0 E to 38.4 E (about 29.8 km: 0.4 degrees at
74.49 km per degree of longitude); region ``donetsk`` covers its western half (38.0-38.2 E),
``luhansk`` its eastern half. Everything east of 38.5 E is outside every region.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from truce.agreement import demo_agreement_dir, load_agreement
from truce.agreement.models import Agreement, ControlledArea, LineFeature, RegionArea

KYIV = timezone(timedelta(hours=2))
#: The period ending 2021-03-02 19:30 Kyiv time.
P0 = datetime(2021, 3, 1, 19, 30, tzinfo=KYIV)
P1 = P0 + timedelta(days=1)
KM_PER_DEG_LON = 74.49  # at 48 N (WGS84: 111.32 km x cos 48, within 0.2 %)


def _box(w: float, s: float, e: float, n: float) -> dict[str, Any]:
    ring = [[w, s], [e, s], [e, n], [w, n], [w, s]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture(scope="session")
def toy() -> Agreement:
    doc = load_agreement(demo_agreement_dir()).latest.doc
    return Agreement(
        doc=doc,
        contact_line=(
            LineFeature(
                geometry={"type": "LineString", "coordinates": [[38.0, 48.0], [38.4, 48.0]]}
            ),
        ),
        controlled_areas=(
            ControlledArea(party="side-a", geometry=_box(37.9, 47.8, 38.5, 48.0)),
            ControlledArea(party="side-b", geometry=_box(37.9, 48.0, 38.5, 48.2)),
        ),
        regions=(
            RegionArea(region="donetsk", geometry=_box(37.9, 47.8, 38.2, 48.2)),
            RegionArea(region="luhansk", geometry=_box(38.2, 47.8, 38.5, 48.2)),
        ),
    )
