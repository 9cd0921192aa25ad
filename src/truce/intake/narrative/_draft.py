"""Event drafts, weapon lists and parentheses after event nouns."""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field

from truce.intake.narrative._location import skip_paren
from truce.intake.narrative._numbers import match_count
from truce.intake.narrative._phrases import Compiled
from truce.intake.narrative._tokens import NUM, Tokens


@dataclass(slots=True)
class Item:
    count: int | None
    qualifier: str
    subtype: str | None = None
    weapons: list[str] = field(default_factory=list)
    remainder: bool = False
    assessed: bool = False  # introduced by "as" / "assessed as"
    parts: list[Item] = field(default_factory=list)  # "(five impacts and eight outgoing)"
    head: str | None = None  # the kind of its head noun, if it has one


@dataclass(slots=True)
class Draft:
    """An event being read; the grammar fills in distance, bearings and place later."""

    kind: str
    subtype: str | None
    weapons: list[str]
    count: int | None
    qualifier: str
    start: int
    end: int
    distance: tuple[float, float] | None = None
    bearings: list[str] | None = None
    flight: tuple[str, str] | None = None
    place: str | None = None
    notes: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)  # a breakdown in parentheses
    #: "(35 in flight from west to east, nine from east to west)": count, qualifier, flight
    flights: list[tuple[int, str, tuple[str, str]]] = field(default_factory=list)
    #: no observer saw it: fire aimed at the Mission's UAV, located at its own ``place``
    unobserved: bool = False
    assessed: bool = False  # its own "assessed as ..." was read
    total: bool = False  # "15 explosions: three ..., one ... and eleven ...": told by parts
    unplaced: bool = False  # at a site with no settlement's name: no place, not the sentence's
    remnant: bool = False  # what is left of a munition: `other`, keeping its weapons
    source: str | None = None  # its own source type ("lost control of its mini-UAV": uav)
    stood: str | None = None  # the observer's further place ("whilst in A and in B": B)


def add_weapons(weapons: list[str], codes: list[str]) -> None:
    for code in codes:
        if code not in weapons:
            weapons.append(code)


def weapon_list(
    c: Compiled, t: Tokens, i: int, end: int, sight: bool, *, fire: bool = True
) -> tuple[list[str], int] | None:
    """ "heavy-machine-gun and small-arms [fire]", "an infantry fighting vehicle cannon"."""
    low = t.low
    j = i
    if j < end and low[j] in c.lex.articles:
        j += 1
    j = skip_calibre(c, t, j, end)
    out: list[str] = []
    firsts = c.weapon_firsts
    while j < end and low[j] in firsts:
        m = c.weapons.match(low, j, end) or c.designators.match(low, j, end)
        if m is None:
            break
        add_weapons(out, [m[0][1] if sight else m[0][0]])
        j = m[1]
        while j < end and not t.gap[j] and (t.kind[j] == NUM or t.kind[j] == 3):
            j += 1  # "BMP-1", "ZU-23-2"
        j = skip_calibre(c, t, j, end)
        # the next weapon of a list, past a model note: "a recoilless gun (SPG-9, 73mm) or
        # an infantry fighting vehicle (BMP-1) cannon"
        k = skip_paren(t, j, end) if j < end and low[j] == "(" else j
        if k > j and out[-1] == "apc":
            _refine(c, t, j + 1, k - 1, out, sight)  # "armoured combat vehicle (BMP-1)"
        if fire and k > j and (noun := c.fire_nouns.match(low, k, end)) is not None:
            k = noun[1]  # "... vehicle (BMP-2, 30mm) cannon and small-arms fire"
        k0 = k
        k = k + 1 if k < end and low[k] == "," else k
        if k < end and low[k] in c.lex.list_joiners:
            k += 1
        if fire and k < end and low[k] in c.lex.articles and k > k0:
            k += 1
        if k > k0 and k < end and t.kind[k] == NUM:
            k = skip_calibre(c, t, k, end)  # "122mm artillery and 82mm mortar fire"
        if k == k0 or k >= end or not (low[k] in c.weapons.first or low[k] in c.designators.first):
            break
        if (h := c.heads.match(low, k, end)) is not None and h[0][0] == "other":
            break  # "an unexploded grenade and anti-tank mines": the mines are an item
        j = k
    if not out:
        return None
    if not fire:
        return out, j
    j = _noun_past_paren(c, t, j, end)  # "infantry fighting vehicle (BMP-1) cannon fire"
    noun = c.fire_nouns.match(low, j, end)
    if noun is None:
        return out, j
    k = _noun_past_paren(c, t, noun[1], end)  # "... vehicle (BMP-2) cannon (30mm) fire"
    noun2 = c.fire_nouns.match(low, k, end) if k > noun[1] else None
    return out, noun2[1] if noun2 is not None else noun[1]


def _noun_past_paren(c: Compiled, t: Tokens, j: int, end: int) -> int:
    """The index after the parenthesis at ``j`` when a fire noun follows it, else ``j``."""
    if j < end and t.low[j] == "(":
        k = skip_paren(t, j, end)
        if k > j and c.fire_nouns.match(t.low, k, end) is not None:
            return k
    return j


