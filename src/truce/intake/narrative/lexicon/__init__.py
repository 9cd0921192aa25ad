"""Per-language vocabulary of the narrative parser, as data.

The grammar (``truce.intake.narrative._grammar``) never names an English word; it reads
every word it needs from a :class:`Lexicon`. A new language is a new module here (``de.py``,
``uk.py``, ``ru.py``) defining ``LEXICON`` and one entry in :data:`LANGUAGES`. Phrases are
written as plain text; hyphens and spaces are equivalent ("heavy-machine-gun" matches
"heavy machine gun") because the tokenizer drops hyphens inside words.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from truce.errors import InvalidInput

#: Language code -> module name under this package.
LANGUAGES: Mapping[str, str] = {"en": "en"}


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every word class the grammar knows, for one language.

    Values of the event, weapon and subtype tables are wire-format strings (README schema).
    """

    lang: str
    # numbers
    numbers: Mapping[str, int]  # "one": 1 ... "ninety": 90
    scales: Mapping[str, int]  # "hundred": 100, "thousand": 1000
    number_joiners: frozenset[str]  # "and" in "one hundred and twenty"
    one_words: frozenset[str]  # "a", "an", "single"
    vague_counts: Mapping[str, tuple[int | None, str]]  # "dozens of": (24, "at_least")
    qualifiers: Mapping[str, str]  # "about": "about", "more than": "at_least"
    uncountable: frozenset[str]
    negative_counts: frozenset[str]  # "no" in "no explosions"
    # time
    months: Mapping[str, int]
    parts_of_day: Mapping[str, str]  # phrase -> morning | day | afternoon | evening | night
    time_glue: frozenset[str]  # "on", "during", "the", "of", "between", ...
    range_to: frozenset[str]  # "to", "and", "until" between two times or numbers
    range_from: frozenset[str]  # "between", "from": "and" after them makes a range
    clock_suffixes: frozenset[str]  # "hrs"
    duration_units: Mapping[str, int]  # minutes per unit
    duration_tails: frozenset[str]  # "period" in "a two-hour period"
    # space
    compass: Mapping[str, str]  # "north-north-east": "NNE"
    compass_adjectives: Mapping[str, str]  # "north-easterly": "NE"
    direction_nouns: frozenset[str]
    direction_preps: frozenset[str]  # "to", "in", "at", "from", "towards"
    direction_range: str  # "ranging from"
    articles: frozenset[str]
    possessives: frozenset[str]  # "their" in "assessed as their impacts"
    units: Mapping[str, float]  # unit -> kilometres per unit
    distance_intros: frozenset[str]  # "at a range of", "between", "about"
    away: frozenset[str]
    list_joiners: frozenset[str]  # "and", "or"
    shared: frozenset[str]  # "all"
    own_position: frozenset[str]  # "its position", "the SMM position"
    of: str
    place_links: frozenset[str]  # "of", "from" in "2km south of X", "1km from X"
    flight_from: str  # "from"
    flight_to: str  # "to"
    flight_fillers: frozenset[str]  # "mostly", "all", "flying"
    # who and where
    verbs: Mapping[str, str]  # "heard": "sound", "saw": "sight", "recorded": "record"
    passive_verbs: frozenset[str]  # "occurred", "were heard"
    negators: frozenset[str]
    camera: frozenset[str]
    uav: frozenset[str]
    patrol: frozenset[str]
    mission_names: frozenset[str]  # "SMM", "Mission": subject words
    pronouns: frozenset[str]  # "it", "the same camera": carry the previous sentence's place
    place_preps: frozenset[str]
    near_heads: frozenset[str]  # "close" in "close to X" after the verb: near X
    near_link: str  # "to"
    copulas: frozenset[str]  # "were" in "saw that the windows were shattered"
    street_words: frozenset[str]  # "Street": a name ending so is not a settlement
    facility_words: frozenset[str]  # "mine" in "the Oktiabr mine": part of the name
    control_marker: str  # "controlled" in "government-controlled"
    organisations: frozenset[str]  # named bodies that are no place ("Joint Centre for ...")
    not_places: frozenset[str]  # capitalised words that never start a place name
    region_words: frozenset[str]
    summary_heads: frozenset[str]  # "ceasefire violations"
    summary_markers: frozenset[str]  # "previous reporting period"
    # what
    event_heads: Mapping[str, tuple[str, str | None]]  # phrase -> (kind, subtype)
    subtypes: Mapping[str, str]  # adjective -> explosion subtype
    uncounted_heads: frozenset[str]  # "exchange of fire": "an" before it is no count
    projectile_adjectives: frozenset[str]  # "tracer"
    flare_adjectives: frozenset[str]  # "illumination"
    in_flight: frozenset[str]
    fillers: frozenset[str]  # adjectives that change nothing
    weapons: Mapping[str, tuple[str, str]]  # phrase -> (when firing, when seen)
    designators: Mapping[str, tuple[str, str]]  # "BMP", "2A65", "Grad": model names
    calibre_units: frozenset[str]  # "mm"
    fire_nouns: frozenset[str]  # "fire", "cannon", "rounds": a weapon word used as modifier
    munitions: frozenset[str]  # "grenades", "shells": nouns skipped in a tail
    weapon_intros: frozenset[str]  # "fired from", "caused by", "from", "by"
    assess: frozenset[str]  # "assessed as", "it assessed as"
    assess_intros: frozenset[str]  # "it", "were", "all": words before "assessed"
    what_words: frozenset[str]  # "what" in "impacts of what it assessed as mortar rounds"
    breakdown: frozenset[str]  # "including", "of which"
    breakdown_glue: frozenset[str]  # "were", "of which", "of them"
    remainder: frozenset[str]  # "the remaining", "the rest"
    clone_impacts: frozenset[str]  # "their impacts"
    as_word: str  # "as"
    # other kinds
    damage_heads: frozenset[str]  # "crater", "damage"
    damaged: frozenset[str]  # "damaged", "destroyed"
    damage_objects: frozenset[str]  # "house", "building"
    damage_link: frozenset[str]  # "to" in "damage to three houses"
    persons: Mapping[str, bool]  # noun -> plural?
    person_adjectives: frozenset[str]
    age_words: frozenset[str]  # "year", "old" in "a 45-year-old woman" (not a count)
    harm_verbs: frozenset[str]  # "injured", "killed", "died"
    restriction_triggers: frozenset[str]
    occasions: frozenset[str]  # "occasions", "times"
    #: "distance" in "at an unknown distance": ends a look-ahead for a place
    distance_nouns: frozenset[str] = frozenset()
    #: "moving" in "three tanks moving west": the direction after it is a heading
    motion_words: frozenset[str] = frozenset()
    #: "missing" in "12 howitzers were missing": weapons named in that sentence were not seen
    absent_words: frozenset[str] = frozenset()
    #: "more" in "four more", "another" in "another two": a count of the event named before
    more_words: frozenset[str] = frozenset()
    #: "a civilian casualty" -> noun -> plural? (persons harmed, told as a noun)
    casualty_nouns: Mapping[str, bool] = field(default_factory=dict)
    #: "positioned", "stationary": a sentence that places the observer without a verb of
    #: observation (read for the observer it states; issue 16)
    observer_words: frozenset[str] = frozenset()
    #: "directed at", "targeted by": fire at the Mission's own UAV ("Small-arms fire was
    #: assessed as directed at an SMM mini-UAV near X"): fire located at X, no observer
    targeting: frozenset[str] = frozenset()
    #: "beginning with": what follows details events already counted (a camera's sequence
    #: after its totals), or the content of an uncounted "exchange of fire" before it
    sequence_starts: frozenset[str] = frozenset()
    #: "followed by": the sequence goes on with events not counted before
    sequence_next: frozenset[str] = frozenset()
    #: "told the SMM", "according to": what others said, not the Mission's assessment
    hearsay: frozenset[str] = frozenset()
    #: "residents told the SMM that they had heard explosions", "according to a JCCC
    #: officer, ...", "heard about shelling": what follows in the sentence is what others
    #: said, not what the Mission observed (phrase -> True when it needs "that" after it)
    reported_speech: Mapping[str, bool] = field(default_factory=dict)
    speech_that: str = "that"
    #: "which a soldier said were caused by tanks": a speech verb straight before these
    #: needs no "that"
    speech_links: frozenset[str] = frozenset()
    #: "said he had heard ...": a speech verb straight before its clause's subject needs
    #: no "that" either
    speech_subjects: frozenset[str] = frozenset()
    #: "during" in "during the reporting period": a summary marker used as a time
    period_preps: frozenset[str] = frozenset()
    #: "fewer ceasefire violations, including ...": a comparison of totals, a summary
    comparatives: frozenset[str] = frozenset()
    #: "lost spatial control of its mini-UAV near X": a restriction of the UAV, once a place
    uav_losses: frozenset[str] = frozenset()
    #: "access" in "denied access to Kominternove": "to" names the place restricted
    access_nouns: frozenset[str] = frozenset()
    #: "proceed" in "could not proceed to X": "to" names the place restricted too
    access_verbs: frozenset[str] = frozenset()
    #: "entering" in "prevented the SMM from entering X": the place restricted follows
    entry_verbs: frozenset[str] = frozenset()
    #: "The SMM then travelled to X.": where the observer now stands (before any event)
    movement_verbs: frozenset[str] = frozenset()
    #: "The SMM visited Shyrokyne", "an SMM patrol entered Zolote": the place object of one
    #: is where the observer now stands
    arrival_verbs: frozenset[str] = frozenset()
    down: str = "down"  # "five burned down houses"
    #: "during the remainder of the reporting period": a part of a period
    period_parts: frozenset[str] = frozenset({"remainder", "rest", "end", "course", "beginning"})
    #: "among other ceasefire violations": not a summary
    others: frozenset[str] = frozenset({"other", "others"})
    among: str = "among"
    as_well_as: tuple[str, ...] = ("as", "well", "as")  # a list joiner of three words
    #: "the explosions", "these explosions": events told before, not new ones
    definite: frozenset[str] = frozenset({"the", "these", "those"})
    #: "a crater of 12m diameter", "4m deep": a size after a measure, no distance
    size_words: frozenset[str] = frozenset()
    #: "saw ten impacts on the road / in the fields": impacts seen there are damage
    impact_surfaces: frozenset[str] = frozenset()
    half: str = "half"  # "18 explosions, half of which it assessed as ..."
    #: "..., and in X it heard ...": words that start a new clause's subject
    subject_pronouns: frozenset[str] = frozenset()
    #: "this convoy consisted of ...": a verb of what the patrol saw of a convoy
    convoy_nouns: frozenset[str] = frozenset()
    patrol_source: str = "patrol"
    #: "weapons in violation of withdrawal lines and missing from storage sites": seen
    violation: str = "violation"
    #: "N explosions were assessed as ...": the passive verb that assesses its subject
    assessed: str = "assessed"
    #: "Stanytsia Luhanska bridge" in a list of places: a landmark told by its place
    landmark_tails: frozenset[str] = frozenset()
    #: "Between A and B, the SMM saw ...": the sighting's place is A
    between: str = "between"
    #: "were recorded in areas north of X": a regional share, no one site
    areas: str = "areas"
    area: str = "area"
    around: str = "around"  # "were recorded around the X area": a regional share
    #: "while" in "heard 14 explosions ... while in Popasna": the observer's place, wherever
    #: in the sentence it stands
    observer_intros: frozenset[str] = frozenset()
    #: "at checkpoints in southern Donetsk region": a site located only by its region, a
    #: restriction with no place
    restriction_sites: frozenset[str] = frozenset()
    #: "hit" in "a house hit by a shell": the munition after "by" is a cause, no event
    hit_participles: frozenset[str] = frozenset()
    #: "by", "in" after a hit participle or harm verb ("damaged in an explosion")
    cause_links: frozenset[str] = frozenset()
    #: "that had been" in "a house that had been hit by a shell": a relative clause
    #: between what was hit and its participle
    relatives: frozenset[str] = frozenset()
    auxiliaries: frozenset[str] = frozenset()
    #: "with" in "two houses with shattered windows": what marks the objects as damaged
    having: frozenset[str] = frozenset()
    #: "an anti-aircraft gun being fired": a weapon seen firing is fire, not a sighting
    firing_words: frozenset[str] = frozenset()
    #: "or" in "two or three explosions": a range of counts given in words
    count_alternatives: frozenset[str] = frozenset()
    #: "number of" in "an uncountable number of bursts"
    number_of: tuple[str, str] = ("number", "of")
    #: "an unexploded mortar round": ordnance lying, `other` with its weapons, no explosion
    unexploded: frozenset[str] = frozenset()
    #: "shrapnel impacts", "bullet impacts": marks left on what was hit (damage)
    impact_marks: frozenset[str] = frozenset()
    #: "fresh impacts" with a verb of sight only: impact sites seen (damage)
    seen_marks: frozenset[str] = frozenset()
    #: "armed men with assault rifles": weapons carried by persons are no sighting
    weapon_carriers: frozenset[str] = frozenset()
    #: "a truck with a mounted anti-aircraft gun": a weapon on a vehicle is seen, not carried
    vehicle_nouns: frozenset[str] = frozenset()
    #: "a mortar position", "firing positions": a weapon word naming a site, no weapon seen
    weapon_sites: frozenset[str] = frozenset()
    #: "disengagement area" in "the Petrivske disengagement area and near X": a noun after
    #: a place name that a list of places goes on past
    place_nouns: frozenset[str] = frozenset()
    #: "in all three disengagement areas", "at a heavy weapons holding area": where a
    #: restriction happened without a settlement's name (a restriction with no place)
    unnamed_sites: frozenset[str] = frozenset()
    #: "injuries to civilians", "the deaths of two men": harm told as a noun before the
    #: persons it names (noun -> its linking words)
    harm_nouns: frozenset[str] = frozenset()
    harm_links: frozenset[str] = frozenset()
    #: "while operating its mini-UAV", "conducting mini-UAV flights": the patrol flies the
    #: UAV; what it hears meanwhile is the patrol's, not the UAV's
    device_uses: frozenset[str] = frozenset()  # before the UAV: "operating"
    device_flights: frozenset[str] = frozenset()  # after it: "flights"
    #: "continued monitoring the disengagement areas near A, B and C": the places monitored
    #: are what the Mission watched, not where its observer stood (not after "while")
    monitoring_words: frozenset[str] = frozenset()
    #: "Central Railway Station" after a city's name in capitals: the city (the corpus
    #: convention for "Donetsk (central) railway station"), as word tuples
    station_tails: tuple[tuple[str, ...], ...] = ()
    #: "on both sides of the contact line": events located only so have no place (not the
    #: place named earlier in the sentence)
    line_sites: frozenset[str] = frozenset()
    #: a site's acronym as the reports write it -> its name ("DFS")
    place_aliases: Mapping[str, str] = field(default_factory=dict)
    #: "in sequence" before a colon that lists parts ("63 projectiles, in sequence: ...")
    in_sequence: tuple[str, ...] = ()


def get_lexicon(lang: str) -> Lexicon:
    """The lexicon of ``lang`` (ISO 639-1); raises InvalidInput listing the known ones."""
    module = LANGUAGES.get(lang)
    if module is None:
        raise InvalidInput(
            f"no narrative lexicon for language {lang!r}",
            hint=f"known languages: {', '.join(sorted(LANGUAGES))}",
        )
    lexicon: Lexicon = importlib.import_module(f"{__name__}.{module}").LEXICON
    return lexicon
