"""What a new user trips on (issue 11), through the ``truce`` command as a user runs it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.factories import new_id, wire


def truce(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "truce", *args], capture_output=True, text=True, input=stdin
    )


def _init(tmp_path: Path, *extra: str) -> str:
    data = str(tmp_path / "d")
    done = truce("init", "--data", data, *extra)
    assert done.returncode == 0, done.stderr
    return data


def _jsonl(path: Path, *records: dict[str, object]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


CSV_HEADER = (
    "source.type;source.id;observed.start;observed.end;position.lat;position.lon;event.kind"
)
CSV_ROW = "post;OP-12;2025-03-12T18:00:00+02:00;2025-03-12T18:30:00+02:00;48,1;37,8;fire"


def test_item5_messages_are_never_wrapped(tmp_path: Path) -> None:
    data = str(tmp_path / ("a-long-folder-name-" * 6))
    done = truce("observations", "--data", data)
    assert done.returncode == 2
    (line,) = [x for x in done.stderr.splitlines() if "no mission in" in x]
    assert "(run truce init)" in line


def test_item8_summary_counts_records_not_errors(tmp_path: Path) -> None:
    data = _init(tmp_path)
    stored = wire(id=new_id())
    assert truce("ingest", _jsonl(tmp_path / "a.jsonl", stored), "--data", data).returncode == 0
    bad = wire(id=new_id(), position={"lat": 95, "lon": 200})  # two errors, one record
    done = truce("ingest", _jsonl(tmp_path / "b.jsonl", bad, wire(id=new_id())), "--data", data)
    assert done.returncode == 2
    # piped, the summary is TSV (on a terminal a table): the last row of numbers
    rows = [x for x in done.stderr.splitlines() if re.fullmatch(r"[\d\t│ ]+", x) and "\t" in x]
    read, accepted, duplicates, conflicts, rejected = re.findall(r"\d+", rows[-1])
    assert (read, rejected) == ("2", "1"), done.stderr


def test_item11_a_directory_is_not_a_file(tmp_path: Path) -> None:
    data = _init(tmp_path)
    done = truce("ingest", str(tmp_path), "--data", data)
    assert done.returncode == 2 and "not a file" in done.stderr
