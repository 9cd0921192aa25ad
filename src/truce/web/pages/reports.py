"""Published reports (``/reports``): by date and language; HTML in the page, PDF and JSON
downloads. Published reports are public."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from truce.errors import ErrorDetail, InvalidInput, NotFound, TruceError
from truce.services import reports
from truce.services.mission import Mission
from truce.web.i18n import LANGUAGE_NAMES, LANGUAGES
from truce.web.pages._common import Caller, error_page, mission_of, page
from truce.web.templating import language_of

router = APIRouter()

_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json",
}


def _published(mission: Mission) -> list[Any]:
    return sorted(reports.list_published(mission=mission), key=lambda p: p.date, reverse=True)


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request, principal: Caller) -> HTMLResponse:
    def load(mission: Mission) -> dict[str, Any]:
        return {"published": _published(mission), "report_langs": LANGUAGE_NAMES}

    return page(request, principal, "reports.html", load)


@router.get("/reports/{day}", response_class=HTMLResponse)
def report_page(request: Request, day: str, principal: Caller) -> HTMLResponse:
    lang = request.query_params.get("report_lang") or language_of(request)

    def load(mission: Mission) -> dict[str, Any]:
        found = next((p for p in _published(mission) if p.date == day), None)
        if found is None:
            raise NotFound(f"no report was published for {day}")
        if lang not in LANGUAGES:
            raise InvalidInput(
                "report_lang: unknown", details=[ErrorDetail(("report_lang",), "en, de, uk or ru")]
            )
        return {"report": found, "report_lang": lang, "report_langs": LANGUAGE_NAMES}

    return page(request, principal, "report.html", load)


@router.get("/reports/{day}/{lang}.{fmt}")
def report_file(request: Request, day: str, lang: str, fmt: str, principal: Caller) -> Response:
    """A published file; PDF and JSON as downloads, HTML to be shown in the page."""
    try:
        if fmt not in _TYPES:
            raise InvalidInput(
                f"format: {fmt!r} is not html, pdf or json",
                details=[ErrorDetail(("format",), "html, pdf or json")],
            )
        data = reports.get_published(mission=mission_of(request), date=day, lang=lang, fmt=fmt)
    except TruceError as exc:
        return error_page(request, principal, exc)
    headers = {"Cache-Control": "public, max-age=300"}
    if fmt != "html":
        headers["Content-Disposition"] = f'attachment; filename="daily-{day}.{lang}.{fmt}"'
    else:  # the report's own page, shown inside ours: no scripts, nothing else
        headers["Content-Security-Policy"] = (
            "default-src 'none'; img-src data: 'self'; style-src 'unsafe-inline' 'self'; "
            "frame-ancestors 'self'"
        )
    return Response(data, media_type=_TYPES[fmt], headers=headers)
