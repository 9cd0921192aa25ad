"""Restrictions of movement and casualties: sentence-level readings.

"Armed men denied the SMM passage at a checkpoint near Verkhnoshyrokivske" -> one
``restriction`` (count = occasions, "on three occasions" -> 3); "A woman was injured by
small-arms fire in Novoluhanske" -> ``casualty`` (count = persons).
"""

from __future__ import annotations

from dataclasses import replace

from truce.intake.narrative._breakdown import items
from truce.intake.narrative._draft import Item
from truce.intake.narrative._events import Draft, assessment, weapon_list
from truce.intake.narrative._location import match_place
from truce.intake.narrative._numbers import match_count
from truce.intake.narrative._phrases import Compiled
from truce.intake.narrative._sharing import ends_in_region, more_places
from truce.intake.narrative._tokens import NUM, Tokens

_WINDOW = 8  # tokens between a person and the verb that harmed them


def _places_after(c: Compiled, t: Tokens, i: int, end: int) -> list[str | None]:
    """The first place (or list of places: "in A and B") after ``i``; [None] if none."""
    for j in range(i, end - 1):
        if t.low[j] in c.lex.place_preps and t.low[j] != c.lex.of:
            p = match_place(c, t, j + 1, end)
            if p is not None:
                more, k = more_places(c, t, p[1], end)
                if ends_in_region(c, t, k, end):
                    return [None]  # "in areas of Donetsk and Luhansk regions"
                return [p[0], *more]
    return [None]


#: A restriction told as a state that went on ("access remained restricted ..."), or as one
#: more of a list the summary goes on with ("it was also restricted near A and B", "was
#: again denied access", "there and elsewhere"), not as one act: how many times it happened
#: is not said.
_ONGOING = frozenset(
    {"continued", "remained", "restrictions", "also", "again", "elsewhere", "still"}
)


#: Words that end a clause before a restriction's own: its places come after them.
_CLAUSE_BREAKS = frozenset({"but", ";"})


def restriction(c: Compiled, t: Tokens, a: int, b: int) -> list[Draft]:
    """The restrictions of movement a sentence states: one per place it names ("at
    checkpoints near Zaichenko, Petrivske and Lukove" -> three), with the number of
    occasions when given ("on three occasions")."""
    low = t.low
    firsts = c.restriction.first
    trigger = next(
        (i for i in range(a, b) if low[i] in firsts and c.restriction.match(low, i, b)), None
    )
    if trigger is None:
        return []
    if any(low[k] in c.lex.negators for k in range(max(a, trigger - 2), trigger)):
        return []  # "roads in A and B were not blocked"
    # "monitored the disengagement areas near A, B and C, but its access (there) remained
    # restricted": the places of the clause before "but" are not where it was restricted
    cut = next((k + 1 for k in range(trigger - 1, a - 1, -1) if low[k] in _CLAUSE_BREAKS), a)
    own_clause = cut > a
    a = cut
    count: int | None = 1
    qual = "exact"
    lost = _uav_lost(c, t, a, b)
    unnamed = _unnamed_site(c, t, a, b)
    # a state rather than one act: "remained restricted", "was restricted in all three
    # areas", "its monitoring was restricted by the parties": how many times is not said
    general = unnamed or (trigger > a and low[trigger - 1] in c.lex.monitoring_words)
    if (general or not _ONGOING.isdisjoint(low[a:b])) and not lost:
        count, qual = None, "unstated"
    for j in range(a + 1, b):
        if low[j] not in c.lex.occasions:
            continue
        k = j - 1
        if k > a and low[k] in c.lex.more_words:
            k -= 1  # "on four additional occasions"
        cnt = match_count(c, t, k, j)
        if cnt is not None:
            count, qual = cnt[0], cnt[1]  # "multiple instances": how many is not said
            break  # "denied access on five occasions and granted ... at one occasion"
    places = _places_in(c, t, a, b)
    if not places or (unnamed and REGION_SITE not in places):
        places.insert(0, None)  # "remained restricted in all three disengagement areas"
    return [
        Draft(
            "restriction",
            None,
            [],
            count,
            qual,
            t.start[a],
            t.end[b - 1],
            place=None if p == REGION_SITE else p,
            unplaced=p == REGION_SITE or ((unnamed or own_clause) and p is None),
            source="uav" if lost else None,
        )
        for p in places
    ]


