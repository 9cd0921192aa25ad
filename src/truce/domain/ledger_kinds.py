"""The ledger-kind registry: every kind of record the evidence ledger holds, in one table.

Each leaf names its record by ``(kind, record_id)``. :data:`LEDGER_KINDS` says, for each
:class:`LedgerKind`, what its entry is (the leaf's bytes are the entry's RFC 8785 canonical
JSON) and where its record lives: the table, the record-id column, the column holding the
entry exactly as appended, and the column holding the record's leaf index. Appending
(``truce.store.ledger``), the audit (``truce verify database``) and the leaf index lookup use
this table; ``tests/domain/test_ledger_kinds.py`` fails when a table with a ``leaf_index``
column is not registered here.

Adding a kind is one entry here (plus its table, in a migration of its own branch).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class LedgerKind(StrEnum):
    OBSERVATION = "observation"
    AGREEMENT_VERSION = "agreement_version"
    DECISION = "decision"
    COVERAGE = "coverage"
    REPORT = "report"
    USER = "user"
    RESPONSE = "response"
    COSIGNATURE = "cosignature"


@dataclass(frozen=True, slots=True)
class KindSpec:
    """What a kind's ledger entry is and where its record is stored."""

    kind: LedgerKind
    #: What the entry is (documentation: the record appended for this kind).
    entry: str
    #: The table of the records.
    table: str
    #: The column holding the record id the leaf names.
    id_column: str = "id"
    #: The column holding the entry's canonical JSON, exactly the leaf's bytes.
    content_column: str = "content"
    #: The column holding the index of the record's leaf.
    leaf_index_column: str = "leaf_index"
    #: Whether the table itself enforces one leaf per record (unique id and unique leaf index
    #: columns): such kinds are left out of the ledger's unique (kind, record_id) index. Fixed
    #: by migration ``0002``: a new kind is never self-indexed.
    self_indexed: bool = False


#: Kind -> what its entry is and where its record lives. Register a new kind with one entry.
LEDGER_KINDS: dict[LedgerKind, KindSpec] = {
    LedgerKind.OBSERVATION: KindSpec(
        LedgerKind.OBSERVATION,
        "an observation's wire record (format v1)",
        "observations",
        self_indexed=True,
    ),
    LedgerKind.AGREEMENT_VERSION: KindSpec(
        LedgerKind.AGREEMENT_VERSION,
        "an agreement version: id, version, effective time and SHA-256 of its document",
        "agreement_versions",
        id_column="record_id",
        content_column="entry",
    ),
    LedgerKind.DECISION: KindSpec(
        LedgerKind.DECISION,
        "an analyst's decision on a violation",
        "violation_decisions",
        content_column="record",
    ),
    LedgerKind.USER: KindSpec(
        LedgerKind.USER,
        "an account change (added, revoked, reactivated)",
        "user_events",
        content_column="record",
    ),
    LedgerKind.RESPONSE: KindSpec(
        LedgerKind.RESPONSE,
        "a party's answer to a notified violation, or an analyst's closing note",
        "responses",
        content_column="record",
    ),
    LedgerKind.COSIGNATURE: KindSpec(
        LedgerKind.COSIGNATURE,
        "a party's or witness's C2SP tlog-cosignature line on a checkpoint",
        "cosignatures",
        content_column="record",
    ),
    LedgerKind.COVERAGE: KindSpec(
        LedgerKind.COVERAGE,
        "a source's duty period and what it could observe (coverage/1)",
        "coverage",
    ),
    LedgerKind.REPORT: KindSpec(
        LedgerKind.REPORT,
        "a published report: its period, figures and the SHA-256 of every file written",
        "published_reports",
        content_column="record",
    ),
}

#: SQL condition of the ledger's partial unique (kind, record_id) index (migration 0002 has the
#: same text): every kind except the self-indexed ones.
RECORD_INDEX_WHERE = " AND ".join(
    f"kind <> '{spec.kind.value}'" for spec in LEDGER_KINDS.values() if spec.self_indexed
)


def kind_spec(kind: str) -> KindSpec | None:
    """The registered spec of ``kind``, or ``None`` for a kind this version does not know."""
    try:
        return LEDGER_KINDS[LedgerKind(kind)]
    except ValueError:
        return None
