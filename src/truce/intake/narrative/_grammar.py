"""The sentence grammar: who observed, from where, when, then a list of events whose
distance and direction clauses attach to the events before them.

Spec: ``shared/data/narratives/README.md``. One left-to-right scan per sentence; every
matcher consumes at least one token or fails, so a sentence costs O(tokens x longest
phrase). Sharing rules: a distance/direction clause applies to the events read since the
previous clause ("14 explosions and 60 bursts, all 2-4km south-east"); with "all" it also
fills events before that still lacking a distance or direction; a clause with nothing
pending refines the events of the previous clause ("..., 2-3km away"). A place named after
the verb ("saw five howitzers near Vodiane and ten near Bohoiavlenka") belongs to the events
read since the last clause; a clause after ";" without a verb continues the verb, observer
and place of the clause before it.
"""

from __future__ import annotations

from copy import copy

from truce.intake.narrative._damage import damage_object, unknown_word
from truce.intake.narrative._draft import CAUSE_WORDS, add_weapons, cause_end
from truce.intake.narrative._events import (
    Draft,
    assessed_as,
    assessment,
    fired_weapon,
    parse_np,
    weapon_list,
)
from truce.intake.narrative._location import (
    SAME_PLACE,
    line_of_fire,
    match_bearings,
    match_modifier,
    match_place,
    skip_paren,
)
from truce.intake.narrative._numbers import match_count
from truce.intake.narrative._phrases import Compiled
from truce.intake.narrative._scan import Scan as _Scan
from truce.intake.narrative._scan import Sentence
from truce.intake.narrative._sharing import append as _append
from truce.intake.narrative._sharing import attach as _attach
from truce.intake.narrative._sharing import (
    ends_in_region,
    more_places,
    paren_modifier,
    per_region,
    sequence,
    weapon_parts,
)
from truce.intake.narrative._sharing import event_place as _event_place
from truce.intake.narrative._sharing import fan_out as _fan_out
from truce.intake.narrative._time import match_time
from truce.intake.narrative._tokens import DASH, NUM, WORD, Tokens

_LOOKAHEAD = 5  # tokens between "SMM" and "camera" / "UAV"


def parse_sentence(
    c: Compiled, t: Tokens, a: int, b: int, carry: Sentence | None = None
) -> Sentence:
    """Read the sentence ``t[a:b]``; ``carry`` is the clause before a ``;`` that this one
    continues ("... 12 outgoing mortar rounds 5-7km west; five outgoing ... 3-5km south"):
    its observer, place, time and verb hold on."""
    sc = _Scan(Sentence())
    if carry is not None and carry.sense is not None:
        s = sc.s
        s.source, s.place, s.offset, s.ref_place = (
            carry.source,
            carry.place,
            carry.offset,
            carry.ref_place,
        )
        s.time, s.verb_seen, sc.sense = carry.time, True, carry.sense
    elif carry is not None and carry.place is not None and not carry.drafts:
        # "The second meeting spot was in X; this convoy consisted of ...": placed, no verb
        sc.s.place, sc.s.offset = carry.place, carry.offset
    i = a
    low, kind, live, marks = t.low, t.kind, c.live_words, c.clause_marks
    while i < b:
        w = low[i]
        if w in marks:  # one test for the rare words that change the clause
            if w == "[" and i + 2 < b and kind[i + 1] == NUM and low[i + 2] == "]":
                i += 3  # a footnote marker, "[1]"
                continue
            if w == "where" and i > a and low[i - 1] == ",":
                if sc.s.ref_place is not None:
                    _where(sc)  # "... most of which in Yasynuvata, where the SMM heard ..."
                    i += 1
                    continue
                if not sc.s.drafts:
                    _went_to(c, t, a, i - 1, sc)  # "The SMM then went to X, where it ..."
            if w in c.speech.first and _reported_speech(c, t, i, b):
                break  # "residents told the SMM that they had heard ...": not the Mission's
            if w in c.breakdown.first and sc.s.drafts and i > a:
                _exchange_listed(t, i, sc)  # "exchanges of fire including ..."
            if w in c.lex.movement_verbs and not sc.s.drafts and i + 1 < b:
                _moved(c, t, i + 1, b, sc)  # "The SMM then travelled to Yasynuvata."
            if w in c.lex.arrival_verbs and not sc.s.drafts and i + 1 < b:
                _reached(c, t, i + 1, b, sc)  # "The SMM visited Shyrokyne."
        if w not in live and kind[i] != NUM:
            sc.chain = False  # a word or mark no constituent starts with
            i += 1
            continue
        k = _step(c, t, i, b, sc)
        if k <= i and w == c.lex.as_well_as[0] and tuple(low[i : i + 3]) == c.lex.as_well_as:
            sc.chain = True  # "594 explosions ..., as well as small arms and light weapons"
            i += 3
            continue
        if k <= i:
            sc.chain = t.low[i] in c.lex.list_joiners or t.low[i] == ","
            if (
                sc.in_summary
                and sc.chain
                and i + 2 < b
                and _numeric(c, t, i + 1)
                and low[i + 2] not in c.lex.calibre_units
            ):
                # "observed ceasefire violations near all three areas and two shots fired
                # inside ...": a counted event after the uncounted summary is one more object
                sc.in_summary = False
            if sc.sense and not sc.negated and not sc.in_summary and _numeric(c, t, i):
                last = min(i + 3, b - 1)  # an unread count: say so rather than drop it
                sc.s.warnings.append((t.start[i], t.end[last], "number not read as a count"))
            k = i + 1
        i = k
    _close(c, t, a, b, sc)
    sc.s.sense = None if sc.negated or sc.in_summary else sc.sense
    return sc.s


