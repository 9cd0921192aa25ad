"""The report's later sections in one language: zones, weapons, holding areas, casualties,
restrictions, coverage and the annex (strings through the ``reports`` catalog)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from truce.domain.vocabulary import EventKind, Weapon
from truce.reports.coverage import OTHER
from truce.reports.text import Words

if TYPE_CHECKING:
    from truce.reports.model import DailyReport


def weapon_name(w: Words, weapon: Weapon | None) -> str:
    names = {
        Weapon.SMALL_ARMS: w._("small arms"),
        Weapon.HEAVY_MACHINE_GUN: w._("heavy machine gun"),
        Weapon.ANTI_AIRCRAFT_GUN: w._("anti-aircraft gun"),
        Weapon.IFV_CANNON: w._("infantry fighting vehicle cannon"),
        Weapon.AUTOMATIC_GRENADE_LAUNCHER: w._("automatic grenade launcher"),
        Weapon.GRENADE_LAUNCHER: w._("grenade launcher"),
        Weapon.ANTI_TANK_WEAPON: w._("anti-tank weapon"),
        Weapon.MORTAR: w._("mortar"),
        Weapon.ARTILLERY: w._("artillery"),
        Weapon.HOWITZER: w._("howitzer"),
        Weapon.TANK: w._("tank"),
        Weapon.MLRS: w._("multiple-launch rocket system"),
        Weapon.HEAVY_MLRS: w._("heavy multiple-launch rocket system"),
        Weapon.MISSILE_SYSTEM: w._("tactical missile system"),
        Weapon.AIR_DEFENCE: w._("air defence system"),
        Weapon.IFV: w._("infantry fighting vehicle"),
        Weapon.APC: w._("armoured personnel carrier"),
    }
    return "–" if weapon is None else names[weapon]


def _named(w: Words, report: DailyReport, fid: str | None) -> str:
    if fid is None:
        return "–"
    feature = report.agreement.zone(fid)
    return (feature.name.get(w.lang) or feature.name.get("en") or fid) if feature else fid


def _party(w: Words, report: DailyReport, pid: str | None) -> str:
    for p in report.agreement.doc.parties:
        if p.id == pid:
            return p.name.get(w.lang) or p.name.get("en") or p.id
    return w._("undetermined")


def _decision(w: Words, d: Any) -> str:
    if d is None:
        return w._("not reviewed")
    return w._("confirmed") if d.status == "confirmed" else w._("dismissed")


def zones(w: Words, report: DailyReport) -> dict[str, Any]:
    per: dict[str, int] = {}
    for v, d in report.violations_of("zone_exclusion"):
        if d is not None and d.status == "dismissed":
            continue
        zone = v.facts.zone or (v.facts.zones[0] if v.facts.zones else None)
        if zone:
            per[zone] = per.get(zone, 0) + 1
    rows = [[_named(w, report, z), w.num(n)] for z, n in sorted(per.items())]
    return {"headers": [w._("Zone"), w._("Violations")], "rows": rows}


def weapons(w: Words, report: DailyReport) -> dict[str, Any]:
    rows = []
    for v, d in report.violations_of("weapon_withdrawal"):
        f = v.facts
        rows.append(
            [
                w.datetime(v.observed.start),
                weapon_name(w, f.weapon),
                w.num(f.counted) if f.counted is not None else "–",
                w._("%(km)s km", km=w.num(round((f.distance_m or 0.0) / 1000.0, 1))),
                w._("%(km)s km", km=w.num(f.limit_km or 0)),
                _party(w, report, f.side),
                _decision(w, d),
            ]
        )
    headers = [
        w._("Time"),
        w._("Weapon"),
        w._("Number"),
        w._("Distance to the line"),
        w._("Withdrawal distance"),
        w._("Side"),
        w._("Review"),
    ]
    return {"headers": headers, "rows": rows}


def holding(w: Words, report: DailyReport) -> dict[str, Any]:
    rows = [
        [
            _named(w, report, v.facts.holding_area),
            weapon_name(w, v.facts.weapon),
            w.num(v.facts.registered or 0),
            w.num(v.facts.counted or 0),
            _decision(w, d),
        ]
        for v, d in report.violations_of("holding_area")
    ]
    headers = [w._("Holding area"), w._("Weapon"), w._("Registered"), w._("Present"), w._("Review")]
    return {"headers": headers, "rows": rows}


def casualties(w: Words, report: DailyReport) -> list[str]:
    cas = report.observations_of(EventKind.CASUALTY)
    dmg = report.observations_of(EventKind.DAMAGE)
    people = sum(o.event.count.value or 0 for o in cas)
    out = []
    if cas:
        out.append(
            w.n_(
                "The mission received %(num)s report of civilian casualties",
                "The mission received %(num)s reports of civilian casualties",
                len(cas),
            )
            + w._(" (%(persons)s).", persons=w.n_("%(num)s person", "%(num)s persons", people))
        )
    if dmg:
        out.append(
            w.n_(
                "It recorded %(num)s observation of damage to civilian property.",
                "It recorded %(num)s observations of damage to civilian property.",
                len(dmg),
            )
        )
    return out


def restrictions(w: Words, report: DailyReport) -> list[str]:
    res = report.observations_of(EventKind.RESTRICTION)
    jam = report.observations_of(EventKind.INTERFERENCE)
    out = []
    if res:
        out.append(
            w.n_(
                "The mission's freedom of movement was restricted %(num)s time.",
                "The mission's freedom of movement was restricted %(num)s times.",
                len(res),
            )
        )
    if jam:
        out.append(
            w.n_(
                "It recorded %(num)s case of interference with its UAVs.",
                "It recorded %(num)s cases of interference with its UAVs.",
                len(jam),
            )
        )
    return out


def other_sections(w: Words, report: DailyReport) -> dict[str, Any]:
    return {
        "zones": zones(w, report),
        "weapons": weapons(w, report),
        "holding": holding(w, report),
        "casualties": casualties(w, report),
        "restrictions": restrictions(w, report),
    }


def _hours(w: Words, report: DailyReport, hours: tuple[int, ...]) -> str:
    """Uncovered hours as local time ranges: "00:30–04:30, 18:30–19:30"."""
    from datetime import timedelta

    spans: list[list[int]] = []
    for h in hours:
        if spans and spans[-1][1] == h:
            spans[-1][1] = h + 1
        else:
            spans.append([h, h + 1])
    start = report.period.start
    return ", ".join(
        w.time(start + timedelta(hours=a)) + "–" + w.time(start + timedelta(hours=b))
        for a, b in spans
    )


def coverage_section(w: Words, report: DailyReport) -> dict[str, Any]:
    from truce.reports.view import region_name

    rows, sentences = [], []
    for rid, cov in report.coverage.regions.items():
        if rid == OTHER and cov.line_km == 0:
            continue
        name = region_name(w, report, rid)
        rows.append(
            [
                name,
                w._("%(km)s km", km=w.num(round(cov.line_km))),
                w.pct(cov.share),
                w.num(len(cov.uncovered_hours)),
                ", ".join(s.split(":", 1)[1] for s in cov.non_operational) or "–",
            ]
        )
        if cov.uncovered_hours:
            sentences.append(
                w._(
                    "In %(region)s, no part of the contact line was observed at %(hours)s.",
                    region=name,
                    hours=_hours(w, report, cov.uncovered_hours),
                )
            )
    headers = [
        w._("Region"),
        w._("Contact line"),
        w._("Share observed"),
        w._("Hours not covered"),
        w._("Non-operational sources"),
    ]
    return {"headers": headers, "rows": rows, "sentences": sentences}


def annex(w: Words, report: DailyReport) -> dict[str, Any]:
    from truce.reports.view import kind_name, region_name

    rows = []
    for rid, t in report.counted.current.items():
        for inc, status in [(i, w._("counted")) for i in t.incidents] + [
            (i, w._("dismissed")) for i in t.dismissed
        ]:
            leaves = [report.leaf_of.get(str(o)) for o in inc.observation_ids]
            rows.append(
                [
                    str(inc.id)[:8],
                    w.datetime(inc.window.start),
                    kind_name(w, inc.kind),
                    w.num(inc.counts.total),
                    region_name(w, report, rid),
                    status,
                    ", ".join(str(x) for x in sorted(v for v in leaves if v is not None)),
                ]
            )
    vrows = [
        [str(v.id)[:8], v.clause_id, ", ".join(r[:8] for r in v.record_ids), _decision(w, d)]
        for v, d in report.violations
    ]
    return {
        "incidents": {
            "headers": [
                w._("Incident"),
                w._("Start"),
                w._("Kind"),
                w._("Number"),
                w._("Region"),
                w._("Status"),
                w._("Ledger leaves of its observations"),
            ],
            "rows": rows,
        },
        "violations": {
            "headers": [w._("Violation"), w._("Clause"), w._("Records"), w._("Review")],
            "rows": vrows,
        },
    }
