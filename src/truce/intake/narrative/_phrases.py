"""Phrase tables: the lexicon compiled for fast longest-match lookup on token streams."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar

from truce.intake.narrative._tokens import tokenize
from truce.intake.narrative.lexicon import Lexicon, get_lexicon

V = TypeVar("V")


def norm(phrase: str) -> tuple[str, ...]:
    """A phrase as the tokenizer sees it (lower case, word hyphens dropped)."""
    return tuple(tokenize(phrase).low)


class PhraseTable(Generic[V]):
    """Longest-match lookup of multi-word phrases, keyed by their first token."""

    __slots__ = ("_by_first", "first")

    def __init__(self, items: Iterable[tuple[str, V]]) -> None:
        by_first: dict[str, list[tuple[tuple[str, ...], V]]] = {}
        for phrase, value in items:
            key = norm(phrase)
            if key:
                by_first.setdefault(key[0], []).append((key, value))
        for entries in by_first.values():
            entries.sort(key=lambda kv: -len(kv[0]))
        #: per first word, (length, phrase, value), longest first (lengths precomputed)
        self._by_first: dict[str, list[tuple[int, tuple[str, ...], V]]] = {
            w: [(len(key), key, value) for key, value in entries] for w, entries in by_first.items()
        }
        #: every word a phrase starts with (test membership before calling :meth:`match`)
        self.first: frozenset[str] = frozenset(by_first)

    @classmethod
    def of(cls, mapping: Mapping[str, V]) -> PhraseTable[V]:
        return cls(mapping.items())

    def starts(self, word: str) -> bool:
        return word in self._by_first

    def firsts(self) -> frozenset[str]:
        """Every word a phrase of this table starts with."""
        return frozenset(self._by_first)

    def match(self, low: list[str], i: int, end: int) -> tuple[V, int] | None:
        """The value of the longest phrase starting at token ``i`` (before ``end``), and
        the index after it; None if none starts there."""
        if i >= end:
            return None
        entries = self._by_first.get(low[i])
        if entries is None:
            return None
        for k, key, value in entries:
            if k == 1:
                return value, i + 1
            if i + k <= end and tuple(low[i : i + k]) == key:
                return value, i + k
        return None


def _set(words: Iterable[str]) -> PhraseTable[bool]:
    return PhraseTable((w, True) for w in words)


@dataclass(frozen=True, slots=True)
class Compiled:
    """A lexicon with its phrase classes compiled to tables."""

    lex: Lexicon
    qualifiers: PhraseTable[str]
    vague: PhraseTable[tuple[int | None, str]]
    one_words: PhraseTable[bool]
    parts_of_day: PhraseTable[str]
    compass: PhraseTable[str]
    compass_adj: PhraseTable[str]
    distance_intros: PhraseTable[bool]
    own_position: PhraseTable[bool]
    verbs: PhraseTable[str]
    passive: PhraseTable[bool]
    camera: PhraseTable[bool]
    uav: PhraseTable[bool]
    patrol: PhraseTable[bool]
    pronouns: PhraseTable[bool]
    summary_markers: PhraseTable[bool]
    heads: PhraseTable[tuple[str, str | None]]
    subtypes: PhraseTable[str]
    in_flight: PhraseTable[bool]
    weapons: PhraseTable[tuple[str, str]]
    designators: PhraseTable[tuple[str, str]]
    fire_nouns: PhraseTable[bool]
    weapon_intros: PhraseTable[bool]
    assess: PhraseTable[bool]
    assess_intros: PhraseTable[bool]
    breakdown: PhraseTable[bool]
    breakdown_glue: PhraseTable[bool]
    remainder: PhraseTable[bool]
    clone_impacts: PhraseTable[bool]
    damage_heads: PhraseTable[bool]
    damage_objects: PhraseTable[bool]
    restriction: PhraseTable[bool]
    flight_fillers: PhraseTable[bool]
    organisations: PhraseTable[bool]
    targeting: PhraseTable[bool]
    place_nouns: PhraseTable[bool]
    unnamed_sites: PhraseTable[bool]
    line_sites: PhraseTable[bool]
    station_ends: frozenset[str]  # last words of the lexicon's station tails
    sequence: PhraseTable[bool]  # True: "beginning with"; False: "followed by"
    speech: PhraseTable[bool]  # "told", "according to": reported speech follows
    uav_losses: PhraseTable[bool]  # "lost spatial control": a restriction of the UAV
    firing: PhraseTable[bool]  # "being fired": the weapon seen is firing
    #: every word the sentence scan tests before the constituents ("[", "where", "told",
    #: "including", "travelled"): one set test per token
    clause_marks: frozenset[str]
    direction_range: tuple[str, ...]
    trigger_words: frozenset[str]
    modifier_starts: frozenset[str]  # words a distance/direction clause can start with
    np_starts: frozenset[str]  # words an event phrase can start with
    step_firsts: frozenset[str]  # words any sentence constituent but an event starts with
    uncounted_heads: tuple[tuple[str, ...], ...]
    weapon_firsts: frozenset[str]  # words a weapon or designator phrase starts with
    device_firsts: frozenset[str]  # words a camera or UAV phrase starts with
    live_words: frozenset[str]  # every word some sentence constituent starts with


@cache
def compiled(lang: str) -> Compiled:
    """The compiled lexicon of ``lang`` (cached; raises InvalidInput for unknown languages)."""
    lex = get_lexicon(lang)
    verbs = PhraseTable.of(lex.verbs)
    restriction = _set(lex.restriction_triggers)
    triggers = {norm(p)[0] for p in lex.verbs} | {norm(p)[0] for p in lex.passive_verbs}
    triggers |= {norm(p)[0] for p in lex.restriction_triggers} | set(lex.harm_verbs)
    triggers |= set(lex.casualty_nouns) | set(lex.observer_words) | set(lex.harm_nouns)
    triggers |= {norm(p)[0] for p in lex.targeting} | {norm(p)[0] for p in lex.assess if " " in p}
    numberish = set(lex.numbers) | set(lex.scales) | {"a", "an"}
    qualifiers = PhraseTable.of(lex.qualifiers)
    compass = PhraseTable.of(lex.compass)
    compass_adj = PhraseTable.of(lex.compass_adjectives)
    distance_intros = _set(lex.distance_intros)
    modifier_starts = (
        numberish
        | set(lex.shared)
        | set(lex.direction_preps)
        | compass.firsts()
        | compass_adj.firsts()
        | distance_intros.firsts()
    )
    tables: list[PhraseTable[Any]] = [
        qualifiers,
        PhraseTable.of(lex.vague_counts),
        PhraseTable.of(lex.event_heads),
        PhraseTable.of(lex.subtypes),
        PhraseTable.of(lex.weapons),
        PhraseTable.of(lex.designators),
        _set(lex.clone_impacts),
    ]
    np_starts = numberish | set(lex.one_words) | set(lex.negative_counts) | set(lex.uncountable)
    np_starts |= set(lex.fillers) | set(lex.projectile_adjectives) | set(lex.flare_adjectives)
    np_starts |= {"("} | {norm(p)[0] for p in lex.damage_objects} | {"another"}
    np_starts |= set(lex.range_from)  # "between 20 and 30 explosions"
    np_starts |= set(lex.damaged)  # "shattered windows", "burnt houses"
    for table in tables:
        np_starts |= table.firsts()
    step_firsts = set(lex.time_glue) | modifier_starts | set(lex.mission_names)
    step_firsts |= set(lex.region_words) | set(lex.place_preps) | set(lex.motion_words)
    step_firsts |= set(lex.near_heads)
    for table2 in (
        verbs,
        _set(lex.passive_verbs),
        _set(lex.camera),
        _set(lex.uav),
        _set(lex.patrol),
        _set(lex.pronouns),
        _set(lex.summary_markers),
        _set(lex.own_position),
        PhraseTable.of(lex.parts_of_day),
        _set(lex.weapon_intros),
        _set(lex.assess),
        _set(lex.sequence_starts | lex.sequence_next),
    ):
        step_firsts |= table2.firsts()
    weapons = PhraseTable.of(lex.weapons)
    designators = PhraseTable.of(lex.designators)
    live = step_firsts | np_starts | set(lex.list_joiners) | {","}
    live |= PhraseTable.of(lex.parts_of_day).first
    return Compiled(
        lex=lex,
        live_words=frozenset(live),
        weapon_firsts=weapons.first | designators.first,
        device_firsts=_set(lex.camera).first | _set(lex.uav).first,
        step_firsts=frozenset(step_firsts),
        uncounted_heads=tuple(norm(h) for h in lex.uncounted_heads),
        modifier_starts=frozenset(modifier_starts),
        np_starts=frozenset(np_starts),
        qualifiers=PhraseTable.of(lex.qualifiers),
        vague=PhraseTable.of(lex.vague_counts),
        one_words=_set(lex.one_words),
        parts_of_day=PhraseTable.of(lex.parts_of_day),
        compass=PhraseTable.of(lex.compass),
        compass_adj=PhraseTable.of(lex.compass_adjectives),
        distance_intros=_set(lex.distance_intros),
        own_position=_set(lex.own_position),
        verbs=verbs,
        passive=_set(lex.passive_verbs),
        camera=_set(lex.camera),
        uav=_set(lex.uav),
        patrol=_set(lex.patrol),
        pronouns=_set(lex.pronouns),
        summary_markers=_set(lex.summary_markers),
        heads=PhraseTable.of(lex.event_heads),
        subtypes=PhraseTable.of(lex.subtypes),
        in_flight=_set(lex.in_flight),
        weapons=weapons,
        designators=designators,
        fire_nouns=_set(lex.fire_nouns),
        weapon_intros=_set(lex.weapon_intros),
        assess=_set(lex.assess),
        assess_intros=_set(lex.assess_intros),
        breakdown=_set(lex.breakdown),
        breakdown_glue=_set(lex.breakdown_glue),
        remainder=_set(lex.remainder),
        clone_impacts=_set(lex.clone_impacts),
        damage_heads=_set(lex.damage_heads),
        damage_objects=_set(lex.damage_objects),
        restriction=restriction,
        flight_fillers=_set(lex.flight_fillers),
        organisations=_set(lex.organisations),
        targeting=_set(lex.targeting),
        place_nouns=_set(lex.place_nouns),
        unnamed_sites=_set(lex.unnamed_sites),
        line_sites=_set(lex.line_sites),
        station_ends=frozenset(n[-1] for n in lex.station_tails),
        sequence=PhraseTable(
            [(p, True) for p in lex.sequence_starts] + [(p, False) for p in lex.sequence_next]
        ),
        speech=PhraseTable.of(lex.reported_speech),
        uav_losses=_set(lex.uav_losses),
        firing=_set(lex.firing_words),
        clause_marks=frozenset(
            {"[", "where"}
            | PhraseTable.of(lex.reported_speech).first
            | _set(lex.breakdown).first
            | lex.movement_verbs
            | lex.arrival_verbs
        ),
        direction_range=norm(lex.direction_range),
        trigger_words=frozenset(triggers),
    )