#: Tokens after a speech verb within which its "that" must stand ("said that", "claimed
#: to the SMM that").
_THAT_WITHIN = 4


def _reported_speech(c: Compiled, t: Tokens, i: int, b: int) -> bool:
    """ "told the SMM that ...", "according to ...", "heard about shelling" (but not "heard
    about 30 explosions", a count), "said that ...": the rest of the sentence is what
    others said."""
    m = c.speech.match(t.low, i, b)
    if m is None:
        return False
    needs_that, k = m
    if needs_that:
        if k < b and (t.low[k] in c.lex.speech_links or t.low[k] in c.lex.speech_subjects):
            return True  # "which a soldier said were caused by tanks", "said he had heard"
        return c.lex.speech_that in t.low[k : min(b, k + _THAT_WITHIN)]
    if t.low[k - 1] in c.lex.qualifiers and match_count(c, t, k - 1, b) is not None:
        return False  # "heard about 30 explosions"
    return True


#: Tokens before ", where" searched for the place it refers to (a name and its parenthesis).
_WHERE_BACK = 30


def _moved(c: Compiled, t: Tokens, k: int, b: int, sc: _Scan) -> None:
    """ "travelled to X", "arrived in X": X is where the observer now stands."""
    low = t.low
    if low[k] != c.lex.flight_to and not (low[k] in c.lex.place_preps and low[k] != c.lex.of):
        return
    _stands_at(c, t, match_place(c, t, k + 1, b), b, sc)


def _stands_at(c: Compiled, t: Tokens, p: tuple[str, int] | None, b: int, sc: _Scan) -> None:
    """The observer now stands at place ``p`` (a settlement named, not "the village" nor a
    region)."""
    if (
        p is not None
        and p[0] != SAME_PLACE
        and not (p[1] < b and t.low[p[1]] in c.lex.region_words)
    ):
        sc.s.place, sc.s.offset = p[0], None


#: Tokens after "visited" within which "a hospital in X" may name X.
_VISIT_WITHIN = 6


def _reached(c: Compiled, t: Tokens, k: int, b: int, sc: _Scan) -> None:
    """ "visited X", "entered X", "visited a hospital in X": X is where the observer now
    stands (not "visited three storage sites", which names none)."""
    low = t.low
    p = match_place(c, t, k, b)
    j = k
    while p is None and j < min(b, k + _VISIT_WITHIN) and low[j] not in (",", ";"):
        if low[j] in c.lex.place_preps and low[j] != c.lex.of:
            p = match_place(c, t, j + 1, b)
            break
        j += 1
    _stands_at(c, t, p, b, sc)


def _went_to(c: Compiled, t: Tokens, a: int, comma: int, sc: _Scan) -> None:
    """ "The SMM then went to X (...), where it heard ...": before anything was reported, the
    place that ends right before ", where" (the longest such name) is where the observer
    now stands."""
    found: str | None = None
    for j in range(comma - 1, max(a, comma - _WHERE_BACK) - 1, -1):
        p = match_place(c, t, j, comma)
        if p is not None and p[1] == comma and p[0] != SAME_PLACE:
            found = p[0]
    if found is not None:
        sc.s.place, sc.s.offset = found, None


def _where(sc: _Scan) -> None:
    """A summary's place followed by ", where the SMM heard ...": the observer's place of
    the observations that follow; the summary before it yields nothing."""
    s = sc.s
    s.place, s.ref_place = s.ref_place, None
    s.region = s.summary = False
    sc.in_summary = False
    s.drafts = []
    sc.pending, sc.last_group, sc.sense = [], [], None


def _a_period(c: Compiled, t: Tokens, i: int) -> bool:
    """ "during the reporting period", "during the remainder of the reporting period": when,
    not a comparison with the period before."""
    low = t.low
    if i > 1 and low[i - 1] in c.lex.articles and low[i - 2] in c.lex.period_preps:
        return True
    return (
        i > 4
        and low[i - 1] in c.lex.articles
        and low[i - 2] == c.lex.of
        and low[i - 3] in c.lex.period_parts
        and low[i - 5] in c.lex.period_preps
    )


def _motion(c: Compiled, t: Tokens, k: int, b: int) -> int:
    """After "moving"/"drive": the direction and distance moved ("west", "approximately
    1.3km south-east", "east approximately 4.3km"), not where the things were."""
    for _ in range(2):
        if k >= b:
            break
        if (heading := match_bearings(c, t, k, b)) is not None:
            k = heading[1]
        elif (went := match_modifier(c, t, k, b)) is not None and went[0].place is None:
            k = went[1]
        else:
            break
    return k


def _numeric(c: Compiled, t: Tokens, i: int) -> bool:
    return t.kind[i] == NUM or t.low[i] in c.lex.numbers


