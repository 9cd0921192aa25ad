"""``truce agreement validate|locate``, ``check``, ``violations``, ``decide``: exits, shapes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.factories import new_id, wire
from truce.agreement import demo_agreement_dir


def truce(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "truce", *args], capture_output=True, text=True, input=stdin
    )


def test_validate_ok_and_broken(tmp_path: Path) -> None:
    ok = truce("agreement", "validate", str(demo_agreement_dir()))
    assert ok.returncode == 0, ok.stderr
    broken = tmp_path / "a"
    shutil.copytree(demo_agreement_dir(), broken)
    doc = yaml.safe_load((broken / "agreement.yaml").read_text(encoding="utf-8"))
    del doc["parties"][0]["name"]["ru"]
    doc["clauses"][5]["parameters"]["sites"] = ["site-unknown"]
    (broken / "agreement.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8"
    )
    bad = truce("agreement", "validate", str(broken))
    assert bad.returncode == 2
    assert "agreement.yaml: $.parties[0].name: missing translation(s): ru" in bad.stderr
    assert (
        "agreement.yaml: $.clauses[5].parameters.sites[0]: unknown site 'site-unknown'"
        in bad.stderr
    )


def test_locate_json_csv_and_jsonl(tmp_path: Path) -> None:
    csv_in = tmp_path / "p.csv"
    csv_in.write_text("name,lon,lat\nzolote,38.533,48.6874\nkyiv,30.5,50.45\n", encoding="utf-8")
    done = truce("agreement", "locate", str(csv_in))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    facts = {"distance_m", "side", "region", "zones"}
    # Each input record comes back whole, coordinates as numbers, beside its facts (11.11).
    assert [set(o) for o in out] == [{"name", "lon", "lat", *facts}] * 2
    assert [(o["name"], o["lon"], o["lat"]) for o in out] == [
        ("zolote", 38.533, 48.6874),
        ("kyiv", 30.5, 50.45),
    ]
    assert (
        out[0]["side"] == "side-b"
        and out[0]["region"] == "luhansk"
        and out[0]["zones"] == ["da-zolote"]
    )
    assert {k: out[1][k] for k in facts} == {
        "distance_m": out[1]["distance_m"], "side": None, "region": None, "zones": []
    }  # fmt: skip
    jsonl = truce(
        "agreement",
        "locate",
        "-",
        stdin='{"lon": 38.533, "lat": 48.6874, "team": "T1"}\n'
        '{"position": {"lon": 30.5, "lat": 50.45}}\n',
    )
    back = json.loads(jsonl.stdout)
    assert [{k: o[k] for k in facts} for o in back] == [{k: o[k] for k in facts} for o in out]
    assert back[0]["team"] == "T1" and back[1]["position"] == {"lon": 30.5, "lat": 50.45}
    assert (back[1]["lon"], back[1]["lat"]) == (30.5, 50.45)
    as_csv = truce("agreement", "locate", str(csv_in), "--format", "csv")
    assert as_csv.stdout.splitlines()[0] == "lon,lat,distance_m,side,region,zones"
    assert truce("agreement", "locate", str(csv_in), "--format", "table").returncode == 0
    bad = truce("agreement", "locate", str(csv_in), "--format", "xml")
    assert bad.returncode == 2 and "json" in bad.stderr


def test_locate_rejects_bad_input(tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text("x,y\n1,2\n", encoding="utf-8")
    done = truce("agreement", "locate", str(f))
    assert done.returncode == 2 and "lon and lat" in done.stderr


def test_check_then_violations(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    mlrs = {"kind": "weapon", "weapons": ["mlrs"], "count": {"value": 1, "qualifier": "exact"}}
    rec = wire(id=new_id(), event=mlrs,
               position={"lon": 37.95, "lat": 48.05}, direction=None, distance_km=None)  # fmt: skip
    path = tmp_path / "o.jsonl"
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    assert truce("check", "--data", data).returncode == 2  # no mission yet
    assert truce("init", "--data", data).returncode == 0
    assert truce("ingest", str(path), "--data", data).returncode == 0
    no_agreement = truce("check", "--data", data)
    assert no_agreement.returncode == 2 and "no agreement is installed" in no_agreement.stderr
    demo = str(demo_agreement_dir())
    assert truce("init", "--data", data, "--agreement", demo).returncode == 0
    checked = truce("check", "--data", data)
    assert checked.returncode == 0, checked.stderr
    assert "1 violation(s)" in checked.stdout
    listed = json.loads(truce("violations", "--data", data, "--format", "json").stdout)
    assert [v["clause_id"] for v in listed] == ["c02-withdrawal"] and listed[0][
        "status"
    ] == "detected"
    gj = json.loads(truce("violations", "--data", data, "--format", "geojson").stdout)
    assert gj["type"] == "FeatureCollection" and gj["features"][0]["properties"]["record_ids"] == [
        rec["id"]
    ]
    assert truce("violations", "--data", data).returncode == 0
    decided = truce("decide", listed[0]["id"], "dismissed", "--by", "analyst", "--data", data)
    assert decided.returncode == 0, decided.stderr
    again = json.loads(truce("violations", "--data", data, "--format", "json").stdout)
    assert again[0]["decision"]["status"] == "dismissed"
