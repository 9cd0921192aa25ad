"""Rendering: four languages with the same figures; self-contained HTML; PDF pages that
poppler's pdftoppm turns into non-empty PNG images."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from tests.reports.test_figures import inputs
from truce.agreement.models import Agreement
from truce.errors import InvalidInput
from truce.reports import period as periods
from truce.reports.model import DailyReport, build_daily_report
from truce.reports.render import render
from truce.reports.text import LANGUAGES


@pytest.fixture(scope="module")
def report(toy: Agreement) -> DailyReport:
    return build_daily_report(
        inputs(toy, periods.daily(date(2021, 3, 2), toy.doc.reporting_period))
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_same_figures_in_every_language(report: DailyReport, lang: str) -> None:
    doc = json.loads(render(report, lang=lang, fmt="json"))
    assert doc["figures"] == json.loads(render(report, lang="en", fmt="json"))["figures"]
    md = render(report, lang=lang, fmt="md").decode()
    summary = md.split("\n## ")[1]
    # the summary states each region's figures and the previous period's, in this language
    for n in ("18", "16", "10", "8", "5"):
        assert re.search(rf"(?<![\d.,]){n}(?![\d.,])", summary), (lang, n)


def test_plural_words_in_ukrainian(report: DailyReport) -> None:
    md = render(report, lang="uk", fmt="md").decode()
    assert "18 порушень режиму припинення вогню, зокрема 16 вибухів" in md
    assert "у районах за 2–5 км на південь від н. п. Золоте" in md
    ru = render(report, lang="ru", fmt="md").decode()
    assert "в районах 2–5 км к югу от н. п. Золотое" in ru


def test_html_is_self_contained(report: DailyReport) -> None:
    html = render(report, lang="de", fmt="html").decode()
    assert '<html lang="de">' in html and "<style>" in html
    assert html.count('src="data:image/png;base64,') == 2
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert 'data-report="daily"' in html


def test_bad_language_and_format(report: DailyReport) -> None:
    with pytest.raises(InvalidInput, match="unknown report language 'fr'") as e1:
        render(report, lang="fr", fmt="html")
    assert e1.value.hint == "choose one of: en, de, uk, ru"
    with pytest.raises(InvalidInput, match="unknown report format 'docx'") as e2:
        render(report, lang="en", fmt="docx")
    assert e2.value.hint == "choose one of: html, pdf, md, json"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdf_pages_render_to_png(report: DailyReport, tmp_path: Path) -> None:
    pdf = render(report, lang="uk", fmt="pdf")
    assert pdf.startswith(b"%PDF-")
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", str(tmp_path / "r.pdf"), str(tmp_path / "page")],
        check=True,
    )
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages
    from PIL import Image

    for page in pages:
        with Image.open(page) as img:
            lo, hi = img.convert("L").getextrema()
            assert img.size[0] > 100 and lo < hi  # not blank


@pytest.mark.skipif(shutil.which("pdfdetach") is None, reason="poppler-utils not installed")
def test_long_annex_is_attached_to_the_pdf(
    report: DailyReport, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import truce.reports.render as r

    monkeypatch.setattr(r, "PDF_ANNEX_ROWS", 1)
    html_full = render(report, lang="en", fmt="html").decode()
    assert html_full.count("<tr>") > 6  # HTML keeps every annex row
    (tmp_path / "r.pdf").write_bytes(render(report, lang="en", fmt="pdf"))
    listed = subprocess.run(["pdfdetach", "-list", str(tmp_path / "r.pdf")], check=True,
                            capture_output=True, text=True).stdout  # fmt: skip
    assert "annex.csv" in listed
    subprocess.run(["pdfdetach", "-save", "1", "-o", str(tmp_path / "a.csv"),
                    str(tmp_path / "r.pdf")], check=True)  # fmt: skip
    csv_text = (tmp_path / "a.csv").read_text("utf-8")
    assert csv_text.count("\n") >= 6 + 4  # every incident and violation, two header rows
