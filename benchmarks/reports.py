"""Benchmark: a day of 10,000 observations (fused, checked) to the daily report's figures,
HTML and PDF in all four languages.

Goal (issue 13): at most 5 s for one language's HTML + PDF on this machine (the hand-written
report took a team an evening). The day is the ``intense`` scenario with its rates and its
posts scaled until it yields about ``--n`` observations; it is fused and checked first (not
timed), with its coverage. Then, timed: the figures (counting, coverage, places, previous
period, 30-day series), and for each language the HTML (charts and map drawn once per
language, included as data URIs), the PDF (WeasyPrint, from the same HTML), Markdown and JSON.
The limit is printed beside each language's HTML + PDF time, as a ratio.

Times are wall clock and, beside them, CPU seconds of this process (``time.process_time``: on
a machine shared with other work the wall clock mostly measures the others). The one-off cost
of a process's first report (importing Matplotlib and WeasyPrint, loading their fonts) is
measured first, on its own, and printed apart from the per-language times.

Usage: nice python benchmarks/reports.py [--n 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import io
import time
from dataclasses import replace
from datetime import timedelta

from truce.agreement import demo_agreement_dir, load_agreement
from truce.compliance.engine import ComplianceEngine
from truce.compliance.subject import from_incidents, from_observation
from truce.domain.vocabulary import CEASEFIRE_VIOLATION_KINDS
from truce.fusion.engine import fuse
from truce.fusion.simulate import get_scenario, observations, simulate_scenario
from truce.fusion.simulate.writer import coverage
from truce.reports import period as periods
from truce.reports.model import ReportInputs, build_daily_report
from truce.reports.render import render
from truce.reports.text import LANGUAGES
from truce.services._report_inputs import line_samples, place_index

LIMIT_S = 5.0


def _day(n: int, seed: int) -> tuple[list, list, list]:  # type: ignore[type-arg]
    base = get_scenario("intense")
    scale = 1.0
    while True:
        sc = replace(
            base,
            fire_missions=base.fire_missions * scale,
            fire_episodes=base.fire_episodes * scale,
            projectile_episodes=base.projectile_episodes * scale,
            flare_episodes=base.flare_episodes * scale,
            posts=int(base.posts * 3),
            cameras=base.cameras * 2,
        )
        sim = simulate_scenario(sc, seed)
        if len(sim) >= n or scale > 64:
            return list(observations(sim))[:n], list(coverage(sim)), [sc.start]
        scale *= max(1.1, (n / max(len(sim), 1)) * 1.05)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    history = load_agreement(demo_agreement_dir())
    agreement = history.latest
    obs, cov, (start,) = _day(args.n, args.seed)
    t = time.perf_counter()
    incidents = fuse(obs, workers=1)
    fused = {str(o) for i in incidents for o in i.observation_ids}
    subjects = from_incidents([i for i in incidents if i.kind in CEASEFIRE_VIOLATION_KINDS])
    subjects += [from_observation(o) for o in obs if str(o.id) not in fused]
    violations = ComplianceEngine(history).assess(subjects).violations
    prep = time.perf_counter() - t
    print(f"day: {len(obs):,} observations -> {len(incidents):,} incidents, "
          f"{len(violations):,} violations, {len(cov):,} coverage records "
          f"(fused and checked in {prep:.1f} s, not timed below)")  # fmt: skip
    rp = agreement.doc.reporting_period
    # the period holding most of the simulated day: ending at 19:30 on its first day
    p = periods.containing(start + timedelta(hours=12), rp)
    samples = line_samples(agreement)
    places = place_index(agreement, samples)
    leaf_of = {str(o.id): k for k, o in enumerate(obs)}
    t, c = time.perf_counter(), time.process_time()
    report = build_daily_report(ReportInputs(
        agreement=agreement, reporting=rp, period=p, incidents=incidents,
        violations=[(v, None) for v in violations], observations=obs, coverage=cov,
        samples=samples, places=places, leaf_of=leaf_of,
        checkpoint={"size": len(obs), "root": "00" * 32},
    ))  # fmt: skip
    figures_s, figures_cpu = time.perf_counter() - t, time.process_time() - c
    cv = report.figures["totals"]["ceasefire_violations"]
    print(f"figures: {figures_s:.2f} s, {figures_cpu:.2f} CPU s "
          f"({cv:,} ceasefire violations in the period)")  # fmt: skip
    t, c = time.perf_counter(), time.process_time()
    _first_use()
    print(f"first report of a process (imports, fonts; once): {time.perf_counter() - t:.2f} s, "
          f"{time.process_time() - c:.2f} CPU s")  # fmt: skip
    worst, worst_cpu = 0.0, 0.0
    for lang in LANGUAGES:
        times = {}
        for fmt in ("html", "pdf", "md", "json"):
            t, c = time.perf_counter(), time.process_time()
            data = render(report, lang=lang, fmt=fmt)
            times[fmt] = (time.perf_counter() - t, time.process_time() - c, len(data))
        both = times["html"][0] + times["pdf"][0]
        both_cpu = times["html"][1] + times["pdf"][1]
        worst, worst_cpu = max(worst, both), max(worst_cpu, both_cpu)
        cells = "  ".join(f"{f} {s:.2f} s ({b // 1024:,} KiB)" for f, (s, _, b) in times.items())
        print(f"{lang}: {cells}  | html+pdf {both:.2f} s = {both / LIMIT_S:.2f} of the 5 s "
              f"limit; {both_cpu:.2f} CPU s = {both_cpu / LIMIT_S:.2f}")  # fmt: skip
    print(f"RESULT observations={len(obs)} figures_s={figures_s:.2f} "
          f"figures_cpu_s={figures_cpu:.2f} html_pdf_worst_s={worst:.2f} "
          f"ratio_to_limit={worst / LIMIT_S:.2f} html_pdf_worst_cpu_s={worst_cpu:.2f} "
          f"cpu_ratio_to_limit={worst_cpu / LIMIT_S:.2f}")  # fmt: skip


def _first_use() -> None:
    """What a process's first report pays once: Matplotlib and WeasyPrint imported, a chart
    drawn and a page laid out (their font caches)."""
    from truce.reports.charts import plt
    from truce.reports.render import html_to_pdf

    fig = plt.figure(figsize=(1, 1))
    fig.text(0.5, 0.5, "Ab Аб")
    fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)
    html_to_pdf("<html><body><p>Ab Аб</p><table><tr><td>1</td></tr></table></body></html>")


if __name__ == "__main__":
    main()
