"""Words of the web interface: the ``web`` Babel domain and the reader's language.

Catalogs live in ``truce/locale/<lang>/LC_MESSAGES/web.po`` beside the reports' domain
(English message ids; ``en`` maps them to themselves). They are compiled in memory when
first used, so no ``.mo`` file is committed. The language of a request is, in order: a
``lang`` query parameter, the ``truce_lang`` cookie set by the language switch, the
browser's ``Accept-Language`` (RFC 9110 §12.5.4, highest quality first), English.
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from importlib import resources

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

__all__ = ["DOMAIN", "LANGUAGES", "LANGUAGE_NAMES", "catalog_path", "negotiate", "translations"]

DOMAIN = "web"
#: The interface's languages, the first the fallback.
LANGUAGES: tuple[str, ...] = ("en", "de", "uk", "ru")
#: Each language's name in itself, for the switch (not translated on purpose).
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "de": "Deutsch",
    "uk": "Українська",
    "ru": "Русский",
}
LANG_COOKIE = "truce_lang"


def catalog_path(lang: str) -> str:
    """The catalog's path inside the ``truce`` package."""
    return f"locale/{lang}/LC_MESSAGES/{DOMAIN}.po"


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> gettext.GNUTranslations:
    """The compiled ``web`` catalog of ``lang`` (one of :data:`LANGUAGES`)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown interface language {lang!r}; choose one of {LANGUAGES}")
    text = resources.files("truce").joinpath(catalog_path(lang)).read_bytes()
    catalog = read_po(io.BytesIO(text), locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def _accepted(header: str) -> list[str]:
    """Language ranges of an Accept-Language header, highest quality first."""
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag and q > 0:
            ranked.append((-q, n, tag.strip().lower()))
    return [tag for _, _, tag in sorted(ranked)]


def negotiate(*, query: str | None, cookie: str | None, accept: str | None) -> str:
    """The language of a request (see the module docstring)."""
    for choice in (query, cookie):
        if choice in LANGUAGES:
            return str(choice)
    for tag in _accepted(accept or ""):
        primary = tag.split("-", 1)[0]
        if primary in LANGUAGES:
            return primary
    return LANGUAGES[0]
