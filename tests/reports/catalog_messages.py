"""The messages of the ``reports`` domain, extracted from the source with Babel."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_file

import truce.reports

SOURCES = ("view.py", "view_sections.py", "render.py", "charts.py", "spot.py")
KEYWORDS = {"_": None, "n_": (1, 2)}


def messages() -> dict[str, str | None]:
    """msgid -> plural msgid (None for a message without plural)."""
    base = Path(truce.reports.__file__).parent
    out: dict[str, str | None] = {}
    for name in SOURCES:
        for _line, msg, _comments, _ctx in extract_from_file(
            "python", base / name, keywords=KEYWORDS
        ):
            if isinstance(msg, tuple):
                out[msg[0]] = msg[1]
            else:
                out[msg] = None
    return out
