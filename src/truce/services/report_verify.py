"""``truce report verify``: recompute a report's figures from the ledger records it names.

What is checked, in order:

1. the checkpoint it names: the ledger's tree of that size must have that root;
2. every leaf it names (``regions.*.leaves``, ``regions.*.previous.leaves``,
   ``coverage_leaves``, ``dismissal_leaves``): the stored record must hash to a leaf that an
   RFC 6962 inclusion proof places in that tree (RFC 9162 §2.1.3.2);
3. the figures themselves: the named observations are fused again (same algorithm, same
   plane), checked against the agreement version in force, the named decisions applied and
   the named coverage measured, with the same counting code as the report; every figure must
   come out the same.

The first figure that differs is named (``regions.donetsk.ceasefire_violations: the report
says 18, the ledger records give 17``); an altered record that changes no figure is named by
the leaf list that holds it. Raises :class:`~truce.errors.VerificationError`; returns a
:class:`VerifyResult` when everything holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from truce.domain.coverage import Coverage
from truce.domain.observation import Observation
from truce.domain.violation import Decision, Violation
from truce.errors import InvalidInput, VerificationError
from truce.ledger.canonical import leaf_hash
from truce.ledger.verify import verify_inclusion
from truce.reports.figures import FIGURES_FORMAT, expand_leaves, first_difference
from truce.reports.model import ReportInputs, build_daily_report
from truce.reports.period import Period
from truce.reports.places import PlaceIndex
from truce.services._report_inputs import agreement_for, line_samples, reporting
from truce.services.mission import Mission
from truce.store.audit_records import RECORD_KINDS, stored_entries
from truce.store.ledger import inclusion_proof, leaf_at, root_at


@dataclass(frozen=True)
class VerifyResult:
    period: dict[str, str]
    checkpoint: dict[str, Any]
    leaves: int


def _lists(figures: dict[str, Any]) -> Iterator[tuple[str, list[int]]]:
    for rid, r in figures.get("regions", {}).items():
        yield f"regions.{rid}.leaves", expand_leaves(r.get("leaves", []))
        yield (
            f"regions.{rid}.previous.leaves",
            expand_leaves(r.get("previous", {}).get("leaves", [])),
        )
    yield "coverage_leaves", expand_leaves(figures.get("coverage_leaves", []))
    yield "dismissal_leaves", expand_leaves(figures.get("dismissal_leaves", []))


def _value(doc: Any, path: str) -> Any:
    node = doc
    for part in path.replace("[", ".").replace("]", "").split("."):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _read(mission: Mission, figures: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Named records by kind, and what failed the integrity checks (path: reason)."""
    cp = figures["checkpoint"]
    size, root = int(cp["size"]), bytes.fromhex(str(cp["root"]))
    out: dict[str, Any] = {"observation": {}, "coverage": {}, "decision": {}}
    problems: list[str] = []
    with mission.store.connect() as conn:
        if root_at(conn, size) != root:
            raise VerificationError(
                f"checkpoint: the ledger's tree of size {size} does not have root {root.hex()}"
            )
        for path, leaves in _lists(figures):
            for index in leaves:
                row = leaf_at(conn, index)
                content = None
                if row.kind in RECORD_KINDS:
                    found = stored_entries(conn, kind=row.kind, first=index, end=index + 1)
                    content = found.get(index)
                if content is None:
                    problems.append(f"{path}: leaf {index} ({row.kind} {row.record_id}) has no "
                                    "stored record")  # fmt: skip
                    continue
                try:
                    verify_inclusion(
                        leaf_hash=leaf_hash(content.encode("utf-8")), index=index, size=size,
                        root=root, proof=inclusion_proof(conn, index, size),
                    )  # fmt: skip
                except VerificationError:
                    problems.append(f"{path}: leaf {index} ({row.kind} {row.record_id}): the "
                                    "stored record no longer matches the ledger")  # fmt: skip
                out.setdefault(row.kind, {})[row.record_id] = (index, content)
    return out, problems


