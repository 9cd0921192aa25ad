"""Sharing between the constituents of a sentence: a distance/direction clause or a place
named after the verb attaches to the events read since the previous clause; a list of places
copies the events for each; "18 bursts and 12 shots of ... fire" is one observation; a
camera's sequence after its totals adds nothing; parts of a weapons total replace it."""

from __future__ import annotations

from copy import copy

from truce.intake.narrative._draft import add_weapons
from truce.intake.narrative._events import Draft
from truce.intake.narrative._location import Modifier, match_modifier, match_place
from truce.intake.narrative._phrases import Compiled
from truce.intake.narrative._scan import Scan
from truce.intake.narrative._tokens import Tokens


def event_place(place: str, sc: Scan) -> None:
    """A place named after the verb: where the pending events were ("saw five howitzers near
    Vodiane and ten near Bohoiavlenka"), and the sentence's fallback place."""
    s = sc.s
    if s.ref_place is None:
        s.ref_place = place
    targets = sc.pending or sc.last_group
    if targets and all(d.place is not None and d.place != place for d in targets):
        sc.upcoming = place
    for d in targets:
        if d.place is None:
            d.place = place
            d.unplaced = False  # "on both sides of the contact line, including in A"


def more_places(c: Compiled, t: Tokens, j: int, b: int) -> tuple[list[str], int]:
    """The rest of a list of places: ", Dokuchaievsk, and Holmivskyi", " and in Bakhmut"."""
    out: list[str] = []
    low = t.low
    while j < b:
        if low[j] in c.place_nouns.first and (noun := c.place_nouns.match(low, j, b)):
            j = noun[1]  # "the Petrivske disengagement area and near Dokuchaievsk"
            if j >= b:
                break
        k = j + 1 if low[j] == "," else j
        if k < b and low[k] in c.lex.list_joiners:
            k += 1
        if k == j:
            break
        if k < b and low[k] in c.lex.place_preps and low[k] != c.lex.of:
            k += 1
        p = match_place(c, t, k, b)
        if p is None or (p[1] < b and low[p[1]] in c.lex.region_words):
            break
        out.append(p[0])
        j = p[1]
        if j < b and low[j] in c.lex.landmark_tails:
            j += 1  # "in A, Stanytsia Luhanska bridge and B": the bridge is at its place
    return out, j


def ends_in_region(c: Compiled, t: Tokens, k: int, b: int) -> bool:
    """After a list of places ended at ``k``: "and Luhansk regions" closes it, so the list
    names regions ("in areas of Donetsk and Luhansk regions"), not places."""
    low = t.low
    k = k + 1 if k < b and low[k] == "," else k
    if k >= b or low[k] not in c.lex.list_joiners:
        return False  # "in Zolote-5, Luhansk region" is the place and its region
    p = match_place(c, t, k + 1, b)
    return p is not None and p[1] < b and low[p[1]] in c.lex.region_words


def fan_out(places: list[str], sc: Scan) -> None:
    """Events "in A, B and C": a copy of the events at A for each further place (only
    events of the verb's own clause: in "recorded an explosion near A, and UAVs observed
    people near B and C" the explosion is not copied to B and C)."""
    if not places:
        return
    targets = [d for d in _clause_events(sc) if d.place is not None]
    for place in places:
        for d in targets:
            _twin(d, sc).place = place


def per_region(sc: Scan) -> None:
    """Sightings "in an area of Donetsk region and in an area of Luhansk region": one
    observation per region told, none with a place (an area told of both regions, "in
    areas of Donetsk and Luhansk regions", is one); the events of the verb's clause are
    copied for each region after the first."""
    sc.regions += 1
    if sc.regions == 1:
        return
    for d in _clause_events(sc):
        _twin(d, sc)


def _clause_events(sc: Scan) -> list[Draft]:
    """The pending (or last) events that the verb's own clause told."""
    clause = sc.s.drafts[sc.clause_start :]
    return [d for d in (sc.pending or sc.last_group) if any(x is d for x in clause)]


def _twin(d: Draft, sc: Scan) -> Draft:
    """A copy of ``d`` (its own weapons list) appended to the sentence's events."""
    twin = copy(d)
    twin.weapons = list(d.weapons)
    sc.s.drafts.append(twin)
    return twin


def attach(mod: Modifier, sc: Scan) -> None:
    s = sc.s
    if not s.verb_seen:
        # "Whilst stationary 2km south of Avdiivka": the observer's offset from a place
        if mod.place and (s.place is None or (s.place == mod.place and s.offset is None)):
            s.place = mod.place  # (a place read past "at an 'LPR'-checkpoint" is this one)
            if mod.distance and mod.bearings and len(mod.bearings) == 1:
                s.offset = ((mod.distance[0] + mod.distance[1]) / 2, mod.bearings[0])
        elif mod.own_position and not mod.place and not s.drafts and s.place is None:
            s.before = mod  # "Around 3-5km north of its position ..., the SMM heard ..."
        return
    if mod.place:
        event_place(mod.place, sc)
    targets = sc.pending or sc.last_group
    if not targets and not s.drafts:
        if s.orphan is None:
            s.orphan = mod
        else:  # "... at locations to the north and west at distances between 3 and 8km"
            s.orphan.distance = s.orphan.distance or mod.distance
            s.orphan.bearings = s.orphan.bearings or mod.bearings
    for d in targets:
        _fill(d, mod, overwrite=bool(sc.pending))
    if mod.shared:
        for d in s.drafts:
            _fill(d, mod, overwrite=False)
    if sc.pending:
        sc.last_group = sc.pending
        sc.pending = []


