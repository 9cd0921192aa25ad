"""A whole report body through parse and ``truce ingest --narrative`` (issue 16, item 4)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.intake.narrative_cli import ingest_narrative
from truce.intake.narrative import parse
from truce.intake.narrative.report import has_headings, read_report

BODY = (
    "Ceasefire violations[1]\n"
    "Positioned in Horlivka, the SMM heard seven explosions 5-7km north-west."
    " It also heard 12 shots of small-arms fire 2-3km west.\n"
    "Weapons in violation of withdrawal lines\n"
    "The SMM saw four tanks near Svitlodarsk.\n"
)


def test_a_report_body_leaves_headings_out_of_the_sentences() -> None:
    assert has_headings(BODY)
    r = parse(BODY)
    assert r.fields() == read_report(BODY).result.fields()
    sentences = [o.sentence for o in r.observations]
    assert sentences[2] == "The SMM saw four tanks near Svitlodarsk."
    assert [(f["kind"], f["place"], f["count"]) for f in r.fields()] == [
        ("explosion", "Horlivka", 7),
        ("fire", "Horlivka", 12),
        ("weapon", "Svitlodarsk", 4),
    ]
    for o in r.observations:  # spans index into the body as given
        assert BODY[o.span[0] : o.span[1]] == o.sentence


def test_a_line_without_its_full_stop_is_a_sentence_not_a_heading() -> None:
    text = "The SMM heard explosions in Horlivka\nThe SMM saw two tanks in Popasna."
    assert not has_headings(text)
    assert [f["kind"] for f in parse(text).fields()] == ["explosion", "weapon"]


def test_ingest_takes_a_whole_report_body(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(BODY, encoding="utf-8")
    out = ingest_narrative(tmp_path, path, date="2019-07-08", source="smm")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    rows = rows if isinstance(rows, list) else rows.get("observations", rows)
    text = json.dumps(rows)
    for place in ("Horlivka", "Svitlodarsk"):
        assert f'"place": "{place}"' in text
    assert "Weapons in violation" not in text