def _step(c: Compiled, t: Tokens, i: int, b: int, sc: _Scan) -> int:
    """Try each constituent at ``i``; return the index after it (``i`` if none)."""
    low = t.low
    w = low[i]
    s = sc.s
    num = t.kind[i] == NUM
    if w in c.lex.range_from and sc.sense is not None and not num:
        cnt = match_count(c, t, i, b)  # "heard between 20 and 30 explosions": a count
        if cnt is not None and cnt[0] is not None and (k0 := _event_or_skip(c, t, i, b, sc)) > i:
            return k0
    if num or w in c.lex.time_glue or (w in c.parts_of_day.first):
        k = match_time(c, t, i, b, s.time)
        if k is not None:
            return k
    if w not in c.step_firsts and not num:
        return _event_or_skip(c, t, i, b, sc)
    if w in c.lex.list_joiners and s.drafts and (k1 := _more_damage(c, t, i, b, sc)) > i:
        return k1
    if w in c.lex.motion_words and (k5 := _motion(c, t, i + 1, b)) > i + 1:
        return k5  # "three tanks moving west": where they went, not where they were
    if (w in c.verbs.first) and (v := c.verbs.match(low, i, b)) is not None:
        return _verb(c, t, i, v[1], v[0], sc)
    if w == c.lex.assessed and not s.verb_seen and s.source is not None:
        if (k9 := _assessed_events(c, t, i, b, sc)) > i:
            return k9
    if w in c.sequence.first and (q := c.sequence.match(low, i, b)) is not None:
        sequence(sc, starts=q[0])
        return q[1]
    if (w in c.passive.first) and (p := c.passive.match(low, i, b)) is not None:
        if s.source is None and _in_areas(c, t, p[1], b):
            s.summary = True  # "More than 350 explosions were recorded in areas north of X"
        s.verb_seen = True
        k = p[1]
        if not sc.tentative and k + 1 < b and low[k + 1] == c.lex.violation:
            # "some of them were observed in violation of the withdrawal lines": weapons
            sc.tentative = [Draft("weapon", None, [], None, "unstated", t.start[i], t.end[k])]
        sc.pending.extend(sc.tentative)
        s.drafts.extend(sc.tentative)
        sc.tentative = []
        return k
    if (
        w in c.lex.mission_names
        or (w in c.camera.first)
        or (w in c.uav.first)
        or (w in c.patrol.first)
    ):
        k = _source(c, t, i, b, sc)
        if k > i:
            return k
    if (w in c.pronouns.first) and not s.verb_seen and (m := c.pronouns.match(low, i, b)):
        s.pronoun = True
        return m[1]
    if w in c.lex.region_words and i > 0 and low[i - 1] in c.lex.articles:
        s.region = True  # "in the region"
    if (w in c.summary_markers.first) and c.summary_markers.match(low, i, b):
        if not _a_period(c, t, i):
            s.summary = True  # not "during the reporting period": when, not a comparison
    if w in c.assess.first and (ka := _late_assessment(c, t, i, b, sc)) > i:
        return ka
    if (w in c.weapon_intros.first) and (kc := _caused_by(c, t, i, b, sc)) > i:
        return kc
    if (w in c.own_position.first) and (own := c.own_position.match(low, i, b)) is not None:
        return _own_position(c, t, own[1], b, sc)
    if w == c.lex.flight_from and not s.verb_seen and s.place is None and sc.sense is None:
        if t.cap[i] or low[i - 1] == "," or t.kind[i - 1] == NUM:  # not "travelling from A"
            k = _place(c, t, i, b, sc, observer=True)  # "From the railway station, ..."
            if k > i:
                return k
    if (
        w in c.lex.place_preps
        and s.verb_seen
        and i + 1 < b
        and low[i + 1] in c.line_sites.first
        and (site := c.line_sites.match(low, i + 1, b)) is not None
    ):
        for d in sc.pending or sc.last_group:
            d.unplaced = True  # "saw weapons ... on both sides of the contact line"
        return site[1]
    if (
        w in c.lex.place_preps
        and w in c.qualifiers.first
        and (qc := match_count(c, t, i, b)) is not None
        and qc[0] is not None
        and (kq := _event_or_skip(c, t, i, b, sc)) > i
    ):
        return kq  # "saw at least five damaged houses": a count, not "at" a place
    if w in c.lex.place_preps and w != c.lex.of:
        # "... 16km west of its position in Kruhlyk", "... while in Popasna": where the
        # observer stood
        stood = i == sc.own_end or (i > 0 and low[i - 1] in c.lex.observer_intros)
        watched = not s.verb_seen and _monitored(c, t, i)
        k = _place(c, t, i, b, sc, observer=stood and s.place is None, watched=watched)
        if k > i:
            if stood:
                sc.stood_end = k
            return k
    if (
        w in c.lex.near_heads
        and i + 2 < b
        and low[i + 1] == c.lex.near_link
        and s.verb_seen
        and match_place(c, t, i + 2, b) is not None
    ):
        # "heard an explosion, close to the X Station": near it (before a number, "close to
        # 30", it is a qualifier)
        return max(i + 1, _place(c, t, i + 1, b, sc))
    if w == c.lex.flight_from and (line := line_of_fire(c, t, i + 1, b)) is not None:
        return line  # "a burst of tracer fire from east to west": a line of fire, no bearing
    if w in c.compass.first and i > 0 and low[i - 1] != c.lex.flight_from:
        if (line2 := line_of_fire(c, t, i, b)) is not None:
            return line2
    if (num or w in c.modifier_starts) and (m2 := match_modifier(c, t, i, b)) is not None:
        mod = m2[0]
        if mod.place and mod.distance and _after_stood(c, t, i, sc):
            return m2[1]  # "while in Avdiivka, 17km north of Donetsk": where Avdiivka lies
        if i == sc.own_end and mod.place and mod.distance and mod.bearings and s.offset is None:
            # "... north of its position 7km north of Horlivka": where the observer stood
            s.place = s.place or mod.place
            if s.place == mod.place and len(mod.bearings) == 1:
                s.offset = ((mod.distance[0] + mod.distance[1]) / 2, mod.bearings[0])
            return m2[1]
        if mod.own_position:
            sc.own_end = m2[1]
        _attach(mod, sc)
        return m2[1]
    return _event_or_skip(c, t, i, b, sc)


#: Lower-case words a place's name may have after it ("Donetsk railway station").
_NAME_TAIL = 3


