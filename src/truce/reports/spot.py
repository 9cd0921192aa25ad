"""A spot report: one serious incident — what, where, when, who observed it, the violations
with their geometric facts, a map, and the proof that its records are in the ledger."""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass, field
from typing import Any

from truce.agreement.models import Agreement, ReportingPeriod
from truce.domain.incident import Incident
from truce.domain.observation import Observation
from truce.domain.violation import Decision, Violation
from truce.reports.places import PlaceFigure, PlaceIndex, most_violations
from truce.reports.text import Words, check_language


@dataclass(frozen=True)
class SpotReport:
    agreement: Agreement
    reporting: ReportingPeriod
    incident: Incident
    region: str
    observations: list[tuple[Observation, int | None]]
    violations: list[tuple[Violation, Decision | None]]
    place: PlaceFigure | None
    #: leaf index -> audit path (hex) in the checkpoint's tree
    proofs: dict[int, list[str]]
    checkpoint: dict[str, Any]
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def figures(self) -> dict[str, Any]:
        i = self.incident
        return {
            "format": "truce-spot-report/1",
            "incident": str(i.id),
            "kind": i.kind.value,
            "counts": i.counts.model_dump(mode="json"),
            "window": {"start": i.window.start.isoformat(), "end": i.window.end.isoformat()},
            "location": {"lon": i.lon, "lat": i.lat, "region": self.region},
            "ellipse": i.ellipse.model_dump(mode="json"),
            "observations": len(self.observations),
            "violations": [str(v.id) for v, _ in self.violations],
            "checkpoint": self.checkpoint,
            "leaves": sorted(k for _, k in self.observations if k is not None),
            "proofs": {str(k): v for k, v in sorted(self.proofs.items())},
        }


def build_spot_report(
    *, agreement: Agreement, reporting: ReportingPeriod, incident: Incident, region: str,
    observations: list[tuple[Observation, int | None]],
    violations: list[tuple[Violation, Decision | None]], places: PlaceIndex,
    proofs: dict[int, list[str]], checkpoint: dict[str, Any],
) -> SpotReport:  # fmt: skip
    near = most_violations([incident], places, top=1)
    return SpotReport(agreement, reporting, incident, region, observations, violations,
                      near[0] if near else None, proofs, checkpoint)  # fmt: skip


def spot_view(report: SpotReport, w: Words) -> dict[str, Any]:
    from truce.reports.view import kind_name, where

    i = report.incident
    lat, lon = f"{i.lat:.5f}", f"{i.lon:.5f}"
    rows = [
        [o.source.type.value + ": " + o.source.id, w.datetime(o.observed.start),
         w.num(o.event.count.value or 0), "–" if leaf is None else str(leaf)]
        for o, leaf in report.observations
    ]  # fmt: skip
    vrows = [
        [v.clause_id, v.outcome,
         w._("%(km)s km", km=w.num(round((v.facts.distance_m or 0.0) / 1000.0, 2))),
         ", ".join(v.facts.zones) or "–", "–" if d is None else d.status]
        for v, d in report.violations
    ]  # fmt: skip
    return {
        "lang": w.lang,
        "title": w._("Spot report"),
        "what": w._(
            "%(kind)s: %(count)s, between %(start)s and %(end)s.",
            kind=kind_name(w, i.kind),
            count=w.num(i.counts.total),
            start=w.datetime(i.window.start),
            end=w.time(i.window.end),
        ),
        "where": w._(
            "Estimated location %(lat)s, %(lon)s (95 %% ellipse %(a)s by %(b)s m)%(near)s.",
            lat=lat,
            lon=lon,
            a=w.num(round(i.ellipse.semi_major_m)),
            b=w.num(round(i.ellipse.semi_minor_m)),
            near=(", " + where(w, report.place)) if report.place else "",
        ),
        "observers": {
            "headers": [w._("Source"), w._("Start"), w._("Number"), w._("Ledger leaf")],
            "rows": rows,
        },
        "violations": {
            "headers": [
                w._("Clause"),
                w._("Outcome"),
                w._("Distance to the line"),
                w._("Zone"),
                w._("Review"),
            ],
            "rows": vrows,
        },  # fmt: skip
        "proof": w._(
            "Each observation's ledger leaf is proven included in the tree of size %(size)s "
            "with root %(root)s; the audit paths are in the JSON version of this report.",
            size=w.num(report.checkpoint.get("size", 0)),
            root=report.checkpoint.get("root", "–"),
        ),
        "h": {
            "observers": w._("Who observed it"),
            "violations": w._("Violations"),
            "proof": w._("Verification"),
            "none": w._("None recorded."),
        },  # fmt: skip
    }


def _map(report: SpotReport, w: Words) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from shapely.geometry import shape

    from truce.geo.ellipse import incident_polygon

    i = report.incident
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for f in report.agreement.contact_line:
        g = shape(f.geometry)
        for part in getattr(g, "geoms", [g]):
            xs, ys = part.xy
            ax.plot(xs, ys, color="#c0392b", lw=1)
    xs, ys = incident_polygon(i, 48).exterior.xy
    ax.fill(xs, ys, color="#34495e", alpha=0.3)
    ax.plot([i.lon], [i.lat], "k+", ms=10)
    for o, _ in report.observations:
        if o.position.lon is not None and o.position.lat is not None:
            ax.plot([o.position.lon], [o.position.lat], "o", color="#1e8449", ms=4)
    pad = 0.12
    ax.set_xlim(i.lon - pad, i.lon + pad)
    ax.set_ylim(i.lat - pad * 0.7, i.lat + pad * 0.7)
    ax.tick_params(labelsize=7)
    ax.set_title(w._("Map of the incident"), fontsize=9, loc="left")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def render_spot(report: SpotReport, *, lang: str, fmt: str) -> bytes:
    from truce.reports.render import ReportFormat, environment, html_to_pdf, report_format

    check_language(lang)
    kind = report_format(fmt)
    w = Words(lang, report.reporting.time_zone)
    view = spot_view(report, w)
    if kind is ReportFormat.JSON:
        doc = {"figures": report.figures(), "lang": lang, "text": view}
        return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode()
    if kind is ReportFormat.MD:
        return environment().get_template("spot.md").render(v=view).encode()
    html = (
        environment()
        .get_template("spot.html")
        .render(v=view, f=report.figures(), image=_map(report, w))
    )
    return html.encode() if kind is ReportFormat.HTML else html_to_pdf(html)
