"""Field-level accuracy of the parser against labelled passages (issues 6 and 16).

A labelled record is ``{"text": ..., "observations": [...]}`` in the schema of
``docs/narratives.md``. The parsed observations of a passage are aligned with the labelled
ones (greedily, pairs of the same kind with the most equal fields first, ties to the nearest
position); each aligned pair is compared on eleven fields (kind, subtype, weapons, count,
qualifier, distance, bearings, flight, place, offset, source type). A labelled observation
the parser did not produce costs all eleven fields (and counts against *recall*); a parsed
observation with no labelled partner costs all eleven too. A passage labelled and parsed
empty scores one correct field each.

Besides the overall figure, :class:`FieldScores` keeps the figure per observation kind and a
tally of the error kinds (``missing explosion``, ``wrong place``, ``extra fire`` ...).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from truce.intake.narrative._assemble import assemble

#: Reported field name -> key in the README schema.
FIELDS: Mapping[str, str] = {
    "kind": "kind",
    "subtype": "subtype",
    "weapons": "weapons",
    "count": "count",
    "qualifier": "qualifier",
    "distance": "distance_km",
    "bearings": "bearings",
    "flight": "flight",
    "place": "place",
    "offset": "offset",
    "source_type": "source_type",
}

#: The kinds the issue-16 goal of 0.90 is set for.
CORE_KINDS = frozenset({"fire", "explosion", "weapon"})

Obs = Mapping[str, Any]


@dataclass(slots=True)
class _Tally:
    correct: int = 0
    total: int = 0

    def add(self, ok: int, n: int) -> None:
        self.correct += ok
        self.total += n

    @property
    def ratio(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(slots=True)
class FieldScores:
    """Correct and total comparisons per field and per kind, recall, and the error kinds."""

    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    by_kind: dict[str, _Tally] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    wrong: list[str] = field(default_factory=list)
    passages: int = 0
    expected: int = 0
    found: int = 0
    parsed: int = 0

    @property
    def accuracy(self) -> float:
        n = sum(self.total.values())
        return sum(self.correct.values()) / n if n else 0.0

    @property
    def recall(self) -> float:
        """Share of the labelled observations the parser produced (aligned to one)."""
        return self.found / self.expected if self.expected else 1.0

    def kinds_accuracy(self, kinds: Iterable[str]) -> float:
        """Field accuracy over the comparisons of observations of ``kinds`` only."""
        t = _Tally()
        for k in kinds:
            if k in self.by_kind:
                t.add(self.by_kind[k].correct, self.by_kind[k].total)
        return t.ratio

    def field_accuracy(self, name: str) -> float:
        n = self.total[name]
        return self.correct[name] / n if n else 0.0

    def report(self) -> str:
        """One line per field, per kind, then the overall figures."""
        lines = [
            f"  {name:<12} {self.correct[name]:>5}/{self.total[name]:<5} "
            f"{self.field_accuracy(name):.3f}"
            for name in FIELDS
        ]
        for kind in sorted(self.by_kind):
            t = self.by_kind[kind]
            lines.append(f"  kind {kind:<12} {t.correct:>5}/{t.total:<5} {t.ratio:.3f}")
        ok, n = sum(self.correct.values()), sum(self.total.values())
        lines.append(
            f"recall {self.recall:.3f} ({self.found}/{self.expected} labelled observations "
            f"produced; {self.parsed} parsed)"
        )
        lines.append(
            f"field accuracy fire/explosion/weapon {self.kinds_accuracy(CORE_KINDS):.3f}; "
            f"all kinds {self.accuracy:.3f} ({ok}/{n})"
        )
        return "\n".join(lines)

    def top_errors(self, n: int = 5) -> list[tuple[str, int]]:
        return self.errors.most_common(n)

    def _count(self, kind: str, ok: int, n: int) -> None:
        self.by_kind.setdefault(kind, _Tally()).add(ok, n)


def load_records(path: Path) -> list[dict[str, Any]]:
    """Labelled records of a JSON-lines file (blank lines skipped)."""
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _same(e: Obs, g: Obs) -> int:
    return sum(e.get(k) == g.get(k) for k in FIELDS.values())


def align(expected: Sequence[Obs], got: Sequence[Obs]) -> list[tuple[int | None, int | None]]:
    """Pairs ``(i, j)`` of labelled and parsed indexes; ``None`` where one has no partner."""
    cands = sorted(
        (
            (-_same(e, g), abs(i - j), i, j)
            for i, e in enumerate(expected)
            for j, g in enumerate(got)
            if e["kind"] == g["kind"]
        )
    )
    used_e: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int | None, int | None]] = []
    for _, _, i, j in cands:
        if i not in used_e and j not in used_g:
            used_e.add(i)
            used_g.add(j)
            pairs.append((i, j))
    pairs += [(i, None) for i in range(len(expected)) if i not in used_e]
    pairs += [(None, j) for j in range(len(got)) if j not in used_g]
    return pairs


def score_passage(out: FieldScores, expected: Sequence[Obs], got: Sequence[Obs]) -> bool:
    """Add one passage to ``out``; True when every field of every observation is right."""
    out.passages += 1
    out.expected += len(expected)
    out.parsed += len(got)
    nf = len(FIELDS)
    if not expected and not got:
        for name in FIELDS:
            out.correct[name] += 1
            out.total[name] += 1
        out._count("(none)", nf, nf)
        return True
    perfect = True
    for i, j in align(expected, got):
        e = expected[i] if i is not None else None
        g = got[j] if j is not None else None
        if e is None or g is None:
            ref = e if e is not None else g
            assert ref is not None
            out.errors[f"{'missing' if e is not None else 'extra'} {ref['kind']}"] += 1
            for name in FIELDS:
                out.total[name] += 1
            out._count(str(ref["kind"]), 0, nf)
            perfect = False
            continue
        out.found += 1
        ok = 0
        for name, key in FIELDS.items():
            same = e.get(key) == g.get(key)
            out.correct[name] += same
            out.total[name] += 1
            ok += same
            if not same:
                out.errors[f"wrong {name}"] += 1
        out._count(str(e["kind"]), ok, nf)
        perfect = perfect and ok == nf
    return perfect


def field_scores(records: Iterable[Mapping[str, Any]], *, lang: str = "en") -> FieldScores:
    """Parse every record's text and score it against its labelled observations."""
    out = FieldScores()
    for rec in records:
        got: list[Any] = list(assemble(str(rec["text"]), lang=lang).fields())
        if not score_passage(out, list(rec["observations"]), got):
            out.wrong.append(str(rec.get("id") or rec["text"]))
    return out
