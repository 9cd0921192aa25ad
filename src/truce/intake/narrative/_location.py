"""Where: place names, distances, compass bearings and the modifiers that carry them.

Grammar (README "Distance", "Direction", "Who observed, from where"): "3-5km", "1-4.5km",
"150-200m", "at a range of 1 to 7km", "about 2km", "2-3km away"; one or a list of
16-point directions ("west-south-west, west and north-west"), "at easterly directions",
"to the north-east", "of its position", "4km north-north-east of Hnutove"; place names
with an optional control prefix ("government-controlled Avdiivka") and parenthesis.
"""

from __future__ import annotations

from dataclasses import dataclass

from truce.intake.narrative._numbers import match_number
from truce.intake.narrative._phrases import Compiled
from truce.intake.narrative._tokens import DASH, NUM, PUNCT, WORD, Tokens

_MAX_PAREN = 60  # tokens; a longer parenthesis is not a place or weapon note


@dataclass(slots=True)
class Modifier:
    """Distance, bearings and/or a reference place read after events."""

    distance: tuple[float, float] | None = None
    bearings: list[str] | None = None
    place: str | None = None
    shared: bool = False
    own_position: bool = False


def skip_paren(t: Tokens, i: int, end: int) -> int:
    """Index after the parenthesis opening at ``i`` (``i`` itself if it does not close)."""
    depth = 0
    for j in range(i, min(end, i + _MAX_PAREN)):
        if t.text[j] == "(":
            depth += 1
        elif t.text[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    return i


def _skip_control(c: Compiled, t: Tokens, i: int, end: int) -> int:
    """Skip "government-controlled", "non-government-controlled", '"DPR"-controlled'."""
    marker = c.lex.control_marker
    low = t.low
    near = low[i : min(end, i + 12)]
    if marker not in near and "(" not in near:
        return i  # neither the marker nor a parenthesis within reach (the usual case)
    j = i
    stop = min(end, i + 12)
    while j < stop:
        if low[j] == marker:
            return j + 1
        if low[j] == "(":
            # '"Donetsk People's Republic" ("DPR")-controlled': a parenthesis glued to the
            # marker belongs to the prefix; any other one ends the search
            k = skip_paren(t, j, end)
            if k > j and k + 1 < end and t.kind[k] == DASH and t.low[k + 1] == marker:
                return k + 2
            break
        if t.low[j] in (",", ")") or t.kind[j] == NUM:
            break  # "at an 'LPR'-checkpoint 1.5km south-west of 'LPR'-controlled X"
        if j > i and (t.low[j] in c.lex.list_joiners or t.low[j] in c.lex.place_preps):
            break  # "near Zaichenko and at ... near non-government-controlled X": not its prefix
        j += 1
    return i


#: "the observation post": the site named before (:data:`SAME_PLACE`).
_SAME_SITES = frozenset({("observation", "post"), ("observation", "point")})
#: Sites the reports name by the settlement of their parenthesis ("the central railway
#: station (8km north-west of Donetsk)", "the destroyed airport (9km north-west of Donetsk)").
_SITES_BY_REFERENCE = (("central", "railway", "station"), ("railway", "station"), ("airport",))
_SITE_FIRSTS = frozenset(site[0] for site in _SITES_BY_REFERENCE)
_SITE_FILLERS = frozenset({"destroyed", "former", "old", "new"})
_SITE_STARTS = _SITE_FIRSTS | _SITE_FILLERS


def _site_of(c: Compiled, t: Tokens, j: int, end: int) -> tuple[str, int] | None:
    """A lowercase site followed by "(... of X)": X, and the index after the parenthesis."""
    low = t.low
    if j >= end or t.cap[j]:
        return None
    if low[j] in _SITE_FILLERS:
        j += 1  # "the destroyed airport"
    if j >= end or low[j] not in _SITE_FIRSTS:
        return None
    for site in _SITES_BY_REFERENCE:
        k = j + len(site)
        if k < end and tuple(low[j:k]) == site and low[k] == "(" and not t.cap[j]:
            close = skip_paren(t, k, end)
            for x in range(k + 1, close - 2):
                if low[x] == c.lex.of and (p := match_place(c, t, x + 1, close)) is not None:
                    return p[0], close
            return None
    return None


#: "the village", "the town": the place named before (:data:`SAME_PLACE`).
_SETTLEMENT_NOUNS = frozenset({"village", "town", "city", "settlement"})
#: What may follow "the village" when it refers back ("south-west of the village between").
_AFTER_SAME_PLACE = frozenset(
    {"between", "on", "at", "and", "during", "in", "from", "where", "while", "when", "for"}
)
_CENTRE = frozenset({"centre", "center"})
#: "the X district of Donetsk city": a part of the settlement named after "of"
_QUARTERS = frozenset({"district", "area", "microdistrict", "quarter", "neighbourhood"})
#: Quarter words that are part of the name of a district named without its city.
_NAMED_QUARTERS = frozenset({"district", "microdistrict"})
#: Stands for "the village"/"the town" until the discourse resolves it to the place named
#: before (``_assemble``); never in the output.
SAME_PLACE = "\x00same place"


def match_place(c: Compiled, t: Tokens, i: int, end: int) -> tuple[str, int] | None:
    """A place name at ``i`` ("Stanytsia Luhanska", "the Donetsk Filtration Station",
    "government-controlled Zolote-5/Mykhailivka"), and the index after it and its
    parenthesis. "the town of Avdiivka" is Avdiivka; "the village" alone is
    :data:`SAME_PLACE`."""
    if i + 1 < end and t.low[i] == "the" and t.low[i + 1] in _SETTLEMENT_NOUNS:
        if i + 3 < end and t.low[i + 2] == "of":
            return match_place(c, t, i + 3, end)
        k = i + 2
        if k < end and t.low[k] in _CENTRE:
            k += 1  # "7km north-west of the city centre"
        if k >= end or t.kind[k] != WORD or t.low[k] in _AFTER_SAME_PLACE:
            return SAME_PLACE, k
        return None
    if (
        i + 2 < end
        and t.low[i] == "the"
        and tuple(t.low[i + 1 : i + 3]) in _SAME_SITES
        and (i + 3 >= end or t.low[i + 3] in _AFTER_SAME_PLACE or t.kind[i + 3] != WORD)
    ):
        return SAME_PLACE, i + 3  # "whilst at the observation post": the one named before
    j = i
    if j < end and t.low[j] in c.lex.articles:
        j += 1
    j = _skip_control(c, t, j, end)
    if j < end and t.low[j] in _SITE_STARTS and (ref := _site_of(c, t, j, end)) is not None:
        return ref  # "the DPR-controlled central railway station (8km north-west of Donetsk)"
    if j < end and not t.cap[j] and t.low[j] in c.compass_adj.first:
        side = c.compass_adj.match(t.low, j, end)  # "eastern Horlivka": a part of Horlivka
        if side is not None and side[1] < end and t.cap[side[1]]:
            j = side[1]
    if j >= end or t.kind[j] != WORD or not t.cap[j] or t.text[j] in c.lex.not_places:
        return None
    if len(t.text[j]) == 1 and j + 1 < end and not t.gap[j + 1] and t.kind[j + 1] == NUM:
        return None  # a road code ("T-0504", "H-15"), not a settlement
    first = j
    j += 1
    while j < end:
        k = t.kind[j]
        if not t.gap[j] and (k in (WORD, NUM) or t.text[j] in "/'"):
            j += 1
        elif k == WORD and t.cap[j] and t.text[j] not in c.lex.not_places:
            j += 1
        elif t.text[j] == "/" and j + 1 < end and t.cap[j + 1]:
            j += 1
        else:
            break
    if t.low[j - 1] in c.lex.street_words:
        return None  # "Shkilna Street" is not a settlement
    if (
        j < end
        and t.low[j] in c.lex.facility_words
        and (
            t.low[i] in c.lex.articles
            or j + 1 >= end
            or t.kind[j + 1] != WORD
            or t.low[j + 1] in c.lex.place_preps
        )
    ):
        j += 1  # "the Oktiabr mine", "Oktiabr mine (9km ...)", "at Oktiabr mine near X"
    if j + 2 < end and t.low[j] in _QUARTERS and t.low[j + 1] == c.lex.of:
        whole = match_place(c, t, j + 2, end)
        if whole is not None and whole[0] != SAME_PLACE:
            return whole  # "the Budonivskyi district of Donetsk city" is Donetsk
    if j < end and t.low[j] in _NAMED_QUARTERS and t.low[first] not in c.lex.articles:
        j += 1  # a district named on its own ("in Budonivskyi district (5km ...)") is its name
    last = j
    if t.low[last - 1] in c.station_ends:  # "the Donetsk Central Railway Station": Donetsk
        for n in c.lex.station_tails:
            if last - len(n) > first and tuple(t.low[last - len(n) : last]) == n:
                last -= len(n)
                break
    name = t.source[t.start[first] : t.end[last - 1]]
    if name in c.lex.place_aliases:
        name = c.lex.place_aliases[name]  # "the DFS": the Donetsk Filtration Station
    if j < end and t.text[j] == "(":
        j = skip_paren(t, j, end)
    return name, j


def match_distance(
    c: Compiled, t: Tokens, i: int, end: int, *, chain: bool = True
) -> tuple[tuple[float, float], int] | None:
    """``3-5km``, ``about 2km``, ``at a range of 1 to 7km``, ``150-200m`` -> (min, max) km;
    two ranges of one unit, "4-6 and 7-10km", are the span of both (4-10km)."""
    j = i
    for _ in range(2):  # "at a distance of" + "approximately"
        if j >= end or t.low[j] not in c.distance_intros.first:
            break
        intro = c.distance_intros.match(t.low, j, end)
        if intro is None:
            break
        j = intro[1]
    first = match_number(c, t, j, end)
    if first is None:
        return None
    lo, j = first
    hi = lo
    unit_lo: float | None = None
    if (
        j + 2 < end
        and t.low[j] in c.lex.units
        and (t.kind[j + 1] == DASH or t.low[j + 1] in c.lex.range_to)
        and t.kind[j + 2] == NUM
    ):
        unit_lo = c.lex.units[t.low[j]]  # "3km-5km"
        j += 1
    if j + 1 < end and (t.kind[j] == DASH or t.low[j] in c.lex.range_to):
        second = match_number(c, t, j + 1, end)
        if second is not None:
            hi, j = second
    if j >= end or t.low[j] not in c.lex.units:
        if chain and unit_lo is None and j + 1 < end and t.low[j] in c.lex.list_joiners:
            more = match_distance(c, t, j + 1, end, chain=False)  # "4-6 and 7-10km"
            if more is not None:
                per = next(c.lex.units[w] for w in t.low[j + 1 : more[1]] if w in c.lex.units)
                (lo2, hi2), k = more
                return (min(_km(lo * per), lo2), max(_km(hi * per), hi2)), k
        return None
    unit = c.lex.units[t.low[j]]
    j += 1
    if j < end and t.low[j] in c.lex.away:
        j += 1
    lo_km = _km(lo * (unit_lo if unit_lo is not None else unit))
    return (lo_km, _km(hi * unit)), j


def _km(value: float) -> float:
    return round(value, 4)


def _compass(c: Compiled, t: Tokens, i: int, end: int) -> tuple[str, int] | None:
    if i >= end or t.low[i] not in c.compass.first:
        return None
    m = c.compass.match(t.low, i, end)
    if m is None:
        return None
    # "North Donetsk" or a place in capitals is not a direction
    if t.cap[i] and i > 0 and t.low[i - 1] not in c.lex.direction_preps:
        return None
    return m


_POINTS = "N NNE NE ENE E ESE SE SSE S SSW SW WSW W WNW NW NNW".split()


def _apart(a: str, b: str) -> float:
    """Degrees between two 16-point directions (0-180)."""
    if a not in _POINTS or b not in _POINTS:
        return 180.0
    d = abs(_POINTS.index(a) - _POINTS.index(b)) * 22.5
    return min(d, 360 - d)


def match_bearings(c: Compiled, t: Tokens, i: int, end: int) -> tuple[list[str], int] | None:
    """A list of 16-point directions, in the order written."""
    low = t.low
    j = i
    if j < end and low[j] in c.lex.direction_preps:
        j += 1
        if j < end and low[j] in c.lex.articles:
            j += 1
    rng = c.direction_range
    r = j + 1 if j < end and low[j] in c.lex.direction_nouns else j
    ends: int | None = None  # where a sector's first end stands
    if tuple(low[r : r + len(rng)]) == rng:
        ends = r + len(rng)  # "at directions ranging from east to south"
    elif r > j and r < end and low[r] == c.lex.flight_from:
        ends = r + 1  # "in a sector from north-east to south-east"
    if ends is not None:
        a = _compass(c, t, ends, end)
        if a is not None and a[1] < end and low[a[1]] == c.lex.flight_to:
            b = _compass(c, t, a[1] + 1, end)
            if b is not None:
                return [a[0], b[0]], b[1]
    table = c.compass
    adjective = (
        j < end and low[j] in c.compass_adj.first and c.compass_adj.match(low, j, end) is not None
    )
    if adjective:
        table = c.compass_adj
    out: list[str] = []
    while True:
        m = table.match(low, j, end) if adjective else _compass(c, t, j, end)
        if m is None:
            break
        out.append(m[0])
        j = m[1]
        k = j
        if k < end and low[k] in (",", "/"):
            k += 1
        if k < end and low[k] in c.lex.list_joiners:
            k += 1
        elif (
            k < end
            and low[k] == c.lex.flight_to
            and (nxt := _compass(c, t, k + 1, end)) is not None
            and _apart(m[0], nxt[0]) < 180
        ):
            k += 1  # a sector, "5-10km north to north-east": its two ends ("west to east",
            # two opposite points, is a line of fire, not a sector)
        if k == j or (table.match(low, k, end) if adjective else _compass(c, t, k, end)) is None:
            break
        j = k
    if not out:
        return None
    if j < end and low[j] in c.lex.direction_nouns:
        j += 1
    elif adjective:
        return None  # "easterly" needs "direction(s)"
    return out, j


def line_of_fire(c: Compiled, t: Tokens, i: int, end: int) -> int | None:
    """ "tracer fire west to east": two opposite points with no "from" are the line of the
    fire, not where it was; the index after them (None if none stands at ``i``)."""
    a = _compass(c, t, i, end)
    if a is None or a[1] + 1 >= end or t.low[a[1]] != c.lex.flight_to:
        return None
    b = _compass(c, t, a[1] + 1, end)
    if b is None or _apart(a[0], b[0]) != 180:
        return None
    return b[1]


def match_modifier(
    c: Compiled, t: Tokens, i: int, end: int, *, chain: bool = True
) -> tuple[Modifier, int] | None:
    """Distance and/or bearings (in any order, commas allowed between), an optional leading
    "all" (shared by every event before it) and a trailing "of its position" / "of X"."""
    low = t.low
    if (t.kind[i] == NUM or low[i] in c.lex.numbers) and not _unit_follows(c, t, i + 1, end):
        return None  # a count ("14 explosions"), not a distance: no modifier starts here
    mod = Modifier()
    j = i
    if low[j] in c.lex.shared:
        mod.shared = True
        j += 1
    found = False
    while j < end:
        if mod.distance is None and (d := match_distance(c, t, j, end)) is not None:
            mod.distance, j = d
        elif mod.bearings is None and (b := match_bearings(c, t, j, end)) is not None:
            mod.bearings, j = b
        elif found and low[j] in c.lex.place_links and (k := _match_of(c, t, j + 1, end, mod)):
            j = k
            break
        elif (
            found
            and mod.bearings is None
            and low[j] in c.lex.place_links
            and j + 1 < end
            and low[j + 1] in c.lex.articles
        ):
            return None  # "about 10m from a house": a distance between two things seen
        elif found and low[j] in (",",) and j + 1 < end and _starts_part(c, t, j + 1, end, mod):
            j += 1
            continue
        else:
            break
        found = True
    if not found:
        return None
    size = j + 1 if j + 1 < end and low[j] == "in" else j  # "2m in diameter"
    if mod.bearings is None and size < end and low[size] in c.lex.size_words:
        return None  # "a crater of 12m diameter and 4m deep": a size, not a distance
    return mod, (_more_ranges(c, t, j, end, mod) if chain else j)


def _more_ranges(c: Compiled, t: Tokens, j: int, end: int, mod: Modifier) -> int:
    """ "3-5km north-north-east and 6-12km north-east": one clause for the same events, its
    distances spanned and its directions listed (4 at most, so the scan stays linear)."""
    low = t.low
    for _ in range(4):
        if mod.distance is None or mod.place is not None or mod.own_position:
            break  # "1.5km south-west of X and 1km south-east of Y": two places apart
        if j + 1 >= end or low[j] not in c.lex.list_joiners:
            break
        if match_distance(c, t, j + 1, end) is None:
            break
        nxt = match_modifier(c, t, j + 1, end, chain=False)
        if nxt is None or nxt[0].shared or nxt[0].distance is None:
            break
        more, j = nxt
        assert more.distance is not None
        lo, hi = mod.distance
        mod.distance = (min(lo, more.distance[0]), max(hi, more.distance[1]))
        if more.bearings:
            mine = mod.bearings or []
            mod.bearings = mine + [b for b in more.bearings if b not in mine]
        mod.place = mod.place or more.place
        mod.own_position = mod.own_position or more.own_position
    return j


def _unit_follows(c: Compiled, t: Tokens, j: int, end: int) -> bool:
    """After a number: a unit, or a range ("-", "to") that a unit may close ("3-5km")."""
    if j >= end:
        return False
    w = t.low[j]
    lex = c.lex
    return w in lex.units or t.kind[j] == DASH or w in lex.range_to or w in lex.scales


def _starts_part(c: Compiled, t: Tokens, j: int, end: int, mod: Modifier) -> bool:
    if mod.distance is None and match_distance(c, t, j, end) is not None:
        return True
    return mod.bearings is None and match_bearings(c, t, j, end) is not None


def _match_of(c: Compiled, t: Tokens, j: int, end: int, mod: Modifier) -> int | None:
    own = c.own_position.match(t.low, j, end)
    if own is not None:
        mod.own_position = True
        return own[1]
    place = match_place(c, t, j, end)
    if place is not None:
        mod.place = place[0]
        return place[1]
    return None


def is_word(t: Tokens, i: int) -> bool:
    return t.kind[i] == WORD


def is_punct(t: Tokens, i: int, ch: str) -> bool:
    return t.kind[i] == PUNCT and t.text[i] == ch


__all__ = ["NUM", "Modifier", "match_bearings", "match_distance", "match_modifier"]
