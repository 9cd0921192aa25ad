"""``truce simulate``, ``truce fuse`` and ``truce incidents`` on a real SQLite store."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from truce.cli import _register, app
from truce.domain.observation import Observation
from truce.fusion import fuse

runner = CliRunner()


def _run(*args: str) -> str:
    _register()
    res = runner.invoke(app, list(args), catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.output


def test_simulate_ingest_fuse_incrementally_and_list(tmp_path: Path) -> None:
    out, data = tmp_path / "sim", tmp_path / "data"
    _run("simulate", "--scenario", "quiet", "--seed", "5", "--out", str(out), "--evaluate")
    assert (out / "evaluation.json").exists()
    lines = (out / "observations.jsonl").read_text("utf-8").splitlines()
    half = len(lines) // 2
    (tmp_path / "a.jsonl").write_text("\n".join(lines[:half]) + "\n", "utf-8")
    (tmp_path / "b.jsonl").write_text("\n".join(lines[half:]) + "\n", "utf-8")
    _run("init", "--data", str(data))
    _run("ingest", str(tmp_path / "a.jsonl"), "--data", str(data))
    _run("fuse", "--data", str(data))
    _run("ingest", str(tmp_path / "b.jsonl"), "--data", str(data))
    assert "new of" in _run("fuse", "--data", str(data))
    assert "0 new of" in _run("fuse", "--data", str(data))
    stored = json.loads(_run("incidents", "--data", str(data), "--format", "json"))
    expected = fuse([Observation.model_validate_json(line) for line in lines])
    assert sorted(i["id"] for i in stored) == sorted(str(i.id) for i in expected)
    geo = json.loads(_run("incidents", "--data", str(data), "--format", "geojson"))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == len(expected)
    assert "kind" in _run("incidents", "--data", str(data))


def test_incidents_of_another_algorithm_version_are_recomputed(tmp_path: Path) -> None:
    from truce.services import fusion as fusion_service
    from truce.services.mission import Mission
    from truce.store.fusion_tables import replace_incidents

    out, data = tmp_path / "sim", tmp_path / "data"
    _run("simulate", "--scenario", "quiet", "--seed", "6", "--out", str(out))
    _run("init", "--data", str(data))
    _run("ingest", str(out / "observations.jsonl"), "--data", str(data))
    _run("fuse", "--data", str(data))
    with Mission.open(data_dir=data) as mission:
        current = fusion_service.iter_incidents(mission=mission)
        old = [i.model_copy(update={"algorithm_version": "fusion-0.9"}) for i in current[:3]]
        with mission.store.begin() as conn:  # as if the first three were of an older version
            replace_incidents(conn, delete=current[:3], insert=old)
        rep = fusion_service.fuse(mission=mission)
        assert rep.deleted == len(current) and rep.inserted == len(current)
        assert fusion_service.iter_incidents(mission=mission) == current
