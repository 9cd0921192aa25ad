"""The development set of shared/data/narratives must read at 100 % field accuracy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from truce.intake.narrative import parse

DEV = Path(__file__).resolve().parents[4] / "shared" / "data" / "narratives" / "dev.jsonl"


def _records() -> list[dict[str, object]]:
    if not DEV.exists():
        return []
    return [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]


@pytest.mark.skipif(not DEV.exists(), reason="shared/data/narratives/dev.jsonl not present")
@pytest.mark.parametrize("record", _records(), ids=lambda r: str(r["text"])[:50])
def test_dev_passage_reads_exactly(record: dict[str, object]) -> None:
    assert parse(str(record["text"])).fields() == record["observations"]
