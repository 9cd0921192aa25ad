"""``truce parse``: JSON in the README schema, --lines as an array of arrays, table output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

LINE1 = "While in Popasna, the SMM heard 14 undetermined explosions 2-4km south-east."
LINE2 = "The SMM did not observe any ceasefire violations."


def _truce(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from truce.cli import main; main()", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_parse_file_prints_one_array(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text(LINE1 + " " + LINE2 + "\n", encoding="utf-8")
    out = _truce("parse", str(path))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [o["place"] for o in data] == ["Popasna"]
    assert data[0]["bearings"] == ["SE"]


def test_parse_lines_from_stdin_prints_array_of_arrays() -> None:
    out = _truce("parse", "-", "--lines", stdin=f"{LINE1}\n{LINE2}\n{LINE1}\n")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [len(x) for x in data] == [1, 0, 1]


def test_parse_table_and_warnings_on_stderr() -> None:
    out = _truce("parse", "--format", "table", stdin="The SMM saw two armed men.\n" + LINE1)
    assert out.returncode == 0, out.stderr
    assert "Popasna" in out.stdout
    assert "no observation read" in out.stderr


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    out = _truce("parse", str(tmp_path / "absent.txt"))
    assert out.returncode == 2
    assert "no such file" in out.stderr


REPORT = (
    "Ceasefire violations\n"
    "On the night of 1-2 May, while in Svitlodarsk (57km north-east of Donetsk), the SMM "
    "heard five undetermined explosions 3-5km south.[1] The following day, at the same "
    "position, the SMM heard two bursts of small-arms fire 2km east.\n"
    "Weapons in violation of withdrawal lines\n"
    "The SMM saw two tanks near Zolote.* Its access remained restricted near Bezimenne.\n"
    "[1] For a complete breakdown of the ceasefire violations, please see the annex.\n"
)


def test_parse_report_groups_by_paragraph_with_headings_and_spans(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    out = _truce("parse", "--report", str(path))
    assert out.returncode == 0, out.stderr
    paras = json.loads(out.stdout)
    assert [p["heading"] for p in paras] == [
        "Ceasefire violations",
        "Weapons in violation of withdrawal lines",
        "Weapons in violation of withdrawal lines",
    ]
    first, second, footnote = paras
    assert [(o["kind"], o["place"]) for o in first["observations"]] == [
        ("explosion", "Svitlodarsk"),
        ("fire", "Svitlodarsk"),
    ]
    explosion, fire = first["observations"]
    assert fire["observer_span"] == explosion["span"]  # placed by the first sentence
    a, b = explosion["span"]
    assert REPORT[a:b].startswith("On the night of 1-2 May")
    assert [(o["kind"], o["place"]) for o in second["observations"]] == [
        ("weapon", "Zolote"),
        ("restriction", "Bezimenne"),
    ]
    assert footnote["observations"] == [] and footnote["warnings"] == []
    assert "number not read" not in out.stderr


def test_parse_report_and_lines_exclude_each_other(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    out = _truce("parse", "--report", "--lines", str(path))
    assert out.returncode != 0
    assert "--report and --lines" in out.stderr and "Traceback" not in out.stderr
