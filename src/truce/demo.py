"""The demo mission: every stage of the pipeline on a generated day, in a fresh data folder.

``run_demo`` installs the demo agreement, simulates a day of observations along the demo
line of contact (the fusion simulator, with its ground truth written beside the data),
ingests them through the real intake (validation, ledger leaves), fuses the observations
into incidents, checks them against the agreement and signs a ledger checkpoint. Each step reports
through ``say`` so the CLI can print it; the function itself never prints.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from truce.agreement import demo_agreement_dir, load_agreement
from truce.agreement.install import INSTALLED, install_agreement
from truce.fusion.simulate import get_scenario, simulate_scenario, truth_document
from truce.fusion.simulate.writer import wire_dicts
from truce.intake.normalise import GazetteerSpec
from truce.intake.readers import RawRecord
from truce.intake.service import ingest
from truce.ledger.mission import mission_signer
from truce.services.compliance import check_store, register_versions
from truce.services.fusion import fuse_store
from truce.store import Store, open_store
from truce.store.ledger import sign_current_tree

Say = Callable[[str], None]


@dataclass
class DemoSummary:
    """What the demo built, for the closing table."""

    data_dir: Path
    figures: dict[str, int | str] = field(default_factory=dict)


def run_demo(
    *, data_dir: Path, scenario: str = "standard", seed: int = 2015, say: Say
) -> DemoSummary:
    """Build the demo mission in ``data_dir`` (see the module docstring)."""
    summary = DemoSummary(data_dir=data_dir)
    store = open_store(data_dir)
    installed = data_dir / INSTALLED
    folder = installed if installed.is_dir() else install_agreement(demo_agreement_dir(), data_dir)
    history = load_agreement(folder)
    latest = history.latest
    say(f"agreement: {latest.id} version {latest.version} in {folder}")
    register_versions(store=store, history=history)
    _simulate_and_ingest(store, scenario=scenario, seed=seed, say=say, summary=summary)
    fused = fuse_store(store=store)
    summary.figures["incidents"] = fused.incidents
    say(f"fusion: {fused.observations} observations -> {fused.incidents} incidents")
    checked = check_store(store=store, history=history)
    summary.figures["violations"] = checked.violations
    say(f"compliance: {checked.subjects} subjects checked, {checked.violations} violations")
    _checkpoint(store, say=say, summary=summary)
    store.close()
    return summary


def _simulate_and_ingest(
    store: Store, *, scenario: str, seed: int, say: Say, summary: DemoSummary
) -> None:
    sim = simulate_scenario(get_scenario(scenario), seed)
    truth = store.data_dir / "demo-truth.json"
    truth.write_text(json.dumps(truth_document(sim), indent=1), encoding="utf-8")
    records = [RawRecord(n, rec) for n, rec in enumerate(wire_dicts(sim), start=1)]
    say(f"simulated: scenario {scenario!r}, seed {seed}: {len(records)} observations")
    report = ingest(store=store, records=records, gazetteer=GazetteerSpec())
    if not report.ok:
        raise RuntimeError(f"demo observations were rejected: {report.rejected[:3]}")
    summary.figures["observations"] = len(report.accepted) + len(report.duplicates)
    say(f"ingested: {len(report.accepted)} new, {len(report.duplicates)} already stored")


def _checkpoint(store: Store, *, say: Say, summary: DemoSummary) -> None:
    signer = mission_signer(store.data_dir)
    with store.begin() as conn:
        note = sign_current_tree(conn, signer=signer)
    size = note.splitlines()[1]
    summary.figures["ledger_size"] = int(size)
    say(f"ledger: checkpoint signed by {signer.name} over {size} leaves")
