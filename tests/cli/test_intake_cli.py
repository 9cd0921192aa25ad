"""The ``truce init / ingest / observations`` interface: exit codes, messages, JSON shapes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.factories import new_id, wire


def truce(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "truce", *args], capture_output=True, text=True, input=stdin
    )


def _write(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _init(tmp_path: Path) -> str:
    data = str(tmp_path / "d")
    done = truce("init", "--data", data)
    assert done.returncode == 0, done.stderr
    return data


def test_commands_need_a_mission_and_create_none(tmp_path: Path) -> None:
    data = tmp_path / "d"
    path = _write(tmp_path / "o.jsonl", wire(id=new_id()))
    for args in (["ingest", str(path)], ["observations"], ["fuse"], ["ledger", "checkpoint"]):
        done = truce(*args, "--data", str(data))
        assert done.returncode == 2, args
        assert f"no mission in {data} (run truce init)" in done.stderr and "Traceback" not in (
            done.stderr
        )
    assert not data.exists()


def test_ingest_then_list_as_json(tmp_path: Path) -> None:
    data = _init(tmp_path)
    records = [wire(id=new_id()), wire(id=new_id())]
    done = truce("ingest", str(_write(tmp_path / "o.jsonl", *records)), "--data", data)
    assert done.returncode == 0, done.stderr
    listed = json.loads(truce("observations", "--format", "json", "--data", data).stdout)
    assert [o["id"] for o in listed] == [r["id"] for r in records]
    assert listed[0]["position"] == {"accuracy_m": 50, "lat": 48.71, "lon": 38.43}


def test_invalid_line_exits_2_names_line_field_reason_and_stores_nothing(tmp_path: Path) -> None:
    data = _init(tmp_path)
    bad = wire(id=new_id(), position__lat=-95)
    path = _write(tmp_path / "o.jsonl", wire(id=new_id()), bad)
    done = truce("ingest", str(path), "--data", data)
    assert done.returncode == 2
    assert "line 2: position.lat: must be between -90 and 90" in done.stderr
    assert json.loads(truce("observations", "--format", "json", "--data", data).stdout) == []
    skipped = truce("ingest", str(path), "--data", data, "--skip-invalid")
    assert skipped.returncode == 2
    assert len(json.loads(truce("observations", "--format", "json", "--data", data).stdout)) == 1


def test_stdin_and_environment_data_folder(tmp_path: Path) -> None:
    record = wire(id=new_id())
    import os

    env = {**os.environ, "TRUCE_DATA": str(tmp_path / "env-data")}
    made = subprocess.run([sys.executable, "-m", "truce", "init"], capture_output=True, env=env)
    assert made.returncode == 0
    done = subprocess.run(
        [sys.executable, "-m", "truce", "ingest", "-"],
        input=json.dumps(record) + "\n",
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "env-data" / "truce.db").exists()


def test_geojson_and_csv_output(tmp_path: Path) -> None:
    data = _init(tmp_path)
    record = wire(id=new_id())
    truce("ingest", str(_write(tmp_path / "o.jsonl", record)), "--data", data)
    geo = json.loads(truce("observations", "--format", "geojson", "--data", data).stdout)
    assert geo["type"] == "FeatureCollection"
    assert geo["features"][0]["geometry"] == {"type": "Point", "coordinates": [38.43, 48.71]}
    csv_text = truce("observations", "--format", "csv", "--data", data).stdout
    assert csv_text.splitlines()[0].startswith("id,source.type,source.id,observed.start")
    assert record["id"] in csv_text


def test_bad_option_values_are_clear_errors(tmp_path: Path) -> None:
    data = _init(tmp_path)
    done = truce("observations", "--since", "2025-01-01T00:00", "--data", data)
    assert done.returncode == 2 and "--since: a date-time needs its UTC offset" in done.stderr
    done = truce("observations", "--format", "xml", "--data", data)
    assert done.returncode == 2 and "table" in done.stderr
    done = truce("ingest", str(tmp_path / "missing.jsonl"), "--data", data)
    assert done.returncode == 2 and "no such file" in done.stderr
    done = truce("observations", "--kind", "explsion", "--data", data)
    assert done.returncode == 2 and "explsion" in done.stderr and "explosion" in done.stderr
    done = truce("agreement", "locate", "-", "--format", "geojson", stdin="lon,lat\n38,48\n")
    assert done.returncode == 2 and "located points have no geojson output" in done.stderr


def test_a_conflict_inside_one_file_names_both_lines_and_stores_nothing(tmp_path: Path) -> None:
    data = _init(tmp_path)
    first = wire(id=new_id())
    changed = wire(id=first["id"], event__count__value=99)
    path = _write(tmp_path / "o.jsonl", first, wire(id=new_id()), first, changed)
    done = truce("ingest", str(path), "--data", data)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    ident = first["id"]
    assert f"line 4: id: {ident} conflicts with line 1 of this input" in done.stderr
    assert f"line 3: id: {ident} repeats line 1 of this input (duplicate)" in done.stderr
    assert "already stored" not in done.stderr and "nothing was stored" in done.stderr
    assert json.loads(truce("observations", "--format", "json", "--data", data).stdout) == []


def test_a_spreadsheet_without_ids_says_the_ids_are_derived(tmp_path: Path) -> None:
    """Issue 11.8: Excel's semicolons, no id column; the ingest says it derived the ids, and a
    re-import of the same file is a duplicate."""
    data = _init(tmp_path)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "\ufeffsource.type;source.id;observed.start;observed.end;position.lat;position.lon;"
        "event.kind\r\npost;OP-12;2025-03-12T18:00:00+02:00;2025-03-12T18:30:00+02:00;48,1;37,8;"
        "fire\r\n",
        encoding="utf-8",
    )
    done = truce("ingest", str(sheet), "--data", data)
    assert done.returncode == 0, done.stderr
    assert "note: 1 row(s) without an id: ids derived as UUIDv5 of source and content" in (
        done.stderr
    )
    again = truce("ingest", str(sheet), "--data", data)
    assert again.returncode == 0 and "(duplicate)" in again.stderr


def test_an_empty_csv_is_an_error(tmp_path: Path) -> None:
    data = _init(tmp_path)
    for name, text in (("empty.csv", ""), ("header.csv", "source.type;source.id\r\n")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        done = truce("ingest", str(path), "--data", data)
        assert done.returncode == 2 and "error:" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def test_an_id_mixing_scripts_is_a_warning_naming_the_field(tmp_path: Path) -> None:
    """Issue 11.11: ``team-К1`` (Cyrillic К) and ``team-K1`` are two sources: say so."""
    data = _init(tmp_path)
    mixed = wire(id=new_id(), source={"type": "patrol", "id": "team-\u041a1"})
    path = _write(tmp_path / "o.jsonl", wire(id=new_id()), mixed)
    done = truce("ingest", str(path), "--data", data)
    assert done.returncode == 0, done.stderr
    (line,) = [x for x in done.stderr.splitlines() if "mixes letters" in x]
    assert line.startswith("line 2: source.id: warning: 'team-\u041a1'") and "Cyrillic" in line
