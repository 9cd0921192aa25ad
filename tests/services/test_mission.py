"""The Mission: opening creates nothing, creating is idempotent, the agreement's settings."""

from __future__ import annotations

import shutil
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from truce.agreement import demo_agreement_dir
from truce.errors import NoAgreement, NoMission
from truce.services import agreement, intake
from truce.services.mission import Mission


def test_open_raises_no_mission_and_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "none"
    with pytest.raises(NoMission, match=f"no mission in {folder} \\(run truce init\\)"):
        Mission.open(data_dir=folder)
    assert not folder.exists()
    folder.mkdir()
    with pytest.raises(NoMission):
        Mission.open(data_dir=folder)
    assert list(folder.iterdir()) == []


def test_open_refuses_an_empty_postgres_schema(pg_schema_url: str, tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(NoMission):
        Mission.open(data_dir=tmp_path / "d", database_url=pg_schema_url)
    Mission.create(data_dir=tmp_path / "d", database_url=pg_schema_url).close()
    with Mission.open(data_dir=tmp_path / "d", database_url=pg_schema_url) as m:
        assert m.database == "postgresql"


def test_create_then_open(tmp_path: Path) -> None:
    with Mission.create(data_dir=tmp_path / "m") as made:
        assert made.database == "sqlite" and not made.has_agreement
        with pytest.raises(NoAgreement) as caught:
            _ = made.agreement
        assert caught.value.hint and "--agreement" in caught.value.hint
    Mission.create(data_dir=tmp_path / "m").close()  # idempotent
    with Mission.open(data_dir=tmp_path / "m") as opened:
        assert opened.time_zone == ZoneInfo("Europe/Kyiv")
        assert opened.reporting_period.end == time(19, 30)
        assert opened.origin == "truce.example/m" and opened.verifier is None


def _agreement_ending_at(tmp_path: Path, end: str, zone: str) -> Path:
    folder = tmp_path / "agreement"
    shutil.copytree(demo_agreement_dir(), folder)
    for doc in [folder / "agreement.yaml", *folder.glob("versions/*/agreement.yaml")]:
        data = yaml.safe_load(doc.read_text("utf-8"))
        data["reporting_period"] = {"end": end, "time_zone": zone}
        doc.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return folder


def test_narrative_without_time_covers_the_agreements_reporting_period(tmp_path: Path) -> None:
    """The named bug: the period's end came from a default 19:30, not from the agreement."""
    source = _agreement_ending_at(tmp_path, "18:00", "Europe/Chisinau")
    with Mission.create(data_dir=tmp_path / "m") as mission:
        agreement.install(mission=mission, source=source)
        assert mission.reporting_period.end == time(18, 0)
        assert mission.time_zone == ZoneInfo("Europe/Chisinau")
        text = "While in Svitlodarsk, the SMM heard 4 undetermined explosions 3km south."
        report = intake.ingest_narrative(
            mission=mission, text=text, report_date=date(2025, 9, 7), source_id="team-D07"
        )
        assert report.ok and len(report.accepted) == 1, report.rejected
        from truce.services.observations import iter_observations

        (obs,) = iter_observations(mission=mission)
    zone = ZoneInfo("Europe/Chisinau")
    assert obs.observed.end == datetime(2025, 9, 7, 18, 0, tzinfo=zone)
    assert obs.observed.start == datetime(2025, 9, 6, 18, 0, tzinfo=zone)
