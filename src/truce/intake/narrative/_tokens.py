"""Tokenizer and sentence splitter of the narrative parser.

One pass of one precompiled regular expression (linear in the input). Tokens keep their
character offsets in the passage, so every observation can point back at its sentence.

Hyphens inside words ("heavy-machine-gun", "north-east", "BMP-1") are dropped, so the
lexicon can write its phrases with spaces; a hyphen between two numbers ("3-5km",
"6-7 September") is kept as a ``dash`` token because it means a range.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate, compress
from operator import itemgetter, not_, sub

WORD, NUM, PUNCT, DASH = 0, 1, 2, 3

# Whitespace runs are matched too, so token offsets are running sums of lengths; every
# per-token array is then built with C-level map/compress/accumulate (fast).
_TOKEN_RE = re.compile(
    r"\s+"
    r"|\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?"  # numbers: 1,200 12 4.5
    r"(?:,\d(?=[^\W\d_]|[-\u2013]))?"  # a decimal comma before a unit or range: 1,5km
    r"|[^\W\d_]+(?:['\u2019](?![sS]\b)[^\W\d_]+)*"  # words, Mar'inka (not SMM's)
    r"|\S"
)
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")
_ENDERS = frozenset(".!?;")
_OPENERS = frozenset("\"'\u201c(")
_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n")


@dataclass(slots=True)
class Tokens:
    """A passage as parallel arrays (faster to index than one object per token)."""

    source: str
    text: list[str]
    low: list[str]
    start: list[int]
    end: list[int]
    kind: list[int]
    cap: list[bool]
    gap: list[bool]  # whitespace (or a dropped hyphen) before the token

    def __len__(self) -> int:
        return len(self.text)


class _KindOf(dict[str, int]):
    """First character -> token kind, filled on first sight of each character."""

    def __missing__(self, ch: str) -> int:
        kind = NUM if ch.isdecimal() else WORD if ch.isalpha() else DASH if ch in _DASHES else PUNCT
        self[ch] = kind
        return kind


_KIND_OF = _KindOf()
_first = itemgetter(0)


def tokenize(source: str) -> Tokens:
    """Split ``source`` into tokens, dropping hyphens that join words."""
    pieces = _TOKEN_RE.findall(source)
    if not pieces:
        return Tokens(source, [], [], [], [], [], [], [])
    space = list(map(str.isspace, pieces))
    solid = list(map(not_, space))
    texts = list(compress(pieces, solid))
    ends = list(compress(accumulate(map(len, pieces)), solid))
    lens = list(map(len, texts))
    starts = list(map(sub, ends, lens))
    space.insert(0, True)  # "whitespace before" of each piece; text start counts as a gap
    gap = list(compress(space, solid))
    firsts = list(map(_first, texts))
    kind = list(map(_KIND_OF.__getitem__, firsts))
    cap = list(map(str.isupper, firsts))
    lows = list(map(str.lower, texts))
    drop = _joining_hyphens(kind, gap) if DASH in kind else []
    if drop:
        for i in drop:
            gap[i + 1] = False
        keep = [True] * len(texts)
        for i in drop:
            keep[i] = False
        texts = list(compress(texts, keep))
        starts = list(compress(starts, keep))
        ends = list(compress(ends, keep))
        kind = list(compress(kind, keep))
        gap = list(compress(gap, keep))
        lows = list(compress(lows, keep))
        cap = list(compress(cap, keep))
    return Tokens(source, texts, lows, starts, ends, kind, cap, gap)


def _joining_hyphens(kind: list[int], gap: list[bool]) -> list[int]:
    """Hyphens glued between two words, or a word and a number ("BMP-1"), not two numbers."""
    n = len(kind)
    return [
        i
        for i in [i for i, k in enumerate(kind) if k == DASH]
        if 0 < i < n - 1
        and not gap[i]
        and not gap[i + 1]
        and kind[i - 1] in (WORD, NUM)
        and kind[i + 1] in (WORD, NUM)
        and not (kind[i - 1] == NUM and kind[i + 1] == NUM)
    ]


def split_sentences(toks: Tokens) -> list[tuple[int, int]]:
    """Token index ranges ``[a, b)`` of the sentences (and ``;`` clauses) of a passage.

    A full stop ends a sentence when the next token starts a new one (capital, digit,
    quote or end of text) or a blank line follows; ``;`` ends a clause unless it stands
    inside a parenthesis ("(IFV; BMP-1)").
    """
    text = toks.text
    n = len(text)
    ends: set[int] = set()
    for i in [i for i, t in enumerate(text) if t in _ENDERS]:
        if text[i] == ";":
            if i + 1 == n or not _inside_paren(text, i):
                ends.add(i)
        elif i + 1 == n:
            ends.add(i)
        elif toks.gap[i + 1] and (text[i + 1][0].isupper() or text[i + 1][0] in _OPENERS):
            ends.add(i)
        elif (j := _after_markers(text, i + 1)) > i + 1 and (
            j == n or (toks.gap[j] and (text[j][0].isupper() or text[j][0] in _OPENERS))
        ):
            ends.add(j - 1)  # "... near Kreminets.* The SMM ...", "... position.[2] On ..."
    markers = [i for i, t in enumerate(text) if t == "["] if "[" in toks.source else []
    for i in markers:
        # a copy that lost the full stop before a footnote: "... a training area[1] At the
        # eastern outskirts of X, ..." (a numbered note, then a capital, ends the sentence)
        if (
            0 < i < n - 3
            and text[i - 1] not in _ENDERS
            and text[i + 1].isdecimal()
            and text[i + 2] == "]"
            and toks.gap[i + 3]
            and text[i + 3][0].isupper()
        ):
            ends.add(i + 2)
    for m in _BLANK_LINE_RE.finditer(toks.source):
        i = bisect_left(toks.start, m.start()) - 1  # last token before the blank line
        if 0 <= i < n - 1:
            ends.add(i)
    out: list[tuple[int, int]] = []
    a = 0
    for i in sorted(ends):
        if i + 1 > a:
            out.append((a, i + 1))
        a = i + 1
    if a < n:
        out.append((a, n))
    return out


def _after_markers(text: list[str], j: int) -> int:
    """Index after the footnote markers at ``j`` ("*", "[1]"), ``j`` if there are none."""
    n = len(text)
    while j < n:
        if text[j] == "*":
            j += 1
        elif text[j] == "[" and j + 2 < n and text[j + 1].isdecimal() and text[j + 2] == "]":
            j += 3
        else:
            break
    return j


def _inside_paren(text: list[str], i: int, window: int = 20) -> bool:
    """True when an unclosed "(" stands within ``window`` tokens before ``i``."""
    depth = 0
    for j in range(i - 1, max(-1, i - window - 1), -1):
        w = text[j]
        if w == ")":
            depth += 1
        elif w == "(":
            if depth == 0:
                return True
            depth -= 1
        elif w in _ENDERS:
            return False
    return False
