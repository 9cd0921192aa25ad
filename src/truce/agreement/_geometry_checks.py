"""Geometric checks of one agreement version (used by :mod:`truce.agreement.validate`).

Measured in a local azimuthal equidistant plane centred on the agreement's extent (metres).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.validation import explain_validity

from truce.agreement.clauses import WeaponWithdrawalClause
from truce.agreement.models import Agreement, Feature
from truce.geo.distance import Plane
from truce.geo.projection import LocalPlane

if TYPE_CHECKING:
    from truce.agreement.validate import Problem

#: How far (metres) the contact line may stray from the boundary of a controlled area.
LINE_TOLERANCE_M = 25.0
#: Overlaps smaller than this (square metres) are rounding, not overlaps.
OVERLAP_TOLERANCE_M2 = 1.0


def _problem(file: str, path: str, message: str, severity: str = "error") -> Problem:
    from truce.agreement.validate import Problem

    return Problem(file, path, message, "warning" if severity == "warning" else "error")


def agreement_bounds(a: Agreement) -> tuple[float, float, float, float]:
    geoms = [shape(f.geometry) for f in (*a.controlled_areas, *a.regions, *a.contact_line)]
    b = shapely.bounds(shapely.union_all(geoms))
    return float(b[0]), float(b[1]), float(b[2]), float(b[3])


def to_plane(plane: Plane, geom: Any) -> Any:
    def fn(xy: Any) -> Any:
        x, y = plane.forward(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


def geometry_problems(a: Agreement, rel: str) -> Iterator[Problem]:
    layers = a.doc.layers
    groups: list[tuple[str, tuple[Feature, ...]]] = [
        (layers.contact_line, a.contact_line),
        (layers.controlled_areas, a.controlled_areas),
        (layers.regions, a.regions),
        (layers.zones or "", a.zones),
        (layers.holding_areas or "", a.holding_areas),
        (layers.sites or "", a.sites),
    ]
    invalid = False
    for file, items in groups:
        for i, item in enumerate(items):
            geom = shape(item.geometry)
            if geom.is_empty:
                invalid = True
                yield _problem(f"{rel}{file}", f"$.features[{i}].geometry", "empty geometry")
            elif not geom.is_valid:
                invalid = True
                yield _problem(
                    f"{rel}{file}",
                    f"$.features[{i}].geometry",
                    f"invalid geometry: {explain_validity(geom)}",
                )
    if invalid:
        return
    plane = LocalPlane.for_bounds(*agreement_bounds(a))
    yield from _line_on_boundaries(a, rel, plane)
    yield from _overlaps(a, rel, plane)
    yield from _holding_placement(a, rel, plane)


def _line_on_boundaries(a: Agreement, rel: str, plane: LocalPlane) -> Iterator[Problem]:
    line = to_plane(plane, shapely.union_all([shape(f.geometry) for f in a.contact_line]))
    samples = shapely.get_coordinates(shapely.segmentize(line, 100.0))
    pts = shapely.points(samples)
    file = f"{rel}{a.doc.layers.contact_line}"
    for party in a.party_ids:
        areas = [shape(c.geometry) for c in a.controlled_areas if c.party == party]
        if not areas:
            continue
        boundary = to_plane(plane, shapely.union_all(areas)).boundary
        dist = shapely.distance(boundary, pts)
        worst = int(np.argmax(dist))
        if dist[worst] > LINE_TOLERANCE_M:
            lon, lat = plane.inverse(samples[worst, 0], samples[worst, 1])
            yield _problem(
                file,
                "$.features",
                f"contact line is not on the boundary of {party}'s controlled area: "
                f"{dist[worst]:.0f} m off at lon {float(lon):.5f}, lat {float(lat):.5f} "
                f"(tolerance {LINE_TOLERANCE_M:.0f} m)",
            )


def _pairwise_overlaps(geoms: list[Any]) -> Iterator[tuple[int, int, float]]:
    arr = np.asarray(geoms, dtype=object)
    left, right = shapely.STRtree(arr).query(arr, predicate="intersects")
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i < j:
            area = float(shapely.area(shapely.intersection(geoms[i], geoms[j])))
            if area > OVERLAP_TOLERANCE_M2:
                yield i, j, area


def _overlaps(a: Agreement, rel: str, plane: LocalPlane) -> Iterator[Problem]:
    areas = [to_plane(plane, shape(c.geometry)) for c in a.controlled_areas]
    for i, j, area in _pairwise_overlaps(areas):
        if a.controlled_areas[i].party != a.controlled_areas[j].party:
            yield _problem(
                f"{rel}{a.doc.layers.controlled_areas}",
                f"$.features[{j}].geometry",
                f"controlled areas of {a.controlled_areas[i].party} and "
                f"{a.controlled_areas[j].party} overlap ({area / 1e6:.3f} km²)",
            )
    holding = [to_plane(plane, shape(h.geometry)) for h in a.holding_areas]
    for i, j, area in _pairwise_overlaps(holding):
        yield _problem(
            f"{rel}{a.doc.layers.holding_areas}",
            f"$.features[{j}].geometry",
            f"holding area {a.holding_areas[j].id} overlaps {a.holding_areas[i].id} "
            f"({area:.0f} m²)",
        )


def _withdrawal_km(a: Agreement) -> dict[str, float]:
    """Largest withdrawal distance of each weapon category over the version's clauses."""
    out: dict[str, float] = {}
    for clause in a.doc.clauses:
        if isinstance(clause, WeaponWithdrawalClause):
            for limit in clause.parameters.limits:
                for w in limit.weapons:
                    out[w.value] = max(out.get(w.value, 0.0), limit.distance_km)
    return out


def _holding_placement(a: Agreement, rel: str, plane: LocalPlane) -> Iterator[Problem]:
    if not a.holding_areas:
        return
    file = f"{rel}{a.doc.layers.holding_areas}"
    line = to_plane(plane, shapely.union_all([shape(f.geometry) for f in a.contact_line]))
    limits = _withdrawal_km(a)
    for i, ha in enumerate(a.holding_areas):
        geom = shape(ha.geometry)
        own = [shape(c.geometry) for c in a.controlled_areas if c.party == ha.party]
        if own and not shapely.union_all(own).contains(geom):
            yield _problem(
                file,
                f"$.features[{i}].geometry",
                f"holding area {ha.id} is not inside {ha.party}'s controlled area",
            )
        dist_km = float(shapely.distance(line, to_plane(plane, geom))) / 1000.0
        for weapon in ha.inventory:
            need = limits.get(weapon.value)
            if need is not None and dist_km < need:
                yield _problem(
                    file,
                    f"$.features[{i}].properties.inventory.{weapon.value}",
                    f"holding area {ha.id} is {dist_km:.1f} km from the contact line, "
                    f"inside the {need:g} km withdrawal distance of {weapon.value}",
                    "warning",
                )
