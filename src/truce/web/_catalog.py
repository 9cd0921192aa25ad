"""The ``web`` catalogs' messages: extraction from the templates and catalog upkeep.

``python -m truce.web._catalog`` adds every message the templates use to each language's
``web.po`` (new ones with an empty translation, to be filled in) and drops the unused ones;
the test suite fails while a catalog lacks a message or a plural form.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.pofile import read_po, write_po

from truce.domain.reasons import ENGLISH as REASONS
from truce.web.i18n import DOMAIN, LANGUAGES, catalog_path

__all__ = ["Message", "extract_messages", "update_catalogs"]

#: A message id: a string, or (singular, plural) for ngettext.
Message = str | tuple[str, str]

_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "false", "newstyle_gettext": "true"}


def _templates() -> list[Path]:
    folder = Path(str(resources.files("truce.web").joinpath("templates")))
    return sorted(folder.rglob("*.html"))


def extract_messages() -> dict[Message, list[str]]:
    """Every message the templates use, with the files that use it, and the sentences of
    violations' reasons (:mod:`truce.domain.reasons`)."""
    found: dict[Message, list[str]] = {}
    for path in _templates():
        with path.open("rb") as fh:
            for _line, msg, _comments, _ctx in extract(
                "jinja2.ext:babel_extract",
                fh,
                options=_OPTIONS,
                keywords={"_": None, "gettext": None, "ngettext": (1, 2)},
            ):
                key: Message = msg if isinstance(msg, str) else (msg[0], msg[1])
                found.setdefault(key, []).append(path.name)
    for sentence in REASONS.values():  # violations' reasons, rendered at the edge
        found.setdefault(sentence, []).append("reasons")
    return found


def _read(lang: str) -> Catalog:
    path = resources.files("truce").joinpath(catalog_path(lang))
    if not path.is_file():
        return _empty(lang)
    return read_po(io.BytesIO(path.read_bytes()), locale=lang, domain=DOMAIN)


def _empty(lang: str) -> Catalog:
    # A fixed header date keeps the files' diffs to what changed.
    fixed = datetime(2026, 1, 1, tzinfo=UTC)
    catalog = Catalog(
        locale=lang,
        domain=DOMAIN,
        project="Truce",
        version="1",
        copyright_holder="Truce contributors",
        creation_date=fixed,
        revision_date=fixed,
        fuzzy=False,
    )
    return catalog


def update_catalogs(root: Path) -> None:
    """Bring each ``web.po`` under ``root`` (the ``truce`` package folder) up to date."""
    messages = extract_messages()
    for lang in LANGUAGES:
        old = _read(lang)
        new = _empty(lang)
        for key, files in messages.items():
            previous = old.get(key[0] if isinstance(key, tuple) else key)
            string = (
                previous.string
                if previous is not None
                else ("", "")
                if isinstance(key, tuple)
                else ""
            )
            if lang == "en" and not any(string if isinstance(string, tuple) else [string]):
                string = key
            new.add(key, string, locations=[(f, 0) for f in sorted(set(files))])
        target = root / catalog_path(lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as fh:
            write_po(fh, new, width=100, omit_header=False, include_lineno=False, sort_output=True)


if __name__ == "__main__":
    update_catalogs(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(str(resources.files("truce"))))
