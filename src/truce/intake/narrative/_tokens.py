"""Tokenizer and sentence splitter of the narrative parser.

One pass of one precompiled regular expression (linear in the input). Tokens keep their
character offsets in the passage, so every observation can point back at its sentence.

Hyphens inside words ("heavy-machine-gun", "north-east", "BMP-1") are dropped, so the
lexicon can write its phrases with spaces; a hyphen between two numbers ("3-5km",
"6-7 September") is kept as a ``dash`` token because it means a range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD, NUM, PUNCT, DASH = 0, 1, 2, 3

_TOKEN_RE = re.compile(
    r"\d{1,3}(?:,\d{3})+(?![\d,])"  # 1,200
    r"|\d+(?:\.\d+)?"  # 12, 4.5
    r"|[^\W\d_]+(?:['\u2019](?!s\b)[^\W\d_]+)*"  # words, Mar'inka (but not SMM's)
    r"|\S"
)
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")
_ENDERS = frozenset(".!?;")


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


def tokenize(source: str) -> Tokens:
    """Split ``source`` into tokens, dropping hyphens that join words."""
    toks = Tokens(source, [], [], [], [], [], [], [])
    pending_dash = -1
    prev_end = -1
    for m in _TOKEN_RE.finditer(source):
        s, e = m.span()
        t = m.group()
        first = t[0]
        if first.isdigit():
            kind = NUM
        elif first.isalpha():
            kind = WORD
        elif t in _DASHES:
            kind = DASH
        else:
            kind = PUNCT
        gap = s != prev_end
        if pending_dash >= 0:
            # A hyphen glued on both sides between words (not between two numbers) joins
            # the words: drop it.
            if not gap and not (kind == NUM and toks.kind[-2] == NUM) and kind != PUNCT:
                _pop(toks)
                gap = False
            pending_dash = -1
        if kind == DASH and not gap and toks.kind and toks.kind[-1] in (WORD, NUM):
            pending_dash = len(toks.text)
        toks.text.append(t)
        toks.low.append(t.lower())
        toks.start.append(s)
        toks.end.append(e)
        toks.kind.append(kind)
        toks.cap.append(first.isupper())
        toks.gap.append(gap)
        prev_end = e
    return toks


def _pop(toks: Tokens) -> None:
    for arr in (toks.text, toks.low, toks.start, toks.end, toks.kind, toks.cap, toks.gap):
        arr.pop()


def split_sentences(toks: Tokens) -> list[tuple[int, int]]:
    """Token index ranges ``[a, b)`` of the sentences (and ``;`` clauses) of a passage.

    A full stop ends a sentence when the next token starts a new one (capital, digit,
    quote or end of text) or a blank line follows; ``;`` always ends a clause.
    """
    out: list[tuple[int, int]] = []
    n = len(toks.text)
    a = 0
    src = toks.source
    for i in range(n):
        t = toks.text[i]
        boundary = False
        if t in _ENDERS:
            if t == ";" or i + 1 == n:
                boundary = True
            else:
                nxt = toks.text[i + 1]
                boundary = toks.gap[i + 1] and (nxt[0].isupper() or nxt[0] in "\"'\u201c(")
        elif i + 1 < n and "\n\n" in src[toks.end[i] : toks.start[i + 1]]:
            boundary = True
        if boundary:
            if i + 1 > a:
                out.append((a, i + 1))
            a = i + 1
    if a < n:
        out.append((a, n))
    return out
