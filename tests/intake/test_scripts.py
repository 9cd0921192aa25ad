"""Ids mixing scripts (issue 11.11): ``team-К1`` (Cyrillic К) is not ``team-K1``."""

from __future__ import annotations

import pytest

from truce.intake.scripts import mixed_scripts, mixed_scripts_message


@pytest.mark.parametrize(
    ("text", "scripts"),
    [
        ("team-K1", {}),
        ("team-\u041a1", {"LATIN": list("team"), "CYRILLIC": ["\u041a"]}),
        ("\u043f\u0430\u0442\u0440\u0443\u043b\u044c-7", {}),  # all Cyrillic
        ("OP-\u039112", {"LATIN": ["O", "P"], "GREEK": ["\u0391"]}),  # Greek Alpha
        ("post-12-\u00e9", {}),  # Latin with an accent: one script
    ],
)
def test_mixed_scripts(text: str, scripts: dict[str, list[str]]) -> None:
    assert mixed_scripts(text) == scripts


def test_the_message_names_the_scripts_and_letters() -> None:
    message = mixed_scripts_message("team-\u041a1")
    assert message is not None and "Latin team" in message and "Cyrillic \u041a" in message
    assert mixed_scripts_message("team-K1") is None