def _uav_lost(c: Compiled, t: Tokens, a: int, b: int) -> bool:
    """ "The Mission lost spatial control of two mini-UAVs near A and B": the UAV's
    restriction, once at each place (docs/narratives.md)."""
    low = t.low
    if c.uav_losses.first.isdisjoint(low[a:b]):
        return False  # one set test for the usual sentence
    return any(
        low[j] in c.uav_losses.first and c.uav_losses.match(low, j, b) is not None
        for j in range(a, b)
    )


#: A restriction site located only by its region: no place, not the sentence's either.
REGION_SITE = "\x00region site"
#: Tokens after a site's preposition within which its region may close it ("in a
#: non-government-controlled area of Luhansk region").
_REGION_WITHIN = 9


def _in_region(c: Compiled, t: Tokens, k: int, b: int) -> bool:
    """True when the location starting at ``k`` names only a region."""
    for x in range(k, min(b, k + _REGION_WITHIN)):
        w = t.low[x]
        if w in c.lex.region_words:
            return True
        if w in (",", ";") or w in c.lex.list_joiners or w in c.lex.place_preps and w != c.lex.of:
            return False
    return False


def _unnamed_site(c: Compiled, t: Tokens, a: int, b: int) -> bool:
    low = t.low
    if c.unnamed_sites.first.isdisjoint(low[a:b]):
        return False  # one set test for the usual sentence
    return any(
        low[j] in c.unnamed_sites.first and c.unnamed_sites.match(low, j, b) is not None
        for j in range(a, b)
    )


def _including(c: Compiled, t: Tokens, j: int, b: int) -> bool:
    """A one-word breakdown word ("including") stands at ``j``."""
    m = c.breakdown.match(t.low, j, b) if t.low[j] in c.breakdown.first else None
    return m is not None and m[1] == j + 1


def _places_in(c: Compiled, t: Tokens, a: int, b: int) -> list[str | None]:
    """Every place named after a preposition in ``t[a:b]``, lists included, in order."""
    out: list[str | None] = []
    j = a
    while j < b - 1:
        access_to = (
            t.low[j] == c.lex.flight_to
            and j > a
            and (
                t.low[j - 1] in c.lex.access_nouns
                or t.low[j - 1] in c.lex.access_verbs
                or _including(c, t, j - 1, b)
            )
        ) or t.low[j] in c.lex.entry_verbs  # "proceed to X", "entering X", "including to X"
        # "restricted ... and elsewhere, including Nova Marivka": a place listed bare
        if not access_to and j + 1 < b and t.cap[j + 1]:
            access_to = _including(c, t, j, b)
        # "at a checkpoint south of the Stanytsia Luhanska bridge"
        side_of = (
            t.low[j] == c.lex.of
            and j > a
            and t.low[j - 1] in c.compass.first
            # not a distance from a reference place: "(39km north-east of Donetsk)"
            and not any(t.low[x] in c.lex.units for x in range(max(a, j - 4), j))
        )
        if access_to or side_of or (t.low[j] in c.lex.place_preps and t.low[j] != c.lex.of):
            if j > a and t.low[j - 1] in c.lex.restriction_sites and _in_region(c, t, j + 1, b):
                out.append(REGION_SITE)  # "at checkpoints in (an area of) Donetsk region"
            p = match_place(c, t, j + 1, b)
            if p is not None and p[1] < b and t.low[p[1]] in c.lex.region_words:
                j = p[1]
                continue
            if p is not None:
                more, k = more_places(c, t, p[1], b)
                if not ends_in_region(c, t, k, b):
                    out += [x for x in [p[0], *more] if x not in out]
                j = k
                continue
        j += 1
    return out


def uav_fire(c: Compiled, t: Tokens, a: int, b: int) -> list[Draft]:
    """Fire aimed at the Mission's UAV: "Small-arms fire was assessed as directed at an SMM
    mini-UAV near Marinka and Krasnohorivka", "An SMM mini-UAV was targeted by small-arms
    fire near X": one ``fire`` per place named, with no observer (docs/narratives.md)."""
    low = t.low
    aimed = uav = False
    weapons: list[str] | None = None
    for i in range(a, b):
        w = low[i]
        aimed = aimed or (w in c.targeting.first and c.targeting.match(low, i, b) is not None)
        uav = uav or (w in c.uav.first and c.uav.match(low, i, b) is not None)
        if weapons is None and w in c.weapon_firsts:
            found = weapon_list(c, t, i, b, False)
            weapons = found[0] if found is not None else None
    if not (aimed and uav and weapons):
        return []
    places: list[str | None] = []
    for j in range(a, b - 1):  # "in a government-controlled area of Zaitseve" too
        if low[j] in c.lex.place_preps and (p := match_place(c, t, j + 1, b)) is not None:
            if p[1] < b and low[p[1]] in c.lex.region_words:
                continue
            more, _ = more_places(c, t, p[1], b)
            places += [x for x in [p[0], *more] if x not in places]
            break
    return _at_each(
        Draft("fire", None, list(weapons), None, "unstated", t.start[a], t.end[b - 1]), places
    )