def _after_stood(c: Compiled, t: Tokens, i: int, sc: _Scan) -> bool:
    """``i`` follows ", " right after the observer's place named after the verb (and at
    most a few lower-case words of its name: "... at Donetsk railway station, 6km ...")."""
    comma = i - 1
    if sc.stood_end < 0 or comma < sc.stood_end or t.low[comma] != ",":
        return False
    if comma - sc.stood_end > _NAME_TAIL:
        return False
    return all(unknown_word(c, t, x) for x in range(sc.stood_end, comma))


def _event_or_skip(c: Compiled, t: Tokens, i: int, b: int, sc: _Scan) -> int:
    w = t.low[i]
    if t.kind[i] != NUM and w not in c.np_starts:
        return i
    if sc.sense is not None and not sc.negated and not sc.in_summary:
        k = _event(c, t, i, b, sc)
        if k > i:
            return k
    elif sc.sense is None and not sc.s.verb_seen:
        k = _event(c, t, i, b, sc, tentative=True)
        if k > i:
            return k
    if w in c.lex.damaged and sc.sense == "sight" and (k2 := _damage_seen_that(c, t, i, sc)) > i:
        return k2
    if w == "(":
        k = skip_paren(t, i, b)
        if k > i and sc.s.drafts and paren_modifier(c, t, i + 1, k - 1, sc):
            return k
        return max(k, i + 1)
    return i


#: How far back from "were damaged" the "saw that" of its clause may stand.
_THAT_REACH = 24


def _damage_seen_that(c: Compiled, t: Tokens, i: int, sc: _Scan) -> int:
    """ "observed that the roof of the house was damaged", "noticed that the windows of a
    building were shattered": damage seen, counted by the last object named (the house)."""
    low = t.low
    if sc.negated or i == 0 or low[i - 1] not in c.lex.copulas:
        return i
    that = next(
        (h for h in range(i - 2, max(-1, i - _THAT_REACH), -1) if low[h] == c.lex.speech_that),
        None,
    )
    if that is None or any(d.kind == "damage" and d.start > t.start[that] for d in sc.s.drafts):
        return i
    last = None
    for p in range(that + 1, i - 1):
        if low[p] in c.damage_objects.first and c.damage_objects.match(low, p, i - 1):
            last = p
    if last is None:
        return i
    q = last  # back over the object's adjectives to its determiner ("the affected house")
    while q > that + 1 and unknown_word(c, t, q - 1):
        q -= 1
    if q > that + 1 and (low[q - 1] in c.lex.articles or _numeric(c, t, q - 1)):
        q -= 1
    d = Draft("damage", None, [], None, "unstated", t.start[that + 1], t.end[i])
    if damage_object(c, t, q, i - 1, d) is None:
        return i
    if d.count is None and low[q] in c.lex.articles and not low[last].endswith("s"):
        d.count, d.qualifier = 1, "exact"  # "the roof of the house": one house
    sc.pending = []
    _append([d], sc)
    return i + 1


def _more_damage(c: Compiled, t: Tokens, i: int, b: int, sc: _Scan) -> int:
    """ "damage to a house in A and to five houses in B": one more damage, at its own place
    (the first has its place already)."""
    last = sc.s.drafts[-1]
    low = t.low
    j = i + 1
    if last.kind != "damage" or last.place is None or j + 1 >= b:
        return i
    cause, weapons = j, list[str]()
    if low[j] == c.lex.flight_from and (found := weapon_list(c, t, j + 1, b, False)) is not None:
        weapons, j = found  # "... and from small-arms fire to a house in B"
    else:
        j = cause_end(t, j, b)  # "... and from shelling to a house in B"
    if j > cause and (j >= b or low[j] not in c.lex.damage_link):
        return i
    if low[j] not in c.lex.damage_link or low[j] in c.lex.place_preps:
        return i  # "and in B" is one more place of the same damage
    k = j + 1
    if k + 1 < b and low[k] in c.lex.list_joiners and low[k + 1] in c.lex.place_preps:
        k += 2  # "to and near residential buildings"
    d = Draft("damage", None, list(weapons), None, "unstated", t.start[j], t.end[j])
    end = damage_object(c, t, k, b, d)
    if end is None:
        return i
    d.end = t.end[end - 1]
    sc.pending = []
    _append([d], sc)
    return end


def _exchange_listed(t: Tokens, i: int, sc: _Scan) -> None:
    """ "heard exchanges of fire including 30 airbursts, 113 explosions and 150 bursts": the
    exchange is the events listed after it, not one more observation (as "an exchange of
    fire beginning with ...")."""
    s = sc.s
    last = s.drafts[-1] if s.drafts else None
    if last is None or last.kind != "fire" or last.count is not None:
        return
    k = i - 1 if t.low[i - 1] == "," else i
    if t.end[k - 1] != last.end:
        return  # only straight after the exchange
    if last.weapons:
        sc.widen = last  # "SALW fire including heavy machine gun bursts": one fire of both
        return
    s.drafts.pop()
    sc.pending = [d for d in sc.pending if d is not last]
    sc.last_group = [d for d in sc.last_group if d is not last]


def _caused_by(c: Compiled, t: Tokens, i: int, b: int, sc: _Scan) -> int:
    """ "caused by small-arms fire", "fired from a tank": weapons of the event before."""
    m = c.weapon_intros.match(t.low, i, b)
    if m is None:
        return i
    if m[1] - i > 1 and (fired := match_bearings(c, t, m[1] - 1, b)) is not None:
        return fired[1]  # "fired from a south-easterly direction": where from, not where to
    last = sc.s.drafts[-1] if sc.s.drafts else None
    low = t.low
    also = i > 1 and low[i - 1] == "also" and low[i - 2] in c.lex.list_joiners | {"but"}
    if last is None or (last.weapons and not also):
        return i
    found = weapon_list(c, t, m[1], b, False)
    if found is None:
        return i
    last.weapons = [*last.weapons, *(w for w in found[0] if w not in last.weapons)]
    return found[1]  # "mainly caused by grenade launchers but also by mortars"


