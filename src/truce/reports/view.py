"""A report in one language: every sentence and table cell, from the report's data.

Every number comes from the ``figures`` object (or the same counted records), so all four
languages state the same figures. All user-facing strings pass through :class:`Words` (the
``reports`` Babel catalog); the catalog test extracts them from this module.
"""

from __future__ import annotations

from typing import Any

from truce.domain.vocabulary import EventKind
from truce.reports.coverage import OTHER
from truce.reports.model import DailyReport
from truce.reports.places import NamedPlace, PlaceFigure
from truce.reports.text import Words
from truce.reports.view_sections import annex, coverage_section, other_sections


def region_name(w: Words, report: DailyReport, rid: str) -> str:
    if rid == OTHER:
        return w._("areas outside the agreement's regions")
    for r in report.agreement.doc.regions:
        if r.id == rid:
            return r.name.get(w.lang) or r.name.get("en") or rid
    return rid


def place_name(w: Words, place: NamedPlace) -> str:
    return place.in_lang(w.lang)


def direction(w: Words, code: str) -> str:
    words = {
        "N": w._("north"),
        "NE": w._("north-east"),
        "E": w._("east"),
        "SE": w._("south-east"),
        "S": w._("south"),
        "SW": w._("south-west"),
        "W": w._("west"),
        "NW": w._("north-west"),
    }
    return words[code]


def where(w: Words, f: PlaceFigure) -> str:
    """SMM style: "in areas 2-4km south-east of Zolote", or "in Zolote"."""
    name = place_name(w, f.place)
    if f.direction is None:
        return w._("in %(place)s", place=name)
    if f.km_min == 0:
        return w._(
            "within %(max)s km %(direction)s of %(place)s",
            max=w.num(f.km_max),
            direction=direction(w, f.direction),
            place=name,
        )
    return w._(
        "in areas %(min)s-%(max)s km %(direction)s of %(place)s",
        min=w.num(f.km_min),
        max=w.num(f.km_max),
        direction=direction(w, f.direction),
        place=name,
    )


def violations_phrase(w: Words, cv: int, ex: int) -> str:
    return w._(
        "%(violations)s, including %(explosions)s",
        violations=w.n_("%(num)s ceasefire violation", "%(num)s ceasefire violations", cv),
        explosions=w.n_("%(num)s explosion", "%(num)s explosions", ex),
    )


def _supported(w_: Words, report: DailyReport, rid: str) -> str:
    """What may be said of a region without violations: depends on its coverage."""
    cov = report.coverage.regions.get(rid)
    name = region_name(w_, report, rid)
    if cov is None or cov.share <= 0.0:
        return w_._(
            "In %(region)s, the mission could not observe the contact line during the "
            "reporting period; it cannot say whether ceasefire violations occurred.",
            region=name,
        )
    if not cov.supports_none_recorded:
        return w_._(
            "In %(region)s, the mission recorded no ceasefire violations, but it could observe "
            "only %(share)s of the contact line there.",
            region=name,
            share=w_.pct(cov.share),
        )
    return w_._("In %(region)s, the mission recorded no ceasefire violations.", region=name)


def summary(w: Words, report: DailyReport) -> list[str]:
    """One bullet per region (and ``other`` when it holds anything), with the previous period."""
    out = []
    for rid, f in report.figures["regions"].items():
        if rid == OTHER and not (f["incidents"] or f["dismissed_incidents"]):
            continue
        prev = f["previous"]
        if f["ceasefire_violations"] == 0 and f["incidents"] == 0:
            first = _supported(w, report, rid)
        else:
            first = w._(
                "In %(region)s, the mission recorded %(figures)s.",
                region=region_name(w, report, rid),
                figures=violations_phrase(w, f["ceasefire_violations"], f["explosions"]),
            )
        second = w._(
            "In the previous reporting period, it recorded %(figures)s.",
            figures=violations_phrase(w, prev["ceasefire_violations"], prev["explosions"]),
        )
        out.append(f"{first} {second}")
    t = report.figures["totals"]
    if t["dismissed_incidents"]:
        out.append(
            w.n_(
                "%(num)s incident was left out because an analyst dismissed its violations.",
                "%(num)s incidents were left out because an analyst dismissed their violations.",
                t["dismissed_incidents"],
            )
        )
    return out


def region_paragraphs(w: Words, report: DailyReport) -> list[dict[str, Any]]:
    out = []
    for rid, f in report.figures["regions"].items():
        if not f["incidents"]:
            continue
        sentences = [
            w._(
                "In %(region)s, the mission recorded %(figures)s, in %(incidents)s.",
                region=region_name(w, report, rid),
                figures=violations_phrase(w, f["ceasefire_violations"], f["explosions"]),
                incidents=w.n_("%(num)s incident", "%(num)s incidents", f["incidents"]),
            ),
            w.n_(
                "They rest on %(num)s observation.",
                "They rest on %(num)s observations.",
                f["observations"],
            ),
        ]
        places = report.places.get(rid, [])
        if places:
            sentences.append(
                w._(
                    "Most were recorded %(places)s.",
                    places=w._(", ").join(
                        f"{where(w, p)} ({w.num(p.ceasefire_violations)})" for p in places
                    ),
                )
            )
        out.append({"title": region_name(w, report, rid), "text": " ".join(sentences)})
    return out


