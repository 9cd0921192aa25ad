"""Checking what is in the store: the service behind ``truce check`` and ``truce violations``.

What is checked: fused incidents of the ceasefire-violation kinds (so that fire seen by several
monitors is one subject), as columns (:mod:`truce.compliance.batch`), plus every observation
that no such incident rests on (weapon sightings, inspections, restrictions, and fire not fused
yet), one by one. Every agreement version is
registered first: stored with its canonical document and appended to the evidence ledger
(kind ``agreement_version``) the first time it is seen; a stored version whose content has
changed is a :class:`~truce.errors.Conflict` (an amendment must be a new version).
Violations are derived records: each check replaces them all, in one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any
from uuid import UUID

from truce.agreement.clauses import ClauseType
from truce.agreement.versions import (
    AgreementHistory,
    canonical_document,
    ledger_entry,
)
from truce.compliance.batch import check_incidents_and_subjects
from truce.compliance.columns import IncidentColumns
from truce.compliance.engine import ComplianceEngine, Progress
from truce.compliance.subject import Subject, from_observation
from truce.domain.filters import ViolationFilter
from truce.domain.ledger_kinds import LedgerKind
from truce.domain.page import Page, check_limit, decode_cursor, encode_cursor
from truce.domain.results import CheckReport, DecidedViolation
from truce.domain.violation import Decision, Violation
from truce.domain.vocabulary import CEASEFIRE_VIOLATION_KINDS
from truce.errors import Conflict, InvalidInput, NotFound
from truce.ledger.canonical import canonical_json
from truce.services.mission import Mission
from truce.services.regions import OTHER, select_regions
from truce.store import Store
from truce.store.compliance_tables import (
    ViolationPageQuery,
    ViolationQuery,
    insert_version,
    latest_decision_on,
    page_violations,
    replace_violations,
    stored_version_hashes,
)
from truce.store.compliance_tables import get_violation as get_violation_row
from truce.store.ledger import append_entries
from truce.store.locks import DERIVATION_LOCK, exclusive

__all__ = ["CheckReport", "ViolationFilter", "check", "get_violation", "list_violations"]

LEDGER_KIND = LedgerKind.AGREEMENT_VERSION

#: The clause types a violation can be of (``truce violations --kind``).
CLAUSE_TYPES: tuple[str, ...] = tuple(t.value for t in ClauseType)


def register_versions(*, store: Store, history: AgreementHistory) -> tuple[int, ...]:
    """Store and ledger every version not stored yet; return their numbers."""
    new: list[int] = []
    with store.begin() as conn:
        known = stored_version_hashes(conn, history.id)
        for a in history:
            digest = history.digest(a)  # the install manifest's, else computed once
            if a.version in known:
                if known[a.version] != digest:
                    raise Conflict(
                        f"version {a.version} of agreement {a.id} differs from the registered one",
                        hint="an amendment must be a new version with its own effective time",
                    )
                continue
            entry = canonical_json(ledger_entry(a))
            (leaf,) = append_entries(
                conn, kind=LEDGER_KIND, records=[(f"{a.id}@{a.version}", entry)]
            )
            insert_version(
                conn,
                agreement_id=a.id,
                version=a.version,
                effective=a.effective.timestamp(),
                sha256=digest,
                document=canonical_json(canonical_document(a)).decode("utf-8"),
                record_id=f"{a.id}@{a.version}",
                entry=entry.decode("utf-8"),
                leaf_index=leaf,
            )
            new.append(a.version)
    return tuple(new)


def _inputs(store: Store, *, use_incidents: bool) -> tuple[IncidentColumns, list[Subject]]:
    """The fused incidents to check (as columns) and the subjects of the other observations."""
    observations = list(store.iter_observations())
    incidents: list[Any] = []
    if use_incidents:
        from truce.store.fusion_tables import load_incidents

        with store.connect() as conn:
            incidents = [i for i in load_incidents(conn) if i.kind in CEASEFIRE_VIOLATION_KINDS]
    fused = {str(o) for i in incidents for o in i.observation_ids}
    subjects = [from_observation(o) for o in observations if str(o.id) not in fused]
    return IncidentColumns.of(incidents), subjects


def check(
    *,
    mission: Mission,
    use_incidents: bool = True,
    agreement: AgreementHistory | None = None,
    progress: Progress | None = None,
) -> CheckReport:
    """Register the agreement's versions, check every subject, store the violations.

    ``agreement`` defaults to the mission's installed one (:attr:`Mission.agreement`). Runs
    after any fuse or check of the same database still running (one at a time).
    ``progress(done, total)`` is told how many subjects are checked (a batch at a time).
    """
    history = agreement if agreement is not None else mission.agreement
    with exclusive(mission.store.engine, DERIVATION_LOCK):
        return _check(mission.store, history, use_incidents, progress)


def _check(
    store: Store, history: AgreementHistory, use_incidents: bool, progress: Progress | None
) -> CheckReport:
    registered = register_versions(store=store, history=history)
    incidents, subjects = _inputs(store, use_incidents=use_incidents)
    result = check_incidents_and_subjects(
        engine=ComplianceEngine(history), incidents=incidents, subjects=subjects, progress=progress
    )
    with store.begin() as conn:
        replace_violations(conn, result.violations)
    return CheckReport(
        subjects=len(incidents) + len(subjects),
        incidents=len(incidents),
        unchecked=result.unchecked,
        versions_registered=registered,
        by_outcome=dict(Counter(v.outcome for v in result.violations)),
        violations=len(result.violations),
        agreement_id=history.id,
    )


def _page_query(
    mission: Mission,
    f: ViolationFilter,
    *,
    after: tuple[float, str] | None = None,
    limit: int | None = None,
) -> ViolationPageQuery:
    """The store's query of ``f``: every filter (the latest decision's status and the region
    of the facts too) is matched in the database."""
    sel = select_regions(mission=mission, regions=f.regions)
    where = ViolationQuery(
        since=f.since, until=f.until, clause_ids=f.clause_ids,
        clause_types=f.clause_types, outcomes=tuple(o.value for o in f.outcomes),
        bbox=f.bbox,
    )  # fmt: skip
    return ViolationPageQuery(
        where=where,
        statuses=tuple(str(s) for s in f.statuses),
        regions=tuple(sorted(sel.ids)) if sel is not None else (),
        no_region=OTHER,
        after=after,
        limit=limit,
    )


def _decided_rows(rows: list[tuple[str, str | None]]) -> list[DecidedViolation]:
    return [
        DecidedViolation(
            Violation.model_validate_json(v),
            None if d is None else Decision.model_validate_json(d),
        )
        for v, d in rows
    ]


def iter_violations_decided(
    *, mission: Mission, filter: ViolationFilter | None = None
) -> list[DecidedViolation]:
    """Every matching violation with its latest decision, in (start, id) order."""
    query = _page_query(mission, filter or ViolationFilter())
    with mission.store.connect() as conn:
        return _decided_rows(page_violations(conn, query))


#: Violations read at a time while a caller's view drops some (its page must stay full).
_VIEW_BATCH = 500


def list_violations(
    *,
    mission: Mission,
    filter: ViolationFilter | None = None,
    limit: int | None = None,
    cursor: str | None = None,
    keep: Callable[[DecidedViolation], bool] | None = None,
) -> Page[DecidedViolation]:
    """One page of matching violations (with their latest decision), in (start, id) order;
    with ``keep``, of those it keeps (the caller's view: pages stay full). The database
    filters, keys and cuts the page; with ``keep`` it is read in batches until full."""
    size = check_limit(limit)
    f = filter or ViolationFilter()
    after = _after(cursor)
    items: list[DecidedViolation] = []
    with mission.store.connect() as conn:
        while len(items) <= size:
            want = size + 1 - len(items)
            batch_size = want if keep is None else max(want, _VIEW_BATCH)
            batch = _decided_rows(
                page_violations(conn, _page_query(mission, f, after=after, limit=batch_size))
            )
            items += batch if keep is None else [d for d in batch if keep(d)]
            if len(batch) < batch_size:
                break
            after = _key(batch[-1])
    page = tuple(items[:size])
    more = len(items) > size
    return Page(page, encode_cursor(list(_key(page[-1]))) if more and page else None)


def _after(cursor: str | None) -> tuple[float, str] | None:
    if cursor is None:
        return None
    start, ident = decode_cursor(cursor, size=2)
    if not isinstance(start, float | int) or not isinstance(ident, str):
        raise InvalidInput(f"cursor: not a cursor of this listing: {cursor[:40]!r}")
    return float(start), ident


def _key(item: DecidedViolation) -> tuple[float, str]:
    return item.violation.observed.start.timestamp(), str(item.violation.id)


def get_violation(*, mission: Mission, violation_id: str | UUID) -> DecidedViolation:
    """One stored violation with its latest decision; raises :class:`~truce.errors.NotFound`."""
    wanted = str(violation_id)
    with mission.store.connect() as conn:
        found = get_violation_row(conn, wanted)
        if found is not None:
            return DecidedViolation(found, latest_decision_on(conn, wanted))
    raise NotFound(f"no violation {violation_id}", hint="run: truce violations")