def verify(*, mission: Mission, figures: dict[str, Any]) -> VerifyResult:
    """See the module docstring."""
    if not isinstance(figures, dict) or figures.get("format") != FIGURES_FORMAT:
        raise InvalidInput(f"not a report's figures: expected format {FIGURES_FORMAT!r}")
    try:
        records, problems = _read(mission, figures)
        recomputed = _recompute(mission, figures, records)
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"not a report's figures: {type(exc).__name__}: {exc}") from None
    # regions first: a changed record is named by its region's figure before the totals
    diff = first_difference(_regions_first(figures), _regions_first(recomputed))
    if diff is not None:
        said, got = _value(figures, diff), _value(recomputed, diff)
        also = f" ({problems[0]})" if problems else ""
        raise VerificationError(
            f"{diff}: the report says {said!r}, the ledger records give {got!r}{also}"
        )
    if problems:
        raise VerificationError(problems[0])
    n = sum(len(v) for v in records.values())
    return VerifyResult(figures["period"], figures["checkpoint"], n)


_M = TypeVar("_M", bound=BaseModel)


def _parse(model: type[_M], index: int, content: str) -> _M:
    try:
        return model.model_validate_json(content)
    except ValidationError:
        raise VerificationError(
            f"leaf {index}: the stored record is not a valid {model.__name__.lower()}"
        ) from None


def _regions_first(figures: dict[str, Any]) -> dict[str, Any]:
    return {
        "regions": figures.get("regions"),
        **{k: v for k, v in figures.items() if k != "regions"},
    }


def _recompute(
    mission: Mission, figures: dict[str, Any], records: dict[str, Any]
) -> dict[str, Any]:
    from truce.compliance.batch import assess_columns
    from truce.compliance.columns import IncidentColumns
    from truce.compliance.engine import ComplianceEngine
    from truce.domain.vocabulary import CEASEFIRE_VIOLATION_KINDS
    from truce.fusion.engine import fuse
    from truce.geo.projection import LocalPlane

    history = mission.agreement
    p = Period(
        datetime.fromisoformat(figures["period"]["start"]),
        datetime.fromisoformat(figures["period"]["end"]),
    )
    obs = [_parse(Observation, i, c) for i, c in records["observation"].values()]
    lon0, lat0 = figures.get("fusion", {}).get("plane", [None, None])
    plane = LocalPlane(float(lon0), float(lat0)) if lon0 is not None else None
    incidents = fuse(obs, plane=plane, workers=1)
    checked = IncidentColumns.of([i for i in incidents if i.kind in CEASEFIRE_VIOLATION_KINDS])
    found: list[Violation] = assess_columns(ComplianceEngine(history), checked).violations()
    decisions: dict[str, tuple[int, Decision]] = {}
    for index, content in records["decision"].values():
        d = _parse(Decision, index, content)
        key = str(d.violation_id)
        if key not in decisions or decisions[key][0] < index:
            decisions[key] = (index, d)
    agreement = agreement_for(history, p)
    samples = line_samples(agreement)
    leaf_of = {rid: i for kind in ("observation", "coverage")
               for rid, (i, _) in records[kind].items()}  # fmt: skip
    inputs = ReportInputs(
        agreement=agreement,
        reporting=reporting(history),
        period=p,
        incidents=incidents,
        violations=[(v, decisions.get(str(v.id), (0, None))[1]) for v in found],
        observations=[],
        coverage=[_parse(Coverage, i, c) for i, c in records["coverage"].values()],
        samples=samples,
        places=PlaceIndex([], samples.plane),
        leaf_of=leaf_of,
        decision_leaf_of={k: i for k, (i, _) in decisions.items()},
        checkpoint=figures["checkpoint"],
    )
    out = build_daily_report(inputs).figures
    if "fusion" in figures:
        out["fusion"] = figures["fusion"]
    return out
