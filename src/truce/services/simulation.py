"""The fusion simulator as a service (``truce simulate``): scenarios with ground truth."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from truce.agreement import load_agreement, load_installed
from truce.agreement.install import INSTALLED
from truce.agreement.spatial import simulation_geometry
from truce.fusion import fuse
from truce.fusion.simulate import (
    SCENARIOS,
    contact_line_from,
    get_scenario,
    score_incidents,
    simulate_scenario,
    write,
)
from truce.fusion.simulate.geography import ContactLine
from truce.fusion.simulate.writer import observations
from truce.settings import data_dir as resolve_data_dir

__all__ = ["SCENARIOS", "Simulated", "simulate"]


@dataclass(frozen=True, slots=True)
class Simulated:
    observations: int
    observations_path: Path
    truth_path: Path
    #: Lines of the evaluation (empty unless asked for).
    evaluation: tuple[str, ...] = ()


def simulate(
    *,
    scenario: str,
    seed: int,
    out: Path,
    days: int | None = None,
    evaluate: bool = False,
    agreement_dir: Path | None = None,
    data_dir: Path | None = None,
    workers: int = 1,
) -> Simulated:
    """Write ``observations.jsonl`` and ``truth.json`` of a scenario to ``out``; with
    ``evaluate``, fuse them and score against the truth (``evaluation.json``).

    The line is the agreement's in ``agreement_dir``, else the installed agreement's of
    ``data_dir`` (when given and installed), else the demo line.
    """
    line = _simulation_line(agreement_dir, data_dir)
    sim = simulate_scenario(get_scenario(scenario, days=days), seed, line=line)
    obs_path, truth_path = write(sim, out)
    lines: tuple[str, ...] = ()
    if evaluate:
        score = score_incidents(sim, fuse(list(observations(sim)), workers=workers))
        lines = tuple(score.lines())
        (out / "evaluation.json").write_text(json.dumps(score.as_dict(), indent=2), "utf-8")
    return Simulated(len(sim), obs_path, truth_path, lines)


def _simulation_line(agreement: Path | None, data: Path | None) -> ContactLine | None:
    if agreement is not None:
        version = load_agreement(agreement).latest
    elif data is not None and (resolve_data_dir(data) / INSTALLED / "agreement.yaml").is_file():
        version = load_installed(resolve_data_dir(data) / INSTALLED).latest
    else:
        return None
    parts, side_b = simulation_geometry(version)
    return contact_line_from(parts, side_b)
