"""Jinja2 templates rendered in the reader's language (``web`` catalogs via jinja2.ext.i18n).

One environment per language (cached), autoescaped; :func:`render` adds what every page
needs: the language and its switch, the caller, the CSRF token, the current path.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_decimal
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from truce.domain.reasons import ENGLISH, Reason
from truce.settings import setting
from truce.web import csrf
from truce.web.i18n import LANG_COOKIE, LANGUAGE_NAMES, LANGUAGES, negotiate, translations

__all__ = ["environment", "language_of", "render"]


@lru_cache(maxsize=len(LANGUAGES))
def environment(lang: str) -> Environment:
    """The template environment of ``lang`` with its catalog installed."""
    env = Environment(
        loader=PackageLoader("truce.web", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]

    zone = ZoneInfo(str(setting("timezone")))

    def when(value: datetime | str | float | None, fmt: str = "medium") -> str:
        """A time in the mission's time zone (setting ``timezone``), in the reader's format."""
        if value is None or value == "":
            return "–"
        if isinstance(value, int | float):
            t = datetime.fromtimestamp(value, UTC)
        else:
            t = datetime.fromisoformat(value) if isinstance(value, str) else value
        return str(format_datetime(t, fmt, tzinfo=zone, locale=lang))

    def number(value: float | int | None, digits: int = 0) -> str:
        if value is None:
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return str(format_decimal(value, pattern, locale=lang))

    def text(value: dict[str, str] | str | None) -> str:
        """A text given in several languages, in this one (else English, else any)."""
        if not isinstance(value, dict):
            return "" if value is None else str(value)
        return value.get(lang) or value.get("en") or next(iter(value.values()), "")

    def reason(facts: dict[str, Any] | None) -> str:
        """A violation's reason code and parameters as a sentence in this language."""
        return reason_sentence(facts or {}, lang)

    env.filters["reason"] = reason
    env.filters["when"] = when
    env.filters["text"] = text
    env.filters["number"] = number
    env.filters["urlquote"] = lambda s: quote(str(s), safe="")
    return env


def reason_sentence(facts: dict[str, Any], lang: str) -> str:
    """The sentence of ``facts["reason"]`` (a :class:`~truce.domain.reasons.Reason` code) with
    its ``reason_params``, from the ``web`` catalog; an unknown code is shown as it is."""
    code = facts.get("reason")
    params = facts.get("reason_params") or {}
    try:
        known = Reason(str(code))
    except ValueError:
        return str(code)
    for template in (translations(lang).gettext(ENGLISH[known]), ENGLISH[known]):
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):  # a parameter missing or of another type
            continue
    return str(code)


def language_of(request: Request) -> str:
    """The request's interface language (see :func:`truce.web.i18n.negotiate`)."""
    return negotiate(
        query=request.query_params.get("lang"),
        cookie=request.cookies.get(LANG_COOKIE),
        accept=request.headers.get("accept-language"),
    )


def render(
    request: Request, template: str, *, principal: Any, status: int = 200, **context: Any
) -> HTMLResponse:
    """The page ``template`` for ``principal`` in the request's language."""
    lang = language_of(request)
    page = (
        environment(lang)
        .get_template(template)
        .render(
            lang=lang,
            languages=LANGUAGE_NAMES,
            principal=principal,
            csrf_token=csrf.token_for(request),
            path=request.url.path,
            query=str(request.url.query),
            **context,
        )
    )
    response = HTMLResponse(page, status_code=status)
    csrf.set_cookie(request, response)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, lang, samesite="strict", path="/", max_age=365 * 86400, httponly=True
        )
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; "
        "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response