def _late_assessment(c: Compiled, t: Tokens, i: int, b: int, sc: _Scan) -> int:
    """ "about 20 explosions 5-7km west, assessed as outgoing rounds": an assessment after
    the distance clause refines the explosions that clause closed."""
    low = t.low
    every = i > 1 and low[i - 1] in c.lex.shared and low[i - 2] == ","
    if i == 0 or (low[i - 1] != "," and not every and not _share_told(c, t, i)):
        return i
    if every:  # ", all assessed as outgoing mortar rounds": every explosion not assessed yet
        targets = [d for d in sc.s.drafts if d.kind == "explosion" and not d.assessed]
    else:
        targets = [d for d in (sc.pending or sc.last_group) if d.kind == "explosion"]
    k = i
    for d in targets:
        k = max(k, assessment(c, t, i, b, d, False) or i)
    return k


#: Tokens between the comma and "assessed" that a share may take ("most of which were").
_SHARE_WITHIN = 6


def _share_told(c: Compiled, t: Tokens, i: int) -> bool:
    """ ", most of which were assessed as ...", ", mainly assessed as ...": a share of the
    events before the comma told by the words before ``i`` (the assessment's intros)."""
    low, intros = t.low, c.assess_intros
    for h in range(i - 2, max(-1, i - 2 - _SHARE_WITHIN), -1):
        if low[h] != ",":
            continue
        k = h + 1
        while k < i and low[k] in intros.first and (a := intros.match(low, k, i)) is not None:
            k = a[1]
        return k == i and low[h + 1] not in c.lex.shared
    return False


def _verb(c: Compiled, t: Tokens, i: int, k: int, sense: str, sc: _Scan) -> int:
    lo = max(0, i - 4)
    sc.negated = any(t.low[j] in c.lex.negators for j in range(lo, i))
    if i > 0 and t.low[i - 1] == c.lex.flight_from:
        sc.negated = True  # "it was hindered from observing an impact site": not observed
    sc.sense = sense
    if sc.in_summary and sc.s.after_summary is None:
        sc.s.after_summary = len(sc.s.drafts)  # "..., although it recorded 40 explosions"
    sc.in_summary = False
    sc.s.verb_seen = True
    sc.tentative = []
    sc.clause_start = len(sc.s.drafts)
    sc.regions = 0
    if sc.s.source is None and t.low[i] in c.lex.convoy_nouns:
        sc.s.source = c.lex.patrol_source  # "this convoy consisted of ...": as the SMM saw it
    return k


def _source(c: Compiled, t: Tokens, i: int, b: int, sc: _Scan) -> int:
    """ "the SMM", "an SMM mini-UAV", "the SMM camera in/at X" -> source type (and place)."""
    s = sc.s
    low = t.low
    for j in range(i, min(b, i + _LOOKAHEAD)):
        if low[j] not in c.device_firsts:
            if (low[j] in c.verbs.first) or low[j] == ",":
                break
            continue
        for table, kind in ((c.camera, "camera"), (c.uav, "uav")):
            m = table.match(low, j, b)
            if m is not None:
                k = m[1]
                uses = c.lex.device_uses
                if kind == "uav" and (
                    (k < b and low[k] in c.lex.device_flights)
                    or not uses.isdisjoint(low[max(0, i - 3) : j])
                ):
                    return k  # "while operating its mini-UAV", "conducting mini-UAV flights"
                named_after = s.verb_seen and s.source == "patrol"
                if named_after and s.drafts and _subject_of_verb(c, t, k, b):
                    sc.clause_source = kind  # "..., and an SMM mini-UAV spotted a tank"
                elif named_after and (s.drafts or low[j - 1] in c.lex.possessives):
                    pass  # "heard fire targeting its UAV": the UAV is what was aimed at
                elif s.source in (None, "patrol"):
                    s.source = kind
                if k < b and low[k] in c.lex.place_preps and low[k] != c.lex.of:
                    k2 = _place(c, t, k, b, sc)
                    return max(k, k2)
                return k
        if (low[j] in c.verbs.first) or low[j] == ",":
            break
    if low[i] in c.lex.mission_names or c.patrol.match(low, i, b):
        if s.source is None:
            s.source = "patrol"
        return i + 1
    return i


#: Tokens before a place's preposition searched for the activity it is the object of.
_MONITOR_BACK = 6


def _monitored(c: Compiled, t: Tokens, i: int) -> bool:
    """ "(continued) monitoring the disengagement areas near A, B and C" before the verb:
    the places are what the Mission monitored ("while monitoring ... near A" places it)."""
    low = t.low
    for h in range(i - 1, max(-1, i - 1 - _MONITOR_BACK), -1):
        if low[h] in c.lex.monitoring_words:
            return h == 0 or low[h - 1] not in c.lex.observer_intros
        if low[h] in (".", ",", ";"):
            return False
    return False


def _subject_of_verb(c: Compiled, t: Tokens, k: int, b: int) -> bool:
    """A verb of observation follows the device ending at ``k`` ("an SMM UAV spotted"),
    past "also"/"again" and a parenthesis ("(UAV)")."""
    if k < b and t.low[k] == "(":
        k = skip_paren(t, k, b)
    if k < b and t.low[k] in c.lex.fillers:
        k += 1
    return k < b and t.low[k] in c.verbs.first and c.verbs.match(t.low, k, b) is not None


