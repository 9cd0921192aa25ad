"""Every report string in every catalog, with every plural form and the same placeholders."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from babel.messages.pofile import read_po

from tests.reports.catalog_messages import messages
from truce.reports.text import LANGUAGES, Words, catalog_path

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
EXPECTED_PLURALS = {"en": 2, "de": 2, "uk": 3, "ru": 3}


@pytest.fixture(scope="module")
def extracted() -> dict[str, str | None]:
    found = messages()
    assert len(found) > 100  # the extraction itself works
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_complete(lang: str, extracted: dict[str, str | None]) -> None:
    data = resources.files("truce").joinpath(catalog_path(lang)).read_bytes()
    import io

    catalog = read_po(io.BytesIO(data), locale=lang)
    assert catalog.num_plurals == EXPECTED_PLURALS[lang]
    for msgid, plural in extracted.items():
        entry = catalog.get(msgid)
        assert entry is not None, f"{lang}: missing {msgid!r}"
        want = set(_PLACEHOLDER.findall(msgid))
        if plural is None:
            assert isinstance(entry.string, str) and entry.string, f"{lang}: empty {msgid!r}"
            assert set(_PLACEHOLDER.findall(entry.string)) == want, f"{lang}: {msgid!r}"
        else:
            forms = entry.string
            assert isinstance(forms, tuple), f"{lang}: {msgid!r} has no plural forms"
            assert len(forms) == catalog.num_plurals, f"{lang}: {msgid!r} plural forms"
            for form in forms:
                assert form, f"{lang}: empty plural form of {msgid!r}"
                assert set(_PLACEHOLDER.findall(form)) <= want | {"num"}, f"{lang}: {msgid!r}"


@pytest.mark.parametrize(
    ("lang", "n", "text"),
    [
        ("uk", 1, "1 вибух"),
        ("uk", 2, "2 вибухи"),
        ("uk", 5, "5 вибухів"),
        ("uk", 11, "11 вибухів"),
        ("uk", 21, "21 вибух"),
        ("ru", 1, "1 взрыв"),
        ("ru", 3, "3 взрыва"),
        ("ru", 12, "12 взрывов"),
        ("de", 1, "1 Explosion"),
        ("de", 2, "2 Explosionen"),
        ("en", 1, "1 explosion"),
        ("en", 1000, "1,000 explosions"),
        ("de", 1000, "1.000 Explosionen"),
    ],
)
def test_plural_forms(lang: str, n: int, text: str) -> None:
    w = Words(lang, "Europe/Kyiv")
    assert w.n_("%(num)s explosion", "%(num)s explosions", n) == text
