"""Scenario simulator with ground truth, and its evaluation (``truce simulate``).

``simulate_scenario(get_scenario("standard"), seed)`` is deterministic by seed;
``write(sim, out)`` writes ``observations.jsonl`` (wire format v1) and ``truth.json``;
``score_incidents(sim, incidents)`` scores a fusion run against the truth.
"""

from truce.fusion.simulate.bridge import score_arrays, score_incidents, table
from truce.fusion.simulate.evaluate import Score, adjusted_rand_index
from truce.fusion.simulate.geography import ContactLine, contact_line_from, load_contact_line
from truce.fusion.simulate.run import Simulation
from truce.fusion.simulate.run import simulate as simulate_scenario
from truce.fusion.simulate.scenario import SCENARIOS, Scenario, get_scenario
from truce.fusion.simulate.writer import observations, truth_document, write

__all__ = [
    "SCENARIOS",
    "ContactLine",
    "Scenario",
    "Score",
    "Simulation",
    "adjusted_rand_index",
    "contact_line_from",
    "get_scenario",
    "load_contact_line",
    "observations",
    "score_arrays",
    "score_incidents",
    "simulate_scenario",
    "table",
    "truth_document",
    "write",
]
