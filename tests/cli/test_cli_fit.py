"""A CLI that fits in a pipe (issue 11, items 3, 5, 6 and 7), through the real ``truce`` entry
point: the demo refuses a mission, tables are TSV when piped, every listing has JSON lines
(observations re-import as duplicates), filters, one output option, ``verify`` reads
``prove``'s JSON, ids are accepted by prefix, dates are local midnights, tables print UTC."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.cli._run import truce
from tests.factories import new_id, wire
from truce.agreement import demo_agreement_dir

KYIV = ZoneInfo("Europe/Kyiv")
BOX = set("│─╭╮╰╯┃━┏┓┗┛┡┩")


def ok(*args: str, stdin: str | None = None) -> str:
    done = truce(*args, stdin=stdin)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A mission with the demo agreement and a simulated quiet day, fused and checked."""
    root = tmp_path_factory.mktemp("cli-fit")
    data = str(root / "m")
    ok("init", "--data", data, "--agreement", str(demo_agreement_dir()))
    ok("simulate", "--scenario", "quiet", "--seed", "3", "--days", "1", "--out", str(root / "s"))
    assert truce("ingest", str(root / "s" / "observations.jsonl"), "--data", data).returncode == 0
    ok("fuse", "--data", data)
    ok("check", "--data", data)
    return root / "m"


@pytest.fixture
def data(built: Path, tmp_path: Path) -> str:
    """A copy of the built mission a test may change."""
    shutil.copytree(built, tmp_path / "m")
    return str(tmp_path / "m")


def _json(*args: str) -> list[dict[str, Any]]:
    return list(json.loads(ok(*args, "--format", "json")))


def _tsv(text: str) -> list[list[str]]:
    assert not BOX & set(text) and "…" not in text
    return [line.split("\t") for line in text.splitlines()]


# --- item 3 ---------------------------------------------------------------------------------


