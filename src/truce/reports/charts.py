"""Charts and the static map of a report (Matplotlib, Agg backend; no tiles, no network).

* 30-day chart: ceasefire violations (bars) and explosions (line) per region and day.
* Map of the period: controlled areas, zones, the contact line with its covered (solid) and
  uncovered (dotted red) stretches, and each counted incident with its 95 % ellipse.
  Axes are lon/lat with the aspect set to 1/cos(latitude), so shapes look right.
"""

from __future__ import annotations

import io
import math
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from shapely.geometry import shape  # noqa: E402

from truce.reports.model import DailyReport  # noqa: E402
from truce.reports.text import Words  # noqa: E402

_DPI = 110
_AREA_COLOURS = ("#dbe8f5", "#f6e3d6", "#e5f0dc", "#efe0f0")


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def chart_png(report: DailyReport, w: Words) -> bytes:
    from truce.reports.view import region_name

    keys = [k for k in report.figures["regions"] if any(t[k].incidents for _, t in report.series)]
    keys = keys or list(report.figures["regions"])[:1]
    fig, axes = plt.subplots(len(keys), 1, figsize=(7.5, 1.9 * len(keys)), squeeze=False)
    days = [w.date(p.end) for p, _ in report.series]
    x = np.arange(len(days))
    for ax, key in zip(axes[:, 0], keys, strict=True):
        cv = [t[key].ceasefire_violations for _, t in report.series]
        ex = [t[key].explosions for _, t in report.series]
        ax.bar(x, cv, color="#5b7fa6", label=w._("Ceasefire violations"))
        ax.plot(x, ex, color="#c0392b", marker=".", label=w._("Explosions"))
        ax.set_title(region_name(w, report, key), fontsize=9, loc="left")
        ax.tick_params(labelsize=7)
        ax.set_xticks(x[::5], [days[k] for k in range(0, len(days), 5)], fontsize=6)
        ax.legend(fontsize=7, loc="upper left", frameon=False)
    fig.tight_layout()
    return _png(fig)


def _poly(ax: Axes, geometry: dict[str, Any], **kw: Any) -> None:
    geom = shape(geometry)
    for g in getattr(geom, "geoms", [geom]):
        xs, ys = g.exterior.xy
        ax.fill(xs, ys, **kw)


def map_png(report: DailyReport, w: Words) -> bytes:
    a = report.agreement
    fig, ax = plt.subplots(figsize=(7.5, 5.5))
    for k, area in enumerate(a.controlled_areas):
        _poly(ax, area.geometry, color=_AREA_COLOURS[k % len(_AREA_COLOURS)], zorder=0, lw=0)
    for zone in a.zones:
        _poly(ax, zone.geometry, facecolor="none", edgecolor="#7d3c98", lw=0.8, hatch="//",
              zorder=1)  # fmt: skip
    s = report.coverage.samples
    covered = report.coverage.covered_any
    ax.scatter(s.lon[covered], s.lat[covered], s=1.2, color="#1e8449", zorder=2,
               label=w._("contact line, observed"))  # fmt: skip
    ax.scatter(s.lon[~covered], s.lat[~covered], s=1.2, color="#c0392b", zorder=2,
               label=w._("contact line, not observed"))  # fmt: skip
    incidents = [i for t in report.counted.current.values() for i in t.incidents]
    if incidents:
        # 95 % ellipses in the line's plane (one projection for all, not one plane each)
        cx, cy = s.plane.forward([i.lon for i in incidents], [i.lat for i in incidents])
        rings = [i.ellipse.plane_points(24) for i in incidents]
        ex = np.concatenate([x + cx[k] for k, (x, _) in enumerate(rings)])
        ey = np.concatenate([y + cy[k] for k, (_, y) in enumerate(rings)])
        elon, elat = s.plane.inverse(ex, ey)
        segs = [
            np.column_stack([elon[24 * k : 24 * (k + 1)], elat[24 * k : 24 * (k + 1)]])
            for k in range(len(incidents))
        ]
        ax.add_collection(LineCollection(segs, colors="#34495e", linewidths=0.4, zorder=3))
    if incidents:
        ax.scatter([i.lon for i in incidents], [i.lat for i in incidents], s=4, color="#000",
                   zorder=4, label=w._("incident (95 % ellipse)"))  # fmt: skip
    lat0 = float(np.mean(s.lat)) if len(s.lat) else 48.0
    ax.set_aspect(1.0 / math.cos(math.radians(lat0)))
    ax.tick_params(labelsize=7)
    ax.legend(fontsize=7, loc="lower left", markerscale=4)
    ax.set_title(w._("Map of the reporting period"), fontsize=9, loc="left")
    return _png(fig)
