"""Narrative sentences to stored wire records: place + offset, time windows, provenance."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pyproj import Geod

from tests.intake.narrative_cli import ingest_narrative
from truce.intake.from_narrative import ReportContext, records, time_window
from truce.intake.narrative import TimeSpec, parse
from truce.intake.normalise import GazetteerSpec

KYIV = ZoneInfo("Europe/Kyiv")
CTX = ReportContext(report_date=date(2025, 9, 7), source_id="team-D07", tz=KYIV)
gazetteer = GazetteerSpec(country="UA")


def _spec(**kw: object) -> TimeSpec:
    return TimeSpec(text="", spans=((0, 1),), **kw)  # type: ignore[arg-type]


def _local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=KYIV)


@pytest.mark.parametrize(
    ("spec", "start", "end"),
    [
        (None, "2025-09-06T19:30", "2025-09-07T19:30"),
        (
            _spec(days=(6,), month=9, parts_of_day=("evening",)),
            "2025-09-06T18:00",
            "2025-09-06T22:00",
        ),
        (
            _spec(days=(6, 7), month=9, parts_of_day=("evening", "night")),
            "2025-09-06T18:00",
            "2025-09-07T06:00",
        ),
        (
            _spec(days=(5,), month=9, start="08:35", end="10:13"),
            "2025-09-05T08:35",
            "2025-09-05T10:13",
        ),
        (_spec(start="23:50", end="00:10"), "2025-09-07T23:50", "2025-09-08T00:10"),
        (_spec(days=(5,), month=9, at=("10:10",)), "2025-09-05T10:10", "2025-09-05T10:10"),
        (_spec(days=(30,), month=12), "2024-12-30T00:00", "2024-12-31T00:00"),
    ],
)
def test_time_window_from_the_time_phrase(spec: TimeSpec | None, start: str, end: str) -> None:
    assert time_window(spec, CTX) == (_local(start), _local(end))


def test_offset_moves_the_observer_along_the_geodesic() -> None:
    text = "Whilst stationary 3km west of Avdiivka, the SMM heard 41 undetermined explosions."
    (pair,), problems = records(text, parse(text), CTX, gazetteer())
    assert problems == []
    base = gazetteer().resolve("Avdiivka")
    pos = pair[1]["position"]
    azimuth, _, metres = Geod(ellps="WGS84").inv(base.lon, base.lat, pos["lon"], pos["lat"])
    assert metres == pytest.approx(3000, abs=1) and azimuth == pytest.approx(-90, abs=0.1)
    assert pos["place"] == "Avdiivka"


def test_provenance_keeps_the_sentence_and_the_phrase_span() -> None:
    text = (
        "Intro line.\nPositioned in Horlivka, the SMM heard seven undetermined explosions"
        " 5-7km north-west."
    )
    (pair,), _ = records(text, parse(text), CTX, gazetteer())
    line, rec = pair
    assert line == 2
    narrative = rec["narrative"]
    start, end = narrative["span"]
    assert "explosions" in narrative["text"][start:end]
    assert narrative["text"].startswith("Positioned in Horlivka")
    assert rec["direction"]["bearings"] == ["NW"] and rec["distance_km"] == {"min": 5, "max": 7}


def test_ids_are_stable_so_a_second_ingest_is_a_duplicate() -> None:
    text = (
        "While in Popasna, the SMM heard 14 undetermined explosions and about 60 bursts of"
        " small-arms fire, all 2-4km south-east."
    )
    first, _ = records(text, parse(text), CTX, gazetteer())
    second, _ = records(text, parse(text), CTX, gazetteer())
    assert [r["id"] for _, r in first] == [r["id"] for _, r in second]
    assert len({r["id"] for _, r in first}) == 2


def test_sentence_without_place_is_reported_not_guessed() -> None:
    text = "The SMM heard 3 undetermined explosions 2km east."
    pairs, problems = records(text, parse(text), CTX, gazetteer())
    assert pairs == [] and "no place is stated" in problems[0].msg


def test_cli_ingests_a_narrative_file(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        "On the evening of 6 September, while in Svitlodarsk, the SMM heard 18 undetermined "
        "explosions 2-6km south-east.\n",
        encoding="utf-8",
    )
    out = ingest_narrative(tmp_path, path, date="2025-09-07", source="team-D07")
    assert '"place": "Svitlodarsk"' in out.stdout and '"value": 18' in out.stdout
