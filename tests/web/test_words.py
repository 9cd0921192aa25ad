"""Violations' reasons are codes; the pages render them in the reader's language."""

from __future__ import annotations

import pytest

from truce.domain.reasons import ENGLISH, Reason
from truce.web.i18n import LANGUAGES
from truce.web.templating import reason_sentence

PARAMS = {"weapon": "mlrs", "distance_km": 12.34, "limit_km": 50, "where": "in", "area": "ha-1",
          "missing": 2, "registered": 5, "qualifier": "about", "kind": "weapon", "zone": "z-1",
          "site": "s-1"}  # fmt: skip


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_renders_in_every_language(lang: str, reason: Reason) -> None:
    sentence = reason_sentence({"reason": reason.value, "reason_params": PARAMS}, lang)
    assert sentence and "{" not in sentence
    if lang == "en":
        assert sentence == ENGLISH[reason].format(**PARAMS)
    elif reason is Reason.WEAPON_WITHIN_LIMIT:
        assert "12" in sentence and "mlrs" in sentence


def test_translated_not_english() -> None:
    assert reason_sentence({"reason": "fire_in_area"}, "uk") != ENGLISH[Reason.FIRE_IN_AREA]


def test_unknown_code_is_shown_as_it_is() -> None:
    assert reason_sentence({"reason": "no_such_reason"}, "de") == "no_such_reason"