def _fill(d: Draft, mod: Modifier, *, overwrite: bool) -> None:
    if mod.distance is not None and (overwrite or d.distance is None):
        d.distance = mod.distance
    if mod.bearings is not None and (overwrite or d.bearings is None):
        d.bearings = mod.bearings


def append(drafts: list[Draft], sc: Scan) -> None:
    s = sc.s
    first = drafts[0]
    widen, sc.widen = sc.widen, None
    if widen is not None and all(d.kind == "fire" and d.count is None for d in drafts):
        for d in drafts:
            add_weapons(widen.weapons, d.weapons)
        return
    prev = sc.pending[-1] if sc.pending else None
    if len(drafts) == 1 and prev is not None and sc.chain and _one_fire(prev, first):
        _merge_fire(prev, first)
        return
    if sc.upcoming is not None:
        for d in drafts:
            d.place = d.place or sc.upcoming
    if sc.clause_place is not None:
        for d in drafts:
            d.stood = d.stood or sc.clause_place
    s.drafts.extend(drafts)
    sc.pending.extend(drafts)


def _one_fire(prev: Draft, nxt: Draft) -> bool:
    """Two fire counts joined that are one observation: "18 bursts and 12 shots of ...
    fire" (the weapons told once, after both), "94 bursts of small-arms fire and 34
    small-arms shots" (one weapon, both counted, no distance told between them)."""
    if not prev.kind == nxt.kind == "fire":
        return False
    if not prev.weapons:
        return bool(nxt.weapons)
    return (
        prev.weapons == nxt.weapons
        and prev.count is not None
        and nxt.count is not None
        and prev.distance is None
        and not prev.bearings
    )


def _merge_fire(into: Draft, other: Draft) -> None:
    quals = {into.qualifier, other.qualifier}
    into.weapons = other.weapons
    into.end = other.end
    if "uncountable" in quals:
        into.count, into.qualifier = None, "uncountable"
        return
    total = (into.count or 0) + (other.count or 0)
    if "unstated" in quals:
        into.count, into.qualifier = (total or None), ("at_least" if total else "unstated")
    elif "at_least" in quals:
        into.count, into.qualifier = total, "at_least"
    elif "about" in quals:
        into.count, into.qualifier = total, "about"
    else:
        into.count = total


def sequence(sc: Scan, *, starts: bool) -> None:
    """ "recorded 25 explosions and 49 projectiles, beginning with one explosion ...": the
    sequence details what was counted, so its events are not new; "an exchange of fire
    beginning with one airburst and followed by 15 explosions": the exchange is what the
    sequence lists, not an observation of its own; "followed by" lists new events again."""
    s = sc.s
    if not starts:
        sc.subset = False
        return
    last = s.drafts[-1] if s.drafts else None
    if last is not None and last.kind == "fire" and last.count is None and not last.weapons:
        s.drafts.pop()
        sc.pending = [d for d in sc.pending if d is not last]
        sc.last_group = [d for d in sc.last_group if d is not last]
    elif any(d.count is not None for d in s.drafts):
        sc.subset = True


def paren_modifier(c: Compiled, t: Tokens, a: int, b: int, sc: Scan) -> bool:
    """ "recorded 140 explosions ... on 1 August (in areas 3-8km to the north and west)": a
    parenthesis that is only a distance and direction describes the events before it."""
    for j in range(a, min(b, a + 3)):  # after "in areas", "at locations"
        m = match_modifier(c, t, j, b)
        if m is not None and m[1] == b and m[0].place is None and not m[0].own_position:
            attach(m[0], sc)
            return True
    return False


def weapon_parts(c: Compiled, t: Tokens, a: int, b: int, drafts: list[Draft]) -> list[Draft]:
    """ "weapons ..., including 12 MLRS, six near A and six near B": the generic weapons and
    the total are told again by their parts, which alone are observations."""
    drop: set[int] = set()
    for n, d in enumerate(drafts):
        if d.total:  # "15 explosions: three undetermined ..., and eleven mortar rounds ..."
            parts = [p for p in drafts[n + 1 :] if p.kind == "explosion" and p.count is not None]
            if len(parts) > 1 and sum(p.count or 0 for p in parts) == d.count:
                drop.add(id(d))
    weapons = [d for d in drafts if d.kind == "weapon"]
    if len(weapons) < 2:
        return [d for d in drafts if id(d) not in drop]
    for n, d in enumerate(weapons[:-1]):
        rest = weapons[n + 1 :]
        if not d.weapons and d.count is None and _including(c, t, a, b, d.end, rest[0].start):
            drop.add(id(d))
        elif d.count is not None and d.weapons:
            parts = [p for p in rest if p.weapons == d.weapons and p.count is not None]
            if len(parts) > 1 and sum(p.count or 0 for p in parts) == d.count:
                drop.add(id(d))
    return [d for d in drafts if id(d) not in drop]


def _including(c: Compiled, t: Tokens, a: int, b: int, start: int, end: int) -> bool:
    return any(start <= t.start[k] < end and t.low[k] in c.breakdown.first for k in range(a, b))