def uav_damage(c: Compiled, t: Tokens, a: int, b: int) -> list[Draft]:
    """ "An SMM mini-UAV was damaged by small-arms fire near X": damage to the Mission's UAV,
    one at each place named, with no observer (the UAV is what was hit, not who saw)."""
    low = t.low
    k = next((i for i in range(a, b - 1) if low[i] in c.lex.damaged and low[i + 1] == "by"), None)
    if k is None or not any(
        low[i] in c.uav.first and c.uav.match(low, i, k) is not None for i in range(a, k)
    ):
        return []
    found = weapon_list(c, t, k + 2, b, False)
    weapons = found[0] if found is not None else []
    places: list[str | None] = list(_first_places(c, t, a, b))  # "a UAV flying near X was ..."
    return _at_each(
        Draft("damage", None, list(weapons), 1, "exact", t.start[a], t.end[b - 1]), places
    )


def _at_each(d: Draft, places: list[str | None]) -> list[Draft]:
    """``d`` once at each place (once with none when none is named), with no observer: what
    was done to the Mission's UAV is not what it saw."""
    return [replace(d, weapons=list(d.weapons), place=p, unobserved=True) for p in places or [None]]


def _first_places(c: Compiled, t: Tokens, a: int, b: int) -> list[str]:
    """The first place (or list of places) named in ``t[a:b]`` before another verb or
    event noun: "a casualty in A and damage to houses in B and C" -> [A]."""
    low = t.low
    for j in range(a, b - 1):
        w = low[j]
        if (w in c.verbs.first and c.verbs.match(low, j, b)) or w in c.lex.damage_heads:
            return []
        of_area = w == c.lex.of and j > a and low[j - 1] in c.lex.place_nouns
        if ((w in c.lex.place_preps or w in c.lex.place_links) and w != c.lex.of) or of_area:
            p = match_place(c, t, j + 1, b)  # "in a residential area of Pivdenne": Pivdenne
            if p is None:
                continue
            if p[1] < b and low[p[1]] in c.lex.region_words:
                continue
            more, k = more_places(c, t, p[1], b)
            return [] if ends_in_region(c, t, k, b) else [p[0], *more]
    return []


def refer_back(c: Compiled, t: Tokens, a: int, b: int) -> Draft | None:
    """ "The SMM assessed that the explosion was caused by an impacting mortar round": a
    sentence with no event of its own that assesses "the explosion(s)" told before; its
    subtype and weapons, as a draft (None when it says neither)."""
    low = t.low
    if not c.lex.hearsay.isdisjoint(low[a:b]):
        return None  # "a member told the SMM that the explosion had been caused by ..."
    for i in range(a, b - 1):
        if low[i] != "the" or low[i + 1] not in c.heads.first:
            continue
        head = c.heads.match(low, i + 1, b)
        if head is None or head[0][0] != "explosion":
            continue
        probe = Draft("explosion", None, [], None, "unstated", t.start[i], t.end[head[1] - 1])
        for k in range(head[1], min(b, head[1] + 4)):
            if low[k] in c.assess.first and assessment(c, t, k, b, probe, False) is not None:
                return probe if probe.subtype or probe.weapons else None
    return None


def shares_back(c: Compiled, t: Tokens, a: int, b: int) -> list[Item]:
    """ "Approximately 100 were assessed as impacts of mortar rounds, and two as impacts of
    tank rounds": a sentence that opens with counts assessed, no head of their own, tells
    parts of the explosions the sentence before counted (empty when it does not)."""
    cnt = match_count(c, t, a, b)
    if cnt is None or cnt[0] is None or cnt[2] >= b:
        return []
    k = cnt[2]
    if t.low[k] in c.heads.first or t.low[k] in c.weapon_firsts:
        return []  # "Ten explosions were ...": an event of its own
    return items(c, t, a, b, need_assessed=True)[0]


