"""Reasons are codes with parameters; every code has its English sentence."""

from __future__ import annotations

import string

from truce.domain.reasons import ENGLISH, Reason, render_reason


def test_every_reason_has_an_english_sentence_naming_its_parameters() -> None:
    assert set(ENGLISH) == set(Reason)
    for reason, template in ENGLISH.items():
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        params = {f: 1.5 if f.endswith("_km") else "x" for f in fields}
        text = render_reason(reason, params)
        assert text and "{" not in text, reason


def test_rendering_with_parameters() -> None:
    params = {"missing": 2, "registered": 5}
    assert render_reason(Reason.REGISTERED_MISSING, params) == "2 of 5 registered missing"
    assert render_reason(Reason.FIRE_IN_AREA) == "fire observed in the agreement area"
