"""From sentences to results: splitting, context carried between sentences, output schema."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import replace

from truce.intake.narrative._discourse import Discourse, Observer
from truce.intake.narrative._draft import Item
from truce.intake.narrative._events import DIRECT_FIRE, Draft
from truce.intake.narrative._grammar import parse_sentence
from truce.intake.narrative._location import SAME_PLACE, Modifier
from truce.intake.narrative._model import (
    ObservationFields,
    ParsedObservation,
    ParseResult,
    ParseWarning,
    Span,
    TimeSpec,
)
from truce.intake.narrative._phrases import Compiled, compiled
from truce.intake.narrative._scan import Sentence
from truce.intake.narrative._special import (
    casualties,
    casualty_nouns,
    harm_nouns,
    refer_back,
    restriction,
    shares_back,
    uav_damage,
    uav_fire,
)
from truce.intake.narrative._tokens import Tokens, split_sentences, tokenize

#: Warning reason prefix for a sentence the parser failed on (a bug; tests assert none).
INTERNAL_ERROR = "internal parser error"
#: Longest sentence read, in characters (the longest in the SMM corpus is under 1,500); a
#: longer one is skipped with one warning, so the work per sentence stays bounded and the
#: parse stays linear in the input on any text (issue 12).
MAX_SENTENCE_CHARS = 5_000
#: Warning reason prefix for a sentence over :data:`MAX_SENTENCE_CHARS`.
TOO_LONG = "sentence longer than the limit"


def assemble(text: str, *, lang: str) -> ParseResult:
    """See :func:`truce.intake.narrative.parse`."""
    c = compiled(lang)
    t = tokenize(text)
    ranges = split_sentences(t)
    observations: list[ParsedObservation] = []
    warnings: list[ParseWarning] = []
    discourse = Discourse.of(text)
    previous: list[ObservationFields] = []  # what the last reporting sentence read
    paragraph: list[ObservationFields] = []  # what the current paragraph read
    paragraph_no = 0
    last_bearings: list[str] = []
    carry: Sentence | None = None  # a clause ended by ";" that the next one continues
    rest: ObservationFields | None = None  # what a total's parts told so far left over
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
            drafts = s.drafts + _specials(c, t, a, b, s.drafts)
            placed = s.place is not None and not drafts and not s.region
            carry = s if t.text[b - 1] == ";" and (s.sense is not None or placed) else None
        except Exception as exc:  # a parser bug must not lose the other sentences
            reason = f"{INTERNAL_ERROR}: {type(exc).__name__}"
            warnings.append(ParseWarning(span, reason, text[span[0] : span[1]]))
            carry = None
            continue
        discourse.enter(span)
        if discourse.paragraph != paragraph_no:
            paragraph, paragraph_no = [], discourse.paragraph
            rest = None  # a total's parts are told in its own paragraph
        _same_place(s, drafts, discourse)
        placing = s.verb_seen or s.source in ("camera", "uav") or _places_observer(c, t, a, b)
        who = discourse.observer(s, span, reports=bool(drafts), placing=placing)
        if drafts and who.place is None and _a_total(s, drafts):
            drafts = []  # "The SMM recorded 145 undetermined explosions during the night."
        sentence = text[span[0] : span[1]]
        time = s.time.freeze()
        if not drafts and s.orphan is not None:
            # "All ceasefire violations were recorded 4-6km north": every event the
            # paragraph told, not only the last sentence's
            told = paragraph if t.low[a] in c.lex.shared else previous
            _describe(_of_kind(c, t, a, b, told), s.orphan)
        elif not drafts and previous and (parts := shares_back(c, t, a, b)):
            # "Approximately 100 were assessed as impacts of mortar rounds, and two ..."
            rest = _split_back(observations, previous, paragraph, parts)
        elif not drafts and previous and (ref := refer_back(c, t, a, b)) is not None:
            _assess(previous, ref)
        if rest is not None and drafts and _further(c, t, a, b):
            # "Another 110 explosions were assessed as ...": more of the same total
            rest = _take_from(observations, rest, drafts)
        if drafts:
            previous = []
        same_direction = _same_direction(t, a, b)
        for d in drafts:
            fields, observer_span = _fields(s, d, who)
            if same_direction and not fields["bearings"] and last_bearings:
                fields["bearings"] = list(last_bearings)
            last_bearings = fields["bearings"] or last_bearings
            previous.append(fields)
            paragraph.append(fields)
            observations.append(
                ParsedObservation(
                    fields, span, (d.start, d.end), sentence, time, observer_span=observer_span
                )
            )
        warnings.extend(ParseWarning((x, y), why, text[x:y]) for x, y, why in s.warnings)
        if s.verb_seen and not drafts and not s.summary and not _negated_only(c, t, a, b):
            warnings.append(ParseWarning(span, "no observation read in this sentence", sentence))
    return ParseResult(tuple(observations), tuple(warnings), len(ranges))


def _split_back(
    observations: list[ParsedObservation],
    previous: list[ObservationFields],
    paragraph: list[ObservationFields],
    parts: list[Item],
) -> ObservationFields | None:
    """The last counted explosions of the sentence before, told by ``parts``: one
    observation per part, the rest of the total undetermined (returned, so that "another N
    explosions" later can take from it); None when the parts do not fit."""
    total = next((f for f in reversed(previous) if f["kind"] == "explosion" and f["count"]), None)
    if total is None or total["count"] is None:
        return None
    known = sum(p.count or 0 for p in parts if not p.remainder)
    if known > total["count"]:
        return None
    at = next(i for i, o in enumerate(observations) if o.fields is total)
    rest = total["count"] - known
    out: list[ObservationFields] = []
    for p in parts:
        f = deepcopy(total)
        if p.remainder:
            f["count"], rest = rest or None, 0
        else:
            f["count"], f["qualifier"] = p.count, p.qualifier
        if p.subtype is not None:
            f["subtype"] = p.subtype
        f["weapons"] = schema_weapons(list(p.weapons)) or list(total["weapons"])
        out.append(f)
    left: ObservationFields | None = None
    if rest > 0:
        left = deepcopy(total)
        left["count"] = rest
        out.append(left)
    observations[at : at + 1] = [replace(observations[at], fields=f) for f in out]
    for seen in (previous, paragraph):
        at = next((i for i, f in enumerate(seen) if f is total), -1)
        if at >= 0:
            seen[at : at + 1] = out
    return left


def _further(c: Compiled, t: Tokens, a: int, b: int) -> bool:
    """ "Another 110 explosions", "a further 30 explosions": more of a total told before."""
    return not c.lex.more_words.isdisjoint(t.low[a : min(b, a + 6)])


def _take_from(
    observations: list[ParsedObservation], rest: ObservationFields, drafts: list[Draft]
) -> ObservationFields | None:
    """Counts told as "another N" come out of the rest of the total; the rest goes once
    nothing is left of it."""
    left = (rest["count"] or 0) - sum(d.count or 0 for d in drafts if d.kind == "explosion")
    if left > 0:
        rest["count"] = left
        return rest
    observations[:] = [o for o in observations if o.fields is not rest]
    return None


def _a_total(s: Sentence, drafts: list[Draft]) -> bool:
    """A count of explosions the patrol recorded nowhere in particular (no place, distance or
    direction of its own, none carried): a regional total, as the summaries give them."""
    return (
        s.sense == "record"
        and s.source in (None, "patrol")
        and s.place is None
        and s.ref_place is None
        and len(drafts) == 1
        and drafts[0].kind == "explosion"
        and drafts[0].subtype == "undetermined"
        and drafts[0].count is not None
        and drafts[0].place is None
        and drafts[0].distance is None
        and not drafts[0].bearings
        and not drafts[0].weapons
    )


def _of_kind(
    c: Compiled, t: Tokens, a: int, b: int, told: list[ObservationFields]
) -> list[ObservationFields]:
    """The events a describing sentence names ("the explosions occurred at locations to the
    north": the explosions only, not the fire told beside them); all when it names none."""
    low = t.low
    for i in range(a, b - 1):
        if low[i] in c.lex.articles and low[i + 1] in c.heads.first:
            head = c.heads.match(low, i + 1, b)
            if head is not None and any(f["kind"] == head[0][0] for f in told):
                return [f for f in told if f["kind"] == head[0][0]]
    return told


def _describe(previous: list[ObservationFields], mod: Modifier) -> None:
    """A sentence that only gives distance and direction describes the events before."""
    for f in previous:
        if f["distance_km"] is None and mod.distance is not None:
            f["distance_km"] = {"min": _num(mod.distance[0]), "max": _num(mod.distance[1])}
        if not f["bearings"] and mod.bearings:
            f["bearings"] = list(mod.bearings)


def _assess(previous: list[ObservationFields], ref: Draft) -> None:
    """ "The SMM assessed that the explosions were caused by mortars": the explosions of
    the sentence before, where they have no weapons (or subtype) of their own yet."""
    weapons = schema_weapons(list(ref.weapons))
    # "the explosions were caused by mortar and light weapons": light weapons explode nothing
    weapons = [w for w in weapons if w not in DIRECT_FIRE] or weapons
    for f in previous:
        if f["kind"] != "explosion":
            continue
        if weapons and not f["weapons"]:
            f["weapons"] = list(weapons)
        if ref.subtype not in (None, "undetermined") and f["subtype"] == "undetermined":
            f["subtype"] = ref.subtype


def _same_place(s: Sentence, drafts: list[Draft], discourse: Discourse) -> None:
    """ "the village", "the town" -> the place the observer stood at before, else none."""
    known = discourse.by_source.get(s.source) if s.source is not None else None
    known = known or discourse.last
    prior = known.place if known is not None else discourse.named
    if s.place == SAME_PLACE:
        s.place = prior
        if prior is None:
            s.offset = None
    if s.ref_place == SAME_PLACE:
        s.ref_place = prior
    for d in drafts:
        if d.place == SAME_PLACE:
            d.place = prior


def _places_observer(c: Compiled, t: Tokens, a: int, b: int) -> bool:
    """ "An SMM patrol was positioned at ...": the sentence states where the SMM stood."""
    return not c.lex.observer_words.isdisjoint(t.low[a:b])


def _same_direction(t: Tokens, a: int, b: int) -> bool:
    low = t.low
    if "same" not in low[a:b]:
        return False
    return any(low[i] == "same" and low[i + 1] == "direction" for i in range(a, b - 1))


def _negated_only(c: Compiled, t: Tokens, a: int, b: int) -> bool:
    return not c.lex.negators.isdisjoint(t.low[a:b])


def _specials(c: Compiled, t: Tokens, a: int, b: int, read: list[Draft]) -> list[Draft]:
    low = t.low[a:b]
    out: list[Draft] = []
    if not c.targeting.first.isdisjoint(low) and not any(d.kind == "fire" for d in read):
        out.extend(uav_fire(c, t, a, b))
    if not c.lex.harm_nouns.isdisjoint(low):
        out.extend(harm_nouns(c, t, a, b))
    if not out and not c.lex.harm_verbs.isdisjoint(low):
        out.extend(casualties(c, t, a, b))
    if not out and not c.lex.casualty_nouns.keys().isdisjoint(low):
        out.extend(casualty_nouns(c, t, a, b))
    if not c.restriction.first.isdisjoint(low):
        out.extend(restriction(c, t, a, b))
    if not c.lex.damaged.isdisjoint(low) and not any(d.kind == "damage" for d in read):
        out.extend(uav_damage(c, t, a, b))
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
        "apc",
        "air_defence",
    }
)
#: Finer categories the lexicon knows, mapped onto the schema's terms; a category with no
#: term (missile systems) is left out of ``weapons``.
_TO_SCHEMA = {"ifv": "ifv_cannon", "heavy_mlrs": "mlrs"}


