"""The demo mission: every stage of the pipeline on a generated day, in a fresh data folder.

``run_demo`` installs the demo agreement, simulates a day of observations along the demo
line of contact (the fusion simulator, with its ground truth written beside the data),
ingests them through the real intake (validation, ledger leaves), fuses the observations
into incidents, checks them against the agreement, ingests the sources' coverage, publishes
the day's report in every language and format and signs a ledger checkpoint. Each step reports
through ``say`` so the CLI can print it; the function itself never prints.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from truce.agreement import demo_agreement_dir
from truce.errors import Conflict, NoMission
from truce.fusion.simulate import get_scenario, simulate_scenario, truth_document
from truce.fusion.simulate.writer import coverage_dicts, wire_dicts
from truce.services import agreement as agreement_service
from truce.services import compliance as compliance_service
from truce.services import coverage as coverage_service
from truce.services import fusion as fusion_service
from truce.services import intake as intake_service
from truce.services import ledger as ledger_service
from truce.services.mission import Mission

Say = Callable[[str], None]


@dataclass
class DemoSummary:
    """What the demo built, for the closing table."""

    data_dir: Path
    figures: dict[str, int | str] = field(default_factory=dict)


def run_demo(
    *, data_dir: Path, scenario: str = "standard", seed: int = 2015, say: Say,
    publish: bool = True,
) -> DemoSummary:  # fmt: skip
    """Build the demo mission in ``data_dir`` (see the module docstring).

    A folder that already holds a mission is refused (:class:`~truce.errors.Conflict`) and
    left untouched: the demo's simulated day must never enter a real mission's ledger.
    """
    _refuse_existing(data_dir)
    summary = DemoSummary(data_dir=data_dir)
    with Mission.create(data_dir=data_dir) as mission:
        if not mission.has_agreement:
            agreement_service.install(mission=mission, source=demo_agreement_dir())
        history = agreement_service.history(mission=mission)
        latest = history.latest
        say(f"agreement: {latest.id} version {latest.version} in {mission.agreement_dir}")
        _simulate_and_ingest(mission, scenario=scenario, seed=seed, say=say, summary=summary)
        fused = fusion_service.fuse(mission=mission)
        summary.figures["incidents"] = fused.incidents
        say(f"fusion: {fused.observations} observations -> {fused.incidents} incidents")
        checked = compliance_service.check(mission=mission)
        summary.figures["violations"] = checked.violations
        say(f"compliance: {checked.subjects} subjects checked, {checked.violations} violations")
        if publish:
            _publish(mission, say=say, summary=summary)
        _checkpoint(mission, say=say, summary=summary)
    return summary


def _refuse_existing(data_dir: Path) -> None:
    try:
        existing = Mission.open(data_dir=data_dir)
    except NoMission:
        return
    existing.close()
    raise Conflict(
        f"{data_dir} already holds a mission: the demo adds simulated records only to a new one",
        hint="give --data a new folder, or omit it for a fresh truce-demo-* folder",
    )


def _publish(mission: Mission, *, say: Say, summary: DemoSummary) -> None:
    """The day's report in every language and format (issue #13), published and ledgered."""
    from truce.services import reports as reports_service

    pub = reports_service.publish(mission=mission, principal="demo")
    folder = reports_service.report_folder(mission, pub.date)
    summary.figures["report"] = str(folder)
    say(f"report: the daily report of {pub.date} published in {len(pub.files)} files in {folder}")


def _simulate_and_ingest(
    mission: Mission, *, scenario: str, seed: int, say: Say, summary: DemoSummary
) -> None:
    sim = simulate_scenario(get_scenario(scenario), seed)
    truth = mission.data_dir / "demo-truth.json"
    truth.write_text(json.dumps(truth_document(sim), indent=1), encoding="utf-8")
    records = list(wire_dicts(sim))
    say(f"simulated: scenario {scenario!r}, seed {seed}: {len(records)} observations")
    report = intake_service.ingest_records(mission=mission, records=records)
    if not report.ok:
        raise RuntimeError(f"demo observations were rejected: {report.rejected[:3]}")
    summary.figures["observations"] = len(report.accepted) + len(report.duplicates)
    say(f"ingested: {len(report.accepted)} new, {len(report.duplicates)} already stored")
    duty = list(enumerate(coverage_dicts(sim), start=1))
    covered = coverage_service.ingest(store=mission.store, records=duty)
    if not covered.ok:
        raise RuntimeError(f"demo coverage was rejected: {covered.rejected[:3]}")
    summary.figures["coverage_records"] = len(covered.accepted) + len(covered.duplicates)
    say(f"coverage: {len(covered.accepted)} duty periods of posts, patrols, cameras, UAVs and "
        "sensors ingested")  # fmt: skip


def _checkpoint(mission: Mission, *, say: Say, summary: DemoSummary) -> None:
    note = ledger_service.checkpoint(mission=mission)
    size = note.splitlines()[1]
    summary.figures["ledger_size"] = int(size)
    say(f"ledger: checkpoint signed by {mission.origin} over {size} leaves")
