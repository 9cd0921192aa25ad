"""Held-out sentences in the style of real OSCE SMM daily reports (2014-2022): field accuracy.

``data/realistic.jsonl`` holds report sentences (many quoted from published SMM reports,
the rest written in their phrasing), labelled by hand per ``shared/data/narratives/README.md``
and not used to tune single cases. ``data/realistic2.jsonl`` is a second batch, labelled
before the parser was run on it, that covers what the first under-represents: the weapons
sections ("In violation of the respective withdrawal lines ...", "aerial imagery revealed the
presence of ..."), disengagement areas, restrictions, damage, casualties, mines, numbers with
commas, "some"/"several", time clauses at the end and passages of several sentences. The
issue's goal on real report text is 90 % field accuracy; this test reports the per-field
figures and holds the parser to that goal on both batches.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from truce.intake.narrative.evaluate import FIELDS, field_scores, load_records

DATA = Path(__file__).parent / "data" / "realistic.jsonl"
DATA2 = Path(__file__).parent / "data" / "realistic2.jsonl"
GOAL = 0.90


@pytest.mark.parametrize(("path", "least"), [(DATA, 60), (DATA2, 50)])
def test_realistic_set_is_large_enough_and_well_formed(path: Path, least: int) -> None:
    records = load_records(path)
    assert len(records) >= least
    for rec in records:
        for o in rec["observations"]:
            assert set(o) >= set(FIELDS.values()) | {"offset"}


@pytest.mark.parametrize("path", [DATA, DATA2])
def test_realistic_field_accuracy_meets_the_goal(path: Path) -> None:
    scores = field_scores(load_records(path))
    print(f"\n{path.name}:\n" + scores.report())
    assert scores.accuracy >= GOAL, scores.report() + "\nwrong:\n" + "\n".join(scores.wrong)
