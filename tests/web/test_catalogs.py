"""The ``web`` catalogs: every message the templates use, translated in every language.

A catalog that lacks a message, leaves one empty, misses a plural form or drops a
placeholder fails here; ``python -m truce.web._catalog`` adds new messages to fill in.
"""

from __future__ import annotations

import io
import re
from importlib import resources

import pytest
from babel.messages.pofile import read_po

from truce.web._catalog import extract_messages
from truce.web.i18n import LANGUAGES, catalog_path, negotiate, translations

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def _catalog(lang: str):  # type: ignore[no-untyped-def]
    data = resources.files("truce").joinpath(catalog_path(lang)).read_bytes()
    return read_po(io.BytesIO(data), locale=lang)


def test_templates_have_messages() -> None:
    messages = extract_messages()
    assert "Sign in" in messages
    assert len(messages) > 50


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_complete(lang: str) -> None:
    catalog = _catalog(lang)
    problems: list[str] = []
    for key in extract_messages():
        msgid = key[0] if isinstance(key, tuple) else key
        entry = catalog.get(msgid)
        if entry is None:
            problems.append(f"missing: {msgid!r}")
            continue
        if isinstance(key, tuple):
            forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            if len(forms) != catalog.num_plurals or not all(forms):
                problems.append(f"plural forms {len(forms)}/{catalog.num_plurals}: {msgid!r}")
            strings = list(forms)
        else:
            strings = [entry.string] if isinstance(entry.string, str) else list(entry.string)
            if not all(strings):
                problems.append(f"untranslated: {msgid!r}")
        wanted = set(_PLACEHOLDER.findall(msgid))
        for s in [msgid, *strings]:
            # Jinja's newstyle gettext always %-formats: a stray "%" breaks the page.
            names = {n: 1 for n in re.findall(r"%\((\w+)\)", s)}
            try:
                s % names
            except (TypeError, ValueError, KeyError):
                problems.append(f"not %-formattable: {s!r}")
        for s in strings:
            if s and set(_PLACEHOLDER.findall(s)) != wanted:
                problems.append(f"placeholders differ: {msgid!r} -> {s!r}")
        if entry.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
    assert problems == []


def test_plural_forms_follow_the_language() -> None:
    assert _catalog("uk").num_plurals == 3
    assert _catalog("ru").num_plurals == 3
    assert _catalog("de").num_plurals == 2


def test_translations_compile() -> None:
    assert translations("de").gettext("Sign in") != "Sign in"
    assert translations("en").gettext("Sign in") == "Sign in"


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "want"),
    [
        (None, None, None, "en"),
        (None, None, "uk-UA,uk;q=0.9,en;q=0.5", "uk"),
        (None, None, "fr-FR, de;q=0.7, ru;q=0.8", "ru"),
        (None, None, "fr, *;q=0.1", "en"),
        (None, "de", "ru", "de"),
        ("uk", "de", "ru", "uk"),
        ("xx", None, "de-AT", "de"),
        (None, None, "de;q=0, ru;q=garbage, uk", "uk"),
    ],
)
def test_negotiate(query: str | None, cookie: str | None, accept: str | None, want: str) -> None:
    assert negotiate(query=query, cookie=cookie, accept=accept) == want
