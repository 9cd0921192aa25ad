"""What: one event noun phrase, its weapons, assessment and subtype breakdown.

Grammar (README "Count", "What"): [count] [adjectives, weapons] HEAD [tail], where HEAD is
"explosions", "projectiles in flight", "illumination flares", "muzzle flashes", "bursts and
shots", "fire", ... and the tail carries "of heavy-machine-gun and small-arms fire",
"(BMP-1, 73mm)", "(uncountable)", "(mostly from west to east)", "assessed as impacts of
grenades fired from an automatic grenade launcher" and "including nine assessed as impacts
and two as outgoing rounds" or "26 mortar rounds – three incoming, four outgoing and 19
undetermined –" (the remainder undetermined). With a sight verb, a weapon noun as head is a
sighting ("saw three tanks"), and "houses burned by shelling" is damage. One unknown
lower-case word may stand before a head ("170 overlapping bursts"); a head before a head is
a modifier ("shelling damage").
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field

from truce.intake.narrative._breakdown import breakdown, items, split
from truce.intake.narrative._damage import damage_object, damaged_objects, unknown_word
from truce.intake.narrative._draft import (
    Draft,
    Item,
    add_weapons,
    by_flight,
    cause_end,
    flight_items,
    match_flight,
    read_paren,
    skip_calibre,
    weapon_list,
    weapons_after,
)
from truce.intake.narrative._location import match_place, skip_paren
from truce.intake.narrative._numbers import match_count
from truce.intake.narrative._phrases import Compiled
from truce.intake.narrative._tokens import NUM, WORD, Tokens

#: Kinds that move across the sky, so "from west to east" after them is a flight path.
_MOVING = frozenset({"projectile", "flare"})


@dataclass(slots=True)
class _Adj:
    subtype: str | None = None
    weapons: list[str] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)  # the same weapons, as sightings
    tracer: bool = False
    flare: bool = False
    also: list[str] = field(default_factory=list)  # "incoming and outgoing": the second


def _adjectives(
    c: Compiled, t: Tokens, j: int, end: int, sight: bool, acc: _Adj
) -> tuple[int, tuple[str, str | None] | None]:
    """Adjectives up to the head noun; returns (index after head or adjectives, head)."""
    low = t.low
    unknown = 1
    for _ in range(12):
        if j >= end:
            break
        w = low[j]
        head = c.heads.match(low, j, end) if w in c.heads.first else None
        if head is not None:
            (kind, sub), k = head
            if k < end and low[k] in c.heads.first and (nxt := c.heads.match(low, k, end)):
                if kind == nxt[0][0] == "explosion" and sub:
                    acc.subtype = sub  # "impact explosions"
                j = k  # a head before a head is a modifier: "shelling damage"
                continue
            return k, head[0]
        if w in c.subtypes.first and (s := c.subtypes.match(low, j, end)) is not None:
            acc.subtype, j = s
            if j + 1 < end and low[j] in c.lex.list_joiners and low[j + 1] in c.subtypes.first:
                other = c.subtypes.match(low, j + 1, end)  # "incoming and outgoing artillery"
                if other is not None and other[1] < end and low[other[1]] not in c.lex.list_joiners:
                    acc.also.append(acc.subtype)
                    acc.subtype, j = other
        elif (wl := weapon_list(c, t, j, end, sight, fire=False)) is not None:
            add_weapons(acc.weapons, wl[0])
            seen = wl if sight else weapon_list(c, t, j, end, True, fire=False)
            add_weapons(acc.seen, seen[0] if seen else [])
            j = wl[1]
        elif w in c.lex.projectile_adjectives:
            acc.tracer = True
            j += 1
        elif w in c.lex.flare_adjectives:
            acc.flare = True
            j += 1
        elif w in c.lex.fillers:
            j += 1
        elif low[j] == "(" and (k := skip_paren(t, j, end)) > j and c.heads.match(low, k, end):
            j = k  # "howitzer (2A65 Msta-B, 152mm) rounds"
        elif (k := skip_calibre(c, t, j, end)) != j:
            j = k
        elif (
            unknown and j + 1 < end and unknown_word(c, t, j) and _head_or_weapon(c, t, j + 1, end)
        ):
            unknown -= 1  # "170 overlapping bursts", "a powerful explosion", "five parked tanks"
            j += 1
        elif w in c.lex.munitions and j + 1 < end and c.heads.match(low, j + 1, end):
            j += 1  # "two grenade explosions": the munition names no weapon
        elif (t.cap[j] or t.text[j] in _QUOTES) and (k := _owner(c, t, j, end)) > j:
            j = k  # 'two "DPR" tanks', "a Ukrainian Armed Forces tank": whose, not what
        else:
            break
    return j, None


def parse_np(
    c: Compiled, t: Tokens, i: int, end: int, *, sense: str, prev: Draft | None
) -> tuple[list[Draft], int] | None:
    """An event noun phrase at ``i`` -> its drafts (several when broken down) and the
    index after it; None when no event phrase starts at ``i``."""
    low = t.low
    sight = sense != "sound"
    negative = low[i] in c.lex.negative_counts
    cnt = match_count(c, t, i + 1 if negative else i, end)
    if cnt is not None and cnt[0] is None and low[i] in c.weapon_firsts:
        if c.weapons.match(low, i, end) is not None:
            cnt = None  # "multiple launch rocket systems" is a weapon, not "multiple" of them
    count, qual, j = cnt if cnt is not None else (None, "unstated", i + int(negative))
    if sight and (dm := damaged_objects(c, t, i, j, end, count, qual)) is not None:
        return dm
    if sight and j + 1 < end and low[j] in c.lex.damaged:
        o = j + 2 if j + 2 < end and low[j + 1] == c.lex.down else j + 1  # "burned down"
        obj = c.damage_objects.match(low, o, end)  # "shattered windows", "burnt houses"
        if obj is not None:
            d0 = Draft("damage", None, [], count, qual, t.start[i], t.end[obj[1] - 1])
            return _finish(c, t, _tail(c, t, obj[1], end, d0, True), end, d0)
    adj = _Adj()
    j, head = _adjectives(c, t, j, end, sight, adj)
    if head is None:
        return _headless(c, t, i, j, end, count, qual, adj, sight, prev)
    kind, subtype = head
    if kind == "weapon" and j < end and low[j] in c.lex.weapon_sites:
        return None  # "at a heavy weapons holding area", "a weapons storage site": a site
    if kind == "other" and subtype == "remnant":
        return _remnant(c, t, i, j, end, count, qual, adj, sense)
    if not c.lex.unexploded.isdisjoint(low[max(i - 1, 0) : j]):
        d = _ordnance(t, i, j, adj.weapons, count, qual)  # "an unexploded 82mm mortar round"
        return _finish(c, t, _tail(c, t, j, end, d, sight), end, d)
    if kind == "explosion" and subtype == "impact" and _marked_impact(c, t, i, j, sense):
        kind, subtype = "damage", None  # "shrapnel impacts", "saw fresh impacts"
    if qual == "exact" and count == 1 and _uncounted(c, t, j, i):
        count, qual = None, "unstated"  # "an exchange of fire" counts no shots
    if kind == "explosion" and adj.tracer:
        kind = "projectile"
    if kind == "fire" and adj.flare:
        kind = "flare"
    d = Draft(kind, subtype or adj.subtype, adj.weapons, count, qual, t.start[i], t.end[j - 1])
    if negative and count is None and qual == "unstated":
        d.kind = "summary"  # "no explosions": nothing observed
    if kind == "weapon" and adj.subtype is not None and not adj.weapons:
        d.kind = "none"  # "an impact of an undetermined weapon": no weapon named or seen
    if sight and kind == "explosion" and _on_object(c, t, j, end):
        d.kind = "damage"  # "saw a recent shell impact on the roof of a house"
    elif sense == "sight" and subtype == "impact" and _on_surface(c, t, j, end):
        d.kind = "damage"  # "spotted ten impacts on the road": seen where they struck
    j = _tail(c, t, j, end, d, sight)
    if sight and d.kind == "explosion" and d.subtype == "impact" and _on_object(c, t, j, end):
        d.kind = "damage"  # "saw impacts from small-arms fire on the wall of a school"
    if subtype is not None and d.kind == "explosion" and count is not None:
        j = _shared_count(c, t, j, end, d, sense)
    drafts, k = _finish(c, t, j, end, d)
    if d.kind == "weapon" and d.count is None and len(d.weapons) > 1 and drafts == [d]:
        # "armoured combat vehicles and anti-aircraft weapons": one sighting per kind
        return [_with_weapons(d, [w]) for w in d.weapons], k
    if adj.also and len(drafts) == 1 and drafts[0].kind == "explosion":
        if d.count is not None and not d.assessed:
            d.subtype = "undetermined"  # "20 incoming and outgoing rounds": not told apart
            return drafts, k
        if d.count is None:  # "heard incoming and outgoing artillery fire": per subtype
            return _per_subtype(drafts[0], adj.also[0]), k
    return drafts, k


def _per_subtype(d: Draft, also: str) -> list[Draft]:
    """Uncounted ``d`` told of two subtypes ("incoming and outgoing"): one explosion of
    ``also`` (the first told) and ``d`` itself."""
    first = copy(d)
    first.subtype, first.weapons = also, list(d.weapons)
    return [first, d]


def _ordnance(t: Tokens, i: int, j: int, weapons: list[str], count: int | None, qual: str) -> Draft:
    """Unexploded ordnance of ``weapons`` read at ``t[i:j]``: an `other` remnant."""
    d = Draft("other", None, weapons, count, qual, t.start[i], t.end[j - 1])
    d.remnant = True
    return d


def fired_weapon(d: Draft) -> Draft:
    """A weapon sighting that is the object of "firing" ("saw soldiers firing mortars"):
    fire of that weapon (explosions for artillery, mortars, tanks), shots not counted."""
    if d.weapons and _EXPLOSIVE.issuperset(d.weapons):
        return Draft("explosion", "undetermined", list(d.weapons), None, "unstated", d.start, d.end)
    return Draft("fire", None, list(d.weapons), None, "unstated", d.start, d.end)


#: Tokens an owner's name before a weapon may take ('"DPR"', "Ukrainian Armed Forces").
_OWNER_WITHIN = 4
_QUOTES = frozenset("\"'\u201c\u201d\u2018\u2019")


def _owner(c: Compiled, t: Tokens, j: int, end: int) -> int:
    """Index after capitalised words and quotes that stand before a weapon or head (its
    owner's name), else ``j``."""
    k = j
    while k < end and k - j < _OWNER_WITHIN and (t.cap[k] or t.text[k] in _QUOTES):
        k += 1
    if k == j or k >= end or not _head_or_weapon(c, t, k, end):
        return j
    return k


def _head_or_weapon(c: Compiled, t: Tokens, j: int, end: int) -> bool:
    low = t.low
    if low[j] in c.heads.first and c.heads.match(low, j, end) is not None:
        return True
    return low[j] in c.weapons.first and c.weapons.match(low, j, end) is not None


def _shared_count(c: Compiled, t: Tokens, j: int, end: int, d: Draft, sense: str) -> int:
    """ "65 impacts and outgoing mortar rounds": one count for both subtypes, so one
    explosion of no one subtype with the weapons of the second; the index after it."""
    low = t.low
    if j + 1 >= end or low[j] not in c.lex.list_joiners or low[j + 1] not in c.subtypes.first:
        return j
    nxt = parse_np(c, t, j + 1, end, sense=sense, prev=None)
    if nxt is None or len(nxt[0]) != 1:
        return j
    other = nxt[0][0]
    if other.kind != "explosion" or other.count is not None or other.qualifier != "unstated":
        return j
    d.subtype = "undetermined"
    add_weapons(d.weapons, other.weapons)
    return nxt[1]


def _listed_flights(c: Compiled, t: Tokens, j: int, end: int, d: Draft) -> int:
    """ "63 projectiles, in sequence: 43 fired from south to north, five ...": the parts
    by flight after a colon, up to the clause shared by all (", all 4-8km east"); the
    index after them, else 0."""
    low = t.low
    k = j + 1
    n = len(c.lex.in_sequence)
    if tuple(low[k : k + n]) == c.lex.in_sequence:
        k += n
    if k < end and low[k] == ":":
        k += 1
    if k == j + 1 and low[j] != ":":
        return 0  # a colon must introduce the parts
    e = k
    while (
        e < end
        and low[e] != ";"
        and not (
            low[e] == "," and e + 1 < end and (low[e + 1] in c.lex.shared or low[e + 1] == "as")
        )
    ):
        e += 1
    parts = flight_items(c, t, k, e)
    if not parts or sum(p[0] for p in parts) != d.count:
        return 0
    d.flights = parts
    return e


def _rounds_fired(c: Compiled, t: Tokens, j: int, end: int, d: Draft) -> int:
    """ "a tank firing three rounds": the rounds counted after the weapon seen firing are
    its count (no further event); the index after them, else ``j``."""
    cnt = match_count(c, t, j, end)
    if cnt is None or cnt[0] is None or cnt[2] >= end:
        return j
    head = c.heads.match(t.low, cnt[2], end)
    if head is None or head[0][0] not in ("explosion", "fire") or head[0][1] is not None:
        return j
    d.count, d.qualifier = cnt[0], cnt[1]
    return head[1]


def _on_object(c: Compiled, t: Tokens, j: int, end: int) -> bool:
    """What was hit follows at ``j``: "on/to the roof of a house"."""
    if j >= end or t.low[j] not in c.lex.damage_link:
        return False
    probe = Draft("damage", None, [], None, "unstated", 0, 0)
    return damage_object(c, t, j + 1, end, probe) is not None


def _on_surface(c: Compiled, t: Tokens, j: int, end: int) -> bool:
    """ "on the road", "in the surrounding fields": the ground an impact was seen on."""
    low = t.low
    if j >= end or low[j] not in c.lex.damage_link:
        return False
    for k in range(j + 1, min(end, j + 4)):
        if low[k] in c.lex.impact_surfaces:
            return True
        if t.kind[k] != WORD or t.cap[k]:
            return False
    return False


def _remnant(
    c: Compiled,
    t: Tokens,
    i: int,
    j: int,
    end: int,
    count: int | None,
    qual: str,
    adj: _Adj,
    sense: str,
) -> tuple[list[Draft], int]:
    """ "fragments of a mortar shell", "the tail fin of a 120mm mortar round", "shell
    casings": what is left of a munition is one `other` (docs/narratives.md: unexploded
    ordnance), with the munition's weapons and, when the remnant has no count, its count."""
    weapons = list(adj.weapons)
    k = j
    if j + 1 < end and t.low[j] == c.lex.of:
        inner = parse_np(c, t, j + 1, end, sense=sense, prev=None)
        if inner is not None and inner[0]:
            first = inner[0][0]
            add_weapons(weapons, first.weapons)
            if qual == "unstated" and count is None:
                count, qual = first.count, first.qualifier
            k = inner[1]
        elif j + 1 < end and t.low[j + 1] in c.lex.one_words and count is None:
            count, qual = 1, "exact"  # "the tail of a 122mm rocket": of one munition
    d = Draft("other", None, weapons, count, qual, t.start[i], t.end[k - 1])
    d.remnant = True
    return [d], k


def _marked_impact(c: Compiled, t: Tokens, i: int, j: int, sense: str) -> bool:
    """ "shrapnel/bullet impacts" (any verb), "fresh impacts" seen (not heard): impact sites
    on what was hit, damage rather than explosions heard."""
    for x in range(max(i - 1, 0), j):
        w = t.low[x]
        if w in c.lex.impact_marks or (sense == "sight" and w in c.lex.seen_marks):
            return True
    return False


def _uncounted(c: Compiled, t: Tokens, j: int, i: int) -> bool:
    """True when the head ending before ``j`` is one whose article is no count."""
    return any(j - len(h) >= i and tuple(t.low[j - len(h) : j]) == h for h in c.uncounted_heads)


def _headless(
    c: Compiled,
    t: Tokens,
    i: int,
    j: int,
    end: int,
    count: int | None,
    qual: str,
    adj: _Adj,
    sight: bool,
    prev: Draft | None,
) -> tuple[list[Draft], int] | None:
    """A weapon sighting ("three tanks"), damage ("two damaged houses") or a sibling
    assessment ("and ten as impacts") where no head noun stands."""
    if j <= i:
        return None
    low = t.low
    if adj.subtype and count is not None and j == i + 2 and j < end:
        shared = _shared_head(c, t, i, j, end, Item(count, qual, adj.subtype), sight, prev)
        if shared is not None:
            return shared
    if adj.weapons and not c.lex.unexploded.isdisjoint(low[max(i - 1, 0) : j]):
        d = _ordnance(t, i, j, list(adj.weapons), count, qual)  # "an unexploded RPG"
        return _finish(c, t, j, end, d)
    counted_part = count is not None and prev is not None and prev.kind == "explosion"
    if not sight and adj.subtype and not counted_part and _EXPLOSIVE.issuperset(adj.weapons or "-"):
        # "heard incoming and outgoing artillery": uncounted rounds of it, per subtype;
        # "16 incoming and outgoing mortars": counted, not told apart
        sub = "undetermined" if adj.also and count is not None else adj.subtype
        d = Draft("explosion", sub, list(adj.weapons), count, qual, t.start[i], t.end[j - 1])
        drafts, k = _finish(c, t, _tail(c, t, j, end, d, False), end, d)
        if adj.also and count is None and len(drafts) == 1:
            return _per_subtype(d, adj.also[0]), k
        return drafts, k
    if adj.seen and sight and not adj.subtype:
        site = j + 1 if j + 1 < end and low[j] in c.firing.first else j  # "firing positions"
        if site < end and low[site] in c.lex.weapon_sites:
            return None  # "a mortar position", "tank firing positions": a site, no weapon
        if j < end and (fired := c.firing.match(low, j, end)) is not None:
            # "saw an anti-aircraft gun being fired": fire of that weapon, shots not counted
            d = Draft("fire", None, list(adj.weapons), None, "unstated", t.start[i], t.end[j - 1])
            return _finish(c, t, _rounds_fired(c, t, fired[1], end, d), end, d)
        d = Draft("weapon", None, adj.seen, count, qual, t.start[i], t.end[j - 1])
        drafts, k = _finish(c, t, _tail(c, t, j, end, d, True), end, d)
        if count is None and len(d.weapons) > 1:  # "saw tanks and howitzers": one per kind
            drafts = [_with_weapons(d, [w]) for w in d.weapons]
        return drafts, k
    if sight and j < end and low[j] in c.lex.damaged:
        obj = c.damage_objects.match(low, j + 1, end)
        if obj is not None:
            d = Draft("damage", None, [], count, qual, t.start[i], t.end[obj[1] - 1])
            return _finish(c, t, _tail(c, t, obj[1], end, d, True), end, d)
    if (
        prev is not None
        and count is not None
        and (low[j - 1] in c.lex.more_words or (i > 0 and low[i - 1] in c.lex.more_words))
    ):  # "and, 20 minutes later, four more 6-8km north", "another two"
        d = Draft(
            prev.kind, prev.subtype, list(prev.weapons), count, qual, t.start[i], t.end[j - 1]
        )
        return _finish(c, t, _tail(c, t, j, end, d, sight), end, d)
    if prev is not None and prev.kind == "weapon" and count is not None and prev.weapons:
        if j < end and low[j] in c.lex.place_preps and low[j] != c.lex.of:
            # "saw five howitzers near Vodiane and ten near Bohoiavlenka"
            d = Draft("weapon", None, list(prev.weapons), count, qual, t.start[i], t.end[j - 1])
            return [d], j
    if prev is not None and prev.kind in _MOVING and count is not None:
        if (
            match_flight(c, t, j, end) is not None
        ):  # "two in flight from S to N and two from N to S"
            d = Draft(prev.kind, None, list(prev.weapons), count, qual, t.start[i], t.end[j - 1])
            return _finish(c, t, _tail(c, t, j, end, d, sight), end, d)
        if prev.flight is not None and (fl := match_flight(c, t, j, end, bare=True)):
            # "106 projectiles in flight from west to east and 58 east to west"
            d = Draft(prev.kind, None, list(prev.weapons), count, qual, t.start[i], t.end[j - 1])
            d.flight = fl[0]
            return _finish(c, t, _tail(c, t, fl[1], end, d, sight), end, d)
    if prev is not None and prev.kind == "explosion" and (count is not None or qual != "unstated"):
        item = item_rest(c, t, j, end, Item(count, qual))
        if item is not None and item[0].subtype is not None:
            it = item[0]
            d = Draft("explosion", it.subtype, it.weapons, count, qual, t.start[i], t.end[i])
            return [d], item[1]
        explosive = adj.weapons and _EXPLOSIVE.issuperset(adj.weapons)
        ends = j >= end or t.kind[j] == NUM or low[j] in c.modifier_starts or low[j] in ",;"
        if (
            count is not None
            and low[i] not in c.lex.one_words
            and ends
            and (adj.subtype or (not sight and explosive))
        ):
            # "15 explosions: three undetermined ..., and eleven 82mm mortars 5-6km west"
            sub = adj.subtype or "undetermined"
            return [Draft("explosion", sub, adj.weapons, count, qual, t.start[i], t.end[j - 1])], j
    return None


def _shared_head(
    c: Compiled, t: Tokens, i: int, j: int, end: int, first: Item, sight: bool, prev: Draft | None
) -> tuple[list[Draft], int] | None:
    """Counts of subtypes sharing the head of the last: "three outgoing and two incoming
    rounds", "10 incoming/14 outgoing and 15 unknown explosions" (eight parts at most)."""
    low = t.low
    parts, k = [first], j
    for _ in range(8):
        if k >= end or not (low[k] in c.lex.list_joiners or low[k] in ",/"):
            return _parts_of(parts, prev, t, i, j, k)
        stop = k
        k += 2 if low[k] == "," and k + 1 < end and low[k + 1] in c.lex.list_joiners else 1
        cnt = match_count(c, t, k, end)
        if cnt is None or cnt[0] is None or cnt[2] >= end:
            return _parts_of(parts, prev, t, i, j, stop)
        sub = c.subtypes.match(low, cnt[2], end)
        if sub is None:
            return _parts_of(parts, prev, t, i, j, stop)
        if sub[1] < end and not (low[sub[1]] in c.lex.list_joiners or low[sub[1]] in ",/"):
            got = parse_np(c, t, k, end, sense="sight" if sight else "sound", prev=prev)
            if got is None or got[0][0].kind != "explosion":
                return None
            last = got[0][0]
            out = [
                Draft(
                    "explosion",
                    p.subtype,
                    list(last.weapons),
                    p.count,
                    p.qualifier,
                    t.start[i],
                    t.end[j - 1],
                )
                for p in parts
            ]
            return out + got[0], got[1]
        parts.append(Item(cnt[0], cnt[1], sub[0]))
        k = sub[1]
    return None


def _parts_of(
    parts: list[Item], prev: Draft | None, t: Tokens, i: int, j: int, k: int
) -> tuple[list[Draft], int] | None:
    """Parts of a total told before them with no head of their own ("30 explosions: 20
    outgoing and ten incoming"): one explosion per part, with the total's weapons."""
    if len(parts) < 2 or prev is None or prev.kind != "explosion" or prev.count is None:
        return None
    if i > 0 and t.low[i - 1] == "," and sum(p.count or 0 for p in parts) == prev.count:
        prev.total = True  # "30 mortar explosions, 20 outgoing and ten incoming": its parts
    weapons = prev.weapons
    out = [
        Draft("explosion", p.subtype, list(weapons), p.count, p.qualifier, t.start[i], t.end[j - 1])
        for p in parts
    ]
    return out, k


def _finish(c: Compiled, t: Tokens, j: int, end: int, d: Draft) -> tuple[list[Draft], int]:
    if d.kind == "fire" and d.weapons and _EXPLOSIVE.issuperset(d.weapons):
        d.kind = "explosion"  # "artillery fire", "mortar shots": rounds that explode
    elif (
        d.kind == "explosion"
        and d.subtype is None
        and d.weapons
        and DIRECT_FIRE.issuperset(d.weapons)
    ):
        d.kind = "fire"  # "ten small-arms rounds", "two heavy-machine-gun bullets": shots
    if d.kind == "explosion" and d.subtype is None:
        d.subtype = "undetermined"
    if d.kind != "explosion":
        d.subtype = None
    if d.kind == "other" and not d.remnant:
        d.weapons = []  # "anti-tank mines": a munition laid, no weapon fired or seen
    if d.flights:
        return by_flight(d), j
    if d.kind == "explosion":
        if d.items:
            return split(d, d.items), j
        parts = breakdown(c, t, j, end, d)
        if parts is not None:
            return parts
        d.total = d.count is not None and _colon_follows(t, j, end)  # "15 explosions: ..."
    elif d.kind == "projectile" and d.count is not None:
        # "73 projectiles in flight, three of which were assessed as RPG rounds"
        parts = breakdown(c, t, j, end, d)
        if parts is not None and any(p.weapons for p in parts[0]):
            return parts
    return [d], j


#: Tokens after a count's head within which its colon may stand ("12 explosions in a
#: 15-minute period: eight ... and four ...").
_COLON_WITHIN = 7


def _colon_follows(t: Tokens, j: int, end: int) -> bool:
    for k in range(j, min(end, j + _COLON_WITHIN)):
        if t.low[k] == ":":
            return True
        if t.low[k] in (",", ";", "("):
            return False
    return False


#: Fire from these is counted in explosions, not shots ("heard artillery fire").
_EXPLOSIVE = frozenset({"artillery", "mortar", "howitzer", "mlrs", "heavy_mlrs", "tank"})
#: Rounds from these are shots of direct fire, not explosions ("ten small-arms rounds").
DIRECT_FIRE = frozenset({"small_arms", "heavy_machine_gun"})


def _tail(c: Compiled, t: Tokens, j: int, end: int, d: Draft, sight: bool) -> int:
    """Everything after the head that still describes the event."""
    low = t.low
    for _ in range(16):
        if j >= end:
            break
        w = low[j]
        if w in c.in_flight.first and (f := c.in_flight.match(low, j, end)) is not None:
            j = f[1]
        elif w == "(":
            k = skip_paren(t, j, end)
            if k == j:
                break
            intro = c.breakdown.match(low, j + 1, k - 1)
            parts = items(c, t, intro[1] if intro else j + 1, k - 1, need_assessed=False)[0]
            flights = flight_items(c, t, j + 1, k - 1) if d.kind in _MOVING else []
            if flights:
                d.flights = flights  # "49 projectiles (35 from west to east, nine ...)"
            elif d.kind == "explosion" and parts:
                d.items = parts  # "11 explosions (three assessed as outgoing and eight ...)"
            elif assessment(c, t, j + 1, k - 1, d, sight) is None:  # "(all assessed as ...)"
                read_paren(c, t, j + 1, k - 1, d, sight)
            j = k
        elif (
            d.kind in _MOVING and d.count and w in ",:" and (k8 := _listed_flights(c, t, j, end, d))
        ):
            j = k8  # "63 projectiles, in sequence: 43 fired from south to north, five ..."
        elif d.kind in _MOVING and (fl := match_flight(c, t, j, end)) is not None:
            j = fl[1]
            if d.kind in ("projectile", "flare"):  # docs/narratives.md: what flies
                d.flight = fl[0]
            if j + 1 < end and low[j] in c.lex.list_joiners and low[j + 1] == c.lex.flight_from:
                if (fl2 := match_flight(c, t, j + 1, end)) is not None:
                    j, d.flight = fl2[1], None  # "from west to east and from east to west"
        elif d.kind == "damage" and (k6 := cause_end(t, j, end)) > j:
            j = k6  # "damage from shelling to a house": the cause, then what was hit
        elif d.kind == "damage" and low[j] in c.lex.damage_link and d.count is None:
            k4 = damage_object(c, t, j + 1, end, d)
            if k4 is None:
                break
            j = k4
        elif (
            w == c.lex.of
            and j + 1 < end
            and low[j + 1] in c.lex.what_words
            and (k7 := assessment(c, t, j + 2, end, d, sight)) is not None
        ):
            j = k7  # "three impacts of what it assessed as 120mm mortar rounds"
        elif (k2 := weapons_after(c, t, j, end, d, sight)) is not None:
            j = k2
        elif (k3 := assessment(c, t, j, end, d, sight)) is not None:
            j = k3
        elif (
            w == ","
            and not (j + 1 < end and low[j + 1] in c.lex.shared)  # ", all assessed as": all
            and (k5 := assessment(c, t, j + 1, end, d, sight)) is not None
        ):
            j = k5  # "11 explosions, assessed as impacts of 120mm mortar rounds, 3-4km south"
        else:
            break
    return j


def assessment(c: Compiled, t: Tokens, j: int, end: int, d: Draft, sight: bool) -> int | None:
    """ "(it) assessed as [N] [outgoing] [mortar] rounds|impacts|an airburst ..."."""
    low = t.low
    k = j
    intros, first = c.assess_intros, c.assess_intros.first
    while k < end and low[k] in first and (a := intros.match(low, k, end)) is not None:
        k = a[1]
    if k >= end or low[k] == c.lex.as_word or low[k] not in c.assess.first:
        return None
    m = c.assess.match(low, k, end)
    if m is None:
        return None
    return assessed_as(c, t, m[1], end, d)


def assessed_as(c: Compiled, t: Tokens, j: int, end: int, d: Draft) -> int:
    """What follows "assessed as" (at ``j``) refines ``d``; the index after it."""
    low = t.low
    d.assessed = True
    h = j + 1 if j < end and low[j] in c.lex.articles else j
    if (head := c.heads.match(low, h, end)) is not None and head[0][0] == "muzzle_flash":
        d.kind, d.subtype = "muzzle_flash", None  # "explosions assessed as muzzle flashes"
        return head[1]
    item = item_rest(c, t, j, end, Item(d.count, d.qualifier))
    if item is None:
        return j
    it, k = item
    if it.subtype is not None:
        d.subtype = it.subtype
    add_weapons(d.weapons, it.weapons)
    if d.count is None and d.qualifier == "unstated" and it.count is not None:
        d.count, d.qualifier = it.count, it.qualifier
    if it.parts and d.kind == "explosion" and not d.items:
        for part in it.parts:  # "assessed as mortar rounds (five impacts and eight outgoing)"
            if not part.weapons:
                part.weapons = list(d.weapons)
        d.items = it.parts
    return k


def item_rest(c: Compiled, t: Tokens, j: int, end: int, it: Item) -> tuple[Item, int] | None:
    """After "as": [count] [subtype/weapon adjectives] [head] [tail] -> subtype, weapons."""
    low = t.low
    if j < end and (m := c.assess.match(low, j, end)) is not None:
        it.assessed = True
        j = m[1]
    cal = skip_calibre(c, t, j, end)  # "as 82 and 120mm mortar rounds": calibres, no count
    cnt = match_count(c, t, j, end) if cal == j else None
    if cnt is not None and cnt[0] is not None and not (it.count and low[j] in c.lex.articles):
        it.count, it.qualifier, j = cnt
    elif j < end and (
        low[j] in c.lex.articles or low[j] in c.lex.possessives or low[j] in c.lex.shared
    ):
        j += 1  # "assessed as their impacts", "consistent with both mortar and artillery"
    adj = _Adj()
    k, head = _adjectives(c, t, j, end, False, adj)
    sub = adj.subtype or (head[1] if head is not None else None)
    if adj.also and it.count is not None:
        sub = "undetermined"  # "41 explosions consistent with incoming and outgoing fire"
    if head is not None and head[0] == "fire":
        if low[k - 1] not in c.fire_nouns.first or (adj.subtype is None and not adj.weapons):
            return None
        head = None  # "assessed as (outgoing) artillery or mortar fire": what it says holds
    if sub is None and not adj.weapons and head is None:
        return None
    it.subtype, it.weapons = sub, list(adj.weapons)
    it.head = head[0] if head is not None else None
    d = Draft("explosion", sub, it.weapons, None, "exact", 0, 0)
    k = _tail(c, t, k, end, d, False)
    it.weapons = d.weapons
    it.parts = d.items
    return it, k


def _with_weapons(d: Draft, weapons: list[str]) -> Draft:
    twin = copy(d)
    twin.weapons = weapons
    return twin


__all__ = ["DIRECT_FIRE", "Draft", "fired_weapon", "match_place", "parse_np", "weapon_list"]