def _refine(c: Compiled, t: Tokens, a: int, b: int, out: list[str], sight: bool) -> None:
    """A model in the parenthesis after a generic "armoured combat vehicle" names its kind:
    "(BMP-1)" is an infantry fighting vehicle."""
    for j in range(a, b):
        if t.low[j] in c.designators.first and (m := c.designators.match(t.low, j, b)):
            code = m[0][1] if sight else m[0][0]
            if code not in out:
                out[-1] = code
            return


def skip_calibre(c: Compiled, t: Tokens, j: int, end: int) -> int:
    """ "120mm", and lists of calibres: "82mm and 120mm", "82mm, 120mm or 122mm", "82 and
    120mm" (the unit told once)."""
    k = j
    if j + 2 < end and t.kind[j] == NUM and t.low[j + 1] not in c.lex.calibre_units:
        k = _bare_calibres(c, t, j, end)
    while k + 1 < end and t.kind[k] == NUM and t.low[k + 1] in c.lex.calibre_units:
        k += 2
        n = k + 1 if k < end and t.low[k] == "," else k
        n = n + 1 if n < end and t.low[n] in c.lex.list_joiners else n
        if n == k or not (n + 1 < end and t.kind[n] == NUM and t.low[n + 1] in c.lex.calibre_units):
            return k
        k = n
    return k


def _bare_calibres(c: Compiled, t: Tokens, j: int, end: int) -> int:
    """The index of the last number of "82 and 120mm" / "82, 120 and 152mm" (its unit
    after it), ``j`` if no such list starts at ``j``."""
    k = j
    low, kind = t.low, t.kind
    while k + 2 < end and kind[k] == NUM and low[k + 1] not in c.lex.calibre_units:
        n = k + 1
        if low[n] not in c.lex.list_joiners and low[n] != ",":
            return j
        n = n + 1 if low[n] == "," and low[n + 1] in c.lex.list_joiners else n
        if n + 1 >= end or kind[n + 1] != NUM:
            return j
        k = n + 1
    return k if k > j and k + 1 < end and low[k + 1] in c.lex.calibre_units else j


def match_flight(
    c: Compiled, t: Tokens, i: int, end: int, *, bare: bool = False
) -> tuple[tuple[str, str], int] | None:
    """ "(mostly) from west to east" -> ("W", "E"); with ``bare`` also "west to east" (a
    count's flight told after one with "from": "106 from west to east and 58 east to west")."""
    low = t.low
    j = i
    while (
        j < end and low[j] in c.flight_fillers.first and (f := c.flight_fillers.match(low, j, end))
    ):
        j = f[1]
    if j < end and low[j] == c.lex.flight_from:
        j += 1
    elif not bare:
        return None
    a = _direction(c, t, j, end) if j < end else None
    if a is None or a[1] >= end or low[a[1]] != c.lex.flight_to:
        return None
    b = _direction(c, t, a[1] + 1, end) if a[1] + 1 < end else None
    if b is None:
        return None
    k = b[1]
    if k < end and low[k] in c.lex.direction_nouns and t.low[j] in c.compass_adj.first:
        k += 1  # "from westerly to easterly direction(s)"
    return (a[0], b[0]), k


def _direction(c: Compiled, t: Tokens, j: int, end: int) -> tuple[str, int] | None:
    """ "west", "south-east", "westerly" -> compass code."""
    m = c.compass.match(t.low, j, end)
    if m is None and j < end and t.low[j] in c.compass_adj.first:
        m = c.compass_adj.match(t.low, j, end)
    return m


def flight_items(c: Compiled, t: Tokens, a: int, b: int) -> list[tuple[int, str, tuple[str, str]]]:
    """A breakdown by direction of flight: "35 in flight from westerly to easterly
    directions, nine from easterly to westerly direction and five ..." (all or nothing)."""
    low = t.low
    out: list[tuple[int, str, tuple[str, str]]] = []
    j = a
    while j < b:
        cnt = match_count(c, t, j, b)
        if cnt is None or cnt[0] is None:
            return []
        k = cnt[2]
        for _ in range(4):  # "in flight", "tracer rounds" before the direction
            if k >= b or low[k] == c.lex.flight_from or _direction(c, t, k, b) is not None:
                break
            k += 1
        if k < b and low[k] == c.lex.flight_from:
            k += 1
        src = _direction(c, t, k, b) if k < b else None
        if src is None or src[1] >= b or low[src[1]] != c.lex.flight_to:
            return []
        dst = _direction(c, t, src[1] + 1, b)
        if dst is None:
            return []
        out.append((cnt[0], cnt[1], (src[0], dst[0])))
        j = dst[1]
        if j < b and low[j] in c.lex.direction_nouns:
            j += 1
        if j < b and low[j] == ",":
            j += 1
        if j < b and low[j] in c.lex.list_joiners:
            j += 1
    return out


