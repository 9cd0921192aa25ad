"""Geometric checks of one agreement version (used by :mod:`truce.agreement.validate`).

Topology is decided in lon/lat with straight edges (in the affine work space of
:mod:`truce.agreement._topology`), distances are geodesic, and every width is compared with
the version's tolerance (``tolerance_m``, default 25 m). Checks:

* each geometry valid (shapely's reason, and what ``shapely.make_valid`` would make of it);
* the contact line on the boundary of every party's controlled area;
* the contact line covering the whole boundary that two parties' areas share;
* no gap between line features: each end of a line part meets another part or the outer edge
  of the controlled areas (a coast, a state border);
* controlled areas of different parties, and holding areas, do not overlap by more than a
  sliver narrower than the tolerance (narrower slivers are a warning);
* holding areas inside their party's area, and beyond the withdrawal distance of what they hold
  (a warning).

Each message gives the extent of the problem: how many stretches, their length or area, the
first and the worst place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import shapely
from shapely.validation import explain_validity

from truce.agreement._topology import (
    Segments,
    WorkSpace,
    geodesic_area_km2,
    polygonal,
    samples,
    stretches,
    to_shapely,
)
from truce.agreement.clauses import WeaponWithdrawalClause
from truce.agreement.models import Agreement, Feature
from truce.agreement.problems import Problem, warning
from truce.geo.distance import Plane

#: Spacing (metres, about) of the sample points taken along lines and boundaries.
SAMPLE_SPACING_M = 100.0


def agreement_bounds(
    a: Agreement, shapes: dict[int, Any] | None = None
) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the line, the controlled areas and the regions."""
    features = (*a.controlled_areas, *a.regions, *a.contact_line)
    geoms = [shapes[id(f)] if shapes else to_shapely(f.geometry) for f in features]
    b = shapely.total_bounds(np.asarray(geoms, dtype=object))
    return float(b[0]), float(b[1]), float(b[2]), float(b[3])


