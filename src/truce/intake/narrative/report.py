"""A whole report body: paragraphs, headings and footnote markers (issue 16).

A report pasted from the Mission's site has one paragraph per line (or paragraphs separated
by blank lines), headings on lines of their own ("Ceasefire violations", "Weapons in
violation of withdrawal lines") and footnote markers ("[1]", "*"). :func:`read_report` finds
the paragraphs and headings, parses the body as one discourse (an observer placed in one
paragraph carries to the next only when that paragraph reported nothing itself) and returns
the observations and warnings grouped by paragraph, with character spans into the text as
given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from truce.intake.narrative._assemble import assemble
from truce.intake.narrative._model import ParsedObservation, ParseResult, ParseWarning, Span

#: Longest heading, in words; a heading ends without a full stop.
_HEADING_WORDS = 12
_BLANK_RE = re.compile(r"\n[^\S\n]*\n")
_LINE_RE = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of a report: its span, the heading it stands under, what it said."""

    number: int
    span: Span
    heading: str | None
    observations: tuple[ParsedObservation, ...]
    warnings: tuple[ParseWarning, ...]


@dataclass(frozen=True, slots=True)
class ReportParse:
    paragraphs: tuple[Paragraph, ...]
    headings: tuple[str, ...]
    result: ParseResult  # the observations and warnings of the whole body, spans in ``text``


def _blocks(text: str) -> list[Span]:
    """Paragraph spans: blank-line separated blocks, or one paragraph per line."""
    if _BLANK_RE.search(text):
        out: list[Span] = []
        start = 0
        for m in _BLANK_RE.finditer(text):
            out.append((start, m.start()))
            start = m.end()
        out.append((start, len(text)))
    else:
        out = [(m.start(), m.end()) for m in _LINE_RE.finditer(text)]
    return [(a, b) for a, b in (_trim(text, s) for s in out) if a < b]


def _trim(text: str, span: Span) -> Span:
    a, b = span
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _is_heading(line: str, *, lang: str = "en") -> bool:
    """A short line without a full stop or digits that reports nothing itself (a line
    "The SMM heard explosions" that lacks its full stop is a sentence, not a heading)."""
    if not (
        "\n" not in line
        and len(line.split()) <= _HEADING_WORDS
        and line.rstrip()[-1:] not in ".;:!?*]"
        and not any(ch.isdigit() for ch in line)
    ):
        return False
    said = assemble(line, lang=lang)
    return not said.observations and not said.warnings


def has_headings(text: str, *, lang: str = "en") -> bool:
    """Whether ``text`` is a report body with headings on lines of their own."""
    if "\n" not in text:
        return False
    blocks = _blocks(text)
    return len(blocks) > 1 and any(_is_heading(text[a:b], lang=lang) for a, b in blocks)


def read_report(text: str, *, lang: str = "en") -> ReportParse:
    """Parse a report body; see the module docstring."""
    blocks = _blocks(text)
    body_parts: list[str] = []
    kept: list[tuple[Span, int, str | None]] = []  # (span in text, offset in body, heading)
    headings: list[str] = []
    heading: str | None = None
    offset = 0
    for a, b in blocks:
        piece = text[a:b]
        if _is_heading(piece, lang=lang):
            heading = piece
            headings.append(piece)
            continue
        kept.append(((a, b), offset, heading))
        body_parts.append(piece)
        offset += len(piece) + 2
    body = "\n\n".join(body_parts)
    parsed = assemble(body, lang=lang)
    starts = [off for _, off, _ in kept]

    def where(pos: int) -> int:
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def back(span: Span) -> Span:
        k = where(span[0])
        shift = kept[k][0][0] - kept[k][1]
        return span[0] + shift, span[1] + shift

    groups: list[tuple[list[ParsedObservation], list[ParseWarning]]] = [([], []) for _ in kept]
    for o in parsed.observations:
        moved = ParsedObservation(
            o.fields,
            back(o.span),
            back(o.phrase_span),
            o.sentence,
            o.time,
            observer_span=back(o.observer_span) if o.observer_span else None,
        )
        groups[where(o.span[0])][0].append(moved)
    for w in parsed.warnings:
        groups[where(w.span[0])][1].append(ParseWarning(back(w.span), w.reason, w.text))
    paragraphs = tuple(
        Paragraph(n, span, head, tuple(obs), tuple(warns))
        for n, ((span, _, head), (obs, warns)) in enumerate(zip(kept, groups, strict=True), 1)
    )
    result = ParseResult(
        tuple(o for p in paragraphs for o in p.observations),
        tuple(w for p in paragraphs for w in p.warnings),
        parsed.sentences,
    )
    return ReportParse(paragraphs, tuple(headings), result)