def by_flight(d: Draft) -> list[Draft]:
    """One draft per direction of a breakdown; what the breakdown leaves out stays as one."""
    out = []
    for count, qual, flight in d.flights:
        part = copy(d)
        part.count, part.qualifier, part.flight, part.flights = count, qual, flight, []
        part.weapons = list(d.weapons)
        out.append(part)
    rest = None if d.count is None else d.count - sum(n for n, _, _ in d.flights)
    if rest is not None and rest > 0:
        left = copy(d)
        left.count, left.flights, left.weapons = rest, [], list(d.weapons)
        out.append(left)
    return out


def read_paren(c: Compiled, t: Tokens, a: int, b: int, d: Draft, sight: bool) -> None:
    """Read a parenthesis after an event: uncountable, flight, weapon models, breakdown."""
    low = t.low
    if a < b and low[a] in c.lex.uncountable:
        d.count, d.qualifier = None, "uncountable"
        return
    fl = match_flight(c, t, a, b)
    if fl is not None and d.kind in ("projectile", "flare"):
        d.flight = fl[0]
        return
    found: list[str] = []
    firsts = c.weapon_firsts
    for j in range(a, b):
        if low[j] not in firsts:
            continue
        m = c.weapons.match(low, j, b) or c.designators.match(low, j, b)
        if m is not None:
            add_weapons(found, [m[0][1] if sight else m[0][0]])
    if found and not d.weapons:
        d.weapons = found


_MAINLY = frozenset({"mainly", "mostly", "predominantly", "primarily"})
#: "damage caused by shelling and gunfire", "injured due to shelling": a cause, no event.
CAUSE_WORDS = frozenset({"shelling", "gunfire", "shooting", "fighting"})


def cause_end(t: Tokens, j: int, end: int) -> int:
    """After "from/by/due to/caused by shelling (and gunfire)", else ``j``."""
    low = t.low
    k = j
    if k < end and low[k] in ("caused", "due"):
        k += 1
    if k < end and low[k] in ("by", "from", "to"):
        k += 1
    if k == j or k >= end or low[k] not in CAUSE_WORDS:
        return j
    k += 1
    while k + 1 < end and low[k] == "and" and low[k + 1] in CAUSE_WORDS:
        k += 2
    return k


def weapons_after(c: Compiled, t: Tokens, j: int, end: int, d: Draft, sight: bool) -> int | None:
    """ "of heavy-machine-gun fire", "of grenades", "fired from an AGL", "caused by"."""
    low = t.low
    k = None
    if low[j] == c.lex.of:
        k = j + 1
    elif low[j] in c.weapon_intros.first and (w := c.weapon_intros.match(low, j, end)):
        k = w[1]
    if k is None:
        return None
    if low[j] == c.lex.of and d.kind == "explosion":
        told: list[str] = []
        while k < end and (sub := c.subtypes.match(low, k, end)) is not None:
            told.append(sub[0])
            k = sub[1]
            if k + 1 < end and low[k] in c.lex.list_joiners and low[k + 1] in c.subtypes.first:
                k += 1  # "52 explosions of outgoing and incoming fire": not told apart
        if told and d.subtype in (None, "undetermined"):
            d.subtype = told[0] if len(told) == 1 else "undetermined"  # "of outgoing fire"
    if k < end and low[k] == "(" and (kk := skip_paren(t, k, end)) > k:
        noun = c.fire_nouns.match(low, kk, end)
        if noun is not None:  # "shots of (BMP-1, 73mm) fire"
            read_paren(c, t, k + 1, kk - 1, d, False)
            return noun[1]
    while k < end and low[k] in _MAINLY:
        k += 1  # "bursts of mainly heavy-machine-gun fire"
    if d.kind == "fire" and low[j] == c.lex.of and k < end and low[k] in c.subtypes.first:
        if (sub := c.subtypes.match(low, k, end)) is not None:
            k = sub[1]  # "bursts of outgoing small-arms fire": shots have no subtype
    found = weapon_list(c, t, k, end, sight and d.kind == "weapon")
    if found is not None:
        add_weapons(d.weapons, found[0])
        if (
            low[j] == c.lex.of
            and d.kind == "explosion"
            and d.count is None
            and d.qualifier == "unstated"
            and low[j + 1] in c.lex.one_words
        ):
            d.count, d.qualifier = 1, "exact"  # "the impact of an artillery shell": one
        k = found[1]
        also = k + 1 if k < end and low[k] == "," else k
        if also + 1 < end and low[also] in ("but", "and") and low[also + 1] == "also":
            also += 2
            if also < end and low[also] in ("by", "from"):
                also += 1  # "mainly caused by grenade launchers but also by mortars"
            more = weapon_list(c, t, also, end, False)  # ", but also small-arms fire"
            if more is not None:
                add_weapons(d.weapons, more[0])
                k = more[1]
        return k
    if k < end and low[k] in c.lex.articles:
        k += 1
    if k < end and low[k] in c.lex.munitions:
        return k + 1  # "impacts of grenades"
    if low[j] == c.lex.of:
        subtyped = k > j + 1 and d.kind == "explosion"  # subtypes read: "of outgoing fire"
        for m in range(k, min(end, k + 3)):  # "shots of unidentified weapon fire"
            if t.kind[m] != 0:
                break
            if (noun := c.fire_nouns.match(low, m, end)) is not None and (m > k or subtyped):
                return noun[1]
    return None