def test_item3_demo_refuses_a_folder_that_holds_a_mission(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    ok("init", "--data", data)
    (tmp_path / "o.jsonl").write_text(json.dumps(wire(id=new_id())) + "\n", encoding="utf-8")
    ok("ingest", str(tmp_path / "o.jsonl"), "--data", data)
    before = ok("observations", "--data", data, "--format", "jsonl")
    done = truce("demo", "--no-serve", "--data", data)
    assert done.returncode == 2
    (line,) = [x for x in done.stderr.splitlines() if x.startswith("error:")]
    assert "already holds a mission" in line and "Traceback" not in done.stderr
    assert ok("observations", "--data", data, "--format", "jsonl") == before
    assert not (Path(data) / "agreement").exists()  # nothing installed, nothing simulated
    # a mission without an agreement: check says how to install one
    no_agreement = truce("check", "--data", data)
    assert no_agreement.returncode == 2
    assert f"truce init --data {data} --agreement FOLDER" in no_agreement.stderr


# --- item 5 ---------------------------------------------------------------------------------


def test_item5_piped_tables_are_whole_tsv(built: Path, tmp_path: Path) -> None:
    data = str(built)
    observations = _json("observations", "--data", data)
    rows = _tsv(ok("observations", "--data", data))
    assert rows[0] == ["id", "source", "start (UTC)", "kind", "count", "where", "direction", "km"]
    assert len(rows) == len(observations) + 1 and all(len(r) == 8 for r in rows)
    first = observations[0]
    assert rows[1][1] == f"{first['source']['type']}:{first['source']['id']}"
    kinds = {r[3].split("/")[0] for r in rows[1:]}
    assert kinds == {o["event"]["kind"] for o in observations}  # never cut to "explos…"
    for command in ("incidents", "violations"):
        table = _tsv(ok(command, "--data", data))
        assert len(table) == len(_json(command, "--data", data)) + 1
        assert len({len(r) for r in table}) == 1
    users = str(tmp_path / "u")
    ok("init", "--data", users)
    long_name = "analyst-with-a-name-far-longer-than-eighty-columns-" + "x" * 40
    assert truce("users", "add", long_name, "--role", "analyst", "--data", users).returncode == 0
    assert _tsv(ok("users", "list", "--data", users))[1][:2] == [long_name, "analyst"]
    summary = truce("ingest", "-", "--data", users, stdin=json.dumps(wire(id=new_id())) + "\n")
    assert _tsv(summary.stderr)[-2:] == [
        ["read", "accepted", "duplicates", "conflicts", "rejected"],
        ["1", "1", "0", "0", "0"],
    ]


# --- item 6 ---------------------------------------------------------------------------------


def test_item6_observations_jsonl_reimport_as_duplicates(built: Path, tmp_path: Path) -> None:
    data = str(built)
    out = tmp_path / "all.jsonl"
    assert ok("observations", "--data", data, "--format", "jsonl", "-o", str(out)) == ""
    lines = out.read_text(encoding="utf-8").splitlines()
    stored = _json("observations", "--data", data)
    assert [json.loads(x) for x in lines] == stored
    again = truce("ingest", str(out), "--data", data)
    assert again.returncode == 0, again.stderr
    counts = dict(zip(*_tsv(again.stderr)[-2:], strict=True))
    assert counts == {"read": str(len(stored)), "accepted": "0", "duplicates": str(len(stored)),
                      "conflicts": "0", "rejected": "0"}  # fmt: skip


@pytest.mark.parametrize("command", ["incidents", "violations"])
def test_item6_incidents_and_violations_as_jsonl_and_csv(built: Path, command: str) -> None:
    data = str(built)
    listed = _json(command, "--data", data)
    assert listed
    jsonl = [json.loads(x) for x in ok(command, "--data", data, "--format", "jsonl").splitlines()]
    assert jsonl == listed
    rows = list(csv.DictReader(io.StringIO(ok(command, "--data", data, "--format", "csv"))))
    assert [r["id"] for r in rows] == [x["id"] for x in listed]
    start = "window" if command == "incidents" else "observed"
    for row, record in zip(rows, listed, strict=True):
        when = datetime.fromisoformat(row[f"{start}.start"])
        assert when == datetime.fromisoformat(record[start]["start"])
        # CSV coordinates are rounded to 7 decimals, as in GeoJSON (issue 11.9)
        assert float(row["lon"]) == round(record["lon"], 7)
    if command == "incidents":
        assert [r["observation_ids"].split(";") for r in rows] == [
            x["observation_ids"] for x in listed
        ]
    else:
        assert {r["status"] for r in rows} == {"detected"}


def _regions(data: str, points: list[tuple[float, float]]) -> list[str]:
    text = "lon,lat\n" + "".join(f"{x},{y}\n" for x, y in points)
    located = json.loads(ok("agreement", "locate", "-", "--data", data, stdin=text))
    return [r["region"] or "other" for r in located]


def _before(records: list[dict[str, Any]], key: str, until: datetime) -> list[dict[str, Any]]:
    return [r for r in records if datetime.fromisoformat(r[key]["start"]) <= until]


def _after(records: list[dict[str, Any]], key: str, since: datetime) -> list[dict[str, Any]]:
    return [r for r in records if datetime.fromisoformat(r[key]["end"]) >= since]


def test_item6_incident_filters(built: Path) -> None:
    data = str(built)
    every = _json("incidents", "--data", data)
    fire = _json("incidents", "--data", data, "--kind", "fire")
    assert fire and fire == [i for i in every if i["kind"] == "fire"]
    # a date alone is local midnight (Kyiv, +02:00 in March), not UTC's
    until = _json("incidents", "--data", data, "--until", "2021-03-01")
    assert until == _before(every, "window", datetime(2021, 3, 1, tzinfo=KYIV))
    assert until != _before(every, "window", datetime(2021, 3, 1, tzinfo=UTC))
    box = (37.5, 47.5, 38.2, 48.2)
    boxed = _json("incidents", "--data", data, "--bbox", ",".join(map(str, box)))
    assert boxed == [
        i for i in every if box[0] <= i["lon"] <= box[2] and box[1] <= i["lat"] <= box[3]
    ]
    regions = _regions(data, [(i["lon"], i["lat"]) for i in every])
    wanted = sorted(set(regions))[0]
    in_region = _json("incidents", "--data", data, "--region", wanted)
    assert in_region == [i for i, r in zip(every, regions, strict=True) if r == wanted]
    unknown = truce("incidents", "--data", data, "--region", "atlantis")
    assert unknown.returncode == 2 and "--region: 'atlantis' is not one of" in unknown.stderr


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_item9_geometry_ellipse_without_geojson_is_an_error(built: Path, fmt: str) -> None:
    """``--geometry ellipse`` applies to GeoJSON only: any other format (a table too, which
    used to ignore it in silence) is an error naming the option and the formats."""
    done = truce("incidents", "--data", str(built), "--format", fmt, "--geometry", "ellipse")
    assert done.returncode == 2 and done.stdout == ""
    assert "--geometry ellipse: only with --format geojson" in done.stderr
    assert f"not --format {fmt}" in done.stderr and "Traceback" not in done.stderr
    point = truce("incidents", "--data", str(built), "--format", fmt, "--geometry", "point")
    assert point.returncode == 0, point.stderr


def test_item6_violation_filters_and_decide_by_prefix(data: str) -> None:
    every = _json("violations", "--data", data)
    table = _tsv(ok("violations", "--data", data))
    short = table[1][0]
    assert len(short) == 8 and every[0]["id"].startswith(short)
    decided = truce("decide", short, "dismissed", "--by", "analyst", "--data", data)
    assert decided.returncode == 0, decided.stderr
    assert every[0]["id"] in decided.stdout
    dismissed = _json("violations", "--data", data, "--status", "dismissed")
    assert [v["id"] for v in dismissed] == [every[0]["id"]]
    detected = _json("violations", "--data", data, "--status", "detected")
    assert len(detected) == len(every) - 1
    kinds = {v["clause_type"] for v in every}
    for kind in kinds:
        got = _json("violations", "--data", data, "--kind", kind)
        assert [v["id"] for v in got] == [v["id"] for v in every if v["clause_type"] == kind]
    region = every[0]["facts"].get("region") or "other"
    got = _json("violations", "--data", data, "--region", region)
    assert [v["id"] for v in got] == [
        v["id"] for v in every if (v["facts"].get("region") or "other") == region
    ]
    now = _json("violations", "--data", data)  # with the decision
    later = _json("violations", "--data", data, "--since", "2021-03-01")
    assert later == _after(now, "observed", datetime(2021, 3, 1, tzinfo=KYIV))
    assert later != _after(now, "observed", datetime(2021, 3, 1, tzinfo=UTC))
    bad = truce("violations", "--data", data, "--status", "maybe")
    assert bad.returncode == 2 and "--status: 'maybe' is not one of" in bad.stderr


def test_item6_one_output_option(built: Path, tmp_path: Path) -> None:
    data = str(built)
    for n, spelling in enumerate(("-o", "--output")):
        path = tmp_path / f"i{n}.csv"
        assert ok("incidents", "--data", data, "--format", "csv", spelling, str(path)) == ""
        assert path.read_text(encoding="utf-8").startswith("id,kind,")
    table = tmp_path / "v.tsv"
    ok("violations", "--data", data, "-o", str(table))
    assert table.read_text(encoding="utf-8").splitlines()[0].startswith("id\tstart (UTC)\t")
    for command in (("report", "daily"), ("report", "spot"), ("simulate",)):
        helptext = ok(*command, "--help")
        assert "--output" in helptext and "--out" in helptext and "-o" in helptext


def test_item6_verify_reads_the_json_prove_prints(built: Path, tmp_path: Path) -> None:
    data = str(built)
    proof = ok("ledger", "prove", "inclusion", "--index", "3", "--data", data)
    file = tmp_path / "p.json"
    file.write_text(proof, encoding="utf-8")
    size = json.loads(proof)["size"]
    assert f"leaf 3 is in the tree of size {size}" in ok("verify", "inclusion", str(file))
    assert "leaf 3" in ok("verify", "inclusion", "-", stdin=proof)
    root = json.loads(proof)["root"]
    assert "leaf 3" in ok("verify", "inclusion", "-", "--root", root, stdin=proof)
    wrong = truce("verify", "inclusion", "-", "--root", "00" * 32, stdin=proof)
    assert wrong.returncode == 1
    consistency = ok("ledger", "prove", "consistency", "--from", "5", "--to", str(size),
                     "--data", data)  # fmt: skip
    assert f"size {size} extends the tree of size 5" in ok(
        "verify", "consistency", "-", stdin=consistency
    )
    c = json.loads(consistency)
    args = ["--root1", c["root1"], "--root2", c["root2"], "--proof", ",".join(c["proof"])]
    for old, new in (("--from", "--to"), ("--size1", "--size2")):
        assert "extends" in ok("verify", "consistency", old, "5", new, str(size), *args)
    missing = truce("verify", "consistency", "--from", "5")
    assert missing.returncode == 2 and "--to: missing" in missing.stderr
    not_json = truce("verify", "inclusion", "-", stdin="5,6")
    assert not_json.returncode == 2 and "proof: not JSON" in not_json.stderr


# --- item 7 ---------------------------------------------------------------------------------


def test_item7_an_unknown_or_short_prefix_is_a_clear_error(built: Path) -> None:
    data = str(built)
    for prefix, message in (("ffffffff", "no violation id starts with 'ffffffff'"),
                            ("ab", "'ab' is neither a UUID nor 4 or more")):  # fmt: skip
        done = truce("decide", prefix, "confirmed", "--by", "analyst", "--data", data)
        assert done.returncode == 2 and message in done.stderr


def test_item7_a_date_alone_is_local_midnight_and_hints_are_accepted(built: Path) -> None:
    data = str(built)
    every = _json("observations", "--data", data)
    got = _json("observations", "--data", data, "--since", "2021-03-01")
    assert got == _after(every, "observed", datetime(2021, 3, 1, tzinfo=KYIV))
    assert got != _after(every, "observed", datetime(2021, 3, 1, tzinfo=UTC))
    naive = truce("observations", "--data", data, "--since", "2021-03-01T06:00")
    assert naive.returncode == 2
    suggested = re.findall(r"e\.g\. (\S+)", naive.stderr)
    assert suggested == ["2021-03-01T06:00+02:00"]
    assert truce("observations", "--data", data, "--since", suggested[0]).returncode == 0


def test_item7_every_table_prints_utc_and_says_so(built: Path) -> None:
    data = str(built)
    observations = _json("observations", "--data", data)
    rows = _tsv(ok("observations", "--data", data))
    for row, obs in zip(rows[1:], observations, strict=True):
        utc = datetime.fromisoformat(obs["observed"]["start"]).astimezone(UTC)
        assert row[2] == utc.strftime("%Y-%m-%d %H:%M")
        assert row[0] == obs["id"][:8]
    for command, key in (("incidents", "window"), ("violations", "observed")):
        table = _tsv(ok(command, "--data", data))
        assert table[0][:2] == ["id", "start (UTC)"]
        records = _json(command, "--data", data)
        for row, record in zip(table[1:], records, strict=True):
            utc = datetime.fromisoformat(record[key]["start"]).astimezone(UTC)
            assert row[1] == utc.strftime("%Y-%m-%d %H:%M")


def test_item6_users_list_as_json_and_jsonl(tmp_path: Path) -> None:
    data = str(tmp_path / "u")
    ok("init", "--data", data)
    for name in ("ana", "bo"):
        ok("users", "add", name, "--role", "analyst", "--data", data)
    listed = json.loads(ok("users", "list", "--data", data, "--format", "json"))
    assert [(u["name"], u["role"], u["state"]) for u in listed] == [
        ("ana", "analyst", "active"),
        ("bo", "analyst", "active"),
    ]
    lines = ok("users", "list", "--data", data, "--format", "jsonl").splitlines()
    assert [json.loads(x) for x in lines] == listed
    bad = truce("users", "list", "--data", data, "--format", "geojson")
    assert bad.returncode == 2 and "users have no geojson output" in bad.stderr


def test_item5_a_terminal_gets_a_table_over_its_full_width(tmp_path: Path) -> None:
    data = str(tmp_path / "u")
    ok("init", "--data", data)
    name = "analyst-" + "n" * 90  # wider than 80 columns, narrower than the terminal's 200
    ok("users", "add", name, "--role", "analyst", "--data", data)
    main, side = pty.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.run([sys.executable, "-m", "truce", "users", "list", "--data", data],
                          stdout=side, stderr=subprocess.PIPE, env=env, timeout=300)  # fmt: skip
    os.close(side)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert proc.returncode == 0, proc.stderr
    text = shown.decode("utf-8")
    assert name in text and "│" in text and "\t" not in text  # a table, not TSV, and whole
