"""Restrictions of movement and casualties: sentence-level readings.

"Armed men denied the SMM passage at a checkpoint near Verkhnoshyrokivske" -> one
``restriction`` (count = occasions, "on three occasions" -> 3); "A woman was injured by
small-arms fire in Novoluhanske" -> ``casualty`` (count = persons).
"""

from __future__ import annotations

from truce.intake.narrative._events import Draft, weapon_list
from truce.intake.narrative._location import match_place
from truce.intake.narrative._numbers import match_count
from truce.intake.narrative._phrases import Compiled
from truce.intake.narrative._tokens import NUM, Tokens

_WINDOW = 8  # tokens between a person and the verb that harmed them


def _place_after(c: Compiled, t: Tokens, i: int, end: int) -> str | None:
    for j in range(i, end - 1):
        if t.low[j] in c.lex.place_preps and t.low[j] != c.lex.of:
            p = match_place(c, t, j + 1, end)
            if p is not None:
                return p[0]
    return None


def restriction(c: Compiled, t: Tokens, a: int, b: int) -> Draft | None:
    """One restriction of movement if the sentence states one."""
    low = t.low
    for i in range(a, b):
        m = c.restriction.match(low, i, b)
        if m is None:
            continue
        d = Draft("restriction", None, [], 1, "exact", t.start[a], t.end[b - 1])
        for j in range(a, b - 1):
            if low[j + 1] in c.lex.occasions:
                cnt = match_count(c, t, j, j + 1)
                if cnt is not None and cnt[0] is not None:
                    d.count = cnt[0]
        d.place = _place_after(c, t, a, b)
        return d
    return None


def casualties(c: Compiled, t: Tokens, a: int, b: int) -> list[Draft]:
    """Persons killed or injured: [count] [adjectives] PERSON ... harm verb."""
    low = t.low
    lex = c.lex
    out: list[Draft] = []
    i = a
    while i < b:
        w = low[i]
        if w not in lex.persons or not any(
            low[k] in lex.harm_verbs for k in range(i + 1, min(b, i + _WINDOW))
        ):
            i += 1
            continue
        start = i
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
        d.place = _place_after(c, t, i, b)
        out.append(d)
        # past this person's harm verb: "Two men were killed and a woman was injured"
        i = next(k for k in range(i + 1, b) if low[k] in lex.harm_verbs) + 1
    return out
