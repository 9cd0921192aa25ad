"""Narrative parser: field accuracy on the development set, throughput, 1 MB parse time.

Goals (issue 6): 100 % field accuracy on ``../shared/data/narratives/dev.jsonl``; at least
5,000 sentences per second; a 1 MB input parsed in under 1 s. Field accuracy compares, for
each passage, the i-th expected observation with the i-th parsed one on ten fields (kind,
subtype, weapons, count, qualifier, distance, bearings, flight, place, source type); a
missing or extra observation costs all ten; an expected and parsed empty list scores one
correct field.

    .venv/bin/python benchmarks/parser_eval.py [DEV_JSONL] [--mb 1.0] [--sentences 20000]
        [--repeat 3]

Timings are the best of ``--repeat`` runs (the machine is shared with other work).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from truce.intake.narrative import parse

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEV = ROOT / ".." / "shared" / "data" / "narratives" / "dev.jsonl"
FIELDS = {
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


def field_scores(records: list[dict[str, Any]]) -> tuple[dict[str, list[int]], list[str]]:
    """Per field [correct, total], and the texts with any wrong field."""
    scores = {name: [0, 0] for name in FIELDS}
    wrong: list[str] = []
    for rec in records:
        expected = rec["observations"]
        got = parse(rec["text"]).fields()
        bad = False
        if not expected and not got:
            for s in scores.values():
                s[0] += 1
                s[1] += 1
            continue
        for i in range(max(len(expected), len(got))):
            e = expected[i] if i < len(expected) else None
            g: Any = got[i] if i < len(got) else None
            for name, key in FIELDS.items():
                ok = e is not None and g is not None and e[key] == g[key]
                scores[name][0] += ok
                scores[name][1] += 1
                bad = bad or not ok
        if bad:
            wrong.append(rec["text"])
    return scores, wrong


def throughput(texts: list[str], n_sentences: int) -> float:
    """Sentences per second parsing passages one by one (the dev texts, cycled)."""
    done = 0
    t0 = time.perf_counter()
    while done < n_sentences:
        for text in texts:
            done += parse(text).sentences
    return done / (time.perf_counter() - t0)


def big_input(texts: list[str], mb: float) -> str:
    parts: list[str] = []
    size = 0
    while size < mb * 1_000_000:
        for text in texts:
            parts.append(text)
            size += len(text.encode()) + 1
    return "\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dev", nargs="?", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--mb", type=float, default=1.0, help="size of the big input, MB")
    ap.add_argument("--sentences", type=int, default=20_000, help="sentences to time")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs; the best is reported")
    args = ap.parse_args()
    records = [json.loads(line) for line in args.dev.read_text().splitlines() if line.strip()]
    scores, wrong = field_scores(records)
    correct = sum(s[0] for s in scores.values())
    total = sum(s[1] for s in scores.values())
    accuracy = correct / total if total else 0.0
    print(f"dev set: {len(records)} passages, {args.dev}")
    for name, (ok, n) in scores.items():
        print(f"  {name:<12} {ok:>4}/{n:<4} {ok / n if n else 0:.3f}")
    print(f"field accuracy {accuracy:.3f} ({correct}/{total}); goal 1.000")
    for text in wrong:
        print(f"  wrong: {text}")
    texts = [r["text"] for r in records]
    parse(texts[0])  # warm the lexicon cache
    sps = max(throughput(texts, args.sentences) for _ in range(args.repeat))
    print(
        f"throughput {sps:,.0f} sentences/s (best of {args.repeat}); goal 5,000 "
        f"(ratio to goal {sps / 5000:.2f})"
    )
    big = big_input(texts, args.mb)
    mb_s = float("inf")
    for _ in range(args.repeat):  # best of N: the machine is shared, the minimum is the signal
        t0 = time.perf_counter()
        result = parse(big)
        mb_s = min(mb_s, time.perf_counter() - t0)
    print(
        f"{len(big.encode()) / 1e6:.2f} MB ({result.sentences:,} sentences, "
        f"{len(result.observations):,} observations) parsed in {mb_s:.3f} s "
        f"(best of {args.repeat}); "
        f"limit 1 s (ratio to limit {mb_s / 1.0:.2f})"
    )
    print(f"RESULT field_accuracy={accuracy:.3f} sentences_per_s={sps:.0f} mb_parse_s={mb_s:.3f}")


if __name__ == "__main__":
    main()
