"""Breakdowns of a total into parts: "42 explosions, including 30 assessed as impacts and
the remaining as outgoing", "26 mortar rounds – three incoming, four outgoing and 19
undetermined –", and counts after an assessed event ("23 explosions assessed as outgoing
mortar rounds, nine as ...") that are further events (docs/narratives.md, labelling
conventions)."""

from __future__ import annotations

from truce.intake.narrative import _events
from truce.intake.narrative._draft import Draft, Item
from truce.intake.narrative._location import skip_paren
from truce.intake.narrative._numbers import match_count
from truce.intake.narrative._phrases import Compiled
from truce.intake.narrative._tokens import DASH, NUM, Tokens


def breakdown(c: Compiled, t: Tokens, j: int, end: int, d: Draft) -> tuple[list[Draft], int] | None:
    """ "[,] including nine assessed as impacts and two as outgoing rounds[, the remaining
    as ...]" -> one draft per part, the rest of the total undetermined."""
    low = t.low
    dash = j < end and t.kind[j] == DASH and t.gap[j]  # "26 rounds – three incoming, ... –"
    k = j + 1 if j < end and (low[j] in (",", ":") or dash) else j
    if k < end and low[k] == c.lex.half and d.count and (half := _half(c, t, k + 1, end, d)):
        return split(d, [half[0]]), half[1]
    intro = c.breakdown.match(low, k, end)
    if intro is not None:
        k = intro[1]
    found, k = items(
        c, t, k, end, need_assessed=intro is None and not dash, loose=intro is not None
    )
    if not found:
        return None
    if dash and k < end and t.kind[k] == DASH:
        k += 1
    if intro is None and not dash and d.assessed:
        # "23 explosions assessed as outgoing mortar rounds, nine as outgoing SPG rounds":
        # the events were assessed already, so the counts after are further events
        return [d, *(_part(it, d) for it in found if not it.remainder)], k
    return split(d, found), k


def _sub(d: Draft, sub: str | None) -> str | None:
    """A part's subtype: explosions only have one."""
    return (sub or "undetermined") if d.kind == "explosion" else None


def _half(c: Compiled, t: Tokens, k: int, end: int, d: Draft) -> tuple[Item, int] | None:
    """After "half": "of which (it) assessed as caused by mortar" -> half the total, so
    assessed (the other half stays undetermined)."""
    low = t.low
    glue = c.breakdown_glue.match(low, k, end)
    if glue is None or d.count is None:
        return None
    k = glue[1]
    while k < end and (a := c.assess_intros.match(low, k, end)) is not None:
        k = a[1]  # "it", "were"
    return _events.item_rest(c, t, k, end, Item(d.count // 2, d.qualifier))


def _part(it: Item, d: Draft) -> Draft:
    sub = _sub(d, it.subtype)
    return Draft(d.kind, sub, list(it.weapons), it.count, it.qualifier, d.start, d.end)


def items(
    c: Compiled, t: Tokens, k: int, end: int, *, need_assessed: bool, loose: bool = False
) -> tuple[list[Item], int]:
    """A list of breakdown parts separated by "," / "and"."""
    low = t.low
    items: list[Item] = []
    while k < end:
        got = _item(c, t, k, end, loose=loose)
        if got is None or (need_assessed and not got[0].assessed):
            break
        if items and not _bare(items[-1]) and _bare(got[0]) and not _followed(c, t, got[1], end):
            break  # "..., and 31 projectiles in flight": a last part with only a head is new
        items.append(got[0])
        k = got[1]
        for _ in range(4):  # words the part's tail left unread: "(BMP-1) gun (73mm) fire,"
            if k >= end or low[k] == "," or low[k] in c.lex.list_joiners or t.kind[k] == NUM:
                break
            k = max(skip_paren(t, k, end), k + 1) if low[k] == "(" else k + 1
        if k >= end or not (low[k] == "," or low[k] in c.lex.list_joiners):
            k = got[1]
        nxt = k + 1 if k < end and low[k] == "," else k
        if nxt < end and low[nxt] in c.lex.list_joiners:
            nxt += 1
        if nxt == k or _item(c, t, nxt, end, loose=loose) is None:
            break
        k = nxt
    return items, k


#: Heads a part of a breakdown of explosions may have with no subtype or weapon of its own
#: ("47 explosions, including 32 impacts, two rocket-assisted projectiles and ...").
_PART_HEADS = frozenset({"explosion", "projectile"})


def _bare(it: Item) -> bool:
    return it.subtype is None and not it.weapons


def _followed(c: Compiled, t: Tokens, k: int, end: int) -> bool:
    """True when another breakdown part starts after the part ending at ``k``."""
    nxt = k + 1 if k < end and t.low[k] == "," else k
    if nxt < end and t.low[nxt] in c.lex.list_joiners:
        nxt += 1
    return nxt > k and _item(c, t, nxt, end, loose=True) is not None


def _item(
    c: Compiled, t: Tokens, k: int, end: int, *, loose: bool = False
) -> tuple[Item, int] | None:
    low = t.low
    rem = c.remainder.match(low, k, end)
    if rem is not None:
        it = Item(None, "exact", remainder=True)
        k = rem[1]
    else:
        cnt = match_count(c, t, k, end)
        if cnt is None or cnt[0] is None:
            return None
        it = Item(cnt[0], cnt[1])
        k = cnt[2]
    while k < end and (g := c.breakdown_glue.match(low, k, end)) is not None:
        k = g[1]
    got = _events.item_rest(c, t, k, end, it)
    if got is None or (got[0].subtype is None and not got[0].weapons):
        if got is not None and loose and got[0].head in _PART_HEADS:
            return got  # a part after "including" may name only its head
        return None  # "30 assessed as anti-aircraft cannon rounds": the weapon is enough
    return got


def split(d: Draft, items: list[Item]) -> list[Draft]:
    known = sum(it.count or 0 for it in items if not it.remainder)
    out: list[Draft] = []
    rest = None if d.count is None else d.count - known
    for it in items:
        count, qual = it.count, it.qualifier
        if it.remainder:
            count, qual = (rest if rest and rest > 0 else None), d.qualifier
            rest = 0
        # a part with no subtype of its own has the total's ("eight explosions assessed as
        # outgoing rounds (two as artillery and six as mortar rounds)": outgoing each)
        sub = _sub(d, it.subtype or d.subtype)
        out.append(Draft(d.kind, sub, it.weapons or list(d.weapons), count, qual, d.start, d.end))
    if rest is not None and rest > 0:
        out.append(
            Draft(
                d.kind,
                _sub(d, d.subtype),
                list(d.weapons),
                rest,
                d.qualifier,
                d.start,
                d.end,
            )
        )
    elif rest is not None and rest < 0:
        out[0].notes.append(f"breakdown adds up to {known}, more than the total {d.count}")
    return out


__all__ = ["breakdown", "items", "split"]
