"""Scoring fusion against the simulator's truth.

* **Events**: each incident is labelled with the true event most of its reports' rounds came
  from; per true event, the best-supported incident with that label is a true positive, other
  incidents with that label (splits) and incidents of nothing are false positives, and true
  events that some report mentions but no incident is labelled with are false negatives.
  Recall is given over the *observed* events (fusion cannot find what nobody reported) and,
  for information, over all events.
* **Counts**: total ceasefire violations of the incidents, beside the truth (of the observed
  events and of all events) and the naive sum of every report's count; and, to separate
  fusion's error from the observers' misses, what the best-placed single observer of each
  event perceived (a lower bound of what anyone perceived).
* **Location**: distance from each true-positive incident to its event; the share of events
  inside the incident's 95 % ellipse.
* **Clustering**: the adjusted Rand index of report-to-incident against report-to-event.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from truce.fusion.table import F64, I64


@dataclass(frozen=True)
class Score:
    incidents: int
    events_observed: int
    events_total: int
    true_positives: int
    precision: float
    recall: float
    recall_all_events: float
    f1: float
    count_fused: int
    count_truth_observed: int
    count_truth_all: int
    count_truth_perceived: int
    count_naive: int
    count_error: float
    #: fused vs truth over the events two or more reports mention (incidents labelled with
    #: them), and over the events one report mentions
    count_error_multi: float
    count_error_single: float
    median_error_m: float
    p90_error_m: float
    median_error_3plus_m: float
    p90_error_3plus_m: float
    n_3plus: int
    coverage: float
    ari: float

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)

    def lines(self) -> list[str]:
        return [
            f"incidents {self.incidents}  events observed {self.events_observed} "
            f"(of {self.events_total})  true positives {self.true_positives}",
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}  "
            f"(recall over all events, observed or not: {self.recall_all_events:.3f})",
            f"ceasefire violations: fused {self.count_fused}  truth {self.count_truth_observed} "
            f"(observed events; all events {self.count_truth_all})  naive sum of reports "
            f"{self.count_naive}  fused error {100 * self.count_error:+.1f} %",
            f"  (of the observed events' violations, the best-placed single observer perceived "
            f"{self.count_truth_perceived}: fused vs that "
            f"{100 * (self.count_fused / max(self.count_truth_perceived, 1) - 1):+.1f} %; "
            f"events in 2+ reports: fused {100 * self.count_error_multi:+.1f} %, "
            f"in 1 report: {100 * self.count_error_single:+.1f} %)",
            f"location error: median {self.median_error_m:.0f} m  p90 {self.p90_error_m:.0f} m;"
            f"  3+ observers ({self.n_3plus}): median {self.median_error_3plus_m:.0f} m  "
            f"p90 {self.p90_error_3plus_m:.0f} m",
            f"95 % ellipse coverage {100 * self.coverage:.1f} %  ARI {self.ari:.3f}",
        ]


def adjusted_rand_index(a: I64, b: I64) -> float:
    """Adjusted Rand index of two labelings (Hubert and Arabie 1985)."""
    n = len(a)
    if n < 2:
        return 1.0
    _, ai = np.unique(a, return_inverse=True)
    _, bi = np.unique(b, return_inverse=True)
    _, nij = np.unique(ai.astype(np.int64) * (int(bi.max()) + 1) + bi, return_counts=True)

    def c2(x: np.ndarray) -> float:
        return float(np.sum(x.astype(float) * (x - 1) / 2.0))

    idx = c2(nij)
    sa, sb = c2(np.bincount(ai)), c2(np.bincount(bi))
    expected = sa * sb / (n * (n - 1) / 2.0)
    top = (sa + sb) / 2.0
    return 1.0 if top == expected else (idx - expected) / (top - expected)


def primary_event(n_reports: int, mix_report: I64, mix_event: I64, mix_count: F64) -> I64:
    """The true event each report is mostly about (most rounds; lowest id on ties)."""
    order = np.lexsort((mix_event, -mix_count, mix_report))
    r = mix_report[order]
    first = np.r_[True, r[1:] != r[:-1]]
    out = np.full(n_reports, -1, np.int64)
    out[r[first]] = mix_event[order][first]
    return out


def _contains(dx: F64, dy: F64, major: F64, minor: F64, orient: F64) -> np.ndarray:
    az = np.radians(orient)
    u = dx * np.sin(az) + dy * np.cos(az)
    v = dx * np.cos(az) - dy * np.sin(az)
    return (u / np.maximum(major, 1e-9)) ** 2 + (v / np.maximum(minor, 1e-9)) ** 2 <= 1.0


def score(
    *, truth: dict[str, np.ndarray], cv: np.ndarray, mix_report: I64, mix_event: I64,
    mix_count: F64, labels: I64, inc_x: F64, inc_y: F64, major: F64, minor: F64, orient: F64,
    inc_total: I64, inc_cv: np.ndarray, n_sources: I64, report_counts: F64, report_cv: np.ndarray,
) -> Score:  # fmt: skip
    """Score one fusion run; ``labels`` maps report rows to incidents 0..m-1."""
    m = len(inc_x)
    n_ev = len(truth["kind"])
    inc_of_mix = labels[mix_report]
    key = inc_of_mix * n_ev + mix_event
    uk, inv = np.unique(key, return_inverse=True)
    weight = np.bincount(inv, weights=mix_count + 1e-3)
    k_inc, k_ev = uk // n_ev, uk % n_ev
    order = np.lexsort((k_ev, -weight, k_inc))  # per incident: heaviest event first
    first = np.r_[True, k_inc[order][1:] != k_inc[order][:-1]]
    label = np.full(m, -1, np.int64)
    label_w = np.zeros(m)
    label[k_inc[order][first]] = k_ev[order][first]
    label_w[k_inc[order][first]] = weight[order][first]
    has = label >= 0
    cand = np.flatnonzero(has)
    o2 = np.lexsort((cand, -label_w[cand], label[cand]))
    cl = label[cand][o2]
    tp_inc = cand[o2][np.r_[True, cl[1:] != cl[:-1]]] if len(cl) else np.zeros(0, np.int64)
    observed = np.unique(mix_event)
    tp = len(tp_inc)
    precision = tp / m if m else 0.0
    recall = tp / len(observed) if len(observed) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    ev = label[tp_inc]
    err = np.hypot(inc_x[tp_inc] - truth["x"][ev], inc_y[tp_inc] - truth["y"][ev])
    inside = _contains(truth["x"][ev] - inc_x[tp_inc], truth["y"][ev] - inc_y[tp_inc],
                       major[tp_inc], minor[tp_inc], orient[tp_inc])  # fmt: skip
    three = n_sources[tp_inc] >= 3
    obs_cv = observed[cv[observed]]
    fused = int(inc_total[inc_cv].sum())
    truth_obs = int(truth["count"][obs_cv].sum())
    best = np.zeros(n_ev)
    np.maximum.at(best, mix_event, mix_count)
    naive = int(np.nansum(np.where(np.isnan(report_counts), 1.0, report_counts)[report_cv]))
    truth_prim = primary_event(len(labels), mix_report, mix_event, mix_count)
    multi, single = _split_count_error(truth["count"], obs_cv, mix_report, mix_event, label,
                                       inc_total, inc_cv)  # fmt: skip
    return Score(
        incidents=m, events_observed=len(observed), events_total=n_ev, true_positives=tp,
        precision=precision, recall=recall, recall_all_events=tp / n_ev if n_ev else 0.0, f1=f1,
        count_fused=fused, count_truth_observed=truth_obs,
        count_truth_all=int(truth["count"][cv].sum()), count_naive=naive,
        count_truth_perceived=int(best[obs_cv].sum()),
        count_error=(fused - truth_obs) / truth_obs if truth_obs else 0.0,
        count_error_multi=multi, count_error_single=single,
        median_error_m=_q(err, 0.5), p90_error_m=_q(err, 0.9),
        median_error_3plus_m=_q(err[three], 0.5), p90_error_3plus_m=_q(err[three], 0.9),
        n_3plus=int(three.sum()), coverage=float(inside.mean()) if len(inside) else math.nan,
        ari=adjusted_rand_index(truth_prim, labels),
    )  # fmt: skip


def _split_count_error(
    count: np.ndarray, obs_cv: I64, mix_report: I64, mix_event: I64, label: I64,
    inc_total: I64, inc_cv: np.ndarray,
) -> tuple[float, float]:  # fmt: skip
    """Count error over events two or more reports mention, and over those one mentions."""
    n_ev = len(count)
    pairs = np.unique(mix_event * (int(mix_report.max(initial=0)) + 1) + mix_report)
    nrep = np.bincount(pairs // (int(mix_report.max(initial=0)) + 1), minlength=n_ev)
    fused_by_ev = np.zeros(n_ev)
    lab_ok = (label >= 0) & inc_cv
    np.add.at(fused_by_ev, label[lab_ok], inc_total[lab_ok])
    out = []
    for sel in (obs_cv[nrep[obs_cv] >= 2], obs_cv[nrep[obs_cv] == 1]):
        truth = float(count[sel].sum())
        out.append((fused_by_ev[sel].sum() - truth) / truth if truth else 0.0)
    return out[0], out[1]


def _q(x: F64, q: float) -> float:
    return float(np.quantile(x, q)) if len(x) else math.nan


def labels_from_incidents(ids: Sequence[str], incidents: Sequence[object]) -> I64:
    """Report row -> incident index, from incidents' ``observation_ids``; -1 when unfused."""
    pos = {s: i for i, s in enumerate(ids)}
    out = np.full(len(ids), -1, np.int64)
    for k, inc in enumerate(incidents):
        for oid in inc.observation_ids:  # type: ignore[attr-defined]
            out[pos[str(oid)]] = k
    return out
