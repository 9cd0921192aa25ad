"""What the sentence scan keeps: the sentence read so far and the scan's state."""

from __future__ import annotations

from dataclasses import dataclass, field

from truce.intake.narrative._events import Draft
from truce.intake.narrative._location import Modifier
from truce.intake.narrative._time import TimeDraft


@dataclass(slots=True)
class Sentence:
    """What one sentence said; the facade turns it into ParsedObservations."""

    drafts: list[Draft] = field(default_factory=list)
    source: str | None = None
    place: str | None = None
    offset: tuple[float, str] | None = None
    ref_place: str | None = None
    time: TimeDraft = field(default_factory=TimeDraft)
    warnings: list[tuple[int, int, str]] = field(default_factory=list)
    pronoun: bool = False
    verb_seen: bool = False
    sense: str | None = None  # the verb's sense at the end (carried into a "; ..." clause)
    summary: bool = False
    region: bool = False
    #: a distance/direction clause with no event of its own ("The explosions occurred
    #: 5-6km south of its position."): it describes the events of the sentence before
    orphan: Modifier | None = None
    #: "Whilst in A and in B, the SMM heard ...": the observer's places after the first
    stood_more: list[str] = field(default_factory=list)
    #: index in ``drafts`` of the events of the first verb after a summary ("In Donetsk
    #: region, the SMM recorded fewer ceasefire violations, although it recorded ...")
    after_summary: int | None = None
    #: "Around 3-5km north of its position, the SMM heard ...": where the events that follow
    #: were, told before the verb
    before: Modifier | None = None


@dataclass(slots=True)
class Scan:
    s: Sentence
    sense: str | None = None
    negated: bool = False
    in_summary: bool = False
    pending: list[Draft] = field(default_factory=list)
    last_group: list[Draft] = field(default_factory=list)
    tentative: list[Draft] = field(default_factory=list)
    chain: bool = False  # the previous token joined two events ("and", ",")
    #: "saw a tank in A and, at the station in B, seven howitzers": a place named when
    #: every pending event has one already is the place of the events that follow
    upcoming: str | None = None
    own_end: int = -1  # the token after the last "of its position"
    stood_end: int = -1  # the token after the observer's place named after the verb
    #: "..., and an SMM mini-UAV spotted ...": the source of the events told after it
    clause_source: str | None = None
    subset: bool = False  # after "beginning with" totals: the events read are not new
    clause_start: int = 0  # index in ``s.drafts`` of the first event after the last verb
    regions: int = 0  # regions named after the verb's sightings so far
    #: "..., and in Zaitseve it heard two explosions": where the observer of the clause
    #: after stood (the events before keep the sentence's place)
    clause_place: str | None = None
    #: "SALW fire including heavy machine gun bursts": the fire the next uncounted fire's
    #: weapons belong to
    widen: Draft | None = None
