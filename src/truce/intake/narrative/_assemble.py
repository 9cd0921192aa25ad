"""From sentences to results: splitting, context carried between sentences, output schema."""

from __future__ import annotations

from truce.intake.narrative._events import Draft
from truce.intake.narrative._grammar import Sentence, parse_sentence
from truce.intake.narrative._model import (
    ObservationFields,
    ParsedObservation,
    ParseResult,
    ParseWarning,
    TimeSpec,
)
from truce.intake.narrative._phrases import Compiled, compiled
from truce.intake.narrative._special import casualties, restriction
from truce.intake.narrative._tokens import Tokens, split_sentences, tokenize

#: Warning reason prefix for a sentence the parser failed on (a bug; tests assert none).
INTERNAL_ERROR = "internal parser error"
#: Longest sentence read, in characters (the longest in the SMM corpus is under 1,500); a
#: longer one is skipped with one warning, so the work per sentence stays bounded and the
#: parse stays linear in the input on any text (issue 12).
MAX_SENTENCE_CHARS = 5_000
#: Warning reason prefix for a sentence over :data:`MAX_SENTENCE_CHARS`.
TOO_LONG = "sentence longer than the limit"

_Context = tuple[str | None, str | None, tuple[float, str] | None]


def assemble(text: str, *, lang: str) -> ParseResult:
    """See :func:`truce.intake.narrative.parse`."""
    c = compiled(lang)
    t = tokenize(text)
    ranges = split_sentences(t)
    observations: list[ParsedObservation] = []
    warnings: list[ParseWarning] = []
    context: _Context = (None, None, None)
    carry: Sentence | None = None  # a clause ended by ";" that the next one continues
    for a, b in ranges:
        if carry is None and c.trigger_words.isdisjoint(t.low[a:b]):
            continue
        span = (t.start[a], t.end[b - 1])
        if span[1] - span[0] > MAX_SENTENCE_CHARS:
            reason = (
                f"{TOO_LONG} of {MAX_SENTENCE_CHARS:,} characters ({span[1] - span[0]:,}): not read"
            )
            warnings.append(ParseWarning(span, reason, text[span[0] : span[0] + 200]))
            carry = None
            continue
        try:
            s = parse_sentence(c, t, a, b, carry)
            carry = s if t.text[b - 1] == ";" and s.sense is not None else None
            drafts = s.drafts + _specials(c, t, a, b)
        except Exception as exc:  # a parser bug must not lose the other sentences
            reason = f"{INTERNAL_ERROR}: {type(exc).__name__}"
            warnings.append(ParseWarning(span, reason, text[span[0] : span[1]]))
            carry = None
            continue
        if s.pronoun and s.place is None and s.source in (None, "patrol"):
            s.source = s.source or context[0]
            s.place, s.offset = context[1], context[2]
        sentence = text[span[0] : span[1]]
        time = s.time.freeze()
        for d in drafts:
            fields = _fields(s, d)
            observations.append(ParsedObservation(fields, span, (d.start, d.end), sentence, time))
        warnings.extend(ParseWarning((x, y), why, text[x:y]) for x, y, why in s.warnings)
        if s.verb_seen and not drafts and not s.summary and not _negated_only(c, t, a, b):
            warnings.append(ParseWarning(span, "no observation read in this sentence", sentence))
        if drafts:
            context = (s.source, s.place, s.offset)
    return ParseResult(tuple(observations), tuple(warnings), len(ranges))


def _negated_only(c: Compiled, t: Tokens, a: int, b: int) -> bool:
    return not c.lex.negators.isdisjoint(t.low[a:b])


def _specials(c: Compiled, t: Tokens, a: int, b: int) -> list[Draft]:
    low = t.low[a:b]
    out: list[Draft] = []
    if not c.lex.harm_verbs.isdisjoint(low):
        out.extend(casualties(c, t, a, b))
    if not c.restriction.first.isdisjoint(low):
        r = restriction(c, t, a, b)
        if r is not None:
            out.append(r)
    return out


def _num(v: float) -> float:
    return int(v) if float(v).is_integer() else v


#: The weapon terms of the output schema (shared/data/narratives/README.md).
SCHEMA_WEAPONS = frozenset(
    {
        "small_arms",
        "heavy_machine_gun",
        "anti_aircraft_gun",
        "ifv_cannon",
        "automatic_grenade_launcher",
        "grenade_launcher",
        "anti_tank_weapon",
        "mortar",
        "artillery",
        "howitzer",
        "tank",
        "mlrs",
    }
)
#: Finer categories the lexicon knows, mapped onto the schema's terms; a category with no
#: term (armoured personnel carriers, air defence, missile systems) is left out of ``weapons``.
_TO_SCHEMA = {"ifv": "ifv_cannon", "heavy_mlrs": "mlrs"}


def schema_weapons(weapons: list[str]) -> list[str]:
    """``weapons`` in the output schema's terms, in order, without repeats."""
    mapped = (_TO_SCHEMA.get(w, w) for w in weapons)
    return list(dict.fromkeys(w for w in mapped if w in SCHEMA_WEAPONS))


def _fields(s: Sentence, d: Draft) -> ObservationFields:
    place = s.place or d.place or s.ref_place
    return {
        "source_type": s.source,
        "place": place,
        "offset": {"km": _num(s.offset[0]), "bearing": s.offset[1]} if s.offset else None,
        "kind": d.kind,
        "subtype": d.subtype,
        "weapons": schema_weapons(list(d.weapons)),
        "count": d.count,
        "qualifier": d.qualifier,
        "distance_km": (
            {"min": _num(d.distance[0]), "max": _num(d.distance[1])} if d.distance else None
        ),
        "bearings": list(d.bearings or []),
        "flight": {"from": d.flight[0], "to": d.flight[1]} if d.flight else None,
    }


__all__ = ["TimeSpec", "assemble"]