def _place(
    c: Compiled,
    t: Tokens,
    i: int,
    b: int,
    sc: _Scan,
    *,
    observer: bool = False,
    watched: bool = False,
) -> int:
    """ "in/at/near X": before the verb (or with ``observer``) the observer's place; after
    it, the place of the events read since the last clause. A place ``watched`` (the object
    of "monitoring") is never the observer's."""
    s = sc.s
    if t.low[i] == c.lex.between:
        if s.verb_seen and not observer:
            return i  # "mines on a road between A and B": a stretch, no one place
        p = match_place(c, t, i + 1, b)  # "Between A and B, the SMM saw ...": at A
        if p is None or s.place is not None:
            return i
        s.place = p[0]
        return more_places(c, t, p[1], b)[1]
    j = i + 1
    # "at the railway station in Donetsk city", "at the Joint Centre for Control and
    # Co-ordination (JCCC) observation point at Donetsk railway station": look past
    # lower-case facilities and named bodies
    for _ in range(14):
        if j >= b:
            return i
        o = j + 1 if t.low[j] in c.lex.articles else j
        if (
            o < b
            and t.low[o] in c.organisations.first
            and (org := c.organisations.match(t.low, o, b))
        ):
            j = org[1]
            if j < b and t.low[j] == "(" and skip_paren(t, j, b) - j <= 4:
                j = skip_paren(t, j, b)  # its acronym
            continue
        p = match_place(c, t, j, b)
        seen = s.verb_seen and sc.sense == "sight"
        if p is not None and p[1] < b and t.low[p[1]] in c.lex.region_words:
            if not seen:
                s.region = True  # "In Luhansk region": a summary, not an observer's place
            else:  # "saw howitzers ... in an area of Luhansk region": seen there, no place
                per_region(sc)
            return p[1] + 1
        if p is not None and s.verb_seen and not observer and _new_subject(c, t, p[1], b):
            sc.clause_place = p[0]  # "..., and in Zaitseve it heard two explosions"
            return p[1]
        if p is not None:
            more, k = more_places(c, t, p[1], b)
            if ends_in_region(c, t, k, b):
                if seen:
                    per_region(sc)  # one area told of both regions: one observation
                return k  # "in areas of Donetsk and Luhansk regions": no one place
            if (observer or not s.verb_seen) and s.place is None and not watched:
                s.place = p[0]
                if more and not s.verb_seen and j == i + 1 and _name_at(t, j, b):
                    # "Whilst in A and in B, the SMM heard ...": heard from each (not "in
                    # both A and B", "at another area between A and B")
                    s.stood_more = more
                    return k
                return p[1]
            _event_place(p[0], sc)
            _fan_out(more, sc)
            return k
        if j == i + 1 and t.low[j] == "(" and 0 < skip_paren(t, j, b) - j <= _ASIDE:
            j = skip_paren(t, j, b)  # "near (but outside) the X disengagement area"
            continue
        if t.low[j] in (",", "(") or (t.low[j] in c.verbs.first) or t.kind[j] == NUM:
            return i
        if t.low[j] in c.lex.numbers and j > i + 1:
            return i  # "near all three areas and two shots fired inside X": a count
        if t.low[j] == c.lex.between:
            return i  # "on a road between A and B": a stretch, no one place
        if t.low[j] in c.lex.direction_nouns or t.low[j] in c.lex.distance_nouns:
            return i  # "at an unknown distance north-west of its position in X"
        if (
            t.low[j] in c.compass.first
            and t.low[j - 1].removesuffix("s") in c.lex.place_nouns
            and match_bearings(c, t, j, b) is not None
        ):
            return i  # "in areas south-west of X": the bearing clause names X
        j += 1
    return i


def _in_areas(c: Compiled, t: Tokens, k: int, b: int) -> bool:
    """ "in (the) areas ...", "around the X area": a share of a regional total placed by
    areas, no one site."""
    low = t.low
    if k >= b or (low[k] not in c.lex.place_preps and low[k] != c.lex.around):
        return False
    around = low[k] == c.lex.around
    k += 1
    if k < b and low[k] in c.lex.articles:
        k += 1
    if k < b and low[k] == c.lex.areas:
        return True
    p = match_place(c, t, k, b) if around else None
    return p is not None and p[1] < b and low[p[1]] in (c.lex.area, c.lex.areas)


def _new_subject(c: Compiled, t: Tokens, k: int, b: int) -> bool:
    """A subject and its verb start at ``k`` (past a parenthesis and a comma): "in X (...),
    the SMM heard", "in X it recorded"."""
    low = t.low
    if k < b and low[k] == "(":
        k = skip_paren(t, k, b)
    if k < b and low[k] == ",":
        k += 1
    if k < b and low[k] in c.lex.articles:
        k += 1
    if k >= b or (low[k] not in c.lex.mission_names and low[k] not in c.lex.subject_pronouns):
        return False
    return k + 1 < b and c.verbs.match(low, k + 1, b) is not None


#: Tokens of an aside between a preposition and its place ("near (but outside) X").
_ASIDE = 4


def _name_at(t: Tokens, j: int, b: int) -> bool:
    """A place name (or its "government-controlled" prefix) starts at ``j``."""
    return t.cap[j] or t.kind[j] != WORD or (j + 1 < b and t.kind[j + 1] == DASH)


def _own_position(c: Compiled, t: Tokens, k: int, b: int, sc: _Scan) -> int:
    """ "its position near Marinka" names the observer's place."""
    if k < b and t.low[k] in c.lex.place_preps and t.low[k] != c.lex.of:
        sc.stood_end = max(k, _place(c, t, k, b, sc, observer=True))
        return sc.stood_end
    return k


_CAUSE_LINKS = frozenset({"by", "from", "to", "of"})


