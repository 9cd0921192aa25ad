"""Words at the edge: Babel catalogs of the ``reports`` domain and localized formatting.

Catalogs live in ``truce/locale/<lang>/LC_MESSAGES/reports.po`` (English message ids; the
``en`` catalog maps them to themselves). They are compiled in memory when first used, so no
``.mo`` file is committed; plural forms follow each catalog's CLDR ``Plural-Forms`` (uk and
ru have three: 1 вибух, 2 вибухи, 5 вибухів). Numbers, dates and times are formatted by
Babel in the report's language and the agreement's time zone.
"""

from __future__ import annotations

import gettext
import io
from datetime import datetime
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from truce.errors import InvalidInput

#: Languages a report is written in.
LANGUAGES: tuple[str, ...] = ("en", "de", "uk", "ru")
DOMAIN = "reports"


def catalog_path(lang: str) -> str:
    return f"locale/{lang}/LC_MESSAGES/{DOMAIN}.po"


@lru_cache(maxsize=8)
def translations(lang: str) -> gettext.GNUTranslations:
    """The compiled ``reports`` catalog of ``lang``; raises InvalidInput for another language."""
    check_language(lang)
    text = resources.files("truce").joinpath(catalog_path(lang)).read_bytes()
    catalog = read_po(io.BytesIO(text), locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise InvalidInput(
            f"unknown report language {lang!r}", hint="choose one of: " + ", ".join(LANGUAGES)
        )


class Words:
    """Translation and formatting in one language and time zone."""

    def __init__(self, lang: str, time_zone: str) -> None:
        self.lang = lang
        self.tz = ZoneInfo(time_zone)
        self._t = translations(lang)

    def _(self, message: str, **params: object) -> str:
        text = self._t.gettext(message)
        return text % params if params else text

    def n_(self, singular: str, plural: str, n: int, **params: object) -> str:
        text = self._t.ngettext(singular, plural, n)
        return text % {"num": self.num(n), **params}

    def num(self, n: float) -> str:
        return format_decimal(n, locale=self.lang)

    def pct(self, share: float | None) -> str:
        return "–" if share is None else format_percent(share, "#,##0.#%", locale=self.lang)

    def date(self, t: datetime) -> str:
        return format_date(t.astimezone(self.tz), "long", locale=self.lang)

    def time(self, t: datetime) -> str:
        return format_time(t.astimezone(self.tz), "HH:mm", locale=self.lang)

    def datetime(self, t: datetime) -> str:
        return f"{self.date(t)}, {self.time(t)}"
