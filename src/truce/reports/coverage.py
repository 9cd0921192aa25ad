"""Coverage of the contact line: where and when the mission could observe at all.

Issue #13: "Coverage of a region for a period is computed as the share of its contact line
(length within the region) that lay within ``range_km`` of an operational source, per hour of
the period."

How, exactly (pure; no database):

* The contact line is cut into pieces of at most :data:`STEP_M` metres in a local azimuthal
  equidistant plane centred on the agreement's extent (:class:`~truce.geo.projection.LocalPlane`,
  distance error well under 0.5 % over a few hundred km). Each piece belongs to the region
  whose polygon *covers* its midpoint (an edge point is inside), else to ``other``.
* A piece is covered at time ``t`` when its midpoint lies within ``range_km`` (plane metres)
  of an operational source active at ``t``: of its ``position``, or of any point of its
  ``track`` (a patrol's route or a UAV flight is taken to watch its whole track for the whole
  duty period; the record carries no times along the track). ``non_operational`` and
  ``restricted`` records cover nothing.
* Hours run from the period's start (``[start + k h, start + (k+1) h)``, the last one cut at
  the end). The share of an hour is time-weighted: the covered length integrated over the
  hour, divided by the region's line length and the hour's duration. The period's share is
  the duration-weighted mean of its hours; an hour is *not covered* when its share is 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import shape

from truce.agreement.models import Agreement
from truce.domain.coverage import Coverage
from truce.geo.projection import LocalPlane

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Longest piece of the contact line, metres.
STEP_M = 250.0
#: Region id of line pieces outside every region.
OTHER = "other"
#: A region's "no ceasefire violations recorded" is stated only at or above this share.
SUPPORTED_SHARE = 0.5


class Regions:
    """The agreement's region polygons; ``of`` gives each point's region id or ``other``."""

    def __init__(self, agreement: Agreement) -> None:
        self.ids: tuple[str, ...] = tuple(dict.fromkeys(r.region for r in agreement.regions))
        self._areas = [(r.region, shape(r.geometry)) for r in agreement.regions]

    @property
    def keys(self) -> tuple[str, ...]:
        """Every region id, then ``other``."""
        return (*self.ids, OTHER)

    def of(self, lon: npt.ArrayLike, lat: npt.ArrayLike) -> list[str]:
        x, y = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        out = np.full(len(x), OTHER, dtype=object)
        for rid, area in reversed(self._areas):  # the first region listed wins
            out[shapely.intersects_xy(area, x, y)] = rid
        return [str(v) for v in out]


@dataclass(frozen=True)
class LineSamples:
    """The contact line in pieces: plane midpoints, lengths (m), lon/lat, region ids."""

    plane: LocalPlane
    x: FloatArray
    y: FloatArray
    lon: FloatArray
    lat: FloatArray
    length_m: FloatArray
    region: tuple[str, ...]
    regions: tuple[str, ...]  # distinct region ids, agreement order, then ``other`` if any
    #: Per piece: its two ends as lon0, lat0, lon1, lat1 (n x 4), and the line part it is of.
    ends: FloatArray
    part: npt.NDArray[np.int64]

    @classmethod
    def of(cls, agreement: Agreement, *, step_m: float = STEP_M) -> LineSamples:
        lines = shapely.union_all([shape(f.geometry) for f in agreement.contact_line])
        w, s, e, n = shapely.bounds(lines)
        plane = LocalPlane.for_bounds(float(w), float(s), float(e), float(n))
        parts = lines.geoms if hasattr(lines, "geoms") else [lines]
        xs, ys, lens, ends, part_of = [], [], [], [], []
        for k, part in enumerate(parts):
            c = np.asarray(part.coords)[:, :2]
            px, py = plane.forward(c[:, 0], c[:, 1])
            dense = shapely.segmentize(shapely.linestrings(np.column_stack([px, py])), step_m)
            d = shapely.get_coordinates(dense)
            xs.append((d[:-1, 0] + d[1:, 0]) / 2)
            ys.append((d[:-1, 1] + d[1:, 1]) / 2)
            lens.append(np.hypot(np.diff(d[:, 0]), np.diff(d[:, 1])))
            elon, elat = plane.inverse(d[:, 0], d[:, 1])
            ends.append(np.column_stack([elon[:-1], elat[:-1], elon[1:], elat[1:]]))
            part_of.append(np.full(len(d) - 1, k, dtype=np.int64))
        x, y, length = np.concatenate(xs), np.concatenate(ys), np.concatenate(lens)
        lon, lat = plane.inverse(x, y)
        regions = Regions(agreement)
        region = regions.of(lon, lat)
        present = regions.ids + ((OTHER,) if OTHER in region else ())
        return cls(
            plane, x, y, lon, lat, length, tuple(region), present,
            np.concatenate(ends), np.concatenate(part_of),
        )  # fmt: skip

    def line_m(self, region: str) -> float:
        return float(self.length_m[np.asarray(self.region) == region].sum())


@dataclass(frozen=True)
class RegionCoverage:
    """One region's coverage over a period (shares in [0, 1])."""

    region: str
    line_km: float
    share: float
    hourly: tuple[float, ...]
    #: Start offsets (hours from the period's start) of hours with share 0.
    uncovered_hours: tuple[int, ...]
    #: Sources with a non-operational or restricted record in the period, nearest this region.
    non_operational: tuple[str, ...]

    @property
    def supports_none_recorded(self) -> bool:
        """Whether "no violations recorded" may be said of this region for the period."""
        return self.share >= SUPPORTED_SHARE and not self.uncovered_hours


