"""Reports against a real mission (SQLite): publish every language and format, verify the
published figures from the ledger, and fail naming the figure when a counted record changes."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from truce.errors import NotFound, VerificationError
from truce.reports.figures import expand_leaves
from truce.reports.render import ReportFormat
from truce.reports.text import LANGUAGES
from truce.services import reports
from truce.services.demo import run_demo
from truce.services.mission import Mission


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reports") / "demo"
    run_demo(data_dir=folder, scenario="quiet", seed=7, say=lambda _: None)  # publishes
    return folder


@pytest.fixture
def mission(demo_dir: Path) -> Iterator[Mission]:
    with Mission.open(data_dir=demo_dir) as m:
        yield m


def test_publish_then_verify(mission: Mission, demo_dir: Path) -> None:
    pub = reports.publish(mission=mission, principal="analyst-1")
    folder = demo_dir / "reports" / pub.date
    assert len(pub.files) == len(LANGUAGES) * len(ReportFormat)
    for name, digest in pub.files.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    assert [p.date for p in reports.list_published(mission=mission)] == [pub.date]  # latest
    pdf = reports.get_published(mission=mission, date=pub.date, lang="ru", fmt="pdf")
    assert pdf.startswith(b"%PDF-")
    doc = json.loads((folder / f"daily-{pub.date}.uk.json").read_text("utf-8"))
    assert doc["figures"] == pub.figures
    assert doc["figures"]["checkpoint"]["signed"] is True
    result = reports.verify(mission=mission, figures_json=doc)
    assert result.leaves > 0
    with pytest.raises(NotFound):
        reports.get_published(mission=mission, date="1999-01-01", lang="en", fmt="html")


def test_cli_verify_fails_naming_the_figure_after_tampering(demo_dir: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(demo_dir, copy)  # the other tests keep an untouched mission
    mission = Mission.open(data_dir=copy)
    pub = reports.list_published(mission=mission)[-1]
    path = copy / "reports" / pub.date / f"daily-{pub.date}.de.json"
    cmd = [sys.executable, "-m", "truce", "report", "verify", str(path), "--data", str(copy)]
    ok = subprocess.run(cmd, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    figures = pub.figures
    region = next(r for r, f in figures["regions"].items() if f["leaves"])
    leaf = expand_leaves(figures["regions"][region]["leaves"])[0]
    with mission.store.begin() as conn:
        (content,) = conn.execute(
            text("SELECT content FROM observations WHERE leaf_index = :k"), {"k": leaf}
        ).one()
        record = json.loads(content)
        record["event"]["count"] = {"qualifier": "exact", "value": 5000}
        conn.execute(
            text("UPDATE observations SET content = :c WHERE leaf_index = :k"),
            {"c": json.dumps(record), "k": leaf},
        )
    with pytest.raises(VerificationError, match=rf"regions\.{region}\.ceasefire_violations"):
        reports.verify(mission=mission, figures_json=figures)
    bad = subprocess.run(cmd, capture_output=True, text=True)
    assert bad.returncode == 1
    assert f"regions.{region}.ceasefire_violations" in bad.stderr
    assert f"leaf {leaf}" in bad.stderr  # the altered record is named too
    mission.close()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "truce", *args], capture_output=True, text=True)


def test_cli_daily_multi_day_and_spot(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    done = _cli("report", "daily", "--data", str(demo_dir), "--from", "2021-02-28", "--to",
                "2021-03-02", "--lang", "uk", "--format", "md", "--out", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    # Babel separates "2021 р." with a narrow no-break space
    text = out.read_text("utf-8").replace("\u202f", " ").replace("\xa0", " ")
    assert "Між вечорами 28 лютого 2021 р. та 2 березня 2021 р." in text
    assert "По днях" in text  # the per-day table of a multi-day report
    bad = _cli("report", "daily", "--data", str(demo_dir), "--lang", "fr")
    assert bad.returncode == 2 and "choose one of: en, de, uk, ru" in bad.stderr
    doc = json.loads(_cli("report", "daily", "--data", str(demo_dir), "--format", "json").stdout)
    region = next(r for r, f in doc["figures"]["regions"].items() if f["incidents"])
    assert doc["figures"]["regions"][region]["ceasefire_violations"] > 0


def test_spot_report_proves_its_records(mission: Mission) -> None:
    from truce.ledger.canonical import leaf_hash
    from truce.ledger.verify import verify_inclusion
    from truce.services.fusion import iter_incidents

    inc = max(iter_incidents(mission=mission), key=lambda i: i.counts.total)
    spot = reports.build_spot(mission=mission, incident_id=str(inc.id)[:8])
    doc = json.loads(reports.render_spot(report=spot, lang="de", fmt="json"))
    f = doc["figures"]
    assert f["incident"] == str(inc.id) and f["counts"]["total"] == inc.counts.total
    assert len(f["leaves"]) == len(inc.observation_ids)
    root = bytes.fromhex(f["checkpoint"]["root"])
    contents = {o.id: o for o, _ in spot.observations}
    assert len(contents) == len(inc.observation_ids)
    with mission.store.connect() as conn:
        for leaf in f["leaves"]:
            (content,) = conn.execute(
                text("SELECT content FROM observations WHERE leaf_index = :k"), {"k": leaf}
            ).one()
            verify_inclusion(
                leaf_hash=leaf_hash(content.encode()), index=leaf, size=f["checkpoint"]["size"],
                root=root, proof=[bytes.fromhex(h) for h in f["proofs"][str(leaf)]],
            )  # fmt: skip
    html = reports.render_spot(report=spot, lang="uk", fmt="html").decode()
    assert 'data-report="spot"' in html and "data:image/png;base64," in html
    with pytest.raises(NotFound):
        reports.build_spot(mission=mission, incident_id="ffffffff-none")


def test_dismissed_incident_left_out_and_verified(demo_dir: Path, tmp_path: Path) -> None:
    import shutil

    from truce.services.compliance import iter_violations_decided
    from truce.services.decisions import decide

    folder = tmp_path / "copy"
    shutil.copytree(demo_dir, folder)
    with Mission.open(data_dir=folder) as m:
        before = reports.build_daily(mission=m).figures
        p = before["period"]
        on_incident = [
            d.violation for d in iter_violations_decided(mission=m)
            if d.violation.record_type == "incident"
            and p["start"] <= d.violation.observed.start.isoformat() < p["end"]
        ]  # fmt: skip
        target = on_incident[0].record_ids[0]
        for v in on_incident:
            if v.record_ids[0] == target:
                decide(mission=m, violation_id=v.id, status="dismissed", principal="analyst-2")
        pub = reports.publish(mission=m)
        after = pub.figures
        assert after["totals"]["dismissed_incidents"] == before["totals"]["dismissed_incidents"] + 1
        assert after["totals"]["incidents"] == before["totals"]["incidents"] - 1
        assert after["dismissal_leaves"]
        reports.verify(mission=m, figures_json=after)


def test_verify_refuses_what_is_not_a_report(mission: Mission, tmp_path: Path) -> None:
    from truce.errors import InvalidInput

    with pytest.raises(InvalidInput, match="not a report's JSON"):
        reports.verify(mission=mission, figures_json=b"{not json")
    with pytest.raises(InvalidInput, match="not a report's figures"):
        reports.verify(mission=mission, figures_json={"figures": {"format": "x"}})
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    done = _cli("report", "verify", str(bad), "--data", str(mission.data_dir))
    assert done.returncode == 2 and "not a report" in done.stderr
    assert "Traceback" not in done.stderr
