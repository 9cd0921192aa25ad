"""Ids by unique prefix (issue 11, item 7): resolved by the service, on both backends."""

from __future__ import annotations

import pytest

from tests.factories import wire
from truce.errors import InvalidInput, NotFound
from truce.services import intake
from truce.services.ids import resolve_id
from truce.services.mission import Mission

A = "abcd1234-0000-4000-8000-000000000001"
B = "abcd5678-0000-4000-8000-000000000002"


def test_a_unique_prefix_names_one_id_and_an_ambiguous_one_lists_them(mission: Mission) -> None:
    done = intake.ingest_records(mission=mission, records=[wire(id=A), wire(id=B)])
    assert done.ok
    assert resolve_id(mission=mission, table="observation", text="abcd1", name="id") == A
    assert resolve_id(mission=mission, table="observation", text="ABCD5678", name="id") == B
    full = "abcd9999-0000-4000-8000-000000000009"  # a full id is returned as is
    assert resolve_id(mission=mission, table="observation", text=full, name="id") == full
    with pytest.raises(InvalidInput, match=f"abcd is ambiguous: it starts the ids {A}, {B}"):
        resolve_id(mission=mission, table="observation", text="abcd", name="id")
    for unknown in ("abce", "abcd%", "abcd_", "not-an-id"):  # no LIKE wildcards either
        with pytest.raises(NotFound, match=f"no observation id starts with '{unknown}'"):
            resolve_id(mission=mission, table="observation", text=unknown, name="id")
    with pytest.raises(InvalidInput, match="id: 'abc' is neither a UUID nor 4 or more"):
        resolve_id(mission=mission, table="observation", text="abc", name="id")