def _event(c: Compiled, t: Tokens, i: int, b: int, sc: _Scan, *, tentative: bool = False) -> int:
    low = t.low
    if (
        low[i] in CAUSE_WORDS
        and i > 1
        and (
            low[i - 1] in _CAUSE_LINKS
            or (low[i - 1] in c.lex.list_joiners and low[i - 2] in CAUSE_WORDS)
        )
    ):
        k = i + 1
        while k + 1 < b and low[k] in c.lex.list_joiners and low[k + 1] in CAUSE_WORDS:
            k += 2
        return k
    prev = sc.s.drafts[-1] if sc.s.drafts else None
    if (
        low[i] in c.clone_impacts.first
        and (cl := c.clone_impacts.match(low, i, b)) is not None
        and prev
        and prev.kind == "explosion"
    ):
        d = Draft(
            "explosion",
            "impact",
            list(prev.weapons),
            prev.count,
            prev.qualifier,
            t.start[i],
            t.end[cl[1] - 1],
        )
        _append([d], sc)
        return cl[1]
    got = parse_np(c, t, i, b, sense=sc.sense or "record", prev=prev)
    if got is None:
        return i
    drafts, k = got
    det = i if low[i] in c.lex.definite else i - 1
    if (
        det >= 0
        and low[det] in c.lex.definite
        and k == det + 2
        and len(drafts) == 1
        and drafts[0].kind in ("explosion", "fire")
        and drafts[0].count is None
        and low[k - 1].endswith("s")
    ):
        return k  # "concluded that the explosions occurred ...": those told before
    causal = bool(drafts) and all(d.kind in _CAUSE_KINDS for d in drafts)
    if causal and drafts[0].kind == "explosion" and _hit_something(c, t, k, b):
        return k  # "saw that a shell had hit the roof": what hit it, no explosion observed
    if causal and _a_cause(c, t, i, sc):
        last = sc.s.drafts[-1] if sc.s.drafts else None
        if last is not None and last.kind in _HARMED:
            for d in drafts:
                add_weapons(last.weapons, d.weapons)
        return k  # "a house hit by a shell", "a crater resulting from an explosion"
    if sc.sense == "follow_up":  # "followed up on reports of damage to two houses in X"
        drafts = [d for d in drafts if d.kind == "damage"]
        if not drafts:
            return k
    if drafts and i > 0 and all(d.kind == "weapon" for d in drafts):
        if low[i - 1] in c.lex.weapon_carriers and (i < 2 or low[i - 2] not in c.lex.vehicle_nouns):
            return k  # "armed men with assault rifles": carried, no weapon sighting
        if c.firing.match(low, i - 1, i) is not None:  # "soldiers firing mortars"
            drafts = [fired_weapon(d) for d in drafts]
        elif (
            sc.chain
            and prev is not None
            and prev.kind in ("explosion", "fire")
            and all(d.count is None and d.weapons for d in drafts)
        ):
            # "594 explosions ..., as well as small arms and light weapons (SALW)", "artillery
            # hits, airbursts, mortars": weapons listed among the events are their fire
            drafts = [fired_weapon(d) for d in drafts]
    if sc.sense == "sound":  # "rounds of undetermined weapons": heard, no weapon seen
        drafts = [d for d in drafts if d.kind != "weapon" or d.weapons]
        if not drafts:
            return k
    if drafts and drafts[0].kind == "none":
        return k  # "a mine hazard sign": read, nothing observed
    if drafts and drafts[0].kind == "summary":
        if i > 0 and low[i] in c.lex.others and low[i - 1] == c.lex.among:
            return k  # "it heard, among other ceasefire violations, 91 explosions"
        if not _introduces_events(c, t, i, k, b, drafts[0]):
            sc.in_summary = True
        return k
    if tentative:
        if drafts and all(d.kind == "explosion" and d.count is not None for d in drafts):
            if _assessed_passive(c, t, i, k):
                # "Another 110 explosions were assessed as outgoing artillery rounds": heard
                sc.s.verb_seen, sc.sense = True, "sound"
                _append(drafts, sc)
                return k
        if all(d.count is not None or d.kind in _UNCOUNTED_PASSIVE for d in drafts):
            sc.tentative.extend(drafts)  # "Damage to houses ... was observed in X"
        return k
    if sc.subset:
        return k
    if sc.clause_source is not None:
        for d in drafts:
            d.source = d.source or sc.clause_source
    _append(drafts, sc)
    return k


#: Tokens a cause phrase ("as a result of") may take before its explosion.
_CAUSE_BACK = 4
#: Kinds whose cause an explosion phrase after them may tell.
_HARMED = frozenset({"damage", "other"})
#: Kinds of the events that may be told only as a cause ("destroyed by fire").
_CAUSE_KINDS = frozenset({"explosion", "fire"})


def _assessed_events(c: Compiled, t: Tokens, i: int, b: int, sc: _Scan) -> int:
    """ "The SMM assessed a further 30 explosions as tank rounds 6-7km north-west": heard
    events, with what they were assessed as."""
    low = t.low
    if i + 2 >= b:
        return i
    j = i + 2 if low[i + 1] in c.lex.articles else i + 1  # "a further 30"
    cnt = match_count(c, t, j + 1 if low[j] in c.lex.more_words else j, b)
    if cnt is None or cnt[0] is None:
        return i
    _verb(c, t, i, i + 1, "sound", sc)
    n = len(sc.s.drafts)
    k = _event(c, t, j, b, sc)
    if k <= j or k >= b or low[k] != c.lex.as_word:
        return k
    read = [d for d in sc.s.drafts[n:] if d.kind == "explosion"]
    return max([k, *(assessed_as(c, t, k + 1, b, d) for d in read)])


