"""Damage phrases: "houses burned by shelling", "damage to three houses" (README kind
``damage``, count = objects), and the adjective test the event grammar shares."""

from __future__ import annotations

from truce.intake.narrative._draft import Draft, weapon_list
from truce.intake.narrative._numbers import match_count
from truce.intake.narrative._phrases import Compiled
from truce.intake.narrative._tokens import WORD, Tokens


def unknown_word(c: Compiled, t: Tokens, j: int) -> bool:
    """A lower-case word the grammar has no use for (read as an adjective before a head)."""
    w = t.low[j]
    return (
        t.kind[j] == WORD
        and not t.cap[j]
        and w not in c.step_firsts
        and w not in c.np_starts
        and w not in c.lex.list_joiners
        and w not in c.verbs.first
    )


def damaged_objects(
    c: Compiled, t: Tokens, i: int, j: int, end: int, count: int | None, qual: str
) -> tuple[list[Draft], int] | None:
    """ "houses burned by shelling", "two cars damaged by shrapnel": [count] OBJECT
    PARTICIPLE [by CAUSE] is damage; the cause names weapons or is consumed."""
    low = t.low
    if j >= end or low[j] not in c.damage_objects.first:
        return None
    obj = c.damage_objects.match(low, j, end)
    if obj is None:
        return None
    if (marked := _with_damage(c, t, obj[1], end)) is not None:
        return [Draft("damage", None, [], count, qual, t.start[i], t.end[marked - 1])], marked
    k = _past_relative(c, t, obj[1], end)
    if k >= end or low[k] not in c.lex.damaged:
        return None
    k += 1
    d = Draft("damage", None, [], count, qual, t.start[i], t.end[k - 1])
    if (intro := c.weapon_intros.match(low, k, end)) is not None:
        found = weapon_list(c, t, intro[1], end, False)
        m = intro[1] + (intro[1] < end and low[intro[1]] in c.lex.articles)
        if found is not None:
            d.weapons, k = found
        elif (cause := c.heads.match(low, m, end)) is not None:
            k = cause[1]  # "by shelling"
    return [d], k


def _with_damage(c: Compiled, t: Tokens, k: int, end: int) -> int | None:
    """After "two houses": "with shattered windows", "with a hole in the roof" (what
    marks them as damaged); the index after it, else None."""
    low = t.low
    if k + 1 >= end or low[k] not in c.lex.having:
        return None
    j = k + 1
    if low[j] in c.lex.articles or low[j] in c.lex.one_words:
        j += 1
    while j < end and unknown_word(c, t, j) and low[j] not in c.lex.damaged:
        j += 1  # "with partially collapsed roofs"
    if j + 1 < end and low[j] in c.lex.damaged:
        obj = c.damage_objects.match(low, j + 1, end)
        return obj[1] if obj is not None else None
    head = c.heads.match(low, j, end) if j < end else None
    return head[1] if head is not None and head[0][0] == "damage" else None


def _past_relative(c: Compiled, t: Tokens, k: int, end: int) -> int:
    """After "a house": past "that had been" / "which was" before its participle ("a house
    that had been hit by a shell"), else ``k``."""
    low = t.low
    if k >= end or low[k] not in c.lex.relatives:
        return k
    j = k + 1
    while j < end and j - k <= 3 and (low[j] in c.lex.auxiliaries or low[j] in c.lex.copulas):
        j += 1
    return j if j > k + 1 else k


def damage_object(c: Compiled, t: Tokens, j: int, end: int, d: Draft) -> int | None:
    """What was hit after "damage to": "three houses" gives the count; a list of counted
    objects ("a building and an inhabited house") their sum, a list with an uncounted one
    ("a school and residential buildings") no count."""
    got = _one_object(c, t, j, end)
    if got is None:
        return None
    cnt, k = got
    if cnt is not None:
        d.count, d.qualifier = cnt
    low = t.low
    for _ in range(_MAX_OBJECTS):
        nxt = k + 1 if k < end and low[k] == "," else k
        if nxt < end and low[nxt] in c.lex.list_joiners:
            nxt += 1
        more = _one_object(c, t, nxt, end) if nxt > k else None
        if more is None:
            break
        if more[0] is None or more[0][0] is None or d.count is None:
            d.count, d.qualifier = None, "unstated"  # "a school and residential buildings"
        else:
            d.count += more[0][0]
        k = more[1]
    return k


#: Objects one "damage to" may list.
_MAX_OBJECTS = 4


def _one_object(
    c: Compiled, t: Tokens, j: int, end: int
) -> tuple[tuple[int | None, str] | None, int] | None:
    """[count] [article] [adjectives] OBJECT at ``j``: its count (None when not given) and
    the index after it."""
    cnt = match_count(c, t, j, end)
    k = cnt[2] if cnt is not None else j
    if k < end and t.low[k] in c.lex.articles:
        k += 1
    while k < end and (
        t.low[k] in c.lex.fillers
        or (unknown_word(c, t, k) and c.damage_objects.match(t.low, k + 1, end) is not None)
    ):
        k += 1  # "a functioning school"
    obj = c.damage_objects.match(t.low, k, end)
    if obj is None:
        return None
    return (None if cnt is None else (cnt[0], cnt[1])), obj[1]
