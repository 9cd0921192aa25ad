"""A report to bytes: self-contained HTML (inline CSS, images as data URIs), Markdown, JSON
and PDF (WeasyPrint, from the same HTML). No network: images are drawn here, fonts are the
system's."""

from __future__ import annotations

import base64
import csv
import io
import json
from enum import StrEnum
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from truce.errors import InvalidInput
from truce.reports.model import DailyReport
from truce.reports.text import Words, check_language
from truce.reports.view import build_view


class ReportFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"
    MD = "md"
    JSON = "json"


def report_format(value: str) -> ReportFormat:
    try:
        return ReportFormat(value)
    except ValueError:
        raise InvalidInput(
            f"unknown report format {value!r}",
            hint="choose one of: " + ", ".join(f.value for f in ReportFormat),
        ) from None


def _md(cell: object) -> str:
    return str(cell).replace("|", "\\|").replace("\n", " ")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("truce", "reports/templates"),
        autoescape=select_autoescape(["html"], default_for_string=False),
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["md"] = _md
    return env


def _images(report: DailyReport, w: Words) -> list[dict[str, str]]:
    key = f"images:{w.lang}"
    if key not in report.cache:
        report.cache[key] = _draw(report, w)
    images: list[dict[str, str]] = report.cache[key]
    return images


def _draw(report: DailyReport, w: Words) -> list[dict[str, str]]:
    from truce.reports.charts import chart_png, map_png

    out = []
    for alt, png in ((w._("Ceasefire violations per region, last 30 days"), chart_png(report, w)),
                     (w._("Map of the reporting period"), map_png(report, w))):  # fmt: skip
        out.append({"alt": alt, "src": "data:image/png;base64," + base64.b64encode(png).decode()})
    return out


def _view(report: DailyReport, w: Words) -> dict[str, Any]:
    """The report's text in ``w``'s language, built once per language (every format of it
    states the same words)."""
    key = f"view:{w.lang}"
    if key not in report.cache:
        report.cache[key] = build_view(report, w)
    view: dict[str, Any] = report.cache[key]
    return view


def report_json(report: DailyReport, lang: str) -> dict[str, Any]:
    """The JSON format: the language-independent ``figures`` plus the text in ``lang``."""
    w = Words(lang, report.reporting.time_zone)
    return {"figures": report.figures, "lang": lang, "text": _view(report, w)}


def render(report: DailyReport, *, lang: str, fmt: str | ReportFormat) -> bytes:
    """The report in ``lang`` (en, de, uk, ru) and ``fmt`` (html, pdf, md, json)."""
    check_language(lang)
    kind = report_format(str(fmt))
    if kind is ReportFormat.JSON:
        doc = report_json(report, lang)
        return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode()
    w = Words(lang, report.reporting.time_zone)
    view = _view(report, w)
    if kind is ReportFormat.MD:
        return environment().get_template("daily.md").render(v=view).encode()
    pdf = kind is ReportFormat.PDF
    annex = view["annex"]
    total = len(annex["incidents"]["rows"]) + len(annex["violations"]["rows"])
    note = w._(
        "Rows shown here: %(shown)s of %(total)s. The complete annex is attached to this PDF "
        "as annex.csv and is in the HTML and JSON versions of this report.",
        shown=w.num(min(total, 2 * PDF_ANNEX_ROWS)),
        total=w.num(total),
    )
    html = environment().get_template("daily.html").render(
        v=view, f=report.figures, images=_images(report, w), pdf=pdf, limit=PDF_ANNEX_ROWS,
        annex_note=note if pdf and total > 2 * PDF_ANNEX_ROWS else None,
    )  # fmt: skip
    if not pdf:
        return html.encode()
    return html_to_pdf(html, attachments={"annex.csv": annex_csv(annex)})


#: Rows of each annex table printed in the PDF; the whole annex is attached as CSV. WeasyPrint
#: lays out a few thousand table rows in tens of seconds, the rest of a report in one or two.
PDF_ANNEX_ROWS = 150


def annex_csv(annex: dict[str, Any]) -> str:
    """Both annex tables as one CSV text (a blank line between them)."""
    buf = io.StringIO()
    out = csv.writer(buf)
    for part in ("incidents", "violations"):
        out.writerow(annex[part]["headers"])
        out.writerows(annex[part]["rows"])
        out.writerow([])
    return buf.getvalue()


def html_to_pdf(html: str, *, attachments: dict[str, str] | None = None) -> bytes:
    """PDF from self-contained HTML (WeasyPrint; no base URL, so nothing is fetched), with
    text files attached (PDF embedded files)."""
    from weasyprint import HTML, Attachment

    files = [Attachment(string=text, name=name) for name, text in (attachments or {}).items()]
    pdf: bytes = HTML(string=html, base_url=None).write_pdf(attachments=files)
    return pdf
