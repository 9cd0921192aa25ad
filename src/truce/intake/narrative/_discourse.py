"""The observer carried from sentence to sentence (issue 16: paragraphs, not sentences).

A report places its patrol or camera once ("Positioned in Horlivka, ...", "An SMM patrol was
positioned at a checkpoint near Zolote.", "the SMM camera in Avdiivka recorded ...") and the
following sentences report what it heard without naming the place again ("The following
day, at the same position, the SMM heard ...", "the same camera recorded ..."). The
discourse keeps the last observer stated per source type and gives it to each later
sentence that states none, until another is stated. A new paragraph starts afresh, unless
the paragraph before only placed the observer (it reported nothing itself).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from truce.intake.narrative._model import Span
from truce.intake.narrative._scan import Sentence

_PARAGRAPH_RE = re.compile(r"\n[^\S\n]*\n")


@dataclass(frozen=True, slots=True)
class Observer:
    """Who observed from where, and the span of the sentence that said so."""

    source: str | None
    place: str | None
    offset: tuple[float, str] | None
    span: Span | None


NOBODY = Observer(None, None, None, None)


@dataclass(slots=True)
class Discourse:
    """The observers stated so far in a passage, by source type."""

    breaks: list[int]
    by_source: dict[str | None, Observer] = field(default_factory=dict)
    last: Observer | None = None
    source: str | None = None  # the last source type named ("The SMM ...", "It ...")
    paragraph: int = 0
    reported: bool = False  # the current paragraph produced an observation
    named: str | None = None  # the last place a sentence named, observer's or not

    @classmethod
    def of(cls, text: str) -> Discourse:
        return cls([m.start() for m in _PARAGRAPH_RE.finditer(text)])

    def enter(self, span: Span) -> None:
        """Move to the sentence at ``span``; a new paragraph after a reporting one resets."""
        paragraph = bisect_right(self.breaks, span[0])
        if paragraph != self.paragraph:
            if self.reported:
                self.by_source.clear()
                self.last = None
                self.source = None
                self.named = None
            self.paragraph = paragraph
            self.reported = False

    def observer(self, s: Sentence, span: Span, *, reports: bool, placing: bool) -> Observer:
        """The observer of sentence ``s``: the one it states, else the one carried to it.
        Only a sentence that observes or places (``placing``: a verb of observation,
        "positioned", a camera) states an observer; a place in a sentence that does neither
        ("followed up on reports of injuries in Popasna") is not where the SMM stood."""
        self.reported = self.reported or reports
        if s.source is None and s.pronoun:
            s.source = self.source or "patrol"  # "It followed up on ...", "Its access ..."
        if s.source is not None:
            self.source = s.source
        if s.place is not None:
            self.named = s.place
            own = Observer(s.source, s.place, s.offset, span)
            if not placing:
                return own
            self.by_source[s.source] = own
            self.last = own
            return own
        if s.ref_place is not None:
            self.named = s.ref_place  # "saw damage in Pikuzy. ... in the village, ..."
        carried = self.by_source.get(s.source) if s.source is not None else self.last
        if carried is None:
            # "It continued to monitor ...; some weapons were observed in violation ...": the
            # source named last observed what a sentence with none of its own reports
            return Observer(s.source or self.source, None, None, None)
        return Observer(s.source or carried.source, carried.place, carried.offset, carried.span)
