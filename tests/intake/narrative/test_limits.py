"""Issue 12, item 13: the parser stays linear on any input; a limit cuts a huge sentence."""

from __future__ import annotations

from truce.intake.narrative import MAX_SENTENCE_CHARS, parse
from truce.intake.narrative._assemble import TOO_LONG

PHRASE = "the SMM heard 3 explosions 2-3km south-east and "


def test_a_sentence_over_the_limit_gives_one_clear_warning_and_nothing_else() -> None:
    huge = PHRASE * (3_000_000 // len(PHRASE))  # one 3 MB sentence (no full stop)
    r = parse(huge)
    assert r.observations == ()
    assert len(r.warnings) == 1
    w = r.warnings[0]
    assert w.reason.startswith(TOO_LONG) and f"{MAX_SENTENCE_CHARS:,}" in w.reason
    assert w.span == (0, len(huge.rstrip()))
    assert len(w.text) <= 200


def test_the_sentences_around_a_huge_one_are_still_read() -> None:
    before = "Positioned in Horlivka, the SMM heard seven explosions 5-7km north-west. "
    after = " The SMM heard two explosions 3km south."
    r = parse(before + "The " + PHRASE * 1000 + "." + after)
    assert [o.fields["count"] for o in r.observations] == [7, 2]
    assert sum(w.reason.startswith(TOO_LONG) for w in r.warnings) == 1


def test_a_sentence_at_the_limit_is_read() -> None:
    text = (PHRASE * (MAX_SENTENCE_CHARS // len(PHRASE)))[: MAX_SENTENCE_CHARS - 1] + "."
    r = parse(text)
    assert not any(w.reason.startswith(TOO_LONG) for w in r.warnings)
    assert len(r.observations) > 50
