"""Field-level accuracy of the parser against labelled passages (issue 6, "How we will know").

A labelled record is ``{"text": ..., "observations": [...]}`` in the schema of
``shared/data/narratives/README.md``. For each passage the i-th expected observation is
compared with the i-th parsed one on ten fields (kind, subtype, weapons, count, qualifier,
distance, bearings, flight, place, source type); a missing or extra observation costs all
ten; an expected and parsed empty list scores one correct field each.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
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
    "source_type": "source_type",
}


@dataclass(slots=True)
class FieldScores:
    """Correct and total comparisons per field, and the passages with any wrong field."""

    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    wrong: list[str] = field(default_factory=list)
    passages: int = 0

    @property
    def accuracy(self) -> float:
        n = sum(self.total.values())
        return sum(self.correct.values()) / n if n else 0.0

    def field_accuracy(self, name: str) -> float:
        n = self.total[name]
        return self.correct[name] / n if n else 0.0

    def report(self) -> str:
        """One line per field, then the overall figure."""
        lines = [
            f"  {name:<12} {self.correct[name]:>4}/{self.total[name]:<4} "
            f"{self.field_accuracy(name):.3f}"
            for name in FIELDS
        ]
        ok, n = sum(self.correct.values()), sum(self.total.values())
        lines.append(f"field accuracy {self.accuracy:.3f} ({ok}/{n})")
        return "\n".join(lines)


def load_records(path: Path) -> list[dict[str, Any]]:
    """Labelled records of a JSON-lines file (blank lines skipped)."""
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def field_scores(records: Iterable[Mapping[str, Any]], *, lang: str = "en") -> FieldScores:
    """Parse every record's text and score it against its labelled observations."""
    out = FieldScores()
    for rec in records:
        out.passages += 1
        expected = list(rec["observations"])
        got: list[Any] = list(assemble(str(rec["text"]), lang=lang).fields())
        if not expected and not got:
            for name in FIELDS:
                out.correct[name] += 1
                out.total[name] += 1
            continue
        bad = False
        for i in range(max(len(expected), len(got))):
            e = expected[i] if i < len(expected) else None
            g = got[i] if i < len(got) else None
            for name, key in FIELDS.items():
                ok = e is not None and g is not None and e[key] == g[key]
                out.correct[name] += ok
                out.total[name] += 1
                bad = bad or not ok
        if bad:
            out.wrong.append(str(rec["text"]))
    return out