def to_plane(plane: Plane, geom: Any) -> Any:
    def fn(xy: Any) -> Any:
        x, y = plane.forward(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


def _repair_hint(geom: Any) -> str:
    fixed = shapely.make_valid(geom, method="structure")
    parts = [g for g in shapely.get_parts(fixed) if not g.is_empty]
    kinds = sorted({g.geom_type for g in parts})
    areas = sorted((geodesic_area_km2(g) for g in parts if g.area > 0), reverse=True)
    sizes = ", ".join(f"{x:.3f}" for x in areas[:5])
    more = f" and {len(areas) - 5} more" if len(areas) > 5 else ""
    return (
        f"; shapely.make_valid would make it a {fixed.geom_type} of {len(parts)} part(s) "
        f"({', '.join(kinds)}; areas {sizes}{more} km²)"
        if areas
        else f"; shapely.make_valid would make it a {fixed.geom_type} with no area"
    )


def _validity(a: Agreement, rel: str, shapes: dict[int, Any]) -> Iterator[Problem]:
    layers = a.doc.layers
    groups: list[tuple[str, tuple[Feature, ...]]] = [
        (layers.contact_line, a.contact_line),
        (layers.controlled_areas, a.controlled_areas),
        (layers.regions, a.regions),
        (layers.zones or "", a.zones),
        (layers.holding_areas or "", a.holding_areas),
        (layers.sites or "", a.sites),
    ]
    for file, items in groups:
        for i, item in enumerate(items):
            geom = shapes[id(item)]
            where = f"$.features[{i}].geometry"
            if geom.is_empty:
                yield Problem(f"{rel}{file}", where, "empty geometry")
            elif not geom.is_valid:
                reason = explain_validity(geom)
                hint = _repair_hint(geom) if geom.area > 0 else ""
                yield Problem(f"{rel}{file}", where, f"invalid geometry: {reason}{hint}")


def geometry_problems(a: Agreement, rel: str) -> Iterator[Problem]:
    """Every geometric problem of version ``a`` (files named relative to ``rel``)."""
    features = (
        *a.contact_line,
        *a.controlled_areas,
        *a.regions,
        *a.zones,
        *a.holding_areas,
        *a.sites,
    )
    shapes = {id(f): to_shapely(f.geometry) for f in features}
    invalid = list(_validity(a, rel, shapes))
    yield from invalid
    if invalid:
        return
    space = WorkSpace.for_bounds(*agreement_bounds(a, shapes))
    ctx = _Context(a, rel, space, shapes)
    yield from _line_on_boundaries(ctx)
    yield from _shared_boundary_covered(ctx)
    yield from _line_gaps(ctx)
    yield from _overlaps(ctx)
    yield from _holding_placement(ctx)


def _union(geoms: list[Any]) -> Any:
    return geoms[0] if len(geoms) == 1 else shapely.union_all(np.asarray(geoms, dtype=object))


def _simplify(lines: Any, eps: float) -> Any:
    """Douglas-Peucker on lines (no topology to keep: only distances are measured on it)."""
    return shapely.simplify(lines, eps, preserve_topology=False)


class _Context:
    """The version in work space: the line, each party's area, the tolerance."""

    def __init__(self, a: Agreement, rel: str, space: WorkSpace, shapes: dict[int, Any]) -> None:
        self.a, self.rel, self.space, self.shapes = a, rel, space, shapes
        self.tol = a.doc.tolerance
        # Nearest-segment queries run on lines simplified by a fiftieth of the tolerance
        # (Douglas-Peucker keeps original vertices; distances change by at most that much).
        self.eps = self.tol / 50.0
        self.line_parts = [
            g for f in a.contact_line for g in shapely.get_parts(space.fwd(shapes[id(f)]))
        ]
        self.line = _union(self.line_parts)
        self.line_segments = Segments(_simplify(self.line, self.eps))
        self.areas: dict[str, Any] = {}
        for party in a.party_ids:
            own = [space.fwd(shapes[id(c)]) for c in a.controlled_areas if c.party == party]
            if own:
                self.areas[party] = _union(own)
        self.boundaries = {
            p: Segments(_simplify(g.boundary, self.eps)) for p, g in self.areas.items()
        }
        self.line_file = f"{rel}{a.doc.layers.contact_line}"
        self.areas_file = f"{rel}{a.doc.layers.controlled_areas}"
        self.spacing = SAMPLE_SPACING_M


def _line_on_boundaries(ctx: _Context) -> Iterator[Problem]:
    xy, part = samples(_simplify(ctx.line, ctx.eps), ctx.spacing)
    for party, boundary in ctx.boundaries.items():
        dist, _ = boundary.nearest(xy, ctx.space)
        found = stretches(xy, part, dist > ctx.tol, dist, ctx.space)
        if found:
            yield Problem(
                ctx.line_file,
                "$.features",
                f"contact line is not on the boundary of {party}'s controlled area along "
                f"{found.text()} (tolerance {ctx.tol:g} m)",
            )


def _shared_boundary_covered(ctx: _Context) -> Iterator[Problem]:
    parties = list(ctx.areas)
    for i, p in enumerate(parties):
        xy, part = samples(_simplify(ctx.areas[p].boundary, ctx.eps), ctx.spacing)
        for q in parties[i + 1 :]:
            to_q, _ = ctx.boundaries[q].nearest(xy, ctx.space)
            shared = to_q <= ctx.tol
            if not shared.any():
                continue
            to_line, _ = ctx.line_segments.nearest(xy, ctx.space)
            found = stretches(xy, part, shared & (to_line > ctx.tol), to_line, ctx.space)
            if found:
                yield Problem(
                    ctx.line_file,
                    "$.features",
                    f"contact line does not cover the boundary shared by {p}'s and {q}'s "
                    f"controlled areas along {found.text()} from the line "
                    f"(tolerance {ctx.tol:g} m)",
                )


def _at_outer_edge(ctx: _Context, xy: Any) -> bool:
    """Whether a work-space point lies within about the tolerance of the outer edge of the
    controlled areas: some point 2 tolerances away from it lies outside every area."""
    ang = np.linspace(0.0, 2 * np.pi, 16, endpoint=False)
    r = 2.0 * ctx.tol
    px, py = xy[0] + r * np.cos(ang), xy[1] + r * np.sin(ang)
    inside = np.zeros(len(ang), dtype=bool)
    for area in ctx.areas.values():
        inside |= shapely.intersects_xy(area, px, py)
    return not bool(inside.all())


def _line_gaps(ctx: _Context) -> Iterator[Problem]:
    parts = ctx.line_parts
    for k, g in enumerate(parts):
        others = [h for j, h in enumerate(parts) if j != k]
        other_segments = Segments(_union(others)) if others else None
        ends = np.asarray([g.coords[0], g.coords[-1]])[:, :2]
        if np.array_equal(ends[0], ends[1]):
            continue  # a closed line has no ends
        if other_segments is not None:
            to_other, _ = other_segments.nearest(ends, ctx.space)
        else:
            to_other = np.full(2, np.inf)
        for e in range(2):
            if to_other[e] <= ctx.tol or _at_outer_edge(ctx, ends[e]):
                continue
            lon, lat = ctx.space.lonlat(ends[e : e + 1])[0]
            near = (
                f"{to_other[e]:,.0f} m from the nearest other line part"
                if np.isfinite(to_other[e])
                else "with no other line part"
            )
            yield Problem(
                ctx.line_file,
                "$.features",
                f"gap in the contact line: line part {k} ends at lon {lon:.5f}, lat {lat:.5f}, "
                f"{near}, inside the controlled areas (more than {ctx.tol:g} m from their "
                "outer edge)",
            )


def _overlap(ctx: _Context, left: Any, right: Any) -> tuple[str, bool] | None:
    """Extent of the overlap of two work-space areas, and whether any part of it is wider
    than the tolerance; ``None`` when they do not overlap."""
    inter = polygonal(shapely.intersection(left, right))
    if inter.is_empty:
        return None
    wide = polygonal(shapely.buffer(inter, -ctx.tol / 2.0))
    lonlat = shapely.transform(inter, ctx.space.lonlat)
    pieces = len(shapely.get_parts(inter))
    text = f"{geodesic_area_km2(lonlat):.3f} km² in {pieces} piece(s)"
    if not wide.is_empty:
        w, s, e, n = shapely.bounds(shapely.transform(wide, ctx.space.lonlat))
        text += (
            f", wider than the {ctx.tol:g} m tolerance within lon {w:.5f} to {e:.5f}, "
            f"lat {s:.5f} to {n:.5f}"
        )
    else:
        text += f", each narrower than the {ctx.tol:g} m tolerance"
    return text, not wide.is_empty


def _overlaps(ctx: _Context) -> Iterator[Problem]:
    a = ctx.a
    parties = list(ctx.areas)
    for i, p in enumerate(parties):
        for q in parties[i + 1 :]:
            found = _overlap(ctx, ctx.areas[p], ctx.areas[q])
            if found:
                text, wide = found
                msg = f"controlled areas of {p} and {q} overlap: {text}"
                yield (
                    Problem(ctx.areas_file, "$.features", msg)
                    if wide
                    else warning(ctx.areas_file, "$.features", msg)
                )
    holding = [ctx.space.fwd(ctx.shapes[id(h)]) for h in a.holding_areas]
    if len(holding) < 2:
        return
    arr = np.asarray(holding, dtype=object)
    left, right = shapely.STRtree(arr).query(arr, predicate="intersects")
    file = f"{ctx.rel}{a.doc.layers.holding_areas}"
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i < j:
            found = _overlap(ctx, holding[i], holding[j])
            if found and found[1]:
                yield Problem(
                    file,
                    f"$.features[{j}].geometry",
                    f"holding area {a.holding_areas[j].id} overlaps "
                    f"{a.holding_areas[i].id}: {found[0]}",
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


def _holding_placement(ctx: _Context) -> Iterator[Problem]:
    a = ctx.a
    if not a.holding_areas:
        return
    file = f"{ctx.rel}{a.doc.layers.holding_areas}"
    limits = _withdrawal_km(a)
    for i, ha in enumerate(a.holding_areas):
        geom = ctx.space.fwd(ctx.shapes[id(ha)])
        own = ctx.areas.get(ha.party)
        outside = polygonal(shapely.difference(geom, own)) if own is not None else None
        if outside is not None and not polygonal(shapely.buffer(outside, -ctx.tol / 2)).is_empty:
            yield Problem(
                file,
                f"$.features[{i}].geometry",
                f"holding area {ha.id} is not inside {ha.party}'s controlled area "
                f"({geodesic_area_km2(shapely.transform(outside, ctx.space.lonlat)):.3f} km² "
                "outside it)",
            )
        near = shapely.get_coordinates(shapely.shortest_line(ctx.line, geom))
        dist_km = float(ctx.space.geodesic(near[:1], near[1:])[0]) / 1000.0
        for weapon in ha.inventory:
            need = limits.get(weapon.value)
            if need is not None and dist_km < need:
                yield warning(
                    file,
                    f"$.features[{i}].properties.inventory.{weapon.value}",
                    f"holding area {ha.id} is {dist_km:.1f} km from the contact line, "
                    f"inside the {need:g} km withdrawal distance of {weapon.value}",
                )
