"""Identifiers that mix writing systems (issue 11.11).

``team-К1`` with a Cyrillic К and ``team-K1`` with a Latin K look the same and are two
sources. A monitor's keyboard switched mid-word gives such ids; the ingest warns, naming the
field, so the mission can correct the record before two observers become four.
"""

from __future__ import annotations

import unicodedata

__all__ = ["mixed_scripts", "mixed_scripts_message"]


def _script(char: str) -> str | None:
    """The script of a letter, from its Unicode name (``LATIN``, ``CYRILLIC``, ``GREEK``...)."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else None


def mixed_scripts(text: str) -> dict[str, list[str]]:
    """The scripts of the letters of ``text`` (each with its letters, in order) when there are
    two or more; ``{}`` otherwise (ASCII text at once)."""
    if text.isascii():
        return {}
    found: dict[str, list[str]] = {}
    for char in text:
        script = _script(char)
        if script is not None and char not in found.setdefault(script, []):
            found[script].append(char)
    return found if len(found) > 1 else {}


def mixed_scripts_message(text: str) -> str | None:
    """A warning for an id that mixes scripts, or ``None``."""
    found = mixed_scripts(text)
    if not found:
        return None
    parts = ", ".join(f"{s.title()} {''.join(c)!s}" for s, c in found.items())
    return (
        f"warning: {text!r} mixes letters of several scripts ({parts}): it is another id than "
        "the same-looking one in a single script"
    )