def kind_name(w: Words, kind: EventKind) -> str:
    names = {
        EventKind.EXPLOSION: w._("explosions"),
        EventKind.PROJECTILE: w._("projectiles"),
        EventKind.FLARE: w._("illumination flares"),
        EventKind.MUZZLE_FLASH: w._("muzzle flashes"),
        EventKind.FIRE: w._("bursts and shots"),
    }
    return names.get(kind, kind.value)


def notable(w: Words, report: DailyReport) -> dict[str, Any]:
    rows = []
    regions = report.counted.current
    where_of = {str(i.id): rid for rid, t in regions.items() for i in t.incidents}
    for inc in report.notable:
        rows.append(
            [
                w.time(inc.window.start) + "–" + w.time(inc.window.end),
                kind_name(w, inc.kind),
                w.num(inc.counts.total),
                region_name(w, report, where_of.get(str(inc.id), OTHER)),
                f"{inc.lat:.4f}, {inc.lon:.4f}",
                w.num(inc.n_sources),
                w.num(len(inc.observation_ids)),
            ]
        )
    headers = [
        w._("Time"),
        w._("Kind"),
        w._("Number"),
        w._("Region"),
        w._("Location (lat, lon)"),
        w._("Sources"),
        w._("Observations"),
    ]
    return {"headers": headers, "rows": rows}


def build_view(report: DailyReport, w: Words) -> dict[str, Any]:
    """Everything the templates print, in the language of ``w``."""
    p = report.period
    f = report.figures
    view: dict[str, Any] = {
        "lang": w.lang,
        "title": w._("Daily report of the monitoring mission"),
        "agreement": report.agreement.doc.title.get(w.lang) or report.agreement.id,
        "as_of": w._(
            "Based on information received as of %(time)s, %(date)s",
            time=w.time(p.end),
            date=w.date(p.end),
        ),
        "period": (
            w._(
                "Between the evenings of %(first)s and %(last)s",
                first=w.date(p.start),
                last=w.date(p.end),
            )
            if report.multi_day
            else w._(
                "Reporting period: %(start)s to %(end)s",
                start=w.datetime(p.start),
                end=w.datetime(p.end),
            )
        ),
        "summary": summary(w, report),
        "regions": region_paragraphs(w, report),
        "notable": notable(w, report),
        "days": _days(w, report) if report.multi_day else None,
        "checkpoint": w._(
            "Every figure names the ledger leaves it rests on; they were computed against the "
            "signed ledger checkpoint of tree size %(size)s with root %(root)s. Check them with "
            "'truce report verify' on the JSON version of this report.",
            size=w.num(f["checkpoint"].get("size", 0)),
            root=f["checkpoint"].get("root", "–"),
        ),
        "notes": notes(w),
    }
    view.update(other_sections(w, report))
    view["coverage"] = coverage_section(w, report)
    view["annex"] = annex(w, report)
    view["h"] = headings(w)
    return view


def _days(w: Words, report: DailyReport) -> dict[str, Any]:
    rows = [
        [w.date(p.end), w.num(d["ceasefire_violations"]), w.num(d["explosions"])]
        for d, (p, _) in zip(report.figures["days"], report.counted.days, strict=True)
    ]
    return {
        "headers": [w._("Period ending"), w._("Ceasefire violations"), w._("Explosions")],
        "rows": rows,
    }


def notes(w: Words) -> list[str]:
    return [
        w._(
            "Ceasefire violations are the fused incidents of the kinds explosion, projectile, "
            "illumination flare, muzzle flash and direct fire, each counted with its "
            "de-duplicated number; explosions are part of the total and also stated on their own."
        ),
        w._(
            "An incident belongs to the reporting period that contains the start of its time "
            "window (periods include their start and exclude their end) and to the region that "
            "contains its estimated location; incidents outside every region are reported "
            "separately."
        ),
        w._(
            "Each incident is counted once, however many observers reported it. Incidents whose "
            "every violation an analyst dismissed are left out and counted separately."
        ),
        w._(
            "Coverage is the share of a region's contact line within the range of an "
            "operational post, camera, patrol, UAV or sensor, hour by hour. Where coverage is "
            "low, the absence of recorded violations does not mean that none occurred."
        ),
    ]


def headings(w: Words) -> dict[str, str]:
    return {
        "summary": w._("Summary"),
        "violations": w._("Ceasefire violations"),
        "notable": w._("Notable incidents"),
        "days": w._("Day by day"),
        "zones": w._("Disengagement areas and other zones"),
        "weapons": w._("Weapons in violation of withdrawal lines"),
        "holding": w._("Holding areas"),
        "casualties": w._("Civilian casualties and damage"),
        "restrictions": w._("Restrictions of freedom of movement and UAV interference"),
        "coverage": w._("Coverage"),
        "charts": w._("The last 30 days and the map of the period"),
        "annex": w._("Annex: incidents, violations and the observations they rest on"),
        "notes": w._("Counting rules"),
        "verification": w._("Verification"),
        "none": w._("None recorded."),
    }
