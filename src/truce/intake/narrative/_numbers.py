"""Numbers (digits and words) and counts with their qualifiers."""

from __future__ import annotations

from truce.intake.narrative._phrases import Compiled
from truce.intake.narrative._tokens import NUM, Tokens

#: (count, qualifier, index after the count phrase)
Count = tuple[int | None, str, int]


def match_number(c: Compiled, t: Tokens, i: int, end: int) -> tuple[float, int] | None:
    """A number in digits ("12", "1.5", "1,200") or words ("one hundred and twenty")."""
    if i >= end:
        return None
    if t.kind[i] == NUM:
        digits = t.text[i]
        if "," in digits and len(digits.rpartition(",")[2]) == 1:
            return float(digits.replace(",", ".")), i + 1  # a decimal comma: "1,5km"
        return float(digits.replace(",", "")), i + 1
    lex = c.lex
    low = t.low
    if low[i] not in lex.numbers and low[i] not in ("a", "an"):
        return None
    total, current, j, seen = 0, 0, i, False
    while j < end:
        w = low[j]
        if w in lex.numbers:
            v = lex.numbers[w]
            if seen and current % 100 != 0 and (v >= 10 or current % 10 != 0):
                break  # "twenty three" ok, "two three" stops
            current += v
        elif w in lex.scales and (seen or (j > i and low[j - 1] in c.lex.one_words)):
            scale = lex.scales[w]
            if scale >= 1000:
                total += max(current, 1) * scale
                current = 0
            else:
                current = max(current, 1) * scale
        elif w in lex.number_joiners and seen and j + 1 < end and low[j + 1] in lex.numbers:
            j += 1
            continue
        elif not seen and w in ("a", "an") and j + 1 < end and low[j + 1] in lex.scales:
            j += 1
            continue
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None
    return float(total + current), j


def _is_measure(c: Compiled, t: Tokens, j: int, end: int) -> bool:
    """True when the token after a number makes it a distance, calibre, time or date."""
    if j >= end:
        return False
    w = t.low[j]
    lex = c.lex
    return (
        w in lex.units
        or w in lex.calibre_units
        or w in lex.months
        or w in lex.duration_units
        or w in lex.clock_suffixes
        or w == ":"
        or w == "%"
        or (t.kind[j] == 3 and j + 1 < end and t.kind[j + 1] == NUM)
    )


def match_count(c: Compiled, t: Tokens, i: int, end: int) -> Count | None:
    """A count: "(uncountable)", "about 60", "at least 20", "nine", "an", "several".

    Returns None where no count stands (the caller then treats it as ``unstated``) and for
    numbers that measure something else ("3km", "82mm", "10:10", "5 May").
    """
    low = t.low
    if i >= end:
        return None
    if low[i] == "(" and i + 2 < end and low[i + 1] in c.lex.uncountable and low[i + 2] == ")":
        return None, "uncountable", i + 3
    if low[i] in c.lex.articles and i + 1 < end and low[i + 1] in c.lex.uncountable:
        i += 1  # "an uncountable number of bursts"
    if low[i] in c.lex.uncountable:
        k = i + 1
        if k + 1 < end and (low[k], low[k + 1]) == c.lex.number_of:
            k += 2
        return None, "uncountable", _after_uncountable(c, t, k, end)
    if low[i] in c.lex.range_from and (between := _between(c, t, i + 1, end)) is not None:
        return between  # "between 20 and 30 explosions", "from 10 to 15 shots"
    if low[i] in c.lex.more_words and i + 1 < end:
        again = match_count(c, t, i + 1, end)  # "another six explosions"
        if again is not None and again[0] is not None:
            return again
        if low[i] == "another":
            return 1, "exact", i + 1  # "another undetermined explosion"
    qual = "exact"
    j = i
    w = low[i]
    q = c.qualifiers.match(low, i, end) if w in c.qualifiers.first else None
    if q is not None:
        qual, j = q
    num = match_number(c, t, j, end)
    if num is not None and (rng := _count_range(c, t, num[1], end)) is not None:
        return int(num[0]), "at_least", rng  # "20-30 shots", "six to seven explosions"
    if num is not None and not _is_measure(c, t, num[1], end):
        value, k = num
        k2 = _after_uncountable(c, t, k, end)
        if k2 != k:
            return None, "uncountable", k2
        return int(value), qual, k
    vague = c.vague.match(low, i, end) if w in c.vague.first else None
    if vague is not None:
        (value_v, qual_v), k = vague
        k2 = _after_uncountable(c, t, k, end)
        if k2 != k:
            return None, "uncountable", k2
        return value_v, qual_v, k
    one = c.one_words.match(low, i, end) if w in c.one_words.first else None
    if one is not None:
        return 1, "exact", one[1]
    return None


def _count_range(c: Compiled, t: Tokens, k: int, end: int) -> int | None:
    """After a number: the end of "-30" / "to 30" / "-five" when the range counts things
    (not "3-5km", "6-7 September"); its lower bound is then the count, ``at_least``."""
    if k + 1 >= end:
        return None
    low = t.low
    dash = t.kind[k] == 3
    if low[k] in c.lex.count_alternatives and t.kind[k + 1] != NUM:
        second_word = match_number(c, t, k + 1, end)  # "two or three explosions"
        if second_word is None or _is_measure(c, t, second_word[1], end):
            return None
        return second_word[1]
    if not (dash or low[k] == "to"):
        if t.gap[k] or low[k] not in c.lex.numbers:
            return None  # "three-five": the joining hyphen was dropped
        k -= 1
    second = match_number(c, t, k + 1, end)
    if second is None or _is_measure(c, t, second[1], end):
        return None
    return second[1]


def _between(c: Compiled, t: Tokens, i: int, end: int) -> Count | None:
    """After "between"/"from": "20 and 30", "10 to 15" counting things (not times or
    distances: "between 08:35 and 10:13", "from 3 to 5km"); the lower bound, ``at_least``."""
    first = match_number(c, t, i, end)
    if first is None or first[1] + 1 >= end or t.low[first[1]] not in c.lex.range_to:
        return None
    second = match_number(c, t, first[1] + 1, end)
    if second is None or _is_measure(c, t, second[1], end):
        return None
    if second[1] < end and t.low[second[1]] in c.lex.clock_suffixes:
        return None
    return int(first[0]), "at_least", second[1]


def _after_uncountable(c: Compiled, t: Tokens, j: int, end: int) -> int:
    """Skip a trailing "(uncountable)" marker; callers compare indices to see it."""
    low = t.low
    if j + 2 < end and low[j] == "(" and low[j + 1] in c.lex.uncountable and low[j + 2] == ")":
        return j + 3
    return j
