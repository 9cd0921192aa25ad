"""Invariants: arbitrary text never raises; spans point into the text; output is schema-shaped."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from truce.intake.narrative import parse
from truce.intake.narrative._assemble import INTERNAL_ERROR

KEYS = [
    "source_type",
    "place",
    "offset",
    "kind",
    "subtype",
    "weapons",
    "count",
    "qualifier",
    "distance_km",
    "bearings",
    "flight",
]
KINDS = {
    "explosion",
    "projectile",
    "flare",
    "muzzle_flash",
    "fire",
    "weapon",
    "restriction",
    "damage",
    "casualty",
    "other",
}
QUALIFIERS = {"exact", "about", "at_least", "uncountable", "unstated"}

# Words of the grammar, so generated text reaches deep into it rather than only the tokenizer.
VOCAB = (
    "the SMM heard saw recorded camera UAV in at near while positioned whilst stationary of "
    "its position Popasna (government-controlled, 69km west of Luhansk) about approximately "
    "at least more than ( ) uncountable one two nine twenty hundred and a an 3 5 12 1.5 - "
    "km m explosions explosion assessed as impacts outgoing rounds airburst undetermined "
    "including the remaining projectiles in flight mostly from west to east illumination "
    "flares muzzle flashes bursts shots of heavy-machine-gun small-arms fire mortar (82mm) "
    "tank tanks BMP-1 73mm all south-east north west-south-west easterly directions , . ; "
    "On evening night 6-7 September between 10:20 11:45 during 83 minutes did not any "
    "ceasefire violations region denied injured woman crater damage to houses their "
    "over revealed Joint Centre for Control and Co-ordination (JCCC) burned by shelling – "
    "caused by road T-0504 (IFV; BMP-1) overlapping recoilless gun (SPG-9, 73mm) or cannon "
    "“DPR”-controlled Donetsk city centre followed by in sequence 1km from"
).split()

sentences = st.lists(st.sampled_from(VOCAB), max_size=60).map(" ".join)


def _check(text: str) -> None:
    result = parse(text)
    assert isinstance(result.observations, tuple)
    for obs in result.observations:
        assert list(obs.fields) == KEYS
        assert obs.fields["kind"] in KINDS
        assert obs.fields["qualifier"] in QUALIFIERS
        count = obs.fields["count"]
        assert count is None or count >= 0
        if obs.fields["qualifier"] in ("uncountable", "unstated"):
            assert count is None or obs.fields["qualifier"] == "unstated"
        a, b = obs.span
        assert 0 <= a <= b <= len(text)
        assert obs.sentence == text[a:b]
        pa, pb = obs.phrase_span
        assert a <= pa <= pb <= b
    for w in result.warnings:
        assert 0 <= w.span[0] <= w.span[1] <= len(text)
        assert not w.reason.startswith(INTERNAL_ERROR), (text, w.reason)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
@example("\u00b20NOT")  # found by Hypothesis: a superscript two is a digit to str.isdigit
def test_arbitrary_text_never_raises(text: str) -> None:
    _check(text)


@settings(max_examples=500, deadline=None)
@given(sentences)
@example("denied heavy-machine-gun and")  # found by Hypothesis: list at end of text
@example("between 1.5 - 1.5-4km 3 September")  # decimal in a date range
def test_grammar_word_salad_never_raises(text: str) -> None:
    _check(text)
