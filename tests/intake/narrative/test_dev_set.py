"""The narrative development set (tests/data/narratives, see docs/narratives.md) reads at 100 %."""

from __future__ import annotations

import json

import pytest

from tests.conftest import TEST_DATA
from truce.intake.narrative import parse

DEV = TEST_DATA / "narratives" / "dev.jsonl"


def _records() -> list[dict[str, object]]:
    return [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("record", _records(), ids=lambda r: str(r["text"])[:50])
def test_dev_passage_reads_exactly(record: dict[str, object]) -> None:
    assert parse(str(record["text"])).fields() == record["observations"]
