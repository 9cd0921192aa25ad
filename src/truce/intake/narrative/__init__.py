"""Narrative parser: monitors' sentences to structured observations (issue 6).

Reads the terse style of the OSCE SMM daily reports described in
``shared/data/narratives/README.md`` with a deterministic grammar (no model, no network)
and returns one :class:`ParsedObservation` per observation, in the README schema, with the
sentence span and parsed time phrase as provenance. What it cannot read becomes a
:class:`ParseWarning` with its span rather than a guess.

>>> r = parse("Positioned in Horlivka, the SMM heard seven explosions 5-7km north-west.")
>>> r.fields()[0]["count"], r.fields()[0]["bearings"]
(7, ['NW'])
"""

from __future__ import annotations

from truce.intake.narrative._assemble import MAX_SENTENCE_CHARS, assemble
from truce.intake.narrative._model import (
    ObservationFields,
    ParsedObservation,
    ParseResult,
    ParseWarning,
    Span,
    TimeSpec,
)

__all__ = [
    "MAX_SENTENCE_CHARS",
    "ObservationFields",
    "ParseResult",
    "ParseWarning",
    "ParsedObservation",
    "Span",
    "TimeSpec",
    "parse",
]


def parse(text: str, *, lang: str = "en") -> ParseResult:
    """Parse a passage (one or more sentences) into observations.

    Never raises on any text; raises :class:`~truce.errors.InvalidInput` only for a
    language without a lexicon. Character spans index into ``text``. Linear in the length
    of ``text``: a sentence longer than :data:`MAX_SENTENCE_CHARS` is not read and yields
    one warning saying so. A whole report body with headings on lines of their own
    ("Ceasefire violations") is read as :func:`~truce.intake.narrative.report.read_report`
    reads it: headings are left out of the sentences, each line or blank-line separated
    block is a paragraph.
    """
    from truce.intake.narrative.report import has_headings, read_report

    if has_headings(text, lang=lang):
        return read_report(text, lang=lang).result
    return assemble(text, lang=lang)
