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
    run_demo(data_dir=folder, scenario="quiet", seed=7, say=lambda _: None, publish=False)
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
    assert [p.date for p in reports.list_published(mission=mission)] == [pub.date]
    pdf = reports.get_published(mission=mission, date=pub.date, lang="ru", fmt="pdf")
    assert pdf.startswith(b"%PDF-")
    doc = json.loads((folder / f"daily-{pub.date}.uk.json").read_text("utf-8"))
    assert doc["figures"] == pub.figures
    assert doc["figures"]["checkpoint"]["signed"] is True
    result = reports.verify(mission=mission, figures_json=doc)
    assert result.leaves > 0
    with pytest.raises(NotFound):
        reports.get_published(mission=mission, date="1999-01-01", lang="en", fmt="html")


def test_cli_verify_fails_naming_the_figure_after_tampering(
    mission: Mission, demo_dir: Path
) -> None:
    pub = reports.list_published(mission=mission)[-1]
    path = demo_dir / "reports" / pub.date / f"daily-{pub.date}.de.json"
    cmd = [sys.executable, "-m", "truce", "report", "verify", str(path), "--data", str(demo_dir)]
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
