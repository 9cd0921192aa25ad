"""The ledger-kind registry covers every table whose records have a ledger leaf."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import truce.store.schema  # noqa: F401  (every table on the metadata)
from truce.domain.ledger_kinds import LEDGER_KINDS, RECORD_INDEX_WHERE, LedgerKind, kind_spec
from truce.store.tables import metadata


def test_every_table_with_a_leaf_index_is_registered() -> None:
    registered = {spec.table: spec for spec in LEDGER_KINDS.values()}
    with_leaves = {t.name for t in metadata.tables.values() if "leaf_index" in t.c}
    with_leaves.discard("ledger_leaves")  # the leaves themselves
    missing = sorted(with_leaves - set(registered))
    assert not missing, f"register these tables in truce.domain.ledger_kinds: {missing}"
    for spec in LEDGER_KINDS.values():
        table = metadata.tables[spec.table]
        for column in (spec.id_column, spec.content_column, spec.leaf_index_column):
            assert column in table.c, f"{spec.kind}: {spec.table} has no column {column}"


def test_every_kind_has_its_entry_and_lookup() -> None:
    assert set(LEDGER_KINDS) == set(LedgerKind)
    assert all(LEDGER_KINDS[k].kind is k for k in LedgerKind)
    assert kind_spec("observation") is LEDGER_KINDS[LedgerKind.OBSERVATION]
    assert kind_spec("no-such-kind") is None


def test_the_partial_index_condition_matches_its_migration() -> None:
    path = Path(truce.store.__file__).parent / "migrations" / "versions" / "0002_ledger.py"
    spec = importlib.util.spec_from_file_location("m0002", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module._RECORD_INDEX_WHERE == RECORD_INDEX_WHERE