def casualty_nouns(c: Compiled, t: Tokens, a: int, b: int) -> list[Draft]:
    """ "followed up on reports of a civilian casualty in/from Dmytrivka": casualties told
    as a noun, one per place named after it; "In Sakhanka, the SMM followed up on reports
    of a civilian casualty": the sentence's place (none without a place: nothing to
    locate)."""
    low = t.low
    nouns = c.lex.casualty_nouns
    for i in range(a, b):
        if low[i] not in nouns:
            continue
        places: list[str | None] = list(_first_places(c, t, i + 1, b))
        verb = next((j for j in range(a, i) if c.verbs.match(t.low, j, i)), i)
        if not places and _places_in(c, t, a, verb):
            places = [None]  # the place the sentence starts with: "In Sakhanka, the SMM ..."
        if not places:
            return []
        count, qual = (None, "unstated") if nouns[low[i]] else (1, "exact")
        start = i
        while start > a and low[start - 1] in c.lex.person_adjectives:
            start -= 1
        cnt = match_count(c, t, start - 1, start) if start > a else None
        if cnt is not None and cnt[0] is not None and low[start - 1] not in ("a", "an"):
            count, qual = cnt[0], cnt[1]
        return [
            Draft("casualty", None, [], count, qual, t.start[i], t.end[i], place=p) for p in places
        ]
    return []


def harm_nouns(c: Compiled, t: Tokens, a: int, b: int) -> list[Draft]:
    """ "injuries to civilians in Popasna and Avdiivka", "the deaths of two men and injuries
    to two other men in Snizhne": one casualty per harm and place (killed and injured
    apart), counted by the persons named after the noun."""
    low, lex = t.low, c.lex
    found: list[tuple[int | None, str, int, int]] = []  # count, qualifier, start, end
    for i in range(a, b - 2):
        if low[i] not in lex.harm_nouns or low[i + 1] not in lex.harm_links:
            continue
        j = i + 2
        cnt = match_count(c, t, j, b)
        k = cnt[2] if cnt is not None else j
        while k < b and low[k] in lex.person_adjectives:
            k += 1
        if k >= b or low[k] not in lex.persons:
            continue
        count: int | None
        if cnt is not None and cnt[0] is not None:
            count, qual = cnt[0], cnt[1]
        else:
            count, qual = (None, "unstated") if lex.persons[low[k]] else (1, "exact")
        found.append((count, qual, i, k + 1))
    out: list[Draft] = []
    for n, q, s, e in found:
        places: list[str | None] = list(_first_places(c, t, e, b)) or [None]
        out += [
            Draft("casualty", None, [], n, q, t.start[s], t.end[e - 1], place=p) for p in places
        ]
    return out


def casualties(c: Compiled, t: Tokens, a: int, b: int) -> list[Draft]:
    """Persons killed or injured: [count] [adjectives] PERSON ... harm verb."""
    low = t.low
    lex = c.lex
    out: list[Draft] = []
    i = a
    while i < b:
        w = low[i]
        before = i > a and low[i - 1] in lex.harm_verbs  # "an injured girl"
        if w not in lex.persons or not (
            before or any(low[k] in lex.harm_verbs for k in range(i + 1, min(b, i + _WINDOW)))
        ):
            i += 1
            continue
        start = i - 1 if before else i
        while start > a and (
            low[start - 1] in lex.person_adjectives
            or low[start - 1] in lex.age_words
            or (t.kind[start - 1] == NUM and low[start] in lex.age_words)
        ):
            start -= 1
        count, qual = (None, "unstated") if lex.persons[w] else (1, "exact")
        for k in range(max(a, start - 3), start):
            cnt = match_count(c, t, k, start)
            if cnt is not None and cnt[2] == start and (cnt[0] is not None or k == start - 1):
                count, qual = cnt[0], cnt[1]
                start = k
                break
        d = Draft("casualty", None, [], count, qual, t.start[start], t.end[i])
        for k in range(i + 1, b):
            if low[k] in lex.weapon_intros or low[k] == lex.of:
                found = weapon_list(c, t, k + 1, b, False)
                if found is not None:
                    d.weapons = found[0]
                    break
        first, *more = _places_after(c, t, i, b)
        d.place = first
        out.append(d)  # "civilians injured in A and B": one casualty at each place
        out.extend(replace(d, weapons=list(d.weapons), place=p) for p in more)
        if before:
            i += 1
            continue
        # past this person's harm verb: "Two men were killed and a woman was injured"
        i = next(k for k in range(i + 1, b) if low[k] in lex.harm_verbs) + 1
        if i + 1 < b and low[i] in lex.list_joiners and low[i + 1] in lex.harm_verbs:
            out.append(replace(d, weapons=list(d.weapons)))  # "killed and injured": apart
            i += 2
    return out