#: Uncounted events a passive verb after them reports ("Sporadic exchanges of small-arms fire
#: were also heard", "Damage to houses was observed in X").
_UNCOUNTED_PASSIVE = frozenset({"damage", "weapon", "fire"})


def _assessed_passive(c: Compiled, t: Tokens, i: int, k: int) -> bool:
    """ "were assessed" inside the event phrase ``t[i:k]``: its passive verb."""
    low = t.low
    return any(low[j] in c.lex.copulas and low[j + 1] == c.lex.assessed for j in range(i, k - 1))


def _a_cause(c: Compiled, t: Tokens, i: int, sc: _Scan) -> bool:
    """The explosion phrase at ``i`` tells what caused a harm seen, not an event observed:
    after "hit/damaged/injured by|in" ("a car damaged in an explosion"), or after a cause
    phrase ("resulting from", "caused by") that follows damage or a remnant; the damage
    takes its weapons ("a crater resulting from the explosion of a mortar round"). See
    also :func:`_hit_something`."""
    low = t.low
    if i > 1 and low[i - 1] in c.lex.cause_links:
        if low[i - 2] in c.lex.hit_participles or low[i - 2] in c.lex.harm_verbs:
            return True
    last = sc.s.drafts[-1] if sc.s.drafts else None
    if last is None or last.kind not in _HARMED:
        return False
    j = i - 1 if i > 0 and low[i - 1] in c.lex.articles else i
    for h in range(max(0, j - _CAUSE_BACK), j):
        m = c.weapon_intros.match(low, h, j) if low[h] in c.weapon_intros.first else None
        if m is not None and m[1] == j:
            return True
    return False


def _hit_something(c: Compiled, t: Tokens, k: int, b: int) -> bool:
    """A munition phrase ending at ``k`` is the subject of "(had) hit/struck ..." (not of
    "hit by", a participle)."""
    low = t.low
    m = k + 1 if k < b and low[k] in c.lex.auxiliaries else k
    return (
        m < b
        and low[m] in c.lex.hit_participles
        and not (m + 1 < b and low[m + 1] in c.lex.cause_links)
    )


def _introduces_events(c: Compiled, t: Tokens, i: int, k: int, b: int, d: Draft) -> bool:
    """ "heard a number of ceasefire violations: 141 explosions and ...", "recorded ceasefire
    violations, including an explosion ...": an uncounted "ceasefire violations" that lists
    what was observed (not a tally such as "118 ceasefire violations, including 92
    explosions", nor a comparison "fewer ceasefire violations, including ...")."""
    low = t.low
    if d.count is not None or low[i] in c.lex.negative_counts or k >= b:
        return False
    j = k + 1 if low[k] == "," and k + 1 < b else k
    if low[k] != ":" and low[j] not in c.breakdown.first:
        return False
    return c.lex.comparatives.isdisjoint(low[max(0, i - 3) : k])


def _stood_at(d: Draft, place: str) -> Draft:
    """A copy of an event the observer perceived from each place it stood at."""
    twin = copy(d)
    twin.weapons, twin.stood = list(d.weapons), place
    return twin


#: Events a distance and direction told before the verb describe.
_DESCRIBED = frozenset({"explosion", "fire", "projectile", "flare", "muzzle_flash"})


def _present(c: Compiled, t: Tokens, a: int, b: int, drafts: list[Draft]) -> list[Draft]:
    """Drops the weapons told as missing: those between the verb before the absent word
    and it ("observed five howitzers and noted that two howitzers were again missing": the
    five stay; "noted that 12 mortars continued to be absent": none)."""
    low = t.low
    k = next(k for k in range(a, b) if low[k] in c.lex.absent_words)
    v = next((v for v in range(k - 1, a - 1, -1) if c.verbs.match(low, v, k) is not None), a)
    # "saw weapons in violation of withdrawal lines and missing from storage sites": those
    # seen in violation stay; "the following weapons ... were missing: two mortars": those
    # listed after the colon go too
    seen = next((x for x in range(k - 1, v, -1) if low[x] == c.lex.violation), v)
    colon = k + 1 < b and low[k + 1] == ":"
    lo, hi = t.start[seen], t.end[b - 1] if colon else t.start[k]
    return [d for d in drafts if d.kind != "weapon" or not lo <= d.start < hi]


def _close(c: Compiled, t: Tokens, a: int, b: int, sc: _Scan) -> None:
    s = sc.s
    compared = s.summary  # "compared with the previous reporting period", "the majority of"
    if s.region and s.place is None:
        s.summary = True
    if s.summary and s.source not in ("camera", "uav"):
        # a regional summary keeps the counted events a later verb places at a settlement
        # ("In Donetsk region, ..., although it recorded over 40 explosions in Horlivka")
        later = s.drafts[s.after_summary :] if s.after_summary is not None and not compared else []
        s.drafts = [d for d in later if d.place and d.count is not None]
    s.drafts = [d for d in s.drafts if d.kind != "summary"]
    if s.drafts and not c.lex.absent_words.isdisjoint(t.low[a:b]):
        s.drafts = _present(c, t, a, b, s.drafts)
    s.drafts = weapon_parts(c, t, a, b, s.drafts)
    if s.before is not None:
        for d in s.drafts:
            if d.distance is None and not d.bearings and d.kind in _DESCRIBED:
                d.distance, d.bearings = s.before.distance, list(s.before.bearings or [])
    if s.stood_more and s.place is not None:
        s.drafts += [
            _stood_at(d, place)
            for place in s.stood_more
            for d in s.drafts
            if d.place is None and not d.unobserved and not d.unplaced
        ]
    for d in s.drafts:
        for note in d.notes:
            s.warnings.append((d.start, d.end, note))