@dataclass(frozen=True)
class CoverageResult:
    regions: dict[str, RegionCoverage]
    #: Per line piece: covered at some time of the period (for the map).
    covered_any: BoolArray
    samples: LineSamples


def source_masks(samples: LineSamples, records: Sequence[Coverage]) -> BoolArray:
    """(records x pieces): which pieces each record's source could observe."""
    pts = shapely.points(samples.x, samples.y)
    out = np.zeros((len(records), len(samples.x)), dtype=bool)
    for k, rec in enumerate(records):
        lonlat = rec.points()
        if not lonlat:
            continue
        lon, lat = zip(*lonlat, strict=True)
        px, py = samples.plane.forward(lon, lat)
        geom = (
            shapely.points(px[0], py[0])
            if len(px) == 1
            else shapely.linestrings(np.column_stack([px, py]))
        )
        out[k] = shapely.distance(geom, pts) <= rec.range_km * 1000.0
    return out


def _hours(start: float, end: float) -> list[tuple[float, float]]:
    n = max(1, math.ceil((end - start) / 3600.0 - 1e-9))
    return [(start + k * 3600.0, min(start + (k + 1) * 3600.0, end)) for k in range(n)]


def compute_coverage(
    *,
    samples: LineSamples,
    records: Iterable[Coverage],
    start: datetime,
    end: datetime,
) -> CoverageResult:
    """Coverage of every region over ``[start, end)`` (see the module docstring)."""
    t0, t1 = start.timestamp(), end.timestamp()
    recs = [r for r in records if _overlaps(r, t0, t1)]
    operational = [r for r in recs if r.operational]
    masks = source_masks(samples, operational)
    a = np.array([r.observed.start.timestamp() for r in operational])
    b = np.array([r.observed.end.timestamp() for r in operational])
    region = np.asarray(samples.region)
    totals = {g: samples.line_m(g) for g in samples.regions}
    hourly: dict[str, list[float]] = {g: [] for g in samples.regions}
    covered_any: BoolArray = np.zeros(len(region), dtype=bool)
    if operational:
        covered_any = np.asarray(masks.any(axis=0), dtype=bool)
    hours = _hours(t0, t1)
    for h0, h1 in hours:
        cuts = sorted({h0, h1, *[v for v in (*a, *b) if h0 < v < h1]})
        acc = dict.fromkeys(samples.regions, 0.0)
        for u, v in zip(cuts[:-1], cuts[1:], strict=True):
            active = (a <= u) & (b >= v) & (b > a)
            covered = masks[active].any(axis=0) if active.any() else None
            if covered is None:
                continue
            for g in samples.regions:
                sel = covered & (region == g)
                acc[g] += float(samples.length_m[sel].sum()) * (v - u)
        for g in samples.regions:
            denom = totals[g] * (h1 - h0)
            hourly[g].append(acc[g] / denom if denom > 0 else 0.0)
    durations = [h1 - h0 for h0, h1 in hours]
    regions = {
        g: RegionCoverage(
            region=g,
            line_km=round(totals[g] / 1000.0, 3),
            share=round(float(np.average(hourly[g], weights=durations)), 4),
            hourly=tuple(round(float(v), 4) for v in hourly[g]),
            uncovered_hours=tuple(k for k, v in enumerate(hourly[g]) if v <= 0.0),
            non_operational=_not_operational(samples, recs, g),
        )
        for g in samples.regions
    }
    return CoverageResult(regions, covered_any, samples)


def _overlaps(rec: Coverage, t0: float, t1: float) -> bool:
    return rec.observed.start.timestamp() < t1 and rec.observed.end.timestamp() > t0


def _not_operational(
    samples: LineSamples, recs: Sequence[Coverage], region: str
) -> tuple[str, ...]:
    out = []
    for rec in recs:
        if rec.operational or not rec.points():
            continue
        lon, lat = rec.points()[0]
        px, py = samples.plane.forward([lon], [lat])
        k = int(np.argmin(np.hypot(samples.x - px[0], samples.y - py[0])))
        if samples.region[k] == region:
            out.append(f"{rec.source.type.value}:{rec.source.id}")
    return tuple(sorted(set(out)))


def observed_pieces(samples: LineSamples, records: Iterable[Coverage]) -> BoolArray:
    """Per line piece: within range of an operational source of ``records`` (at any of their
    times), as ``CoverageResult.covered_any``. Sources watching the same points with the same
    range (a post's successive duty periods) are measured once."""
    distinct = {(r.points(), r.range_km): r for r in records if r.operational}
    masks = source_masks(samples, list(distinct.values()))
    return np.asarray(masks.any(axis=0), dtype=bool)


@dataclass(frozen=True)
class LineRun:
    """Consecutive pieces of one line part with the same state and region (for the map)."""

    covered: bool
    region: str
    length_m: float
    #: lon/lat vertices along the run, in line order.
    coordinates: tuple[tuple[float, float], ...]


def line_runs(samples: LineSamples, covered: BoolArray) -> list[LineRun]:
    """The contact line cut wherever a part ends or the covered state or region changes."""
    out: list[LineRun] = []
    n, start = len(samples.x), 0
    for i in range(1, n + 1):
        same = (
            i < n
            and samples.part[i] == samples.part[start]
            and covered[i] == covered[start]
            and samples.region[i] == samples.region[start]
        )
        if same:
            continue
        e = samples.ends[start:i]
        coords = [(float(e[0, 0]), float(e[0, 1]))]
        coords += [(float(a), float(b)) for a, b in e[:, 2:4]]
        length = float(samples.length_m[start:i].sum())
        out.append(LineRun(bool(covered[start]), samples.region[start], length, tuple(coords)))
        start = i
    return out