def schema_weapons(weapons: list[str]) -> list[str]:
    """``weapons`` in the output schema's terms, in order, without repeats."""
    mapped = (_TO_SCHEMA.get(w, w) for w in weapons)
    return list(dict.fromkeys(w for w in mapped if w in SCHEMA_WEAPONS))


#: Kinds read sentence-wide whose own place beats the observer's.
_OWN_PLACE = frozenset({"restriction", "casualty"})


def _fields(s: Sentence, d: Draft, who: Observer) -> tuple[ObservationFields, Span | None]:
    """The schema fields of draft ``d``, and the span of the sentence that placed its
    observer; a draft with no place of its own takes the observer carried to the sentence."""
    place = s.place or d.place or s.ref_place
    source, offset, observer_span = s.source or who.source, s.offset, who.span
    if d.stood is not None:
        place, offset = d.stood, None
    elif d.unobserved:
        place, source, offset, observer_span = d.place, None, None, None
    elif d.unplaced:
        place, offset = None, None
    elif d.kind in _OWN_PLACE and d.place is not None and d.place != s.place:
        place, offset = d.place, None  # "restricted at checkpoints near A and B"
    elif place is None and who.place is not None and d.kind not in _OWN_PLACE:
        place, source, offset = who.place, who.source, who.offset
    elif s.place is None:
        observer_span = None
    if d.source is not None:
        source = d.source
    return {
        "source_type": source,
        "place": place,
        "offset": {"km": _num(offset[0]), "bearing": offset[1]} if offset else None,
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
    }, observer_span


__all__ = ["TimeSpec", "assemble"]
