"""Segments of a polyline at one level of detail, and the candidate grid that searches them.

Internal to :mod:`truce.geo.distance`. Plane metres throughout.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import shapely

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_CHUNK = 1 << 17  # candidate evaluations per NumPy batch


@dataclass(frozen=True)
class GridLayout:
    """A regular grid of square cells over a plane extent."""

    x0: float
    y0: float
    size: float
    nx: int
    ny: int

    @classmethod
    def over(cls, extent: tuple[float, float, float, float], cells: int) -> GridLayout:
        minx, miny, maxx, maxy = extent
        size = max(math.sqrt(max((maxx - minx) * (maxy - miny), 1.0) / cells), 1.0)
        nx = max(1, int(math.ceil((maxx - minx) / size)))
        ny = max(1, int(math.ceil((maxy - miny) / size)))
        return cls(minx, miny, size, nx, ny)

    @property
    def n(self) -> int:
        return self.nx * self.ny

    @property
    def half_diagonal(self) -> float:
        return self.size * math.sqrt(0.5)

    def centres(self) -> tuple[FloatArray, FloatArray]:
        ix, iy = np.meshgrid(np.arange(self.nx), np.arange(self.ny), indexing="xy")
        cx = np.asarray(self.x0 + (ix.ravel() + 0.5) * self.size, dtype=np.float64)
        cy = np.asarray(self.y0 + (iy.ravel() + 0.5) * self.size, dtype=np.float64)
        return cx, cy

    def cell_of(self, x: FloatArray, y: FloatArray) -> tuple[BoolArray, IntArray]:
        i = np.floor((x - self.x0) / self.size)
        j = np.floor((y - self.y0) / self.size)
        inside = (i >= 0) & (i < self.nx) & (j >= 0) & (j < self.ny)
        return inside, np.where(inside, j * self.nx + i, 0).astype(np.int64)


@dataclass(frozen=True)
class CandidateGrid:
    """Per active cell, every segment that can be nearest to some point of the cell.

    Any point of a cell lies within the half-diagonal of its centre, so its distance to the
    line is at most ``d(centre) + h/sqrt(2)``: segments farther than that from the cell cannot
    be nearest. Inactive cells have no candidates; ``d_centre`` is NaN there.
    """

    layout: GridLayout
    indptr: IntArray
    indices: IntArray
    d_centre: FloatArray

    @classmethod
    def build(
        cls, *, tree: shapely.STRtree, layout: GridLayout, active: BoolArray | None = None
    ) -> CandidateGrid:
        cx, cy = layout.centres()
        on = np.flatnonzero(active) if active is not None else np.arange(layout.n)
        d_centre = np.full(layout.n, np.nan)
        if len(on):
            pts = shapely.points(cx[on], cy[on])
            d_centre[on] = tree.query_nearest(pts, return_distance=True, all_matches=False)[1]
        reach = d_centre[on] + layout.half_diagonal * 1.000001 + 1e-6
        half = layout.size / 2.0
        boxes = shapely.box(cx[on] - half, cy[on] - half, cx[on] + half, cy[on] + half)
        local, seg = (
            tree.query(boxes, predicate="dwithin", distance=reach)
            if len(on)
            else (np.zeros(0, np.int64),) * 2
        )
        cell = on[local]
        order = np.lexsort((seg, cell))
        indptr = np.zeros(layout.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(cell, minlength=layout.n), out=indptr[1:])
        return cls(layout, indptr, np.asarray(seg[order], dtype=np.int64), d_centre)


@dataclass
class Segments:
    """The segments of a (multi)polyline simplified with Douglas-Peucker at ``tolerance`` metres
    (so every point of the original is within ``tolerance`` of them, and back)."""

    parts: Sequence[FloatArray]
    tolerance: float
    ax: FloatArray = field(init=False, repr=False)
    ay: FloatArray = field(init=False, repr=False)
    dx: FloatArray = field(init=False, repr=False)
    dy: FloatArray = field(init=False, repr=False)
    part_of: IntArray = field(init=False, repr=False)
    inv_len2: FloatArray = field(init=False, repr=False)
    tree: shapely.STRtree = field(init=False, repr=False)
    grid: CandidateGrid | None = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        starts, ends, part_of = [], [], []
        for k, xy in enumerate(self.parts):
            if len(xy) < 2:
                continue
            simple = shapely.get_coordinates(
                shapely.simplify(shapely.linestrings(xy), self.tolerance)
            )
            starts.append(simple[:-1])
            ends.append(simple[1:])
            part_of.append(np.full(len(simple) - 1, k, dtype=np.int64))
        if not starts:
            raise ValueError("a polyline needs at least one part with two vertices")
        a, b = np.concatenate(starts), np.concatenate(ends)
        self.ax, self.ay = a[:, 0].copy(), a[:, 1].copy()
        self.dx, self.dy = b[:, 0] - a[:, 0], b[:, 1] - a[:, 1]
        self.part_of = np.concatenate(part_of)
        len2 = self.dx * self.dx + self.dy * self.dy
        self.inv_len2 = np.divide(1.0, len2, out=np.zeros_like(len2), where=len2 > 0)
        self.tree = shapely.STRtree(shapely.linestrings(np.stack([a, b], axis=1)))

    def __len__(self) -> int:
        return len(self.ax)

    def measure(
        self, px: FloatArray, py: FloatArray, seg: IntArray
    ) -> tuple[FloatArray, FloatArray]:
        """Distance from each point to its segment ``seg`` and the position ``t`` of the foot."""
        qx, qy = px - self.ax[seg], py - self.ay[seg]
        sx, sy = self.dx[seg], self.dy[seg]
        t = np.clip((qx * sx + qy * sy) * self.inv_len2[seg], 0.0, 1.0)
        return np.hypot(qx - t * sx, qy - t * sy), t

    def nearest(self, px: FloatArray, py: FloatArray) -> IntArray:
        """Index of the nearest segment of each point: the grid's candidates where the grid
        has any, the STRtree elsewhere."""
        seg = np.empty(len(px), dtype=np.int64)
        todo = np.ones(len(px), dtype=bool)
        if self.grid is not None:
            inside, cell = self.grid.layout.cell_of(px, py)
            counts = self.grid.indptr[cell + 1] - self.grid.indptr[cell]
            use = inside & (counts > 0)
            self._in_cells(px, py, cell, counts, use, seg)
            todo = ~use
        if todo.any():
            pts = shapely.points(px[todo], py[todo])
            seg[todo] = self.tree.query_nearest(pts, all_matches=False)[1]
        return seg

    def _in_cells(
        self,
        px: FloatArray,
        py: FloatArray,
        cell: IntArray,
        counts: IntArray,
        use: BoolArray,
        out: IntArray,
    ) -> None:
        # Bucket points by candidate count (next power of two) to pad little.
        width = np.where(use, 1 << np.ceil(np.log2(np.maximum(counts, 1))).astype(np.int64), 0)
        for w in np.unique(width[width > 0]).tolist():
            idx = np.flatnonzero(width == w)
            step = max(1, _CHUNK // w)
            for s in range(0, len(idx), step):
                sel = idx[s : s + step]
                out[sel] = self._argmin_padded(px[sel], py[sel], cell[sel], counts[sel], w)

    def _argmin_padded(
        self, px: FloatArray, py: FloatArray, cell: IntArray, count: IntArray, width: int
    ) -> IntArray:
        assert self.grid is not None
        # Pad each row by repeating its last candidate: harmless for a minimum.
        col = np.minimum(np.arange(width)[None, :], (count - 1)[:, None])
        cand = self.grid.indices[self.grid.indptr[cell][:, None] + col]
        qx = px[:, None] - self.ax[cand]
        qy = py[:, None] - self.ay[cand]
        sx, sy = self.dx[cand], self.dy[cand]
        t = (qx * sx + qy * sy) * self.inv_len2[cand]
        np.clip(t, 0.0, 1.0, out=t)
        qx -= t * sx
        qy -= t * sy
        best = np.argmin(qx * qx + qy * qy, axis=1)
        return np.asarray(cand[np.arange(len(cand)), best], dtype=np.int64)
