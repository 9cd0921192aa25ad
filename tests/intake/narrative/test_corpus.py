"""The real-report corpus of issue 16: well-formed, split by report, test half frozen;
development sets 2 to 5 from reports in no earlier set."""

from __future__ import annotations

import hashlib
import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from truce.domain.vocabulary import EventKind, ExplosionSubtype, Weapon
from truce.intake.narrative._assemble import SCHEMA_WEAPONS
from truce.intake.narrative.evaluate import FIELDS, load_records

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "tests" / "data" / "narratives"
TEST, DEV = CORPUS / "smm_test.jsonl", CORPUS / "smm_dev.jsonl"
DEV2, DEV3 = CORPUS / "smm_dev2.jsonl", CORPUS / "smm_dev3.jsonl"
DEV4, DEV5 = CORPUS / "smm_dev4.jsonl", CORPUS / "smm_dev5.jsonl"
BEARINGS = set("N NNE NE ENE E ESE SE SSE S SSW SW WSW W WNW NW NNW".split())
#: issue 16: development sets 2 to 5, (passages, reports) at least
MIN_SIZE = {DEV2: (200, 40), DEV3: (200, 40), DEV4: (120, 50), DEV5: (130, 60)}
KEYS = {"id", "report", "title", "date", "url", "text", "observations"}


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "parser_eval", ROOT / "benchmarks" / "parser_eval.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _check_observation(o: dict[str, Any]) -> None:
    assert set(FIELDS.values()) <= set(o)
    assert o["kind"] in {k.value for k in EventKind}
    assert (o["subtype"] is not None) == (o["kind"] == "explosion")
    if o["subtype"] is not None:
        assert o["subtype"] in {s.value for s in ExplosionSubtype}
    assert set(o["weapons"]) <= SCHEMA_WEAPONS
    assert o["qualifier"] in {"exact", "about", "at_least", "uncountable", "unstated"}
    assert (o["count"] is None) == (o["qualifier"] in {"uncountable", "unstated"})
    assert set(o["bearings"]) <= BEARINGS
    if o["distance_km"] is not None:
        assert 0 < o["distance_km"]["min"] <= o["distance_km"]["max"]
    if o["flight"] is not None:
        assert {o["flight"]["from"], o["flight"]["to"]} <= BEARINGS
    if o["offset"] is not None:
        assert o["offset"]["bearing"] in BEARINGS and o["offset"]["km"] > 0


@pytest.mark.parametrize("path", [TEST, DEV, DEV2, DEV3, DEV4, DEV5])
def test_records_are_well_formed(path: Path) -> None:
    for rec in load_records(path):
        assert set(rec) == KEYS, rec["id"]
        assert re.fullmatch(r"20(1[5-9]|2[01])-\d\d-\d\d", rec["date"]), rec["id"]
        assert rec["url"].startswith(("http://", "https://")), rec["id"]
        assert rec["id"].startswith(rec["report"] + "#")
        for o in rec["observations"]:
            _check_observation(o)


def test_corpus_size_and_split_by_report() -> None:
    test, dev = load_records(TEST), load_records(DEV)
    assert len(test) + len(dev) >= 400
    test_reports = {r["report"] for r in test}
    dev_reports = {r["report"] for r in dev}
    assert len(test_reports | dev_reports) >= 60
    assert not test_reports & dev_reports, "a report has passages in both halves"
    ids = [r["id"] for r in test + dev]
    assert len(ids) == len(set(ids))


def _report_number(key: str) -> str | None:
    """ "dr-217-2019" -> "2172019", the form in which addresses carry a numbered report."""
    m = re.fullmatch(r"(?:dr|spot)-(\d{1,3})-(20\d\d)", key)
    return m.group(1) + m.group(2) if m else None


@pytest.mark.parametrize(
    ("path", "others"),
    [
        (DEV2, (TEST, DEV)),
        (DEV3, (TEST, DEV, DEV2)),
        (DEV4, (TEST, DEV, DEV2, DEV3)),
        (DEV5, (TEST, DEV, DEV2, DEV3, DEV4)),
    ],
)
def test_later_sets_share_no_report_with_earlier_ones(path: Path, others: tuple[Path, ...]) -> None:
    later = load_records(path)
    passages, reports = MIN_SIZE[path]
    assert len({r["report"] for r in later}) >= reports
    assert len(later) >= passages
    for other in others:
        recs = load_records(other)
        assert not {r["report"] for r in later} & {r["report"] for r in recs}, other.name
        assert not {r["url"] for r in later} & {r["url"] for r in recs}, other.name
        numbers = {n for r in later if (n := _report_number(r["report"]))}
        clash = {n for n in numbers for r in recs if re.search(rf"\b{n}\b|-{n}-", r["url"])}
        assert not clash, f"numbered reports of {other.name}: {sorted(clash)}"
        texts = {r["text"] for r in recs}
        assert not [r["id"] for r in later if r["text"] in texts], other.name
    ids = [r["id"] for r in later]
    assert len(ids) == len(set(ids))


def test_test_half_is_the_frozen_one() -> None:
    bench = _benchmark()
    assert hashlib.sha256(TEST.read_bytes()).hexdigest() == bench.TEST_SHA256


def test_benchmark_refuses_a_changed_test_half(tmp_path: Path) -> None:
    bench = _benchmark()
    changed = tmp_path / "smm_test.jsonl"
    changed.write_bytes(TEST.read_bytes() + b"\n")
    with pytest.raises(SystemExit, match="must not be edited"):
        bench.frozen_records(changed)


def test_weapon_terms_agree_with_the_domain_vocabulary() -> None:
    assert SCHEMA_WEAPONS - {"ifv_cannon"} <= {w.value for w in Weapon}
