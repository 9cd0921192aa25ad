"""The simulator: deterministic by seed, valid wire records, truth, the columnar bridge."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from truce.domain.observation import Observation
from truce.errors import InvalidInput
from truce.fusion import fuse
from truce.fusion.engine import canonical_order, default_plane, fuse_table
from truce.fusion.simulate import (
    adjusted_rand_index,
    get_scenario,
    observations,
    score_arrays,
    score_incidents,
    simulate_scenario,
    table,
    write,
)
from truce.fusion.simulate.run import Simulation
from truce.fusion.table import from_observations


def test_same_seed_same_output_other_seed_other_output(tmp_path: Path) -> None:
    sc = get_scenario("quiet")
    a, b, c = simulate_scenario(sc, 3), simulate_scenario(sc, 3), simulate_scenario(sc, 4)
    wa = [o.wire() for o in observations(a)]
    assert wa == [o.wire() for o in observations(b)]
    assert wa != [o.wire() for o in observations(c)]
    write(a, tmp_path / "a")
    write(b, tmp_path / "b")
    for name in ("observations.jsonl", "truth.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_written_records_are_wire_v1_and_truth_covers_them(
    tmp_path: Path, standard_sim: Simulation
) -> None:
    obs_path, truth_path = write(standard_sim, tmp_path)
    lines = obs_path.read_text("utf-8").splitlines()
    assert len(lines) == len(standard_sim)
    parsed = [Observation.model_validate_json(line) for line in lines]
    truth = json.loads(truth_path.read_text("utf-8"))
    assert set(truth["observations"]) == {str(o.id) for o in parsed}
    kinds = {e["kind"] for e in truth["events"]}
    assert {"explosion", "fire", "projectile", "flare", "weapon", "restriction"} <= kinds
    subtypes = {e.get("subtype") for e in truth["events"]}
    assert {"impact", "outgoing", "airburst"} <= subtypes
    weapons = [e for e in truth["events"] if e["kind"] == "weapon"]
    assert any(e["in_breach"] for e in weapons) and not all(e["in_breach"] for e in weapons)
    sources = {o.source.type.value for o in parsed}
    assert {"post", "camera", "sensor"} <= sources
    # monitors write compass words and distance ranges; sensors precise times
    assert any(o.direction and o.direction.bearings for o in parsed)
    assert any(o.distance_km for o in parsed)


def test_bridge_table_equals_table_from_observations(
    standard_sim: Simulation, standard_obs
) -> None:
    plane = default_plane(standard_obs)
    via_models, _ = from_observations(standard_obs, plane=plane)
    direct = table(standard_sim, plane)
    for name in ("t0", "t1", "x", "y", "kind", "sub", "weapon", "brg", "half", "bsig", "dmin",
                 "dmax", "dist_stated", "count", "qual", "stype"):  # fmt: skip
        np.testing.assert_allclose(
            getattr(direct, name), getattr(via_models, name), err_msg=name, atol=1e-6
        )


def test_columnar_and_model_scores_agree(standard_sim: Simulation, standard_obs) -> None:
    plane = default_plane(standard_obs)
    t = table(standard_sim, plane)
    order = np.lexsort((np.array(t.ids), t.t0))
    res = fuse_table(t.take(order))
    a = score_arrays(standard_sim, res, order)
    b = score_incidents(standard_sim, fuse(standard_obs, plane=plane))
    assert a.incidents == b.incidents and a.true_positives == b.true_positives
    assert a.ari == pytest.approx(b.ari)
    assert a.count_fused == b.count_fused


def test_evaluation_of_the_standard_scenario_is_sane(
    standard_sim: Simulation, standard_obs
) -> None:
    s = score_incidents(standard_sim, fuse(standard_obs))
    assert 0.0 < s.precision <= 1.0 and 0.0 < s.recall <= 1.0
    assert s.count_naive > s.count_fused  # reports overlap: summing them double counts
    assert 0.0 < s.coverage <= 1.0


def test_adjusted_rand_index_matches_definition() -> None:
    a = np.array([0, 0, 1, 1, 2, 2])
    assert adjusted_rand_index(a, a) == pytest.approx(1.0)
    assert adjusted_rand_index(a, np.array([5, 5, 7, 7, 9, 9])) == pytest.approx(1.0)
    # sklearn.metrics.adjusted_rand_score([0,0,1,1], [0,1,0,1]) == -0.5
    assert adjusted_rand_index(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])) == pytest.approx(
        -0.5
    )


def test_unknown_scenario_lists_the_valid_ones() -> None:
    with pytest.raises(InvalidInput) as exc:
        get_scenario("nope")
    assert "standard" in (exc.value.hint or "")


def test_round_loss_makes_monitors_miss_rounds_of_what_they_heard() -> None:
    """Without round loss (the issue's observation model) the best-placed observer of each
    event counts nearly all its rounds (only a patrol's window cuts an event short); with it,
    noticeably fewer. One day: the truth is drawn before any observation, so it is the same."""
    base = get_scenario("quiet", days=1)
    scores = []
    for loss in (0.0, 0.4):
        sim = simulate_scenario(replace(base, round_loss=loss), 11)
        t = table(sim, sim.line.plane)
        scores.append(score_arrays(sim, fuse_table(t.take(canonical_order(t)))))
    full, lossy = scores
    assert full.count_truth_perceived >= 0.9 * full.count_truth_observed
    assert lossy.count_truth_perceived < 0.95 * full.count_truth_perceived
    assert get_scenario("lossy").round_loss > 0.0 == get_scenario("standard").round_loss


def test_simulate_help_names_every_scenario() -> None:
    from truce.cli.simulate import _SCENARIO_HELP
    from truce.fusion.simulate.scenario import SCENARIOS

    assert all(name in _SCENARIO_HELP for name in SCENARIOS)


def _shifted_demo(dest: Path, dlon: float, dlat: float) -> Path:
    """The demo agreement moved by (dlon, dlat) degrees: another line, still in Ukraine."""
    import shutil

    from truce.agreement import demo_agreement_dir

    shutil.copytree(demo_agreement_dir(), dest)

    def walk(c: list) -> list:  # type: ignore[type-arg]
        if isinstance(c[0], float | int):
            return [c[0] + dlon, c[1] + dlat, *c[2:]]
        return [walk(x) for x in c]

    for path in dest.rglob("*.geojson"):
        fc = json.loads(path.read_text(encoding="utf-8"))
        for f in fc["features"]:
            f["geometry"]["coordinates"] = walk(f["geometry"]["coordinates"])
        path.write_text(json.dumps(fc), encoding="utf-8")
    return dest


def test_simulate_places_everything_along_the_given_agreement(tmp_path: Path) -> None:
    import subprocess
    import sys

    import shapely
    from shapely.geometry import shape

    from truce.agreement import demo_agreement_dir, load_agreement

    folder = _shifted_demo(tmp_path / "moved", -1.5, 0.3)
    out = tmp_path / "sim"
    cmd = [sys.executable, "-m", "truce", "simulate", "--scenario", "quiet", "--days", "1"]
    done = subprocess.run(
        [*cmd, "--agreement", str(folder), "--out", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in (out / "observations.jsonl").open(encoding="utf-8")]
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    events = [(e["lon"], e["lat"]) for e in truth["events"]]
    assert rows and events
    moved = shape(load_agreement(folder).latest.contact_line[0].geometry)
    demo = shape(load_agreement(demo_agreement_dir()).latest.contact_line[0].geometry)

    def km(line: object, pts: list[tuple[float, float]]) -> np.ndarray:
        # degrees to km near 48° N (about 75 km per degree of longitude, 111 of latitude)
        scale = np.array([74.6, 111.2])
        geom = shapely.transform(line, lambda xy: xy * scale)
        return np.asarray(shapely.distance(geom, shapely.points(np.asarray(pts) * scale)))

    observers = [(r["position"]["lon"], r["position"]["lat"]) for r in rows]
    assert np.percentile(km(moved, events), 95) < 25  # events near the line they were set on
    assert np.percentile(km(moved, observers), 95) < 30
    assert np.median(km(demo, observers)) > 40  # and not along the demo line


def test_coverage_for_every_source_with_outages_and_turned_back_patrols() -> None:
    from collections import Counter

    from truce.fusion.simulate import get_scenario, simulate_scenario
    from truce.fusion.simulate.writer import coverage

    sc = get_scenario("standard")
    sim = simulate_scenario(replace(sc, camera_outages=0.5, turn_back=1.0, restrictions=6), 3)
    recs = list(coverage(sim))
    kinds = Counter((c.source.type.value, c.status.value) for c in recs)
    assert kinds["camera", "non_operational"] >= 1
    assert kinds["patrol", "restricted"] >= 1
    sources = {c.source.id for c in recs}
    assert set(sim.source_names) <= sources  # every post, team, camera, flight, sensor
    assert all(c.track is not None for c in recs if c.source.type.value == "uav")
    # a camera reports nothing during its outage, a turned-back patrol nothing afterwards
    blind = [c for c in recs if not c.operational]
    obs = list(observations(sim))
    for b in blind:
        s, e = b.observed.start, b.observed.end
        assert not [o for o in obs if o.source.id == b.source.id and s < o.observed.start < e]
    assert len({c.id for c in recs}) == len(recs)
